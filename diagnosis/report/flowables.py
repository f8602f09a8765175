"""The report's own reportlab flowables and the record they leave for the deferred canvas.

Para (kinsoku wrapping, list markers, heading anchors), Grid (a table whose group rows stay with
the row after them and whose split rows repeat their first cell), TocLine (a contents entry
numbered at the end), Picture and its missing-photo stand-in, and Layout: where anchors and
contents lines were drawn and every string drawn, filled in while laying out and read by
page_canvas.DeferredCanvas. They live together because an anchor, its paragraph, its contents
line and the layout refer to each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table
from reportlab.platypus.paragraph import ParaLines

from diagnosis.report import markup_tree as m
from diagnosis.report.fonts import ReportFont
from diagnosis.report.linebreak import kinsoku_lines
from diagnosis.report.pdf_style import MARKS, MUTED, RULE

TOC_NUMBER_ROOM = 36.0


class After(Spacer):  # type: ignore[misc]  # reportlab has no types
    """The space after a block (a table, a list, a photo): none at the top of a frame. A gap
    that did not fit under its block at a page's foot opened the next page alone, and the
    next chapter's break then left that page blank (the story breaks a chapter with
    NotAtTopPageBreak, which looks at the frame's top as this does)."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        if frame is not None and frame._atTop:
            return float(self.width), 0.0
        return float(self.width), float(self.height)


@dataclass
class Layout:
    """What the deferred canvas fills in at the end: headings, contents lines, page chrome."""

    plan: m.Plan
    font: ReportFont
    anchors: list[tuple[int, float, Anchor]] = field(default_factory=list)
    toc_lines: list[tuple[int, float, float, TocLine]] = field(default_factory=list)
    cover_pages: set[int] = field(default_factory=set)
    drawn: list[str] = field(default_factory=list)
    pages: int = 0


@dataclass(eq=False)
class Anchor:
    """A heading in the contents and the outline: bookmark key, level (0 for h1), title."""

    key: str
    level: int
    title: str
    layout: Layout


class Para(Paragraph):  # type: ignore[misc]
    """A paragraph with kinsoku line breaking, an optional list marker and an optional anchor."""

    mark: str | None = None
    anchor: Anchor | None = None
    # A table's first cell: makes what is printed above the rest of its row on the next page.
    continuation: Callable[[], Para] | None = None

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        widths = maxWidths if isinstance(maxWidths, list | tuple) else [maxWidths]
        self.height = 0
        if getattr(self, "_splitpara", 0) and hasattr(self, "blPara"):
            # The first part of a split keeps its lines; Paragraph.split labels them kind 1 even
            # when they are simple (extra space, words) pairs, which must be relabelled.
            lines = self.blPara.lines
            if lines and isinstance(lines[0], tuple):
                return self.frags[0].clone(kind=0, lines=lines)
            return self.blPara
        if not self.frags:
            size = self.style.fontSize
            return ParaLines(kind=0, fontSize=size, lines=[], ascent=size, descent=-0.2 * size)
        # Tables and keep-together groups wrap a paragraph several times at the same width.
        key = tuple(widths)
        cached = self.__dict__.get("_kinsoku")
        if cached is not None and cached[0] == key:
            return cached[1]
        auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        lines = kinsoku_lines(self.frags, widths, auto not in ("", "off"))
        self._kinsoku = (key, lines)
        return lines

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts: list[Any] = super().split(availWidth, availHeight)
        if len(parts) == 2:  # the continuation has no marker and is not the heading's target
            parts[0].mark, parts[0].anchor = self.mark, self.anchor
        return parts

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        super().drawOn(canvas, x, y, _sW)
        if self.anchor is not None:
            self.anchor.layout.anchors.append(
                (canvas.getPageNumber(), y + self.height, self.anchor)
            )

    def draw(self) -> None:
        super().draw()
        if self.mark is not None:
            # reportlab puts the first baseline one font size below the top (paraFontSizeHeight).
            centre = self.height - self.style.fontSize * 0.64
            _draw_mark(self.canv, self.mark, self.style.leftIndent - 9, centre)


def _draw_mark(canv: Any, mark: str, x: float, y: float) -> None:
    """A list marker drawn as shapes: the report font may have no ✓ or ✗ glyph."""
    canv.saveState()
    canv.setFillColor(MARKS[mark])
    canv.setStrokeColor(colors.white)
    canv.setLineWidth(1.1)
    canv.setLineCap(1)  # round caps turn a zero-length line into a dot
    if mark == "":
        canv.circle(x, y, 1.9, stroke=0, fill=1)
    elif mark == "warn":
        path = canv.beginPath()
        path.moveTo(x - 4.4, y - 3.7)
        path.lineTo(x + 4.4, y - 3.7)
        path.lineTo(x, y + 4.3)
        path.close()
        canv.drawPath(path, stroke=0, fill=1)
        canv.lines([(x, y + 1.4, x, y - 0.9), (x, y - 2.5, x, y - 2.5)])
    else:
        canv.circle(x, y, 4.2, stroke=0, fill=1)
        if mark == "ok":
            canv.lines([(x - 2.1, y, x - 0.6, y - 1.6), (x - 0.6, y - 1.6, x + 2.2, y + 1.8)])
        elif mark == "miss":
            canv.lines([(x - 1.7, y - 1.7, x + 1.7, y + 1.7), (x - 1.7, y + 1.7, x + 1.7, y - 1.7)])
        else:  # info: an "i"
            canv.lines([(x, y - 2.1, x, y + 0.5), (x, y + 2.2, x, y + 2.2)])
    canv.restoreState()


class Grid(Table):  # type: ignore[misc]
    """A table whose group rows are kept with the row after them by NOSPLIT commands, and whose
    rows split over a page repeat their first cell (the question) above the rest."""

    def _getFirstPossibleSplitRowPosition(self, availHeight: float, ignoreSpans: int = 0) -> int:
        if not ignoreSpans:
            return int(super()._getFirstPossibleSplitRowPosition(availHeight, ignoreSpans))
        # Splitting inside a row, reportlab takes a NOSPLIT pair's first row as the row to split
        # and, a group row fitting whole, leaves it alone at the page foot above an empty row.
        # Split the row after it instead; if too little of that row fits, reportlab falls back
        # to a split between rows, which honours NOSPLIT and moves the group row on.
        state = self.__dict__  # reportlab's own attribute, untyped
        kept = state["_nosplitCmds"]
        state["_nosplitCmds"] = []
        try:
            return int(super()._getFirstPossibleSplitRowPosition(availHeight, ignoreSpans))
        finally:
            state["_nosplitCmds"] = kept

    def _splitCell(
        self, value: Any, style: Any, oldHeight: float, newHeight: float, width: float
    ) -> Any:
        parts = super()._splitCell(value, style, oldHeight, newHeight, width)
        if parts and not parts[1] and isinstance(value, list | tuple):
            # The cell fitted whole above the split: repeat it, marked as continued, below.
            for flowable in value:
                make = getattr(flowable, "continuation", None)
                if make is not None:
                    return parts[0], (make(),)
        return parts


class TocLine(Flowable):  # type: ignore[misc]
    """A contents entry: reserves its height while laying out, drawn once page numbers are known."""

    def __init__(self, anchor: Anchor, para: Para, indent: float) -> None:
        super().__init__()
        self.anchor, self.para, self.indent = anchor, para, indent

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        _, height = self.para.wrap(availWidth - self.indent - TOC_NUMBER_ROOM, availHeight)
        self.height = height + 3
        return availWidth, self.height

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        self.anchor.layout.toc_lines.append((canvas.getPageNumber(), x, y, self))

    def fill(self, canv: Any, x: float, y: float, page: int) -> str:
        para, style = self.para, self.para.style
        para.drawOn(canv, x + self.indent, y + 3)
        widths = para.getActualLineWidths0()
        baseline = y + 3 + para.height - style.fontSize - (len(widths) - 1) * style.leading
        number = str(page)
        right = x + self.width
        canv.saveState()
        canv.setFont(style.fontName, style.fontSize)
        canv.setFillColor(style.textColor)
        canv.drawRightString(right, baseline, number)
        start = x + self.indent + max(widths, default=0.0) + 6
        end = right - stringWidth(number, style.fontName, style.fontSize) - 6
        if end > start:
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.8)
            canv.setLineCap(1)
            canv.setDash([0, 3])
            canv.line(start, baseline + 1, end, baseline + 1)
        canv.restoreState()
        canv.linkRect("", self.anchor.key, (x, y, right, y + self.height), relative=1)
        return number


class Picture(Flowable):  # type: ignore[misc]
    def __init__(self, path: str, width: float, height: float) -> None:
        super().__init__()
        self.path, self.width, self.height = path, width, height
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.path, 0, 0, self.width, self.height)


class MissingPicture(Picture):
    """The framed text that stands in for a photo whose file cannot be read."""

    def __init__(self, text: str, font: str, width: float, height: float) -> None:
        super().__init__("", width, height)
        self.text, self.font = text, font

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFillColor(colors.HexColor("#F4F6F8"))
        canv.setStrokeColor(RULE)
        canv.setDash([3, 2])
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        canv.setFillColor(MUTED)
        canv.setFont(self.font, 10)
        canv.drawCentredString(self.width / 2, self.height / 2 - 3.5, self.text)
        canv.restoreState()

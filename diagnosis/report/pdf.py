"""Lay out report markup (docs/report-markup.md) as an A4 PDF with reportlab.

Knows the markup and typography only, never diagnoses. One build: the contents, the page totals
and the outline are filled in by a deferred canvas once the last page is known, which costs far
less than reportlab's multiBuild (a second full layout).
"""

from __future__ import annotations

import io
import math
import tempfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image, ImageOps
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.textsplit import ALL_CANNOT_START, CANNOT_END_LINE
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageBreakIfNotEmpty,
    PageTemplate,
    Paragraph,
)
from reportlab.platypus import Spacer as Gap
from reportlab.platypus import Table as Grid
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

from diagnosis.messages import Bilingual
from diagnosis.report import markup as m
from diagnosis.report.charts import bar_chart, radar_chart
from diagnosis.report.fonts import ReportFont, find_cjk_font, missing_characters, register

# reportlab ASCII85-encodes every stream by default, in pure Python without its optional C
# accelerator: a third of the render time, for 25 % larger files. Binary streams are standard PDF.
rl_config.useA85 = 0

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 2 * cm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TEXT_HEIGHT = PAGE_HEIGHT - 2 * MARGIN
HEADING = colors.HexColor("#1F3A5F")
INK = colors.HexColor("#222222")
MUTED = colors.HexColor("#666E76")
RULE = colors.HexColor("#9AA7B5")
HAIRLINE = colors.HexColor("#D5DBE1")
SHADE = colors.HexColor("#E6ECF2")
WARNING = colors.HexColor("#B3261E")
MARKS = {
    "": colors.HexColor("#4A5A6A"),
    "ok": colors.HexColor("#2E7D32"),
    "miss": colors.HexColor("#C62828"),
    "warn": colors.HexColor("#E08E00"),
    "info": colors.HexColor("#1565C0"),
}
# Long side of an embedded photo: about 180 dpi across the whole text width, plenty for print.
PHOTO_MAX_PX = 1200
PHOTO_MAX_HEIGHT = 9 * cm
FINDING_PHOTO_MAX_HEIGHT = 7 * cm
TOC_NUMBER_ROOM = 36.0
MISSING_GLYPHS = Bilingual(
    "所选字体没有以下字符的字形，PDF 中会显示为方框：{chars}。请在设置中选择其他中文字体。",
    "The chosen font has no glyph for these characters, which show as boxes in the PDF: {chars}. "
    "Choose another Chinese font in the settings.",
)
MISSING_PHOTOS = Bilingual(
    "有 {n} 张照片无法读取，报告中以占位框代替。",
    "{n} photo(s) could not be read; the report shows a framed placeholder instead.",
)

PhotoLoader = Callable[[str], Path | None]


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    pages: int
    warnings: list[str]
    text: str  # everything drawn, for the font coverage check


# --- Chinese line breaking -----------------------------------------------------------------------
# reportlab's CJK wrapping knows Japanese kinsoku only (a full-width comma may start a line), lets
# the one character it holds back hang past the margin and ignores opening brackets. These sets
# and _kinsoku_lines replace it: the character before a forbidden break moves down with it.
CANNOT_START = frozenset("，。、；：？！）》」』’”…％,.;:?!)]}〉】〕｝〗·") | frozenset(
    ALL_CANNOT_START
)
CANNOT_END = frozenset("（《「『‘“([{〈【〔｛〖") | frozenset("".join(CANNOT_END_LINE))


def _is_word(char: str) -> bool:
    """Part of a Latin word or number, which should not be cut in the middle."""
    return len(char) == 1 and ord(char) < 0x2E80 and not char.isspace()


def _can_break(before: str, after: str, whole_words: bool) -> bool:
    if after in CANNOT_START or before in CANNOT_END:
        return False
    return not (whole_words and _is_word(before) and _is_word(after))


def _break_before(chars: Sequence[str], start: int, end: int) -> int:
    """Where the next line starts, at or before `end`: kinsoku and whole words, then kinsoku."""
    half = start + (end - start) // 2
    for b in range(end, half, -1):
        if _can_break(chars[b - 1], chars[b], True):
            return b
    for b in range(end, start, -1):
        if _can_break(chars[b - 1], chars[b], False):
            return b
    return end


def _char_widths(text: str, font_name: str, size: float) -> list[float]:
    """Advance width of each character. Reading a TrueType face's table directly is several times
    faster than a stringWidth call per character, which dominated the layout time."""
    face = getattr(getFont(font_name), "face", None)
    table = getattr(face, "charWidths", None)
    if face is None or table is None:
        return [stringWidth(c, font_name, size) for c in text]
    scale, default = size * 0.001, face.defaultWidth
    return [table.get(ord(c), default) * scale for c in text]


def line_ranges(
    text: Sequence[str],
    widths: Sequence[float],
    max_widths: Sequence[float],
    hard: Collection[int] = (),
) -> list[tuple[int, int, float]]:
    """Lines as (start, end, width): as much as fits, then moved back to obey kinsoku. Spaces at
    either end of a line are dropped; `hard` holds the indices of <br/>, each ending a line."""
    lines: list[tuple[int, int, float]] = []
    start = i = 0
    used = 0.0
    while i < len(text):
        limit = max_widths[min(len(lines), len(max_widths) - 1)]
        if i in hard:
            lines.append((start, i + 1, used))
            start = i = i + 1
            used = 0.0
        elif used + widths[i] > limit + rl_config._FUZZ and i > start:
            cut = end = _break_before(text, start, i)
            while end > start + 1 and text[end - 1].isspace():
                end -= 1
            lines.append((start, end, sum(widths[start:end])))
            i = cut
            while i < len(text) and text[i].isspace() and i not in hard:
                i += 1
            start, used = i, 0.0
        else:
            used += widths[i]
            i += 1
    if start < len(text):
        lines.append((start, len(text), used))
    return lines


def _kinsoku_lines(frags: Sequence[Any], max_widths: Sequence[float], bounds: bool) -> Any:
    """reportlab's line structure for `frags`, as its own breakLinesCJK would return it."""

    def limit(k: int) -> float:
        return max_widths[min(k, len(max_widths) - 1)]

    first = frags[0]
    if len(frags) == 1 and not hasattr(first, "cbDefn") and not hasattr(first, "lineBreak"):
        # The rest of a split simple paragraph holds its text as a list of words.
        text = first.text if hasattr(first, "text") else "".join(getattr(first, "words", []))
        ranges = line_ranges(text, _char_widths(text, first.fontName, first.fontSize), max_widths)
        lines = [(limit(k) - w, [text[s:e]]) for k, (s, e, w) in enumerate(ranges)]
        size = first.fontSize
        return first.clone(kind=0, lines=lines, ascent=size, descent=-0.2 * size)
    chars: list[Any] = []
    widths: list[float] = []
    hard: set[int] = set()
    for frag in frags:
        if not frag.text:  # a <br/> or an inline object: one zero-width element
            if hasattr(frag, "lineBreak"):
                hard.add(len(chars))
            chars.append(cjkU("", frag, "utf8"))
            widths.append(chars[-1].width)
            continue
        frag_widths = _char_widths(frag.text, frag.fontName, frag.fontSize)
        for char, width in zip(frag.text, frag_widths, strict=True):
            # cjkU's constructor measures each character again; set its two fields directly.
            u = str.__new__(cjkU, char)
            u._frag, u._width = frag, width
            chars.append(u)
        widths.extend(frag_widths)
    return ParaLines(
        kind=1,
        lines=[
            makeCJKParaLine(chars[s:e], limit(k), w, limit(k) - w, e - 1 in hard, bounds)
            for k, (s, e, w) in enumerate(line_ranges(chars, widths, max_widths, hard))
        ],
    )


# --- Flowables ---------------------------------------------------------------------------------
@dataclass
class _Layout:
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
    layout: _Layout


class Para(Paragraph):  # type: ignore[misc]
    """A paragraph with kinsoku line breaking, an optional list marker and an optional anchor."""

    mark: str | None = None
    anchor: Anchor | None = None

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
        lines = _kinsoku_lines(self.frags, widths, auto not in ("", "off"))
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


# --- Photos --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Image:
    path: str
    width: int
    height: int


class _Photos:
    """Photos by reference, each read and downscaled once per render."""

    def __init__(self, loader: PhotoLoader, folder: Path) -> None:
        self._loader, self._folder = loader, folder
        self._cache: dict[str, _Image | None] = {}

    @property
    def missing(self) -> int:
        return sum(image is None for image in self._cache.values())

    def get(self, ref: str) -> _Image | None:
        if ref not in self._cache:
            self._cache[ref] = self._load(ref)
        return self._cache[ref]

    def _load(self, ref: str) -> _Image | None:
        path = self._loader(ref)
        if path is None:
            return None
        try:
            with Image.open(path) as image:
                width, height = image.size
                upright = image.getexif().get(0x0112, 1) == 1
                if (
                    image.format == "JPEG"
                    and image.mode in ("RGB", "L")
                    and max(width, height) <= PHOTO_MAX_PX
                    and upright
                    and path.suffix.lower() in (".jpg", ".jpeg")
                ):
                    return _Image(str(path), width, height)  # reportlab copies a JPEG unchanged
                if image.format == "JPEG":
                    # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: far faster than a full decode.
                    scale = 1000 / max(width, height)
                    image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
                # exif_transpose copies even an upright image; skip it for those.
                picture = image if upright else ImageOps.exif_transpose(image)
                if picture.mode not in ("RGB", "L"):
                    flat = Image.new("RGB", picture.size, "white")
                    rgba = picture.convert("RGBA")
                    flat.paste(rgba, mask=rgba.getchannel("A"))
                    picture = flat
                picture.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX), Image.Resampling.BICUBIC)
                out = self._folder / f"{len(self._cache)}.jpg"
                picture.save(out, "JPEG", quality=85)
                return _Image(str(out), *picture.size)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            return None


# --- Page chrome and deferred drawing ------------------------------------------------------------
def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…" if text else ""


class _DeferredCanvas(Canvas):  # type: ignore[misc]
    """Keeps every page open until the end (the classic NumberedCanvas), then adds what needs the
    page total or later pages: "page X of Y", contents page numbers, bookmarks and the outline."""

    _annotationCount: int  # reportlab's, numbers link annotations across the document

    def __init__(self, *args: Any, layout: _Layout, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._layout = layout
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        layout = self._layout
        layout.pages = total = len(self._pages)
        targets = {anchor.key: page for page, _, anchor in layout.anchors}
        outline_depth = 0  # an h2 before any h1 goes to the top level of the outline
        annotations = self._annotationCount
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            # Annotation names are numbered per document: a page's snapshot must not rewind the
            # count, or the links of a second contents page would reuse the first page's names.
            self._annotationCount = annotations
            if number not in layout.cover_pages:
                self._chrome(number, total)
            for page, top, anchor in layout.anchors:
                if page == number:
                    level = min(anchor.level, outline_depth)
                    self.bookmarkHorizontalAbsolute(anchor.key, top + 6)
                    self.addOutlineEntry(anchor.title, anchor.key, level, closed=False)
                    outline_depth = level + 1
            for page, x, y, line in layout.toc_lines:
                if page == number:
                    layout.drawn.append(line.fill(self, x, y, targets.get(line.anchor.key, 0)))
            annotations = self._annotationCount
            Canvas.showPage(self)
        self.showOutline()
        Canvas.save(self)

    def _chrome(self, number: int, total: int) -> None:
        plan, font, size = self._layout.plan, self._layout.font.regular, 8.5
        self.saveState()
        self.setFont(font, size)
        self.setFillColor(MUTED)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        left, right = MARGIN, PAGE_WIDTH - MARGIN
        texts = []
        if plan.header_left or plan.header_right:
            y = PAGE_HEIGHT - MARGIN + 0.55 * cm
            header_right = _fit(plan.header_right, font, size, TEXT_WIDTH / 2)
            room = TEXT_WIDTH - stringWidth(header_right, font, size) - 12
            texts += [_fit(plan.header_left, font, size, room), header_right]
            self.drawString(left, y, texts[-2])
            self.drawRightString(right, y, header_right)
            self.line(left, y - 0.2 * cm, right, y - 0.2 * cm)
        y = MARGIN - 0.9 * cm
        page = plan.page_format.format(page=number, pages=total)
        room = TEXT_WIDTH - stringWidth(page, font, size) - 12
        texts += [_fit(plan.footer_left, font, size, room), page]
        self.line(left, y + 0.45 * cm, right, y + 0.45 * cm)
        self.drawString(left, y, texts[-2])
        self.drawRightString(right, y, page)
        self.restoreState()
        self._layout.drawn.extend(texts)


# --- Styles and the markup walk ----------------------------------------------------------------
class _Styles:
    """Sober A4 typography: 10.5 pt body (1.5 leading in Chinese), blue headings, 9 pt tables."""

    def __init__(self, font: ReportFont, lang: str) -> None:
        zh = lang == "zh"
        self.body = ParagraphStyle(
            "body",
            fontName=font.regular,
            fontSize=10.5,
            leading=15.75 if zh else 14.5,
            textColor=INK,
            wordWrap="CJK" if zh else None,
            spaceAfter=5,
        )

        def style(name: str, **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(name, parent=self.body, **kw)

        bold = {"fontName": font.bold, "textColor": HEADING}
        self.lead = style("lead", fontSize=12, leading=18 if zh else 16.5, spaceAfter=8)
        self.note = style("note", fontSize=9, leading=13.5 if zh else 12, textColor=MUTED)
        self.warning = style(
            "warning",
            textColor=WARNING,
            borderColor=WARNING,
            borderWidth=0.8,
            borderPadding=(5, 7, 5, 7),
            backColor=colors.HexColor("#FDF0EF"),
            leftIndent=7,
            rightIndent=7,
            spaceBefore=8,
            spaceAfter=12,
        )
        self.h1 = style("h1", fontSize=17, leading=24, spaceAfter=10, keepWithNext=1, **bold)
        self.h2 = style(
            "h2", fontSize=13.5, leading=19, spaceBefore=12, spaceAfter=6, keepWithNext=1, **bold
        )
        self.h3 = style(
            "h3", fontSize=11.5, leading=16, spaceBefore=8, spaceAfter=4, keepWithNext=1, **bold
        )
        self.title = style(
            "title", fontSize=24, leading=34, alignment=TA_CENTER, spaceAfter=14, **bold
        )
        self.subtitle = style(
            "subtitle", fontSize=15, leading=22, alignment=TA_CENTER, textColor=MUTED, spaceAfter=10
        )
        self.item = style("item", leftIndent=16, spaceAfter=2)
        self.caption = style(
            "caption", fontSize=8.5, leading=12, alignment=TA_CENTER, textColor=MUTED, spaceAfter=4
        )
        self.toc1 = style("toc1", spaceAfter=0)
        self.toc2 = style("toc2", fontSize=10, textColor=colors.HexColor("#3A4550"), spaceAfter=0)
        self.figure = style("figure", fontSize=18, leading=24, alignment=TA_CENTER, **bold)
        self.figure_label = style(
            "figure_label", fontSize=8.5, leading=11.5, alignment=TA_CENTER, textColor=MUTED
        )
        self._cell = style("cell", fontSize=9, leading=13 if zh else 11.5, spaceAfter=0)
        self._bold = font.bold
        self._cells: dict[tuple[str, str], ParagraphStyle] = {}

    def cell(self, align: str, kind: str) -> ParagraphStyle:
        """A table cell: kind is td, th (header) or total."""
        key = (align, kind)
        if key not in self._cells:
            alignment = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}[align]
            extra = {} if kind == "td" else {"fontName": self._bold}
            if kind == "th":
                extra["textColor"] = HEADING
            self._cells[key] = ParagraphStyle(
                f"cell-{align}-{kind}", parent=self._cell, alignment=alignment, **extra
            )
        return self._cells[key]


def _markup(inline: m.Inline) -> str:
    """Inline text as reportlab paragraph markup."""
    out = []
    for part in inline:
        if isinstance(part, m.Break):
            out.append("<br/>")
        else:
            out.append(f"<b>{escape(part.text)}</b>" if part.bold else escape(part.text))
    return "".join(out)


def _tall(texts: Sequence[str], width: float, leading: float) -> bool:
    """Whether a table row may be taller than half a page, so that it must be allowed to split;
    counted as if every character were a full em wide, an upper bound."""
    size = leading / 1.4
    lines = sum(len(t) * size / max(width, size) + t.count("\n") + 1 for t in texts)
    return bool(lines * leading > TEXT_HEIGHT / 2)


class _Builder:
    """Walks the markup tree into reportlab flowables, collecting every drawn string."""

    def __init__(self, styles: _Styles, photos: _Photos, layout: _Layout) -> None:
        self.s, self.photos, self.layout = styles, photos, layout
        self.font = layout.font
        self.anchors: list[Anchor] = []

    def story(self, blocks: Sequence[m.Block]) -> list[Any]:
        story = self.blocks(blocks)
        # The contents needs every h1/h2, known only after the walk: fill in its reserved slot.
        for i, flowable in enumerate(story):
            if flowable is _TOC_SLOT:
                story[i : i + 1] = [self._toc_line(a) for a in self.anchors]
        return story

    def para(self, inline: m.Inline, style: ParagraphStyle, mark: str | None = None) -> Para:
        self.layout.drawn.append(m.plain(inline))
        para = Para(_markup(inline), style)
        para.mark = mark
        return para

    def text(self, text: str, style: ParagraphStyle) -> Para:
        return self.para((m.Run(text),), style)

    def grid(self, data: list[list[Any]], style: list[tuple[Any, ...]], **kw: Any) -> Any:
        # Empty cells are drawn as strings too, in Helvetica unless told: an unembedded font.
        fonts = [("FONTNAME", (0, 0), (-1, -1), self.font.regular)]
        return Grid(data, style=fonts + style, hAlign="LEFT", **kw)

    def blocks(self, blocks: Sequence[m.Block]) -> list[Any]:
        return [flowable for block in blocks for flowable in self.block(block)]

    def block(self, block: m.Block) -> list[Any]:
        s = self.s
        match block:
            case m.Cover():
                return self._cover(block)
            case m.Toc():
                title = [self.text(block.title, s.h1)] if block.title else []
                return [PageBreakIfNotEmpty(), *title, _TOC_SLOT, PageBreak()]
            case m.Heading():
                return self._heading(block)
            case m.Para():
                style = {"": s.body, "lead": s.lead, "note": s.note, "warning": s.warning}
                return [self.para(block.text, style[block.cls])]
            case m.BulletList():
                items = [self.para(item.text, s.item, item.mark) for item in block.items]
                return [*items, Gap(1, 4)]
            case m.Table():
                return [self._table(block), Gap(1, 8)]
            case m.Figures():
                return [self._figures(block), Gap(1, 8)]
            case m.Chart():
                return [self._chart(block), Gap(1, 8)]
            case m.Finding():
                return self._finding(block)
            case m.Photo():
                return self._photo(block, TEXT_WIDTH, PHOTO_MAX_HEIGHT, keep=True)
            case m.Signoff():
                return [KeepTogether([self._signoff(block)])]
            case m.Keep():
                return [KeepTogether(self.blocks(block.blocks))]
            case m.Spacer():
                return [Gap(1, block.height)]
            case m.PageBreak():
                return [PageBreak()]
        raise AssertionError(block)

    def _cover(self, cover: m.Cover) -> list[Any]:
        out: list[Any] = [Gap(1, 5 * cm)]
        for item in cover.blocks:
            if isinstance(item, m.CoverLine):
                out.append(
                    self.para(item.text, self.s.title if item.kind == "title" else self.s.subtitle)
                )
            else:
                out.extend(self.block(item))
        return [*out, NextPageTemplate("body"), PageBreak()]

    def _heading(self, heading: m.Heading) -> list[Any]:
        style = {1: self.s.h1, 2: self.s.h2, 3: self.s.h3}[heading.level]
        para = self.para(heading.text, style)
        if heading.level == 3:
            return [para]
        title = " ".join(m.plain(heading.text).split())
        para.anchor = Anchor(f"h{len(self.anchors)}", heading.level - 1, title, self.layout)
        self.anchors.append(para.anchor)
        return [PageBreakIfNotEmpty(), para] if heading.level == 1 else [para]

    def _toc_line(self, anchor: Anchor) -> TocLine:
        style = self.s.toc1 if anchor.level == 0 else self.s.toc2
        return TocLine(anchor, self.text(anchor.title, style), 0 if anchor.level == 0 else 18)

    def _table(self, table: m.Table) -> Any:
        widths = [TEXT_WIDTH * w / sum(table.widths) for w in table.widths]
        last, head = len(table.rows) - 1, table.header
        data, tall = [], False
        for r, row in enumerate(table.rows):
            kind = "th" if r < head else "total" if table.total and r == last else "td"
            cells = []
            for c, cell in enumerate(row):
                cell_kind = "th" if cell.header and kind == "td" else kind
                cells.append(self.para(cell.text, self.s.cell(table.align[c], cell_kind)))
            data.append(cells)
            tall = tall or any(
                _tall([m.plain(x.text)], w - 8, 13) for x, w in zip(row, widths, strict=True)
            )
        cmds: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        if table.style in ("grid", "keyvalue"):
            cmds.append(("GRID", (0, 0), (-1, -1), 0.5, RULE))
        if table.style == "grid" and head:
            cmds.append(("BACKGROUND", (0, 0), (-1, head - 1), SHADE))
        if table.style == "keyvalue":
            cmds.append(("BACKGROUND", (0, 0), (0, -1), SHADE))
        if table.style == "plain":
            if head:
                cmds.append(("LINEBELOW", (0, head - 1), (-1, head - 1), 0.9, HEADING))
            if head <= last:
                cmds.append(("LINEBELOW", (0, head), (-1, -1), 0.25, HAIRLINE))
        if table.total:
            cmds.append(("LINEABOVE", (0, -1), (-1, -1), 1.0, HEADING))
        return self.grid(
            data,
            colWidths=widths,
            repeatRows=head,
            style=cmds,
            # A row that may not fit on a page is split inside, at the page end, rather than first
            # moved below a repeated header on the same page; short rows (under 36 pt) never are.
            splitByRow=int(not tall),
            splitInRow=36 if tall else 0,
        )

    def _figures(self, figures: m.Figures) -> Any:
        per_row, gap = min(4, len(figures.items)), 8.0
        box = (TEXT_WIDTH - gap * (per_row - 1)) / per_row
        widths = [box if i % 2 == 0 else gap for i in range(2 * per_row - 1)]
        data: list[list[Any]] = []
        cmds: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        heights: list[float | None] = []
        for start in range(0, len(figures.items), per_row):
            if data:
                data.append([""] * len(widths))
                heights.append(gap)
            row: list[Any] = [""] * len(widths)
            r = len(data)
            for i, fig in enumerate(figures.items[start : start + per_row]):
                unit = (
                    f'<font size="9" color="#666E76"> {escape(fig.unit)}</font>' if fig.unit else ""
                )
                value = Para(escape(fig.value) + unit, self.s.figure)
                self.layout.drawn.append(f"{fig.value} {fig.unit}")
                row[2 * i] = [value, self.text(fig.label, self.s.figure_label)]
                cmds += [
                    ("BACKGROUND", (2 * i, r), (2 * i, r), colors.HexColor("#F2F5F8")),
                    ("BOX", (2 * i, r), (2 * i, r), 0.5, RULE),
                    ("LINEABOVE", (2 * i, r), (2 * i, r), 2, HEADING),
                ]
            data.append(row)
            heights.append(None)
        cmds += [("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]
        return self.grid(data, colWidths=widths, rowHeights=heights, style=cmds)

    def _chart(self, chart: m.Chart) -> Any:
        self.layout.drawn.extend([chart.title, chart.unit, *(p.label for p in chart.points)])
        if chart.kind == "radar":
            return radar_chart(
                chart.points,
                title=chart.title,
                max_value=chart.max,
                width=TEXT_WIDTH,
                font=self.font,
            )
        title = chart.title
        if chart.unit:
            unit = f"（{chart.unit}）" if self.layout.plan.lang == "zh" else f" ({chart.unit})"
            title = f"{title}{unit}" if title else unit.strip()
        return bar_chart(chart.points, title=title, width=TEXT_WIDTH, font=self.font)

    def _finding(self, finding: m.Finding) -> list[Any]:
        text = self.blocks(finding.text)
        if not finding.photos:
            return [*text, Gap(1, 4)]
        column = TEXT_WIDTH * 0.42
        photos = [
            f
            for p in finding.photos
            for f in self._photo(p, column - 8, FINDING_PHOTO_MAX_HEIGHT, keep=False)
        ]
        cmds = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (1, 0), (1, 0), "CENTER"),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 10),
            ("LEFTPADDING", (1, 0), (1, 0), 8),
            ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
        ]
        table = self.grid(
            [[text, photos]],
            colWidths=[TEXT_WIDTH - column, column],
            style=cmds,
            # Split between lines or photos rather than leave half a page empty, but put at least
            # an inch on the first page so a heading is never left alone at the bottom.
            splitInRow=72,
        )
        return [table, Gap(1, 8)]

    def _photo(self, photo: m.Photo, width: float, height: float, keep: bool) -> list[Any]:
        image = self.photos.get(photo.ref)
        body: Picture
        if image is None:
            text = self.layout.plan.missing_photo
            self.layout.drawn.append(text)
            body = MissingPicture(text, self.font.regular, width, min(width * 0.5, 4 * cm))
        else:
            scale = min(width / image.width, height / image.height)
            body = Picture(image.path, image.width * scale, image.height * scale)
        parts = [body, self.text(photo.caption, self.s.caption)] if photo.caption else [body]
        # KeepTogether measures itself as "infinitely tall" inside a table cell, so only outside.
        return [KeepTogether(parts), Gap(1, 6)] if keep else [*parts, Gap(1, 6)]

    def _signoff(self, signoff: m.Signoff) -> Any:
        font, size = self.font.regular, self.s.body.fontSize
        labels = (signoff.sign_label, signoff.date_label)
        label = max(stringWidth(t, font, size) for t in labels) + 16  # with the cell's padding
        rest = TEXT_WIDTH * 0.58 - 2 * label
        widths = [TEXT_WIDTH * 0.2, TEXT_WIDTH * 0.22, label, rest * 0.6, label, rest * 0.4]
        cmds: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("TOPPADDING", (0, 0), (-1, -1), 20),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        data = []
        for r, signer in enumerate(signoff.signers):
            name = self.text(signer.name, self.s.body) if signer.name else ""
            data.append(
                [
                    self.text(signer.role, self.s.body),
                    name,
                    self.text(signoff.sign_label, self.s.body),
                    "",
                    self.text(signoff.date_label, self.s.body),
                    "",
                ]
            )
            for c in (3, 5) if signer.name else (1, 3, 5):
                cmds.append(("LINEBELOW", (c, r), (c, r), 0.6, INK))
        return self.grid(data, colWidths=widths, style=cmds)


_TOC_SLOT = Gap(0, 0)  # where the contents lines go, replaced once all headings are known


def render_pdf(markup: str, *, photos: PhotoLoader, font: ReportFont | None = None) -> RenderResult:
    """Lay out `markup` as a PDF; photos are resolved by reference through `photos`."""
    plan = m.parse_markup(markup)
    font = font or register(find_cjk_font())
    layout = _Layout(plan, font)
    out = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="plan-photos-") as folder:
        store = _Photos(photos, Path(folder))
        story = _Builder(_Styles(font, plan.lang), store, layout).story(plan.blocks)
        doc = BaseDocTemplate(
            out,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=plan.title,
            author=plan.author,
            subject=plan.subject,
            creator="enterprise-diagnosis",
            # Otherwise every page references Helvetica, an unembedded font the plan never uses.
            initialFontName=font.regular,
        )

        def frame() -> Any:
            return Frame(MARGIN, MARGIN, TEXT_WIDTH, TEXT_HEIGHT, 0, 0, 0, 0, id="text")

        templates = [PageTemplate("body", [frame()])]
        if plan.blocks and isinstance(plan.blocks[0], m.Cover):
            cover = PageTemplate(
                "cover",
                [frame()],
                onPage=lambda canv, _doc: layout.cover_pages.add(canv.getPageNumber()),
            )
            templates.insert(0, cover)
        doc.addPageTemplates(templates)
        doc.build(story, canvasmaker=partial(_DeferredCanvas, layout=layout))
        missing = store.missing
    warnings = [font.warning] if font.warning else []
    if missing:
        zh, en = MISSING_PHOTOS
        warnings.append(Bilingual(zh.format(n=missing), en.format(n=missing)))
    lacking = "".join(sorted(missing_characters("".join(layout.drawn), font))[:10])
    if lacking:
        zh, en = MISSING_GLYPHS
        warnings.append(Bilingual(zh.format(chars=lacking), en.format(chars=lacking)))
    lang_warnings = [w.zh if plan.lang == "zh" else w.en for w in warnings]
    return RenderResult(out.getvalue(), layout.pages, lang_warnings, "\n".join(layout.drawn))

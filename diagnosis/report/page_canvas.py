"""The deferred canvas: page chrome, contents page numbers and the outline, drawn at the end.

One build instead of reportlab's multiBuild (a second full layout): every page is kept open until
the last is known, then the header, "page X of Y" footer, bookmarks, outline and the contents
lines recorded in flowables.Layout are drawn onto it. Draws only what the layout recorded.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from diagnosis.report.bold_text import BoldTextObject
from diagnosis.report.flowables import Layout
from diagnosis.report.pdf_style import MARGIN, MUTED, PAGE_HEIGHT, PAGE_WIDTH, RULE, TEXT_WIDTH


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…" if text else ""


class DeferredCanvas(Canvas):  # type: ignore[misc]
    """Keeps every page open until the end (the classic NumberedCanvas), then adds what needs the
    page total or later pages: "page X of Y", contents page numbers, bookmarks and the outline."""

    _annotationCount: int  # reportlab's, numbers link annotations across the document

    def __init__(self, *args: Any, layout: Layout, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._layout = layout
        self._pages: list[dict[str, Any]] = []

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> BoldTextObject:
        # Every string, paragraphs and table cells included, goes through a text object: this is
        # where a synthetic bold font gets its outline.
        return BoldTextObject(self, x, y, direction)

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

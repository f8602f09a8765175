"""The look of the PDF report: A4 page geometry, the colour palette and the paragraph styles.

Every layout module (flowables, canvas, story) takes its measures and colours from here, so the
report's typography is decided in one place. Holds values only; it lays nothing out.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm

from diagnosis.report.fonts import ReportFont

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
GROUP_SHADE = colors.HexColor("#F1F4F8")  # lighter than the header row it sits under
WARNING = colors.HexColor("#B3261E")
MARKS = {
    "": colors.HexColor("#4A5A6A"),
    "ok": colors.HexColor("#2E7D32"),
    "miss": colors.HexColor("#C62828"),
    "warn": colors.HexColor("#E08E00"),
    "info": colors.HexColor("#1565C0"),
}


class Styles:
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
        """A table cell: kind is td, th (header), group (a group-heading row), total, or
        continued (a first cell repeated above the rest of a row split over a page)."""
        key = (align, kind)
        if key not in self._cells:
            alignment = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}[align]
            extra: dict[str, Any] = {}
            if kind in ("th", "group", "total"):
                extra["fontName"] = self._bold
            if kind in ("th", "group"):
                extra["textColor"] = HEADING
            if kind == "continued":
                extra["textColor"] = MUTED
            self._cells[key] = ParagraphStyle(
                f"cell-{align}-{kind}", parent=self._cell, alignment=alignment, **extra
            )
        return self._cells[key]

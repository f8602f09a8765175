"""Synthetic bold: text in a font registered as fonts.SYNTHETIC_BOLD is filled and outlined.

reportlab's Paragraph has no text render mode, and the usual Chinese font (WenQuanYi Zen Hei) has
no bold face, so `<b>`, headings and table headers would print regular. The canvas hands out this
text object instead of reportlab's: whenever the font is set to a synthetic bold name it switches
to render mode 2 (fill, then stroke) with a thin outline in the fill colour, and back when the
font changes or the text object ends, so no later drawing inherits the outline.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.textobject import PDFTextObject

from diagnosis.report.fonts import SYNTHETIC_BOLD

# Outline width as a share of the font size: about the stem thickening of a real bold weight
# without closing the counters of dense characters such as 隐 or 漏 at 9 pt.
STROKE_PER_SIZE = 0.032
FILL_THEN_STROKE = 2


class BoldTextObject(PDFTextObject):  # type: ignore[misc]
    """reportlab's text object, drawing synthetic bold fonts filled and outlined."""

    def __init__(self, canvas: Any, x: float = 0, y: float = 0, direction: Any = None) -> None:
        self._stroke: float | None = None  # the outline width while bold, None while regular
        super().__init__(canvas, x, y, direction)
        self._sync()  # the canvas's current font may already be a bold one

    def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:
        super().setFont(psfontname, size, leading)
        self._sync()

    def _setFont(self, psfontname: str, size: float) -> None:
        super()._setFont(psfontname, size)
        self._sync()

    def setFillColor(self, aColor: Any, alpha: Any = None) -> None:
        super().setFillColor(aColor, alpha)
        if self._stroke is not None:
            super().setStrokeColor(aColor)

    def getCode(self) -> str:
        if self._stroke is not None:
            self._regular()
        code: str = super().getCode()
        return code

    def _sync(self) -> None:
        if self._fontname not in SYNTHETIC_BOLD:
            if self._stroke is not None:
                self._regular()
            return
        stroke = round(self._fontsize * STROKE_PER_SIZE, 3)
        if self._stroke is None:
            fill = getattr(self, "_fillColorObj", None) or self._canvas._fillColorObj
            self._code.append(f"{FILL_THEN_STROKE} Tr")
            super().setStrokeColor(fill)
        if stroke != self._stroke:
            self._code.append(f"{fp_str(stroke)} w")
        self._stroke = stroke

    def _regular(self) -> None:
        """Back to plain fill, with the canvas's own outline width and colour restored."""
        canvas = self._canvas
        self._code.append(f"0 Tr {fp_str(canvas._lineWidth)} w")
        super().setStrokeColor(canvas._strokeColorObj)
        self._stroke = None

"""Radar and bar charts of the plan as reportlab Drawings, sized to the text width.

Drawn with plain shapes and the report's CJK font so that labels never fall back to a font without
Chinese glyphs. Knows numbers and labels only; the wording comes from the markup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from diagnosis.report.fonts import ReportFont
from diagnosis.report.markup import Point

ACCENT = colors.HexColor("#1F4E79")
FILL = colors.Color(0.12, 0.31, 0.47, alpha=0.22)
GRID = colors.HexColor("#B8C2CC")
MUTED = colors.HexColor("#5F6B76")
TITLE_SIZE = 10.5
LABEL_SIZE = 8.5


def format_value(value: float) -> str:
    """A number as printed on a chart: thousands separated, no trailing zeros."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def wrap_label(text: str, font: str, size: float, width: float, max_lines: int = 2) -> list[str]:
    """Break a label into lines no wider than `width`: at spaces for words, anywhere for CJK."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        candidate = (line + token) if line else token.lstrip()
        if line and stringWidth(candidate, font, size) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line = candidate
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last + "…"]
    return lines


def _tokens(text: str) -> list[str]:
    """Words with their leading space, and every CJK character on its own."""
    tokens: list[str] = []
    for char in text:
        if ord(char) >= 0x2E80 or not tokens or char == " " or ord(tokens[-1][-1]) >= 0x2E80:
            tokens.append(char)
        else:
            tokens[-1] += char
    return tokens


def _label(
    x: float, y: float, text: str, font: str, size: float = LABEL_SIZE, **kw: object
) -> String:
    return String(x, y, text, fontName=font, fontSize=size, **kw)


def _title_lines(text: str, font: ReportFont, width: float) -> list[str]:
    return wrap_label(text, font.bold, TITLE_SIZE, width) if text else []


def _title_height(lines: list[str]) -> float:
    return TITLE_SIZE * 1.3 * len(lines) + 8 if lines else 0.0


def _draw_title(drawing: Drawing, lines: list[str], font: ReportFont) -> None:
    for i, line in enumerate(lines):
        y = drawing.height - TITLE_SIZE - i * TITLE_SIZE * 1.3
        drawing.add(
            _label(
                drawing.width / 2,
                y,
                line,
                font.bold,
                TITLE_SIZE,
                textAnchor="middle",
                fillColor=ACCENT,
            )
        )


def radar_chart(
    points: Sequence[Point], *, title: str, max_value: float, width: float, font: ReportFont
) -> Drawing:
    """Axes labelled with their values, rings from 0 to `max_value`; missing values hollow at 0."""
    height = min(width * 0.62, 300.0)
    drawing = Drawing(width, height, initialFontName=font.regular)
    lines = _title_lines(title, font, width)
    _draw_title(drawing, lines, font)
    top = height - _title_height(lines)
    label_width = min(width * 0.22, 110.0)
    radius = min(top / 2 - 2.6 * LABEL_SIZE, width / 2 - label_width - 8)
    cx, cy = width / 2, top / 2
    n = len(points)
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]

    def at(fraction: float, angle: float) -> tuple[float, float]:
        return cx + radius * fraction * math.cos(angle), cy + radius * fraction * math.sin(angle)

    for ring in range(1, 6):
        fraction = ring / 5
        corners = [coord for angle in angles for coord in at(fraction, angle)]
        drawing.add(Polygon(corners, strokeColor=GRID, strokeWidth=0.5, fillColor=None))
        x, y = at(fraction, angles[0])
        ring_label = format_value(max_value * fraction)
        drawing.add(
            _label(x + 3, y - 3, ring_label, font.regular, LABEL_SIZE - 1.5, fillColor=MUTED)
        )
    for point, angle in zip(points, angles, strict=True):
        x, y = at(1, angle)
        drawing.add(Line(cx, cy, x, y, strokeColor=GRID, strokeWidth=0.5))
        _axis_label(drawing, point, angle, at(1.06, angle), label_width, font)
    fractions = [(p.value or 0.0) / max_value for p in points]
    shape = [c for f, angle in zip(fractions, angles, strict=True) for c in at(f, angle)]
    drawing.add(Polygon(shape, fillColor=FILL, strokeColor=ACCENT, strokeWidth=1.2))
    for point, f, angle in zip(points, fractions, angles, strict=True):
        x, y = at(f, angle)
        missing = point.value is None
        drawing.add(
            Circle(
                x,
                y,
                2.6,
                fillColor=colors.white if missing else ACCENT,
                strokeColor=ACCENT,
                strokeWidth=0.9,
            )
        )
    return drawing


def _axis_label(
    drawing: Drawing,
    point: Point,
    angle: float,
    anchor: tuple[float, float],
    width: float,
    font: ReportFont,
) -> None:
    text = point.label if point.value is None else f"{point.label} {format_value(point.value)}"
    lines = wrap_label(text, font.regular, LABEL_SIZE, width)
    cos, sin = math.cos(angle), math.sin(angle)
    align = "start" if cos > 0.25 else "end" if cos < -0.25 else "middle"
    x, y = anchor
    leading = LABEL_SIZE * 1.2
    block = leading * len(lines)
    # Above the chart the block grows upwards, below it hangs down, at the sides it is centred.
    if sin > 0.5:
        first = y + block - LABEL_SIZE
    elif sin < -0.5:
        first = y - LABEL_SIZE
    else:
        first = y + block / 2 - LABEL_SIZE
    for i, line in enumerate(lines):
        drawing.add(_label(x, first - i * leading, line, font.regular, textAnchor=align))


def bar_chart(points: Sequence[Point], *, title: str, width: float, font: ReportFont) -> Drawing:
    """Horizontal bars with their values printed at the ends; a missing value is a dash at 0."""
    pitch, bar = 20.0, 12.0
    label_width = min(
        max(stringWidth(p.label, font.regular, LABEL_SIZE) for p in points) + 6, width * 0.32
    )
    values = [p.value for p in points if p.value is not None]
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0
    value_room = (
        max([stringWidth(format_value(v), font.regular, LABEL_SIZE) for v in values] or [0.0]) + 6
    )
    plot_left = label_width + 4
    plot_width = width - plot_left - value_room - (value_room if low < 0 else 0)
    if low < 0:
        plot_left += value_room
    rows_height = pitch * len(points)
    lines = _title_lines(title, font, width)
    drawing = Drawing(width, rows_height + _title_height(lines) + 4, initialFontName=font.regular)
    _draw_title(drawing, lines, font)
    zero = plot_left + plot_width * (-low / span)
    for i, point in enumerate(points):
        y = rows_height - (i + 1) * pitch + (pitch - bar) / 2
        label = wrap_label(point.label, font.regular, LABEL_SIZE, label_width - 4, max_lines=1)
        drawing.add(_label(label_width, y + 3, "".join(label), font.regular, textAnchor="end"))
        if point.value is None:
            drawing.add(_label(zero + 4, y + 3, "–", font.regular, fillColor=MUTED))
            continue
        end = plot_left + plot_width * ((point.value - low) / span)
        left, right = sorted((zero, end))
        drawing.add(Rect(left, y, max(right - left, 0.5), bar, fillColor=ACCENT, strokeColor=None))
        text_x, anchor = (right + 3, "start") if point.value >= 0 else (left - 3, "end")
        value = format_value(point.value)
        drawing.add(_label(text_x, y + 3, value, font.regular, textAnchor=anchor, fillColor=MUTED))
    drawing.add(Line(zero, 0, zero, rows_height, strokeColor=GRID, strokeWidth=0.6))
    return drawing

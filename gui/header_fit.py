"""Column widths taken from the header text, so no header is clipped at 1280x720 in either
language: a section is widened to what its header needs, or, where the column must stay narrow,
kept narrow with its header elided ("Measures…") and the full text in the header's tooltip.

Only widths: which columns exist and what they say is each model's business.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle

# Room for the sort arrow beside a header's text (Qt reserves it on every section of a sortable
# header; a section narrower than its hint would clip the text rather than elide it).
_ARROW = 18


def needed_width(header: QHeaderView, section: int) -> int:
    """Pixels the section's header text needs, with the style's margins and the sort arrow."""
    model = header.model()
    text = str(model.headerData(section, header.orientation()) or "") if model else ""
    metrics = QFontMetrics(header.font())
    widest = max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    arrow = _ARROW if header.isSortIndicatorShown() else 0
    return widest + 2 * margin + arrow + 4


def fit_headers(header: QHeaderView, narrow: Mapping[int, int] | None = None) -> None:
    """Widen every section whose header would be cut to what it needs; a section in ``narrow``
    (logical index: most pixels it may take) stays at most that wide and elides its header, whose
    model gives the full text as the tooltip. Never narrows a section the user widened."""
    # Qt's headers clip by default ("bove scal"); elided, a narrow one still reads as a word.
    header.setTextElideMode(Qt.TextElideMode.ElideRight)
    caps = narrow or {}
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        mode = header.sectionResizeMode(section)
        if mode != QHeaderView.ResizeMode.Interactive and mode != QHeaderView.ResizeMode.Fixed:
            continue  # sized by Qt (to contents, stretched): never cut
        want = needed_width(header, section)
        if section in caps:
            want = min(want, caps[section])
        if header.sectionSize(section) < want:
            header.resizeSection(section, want)


def is_cut(header: QHeaderView, section: int) -> bool:
    """Whether a section shows less than its whole header with nothing to say the rest: too
    narrow for the text, and either not elided or without a tooltip naming the column."""
    if header.sectionSize(section) >= needed_width(header, section):
        return False
    model = header.model()
    tip = model.headerData(section, header.orientation(), Qt.ItemDataRole.ToolTipRole)
    elided = header.textElideMode() != Qt.TextElideMode.ElideNone
    return not (elided and tip)

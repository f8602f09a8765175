"""Column widths taken from the header text, so no header is clipped at 1280x720 in either
language: a section is widened to what its header needs, or, where the column must stay narrow,
kept narrow with its header elided ("Measures…") and the full text in the header's tooltip.

Only widths: which columns exist and what they say is each model's business.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

# Slack beyond Qt's hint: CJK glyphs' side bearings can still shave a pixel off the last one.
_SLACK = 4


def needed_width(header: QHeaderView, section: int) -> int:
    """Pixels the section's header needs, as Qt itself measures it: the widest line of its text,
    the style's margins and, on a sortable header, the sort arrow's room. (Asking the style
    here instead would create Python's QStyle type with its enums: 8 ms of the app's start.)"""
    return max(header.sectionSizeHint(section), 0) + _SLACK


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

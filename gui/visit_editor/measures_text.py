"""What the measures page writes beside its table: the plan's totals in one line, how the
selected measure's figures were computed, and the widths of the figure columns.

Words only, from the domain's assessment; they keep the ``MeasuresPage`` translation context
they had when the page wrote them. Nothing here decides or saves.
"""

from __future__ import annotations

from diagnosis.measures.proposals import MeasureView
from diagnosis.measures.totals import Totals
from diagnosis.messages import Lang
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QTableView

from gui.visit_editor.measures_model import TITLE, MeasuresModel, _num, span

# Called by this name so that pyside6-lupdate finds the words (it does not follow a wrapper).
translate = QCoreApplication.translate


def totals_text(t: Totals) -> str:
    unknown = translate("MeasuresPage", "unknown")
    buckets = ", ".join(f"{unknown if b == 'unknown' else b}: {n}" for b, n in t.by_bucket.items())
    invest = (
        span(t.investment_range, "investment_10k_yuan")
        if t.investment_range is not None
        else _num(t.investment_10k_yuan, 2)
    )
    parts = [
        translate("MeasuresPage", "Accepted: %1").replace("%1", str(t.count)),
        translate("MeasuresPage", "investment %1 (10k yuan)").replace("%1", invest),
        translate("MeasuresPage", "savings %1 yuan/yr").replace("%1", _num(t.money_saved_yuan, 0)),
        translate("MeasuresPage", "%1 tce/yr").replace("%1", _num(t.tce, 2)),
        translate("MeasuresPage", "%1 t CO2/yr").replace("%1", _num(t.co2_t, 1)),
        translate("MeasuresPage", "payback (yr) %1").replace("%1", buckets),
    ]
    if t.without_money:
        parts.append(
            translate("MeasuresPage", "%1 without a money figure").replace(
                "%1", str(t.without_money)
            )
        )
    return " · ".join(parts)


def how_text(v: MeasureView | None, lang: Lang) -> str:
    """The selected measure's computation: the team's figures (if any) first, then the
    proposal's estimate from the answers, or the catalogue's typical range."""
    if v is None:
        return ""
    parts = []
    if v.edited and v.economics is not None:
        parts += [translate("MeasuresPage", "The team's figures:"), v.economics.explain(lang)]
    if v.estimate is not None:
        if parts:
            parts.append(translate("MeasuresPage", "The proposal, from the answers:"))
        parts.append(v.estimate.explain(lang))
    elif not parts and v.payback_basis == "typical" and v.measure is not None:
        years = v.measure.payback_years
        if years is not None:
            parts.append(
                translate(
                    "MeasuresPage", "Typical payback of the catalogue: %1 yr (not estimated)"
                ).replace("%1", span((years.min, years.max), "payback_years"))
            )
    return "\n".join(parts)


def fit_figure_columns(table: QTableView, model: MeasuresModel, width: int | None = None) -> None:
    """On a wide screen the figure columns show their whole header; on a narrow one they
    stay narrow so the title keeps its room."""
    header = table.horizontalHeader()
    figures = [c for c in range(1, model.columnCount()) if c != TITLE]
    # the figures themselves first (ranges such as 1,693–3,387), then the whole header
    metrics, bold = table.fontMetrics(), 12  # room for the cell margins
    content = {
        c: max([60, *(metrics.horizontalAdvance(row[c][0]) + bold for row in model.rows)])
        for c in figures
    }
    full = {c: max(content[c], header.sectionSizeHint(c)) for c in figures}
    # the table's new width (its viewport follows only after the resize event)
    width = table.viewport().width() if width is None else width
    room = width - table.columnWidth(0) - 360
    narrow = dict.fromkeys(figures, 76)
    widths = next((w for w in (full, content) if sum(w.values()) <= room), narrow)
    for col in figures:
        table.setColumnWidth(col, widths[col])

"""One proposal's figures from the visit's answers: the saving (its estimator on what was
recorded), what it is worth (the firm's prices, else labelled typical ones), the investment
range and the payback range; or the inputs still missing, each naming its question.

No figure is guessed: a measure whose inputs are missing has no saving, and says which answers
would give it one. No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from diagnosis.checklists.format import ChecklistError
from diagnosis.checklists.load import load_checklist
from diagnosis.figures.indicators import EnergyUse
from diagnosis.measures.catalogue import Measure
from diagnosis.measures.estimates import Estimate
from diagnosis.measures.estimating.costing import Investment, investment_of, team_warning
from diagnosis.measures.estimating.inputs import Needed
from diagnosis.measures.estimating.prices import (
    ESTIMATE,
    money_saving,
    price_table,
    uses_typical_price,
)
from diagnosis.measures.estimating.savings import (
    Built,
    Context,
    heat_recovery,
    leak,
    motors,
    pv,
    transformers,
    vfd,
)
from diagnosis.measures.estimating.savings_heat import boilers, lights, tower
from diagnosis.measures.estimating.tables import EstimatingTables, estimating_tables
from diagnosis.messages import Bilingual, Lang, Message

if TYPE_CHECKING:
    # A type only: the document checks its measure decisions (diagnosis.measures.decisions),
    # whose proposals estimate here; importing it at run time would close a loop.
    from diagnosis.visits.document import Document

# The catalogue's estimator -> the builder that runs it on the answers, and the question whose
# figures it rests on most (named when they are outside what the estimator can take).
BUILDERS: dict[str, tuple[Callable[[Context], Built], Needed]] = {
    "vfd_saving": (vfd, Needed("energy", "E36", invalid=True)),
    "motor_replacement": (motors, Needed("energy", "E07", invalid=True)),
    "leak_repair": (leak, Needed("energy", "E37", invalid=True)),
    "compressor_heat_recovery": (heat_recovery, Needed("energy", "E08", "kw", invalid=True)),
    "boiler_efficiency": (boilers, Needed("energy", "E10", "efficiency_pct", invalid=True)),
    "lighting": (lights, Needed("energy", "E11", invalid=True)),
    "rooftop_pv": (pv, Needed("energy", "E38", invalid=True)),
    "transformer_replacement": (transformers, Needed("energy", "E09", invalid=True)),
    "tower_ratio_saving": (tower, Needed("water", "W05", invalid=True)),
}


@dataclass(frozen=True)
class ProposalEstimate:
    """A proposal's figures as computed from the answers, each traceable."""

    saving: Estimate | None  # kWh/yr, fuel/yr or m³ of water/yr; None while inputs are missing
    energy: tuple[EnergyUse, ...]
    water_m3: float | None
    money: Estimate | None  # yuan/yr
    investment: Investment | None
    needed: tuple[Needed, ...]

    @property
    def money_yuan(self) -> float | None:
        return None if self.money is None else self.money.value

    @property
    def typical_price(self) -> bool:
        """The money figure rests on at least one typical (not the firm's own) price."""
        return uses_typical_price(self.money)

    def payback_range(self) -> tuple[float, float] | None:
        if self.investment is None:
            return None
        return self.investment.payback_range(self.money_yuan)

    def warnings(
        self, investment: float | None, money: float | None, factor: float
    ) -> tuple[Message, ...]:
        """The team's investment (万元) or money saving (yuan/yr) far outside what this
        proposal computed; nothing for a figure the team did not enter."""
        checks: list[tuple[str, float | None, float, float]] = []
        if self.investment is not None:
            i = self.investment
            checks.append(("investment_10k_yuan", investment, i.low_10k_yuan, i.high_10k_yuan))
        if self.money_yuan is not None and self.money_yuan > 0:
            checks.append(("money_saved_yuan", money, self.money_yuan, self.money_yuan))
        found = (
            team_warning(name, value, low, high, factor)
            for name, value, low, high in checks
            if value is not None
        )
        return tuple(w for w in found if w is not None)

    def missing(self, lang: Lang = "zh") -> str:
        """ "缺少 E33 年运行小时；缺少 E36 …" ('' when nothing is missing)."""
        return ("；" if lang == "zh" else "; ").join(n.text(lang) for n in self.needed)

    def explain(self, lang: Lang = "zh") -> str:
        """How each figure was computed: the saving with its inputs and sources, the money with
        its prices, the investment with its unit cost, the payback range, what is missing."""
        zh = lang == "zh"
        lines: list[str] = []
        if self.saving is not None:
            lines.append(self.saving.explain(lang))
        if self.money is not None:
            lines.append(self.money.explain(lang))
        if self.investment is not None:
            lines.append(self.investment.explain(lang))
        years = self.payback_range()
        if years is not None:
            low, high = (f"{y:.1f}" for y in years)
            tag = f"（{ESTIMATE.zh}）" if zh else f" ({ESTIMATE.en})"
            lines.append(
                f"静态回收期 = 投资 ÷ 年节约金额 = {low}–{high} 年{tag}"
                if zh
                else f"simple payback = investment ÷ money saved = {low}-{high} yr{tag}"
            )
        if self.needed:
            head = "待测算" if zh else "To be estimated"
            lines.append(f"{head}：{self.missing(lang)}" if zh else f"{head}: {self.missing(lang)}")
        return "\n".join(lines)


def _row_text(versions: dict[str, str]) -> Callable[[str, str, str], Bilingual]:
    def text(area: str, item: str, row_id: str) -> Bilingual:
        return _row_words(area, versions.get(area), item, row_id)

    return text


@lru_cache(maxsize=4096)  # bounded: row ids come from the answers
def _row_words(area: str, version: str | None, item: str, row_id: str) -> Bilingual:
    """The words of a table row of a checklist (read once: a checklist file is read once), or
    the row id where the checklist, its item or the row is not there."""
    try:
        rows = load_checklist(area, version).item(item).rows
    except (ChecklistError, KeyError):
        return Bilingual(row_id, row_id)
    return next((r.text for r in rows if r.id == row_id), Bilingual(row_id, row_id))


# Estimates read the energy and water answers alone (they are given nothing else). The visit
# editor answers one question at a time and keeps the other areas' answer mappings as they were,
# so after an answer elsewhere (most of a visit's 130 questions) the last estimates stand: kept
# by the identity of those two mappings, which a Document never changes.
_RECENT: dict[tuple[object, ...], tuple[object, object, ProposalEstimate | None]] = {}
_RECENT_MAX = 512


def estimate_proposal(measure: Measure, doc: Document) -> ProposalEstimate | None:
    """The figures of ``measure`` for this visit; None for a measure with neither an estimator
    that runs on answers nor a unit cost."""
    found = BUILDERS.get(measure.estimator or "")
    if found is None and measure.unit_cost is None:
        return None
    energy, water = doc.answers.get("energy", {}), doc.answers.get("water", {})
    tables = estimating_tables()
    key = (
        id(measure),
        id(energy),
        id(water),
        doc.year,
        tuple(sorted(doc.visit.checklists.items())),
        id(tables),
        id(price_table()),
    )
    kept = _RECENT.get(key)
    if kept is not None and kept[0] is energy and kept[1] is water:
        return kept[2]
    estimate = _estimate(measure, found, {"energy": energy, "water": water}, doc, tables)
    if len(_RECENT) >= _RECENT_MAX:
        # The oldest goes, not all: clearing could drop this very visit's other measures in the
        # middle of one proposal run, and the next answer would work them all out again.
        del _RECENT[next(iter(_RECENT))]
    _RECENT[key] = (energy, water, estimate)
    return estimate


def _estimate(
    measure: Measure,
    found: tuple[Callable[[Context], Built], Needed] | None,
    answers: dict[str, Mapping[str, Any]],
    doc: Document,
    tables: EstimatingTables,
) -> ProposalEstimate:
    built = Built(None)
    if found is not None:
        builder, main = found
        context = Context(answers, doc.year, tables, _row_text(dict(doc.visit.checklists)))
        try:
            built = builder(context)
        except ValueError:  # an answer the estimator refuses (the editor warns beside it)
            built = Built(None, needed=(main,))
    # a saving of nothing (the boilers already at the target) is worth nothing, not unknown
    money = None if built.saving is None else money_saving(built.saved, answers)
    investment = investment_of(measure.unit_cost, built.quantities)
    return ProposalEstimate(
        built.saving,
        built.energy if built.saving is not None else (),
        built.water_m3,
        money,
        investment,
        built.needed,
    )

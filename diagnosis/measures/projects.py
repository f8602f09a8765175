"""The firm's technical-transformation project list (issue 17 item 5): which accepted measures
are projects, their category and the programme support each may apply for.

A measure is a project when the team counts it (accepted, planned, in progress, implemented)
and it is something to build or buy: its catalogue entry counts as a programme project kind, or
it carries an investment, or the team filed it under a category. A measure with an investment
of exactly 0 (a plan to write, a training) is not a project whatever its kind. Support is what
a project of the category *may apply for*: the plan's prerequisites, never a promise. No Qt,
no SQL, no wording (the templates and office labels word it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from diagnosis.assessment.policy import Condition, State
from diagnosis.measures.project_categories import ProjectTable, Support, project_table
from diagnosis.measures.proposals import COUNTED, MeasureView
from diagnosis.measures.tce import equal_value_tce
from diagnosis.messages import Lang


@dataclass(frozen=True)
class SupportLine:
    """One support a project may apply for; ``state`` is its plan condition's ("met" or
    "unknown"; a missed condition drops the line) or "met" when it needs none."""

    support: Support
    state: State


@dataclass(frozen=True)
class Project:
    view: MeasureView
    category: str
    derived: str | None  # the category the table gives; the team's override may differ
    support: tuple[SupportLine, ...]

    @property
    def code(self) -> str:
        return self.view.code or ""

    def title(self, lang: Lang) -> str:
        """The title without its code (the code has its own column or line)."""
        m = self.view.measure
        if m is not None:
            return m.title.zh if lang == "zh" else m.title.en
        return self.view.title(lang)

    @property
    def investment_10k_yuan(self) -> float | None:
        return self.view.figures.investment_10k_yuan

    @property
    def money_saved_yuan(self) -> float | None:
        return self.view.figures.money_saved_yuan

    @property
    def tce(self) -> float | None:
        """Energy saved a year, 当量值 basis (tce); None when no energy saving is entered."""
        econ = self.view.economics
        return None if econ is None else econ.tce_saved

    @property
    def tce_eq(self) -> float | None:
        """The 等价值 basis (GB/T 13234 as the measures chapter counts it); None without an
        energy saving or a 等价值 coefficient for the data year."""
        return equal_value_tce(self.view.economics)

    @property
    def start_month(self) -> str:
        d = self.view.decision
        return d.start_month if d is not None else ""

    @property
    def duration_months(self) -> int | None:
        d = self.view.decision
        return d.duration_months if d is not None else None

    @property
    def start_year(self) -> int | None:
        return int(self.start_month[:4]) if self.start_month else None


def derived_category(view: MeasureView, table: ProjectTable | None = None) -> str | None:
    t = project_table() if table is None else table
    m = view.measure
    return t.derive(m.code if m else None, m.area if m else None, view.counts_as)


def is_project(view: MeasureView) -> bool:
    if view.status not in COUNTED:
        return False
    investment = view.figures.investment_10k_yuan
    if investment == 0:
        return False
    chosen = view.decision is not None and bool(view.decision.project_category)
    return chosen or bool(view.counts_as) or (investment or 0) > 0


def projects(
    views: Iterable[MeasureView], conditions: Mapping[str, State] | Sequence[Condition] = ()
) -> list[Project]:
    """The projects among ``views`` in their order. ``conditions``: the enterprise's plan
    conditions (``diagnosis.assessment.policy.conditions``) or their states by key; a condition not
    given
    is unknown, so its support is offered "if the prerequisites hold"."""
    states = (
        dict(conditions)
        if isinstance(conditions, Mapping)
        else {c.key: c.state for c in conditions}
    )
    table = project_table()
    out = []
    for v in views:
        if not is_project(v):
            continue
        derived = derived_category(v, table)
        chosen = v.decision.project_category if v.decision is not None else ""
        category = chosen or derived or "other"
        lines = []
        for key in table.categories[category].support:
            s = table.support[key]
            state: State = "met" if s.needs is None else states.get(s.needs, "unknown")
            if state != "missed":
                lines.append(SupportLine(s, state))
        out.append(Project(v, category, derived, tuple(lines)))
    return out

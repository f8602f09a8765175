"""The register as the team's work list: what each firm's visits leave to do. Pure rules.

``storage/work_list.py`` reads, in one query, one ``WorkRow`` a visited firm from the office's
facts (``storage/office_facts.py``: counted visits, current measures), so the register shows
what the office counts. Here: which firms each work filter keeps, and when a follow-up is due.

* **Last visit**: the firm's latest counted visit (live, not superseded by a revision), in the
  counting order of ``diagnosis.office.counting`` (date; a visit following another the same day
  comes after it), whatever its status.
* **Open follow-ups**: counted visits still in status ``follow_up``.
* **Measures accepted**: current measures with an accepted status (accepted, planned, in
  progress, implemented): the office's "accepted" (docs/office.md, rule 6), per firm.
* **Never visited**: a live firm with no counted visit.
* **Draft visit open**: a counted visit in status ``draft`` or ``revision``.
* **Follow-up due**: the last visit is finalised, dated at least ``follow_up_due_months``
  (``reference/work_list.json``) before today, and the firm has current measures a follow-up
  would carry (accepted, planned, in progress: ``visit_lifecycle.FOLLOWED``). Any later visit
  (a draft, a follow-up under way) means the team is already on it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple, Protocol, runtime_checkable

from diagnosis.messages import Lang

RULES_PATH = Path(__file__).parents[1] / "reference" / "work_list.json"
WORK_FILTERS = ("never_visited", "draft_open", "follow_up_due")
OPEN_STATUSES = ("draft", "revision")
# The register's work columns, in order, and their headers: domain words, like the field labels.
WORK_COLUMNS = ("last_date", "last_status", "open_follow_ups", "accepted")
# fmt: off
WORDS: dict[str, tuple[str, str]] = {
    "last_date": ("最近走访", "Last visit"),
    "last_status": ("走访状态", "Visit status"),
    "open_follow_ups": ("未结回访", "Open follow-ups"),
    "accepted": ("已采纳措施", "Measures accepted"),
    # visit statuses, as office_labels.STATUS_WORDS names them (which loads the checklists:
    # too much for the register's first paint)
    "draft": ("草稿", "draft"),
    "finalised": ("已定稿", "finalised"),
    "revision": ("修订中", "revision"),
    "follow_up": ("回访", "follow-up"),
    # the work filters, as the filter offers them ...
    "never_visited": ("从未走访", "Never visited"),
    "draft_open": ("有未定稿的走访", "Draft visit open"),
    "follow_up_due": ("待回访", "Follow-up due"),
    # ... and as the status bar counts them
    "never_visited.count": ("从未走访", "never visited"),
    "draft_open.count": ("草稿", "drafts"),
    "follow_up_due.count": ("待回访", "follow-up due"),
}
# fmt: on


def word(key: str, lang: Lang) -> str:
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


class WorkRow(NamedTuple):
    enterprise_id: str
    last_date: str
    last_status: str
    open_follow_ups: int
    accepted: int  # current measures with an accepted status
    to_follow: int  # current measures a follow-up carries
    draft_open: bool


class WorkRules(NamedTuple):
    follow_up_due_months: int
    confidence: str
    source: str


@cache
def work_rules() -> WorkRules:
    data = json.loads(RULES_PATH.read_text("utf-8"))
    months = data["follow_up_due_months"]
    if not isinstance(months, int) or not 1 <= months <= 60:
        raise ValueError(f"{RULES_PATH.name}: follow_up_due_months must be 1-60, not {months!r}")
    return WorkRules(months, str(data["confidence"]), str(data["source"]))


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day where it has fewer days)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    from calendar import monthrange  # first used after the window is up: not at start-up

    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def follow_up_due(row: WorkRow, cutoff: str) -> bool:
    """``cutoff``: the ISO date ``follow_up_due_months`` before today."""
    return (
        row.last_status == "finalised"
        and row.to_follow > 0
        and bool(row.last_date)
        and row.last_date <= cutoff
    )


class WorkList:
    """The work facts of every visited firm, and the firms each work filter keeps."""

    def __init__(
        self, rows: Iterable[WorkRow], today: date, rules: WorkRules | None = None
    ) -> None:
        rules = rules or work_rules()
        self.cutoff = months_before(today, rules.follow_up_due_months).isoformat()
        self.rows = {r.enterprise_id: r for r in rows}
        self.draft_open = frozenset(i for i, r in self.rows.items() if r.draft_open)
        self.due = frozenset(i for i, r in self.rows.items() if follow_up_due(r, self.cutoff))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WorkList) and self.rows == other.rows and self.due == other.due

    __hash__ = None  # type: ignore[assignment]

    def get(self, enterprise_id: str) -> WorkRow | None:
        return self.rows.get(enterprise_id)

    def keeps(self, name: str, enterprise_id: str) -> bool:
        """Whether the work filter ``name`` (one of ``WORK_FILTERS``) keeps the firm."""
        if name == "never_visited":
            return enterprise_id not in self.rows
        if name == "draft_open":
            return enterprise_id in self.draft_open
        if name == "follow_up_due":
            return enterprise_id in self.due
        raise ValueError(f"unknown work filter {name!r}")

    def counts(self, live_ids: Iterable[str]) -> dict[str, int]:
        """How many of ``live_ids`` (the register's live firms) each work filter keeps."""
        never = sum(1 for i in live_ids if i not in self.rows)
        return {
            "never_visited": never,
            "draft_open": len(self.draft_open),
            "follow_up_due": len(self.due),
        }


@runtime_checkable
class WorkSource(Protocol):
    """A register repository that can also read the work facts (storage: one query)."""

    def work_rows(self) -> list[WorkRow]: ...


def load_work_list(repo: object, today: date | None = None) -> WorkList | None:
    """The work list from ``repo``; None from a repository without visits."""
    if not isinstance(repo, WorkSource):
        return None
    return WorkList(repo.work_rows(), today or date.today())

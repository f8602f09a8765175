"""The visit header: the date, the team members and the organisation, as the plan's cover and
sign-off and the office's visits per member read them. Checks what is typed (an ISO date in a
sensible range, names trimmed and each once) and says what is wrong in both languages.
No Qt, no SQL.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from diagnosis.messages import Problem, problem
from diagnosis.visits.experts import MAX_SPECIALTY, Expert, aligned

MAX_NAME = 40
MAX_TEAM = 20
MAX_ORGANISATION = 100
EARLIEST = date(2000, 1, 1)
# A visit may be entered a little ahead (a planned date); a year ahead is a mistyped year.
AHEAD = timedelta(days=366)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
# Names are typed in one field: the 顿号, commas and semicolons of either width, or new lines.
_SEPARATORS = re.compile(r"[、,，;；\n]+")


@dataclass(frozen=True)
class Header:
    date: str
    team: tuple[str, ...]
    organisation: str
    experts: tuple[Expert, ...] = ()  # one a member of ``team``, in its order


def split_names(text: str) -> list[str]:
    """The names in ``text`` as typed in one field ("王建国、陈静, 俞明")."""
    return [name for part in _SEPARATORS.split(text) if (name := _clean(part))]


def _clean(text: str) -> str:
    # split() knows the ideographic space too; full-width punctuation is kept as typed.
    return " ".join(text.split())


def _key(name: str) -> str:
    """Two spellings of one name compare equal: full-width letters, case."""
    return unicodedata.normalize("NFKC", name).casefold()


def check_header(
    when: str,
    team: Sequence[str],
    organisation: str,
    today: date,
    experts: Sequence[Expert] = (),
) -> tuple[Header, list[Problem]]:
    """The header as it will be stored (names, organisations and specialties trimmed, empty
    names dropped, one expert entry a member found by name), and every problem with it; store
    it only when there is none."""
    problems: list[Problem] = []
    when = when.strip()
    try:
        day = date.fromisoformat(when) if _ISO.fullmatch(when) else None
    except ValueError:
        day = None
    if day is None:
        problems.append(problem("date", "header.date", value=when))
    elif not EARLIEST <= day <= today + AHEAD:
        latest = (today + AHEAD).isoformat()
        earliest = EARLIEST.isoformat()
        problems.append(
            problem("date", "header.date_range", earliest=earliest, latest=latest, value=when)
        )
    names = [name for raw in team if (name := _clean(raw))]
    seen: set[str] = set()
    for name in names:
        if len(name) > MAX_NAME:
            problems.append(problem("team", "header.name_too_long", name=name, max=MAX_NAME))
        if _key(name) in seen:
            problems.append(problem("team", "header.name_repeated", name=name))
        seen.add(_key(name))
    if len(names) > MAX_TEAM:
        problems.append(problem("team", "header.team_too_large", max=MAX_TEAM, n=len(names)))
    organisation = _clean(organisation)
    if len(organisation) > MAX_ORGANISATION:
        problems.append(
            problem("organisation", "header.organisation_too_long", max=MAX_ORGANISATION)
        )
    members = tuple(dict.fromkeys(names))
    given = [Expert(_clean(e.name), _clean(e.specialty), _clean(e.organisation)) for e in experts]
    lined_up = aligned(members, given)
    for e in lined_up:
        if len(e.specialty) > MAX_SPECIALTY:
            problems.append(
                problem("experts", "header.specialty_too_long", name=e.name, max=MAX_SPECIALTY)
            )
        if len(e.organisation) > MAX_ORGANISATION:
            problems.append(
                problem(
                    "experts",
                    "header.expert_organisation_too_long",
                    name=e.name,
                    max=MAX_ORGANISATION,
                )
            )
    return Header(when, members, organisation, lined_up), problems

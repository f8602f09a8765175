"""The GB/T 4754-2017 industry table the register accepts (sections B, C and D: divisions, groups
and classes), loaded once from ``diagnosis/reference/industries.json`` with its source.

Codes are stored without the section letter: ``34`` (division, 大类), ``348`` (group, 中类),
``3484`` (class, 小类). The division of any code is its first two digits. No Qt, no SQL.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Literal, NamedTuple

from diagnosis.messages import Lang

Level = Literal["division", "group", "class"]
LEVELS: dict[int, Level] = {2: "division", 3: "group", 4: "class"}


class IndustryEntry(NamedTuple):
    # A tuple, not a frozen dataclass: the table's 900 entries are made at start-up (the
    # register's industry filter and labels), three times quicker so.
    code: str
    level: Level
    zh: str
    en: str | None  # divisions only: the table has no reliable English for groups and classes
    section: str  # B, C or D


class IndustryTable(NamedTuple):
    version: str
    source: str
    confidence: str
    sections: dict[str, tuple[str, str]]  # letter -> (zh, en)
    entries: dict[str, IndustryEntry]

    def get(self, code: str | None) -> IndustryEntry | None:
        return self.entries.get(code) if code else None

    def divisions(self) -> list[IndustryEntry]:
        return [e for e in self.entries.values() if e.level == "division"]


def division_of(code: str | None) -> str | None:
    """The division (two digits) of a stored code: ``"3484"`` -> ``"34"``; None stays None."""
    if not code:
        return None
    return code[:2]


@cache
def industry_table() -> IndustryTable:
    # A path beside this module, as reference_data does: importlib.resources costs start-up time.
    raw = json.loads(
        (Path(__file__).parents[1] / "reference" / "industries.json").read_text("utf-8")
    )
    sections = {s["code"]: (s["zh"], s["en"]) for s in raw["sections"]}
    entries: dict[str, IndustryEntry] = {}
    for d in raw["divisions"]:
        entries[d["code"]] = IndustryEntry(d["code"], "division", d["zh"], d["en"], d["section"])
    for key in ("groups", "classes"):
        for item in raw[key]:
            code = item["code"]
            section = entries[code[:2]].section
            entries[code] = IndustryEntry(code, LEVELS[len(code)], item["zh"], None, section)
    return IndustryTable(raw["version"], raw["source"], raw["confidence"], sections, entries)


def industry_name(code: str | None, lang: Lang = "zh") -> str | None:
    """The name of a code in ``lang``; a group or class has only its Chinese name, which is then
    given in English too (better than nothing on an English screen). None for an unknown code."""
    entry = industry_table().get(code)
    if entry is None:
        return None
    return entry.en if lang == "en" and entry.en else entry.zh


def industry_label(code: str | None, lang: Lang = "zh") -> str:
    """How a stored code reads: ``34 通用设备制造业``, and a finer code with its division,
    ``3484 机械零部件加工（34 通用设备制造业）``; an unknown code as it is."""
    if not code:
        return ""
    name = industry_name(code, lang)
    if name is None:
        return code
    own = f"{code} {name}"
    division = division_of(code)
    if division == code or division is None:
        return own
    outer = f"{division} {industry_name(division, lang) or ''}".strip()
    return f"{own}（{outer}）" if lang == "zh" else f"{own} ({outer})"

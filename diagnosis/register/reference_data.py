"""Reference lists of the register (districts, industry divisions, clusters, per-mu classes).

Loaded from versioned data in ``diagnosis/reference/`` with the source and confidence of each list;
code only looks things up, so a corrected list never needs a code change.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from diagnosis.messages import Lang
from diagnosis.register.industry_table import industry_table


class RefItem(NamedTuple):
    code: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()
    kind: str = ""
    valid_from: int | None = None
    valid_to: int | None = None

    def label(self, lang: Lang = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    def valid_in(self, year: int) -> bool:
        return (self.valid_from is None or year >= self.valid_from) and (
            self.valid_to is None or year <= self.valid_to
        )

    def validity(self) -> str:
        return f"{self.valid_from or ''}-{self.valid_to or ''}"


class RefList:
    """One reference list, with its items looked up by code and by any of their names.
    Compared and hashed by identity: lists are loaded once. (Plain classes and tuples here:
    the register's reference is read at every start, and a dataclass costs 0.5 ms to make.)"""

    __slots__ = ("_codes", "_names", "confidence", "items", "name", "source")

    def __init__(self, name: str, source: str, confidence: str, items: tuple[RefItem, ...]):
        self.name, self.source, self.confidence, self.items = name, source, confidence, items
        names: dict[str, list[RefItem]] = {}
        for item in items:
            for alias in dict.fromkeys((item.code, item.zh, item.en, *item.aliases)):
                names.setdefault(_key(alias), []).append(item)
        self._codes: dict[str, RefItem] = {i.code: i for i in items}
        self._names = names

    def __repr__(self) -> str:
        return f"RefList({self.name!r}, {len(self.items)} items)"

    def get(self, code: str | None) -> RefItem | None:
        if code is None:
            return None
        return self._codes.get(code)

    def codes(self) -> list[str]:
        return [i.code for i in self.items]

    def label(self, code: str | None, lang: Lang = "zh") -> str:
        item = self.get(code)
        return item.label(lang) if item else (code or "")

    def lookup(self, text: str, year: int | None = None) -> RefItem | None:
        """Find an item by code, Chinese or English name, or alias (spaces and case ignored).

        Where one name stands for several items (绿色石化 is in both the 2019 "246" and the
        2025 "361" cluster lists), the one valid in ``year`` wins.
        """
        key = _key(text)
        if not key:
            return None
        found = self._names.get(key, [])
        if len(found) > 1 and year is not None:
            for item in found:
                if item.valid_in(year):
                    return item
        return found[0] if found else None


def _key(text: str) -> str:
    return "".join(text.split()).casefold()


class RegisterReference(NamedTuple):
    version: str
    districts: RefList
    industries: RefList
    clusters: RefList
    per_mu_classes: RefList
    former_region_codes: dict[str, str]
    stars_range: tuple[int, int]


def _ref_list(name: str, raw: dict[str, Any]) -> RefList:
    items = tuple(
        RefItem(
            code=str(i["code"]),
            zh=i["zh"],
            en=i["en"],
            aliases=tuple(i.get("aliases", ())),
            kind=i.get("kind", i.get("tier", "")),
            valid_from=i.get("valid_from"),
            valid_to=i.get("valid_to"),
        )
        for i in raw["items"]
    )
    return RefList(name, raw.get("source", ""), raw.get("confidence", ""), items)


def _divisions() -> RefList:
    """The industry divisions (sections B, C, D) of the GB/T 4754 table in industries.json: the
    keys of filters, peers and statistics. Finer codes are read by
    ``diagnosis.register.industry``."""
    table = industry_table()
    items = tuple(RefItem(d.code, d.zh, d.en or d.zh, kind=d.section) for d in table.divisions())
    return RefList("industries", table.source, table.confidence, items)


@cache
def register_reference() -> RegisterReference:
    # A path beside this module, not importlib.resources: that costs 5 ms of imports at start-up.
    text = (Path(__file__).parents[1] / "reference" / "register.json").read_text("utf-8")
    raw = json.loads(text)
    stars = raw["green_factory_stars"]
    return RegisterReference(
        version=raw["version"],
        districts=_ref_list("districts", raw["districts"]),
        industries=_divisions(),
        clusters=_ref_list("clusters", raw["clusters"]),
        per_mu_classes=_ref_list("per_mu_classes", raw["per_mu_classes"]),
        former_region_codes=dict(raw["districts"]["former_region_codes"]["items"]),
        stars_range=(int(stars["min"]), int(stars["max"])),
    )

"""Read an industry as district registers write it: a GB/T 4754-2017 class, group or division code
with or without its section letter (3484, C3484, c 3484, ３４８４, 3484.0, C34), a code followed
by its name (34-通用设备制造业), or a name, exact or by an unambiguous prefix (金属制品业,
通用零部件制造). The finest code given is kept; its division is ``division_of``. No Qt, no SQL.

Importing a register calls this once a row, so answers are cached and the name index is built
once.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from diagnosis.messages import Bilingual, Message
from diagnosis.register.industry_table import (
    IndustryEntry,
    Level,
    division_of,
    industry_label,
    industry_name,
    industry_table,
)

__all__ = [
    "IndustryMatch",
    "division_of",
    "explain_industry",
    "industry_label",
    "industry_name",
    "parse_industry",
    "resolve_industry",
]

# An optional section letter, 1-4 digits (an Excel float keeps a ".0"), then perhaps a name.
_CODE_RE = re.compile(r"^([A-Za-z])?(\d{1,4})(?:\.0+)?(?:[\s\-—–_:：、,，.．/|]*(\D.*))?$")
_MIN_PREFIX = 2  # one character prefixes half the table
_MAX_LISTED = 3


@dataclass(frozen=True)
class IndustryMatch:
    code: str
    division: str
    level: Level
    name_zh: str
    name_en: str | None


def parse_industry(text: object) -> IndustryMatch | None:
    """The industry ``text`` names, or None (``explain_industry`` says why)."""
    found = resolve_industry(text)
    return found if isinstance(found, IndustryMatch) else None


def explain_industry(text: object) -> tuple[IndustryMatch | None, str | None, str | None]:
    """``(match, None, None)``, or ``(None, why in English, why in Chinese)``."""
    found = resolve_industry(text)
    if isinstance(found, IndustryMatch):
        return found, None, None
    return None, found.text("en"), found.text("zh")


def resolve_industry(raw: object) -> IndustryMatch | Message:
    """The match, or the catalogue message saying why there is none (for a field Problem)."""
    if isinstance(raw, bool) or raw is None:
        return Message("industry.unknown", {"value": "" if raw is None else str(raw)})
    if isinstance(raw, float):
        if not math.isfinite(raw) or not raw.is_integer():
            return Message("industry.unknown", {"value": str(raw)})
        raw = int(raw)
    return _resolve(raw if isinstance(raw, str) else str(raw), isinstance(raw, int))


@lru_cache(maxsize=4096)
def _resolve(text: str, was_number: bool) -> IndustryMatch | Message:
    clean = unicodedata.normalize("NFKC", text).strip()
    compact = "".join(clean.split())
    if not compact:
        return Message("industry.unknown", {"value": text})
    m = _CODE_RE.match(compact)
    if m is not None:
        return _by_code(m.group(1), m.group(2), clean, was_number)
    return _by_name(compact, clean)


def _match(entry: IndustryEntry) -> IndustryMatch:
    return IndustryMatch(entry.code, entry.code[:2], entry.level, entry.zh, entry.en)


def _by_code(
    letter: str | None, digits: str, shown: str, was_number: bool
) -> IndustryMatch | Message:
    table = industry_table()
    entry = table.get(digits) if len(digits) >= 2 else None
    if entry is None and (len(digits) in (1, 3) or was_number):
        # A spreadsheet that read 0610 or 06 as a number dropped the leading zero.
        entry = table.get("0" + digits)
    if entry is None:
        division = digits[:2] if len(digits) >= 2 else "0" + digits
        if table.get(division) is None:
            return Message("industry.out_of_scope", {"value": shown, "division": division})
        return Message("industry.unknown", {"value": shown})
    if letter is not None and letter.upper() != entry.section:
        return Message(
            "industry.section",
            {
                "value": shown,
                "letter": letter.upper(),
                "code": entry.code,
                "section": entry.section,
            },
        )
    return _match(entry)


def _by_name(compact: str, shown: str) -> IndustryMatch | Message:
    key = _name_key(compact)
    exact, names = _name_index()
    found = exact.get(key)
    if found is None and len(key) >= _MIN_PREFIX:
        found = sorted({code for name, codes in names if name.startswith(key) for code in codes})
    if not found:
        return Message("industry.unknown", {"value": shown})
    finest = max(found, key=len)
    if all(finest.startswith(code) for code in found):
        # 制糖业 is group 134 and its only class 1340: one activity, kept at the finest code.
        return _match(industry_table().entries[finest])
    # A group of one class shares its name with that class (432 and 4320 通用设备修理): list once.
    table = industry_table().entries
    found = [
        c
        for c in found
        if not any(o.startswith(c) and table[o].zh == table[c].zh for o in found if o != c)
    ]
    listed = found[:_MAX_LISTED]
    zh = "、".join(f"{c} {industry_name(c, 'zh')}" for c in listed)
    en = ", ".join(f"{c} {industry_name(c, 'zh')}" for c in listed)
    more = len(found) - len(listed)
    if more:
        zh, en = f"{zh} 等 {len(found)} 项", f"{en} and {more} more"
    return Message("industry.ambiguous", {"value": shown, "candidates": Bilingual(zh, en)})


def _name_key(text: str) -> str:
    # Registers mix full- and half-width brackets and commas; NFKC folds them alike.
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


@cache
def _name_index() -> tuple[dict[str, list[str]], list[tuple[str, list[str]]]]:
    """Codes by exact name (Chinese, and English for divisions), and the same as a list for
    prefix search; built once."""
    exact: dict[str, list[str]] = {}
    for entry in industry_table().entries.values():
        for name in (entry.zh, entry.en):
            if name:
                exact.setdefault(_name_key(name), []).append(entry.code)
    return exact, sorted(exact.items())

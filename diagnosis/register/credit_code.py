"""Unified social credit code (统一社会信用代码, GB 32100-2015): normalise and check.

The position-18 check character is mandatory; the GB 11714 organisation-code check inside it
(position 17) and the authority prefix are warnings only, because real codes issued before strict
checking exist. Region codes of former divisions (e.g. 330204 江东区) are never rejected.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from operator import getitem
from typing import NamedTuple

from diagnosis.messages import Problem, problem

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(CHARSET)}
_CHARS = frozenset(CHARSET)
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, ...
BODY_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 organisation code
_BODY_VALUE = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}

# Registration authority (position 1) -> entity types (position 2), GB 32100 and later additions.
KNOWN_PREFIXES: dict[str, str] = {
    "1": "1239",
    "2": "19",
    "3": "123459",
    "4": "19",
    "5": "1239",
    "6": "129",
    "7": "129",
    "8": "19",
    "9": "123",
    "A": "19",
    "N": "1239",
    "Y": "1",
}

FIELD = "credit_code"


def normalise(raw: str) -> str:
    """Full-width to half-width, drop every kind of space and dash, upper case."""
    if raw.isascii() and raw.isalnum():  # the common case, ten times faster
        return raw.upper()
    text = unicodedata.normalize("NFKC", raw)
    # Category Pd covers the dashes NFKC keeps (‐ – — ―), not only ASCII '-'.
    return "".join(
        ch for ch in text if not ch.isspace() and ch != "_" and unicodedata.category(ch) != "Pd"
    ).upper()


# Each position's table of a character's value times the position's weight: one lookup a
# character, all in C (map over the tables and the characters), for every row of an import.
_WEIGHED = tuple({c: v * w for c, v in _VALUE.items()} for w in WEIGHTS)
_BODY_WEIGHED = tuple({c: v * w for c, v in _BODY_VALUE.items()} for w in BODY_WEIGHTS)


def check_character(first17: str) -> str:
    if len(first17) != 17:
        raise ValueError(f"17 characters expected, got {len(first17)}")
    total = sum(map(getitem, _WEIGHED, first17))
    return CHARSET[(31 - total % 31) % 31]


def body_check_character(body8: str) -> str | None:
    """GB 11714 check of the 8-character organisation body; None if the body is not checkable."""
    if len(body8) != 8:
        raise ValueError(f"8 characters expected, got {len(body8)}")
    try:
        total = sum(map(getitem, _BODY_WEIGHED, body8))
    except KeyError:
        return None
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


class CodeCheck(NamedTuple):
    code: str  # normalised
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def region(self) -> str:
        return self.code[2:8] if len(self.code) == 18 else ""


@lru_cache(maxsize=65536)
def check(raw: str) -> CodeCheck:
    # Cached: an import checks each row's code when it parses the row and again when it
    # validates the record (20,000 rows, twice); the result is immutable.
    code = normalise(raw)
    if not code:
        return CodeCheck(code, (problem(FIELD, "required"),))
    if len(code) != 18:
        return CodeCheck(code, (problem(FIELD, "code.length", n=len(code)),))
    if not _CHARS.issuperset(code):  # the common case asks once, not per character
        pos, ch = next((pos, ch) for pos, ch in enumerate(code, start=1) if ch not in _VALUE)
        return CodeCheck(code, (problem(FIELD, "code.charset", pos=pos, char=ch),))
    expected = check_character(code[:17])
    if code[17] != expected:
        return CodeCheck(code, (problem(FIELD, "code.check", expected=expected, actual=code[17]),))
    warnings: list[Problem] = []
    if not code[2:8].isdigit():
        warnings.append(problem(FIELD, "code.region", "warning", region=code[2:8]))
    if code[1] not in KNOWN_PREFIXES.get(code[0], ""):
        warnings.append(problem(FIELD, "code.authority", "warning", prefix=code[:2]))
    body_expected = body_check_character(code[8:16])
    if body_expected is not None and code[16] != body_expected:
        warnings.append(
            problem(FIELD, "code.body_check", "warning", expected=body_expected, actual=code[16])
        )
    return CodeCheck(code, tuple(warnings))


def complete(first17: str) -> str:
    """The full 18-character code for 17 valid characters (used by demo data and tests)."""
    return first17 + check_character(first17)

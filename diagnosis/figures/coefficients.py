"""The versioned table of reference coefficients (standard coal, CO2, enthalpy) with provenance.

Every figure lives in ``reference/coefficients.json`` with its unit, basis, years, region, source
and confidence; code here only validates and looks entries up and must never hold a figure itself.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

from diagnosis.messages import Bilingual, Lang
from diagnosis.reference_versions import table_path, wanted

Basis = Literal["equivalent", "equal_value"]  # 当量值 / 等价值
Confidence = Literal["V", "K", "L", "C"]  # as tagged in the domain REFERENCE
BASES: frozenset[str] = frozenset(get_args(Basis))
CONFIDENCES: frozenset[str] = frozenset(get_args(Confidence))

BASIS_LABELS: dict[str, Bilingual] = {
    "equivalent": Bilingual("当量值", "calorific equivalent (当量值)"),
    "equal_value": Bilingual("等价值", "primary-energy equivalent (等价值)"),
}
CONFIDENCE_LABELS: dict[str, Bilingual] = {
    "V": Bilingual("V 公开资料核实", "V found in public material"),
    "K": Bilingual("K 一般知识，未见原文，待核实", "K general knowledge, text not seen: verify"),
    "L": Bilingual("L 低可信度，仅作占位", "L low confidence, placeholder only"),
    "C": Bilingual("C 计算值", "C computed"),
}

TABLE_PATH = Path(__file__).parents[1] / "reference" / "coefficients.json"

# unit -> (dimension, factor to the dimension's first unit). Nm³ is taken as m³: a metered gas
# volume is used at the reference conditions of the coefficient it meets, without correction.
UNITS: dict[str, tuple[str, float]] = {
    "kWh": ("electricity", 1.0),
    "MWh": ("electricity", 1e3),
    "GWh": ("electricity", 1e6),
    "10^4 kWh": ("electricity", 1e4),
    "m³": ("volume", 1.0),
    "Nm³": ("volume", 1.0),
    "10^4 m³": ("volume", 1e4),
    "10^4 Nm³": ("volume", 1e4),
    "kg": ("mass", 1.0),
    "t": ("mass", 1e3),
    "MJ": ("heat", 1.0),
    "GJ": ("heat", 1e3),
    "kgce": ("standard coal", 1.0),
    "tce": ("standard coal", 1e3),
    "kgCO2": ("CO2", 1.0),
    "tCO2": ("CO2", 1e3),
}
_ALIASES: dict[str, str] = {
    "m3": "m³",
    "Nm3": "Nm³",
    "立方米": "m³",
    "万kWh": "10^4 kWh",
    "万千瓦时": "10^4 kWh",
    "千瓦时": "kWh",
    "10⁴kWh": "10^4 kWh",
    "万m³": "10^4 m³",
    "万m3": "10^4 m³",
    "万立方米": "10^4 m³",
    "10⁴m³": "10^4 m³",
    "10^4m3": "10^4 m³",
    "万Nm³": "10^4 Nm³",
    "10⁴Nm³": "10^4 Nm³",
    "10^4Nm3": "10^4 Nm³",
    "吨": "t",
    "千克": "kg",
    "公斤": "kg",
    "兆焦": "MJ",
    "吉焦": "GJ",
}
_CANONICAL = {u.replace(" ", ""): u for u in UNITS} | _ALIASES

_KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
_REGION = re.compile(r"[a-z][a-z0-9_]*")
_FIELDS = (
    "key",
    "value",
    "unit",
    "basis",
    "year_from",
    "year_to",
    "region",
    "source",
    "confidence",
    "note",
)


def canonical_unit(unit: str) -> str | None:
    """The table's spelling of ``unit`` ('10⁴ kWh', '万kWh' -> '10^4 kWh'), or None if unknown."""
    return _CANONICAL.get("".join(unit.split()))


def format_number(value: float) -> str:
    """Eight significant digits, thousands separated, no float noise (1265.1320000000001),
    never an exponent (1e+15 kWh must read 1,000,000,000,000,000)."""
    return format(Decimal(f"{value:.8g}"), ",f")


def convert(quantity: float, from_unit: str, to_unit: str) -> float:
    """``quantity`` in ``from_unit`` expressed in ``to_unit``; ValueError across dimensions."""
    src, dst = canonical_unit(from_unit), canonical_unit(to_unit)
    if src is None or dst is None:
        raise ValueError(f"unknown unit '{from_unit if src is None else to_unit}'")
    (dim_src, f_src), (dim_dst, f_dst) = UNITS[src], UNITS[dst]
    if dim_src != dim_dst:
        raise ValueError(f"cannot convert {dim_src} '{from_unit}' to {dim_dst} '{to_unit}'")
    return quantity * f_src / f_dst if f_src != f_dst else quantity


def units_like(unit: str) -> list[str]:
    """Every unit of the same dimension as ``unit`` (for messages)."""
    dim = UNITS[canonical_unit(unit) or unit][0]
    return [u for u, (d, _) in UNITS.items() if d == dim]


class CoefficientTableError(ValueError):
    """The table file, or one entry in it, is malformed; the message names the entry."""


class CoefficientNotFound(KeyError):
    """No entry for this key (or none valid in the year asked for)."""

    def __init__(self, key: str, year: int | None, region: str | None, detail: str) -> None:
        self.key, self.year, self.region = key, year, region
        self.message = (
            f"no coefficient '{key}' for year {year if year is not None else 'any'} and region "
            f"{region or 'any'}: {detail}"
        )
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.message


@dataclass(frozen=True)
class Coefficient:
    key: str
    value: float
    unit: str  # "<numerator>/<denominator>", e.g. "kgce/kWh", "tCO2/10^4 Nm³"
    basis: Basis | None
    year_from: int | None  # None: open
    year_to: int | None
    region: str | None  # None: not regional (a standard's coefficient)
    source: str
    confidence: Confidence
    note: Bilingual

    @property
    def numerator(self) -> str:
        return self.unit.split("/", 1)[0]

    @property
    def denominator(self) -> str:
        return self.unit.split("/", 1)[1]

    @property
    def unverified(self) -> bool:
        return self.confidence in ("K", "L")

    def valid_in(self, year: int) -> bool:
        return (self.year_from is None or year >= self.year_from) and (
            self.year_to is None or year <= self.year_to
        )

    def validity(self) -> str:
        """'2022', '2021-2023', '2020-', '-2019' or '' when valid in every year."""
        if self.year_from is not None and self.year_from == self.year_to:
            return str(self.year_from)
        if self.year_from is None and self.year_to is None:
            return ""
        return f"{self.year_from or ''}-{self.year_to or ''}"

    def describe(self, lang: Lang = "zh") -> str:
        """One line of provenance: key, value and unit, years, region, basis, source, confidence."""
        zh = lang == "zh"
        basis = BASIS_LABELS[self.basis] if self.basis else None
        scope = ", ".join(
            filter(
                None,
                [
                    self.validity() or ("各年" if zh else "all years"),
                    self.region,
                    (basis.zh if zh else basis.en) if basis else None,
                ],
            )
        )
        value = f"{self.key} = {format_number(self.value)} {self.unit}"
        confidence = CONFIDENCE_LABELS[self.confidence]
        if zh:
            return (
                f"系数 {value}（{scope}）；来源：{self.source}；可信度：{confidence.zh}；"
                f"{self.note.zh}"
            )
        return (
            f"coefficient {value} ({scope}); source: {self.source}; "
            f"confidence: {confidence.en}; {self.note.en}"
        )


def _entry_problem(c: Coefficient) -> str | None:
    if not _KEY.fullmatch(c.key):
        return "key must be a dotted lower-case id such as 'tce.electricity'"
    if isinstance(c.value, bool) or not isinstance(c.value, int | float):
        return f"value must be a number, not {c.value!r}"
    if not math.isfinite(c.value) or c.value <= 0:
        return f"value must be a positive number, not {c.value!r}"
    num, _, den = c.unit.partition("/")
    if canonical_unit(num) != num or canonical_unit(den) != den:
        return f"unit '{c.unit}' must be '<unit>/<unit>' from: {', '.join(UNITS)}"
    if c.basis is not None and c.basis not in BASES:
        return f"unknown basis '{c.basis}' (use {', '.join(sorted(BASES))} or null)"
    if c.confidence not in CONFIDENCES:
        return f"unknown confidence '{c.confidence}' (use V, K, L or C)"
    for name in ("year_from", "year_to"):
        year = getattr(c, name)
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            return f"{name} must be a year or null, not {year!r}"
    if c.year_from is not None and c.year_to is not None and c.year_from > c.year_to:
        return f"year_from {c.year_from} is after year_to {c.year_to}"
    if c.region is not None and not (isinstance(c.region, str) and _REGION.fullmatch(c.region)):
        return f"region must be a lower-case id such as 'east_china' or null, not {c.region!r}"
    if not (isinstance(c.source, str) and c.source.strip()):
        return "source is required"
    if not (c.note.zh.strip() and c.note.en.strip()):
        return "note needs both 'zh' and 'en'"
    return None


def _overlap(a: Coefficient, b: Coefficient) -> bool:
    start = max(a.year_from or -math.inf, b.year_from or -math.inf)
    end = min(a.year_to or math.inf, b.year_to or math.inf)
    return start <= end


def _clash(c: Coefficient, earlier: tuple[Coefficient, ...]) -> str | None:
    """A conflict with an earlier entry of the same key: another unit or basis, or years that
    overlap for the same region (a lookup would not know which to take)."""
    for j, o in enumerate(earlier):
        if o.key != c.key:
            continue
        if (o.unit, o.basis) != (c.unit, c.basis):
            return f"unit/basis {c.unit}/{c.basis} differ from entry {j}'s {o.unit}/{o.basis}"
        if o.region == c.region and _overlap(o, c):
            return (
                f"years {c.validity() or 'all'} overlap entry {j} ({o.validity() or 'all'}) "
                f"for region {c.region or 'none'}"
            )
    return None


def _name(i: int, c: Coefficient | None, origin: str) -> str:
    return f"{origin} entry {i}" + (f" ({c.key})" if c is not None else "")


class CoefficientTable:
    """All entries of one table version; each key may have several entries by year and region."""

    def __init__(
        self, entries: Iterable[Coefficient], version: str = "", origin: str = "table"
    ) -> None:
        self.version = version
        self.entries = tuple(entries)
        self._by_key: dict[str, list[Coefficient]] = {}
        # Lookups answered (the entries never change): every visit asks the same few.
        self._found: dict[tuple[str, int | None, str | None], Coefficient] = {}
        for i, c in enumerate(self.entries):
            problem = _entry_problem(c) or _clash(c, self.entries[:i])
            if problem is not None:
                raise CoefficientTableError(f"{_name(i, c, origin)}: {problem}")
            self._by_key.setdefault(c.key, []).append(c)

    @classmethod
    def from_data(cls, raw: Any, origin: str = "coefficients.json") -> CoefficientTable:
        """Build and validate a table from parsed JSON (``{"version", "entries": [...]}``)."""
        if not isinstance(raw, dict) or not isinstance(raw.get("entries"), list):
            raise CoefficientTableError(f"{origin}: needs an object with an 'entries' list")
        if not isinstance(raw.get("version"), str) or not raw["version"]:
            raise CoefficientTableError(f"{origin}: needs a 'version' string")
        entries = []
        for i, item in enumerate(raw["entries"]):
            if not isinstance(item, dict):
                raise CoefficientTableError(f"{_name(i, None, origin)}: must be an object")
            key = item.get("key")
            where = f"{origin} entry {i}" + (f" ({key})" if isinstance(key, str) else "")
            missing = [f for f in _FIELDS if f not in item]
            unknown = sorted(set(item) - set(_FIELDS))
            if missing or unknown:
                raise CoefficientTableError(
                    f"{where}: missing fields {missing}, unknown fields {unknown}"
                )
            note = item["note"]
            if not (
                isinstance(note, dict) and all(isinstance(note.get(k), str) for k in ("zh", "en"))
            ):
                raise CoefficientTableError(f"{where}: note must be {{'zh': ..., 'en': ...}}")
            if not all(isinstance(item[f], str) for f in ("key", "unit", "source", "confidence")):
                raise CoefficientTableError(f"{where}: key, unit, source, confidence are text")
            entries.append(
                Coefficient(
                    key=item["key"],
                    value=item["value"],
                    unit=item["unit"],
                    basis=item["basis"],
                    year_from=item["year_from"],
                    year_to=item["year_to"],
                    region=item["region"],
                    source=item["source"],
                    confidence=item["confidence"],
                    note=Bilingual(note["zh"], note["en"]),
                )
            )
        return cls(entries, raw["version"], origin)

    def keys(self) -> list[str]:
        return list(self._by_key)

    def unverified(self) -> list[Coefficient]:
        """Entries tagged K or L: to be checked against the official text before release."""
        return [c for c in self.entries if c.unverified]

    def lookup(
        self, key: str, *, year: int | None = None, region: str | None = None
    ) -> Coefficient:
        """The entry for ``key`` valid in ``year`` for ``region``; the entry itself is returned,
        so its ``region`` and years tell which one was used.

        Order: the region asked for, then ``national``, then a non-regional entry; valid in the
        year first, else (a year past the table) the latest earlier entry in that order, which
        the caller recognises by ``not c.valid_in(year)``. ``year=None`` takes the latest entry.
        """
        found = self._found.get((key, year, region))
        if found is None:
            found = self._found[(key, year, region)] = self._lookup(key, year, region)
        return found

    def _lookup(self, key: str, year: int | None, region: str | None) -> Coefficient:
        entries = self._by_key.get(key)
        if not entries:
            raise CoefficientNotFound(key, year, region, "the table has no such key")
        regions = list(dict.fromkeys([region, "national", None]))
        if region is None:
            regions = [None, "national"]
        by_region = [[c for c in entries if c.region == r] for r in regions]
        if year is None:
            for group in by_region:
                if group:
                    return max(group, key=_recency)
        else:
            for group in by_region:
                for c in group:
                    if c.valid_in(year):
                        return c
            for group in by_region:
                earlier = [c for c in group if c.year_to is not None and c.year_to < year]
                if earlier:
                    return max(earlier, key=_recency)
        have = ", ".join(f"{c.validity() or 'all years'} {c.region or ''}".strip() for c in entries)
        raise CoefficientNotFound(key, year, region, f"the table has only: {have}")


def _recency(c: Coefficient) -> tuple[float, float]:
    return (c.year_to if c.year_to is not None else math.inf, c.year_from or -math.inf)


def load_coefficient_table(path: Path = TABLE_PATH) -> CoefficientTable:
    """Read and validate a table file; CoefficientTableError names the bad entry."""
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CoefficientTableError(f"{path.name}: cannot be read: {exc}") from exc
    return CoefficientTable.from_data(raw, origin=path.name)


def coefficient_table() -> CoefficientTable:
    """The table at the version pinned for this computation (reference_versions), else the
    newest."""
    return _coefficient_table(wanted("coefficients"))


@cache
def _coefficient_table(version: str | None) -> CoefficientTable:
    # A path beside this module, not importlib.resources: that costs imports at start-up.
    return load_coefficient_table(table_path("coefficients", version))

"""The water-intake quotas per unit of product (GB/T 18916 parts, provincial 用水定额) of
reference/water_quotas.json, and the unit a recorded output must be in to be compared.

Every value carries its standard, year, clause, unit and confidence; the table is versioned
(reference_versions) so a finalised visit keeps the quotas it was compared with. Reading only:
no wording, no Qt, no SQL.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from diagnosis.messages import Bilingual
from diagnosis.reference_versions import table_path, wanted

NAME = "water_quotas"


class QuotaTableError(ValueError):
    """The quota table cannot be used: the message names the entry and what is wrong."""


@dataclass(frozen=True)
class Quota:
    id: str
    product: Bilingual
    division: str  # GB/T 4754 division the product belongs to
    value: float  # m³ per output unit
    unit: str  # as printed: m³/t, m³/100m
    output_unit: str  # key of QuotaTable.output_units
    applies_to: Bilingual  # existing / new enterprises
    standard: str  # GB/T 18916.5-2012
    standard_title: Bilingual
    year: int
    clause: Bilingual
    confidence: str  # V, K, L, C as in the domain reference
    verified: bool
    source: str
    note: Bilingual


@dataclass(frozen=True)
class QuotaTable:
    version: str
    about: Bilingual
    # output unit key -> (label, {written unit: factor to the key's unit})
    output_units: Mapping[str, tuple[Bilingual, Mapping[str, float]]]
    entries: Mapping[str, Quota]

    def factor(self, written: str, output_unit: str) -> float | None:
        """How many of ``output_unit`` one ``written`` unit is (百米 -> 1 for 100m, m -> 0.01);
        None when the written unit is not one the quota's unit can take."""
        known = self.output_units.get(output_unit)
        if known is None:
            return None
        key = written.strip().replace("　", " ")
        aliases = known[1]
        found = aliases.get(key, aliases.get(key.lower(), aliases.get(key.replace(" ", ""))))
        return found


def quota_table() -> QuotaTable:
    """The table pinned for the current computation (a finalised visit's), else the newest."""
    return _load(table_path(NAME, wanted(NAME)))


def _bi(raw: object, where: str) -> Bilingual:
    if not isinstance(raw, Mapping) or not raw.get("zh") or not raw.get("en"):
        raise QuotaTableError(f"{where}: needs zh and en text")
    return Bilingual(str(raw["zh"]), str(raw["en"]))


@cache
def _load(path: Path) -> QuotaTable:
    raw = json.loads(path.read_text("utf-8"))
    units: dict[str, tuple[Bilingual, Mapping[str, float]]] = {}
    for key, spec in raw["output_units"].items():
        aliases = {str(k): float(v) for k, v in spec["aliases"].items()}
        units[key] = (_bi(spec.get("label"), f"output_units.{key}.label"), aliases)
    entries: dict[str, Quota] = {}
    for i, e in enumerate(raw["entries"]):
        where = f"entries[{i}] ({e.get('id', '?')})"
        value = e.get("value")
        if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            raise QuotaTableError(f"{where}.value: must be a number above 0")
        if e.get("output_unit") not in units:
            raise QuotaTableError(f"{where}.output_unit: not one of {sorted(units)}")
        if e.get("confidence") not in ("V", "K", "L", "C") or not e.get("source"):
            raise QuotaTableError(f"{where}: needs a source and a confidence V, K, L or C")
        if e["confidence"] == "V" and "http" not in str(e["source"]):
            raise QuotaTableError(f"{where}: a verified value names the address it was seen at")
        entries[str(e["id"])] = Quota(
            str(e["id"]),
            _bi(e.get("product"), f"{where}.product"),
            str(e.get("division", "")),
            float(value),
            str(e["unit"]),
            str(e["output_unit"]),
            _bi(e.get("applies_to"), f"{where}.applies_to"),
            str(e["standard"]),
            _bi(e.get("standard_title"), f"{where}.standard_title"),
            int(e["year"]),
            _bi(e.get("clause"), f"{where}.clause"),
            str(e["confidence"]),
            bool(e.get("verified", False)),
            str(e["source"]),
            _bi(e.get("note"), f"{where}.note"),
        )
    return QuotaTable(str(raw["version"]), _bi(raw.get("about"), "about"), units, entries)

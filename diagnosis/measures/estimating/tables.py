"""The equipment tables and default assumptions of ``reference/estimating.json``, checked on load.

Motor efficiencies by IE class and size, transformer losses by series and capacity, LED shares,
boiler target efficiencies, cooling-tower ratio bands, a VFD duty profile and scalar defaults:
each with its source and confidence, so an estimate can say where every figure came from. Code
only looks figures up. No Qt, no SQL.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from diagnosis.figures.coefficients import CONFIDENCES, Confidence, format_number
from diagnosis.measures.estimates import QUANTITIES, Assumption, Default
from diagnosis.messages import Bilingual
from diagnosis.reference_versions import table_path, wanted

TABLES_PATH = Path(__file__).parents[2] / "reference" / "estimating.json"
FORMAT = "enterprise-diagnosis-estimating/1"
DEFAULT_NAMES = (
    "motor_load_factor",
    "compressor_load_factor",
    "leak_target_share",
    "pv_density",
    "delta_t_c",
)


class EstimatingTablesError(ValueError):
    """The tables file cannot be used; the message names the part that is wrong."""


@dataclass(frozen=True)
class Sourced:
    """Where one table comes from: printed beside every figure taken from it."""

    source: Bilingual
    confidence: Confidence
    note: Bilingual | None

    def assumption(self, name: str, label: Bilingual, value: float, unit: str) -> Assumption:
        return Assumption(name, label, value, unit, self.source, self.confidence)


@dataclass(frozen=True)
class EstimatingTables:
    version: str
    motor: Sourced
    motor_grades: Mapping[str, str]  # GB 18613 grade answer -> IE class
    motor_replace: tuple[str, ...]  # grades whose motors the measure replaces
    motor_target: str
    motor_kw: tuple[float, ...]
    motor_classes: Mapping[str, tuple[float, ...]]  # IE class -> % efficiency by motor_kw
    transformer: Sourced
    transformer_families: Mapping[str, str]  # E09 series answer -> table series
    transformer_target: str
    transformer_kva: tuple[float, ...]
    no_load_kw: Mapping[str, tuple[float | None, ...]]
    load_kw: tuple[float, ...]
    lighting: Sourced
    led_share: Mapping[str, float]
    boiler: Sourced
    boiler_targets: Mapping[str, float]  # E02 carrier -> target efficiency (0-1)
    tower: Sourced
    tower_bands: Mapping[str, float]  # W07 band -> concentration ratio taken
    tower_target: float
    vfd: Sourced
    vfd_profile: tuple[tuple[float, float], ...]
    defaults: Mapping[str, Default]

    def motor_efficiency(self, ie_class: str, unit_kw: float) -> tuple[float, float]:
        """(efficiency 0-1, the standard rating it was read at): the largest rating not above
        ``unit_kw`` (the smallest for smaller motors)."""
        row = max((i for i, kw in enumerate(self.motor_kw) if kw <= unit_kw), default=0)
        return self.motor_classes[ie_class][row] / 100, self.motor_kw[row]

    def transformer_losses(self, series: str, kva: float) -> tuple[float, float, float] | None:
        """(P0 kW, Pk kW, standard capacity used) at the nearest standard capacity (the larger
        on a tie); None where the series has no value there."""
        sizes = self.transformer_kva
        row = min(range(len(sizes)), key=lambda i: (abs(sizes[i] - kva), -sizes[i]))
        p0 = self.no_load_kw[series][row]
        return None if p0 is None else (p0, self.load_kw[row], self.transformer_kva[row])


def _fail(where: str, why: str) -> EstimatingTablesError:
    return EstimatingTablesError(f"estimating.json {where}: {why}")


def _obj(raw: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise _fail(where, "must be an object")
    return raw


def _num(raw: Any, where: str, low: float = 0.0, high: float = math.inf) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not low <= raw <= high:
        raise _fail(where, f"must be a number from {format_number(low)} to {high:g}, not {raw!r}")
    return float(raw)


def _nums(raw: Any, where: str, n: int | None, high: float = math.inf) -> tuple[float, ...]:
    if not isinstance(raw, list) or (n is not None and len(raw) != n):
        raise _fail(where, f"must be a list of {n if n is not None else 'some'} numbers")
    return tuple(_num(v, f"{where}[{i}]", high=high) for i, v in enumerate(raw))


def _text(raw: Any, where: str) -> Bilingual:
    if not isinstance(raw, Mapping) or not all(
        isinstance(raw.get(k), str) and raw[k].strip() for k in ("zh", "en")
    ):
        raise _fail(where, "needs non-empty 'zh' and 'en' texts")
    return Bilingual(raw["zh"], raw["en"])


def _sourced(raw: Mapping[str, Any], where: str) -> Sourced:
    source, confidence = _text(raw.get("source"), f"{where}.source"), raw.get("confidence")
    if confidence not in CONFIDENCES:
        raise _fail(f"{where}.confidence", f"must be V, K, L or C, not {confidence!r}")
    note = _text(raw["note"], f"{where}.note") if "note" in raw else None
    return Sourced(source, confidence, note)


def _rising(values: Sequence[float], where: str) -> None:
    if list(values) != sorted(set(values)):
        raise _fail(where, "must rise")


def parse_tables(raw: Any) -> EstimatingTables:
    top = _obj(raw, "$")
    if top.get("format") != FORMAT:
        raise _fail("$.format", f'must be "{FORMAT}"')
    motor = _obj(top.get("motor_efficiency"), "$.motor_efficiency")
    kw = _nums(motor.get("kw"), "$.motor_efficiency.kw", None)
    _rising(kw, "$.motor_efficiency.kw")
    classes = {
        name: _nums(values, f"$.motor_efficiency.classes.{name}", len(kw), high=100)
        for name, values in _obj(motor.get("classes"), "$.motor_efficiency.classes").items()
    }
    grades = dict(_obj(motor.get("grades"), "$.motor_efficiency.grades"))
    target = motor.get("target")
    for name in (*grades.values(), target):
        if name not in classes:
            raise _fail("$.motor_efficiency", f"class {name!r} has no efficiencies")
    trans = _obj(top.get("transformer_losses"), "$.transformer_losses")
    kva = _nums(trans.get("kva"), "$.transformer_losses.kva", None)
    _rising(kva, "$.transformer_losses.kva")
    no_load: dict[str, tuple[float | None, ...]] = {}
    for series, values in _obj(trans.get("no_load_kw"), "$.transformer_losses.no_load_kw").items():
        where = f"$.transformer_losses.no_load_kw.{series}"
        if not isinstance(values, list) or len(values) != len(kva):
            raise _fail(where, f"must list {len(kva)} values (null where none)")
        no_load[series] = tuple(None if v is None else _num(v, where) for v in values)
    families = dict(_obj(trans.get("families"), "$.transformer_losses.families"))
    if any(s not in no_load for s in (*families.values(), trans.get("target"))):
        raise _fail("$.transformer_losses", "every family and the target need no-load losses")
    light = _obj(top.get("lighting"), "$.lighting")
    boiler = _obj(top.get("boiler_target_efficiency"), "$.boiler_target_efficiency")
    tower = _obj(top.get("cooling_tower"), "$.cooling_tower")
    vfd = _obj(top.get("vfd_profile"), "$.vfd_profile")
    steps = vfd.get("steps")
    if not isinstance(steps, list) or not steps:
        raise _fail("$.vfd_profile.steps", "must list (share of time, flow) pairs")
    profile = tuple(
        (pair[0], pair[1])
        for pair in (_nums(s, f"$.vfd_profile.steps[{i}]", 2, high=1) for i, s in enumerate(steps))
    )
    if not math.isclose(sum(t for t, _ in profile), 1.0, abs_tol=1e-9):
        raise _fail("$.vfd_profile.steps", "shares of time must sum to 1")
    defaults: dict[str, Default] = {}
    for i, d in enumerate(top.get("defaults") or []):
        where = f"$.defaults[{i}]"
        d = _obj(d, where)
        name = d.get("name")
        if name not in DEFAULT_NAMES or name not in QUANTITIES:
            raise _fail(f"{where}.name", f"must be one of {', '.join(DEFAULT_NAMES)}")
        if d.get("confidence") not in CONFIDENCES:
            raise _fail(f"{where}.confidence", "must be V, K, L or C")
        value = _num(d.get("value"), f"{where}.value")
        defaults[name] = Default(name, value, d["confidence"], _text(d.get("source"), where))
    missing = [n for n in DEFAULT_NAMES if n not in defaults]
    if missing:
        raise _fail("$.defaults", f"missing {', '.join(missing)}")
    version = top.get("version")
    if not isinstance(version, str) or not version:
        raise _fail("$.version", "must be a non-empty string")
    return EstimatingTables(
        version=version,
        motor=_sourced(motor, "$.motor_efficiency"),
        motor_grades=grades,
        motor_replace=tuple(motor.get("replace") or ()),
        motor_target=str(target),
        motor_kw=kw,
        motor_classes=classes,
        transformer=_sourced(trans, "$.transformer_losses"),
        transformer_families=families,
        transformer_target=str(trans.get("target")),
        transformer_kva=kva,
        no_load_kw=no_load,
        load_kw=_nums(trans.get("load_kw"), "$.transformer_losses.load_kw", len(kva)),
        lighting=_sourced(light, "$.lighting"),
        led_share={
            k: _num(v, f"$.lighting.led_share.{k}", high=1)
            for k, v in _obj(light.get("led_share"), "$.lighting.led_share").items()
        },
        boiler=_sourced(boiler, "$.boiler_target_efficiency"),
        boiler_targets={
            k: _num(v, f"$.boiler_target_efficiency.targets.{k}", high=1)
            for k, v in _obj(boiler.get("targets"), "$.boiler_target_efficiency.targets").items()
        },
        tower=_sourced(tower, "$.cooling_tower"),
        tower_bands={
            k: _num(v, f"$.cooling_tower.bands.{k}", low=1.01, high=100)
            for k, v in _obj(tower.get("bands"), "$.cooling_tower.bands").items()
        },
        tower_target=_num(tower.get("target"), "$.cooling_tower.target", low=1.01, high=100),
        vfd=_sourced(vfd, "$.vfd_profile"),
        vfd_profile=profile,
        defaults=defaults,
    )


def load_tables(path: Path = TABLES_PATH) -> EstimatingTables:
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EstimatingTablesError(f"{path.name}: cannot be read: {exc}") from exc
    return parse_tables(raw)


def estimating_tables() -> EstimatingTables:
    """The tables at the version pinned for this computation, else the newest."""
    return _estimating_tables(wanted("estimating"))


@cache
def _estimating_tables(version: str | None) -> EstimatingTables:
    return load_tables(table_path("estimating", version))

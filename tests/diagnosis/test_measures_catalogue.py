"""The coded measures catalogue: the shipped file against the checklists' triggers and the
estimators, lookups, and refusal of a malformed file with a message naming the entry."""

from __future__ import annotations

import copy
import importlib
import inspect
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import diagnosis
from diagnosis.measures.catalogue import (
    AREAS,
    CATALOGUE_PATH,
    CODE,
    MeasuresCatalogue,
    MeasuresCatalogueError,
    by_area,
    estimator_names,
    get,
    load_measures_catalogue,
    measures_catalogue,
)
from diagnosis.measures.estimators import MODULES

PACKAGE = Path(diagnosis.__file__).parent
CHECKLIST_FILES = sorted((PACKAGE / "checklists").glob("*/*.json"))

# Codes the checklists were written against (the brief that set up the catalogue).
EXPECTED_CODES = [
    "IM.PLAN.01",
    "IM.MES.01",
    "IM.NET.01",
    "IM.CLOUD.01",
    "IM.SEC.01",
    "IM.EMS.01",
    "IM.WMS.01",
    "IM.MAINT.01",
    "EN.VFD.01",
    "EN.MOTOR.01",
    "EN.AIR.01",
    "EN.AIR.02",
    "EN.AIR.03",
    "EN.HEAT.01",
    "EN.HEAT.02",
    "EN.STEAM.01",
    "EN.BOIL.01",
    "EN.LIGHT.01",
    "EN.PV.01",
    "EN.EMS.01",
    "EN.METER.01",
    "EN.TRANS.01",
    "EN.PF.01",
    "WA.COOL.01",
    "WA.COOL.02",
    "WA.COND.01",
    "WA.REUSE.01",
    "WA.LEAK.01",
    "WA.METER.01",
    "WA.RINSE.01",
    "WA.RAIN.01",
    "CP.AUDIT.01",
    "CP.AUDIT.02",
    "CP.MAT.01",
    "CP.WASTE.01",
    "CP.VOC.01",
    "SA.DUST.01",
    "SA.CONF.01",
    "SA.CHEM.01",
    "SA.EQUIP.01",
    "SA.FIRE.01",
    "SA.GAS.01",
    "SA.OH.01",
    "SA.ENV.01",
    "SA.ENV.02",
    "SA.WASTE.01",
    "SA.STD.01",
]


def raw_catalogue() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CATALOGUE_PATH.read_text("utf-8"))
    return data


def trigger_codes(node: Any) -> Iterator[str]:
    """Every ``measure`` named in a ``triggers`` list, wherever it sits in a checklist."""
    if isinstance(node, dict):
        for trigger in node.get("triggers") or []:
            if isinstance(trigger, dict) and isinstance(trigger.get("measure"), str):
                yield trigger["measure"]
        for value in node.values():
            yield from trigger_codes(value)
    elif isinstance(node, list):
        for value in node:
            yield from trigger_codes(value)


def estimator_function(name: str) -> Callable[..., object]:
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        found = getattr(module, name, None)
        if found is not None:
            assert callable(found)
            return found  # type: ignore[no-any-return]
    raise AssertionError(f"no estimator {name} in {', '.join(MODULES)}")


def test_measures_catalogue_loads_shipped_file_once() -> None:
    catalogue = measures_catalogue()
    assert catalogue is measures_catalogue()
    assert catalogue.version == "2026.2" == raw_catalogue()["version"]
    assert len(catalogue) == len(raw_catalogue()["measures"])


def test_measures_catalogue_has_enough_measures_in_every_area() -> None:
    catalogue = measures_catalogue()
    assert len(catalogue) >= 40
    per_area: Counter[str] = Counter(m.area for m in catalogue.measures)
    assert set(per_area) == set(AREAS)
    assert all(per_area[a] >= 5 for a in AREAS), per_area
    assert [m.code for m in by_area("EN")] == [m.code for m in catalogue.measures if m.area == "EN"]


def test_measures_catalogue_codes_unique_and_well_formed() -> None:
    codes = [m["code"] for m in raw_catalogue()["measures"]]
    assert len(codes) == len(set(codes))
    for m in measures_catalogue().measures:
        assert CODE.fullmatch(m.code)
        assert m.code.split(".")[:2] == [m.area, m.category]


def test_measures_catalogue_holds_the_codes_the_checklists_were_written_against() -> None:
    missing = [c for c in EXPECTED_CODES if c not in measures_catalogue()]
    assert not missing


def test_measures_catalogue_holds_every_checklist_trigger() -> None:
    if not CHECKLIST_FILES:
        pytest.skip("no checklist file yet")
    catalogue = measures_catalogue()
    missing = {
        f"{path.parent.name}/{path.name}: {code}"
        for path in CHECKLIST_FILES
        for code in trigger_codes(json.loads(path.read_text("utf-8")))
        if code not in catalogue
    }
    assert not missing, sorted(missing)


def test_measures_catalogue_estimators_exist_and_take_the_inputs() -> None:
    named = [m for m in measures_catalogue().measures if m.estimator is not None]
    assert named
    for m in named:
        assert m.estimator is not None
        function = estimator_function(m.estimator)
        keys = {i.key for i in m.inputs}
        # what the estimator cannot do without (Estimate parameters come from other estimators)
        required = {
            p.name
            for p in inspect.signature(function).parameters.values()
            if p.default is inspect.Parameter.empty and "Estimate" not in str(p.annotation)
        }
        assert required <= keys, (m.code, required - keys)


def test_measures_catalogue_figures_are_ranges_or_explained() -> None:
    raw = raw_catalogue()
    assert raw["notes"]["zh"] and raw["notes"]["en"]  # says why every investment is null
    for m in measures_catalogue().measures:
        for r in (m.saving, m.payback_years, m.investment):
            assert r is None or 0 <= r.min <= r.max
        if m.saving is None or m.payback_years is None:
            assert m.note is not None, f"{m.code}: a null figure must be explained"
    assert get("EN.PV.01").confidence == "L"
    vfd_saving = get("EN.VFD.01").saving
    assert vfd_saving is not None and vfd_saving.unit.startswith("% of")


def test_measures_catalogue_flags_legal_fixes() -> None:
    assert get("CP.AUDIT.01").compliance
    assert get("SA.ENV.01").compliance
    assert get("SA.DUST.01").compliance
    assert not get("EN.LIGHT.01").compliance
    assert not get("CP.AUDIT.02").compliance


def test_measures_catalogue_lookups_refuse_unknown() -> None:
    assert get("EN.AIR.01").label("en").startswith("EN.AIR.01 ")
    with pytest.raises(KeyError, match=r"EN\.NOPE\.01"):
        get("EN.NOPE.01")
    with pytest.raises(ValueError, match="unknown area 'XX'"):
        by_area("XX")


def _broken(change: Callable[[list[dict[str, Any]]], None]) -> dict[str, Any]:
    raw = copy.deepcopy(raw_catalogue())
    change(raw["measures"])
    return raw


def _set(index: int, key: str, value: Any) -> Callable[[list[dict[str, Any]]], None]:
    def change(measures: list[dict[str, Any]]) -> None:
        measures[index][key] = value

    return change


def _duplicate(measures: list[dict[str, Any]]) -> None:
    measures.append(copy.deepcopy(measures[0]))


def _saving_upside_down(measures: list[dict[str, Any]]) -> None:
    vfd = next(m for m in measures if m["code"] == "EN.VFD.01")
    vfd["saving"] = {"min": 50, "max": 20, "unit": "% of fan energy"}


@pytest.mark.parametrize(
    ("change", "entry", "problem"),
    [
        (_duplicate, "measure {last} ({first})", "duplicate code, already used by measure 0"),
        (_set(1, "code", "XX.AIR.01"), "measure 1 (XX.AIR.01)", "must look like"),
        (_set(2, "area", "EN"), "measure 2 ({code2})", "does not match the code prefix"),
        (_saving_upside_down, "({vfd})", "saving: min 50 is above max 20"),
        (_set(0, "title", {"zh": "只有中文"}), "measure 0 ({first})", "title needs non-empty"),
        (_set(0, "counts_as", ["other"]), "measure 0 ({first})", "unknown kinds ['other']"),
        (_set(0, "estimator", "no_such_fn"), "measure 0 ({first})", "estimator 'no_such_fn'"),
        (_set(0, "confidence", "X"), "measure 0 ({first})", "confidence must be V, K, L or C"),
        (_set(0, "payback_years", {"min": -1, "max": 2}), "({first})", "must not be negative"),
    ],
)
def test_measures_catalogue_refuses_bad_entry_naming_it(
    change: Callable[[list[dict[str, Any]]], None], entry: str, problem: str
) -> None:
    measures = raw_catalogue()["measures"]
    entry = entry.format(
        last=len(measures),
        first=measures[0]["code"],
        code2=measures[2]["code"],
        vfd="EN.VFD.01",
    )
    with pytest.raises(MeasuresCatalogueError) as caught:
        MeasuresCatalogue.from_data(_broken(change))
    message = str(caught.value)
    assert message.startswith("measures.json measure ")
    assert entry in message and problem in message, message


def test_measures_catalogue_refuses_unreadable_or_shapeless_file(tmp_path: Path) -> None:
    bad = tmp_path / "measures.json"
    bad.write_text("{not json", "utf-8")
    with pytest.raises(MeasuresCatalogueError, match=r"measures.json: cannot be read"):
        load_measures_catalogue(bad)
    bad.write_text(json.dumps({"version": "x", "measures": {}}), "utf-8")
    with pytest.raises(MeasuresCatalogueError, match="'measures' list"):
        load_measures_catalogue(bad)


def test_measures_catalogue_estimator_names_are_estimate_functions_only() -> None:
    names = estimator_names()
    assert "simple_payback" in names
    assert not {"check", "positive", "quantity"} & names
    assert all(re.fullmatch(r"[a-z_][a-z0-9_]*", n) for n in names)

"""A finalised revision keeps the reference tables it was computed with: after a coefficient
update its figures and its plan read as before, the revision made from it reads on the new
tables, and what changed is said."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from diagnosis import reference_versions
from diagnosis.assessment.assess import assess
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.figures import coefficients
from diagnosis.reference_versions import (
    TABLES,
    current_version,
    current_versions,
    pinned,
    table_path,
)
from diagnosis.report.context import plan_context
from diagnosis.report.plan import render_markup
from diagnosis.visits.document import Document, with_answers
from diagnosis.visits.revision_changes import table_changes

GENERATED = date(2024, 4, 1)
REAL = reference_versions.REFERENCE


def _clear() -> None:
    reference_versions.current_version.cache_clear()
    coefficients._coefficient_table.cache_clear()


def update_grid_factor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Ship a correction: coefficients 2027.1 with East China's 2023 grid factor 0.6000
    instead of 0.5500, the table it replaces kept in the archive. The old version."""
    folder = tmp_path / "reference"
    shutil.copytree(REAL, folder)
    raw = json.loads((REAL / "coefficients.json").read_text("utf-8"))
    old_version = str(raw["version"])
    archived = folder / "archive" / "coefficients" / f"{old_version}.json"
    archived.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REAL / "coefficients.json", archived)
    raw["version"] = "2027.1"
    for c in raw["entries"]:
        if (c["key"], c.get("region"), c.get("year_from")) == ("co2.grid", "east_china", 2023):
            c["value"] = 0.6
    (folder / "coefficients.json").write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    monkeypatch.setattr(reference_versions, "REFERENCE", folder)
    monkeypatch.setattr(reference_versions, "ARCHIVE", folder / "archive")
    _clear()
    return old_version


def electricity_visit() -> Document:
    doc = demo_document(next(enterprises(1, seed=5)), seed=5)
    rows = {"electricity": {"quantity": 1_000_000.0}}
    return with_answers(doc, {"energy": {"E01": 2023, "E02": rows, "E03": 10_000.0}})


def plan(doc: Document) -> str:
    return render_markup(plan_context(doc, assess(doc), "zh", generated=GENERATED), "zh")


def test_reference_every_table_has_its_newest_file_and_its_archive_parses() -> None:
    versions = current_versions()
    assert set(versions) == set(TABLES)
    for name in TABLES:
        assert table_path(name, None).is_file()
        for old in (reference_versions.ARCHIVE / name).glob("*.json"):
            assert old.stem != versions[name], f"{name} {old.stem} is archived and current"
            assert json.loads(old.read_text("utf-8"))["version"] == old.stem
            with pinned({name: old.stem}):
                assert table_path(name, reference_versions.wanted(name)) == old


def test_a_finalised_visit_reads_as_before_after_a_coefficient_update(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    doc = electricity_visit()
    assert assess(doc).indicators["energy.co2_t"].value == pytest.approx(550.0)  # 1 GWh × 0.55
    frozen = replace(doc, visit=replace(doc.visit, status="finalised", tables=current_versions()))
    before_plan = plan(frozen)
    old_version = update_grid_factor(tmp_path, monkeypatch)
    try:
        assert assess(frozen).indicators["energy.co2_t"].value == pytest.approx(550.0)
        assert plan(frozen) == before_plan
        # A draft, and the revision made from the finalised visit, read on the new table.
        revised = replace(frozen, visit=replace(frozen.visit, status="revision", tables={}))
        assert assess(revised).indicators["energy.co2_t"].value == pytest.approx(600.0)
        assert plan(revised) != before_plan
        changes = {c.text("en") for c in table_changes(frozen)}
        assert f"coefficient table: {old_version} → 2027.1" in changes
        assert "CO2 emissions: 550.0 → 600.0" in changes
        assert table_changes(revised) == []  # on the newest tables: nothing to say
    finally:
        _clear()


def test_a_visit_finalised_on_plan_rules_2026_1_still_makes_its_plan() -> None:
    # Plan rules 2026.2 added the cleaner-production audit's cases and deadlines; a visit
    # finalised before reads the 2026.1 rules, which have none of them, and its plan still
    # comes out, with the audit wording that needs no deadline rule.
    doc = demo_document(next(enterprises(1, seed=7)), seed=7)
    frozen = replace(
        doc,
        visit=replace(
            doc.visit, status="finalised", tables={**current_versions(), "plan_rules": "2026.1"}
        ),
    )
    with pinned(frozen.visit.tables):
        assert reference_versions.wanted("plan_rules") == "2026.1"
    text = plan(frozen)
    assert "清洁生产" in text
    assert current_version("plan_rules") != "2026.1"

"""One priority per measure: the measures page shows the number the plan prints (a session once
read 75 in the app and 82 in the plan).

Both read ``assess`` of the stored visit and format ``MeasureView.priority`` through
``diagnosis.display``; they could still disagree where the page showed something other than the
stored visit when the plan was written: an answer undone (or redone) while the page was shown
left its priorities as they were, and figures typed on the page and not saved yet were left out
of a plan exported from the editor (and saved once the page was left). These tests pin both, and
the agreement itself over team figures, decisions, custom measures, pinned tables and both
languages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

import services
from diagnosis.assessment.assess import assess
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.measures.catalogue import measures_catalogue
from diagnosis.measures.decisions import decision_to_dict
from diagnosis.measures.proposals import Decision
from diagnosis.messages import Lang
from diagnosis.report import service as report_service
from diagnosis.report.context import plan_context
from diagnosis.visits.document import Document
from diagnosis.visits.service import VisitService
from gui.report.actions import PlanExports
from gui.visit_editor.measures_model import PRIORITY, MeasuresModel, key_of
from gui.visit_editor.measures_page import MeasuresPage
from gui.visit_editor.window import VisitEditor
from storage.database import Store
from tests.gui.example_visit import EXAMPLE_ID, example_desk, open_editor
from tests.gui.test_measures_page import choose_by_keys, open_page, type_into

GENERATED = date(2026, 12, 7)
WAIT = 30_000  # ms for a plan written by the worker
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def desk(store: Store) -> VisitService:
    return example_desk(store)


def printed(ctx: dict[str, Any]) -> dict[str, str]:
    """Every priority the plan prints, by measure (code, else a custom measure's title): the
    measures table, the declined ones, the five that matter most and the roadmap."""
    m = ctx["measures"]
    rows = [*m["listed"], *m["declined"], *m["top"]]
    rows += [r for group in m["roadmap"].values() for r in group]
    out: dict[str, str] = {}
    for r in rows:
        key = r["code"] or r["title"]
        assert out.setdefault(key, r["priority"]) == r["priority"], key
    return out


def shown(model: MeasuresModel) -> dict[str, str]:
    return {key_of(v): model.index(n, PRIORITY).data() for n, v in enumerate(model.views)}


def plan_of(doc: Document, lang: Lang = "zh") -> dict[str, str]:
    return printed(plan_context(doc, assess(doc), lang, generated=GENERATED))


def _same(page: MeasuresPage, desk: VisitService) -> None:
    """The page shows each priority the plan of the stored visit prints, in either language."""
    doc = desk.open(EXAMPLE_ID)
    on_page = shown(page.model)
    for lang in ("zh", "en"):
        plan = plan_of(doc, lang)
        assert plan, "the plan lists measures"
        for key, value in plan.items():
            assert on_page[key] == value, key


def test_the_page_and_the_plan_show_one_priority(qtbot: QtBot, desk: VisitService) -> None:
    page = open_page(qtbot, desk, EXAMPLE_ID)
    _same(page, desk)
    choose_by_keys(qtbot, page, "EN.VFD.01")
    type_into(qtbot, page, "investment", "12")
    type_into(qtbot, page, "money", "43200")
    qtbot.keyClick(page.fields["money"], Qt.Key.Key_Return, CTRL)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)  # accepted: the plan's priority may move
    _same(page, desk)
    # The team's own figures move it (a payback under a year, a small investment), and both
    # follow; rejected, the plan still prints it among the declined ones.
    choose_by_keys(qtbot, page, "EN.VFD.01")
    type_into(qtbot, page, "investment", "1")
    type_into(qtbot, page, "money", "200000")
    qtbot.keyClick(page.fields["money"], Qt.Key.Key_Return, CTRL)
    assert shown(page.model)["EN.VFD.01"] == "50"
    _same(page, desk)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_R)
    _same(page, desk)


def _answer(qtbot: QtBot, editor: VisitEditor, area: str, item: str, text: str) -> None:
    editor.areas.setCurrentRow(list(editor.doc.visit.areas).index(area))
    editor.widgets[(area, item)].focus_input()
    edit = QApplication.focusWidget()
    assert edit is not None
    edit.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def test_an_answer_undone_on_the_measures_page_moves_its_priority_there_too(
    qtbot: QtBot, desk: VisitService
) -> None:
    """W05 (cooling water recirculated) makes WA.COOL.02's saving: 5,000,000 m³ a year pays
    its investment back within a year. Undone with Ctrl+Z on the measures page, the stored
    answer is back at 37.7 m³ and the plan prints 24: the page read 50 until it was left."""
    editor = open_editor(qtbot, desk, EXAMPLE_ID)
    _answer(qtbot, editor, "water", "W05", "5000000")
    assert desk.open(EXAMPLE_ID).answers["water"]["W05"] == 5_000_000
    editor.areas.setCurrentRow(editor.pages.indexOf(editor.measures_page))
    page = editor.measures_page
    assert shown(page.model)["WA.COOL.02"] == plan_of(desk.open(EXAMPLE_ID))["WA.COOL.02"] == "50"
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL)
    assert desk.open(EXAMPLE_ID).answers["water"]["W05"] == 37.7
    assert plan_of(desk.open(EXAMPLE_ID))["WA.COOL.02"] == "24"
    _same(page, desk)
    qtbot.keyClick(page.table, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # redo
    assert shown(page.model)["WA.COOL.02"] == "50"
    _same(page, desk)


@pytest.fixture
def plans(store_path: Path, settings: QSettings) -> PlanExports:
    return PlanExports(lambda font: services.plan_factory(store_path, font), settings, "zh")


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[dict[str, str]]]:
    """The priorities of each plan the editor exports (to tmp_path/plan.pdf), as printed."""
    plans: list[dict[str, str]] = []
    real = report_service.plan_context

    def spy(*args: Any, **kwargs: Any) -> dict[str, Any]:
        ctx = real(*args, **kwargs)
        plans.append(printed(ctx))
        return ctx

    monkeypatch.setattr(report_service, "plan_context", spy)
    target = str(tmp_path / "plan.pdf")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (target, ""))
    yield plans


def test_a_plan_exported_with_figures_typed_and_not_saved_prints_them(
    qtbot: QtBot, desk: VisitService, plans: PlanExports, written: list[dict[str, str]]
) -> None:
    """The consultant types their own investment and saving for a measure and exports at once
    (Ctrl+E): the figures are saved first, as leaving the page saves them, so the plan prints
    the priority the page shows, not the one before (25 in the plan, 50 on the page once
    the page was left, before)."""
    editor = open_editor(qtbot, desk, EXAMPLE_ID, plans=plans)
    editor.areas.setCurrentRow(editor.pages.indexOf(editor.measures_page))
    page = editor.measures_page
    choose_by_keys(qtbot, page, "EN.VFD.01")
    assert shown(page.model)["EN.VFD.01"] == "25"
    type_into(qtbot, page, "investment", "1")
    type_into(qtbot, page, "money", "200000")
    qtbot.keyClick(page.fields["money"], Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: editor.exporter.job is None, timeout=WAIT)
    assert len(written) == 1 and written[0]["EN.VFD.01"] == "50"
    assert not page.form.dirty()
    editor.areas.setCurrentRow(0)  # leaving the page and coming back changes nothing now
    editor.areas.setCurrentRow(editor.pages.indexOf(page))
    assert shown(page.model)["EN.VFD.01"] == "50"
    _same(page, desk)


def test_a_plan_is_not_exported_while_a_typed_figure_is_refused(
    qtbot: QtBot, desk: VisitService, plans: PlanExports, written: list[dict[str, str]]
) -> None:
    """A figure the page cannot save stops the export (a plan without it would print another
    priority than the page once it is corrected): the page is shown with the reason."""
    editor = open_editor(qtbot, desk, EXAMPLE_ID, plans=plans)
    page = editor.measures_page
    editor.areas.setCurrentRow(editor.pages.indexOf(page))
    choose_by_keys(qtbot, page, "EN.VFD.01")
    type_into(qtbot, page, "investment", "-3")
    editor.areas.setCurrentRow(0)  # leaving the page: refused, kept as typed
    assert page.form.dirty()
    qtbot.keyClick(editor, Qt.Key.Key_E, CTRL)
    assert editor.exporter.job is None and written == []
    assert editor.pages.currentWidget() is page and page.message.text()
    assert "measures page" in editor.statusBar().currentMessage()
    type_into(qtbot, page, "investment", "1")  # corrected, the plan is written with it
    qtbot.keyClick(page.fields["investment"], Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: editor.exporter.job is None, timeout=WAIT)
    assert len(written) == 1
    assert written[0]["EN.VFD.01"] == shown(page.model)["EN.VFD.01"]


def _decided(doc: Document) -> Document:
    """``doc`` with the team's decisions of every kind: its own investment, its own saving,
    both, a rejection, a decision on a measure no longer proposed and a custom measure."""
    views = assess(doc).measures
    kinds = [
        {"status": "accepted", "investment_10k_yuan": 3.0},
        {"status": "accepted", "money_saved_yuan": 120_000.0},
        {"status": "planned", "investment_10k_yuan": 1.0, "money_saved_yuan": 200_000.0},
        {"status": "rejected"},
        {"status": "proposed", "investment_10k_yuan": 250.0, "money_saved_yuan": 10_000.0},
        {},
    ]
    decisions = [
        Decision(v.code, **kinds[n % len(kinds)])  # type: ignore[arg-type]
        for n, v in enumerate(views)
        if v.code is not None and kinds[n % len(kinds)]
    ]
    proposed = {v.code for v in views}
    gone = next(c for c in measures_catalogue().codes() if c not in proposed)
    decisions.append(Decision(gone, "accepted", investment_10k_yuan=8.0))
    decisions.append(
        Decision(None, "accepted", custom=True, title="自定义 LED", money_saved_yuan=9_000.0)
    )
    return replace(doc, measures=tuple(decision_to_dict(d) for d in decisions))


@pytest.mark.parametrize("seed", [1, 4, 7])
def test_the_model_shows_what_the_plan_prints_on_demo_visits(qapp: QApplication, seed: int) -> None:
    """The page's table and the plan, from one assessment of the same visit: every measure's
    priority alike with the team's figures, decisions and custom measures, in both languages,
    and on a revision pinned to the previous measures catalogue."""
    firm = list(enterprises(seed, seed=3))[-1]
    for doc in (demo_document(firm, seed=seed), _decided(demo_document(firm, seed=seed))):
        pinned = replace(doc, visit=replace(doc.visit, tables={"measures": "2026.1"}))
        for visit in (doc, pinned):
            for lang in ("zh", "en"):
                model = MeasuresModel(lang)
                model.set_views(assess(visit).measures)
                on_page, plan = shown(model), plan_of(visit, lang)
                assert plan and set(plan) <= set(on_page)
                assert {k: on_page[k] for k in plan} == plan

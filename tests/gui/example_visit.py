"""The test fixture visit (tests/data/visit-2026.1.json) in a real store, and the visit editor
opened on it as a consultant opens it: shown and active."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

import services
from diagnosis.messages import Lang
from diagnosis.visits.document import parse_document
from diagnosis.visits.service import VisitService
from gui.report.actions import PlanExports
from gui.visit_editor.window import VisitEditor
from storage.database import Store

EXAMPLE = Path(__file__).resolve().parents[2] / "tests" / "data" / "visit-2026.1.json"
EXAMPLE_ID = str(json.loads(EXAMPLE.read_text("utf-8"))["visit"]["id"])


def example_desk(store: Store) -> VisitService:
    """A desk over ``store`` holding the example visit."""
    services.visit_service(store).import_document(
        parse_document(json.loads(EXAMPLE.read_text("utf-8")))
    )
    return services.visit_service(store)


def open_editor(
    qtbot: QtBot,
    desk: VisitService,
    visit_id: str,
    lang: Lang = "zh",
    plans: PlanExports | None = None,
) -> VisitEditor:
    editor = VisitEditor(desk, visit_id, lang, plans=plans)
    qtbot.addWidget(editor)
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    return editor

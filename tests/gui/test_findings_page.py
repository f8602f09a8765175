"""Findings with photos in the visit editor: added by keyboard, photos stored in a worker,
thumbnails shown, a refused photo explained and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from diagnosis.visits.service import VisitService
from gui.visit_editor.findings_page import FindingsPage
from storage.database import Store
from tests.gui.example_visit import EXAMPLE_ID, example_desk
from tests.gui.keys import commit_text


@pytest.fixture
def desk(store: Store) -> VisitService:
    return example_desk(store)


@pytest.fixture
def visit_id() -> str:
    return EXAMPLE_ID


def page(qtbot: QtBot, desk: VisitService, visit_id: str) -> FindingsPage:
    p = FindingsPage(desk, visit_id, "zh")
    qtbot.addWidget(p)
    with qtbot.waitActive(p):
        p.show()
        p.activateWindow()
    return p


def test_findings_page_adds_a_finding_with_a_photo(
    qtbot: QtBot, desk: VisitService, visit_id: str, tmp_path: Path
) -> None:
    p = page(qtbot, desk, visit_id)
    before = p.model.rowCount()
    picture = tmp_path / "valve.png"
    Image.new("RGB", (4000, 3000), (30, 90, 160)).save(picture)
    p.add_photo_paths([picture, tmp_path / "notes.txt"])  # the text file is not a picture
    assert "1" in p.photos_label.text()
    p.severity.setCurrentIndex(p.severity.findData("serious"))
    p.text.setFocus()
    commit_text(p.text, "蒸汽阀门保温层破损")
    qtbot.keyClick(p.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: p.model.rowCount() == before + 1, timeout=10_000)
    stored = desk.open(visit_id).findings[-1]
    assert (stored.text, stored.severity, len(stored.photos)) == (
        "蒸汽阀门保温层破损",
        "serious",
        1,
    )
    with Image.open(desk.photo_path(stored.photos[0])) as image:  # type: ignore[arg-type]
        assert image.size == (2048, 1536)
    shown = [p.photos.item(n).icon() for n in range(p.photos.count())]
    assert len(shown) == 1 and not shown[0].isNull(), "the new finding's photo is shown"


def test_findings_page_explains_a_refused_photo(
    qtbot: QtBot, desk: VisitService, visit_id: str, tmp_path: Path
) -> None:
    p = page(qtbot, desk, visit_id)
    before = desk.open(visit_id).findings
    fake = tmp_path / "broken.jpg"
    fake.write_text("not a picture")
    p.add_photo_paths([fake])
    commit_text(p.text, "配电箱未上锁")
    p.add_finding()
    qtbot.waitUntil(lambda: p.job is None, timeout=10_000)
    assert "broken.jpg" in p.message.text()
    assert desk.open(visit_id).findings == before


def test_findings_page_ties_a_finding_to_a_question_typed_by_keyboard(
    qtbot: QtBot, desk: VisitService, visit_id: str
) -> None:
    p = page(qtbot, desk, visit_id)
    p.area.setFocus()
    p.area.setCurrentIndex(p.area.findData("energy"))
    assert p.item.itemData(0) is None and p.item.count() > 10  # whole area, then its questions
    wanted = p.item.itemData(5)
    p.item.setFocus()
    p.item.lineEdit().selectAll()
    qtbot.keyClicks(p.item.lineEdit(), str(wanted).lower())  # the id is enough
    commit_text(p.text, "空压机站无能耗计量")
    p.text.setFocus()
    qtbot.keyClick(p.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desk.open(visit_id).findings[-1].text == "空压机站无能耗计量")
    stored = desk.open(visit_id).findings[-1]
    assert (stored.area, stored.item) == ("energy", wanted)
    assert f"· {wanted}" in p.model.data(p.model.index(p.model.rowCount() - 1, 1))


def test_findings_page_shows_progress_while_photos_are_stored(
    qtbot: QtBot, desk: VisitService, visit_id: str, tmp_path: Path
) -> None:
    p = page(qtbot, desk, visit_id)
    pictures = []
    for n in range(3):
        path = tmp_path / f"p{n}.png"
        Image.new("RGB", (3000, 2000), (n * 60, 90, 160)).save(path)
        pictures.append(path)
    p.add_photo_paths(pictures)
    commit_text(p.text, "车间照明为高耗能灯具")
    seen: list[int] = []
    p.progress.valueChanged.connect(seen.append)
    p.add_finding()
    assert p.progress.isVisible() and p.progress.maximum() == 3
    qtbot.waitUntil(lambda: p.job is None, timeout=20_000)
    assert seen[-1] == 3 and not p.progress.isVisible()
    assert len(desk.open(visit_id).findings[-1].photos) == 3

"""Failures read in the app's language with the technical text behind "details" (issue 18.3):
a server that refuses the connection, an address that is not the diagnosis server, a plan that
cannot be written; units in the UI's language; Qt's own file dialog in Chinese."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

import services
from diagnosis.checklists.load import load_checklist
from diagnosis.failures import explain
from diagnosis.sync.ports import SyncError
from diagnosis.visits.service import VisitService
from gui.error_details import describe
from gui.report.actions import PlanExports
from gui.sync.dialog import SyncDialog
from gui.visit_editor.question_widgets import make_question_widget
from storage.database import Store
from storage.sync.transport import HttpTransport
from tests.gui.example_visit import EXAMPLE_ID, example_desk, open_editor

REFUSED_ZH = "无法连接服务器：对方拒绝连接（请检查地址和端口，以及服务器是否在运行）"
WAIT = 30_000


def free_port() -> int:
    """A loopback port nothing listens on (bound, then let go)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def refused() -> SyncError:
    url = f"http://127.0.0.1:{free_port()}"
    with HttpTransport(url, "token") as transport, pytest.raises(SyncError) as caught:
        transport.me()
    return caught.value


def answered(status: int, body: bytes, kind: str) -> SyncError:
    """What the transport makes of a server answering ``status`` with ``body``."""

    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers={"Content-Type": kind})

    mock = httpx.MockTransport(handler)
    with (
        HttpTransport("https://sync.example", "token", transport=mock) as transport,
        pytest.raises(SyncError) as caught,
    ):
        transport.pull(0, 10)
    return caught.value


def test_error_refused_connection_reads_in_each_language_with_errno_behind_details() -> None:
    error = refused()
    assert error.code == "network.unreachable"  # the stable code the CLI and tests rely on
    text_zh, detail = describe(error, "zh")
    assert text_zh == REFUSED_ZH
    assert "Errno" not in text_zh and "Connection refused" in detail
    text_en, _ = describe(error, "en")
    assert text_en.startswith("Cannot reach the server: the connection was refused")


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"<html><body>Not Found</body></html>", "text/html"),  # another web server
        (b'{"detail": "Not Found"}', "application/json"),  # another API
        # The diagnosis server itself, behind a URL with a path of its own in front of /api/v1.
        (b'{"code": "not_found", "reason": "Not found.", "reason_zh": "x"}', "application/json"),
    ],
)
def test_error_wrong_address_says_it_is_not_the_diagnosis_server(body: bytes, kind: str) -> None:
    error = answered(404, body, kind)
    zh, detail = describe(error, "zh")
    en, _ = describe(error, "en")
    assert "不像诊断服务器" in zh and "路径" in zh
    assert "does not look like the diagnosis server" in en and "path" in en
    assert "404" in detail and "Not Found" in detail


def test_error_server_refusal_reads_in_the_servers_own_two_languages() -> None:
    body = (
        b'{"code": "auth.invalid", "reason": "The token is unknown.", '
        b'"reason_zh": "\xe4\xbb\xa4\xe7\x89\x8c\xe6\x97\xa0\xe6\x95\x88"}'
    )
    error = answered(401, body, "application/json")
    assert error.code == "auth.invalid"
    assert describe(error, "zh")[0] == "令牌无效"
    assert describe(error, "en")[0] == "The token is unknown."


def test_error_non_json_answer_is_not_shown_as_parser_words() -> None:
    error = answered(200, b"<html>router login</html>", "text/html")
    zh, detail = describe(error, "zh")
    assert "诊断服务器" in zh and "JSON" not in zh and "not JSON" in detail


class FailingSync:
    def __init__(self, error: BaseException) -> None:
        self.error = error

    def sync(self, _progress: Callable[[str, int, int], None]) -> Any:
        raise self.error


def test_error_sync_dialog_shows_chinese_and_the_errno_behind_the_details_key(
    qtbot: QtBot, chinese: None
) -> None:
    error = refused()
    dialog = SyncDialog(lambda: FailingSync(error), "http://127.0.0.1:1", "wang", None, "zh")  # type: ignore[arg-type, return-value]
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.job is None and dialog.error is not None, timeout=WAIT)
    said = dialog.message.text()
    assert REFUSED_ZH in said
    assert "Errno" not in said and "cannot reach" not in said
    assert dialog.details.isHidden() and dialog.details_button.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # its mnemonic
    qtbot.waitUntil(dialog.details.isVisible)  # a mnemonic clicks after a short animation
    assert "Connection refused" in dialog.details.toPlainText()


@pytest.fixture
def desk(store: Store) -> VisitService:
    return example_desk(store)


def test_error_plan_export_failure_in_chinese_with_detail(
    qtbot: QtBot,
    desk: VisitService,
    store_path: Path,
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plans = PlanExports(lambda font: services.plan_factory(store_path, font), settings, "zh")
    editor = open_editor(qtbot, desk, EXAMPLE_ID, plans=plans)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    target = blocker / "plan.pdf"  # its "folder" is a file: the plan cannot be written
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    qtbot.keyClick(editor, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.exporter.job is None, timeout=WAIT)
    notice = editor.exporter.notice.text()
    assert "Errno" not in notice and "文件夹不存在" in notice
    box = editor.exporter.error_box
    assert isinstance(box, QMessageBox)
    assert "文件夹不存在" in box.text() and "Errno" in box.detailedText()
    box.close()


def test_error_plain_os_error_maps_to_the_catalogue() -> None:
    failure = explain(PermissionError(13, "Permission denied", "/x/plan.pdf"), "plan.failed")
    assert failure.message.text("zh").startswith("无法写入“/x/plan.pdf”：没有权限")
    assert "Permission denied" in failure.detail


def _item(area: str, unit: str) -> Any:
    checklist = load_checklist(area)
    return next(i for i in checklist.items if i.unit == unit)


@pytest.mark.parametrize(
    ("area", "unit", "lang", "shown", "not_shown"),
    [
        ("energy", "年", "en", "(year)", "(年)"),
        ("energy", "万元", "en", "(10k yuan)", "(万元)"),
        ("water", "m³/yr", "zh", "m³/年", "m³/yr"),
        ("cleaner_production", "年/year", "zh", "（年）", "年/year"),
    ],
)
def test_error_units_read_in_the_ui_language(
    qtbot: QtBot, area: str, unit: str, lang: Any, shown: str, not_shown: str
) -> None:
    widget = make_question_widget(_item(area, unit), lang)
    qtbot.addWidget(widget)
    texts = " ".join(label.text() for label in widget.findChildren(QLabel))
    assert shown in texts and not_shown not in texts, texts


def test_error_qt_file_dialog_speaks_chinese(
    qtbot: QtBot, qapp: QApplication, chinese: None
) -> None:
    dialog = QFileDialog(None, "x")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels
    assert not any("Look in" in t or "Files of" in t for t in labels)

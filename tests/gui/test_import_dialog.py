"""The import dialog: a preview that writes nothing, then the import, both in workers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from diagnosis.register.service import RegisterService
from gui.register.import_dialog import ImportDialog

CSV = (
    "宁波市北仑区2024年规上企业诊断名单\n"
    "\n"
    "企业名称,统一社会信用代码,区县（市）,从业人员（人）\n"
    "宁波银行股份有限公司,91330200711192037M,鄞州区,2500\n"
    "雅戈尔集团股份有限公司,９１３３０２００７０４８００６９８ｆ,海曙区,9000\n"
    "坏代码有限公司,91330200711192037N,北仑区,12\n"
)


def write_csv(tmp_path: Path, encoding: str = "gbk") -> Path:
    path = tmp_path / "register.csv"
    path.write_bytes(CSV.encode(encoding))
    return path


def test_import_dialog_preview_writes_nothing_then_imports(
    qtbot: QtBot, service: RegisterService, store_path: Path, tmp_path: Path, chinese: None
) -> None:
    def factory() -> RegisterService:
        from services import register_service
        from storage.database import Store

        return register_service(Store(store_path, verify=False))

    dialog = ImportDialog(factory, "zh", None, str(write_csv(tmp_path)))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.job is None and dialog.plan is not None, timeout=10_000)
    text = dialog.summary.text()
    assert "第 3 行" in text  # the header, below a title row and a blank row
    assert "新增 2 家" in text and "拒绝 1 行" in text, text
    assert dialog.rejected_model.rowCount() == 1
    row = dialog.rejected_model.rows[0]
    assert (row["row"], row["field"]) == (6, "credit_code")
    assert "M" in row["reason"]
    assert service.count() == 0  # a preview writes nothing
    assert dialog.import_button.isEnabled()
    imported: list[bool] = []
    dialog.imported.connect(lambda: imported.append(True))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: bool(imported), timeout=10_000)
    assert service.count() == 2
    assert "已导入" in dialog.summary.text(), dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_import_dialog_names_an_unreadable_file(
    qtbot: QtBot, tmp_path: Path, factory: Callable[[], RegisterService]
) -> None:
    path = tmp_path / "register.txt"
    path.write_text("hello")
    dialog = ImportDialog(factory, "en", None, str(path))
    qtbot.addWidget(dialog)
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.job is None and "txt" in dialog.summary.text(), timeout=10_000)
    assert "unsupported file type '.txt'" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_import_dialog_cancel_writes_nothing(
    qtbot: QtBot, service: RegisterService, tmp_path: Path, factory: Callable[[], RegisterService]
) -> None:
    from diagnosis.demo.enterprises import enterprises

    path = tmp_path / "big.csv"
    lines = ["企业名称,统一社会信用代码"] + [
        f"{e.name},{e.credit_code}" for e in enterprises(5000, seed=3)
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    dialog = ImportDialog(factory, "en", None, str(path))
    qtbot.addWidget(dialog)
    dialog.import_button.setEnabled(True)
    dialog.run_import()  # straight to the import: the worst moment to be cancelled
    assert dialog.close_button.text() == "Cancel"
    dialog.reject()  # the Cancel button: asks the worker to stop, the dialog stays
    qtbot.waitUntil(lambda: dialog.job is None, timeout=10_000)
    assert "Cancelled; nothing was written." in dialog.summary.text()
    assert service.count() == 0
    assert dialog.result() == 0

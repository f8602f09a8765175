"""Screenshots of the main screens for the README and for looking at what we build.

Every main window at a 1280x720 laptop's size, in Chinese and in English: the first-run welcome,
the register, a search, the enterprise editor, the import preview, the visit list, each page of
the visit editor, the plausibility warnings listed before a visit is finalised and the office
view. Run under a real X server so fonts and styles are what a user sees:
``xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python scripts/screenshots.py OUT_DIR``
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The sample stores made here are encrypted with a passphrase of their own, never in a keyring.
os.environ.setdefault("DIAGNOSIS_STORE_PASSPHRASE", "screenshots passphrase")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import main  # noqa: E402
import services  # noqa: E402
from gui.app import App  # noqa: E402
from gui.register.enterprise_editor import EnterpriseDialog  # noqa: E402
from gui.register.import_dialog import ImportDialog  # noqa: E402


def settle(ms: int = 150) -> None:
    app = QApplication.instance()
    assert app is not None
    loop_end = QTimer()
    loop_end.setSingleShot(True)
    loop_end.start(ms)
    while loop_end.isActive():
        app.processEvents()


def save(widget: QWidget, out: Path, name: str) -> None:
    settle()
    widget.grab().save(str(out / f"{name}.png"))
    print("wrote", out / f"{name}.png")


def commit(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


SIZE = (1280, 720)  # the smallest laptop screen the teams carry


def shoot_welcome(out: Path, lang: str, work: Path) -> None:
    """The first start: an empty store, the welcome over the register."""
    qapp = QApplication.instance() or QApplication([])
    assert isinstance(qapp, QApplication)
    settings = QSettings(str(work / f"welcome-{lang}.ini"), QSettings.Format.IniFormat)
    shell = App(
        qapp, settings, services.open_store, services.register_service, services.service_factory
    )
    window = shell.show(work / f"empty-{lang}.sqlite", "en" if lang == "en" else "zh")
    assert window is not None
    window.resize(*SIZE)
    save(window, out, f"welcome-{lang}")
    window.close()
    shell.store.close()
    shell.translations.use("en")


def shoot(out: Path, lang: str, work: Path) -> None:
    db = work / "demo.sqlite"
    if not db.exists():
        main.main(["demo", "--db", str(db), "--enterprises", "2000"])
    shoot_welcome(out, lang, work)
    qapp = QApplication.instance() or QApplication([])
    assert isinstance(qapp, QApplication)
    settings = QSettings(str(work / f"settings-{lang}.ini"), QSettings.Format.IniFormat)
    shell = App(
        qapp,
        settings,
        services.open_store,
        services.register_service,
        services.service_factory,
        build_desk=services.visit_service,
        build_office=services.office_factory,
    )
    window = shell.show(db, "en" if lang == "en" else "zh")
    assert window is not None
    window.resize(*SIZE)
    tag = lang
    save(window, out, f"register-{tag}")
    window.search.setFocus()
    commit(window.search, "北仑 机械")
    window.above.setCurrentIndex(1)
    window.table.selectRow(0)
    save(window, out, f"search-{tag}")
    enterprise = window.model.enterprise_at(0)
    dialog = EnterpriseDialog(window.service, window.lang, enterprise, window)
    dialog.show()
    code = dialog.widgets["credit_code"]
    code.setText(code.text()[:-1] + ("0" if code.text()[-1] != "0" else "1"))
    dialog.widgets["employees"].setText("12.5")
    save(dialog, out, f"editor-{tag}")
    dialog.done(0)
    csv_path = work / "register.csv"
    csv_path.write_bytes(
        (
            "宁波市2024年规上工业企业诊断名单\n\n企业名称,统一社会信用代码,区县（市）,行业,从业人员（人）\n"
            "宁波银行股份有限公司,91330200711192037M,鄞州区,41,2500\n"
            "雅戈尔集团股份有限公司,９１３３０２００７０４８００６９８ｆ,海曙,18 纺织服装,9000\n"
            "某某机械有限公司,91330200711192037N,北仑区,34,abc\n"
            "某某塑料有限公司,913302067619379651,火星区,29,30\n"
        ).encode("gbk")
    )
    importer = ImportDialog(window.service_factory, window.lang, window, str(csv_path))
    importer.show()
    importer.preview()
    for _ in range(50):
        settle(50)
        if importer.job is None and importer.plan is not None:
            break
    save(importer, out, f"import-{tag}")
    importer.done(0)
    shoot_visits(out, tag, window)
    office = window.open_office()
    if office is not None:
        office.resize(*SIZE)
        settle(1500)  # the figures are counted on a worker
        save(office, out, f"office-{tag}")
        office.close()
    shoot_editor(out, tag, window.lang, db)
    shoot_doubts(out, tag, window.lang, db)
    window.close()
    shell.store.close()
    shell.translations.use("en")  # the next language starts from a clean slate


def shoot_visits(out: Path, tag: str, window: Any) -> None:
    """The visit list of a firm with a complete demo visit."""
    from gui.visit_editor.visit_list import VisitListDialog

    window.clear_filters()
    window.search.clear()
    visit = window.desk.visits_of
    for row in range(window.model.rowCount()):
        enterprise = window.model.enterprise_at(row)
        if enterprise is not None and visit(enterprise.id):
            break
    dialog = VisitListDialog(window.desk, enterprise, window.lang, window, None)
    dialog.show()
    save(dialog, out, f"visits-{tag}")
    dialog.done(0)


def shoot_editor(out: Path, tag: str, lang: str, db: Path) -> None:
    """Every page of the visit editor on a complete demo visit: the five areas, findings and
    measures, with the results panel beside the questions."""
    from gui.visit_editor.window import VisitEditor

    store = services.open_store(db)
    desk = services.visit_service(store)
    visit = services.visit_service(store).list()[0]
    editor = VisitEditor(desk, visit.id, "en" if lang == "en" else "zh")
    editor.resize(*SIZE)
    editor.show()
    for row in range(editor.areas.count()):
        editor.areas.setCurrentRow(row)
        save(editor, out, f"visit-{row + 1}-{tag}")
    editor.close()
    store.close()


# Answers a firm would not give, each doubted by a plausibility rule (docs/plausibility.md) in
# words and units that read the same in both languages: 2.5 motors of up to 7.5 kW totalling
# 280 kW with 6 on VFD, a boiler at 15 % and a compressed-air leak share of 75 % (the motors'
# new total may put another answer in doubt too, such as E36's fans and pumps).
IMPLAUSIBLE = {
    "E07": {"p_le_7_5": {"count": 2.5, "total_kw": 280.2, "grade": "below_g3", "vfd_count": 6}},
    "E10": {
        "boiler_1": {
            "count": 1,
            "fuel": "natural_gas",
            "capacity_tph": 1.0,
            "efficiency_pct": 15.0,
        }
    },
    "E37": 75.0,
}


def shoot_doubts(out: Path, tag: str, lang: str, db: Path) -> None:
    """The open plausibility warnings that finalising (Ctrl+Shift+F) lists first, on a demo
    visit given the IMPLAUSIBLE answers: another visit than the editor's pages show, left a
    draft (the list is closed as "back to the answers")."""
    from gui.visit_editor.window import VisitEditor

    store = services.open_store(db)
    desk = services.visit_service(store)
    visit = desk.list()[1]
    for item, value in IMPLAUSIBLE.items():
        desk.answer(visit.id, "energy", item, value)
    editor = VisitEditor(desk, visit.id, "en" if lang == "en" else "zh")
    editor.resize(*SIZE)
    editor.show()
    editor.finalise()
    dialog = editor.flow.doubts_dialog
    assert dialog is not None and dialog.isVisible(), "finalising listed no warnings"
    save(dialog, out, f"plausibility-dialog-{tag}")
    dialog.reject()
    editor.close()
    store.close()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots-tmp")
    target.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("zh", "en"):
            shoot(target, lang, Path(tmp))

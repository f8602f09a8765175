"""The register window's commands laid out: actions with shortcuts, menus, toolbar, and which
dropped file the window takes as a register (F1's list of keys is gui.key_help's).

Kept apart so main_window.py holds the window's state and slots. Words here keep the
``MainWindow`` translation context (``QCoreApplication.translate``); nothing here opens a dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMimeData, QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from gui.register.main_window import MainWindow

_LANGUAGES = (("zh", "中文", "Ctrl+Shift+C"), ("en", "English", "Ctrl+Shift+E"))


def plain_action(text: str, parent: QObject) -> QAction:
    """An action with ``text``. Made from its parent alone, then named: given text first,
    PySide weighs QAction(QIcon, ...) too, and a str may become an icon (a file name), so it
    makes Python's icon type with its 1,500 theme names first (1.5 ms of start-up)."""
    action = QAction(parent)
    action.setText(text)
    return action


def add_action(
    window: QMainWindow,
    text: str,
    shortcut: QKeySequence | str | list[QKeySequence],
    slot: Callable[[], object],
    name: str,
) -> QAction:
    """An action of ``window`` named ``name``, live wherever the window has focus."""
    action = plain_action(text, window)
    action.setObjectName(name)
    if isinstance(shortcut, list):
        action.setShortcuts(shortcut)
    else:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def build_menus(window: MainWindow, on_language: Callable[[str], None]) -> None:
    """The menu bar (with a checkable language per entry) and the toolbar of ``window``."""
    bar = window.menuBar()
    file_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&File"))
    file_menu.addActions([window.act_import, window.act_open, window.act_plan_font])
    file_menu.addSeparator()
    file_menu.addAction(window.act_quit)
    ent_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Enterprise"))
    ent_menu.addActions([window.act_new, window.act_edit, window.act_delete])
    ent_menu.addSeparator()
    ent_menu.addActions([window.act_visits, window.act_plans])
    view_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&View"))
    view_menu.addActions([window.act_find, window.act_clear, window.act_reload])
    view_menu.addSeparator()
    view_menu.addAction(window.act_office)
    lang_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Language / 语言"))
    group = QActionGroup(window)
    for code, label, shortcut in _LANGUAGES:
        act = plain_action(label, window)
        act.setCheckable(True)
        act.setObjectName(f"lang_{code}")
        act.setShortcut(QKeySequence(shortcut))
        act.setChecked(code == window.lang)
        act.triggered.connect(lambda _c=False, c=code: on_language(c))
        group.addAction(act)
        lang_menu.addAction(act)
    help_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
    help_menu.addAction(window.act_keys)
    toolbar = window.addToolBar(QCoreApplication.translate("MainWindow", "Main"))
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    toolbar.addActions([window.act_new, window.act_edit, window.act_delete])
    toolbar.addSeparator()
    toolbar.addAction(window.act_import)


def dropped_register(mime: QMimeData) -> str | None:
    """The one local .xlsx or .csv file being dragged, if that is what it is."""
    urls = mime.urls() if mime.hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = urls[0].toLocalFile()
    return path if path.lower().endswith((".xlsx", ".csv")) else None

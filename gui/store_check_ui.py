"""The store's whole-file check in the app: started after the first paint when it is due (an
unclean shutdown, never or long ago: storage.store_check), or from File > Check the store;
its outcome in the status bar, and damage also in a message saying what to do.

It never blocks work: the check runs on a thread of its own (the store's ``start_full_check``),
and this only polls for its end. The store object is the app's (duck-typed: gui never imports
storage); a store found damaged refuses writes from then on.
"""

from __future__ import annotations

from typing import Any

from diagnosis.messages import Lang, Message
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu

from gui.register.main_actions import plain_action

POLL_MS = 200
# After the first paint, the search index and the work list load first (each on a thread).
START_DELAY_MS = 1500


class StoreCheckUi(QObject):
    """Runs and reports the whole-file check of ``store`` shown in ``window``."""

    def __init__(self, window: QMainWindow, store: Any, lang: Lang) -> None:
        super().__init__(window)
        self.window, self.store, self.lang = window, store, lang
        self.running: Any = None
        self.asked = False  # started from the menu: say so when it passes too
        self.label = QLabel()
        self.label.setObjectName("store_check")
        window.statusBar().addPermanentWidget(self.label)
        self.action = plain_action(self.tr("Check the &store"), window)
        self.action.setObjectName("store_check")
        self.action.triggered.connect(lambda _checked=False: self.start(asked=True))
        window.addAction(self.action)
        # In the File menu, before Quit.
        quit_action = window.findChild(QAction, "quit")
        if quit_action is not None:
            for menu in quit_action.associatedObjects():
                if isinstance(menu, QMenu):
                    menu.insertAction(quit_action, self.action)

    def start_when_due(self) -> None:
        """After the first paint: the check, if the store says it is due."""
        if getattr(self.store, "full_check_due", None):
            # With this object as the context: never called once the window has gone.
            QTimer.singleShot(START_DELAY_MS, self, lambda: self.start(asked=False))

    def start(self, *, asked: bool) -> None:
        self.asked = self.asked or asked
        if self.running is not None:
            return
        self.running = self.store.start_full_check()
        self.action.setEnabled(False)
        self.label.setText(self.tr("Checking the store…"))
        QTimer.singleShot(POLL_MS, self, self._poll)

    def _poll(self) -> None:
        if not self.running.done():
            QTimer.singleShot(POLL_MS, self, self._poll)
            return
        check, self.running = self.running, None
        self.action.setEnabled(True)
        # Here, not at the top: the message box's type costs PySide a millisecond to make, and
        # this module is loaded before the window's first paint.
        from PySide6.QtWidgets import QMessageBox

        error = self.store.note_full_check(check)
        if error is None:
            self.label.setText(self.tr("Store checked: no damage"))
            if self.asked:
                QMessageBox.information(
                    self.window, self.tr("Check the store"), self.tr("The store has no damage.")
                )
            self.asked = False
            return
        self.asked = False
        self.label.setText(self.tr("The store is damaged: nothing more is saved"))
        self.label.setStyleSheet("color: #b00020; font-weight: bold")
        QMessageBox.critical(self.window, self.tr("Check the store"), self.damage_text(error))

    def damage_text(self, error: Any) -> str:
        what = error.message.text(self.lang)
        now = self.tr(
            "From now on nothing more is saved to this store; what is on screen can still be "
            "read. What to do: close the app, then:"
        )
        # The steps are the store's own words, which `store check` prints too.
        todo = Message("store.damaged_todo").text(self.lang)
        how = self.tr("(A new store here: File > Open database…, a new file name, then Sync.)")
        return f"{what}\n\n{now}\n{todo}\n{how}"

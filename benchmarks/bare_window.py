"""Baseline for the start-up figure: a bare PySide6 main window, shown and painted."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()


def done() -> None:
    app.processEvents()
    print("shown", flush=True)
    app.quit()


QTimer.singleShot(0, done)
app.exec()

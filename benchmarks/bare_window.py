"""Baseline for the start-up figure: a bare PySide6 main window, shown and painted."""

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()


def done() -> None:
    app.processEvents()
    print(f"cpu {time.thread_time():.4f} {time.process_time():.4f}", file=sys.stderr)
    print("shown", flush=True)
    app.quit()


QTimer.singleShot(0, done)
app.exec()

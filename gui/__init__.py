"""PySide6 front end: windows, dialogs, Qt models and workers.

Shows and asks only: data comes from diagnosis/ services that services.py (the composition
root) wires to storage/; no SQL and no business rules live here.
"""

from gui import pyside_scan

# Before any window module is imported: they load after PySide, which would read each one's
# source (gui.pyside_scan).
pyside_scan.install()

"""PySide6 front end: windows, dialogs, Qt models and workers.

Shows and asks only: data comes from diagnosis/ services that services.py (the composition
root) wires to storage/; no SQL and no business rules live here.
"""

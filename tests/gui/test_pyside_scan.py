"""gui.pyside_scan: PySide no longer reads the source of our modules (nor the standard
library's) at import, and what it is told is true: none of our modules uses a __feature__."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = """
import json, sys
import services
import diagnosis.messages  # loaded before PySide: entered when PySide's table appears
import gui  # installs the finder, as the app's first gui import does
import PySide6.QtWidgets
import PySide6.support.feature as feature
read = []
scan = feature._mod_uses_pyside
def recorded(module):
    read.append(module.__name__)
    return scan(module)
feature._mod_uses_pyside = recorded
import gui.app, gui.register.main_window, gui.visit_editor.window, datetime, decimal
table = feature.pyside_feature_dict
names = ("gui.app", "decimal", "diagnosis.messages", "typing")
print(json.dumps({"read": read, **{name: table.get(name) for name in names}}))
"""


def test_pyside_scan_reads_no_source_of_ours_nor_the_standard_librarys() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    seen = json.loads(out.splitlines()[-1])
    ours = ("gui", "diagnosis", "storage", "commands", "services")
    read = [n for n in seen["read"] if n.partition(".")[0] in ours]
    stdlib = [n for n in seen["read"] if n.partition(".")[0] in sys.stdlib_module_names]
    assert read == [] and stdlib == [], seen["read"]
    # What PySide would have found itself: ours use it without switches, the rest not at all.
    assert seen["gui.app"] == 0 and seen["diagnosis.messages"] == 0
    assert seen["decimal"] == -1 and seen["typing"] == -1


def test_pyside_scan_none_of_our_modules_uses_a_feature_switch() -> None:
    for folder in ("gui", "diagnosis", "storage", "commands"):
        for path in (ROOT / folder).rglob("*.py"):
            assert "__feature__" not in path.read_text(encoding="utf-8") or path.name == (
                "pyside_scan.py"
            ), path
    for name in ("services.py", "main.py"):
        assert "__feature__" not in (ROOT / name).read_text(encoding="utf-8")

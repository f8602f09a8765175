"""Fontconfig read on another core before Qt asks for it (gui.font_warmup): its configuration
and font cache are loaded before Qt is imported, and Qt's text then measures as it did; where
there is no fontconfig nothing is started."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gui import font_warmup

ROOT = Path(__file__).resolve().parents[2]

# In a process of its own: fontconfig is read once per process. Whether its font cache is
# mapped before Qt is imported says whether the warm-up read it; then a text is measured.
_PROBE = """
import os, sys
import cryptography.hazmat.bindings._rust  # loads cffi's backend, as the app's start does
from gui import font_warmup
if sys.argv[1] == "warm":
    font_warmup.start().join()
def cache_mapped():
    with open(f"/proc/{os.getpid()}/maps") as maps:
        return any("fontconfig" in line and ".cache-" in line for line in maps)
before_qt = cache_mapped()
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication([])
box = QLineEdit("宁波 Ningbo")
print(before_qt, box.fontMetrics().horizontalAdvance("宁波 Ningbo"), cache_mapped())
"""


def _probe(mode: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    return done.stdout.split()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig: Linux desktops")
def test_font_warmup_reads_fontconfig_before_qt_and_text_measures_alike() -> None:
    cold_before, cold_width, cold_after = _probe("cold")
    warm_before, warm_width, _ = _probe("warm")
    if cold_after != "True":
        pytest.skip("this machine's fontconfig keeps no font cache to see")
    assert (cold_before, warm_before) == ("False", "True")  # read by the warm-up, not by Qt
    assert warm_width == cold_width  # the same fonts, the same text widths


def test_font_warmup_starts_nothing_without_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(font_warmup, "LIBRARY", "libno-such-fontconfig.so.1")
    assert font_warmup.start() is None
    monkeypatch.delitem(sys.modules, "_cffi_backend", raising=False)
    monkeypatch.setattr(font_warmup, "LIBRARY", "libfontconfig.so.1")
    assert font_warmup.start() is None

"""Smoke checks of a frozen build (scripts/freeze.py): run the built programs as a user would.

Each check runs the build's command-line program in a scratch folder with its own user folders,
its own store passphrase and no system keyring, so it never touches the machine's real store,
settings or keyring. A check returns what it saw, or raises SmokeError saying what failed.
Used by ``freeze.py --check`` (also on the Windows build machine) and by tests/test_freeze.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

NAME = "diagnosis-workbench"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
# The files a plan, a checklist page or the UI (Chinese, English plurals) reads at run time, under
# _internal/.
INSIDE = (
    "templates/plan/zh",
    "templates/plan/en",
    "diagnosis/checklists/energy",
    "diagnosis/reference/measures.json",
    "diagnosis/reference/coefficients.json",
    "gui/i18n/zh_CN.qm",
    "gui/i18n/en.qm",
    "PySide6/Qt/translations/qtbase_zh_CN.qm",
)


class SmokeError(AssertionError):
    """A check of the build failed; the message says which and what was seen."""


class Build:
    """A built folder and a scratch folder to run it in."""

    def __init__(self, folder: Path, scratch: Path) -> None:
        self.folder = folder.resolve()  # the programs run from the scratch folder
        self.scratch = scratch
        self.cli = self.folder / f"{NAME}-cli{EXE_SUFFIX}"
        self.app = self.folder / f"{NAME}{EXE_SUFFIX}"
        self.store = scratch / "store" / "diagnosis.sqlite"
        home = scratch / "home"
        self.env = {
            **os.environ,
            "DIAGNOSIS_STORE_PASSPHRASE": "frozen smoke test passphrase",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "PYTHONIOENCODING": "utf-8",
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(home),
            "USERPROFILE": str(home),
            "APPDATA": str(home / "AppData" / "Roaming"),
            "LOCALAPPDATA": str(home / "AppData" / "Local"),
            **{var: str(home / var.lower()) for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME")},
        }

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.cli), *args],
            cwd=self.scratch,
            env=self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        if done.returncode != 0:
            raise SmokeError(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr[-2000:]}")
        return done.stdout


def check_contents(build: Build) -> str:
    """Both programs, the data files and Qt's Chinese are inside the folder."""
    missing = [p.name for p in (build.cli, build.app) if not p.is_file()]
    missing += [rel for rel in INSIDE if not (build.folder / "_internal" / rel).exists()]
    if missing:
        raise SmokeError(f"missing from {build.folder}: {', '.join(missing)}")
    # Linux builds link some libraries twice by symlink: count each file once.
    files = [f for f in build.folder.rglob("*") if f.is_file() and not f.is_symlink()]
    size = sum(f.stat().st_size for f in files)
    return f"{len(INSIDE)} data paths and both programs present; {size / 2**20:.0f} MB"


def check_starts(build: Build) -> str:
    """The program starts and answers --help."""
    out = build.ok("--help")
    if "Enterprise diagnosis workbench" not in out or "report" not in out:
        raise SmokeError(f"--help did not describe the workbench:\n{out[:500]}")
    return "--help answered"


def check_store(build: Build) -> str:
    """A new encrypted store is made (SQLCipher inside), filled and read back."""
    build.store.parent.mkdir(parents=True, exist_ok=True)
    build.ok("demo", "--db", str(build.store), "--enterprises", "5", "--visits", "1")
    if build.store.read_bytes()[:16] == b"SQLite format 3\x00":
        raise SmokeError("the store was written in clear: SQLCipher is not in the build")
    visits = json.loads(build.ok("visit", "list", "--db", str(build.store), "--json"))
    if len(visits) != 1 or not _has_chinese(visits[0].get("enterprise", "")):
        raise SmokeError(f"visit list did not give the demo's visit: {visits!r}")
    return f"encrypted store with {len(visits)} visit of {visits[0]['enterprise']}"


def check_plan(build: Build) -> str:
    """The demo visit's plan renders in Chinese with the font embedded (after check_store)."""
    visits = json.loads(build.ok("visit", "list", "--db", str(build.store), "--json"))
    pdf = build.scratch / "plan.pdf"
    args = ("report", visits[0]["id"], "--db", str(build.store), "--out", str(pdf))
    result = json.loads(build.ok(*args, "--lang", "zh", "--json"))
    if not result.get("font_embedded"):
        raise SmokeError(f"the plan's Chinese font was not embedded: {result!r}")
    text = pdf_text(pdf)
    if text is not None and "改进方案" not in text:
        raise SmokeError(f"the plan's text has no Chinese title:\n{text[:300]}")
    seen = "text checked" if text is not None else "text not read (no pdftotext nor pypdf)"
    return f"{result.get('pages')}-page plan, font embedded, {seen}"


def check_window(build: Build) -> str:
    """The desktop app opens the store and shows its window (Qt's platform plugins are inside).
    DIAGNOSIS_QUIT_WHEN_SHOWN makes the app print "shown" once its rows are on screen, and quit."""
    started = time.monotonic()
    done = subprocess.run(
        [str(build.cli), "gui", "--db", str(build.store)],
        cwd=build.scratch,
        env={**build.env, "DIAGNOSIS_QUIT_WHEN_SHOWN": "1"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        check=False,
    )
    seconds = time.monotonic() - started
    if done.returncode != 0 or done.stdout.strip() != "shown" or "Traceback" in done.stderr:
        raise SmokeError(
            f"the window was not shown (exit {done.returncode}):\n{done.stdout[-500:]}"
            f"\n{done.stderr[-2000:]}"
        )
    return f"window shown on the store {seconds:.2f} s after the start"


CHECKS = (check_contents, check_starts, check_store, check_plan, check_window)


def smoke(folder: Path, scratch: Path) -> list[str]:
    """Run every check in order; the first failure raises SmokeError."""
    build = Build(folder, scratch)
    return [f"{check.__name__}: {check(build)}" for check in CHECKS]


def pdf_text(pdf: Path) -> str | None:
    """The PDF's text by poppler's pdftotext, else pypdf; None when neither is here."""
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
        )
        return done.stdout.decode("utf-8")
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)

"""Where an encrypted photo is shown or printed from: a private folder of this process, never
beside the store.

Qt's image reader and the plan's renderer read files by path, so a photo being looked at is
decrypted into ``$XDG_RUNTIME_DIR`` (memory on Linux desktops, the user's alone) or else the
temporary folder, in a 0700 folder of this process that is removed when it exits; one left by a
killed process is removed by the next start.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import shutil
import tempfile
import threading
from pathlib import Path

PREFIX = "diagnosis-workbench-view-"
_folder: list[Path] = []
_guard = threading.Lock()


def view_folder() -> Path:
    """This process's private folder (made on first use)."""
    with _guard:
        if _folder:
            return _folder[0]
        base = _base()
        _remove_stale(base)
        folder = base / f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        folder.mkdir(mode=0o700)
        _folder.append(folder)
        atexit.register(shutil.rmtree, folder, True)
        return folder


def _base() -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir() and os.access(runtime, os.W_OK):
        return Path(runtime)
    return Path(tempfile.gettempdir())


def _remove_stale(base: Path) -> None:
    """Folders of processes that no longer run (killed before they could clean up)."""
    for folder in base.glob(f"{PREFIX}*"):
        try:
            pid = int(folder.name[len(PREFIX) :].split("-")[0])
        except ValueError:
            continue
        if not _running(pid):
            with contextlib.suppress(OSError):
                shutil.rmtree(folder)


def _running(pid: int) -> bool:
    if os.name != "posix":
        return True  # no cheap test: leave it to the temporary folder's own cleaning
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def write_view(target: Path, data: bytes) -> None:
    """A whole file in the view folder (readers never see half of one); no fsync: nothing here
    has to survive a power cut."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise

"""Fontconfig read on another core while Qt is still being imported (Linux desktops).

The first widget that measures text makes Qt initialise fontconfig: it parses the font
configuration and maps the font cache, some 4 ms on the main thread before the first paint.
``start`` has it done first on a thread of its own, in C with the GIL released, so Qt finds it
done. Nothing changes but when: Qt asks fontconfig for the same, already loaded, configuration.

Called through cffi's C backend, which cryptography has loaded before this runs, so that no
module is imported for it (ctypes would cost more than it saves). Where there is no
fontconfig (Windows, macOS) or no backend, nothing is started.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

LIBRARY = "libfontconfig.so.1"
# Open for the life of the process: closing it would unload fontconfig with what it read.
_kept: list[Any] = []


def start() -> threading.Thread | None:
    """Initialise fontconfig on a thread; None where there is nothing to do."""
    backend = sys.modules.get("_cffi_backend")
    if backend is None or not sys.platform.startswith("linux"):
        return None
    try:
        library = backend.load_library(LIBRARY)
        init = library.load_function(
            backend.new_function_type((), backend.new_primitive_type("int"), False), "FcInit"
        )
    except Exception:  # no fontconfig here: Qt uses whatever it has
        return None
    _kept.append(library)
    thread = threading.Thread(target=init, daemon=True, name="fontconfig")
    thread.start()
    return thread

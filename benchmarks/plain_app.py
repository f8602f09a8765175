"""The desktop app on a plain (unencrypted) store: the baseline of the encryption's cost at
start-up (``python -m benchmarks.plain_app gui --db PATH``). For the benchmarks only; the app
itself always encrypts a laptop store."""

import sys
from pathlib import Path
from typing import Any

import main
import services
from storage.database import Store


def _open_plain(path: Path, **options: Any) -> Store:
    options.pop("passphrase", None)
    return Store(path, encrypted=False, **options)


services.open_store = _open_plain
sys.modules.setdefault("main", main)
sys.exit(main.main(sys.argv[1:]))

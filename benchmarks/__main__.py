"""``python -m benchmarks [--json] [--scale] [NAME ...]``: every figure beside its baseline, as a
ratio. ``--scale``: the figures at a city's year of data instead (benchmarks.scale; minutes).

Runs offscreen in a temporary folder; nothing touches the user's data.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import diagnosis, fieldwork, office, register, report, sync
from benchmarks.common import ROOT, Result
from benchmarks.scale import SCALE_FIGURES

FIGURES: dict[str, Callable[[Path], Any]] = {  # each gives a Result, or a list of them
    **register.FIGURES,
    **diagnosis.FIGURES,
    **fieldwork.FIGURES,
    **report.FIGURES,
    **sync.FIGURES,
    **office.FIGURES,
}


def _table(results: list[Result]) -> str:
    lines = [f"{'name':<18}{'value':>12}{'baseline':>12}{'ratio':>8}  {'goal':<16}ok"]
    for r in results:
        lines.append(
            f"{r.name:<18}{r.value:>9.3f} {r.unit:<2}{r.baseline:>9.3f} {r.unit:<2}"
            f"{r.ratio:>8.2f}  {r.goal:<16}{'yes' if r.ok else 'NO'}"
        )
        if r.note:
            lines.append(f"{'':<18}{r.note}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.add_argument(
        "--scale", action="store_true", help="the figures at scale (slow; see benchmarks.scale)"
    )
    parser.add_argument(
        "names",
        nargs="*",
        choices=[*FIGURES, *SCALE_FIGURES, []],
        metavar="NAME",
        help=f"only these figures ({', '.join(FIGURES)})",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The stores made here are encrypted like a user's: with a passphrase (as on a machine with
    # no keyring), never in the user's keyring.
    os.environ.setdefault("DIAGNOSIS_STORE_PASSPHRASE", "benchmark passphrase")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    sys.path.insert(0, str(ROOT))
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="diagnosis-bench-") as tmp:
        table = {**FIGURES, **SCALE_FIGURES}
        for name in args.names or list(SCALE_FIGURES if args.scale else FIGURES):
            measured = table[name](Path(tmp))
            batch = measured if isinstance(measured, list) else [measured]
            results.extend(batch)
            if not args.json:
                print(_table(batch).split("\n", 1)[1], flush=True)
    if args.json:
        print(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=1))
    else:
        print()
        print(_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What every benchmark shares: the result record, timing helpers, and the sample data.

Each figure is measured beside its baseline in the same run and reported as a ratio, so a slow
or busy machine moves both together.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Result:
    name: str
    value: float
    unit: str
    baseline: float
    goal: str  # "ratio <= 2.0" or "<= 16 ms": what `ok` was judged against
    ok: bool
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["ratio"] = round(self.ratio, 3)
        out["value"] = round(self.value, 6)
        out["baseline"] = round(self.baseline, 6)
        return {
            k: out[k] for k in ("name", "value", "unit", "baseline", "ratio", "goal", "ok", "note")
        }


def by_ratio(
    name: str, value: float, baseline: float, unit: str, limit: float, note: str = ""
) -> Result:
    ratio = value / baseline if baseline else float("inf")
    return Result(name, value, unit, baseline, f"ratio <= {limit}", ratio <= limit, note)


def printed(name: str, value: float, baseline: float, unit: str, note: str = "") -> Result:
    """A figure shown beside its baseline, with no goal of its own (the encryption's cost: the
    figure it adds to keeps its goal)."""
    return Result(name, value, unit, baseline, "printed", True, note)


def by_value(
    name: str, value: float, baseline: float, unit: str, limit: float, note: str = ""
) -> Result:
    return Result(name, value, unit, baseline, f"<= {limit:g} {unit}", value <= limit, note)


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``fn`` in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def demo_store(path: Path, n: int, *, encrypted: bool = True) -> Path:
    """A store with ``n`` demo enterprises (built once per run); ``encrypted=False``: a plain
    one, the baseline of the encryption's cost."""
    from diagnosis.demo.enterprises import enterprises
    from diagnosis.register.service import RegisterService
    from storage.database import Store
    from storage.enterprises import SqliteEnterpriseRepository

    if not path.exists():
        store = Store(path, user="benchmark", encrypted=encrypted)
        RegisterService(SqliteEnterpriseRepository(store)).repo.save(list(enterprises(n)), [])
        store.close()
    return path


def plain_copy(store: Any, target: Path) -> Path:
    """A plain (unencrypted) copy of an open store, for a bare sqlite3 baseline; SQLCipher
    writes it, so the store's file is never opened by a second SQLite library here."""
    store.conn.execute("ATTACH DATABASE ? AS plain KEY ''", [str(target)])
    try:
        store.conn.execute("SELECT sqlcipher_export('plain')")
    finally:
        store.conn.execute("DETACH DATABASE plain")
    return target

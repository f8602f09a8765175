"""Scale figures (issue 20): import of a district's 100,000-row register, and the store's size.

``import_100k``: the register as districts write it (.xlsx, a title row above the header, every
field) imported into an empty encrypted store, against the same rows put through plain SQL with
the same schema: the file read by openpyxl (read-only, values only) and the rows, prepared
beforehand, inserted with one ``executemany`` in one transaction into an empty encrypted store.
``import_100k_csv`` the same for the .csv. ``store_size``: the imported store's file against a
plain table of the same rows (the register's columns only, no derived columns, no index).
"""

from __future__ import annotations

import csv
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import Result, by_ratio, printed

N = 100_000
_SEED = 99


def _source_rows(n: int) -> tuple[list[str], list[list[object]]]:
    """The header and rows a district writes: labels with units, district names, 是/否."""
    from diagnosis.demo.enterprises import enterprises
    from diagnosis.register.enterprise import FIELDS
    from diagnosis.register.reference_data import register_reference

    ref = register_reference()
    rows: list[list[object]] = []
    for e in enterprises(n, seed=_SEED):
        row: list[object] = []
        for f in FIELDS:
            value = getattr(e, f.name)
            if f.kind == "district":
                value = ref.districts.label(value)
            elif f.kind == "bool":
                value = "是" if value else "否"
            row.append(value)
        rows.append(row)
    return [f.label_with_unit("zh") for f in FIELDS], rows


def register_files(n: int = N) -> tuple[Path, Path]:
    """The .xlsx and .csv of ``n`` firms, made once per code of the demo (cached beside the
    scale stores)."""
    from openpyxl import Workbook

    from benchmarks.scale_store import cache_dir, demo_key

    folder = cache_dir()
    xlsx = folder / f"register-{n}-{demo_key()}.xlsx"
    csv_path = xlsx.with_suffix(".csv")
    if xlsx.exists() and csv_path.exists():
        return xlsx, csv_path
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"register-{n}-*.*"):  # an older demo's files
        stale.unlink(missing_ok=True)
    header, rows = _source_rows(n)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("名录")
    sheet.append(["宁波市规上工业企业诊断名单（基准测试）"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    partial = xlsx.with_suffix(".partial")
    book.save(partial)
    partial.rename(xlsx)
    with csv_path.with_suffix(".partial").open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    csv_path.with_suffix(".partial").rename(csv_path)
    return xlsx, csv_path


def _read_xlsx(path: Path) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _row in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return count


def _read_csv(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return sum(1 for _row in csv.reader(f))


def _stored_rows(path: Path) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Every column of every enterprise row an import wrote: what the baseline inserts."""
    from storage.database import Store

    store = Store(path, verify=False)
    try:
        cursor = store.conn.execute("SELECT * FROM enterprises")
        columns = [d[0] for d in cursor.description]
        return columns, cursor.fetchall()
    finally:
        store.close()


def import_100k(work: Path, repeat: int = 2) -> list[Result]:
    import services
    from storage.database import Store

    xlsx, csv_path = register_files()
    counter = iter(range(10 * repeat))

    order: list[str] = []

    def ours(path: Path) -> Path:
        db = work / f"import-{next(counter)}.sqlite"
        store = Store(db)
        plan = services.register_service(store).import_file(path)
        store.close()
        assert len(plan.inserts) == N and not plan.rejected, plan.summary("en")["rejected"][:3]
        order[:] = [e.id for e in plan.inserts]
        return db

    first = ours(csv_path)
    columns, stored = _stored_rows(first)
    # In the file's order, as a plain import would insert them (ours sorts them by name).
    by_id = {row[columns.index("id")]: row for row in stored}
    rows = [by_id[eid] for eid in order]
    insert = (
        f"INSERT INTO enterprises ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )

    def plain(read: Callable[[Path], int], path: Path) -> None:
        assert read(path) >= N
        store = Store(work / f"plain-{next(counter)}.sqlite")
        with store.transaction():
            store.conn.executemany(insert, rows)
        store.close()

    times: dict[str, list[float]] = {k: [] for k in ("xlsx", "csv", "plain_xlsx", "plain_csv")}
    for _ in range(repeat):  # interleaved, so drift in the machine's load hits all of them
        for name, run in (
            ("plain_xlsx", lambda: plain(_read_xlsx, xlsx)),
            ("xlsx", lambda: ours(xlsx)),
            ("plain_csv", lambda: plain(_read_csv, csv_path)),
            ("csv", lambda: ours(csv_path)),
        ):
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    med = {k: statistics.median(v) for k, v in times.items()}
    return [
        by_ratio(
            "import_100k",
            med["xlsx"],
            med["plain_xlsx"],
            "s",
            2.0,
            f"{N:,}-row .xlsx into an empty encrypted store; baseline: openpyxl read-only pass "
            "and the same rows inserted by one executemany (same schema, encrypted)",
        ),
        by_ratio(
            "import_100k_csv",
            med["csv"],
            med["plain_csv"],
            "s",
            2.0,
            "the same as .csv (UTF-8 with BOM); baseline: csv.reader pass and the same insert",
        ),
        *store_size(first, work),
    ]


def store_size(db: Path, work: Path) -> list[Result]:
    """The imported store's file against a plain table of the register's columns."""
    from diagnosis.register.enterprise import FIELDS
    from storage.database import Store

    columns = ["id", *(f.name for f in FIELDS)]
    store = Store(db, verify=False)
    try:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rows = store.conn.execute(f"SELECT {', '.join(columns)} FROM enterprises").fetchall()
    finally:
        store.close()
    bare = work / "size-plain.sqlite"
    conn = sqlite3.connect(bare)
    conn.execute(f"CREATE TABLE enterprises ({', '.join(columns)})")
    conn.executemany(f"INSERT INTO enterprises VALUES ({', '.join('?' * len(columns))})", rows)
    conn.commit()
    conn.close()
    mib = 1024 * 1024
    return [
        printed(
            "store_size_100k",
            db.stat().st_size / mib,
            bare.stat().st_size / mib,
            "MiB",
            f"the store after importing {N:,} firms; baseline: a plain SQLite table of the "
            "register's columns (no sync, search or index columns)",
        )
    ]


FIGURES: dict[str, Callable[[Path], Any]] = {"import_100k": import_100k}

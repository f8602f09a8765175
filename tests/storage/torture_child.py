"""One victim of the torture test (test_store_torture.py): works on the store until it is killed,
printing ``ack ...`` only after each unit of work has committed.

    python -m tests.storage.torture_child save STORE ROUND VISIT
    python -m tests.storage.torture_child import STORE ROUND
    python -m tests.storage.torture_child pull STORE ROUND URL TOKEN
    python -m tests.storage.torture_child read STORE

``save``: answers of VISIT, one per commit, as the visit editor saves them (the app's writer
lock held). ``import``: complete visits of new enterprises, one document per commit. ``pull``:
the sync's pull from the start, 100 records a page. ``read``: the other process reading the
store all along, opening and closing it as the commands do.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import services


def save(store_path: Path, round_no: int, visit_id: str) -> None:
    from storage.visits import SqliteVisitRepository

    store = services.open_store(store_path, writer="app")
    visits = SqliteVisitRepository(store)
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        visits.save_answer(visit_id, "energy", f"T{round_no:04d}-{n:05d}", n)
        print(f"ack {visit_id} T{round_no:04d}-{n:05d} {n}", flush=True)


def import_visits(store_path: Path, round_no: int) -> None:
    from diagnosis.demo.enterprises import enterprises
    from diagnosis.demo.visit import demo_document

    store = services.open_store(store_path, writer="visit import")
    service = services.visit_service(store)
    for n, firm in enumerate(enterprises(200, seed=round_no), start=1):
        doc = demo_document(firm, seed=round_no * 1000 + n)
        service.import_document(doc)
        if n == 1:  # the engine is loaded now: from here on the kill lands amid imports
            print("ready", flush=True)
        answers = store.conn.execute(
            "SELECT count(*) FROM answers WHERE visit_id = ? AND deleted = 0", [doc.visit.id]
        ).fetchone()[0]
        print(f"ack {doc.visit.id} {answers}", flush=True)


def pull(store_path: Path, url: str, token: str) -> None:
    from storage.sync.client import SyncClient
    from storage.sync.client_meta import SINCE, put_meta
    from storage.sync.client_pull import PullTally
    from storage.sync.transport import HttpTransport

    store = services.open_store(store_path, writer="sync")
    with store.transaction():  # from the start: every round pulls everything again
        put_meta(store.conn, SINCE, "0")
    client = SyncClient(store, HttpTransport(url, token), store.photos())
    client.page_size = 100
    print("ready", flush=True)

    def progress(stage: str, done: int, _total: int) -> None:
        if stage == "pull":
            print(f"ack pull {done}", flush=True)

    client._pull(progress, PullTally())
    print("done", flush=True)
    time.sleep(3600)  # killed here, at the latest


def read(store_path: Path) -> None:
    from storage.database import Store

    print("ready", flush=True)
    reads = 0
    while True:
        store = Store(store_path, user="reader", verify=False)
        try:
            store.conn.execute("SELECT count(*) FROM answers").fetchone()
            store.conn.execute("SELECT count(*) FROM visits").fetchone()
        finally:
            store.close()
        reads += 1
        if reads % 20 == 0:
            print(f"reads {reads}", flush=True)
        time.sleep(0.01)


if __name__ == "__main__":
    op, path = sys.argv[1], Path(sys.argv[2])
    if op == "save":
        save(path, int(sys.argv[3]), sys.argv[4])
    elif op == "import":
        import_visits(path, int(sys.argv[3]))
    elif op == "pull":
        pull(path, sys.argv[4], sys.argv[5])
    else:
        read(path)

"""The register's first screen read on the open check's thread (storage.first_screen): what the
app shows from it is what the store holds, it is used once, and it is read only while no other
process can write (the writer's lock held from before the read until the store holds its own)."""

from __future__ import annotations

from pathlib import Path

import pytest

import services
from diagnosis.demo.enterprises import enterprises
from diagnosis.register.credit_code import complete
from diagnosis.register.enterprise import Enterprise
from storage import enterprises as enterprise_sql
from storage.first_screen import FIRST_ROWS, FirstScreen, read_first_screen
from storage.store_file import BackgroundCheck
from storage.store_lock import held_here, lock_path
from storage.store_messages import StoreError
from tests.storage.processes import Writer


def _store(path: Path, n: int = 300) -> Path:
    store = services.open_store(path)
    services.register_service(store).repo.save(list(enterprises(n)), [])
    store.close()
    return path


def _refuse_sql(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_args: object) -> None:
        raise AssertionError("read again on the main thread")

    monkeypatch.setattr(enterprise_sql, "read_ids_by_name", refused)
    monkeypatch.setattr(enterprise_sql, "read_display_rows", refused)


def test_first_screen_shown_from_the_early_read_is_what_the_store_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _store(tmp_path / "store.sqlite")
    opener = services.app_opener(db)
    # As when Qt's import outlasts it (a loaded machine may not): the thread's read is done.
    BackgroundCheck.running[db.resolve()].thread.join()
    store = opener(db)
    try:
        expected_ids = enterprise_sql.read_ids_by_name(store.conn)
        expected_rows = enterprise_sql.read_display_rows(store.conn, expected_ids[:60])
        service = services.register_service(store)
        with monkeypatch.context() as patched:
            _refuse_sql(patched)
            ids = service.ids_by_name()
            rows = service.rows(ids[:60])
        assert ids == expected_ids and len(ids) == 300
        assert rows == expected_rows
        # Once only: the next reads are the store's own.
        assert service.rows(ids[:5]) == {i: expected_rows[i] for i in ids[:5]}
        with monkeypatch.context() as patched:
            _refuse_sql(patched)
            with pytest.raises(AssertionError, match="main thread"):
                service.ids_by_name()
    finally:
        store.close()


def test_first_screen_rows_beyond_the_early_read_come_from_the_store(tmp_path: Path) -> None:
    db = _store(tmp_path / "store.sqlite")
    store = services.app_opener(db)(db)
    try:
        service = services.register_service(store)
        ids = service.ids_by_name()
        # A screen the early rows do not cover (a sort restored, a scroll): read, all there.
        wanted = ids[FIRST_ROWS - 10 : FIRST_ROWS + 10]
        assert set(service.rows(wanted)) == set(wanted)
    finally:
        store.close()


def test_first_screen_then_a_write_shows_the_write(tmp_path: Path) -> None:
    db = _store(tmp_path / "store.sqlite", 50)
    store = services.app_opener(db)(db)
    try:
        service = services.register_service(store)
        first = service.ids_by_name()
        service.rows(first[:60])
        new = Enterprise(id="new-1", name="阿阿新企业", credit_code=complete("91330200MA2AAAAA0"))
        service.repo.save([new], [])
        assert service.ids_by_name() == enterprise_sql.read_ids_by_name(store.conn)
        assert "new-1" in service.ids_by_name() and len(service.ids_by_name()) == 51
        assert service.rows(["new-1"])["new-1"].name == "阿阿新企业"
    finally:
        store.close()


def test_first_screen_not_read_while_another_process_may_write(tmp_path: Path) -> None:
    db = _store(tmp_path / "store.sqlite", 20)
    command = Writer(db, 1, by="import-enterprises")  # a command holding the writer's lock
    try:
        command.wait_batch()
        check = BackgroundCheck(db, then=read_first_screen, writer="app")
        assert check.hold is None and check.then is None
        assert check.outcome() is None  # the open check itself still ran and passed
        assert check.take_early() is None
    finally:
        command.kill()


def test_first_screen_hold_let_go_when_the_store_is_opened_or_refused(
    tmp_path: Path,
) -> None:
    db = _store(tmp_path / "store.sqlite", 20)
    check = BackgroundCheck(db, then=read_first_screen, writer="app")
    assert check.hold is not None and held_here(db)
    assert isinstance(check.take_early(), FirstScreen)
    store = services.open_store(db, background=True, started=check, writer="app")
    assert check.hold is None and held_here(db)  # the store's own lock now
    store.close()
    assert not held_here(db)
    # A file that is not a store: refused, and neither the lock nor its file is left behind.
    other = tmp_path / "notes.sqlite"
    other.write_bytes(b"not a database " * 100)
    check = BackgroundCheck(other, then=read_first_screen, writer="app")
    assert check.hold is not None
    with pytest.raises(StoreError):
        services.open_store(other, background=True, started=check, writer="app")
    assert check.hold is None and not held_here(other)
    assert not lock_path(other).exists()

"""A firm imported from a register has the id its credit code gives it (enterprise_id_for), as
one typed in does: the same register imported on two laptops is one record per firm once they
sync, and a firm deleted and imported again comes back as its own record, not a second one."""

from __future__ import annotations

from pathlib import Path

import services
from diagnosis.demo.enterprises import enterprises
from diagnosis.register.enterprise import enterprise_id_for
from tests.diagnosis.test_register_columns import write_csv

FIRMS = list(enterprises(12, seed=21))


def _register(path: Path) -> Path:
    rows: list[list[object]] = [["企业名称", "统一社会信用代码", "所在区"]]
    rows += [[e.name, e.credit_code, "鄞州区"] for e in FIRMS]
    return write_csv(path, rows)


def _ids(db: Path, register: Path) -> dict[str, str]:
    store = services.open_store(db)
    try:
        service = services.register_service(store)
        service.import_file(register)
        return {e.credit_code: e.id for e in service.rows(service.ids_by_name()).values()}
    finally:
        store.close()


def test_import_ids_the_same_on_two_laptops(tmp_path: Path) -> None:
    register = _register(tmp_path / "名单.csv")
    first = _ids(tmp_path / "a.sqlite", register)
    second = _ids(tmp_path / "b.sqlite", register)
    assert len(first) == 12
    assert first == second
    assert all(eid == enterprise_id_for(code) for code, eid in first.items())


def test_import_ids_a_deleted_firm_imported_again_is_its_own_record(tmp_path: Path) -> None:
    register = _register(tmp_path / "名单.csv")
    db = tmp_path / "a.sqlite"
    ids = _ids(db, register)
    gone = FIRMS[3].credit_code
    store = services.open_store(db)
    try:
        service = services.register_service(store)
        service.delete(ids[gone])
        assert service.count() == 11
        plan = service.import_file(register)
        assert plan.summary("en")["inserted"] == 1
        assert service.count() == 12
        back = service.get(ids[gone])
        assert back is not None and back.credit_code == gone
        rows = store.conn.execute(
            "SELECT count(*) FROM enterprises WHERE credit_code = ?", [gone]
        ).fetchone()
        assert rows[0] == 1  # revived, not a second row beside the tombstone
    finally:
        store.close()

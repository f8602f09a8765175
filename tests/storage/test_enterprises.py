"""The enterprise register in SQLite, driven through RegisterService as the app drives it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from diagnosis.messages import DomainError
from diagnosis.register.credit_code import body_check_character, complete
from diagnosis.register.enterprise import Enterprise, enterprise_id_for
from diagnosis.register.search import Filters
from diagnosis.register.service import RegisterService
from storage import database
from storage.database import Store

BANK = Enterprise(name="宁波银行股份有限公司", credit_code="91330200711192037M", employees=5000)
YOUNGOR = Enterprise(name="雅戈尔集团股份有限公司", credit_code="91330200704800698F")
HAITIAN = Enterprise(name="海天塑机集团有限公司", credit_code="91330200717285453P", employees=300)
RISEN = Enterprise(name="东方日升新能源股份有限公司", credit_code="913302001449739014")


def code_for(i: int) -> str:
    body = f"{10_000_000 + i:08d}"
    check = body_check_character(body)
    assert check is not None
    return complete("91330200" + body + check)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A clock that moves one second per stamp, so no test has to sleep."""
    seen: list[str] = []
    ticks = itertools.count()

    def now() -> str:
        value = f"2025-01-01T00:00:{next(ticks):02d}.000+00:00"
        seen.append(value)
        return value

    monkeypatch.setattr(database, "now_iso", now)
    yield seen


def stored(store: Store, enterprise_id: str, *columns: str) -> tuple[object, ...]:
    row = store.conn.execute(
        f"SELECT {', '.join(columns)} FROM enterprises WHERE id = ?", [enterprise_id]
    ).fetchone()
    assert row is not None
    return tuple(row)


def test_repository_save_creates_then_updates_only_changed_fields(
    service: RegisterService, store: Store, clock: list[str]
) -> None:
    created = service.save(BANK)
    assert created.kind == "created"
    assert stored(store, BANK.id, "updated_at", "rev", "dirty") == (clock[0], 0, 1)
    assert service.get(BANK.id) == BANK

    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    try:
        outcome = service.save(BANK.with_values(employees=5100))
    finally:
        store.conn.set_trace_callback(None)
    assert outcome.kind == "updated"
    assert outcome.changed == ("employees",)
    updates = [s for s in statements if s.startswith("UPDATE")]
    assert len(updates) == 1
    assert updates == [
        "UPDATE [enterprises] SET [employees] = 5100, "
        "[updated_at] = '2025-01-01T00:00:01.000+00:00', [updated_by] = 'tester', [dirty] = 1 "
        f"WHERE id = '{BANK.id}'"
    ]
    assert stored(store, BANK.id, "employees", "updated_at") == (5100, clock[1])
    assert service.get(BANK.id) == BANK.with_values(employees=5100)


def test_repository_unchanged_save_writes_nothing(
    service: RegisterService, store: Store, clock: list[str]
) -> None:
    service.save(BANK)
    store.conn.execute("UPDATE enterprises SET dirty = 0")
    changes = store.conn.total_changes
    outcome = service.save(BANK)
    # Normalisation of the code and trimming of the name make no change either.
    again = service.save(
        BANK.with_values(name=f" {BANK.name} ", credit_code="9133 0200 7111 9203 7m")
    )
    assert (outcome.kind, outcome.changed) == ("unchanged", ())
    assert again.kind == "unchanged"
    assert store.conn.total_changes == changes
    assert stored(store, BANK.id, "updated_at", "dirty") == (clock[0], 0)
    assert len(clock) == 1


def test_repository_update_keeps_rev(service: RegisterService, store: Store) -> None:
    service.save(BANK)
    store.conn.execute("UPDATE enterprises SET rev = 4, dirty = 0")
    service.save(BANK.with_values(address="宁东路345号"))
    assert stored(store, BANK.id, "rev", "dirty", "updated_by", "address") == (
        4,
        1,
        "tester",
        "宁东路345号",
    )


def test_repository_rename_recomputes_search(service: RegisterService, store: Store) -> None:
    service.save(HAITIAN)
    service.save(BANK)
    assert service.index().search("海天", Filters()) == [HAITIAN.id]
    service.save(HAITIAN.with_values(name="甬江精密机械有限公司"))
    index = service.index()
    assert index.search("海天", Filters()) == []
    assert index.search("htsj", Filters()) == []
    assert index.search("甬江", Filters()) == [HAITIAN.id]
    assert index.search("yjjm", Filters()) == [HAITIAN.id]
    assert index.search("yongjiang", Filters()) == [HAITIAN.id]
    (sort_name,) = stored(store, HAITIAN.id, "sort_name")
    assert str(sort_name).startswith("yongjiangjingmi")
    # Sorting follows the new name too: ningbo... now comes before yongjiang...
    assert service.order("name") == [BANK.id, HAITIAN.id]


def test_repository_address_change_recomputes_search(service: RegisterService) -> None:
    service.save(BANK)
    service.save(BANK.with_values(address="北仑区新碶街道"))
    assert service.index().search("新碶", Filters()) == [BANK.id]


def test_repository_duplicate_credit_code_refused(service: RegisterService) -> None:
    service.save(BANK)
    copy = Enterprise(name="宁波银行（复制）", credit_code="9133 0200-7111 9203 7m")
    with pytest.raises(DomainError) as caught:
        service.save(copy)
    problems = caught.value.problems
    assert [(p.field, p.message.code) for p in problems] == [("credit_code", "code.duplicate")]
    assert problems[0].message.params == {"name": BANK.name}
    assert BANK.name in problems[0].text("zh")
    assert service.count() == 1
    assert service.get(copy.id) is None


def test_repository_changing_code_to_anothers_refused(service: RegisterService) -> None:
    service.save(BANK)
    service.save(YOUNGOR)
    with pytest.raises(DomainError) as caught:
        service.save(YOUNGOR.with_values(credit_code=BANK.credit_code))
    assert [p.message.code for p in caught.value.problems] == ["code.duplicate"]
    assert service.get(YOUNGOR.id) == YOUNGOR


def test_repository_delete_tombstones(service: RegisterService, store: Store) -> None:
    service.save(BANK)
    service.save(YOUNGOR)
    assert service.count() == 2
    store.conn.execute("UPDATE enterprises SET dirty = 0")
    service.delete(BANK.id)
    assert service.get(BANK.id) is None
    assert service.count() == 1
    assert stored(store, BANK.id, "deleted", "dirty", "name") == (1, 1, BANK.name)
    assert store.conn.execute("SELECT count(*) FROM enterprises").fetchone() == (2,)
    assert service.repo.by_codes([BANK.credit_code]) == {}
    assert service.index().search("", Filters()) == [YOUNGOR.id]
    assert service.order("name") == [YOUNGOR.id]


def test_repository_delete_twice_is_refused(service: RegisterService) -> None:
    service.save(BANK)
    service.delete(BANK.id)
    with pytest.raises(DomainError) as caught:
        service.delete(BANK.id)
    assert [p.message.code for p in caught.value.problems] == ["enterprise.missing"]
    with pytest.raises(DomainError):
        service.delete("no-such-id")


def test_repository_save_writes_new_rows_in_name_order_and_revives_tombstones(
    service: RegisterService, store: Store
) -> None:
    gone = Enterprise(name="宁波银行股份有限公司", credit_code=code_for(0))
    service.save(gone)
    service.delete(gone.id)
    names = ["雅戈尔集团股份有限公司", "海天塑机集团有限公司", "宁波银行股份有限公司", "阿里"]
    new = [Enterprise(name=names[i % 4], credit_code=code_for(i)) for i in range(1, 40)]
    # One of them names the deleted record (the id derives from the code): it comes back.
    back = gone.with_values(name="宁波银行")
    service.repo.save([*new, back], [])
    assert service.count() == 40
    rows = store.conn.execute(
        "SELECT sort_name, id FROM enterprises WHERE id != ? ORDER BY rowid", [gone.id]
    ).fetchall()
    # Rowids follow (sort_name, id): equal names in id order.
    assert rows == sorted(rows)
    assert {r[1] for r in rows} == {e.id for e in new}
    assert stored(store, gone.id, "name", "deleted") == ("宁波银行", 0)


def test_repository_deleted_code_can_be_registered_again(
    service: RegisterService, store: Store
) -> None:
    service.save(BANK)
    service.delete(BANK.id)
    again = Enterprise(name="宁波银行股份有限公司", credit_code=BANK.credit_code, id="typed")
    assert service.save(again, create=True).kind == "created"
    assert service.count() == 1
    # The id derives from the code: the deleted record comes back, one row, live again.
    revived = service.repo.by_codes([BANK.credit_code])[BANK.credit_code]
    assert revived.id == enterprise_id_for(BANK.credit_code)
    rows = store.conn.execute(
        "SELECT id, deleted, dirty FROM enterprises WHERE credit_code = ?", [BANK.credit_code]
    ).fetchall()
    assert rows == [(revived.id, 0, 1)]
    with pytest.raises(DomainError):  # registering a live code again is a duplicate
        service.save(Enterprise(name="x", credit_code=BANK.credit_code), create=True)


@pytest.fixture
def staffed(service: RegisterService) -> dict[str, str]:
    records = {
        "small": Enterprise(name="阿强五金有限公司", credit_code=code_for(1), employees=10),
        "none1": Enterprise(name="北仑模具有限公司", credit_code=code_for(2)),
        "big": Enterprise(name="慈溪电器有限公司", credit_code=code_for(3), employees=900),
        "zero": Enterprise(name="东海机械有限公司", credit_code=code_for(4), employees=0),
        "none2": Enterprise(name="镇海石化有限公司", credit_code=code_for(5)),
        "mid": Enterprise(name="余姚塑料有限公司", credit_code=code_for(6), employees=120),
    }
    for e in records.values():
        service.save(e)
    return {key: e.id for key, e in records.items()}


def test_repository_order_employees_ascending_nulls_last(
    service: RegisterService, staffed: dict[str, str]
) -> None:
    s = staffed
    assert service.order("employees", False) == [
        s["zero"],
        s["small"],
        s["mid"],
        s["big"],
        s["none1"],
        s["none2"],
    ]


def test_repository_order_employees_descending_nulls_last(
    service: RegisterService, staffed: dict[str, str]
) -> None:
    s = staffed
    assert service.order("employees", True) == [
        s["big"],
        s["mid"],
        s["small"],
        s["zero"],
        s["none1"],
        s["none2"],
    ]


def test_repository_order_name_by_pinyin(service: RegisterService, staffed: dict[str, str]) -> None:
    s = staffed
    # aqiang, beilun, cixi, donghai, yuyao, zhenhai: not the code-point order of the characters.
    expected = [s["small"], s["none1"], s["big"], s["zero"], s["mid"], s["none2"]]
    assert service.order("name") == expected
    assert service.order("name", True) == expected[::-1]
    assert [r[0] for r in service.repo.index_rows()] == expected


@pytest.mark.parametrize("descending", [False, True])
def test_repository_order_empty_text_last(service: RegisterService, descending: bool) -> None:
    service.save(BANK.with_values(address=""))
    service.save(YOUNGOR.with_values(address="鄞州区鄞县大道"))
    service.save(HAITIAN.with_values(address="北仑区小港"))
    expected = [HAITIAN.id, YOUNGOR.id] if not descending else [YOUNGOR.id, HAITIAN.id]
    assert service.order("address", descending) == [*expected, BANK.id]


@pytest.mark.parametrize("descending", [False, True])
def test_repository_order_empty_district_last(service: RegisterService, descending: bool) -> None:
    service.save(BANK.with_values(district=None))
    service.save(YOUNGOR.with_values(district="330212"))
    service.save(HAITIAN.with_values(district="330206"))
    expected = [HAITIAN.id, YOUNGOR.id] if not descending else [YOUNGOR.id, HAITIAN.id]
    assert service.order("district", descending) == [*expected, BANK.id]


def test_repository_order_unknown_column_refused(service: RegisterService) -> None:
    with pytest.raises(ValueError, match="search_text"):
        service.order("search_text")


def test_repository_display_rows_more_than_chunk(service: RegisterService) -> None:
    many = [
        Enterprise(id=f"id-{i:05d}", name=f"企业{i:05d}", credit_code=code_for(i))
        for i in range(1000)
    ]
    service.repo.save(many, [])
    assert service.count() == 1000
    wanted = [e.id for e in reversed(many)] + ["missing-1", "missing-2"]
    rows = service.rows(wanted)
    assert len(rows) == 1000
    assert rows["id-00000"] == many[0]
    assert rows["id-00950"] == many[950]
    assert rows["id-00999"].credit_code == code_for(999)
    assert "missing-1" not in rows
    assert service.rows([]) == {}


def test_repository_by_codes(service: RegisterService) -> None:
    for e in (BANK, YOUNGOR, HAITIAN, RISEN):
        service.save(e)
    found = service.repo.by_codes([BANK.credit_code, RISEN.credit_code, "91330200MA293KDE7Q"])
    assert set(found) == {BANK.credit_code, RISEN.credit_code}
    assert found[BANK.credit_code] == BANK
    assert found[RISEN.credit_code].name == RISEN.name
    assert service.repo.by_codes([]) == {}


def test_repository_by_codes_more_than_chunk(service: RegisterService) -> None:
    many = [Enterprise(name=f"企业{i:05d}", credit_code=code_for(i)) for i in range(950)]
    service.repo.save(many, [])
    codes = [code_for(i) for i in range(0, 950, 1)]
    found = service.repo.by_codes(codes)
    assert len(found) == 950
    assert found[code_for(940)].name == "企业00940"


def test_repository_round_trips_every_field(service: RegisterService) -> None:
    full = Enterprise(
        name="宁波银行股份有限公司",
        credit_code=BANK.credit_code,
        district="330212",
        industry="41",
        cluster="246-SOFT",
        above_scale=True,
        willing=True,
        employees=5000,
        output_value=1234.5,
        tax=88.25,
        land_area=12.5,
        data_year=2024,
        address="宁东路345号",
        contact_person="王小明",
        contact_phone="0574-87050000",
        per_mu_class="A",
        green_stars=4,
    )
    service.save(full)
    assert service.get(full.id) == full
    service.save(full.with_values(above_scale=False, willing=False))
    got = service.get(full.id)
    assert got is not None
    assert (got.above_scale, got.willing) == (False, False)


def test_repository_index_rows_carry_filter_fields(service: RegisterService) -> None:
    service.save(BANK.with_values(district="330212", above_scale=True, willing=False))
    service.save(HAITIAN.with_values(district="330206", cluster="246-EQUIP", willing=True))
    index = service.index()
    assert index.search("", Filters(district="330206")) == [HAITIAN.id]
    assert index.search("", Filters(cluster="246-EQUIP")) == [HAITIAN.id]
    assert index.search("", Filters(above_scale=True)) == [BANK.id]
    assert index.search("", Filters(willing=False)) == [BANK.id]


def test_register_save_of_an_enterprise_deleted_meanwhile_is_refused(service) -> None:  # type: ignore[no-untyped-def]
    from diagnosis.messages import DomainError
    from diagnosis.register.enterprise import Enterprise

    e = Enterprise(name="宁波银行股份有限公司", credit_code="91330200711192037M")
    service.save(e)
    service.delete(e.id)
    with pytest.raises(DomainError) as caught:
        service.save(e.with_values(contact_person="王伟"))
    assert [p.message.code for p in caught.value.problems] == ["enterprise.missing"]
    assert service.get(e.id) is None

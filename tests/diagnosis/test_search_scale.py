"""Search and sort built for 300,000 firms (issue 20.3) give the answers they always gave: an
order computed by the store as positions sorts a search as the ids' order did, filters over the
facet codes keep the same firms, and the remembered answers stay bounded."""

from __future__ import annotations

import random
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnosis.register.enterprise import FIELDS, Enterprise
from diagnosis.register.search import NUMBERS, EnterpriseIndex, Filters, Order, fold, search_text
from diagnosis.register.service import RegisterService
from tests.diagnosis.test_search import ALL, row

DISTRICTS = ("330203", "330206", "330212", None)


def firm(i: int, rng: random.Random) -> Enterprise:
    return Enterprise(
        id=f"firm-{i:04d}",
        name=rng.choice(("宁波", "北仑", "海天", "雅戈尔")) + f"{i % 7}号机械有限公司",
        credit_code=f"91330200{i:010d}",
        district=rng.choice(DISTRICTS),
        industry=rng.choice(("3484", "35", "18", None)),
        cluster=rng.choice(("246-TEXT", "246-EQUIP", None)),
        above_scale=rng.random() < 0.5,
        willing=rng.random() < 0.5,
        address=rng.choice(("北仑区小港", "鄞州区", "")),
    )


def test_order_from_positions_sorts_a_search_as_the_ids_did() -> None:
    index = EnterpriseIndex([row(e) for e in ALL])
    ids = ["risen", "haitian", "bank", "youngor"]
    positions = array("i", [index.ids().index(i) for i in ids])
    order = index.order_from(positions, len(ALL))
    assert isinstance(order, Order)
    for query, filters in (("", Filters()), ("集团", Filters()), ("", Filters(willing=True))):
        assert index.search(query, filters, order) == index.search(query, filters, ids)
    assert index.search("", Filters(), order) == ids


def test_order_from_refused_when_the_store_holds_other_firms() -> None:
    index = EnterpriseIndex([row(e) for e in ALL])
    assert index.order_from(array("i", [0, 1, 2]), 3) is None  # one firm fewer in the store
    assert index.order_from(array("i", [0, 1, 2, 3, 3]), 5) is None


def test_order_of_drops_ids_the_index_does_not_hold() -> None:
    index = EnterpriseIndex([row(e) for e in ALL])
    order = index.order_of(["gone", "risen", "bank"])
    assert list(order.positions) == [3, 0]
    assert index.search("", Filters(), order) == ["risen", "bank"]


def test_filter_on_a_value_no_firm_has_keeps_nobody() -> None:
    index = EnterpriseIndex([row(e) for e in ALL])
    assert index.search("", Filters(cluster="nowhere")) == []
    assert index.search("公司", Filters(district="330212", cluster="nowhere")) == []


def _fresh(firms: list[Enterprise], query: str, filters: Filters, order: list[str]) -> list[str]:
    terms = fold(query).split()
    by_id = {e.id: e for e in firms}
    wanted = {
        "district": filters.district,
        "cluster": filters.cluster,
        "above_scale": filters.above_scale,
    }
    return [
        i
        for i in order
        if all(t in search_text(by_id[i]) for t in terms)
        and all(v is None or getattr(by_id[i], k) == v for k, v in wanted.items())
    ]


@settings(max_examples=60, deadline=None, database=None)
@given(
    st.randoms(use_true_random=False),
    st.lists(
        st.tuples(
            st.text(alphabet="宁波北仑海天机械号 nbhtj0123", max_size=5),
            st.sampled_from(DISTRICTS),
            st.sampled_from([None, "246-TEXT"]),
            st.sampled_from([None, True, False]),
            st.booleans(),
        ),
        min_size=1,
        max_size=15,
    ),
)
def test_typing_under_a_sort_matches_a_fresh_search(
    rng: random.Random, steps: list[tuple[str, str | None, str | None, bool | None, bool]]
) -> None:
    """Typing, filtering and switching between two sorts in any sequence: every answer is the
    fresh search's, in the sort's order."""
    firms = [firm(i, rng) for i in range(60)]
    firms.sort(key=lambda e: e.id)
    index = EnterpriseIndex([row(e) for e in firms])
    shuffled = [e.id for e in firms]
    rng.shuffle(shuffled)
    sorts = {False: ([e.id for e in firms], None), True: (shuffled, index.order_of(shuffled))}
    for query, district, cluster, above, sorted_ in steps:
        filters = Filters(district=district, cluster=cluster, above_scale=above)
        ids, order = sorts[sorted_]
        assert index.search(query, filters, order) == _fresh(firms, query, filters, ids)


def test_remembered_answers_stay_bounded_and_right() -> None:
    rng = random.Random(7)
    firms = [firm(i, rng) for i in range(2000)]
    index = EnterpriseIndex([row(e) for e in firms])
    everyone = [e.id for e in firms]
    for query in ("9", "91", "913", "9133", "91330", "913302", "j", "ji", "机", "机械") * 5:
        assert index.search(query, Filters()) == _fresh(firms, query, Filters(), everyone)
        assert index._held() <= 6 * len(firms)


SORTABLE = [f.name for f in FIELDS]


@pytest.fixture
def varied(service: RegisterService) -> RegisterService:
    """Firms with ties, empty values and NULLs in every column, and a tombstone."""
    from diagnosis.register.credit_code import body_check_character, complete

    rng = random.Random(3)
    saved = []
    for i in range(40):
        body = f"{20_000_000 + i:08d}"
        check = body_check_character(body)
        assert check is not None
        e = Enterprise(
            name=rng.choice(("宁波", "北仑", "ABC", "海天")) + f"{i % 5}有限公司",
            credit_code=complete("91330200" + body + check),
            district=rng.choice(DISTRICTS),
            industry=rng.choice(("3484", "35", None)),
            cluster=rng.choice(("246-TEXT", None)),
            above_scale=rng.random() < 0.5,
            willing=rng.random() < 0.5,
            employees=rng.choice((None, 0, 10, 10, 300)),
            output_value=rng.choice((None, 1.5, 1.5, 20.0)),
            data_year=rng.choice((None, 2023, 2024)),
            address=rng.choice(("北仑区小港", "鄞州区", "")),
            contact_person=rng.choice(("王", "", "李华")),
            green_stars=rng.choice((None, 3, 5)),
        )
        service.save(e)
        saved.append(e)
    service.delete(saved[0].id)
    return service


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("column", SORTABLE)
def test_store_positions_give_the_order_the_ids_gave(
    varied: RegisterService, column: str, descending: bool
) -> None:
    index = varied.index()
    live, positions = varied.sort_positions(column, descending)
    assert live == len(index) == 39
    order = index.order_from(positions, live)
    assert order is not None
    assert index.search("", Filters(), order) == varied.order(column, descending)
    assert index.search("有限", Filters(above_scale=True), order) == index.search(
        "有限", Filters(above_scale=True), varied.order(column, descending)
    )


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("column", SORTABLE)
def test_index_sorts_the_columns_it_holds_as_the_store_does(
    varied: RegisterService, column: str, descending: bool
) -> None:
    """A click on a numeric or facet header sorts in memory: ties, NULLs and empty values
    fall as the store's SQL puts them; other columns are left to the store (None)."""
    index = varied.index()
    order = index.sorted_by(column, descending)
    in_memory = column in NUMBERS or column in ("district", "cluster", "above_scale", "willing")
    assert (order is not None) == in_memory
    if order is not None:
        assert index.search("", Filters(), order) == varied.order(column, descending)


def test_store_sort_of_mixed_values_follows_sqlite() -> None:
    from diagnosis.register.search import positions_sorted as _positions

    # Numbers before text, as SQLite compares them; empty values last, in name order.
    assert list(_positions([3, "b", None, 1.5, "", "a"], False, True)) == [3, 0, 5, 1, 2, 4]
    assert list(_positions([3, "b", None, 1.5, "", "a"], True, True)) == [1, 5, 0, 3, 2, 4]
    # A yes/no column has no empty values to put last.
    assert list(_positions([1, 0, 1, 0], True, False)) == [0, 2, 1, 3]


@pytest.mark.parametrize(
    "term", ["1号", "海天", "北仑区", "机械", "zz-none", "0000000123", "000000012", "00000001"]
)
@pytest.mark.parametrize("partial", [False, True])
def test_a_sorted_first_keystroke_answers_in_the_order_as_a_scan_in_it_does(
    term: str, partial: bool
) -> None:
    """The first term under a sort is matched in name order and then put in the sort's order
    (few hits by their place, many by marks): the same answer as scanning the order itself,
    also for an order holding only some of the rows."""
    rng = random.Random(11)
    firms = [firm(i, rng) for i in range(400)]
    index = EnterpriseIndex([row(e) for e in firms])
    ids = index.ids()
    chosen = rng.sample(ids, 150) if partial else ids[:]
    rng.shuffle(chosen)
    matching = set(index.search(term, Filters()))  # unsorted: the plain scan in name order
    expected = [i for i in chosen if i in matching]
    assert index.search(term, Filters(), chosen) == expected

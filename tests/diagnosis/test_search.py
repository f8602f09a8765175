"""Search as you type: Chinese substrings, codes, pinyin, AND-ed terms, filters and order."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnosis.ports import IndexRow
from diagnosis.register.enterprise import Enterprise
from diagnosis.register.pinyin import name_pinyin
from diagnosis.register.search import (
    NUMBERS,
    EnterpriseIndex,
    Filters,
    facets,
    fold,
    search_text,
    sort_name,
)

BANK = Enterprise(
    id="bank",
    name="宁波银行股份有限公司",
    credit_code="91330200711192037M",
    district="330212",
    industry="41",
    cluster=None,
    above_scale=True,
    willing=False,
    address="宁波市鄞州区宁东路345号",
    contact_person="王小明",
    contact_phone="0574-87050000",
)
YOUNGOR = Enterprise(
    id="youngor",
    name="雅戈尔集团股份有限公司",
    credit_code="91330200704800698F",
    district="330212",
    industry="18",
    cluster="246-TEXT",
    above_scale=True,
    willing=True,
    address="宁波市鄞州区鄞县大道西段2号",
    contact_person="李华",
    contact_phone="0574-87425555",
)
HAITIAN = Enterprise(
    id="haitian",
    name="海天塑机集团有限公司",
    credit_code="91330200717285453P",
    district="330206",
    industry="35",
    cluster="246-EQUIP",
    above_scale=True,
    willing=True,
    address="宁波市北仑区小港海天路1688号",
    contact_person="陈静",
    contact_phone="13800138000",
)
RISEN = Enterprise(
    id="risen",
    name="东方日升新能源股份有限公司",
    credit_code="913302001449739014",
    district="330226",
    industry="38",
    cluster="246-ELEC",
    above_scale=False,
    willing=False,
    address="宁海县梅林街道塔山工业园区",
    contact_person="赵雷",
    contact_phone="0574-83698888",
)
ALL = (BANK, YOUNGOR, HAITIAN, RISEN)


def row(e: Enterprise) -> IndexRow:
    return (e.id, search_text(e), facets(e), *(getattr(e, name) for name in NUMBERS))


@pytest.fixture
def index() -> EnterpriseIndex:
    return EnterpriseIndex([row(e) for e in ALL])


def find(index: EnterpriseIndex, query: str, filters: Filters | None = None) -> set[str]:
    return set(index.search(query, filters or Filters()))


def test_name_pinyin_full_and_initials() -> None:
    assert name_pinyin("宁波银行") == ("ningboyinhang", "nbyh")
    assert name_pinyin("雅戈尔") == ("yageer", "yge")
    assert name_pinyin("ABC１号") == ("abc1hao", "abc1h")


def test_search_text_holds_every_source_folded() -> None:
    text = search_text(BANK)
    for part in ("宁波银行", "91330200711192037m", "宁东路345号", "王小明", "0574-87050000"):
        assert part in text
    assert "ningboyinhanggufenyouxiangongsi" in text
    assert "nbyhgfyxgs" in text
    assert text == text.casefold()


def test_fold_full_width_and_case() -> None:
    assert fold("ＮＢＹＨ　９１") == "nbyh 91"


def test_search_empty_query_returns_all_in_index_order(index: EnterpriseIndex) -> None:
    assert index.search("", Filters()) == ["bank", "youngor", "haitian", "risen"]
    assert index.search("   ", Filters()) == ["bank", "youngor", "haitian", "risen"]
    assert len(index) == 4
    assert index.default_order() == ["bank", "youngor", "haitian", "risen"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("雅", {"youngor"}),
        ("塑", {"haitian"}),
        ("日", {"risen"}),
        ("银行", {"bank"}),
        ("集团", {"youngor", "haitian"}),
        ("股份", {"bank", "youngor", "risen"}),
        ("新能", {"risen"}),
        ("公司", {"bank", "youngor", "haitian", "risen"}),
    ],
)
def test_search_chinese_substrings(index: EnterpriseIndex, query: str, expected: set[str]) -> None:
    assert find(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("91330200711192037M", {"bank"}),
        ("704800", {"youngor"}),
        ("285453p", {"haitian"}),
        ("9133020", {"bank", "youngor", "haitian", "risen"}),
    ],
)
def test_search_credit_code_substring(
    index: EnterpriseIndex, query: str, expected: set[str]
) -> None:
    assert find(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("海天路", {"haitian"}),
        ("鄞州区", {"bank", "youngor"}),
        ("塔山", {"risen"}),
        ("王小明", {"bank"}),
        ("李华", {"youngor"}),
        ("13800138000", {"haitian"}),
        ("0574-8742", {"youngor"}),
    ],
)
def test_search_address_and_contact(index: EnterpriseIndex, query: str, expected: set[str]) -> None:
    assert find(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nbyh", {"bank"}),
        ("NBYH", {"bank"}),
        ("ygejt", {"youngor"}),
        ("htsj", {"haitian"}),
        ("dfrs", {"risen"}),
        ("yageer", {"youngor"}),
        ("ningbo", {"bank"}),
        ("yinhang", {"bank"}),
        ("haitiansuji", {"haitian"}),
        ("xinnengyuan", {"risen"}),
        ("jituan", {"youngor", "haitian"}),
    ],
)
def test_search_pinyin_initials_and_full(
    index: EnterpriseIndex, query: str, expected: set[str]
) -> None:
    assert find(index, query) == expected


def test_search_terms_are_and_ed(index: EnterpriseIndex) -> None:
    assert find(index, "集团") == {"youngor", "haitian"}
    assert find(index, "集团 北仑") == {"haitian"}
    assert find(index, "集团 yageer") == {"youngor"}
    assert find(index, "股份 鄞州 李") == {"youngor"}
    assert find(index, "银行 海天") == set()


def test_search_term_does_not_span_two_fields(index: EnterpriseIndex) -> None:
    # The name ends in 公司 and the code follows it in the haystack; no term may join them.
    assert find(index, "公司9133") == set()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ＮＢＹＨ", {"bank"}),
        ("ｙａｇｅｅｒ", {"youngor"}),
        ("７０４８００", {"youngor"}),
        ("集团　北仑", {"haitian"}),  # ideographic space between terms
        ("９１３３０２００７１１１９２０３７ｍ", {"bank"}),
    ],
)
def test_search_full_width_query_is_folded(
    index: EnterpriseIndex, query: str, expected: set[str]
) -> None:
    assert find(index, query) == expected


def test_search_no_match_returns_empty(index: EnterpriseIndex) -> None:
    assert index.search("吉利", Filters()) == []
    assert index.search("zzz", Filters()) == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(district="330212"), {"bank", "youngor"}),
        (Filters(district="330206"), {"haitian"}),
        (Filters(district="330281"), set()),
        (Filters(industry="35"), {"haitian"}),
        (Filters(industry="18"), {"youngor"}),
        (Filters(cluster="246-ELEC"), {"risen"}),
        (Filters(cluster="246-TEXT"), {"youngor"}),
        (Filters(above_scale=True), {"bank", "youngor", "haitian"}),
        (Filters(above_scale=False), {"risen"}),
        (Filters(willing=True), {"youngor", "haitian"}),
        (Filters(willing=False), {"bank", "risen"}),
        (Filters(district="330212", willing=True), {"youngor"}),
        (Filters(above_scale=True, willing=False), {"bank"}),
    ],
)
def test_search_filters(index: EnterpriseIndex, filters: Filters, expected: set[str]) -> None:
    assert find(index, "", filters) == expected


def test_search_filters_combine_with_query(index: EnterpriseIndex) -> None:
    assert find(index, "集团", Filters(willing=True)) == {"youngor", "haitian"}
    assert find(index, "集团", Filters(district="330206")) == {"haitian"}
    assert find(index, "银行", Filters(willing=True)) == set()


def test_filters_active() -> None:
    assert Filters().active() is False
    assert Filters(above_scale=False).active() is True
    assert Filters(district="330212").active() is True


def test_search_explicit_order_is_respected(index: EnterpriseIndex) -> None:
    order = ["risen", "haitian", "bank", "youngor"]
    assert index.search("", Filters(), order) == order
    assert index.search("集团", Filters(), order) == ["haitian", "youngor"]
    assert index.search("", Filters(above_scale=True), order) == ["haitian", "bank", "youngor"]
    assert index.search("股份", Filters(), ["youngor", "risen", "bank"]) == [
        "youngor",
        "risen",
        "bank",
    ]


def test_search_order_drops_ids_not_in_index(index: EnterpriseIndex) -> None:
    order = ["gone", "risen", "bank", "youngor", "haitian"]
    assert index.search("", Filters(), order) == ["risen", "bank", "youngor", "haitian"]
    assert index.search("nbyh", Filters(), order) == ["bank"]


def test_sort_name_starts_with_full_pinyin() -> None:
    assert sort_name(YOUNGOR).startswith("yageerjituan")
    assert sort_name(BANK) < sort_name(YOUNGOR)
    assert sorted(ALL, key=sort_name) == [RISEN, HAITIAN, BANK, YOUNGOR]


def _brute_force(query: str, filters: Filters) -> list[str]:
    fresh = EnterpriseIndex([row(e) for e in ALL])
    fresh._memo.clear()
    terms = fold(query).split()
    return [
        e.id
        for e in ALL
        if all(t in search_text(e) for t in terms)
        and (filters.district is None or e.district == filters.district)
        and (filters.above_scale is None or e.above_scale == filters.above_scale)
    ]


@settings(max_examples=150, deadline=None, database=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="宁波银行雅戈尔海天东方日升 nbyhgf0123", max_size=6),
            st.sampled_from([None, "330212", "330203", "330206"]),
            st.sampled_from([None, True, False]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_index_search_typing_sequence_matches_a_fresh_search(
    steps: list[tuple[str, str | None, bool | None]],
) -> None:
    """Typing reuses earlier answers; whatever the sequence, each answer is the fresh one."""
    index = EnterpriseIndex([row(e) for e in ALL])
    order = [e.id for e in ALL]
    for query, district, above in steps:
        filters = Filters(district=district, above_scale=above)
        assert index.search(query, filters, order) == _brute_force(query, filters)

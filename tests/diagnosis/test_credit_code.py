"""Unified social credit code: the check character, normalisation and the warnings-only rules
(REFERENCE.md §7)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnosis.messages import Problem
from diagnosis.register.credit_code import (
    CHARSET,
    WEIGHTS,
    body_check_character,
    check,
    check_character,
    complete,
    normalise,
)

# REFERENCE.md §7.2: real codes of well-known Ningbo companies.
REAL_CODES = (
    "91330200711192037M",  # 宁波银行股份有限公司
    "91330200704800698F",  # 雅戈尔集团股份有限公司
    "91330200717285453P",  # 海天塑机集团有限公司
    "913302001449739014",  # 东方日升新能源股份有限公司
)
BANK = REAL_CODES[0]


def codes(problems: Sequence[Problem]) -> list[tuple[str, str]]:
    return [(p.message.code, p.severity) for p in problems]


@pytest.mark.parametrize("code", REAL_CODES)
def test_check_real_codes_have_no_problems(code: str) -> None:
    result = check(code)
    assert result.ok is True
    assert result.problems == ()
    assert result.code == code
    assert result.region == "330200"


def test_check_character_worked_example_sum_is_785() -> None:
    values = [CHARSET.index(c) for c in BANK[:17]]
    total = sum(v * w for v, w in zip(values, WEIGHTS, strict=True))
    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert total == 785
    assert 31 - total % 31 == 21
    assert CHARSET[21] == "M"
    assert check_character(BANK[:17]) == "M"
    assert complete(BANK[:17]) == BANK


@pytest.mark.parametrize("code", REAL_CODES)
def test_body_check_character_real_codes_match_position_17(code: str) -> None:
    assert body_check_character(code[8:16]) == code[16]


@pytest.mark.parametrize("position", range(18))
@pytest.mark.parametrize("code", REAL_CODES)
def test_check_every_single_substitution_is_rejected(code: str, position: int) -> None:
    rejected = 0
    for replacement in CHARSET:
        if replacement == code[position]:
            continue
        mutated = code[:position] + replacement + code[position + 1 :]
        result = check(mutated)
        assert result.ok is False, mutated
        assert [p.message.code for p in result.problems] == ["code.check"], mutated
        rejected += 1
    assert rejected == 30


@pytest.mark.parametrize(
    "raw",
    [
        "９１３３０２００７１１１９２０３７Ｍ",  # full-width digits and letter
        "91330200711192037m",  # lower case
        " 9133 0200 7111 9203 7M ",  # spaces
        "9133\u30000200\t711192037M",  # ideographic space and tab
        "91330200-71119203-7M",  # ASCII dashes
        "913302００－７１１１９２０３７ｍ",  # full-width hyphen-minus and lower case
        "9133–0200—711192037M",  # en and em dash
        "9133‐0200_711192037M",  # hyphen U+2010 and underscore
    ],
)
def test_normalise_folds_width_case_spaces_and_dashes(raw: str) -> None:
    assert normalise(raw) == BANK
    result = check(raw)
    assert result.code == BANK
    assert result.ok is True
    assert result.problems == ()


def test_check_empty_code_is_required() -> None:
    result = check("  ")
    assert result.ok is False
    assert codes(result.problems) == [("required", "error")]


@pytest.mark.parametrize(("raw", "length"), [(BANK[:17], 17), (BANK + "0", 19), ("9", 1)])
def test_check_wrong_length_reports_the_length(raw: str, length: int) -> None:
    result = check(raw)
    assert result.ok is False
    assert codes(result.problems) == [("code.length", "error")]
    assert result.problems[0].message.params["n"] == length
    assert result.region == ""


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z", "i", "o"])
def test_check_forbidden_letters_are_rejected(letter: str) -> None:
    raw = BANK[:10] + letter + BANK[11:]
    result = check(raw)
    assert result.ok is False
    assert codes(result.problems) == [("code.charset", "error")]
    params = result.problems[0].message.params
    assert params == {"pos": 11, "char": letter.upper()}
    assert f"第 11 位“{letter.upper()}”" in result.problems[0].text("zh")
    assert f"character 11 '{letter.upper()}'" in result.problems[0].text("en")


def test_check_invalid_fixture_wrong_check_character() -> None:
    result = check("91330200MA293KDE7Q")
    assert result.ok is False
    assert codes(result.problems) == [("code.check", "error")]
    assert result.problems[0].message.params == {"expected": "K", "actual": "Q"}
    assert "“K”" in result.problems[0].text("zh")
    assert "should be 'K', not 'Q'" in result.problems[0].text("en")


def test_check_invalid_fixture_seventeen_characters() -> None:
    result = check("91330200MA2CXXXXX")
    assert result.ok is False
    assert codes(result.problems) == [("code.length", "error")]
    assert result.problems[0].message.params == {"n": 17}


def test_check_wrong_body_check_with_right_check_character_is_a_warning() -> None:
    # Position 17 of 91330200711192037M is "7"; "8" breaks GB 11714 but the code is completed
    # with its correct position-18 character.
    code = complete(BANK[:16] + "8")
    assert code[17] != BANK[17]
    result = check(code)
    assert result.ok is True
    assert len(result.problems) == 1
    warning = result.problems[0]
    assert (warning.field, warning.message.code, warning.severity) == (
        "credit_code",
        "code.body_check",
        "warning",
    )
    assert warning.message.params == {"expected": "7", "actual": "8"}


@pytest.mark.parametrize("region", ["330204", "330283", "330200", "330226"])
def test_check_old_region_codes_are_accepted(region: str) -> None:
    code = complete("91" + region + BANK[8:17])
    result = check(code)
    assert result.ok is True
    assert result.problems == ()
    assert result.region == region


def test_check_letters_in_region_give_only_a_warning() -> None:
    code = complete("9133AB00" + BANK[8:17])
    result = check(code)
    assert result.ok is True
    assert codes(result.problems) == [("code.region", "warning")]


def test_check_unknown_authority_prefix_gives_only_a_warning() -> None:
    code = complete("97" + BANK[2:17])
    result = check(code)
    assert result.ok is True
    assert codes(result.problems) == [("code.authority", "warning")]
    assert result.problems[0].message.params == {"prefix": "97"}


charset_17 = st.text(alphabet=CHARSET, min_size=17, max_size=17)


@settings(database=None)
@given(first17=charset_17, position=st.integers(0, 17), shift=st.integers(1, 30))
def test_check_property_completed_code_valid_and_any_change_invalid(
    first17: str, position: int, shift: int
) -> None:
    code = first17 + check_character(first17)
    assert check(code).ok is True
    old = code[position]
    new = CHARSET[(CHARSET.index(old) + shift) % len(CHARSET)]
    assert new != old
    mutated = code[:position] + new + code[position + 1 :]
    result = check(mutated)
    assert result.ok is False
    assert [p.message.code for p in result.problems] == ["code.check"]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=CHARSET, min_size=17, max_size=17),
    st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcIO-", min_size=8, max_size=8),
)
def test_check_characters_are_the_weighted_sums_of_the_standards(first17: str, body8: str) -> None:
    # The sums as GB 32100 and GB 11714 write them, against the tables the checks look up.
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    assert check_character(first17) == CHARSET[(31 - total % 31) % 31]
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if all(c in digits for c in body8):
        weights = (3, 7, 9, 10, 5, 8, 4, 2)
        body = sum(digits.index(c) * w for c, w in zip(body8, weights, strict=True))
        left = 11 - body % 11
        expected = "X" if left == 10 else "0" if left == 11 else str(left)
        assert body_check_character(body8) == expected
    else:
        assert body_check_character(body8) is None
    with pytest.raises(KeyError):
        check_character(first17[:16] + "I")

"""The enterprise record's rules (``validate``) and the reading of typed or imported values
(``parse_value``), with the messages each produces in both languages."""

from __future__ import annotations

from dataclasses import replace

import pytest

from diagnosis.demo.enterprises import enterprises
from diagnosis.messages import Problem
from diagnosis.register import credit_code
from diagnosis.register.enterprise import (
    FIELD_BY_NAME,
    FIELDS,
    Enterprise,
    errors,
    validate,
)
from diagnosis.register.field_parsing import ParsedValue, parse_value
from diagnosis.register.reference_data import register_reference

BANK = "91330200711192037M"


def good(**changes: object) -> Enterprise:
    base = Enterprise(
        name="宁波银行股份有限公司",
        credit_code=BANK,
        district="330212",
        industry="34",
        cluster="246-EQUIP",
        above_scale=True,
        willing=True,
        employees=120,
        output_value=5000.5,
        tax=300.0,
        land_area=40.0,
        data_year=2023,
        address="宁波市鄞州区宁东路345号",
        contact_person="张三",
        contact_phone="0574-87050000转123",
        per_mu_class="A",
        green_stars=3,
    )
    return base.with_values(**changes)


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [(p.field, p.message.code) for p in problems]
    return problems[0]


def parse(field: str, raw: object) -> tuple[ParsedValue, Problem | None]:
    return parse_value(FIELD_BY_NAME[field], raw, register_reference())


# --- validate ---------------------------------------------------------------------------------


def test_validate_complete_record_has_no_problems() -> None:
    assert validate(good()) == []
    assert (
        validate(Enterprise(name="雅戈尔集团股份有限公司", credit_code="91330200704800698F")) == []
    )


@pytest.mark.parametrize("name", ["", "   ", "\u3000"])
def test_validate_name_is_required(name: str) -> None:
    p = only(validate(good(name=name)))
    assert (p.field, p.message.code, p.severity) == ("name", "required", "error")
    assert p.text("zh") == "必填"
    assert p.text("en") == "is required"


def test_validate_bad_credit_code_is_an_error_on_its_field() -> None:
    p = only(validate(good(credit_code="91330200MA293KDE7Q")))
    assert (p.field, p.message.code, p.severity) == ("credit_code", "code.check", "error")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("district", "330299", "district.unknown"),
        ("district", "北仑区", "district.unknown"),  # the record holds codes, not names
        # Mining (06-12) and utilities (44-46) and finer codes are known since issue 15.
        ("industry", "3485", "industry.unknown"),
        ("industry", "47", "industry.unknown"),
        ("cluster", "246-XYZ", "cluster.unknown"),
    ],
)
def test_validate_unknown_reference_codes_are_errors(field: str, value: str, code: str) -> None:
    p = only(validate(good(**{field: value})))
    assert (p.field, p.message.code, p.severity) == (field, code, "error")
    assert p.message.params == {"value": value}
    assert value in p.text("zh")
    assert value in p.text("en")


def test_validate_cluster_outside_its_years_is_a_warning() -> None:
    p = only(validate(good(cluster="246-AUTO", data_year=2025)))
    assert (p.field, p.message.code, p.severity) == ("cluster", "cluster.out_of_year", "warning")
    assert p.message.params["valid"] == "2019-2024"
    assert p.text("zh") == "产业集群“汽车”适用于 2019-2024 年，数据年度为 2025（仅提示）"
    assert "cluster 'Automotive' applies to 2019-2024, the data year is 2025" in p.text("en")
    assert errors(validate(good(cluster="246-AUTO", data_year=2025))) == []


def test_validate_cluster_not_yet_valid_is_a_warning() -> None:
    p = only(validate(good(cluster="361-NEV", data_year=2024)))
    assert (p.message.code, p.severity) == ("cluster.out_of_year", "warning")
    assert p.message.params["valid"] == "2025-"


@pytest.mark.parametrize(
    ("cluster", "year"), [("246-AUTO", 2019), ("246-AUTO", 2024), ("361-NEV", 2030)]
)
def test_validate_cluster_within_its_years_is_fine(cluster: str, year: int) -> None:
    assert validate(good(cluster=cluster, data_year=year)) == []


def test_validate_cluster_without_data_year_is_not_checked_for_years() -> None:
    assert validate(good(cluster="246-AUTO", data_year=None)) == []


@pytest.mark.parametrize("value", ["A", "B", "C", "D"])
def test_validate_per_mu_class_letters_accepted(value: str) -> None:
    assert validate(good(per_mu_class=value)) == []


@pytest.mark.parametrize("value", ["E", "a", "B档", ""])
def test_validate_per_mu_class_other_values_rejected(value: str) -> None:
    p = only(validate(good(per_mu_class=value)))
    assert (p.field, p.message.code) == ("per_mu_class", "per_mu.invalid")
    assert f"“{value}”" in p.text("zh")
    assert f"not '{value}'" in p.text("en")


@pytest.mark.parametrize("stars", [0, 1, 5])
def test_validate_green_stars_in_range_accepted(stars: int) -> None:
    assert validate(good(green_stars=stars)) == []


@pytest.mark.parametrize("stars", [-1, 6])
def test_validate_green_stars_out_of_range_rejected(stars: int) -> None:
    p = only(validate(good(green_stars=stars)))
    assert (p.field, p.message.code) == ("green_stars", "stars.invalid")
    assert f"“{stars}”" in p.text("zh")
    assert f"not '{stars}'" in p.text("en")


@pytest.mark.parametrize(
    ("field", "value"),
    [("employees", -5), ("output_value", -0.5), ("tax", -1.0), ("land_area", -12.25)],
)
def test_validate_negative_numbers_are_rejected(field: str, value: float) -> None:
    p = only(validate(good(**{field: value})))
    assert (p.field, p.message.code, p.severity) == (field, "number.negative", "error")
    assert p.text("zh") == f"不能为负数，现为 {value}"
    assert p.text("en") == f"must not be negative, not {value}"


def test_validate_zero_is_not_negative() -> None:
    assert validate(good(employees=0, output_value=0.0, tax=0.0, land_area=0.0)) == []


def test_validate_number_above_maximum_is_a_range_error() -> None:
    p = only(validate(good(employees=1_000_001)))
    assert (p.field, p.message.code) == ("employees", "number.range")
    assert p.text("zh") == "应在 0 到 1,000,000 人之间，现为 1000001"
    assert "1000001" in p.text("en")


def test_validate_range_message_uses_english_unit() -> None:
    p = only(validate(good(employees=1_000_001)))
    assert p.text("en") == "must be between 0 and 1,000,000 persons, not 1000001"


@pytest.mark.parametrize("year", [1999, 2101])
def test_validate_data_year_outside_range(year: int) -> None:
    p = only(validate(good(data_year=year, cluster=None)))
    assert (p.field, p.message.code) == ("data_year", "year.invalid")
    assert p.text("zh") == f"数据年度应在 2000–2100 之间，现为 {year}"
    assert p.text("en") == f"the data year must be 2000-2100, not {year}"


@pytest.mark.parametrize("phone", ["0574-8705abc", "call me", "13800138000 ext"])
def test_validate_phone_with_letters_rejected(phone: str) -> None:
    p = only(validate(good(contact_phone=phone)))
    assert (p.field, p.message.code) == ("contact_phone", "phone.invalid")
    assert f"“{phone}”" in p.text("zh")
    assert f"'{phone}'" in p.text("en")


@pytest.mark.parametrize(
    "phone", ["13800138000", "+86 574 8705 0000", "(0574)87050000", "0574-87050000转8001"]
)
def test_validate_phone_digits_and_punctuation_accepted(phone: str) -> None:
    assert validate(good(contact_phone=phone)) == []


@pytest.mark.parametrize(
    ("field", "limit"),
    [("name", 100), ("address", 200), ("contact_person", 50), ("contact_phone", 40)],
)
def test_validate_text_too_long(field: str, limit: int) -> None:
    fill = "1" if field == "contact_phone" else "企"
    assert validate(good(**{field: fill * limit})) == []
    p = only(validate(good(**{field: fill * (limit + 1)})))
    assert (p.field, p.message.code) == (field, "text.too_long")
    assert p.text("zh") == f"不能超过 {limit} 个字符"
    assert p.text("en") == f"must not exceed {limit} characters"


def test_validate_reports_every_problem_at_once() -> None:
    e = good(name="", district="999999", employees=-1, green_stars=9, contact_phone="abc")
    found = {(p.field, p.message.code) for p in validate(e)}
    assert found == {
        ("name", "required"),
        ("district", "district.unknown"),
        ("employees", "number.negative"),
        ("green_stars", "stars.invalid"),
        ("contact_phone", "phone.invalid"),
    }


def test_validate_reports_lengths_and_ranges_in_field_order() -> None:
    e = good(
        name="企" * 101,
        employees=-1,
        output_value=2e9,
        tax=float("nan"),
        land_area=-0.5,
        data_year=1999,
        cluster=None,
        address="址" * 201,
        contact_person="张" * 51,
        contact_phone="1" * 41,
    )
    assert [(p.field, p.message.code) for p in validate(e)] == [
        ("name", "text.too_long"),
        ("employees", "number.negative"),
        ("output_value", "number.range"),
        ("tax", "number.range"),
        ("land_area", "number.negative"),
        ("data_year", "year.invalid"),
        ("address", "text.too_long"),
        ("contact_person", "text.too_long"),
        ("contact_phone", "text.too_long"),
    ]


def test_validate_with_the_code_checked_already_is_validate() -> None:
    ref = register_reference()
    records = [
        *enterprises(300, seed=5),
        good(credit_code=BANK[:17] + "X"),
        good(credit_code="91AB0200711192037M"),
        good(credit_code=""),
        good(name="", credit_code="123"),
    ]
    for e in records:
        assert validate(e, ref, credit_code.check(e.credit_code)) == validate(e, ref)


def test_values_are_the_fields_in_order_however_the_record_was_made() -> None:
    made = [good(), good(name="雅戈尔", employees=None), replace(good(), id="x"), Enterprise()]
    made.append(Enterprise(**{f.name: getattr(good(), f.name) for f in reversed(FIELDS)}))
    for e in made:
        assert list(e.values().items()) == [(f.name, getattr(e, f.name)) for f in FIELDS]
        assert "id" not in e.values()


# --- parse_value ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("是", True),
        ("否", False),
        ("√", True),
        ("Y", True),
        ("N", False),
        ("yes", True),
        ("YES", True),
        ("Ｙｅｓ", True),
        ("no", False),
        ("×", False),
        ("1", True),
        ("0", False),
        (1, True),
        (True, True),
        (False, False),
        ("", False),
        (None, False),
    ],
)
def test_parse_value_bool(raw: object, expected: bool) -> None:
    assert parse("above_scale", raw) == (expected, None)


def test_parse_value_bool_unknown_word_is_a_problem() -> None:
    value, p = parse("willing", "也许")
    assert value is None
    assert p is not None
    assert (p.field, p.message.code) == ("willing", "bool.invalid")
    assert p.text("zh") == "“也许”无法识别为是/否"
    assert p.text("en") == "'也许' is not a yes/no value"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("B档", "B"), ("b类", "B"), ("A", "A"), ("d级", "D"), (" C ", "C"), ("Ｂ档", "B")],
)
def test_parse_value_per_mu_class(raw: str, expected: str) -> None:
    assert parse("per_mu_class", raw) == (expected, None)


def test_parse_value_per_mu_class_unknown_is_a_problem() -> None:
    value, p = parse("per_mu_class", "E档")
    assert value is None
    assert p is not None
    assert p.message.code == "per_mu.invalid"
    assert "“E档”" in p.text("zh")
    assert "not 'E档'" in p.text("en")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("★★★", 3),
        ("★★★☆☆", 3),
        ("☆☆☆☆☆", 0),
        ("三星", 3),
        ("五星级", 5),
        ("两星", 2),
        ("3", 3),
        ("3星", 3),
        ("３", 3),
        (4, 4),
        ("无", 0),
    ],
)
def test_parse_value_stars(raw: object, expected: int) -> None:
    assert parse("green_stars", raw) == (expected, None)


@pytest.mark.parametrize("raw", ["6", "六星", "很多"])
def test_parse_value_stars_out_of_range_is_a_problem(raw: str) -> None:
    value, p = parse("green_stars", raw)
    assert value is None
    assert p is not None
    assert p.message.code == "stars.invalid"
    assert f"“{raw}”" in p.text("zh")
    assert f"not '{raw}'" in p.text("en")


@pytest.mark.parametrize(
    "raw", ["34 通用设备制造业", "C34", "c34", "34", "通用设备制造业", "General-purpose machinery"]
)
def test_parse_value_industry(raw: str) -> None:
    assert parse("industry", raw) == ("34", None)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("3485", "industry.unknown"),
        ("农业", "industry.unknown"),
        ("C3", "industry.out_of_scope"),
        ("5110", "industry.out_of_scope"),
        ("C44", "industry.section"),
    ],
)
def test_parse_value_industry_unknown_is_a_problem(raw: str, code: str) -> None:
    value, p = parse("industry", raw)
    assert value is None
    assert p is not None
    assert p.message.code == code
    assert f"“{raw}”" in p.text("zh")
    assert f"'{raw}'" in p.text("en")


@pytest.mark.parametrize("raw", ["北仑", "北仑区", "330206", " 北仑区 ", "Beilun District"])
def test_parse_value_district(raw: str) -> None:
    assert parse("district", raw) == ("330206", None)


def test_parse_value_district_former_name_maps_to_current() -> None:
    assert parse("district", "奉化市") == ("330213", None)


def test_parse_value_district_unknown_is_a_problem() -> None:
    value, p = parse("district", "火星区")
    assert value is None
    assert p is not None
    assert (p.field, p.message.code) == ("district", "district.unknown")
    assert p.text("zh") == "未知的区县（市）“火星区”"
    assert p.text("en") == "unknown district or county '火星区'"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("汽车", "246-AUTO"), ("246-AUTO", "246-AUTO"), ("人工智能与机器人", "361-AIROB")],
)
def test_parse_value_cluster(raw: str, expected: str) -> None:
    assert parse("cluster", raw) == (expected, None)


def test_parse_value_cluster_unknown_is_a_problem() -> None:
    value, p = parse("cluster", "量子计算")
    assert value is None
    assert p is not None
    assert p.message.code == "cluster.unknown"
    assert "“量子计算”" in p.text("zh")
    assert "'量子计算'" in p.text("en")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１２３", 123),
        ("123", 123),
        (" 1,234 ", 1234),
        ("1，234", 1234),
        (12.0, 12),
        (7, 7),
        ("-5", -5),
    ],
)
def test_parse_value_integer(raw: object, expected: int) -> None:
    value, p = parse("employees", raw)
    assert p is None
    assert value == expected
    assert type(value) is int


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1,234.5", 1234.5), ("１２３", 123.0), ("０.５", 0.5), (2.5, 2.5), ("1 000", 1000.0)],
)
def test_parse_value_float(raw: object, expected: float) -> None:
    value, p = parse("output_value", raw)
    assert p is None
    assert value == expected
    assert type(value) is float


@pytest.mark.parametrize("field", ["employees", "output_value", "data_year"])
@pytest.mark.parametrize("raw", ["abc", "12万", "nan", "inf"])
def test_parse_value_not_a_number_is_a_problem(field: str, raw: str) -> None:
    value, p = parse(field, raw)
    assert value is None
    assert p is not None
    assert (p.field, p.message.code) == (field, "number.invalid")
    assert p.text("zh") == f"“{raw}”不是数字"
    assert p.text("en") == f"'{raw}' is not a number"


@pytest.mark.parametrize("raw", ["12.5", 12.5, "1,234.5"])
def test_parse_value_fraction_for_employees_is_a_problem(raw: object) -> None:
    value, p = parse("employees", raw)
    assert value is None
    assert p is not None
    assert (p.field, p.message.code) == ("employees", "number.integer")
    assert p.text("zh") == f"“{raw}”应为整数"
    assert p.text("en") == f"'{raw}' must be a whole number"


@pytest.mark.parametrize(
    "field", ["employees", "output_value", "district", "industry", "cluster", "green_stars"]
)
@pytest.mark.parametrize("raw", ["", "   ", None, float("nan")])
def test_parse_value_empty_cell_is_none(field: str, raw: object) -> None:
    assert parse(field, raw) == (None, None)


def test_parse_value_credit_code_is_normalised() -> None:
    assert parse("credit_code", " ９１３３０２００-7111 9203 7m ") == (BANK, None)


def test_parse_value_text_collapses_spaces_but_keeps_full_width() -> None:
    assert parse("name", "  宁波  银行\t股份有限公司 ") == ("宁波 银行 股份有限公司", None)
    assert parse("address", "Ａ座１号") == ("Ａ座１号", None)


def test_parse_value_data_year() -> None:
    assert parse("data_year", "２０２４") == (2024, None)
    assert parse("data_year", 2023.0) == (2023, None)

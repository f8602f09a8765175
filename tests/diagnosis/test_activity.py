"""The activity of a visit is read from its answers alone: E01 the year, E02 the energy, E03 the
output (the register's figure standing in, and named, when E03 is unanswered), W01 the intake
(rainwater not counted), W03 the reuse; and the plan says where a stand-in came from."""

from __future__ import annotations

from datetime import date

import pytest

from diagnosis.assessment.assess import assess
from diagnosis.register.enterprise import Enterprise
from diagnosis.report.context import plan_context
from diagnosis.report.plan import render_markup
from diagnosis.visits.document import Document, Visit, with_answers

FIRM = Enterprise(
    name="宁波测试机械有限公司",
    credit_code="91330203241515734Y",
    output_value=50_000.0,
    data_year=2023,
)


def visit(**answers: object) -> Document:
    doc = Document(FIRM, Visit("v-activity", "2024-05-01"), {})
    energy = {k: v for k, v in answers.items() if k.startswith("E")}
    water = {k: v for k, v in answers.items() if k.startswith("W")}
    return with_answers(doc, {"energy": energy, "water": water})


def test_activity_reads_the_answers_in_each_rows_own_unit() -> None:
    doc = visit(
        E01=2022,
        E02={"electricity": {"quantity": 2_000}, "natural_gas": {"quantity": 0}, "heat": {}},
        E03=1_000.0,
        W01={"tap": {"quantity": 500}, "rain": {"quantity": 80}, "other": {"quantity": 20}},
        W03=1_500.0,
    )
    a = doc.activity
    assert (a.year, a.year_from) == (2022, "answer")
    assert (a.output_value_10k_yuan, a.output_from) == (1_000.0, "answer")
    assert [(u.carrier, u.quantity, u.unit) for u in a.energy_use] == [
        ("electricity", 2_000.0, "kWh")
    ]
    assert [(w.source, w.quantity) for w in a.water_use] == [("tap", 500.0)]
    assert a.non_conventional_m3 == 100.0  # rain and other: recorded, never intake
    assert a.water_reused_m3 == 1_500.0


def test_activity_falls_back_and_says_so() -> None:
    a = visit(E02={"electricity": {"quantity": 2_000}}).activity
    assert (a.year, a.year_from) == (2023, "visit_date")  # the year before the visit
    assert (a.output_value_10k_yuan, a.output_from, a.output_year) == (50_000.0, "register", 2023)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_registers_output_standing_in_for_e03_is_named_beside_the_figure(lang: str) -> None:
    doc = visit(E01=2023, E02={"electricity": {"quantity": 1_000_000}})
    figure = assess(doc).indicators["energy.intensity_tce_per_10k_yuan"]
    assert figure.value == pytest.approx(122.9 / 50_000)
    label = figure.terms[1].label
    assert "企业名录 2023 年" in label.zh and "register's 2023" in label.en
    markup = render_markup(
        plan_context(doc, assess(doc), lang, generated=date(2024, 5, 2)),
        lang,  # type: ignore[arg-type]
    )
    said = "取自企业名录 2023 年数据" if lang == "zh" else "the register's 2023 figure"
    assert said in markup
    answered = with_answers(doc, {"energy": {"E03": 8_000.0}})
    markup = render_markup(
        plan_context(answered, assess(answered), lang, generated=date(2024, 5, 2)),
        lang,  # type: ignore[arg-type]
    )
    assert (
        said not in markup
        and "企业名录"
        not in assess(answered).indicators["energy.intensity_tce_per_10k_yuan"].terms[1].label.zh
    )

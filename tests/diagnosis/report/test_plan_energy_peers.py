"""The energy chapter's peer comparison (issue 17 item 1): where no consumption limit covers the
firm's products, its energy per 万元 (等价值) beside its peers' quartiles, hand-computed; fewer
than five peers give a sentence, never a spread; a product under a limit gives no comparison."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest

from diagnosis.assessment.assess import assess
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.messages import Lang
from diagnosis.office.counting import facts_from
from diagnosis.office.peers import INTENSITY, benchmarks, peer_to_dict, plan_intensity_peers
from diagnosis.report.context import plan_context
from diagnosis.report.plan import render_markup
from diagnosis.visits.document import Document, with_answers

# REFERENCE §2.3's worked example (tests/diagnosis/report/test_plan_energy.py), data year 2020:
#   当量值 1 265.132 tce, 等价值 2 178.132 tce, output 10 000 万元
#   -> 0.1265132 and 0.2178132 tce/万元; here without products, so no limit covers any.
ENERGY = {
    "E01": 2020,
    "E02": {
        "electricity": {"quantity": 5_000_000},
        "natural_gas": {"quantity": 300_000},
        "diesel": {"quantity": 20},
        "steam": {"quantity": 2_000},
    },
    "E03": 10_000,
}
CLINKER = {
    "product_1": {"name": "水泥熟料", "unit": "t", "output": 10_000, "limit": "cement_clinker"}
}
# Six peers, sorted 0.12 0.15 0.18 0.25 0.30 0.40; linear interpolation over positions 0..5:
#   q1 at 1.25: 0.15 + 0.25 × 0.03 = 0.1575; median at 2.5: (0.18 + 0.25) / 2 = 0.215;
#   q3 at 3.75: 0.25 + 0.75 × 0.05 = 0.2875. The firm's 0.2178 lies between median and q3.
SIX = (0.30, 0.12, 0.18, 0.25, 0.40, 0.15)


@pytest.fixture(scope="module")
def doc() -> Document:
    base = demo_document(next(iter(enterprises(1))), seed=1)
    return with_answers(base, {"energy": {**ENERGY, "E06": None}})


def _peers(values: tuple[float, ...], group: str = "industry") -> list[dict[str, Any]]:
    found = benchmarks({INTENSITY: None}, group, "34", [{INTENSITY: v} for v in values])
    return [peer_to_dict(b) for b in found if b.area == INTENSITY]


def _text(
    doc: Document, lang: Lang, peers: list[dict[str, Any]] | None
) -> tuple[dict[str, Any], str]:
    context = plan_context(doc, assess(doc), lang, generated=date(2024, 3, 28), peers=peers)
    root = ET.fromstring(render_markup(context, lang).split("?>", 1)[1])
    return context["energy_report"], re.sub(r"\s+", " ", " ".join(root.itertext()))


def test_facts_keep_the_plans_intensity(doc: Document) -> None:
    fact, _ = facts_from(doc, assess(doc))
    assert fact.intensity_equal_value == pytest.approx(2_178.132 / 10_000)
    assert fact.intensity_equivalent == pytest.approx(1_265.132 / 10_000)
    no_output = with_answers(doc, {"energy": {"E03": None}})
    if no_output.output_value_10k_yuan is None:  # the register may hold an output of its own
        fact, _ = facts_from(no_output, assess(no_output))
        assert fact.intensity_equal_value is None and fact.intensity_equivalent is None


def test_six_peers_give_quartiles_by_linear_interpolation() -> None:
    found = benchmarks({INTENSITY: 0.2}, "industry", "34", [{INTENSITY: v} for v in SIX])
    [b] = [x for x in found if x.area == INTENSITY]  # after the checklist areas (none scored)
    assert b.n == 6 and b.enterprise_score == 0.2
    assert (b.q1, b.median, b.q3) == pytest.approx((0.1575, 0.215, 0.2875))
    # Without an intensity of its own (a repository keeping none), only the checklist areas.
    assert all(x.area != INTENSITY for x in benchmarks({}, "industry", "34", []))


@pytest.mark.parametrize(
    ("value", "position"),
    [
        (0.10, "below_q1"),
        (0.1575, "q1_median"),  # at the lower quartile: still better than the median
        (0.20, "q1_median"),
        (0.30, "above_q3"),
        (0.25, "median_q3"),
    ],
)
def test_where_the_firm_stands_lower_is_better(value: float, position: str) -> None:
    [row] = plan_intensity_peers(value, _peers(SIX))
    assert row["position"] == position
    assert (row["q1"], row["median"], row["q3"]) == ("0.1575", "0.2150", "0.2875")


def test_the_median_itself_and_printed_order() -> None:
    peers = _peers(SIX)
    [at] = plan_intensity_peers(peers[0]["median"], peers)
    assert at["position"] == "median" and at["value"] == at["median"]
    # 0.15749 and 0.1575 both print 0.1575 at four decimals: one more, so the order reads true.
    [near] = plan_intensity_peers(0.15749, peers)
    assert near["position"] == "below_q1" and (near["value"], near["q1"]) == ("0.15749", "0.15750")


def test_four_peers_give_no_spread() -> None:
    [row] = plan_intensity_peers(0.2, _peers(SIX[:4]))
    assert (row["available"], row["n"], row["median"], row["position"]) == (False, "4", "", "")
    assert plan_intensity_peers(None, _peers(SIX)) == []  # no intensity of its own: nothing
    assert plan_intensity_peers(0.2, None) == []


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "zh",
            (
                "万元产值综合能耗同行对比",
                "同一行业大类 6 0.2178 0.1575 0.2150 0.2875",
                "介于中位数与上四分位数之间，高于中位数",
                "同一区县（市）中已诊断并有万元产值综合能耗的其他企业不足 5 家（现有 4 家）",
            ),
        ),
        (
            "en",
            (
                "Energy use per 10k yuan against peers",
                "The same industry division 6 0.2178 0.1575 0.2150 0.2875",
                "between the median and the upper quartile: worse than the median",
                "Only 4 other enterprises of the same district have an energy use per 10k yuan",
            ),
        ),
    ],
)
def test_plan_prints_the_firm_beside_its_peers(
    doc: Document, lang: Lang, words: tuple[str, ...]
) -> None:
    peers = _peers(SIX) + _peers(SIX[:4], "district")
    er, text = _text(doc, lang, peers)
    assert [p["position"] for p in er["peers"]] == ["median_q3", ""]
    for w in words:
        assert w in text


def test_a_product_under_a_limit_or_no_peers_prints_no_comparison(doc: Document) -> None:
    covered = with_answers(doc, {"energy": {"E06": CLINKER}})
    cases: tuple[tuple[Lang, str], ...] = (("zh", "同行对比"), ("en", "against peers"))
    for lang, title in cases:
        er, text = _text(covered, lang, _peers(SIX))
        assert er["peers"] == [] and title not in text
        er, text = _text(doc, lang, None)
        assert er["peers"] == [] and title not in text

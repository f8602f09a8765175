"""The energy intensity among peers (issue 17 item 1): the office facts keep each visit's energy
per 万元 as its plan prints it, peers are the other live enterprises of the division (and of the
district) with an intensity at their latest diagnosis, and the real plan of a firm whose products
no consumption limit covers prints its intensity beside their quartiles, or says there are too
few. Every number below is worked out by hand from the answers.

Electricity alone, data year 2020: 当量值 0.1229 kgce/kWh, 等价值 0.3055 kgce/kWh (the table's
2020 value, so nothing stands in), output 3 055 万元 each:

* the firm: 2 500 000 kWh -> 等价值 763.75 tce / 3 055 = 0.25 tce/万元; 当量值 307.25 / 3 055
  = 0.100573 tce/万元
* six peers of division 34: 1..6 million kWh -> 0.1, 0.2, ..., 0.6 tce/万元 (等价值). Quartiles
  by linear interpolation (positions 1.25, 2.5, 3.75 of 0..5): 0.225, 0.35, 0.475; the firm's
  0.25 stands between the lower quartile and the median: better than the median.
* the district: only P1..P4 share the firm's district: four peers, too few.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import services
from diagnosis.messages import Lang
from diagnosis.office.peers import INTENSITY
from diagnosis.register.enterprise import Enterprise
from diagnosis.visits.document import Document, Visit
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.office_facts import refresh_facts
from storage.visits import SqliteVisitRepository

HOME, AWAY = "330203", "330205"
OUTPUT = 3_055.0


def _firm(n: int, district: str, industry: str = "3484") -> Enterprise:
    return Enterprise(
        name=f"能耗对标企业{n:02d}",
        credit_code=f"PEER{n:014d}",
        district=district,
        industry=industry,
        above_scale=True,
        willing=True,
    )


def _energy(kwh: float, output: float | None = OUTPUT) -> dict[str, Any]:
    answers: dict[str, Any] = {"E01": 2020, "E02": {"electricity": {"quantity": kwh}}}
    if output is not None:
        answers["E03"] = output
    return answers


def _doc(firm: Enterprise, visit_id: str, when: str, energy: dict[str, Any]) -> Document:
    visit = Visit(
        visit_id, when, "finalised", 1, ("甲",), "测试中心", ("energy",), {"energy": "2026.3"}, None
    )
    return Document(firm, visit, {"energy": energy}, (), ())


@dataclass(frozen=True)
class World:
    store: Store
    firm: Enterprise
    late: Enterprise  # a peer whose intensity needs the register's output


FIRM = _firm(0, HOME)
PEERS = [_firm(n, HOME if n <= 4 else AWAY) for n in range(1, 7)]
LATE = _firm(7, AWAY)
OTHER_DIVISION = _firm(8, AWAY, "2614")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    store = Store(tmp_path / "office.sqlite", user="tester")
    SqliteEnterpriseRepository(store).save([FIRM, *PEERS, LATE, OTHER_DIVISION], [])
    visits = SqliteVisitRepository(store)
    docs = [
        _doc(FIRM, "F0", "2021-03-01", _energy(2_500_000)),
        # P1 was diagnosed twice: its later diagnosis (0.1) stands, not the earlier 0.9.
        _doc(PEERS[0], "P1a", "2021-01-05", _energy(9_000_000)),
        *(_doc(p, f"P{n}", "2021-02-01", _energy(n * 1_000_000)) for n, p in enumerate(PEERS, 1)),
        # No output on the visit and none in the register: no intensity, so no peer (yet).
        _doc(LATE, "P7", "2021-02-01", _energy(7_000_000, None)),
        # Another division and district: never its peer, whatever its figure.
        _doc(OTHER_DIVISION, "X8", "2021-02-01", _energy(100_000)),
    ]
    for doc in docs:
        visits.save(doc)
    yield World(store, FIRM, LATE)
    store.close()


def _facts(store: Store, visit_id: str) -> tuple[float | None, float | None]:
    refresh_facts(store)
    row = store.conn.execute(
        "SELECT intensity_equal_value, intensity_equivalent FROM visit_facts WHERE visit_id = ?",
        [visit_id],
    ).fetchone()
    return row[0], row[1]


def test_facts_keep_the_intensity_the_plan_prints(world: World) -> None:
    ev, eq = _facts(world.store, "F0")
    assert ev == pytest.approx(763.75 / 3_055) and ev == pytest.approx(0.25)
    assert eq == pytest.approx(307.25 / 3_055)
    assert _facts(world.store, "P7") == (None, None)  # no output value: no intensity


def test_peers_are_the_divisions_others_at_their_latest_diagnosis(world: World) -> None:
    office = services.office_service(world.store)
    found = {p.group: p for p in office.peers(world.firm.id) if p.area == INTENSITY}
    industry, district = found["industry"], found["district"]
    assert (industry.key, industry.n) == ("34", 6)
    assert (industry.q1, industry.median, industry.q3) == pytest.approx((0.225, 0.35, 0.475))
    assert industry.enterprise_score == pytest.approx(0.25)
    assert (district.key, district.n, district.available) == (HOME, 4, False)
    # The register's output now gives P7 an intensity (0.7): it joins the division's peers.
    SqliteEnterpriseRepository(world.store).save(
        [], [(world.late, {"output_value": OUTPUT, "data_year": 2020})]
    )
    again = {p.group: p for p in office.peers(world.firm.id) if p.area == INTENSITY}
    assert again["industry"].n == 7
    assert again["industry"].median == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "zh",
            (
                "万元产值综合能耗同行对比",
                "同一行业大类 6 0.2500 0.2250 0.3500 0.4750",
                "介于下四分位数与中位数之间，优于中位数",
                "同一区县（市）中已诊断并有万元产值综合能耗的其他企业不足 5 家（现有 4 家）",
                "等价值",
            ),
        ),
        (
            "en",
            (
                "Energy use per 10k yuan against peers",
                "The same industry division 6 0.2500 0.2250 0.3500 0.4750",
                "between the lower quartile and the median: better than the median",
                "Only 4 other enterprises of the same district have an energy use per 10k yuan",
                "primary-energy basis",
            ),
        ),
    ],
)
def test_the_real_plan_prints_the_firm_beside_its_peers(
    world: World, lang: Lang, words: tuple[str, ...]
) -> None:
    plans = services.plan_service(world.store)
    markup = plans.markup(plans.visits.export("F0"), lang)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))
    for w in words:
        assert w in text

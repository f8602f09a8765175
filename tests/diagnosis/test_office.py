"""The office figures' domain: counting rules, peers (hand-computed quartiles), targets, and the
service's roll-ups over a fake repository whose groups are known by construction."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.office.counting import (
    KIND_BITS,
    MeasureLink,
    VisitLink,
    count_enterprise,
    facts_from,
    kinds_of,
)
from diagnosis.office.figures import MemberRow, OfficeFilter, RealisedSavings, SkippedRecord
from diagnosis.office.peers import benchmarks, peer_groups, peer_to_dict, plan_peers, quartiles
from diagnosis.office.ports import (
    EnterpriseRow,
    MeasureRow,
    PipelineGroup,
    RegisterGroup,
    ScoreRow,
    VisitGroup,
    VisitRow,
    YearGroup,
)
from diagnosis.office.service import OfficeService
from diagnosis.office.targets import TargetsError, parse_targets, programme_targets

TT, DI, EE = (
    KIND_BITS[k] for k in ("technical_transformation", "digital_intelligent", "energy_emission")
)


# -- counting rules ---------------------------------------------------------------------------


def _v(
    vid: str,
    when: str,
    revision: int = 1,
    previous: str | None = None,
    *,
    follow: bool = False,
    open_keys: tuple[str, ...] = (),
    team: tuple[str, ...] = (),
) -> VisitLink:
    return VisitLink(vid, when, int(when[:4]), revision, previous, follow, open_keys, team)


def test_count_revision_supersedes_what_it_revises() -> None:
    visits = [_v("a", "2023-05-01"), _v("b", "2023-05-01", 2, "a")]
    c = count_enterprise(visits, [], live=True)
    assert not c.visits["a"].counted and c.visits["b"].counted
    assert c.visits["b"].diagnosis and c.visits["b"].latest_diagnosis


def test_count_open_follow_up_is_a_visit_not_a_diagnosis() -> None:
    visits = [_v("a", "2023-05-01"), _v("f", "2024-01-01", 1, "a", follow=True)]
    c = count_enterprise(visits, [], live=True)
    assert c.visits["f"].counted and not c.visits["f"].diagnosis
    assert c.visits["a"].latest_diagnosis and c.visits["a"].first_year


def test_count_deleted_enterprise_counts_nothing() -> None:
    c = count_enterprise(
        [_v("a", "2023-05-01")], [MeasureLink("a", 0, "EN.AIR.01", "accepted")], live=False
    )
    assert not c.visits["a"].counted and c.current == {}


def test_count_one_diagnosis_per_year_and_the_first_year() -> None:
    visits = [_v("a", "2023-03-01"), _v("b", "2023-09-01"), _v("c", "2024-02-01")]
    c = count_enterprise(visits, [], live=True)
    assert [c.visits[v].year_diagnosis for v in "abc"] == [False, True, True]
    assert [c.visits[v].first_year for v in "abc"] == [False, True, False]
    assert [c.visits[v].latest_diagnosis for v in "abc"] == [False, False, True]


def test_count_latest_decision_is_current_and_keeps_its_first_accepted_year() -> None:
    visits = [_v("a", "2023-05-01"), _v("f", "2024-01-01", 1, "a", follow=True)]
    measures = [
        MeasureLink("a", 0, "EN.AIR.01", "accepted"),
        MeasureLink("a", 1, "SA.FIRE.01", "implemented"),  # not carried by the follow-up
        MeasureLink("a", 2, "IM.PLAN.01", "rejected"),
        MeasureLink("f", 0, "EN.AIR.01", "implemented"),
    ]
    c = count_enterprise(visits, measures, live=True)
    assert c.current == {("f", 0): 2023, ("a", 1): 2023, ("a", 2): 2023}


def test_count_same_day_follow_up_comes_after_what_it_follows() -> None:
    visits = [_v("z", "2024-01-01"), _v("a", "2024-01-01", 1, "z", follow=True)]
    measures = [MeasureLink("z", 0, "K", "accepted"), MeasureLink("a", 0, "K", "implemented")]
    assert count_enterprise(visits, measures, live=True).current == {("a", 0): 2024}


def test_count_open_proposals_once_and_never_once_decided() -> None:
    visits = [
        _v("a", "2023-05-01", open_keys=("X", "Y")),
        _v("b", "2024-05-01", open_keys=("X", "Z")),
    ]
    measures = [MeasureLink("b", 0, "Y", "accepted")]
    c = count_enterprise(visits, measures, live=True)
    assert (c.visits["a"].open_proposals, c.visits["b"].open_proposals) == (0, 2)  # X, Z at b


def test_count_member_first_visits() -> None:
    visits = [
        _v("a", "2023-05-01", team=("甲", "乙")),
        _v("b", "2024-05-01", team=("甲",)),
        _v("c", "2024-06-01", team=("甲",)),
    ]
    m = count_enterprise(visits, [], live=True).members
    assert m[("a", "甲")] == (True, True) and m[("b", "甲")] == (False, True)
    assert m[("c", "甲")] == (False, False) and m[("a", "乙")] == (True, True)


def test_facts_from_a_demo_visit_keeps_decisions_and_open_proposals() -> None:
    from diagnosis.assessment.assess import assess

    firm = next(enterprises(1, seed=3))
    doc = demo_document(firm, seed=2)
    a = assess(doc)
    visit, measures = facts_from(doc, a)
    decided = [v for v in a.measures if v.decision is not None]
    assert len(measures) == len(decided) and len(visit.open_keys) == len(a.measures) - len(decided)
    assert visit.year == int(doc.visit.date[:4]) and visit.month == doc.visit.date[:7]
    assert visit.scores["energy"] == pytest.approx(a.areas["energy"].score)
    accepted = [m for m in measures if m.status == "accepted"]
    assert sum(m.investment_10k_yuan or 0 for m in accepted) == pytest.approx(
        a.totals.investment_10k_yuan
    )
    assert all(m.category.startswith(m.code[:3]) for m in measures if m.code)  # "EN.AIR"
    failed, none = facts_from(doc, None, "ChecklistError: gone")
    assert failed.error and none == [] and failed.scores["energy"] is None
    assert kinds_of(TT | EE) == ("technical_transformation", "energy_emission")


# -- peers --------------------------------------------------------------------------------------


def test_quartiles_need_five_values() -> None:
    assert quartiles([40.0, 50.0, 60.0, 70.0]) is None
    assert quartiles([80.0, 40.0, 60.0, 50.0, 70.0]) == (50.0, 60.0, 70.0)
    # Six values 10..60: positions 1.25, 2.5, 3.75 between the sorted values (QUARTILE.INC).
    assert quartiles([10.0, 20.0, 30.0, 40.0, 50.0, 60.0]) == (22.5, 35.0, 47.5)


def test_benchmarks_four_peers_give_nothing_five_give_the_spread() -> None:
    own = {"energy": 55.0, "water": None}
    four: list[Mapping[str, float | None]] = [
        {"energy": s, "water": s} for s in (10.0, 20.0, 30.0, 40.0)
    ]
    five: list[Mapping[str, float | None]] = [*four, {"energy": 50.0, "water": None}]
    b4 = {p.area: p for p in benchmarks(own, "industry", "38", four, ("energy", "water"))}
    assert (b4["energy"].n, b4["energy"].median, b4["energy"].q1) == (4, None, None)
    b5 = {p.area: p for p in benchmarks(own, "industry", "38", five, ("energy", "water"))}
    assert (b5["energy"].n, b5["energy"].q1, b5["energy"].median, b5["energy"].q3) == (
        5,
        20.0,
        30.0,
        40.0,
    )
    assert b5["energy"].enterprise_score == 55.0 and b5["energy"].available
    assert b5["water"].n == 4 and not b5["water"].available  # a peer without a score is no peer
    assert peer_to_dict(b5["energy"])["median"] == 30.0


def test_peer_groups_only_groups_of_five() -> None:
    rows: list[tuple[str | None, str | None, Mapping[str, float | None]]] = [
        ("38", "330203" if n < 3 else "330205", {"energy": float(10 * n)}) for n in range(5)
    ]
    groups = peer_groups(rows)
    assert [(g.group, g.key, g.n, g.median) for g in groups] == [("industry", "38", 5, 20.0)]


def test_plan_peers_formats_the_plans_own_score() -> None:
    b = benchmarks(
        {"energy": 10.0},
        "industry",
        "38",
        [{"energy": float(s)} for s in range(50, 100, 10)],
        ("energy",),
    )
    rows = plan_peers("energy", 61.4, [peer_to_dict(p) for p in b])
    assert rows == [
        {
            "group": "industry",
            "available": True,
            "n": "5",
            "score": "61",
            "q1": "60",
            "median": "70",
            "q3": "80",
        }
    ]
    few = benchmarks({}, "district", "330203", [{"energy": 1.0}], ("energy",))
    assert plan_peers("energy", None, [peer_to_dict(p) for p in few])[0]["available"] is False
    assert plan_peers("energy", 1.0, None) == []


# -- targets -------------------------------------------------------------------------------------


def test_programme_targets_from_the_plan() -> None:
    t = programme_targets()
    tt, di = t.project("technical_transformation", 2022), t.project("digital_intelligent", 2024)
    assert tt is not None and di is not None
    assert (tt.value, tt.stated(2022), tt.stated(2023)) == (3000, True, False)
    assert "3000" in tt.source and di.value == 1500
    ee = t.project("energy_emission", 2023)
    assert ee is not None and ee.value == 300 and ee.confidence == "V"
    assert t.project("digital_intelligent", 2030) is None
    assert (t.coverage.share, t.coverage.by_year) == (1.0, 2024)


def test_programme_targets_refuse_an_unknown_kind() -> None:
    raw = {"projects": [{"kind": "smart_city", "value": 1, "years": [2022]}], "coverage": {}}
    with pytest.raises(TargetsError, match="kind"):
        parse_targets(raw)


# -- the service over a fake repository --------------------------------------------------------


class FakeRepo:
    """Groups as a store would sum them; the expected figures are counted from them by hand."""

    refreshed = 0

    def refresh(self, progress: Callable[[int, int], None] | None = None) -> int:
        self.refreshed += 1
        return 0

    def skipped(self) -> list[SkippedRecord]:
        return []

    def register_groups(self, f: OfficeFilter) -> list[RegisterGroup]:
        return [
            RegisterGroup("330203", "38", None, True, True, True, True, 3),
            RegisterGroup("330203", "34", None, True, False, False, True, 2),
            RegisterGroup("330205", "38", "246-EQUIP", True, True, False, False, 4),
            RegisterGroup(None, None, None, False, False, True, True, 1),
        ]

    def year_groups(self, f: OfficeFilter) -> list[YearGroup]:
        return [
            YearGroup(2023, True, True, 3, 3),
            YearGroup(2024, True, True, 1, 0),
            YearGroup(2024, False, False, 1, 1),
        ]

    def visit_groups(self, f: OfficeFilter) -> list[VisitGroup]:
        return [
            VisitGroup("2023-05", "finalised", False, 3),
            VisitGroup("2024-01", "follow_up", True, 2),
            VisitGroup("2024-02", "draft", False, 1),
        ]

    def members(self, f: OfficeFilter) -> list[MemberRow]:
        return [MemberRow("甲", 4, 3, 1, 3), MemberRow("乙", 2, 1, 1, 1)]

    def pipeline_groups(self, f: OfficeFilter) -> list[PipelineGroup]:
        return [
            PipelineGroup(
                "330203",
                "energy",
                "EN.AIR",
                "accepted",
                2023,
                TT | EE,
                2,
                10.0,
                100.0,
                1.0,
                2.0,
                0.0,
                2,
                1,
            ),
            PipelineGroup(
                "330203",
                "energy",
                "EN.AIR",
                "implemented",
                2023,
                TT | EE,
                1,
                5.0,
                50.0,
                0.5,
                1.0,
                0.0,
                1,
                1,
            ),
            PipelineGroup(
                "330203",
                "intelligent_manufacturing",
                "IM.MES",
                "planned",
                2024,
                TT | DI,
                1,
                20.0,
                0.0,
                0.0,
                0.0,
                0.0,
                1,
                0,
            ),
            PipelineGroup("330205", "", "", "accepted", 2024, 0, 1, 0.0, 0.0, 0.0, 0.0, 30.0, 0, 0),
            PipelineGroup(
                None,
                "energy",
                "EN.AIR",
                "rejected",
                2024,
                TT | EE,
                1,
                0.0,
                0.0,
                0.0,
                0.0,
                0.0,
                0,
                0,
            ),
            PipelineGroup(
                "330203",
                "water",
                "WA.REUSE",
                "proposed",
                2024,
                TT,
                1,
                3.0,
                0.0,
                0.0,
                0.0,
                0.0,
                1,
                0,
            ),
        ]

    def open_proposals(self, f: OfficeFilter) -> int:
        return 5

    def realised(self, f: OfficeFilter) -> RealisedSavings:
        return RealisedSavings(1, 50.0, 40.0, 0.5, 0.25)

    def latest_scores(self, f: OfficeFilter) -> list[ScoreRow]:
        return [ScoreRow(f"e{n}", "38", "330203", {"energy": 20.0 * n}) for n in range(5)]

    def enterprise_scores(self, enterprise_id: str, visit_id: str | None) -> ScoreRow | None:
        if enterprise_id != "e0":
            return None
        return ScoreRow("e0", "38", None, {"energy": 42.0})

    def peer_scores(self, group: str, key: str, exclude: str) -> list[Mapping[str, float | None]]:
        return [{"energy": float(s)} for s in (10, 20, 30, 40, 50)]

    def drill(
        self, f: OfficeFilter, dimension: str, key: str | None, measure: str | None
    ) -> list[str]:
        return [f"{dimension}:{key}:{measure}"]

    def enterprise_rows(self, f: OfficeFilter) -> list[EnterpriseRow]:
        return [
            EnterpriseRow(
                "e0",
                "甲公司",
                "91330203MA2AAAAA0X",
                "330203",
                "38",
                None,
                True,
                True,
                2,
                True,
                "2024-01-05",
            )
        ]

    def visit_rows(self, f: OfficeFilter) -> list[VisitRow]:
        return [
            VisitRow(
                "v0",
                "e0",
                "甲公司",
                "91330203MA2AAAAA0X",
                "330203",
                "2024-01-05",
                "finalised",
                1,
                None,
                True,
                True,
                ("甲",),
                {"energy": 42.0},
            )
        ]

    def measure_rows(self, f: OfficeFilter) -> list[MeasureRow]:
        return [
            MeasureRow(
                "v0",
                "e0",
                "甲公司",
                "330203",
                "EN.AIR.01",
                "",
                "energy",
                "EN.AIR",
                "accepted",
                2023,
                10.0,
                100.0,
                1.0,
                2.0,
                None,
                ("technical_transformation",),
                None,
            ),
            MeasureRow(
                "v0",
                "e0",
                "甲公司",
                "330203",
                "EN.AIR.02",
                "",
                "energy",
                "EN.AIR",
                "implemented",
                2023,
                5.0,
                50.0,
                0.5,
                1.0,
                None,
                (),
                40.0,
            ),
            MeasureRow(
                "v0",
                "e0",
                "甲公司",
                "330203",
                "IM.MES.01",
                "",
                "intelligent_manufacturing",
                "IM.MES",
                "planned",
                2024,
                20.0,
                None,
                None,
                None,
                None,
                (),
                None,
            ),
            MeasureRow(
                "v0",
                "e0",
                "甲公司",
                "330203",
                None,
                "屋顶光伏",
                "",
                "",
                "accepted",
                2024,
                None,
                None,
                None,
                None,
                30.0,
                (),
                None,
            ),
            MeasureRow(
                "v0",
                "e0",
                "甲公司",
                "330203",
                "SA.FIRE.01",
                "",
                "safety",
                "SA.FIRE",
                "rejected",
                2024,
                9.0,
                None,
                None,
                None,
                None,
                (),
                None,
            ),
        ]


@pytest.fixture
def office() -> OfficeService:
    return OfficeService(FakeRepo())


def test_service_coverage_rolls_up_the_register(office: OfficeService) -> None:
    fig = office.figures()
    t = fig.total
    assert (t.enterprises, t.above_scale, t.target) == (10, 9, 7)
    assert (t.diagnosed, t.diagnosed_above_scale, t.diagnosed_target) == (4, 3, 3)
    assert t.share == pytest.approx(3 / 7)
    d = {r.key: r for r in fig.coverage["district"]}
    assert (d["330203"].enterprises, d["330203"].diagnosed, d["330203"].share) == (5, 3, 1.0)
    assert d["330205"].share == 0.0 and d[None].share is None
    assert [r.key for r in fig.coverage["district"]][-1] is None  # the unset key last
    assert (fig.never_visited, fig.never_visited_target) == (4, 4)
    years = {r.key: (r.enterprises, r.diagnosed, r.diagnosed_target) for r in fig.coverage["year"]}
    assert years == {"2023": (10, 3, 3), "2024": (10, 2, 1)}
    assert [(p.year, p.first_diagnosed, p.cumulative) for p in fig.progress] == [
        (2023, 3, 3),
        (2024, 0, 3),
    ]


def test_service_visits_and_pipeline(office: OfficeService) -> None:
    fig = office.figures()
    assert (fig.visits, fig.diagnoses, fig.follow_ups) == (6, 4, 2)
    assert [m.month for m in fig.trend] == ["2023-05", "2024-01", "2024-02"]
    a = fig.accepted
    assert (a.count, a.investment_10k_yuan, a.money_saved_yuan, a.water_m3) == (
        5,
        35.0,
        150.0,
        30.0,
    )
    assert (a.without_investment, a.without_money) == (1, 3)
    energy = next(r for r in fig.pipeline["area"] if r.key == "energy")
    assert energy.sums.count == 3 and energy.statuses == {
        "accepted": 2,
        "planned": 0,
        "in_progress": 0,
        "implemented": 1,
    }
    statuses = {r.key: r.sums.count for r in fig.pipeline["status"]}
    assert statuses["proposed"] == 6 and statuses["rejected"] == 1  # 1 decided + 5 open
    assert next(r for r in fig.pipeline["area"] if r.key is None).sums.water_m3 == 30.0
    assert fig.realised.money_ratio == pytest.approx(0.8)


def test_service_targets_by_year_and_kind(office: OfficeService) -> None:
    rows = {(t.year, t.kind): (t.count, t.target) for t in office.figures().targets}
    assert rows[(2023, "technical_transformation")] == (3, 3000)
    assert rows[(2023, "energy_emission")] == (3, 300)
    assert rows[(2024, "digital_intelligent")] == (1, 1500)
    assert rows[(2024, "technical_transformation")] == (1, 3000)  # the rejected one is not
    assert rows[(2022, "digital_intelligent")] == (0, 1500)
    only = office.figures(OfficeFilter(year=2024)).targets
    assert {t.year for t in only} == {2024} and len(only) == 3


def test_service_peers_and_drill(office: OfficeService) -> None:
    peers = office.peers("e0")
    industry = [p for p in peers if p.group == "industry"]
    assert len(industry) == 5 and industry[1].area == "energy"
    assert (industry[1].median, industry[1].enterprise_score) == (30.0, 42.0)
    district = [p for p in peers if p.group == "district"]
    assert district and all(p.key is None and p.n == 0 and not p.available for p in district)
    assert office.peers("unknown") == []
    assert office.drill(OfficeFilter(), "district", "330203") == ["district:330203:diagnosed"]
    with pytest.raises(ValueError):
        office.drill(OfficeFilter(), "nowhere")


def test_service_to_dict_is_the_stats_json_contract(office: OfficeService) -> None:
    import json

    d = office.to_dict(office.figures())
    json.dumps(d)  # plain data
    assert (
        d["enterprises"]["total"],
        d["enterprises"]["above_scale"],
        d["enterprises"]["diagnosed"],
    ) == (10, 9, 4)
    accepted = d["measures"]["accepted"]
    assert (accepted["count"], accepted["investment_10k_yuan"], accepted["money_saved_yuan"]) == (
        5,
        35.0,
        150.0,
    )
    assert {"coverage", "progress", "visits", "targets", "facts_refreshed"} <= d.keys()
    first = d["coverage"]["district"][0]  # largest target first
    assert (first["key"], first["willing_above_scale"], first["share"]) == ("330205", 4, 0.0)

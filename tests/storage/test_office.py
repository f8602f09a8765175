"""The office figures over a generated register and visits whose totals are known by
construction (see ``_build``: every expected number below is counted by hand from it)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from diagnosis.measures.decisions import decision_to_dict
from diagnosis.measures.proposals import Decision
from diagnosis.office.figures import OfficeFilter
from diagnosis.office.service import OfficeService
from diagnosis.register.enterprise import Enterprise
from diagnosis.visits.document import Document, Visit
from storage.database import Store
from storage.enterprises import SqliteEnterpriseRepository
from storage.office import SqliteOfficeRepository
from storage.office_facts import refresh_facts
from storage.visits import SqliteVisitRepository

D1, D2, D3 = "330203", "330205", "330206"
SAFETY = ("S01", "S02", "S03", "S20A")  # equal weights: k "yes" answers score 25 k


@dataclass(frozen=True)
class World:
    store: Store
    office: OfficeService
    e: dict[str, str]  # E0... -> enterprise id
    v: dict[str, str]  # visit label -> visit id


def _firm(
    n: int, district: str | None, industry: str | None, above: bool, willing: bool
) -> Enterprise:
    cluster = "246-EQUIP" if n in (0, 6) else None
    return Enterprise(
        name=f"测试企业{n:02d}",
        credit_code=f"TEST{n:014d}",
        district=district,
        industry=industry,
        cluster=cluster,
        above_scale=above,
        willing=willing,
    )


FIRMS = [
    # D1: six, four above scale, three of them willing
    _firm(0, D1, "38", True, True),
    _firm(1, D1, "38", True, True),
    _firm(2, D1, "38", True, True),
    _firm(3, D1, "34", True, False),
    _firm(4, D1, "34", False, False),
    _firm(5, D1, "34", False, True),
    # D2: five, all willing above scale, one division (the safety peers)
    *(_firm(n, D2, "38", True, True) for n in range(6, 11)),
    # D3: four, one above scale (not willing); E14 is deleted later
    _firm(11, D3, "34", True, False),
    _firm(12, D3, "34", False, False),
    _firm(13, D3, "34", False, False),
    _firm(14, D3, "34", True, True),
    # no district: willing above scale, its only visit deleted
    _firm(15, None, None, True, True),
]


def _safety(yes: int) -> dict[str, dict[str, Any]]:
    return {"safety": {item: "yes" if k < yes else "no" for k, item in enumerate(SAFETY)}}


def _doc(
    firm: Enterprise,
    visit_id: str,
    when: str,
    *,
    status: str = "finalised",
    revision: int = 1,
    previous: str | None = None,
    team: Sequence[str] = (),
    areas: Sequence[str] = ("safety",),
    answers: Mapping[str, Mapping[str, Any]] | None = None,
    measures: Sequence[Decision] = (),
) -> Document:
    # The peers' expected scores are worked out on safety checklist 2026.1 (four items, one
    # weight each), so the visits keep it whatever the newest version asks.
    pinned = {"safety": "2026.1"} if "safety" in areas else {}
    visit = Visit(
        visit_id, when, status, revision, tuple(team), "测试中心", tuple(areas), pinned, previous
    )
    return Document(firm, visit, answers or {}, (), tuple(decision_to_dict(d) for d in measures))


def _build(store: Store) -> World:
    SqliteEnterpriseRepository(store).save(FIRMS, [])
    e = {f"E{n}": firm.id for n, firm in enumerate(FIRMS)}
    f = dict(enumerate(FIRMS))
    visits = SqliteVisitRepository(store)

    def air(investment: float, money: float) -> Decision:
        return Decision(
            "EN.AIR.01", "accepted", investment_10k_yuan=investment, money_saved_yuan=money
        )

    mes = Decision("IM.MES.01", "planned", investment_10k_yuan=20.0)
    docs = [
        # E0: a diagnosis, its revision (which alone counts), a follow-up the next year
        _doc(
            f[0],
            "V0",
            "2023-05-10",
            team=("甲", "乙"),
            areas=("energy",),
            measures=[
                air(10.0, 1000.0),
                mes,
            ],
        ),
        _doc(
            f[0],
            "V0r",
            "2023-05-10",
            status="revision",
            revision=2,
            previous="V0",
            team=("甲", "乙"),
            areas=("energy",),
            measures=[
                air(12.0, 1200.0),
                mes,
            ],
        ),
        _doc(
            f[0],
            "F0",
            "2024-02-01",
            status="follow_up",
            previous="V0r",
            team=("甲", "乙"),
            areas=("energy",),
            measures=[
                Decision(
                    "EN.AIR.01",
                    "implemented",
                    investment_10k_yuan=12.0,
                    money_saved_yuan=1200.0,
                    realised_money_yuan=900.0,
                ),
                Decision("IM.MES.01", "in_progress", investment_10k_yuan=20.0),
            ],
        ),
        _doc(
            f[1],
            "V1",
            "2024-03-01",
            status="draft",
            team=("甲",),
            areas=("water",),
            measures=[
                Decision(
                    "WA.REUSE.01",
                    "accepted",
                    investment_10k_yuan=5.0,
                    water_saved_m3=1000.0,
                    money_saved_yuan=5500.0,
                ),
                Decision("SA.FIRE.01", "rejected"),
            ],
        ),
        _doc(f[3], "V3", "2023-07-01", team=("丙",)),
        # E6..E10: the safety peers; E6 twice in 2024, its later diagnosis stands
        _doc(f[6], "V6a", "2024-04-01", team=("乙", "丙"), answers=_safety(0)),
        _doc(f[6], "V6b", "2024-06-01", team=("乙", "丙"), answers=_safety(4)),
        _doc(f[7], "V7", "2024-04-02", team=("乙", "丙"), answers=_safety(0)),
        _doc(f[8], "V8", "2024-04-03", team=("乙", "丙"), answers=_safety(1)),
        _doc(f[9], "V9", "2024-04-04", team=("乙", "丙"), answers=_safety(2)),
        _doc(f[10], "V10", "2024-04-05", team=("乙", "丙"), answers=_safety(3)),
        _doc(
            f[11],
            "V11",
            "2022-09-01",
            team=("甲",),
            areas=("energy",),
            measures=[
                Decision(
                    None,
                    "accepted",
                    custom=True,
                    title="屋顶光伏",
                    counts_as=("technical_transformation", "energy_emission"),
                    investment_10k_yuan=100.0,
                    money_saved_yuan=20000.0,
                )
            ],
        ),
        _doc(f[14], "V14", "2024-01-01", team=("甲",)),
        _doc(f[15], "V15", "2024-01-02", team=("甲",)),
    ]
    for doc in docs:
        visits.save(doc)
    store.write("visits", updates=[("V15", {"deleted": 1})])
    SqliteEnterpriseRepository(store).delete(e["E14"])
    return World(
        store,
        OfficeService(SqliteOfficeRepository(store)),
        e,
        {d.visit.id: d.visit.id for d in docs},
    )


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    store = Store(tmp_path / "office.sqlite", user="tester")
    yield _build(store)
    store.close()


def _ids(w: World, *names: str) -> list[str]:
    return sorted(w.e[n] for n in names)


def test_office_coverage_counts_match_the_register(world: World) -> None:
    fig = world.office.figures()
    t = fig.total
    assert (t.enterprises, t.above_scale, t.target) == (15, 11, 9)
    assert (t.diagnosed, t.diagnosed_above_scale, t.diagnosed_target) == (9, 9, 7)
    assert t.share == pytest.approx(7 / 9)
    rows = {r.key: r for r in fig.coverage["district"]}
    assert (rows[D1].enterprises, rows[D1].above_scale, rows[D1].target) == (6, 4, 3)
    assert (rows[D1].diagnosed, rows[D1].diagnosed_target) == (3, 2)
    assert (rows[D2].enterprises, rows[D2].diagnosed_target, rows[D2].share) == (5, 5, 1.0)
    assert (rows[D3].enterprises, rows[D3].above_scale, rows[D3].target) == (3, 1, 0)
    assert rows[D3].share is None and rows[None].enterprises == 1
    # Every dimension adds up to the register.
    for dim in ("district", "industry", "cluster"):
        assert sum(r.enterprises for r in fig.coverage[dim]) == 15
        assert sum(r.diagnosed for r in fig.coverage[dim]) == 9
    industries = {r.key: r for r in fig.coverage["industry"]}
    assert (industries["38"].enterprises, industries["38"].diagnosed) == (8, 7)
    clusters = {r.key: r for r in fig.coverage["cluster"]}
    assert (clusters["246-EQUIP"].enterprises, clusters["246-EQUIP"].diagnosed) == (2, 2)
    assert (fig.never_visited, fig.never_visited_target) == (6, 2)


def test_office_coverage_by_year_and_progress(world: World) -> None:
    fig = world.office.figures()
    years = {
        r.key: (r.diagnosed, r.diagnosed_above_scale, r.diagnosed_target)
        for r in fig.coverage["year"]
    }
    # The follow-up F0 (2024) is not a diagnosis; E6's two 2024 diagnoses count once.
    assert years == {"2022": (1, 1, 0), "2023": (2, 2, 1), "2024": (6, 6, 6)}
    assert [(p.year, p.first_diagnosed, p.cumulative, p.target) for p in fig.progress] == [
        (2022, 0, 0, 9),
        (2023, 1, 1, 9),
        (2024, 6, 7, 9),
    ]
    y2024 = world.office.figures(OfficeFilter(year=2024))
    assert (y2024.total.diagnosed, y2024.total.diagnosed_target) == (6, 6)
    assert (y2024.visits, y2024.diagnoses, y2024.follow_ups) == (8, 7, 1)
    assert [p.year for p in y2024.progress] == [2022, 2023, 2024]
    assert [r.key for r in y2024.coverage["year"]] == ["2024"]


def test_office_visits_members_and_statuses(world: World) -> None:
    fig = world.office.figures()
    # V0 is superseded by its revision, V14's enterprise and V15 itself are deleted.
    assert (fig.visits, fig.diagnoses, fig.follow_ups) == (11, 10, 1)
    assert fig.visit_statuses == {"revision": 1, "follow_up": 1, "draft": 1, "finalised": 8}
    members = {m.member: (m.visits, m.diagnoses, m.follow_ups, m.enterprises) for m in fig.members}
    assert members == {"甲": (4, 3, 1, 3), "乙": (8, 7, 1, 6), "丙": (7, 7, 0, 6)}
    assert [m.member for m in fig.members] == ["乙", "丙", "甲"]
    months = {m.month: m.visits for m in fig.trend}
    assert months == {
        "2022-09": 1,
        "2023-05": 1,
        "2023-07": 1,
        "2024-02": 1,
        "2024-03": 1,
        "2024-04": 5,
        "2024-06": 1,
    }
    y2024 = {m.member: m.enterprises for m in world.office.figures(OfficeFilter(year=2024)).members}
    assert y2024 == {"甲": 2, "乙": 6, "丙": 5}


def test_office_pipeline_counts_current_decisions(world: World) -> None:
    fig = world.office.figures()
    a = fig.accepted
    # EN.AIR.01 (at F0: 12 / 1200, not V0's 10 / 1000), IM.MES.01, WA.REUSE.01, the custom one.
    assert (a.count, a.investment_10k_yuan, a.money_saved_yuan, a.water_m3) == (
        4,
        137.0,
        26700.0,
        1000.0,
    )
    assert (a.without_investment, a.without_money) == (0, 1)
    by_area = {r.key: (r.sums.count, r.sums.investment_10k_yuan) for r in fig.pipeline["area"]}
    assert by_area == {
        "energy": (1, 12.0),
        "intelligent_manufacturing": (1, 20.0),
        "water": (1, 5.0),
        None: (1, 100.0),
    }
    by_district = {
        r.key: (r.sums.count, r.sums.investment_10k_yuan) for r in fig.pipeline["district"]
    }
    assert by_district == {D1: (3, 37.0), D3: (1, 100.0)}
    categories = {r.key for r in fig.pipeline["category"]}
    assert categories == {"EN.AIR", "IM.MES", "WA.REUSE", None}
    statuses = {r.key: r.sums.count for r in fig.pipeline["status"]}
    # Proposed: the rules' open proposals (SA.STD.01 / SA.FIRE.01 once per enterprise).
    assert statuses == {
        "proposed": 9,
        "accepted": 2,
        "rejected": 1,
        "planned": 0,
        "in_progress": 1,
        "implemented": 1,
        "not_implemented": 0,
    }
    energy = next(r for r in fig.pipeline["area"] if r.key == "energy")
    assert energy.statuses["implemented"] == 1
    r = fig.realised
    assert (r.measures, r.projected_money_yuan, r.realised_money_yuan) == (1, 1200.0, 900.0)
    assert r.money_ratio == pytest.approx(0.75)


def test_office_targets_count_projects_in_the_year_accepted(world: World) -> None:
    fig = world.office.figures()
    counts = {(t.year, t.kind): t.count for t in fig.targets}
    assert counts[(2022, "technical_transformation")] == 1
    assert counts[(2022, "energy_emission")] == 1
    assert counts[(2023, "technical_transformation")] == 2
    assert counts[(2023, "digital_intelligent")] == 1
    assert counts[(2024, "energy_emission")] == 1
    assert counts[(2024, "digital_intelligent")] == 0
    targets = {(t.year, t.kind): t.target for t in fig.targets}
    assert targets[(2023, "technical_transformation")] == 3000
    assert targets[(2024, "digital_intelligent")] == 1500
    assert targets[(2022, "energy_emission")] == 300
    y2023 = world.office.figures(OfficeFilter(year=2023))
    assert {t.year for t in y2023.targets} == {2023}
    assert (y2023.accepted.count, y2023.accepted.investment_10k_yuan) == (2, 32.0)


def test_office_filters_narrow_the_register(world: World) -> None:
    fig = world.office.figures(OfficeFilter(district=D2))
    assert (fig.total.enterprises, fig.total.diagnosed, fig.visits) == (5, 5, 6)
    assert fig.accepted.count == 0
    fig = world.office.figures(OfficeFilter(industry="34"))
    assert (fig.total.enterprises, fig.total.diagnosed) == (6, 2)


def test_office_drill_returns_the_enterprises_behind_a_number(world: World) -> None:
    office, f = world.office, OfficeFilter()
    assert office.drill(f, "district", D1, "diagnosed") == _ids(world, "E0", "E1", "E3")
    assert office.drill(f, "district", D1, "target") == _ids(world, "E0", "E1", "E2")
    assert office.drill(f, "district", None, "enterprises") == _ids(world, "E15")
    assert office.drill(f, "total") == _ids(
        world, "E0", "E1", "E3", *(f"E{n}" for n in range(6, 12))
    )
    assert office.drill(f, "never_visited", measure="target") == _ids(world, "E2", "E15")
    assert len(office.drill(f, "never_visited")) == 6
    assert office.drill(f, "year", "2024", "diagnosed_target") == _ids(
        world, "E1", "E6", "E7", "E8", "E9", "E10"
    )
    assert office.drill(f, "member", "甲") == _ids(world, "E0", "E1", "E11")
    assert office.drill(f, "month", "2024-02") == _ids(world, "E0")
    assert office.drill(f, "pipeline.status", "proposed") == _ids(
        world, "E6", "E7", "E8", "E9", "E10"
    )
    assert office.drill(f, "pipeline.area", "water") == _ids(world, "E1")
    assert office.drill(f, "pipeline.district", D3) == _ids(world, "E11")
    assert office.drill(f, "accepted") == _ids(world, "E0", "E1", "E11")
    assert office.drill(OfficeFilter(year=2023), "kind", "digital_intelligent") == _ids(world, "E0")
    assert office.drill(f, "realised") == _ids(world, "E0")
    with pytest.raises(ValueError):
        office.drill(f, "nowhere")
    with pytest.raises(ValueError):
        office.drill(f, "district", D1, "visits")


def test_office_peers_from_five_others_never_four(world: World) -> None:
    # E0 (division 38, no safety score of its own) has five peers scored in safety:
    # E6 (100, its later diagnosis), E7 0, E8 25, E9 50, E10 75.
    peers = {(p.group, p.area): p for p in world.office.peers(world.e["E0"])}
    safety = peers[("industry", "safety")]
    assert (safety.n, safety.q1, safety.median, safety.q3) == (5, 25.0, 50.0, 75.0)
    assert safety.enterprise_score is None and safety.available
    assert peers[("industry", "energy")].median is None  # nobody scored
    # E6 has only four peers in its division with a safety score: nothing computed.
    mine = {(p.group, p.area): p for p in world.office.peers(world.e["E6"])}
    assert mine[("industry", "safety")].n == 4
    assert mine[("industry", "safety")].median is None
    assert mine[("industry", "safety")].enterprise_score == pytest.approx(100.0)
    assert mine[("district", "safety")].median is None
    # At a given visit: E6's earlier diagnosis scored 0.
    at = {p.area: p for p in world.office.peers(world.e["E6"], "V6a") if p.group == "industry"}
    assert at["safety"].enterprise_score == pytest.approx(0.0)
    assert world.office.peers("no-such-enterprise") == []


def test_office_facts_refresh_only_the_changed_visit(world: World) -> None:
    world.office.figures()
    conn = world.store.conn
    before = dict(conn.execute("SELECT visit_id, computed_at FROM visit_facts"))
    assert refresh_facts(world.store) == 0
    SqliteVisitRepository(world.store).save_answer("V7", "safety", "S01", "yes")
    assert refresh_facts(world.store) == 1
    after = dict(conn.execute("SELECT visit_id, computed_at FROM visit_facts"))
    changed = {v for v in after if after[v] != before[v]}
    assert changed == {"V7"}
    score = conn.execute("SELECT score_safety FROM visit_facts WHERE visit_id = 'V7'").fetchone()[0]
    assert score == pytest.approx(25.0)


def test_office_facts_follow_register_changes_and_deletions(world: World) -> None:
    world.office.figures()
    repo = SqliteEnterpriseRepository(world.store)
    firm = repo.get(world.e["E11"])
    assert firm is not None
    repo.save([], [(firm.with_values(district=D2), {"district": D2})])
    fig = world.office.figures()
    districts = {r.key: r.sums.count for r in fig.pipeline["district"]}
    assert districts == {D1: 3, D2: 1}
    assert fig.facts_refreshed == 0  # a register change recounts, it assesses nothing
    world.store.write("visits", updates=[("V1", {"deleted": 1})])
    fig = world.office.figures()
    assert fig.facts_refreshed == 1
    assert (fig.total.diagnosed, fig.accepted.count) == (8, 3)
    assert world.e["E1"] in world.office.drill(OfficeFilter(), "never_visited")


def test_office_facts_cover_visits_written_by_sync(world: World) -> None:
    """A pull writes rows straight in SQL (storage/sync/client_pull.py): the triggers mark them."""
    world.office.figures()
    conn = world.store.conn
    with world.store.transaction():
        conn.execute(
            "INSERT INTO visits (id, enterprise_id, date, status, team, areas, updated_at, "
            "updated_by, dirty, rev) VALUES ('P1', ?, '2024-08-01', 'finalised', '[\"丁\"]', "
            "'[\"safety\"]', '2020-01-01T00:00:00', 'server', 0, 7)",
            [world.e["E12"]],
        )
        conn.execute(
            "INSERT INTO answers (id, visit_id, area, item, value, updated_at, updated_by, "
            "dirty, rev) VALUES ('a1', 'P1', 'safety', 'S01', '\"yes\"', '2020-01-01', 's', 0, 8)"
        )
    fig = world.office.figures()
    assert fig.facts_refreshed == 1
    assert fig.total.diagnosed == 10
    assert {m.member for m in fig.members} >= {"丁"}
    score = conn.execute("SELECT score_safety FROM visit_facts WHERE visit_id = 'P1'").fetchone()
    assert score[0] == pytest.approx(100.0)


def test_office_facts_for_a_store_migrated_with_visits(tmp_path: Path) -> None:
    """Visits stored before m006 get their facts at the first office query."""
    import sqlite_utils

    from storage import migrations

    path = tmp_path / "old.sqlite"
    db = sqlite_utils.Database(path)
    m = sqlite_utils.Migrations(migrations.MIGRATION_SET)
    for fn in migrations.MIGRATIONS[:-1]:
        m()(fn)
    m.apply(db)
    firm = FIRMS[0]
    db.conn.execute(
        "INSERT INTO enterprises (id, name, credit_code, district, above_scale, willing, "
        "updated_at, updated_by) VALUES (?, ?, ?, ?, 1, 1, 'now', 'x')",
        [firm.id, firm.name, firm.credit_code, D1],
    )
    db.conn.execute(
        "INSERT INTO visits (id, enterprise_id, date, status, updated_at, updated_by) "
        "VALUES ('old', ?, '2023-01-05', 'finalised', 'now', 'x')",
        [firm.id],
    )
    db.conn.commit()
    db.conn.close()
    store = Store(path, user="tester")
    try:
        fig = OfficeService(SqliteOfficeRepository(store)).figures()
        assert fig.facts_refreshed == 1
        assert (fig.total.diagnosed, fig.visits) == (1, 1)
    finally:
        store.close()


def test_office_data_rows_behind_the_workbook(world: World) -> None:
    data = world.office.data()
    assert len(data.enterprises) == 15
    assert sum(e.diagnosed for e in data.enterprises) == 9
    assert {v.id for v in data.visits if v.counted} == {
        "V0r",
        "F0",
        "V1",
        "V3",
        "V6a",
        "V6b",
        "V7",
        "V8",
        "V9",
        "V10",
        "V11",
    }
    assert "V0" in {v.id for v in data.visits}  # superseded, still listed, not counted
    assert {(m.code, m.status) for m in data.measures} == {
        ("EN.AIR.01", "implemented"),
        ("IM.MES.01", "in_progress"),
        ("WA.REUSE.01", "accepted"),
        ("SA.FIRE.01", "rejected"),
        (None, "accepted"),
    }
    assert any(g.group == "industry" and g.key == "38" and g.n == 5 for g in data.peer_groups)


def test_office_refresh_reports_progress_and_can_stop(world: World) -> None:
    """A refresh stopped half way keeps what it wrote; the rest is done by the next one."""
    conn = world.store.conn
    done: list[tuple[int, int]] = []

    def stop(n: int, total: int) -> None:
        done.append((n, total))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        refresh_facts(world.store, batch=5, progress=stop)
    assert done == [(5, 14)]
    assert conn.execute("SELECT count(*) FROM visit_facts").fetchone()[0] == 5
    assert conn.execute("SELECT count(*) FROM facts_stale").fetchone()[0] == 9
    assert world.office.refresh(lambda n, total: done.append((n, total))) == 9
    assert done[1:] == [(9, 9)]
    assert world.office.figures().visits == 11

"""A visit's measure decisions merge measure by measure and its notes key by key (issue 14,
deliverable 7): two experts deciding different measures of one visit never conflict, and one
measure (or note) decided both ways conflicts on the field ``measures`` (``notes``) with both
sides whole, each keeping every other decision (note) that merged."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from diagnosis.measures.proposals import Decision
from tests.storage.sync.conftest import (
    Laptop,
    ServerProcess,
    assert_converged,
    register_enterprise,
    sync_in_turn,
)
from tests.storage.sync.test_server_support import (
    Server,
    change,
    enterprise,
    new_id,
    outcomes,
    visit,
)
from tests.storage.sync.test_server_support import server as server

AIR, VFD, LIGHT = "EN.AIR.01", "EN.VFD.01", "EN.LIGHT.01"
Make = Callable[..., Laptop]


def _measures(*decisions: dict[str, Any]) -> str:
    return json.dumps(list(decisions), ensure_ascii=False, sort_keys=True)


def _by_code(text: str) -> dict[str, str]:
    return {d["code"]: d["status"] for d in json.loads(text)}


def _shared_visit(server: Server, **over: Any) -> tuple[str, dict[str, Any], int]:
    """A visit of wang's with chen in its team: (id, data, rev)."""
    eid, vid = new_id(), new_id()
    data = visit(eid, ["wang", "chen"], **over)
    response = server.push(
        server.wang, change("enterprises", eid, enterprise()), change("visits", vid, data)
    )
    assert outcomes(response) == ["created", "created"], response
    return vid, data, response["results"][1]["rev"]


def test_server_merges_decisions_on_different_measures(server: Server) -> None:
    proposed = _measures({"code": AIR, "status": "proposed"}, {"code": VFD, "status": "proposed"})
    vid, data, rev = _shared_visit(server, measures=proposed)
    wang = _measures({"code": AIR, "status": "accepted"}, {"code": VFD, "status": "proposed"})
    chen = _measures({"code": AIR, "status": "proposed"}, {"code": VFD, "status": "accepted"})
    first = server.push(server.wang, change("visits", vid, {**data, "measures": wang}, rev))
    second = server.push(server.chen, change("visits", vid, {**data, "measures": chen}, rev))
    assert outcomes(first) == ["updated"]
    assert outcomes(second) == ["merged"], second
    assert second["results"][0]["conflicts"] == []
    pulled = server.pulled(server.office, "visits", vid)
    assert pulled is not None
    assert _by_code(pulled["data"]["measures"]) == {AIR: "accepted", VFD: "accepted"}
    assert pulled["conflicts"] == []


def test_server_conflict_on_one_measure_keeps_the_rest_and_shows_both_sides_whole(
    server: Server,
) -> None:
    vid, data, rev = _shared_visit(server, measures=_measures({"code": AIR, "status": "proposed"}))
    wang = _measures({"code": AIR, "status": "accepted"}, {"code": LIGHT, "status": "accepted"})
    chen = _measures({"code": AIR, "status": "rejected"}, {"code": VFD, "status": "accepted"})
    server.push(server.wang, change("visits", vid, {**data, "measures": wang}, rev))
    response = server.push(server.chen, change("visits", vid, {**data, "measures": chen}, rev))
    assert outcomes(response) == ["conflict"]
    assert response["results"][0]["conflicts"] == ["measures"]
    pulled = server.pulled(server.chen, "visits", vid)
    assert pulled is not None
    # the record keeps the server's decision on the measure decided both ways; the rest merged
    held = {AIR: "accepted", LIGHT: "accepted", VFD: "accepted"}
    assert _by_code(pulled["data"]["measures"]) == held
    [conflict] = pulled["conflicts"]
    assert conflict["field"] == "measures"
    assert conflict["ours"]["value"] == pulled["data"]["measures"]
    assert conflict["ours"]["by"] == "wang"
    assert conflict["theirs"]["by"] == "chen"
    # either side, chosen, keeps every other decision: they differ in that measure only
    assert _by_code(conflict["theirs"]["value"]) == {**held, AIR: "rejected"}


def test_server_colliding_note_keeps_the_other_notes(server: Server) -> None:
    vid, data, rev = _shared_visit(server, notes=json.dumps({"energy": {"E01": "旧"}}))
    wang = {"energy": {"E01": "甲", "E02": "空压机"}}
    chen = {"energy": {"E01": "乙"}, "water": {"W01": "冷却塔"}}
    notes = {
        k: json.dumps(v, ensure_ascii=False, sort_keys=True) for k, v in [("w", wang), ("c", chen)]
    }
    server.push(server.wang, change("visits", vid, {**data, "notes": notes["w"]}, rev))
    response = server.push(server.chen, change("visits", vid, {**data, "notes": notes["c"]}, rev))
    assert response["results"][0]["conflicts"] == ["notes"]
    pulled = server.pulled(server.office, "visits", vid)
    assert pulled is not None
    merged = {"energy": {"E01": "甲", "E02": "空压机"}, "water": {"W01": "冷却塔"}}
    assert json.loads(pulled["data"]["notes"]) == merged
    [conflict] = pulled["conflicts"]
    assert json.loads(conflict["theirs"]["value"]) == {
        "energy": {"E01": "乙", "E02": "空压机"},
        "water": {"W01": "冷却塔"},
    }


def _two_experts(laptops: Make) -> tuple[Laptop, Laptop, str]:
    energy, water = laptops("energy_expert"), laptops("water_expert")
    eid = register_enterprise(energy)
    vid = energy.desk.start(eid, "2024-03-28", ["energy_expert", "water_expert"]).visit.id
    energy.sync()
    water.sync()
    return energy, water, vid


def _decisions(lap: Laptop, vid: str) -> dict[str, str]:
    return {str(m.get("code")): str(m.get("status")) for m in lap.desk.open(vid).measures}


def test_two_experts_accept_different_measures_and_nothing_is_left_to_resolve(
    laptops: Make, sync_server: ServerProcess
) -> None:
    energy, water, vid = _two_experts(laptops)
    energy.desk.decide(vid, Decision(AIR, "accepted", investment_10k_yuan=12.0))
    water.desk.decide(vid, Decision(VFD, "accepted"))
    summaries = sync_in_turn([energy, water], rounds=2)
    assert [s.conflicts for s in summaries] == [0, 0, 0, 0]
    assert all(s.rejected == () for s in summaries)
    for lap in (energy, water):
        assert _decisions(lap, vid) == {AIR: "accepted", VFD: "accepted"}
        assert lap.client.conflicts() == []
    assert_converged([energy, water], sync_server)
    assert sync_server.query("SELECT count(*) FROM conflicts") == [(0,)]


def test_two_experts_deciding_one_measure_both_ways_settle_it_keeping_the_rest(
    laptops: Make, sync_server: ServerProcess
) -> None:
    energy, water, vid = _two_experts(laptops)
    energy.desk.decide(vid, Decision(AIR, "accepted"))
    energy.desk.decide(vid, Decision(LIGHT, "accepted"))
    water.desk.decide(vid, Decision(AIR, "rejected", note="投资回收期过长"))
    water.desk.decide(vid, Decision(VFD, "accepted"))
    sync_in_turn([energy, water], rounds=2)
    listed = [lap.client.conflicts() for lap in (energy, water)]
    assert [[c.field for c in views] for views in listed] == [["measures"], ["measures"]]
    both = {AIR: "accepted", LIGHT: "accepted", VFD: "accepted"}
    assert _decisions(energy, vid) == _decisions(water, vid) == both
    [conflict] = listed[1]
    # the water expert keeps their own decision on the one measure: every other one stays
    water.client.resolve(conflict.id, conflict.theirs.value)
    sync_in_turn([water, energy], rounds=2)
    assert_converged([energy, water], sync_server)
    for lap in (energy, water):
        assert _decisions(lap, vid) == {**both, AIR: "rejected"}

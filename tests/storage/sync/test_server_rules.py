"""Who may see and change what (districts, visits, teams), and late changes to a finalised
visit, which go to a revision the server makes of it (docs/sync.md)."""

from __future__ import annotations

from storage.sync.server_fields import answer_id
from tests.storage.sync.test_server_support import (
    Server,
    answer,
    change,
    enterprise,
    finding_data,
    new_id,
    outcomes,
    visit,
    visit_with_answers,
)

# The fixture, imported under its own name so pytest finds them here.
from tests.storage.sync.test_server_support import server as server

# -- access ----------------------------------------------------------------------------------


def test_consultant_may_not_touch_another_district(server: Server) -> None:
    eid = new_id()
    server.push(server.office, change("enterprises", eid, enterprise(district="镇海")))
    rev = server.pulled(server.office, "enterprises", eid)["rev"]  # type: ignore[index]
    for c in (
        change("enterprises", new_id(), enterprise(district="镇海")),
        change("enterprises", eid, enterprise(district="北仑"), rev),  # nor move one in
    ):
        result = server.push(server.wang, c)["results"][0]
        assert (result["outcome"], result["code"]) == ("rejected", "auth.forbidden")
    assert server.pulled(server.wang, "enterprises", eid) is None
    assert server.pulled(server.li, "enterprises", eid) is not None


def test_consultant_sees_and_changes_only_their_visits(server: Server) -> None:
    eid, vid, revs = visit_with_answers(server, server.wang, team=["li"])
    # chen (same district, not on the team) sees the enterprise but not the visit.
    assert server.pulled(server.chen, "visits", vid) is None
    assert server.pulled(server.chen, "enterprises", eid) is not None
    for c in (
        change("visits", vid, visit(eid, notes='{"x": {}}'), revs[vid]),
        answer(vid, "E99", "1"),
    ):
        result = server.push(server.chen, c)["results"][0]
        assert (result["outcome"], result["code"]) == ("rejected", "auth.forbidden")
    # li is on the team: sees the visit, its answers and (read-only) its enterprise of 北仑.
    seen = {(c["table"], c["id"]) for c in server.pull_all(server.li)}
    assert ("visits", vid) in seen
    assert ("enterprises", eid) in seen
    assert len([t for t, _ in seen if t == "answers"]) == 3
    assert outcomes(server.push(server.li, answer(vid, "E06", '"1"'))) == ["created"]


def test_added_team_member_receives_the_visits_older_records(server: Server) -> None:
    eid, vid, revs = visit_with_answers(server, server.wang)
    since = server.store.pull(server.li.user, 0, 500)["next"]  # li is up to date: nothing yet
    server.push(server.wang, change("visits", vid, visit(eid, team=["li"]), revs[vid]))
    tables = sorted(c["table"] for c in server.pull_all(server.li, since))
    assert tables == ["answers", "answers", "answers", "enterprises", "visits"]


def test_answers_of_a_visit_not_on_the_server_are_refused(server: Server) -> None:
    result = server.push(server.office, answer(new_id(), "E01", "1"))["results"][0]
    assert (result["outcome"], result["code"]) == ("rejected", "not_found")


# -- finalised visits ------------------------------------------------------------------------


def test_late_change_to_a_finalised_visit_makes_a_revision(server: Server) -> None:
    eid, vid, revs = visit_with_answers(server, server.wang, team=["chen"])
    finalised = server.push(
        server.wang, change("visits", vid, visit(eid, ["chen"], status="finalised"), revs[vid])
    )
    assert outcomes(finalised) == ["updated"]
    # chen edited an answer offline, before the visit was finalised.
    late = answer(vid, "E04", "999", revs[answer_id(vid, "energy", "E04")])
    response = server.push(server.chen, late)
    [result] = response["results"]
    assert result["outcome"] == "revision"
    new_visit = result["new_id"]
    pulled = {(c["table"], c["id"]): c for c in server.pull_all(server.wang)}
    revision = pulled[("visits", new_visit)]
    assert result["rev"] == revision["rev"]
    assert revision["data"]["previous_id"] == vid
    assert revision["data"]["revision"] == 2
    assert revision["data"]["status"] == "revision"
    old = {
        c["data"]["item"]: c["data"]["value"]
        for c in pulled.values()
        if c["table"] == "answers" and c["data"]["visit_id"] == vid
    }
    new = {
        c["data"]["item"]: c["data"]["value"]
        for c in pulled.values()
        if c["table"] == "answers" and c["data"]["visit_id"] == new_visit
    }
    assert old == {"E03": "0", "E04": "100", "E05": "200"}  # the finalised visit is untouched
    assert new == {"E03": "0", "E04": "999", "E05": "200"}
    for c in pulled.values():
        if c["table"] == "answers" and c["data"]["visit_id"] == new_visit:
            assert c["id"] == answer_id(new_visit, "energy", c["data"]["item"])
    # A second late change goes to the same revision.
    again = server.push(
        server.chen, answer(vid, "E05", "888", revs[answer_id(vid, "energy", "E05")])
    )
    assert again["results"][0]["new_id"] == new_visit


def test_late_visit_change_and_findings_go_to_the_revision(server: Server) -> None:
    eid, vid, revs = visit_with_answers(server, server.wang, team=["chen"], n=1)
    fid = new_id()
    frev = server.push(server.wang, change("findings", fid, finding_data(vid)))["results"][0]["rev"]
    server.push(
        server.wang, change("visits", vid, visit(eid, ["chen"], status="finalised"), revs[vid])
    )
    response = server.push(
        server.chen,
        change("visits", vid, visit(eid, ["chen"], organisation="另一家"), revs[vid]),
        change("findings", fid, finding_data(vid, "漏气已修复"), frev),
    )
    assert outcomes(response) == ["revision", "revision"]
    new_visit = response["results"][0]["new_id"]
    assert response["results"][1]["new_id"] == new_visit
    pulled = server.pull_all(server.chen)
    revision = next(c for c in pulled if c["id"] == new_visit)
    assert revision["data"]["organisation"] == "另一家"
    findings = [c for c in pulled if c["table"] == "findings"]
    texts = {c["data"]["visit_id"]: c["data"]["text"] for c in findings}
    assert texts == {vid: "空压机房漏气", new_visit: "漏气已修复"}
    assert len({c["id"] for c in findings}) == 2


def test_finalisers_own_answers_apply_to_the_finalised_visit(server: Server) -> None:
    eid, vid, revs = visit_with_answers(server, server.wang, n=1)
    a = answer_id(vid, "energy", "E03")
    response = server.push(
        server.wang,
        answer(vid, "E03", "5", revs[a]),  # the last answer, sent with the finalisation
        change("visits", vid, visit(eid, status="finalised"), revs[vid]),
    )
    assert outcomes(response) == ["updated", "updated"]


def test_late_change_that_changes_nothing_makes_no_revision(server: Server) -> None:
    eid, vid, revs = visit_with_answers(server, server.wang, team=["chen"], n=1)
    server.push(
        server.wang, change("visits", vid, visit(eid, ["chen"], status="finalised"), revs[vid])
    )
    same = answer(vid, "E03", "0", revs[answer_id(vid, "energy", "E03")])
    assert outcomes(server.push(server.chen, same)) == ["unchanged"]
    assert len([c for c in server.pull_all(server.office) if c["table"] == "visits"]) == 1

"""A visit's experts (specialty and organisation of each member) travel through a real server
to another laptop; a push from a laptop of an older version, which sends no experts, keeps them."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

from diagnosis.visits.experts import Expert
from tests.storage.sync.conftest import Laptop, register_enterprise

EXPERTS = (Expert("陈静", "节能", "宁波市节能协会"), Expert("王建国", "智能制造", ""))


def test_experts_reach_another_laptop_and_survive_an_older_laptops_push(
    laptops: Callable[..., Laptop],
) -> None:
    a, b = laptops("a"), laptops("b")
    enterprise = register_enterprise(a)
    doc = a.desk.start(enterprise, "2025-05-20", ["陈静", "王建国"], "宁波工业诊断中心")
    a.desk.set_header(doc.visit.id, "2025-05-20", ["陈静", "王建国"], "宁波工业诊断中心", EXPERTS)
    a.sync()
    b.sync()
    assert b.desk.open(doc.visit.id).visit.experts == EXPERTS
    # An older laptop knows no experts: its push of the team lacks the field.
    row = b.conn.execute(
        "SELECT rev, enterprise_id, date, status, revision, organisation, areas, checklists, "
        "measures, notes, tables FROM visits WHERE id = ?",
        [doc.visit.id],
    ).fetchone()
    rev, *rest = row
    keys = ("enterprise_id", "date", "status", "revision", "organisation", "areas",
            "checklists", "measures", "notes", "tables")  # fmt: skip
    data = dict(zip(keys, rest, strict=True))
    blocks = {"year": None, "output_value": None, "water_reused_m3": None, "previous_id": None}
    data.update(team='["陈静", "王建国", "俞明"]', energy_use="[]", water_use="[]", **blocks)
    transport = b.client.transport
    body = {
        "batch": str(uuid.uuid4()),
        "changes": [
            {
                "table": "visits",
                "id": doc.visit.id,
                "base_rev": rev,
                "deleted": False,
                "data": data,
                "updated_at": "2025-05-21T08:00:00+00:00",
            }
        ],
    }
    answer = transport.push(body)
    assert answer["results"][0]["outcome"] in ("updated", "merged"), answer
    a.sync()
    visit = a.desk.open(doc.visit.id).visit
    assert visit.team == ("陈静", "王建国", "俞明")
    assert visit.experts == EXPERTS  # kept, not emptied by the laptop that cannot show them
    assert [e.specialty for e in visit.experts_of_team] == ["节能", "智能制造", ""]
    stored = json.loads(
        a.conn.execute("SELECT experts FROM visits WHERE id = ?", [doc.visit.id]).fetchone()[0]
    )
    assert stored[0] == {"name": "陈静", "specialty": "节能", "organisation": "宁波市节能协会"}

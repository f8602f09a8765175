"""The project fields of a measure decision (category, expected start, duration) travel in the
visit's measures through a real server to another laptop, losslessly; the server refuses a
decision whose start is not a month, naming the field (the laptop's own rules, record_rules)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from diagnosis.measures.proposals import Decision
from tests.storage.sync.conftest import Laptop, register_enterprise

_KEYS = ("enterprise_id", "date", "status", "revision", "organisation", "areas", "checklists",
         "measures", "notes", "tables")  # fmt: skip


def visit_push(b: Laptop, visit_id: str, measures: list[dict[str, Any]]) -> dict[str, Any]:
    """What a laptop would push for the visit with ``measures`` in place of its own."""
    row = b.conn.execute(
        f"SELECT rev, team, {', '.join(_KEYS)} FROM visits WHERE id = ?", [visit_id]
    ).fetchone()
    rev, team, *rest = row
    data = dict(zip(_KEYS, rest, strict=True))
    blocks = {"year": None, "output_value": None, "water_reused_m3": None, "previous_id": None}
    data.update(team=team, energy_use="[]", water_use="[]", **blocks)
    data["measures"] = json.dumps(measures, ensure_ascii=False)
    body = {
        "batch": str(uuid.uuid4()),
        "changes": [
            {
                "table": "visits",
                "id": visit_id,
                "base_rev": rev,
                "deleted": False,
                "data": data,
                "updated_at": "2025-05-21T08:00:00+00:00",
            }
        ],
    }
    answer: dict[str, Any] = b.client.transport.push(body)
    return answer


def test_project_fields_reach_another_laptop_and_bad_ones_are_refused(
    laptops: Callable[..., Laptop],
) -> None:
    a, b = laptops("a"), laptops("b")
    enterprise = register_enterprise(a)
    doc = a.desk.start(enterprise, "2025-05-20", ["陈静"], "宁波工业诊断中心")
    decision = Decision(
        "EN.VFD.01",
        "accepted",
        investment_10k_yuan=12.5,
        project_category="equipment",
        start_month="2025-09",
        duration_months=4,
    )
    a.desk.decide(doc.visit.id, decision)
    a.sync()
    b.sync()
    assert list(b.desk.open(doc.visit.id).measures) == [
        {
            "code": "EN.VFD.01",
            "status": "accepted",
            "investment_10k_yuan": 12.5,
            "project_category": "equipment",
            "start_month": "2025-09",
            "duration_months": 4,
        }
    ]
    bad = {"code": "EN.VFD.01", "status": "accepted", "start_month": "2025-13"}
    [result] = visit_push(b, doc.visit.id, [bad])["results"]
    assert (result["outcome"], result["code"]) == ("rejected", "record.invalid"), result
    assert "measures[0]" in json.dumps(result, ensure_ascii=False)
    assert "start_month" in json.dumps(result, ensure_ascii=False)
    # nothing changed on the server: a third sync leaves a's decision as it was
    a.sync()
    assert a.desk.open(doc.visit.id).measures[0]["start_month"] == "2025-09"

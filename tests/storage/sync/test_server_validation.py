"""The server checks every pushed record with the document's rules (docs/sync.md "What a change
must carry"): a record that breaks one is rejected ``record.invalid`` naming table, id, field
and why, and the rest of its batch applies. What laptops push today still passes: a whole demo
store syncs through the real server process with nothing rejected."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import main
from tests.storage.sync.conftest import ROOT, ServerProcess, read_only
from tests.storage.sync.test_server_support import (
    Server,
    answer,
    change,
    enterprise,
    finding_data,
    new_id,
    valid_code,
    visit,
)

# The fixture, imported under its own name so pytest finds it here.
from tests.storage.sync.test_server_support import server as server

SHA = "a" * 64


def pushed(server: Server, *changes: dict[str, Any]) -> list[dict[str, Any]]:
    return list(server.push(server.office, *changes)["results"])


def a_visit(server: Server) -> tuple[str, str]:
    """An enterprise and a visit of it on the server (energy and water, checklists 2026.1)."""
    eid, vid = new_id(), new_id()
    results = pushed(
        server, change("enterprises", eid, enterprise()), change("visits", vid, visit(eid))
    )
    assert [r["outcome"] for r in results] == ["created", "created"], results
    return eid, vid


def assert_invalid(result: dict[str, Any], table: str, record_id: str, field: str) -> None:
    assert (result["outcome"], result["code"]) == ("rejected", "record.invalid"), result
    for text in (result["reason"], result["reason_zh"]):
        assert table in text and record_id in text and field in text, text


@pytest.mark.parametrize(
    ("item", "value", "why"),
    [
        ("E03", "{bad", "not JSON"),
        ("E03", '"lots"', "not a number"),
        ("E03", "1" + "0" * 400, "too large"),
        ("E03", "NaN", "not JSON"),
        ("E99", "1", "not an item"),
        ("E02", '{"electricity": {"quantity": "9"}}', "not a number"),
        ("E02", '{"coal_gas": {"quantity": 9}}', "table"),
        ("E01", "1200", "between"),
        ("E06", '"a\\u0000b"', "control character"),
        ("E06", '"' + "x" * 5000 + '"', "E06"),
        ("E12", '"no such option"', "E12"),
        ("E02", "[" * 40 + "]" * 40, "nested"),
    ],
)
def test_an_answer_must_be_one_its_item_takes(
    server: Server, item: str, value: str, why: str
) -> None:
    _eid, vid = a_visit(server)
    good = answer(vid, "E03", "1200.5")
    bad = answer(vid, item, value)
    if item == "E03":
        good = answer(vid, "E04", "12")
    first, second = pushed(server, bad, good)
    assert_invalid(first, "answers", bad["id"], "value" if item != "E99" else "item")
    assert why in first["reason"], first["reason"]
    assert second["outcome"] == "created"  # the rest of the batch applies
    assert server.pulled(server.office, "answers", bad["id"]) is None


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("energy_use", '[{"quantity": 5, "unit": "kWh"}]', "energy_use"),
        ("energy_use", '[{"carrier": "electricity", "quantity": -5, "unit": "kWh"}]', "energy_use"),
        ("water_use", '[{"source": "tap", "quantity": -1}]', "water_use"),
        ("year", 1850, "year"),
        ("measures", "[1]", "measures[0]"),
        ("measures", '[{"code": "EN.AIR.01", "status": "maybe"}]', "measures[0]"),
        ("measures", '[{"code": 5, "status": "accepted"}]', "measures[0].code"),
        ("measures", '[{"code": "EN.AIR.01", "investment_10k_yuan": "x"}]', "measures[0]"),
        ("notes", '{"energy": "x"}', "notes.energy"),
        ("notes", '{"energy": {"E99": "a note"}}', "notes.energy.E99"),
        ("notes", '{"energy": {"E03": ""}}', "notes.energy.E03"),
        ("team", '["王\\u0007"]', "team[0]"),
        ("areas", '["weather"]', "areas[0]"),
        ("checklists", '{"energy": "../../etc/passwd"}', "checklists.energy"),
        ("checklists", '{"energy": "2099.1"}', "checklists.energy"),
        ("tables", '{"coefficients": 7}', "tables.coefficients"),
        ("date", "yesterday", "date"),
        ("date", "2024-13-40", "date"),
        ("revision", 0, "revision"),
        ("previous_id", "not-an-id", "previous_id"),
        ("organisation", "甬\r节能", "organisation"),
    ],
)
def test_a_visit_must_be_one_the_document_reader_takes(
    server: Server, field: str, value: Any, shown: str
) -> None:
    eid, _ = a_visit(server)
    vid = new_id()
    bad = change("visits", vid, {**visit(eid), field: value})
    other = change("visits", new_id(), visit(eid))
    first, second = pushed(server, bad, other)
    assert_invalid(first, "visits", vid, shown)
    assert second["outcome"] == "created"


def test_an_unknown_checklist_version_says_to_update_the_server(server: Server) -> None:
    eid, _ = a_visit(server)
    vid = new_id()
    [result] = pushed(server, change("visits", vid, visit(eid, checklists='{"energy": "2099.1"}')))
    assert "update the server" in result["reason"] and "请更新服务器" in result["reason_zh"]


def test_a_visit_needs_its_enterprise_on_the_server(server: Server) -> None:
    missing, vid = new_id(), new_id()
    [result] = pushed(server, change("visits", vid, visit(missing)))
    assert_invalid(result, "visits", vid, "enterprise_id")
    assert missing in result["reason"]
    # In the same batch as its enterprise (in any order) it is taken.
    eid, vid = new_id(), new_id()
    both = pushed(
        server, change("visits", vid, visit(eid)), change("enterprises", eid, enterprise())
    )
    assert [r["outcome"] for r in both] == ["created", "created"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "甬明\x01机械"),
        ("name", "甬明\n机械"),
        ("name", ""),
        ("name", "名" * 101),
        ("credit_code", "91330206MA2AXXXXX1"),
        ("credit_code", "91330200711192037X"),
        ("address", "宁波\x0b北仑"),
        ("contact_phone", "=HYPERLINK(1)"),
        ("employees", -5),
        ("employees", 2_000_000),
        ("output_value", 1e300),
        ("data_year", 1850),
        ("district", "火星区"),
        ("industry", "99"),
        ("per_mu_class", "Z"),
        ("green_stars", 9),
    ],
)
def test_an_enterprise_must_be_one_the_register_takes(
    server: Server, field: str, value: Any
) -> None:
    eid = new_id()
    bad = change("enterprises", eid, enterprise(**{field: value}))
    good = change("enterprises", new_id(), enterprise())
    first, second = pushed(server, bad, good)
    assert_invalid(first, "enterprises", eid, field)
    assert second["outcome"] == "created"


def test_a_register_name_or_alias_is_taken_as_the_laptop_code() -> None:
    """The server's own tests have always named districts (北仑); the reference knows them."""
    from diagnosis.sync.records import Context, check_record

    ok = enterprise(
        district="北仑", industry="通用设备制造业", credit_code=valid_code("9133020671119203" + "7")
    )
    assert check_record("enterprises", ok, Context()) is None


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        ({"severity": "fatal"}, "severity"),
        ({"area": "weather"}, "area"),
        ({"text": "漏气\x00"}, "text"),
        ({"text": "x" * 20_001}, "text"),
        ({"item": "E\x1b[31m"}, "item"),
    ],
)
def test_a_finding_must_be_one_the_document_takes(
    server: Server, data: dict[str, Any], shown: str
) -> None:
    _eid, vid = a_visit(server)
    fid = new_id()
    [result] = pushed(server, change("findings", fid, {**finding_data(vid, photos=[SHA]), **data}))
    assert_invalid(result, "findings", fid, shown)


def test_what_a_laptop_types_passes(server: Server) -> None:
    """Text with line breaks where the app writes on several lines; every item kind."""
    eid, vid = new_id(), new_id()
    notes = json.dumps({"energy": {"E03": "第一行\n第二行\t备注"}}, ensure_ascii=False)
    results = pushed(
        server,
        change("enterprises", eid, enterprise()),
        change("visits", vid, visit(eid, ["王建国", "陈静"], notes=notes)),
        answer(vid, "E02", '{"electricity": {"quantity": 12000, "note": "电费单\\n12 个月"}}'),
        answer(vid, "E01", "2023"),
        answer(vid, "E06", '"第一行\\n第二行"'),
        answer(vid, "E12", "null"),
        answer(vid, "E13", json.dumps([SHA])),
        change("findings", new_id(), finding_data(vid, "空压机房漏气\n两处", photos=[SHA])),
    )
    assert [r["outcome"] for r in results] == ["created"] * 8, results


# --- the whole way: a demo laptop through the real server process --------------------------------


def test_a_demo_store_syncs_whole_through_the_server_process(
    sync_server: ServerProcess, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo" / "diagnosis.sqlite"
    assert (
        main.main(["demo", "--db", str(db), "--enterprises", "20", "--visits", "5", "--json"]) == 0
    )
    capsys.readouterr()
    token = sync_server.add_user("wang", "office")
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "sync",
            "--server",
            sync_server.url,
            "--token",
            token,
            "--db",
            str(db),
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    summary = json.loads(done.stdout)
    assert summary["rejected"] == [], summary["rejected"]
    counts = dict(read_only(sync_server.store, "SELECT tbl, count(*) FROM records GROUP BY tbl"))
    assert counts["enterprises"] == 20 and counts["visits"] == 5 and counts["answers"] > 100
    # A poisoned record pushed by hand to the same process is refused, and the stats still answer.
    with sync_server.client(token) as http:
        vid = read_only(sync_server.store, "SELECT id FROM records WHERE tbl = 'visits'")[0][0]
        body = {"batch": new_id(), "changes": [answer(vid, "E03", "{not json")]}
        [result] = http.post("/api/v1/push", json=body).json()["results"]
        assert result["code"] == "record.invalid"
        assert http.get("/api/v1/stats").status_code == 200

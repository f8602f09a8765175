"""Schemathesis against the real central server (``python main.py serve``), every operation of
its published contract (issue 14, deliverable 8): requests made from the contract, valid and
not, each sent with an office token, a consultant's token and none. No answer may be a 5xx,
and every answer must be one the contract lists, in the content type and shape it states.

Bounded and repeatable: 30 examples per operation, derandomized, on one server for the module
(seeded with an enterprise, a visit, an answer, a finding and its photo, so pulls and photo
downloads answer with records, not only empty pages).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from PIL import Image

from scripts.openapi import schema as contract
from tests.storage.sync.conftest import ServerProcess
from tests.storage.sync.test_server_support import (
    API,
    answer,
    batch,
    change,
    enterprise,
    finding_data,
    new_id,
    outcomes,
    visit,
)

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


class Fuzzed:
    """The running server and the tokens the requests are sent with."""

    def __init__(self, server: ServerProcess) -> None:
        self.server = server
        self.office = server.add_user("fuzz_office", "office")
        self.consultant = server.add_user("fuzz_wang", "consultant", ["北仑"])

    def seed(self) -> None:
        photo = io.BytesIO()
        Image.new("RGB", (8, 8), (120, 80, 40)).save(photo, "JPEG")
        data = photo.getvalue()
        sha = hashlib.sha256(data).hexdigest()
        eid, vid = new_id(), new_id()
        with self.server.client(self.office) as client:
            put = client.put(f"{API}/photos/{sha}", content=data)
            assert put.status_code == 200, put.text
            pushed = client.post(
                f"{API}/push",
                json=batch(
                    change("enterprises", eid, enterprise()),
                    change("visits", vid, visit(eid, ["fuzz_wang"])),
                    answer(vid, "E03", "1200.0"),
                    change("findings", new_id(), finding_data(vid, photos=[sha])),
                ),
            )
            assert pushed.status_code == 200, pushed.text
            assert set(outcomes(pushed.json())) == {"created"}, pushed.text


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    folder = tmp_path_factory.mktemp("fuzz")
    server = ServerProcess(folder / "central" / "central.sqlite", folder / "server.log")
    try:
        server.start()
        target = Fuzzed(server)
        target.seed()
        yield target
    finally:
        server.kill()


# The contract as the server publishes it at /openapi.json (docs/openapi.json is its copy, kept
# current by a test); read at collection, since schemathesis makes one test per operation.
schema = schemathesis.openapi.from_dict(contract())


@schema.parametrize()
@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_contract_says(case: Any, fuzzed: Fuzzed) -> None:
    url = fuzzed.server.url
    for token in (fuzzed.office, fuzzed.consultant, None):
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        response = case.call(base_url=url, headers=headers, timeout=30)
        case.validate_response(response, checks=CHECKS)

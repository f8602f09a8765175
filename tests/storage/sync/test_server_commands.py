"""The central server's commands as main.py calls them: accounts added (token printed once),
listed, revoked; exit 2 with one line on standard error for unusable input."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from storage.sync import server_commands
from storage.sync.server_db import ServerStore


def test_user_add_prints_the_token_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "central.sqlite"
    assert server_commands.user_add(path, "wang", "consultant", ["北仑", "镇海"], False) == 0
    token = capsys.readouterr().out.strip()
    assert server_commands.user_add(path, "office", "office", [], True) == 0
    shown = json.loads(capsys.readouterr().out)
    assert set(shown) == {"name", "role", "token"}
    with ServerStore(path) as store:
        wang = store.authenticate(token)
        assert wang is not None
        assert wang.districts == ("北仑", "镇海")
        assert store.authenticate(shown["token"]) is not None


def test_user_list_and_revoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "central.sqlite"
    server_commands.user_add(path, "wang", "consultant", ["北仑"], False)
    capsys.readouterr()
    assert server_commands.user_revoke(path, "wang") == 0
    assert capsys.readouterr().out == "revoked wang\n"
    assert server_commands.user_list(path, True) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["name"], listed["revoked"]) == ("wang", True)
    assert "token" not in json.dumps(listed)
    assert server_commands.user_list(path, False) == 0
    assert "wang\tconsultant\t北仑\trevoked" in capsys.readouterr().out


@pytest.mark.parametrize(
    "call",
    [
        lambda p: server_commands.user_add(p, "wang", "boss", [], False),
        lambda p: server_commands.user_add(p, "a b", "office", [], False),
        lambda p: server_commands.user_revoke(p, "nobody"),
        lambda p: server_commands.user_list(p.with_name("missing.sqlite"), False),
        lambda p: server_commands.user_revoke(p.with_name("missing.sqlite"), "wang"),
        lambda p: server_commands.serve(p, "127.0.0.1", 8443, None, "key.pem"),
        lambda p: server_commands.serve(p, "127.0.0.1", 8443, str(p.with_name("no.pem")), None),
    ],
)
def test_unusable_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], call: object
) -> None:
    path = tmp_path / "central.sqlite"
    server_commands.user_add(path, "wang", "consultant", [], False)
    capsys.readouterr()
    assert call(path) == 2  # type: ignore[operator]
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1


def test_serve_refuses_a_port_in_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert server_commands.serve(tmp_path / "c.sqlite", "127.0.0.1", port, None, None) == 2
    assert "cannot listen" in capsys.readouterr().err


def test_commands_refuse_a_file_that_is_not_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database")
    assert server_commands.user_add(path, "wang", "office", [], False) == 2
    assert capsys.readouterr().err.strip()

"""`sync` from the command line when the server cannot be reached: the Chinese message says so
in Chinese, with the technical text only as the detail, as the app does."""

from __future__ import annotations

import socket
from pathlib import Path

from tests.main_process import run_main


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when the block ends: nothing listens


def test_sync_to_nothing_listening_says_why_in_chinese(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    assert run_main("demo", "--db", str(db), "--enterprises", "3", "--visits", "0").returncode == 0
    url = f"http://127.0.0.1:{_closed_port()}"
    result = run_main("sync", "--db", str(db), "--server", url, "--token", "t" * 32)
    assert result.returncode != 0
    line = next(x for x in result.stderr.splitlines() if x.startswith("同步未完成"))
    words, _, detail = line.partition("（详细信息：")
    assert "network.unreachable" in words
    assert "cannot reach" not in words and "Errno" not in words  # English only in the detail
    assert "无法连接" in words
    assert detail  # the technical text is still there for whoever fixes it

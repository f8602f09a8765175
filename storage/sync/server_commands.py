"""The central server's commands, for main.py's command line: serve, and the accounts (add, list,
revoke). Each returns an exit code: 0 done, 2 unusable input (one line on standard error).

fastapi and uvicorn are imported only by ``serve``: the desktop app's start-up never pays for them.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import socket
import ssl
import sys
import threading
import time
from pathlib import Path
from typing import Any

from storage.database import StoreError
from storage.store_lock import StoreLock
from storage.sync.server_db import ServerStore, UserError


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _open(store_path: Path, *, create: bool) -> ServerStore | str:
    if not create and not store_path.is_file():
        return f"no central store at {store_path}"
    try:
        return ServerStore(store_path)
    except StoreError as exc:
        return str(exc)


def serve(
    store_path: Path,
    host: str,
    port: int,
    certfile: str | None,
    keyfile: str | None,
    *,
    insecure_http: bool = False,
) -> int:
    """Run the central server until interrupted (one worker: the store has one writer).

    Off loopback it needs TLS (``server cert`` makes the certificate), unless ``insecure_http``:
    over plain HTTP anyone on the office network reads the tokens and the records."""
    if keyfile and not certfile:
        return _fail("--keyfile needs --certfile")
    if not certfile and not insecure_http and not _loopback(host):
        return _fail(
            f"在 {host} 上提供服务需要 TLS：先用 server cert 生成证书，再加 --certfile/--keyfile"
            f"（确需明文 HTTP 时加 --insecure-http） / serving on {host} needs TLS: make a "
            "certificate with `server cert`, then give --certfile and --keyfile (or "
            "--insecure-http for plain HTTP, tokens readable on the network)"
        )
    if certfile:
        try:
            ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(certfile, keyfile)
        except (OSError, ssl.SSLError) as exc:
            return _fail(f"cannot use the TLS certificate {certfile}: {exc}")
    try:
        # Said now in one line, rather than by uvicorn's start-up traceback.
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        return _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    try:
        # Held while serving: `server restore` refuses to replace the store under a server.
        lock = StoreLock(store_path, "serve").acquire()
    except StoreError as exc:
        return _fail(str(exc))
    store = _open(store_path, create=True)
    if isinstance(store, str):
        lock.release()
        return _fail(store)
    if store.restored:
        generation = store.identity().generation
        print(
            f"中央存储库已从备份恢复（{store.restored}），现为第 {generation} 代；"
            "各笔记本下次同步时会补发服务器缺少的内容 / the central store was restored from a "
            f"backup ({store.restored}): now generation {generation}; each laptop's next sync "
            "sends again what it lacks",
            file=sys.stderr,
        )
    try:
        import uvicorn

        from storage.sync.server import create_app

        app = create_app(store)
        store.start_full_check()  # while it answers: damage stops writes and is logged
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            ssl_certfile=certfile,
            ssl_keyfile=keyfile,
            workers=1,
            log_level="info",
            # uvicorn times out only an idle kept-alive connection (5 s) and caps a request's
            # headers (16 KB); a body that stops arriving is the PUT handler's to time out
            # (storage.sync.server_photos.READ_TIMEOUT). Ctrl+C waits this long for requests
            # still running, not for ever.
            timeout_keep_alive=5,
            h11_max_incomplete_event_size=16 * 1024,
            timeout_graceful_shutdown=10,
        )
        server = uvicorn.Server(config)
        # The office figures' mirror catches up once the server answers sync: a pull of the
        # whole store (minutes at a city's year of data) never delays its listening.
        threading.Thread(
            target=_warm_when_listening,
            args=(server, app.state.office, app.state.activity),
            name="office-mirror",
            daemon=True,
        ).start()
        # Ctrl+C is raised again after a graceful shutdown: the end of serving, as uvicorn.run.
        with contextlib.suppress(KeyboardInterrupt):
            server.run()
        if not server.started:
            sys.exit(3)  # uvicorn's start-up failure, as uvicorn.run says it
    finally:
        store.close()
        lock.release()
    return 0


def _warm_when_listening(server: Any, office: Any, activity: Any) -> None:
    """``office.warm()`` as soon as ``server`` (a uvicorn.Server) listens, giving way to its
    requests (storage.sync.server_activity); not if it stops."""
    while not server.started:
        if server.should_exit:
            return
        time.sleep(0.05)
    office.warm(activity)


def _loopback(host: str) -> bool:
    """Only this machine can connect to ``host`` (a loopback address, or localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def user_add(store_path: Path, name: str, role: str, districts: list[str], as_json: bool) -> int:
    """Create an account and print its token, once: the store keeps only its hash."""
    store = _open(store_path, create=True)
    if isinstance(store, str):
        return _fail(store)
    try:
        token = store.add_user(name, role, districts)
    except UserError as exc:
        return _fail(str(exc))
    finally:
        store.close()
    if as_json:
        print(json.dumps({"name": name, "role": role, "token": token}, ensure_ascii=False))
    else:
        print(token)
        print(f"(the token of {name}, shown this once; keep it safe)", file=sys.stderr)
    return 0


def user_list(store_path: Path, as_json: bool) -> int:
    store = _open(store_path, create=False)
    if isinstance(store, str):
        return _fail(store)
    try:
        users = store.list_users()
    finally:
        store.close()
    if as_json:
        print(json.dumps(users, ensure_ascii=False))
        return 0
    for u in users:
        state = "revoked" if u["revoked"] else "active"
        districts = ",".join(u["districts"]) or "-"
        print(f"{u['name']}\t{u['role']}\t{districts}\t{state}\t{u['created_at']}")
    return 0


def user_revoke(store_path: Path, name: str) -> int:
    store = _open(store_path, create=False)
    if isinstance(store, str):
        return _fail(store)
    try:
        found = store.revoke(name)
    finally:
        store.close()
    if not found:
        return _fail(f"no user named {name!r}")
    print(f"revoked {name}")
    return 0


def backup(store_path: Path, out: Path, as_json: bool) -> int:
    """``server backup``: a consistent copy of the store (and its photos), live or not."""
    from storage.sync.server_backup import BackupError
    from storage.sync.server_backup import backup as make

    try:
        done = make(store_path, out)
    except BackupError as exc:
        return _fail(f"{exc.zh} / {exc.en}")
    if as_json:
        print(json.dumps(_done(done), ensure_ascii=False))
    else:
        print(
            f"已备份到 {out}：第 {done.generation} 代，序号 {done.seq}，{done.photos} 张照片 / "
            f"backed up to {out}: generation {done.generation}, sequence {done.seq}, "
            f"{done.photos} photos"
        )
    return 0


def restore(source: Path, store_path: Path, as_json: bool) -> int:
    """``server restore``: the backup in the store's place, as a new generation (the server
    must be stopped); the replaced store is kept beside it."""
    from storage.sync.server_backup import BackupError
    from storage.sync.server_backup import restore as put_back

    try:
        done = put_back(source, store_path)
    except BackupError as exc:
        return _fail(f"{exc.zh} / {exc.en}")
    if as_json:
        print(json.dumps(_done(done), ensure_ascii=False))
        return 0
    print(
        f"已从 {source} 恢复 {store_path}：现为第 {done.generation} 代，序号 {done.seq}；"
        f"各笔记本下次同步时会补发服务器缺少的内容 / restored {store_path} from {source}: now "
        f"generation {done.generation}, sequence {done.seq}; each laptop's next sync sends again "
        "what the server lacks"
    )
    if done.kept is not None:
        print(f"被替换的存储库保存在 {done.kept} / the replaced store is kept as {done.kept}")
    if done.other_store:
        print(
            "注意：该备份来自另一个存储库，已同步过原存储库的笔记本会拒绝同步（见 --new-server） / "
            "note: the backup is of another store; laptops synced with the replaced one refuse "
            "it (see sync --new-server)",
            file=sys.stderr,
        )
    return 0


def _done(done: object) -> dict[str, object]:
    import dataclasses

    assert dataclasses.is_dataclass(done) and not isinstance(done, type)
    return {k: str(v) if isinstance(v, Path) else v for k, v in dataclasses.asdict(done).items()}

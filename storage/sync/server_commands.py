"""The central server's commands, for main.py's command line: serve, and the accounts (add, list,
revoke). Each returns an exit code: 0 done, 2 unusable input (one line on standard error).

fastapi and uvicorn are imported only by ``serve``: the desktop app's start-up never pays for them.
"""

from __future__ import annotations

import json
import socket
import ssl
import sys
import threading
from pathlib import Path

from storage.database import StoreError
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


def serve(store_path: Path, host: str, port: int, certfile: str | None, keyfile: str | None) -> int:
    """Run the central server until interrupted (one worker: the store has one writer)."""
    if keyfile and not certfile:
        return _fail("--keyfile needs --certfile")
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
    store = _open(store_path, create=True)
    if isinstance(store, str):
        return _fail(store)
    try:
        import uvicorn

        from storage.sync.server import create_app

        app = create_app(store)
        # The office figures' mirror catches up while the server starts answering sync.
        threading.Thread(target=app.state.office.warm, name="office-mirror", daemon=True).start()
        uvicorn.run(
            app,
            host=host,
            port=port,
            ssl_certfile=certfile,
            ssl_keyfile=keyfile,
            workers=1,
            log_level="info",
        )
    finally:
        store.close()
    return 0


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

"""The central store: one SQLite file (WAL, synchronous=FULL) with its own migrations, photos in
``<stem>-photos/``, accounts, and the push, pull and photo operations of docs/sync.md as plain
dicts, so that the HTTP server and the offline bundle apply exactly the same rules.

One writer: every write holds one lock on one connection, so two requests never interleave a
batch; reads (pulls, token checks) use per-thread connections and never wait for it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Final

from diagnosis.messages import Message

from storage import migrations as client_migrations
from storage.database import PRAGMAS, StoreError, check_file, now_iso
from storage.keys import keys_path
from storage.photos import photo_folder_for
from storage.store_check import FullCheck
from storage.store_file import FULL, OPEN, QUICK
from storage.sync import bundle_auth, server_identity, server_migrations
from storage.sync.errors import SyncRefusal
from storage.sync.server_echo import echo
from storage.sync.server_fields import parse_batch
from storage.sync.server_photo_scope import PhotoScope, ScopedUpload
from storage.sync.server_photos import PhotoFolder, PhotoUpload
from storage.sync.server_pull import check_page, pull
from storage.sync.server_push import Push, User
from storage.sync.server_records import Ledger, current_seq, dumps

__all__ = ["ROLES", "ServerStore", "User", "UserError"]

ROLES: Final = ("consultant", "office")
PHOTO_LIMIT: Final = 20 * 1024 * 1024
_NAME = re.compile(r"[^\s/\\:]{1,64}")
# Administration from the command line on the server machine, not by an account.
ADMIN: Final = "admin"
_log = logging.getLogger(__name__)


class UserError(ValueError):
    """An account cannot be added: the reason, for the person at the command line."""


class ServerStore:
    def __init__(self, path: Path, *, photo_limit: int = PHOTO_LIMIT) -> None:
        self.path = path
        if keys_path(path).exists():  # an (encrypted) laptop store: refused, as a plain one is
            detail = "this is a desktop store, not a central store"
            raise StoreError(Message("store.unopenable", {"path": str(path), "detail": detail}))
        # Never write to a file that is not a healthy SQLite database. A plain file's pages are
        # not authenticated as they are read, so every page is checked (quick_check) before the
        # first write; at 2.3 GB that takes seconds, so it runs on a thread while the server
        # starts and answers reads, and the first write waits for it (a store to migrate or to
        # turn to WAL waits now). What opening needs, the header, the schema and the file's
        # length, is checked now; the whole file by ``start_full_check`` while it answers.
        check_file(path, OPEN)
        self.damaged: StoreError | None = None
        self._pages = FullCheck(path, lambda: check_file(path, QUICK), record=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._write = self._connect()
        try:
            if self._refuse_foreign() or not self._in_wal():
                self._pages_checked(at_open=True)
            self._write.execute("PRAGMA journal_mode = WAL")
            import sqlite_utils

            server_migrations.apply(sqlite_utils.Database(self._write))
        except BaseException:
            self._write.close()
            raise
        self._lock = threading.Lock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self.photos = PhotoFolder(photo_folder_for(path), photo_limit)
        self.photo_scope = PhotoScope(self.photos, self._reader, self._writing)
        # Why this store looks put back by hand (then it has a new generation), or None.
        self.restored = self._guard_restore()

    def _connect(self) -> sqlite3.Connection:
        try:
            # Autocommit: transactions are explicit, one per batch.
            conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
            for pragma in PRAGMAS:
                conn.execute(pragma)
        except sqlite3.Error as exc:
            params = {"path": str(self.path), "detail": str(exc)}
            raise StoreError(Message("store.unopenable", params)) from exc
        return conn

    def _in_wal(self) -> bool:
        mode = self._write.execute("PRAGMA journal_mode").fetchone()[0]
        return str(mode).lower() == "wal"

    def _pages_checked(self, *, at_open: bool = False) -> None:
        """Wait for the page check begun at open: a page found damaged refuses the store at
        open, and later every write, as the whole-file check does."""
        error = self._pages.outcome()
        if error is None:
            return
        if at_open:
            raise error
        self._refuse_writes(error)

    def _refuse_writes(self, error: StoreError) -> None:
        """Damage found while serving: logged once, and no write from now on (reads go on)."""
        if self.damaged is not None:
            return
        self.damaged = error
        _log.error(
            "central store %s is damaged; it takes no more writes. Stop the server, keep a "
            "copy of the file, and restore the last backup (server restore): %s",
            self.path,
            error.message.text("en"),
        )

    def _refuse_foreign(self) -> bool:
        """A desktop store, or a server store from a newer version, is refused untouched.
        True when the store has migrations still to apply (or none yet): it is to be written."""
        has = self._write.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
        if not has:
            return True
        rows = self._write.execute("SELECT migration_set, name FROM _sqlite_migrations")
        applied = {(s, n) for s, n in rows}
        detail = None
        if any(s == client_migrations.MIGRATION_SET for s, _n in applied):
            detail = "this is a desktop store, not a central store"
        newer = {n for s, n in applied if s == server_migrations.MIGRATION_SET}
        newer -= set(server_migrations.MIGRATION_NAMES)
        if newer:
            names = ", ".join(sorted(newer))
            raise StoreError(Message("store.newer", {"path": str(self.path), "names": names}))
        if detail:
            raise StoreError(
                Message("store.unopenable", {"path": str(self.path), "detail": detail})
            )
        mine = {n for s, n in applied if s == server_migrations.MIGRATION_SET}
        return bool(set(server_migrations.MIGRATION_NAMES) - mine)

    def _reader(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            conn.execute("PRAGMA query_only = ON")
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        return conn

    def start_full_check(self) -> threading.Thread:
        """The whole-file ``integrity_check`` on a thread: damage found is logged, and every
        write is refused from then on (503, "server.error"); reads go on."""

        def run() -> None:
            check = FullCheck(self.path, lambda: check_file(self.path, FULL), record=False)
            error = check.outcome()
            if error is None:
                _log.info("central store %s: whole-file check passed", self.path)
                return
            self._refuse_writes(error)

        thread = threading.Thread(target=run, name="store-check", daemon=True)
        thread.start()
        return thread

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """The one write path: the writer's lock and one transaction, all or nothing."""
        self._pages_checked()
        if self.damaged is not None:
            detail, zh = "The central store is damaged: no more changes.", "中央存储库已损坏。"
            raise SyncRefusal("server.error", detail, zh, status=503)
        with self._lock:
            self._write.execute("BEGIN IMMEDIATE")
            try:
                yield self._write
            except BaseException:
                self._write.execute("ROLLBACK")
                raise
            self._write.execute("COMMIT")
            self._note_highwater()

    def _guard_restore(self) -> str | None:
        """A store found behind its high-water file was put back (a backup copied over it):
        it gets a new generation now, before it takes a push, so laptops see the change."""
        identity, seq = server_identity.read(self._write), current_seq(self._write)
        mark = server_identity.read_highwater(self.path)
        why = server_identity.restored_by_hand(identity, seq, mark)
        self._highwater_seq = seq
        if why is not None and mark is not None:
            with self._writing() as conn:
                at_least = int(mark["generation"]) + 1
                identity = server_identity.bump(conn, seq, at_least, f"found restored: {why}")
            _log.info(  # `serve` says so, in both languages
                "the central store %s was restored from a backup (%s): now generation %d",
                self.path,
                why,
                identity.generation,
            )
        server_identity.write_highwater(self.path, identity, seq, replace=why is not None)
        return why

    def _note_highwater(self) -> None:
        # After a commit, never before: the file may lag the store, never lead it.
        seq = current_seq(self._write)
        if seq != self._highwater_seq:
            self._highwater_seq = seq
            server_identity.write_highwater(self.path, server_identity.read(self._write), seq)

    def identity(self) -> server_identity.Identity:
        """The store's identity and generation (docs/sync.md "Backup and restore")."""
        return server_identity.read(self._reader())

    def close(self) -> None:
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
        with self._lock:
            self._write.close()

    def __enter__(self) -> ServerStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def seq(self) -> int:
        return current_seq(self._reader())

    # -- accounts -------------------------------------------------------------------------

    def add_user(self, name: str, role: str, districts: list[str] | tuple[str, ...]) -> str:
        """Create an account; its token, which is shown once and stored only as a hash."""
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise UserError(f"a user name is 1-64 characters without spaces or slashes: {name!r}")
        if role not in ROLES:
            raise UserError(f"the role is consultant or office, not {role!r}")
        if not all(isinstance(d, str) and d.strip() for d in districts):
            raise UserError("a district is a non-empty name")
        token = secrets.token_urlsafe(32)
        while token.startswith("-"):  # `sync --token -x…` would read as an option
            token = secrets.token_urlsafe(32)
        with self._writing() as conn:
            if conn.execute("SELECT 1 FROM users WHERE name = ?", [name]).fetchone():
                raise UserError(f"a user named {name!r} already exists")
            conn.execute(
                "INSERT INTO users (name, role, districts, token_hash, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [name, role, dumps(list(dict.fromkeys(districts))), _hash(token), now_iso()],
            )
            bundle_auth.keep_key(conn, name, token)  # what offline bundles are signed with
            detail = {"name": name, "role": role, "districts": list(districts)}
            Ledger(conn, ADMIN, None, now_iso()).audit("user.add", detail)
        return token

    def list_users(self) -> list[dict[str, Any]]:
        rows = self._reader().execute(
            "SELECT name, role, districts, created_at, revoked, revoked_at FROM users ORDER BY name"
        )
        return [
            {
                "name": name,
                "role": role,
                "districts": json.loads(districts),
                "created_at": created_at,
                "revoked": bool(revoked),
                "revoked_at": revoked_at,
            }
            for name, role, districts, created_at, revoked, revoked_at in rows
        ]

    def revoke(self, name: str) -> bool:
        """Revoke an account's token at once; False if there is no such account."""
        with self._writing() as conn:
            if not conn.execute("SELECT 1 FROM users WHERE name = ?", [name]).fetchone():
                return False
            now = now_iso()
            conn.execute(
                "UPDATE users SET revoked = 1, revoked_at = COALESCE(revoked_at, ?) WHERE name = ?",
                [now, name],
            )
            Ledger(conn, ADMIN, None, now).audit("user.revoke", {"name": name})
        return True

    def authenticate(self, token: str) -> User | None:
        if not isinstance(token, str) or not token:
            return None
        sql = (
            "SELECT name, role, districts, bundle_key IS NULL FROM users "
            "WHERE token_hash = ? AND revoked = 0"
        )
        row = self._reader().execute(sql, [_hash(token)]).fetchall()
        if not row:
            # A reader's snapshot may predate an account another process (`user add`) has just
            # made; before refusing, ask the writer's connection, which reads the latest data.
            with self._lock:
                row = self._write.execute(sql, [_hash(token)]).fetchall()
        if not row:
            return None
        if row[0][3]:  # an account made before bundle keys: its token is here in clear now
            with self._lock:
                bundle_auth.keep_key(self._write, row[0][0], token)
        return User(row[0][0], row[0][1], tuple(json.loads(row[0][2])))

    def bundle_account(self, account: str) -> tuple[User, bytes] | None:
        """The live account an offline bundle names by its key id, with its key; or None."""
        found = bundle_auth.find_key(self._reader(), account)
        if found is None:  # as for a token: the writer sees an account made a moment ago
            with self._lock:
                found = bundle_auth.find_key(self._write, account)
        if found is None:
            return None
        (name, role, districts), key = found
        return User(name, role, tuple(json.loads(districts))), key

    # -- sync -----------------------------------------------------------------------------

    def push(self, user: User, body: object) -> dict[str, Any]:
        """Apply a batch (docs/sync.md "Push"); the same batch again returns the same response."""
        batch, changes = parse_batch(body)
        assert isinstance(body, dict)  # parse_batch has checked it
        try:
            request_hash = _hash(dumps({"by": user.name, "changes": body["changes"]}))
        except (ValueError, RecursionError) as exc:
            raise SyncRefusal("request.malformed", "The changes cannot be read.") from exc
        with self._writing() as conn:
            identity = server_identity.read(conn)
            # Before anything, even a repeat: bases meant for another store are never merged.
            server_identity.check_expected(identity, current_seq(conn), body.get("expect"))
            row = conn.execute(
                "SELECT request_hash, response FROM batches WHERE id = ?", [batch]
            ).fetchone()
            if row is not None:
                if row[0] == request_hash:
                    stored: dict[str, Any] = json.loads(row[1])
                    # The store as it is now, not as it was when the batch was answered.
                    return {**stored, "store": identity.wire()}
                raise SyncRefusal("batch.reused", f"Batch {batch}.")
            now = now_iso()
            before = current_seq(conn)
            results = Push(Ledger(conn, user.name, batch, now), user).apply(changes)
            after = current_seq(conn)
            response = {
                "batch": batch,
                "seq": after,
                "results": results,
                "store": identity.wire(),
            }
            echoed = echo(conn, before, after, changes, results)
            if echoed is not None:  # what its pull may pass over (server_echo)
                response["echo"] = echoed
            conn.execute(
                "INSERT INTO batches (id, by, request_hash, response, at) VALUES (?, ?, ?, ?, ?)",
                # Key order kept, so a re-sent batch gets the very same bytes back.
                [batch, user.name, request_hash, json.dumps(response, ensure_ascii=False), now],
            )
        return response

    def pull(
        self, user: User, since: int, limit: int = 500, until: int | None = None
    ) -> dict[str, Any]:
        since, limit = check_page(since, limit)
        page = pull(self._reader(), user, since, limit, until)
        page["store"] = self.identity().wire()
        return page

    # -- photos ---------------------------------------------------------------------------

    def photo_status(self, sha: str, user: User | None = None) -> dict[str, Any]:
        """The photo's status as ``user`` may know it (None: as it is, for the server's own
        use); to an account that may not see it, a photo looks absent (server_photo_scope)."""
        return self.photo_scope.status(user, sha)

    def put_photo(
        self,
        sha: str,
        offset: int,
        data: bytes,
        *,
        size: int | None = None,
        user: User | None = None,
    ) -> dict[str, Any]:
        """Append ``data`` at ``offset``; without ``size`` the data runs to the photo's end."""
        upload = self.photo_upload(sha, offset, size, len(data), user=user)
        try:
            upload.write(data)
            return upload.finish()
        finally:
            upload.close()

    def photo_upload(
        self,
        sha: str,
        offset: int,
        size: int | None = None,
        length: int | None = None,
        *,
        user: User | None = None,
    ) -> PhotoUpload | ScopedUpload:
        """A streamed upload (the HTTP server's): ``write`` chunks, then ``finish``. By
        ``user``, it makes them a holder of the photo when they have sent it whole."""
        return self.photo_scope.begin(user, sha, offset, size, length)

    def photo_visible(self, user: User, sha: str) -> bool:
        """May ``user`` download this photo: named by a finding they may see, genuinely?"""
        return self.photo_scope.visible(user, sha)

    def photo_path(self, sha: str) -> Path | None:
        try:
            return self.photos.path(sha)
        except SyncRefusal:
            return None


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

"""Who may learn of a photo on the central store (docs/sync.md "Photos"): its status and bytes.

A finding naming a photo's SHA-256 proves nothing: the hash may be copied from someone else's
finding. So a photo is shown only to an account that may see a finding naming it whose reference
is genuine: a version of that finding naming the photo was made by an account that uploaded the
photo whole (a *holder*, table ``photo_holders``), or the account is a holder itself. To anyone
else the photo looks absent, and sending its whole bytes makes them a holder. Office accounts see
every photo. The bytes themselves are server_photos' business; this module only wraps uploads.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diagnosis.visits.photos import is_sha256

from storage.database import now_iso
from storage.photos import photo_folder_for
from storage.sync.server_photos import SUFFIX, PhotoFolder, PhotoUpload

if TYPE_CHECKING:
    from storage.sync.server_push import User

Reader = Callable[[], sqlite3.Connection]
Writing = Callable[[], AbstractContextManager[sqlite3.Connection]]

# The photos a finding's data (JSON text, its ``photos`` a JSON text list) names; a malformed list
# names none rather than failing the query.
_NAMES = (
    "SELECT 1 FROM json_each(CASE WHEN json_valid(json_extract({d}, '$.photos')) "
    "THEN json_extract({d}, '$.photos') ELSE '[]' END) WHERE value = :sha"
)
# A finding the account may see that names the photo, named by one of its own versions (or of the
# finding a server-made revision copied it from) whose author is a holder, or the account itself.
# The account's visits first, then their findings by index: never a scan of every finding.
_GENUINE = f"""
SELECT 1 FROM visit_members m CROSS JOIN records f INDEXED BY records_scope
WHERE f.tbl = 'findings' AND f.scope = m.visit_id AND m.name = :name
  AND instr(f.data, :sha) > 0 AND EXISTS ({_NAMES.format(d="f.data")})
  AND (EXISTS (SELECT 1 FROM photo_holders WHERE sha = :sha AND name = :name)
       OR EXISTS (SELECT 1 FROM versions v JOIN photo_holders h ON h.sha = :sha AND h.name = v.by
                  WHERE v.tbl = 'findings' AND v.id IN (f.id, f.origin_id)
                  AND instr(v.data, :sha) > 0 AND EXISTS ({_NAMES.format(d="v.data")})))
LIMIT 1"""


class PhotoScope:
    """The photos of ``photos`` as each account may see them, and their uploads."""

    def __init__(self, photos: PhotoFolder, read: Reader, writing: Writing) -> None:
        self.photos = photos
        self.read = read
        self.writing = writing
        self._proofs: dict[str, PhotoFolder] = {}
        self._lock = threading.Lock()

    def visible(self, user: User, sha: str) -> bool:
        """May ``user`` have this photo's bytes (if the server has them)?"""
        if user.office:
            return True
        params = {"sha": sha, "name": user.name}
        return self.read().execute(_GENUINE, params).fetchone() is not None

    def holder(self, user: User, sha: str) -> bool:
        row = (
            self.read()
            .execute("SELECT 1 FROM photo_holders WHERE sha = ? AND name = ?", [sha, user.name])
            .fetchone()
        )
        return row is not None

    def status(self, user: User | None, sha: str) -> dict[str, Any]:
        """The photo's status as ``user`` may know it: an upload that is not theirs, or a
        photo they may not see, looks absent (or as far as their own proof has come)."""
        real = self.photos.status(sha)  # refuses an address that is not a SHA-256
        if user is None:
            return real
        if real["complete"]:
            if self.visible(user, sha) or self.holder(user, sha):
                return real
            return {**self.proofs(user).status(sha), "complete": False}
        if self.sender(sha) == user.name:
            return real
        return {"sha": sha, "size": 0, "complete": False}

    def begin(
        self, user: User | None, sha: str, offset: int, size: int | None, length: int | None
    ) -> PhotoUpload | ScopedUpload:
        """An upload by ``user``: into the photo while it is incomplete; of a complete photo
        they may not see, into a proof of their own that makes them a holder when whole."""
        if user is None:
            return self.photos.begin(sha, offset, size, length)
        if self.photos.path(sha) is not None and not self._shown(user, sha):
            return ScopedUpload(self, user, self.proofs(user).begin(sha, offset, size, length))
        upload = self.photos.begin(sha, offset, size, length)
        if upload.fh is None:  # complete already (perhaps just now)
            if self._shown(user, sha):
                return upload
            upload.close()
            return ScopedUpload(self, user, self.proofs(user).begin(sha, offset, size, length))
        try:
            with self.writing() as conn:
                # Only who sent a photo's bytes from its start can have them all: a resumed
                # tail sent by anyone else credits nobody.
                if offset == 0:
                    conn.execute(
                        "INSERT OR REPLACE INTO photo_senders (sha, name) VALUES (?, ?)",
                        [sha, user.name],
                    )
                else:
                    conn.execute(
                        "DELETE FROM photo_senders WHERE sha = ? AND name <> ?", [sha, user.name]
                    )
        except BaseException:
            upload.close()  # the photo is free for the next upload
            raise
        return ScopedUpload(self, user, upload)

    def proofs(self, user: User) -> PhotoFolder:
        """The account's own folder for re-sent photos: nobody else's upload touches it."""
        with self._lock:
            folder = self._proofs.get(user.name)
            if folder is None:
                key = hashlib.sha256(user.name.encode("utf-8")).hexdigest()[:32]
                where = self.photos.folder / "proofs" / key
                folder = PhotoFolder(where, self.photos.limit, self.photos.idle_limit)
                self._proofs[user.name] = folder
            return folder

    def credit(self, user: User, sha: str, how: str) -> None:
        with self.writing() as conn:
            add_holder(conn, sha, user.name, how)
            conn.execute("DELETE FROM photo_senders WHERE sha = ?", [sha])

    def _shown(self, user: User, sha: str) -> bool:
        return self.visible(user, sha) or self.holder(user, sha)

    def sender(self, sha: str) -> str | None:
        row = self.read().execute("SELECT name FROM photo_senders WHERE sha = ?", [sha]).fetchone()
        return None if row is None else str(row[0])


class ScopedUpload:
    """An upload that, when it completes the photo (hash verified), records its account as a
    holder: if it sent the photo's bytes from the start, or proved it holds a complete one."""

    def __init__(self, scope: PhotoScope, user: User, inner: PhotoUpload) -> None:
        self.scope = scope
        self.user = user
        self.inner = inner
        self.proof = inner.photos is not scope.photos

    def write(self, chunk: bytes) -> None:
        self.inner.write(chunk)

    def finish(self) -> dict[str, Any]:
        status = self.inner.finish()
        if not status.get("complete"):
            return status
        sha = self.inner.sha
        if self.proof:
            # The bytes hashed right: the server keeps its own copy, this one only proved it.
            self.scope.proofs(self.user).final(sha).unlink(missing_ok=True)
            self.scope.credit(self.user, sha, "resent")
            return self.scope.photos.status(sha)
        if self.scope.sender(sha) == self.user.name:
            self.scope.credit(self.user, sha, "uploaded")
        return status

    def close(self) -> None:
        self.inner.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def add_holder(conn: sqlite3.Connection, sha: str, name: str, how: str) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO photo_holders (sha, name, how, at) VALUES (?, ?, ?, ?)",
        [sha, name, how, now_iso()],
    )


def backfill_holders(conn: sqlite3.Connection) -> None:
    """A store from before photo holders: each photo it has whole counts as uploaded by the
    author of the first finding version naming it (migration m003)."""
    files = [row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"]
    if not files or not files[0]:
        return  # in memory: no photos
    folder = photo_folder_for(Path(files[0]))
    first: dict[str, str] = {}
    rows = conn.execute(
        "SELECT data, by FROM versions WHERE tbl = 'findings' AND instr(data, '\"photos\"') > 0 "
        "ORDER BY rev"
    )
    for data, by in rows:
        for sha in _named(data):
            first.setdefault(sha, by)
    for sha, by in first.items():
        if (folder / f"{sha}{SUFFIX}").is_file():
            add_holder(conn, sha, by, "before")


def _named(data: str) -> list[str]:
    try:
        names = json.loads(json.loads(data).get("photos") or "[]")
    except (TypeError, ValueError, AttributeError):
        return []
    if not isinstance(names, list):
        return []
    return [n for n in names if isinstance(n, str) and is_sha256(n)]

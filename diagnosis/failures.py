"""Technical failures (a file that cannot be written, a server that cannot be reached) as
catalogue messages in the reader's language, with the technical text kept apart for "details".

Pure: no Qt, no I/O. The sync transport attaches a ``Failure`` when it knows what went wrong;
``explain`` makes one of anything else, so a front end never shows an errno text as the message.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

from diagnosis.messages import CATALOGUE, Bilingual, DomainError, Message
from diagnosis.sync.ports import SyncError


@dataclass(frozen=True)
class Failure:
    """What to tell the user (``message``) and the technical text behind it (``detail``)."""

    message: Message
    detail: str = ""


class ExplainedSyncError(SyncError):
    """A ``SyncError`` that knows what it means for the user. ``reason`` stays the technical
    English text the command line and logs have always shown."""

    def __init__(self, code: str, reason: str, message: Message, detail: str = "") -> None:
        super().__init__(code, reason)
        self.failure = Failure(message, detail or f"{code}: {reason}")


# Sync codes the client raises itself (no server text in two languages to show).
_SYNC_CODES = {
    "network.unreachable": "sync.unreachable",
    "network.interrupted": "sync.interrupted",
    "network.untrusted": "sync.untrusted",
    "response.malformed": "sync.malformed",
    "store.other": "sync.store_other",
}


def os_failure(exc: OSError, path: object = None) -> Failure:
    """An OSError met writing ``path`` (else the error's own file name)."""
    where = str(path if path is not None else exc.filename or "")
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EBUSY):
        code = "file.denied"
    elif exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EEXIST):  # EEXIST: a file, not a folder
        code = "file.no_folder"
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
        code = "file.no_space"
    else:
        code = "file.failed"
    return Failure(Message(code, {"path": where}), str(exc))


def explain(exc: BaseException, fallback: str = "sync.failed") -> Failure:
    """The user's message for ``exc``; ``fallback`` (a catalogue code) when nothing better is
    known, with the exception's text as the detail."""
    known = getattr(exc, "failure", None)
    if isinstance(known, Failure):
        return known
    if isinstance(exc, DomainError) and exc.problems:
        return Failure(exc.problems[0].message, "; ".join(p.field for p in exc.problems))
    if isinstance(exc, SyncError):
        reason_zh = getattr(exc, "reason_zh", None)  # a bundle's refusal, in both languages
        if isinstance(reason_zh, str) and reason_zh:
            words = Bilingual(reason_zh, exc.reason)
            return Failure(Message("sync.refusal", {"reason": words}), exc.code)
        detail = f"{exc.code}: {exc.reason}"
        if exc.code in _SYNC_CODES:
            return Failure(Message(_SYNC_CODES[exc.code]), detail)
        # A reason written for a person in English only: shown as it is there, and in Chinese
        # the general words with the English behind "details".
        words = Bilingual(str(CATALOGUE[fallback][0]), exc.reason)
        return Failure(Message("sync.refusal", {"reason": words}), detail)
    if isinstance(exc, OSError):
        return os_failure(exc)
    return Failure(Message(fallback), str(exc) or type(exc).__name__)

"""Why a register file cannot be read: the error both table readers (table_reader for the file
and its CSV, table_xlsx for a workbook's sheets) raise, in its own module so neither imports
the other for it.
"""

from __future__ import annotations

from diagnosis.messages import Message

MAX_REASON = 200  # characters of a library's own reason kept in the message


class ReadError(Exception):
    """The file cannot be read as a register; ``message`` says why in the catalogue's terms."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text("en"))
        self.message = message


def unreadable(exc: BaseException) -> ReadError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    reason = (reason or type(exc).__name__)[:MAX_REASON]
    return ReadError(Message("import.unreadable", {"reason": reason}))

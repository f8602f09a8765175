"""Record ids as the sync protocol accepts them: client-made UUIDs in their one canonical
spelling (lower case, hyphenated), so that one record never has two ids. No Qt, no SQL."""

from __future__ import annotations

import uuid


def is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False

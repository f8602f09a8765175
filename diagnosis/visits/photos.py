"""Rules for photos of findings: how big a file may be, how big a stored picture is, what a photo
address looks like. Pure: it judges numbers and strings passed in and never touches a file.
"""

from __future__ import annotations

import re

from diagnosis.messages import Problem, problem

MIB = 1024 * 1024
# A modern phone's full-resolution JPEG is 3-12 MiB, a HEIC-converted or panorama shot may reach
# 20; anything larger is a video or a scan sent by mistake and would stall the app while decoding.
MAX_BYTES = 25 * MIB
# Long enough to read a nameplate or a meter dial on an A4 page at 300 dpi (about 2480 px), short
# enough that a visit with a hundred photos stays small to sync over a phone hotspot.
MAX_SIDE = 2048
# Visually indistinguishable from the original for site photos at about a third of quality 95.
JPEG_QUALITY = 85

_SHA256 = re.compile(r"[0-9a-f]{64}")


def check_photo_size(size_bytes: int, name: str) -> Problem | None:
    """Refuse an incoming file over MAX_BYTES; sizes are in MiB, labelled MB as users expect."""
    if size_bytes <= MAX_BYTES:
        return None
    return problem(
        "photo", "photo.too_large", name=name, size_mb=size_bytes / MIB, max_mb=MAX_BYTES // MIB
    )


def is_sha256(text: str) -> bool:
    """True for a photo address: 64 lower-case hex digits, the one spelling used on disk and in sync
    (a single canonical form, so one picture never has two addresses)."""
    return isinstance(text, str) and _SHA256.fullmatch(text) is not None

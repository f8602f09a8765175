"""How large a register file may be, checked before a byte of it is unpacked or decoded.

An .xlsx is a zip: 2 MB of it can unpack to gigabytes (a "zip bomb"), and openpyxl would spend
minutes and all the memory on it before finding no register inside. The zip's central directory
declares every part's unpacked size; those are checked here first, and they also bound what is
unpacked later, because Python's zipfile never returns more than a part declares (a part that
holds more fails its CRC check). Pure: no openpyxl, no Qt.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from diagnosis.messages import Message

MB = 1 << 20
# A city-wide register of 100,000 enterprises is about 7 MB as .xlsx and 30 MB as .csv.
MAX_FILE_BYTES = 100 * MB
# Unpacked, the same register is about 70 MB of sheet XML (about 6 s for openpyxl to read).
MAX_UNPACKED_BYTES = 256 * MB
# Excel's own parts compress about 11:1 (even rows of blank, formatted cells); deflate can reach
# 1032:1, which only made-up repetitive content comes near.
MAX_RATIO = 100
# Below this a part may compress as well as it likes: it cannot cost much.
_RATIO_FROM = 1 * MB
# A workbook with a few sheets has about 10 parts; pictures and comments add a few each.
MAX_ENTRIES = 2_000
# The compressions Excel, WPS and LibreOffice write; others (bzip2, lzma) are not bounded per read.
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def _mb(size: int) -> int:
    return -(-size // MB)  # rounded up: "1 MB" never names a file over the limit


def file_size_problem(path: Path) -> Message | None:
    """Why ``path`` is too large to read, or None (also None if it cannot be stat'ed: the
    read that follows says why)."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size > MAX_FILE_BYTES:
        return Message("import.too_large", {"size": _mb(size), "limit": _mb(MAX_FILE_BYTES)})
    return None


def archive_problem(archive: zipfile.ZipFile) -> Message | None:
    """Why the zip ``archive`` must not be unpacked, from its directory alone, or None."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        return Message("import.xlsx_entries", {"count": len(entries), "limit": MAX_ENTRIES})
    total = 0
    for info in entries:
        if info.compress_type not in _COMPRESSIONS:
            return Message("import.xlsx_compression", {"entry": info.filename[:100]})
        total += info.file_size
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size >= _RATIO_FROM and ratio > MAX_RATIO:
            return Message(
                "import.xlsx_ratio",
                {"entry": info.filename[:100], "ratio": ratio, "limit": MAX_RATIO},
            )
    if total > MAX_UNPACKED_BYTES:
        return Message(
            "import.xlsx_unpacked", {"size": _mb(total), "limit": _mb(MAX_UNPACKED_BYTES)}
        )
    return None

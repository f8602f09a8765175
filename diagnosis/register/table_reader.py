"""Read the rows of an enterprise register from .xlsx or .csv and find its header row.

Pure file reading: no Qt, no storage, and no field rules; the caller maps and validates the cells.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

from diagnosis.messages import Bilingual, Message
from diagnosis.register.file_limits import archive_problem, file_size_problem
from diagnosis.register.table_errors import MAX_REASON, ReadError, unreadable
from diagnosis.register.table_header import (
    PROGRESS_EVERY,
    HeaderFinder,
    Row,
    SheetInfo,
    Table,
    header_key,
)

_DELIMITERS = (",", "\t", ";")
# Enough lines for csv.Sniffer to see a pattern without scanning a whole large file.
_SNIFF_CHARS = 16_384

Sheet = str | int | None  # a sheet's name, its number from 1, or None: the first with a header


def read_table(
    path: Path,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    scan_rows: int = 30,
    progress: Callable[[int], None] | None = None,
    sheet: Sheet = None,
    alternatives: Mapping[str, Sequence[str]] | None = None,
) -> Table:
    """Read ``path`` (.xlsx or .csv); raise ReadError with a catalogue message if that fails.

    ``required``: fields the header must name (or one of their ``alternatives``). ``sheet``
    chooses a workbook's sheet; a CSV has one table and ignores it. ``progress`` gets the number
    of rows read every PROGRESS_EVERY rows and once at the end; an exception it raises (to
    cancel) propagates unchanged.
    """
    suffix = path.suffix.lower()
    finder = HeaderFinder(aliases, required, scan_rows, alternatives)
    if suffix in (".xlsx", ".csv") and (too_large := file_size_problem(path)) is not None:
        raise ReadError(too_large)
    if suffix == ".xlsx":
        return _read_xlsx(path, finder, progress, sheet)
    if suffix == ".csv":
        return _read_csv(path, finder, progress)
    raise ReadError(Message("import.format", {"suffix": path.suffix}))


def _read_xlsx(
    path: Path, finder: HeaderFinder, progress: Callable[[int], None] | None, sheet: Sheet
) -> Table:
    from diagnosis.register.table_xlsx import read_book  # openpyxl only for a workbook

    try:
        file = path.open("rb")
    except OSError as exc:
        raise unreadable(exc) from exc
    with file:
        _check_archive(file)
        return read_book(file, finder, progress, sheet)


def _check_archive(file: IO[bytes]) -> None:
    """Refuse a zip bomb from the zip's directory, before openpyxl unpacks anything."""
    try:
        with zipfile.ZipFile(file) as archive:
            problem = archive_problem(archive)
    # A damaged directory raises BadZipFile, struct.error, ValueError...: all mean the same.
    except Exception as exc:
        raise unreadable(exc) from exc
    if problem is not None:
        raise ReadError(problem)
    file.seek(0)


def _read_csv(path: Path, finder: HeaderFinder, progress: Callable[[int], None] | None) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise unreadable(exc) from exc
    text, encoding = _decode(data)
    order = _delimiter_order(text)
    if "\0" in text:
        # The csv module stops at a NUL with "line contains NUL"; the user needs the row.
        raise ReadError(Message("import.nul", {"row": _nul_row(text, order[0])}))
    # Sniffer is only a first guess: a title line above the header defeats it, so each
    # delimiter is tried in turn and the first one that yields a header row wins.
    for delimiter in order:
        table = finder.table(_csv_rows(text, delimiter), progress, encoding=encoding)
        if table is not None:
            return table
    raise ReadError(Message("import.no_header", {"rows": finder.scan_rows}))


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text": UTF-16 with its BOM (which "utf-16" reads and drops), tabs.
        encodings = ("utf-16",)
    else:
        # Strict UTF-8 rarely accepts GBK bytes by accident, so trying it first is safe.
        encodings = ("utf-8", "gb18030")
    failures: list[tuple[int, str]] = []
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            failures.append((exc.start, encoding))
    # The line of the first byte not taken, by the encoding that read furthest: a UTF-8 file
    # with one bad byte is named where that byte is, not where GB18030 gave up.
    start, encoding = max(failures)
    line = data[:start].decode(encoding, "replace").count("\n") + 1
    why = Message("import.encoding", {"row": line})
    reason = Bilingual(why.text("zh"), why.text("en"))
    raise ReadError(Message("import.unreadable", {"reason": reason}))


def _nul_row(text: str, delimiter: str) -> int:
    """The record (as a spreadsheet numbers rows) holding the first NUL of ``text``."""
    # A character the text lacks stands in for NUL, which the csv module refuses to read.
    mark = next((c for c in map(chr, range(0xE000, 0xF900)) if c not in text), "\0")
    records = csv.reader(io.StringIO(text.replace("\0", mark), newline=""), delimiter=delimiter)
    try:
        for number, record in enumerate(records, start=1):
            if any(mark in cell for cell in record):
                return number
    except csv.Error:
        pass
    return text.count("\n", 0, text.index("\0")) + 1


def _delimiter_order(text: str) -> list[str]:
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    try:
        first = csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        first = ","
    if first not in _DELIMITERS:
        first = ","
    return [first, *(d for d in _DELIMITERS if d != first)]


def _csv_rows(text: str, delimiter: str) -> Iterator[Row]:
    # newline="" keeps line breaks inside quoted fields; enumerate counts records, not lines,
    # which is what a spreadsheet program shows.
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, record in enumerate(records, start=1):
            yield number, tuple(record)
    except csv.Error as exc:
        row = number + 1  # the record that failed
        if "field larger than field limit" in str(exc):
            limit = csv.field_size_limit()
            raise ReadError(Message("import.cell_too_large", {"row": row, "limit": limit})) from exc
        reason = str(exc)[:MAX_REASON]
        raise ReadError(Message("import.csv_row", {"row": row, "reason": reason})) from exc


__all__ = [
    "PROGRESS_EVERY",
    "Row",
    "Sheet",
    "SheetInfo",
    "Table",
    "header_key",
    "read_table",
]

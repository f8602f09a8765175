"""Read the rows of an enterprise register from .xlsx or .csv and find its header row.

Pure file reading: no Qt, no storage, and no field rules; the caller maps and validates the cells.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any

from diagnosis.file_limits import archive_problem, file_size_problem
from diagnosis.messages import Bilingual, Message

Row = tuple[int, tuple[object, ...]]

PROGRESS_EVERY = 1000
_DELIMITERS = (",", "\t", ";")
# Enough lines for csv.Sniffer to see a pattern without scanning a whole large file.
_SNIFF_CHARS = 16_384
_MAX_REASON = 200

# A unit or note in brackets at the end of a header: "产值（万元）", "面积[亩]", "人数【人】".
_TRAILING_NOTE = re.compile(r"(?:\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】)$")
# Zero-width space and BOM survive NFKC and str.split() but come along with pasted headers.
_SPACE = re.compile(r"[\s\u200b\ufeff]+")


class ReadError(Exception):
    """The file cannot be read as a register; ``message`` says why in the catalogue's terms."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text("en"))
        self.message = message


@dataclass(frozen=True)
class Table:
    """The header and the non-blank rows under it, with spreadsheet row numbers."""

    header_row: int
    columns: dict[str, int]
    unknown_headers: tuple[str, ...]
    rows: list[Row]
    sheet: str | None
    encoding: str | None


def header_key(text: str) -> str:
    """The form in which a header cell and an alias are compared."""
    key = _SPACE.sub("", unicodedata.normalize("NFKC", text)).lstrip("*※")
    while True:
        shorter = _TRAILING_NOTE.sub("", key)
        # A header that is nothing but a bracket keeps it rather than becoming blank.
        if shorter == key or not shorter:
            return key.casefold()
        key = shorter


def read_table(
    path: Path,
    aliases: Mapping[str, Sequence[str]],
    required: Sequence[str],
    scan_rows: int = 30,
    progress: Callable[[int], None] | None = None,
) -> Table:
    """Read ``path`` (.xlsx or .csv); raise ReadError with a catalogue message if that fails.

    ``progress`` gets the number of rows read every PROGRESS_EVERY rows and once at the end; an
    exception it raises (to cancel) propagates unchanged.
    """
    suffix = path.suffix.lower()
    finder = _HeaderFinder(aliases, required, scan_rows)
    if suffix in (".xlsx", ".csv") and (too_large := file_size_problem(path)) is not None:
        raise ReadError(too_large)
    if suffix == ".xlsx":
        return _read_xlsx(path, finder, progress)
    if suffix == ".csv":
        return _read_csv(path, finder, progress)
    raise ReadError(Message("import.format", {"suffix": path.suffix}))


class _HeaderFinder:
    def __init__(
        self, aliases: Mapping[str, Sequence[str]], required: Sequence[str], scan_rows: int
    ) -> None:
        self.keys: dict[str, str] = {}
        for name, spellings in aliases.items():
            for spelling in spellings:
                self.keys.setdefault(header_key(spelling), name)
        self.keys.pop("", None)
        self.required = frozenset(required)
        self.scan_rows = scan_rows

    def match(self, cells: Sequence[object]) -> tuple[dict[str, int], tuple[str, ...]]:
        columns: dict[str, int] = {}
        unknown: list[str] = []
        for index, cell in enumerate(cells):
            text = "" if cell is None else str(cell).strip()
            if not text:
                continue
            name = self.keys.get(header_key(text))
            if name is None or name in columns:
                unknown.append(text)
            else:
                columns[name] = index
        return columns, tuple(unknown)

    def find(self, head: Sequence[Row]) -> tuple[int, dict[str, int], tuple[str, ...]] | None:
        """Index into ``head`` of the row matching most fields (the first on a tie)."""
        best: tuple[int, dict[str, int], tuple[str, ...]] | None = None
        for index, (_, cells) in enumerate(head):
            columns, unknown = self.match(cells)
            if (
                columns
                and (best is None or len(columns) > len(best[1]))
                and self.required <= columns.keys()
            ):
                best = (index, columns, unknown)
        return best

    def table(
        self,
        rows: Iterator[Row],
        progress: Callable[[int], None] | None,
        sheet: str | None = None,
        encoding: str | None = None,
    ) -> Table | None:
        """The table in ``rows``, or None without reading past the scanned rows."""
        head = list(islice(rows, self.scan_rows))
        found = self.find(head)
        if found is None:
            return None
        index, columns, unknown = found
        data: list[Row] = []
        append = data.append
        number = head[-1][0]
        for number, cells in chain(head[index + 1 :], rows):
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress(number)
            for cell in cells:
                if cell is not None and (not isinstance(cell, str) or cell.strip()):
                    append((number, cells))
                    break
        if progress is not None and number % PROGRESS_EVERY:
            progress(number)
        return Table(head[index][0], columns, unknown, data, sheet, encoding)


def _unreadable(exc: BaseException) -> ReadError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    reason = (reason or type(exc).__name__)[:_MAX_REASON]
    return ReadError(Message("import.unreadable", {"reason": reason}))


def _read_xlsx(path: Path, finder: _HeaderFinder, progress: Callable[[int], None] | None) -> Table:
    try:
        file = path.open("rb")
    except OSError as exc:
        raise _unreadable(exc) from exc
    with file:
        _check_archive(file)
        return _read_book(file, finder, progress)


def _check_archive(file: IO[bytes]) -> None:
    """Refuse a zip bomb from the zip's directory, before openpyxl unpacks anything."""
    try:
        with zipfile.ZipFile(file) as archive:
            problem = archive_problem(archive)
    # A damaged directory raises BadZipFile, struct.error, ValueError...: all mean the same.
    except Exception as exc:
        raise _unreadable(exc) from exc
    if problem is not None:
        raise ReadError(problem)
    file.seek(0)


def _read_book(
    file: IO[bytes], finder: _HeaderFinder, progress: Callable[[int], None] | None
) -> Table:
    try:
        # openpyxl costs 0.08 s to import; only an import of an .xlsx pays for it.
        from openpyxl import load_workbook

        # The file already checked, not the path again: what is read is what was measured.
        book = load_workbook(file, read_only=True, data_only=True)
    # openpyxl raises whatever its zip and XML layers raise on a damaged file; all mean the same.
    except Exception as exc:
        raise _unreadable(exc) from exc
    try:
        for sheet in book.worksheets:
            # The stored dimension is a hint from the program that wrote the file; a stale or
            # "A1" one makes openpyxl stop early, and nothing here needs rows padded to a width.
            sheet.reset_dimensions()
            rows = _sheet_rows(sheet)
            try:
                table = finder.table(rows, progress, sheet=str(sheet.title))
            finally:
                rows.close()
            if table is not None:
                return table
    finally:
        book.close()
    raise ReadError(Message("import.no_header", {"rows": finder.scan_rows}))


def _sheet_rows(sheet: Any) -> Generator[Row, None, None]:
    # Counting is right because openpyxl read-only yields a filler for every row missing from
    # the sheet XML (an empty row is not stored); values-only rows carry no row number.
    cells = sheet.iter_rows(values_only=True)
    try:
        yield from enumerate(cells, start=1)
    # Only the parse runs inside this generator, so the caller's progress callback is not caught.
    except Exception as exc:
        raise _unreadable(exc) from exc
    finally:
        cells.close()


def _read_csv(path: Path, finder: _HeaderFinder, progress: Callable[[int], None] | None) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(exc) from exc
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
        reason = str(exc)[:_MAX_REASON]
        raise ReadError(Message("import.csv_row", {"row": row, "reason": reason})) from exc

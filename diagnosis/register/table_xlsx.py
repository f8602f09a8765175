"""The sheets of an .xlsx register: which one holds the list, and its rows, read with openpyxl.

Called by table_reader once the archive has passed its size checks; no field rules here.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import replace
from typing import IO, TYPE_CHECKING, Any

from diagnosis.messages import Message
from diagnosis.register.table_errors import ReadError, unreadable
from diagnosis.register.table_header import HeaderFinder, Row, SheetInfo, Table

if TYPE_CHECKING:
    from diagnosis.register.table_reader import Sheet


def read_book(
    file: IO[bytes], finder: HeaderFinder, progress: Callable[[int], None] | None, sheet: Sheet
) -> Table:
    try:
        # openpyxl costs 0.08 s to import; only an import of an .xlsx pays for it.
        from openpyxl import load_workbook

        # The file already checked, not the path again: what is read is what was measured.
        book = load_workbook(file, read_only=True, data_only=True)
    # openpyxl raises whatever its zip and XML layers raise on a damaged file; all mean the same.
    except Exception as exc:
        raise unreadable(exc) from exc
    try:
        sheets = list(book.worksheets)
        wanted = None if sheet is None else _choose(sheets, sheet)
        # The stored dimension is a hint from the program that wrote the file, read before it is
        # dropped; "A1" (or none) means it was not written and the rows are counted instead.
        hints = [s.max_row if (s.max_row or 0) > 1 else None for s in sheets]
        table: Table | None = None
        for ws in sheets if wanted is None else [wanted]:
            # A stale or "A1" dimension makes openpyxl stop early, and nothing here needs rows
            # padded to a width.
            ws.reset_dimensions()
            rows = _sheet_rows(ws)
            try:
                table = finder.table(rows, progress, sheet=str(ws.title))
            finally:
                rows.close()
            if table is not None:
                break
        if table is None:
            if wanted is not None:
                params = {"sheet": str(wanted.title), "rows": finder.scan_rows}
                raise ReadError(Message("import.no_header_sheet", params))
            raise ReadError(Message("import.no_header", {"rows": finder.scan_rows}))
        infos = tuple(
            SheetInfo(
                str(ws.title),
                table.last_row if str(ws.title) == table.sheet else hint or _count(ws),
            )
            for ws, hint in zip(sheets, hints, strict=True)
        )
        return replace(table, sheets=infos)
    finally:
        book.close()


def _choose(sheets: list[Any], sheet: str | int) -> Any:
    """The sheet named ``sheet`` (exactly, then ignoring case), or numbered from 1."""
    names = [str(ws.title) for ws in sheets]
    if isinstance(sheet, str):
        wanted = sheet.strip().casefold()
        for exact in (True, False):
            for ws, name in zip(sheets, names, strict=True):
                if name == sheet if exact else name.casefold() == wanted:
                    return ws
        if sheet.strip().isdigit():
            sheet = int(sheet.strip())
    if isinstance(sheet, int) and 1 <= sheet <= len(sheets):
        return sheets[sheet - 1]
    listing = ", ".join(f"{n}. {name}" for n, name in enumerate(names, start=1))
    raise ReadError(Message("import.no_sheet", {"sheet": sheet, "sheets": listing}))


def _count(ws: Any) -> int:
    ws.reset_dimensions()
    rows = _sheet_rows(ws)
    last = 0
    try:
        for number, _ in rows:
            last = number
    finally:
        rows.close()
    return last


def _sheet_rows(sheet: Any) -> Generator[Row, None, None]:
    # Counting is right because openpyxl read-only yields a filler for every row missing from
    # the sheet XML (an empty row is not stored); values-only rows carry no row number.
    cells = sheet.iter_rows(values_only=True)
    try:
        yield from enumerate(cells, start=1)
    # Only the parse runs inside this generator, so the caller's progress callback is not caught.
    except Exception as exc:
        raise unreadable(exc) from exc
    finally:
        cells.close()

"""Find a register's header row among its first rows and map its cells to fields.

Pure text matching on rows already read (table_reader reads the files); no field rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice

Row = tuple[int, tuple[object, ...]]

PROGRESS_EVERY = 1000

# A unit or note in brackets at the end of a header: "产值（万元）", "面积[亩]", "人数【人】".
_TRAILING_NOTE = re.compile(r"(?:\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】)$")
# A unit after a slash: "产值/万元", "用地/平方米".
_SLASH_UNIT = re.compile(r"/(?:[万亿千]?元|亩|平方米|m2|公顷|人)$")
# Zero-width space and BOM survive NFKC and str.split() but come along with pasted headers.
_SPACE = re.compile(r"[\s\u200b\ufeff]+")
_MARKS = "*※★"  # "required" marks before or after a header


@dataclass(frozen=True)
class SheetInfo:
    """A sheet of a workbook: its name and its last row (None: not known without reading it)."""

    name: str
    rows: int | None


@dataclass(frozen=True)
class Table:
    """The header and the non-blank rows under it, with spreadsheet row numbers."""

    header_row: int
    columns: dict[str, int]
    unknown_headers: tuple[str, ...]
    rows: list[Row]
    sheet: str | None
    encoding: str | None
    header_cells: tuple[str, ...] = ()  # the header row's text by column, as written
    above: tuple[Row, ...] = ()  # the rows above the header (titles, unit lines, notes)
    sheets: tuple[SheetInfo, ...] = ()  # every sheet of the workbook, in order
    last_row: int = 0  # the last row read, as the spreadsheet numbers it


def header_key(text: str) -> str:
    """The form in which a header cell and an alias are compared."""
    key = _SPACE.sub("", unicodedata.normalize("NFKC", text)).strip(_MARKS)
    while True:
        shorter = _SLASH_UNIT.sub("", _TRAILING_NOTE.sub("", key))
        # A header that is nothing but a bracket keeps it rather than becoming blank.
        if shorter == key or not shorter:
            return key.casefold()
        key = shorter.rstrip(_MARKS)


class HeaderFinder:
    """Header spellings by field (the earlier spelling wins when two columns name one field)."""

    def __init__(
        self,
        aliases: Mapping[str, Sequence[str]],
        required: Sequence[str],
        scan_rows: int,
        alternatives: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.keys: dict[str, tuple[str, int]] = {}
        for name, spellings in aliases.items():
            for rank, spelling in enumerate(spellings):
                self.keys.setdefault(header_key(spelling), (name, rank))
        self.keys.pop("", None)
        self.required = tuple(required)
        self.alternatives = alternatives or {}
        self.scan_rows = scan_rows

    def match(self, cells: Sequence[object]) -> tuple[dict[str, int], tuple[str, ...]]:
        found: dict[str, tuple[int, int]] = {}  # field -> (column, rank)
        texts: dict[int, str] = {}
        for index, cell in enumerate(cells):
            text = "" if cell is None else str(cell).strip()
            if not text:
                continue
            texts[index] = text
            hit = self.keys.get(header_key(text))
            if hit is None:
                continue
            name, rank = hit
            if name not in found or rank < found[name][1]:
                found[name] = (index, rank)
        columns = {name: index for name, (index, _) in found.items()}
        used = set(columns.values())
        unknown = tuple(text for index, text in texts.items() if index not in used)
        return columns, unknown

    def _complete(self, columns: Mapping[str, int]) -> bool:
        return all(
            name in columns or any(alt in columns for alt in self.alternatives.get(name, ()))
            for name in self.required
        )

    def find(self, head: Sequence[Row]) -> tuple[int, dict[str, int], tuple[str, ...]] | None:
        """Index into ``head`` of the row matching most fields (the first on a tie)."""
        best: tuple[int, dict[str, int], tuple[str, ...]] | None = None
        for index, (_, cells) in enumerate(head):
            columns, unknown = self.match(cells)
            if (
                columns
                and (best is None or len(columns) > len(best[1]))
                and self._complete(columns)
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
        header_number, header = head[index]
        texts = tuple("" if c is None else str(c).strip() for c in header)
        above = tuple(row for row in head[:index] if any(_filled(c) for c in row[1]))
        return Table(
            header_number, columns, unknown, data, sheet, encoding, texts, above, (), number
        )


def _filled(cell: object) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))

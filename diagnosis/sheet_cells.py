"""Text for spreadsheet cells that a spreadsheet program shows as written and never runs.

Names, titles and notes come from district registers and from pushed records, so from anyone.
Written as they are, ``=HYPERLINK("http://…"&B2,"详情")`` or ``=cmd|' /C calc'!A0`` become live
formulas (or DDE commands) in Excel, and a control character makes openpyxl refuse the whole
workbook. Every writer of .xlsx and .csv puts its text through here (OWASP, "CSV Injection").
"""

from __future__ import annotations

import re
from typing import Any

# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets
# (tab and CR because some of them strip leading white space before looking).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# openpyxl's ILLEGAL_CHARACTERS_RE (control characters other than tab, LF and CR), and what
# XML 1.0 cannot hold at all: lone surrogates (JSON lets "\ud800" through) and U+FFFE, U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
MAX_CELL_CHARS = 32_767  # Excel's limit; a longer text makes it call the file damaged


def clean(text: str) -> str:
    """``text`` without the characters Excel forbids, cut to what one cell holds."""
    return _FORBIDDEN.sub("", text)[:MAX_CELL_CHARS]


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_field(value: object) -> object:
    """A CSV field: text cleaned and, if it could start a formula, led by an apostrophe.

    CSV carries no cell types, so the apostrophe (OWASP's neutraliser) is the only way to keep
    it text; Excel shows it. Numbers and None pass unchanged.
    """
    if not isinstance(value, str):
        return value
    text = clean(value)
    return "'" + text if is_formula_like(text) else text


def set_text(cell: Any, value: str) -> None:
    """Make an openpyxl cell hold ``value`` as plain text, whatever it starts with.

    openpyxl turns any text starting with "=" into a formula and "#N/A" and the like into error
    cells; the cell is forced back to a string, written as an inline string that no program
    evaluates. A formula-like text also gets the quotePrefix style (Excel's hidden apostrophe):
    it shows as written, without an apostrophe, and stays text when someone edits the cell.
    """
    text = clean(value)
    cell.value = text
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True

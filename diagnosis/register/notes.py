"""Lines of a register that are not enterprises: notes above or under the table (注：…, 单位：万元,
填报人：…), total rows (合计) and a row of units under the header.

Recognised so that the report lists them as notes instead of rows missing a name; pure text rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from diagnosis.register.columns import AREA_UNITS, COUNT_UNITS, MONEY_UNITS

# The start of a note line; "注塑…有限公司" is a name, so 注 needs its colon, number or bracket.
_NOTE = re.compile(
    r"^(?:注[:：\d.、(]|注释|附注|说明[:：\d]|填表说明|备注[:：]|(?:金额|计量|面积)?单位[:：]"
    r"|数据来源|资料来源|来源[:：]|填报人|填表人|填报单位[:：]|填报日期|填表日期|报送日期"
    r"|制表|审核|复核|统计负责人|单位负责人|负责人[:：]|联系人[:：]|联系电话[:：]|日期[:：])"
)
_TOTAL = re.compile(r"^(?:合计|总计|小计|共计)(?:$|[:：(（\d])")
_UNIT_WORDS = frozenset({*MONEY_UNITS, *AREA_UNITS, *COUNT_UNITS, "个", "家", "年", "%"})
# Column numbering under a statistics-office header: 甲 乙 丙 丁, 1 2 3…
_COLUMN_MARKS = frozenset("甲乙丙丁戊己庚辛")


def _text(cell: object) -> str:
    if cell is None:
        return ""
    text = cell if isinstance(cell, str) else str(cell)
    return "".join(unicodedata.normalize("NFKC", text).split())


def note_text(cells: Sequence[object]) -> str | None:
    """The row's text if it is a note or a total line, else None.

    Called only for rows without a credit code: a row with one is an enterprise whatever it says.
    """
    texts = [t for t in map(_text, cells) if t]
    if not texts:
        return None
    if _NOTE.match(texts[0]) or any(_TOTAL.match(t) for t in texts):
        return " ".join(
            (c if isinstance(c, str) else str(c)).strip()
            for c in cells
            if c is not None and str(c).strip()
        )
    return None


def units_row(cells: Sequence[object]) -> dict[int, str] | None:
    """A row of units under the header (万元 | 亩 | 人 …), as unit by column; None if it is not.

    Brackets and column numbering (甲, 乙, 1, 2) may stand in the other cells.
    """
    units: dict[int, str] = {}
    for index, cell in enumerate(cells):
        text = _text(cell).strip("()[]【】")
        if not text or text in _COLUMN_MARKS or text in ("-", "—", "/"):
            continue
        if text in _UNIT_WORDS:
            units[index] = text
        elif not (text.isdigit() and int(text) <= len(cells)):
            return None
    return units or None

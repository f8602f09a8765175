"""Chinese line breaking (kinsoku) for reportlab paragraphs, and a width table per character.

reportlab's CJK wrapping knows Japanese kinsoku only (a full-width comma may start a line), lets
the one character it holds back hang past the margin and ignores opening brackets. The sets and
functions here replace it: the character before a forbidden break moves down with it, and Latin
words are not cut. Pure text measuring; the paragraph that uses it is flowables.Para.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

from reportlab import rl_config
from reportlab.lib.textsplit import ALL_CANNOT_START, CANNOT_END_LINE
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

CANNOT_START = frozenset("，。、；：？！）》」』’”…％,.;:?!)]}〉】〕｝〗·") | frozenset(
    ALL_CANNOT_START
)
CANNOT_END = frozenset("（《「『‘“([{〈【〔｛〖") | frozenset("".join(CANNOT_END_LINE))


def _is_word(char: str) -> bool:
    """Part of a Latin word or number, which should not be cut in the middle."""
    return len(char) == 1 and ord(char) < 0x2E80 and not char.isspace()


def _can_break(before: str, after: str, whole_words: bool) -> bool:
    if after in CANNOT_START or before in CANNOT_END:
        return False
    return not (whole_words and _is_word(before) and _is_word(after))


# Units a number is read with: "4,947.7 万元。" must not leave "万元。" alone on the next line.
UNITS = frozenset("万亿千百元吨度台套项家户个人次倍年月日天小时米%％")
NUMBER_PREFIXES = frozenset("第约")  # read with the number that follows


def _splits_number_and_unit(chars: Sequence[str], b: int) -> bool:
    """Would a break before index b part a number from its unit, with or without one space
    between them (the space would be dropped at the line's end), or from its prefix (第)?"""
    after = chars[b] if b < len(chars) else ""
    if chars[b - 1] in NUMBER_PREFIXES and after[:1].isdigit():  # 第 59 台
        return True
    if after == " " and b + 1 < len(chars):
        return chars[b - 1][-1:].isdigit() and chars[b + 1] in UNITS
    if after not in UNITS:
        return False
    k = b - 1
    while k >= 0 and chars[k] in UNITS:  # inside a unit of several characters: 万元, 人次
        k -= 1
    if k >= 0 and chars[k] == " ":
        k -= 1
    return k >= 0 and chars[k][-1:].isdigit()


# A bracketed unit such as （万元） or （m³/年） is read as one word: "投资（万元）" may break
# before the bracket, never inside it. Longer brackets are ordinary text and break anywhere.
OPENING = frozenset("（(")
CLOSING = frozenset("）)")
UNIT_BRACKET_LENGTH = 8  # brackets included
_NOT_IN_UNITS = frozenset(" \u3000，。、；：,;")


def _inside_short_brackets(chars: Sequence[str], b: int) -> bool:
    """Would a break before index b fall inside a short bracketed group (a unit)?"""
    for i in range(b - 1, max(b - UNIT_BRACKET_LENGTH, -1), -1):
        char = chars[i]
        if char in CLOSING or char in _NOT_IN_UNITS or not char:
            return False
        if char in OPENING:
            for j in range(b, min(i + UNIT_BRACKET_LENGTH, len(chars))):
                if chars[j] in CLOSING:
                    return True
                if chars[j] in OPENING or chars[j] in _NOT_IN_UNITS or not chars[j]:
                    return False
            return False
    return False


_LATIN_UNIT = re.compile(rf"\([^()\n]{{1,{UNIT_BRACKET_LENGTH + 2}}}\)")


def bind_units(text: str) -> str:
    """Latin text with the spaces of short brackets made unbreakable: reportlab's word wrapping
    keeps "(10k yuan)" whole if its space is a no-break space."""
    if " " not in text or "(" not in text:
        return text
    return _LATIN_UNIT.sub(lambda unit: unit.group().replace(" ", "\u00a0"), text)


def _break_before(chars: Sequence[str], start: int, end: int) -> int:
    """Where the next line starts, at or before `end`: kinsoku, whole words, bracketed units and
    numbers kept with their units; then kinsoku and bracketed units; then kinsoku alone."""
    half = start + (end - start) // 2
    for b in range(end, half, -1):
        if (
            _can_break(chars[b - 1], chars[b], True)
            and not _splits_number_and_unit(chars, b)
            and not _inside_short_brackets(chars, b)
        ):
            return b
    for b in range(end, start, -1):
        if _can_break(chars[b - 1], chars[b], False) and not _inside_short_brackets(chars, b):
            return b
    for b in range(end, start, -1):  # a unit wider than the column: it must break somewhere
        if _can_break(chars[b - 1], chars[b], False):
            return b
    return end


def _char_widths(text: str, font_name: str, size: float) -> list[float]:
    """Advance width of each character. Reading a TrueType face's table directly is several times
    faster than a stringWidth call per character, which dominated the layout time."""
    face = getattr(getFont(font_name), "face", None)
    table = getattr(face, "charWidths", None)
    if face is None or table is None:
        return [stringWidth(c, font_name, size) for c in text]
    scale, default = size * 0.001, face.defaultWidth
    return [table.get(ord(c), default) * scale for c in text]


def line_ranges(
    text: Sequence[str],
    widths: Sequence[float],
    max_widths: Sequence[float],
    hard: Collection[int] = (),
) -> list[tuple[int, int, float]]:
    """Lines as (start, end, width): as much as fits, then moved back to obey kinsoku. Spaces at
    either end of a line are dropped; `hard` holds the indices of <br/>, each ending a line."""
    lines: list[tuple[int, int, float]] = []
    start = i = 0
    used = 0.0
    while i < len(text):
        limit = max_widths[min(len(lines), len(max_widths) - 1)]
        if i in hard:
            lines.append((start, i + 1, used))
            start = i = i + 1
            used = 0.0
        elif used + widths[i] > limit + rl_config._FUZZ and i > start:
            cut = end = _break_before(text, start, i)
            while end > start + 1 and text[end - 1].isspace():
                end -= 1
            lines.append((start, end, sum(widths[start:end])))
            i = cut
            while i < len(text) and text[i].isspace() and i not in hard:
                i += 1
            start, used = i, 0.0
        else:
            used += widths[i]
            i += 1
    if start < len(text):
        lines.append((start, len(text), used))
    return lines


def kinsoku_lines(frags: Sequence[Any], max_widths: Sequence[float], bounds: bool) -> Any:
    """reportlab's line structure for `frags`, as its own breakLinesCJK would return it."""

    def limit(k: int) -> float:
        return max_widths[min(k, len(max_widths) - 1)]

    first = frags[0]
    if len(frags) == 1 and not hasattr(first, "cbDefn") and not hasattr(first, "lineBreak"):
        # The rest of a split simple paragraph holds its text as a list of words.
        text = first.text if hasattr(first, "text") else "".join(getattr(first, "words", []))
        ranges = line_ranges(text, _char_widths(text, first.fontName, first.fontSize), max_widths)
        lines = [(limit(k) - w, [text[s:e]]) for k, (s, e, w) in enumerate(ranges)]
        size = first.fontSize
        return first.clone(kind=0, lines=lines, ascent=size, descent=-0.2 * size)
    chars: list[Any] = []
    widths: list[float] = []
    hard: set[int] = set()
    for frag in frags:
        if not frag.text:  # a <br/> or an inline object: one zero-width element
            if hasattr(frag, "lineBreak"):
                hard.add(len(chars))
            chars.append(cjkU("", frag, "utf8"))
            widths.append(chars[-1].width)
            continue
        frag_widths = _char_widths(frag.text, frag.fontName, frag.fontSize)
        for char, width in zip(frag.text, frag_widths, strict=True):
            # cjkU's constructor measures each character again; set its two fields directly.
            u = str.__new__(cjkU, char)
            u._frag, u._width = frag, width
            chars.append(u)
        widths.extend(frag_widths)
    return ParaLines(
        kind=1,
        lines=[
            makeCJKParaLine(chars[s:e], limit(k), w, limit(k) - w, e - 1 in hard, bounds)
            for k, (s, e, w) in enumerate(line_ranges(chars, widths, max_widths, hard))
        ],
    )

"""Reading one XML element of the report markup within its contract, or a MarkupError.

The small checks every element parser in markup.py shares: known attributes with defaults, a
choice or plain number, children of one tag, empty elements and inline text with its whitespace
collapsed as HTML does. Kept apart so markup.py reads as the list of elements the contract allows.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

from diagnosis.report.markup_tree import Break, Inline, Run

_T = TypeVar("_T")


class MarkupError(ValueError):
    """The markup breaks the contract at `path` (such as `plan/h1[3]/table[1]/tr[2]`)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


# Collapsible whitespace is XML's, as in HTML: an ideographic space (U+3000) is content.
_SPACE = re.compile(r"[ \t\r\n]+")
_SPACE_SPLIT = re.compile(r"([ \t\r\n]+)")


def no_loose_text(el: ET.Element, path: str) -> None:
    """Containers of blocks hold elements only; stray text would vanish from the PDF."""
    if (el.text or "").strip() or any((child.tail or "").strip() for child in el):
        raise MarkupError(path, f"text directly inside <{el.tag}> (wrap it in <p>)")


def children(el: ET.Element, path: str) -> Iterator[tuple[ET.Element, str]]:
    counts: dict[str, int] = {}
    for child in el:
        counts[child.tag] = counts.get(child.tag, 0) + 1
        yield child, f"{path}/{child.tag}[{counts[child.tag]}]"


def attributes(el: ET.Element, path: str, spec: Mapping[str, str | None]) -> dict[str, str]:
    """The attributes of `el` with defaults filled in; None in `spec` marks a required one."""
    for name in el.attrib:
        if name not in spec:
            raise MarkupError(path, f"unknown attribute {name!r} on <{el.tag}>")
    out: dict[str, str] = {}
    for name, default in spec.items():
        value = el.attrib.get(name, default)
        if value is None:
            raise MarkupError(path, f"<{el.tag}> needs the attribute {name!r}")
        out[name] = value
    return out


def choice(value: str, allowed: tuple[str, ...], path: str, attr: str) -> str:
    if value not in allowed:
        raise MarkupError(path, f"{attr}={value!r} is not one of {', '.join(map(repr, allowed))}")
    return value


def number(value: str, path: str, attr: str) -> float:
    # A plain number: "." decimal, no separators, no exponent, so "1,5" or "1e3" are mistakes.
    if not re.fullmatch(r"-?\d+(\.\d+)?", value.strip()):
        raise MarkupError(path, f"{attr}={value!r} is not a plain number")
    return float(value)


def no_children(el: ET.Element, path: str) -> None:
    if len(el):
        raise MarkupError(f"{path}/{el[0].tag}", f"<{el.tag}> must be empty")
    if (el.text or "").strip():
        raise MarkupError(path, f"<{el.tag}> must be empty, it holds text")


def only(el: ET.Element, path: str, tag: str) -> Iterator[tuple[ET.Element, str]]:
    """The children of `el`, all of which must be `tag`, with no text between them."""
    if (el.text or "").strip():
        raise MarkupError(path, f"<{el.tag}> holds text outside <{tag}>")
    for child, child_path in children(el, path):
        if child.tag != tag:
            raise MarkupError(child_path, f"<{child.tag}> is not allowed in <{el.tag}>")
        if (child.tail or "").strip():
            raise MarkupError(child_path, f"text after <{tag}> in <{el.tag}>")
        yield child, child_path


_INLINE_TAGS = frozenset(("b", "br"))
_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


def inline_text(el: ET.Element, path: str, attrs: Mapping[str, str | None] | None = None) -> Inline:
    """Inline text of `el`: runs and breaks with whitespace collapsed as HTML does."""
    attributes(el, path, attrs or {})
    tokens: list[tuple[str, bool] | None] = [(el.text or "", False)]
    for child, child_path in children(el, path):
        if child.tag == "br":
            attributes(child, child_path, {})
            no_children(child, child_path)
            tokens.append(None)
        elif child.tag == "b":
            attributes(child, child_path, {})
            tokens.append((child.text or "", True))
            for sub, sub_path in children(child, child_path):
                if sub.tag != "br":
                    raise MarkupError(sub_path, f"<{sub.tag}> is not allowed in <b>")
                no_children(sub, sub_path)
                tokens.extend((None, (sub.tail or "", True)))
        else:
            raise MarkupError(child_path, f"<{child.tag}> is not allowed in text (only <b>, <br/>)")
        tokens.append((child.tail or "", False))
    return _collapse(tokens)


def _collapse(tokens: list[tuple[str, bool] | None]) -> Inline:
    parts: list[Run | Break] = []
    pending: str | None = None  # the whitespace run waiting for the next visible character
    last = ""  # the last character written on the current line

    def write(text: str, bold: bool) -> None:
        previous = parts[-1] if parts else None
        if isinstance(previous, Run) and previous.bold == bold:
            parts[-1] = Run(previous.text + text, bold)
        else:
            parts.append(Run(text, bold))

    for token in tokens:
        if token is None:
            parts.append(Break())
            pending, last = None, ""
            continue
        text, bold = token
        for piece in _SPACE_SPLIT.split(text):
            if not piece:
                continue
            if _SPACE.fullmatch(piece):
                pending = (pending or "") + piece
                continue
            # CSS Text 3: a line break between two wide (CJK) characters is dropped, so that a
            # template may wrap a Chinese sentence over several lines without spaces appearing.
            cjk_join = pending and "\n" in pending and _WIDE.match(last) and _WIDE.match(piece[0])
            if pending is not None and last and not cjk_join:
                write(" ", bold)
            pending, last = None, piece[-1]
            write(piece, bold)
    return tuple(parts)


def list_attr(text: str, count: int, path: str, attr: str, conv: Callable[[str], _T]) -> list[_T]:
    if not text:
        return []
    values = [conv(v.strip()) for v in text.split(",")]
    if len(values) != count:
        raise MarkupError(path, f"{attr} has {len(values)} values for {count} columns")
    return values

"""Parse and validate the report markup (docs/report-markup.md) into a small typed tree.

Anything the contract does not allow is a MarkupError naming the element's path, so a template
mistake never becomes a silently wrong PDF. This module knows the markup, not its layout.
"""

from __future__ import annotations

import re
import string
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias, TypeVar

Align = Literal["left", "right", "center"]
_T = TypeVar("_T")


class MarkupError(ValueError):
    """The markup breaks the contract at `path` (such as `plan/h1[3]/table[1]/tr[2]`)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Break:
    """A `<br/>`."""


Inline: TypeAlias = tuple[Run | Break, ...]


def plain(inline: Inline) -> str:
    return "".join(part.text if isinstance(part, Run) else "\n" for part in inline)


@dataclass(frozen=True)
class CoverLine:
    kind: Literal["title", "subtitle"]
    text: Inline


@dataclass(frozen=True)
class Toc:
    title: str


@dataclass(frozen=True)
class Heading:
    level: int
    text: Inline


@dataclass(frozen=True)
class Para:
    cls: Literal["", "lead", "note", "warning"]
    text: Inline


@dataclass(frozen=True)
class Item:
    mark: Literal["", "ok", "miss", "warn", "info"]
    text: Inline


@dataclass(frozen=True)
class BulletList:
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Cell:
    text: Inline
    header: bool


@dataclass(frozen=True)
class Table:
    widths: tuple[float, ...]
    align: tuple[Align, ...]
    header: int
    style: Literal["grid", "plain", "keyvalue"]
    total: bool
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    unit: str


@dataclass(frozen=True)
class Figures:
    items: tuple[Figure, ...]


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None


@dataclass(frozen=True)
class Chart:
    kind: Literal["radar", "bar"]
    title: str
    max: float
    unit: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Photo:
    ref: str
    caption: str


@dataclass(frozen=True)
class Finding:
    text: tuple[Block, ...]
    photos: tuple[Photo, ...]


@dataclass(frozen=True)
class Signer:
    role: str
    name: str


@dataclass(frozen=True)
class Signoff:
    sign_label: str
    date_label: str
    signers: tuple[Signer, ...]


@dataclass(frozen=True)
class Keep:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Spacer:
    height: float


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Cover:
    blocks: tuple[CoverLine | Para | Table | Spacer, ...]


Block: TypeAlias = (
    Cover
    | Toc
    | Heading
    | Para
    | BulletList
    | Table
    | Figures
    | Chart
    | Finding
    | Photo
    | Signoff
    | Keep
    | Spacer
    | PageBreak
)


@dataclass(frozen=True)
class Plan:
    lang: Literal["zh", "en"]
    title: str
    author: str
    subject: str
    header_left: str
    header_right: str
    footer_left: str
    page_format: str
    missing_photo: str
    blocks: tuple[Block, ...]


_ROOT_ATTRS = {
    "lang": None,
    "title": "",
    "author": "",
    "subject": "",
    "header-left": "",
    "header-right": "",
    "footer-left": "",
    "page-format": "{page} / {pages}",
    "missing-photo": "",
}
_DOCTYPE = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# Collapsible whitespace is XML's, as in HTML: an ideographic space (U+3000) is content.
_SPACE = re.compile(r"[ \t\r\n]+")
_SPACE_SPLIT = re.compile(r"([ \t\r\n]+)")


def parse_markup(markup: str) -> Plan:
    """The plan tree of `markup`, or MarkupError for anything the contract does not allow."""
    if _DOCTYPE.search(markup):
        # Entities could expand without bound or pull in files; templates never need them.
        raise MarkupError("plan", "DOCTYPE and entity declarations are not allowed")
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as exc:
        line, column = exc.position
        raise MarkupError(
            "plan", f"not well-formed XML (line {line}, column {column + 1})"
        ) from exc
    if root.tag != "plan":
        raise MarkupError(root.tag, "the root element must be <plan>")
    a = _attrs(root, "plan", _ROOT_ATTRS)
    lang: Literal["zh", "en"] = (
        "zh" if _choice(a["lang"], ("zh", "en"), "plan", "lang") == "zh" else "en"
    )
    _check_page_format(a["page-format"])
    _no_loose_text(root, "plan")
    blocks: list[Block] = []
    counts: dict[str, int] = {}
    chapter = "plan"
    for child in root:
        if child.tag == "h1":
            counts = {}
            h1s = sum(isinstance(b, Heading) and b.level == 1 for b in blocks) + 1
            chapter = path = f"plan/h1[{h1s}]"
        else:
            counts[child.tag] = counts.get(child.tag, 0) + 1
            path = f"{chapter}/{child.tag}[{counts[child.tag]}]"
        if child.tag == "cover":
            if blocks:
                raise MarkupError(path, "<cover> must be the first block")
            blocks.append(_cover(child, path))
        elif child.tag == "toc":
            if any(isinstance(b, Toc) for b in blocks):
                raise MarkupError(path, "only one <toc> is allowed")
            blocks.append(Toc(_attrs(child, path, {"title": ""})["title"]))
            _no_children(child, path)
        else:
            blocks.append(_block(child, path, _BODY))
    return Plan(
        lang,
        a["title"],
        a["author"],
        a["subject"],
        a["header-left"],
        a["header-right"],
        a["footer-left"],
        a["page-format"],
        a["missing-photo"],
        tuple(blocks),
    )


def _check_page_format(fmt: str) -> None:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(fmt) if name is not None]
    except ValueError as exc:
        raise MarkupError("plan", f"page-format: {exc}") from exc
    unknown = set(fields) - {"page", "pages"}
    if unknown:
        raise MarkupError("plan", f"page-format: unknown field {{{sorted(unknown)[0]}}}")


def _no_loose_text(el: ET.Element, path: str) -> None:
    """Containers of blocks hold elements only; stray text would vanish from the PDF."""
    if (el.text or "").strip() or any((child.tail or "").strip() for child in el):
        raise MarkupError(path, f"text directly inside <{el.tag}> (wrap it in <p>)")


def _children(el: ET.Element, path: str) -> Iterator[tuple[ET.Element, str]]:
    counts: dict[str, int] = {}
    for child in el:
        counts[child.tag] = counts.get(child.tag, 0) + 1
        yield child, f"{path}/{child.tag}[{counts[child.tag]}]"


def _block(el: ET.Element, path: str, allowed: Iterable[str]) -> Block:
    if el.tag not in allowed:
        where = "here" if el.tag in _KNOWN else "(unknown element)"
        raise MarkupError(path, f"<{el.tag}> is not allowed {where}")
    return _PARSERS[el.tag](el, path)


def _attrs(el: ET.Element, path: str, spec: Mapping[str, str | None]) -> dict[str, str]:
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


def _choice(value: str, allowed: tuple[str, ...], path: str, attr: str) -> str:
    if value not in allowed:
        raise MarkupError(path, f"{attr}={value!r} is not one of {', '.join(map(repr, allowed))}")
    return value


def _number(value: str, path: str, attr: str) -> float:
    # A plain number: "." decimal, no separators, no exponent, so "1,5" or "1e3" are mistakes.
    if not re.fullmatch(r"-?\d+(\.\d+)?", value.strip()):
        raise MarkupError(path, f"{attr}={value!r} is not a plain number")
    return float(value)


def _no_children(el: ET.Element, path: str) -> None:
    if len(el):
        raise MarkupError(f"{path}/{el[0].tag}", f"<{el.tag}> must be empty")
    if (el.text or "").strip():
        raise MarkupError(path, f"<{el.tag}> must be empty, it holds text")


def _only(el: ET.Element, path: str, tag: str) -> Iterator[tuple[ET.Element, str]]:
    """The children of `el`, all of which must be `tag`, with no text between them."""
    if (el.text or "").strip():
        raise MarkupError(path, f"<{el.tag}> holds text outside <{tag}>")
    for child, child_path in _children(el, path):
        if child.tag != tag:
            raise MarkupError(child_path, f"<{child.tag}> is not allowed in <{el.tag}>")
        if (child.tail or "").strip():
            raise MarkupError(child_path, f"text after <{tag}> in <{el.tag}>")
        yield child, child_path


_INLINE_TAGS = frozenset(("b", "br"))
_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


def _inline(el: ET.Element, path: str, attrs: Mapping[str, str | None] | None = None) -> Inline:
    """Inline text of `el`: runs and breaks with whitespace collapsed as HTML does."""
    _attrs(el, path, attrs or {})
    tokens: list[tuple[str, bool] | None] = [(el.text or "", False)]
    for child, child_path in _children(el, path):
        if child.tag == "br":
            _attrs(child, child_path, {})
            _no_children(child, child_path)
            tokens.append(None)
        elif child.tag == "b":
            _attrs(child, child_path, {})
            tokens.append((child.text or "", True))
            for sub, sub_path in _children(child, child_path):
                if sub.tag != "br":
                    raise MarkupError(sub_path, f"<{sub.tag}> is not allowed in <b>")
                _no_children(sub, sub_path)
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


def _text_block(el: ET.Element, path: str) -> Block:
    if el.tag in ("h1", "h2", "h3"):
        return Heading(int(el.tag[1]), _inline(el, path))
    cls = _choice(el.attrib.get("class", ""), ("", "lead", "note", "warning"), path, "class")
    return Para(cls, _inline(el, path, {"class": ""}))  # type: ignore[arg-type]


def _list(el: ET.Element, path: str) -> BulletList:
    _attrs(el, path, {})
    items = []
    for li, li_path in _only(el, path, "li"):
        mark = _choice(
            li.attrib.get("mark", ""), ("", "ok", "miss", "warn", "info"), li_path, "mark"
        )
        items.append(Item(mark, _inline(li, li_path, {"mark": ""})))  # type: ignore[arg-type]
    if not items:
        raise MarkupError(path, "<ul> needs at least one <li>")
    return BulletList(tuple(items))


def _table(el: ET.Element, path: str) -> Table:
    spec = {"widths": "", "align": "", "header": "", "style": "grid", "total": "0"}
    a = _attrs(el, path, spec)
    rows: list[tuple[Cell, ...]] = []
    for tr, tr_path in _only(el, path, "tr"):
        _attrs(tr, tr_path, {})
        cells = []
        for cell, cell_path in _children(tr, tr_path):
            if cell.tag not in ("th", "td"):
                raise MarkupError(cell_path, f"<{cell.tag}> is not allowed in <tr>")
            cells.append(Cell(_inline(cell, cell_path), cell.tag == "th"))
        if (tr.text or "").strip() or any((c.tail or "").strip() for c in tr):
            raise MarkupError(tr_path, "text outside <th>/<td>")
        if rows and len(cells) != len(rows[0]):
            raise MarkupError(tr_path, f"{len(cells)} cells, the first row has {len(rows[0])}")
        if not cells:
            raise MarkupError(tr_path, "a row needs at least one cell")
        rows.append(tuple(cells))
    if not rows:
        raise MarkupError(path, "<table> needs at least one <tr>")
    columns = len(rows[0])
    style = _choice(a["style"], ("grid", "plain", "keyvalue"), path, "style")
    widths = _list_attr(a["widths"], columns, path, "widths", lambda v: _number(v, path, "widths"))
    if widths and min(widths) <= 0:
        raise MarkupError(path, "widths must be positive")
    align = _list_attr(
        a["align"],
        columns,
        path,
        "align",
        lambda v: _choice(v, ("left", "right", "center"), path, "align"),
    )
    default_header = "1" if all(c.header for c in rows[0]) and style != "keyvalue" else "0"
    header_text = a["header"] or default_header
    if not header_text.isdigit() or int(header_text) > len(rows):
        raise MarkupError(path, f"header={header_text!r} is not a row count from 0 to {len(rows)}")
    total = _choice(a["total"], ("0", "1"), path, "total") == "1"
    if total and int(header_text) >= len(rows):
        raise MarkupError(path, "total=1 needs a body row to be the total")
    if style == "keyvalue" and (columns != 2 or int(header_text)):
        raise MarkupError(path, "style='keyvalue' needs two columns and no header rows")
    return Table(
        tuple(widths) or (1.0,) * columns,
        tuple(align) or ("left",) * columns,  # type: ignore[arg-type]
        int(header_text),
        style,  # type: ignore[arg-type]
        total,
        tuple(rows),
    )


def _list_attr(text: str, count: int, path: str, attr: str, conv: Callable[[str], _T]) -> list[_T]:
    if not text:
        return []
    values = [conv(v.strip()) for v in text.split(",")]
    if len(values) != count:
        raise MarkupError(path, f"{attr} has {len(values)} values for {count} columns")
    return values


def _figures(el: ET.Element, path: str) -> Figures:
    _attrs(el, path, {})
    items = []
    for fig, fig_path in _only(el, path, "figure"):
        a = _attrs(fig, fig_path, {"label": None, "value": None, "unit": ""})
        _no_children(fig, fig_path)
        items.append(Figure(a["label"], a["value"], a["unit"]))
    if not items:
        raise MarkupError(path, "<figures> needs at least one <figure>")
    return Figures(tuple(items))


def _chart(el: ET.Element, path: str) -> Chart:
    kind = _choice(el.attrib.get("kind", ""), ("radar", "bar"), path, "kind")
    extra = {"max": "100"} if kind == "radar" else {"unit": ""}
    a = _attrs(el, path, {"kind": None, "title": "", **extra})
    top = _number(a.get("max", "100"), path, "max")
    if top <= 0:
        raise MarkupError(path, "max must be positive")
    points = []
    for pt, pt_path in _only(el, path, "point"):
        p = _attrs(pt, pt_path, {"label": None, "value": None})
        _no_children(pt, pt_path)
        value = _number(p["value"], pt_path, "value") if p["value"].strip() else None
        if kind == "radar" and value is not None and not 0 <= value <= top:
            raise MarkupError(pt_path, f"value={p['value']!r} is outside 0 to max {top:g}")
        points.append(Point(p["label"], value))
    if len(points) < (3 if kind == "radar" else 1):
        raise MarkupError(
            path, f"a {kind} chart needs at least {3 if kind == 'radar' else 1} points"
        )
    return Chart(kind, a["title"], top, a.get("unit", ""), tuple(points))  # type: ignore[arg-type]


def _photo(el: ET.Element, path: str) -> Photo:
    a = _attrs(el, path, {"ref": None, "caption": ""})
    _no_children(el, path)
    return Photo(a["ref"], a["caption"])


def _finding(el: ET.Element, path: str) -> Finding:
    _attrs(el, path, {})
    _no_loose_text(el, path)
    text: list[Block] = []
    photos: list[Photo] = []
    for child, child_path in _children(el, path):
        block = _block(child, child_path, ("p", "h3", "ul", "photo"))
        if isinstance(block, Photo):
            photos.append(block)
        else:
            text.append(block)
    return Finding(tuple(text), tuple(photos))


def _signoff(el: ET.Element, path: str) -> Signoff:
    a = _attrs(el, path, {"sign-label": "", "date-label": ""})
    signers = []
    for s, s_path in _only(el, path, "signer"):
        sa = _attrs(s, s_path, {"role": None, "name": ""})
        _no_children(s, s_path)
        signers.append(Signer(sa["role"], sa["name"]))
    if not signers:
        raise MarkupError(path, "<signoff> needs at least one <signer>")
    return Signoff(a["sign-label"], a["date-label"], tuple(signers))


def _keep(el: ET.Element, path: str) -> Keep:
    _attrs(el, path, {})
    _no_loose_text(el, path)
    # A page break (or an h1, which starts a page) cannot be kept on one page with anything.
    allowed = _BODY - {"toc", "h1", "pagebreak"}
    return Keep(tuple(_block(c, p, allowed) for c, p in _children(el, path)))


def _spacer(el: ET.Element, path: str) -> Spacer:
    height = _number(_attrs(el, path, {"height": None})["height"], path, "height")
    _no_children(el, path)
    if height < 0:
        raise MarkupError(path, "height must not be negative")
    return Spacer(height)


def _pagebreak(el: ET.Element, path: str) -> PageBreak:
    _attrs(el, path, {})
    _no_children(el, path)
    return PageBreak()


def _cover(el: ET.Element, path: str) -> Cover:
    _attrs(el, path, {})
    _no_loose_text(el, path)
    blocks: list[CoverLine | Para | Table | Spacer] = []
    for child, child_path in _children(el, path):
        if child.tag in ("title", "subtitle"):
            kind: Literal["title", "subtitle"] = "title" if child.tag == "title" else "subtitle"
            blocks.append(CoverLine(kind, _inline(child, child_path)))
        else:
            block = _block(child, child_path, ("p", "table", "spacer"))
            assert isinstance(block, Para | Table | Spacer)
            blocks.append(block)
    return Cover(tuple(blocks))


_PARSERS: dict[str, Callable[[ET.Element, str], Block]] = {
    "h1": _text_block,
    "h2": _text_block,
    "h3": _text_block,
    "p": _text_block,
    "ul": _list,
    "table": _table,
    "figures": _figures,
    "chart": _chart,
    "finding": _finding,
    "photo": _photo,
    "signoff": _signoff,
    "keep": _keep,
    "spacer": _spacer,
    "pagebreak": _pagebreak,
    "cover": _cover,
}
_BODY = (frozenset(_PARSERS) - {"cover"}) | {"toc"}
# Every element of the contract: one out of its place is "not allowed here", not "unknown".
_KNOWN = _BODY | {"cover", "plan", "title", "subtitle", "b", "br", "li"} | {"tr", "th", "td"}
_KNOWN |= {"figure", "point", "signer"}

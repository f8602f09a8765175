"""Parse and validate the report markup (docs/report-markup.md) into a small typed tree.

Anything the contract does not allow is a MarkupError naming the element's path, so a template
mistake never becomes a silently wrong PDF. This module knows the markup, not its layout.
The tree's types are in markup_tree.py and the checks every element shares in
markup_elements.py; both are re-exported here, the module other code imports.
"""

from __future__ import annotations

import re
import string
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from typing import Literal

from diagnosis.report.markup_elements import (
    MarkupError,
    attributes,
    children,
    choice,
    inline_text,
    list_attr,
    no_children,
    no_loose_text,
    number,
    only,
)
from diagnosis.report.markup_tree import (
    Align,
    Block,
    Break,
    BulletList,
    Cell,
    Chart,
    Cover,
    CoverLine,
    Figure,
    Figures,
    Finding,
    Heading,
    Inline,
    Item,
    Keep,
    PageBreak,
    Para,
    Photo,
    Plan,
    Point,
    Run,
    Signer,
    Signoff,
    Spacer,
    Table,
    Toc,
    plain,
)

# The tree and the error are part of this module's interface, as before the split.
__all__ = [
    "Align",
    "Block",
    "Break",
    "BulletList",
    "Cell",
    "Chart",
    "Cover",
    "CoverLine",
    "Figure",
    "Figures",
    "Finding",
    "Heading",
    "Inline",
    "Item",
    "Keep",
    "MarkupError",
    "PageBreak",
    "Para",
    "Photo",
    "Plan",
    "Point",
    "Run",
    "Signer",
    "Signoff",
    "Spacer",
    "Table",
    "Toc",
    "parse_markup",
    "plain",
]

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
    a = attributes(root, "plan", _ROOT_ATTRS)
    lang: Literal["zh", "en"] = (
        "zh" if choice(a["lang"], ("zh", "en"), "plan", "lang") == "zh" else "en"
    )
    _check_page_format(a["page-format"])
    no_loose_text(root, "plan")
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
            blocks.append(Toc(attributes(child, path, {"title": ""})["title"]))
            no_children(child, path)
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


def _block(el: ET.Element, path: str, allowed: Iterable[str]) -> Block:
    if el.tag not in allowed:
        where = "here" if el.tag in _KNOWN else "(unknown element)"
        raise MarkupError(path, f"<{el.tag}> is not allowed {where}")
    return _PARSERS[el.tag](el, path)


def _text_block(el: ET.Element, path: str) -> Block:
    if el.tag in ("h1", "h2", "h3"):
        return Heading(int(el.tag[1]), inline_text(el, path))
    cls = choice(el.attrib.get("class", ""), ("", "lead", "note", "warning"), path, "class")
    return Para(cls, inline_text(el, path, {"class": ""}))  # type: ignore[arg-type]


def _list(el: ET.Element, path: str) -> BulletList:
    attributes(el, path, {})
    items = []
    for li, li_path in only(el, path, "li"):
        mark = choice(
            li.attrib.get("mark", ""), ("", "ok", "miss", "warn", "info"), li_path, "mark"
        )
        items.append(Item(mark, inline_text(li, li_path, {"mark": ""})))  # type: ignore[arg-type]
    if not items:
        raise MarkupError(path, "<ul> needs at least one <li>")
    return BulletList(tuple(items))


def _table(el: ET.Element, path: str) -> Table:
    spec = {
        "widths": "",
        "align": "",
        "header": "",
        "style": "grid",
        "total": "0",
        "continued": "",
    }
    a = attributes(el, path, spec)
    rows: list[tuple[Cell, ...]] = []
    groups: set[int] = set()
    columns = 0
    for tr, tr_path in only(el, path, "tr"):
        group = choice(
            attributes(tr, tr_path, {"class": ""})["class"], ("", "group"), tr_path, "class"
        )
        cells = []
        for cell, cell_path in children(tr, tr_path):
            if cell.tag not in ("th", "td"):
                raise MarkupError(cell_path, f"<{cell.tag}> is not allowed in <tr>")
            cells.append(Cell(inline_text(cell, cell_path), cell.tag == "th"))
        if (tr.text or "").strip() or any((c.tail or "").strip() for c in tr):
            raise MarkupError(tr_path, "text outside <th>/<td>")
        if not cells:
            raise MarkupError(tr_path, "a row needs at least one cell")
        if group:
            if len(cells) != 1 or cells[0].header:
                raise MarkupError(tr_path, "a group row holds exactly one <td>")
            groups.add(len(rows))
        elif columns and len(cells) != columns:
            raise MarkupError(tr_path, f"{len(cells)} cells, the first row has {columns}")
        else:
            columns = len(cells)
        rows.append(tuple(cells))
    if not rows:
        raise MarkupError(path, "<table> needs at least one <tr>")
    if not columns:
        raise MarkupError(path, "<table> needs a row that is not a group row")
    style = choice(a["style"], ("grid", "plain", "keyvalue"), path, "style")
    widths = list_attr(a["widths"], columns, path, "widths", lambda v: number(v, path, "widths"))
    if widths and min(widths) <= 0:
        raise MarkupError(path, "widths must be positive")
    align = list_attr(
        a["align"],
        columns,
        path,
        "align",
        lambda v: choice(v, ("left", "right", "center"), path, "align"),
    )
    first_header = 0 not in groups and all(c.header for c in rows[0])
    default_header = "1" if first_header and style != "keyvalue" else "0"
    header_text = a["header"] or default_header
    if not header_text.isdigit() or int(header_text) > len(rows):
        raise MarkupError(path, f"header={header_text!r} is not a row count from 0 to {len(rows)}")
    if any(g < int(header_text) for g in groups):
        raise MarkupError(path, "a header row cannot be a group row")
    total = choice(a["total"], ("0", "1"), path, "total") == "1"
    if total and (int(header_text) >= len(rows) or len(rows) - 1 in groups):
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
        frozenset(groups),
        a["continued"],
    )


def _figures(el: ET.Element, path: str) -> Figures:
    attributes(el, path, {})
    items = []
    for fig, fig_path in only(el, path, "figure"):
        a = attributes(fig, fig_path, {"label": None, "value": None, "unit": ""})
        no_children(fig, fig_path)
        items.append(Figure(a["label"], a["value"], a["unit"]))
    if not items:
        raise MarkupError(path, "<figures> needs at least one <figure>")
    return Figures(tuple(items))


def _chart(el: ET.Element, path: str) -> Chart:
    kind = choice(el.attrib.get("kind", ""), ("radar", "bar"), path, "kind")
    extra = {"max": "100"} if kind == "radar" else {"unit": ""}
    a = attributes(el, path, {"kind": None, "title": "", **extra})
    top = number(a.get("max", "100"), path, "max")
    if top <= 0:
        raise MarkupError(path, "max must be positive")
    points = []
    for pt, pt_path in only(el, path, "point"):
        p = attributes(pt, pt_path, {"label": None, "value": None})
        no_children(pt, pt_path)
        value = number(p["value"], pt_path, "value") if p["value"].strip() else None
        if kind == "radar" and value is not None and not 0 <= value <= top:
            raise MarkupError(pt_path, f"value={p['value']!r} is outside 0 to max {top:g}")
        points.append(Point(p["label"], value))
    if len(points) < (3 if kind == "radar" else 1):
        raise MarkupError(
            path, f"a {kind} chart needs at least {3 if kind == 'radar' else 1} points"
        )
    return Chart(kind, a["title"], top, a.get("unit", ""), tuple(points))  # type: ignore[arg-type]


def _photo(el: ET.Element, path: str) -> Photo:
    a = attributes(el, path, {"ref": None, "caption": ""})
    no_children(el, path)
    return Photo(a["ref"], a["caption"])


def _finding(el: ET.Element, path: str) -> Finding:
    attributes(el, path, {})
    no_loose_text(el, path)
    text: list[Block] = []
    photos: list[Photo] = []
    for child, child_path in children(el, path):
        block = _block(child, child_path, ("p", "h3", "ul", "photo"))
        if isinstance(block, Photo):
            photos.append(block)
        else:
            text.append(block)
    return Finding(tuple(text), tuple(photos))


def _signoff(el: ET.Element, path: str) -> Signoff:
    a = attributes(el, path, {"sign-label": "", "date-label": ""})
    signers = []
    for s, s_path in only(el, path, "signer"):
        sa = attributes(s, s_path, {"role": None, "name": "", "detail": "", "seal": "0"})
        no_children(s, s_path)
        if sa["seal"] not in ("0", "1"):
            raise MarkupError(s_path, f"seal must be 0 or 1, not {sa['seal']!r}")
        signers.append(Signer(sa["role"], sa["name"], sa["detail"], sa["seal"] == "1"))
    if not signers:
        raise MarkupError(path, "<signoff> needs at least one <signer>")
    return Signoff(a["sign-label"], a["date-label"], tuple(signers))


def _keep(el: ET.Element, path: str) -> Keep:
    attributes(el, path, {})
    no_loose_text(el, path)
    # A page break (or an h1, which starts a page) cannot be kept on one page with anything.
    allowed = _BODY - {"toc", "h1", "pagebreak"}
    return Keep(tuple(_block(c, p, allowed) for c, p in children(el, path)))


def _spacer(el: ET.Element, path: str) -> Spacer:
    height = number(attributes(el, path, {"height": None})["height"], path, "height")
    no_children(el, path)
    if height < 0:
        raise MarkupError(path, "height must not be negative")
    return Spacer(height)


def _pagebreak(el: ET.Element, path: str) -> PageBreak:
    attributes(el, path, {})
    no_children(el, path)
    return PageBreak()


def _cover(el: ET.Element, path: str) -> Cover:
    attributes(el, path, {})
    no_loose_text(el, path)
    blocks: list[CoverLine | Para | Table | Spacer] = []
    for child, child_path in children(el, path):
        if child.tag in ("title", "subtitle"):
            kind: Literal["title", "subtitle"] = "title" if child.tag == "title" else "subtitle"
            blocks.append(CoverLine(kind, inline_text(child, child_path)))
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

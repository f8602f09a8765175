"""Tables of the report markup as reportlab Grids: the cells as paragraphs, the rule and shade
of each table style, group-heading rows (spanning, shaded, bold, kept with the row after them),
the first cell repeated above a row's rest on the next page, and whether rows may split inside.
Builds flowables for story.StoryBuilder, never draws.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from diagnosis.report import markup_tree as m
from diagnosis.report.flowables import Para
from diagnosis.report.pdf_style import (
    GROUP_SHADE,
    HAIRLINE,
    HEADING,
    RULE,
    SHADE,
    TEXT_HEIGHT,
    TEXT_WIDTH,
)

if TYPE_CHECKING:
    from diagnosis.report.story import StoryBuilder


def _tall(texts: Sequence[str], width: float, leading: float) -> bool:
    """Whether a table row may be taller than half a page, so that it must be allowed to split;
    counted as if every character were a full em wide, an upper bound."""
    size = leading / 1.4
    lines = sum(len(t) * size / max(width, size) + t.count("\n") + 1 for t in texts)
    return bool(lines * leading > TEXT_HEIGHT / 2)


def table_flowable(builder: StoryBuilder, table: m.Table) -> Any:
    """A `<table>` as a Grid: cells as paragraphs, group rows spanning, split rows continued."""
    widths = [TEXT_WIDTH * w / sum(table.widths) for w in table.widths]
    last, head = len(table.rows) - 1, table.header
    data: list[list[Any]] = []
    tall = False
    groups: list[tuple[Any, ...]] = []
    for r, row in enumerate(table.rows):
        if r in table.groups:
            data.append(_group_row(builder, row[0], len(widths)))
            groups += [
                ("SPAN", (0, r), (-1, r)),
                ("BACKGROUND", (0, r), (-1, r), GROUP_SHADE),
                # A group heading is never left at a page foot without its first row.
                ("NOSPLIT", (0, r), (-1, min(r + 1, last))),
            ]
            continue
        kind = "th" if r < head else "total" if table.total and r == last else "td"
        cells = []
        for c, cell in enumerate(row):
            cell_kind = "th" if cell.header and kind == "td" else kind
            cells.append(builder.para(cell.text, builder.s.cell(table.align[c], cell_kind)))
        if table.continued and kind == "td":
            cells[0].continuation = _continuation(builder, row[0], table)
        data.append(cells)
        tall = tall or any(
            _tall([m.plain(x.text)], w - 8, 13) for x, w in zip(row, widths, strict=True)
        )
    cmds: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if table.style in ("grid", "keyvalue"):
        cmds.append(("GRID", (0, 0), (-1, -1), 0.5, RULE))
    if table.style == "grid" and head:
        cmds.append(("BACKGROUND", (0, 0), (-1, head - 1), SHADE))
    if table.style == "keyvalue":
        cmds.append(("BACKGROUND", (0, 0), (0, -1), SHADE))
    if table.style == "plain":
        if head:
            cmds.append(("LINEBELOW", (0, head - 1), (-1, head - 1), 0.9, HEADING))
        if head <= last:
            cmds.append(("LINEBELOW", (0, head), (-1, -1), 0.25, HAIRLINE))
    if table.total:
        cmds.append(("LINEABOVE", (0, -1), (-1, -1), 1.0, HEADING))
    cmds += groups
    return builder.grid(
        data,
        colWidths=widths,
        repeatRows=head,
        style=cmds,
        # A row that may not fit on a page is split inside, at the page end, rather than first
        # moved below a repeated header on the same page; short rows (under 36 pt) never are.
        splitByRow=int(not tall),
        splitInRow=36 if tall else 0,
    )


def _group_row(builder: StoryBuilder, cell: m.Cell, columns: int) -> list[Any]:
    return [builder.para(cell.text, builder.s.cell("left", "group")), *[""] * (columns - 1)]


def _continuation(builder: StoryBuilder, cell: m.Cell, table: m.Table) -> Callable[[], Para]:
    """The first cell again, marked as continued, for the rest of its row on the next page."""
    text = (*cell.text, m.Run(table.continued))
    style = builder.s.cell(table.align[0], "continued")
    return lambda: builder.para(text, style)

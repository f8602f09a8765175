"""The markup walk: turns the parsed plan tree into the list of reportlab flowables (the story).

One method per block of docs/report-markup.md (figure boxes, charts, findings with their photo
column, signoff lines, the contents slot filled once all headings are known; tables are built in
story_tables.py). Every string it lays out is recorded in the layout for the font coverage check.
Builds flowables, never draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    NextPageTemplate,
    NotAtTopPageBreak,
    PageBreak,
)
from reportlab.platypus import Spacer as Gap

from diagnosis.report import markup_tree as m
from diagnosis.report.charts import bar_chart, radar_chart
from diagnosis.report.flowables import (
    After,
    Anchor,
    Grid,
    Layout,
    MissingPicture,
    Para,
    Picture,
    TocLine,
)
from diagnosis.report.linebreak import bind_units
from diagnosis.report.pdf_style import (
    HEADING,
    INK,
    RULE,
    TEXT_WIDTH,
    Styles,
)
from diagnosis.report.report_photos import PhotoStore
from diagnosis.report.story_tables import table_flowable

PHOTO_MAX_HEIGHT = 9 * cm
FINDING_PHOTO_MAX_HEIGHT = 7 * cm
_HEADING_WITH_ROWS = 4 * cm  # a heading, a table header and two rows


def _markup(inline: m.Inline, latin: bool) -> str:
    """Inline text as reportlab paragraph markup; in Latin text (English plans, wrapped at
    spaces) a bracketed unit such as "(10k yuan)" is bound into one word."""
    out = []
    for part in inline:
        if isinstance(part, m.Break):
            out.append("<br/>")
        else:
            text = escape(bind_units(part.text) if latin else part.text)
            out.append(f"<b>{text}</b>" if part.bold else text)
    return "".join(out)


class StoryBuilder:
    """Walks the markup tree into reportlab flowables, collecting every drawn string."""

    def __init__(self, styles: Styles, photos: PhotoStore, layout: Layout) -> None:
        self.s, self.photos, self.layout = styles, photos, layout
        self.font = layout.font
        self.anchors: list[Anchor] = []

    def story(self, blocks: Sequence[m.Block]) -> list[Any]:
        story = self.blocks(blocks)
        # The contents needs every h1/h2, known only after the walk: fill in its reserved slot.
        for i, flowable in enumerate(story):
            if flowable is _TOC_SLOT:
                story[i : i + 1] = [self._toc_line(a) for a in self.anchors]
        return story

    def para(self, inline: m.Inline, style: ParagraphStyle, mark: str | None = None) -> Para:
        self.layout.drawn.append(m.plain(inline))
        para = Para(_markup(inline, self.layout.plan.lang != "zh"), style)
        para.mark = mark
        return para

    def text(self, text: str, style: ParagraphStyle) -> Para:
        return self.para((m.Run(text),), style)

    def grid(self, data: list[list[Any]], style: list[tuple[Any, ...]], **kw: Any) -> Any:
        # Empty cells are drawn as strings too, in Helvetica unless told: an unembedded font.
        fonts = [("FONTNAME", (0, 0), (-1, -1), self.font.regular)]
        return Grid(data, style=fonts + style, hAlign="LEFT", **kw)

    def blocks(self, blocks: Sequence[m.Block]) -> list[Any]:
        out: list[Any] = []
        taken = -1  # a block already laid out with the heading before it
        for n, block in enumerate(blocks):
            if n == taken:
                continue
            following = blocks[n + 1] if n + 1 < len(blocks) else None
            if isinstance(block, m.Heading) and block.level > 1 and isinstance(following, m.Keep):
                # reportlab's keepWithNext does not hold a heading to a KeepTogether after it,
                # which left "5.4 Key figures" alone at a page's foot: one block for both.
                kept = _unkept(self.blocks(following.blocks))
                out.append(KeepTogether([*self._heading(block), *kept]))
                taken = n + 1
            elif isinstance(block, m.Heading) and isinstance(following, m.Table):
                # reportlab keeps a heading with a whole table, so a table longer than the rest
                # of the page takes its heading to the next page and leaves a blank: ask
                # instead for room for the heading and the table's first rows.
                *before, heading = self._heading(block)
                heading.keepWithNext = 0
                out += [*before, CondPageBreak(_HEADING_WITH_ROWS), heading]
            else:
                out += self.block(block)
        return out

    def block(self, block: m.Block) -> list[Any]:
        s = self.s
        match block:
            case m.Cover():
                return self._cover(block)
            case m.Toc():
                title = [self.text(block.title, s.h1)] if block.title else []
                return [NotAtTopPageBreak(), *title, _TOC_SLOT, PageBreak()]
            case m.Heading():
                return self._heading(block)
            case m.Para():
                style = {"": s.body, "lead": s.lead, "note": s.note, "warning": s.warning}
                return [self.para(block.text, style[block.cls])]
            case m.BulletList():
                items = [self.para(item.text, s.item, item.mark) for item in block.items]
                # No item alone at the head or the foot of a page: the first two and the last two
                # go together (a whole list is kept on one page by wrapping it in <keep>).
                if len(items) > 1:
                    items[0].keepWithNext = items[-2].keepWithNext = 1
                return [*items, After(1, 4)]
            case m.Table():
                return [table_flowable(self, block), After(1, 8)]
            case m.Figures():
                return [self._figures(block), After(1, 8)]
            case m.Chart():
                return [self._chart(block), After(1, 8)]
            case m.Finding():
                return self._finding(block)
            case m.Photo():
                return self._photo(block, TEXT_WIDTH, PHOTO_MAX_HEIGHT, keep=True)
            case m.Signoff():
                return [KeepTogether([self._signoff(block)])]
            case m.Keep():
                return [KeepTogether(_unkept(self.blocks(block.blocks)))]
            case m.Spacer():
                return [Gap(1, block.height)]
            case m.PageBreak():
                return [PageBreak()]
        raise AssertionError(block)

    def _cover(self, cover: m.Cover) -> list[Any]:
        out: list[Any] = [Gap(1, 5 * cm)]
        for item in cover.blocks:
            if isinstance(item, m.CoverLine):
                out.append(
                    self.para(item.text, self.s.title if item.kind == "title" else self.s.subtitle)
                )
            else:
                out.extend(self.block(item))
        return [*out, NextPageTemplate("body"), PageBreak()]

    def _heading(self, heading: m.Heading) -> list[Any]:
        style = {1: self.s.h1, 2: self.s.h2, 3: self.s.h3}[heading.level]
        para = self.para(heading.text, style)
        if heading.level == 3:
            return [para]
        title = " ".join(m.plain(heading.text).split())
        para.anchor = Anchor(f"h{len(self.anchors)}", heading.level - 1, title, self.layout)
        self.anchors.append(para.anchor)
        return [NotAtTopPageBreak(), para] if heading.level == 1 else [para]

    def _toc_line(self, anchor: Anchor) -> TocLine:
        style = self.s.toc1 if anchor.level == 0 else self.s.toc2
        return TocLine(anchor, self.text(anchor.title, style), 0 if anchor.level == 0 else 18)

    def _figures(self, figures: m.Figures) -> Any:
        per_row, gap = min(4, len(figures.items)), 8.0
        box = (TEXT_WIDTH - gap * (per_row - 1)) / per_row
        widths = [box if i % 2 == 0 else gap for i in range(2 * per_row - 1)]
        data: list[list[Any]] = []
        cmds: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        heights: list[float | None] = []
        for start in range(0, len(figures.items), per_row):
            if data:
                data.append([""] * len(widths))
                heights.append(gap)
            row: list[Any] = [""] * len(widths)
            r = len(data)
            for i, fig in enumerate(figures.items[start : start + per_row]):
                unit = (
                    f'<font size="9" color="#666E76"> {escape(fig.unit)}</font>' if fig.unit else ""
                )
                value = Para(escape(fig.value) + unit, self.s.figure)
                self.layout.drawn.append(f"{fig.value} {fig.unit}")
                row[2 * i] = [value, self.text(fig.label, self.s.figure_label)]
                cmds += [
                    ("BACKGROUND", (2 * i, r), (2 * i, r), colors.HexColor("#F2F5F8")),
                    ("BOX", (2 * i, r), (2 * i, r), 0.5, RULE),
                    ("LINEABOVE", (2 * i, r), (2 * i, r), 2, HEADING),
                ]
            data.append(row)
            heights.append(None)
        cmds += [("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]
        return self.grid(data, colWidths=widths, rowHeights=heights, style=cmds)

    def _chart(self, chart: m.Chart) -> Any:
        self.layout.drawn.extend([chart.title, chart.unit, *(p.label for p in chart.points)])
        if chart.kind == "radar":
            return radar_chart(
                chart.points,
                title=chart.title,
                max_value=chart.max,
                width=TEXT_WIDTH,
                font=self.font,
            )
        title = chart.title
        if chart.unit:
            unit = f"（{chart.unit}）" if self.layout.plan.lang == "zh" else f" ({chart.unit})"
            title = f"{title}{unit}" if title else unit.strip()
        return bar_chart(chart.points, title=title, width=TEXT_WIDTH, font=self.font)

    def _finding(self, finding: m.Finding) -> list[Any]:
        text = self.blocks(finding.text)
        if not finding.photos:
            return [*text, After(1, 4)]
        column = TEXT_WIDTH * 0.42
        photos = [
            f
            for p in finding.photos
            for f in self._photo(p, column - 8, FINDING_PHOTO_MAX_HEIGHT, keep=False)
        ]
        cmds = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (1, 0), (1, 0), "CENTER"),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 10),
            ("LEFTPADDING", (1, 0), (1, 0), 8),
            ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
        ]
        table = self.grid(
            [[text, photos]],
            colWidths=[TEXT_WIDTH - column, column],
            style=cmds,
            # Split between lines or photos rather than leave half a page empty, but put at least
            # an inch on the first page so a heading is never left alone at the bottom.
            splitInRow=72,
        )
        return [table, After(1, 8)]

    def _photo(self, photo: m.Photo, width: float, height: float, keep: bool) -> list[Any]:
        image = self.photos.get(photo.ref)
        body: Picture
        if image is None:
            text = self.layout.plan.missing_photo
            self.layout.drawn.append(text)
            body = MissingPicture(text, self.font.regular, width, min(width * 0.5, 4 * cm))
        else:
            scale = min(width / image.width, height / image.height)
            body = Picture(image.path, image.width * scale, image.height * scale)
        parts = [body, self.text(photo.caption, self.s.caption)] if photo.caption else [body]
        # KeepTogether measures itself as "infinitely tall" inside a table cell, so only outside.
        return [KeepTogether(parts), After(1, 6)] if keep else [*parts, After(1, 6)]

    def _signoff(self, signoff: m.Signoff) -> Any:
        font, size = self.font.regular, self.s.body.fontSize
        labels = (signoff.sign_label, signoff.date_label)
        label = max(stringWidth(t, font, size) for t in labels) + 16  # with the cell's padding
        # The name column holds an organisation's full Chinese name on one or two lines; with a
        # detail line under the names (an expert's specialty and unit) it takes more of the row.
        detailed = any(s.detail for s in signoff.signers)
        role, name = (0.15, 0.37) if detailed else (0.19, 0.29)
        rest = TEXT_WIDTH * (1 - role - name) - 2 * label
        widths = [TEXT_WIDTH * role, TEXT_WIDTH * name, label, rest * 0.6, label, rest * 0.4]
        cmds: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            # Room to sign above each line; a little less with detail lines, so six experts
            # and the firm's acknowledgement still fit on one page.
            ("TOPPADDING", (0, 0), (-1, -1), 14 if detailed else 20),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        data = []
        for r, signer in enumerate(signoff.signers):
            cell: Any = self.text(signer.name, self.s.body) if signer.name else ""
            if signer.detail:
                detail = self.text(signer.detail, self.s.note)
                cell = [cell, detail] if cell else [detail]
            sign = "" if signer.seal else self.text(signoff.sign_label, self.s.body)
            data.append(
                [
                    self.text(signer.role, self.s.body),
                    cell,
                    sign,
                    "",
                    self.text(signoff.date_label, self.s.body),
                    "",
                ]
            )
            lines = (5,) if signer.seal else (3, 5)
            for c in lines if signer.name else (1, *lines):
                cmds.append(("LINEBELOW", (c, r), (c, r), 0.6, INK))
            if signer.seal:  # room for the seal (about 4 cm across), stamped over the name
                cmds.append(("TOPPADDING", (0, r), (-1, r), 44))
        return self.grid(data, colWidths=widths, style=cmds)


def _unkept(flowables: list[Any]) -> list[Any]:
    """The content of each KeepTogether among ``flowables``, in its place: reportlab's
    KeepTogether says it is infinitely tall to force its split, so one inside another (a
    sign-off inside a <keep>) made the outer break its page before it, whatever the room."""
    out: list[Any] = []
    for f in flowables:
        out += _unkept(list(f._content)) if isinstance(f, KeepTogether) else [f]
    return out


_TOC_SLOT = Gap(0, 0)  # where the contents lines go, replaced once all headings are known

"""Lay out report markup (docs/report-markup.md) as an A4 PDF with reportlab.

Knows the markup and typography only, never diagnoses. One build: the contents, the page totals
and the outline are filled in by a deferred canvas once the last page is known, which costs far
less than reportlab's multiBuild (a second full layout).

This module is the entry point: it builds the document from the parts, story.py (the markup walk
into flowables.py's flowables), page_canvas.py (the deferred canvas) and report_photos.py, and
turns missing photos and glyphs into warnings.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from diagnosis.messages import Bilingual
from diagnosis.report.flowables import Layout
from diagnosis.report.fonts import ReportFont, find_cjk_font, missing_characters, register
from diagnosis.report.markup import parse_markup
from diagnosis.report.markup_tree import Cover
from diagnosis.report.page_canvas import DeferredCanvas
from diagnosis.report.pdf_style import MARGIN, TEXT_HEIGHT, TEXT_WIDTH, Styles
from diagnosis.report.report_photos import PhotoLoader, PhotoStore
from diagnosis.report.story import StoryBuilder

# reportlab ASCII85-encodes every stream by default, in pure Python without its optional C
# accelerator: a third of the render time, for 25 % larger files. Binary streams are standard PDF.
rl_config.useA85 = 0

MISSING_GLYPHS = Bilingual(
    "所选字体没有以下字符的字形，PDF 中会显示为方框：{chars}。请在设置中选择其他中文字体。",
    "The chosen font has no glyph for these characters, which show as boxes in the PDF: {chars}. "
    "Choose another Chinese font in the settings.",
)
MISSING_PHOTOS = Bilingual(
    "有 {n} 张照片无法读取，报告中以占位框代替。",
    "{n} photos could not be read; the report shows a framed placeholder instead.",
)
MISSING_PHOTO = "1 photo could not be read; the report shows a framed placeholder instead."


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    pages: int
    warnings: list[str]
    text: str  # everything drawn, for the font coverage check


def render_pdf(markup: str, *, photos: PhotoLoader, font: ReportFont | None = None) -> RenderResult:
    """Lay out `markup` as a PDF; photos are resolved by reference through `photos`."""
    plan = parse_markup(markup)
    font = font or register(find_cjk_font())
    layout = Layout(plan, font)
    out = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="plan-photos-") as folder:
        store = PhotoStore(photos, Path(folder))
        story = StoryBuilder(Styles(font, plan.lang), store, layout).story(plan.blocks)
        doc = BaseDocTemplate(
            out,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=plan.title,
            author=plan.author,
            subject=plan.subject,
            creator="enterprise-diagnosis",
            # Otherwise every page references Helvetica, an unembedded font the plan never uses.
            initialFontName=font.regular,
        )

        def frame() -> Any:
            return Frame(MARGIN, MARGIN, TEXT_WIDTH, TEXT_HEIGHT, 0, 0, 0, 0, id="text")

        templates = [PageTemplate("body", [frame()])]
        if plan.blocks and isinstance(plan.blocks[0], Cover):
            cover = PageTemplate(
                "cover",
                [frame()],
                onPage=lambda canv, _doc: layout.cover_pages.add(canv.getPageNumber()),
            )
            templates.insert(0, cover)
        doc.addPageTemplates(templates)
        doc.build(story, canvasmaker=partial(DeferredCanvas, layout=layout))
        missing = store.missing
    warnings = [font.warning] if font.warning else []
    if missing:
        zh, en = MISSING_PHOTOS
        en = MISSING_PHOTO if missing == 1 else en.format(n=missing)
        warnings.append(Bilingual(zh.format(n=missing), en))
    lacking = "".join(sorted(missing_characters("".join(layout.drawn), font))[:10])
    if lacking:
        zh, en = MISSING_GLYPHS
        warnings.append(Bilingual(zh.format(chars=lacking), en.format(chars=lacking)))
    lang_warnings = [w.zh if plan.lang == "zh" else w.en for w in warnings]
    return RenderResult(out.getvalue(), layout.pages, lang_warnings, "\n".join(layout.drawn))

"""The improvement plan's figures (issue 5): one plan with six photos beside a bare reportlab
document of the same content, the first render in a process, and a batch of 100 plans to files."""

from __future__ import annotations

import contextlib
import functools
import io
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import services
from benchmarks.common import Result, by_value, median_time

if TYPE_CHECKING:
    from diagnosis.report.service import PlanService
    from diagnosis.visits.document import Document

PHOTOS = 6
BATCH = 100


@dataclass(frozen=True)
class _Plan:
    plans: PlanService
    doc: Document
    first: float  # seconds: the first render in this process (font, templates)
    warm: float  # seconds: median of the warm renders
    pages: int
    close: Callable[[], None]  # the store: open while plans render (they read peer figures)


def _photo(path: Path, seed: int) -> Path:
    """A 3000x2000 JPEG that compresses like a photo: gradient, shapes, noise."""
    from PIL import Image, ImageDraw

    size = (3000, 2000)
    gradient = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise(size, 40 + seed * 5)
    picture = Image.merge("RGB", (gradient, noise, gradient.rotate(90 * seed).resize(size)))
    draw = ImageDraw.Draw(picture)
    for n in range(12):
        x, y = (n * 397 + seed * 131) % 2600, (n * 251 + seed * 89) % 1700
        draw.ellipse((x, y, x + 400, y + 300), fill=(40 * n % 255, 90, 200 - 10 * n))
    picture.save(path, "JPEG", quality=90)
    return path


@functools.cache
def _plan(work: Path, repeat: int = 7) -> _Plan:
    """A stored visit with six photos, its plan service, and the first and warm render times."""
    from diagnosis.demo.enterprises import enterprises
    from diagnosis.demo.visit import demo_document
    from storage.database import Store

    store = Store(work / "report.sqlite", user="bench")
    registry = services.register_service(store)
    firm = next(enterprises(1, seed=20240501))
    registry.repo.save([firm], [])
    firm = registry.repo.by_codes({firm.credit_code})[firm.credit_code]
    visit_id = services.visit_service(store).import_document(demo_document(firm, seed=1)).visit_id
    desk = services.visit_service(store)
    assert desk.editable(desk.open(visit_id)), "demo visits are drafts"
    pictures = [_photo(work / f"photo-{n}.jpg", n) for n in range(PHOTOS)]
    for n, area in enumerate(("energy", "water", "safety")):
        text = f"现场照片 {n + 1}：设备与管路状况，需整改。"
        desk.add_finding(visit_id, area, "serious", text, photo_paths=pictures[2 * n : 2 * n + 2])
    plans = services.plan_service(store)
    doc = services.visit_service(store).export(visit_id)
    start = time.perf_counter()
    result = plans.render(doc, "zh")  # fonts parsed, templates compiled: once per process
    first = time.perf_counter() - start
    assert not result.warnings, result.warnings
    warm = median_time(lambda: plans.render(doc, "zh"), repeat)
    return _Plan(plans, doc, first, warm, result.pages, store.close)


def _inline(el: ET.Element) -> str:
    """A text element's content as reportlab paragraph markup (only <b> and <br/> occur)."""
    parts = [escape(el.text or "")]
    for child in el:
        parts.append(f"<b>{_inline(child)}</b>" if child.tag == "b" else "<br/>")
        parts.append(escape(child.tail or ""))
    return " ".join("".join(parts).split())


def _bare_story(markup: str, photo: Callable[[str], Any], font: str) -> list[Callable[[], Any]]:
    """Makers of the flowables of a bare reportlab document with the markup's content.

    The same paragraphs (cover lines, headings, paragraphs, list items, key figures, signers), the
    same tables (plain Paragraph cells, header rows repeated, a grid) and the same photos (the
    renderer's downscaled files, sized as in a finding), with a page break before each chapter.
    Left out: the contents page, running headers and footers with "page X of Y", the PDF outline,
    the radar and bar charts, list markers, key-figure boxes, the finding's two-column layout,
    keep-together, the kinsoku line breaking (reportlab's own CJK wrapping instead), and the
    renderer's work before layout: scoring, templates, markup parsing and photo downscaling.
    """
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, PageBreak, Paragraph, Spacer, Table

    sizes = {"title": 24, "subtitle": 15, "h1": 17, "h2": 13, "h3": 11, "td": 9, "th": 9}
    styles = {
        tag: ParagraphStyle(tag, fontName=font, fontSize=pt, leading=pt * 1.5, wordWrap="CJK")
        for tag, pt in {**sizes, "p": 10.5}.items()
    }
    width = 595.27 - 4 * cm  # A4 less two 2 cm margins, as the renderer
    out: list[Callable[[], Any]] = []

    def para(text: str, tag: str = "p") -> None:
        out.append(lambda: Paragraph(text, styles.get(tag, styles["p"])))

    def walk(el: ET.Element) -> None:
        tag, attr = el.tag, el.attrib
        if tag in ("title", "subtitle", "h1", "h2", "h3", "p", "li"):
            if tag == "h1":
                out.append(PageBreak)
            para(_inline(el), tag)
        elif tag == "table":
            rows = [[(c.tag, _inline(c)) for c in tr] for tr in el]
            header = int(attr.get("header", 1 if all(t == "th" for t, _ in rows[0]) else 0))
            weights = [float(w) for w in attr.get("widths", "").split(",") if w]
            weights = weights or [1.0] * len(rows[0])
            cols = [width * w / sum(weights) for w in weights]
            out.append(
                lambda: Table(
                    [[Paragraph(text, styles[t]) for t, text in row] for row in rows],
                    colWidths=cols,
                    repeatRows=header,
                    style=[("GRID", (0, 0), (-1, -1), 0.25, "#9AA7B5")],
                )
            )
        elif tag == "photo":
            path, w, h = photo(attr["ref"])
            scale = min((width * 0.42 - 8) / w, 7 * cm / h)
            out.append(lambda: Image(path, w * scale, h * scale))
            if attr.get("caption"):
                para(escape(attr["caption"]))
        elif tag == "figure":
            para(escape(f"{attr['value']} {attr.get('unit', '')} {attr['label']}"))
        elif tag == "signer":
            para(escape(f"{attr['role']} {attr.get('name', '')}"))
        elif tag == "spacer":
            height = float(attr["height"])
            out.append(lambda: Spacer(1, height))
        elif tag == "pagebreak":
            out.append(PageBreak)
        elif tag not in ("chart", "toc"):  # cover, ul, figures, finding, signoff, keep, plan
            for child in el:
                walk(child)
            if tag == "cover":
                out.append(PageBreak)

    walk(ET.fromstring(markup.encode("utf-8")))
    return out


def report_plan(work: Path, repeat: int = 7) -> Result:
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import SimpleDocTemplate

    from diagnosis.report.report_photos import PhotoStore

    plan = _plan(work)
    spec, photos = plan.plans.font.spec, plan.plans.photos
    assert spec is not None and photos is not None, "no embeddable CJK font on this machine"
    pdfmetrics.registerFont(TTFont("BenchCJK", str(spec.regular), subfontIndex=spec.regular_index))
    # The photos downscaled once, by the renderer's own code, outside the timing.
    (work / "bare-photos").mkdir(exist_ok=True)
    prepared = PhotoStore(photos.path_of, work / "bare-photos")

    def photo(ref: str) -> tuple[str, int, int]:
        image = prepared.get(ref)
        assert image is not None, ref
        return image.path, image.width, image.height

    render = functools.partial(plan.plans.render, plan.doc, "zh")
    makers = _bare_story(plan.plans.markup(plan.doc, "zh"), photo, "BenchCJK")
    pages = [0]

    def bare() -> None:
        margins = {f"{side}Margin": 2 * cm for side in ("left", "right", "top", "bottom")}
        doc = SimpleDocTemplate(io.BytesIO(), initialFontName="BenchCJK", **margins)
        doc.build([make() for make in makers])
        pages[0] = doc.page

    # Interleaved, so a change in the machine's load hits both.
    times = [median_time(fn, 1) for _ in range(repeat) for fn in (bare, render)]
    plan.close()
    baseline, value = statistics.median(times[::2]), statistics.median(times[1::2])
    ratio = value / baseline
    return Result(
        "report_plan",
        value,
        "s",
        baseline,
        "<=1.5x, <=0.5 s",
        ratio <= 1.5 and value <= 0.5,
        f"a {plan.pages}-page plan with {PHOTOS} photos, warm; baseline: bare reportlab "
        f"SimpleDocTemplate of the same paragraphs, tables and photos ({pages[0]} pages)",
    )


def report_first(work: Path) -> Result:
    plan = _plan(work)
    plan.close()
    return by_value(
        "report_first",
        plan.first,
        plan.warm,
        "s",
        1.0,
        "the first plan rendered in the process (font file parsed; templates compiled, or "
        "loaded from the compiled-template cache an earlier session left); baseline: the same "
        "plan rendered warm",
    )


def report_batch_100(work: Path) -> Result:
    import main
    from storage.database import Store

    plan = _plan(work)
    plan.close()
    warm = plan.warm
    db = work / "batch.sqlite"
    with contextlib.redirect_stdout(io.StringIO()):  # keep --json output clean
        code = main.main(
            ["demo", "--db", str(db), "--enterprises", str(BATCH), "--visits", str(BATCH)]
        )
    assert code == 0, code
    store = Store(db, user="bench")
    visit_ids = [v.id for v in services.visit_service(store).list()]
    assert len(visit_ids) == BATCH, len(visit_ids)
    plans = services.plan_service(store)
    start = time.perf_counter()
    outcome = plans.export_many(visit_ids, work / "plans", "zh")
    total = time.perf_counter() - start
    store.close()
    assert not outcome.failed and len(outcome.written) == BATCH, outcome.failed
    pages = statistics.median(p.pages for p in outcome.written)
    return by_value(
        "report_batch_100",
        total,
        warm * BATCH,
        "s",
        60.0,
        f"{BATCH} demo plans (five with photos, median {pages:g} pages) written to files: "
        f"{BATCH / total:.1f} plans/s; baseline: {BATCH} x the warm report_plan render",
    )


FIGURES = {
    "report_plan": report_plan,
    "report_first": report_first,
    "report_batch_100": report_batch_100,
}

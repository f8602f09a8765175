"""The improvement plan end to end: a stored visit in, a PDF out whose text (read back with pypdf)
holds every section and the very figures the app shows, set wholly in the embedded font."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

import services
from diagnosis.assessment.assess import Assessment, assess
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.photos import with_sample_photos
from diagnosis.demo.visit import demo_document
from diagnosis.display import figure, indicator
from diagnosis.measures.decisions import decision_to_dict
from diagnosis.measures.proposals import Decision
from diagnosis.messages import DomainError, Lang
from diagnosis.report.fonts import missing_characters
from diagnosis.report.service import PlanService
from diagnosis.visits.document import Document
from storage.database import Store
from storage.photos import PhotoStore, photo_folder_for


def flat(text: str) -> str:
    """Text without any whitespace: pypdf and the layout break lines in different places."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def stored(store: Store) -> Document:
    firm = next(iter(enterprises(1, seed=11)))
    services.register_service(store).repo.save([firm], [])
    doc = demo_document(services.register_service(store).repo.get(firm.id) or firm, seed=4)
    doc = with_sample_photos(doc, PhotoStore(photo_folder_for(store.path)))
    services.visit_service(store).import_document(doc)
    return services.visit_service(store).export(doc.visit.id)


@pytest.fixture
def plans(store: Store) -> PlanService:
    service = services.plan_service(store)
    service.today = lambda: date(2024, 4, 2)
    return service


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def headings(markup: str) -> list[str]:
    root = ET.fromstring(markup)
    return ["".join(h.itertext()) for h in root.iter() if h.tag in ("h1", "h2")]


def app_figures(a: Assessment) -> list[str]:
    """What the results panel and the measures page show for this visit."""
    shown = [indicator(key, f.value) for key, f in a.indicators.items()]
    t = a.totals
    shown += [figure(t.investment_10k_yuan, "investment_10k_yuan")]
    # The plan prints money in 万元 throughout (the app's measures page in 元).
    saved = t.money_saved_yuan
    shown += [figure(saved / 1e4, "investment_10k_yuan")] if saved else []
    shown += [f"{s.score:.0f}" for s in a.areas.values() if s.score is not None]
    return shown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plan_holds_every_section_and_the_figures_the_app_shows(
    plans: PlanService, stored: Document, lang: Lang
) -> None:
    result = plans.render(stored, lang)
    text = flat(pdf_text(result.pdf))
    titles = headings(plans.markup(stored, lang))
    assert len(titles) > 30
    for title in titles:
        assert flat(title) in text, title
    for shown in app_figures(assess(stored)):
        assert flat(shown) in text, shown
    accepted = [v for v in assess(stored).measures if v.status == "accepted"]
    assert accepted and all(v.code and v.code in text for v in accepted)
    assert stored.enterprise.name and flat(stored.enterprise.name) in text
    n = result.pages
    last = f"第{n}页/共{n}页" if lang == "zh" else f"Page{n}of{n}"
    assert last in text  # page X of Y on the last page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_character_of_the_plan_is_in_the_embedded_font(
    plans: PlanService, stored: Document, lang: Lang
) -> None:
    result = plans.render(stored, lang)
    assert plans.font.embedded and result.warnings == []
    assert missing_characters(result.text, plans.font) == set()
    reader = PdfReader(io.BytesIO(result.pdf))
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            described = font.get("/FontDescriptor")
            if described is None and "/DescendantFonts" in font:
                described = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            assert described is not None, f"font {font.get('/BaseFont')} is not embedded"
            assert "/FontFile2" in described.get_object(), font.get("/BaseFont")


def test_plan_shows_the_findings_photos(plans: PlanService, stored: Document) -> None:
    reader = PdfReader(io.BytesIO(plans.render(stored, "zh").pdf))
    images = sum(len(page.images) for page in reader.pages)
    assert images == sum(len(f.photos) for f in stored.findings) > 0


def test_hundreds_of_measures_and_a_very_long_name_still_build(
    plans: PlanService, stored: Document
) -> None:
    long_name = "宁波" + "超长名称精密机械制造" * 30 + "有限公司"
    custom = [
        decision_to_dict(
            Decision(
                None,
                "accepted",
                investment_10k_yuan=n * 1.5,
                money_saved_yuan=n * 1000.0,
                custom=True,
                title=f"第{n}号自定义措施：" + "对车间照明、空压、循环水系统实施分区计量与改造" * 3,
            )
        )
        for n in range(1, 301)
    ]
    doc = replace(
        stored,
        enterprise=replace(stored.enterprise, name=long_name),
        measures=(*stored.measures, *custom),
    )
    result = plans.render(doc, "zh")
    text = flat(pdf_text(result.pdf))
    assert result.pages > 40
    assert "第300号自定义措施" in text and "超长名称精密机械制造" * 3 in text
    total = assess(doc).totals
    assert flat(figure(total.investment_10k_yuan, "investment_10k_yuan")) in text


def test_export_writes_the_plan_whole_and_names_it(
    plans: PlanService, stored: Document, tmp_path: Path
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    written = plans.export(stored.visit.id, folder, "zh")
    assert written.path.parent == folder and written.path.suffix == ".pdf"
    assert stored.enterprise.name and written.path.name.startswith(stored.enterprise.name)
    assert written.path.read_bytes().startswith(b"%PDF") and written.pages > 10
    assert [p.name for p in folder.iterdir()] == [written.path.name]  # no temporary left


def test_export_that_fails_leaves_the_earlier_file_as_it_was(
    plans: PlanService, stored: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "plan.pdf"
    target.write_bytes(b"%PDF earlier plan")

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("diagnosis.files.os.fsync", broken)
    with pytest.raises(OSError):
        plans.export(stored.visit.id, target, "en")
    assert target.read_bytes() == b"%PDF earlier plan"
    assert [p.name for p in target.parent.iterdir()] == ["plan.pdf"]


def test_export_many_reports_each_failure_and_can_be_cancelled(
    plans: PlanService, stored: Document, tmp_path: Path
) -> None:
    outcome = plans.export_many([stored.visit.id, "no-such-visit"], tmp_path / "a", "zh")
    assert [w.visit_id for w in outcome.written] == [stored.visit.id]
    assert [visit for visit, _why in outcome.failed] == ["no-such-visit"]
    assert "no-such-visit" in outcome.failed[0][1] and not outcome.cancelled

    def stop_after_first(done: int, _total: int) -> None:
        if done == 1:
            raise RuntimeError("cancel")

    outcome = plans.export_many(
        [stored.visit.id, stored.visit.id], tmp_path / "b", "en", stop_after_first
    )
    assert outcome.cancelled and len(outcome.written) == 1
    assert outcome.written[0].path.is_file()


def test_export_of_an_unknown_visit_is_refused(plans: PlanService, tmp_path: Path) -> None:
    with pytest.raises(DomainError):
        plans.export("no-such-visit", tmp_path / "x.pdf", "zh")
    assert not (tmp_path / "x.pdf").exists()

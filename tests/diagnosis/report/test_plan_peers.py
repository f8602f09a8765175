"""The peers section of each area chapter: the firm's score beside its peers' quartiles, or a
sentence that there are fewer than five; nothing when no peers are given."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from diagnosis.assessment.assess import assess
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.messages import Lang
from diagnosis.office.figures import PeerBenchmark
from diagnosis.office.peers import benchmarks, peer_to_dict
from diagnosis.report.context import plan_context
from diagnosis.report.plan import render_markup
from diagnosis.report.service import PlanService
from diagnosis.visits.document import Document

GENERATED = date(2024, 3, 28)


@pytest.fixture(scope="module")
def doc() -> Document:
    return demo_document(next(enterprises(1, seed=5)), seed=3)


def _peers(doc: Document) -> list[PeerBenchmark]:
    # Energy: five peers of the division (40..80); every other area and the district: too few.
    scored = [{"energy": float(s), "water": 50.0} for s in (40, 50, 60, 70, 80)]
    out = benchmarks({}, "industry", doc.enterprise.industry, scored, ("energy",))
    out += benchmarks({}, "industry", doc.enterprise.industry, scored[:4], ("water",))
    out += benchmarks({}, "district", doc.enterprise.district, scored[:2], ("energy", "water"))
    return out


def _markup(doc: Document, lang: Lang, peers: list[dict[str, Any]] | None) -> str:
    context = plan_context(doc, assess(doc), lang, generated=GENERATED, peers=peers)
    return render_markup(context, lang)


def _chapter(markup: str, title_part: str) -> list[str]:
    """The text of the area chapter whose h1 contains ``title_part``."""
    root = ET.fromstring(markup)
    out, inside = [], False
    for el in root:
        if el.tag == "h1":
            inside = title_part in "".join(el.itertext())
        elif inside:
            out.append(" ".join(t.strip() for t in el.itertext() if t.strip()))
    return out


@pytest.mark.parametrize(
    ("lang", "energy", "water", "few"),
    [
        ("zh", "节能", "节水", "不足 5 家（现有 4 家）"),
        ("en", "Energy", "Water", "Only 4 other enterprises"),
    ],
)
def test_plan_prints_peer_quartiles_or_too_few(
    doc: Document, lang: Lang, energy: str, water: str, few: str
) -> None:
    markup = _markup(doc, lang, [peer_to_dict(p) for p in _peers(doc)])
    score = f"{assess(doc).areas['energy'].score:.0f}"
    text = " | ".join(_chapter(markup, energy))
    # The plan's own score, then n, q1, median, q3 of the five peers.
    assert f"5 {score} 50 60 70" in text
    assert ("同一行业大类" if lang == "zh" else "Same industry division") in text
    # Two district peers: the sentence, never a median.
    assert ("现有 2 家" if lang == "zh" else "Only 2 other enterprises") in text
    water_text = " | ".join(_chapter(markup, water))
    assert few in water_text


def test_plan_without_peers_prints_no_peer_section(doc: Document) -> None:
    langs: tuple[Lang, ...] = ("zh", "en")
    for lang in langs:
        markup = _markup(doc, lang, None)
        assert "四分位" not in markup and "对标范围" not in markup
        assert "quartile" not in markup and "Peer group" not in markup


def test_plan_service_asks_for_the_enterprises_peers(doc: Document, tmp_path: Path) -> None:
    asked: list[str] = []

    class Visits:
        def export(self, visit_id: str) -> Document:
            return doc

    def peers(enterprise_id: str) -> list[PeerBenchmark]:
        asked.append(enterprise_id)
        return _peers(doc)

    plans = PlanService(Visits(), peers=peers, today=lambda: GENERATED)
    markup = plans.markup(doc, "zh")
    assert asked == [doc.enterprise.id]
    assert "下四分位" in markup
    assert "四分位" not in PlanService(Visits(), today=lambda: GENERATED).markup(doc, "zh")

"""``assess`` keeps what depends only on the loaded tables and checklists between visits (option
fractions, catalogue-only priorities, typical figures, coefficient lookups, estimate words).
None of it may change a result: every visit assessed after many others, in any order and on any
pinned version, equals the same visit assessed with every such cache emptied first."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from diagnosis.assessment import maturity, scoring
from diagnosis.assessment.assess import Assessment, assess, assessment_to_dict
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.figures import coefficients
from diagnosis.measures import economics, estimates, proposals
from diagnosis.measures.estimating import proposals as estimating_proposals
from diagnosis.visits.document import Document

# Older versions shipped beside the newest: checklists (by area) and reference tables.
OLD_CHECKLISTS = {
    "energy": "2026.1",
    "water": "2026.1",
    "cleaner_production": "2026.1",
    "safety": "2026.1",
}
OLD_TABLES = ({"measures": "2026.1", "plan_rules": "2026.1"}, {"plan_rules": "2026.2"})


def clear_caches() -> None:
    """Every cache the assessment keeps between visits, emptied: the next visit starts cold."""
    scoring._TOPS.clear()
    scoring._OPTIONS.clear()
    scoring._FRACTIONS.clear()
    maturity._pinned_rules.cache_clear()
    economics._BY_CATALOGUE.clear()
    proposals._TYPICAL.clear()
    estimates._WORDED.clear()
    estimating_proposals._RECENT.clear()
    estimating_proposals._row_words.cache_clear()
    coefficients._coefficient_table.cache_clear()  # its lookups go with the table


def cold(doc: Document) -> Assessment:
    clear_caches()
    return assess(doc)


def same(a: Assessment, b: Assessment) -> bool:
    """The whole result alike: scores, levels, figures, flags, measures with their priorities,
    investments, savings and paybacks, the totals, and every text the score JSON prints."""
    return a == b and all(
        assessment_to_dict(a, lang) == assessment_to_dict(b, lang) for lang in ("zh", "en")
    )


def visits() -> list[Document]:
    """Demo visits of several seeds and years, each also pinned to older checklists and tables."""
    out = []
    firms = list(enterprises(6, seed=20260101))
    for k, firm in enumerate(firms):
        for seed in (k + 1, k + 40):
            doc = demo_document(firm, seed=seed, year=2023 if seed % 3 else 2022)
            out.append(doc)
            older = {a: v for a, v in OLD_CHECKLISTS.items() if (seed + len(a)) % 2 == 0}
            visit = replace(
                doc.visit,
                checklists={**doc.visit.checklists, **older},
                tables=OLD_TABLES[seed % 2],
                status="finalised",
            )
            out.append(replace(doc, visit=visit))
    return out


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    return visits()


def test_the_pinned_visits_read_older_versions(docs: list[Document]) -> None:
    # The equivalence below is worth something only if the pins change what is computed.
    newest, pinned = cold(docs[0]), cold(docs[1])
    assert docs[1].visit.tables and not docs[0].visit.tables
    assert not same(newest, pinned)


def test_assess_after_other_visits_equals_assess_from_cold(docs: list[Document]) -> None:
    expected = [cold(d) for d in docs]
    clear_caches()
    order = list(range(len(docs)))
    for rounds in range(2):  # in file order, then shuffled: newest and pinned visits mixed
        for i in order:
            got = assess(docs[i])
            assert same(got, expected[i]), f"visit {i} (round {rounds}) differs from cold"
        random.Random(7).shuffle(order)


def test_assess_is_repeatable_on_the_same_document(docs: list[Document]) -> None:
    # The estimates are kept by the identity of a document's answers: a second assessment of the
    # same document (the visit editor, a plan after the score) must read the same.
    clear_caches()
    for doc in docs[:6]:
        assert same(assess(doc), assess(doc))
        assert same(assess(doc), cold(doc))

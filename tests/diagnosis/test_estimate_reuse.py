"""Estimates read the energy and water answers alone: after an answer elsewhere the last ones
stand (kept by the identity of those answers), after an energy or water answer they are
worked out again, and an in-place copy of the same answers gives the same figures."""

from __future__ import annotations

from dataclasses import replace

import pytest

from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.measures.proposals import propose
from diagnosis.visits.document import Document


def motors(doc: Document) -> object:
    return next(p.estimate for p in propose(doc) if p.code == "EN.MOTOR.01")


def answered(doc: Document, area: str, item: str, value: object) -> Document:
    """As the visit editor answers: only that area's mapping is new."""
    return replace(doc, answers={**doc.answers, area: {**doc.answers[area], item: value}})


def test_estimates_stand_after_an_answer_elsewhere_and_follow_an_energy_answer() -> None:
    base = demo_document(next(enterprises(1, seed=4)), seed=4)
    doc = answered(base, "energy", "E07", {"p_7_5_45": {"count": 20, "total_kw": 740.0,
                                                         "grade": "below_g3"}})  # fmt: skip
    doc = answered(doc, "energy", "E12", "present")
    doc = answered(doc, "energy", "E33", 5_000.0)
    first = motors(doc)
    assert first is not None and first.saving is not None  # type: ignore[attr-defined]
    elsewhere = answered(doc, "safety", "S16", "no")
    assert motors(elsewhere) is first  # not worked out again
    more_hours = answered(doc, "energy", "E33", 6_000.0)
    again = motors(more_hours)
    assert again is not first
    assert again.saving.value == pytest.approx(first.saving.value * 6 / 5)  # type: ignore[attr-defined]
    copied = replace(doc, answers={a: dict(v) for a, v in doc.answers.items()})
    assert motors(copied).saving.value == first.saving.value  # type: ignore[attr-defined]

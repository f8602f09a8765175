"""Printed sources name the public source itself: the firm holding its plan has no copy of the
team's domain reference (shared/domain/REFERENCE.md), so no text that reaches the plan or the app
cites it ("REFERENCE §2.4", "§1.5"), and no internal key (``tce.electricity.equal_value``,
``east_china``) is printed. The pointer into the domain reference is kept for tracing, apart from
the printed text: ``trace`` in the data files, ``TRACE`` beside the estimators' defaults and
``source.reference`` in the measures catalogue."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from diagnosis.assessment.assess import assess
from diagnosis.assessment.flags import RULES_FILE, plan_rules
from diagnosis.checklists.format import AREAS
from diagnosis.checklists.load import CHECKLIST_DIR
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.figures.coefficients import TABLE_PATH, coefficient_table
from diagnosis.measures.catalogue import measures_catalogue
from diagnosis.measures.economics import PRIORITY_PATH, priority_config
from diagnosis.measures.estimates import Default
from diagnosis.measures.estimators.energy import DEFAULTS as ENERGY_DEFAULTS
from diagnosis.measures.estimators.energy import TRACE as ENERGY_TRACE
from diagnosis.measures.estimators.water import DEFAULTS as WATER_DEFAULTS
from diagnosis.measures.estimators.water import TRACE as WATER_TRACE
from diagnosis.messages import Lang
from diagnosis.office.targets import TARGETS_PATH, programme_targets
from diagnosis.report.context import plan_context
from diagnosis.report.plan import render_markup
from diagnosis.visits.document import Document, with_answers

GENERATED = date(2024, 3, 28)
LANGS: tuple[Lang, ...] = ("zh", "en")
INTERNAL = ("REFERENCE", "§", "shared/domain")
REGION_IDS = ("east_china",)  # the table's region ids that are not also plain words
UNVERIFIED_ZH = ("待核实", "未核实", "未见")
UNVERIFIED_EN = ("to be verified", "unverified", "not seen", "not checked")


def internal(text: str) -> list[str]:
    return [word for word in INTERNAL if word in text]


def is_trace(pointer: object) -> bool:
    return isinstance(pointer, str) and "REFERENCE" in pointer


# -- the plan as printed ------------------------------------------------------------------------


def demo_docs() -> Iterator[tuple[str, Document]]:
    """Three demo visits in the data year 2023, then one of them in years that make the
    calculators take a coefficient of another year (2025) or region (2021), and in a year
    before the table's first 等价值 and grid factor (2019; without the team's figures, which
    would need a grid factor too)."""
    docs = [demo_document(e, seed=i) for i, e in enumerate(enterprises(3), start=1)]
    for i, doc in enumerate(docs):
        yield f"demo-{i}", doc
    yield "year-2025", with_answers(docs[0], {"energy": {"E01": 2025}})
    yield "year-2021", with_answers(docs[0], {"energy": {"E01": 2021}})
    yield (
        "year-2019",
        dataclasses.replace(with_answers(docs[0], {"energy": {"E01": 2019}}), measures=()),
    )


DOCS = dict(demo_docs())


@pytest.fixture(scope="module", params=list(DOCS))
def visit(request: pytest.FixtureRequest) -> tuple[Document, dict[Lang, str]]:
    doc = DOCS[request.param]
    a = assess(doc)
    return doc, {
        lang: render_markup(plan_context(doc, a, lang, generated=GENERATED), lang) for lang in LANGS
    }


def test_plan_cites_no_internal_document(visit: tuple[Document, dict[Lang, str]]) -> None:
    _, markup = visit
    for lang, text in markup.items():
        assert internal(text) == [], lang


def test_plan_prints_no_coefficient_key_or_region_id(
    visit: tuple[Document, dict[Lang, str]],
) -> None:
    _, markup = visit
    keys = coefficient_table().keys()
    for lang, text in markup.items():
        assert [k for k in keys if k in text] == [], lang
        assert [r for r in REGION_IDS if r in text] == [], lang


def test_a_stand_in_coefficient_is_worded_by_the_templates() -> None:
    """Where the calculator took another year's or region's coefficient, the plan says so in
    words (it used to print "tce.electricity.equal_value has no 2023 value")."""
    doc = DOCS["year-2021"]
    a = assess(doc)
    zh = render_markup(plan_context(doc, a, "zh", generated=GENERATED), "zh")
    en = render_markup(plan_context(doc, a, "en", generated=GENERATED), "en")
    assert "电力的折标准煤系数无 2021 年数值，采用 2020 年数值" in zh
    assert "电力的排放因子无华东区域数值，采用全国数值" in zh
    assert "the standard-coal coefficient of electricity has no 2021 value, so the 2020" in en
    assert "the emission factor of electricity has no East China value, so the national" in en


def test_a_figure_without_a_coefficient_for_its_year_says_so_plainly() -> None:
    doc = DOCS["year-2019"]
    ctx = plan_context(doc, assess(doc), "en", generated=GENERATED)
    missing = {f["key"]: f for a in ctx["areas"] for f in a["figures"] if not f["computed"]}
    assert missing["tce_equal_value"]["reason"] == "no_coefficient"
    assert missing["co2"]["reason"] == "no_coefficient"
    assert missing["co2"]["detail"] == ""  # the calculator's message names a table key


# -- the data behind it: coefficients ------------------------------------------------------------


def test_every_coefficient_has_a_public_source_and_a_trace() -> None:
    """A table coefficient's source is one text, printed as it is in both plans."""
    raw = json.loads(TABLE_PATH.read_text("utf-8"))
    trace = raw["trace"]["keys"]
    table = coefficient_table()
    for c in table.entries:
        assert c.source.strip() and internal(c.source) == [], c.key
        assert internal(c.note.zh) == [] and internal(c.note.en) == [], c.key
        assert is_trace(trace.get(c.key)), c.key
    assert set(trace) == set(table.keys())  # no trace left behind for a removed key


def test_an_unverified_coefficient_still_says_so() -> None:
    for c in coefficient_table().unverified():
        assert any(w in c.source + c.note.zh for w in UNVERIFIED_ZH), c.key
        assert any(w in c.note.en for w in UNVERIFIED_EN), c.key


# -- the estimators' defaults --------------------------------------------------------------------


DEFAULTS: list[tuple[Default, dict[str, str]]] = [
    *((d, ENERGY_TRACE) for d in ENERGY_DEFAULTS),
    *((d, WATER_TRACE) for d in WATER_DEFAULTS),
]


@pytest.mark.parametrize(("default", "trace"), DEFAULTS, ids=[d.name for d, _ in DEFAULTS])
def test_every_default_has_a_public_source_in_both_languages_and_a_trace(
    default: Default, trace: dict[str, str]
) -> None:
    assert default.source.zh.strip() and default.source.en.strip()
    assert internal(default.source.zh) == [] and internal(default.source.en) == []
    assert is_trace(trace.get(default.name))


@pytest.mark.parametrize(("default", "trace"), DEFAULTS, ids=[d.name for d, _ in DEFAULTS])
def test_an_unverified_default_says_it_is_the_teams_estimate(
    default: Default, trace: dict[str, str]
) -> None:
    if default.confidence in ("K", "L"):
        assert "诊断团队估算（待核实）" in default.source.zh
        assert "the diagnosis team's estimate (to be verified)" in default.source.en


def test_no_trace_names_a_default_that_is_gone() -> None:
    assert set(ENERGY_TRACE) == {d.name for d in ENERGY_DEFAULTS}
    assert set(WATER_TRACE) == {d.name for d in WATER_DEFAULTS}


# -- measures, checklists, plan rules, targets, priority ---------------------------------------


def test_every_measure_cites_public_sources_and_keeps_its_trace() -> None:
    for m in measures_catalogue().measures:
        assert m.source.cites and all(internal(c) == [] for c in m.source.cites), m.code
        assert is_trace(m.source.reference), m.code
        texts = [m.title, m.description, *(i.text for i in m.inputs)]
        texts += [m.note] if m.note is not None else []
        for t in texts:
            assert internal(t.zh) == [] and internal(t.en) == [], m.code


def strings(node: Any, skip: tuple[str, ...], path: str = "$") -> Iterator[tuple[str, str]]:
    """Every string in a JSON tree with its path, leaving out the keys in ``skip``."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            if k not in skip:
                yield from strings(v, skip, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from strings(v, skip, f"{path}[{i}]")


@pytest.mark.parametrize(
    "path", sorted(CHECKLIST_DIR.glob("*/*.json")), ids=lambda p: p.parent.name
)
def test_checklist_texts_cite_no_internal_document(path: Path) -> None:
    """Everything the visit editor and the plan's appendix show; ``sources`` is the file's
    bibliography for its maintainers, shown nowhere, and ``trace`` the pointer kept apart."""
    assert path.parent.name in AREAS
    raw = json.loads(path.read_text("utf-8"))
    found = [(p, s) for p, s in strings(raw, ("sources", "trace")) if internal(s)]
    assert found == []
    traces = [i["trace"] for i in raw["items"] if "trace" in i]
    assert all(is_trace(t) for t in traces)


def test_plan_rules_and_targets_cite_the_plan_itself() -> None:
    for key, rule in plan_rules().items():
        # The mandatory audit's cases and deadlines cite the 2016 order itself.
        cited = (
            "《清洁生产审核办法》"
            if key.startswith("cleaner_production.")
            else "《宁波市工业企业技术改造三年行动计划"
        )
        assert rule.source.startswith(cited), key
        assert internal(rule.source) == [] and internal(rule.note.en) == [], key
    raw_rules = json.loads(RULES_FILE.read_text("utf-8"))["rules"]
    assert all(is_trace(r.get("trace")) for r in raw_rules)
    targets = programme_targets()
    for t in (*targets.projects, targets.coverage):
        assert t.source.startswith("《宁波市工业企业技术改造三年行动计划"), t
        assert internal(t.source) == [] and internal(t.note.zh + t.note.en) == []
    raw_targets = json.loads(TARGETS_PATH.read_text("utf-8"))
    assert all(is_trace(p.get("trace")) for p in raw_targets["projects"])
    assert is_trace(raw_targets["coverage"].get("trace"))


def test_priority_weighting_says_it_is_the_apps_own() -> None:
    raw = json.loads(PRIORITY_PATH.read_text("utf-8"))
    assert internal(raw["source"]) == []
    note = priority_config().note
    assert internal(note.zh) == [] and internal(note.en) == []

"""The portable diagnosis document (``enterprise-diagnosis/2``): one JSON file per visit.

Reads a document into records, refusing a malformed one with the JSON path and reason of every
problem (nothing half-read); writes it back losslessly. The answers are the record: the
``derived`` block a document carries for its readers is written from them and never read back.
Schema: docs/diagnosis-document.schema.json.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

from diagnosis.checklists.answers import check_answer
from diagnosis.checklists.format import AREAS, ChecklistError
from diagnosis.checklists.load import load_checklist
from diagnosis.figures.indicators import EnergyUse
from diagnosis.json_check import Checker
from diagnosis.messages import Message
from diagnosis.register import credit_code
from diagnosis.register.enterprise import FIELD_BY_NAME, Enterprise, validate
from diagnosis.visits.activity import Activity, WaterUse, activity_of, derived_block
from diagnosis.visits.document_legacy import Blocks, disagreements, fold, read_blocks
from diagnosis.visits.experts import Expert, aligned, from_json, problems, to_json

FORMAT = "enterprise-diagnosis/2"
# Format 1 kept the activity (year, output, energy, water) in blocks beside the answers; a
# format-1 document is still read, its blocks folded into the answers (document_legacy).
FORMAT_V1 = "enterprise-diagnosis/1"
STATUSES = ("draft", "finalised", "revision", "follow_up")
SEVERITIES = ("major", "serious", "general")
MAX_EXPERT_TEXT = 200  # one line of the header, as the synced record allows (record_rules)


class DocumentError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Finding:
    id: str
    area: str
    severity: str
    text: str
    item: str | None = None
    photos: tuple[str, ...] = ()  # SHA-256 of the photo files


@dataclass(frozen=True)
class Visit:
    id: str
    date: str  # ISO date
    status: str = "draft"
    revision: int = 1
    team: tuple[str, ...] = ()
    organisation: str = ""
    areas: tuple[str, ...] = AREAS
    checklists: Mapping[str, str] = field(default_factory=dict)  # area -> version used
    previous: str | None = None  # the visit this one revises or follows up
    # Reference tables (coefficients, measures...) -> the version a finalised visit was
    # computed with, so its plan renders the same after a table update; empty: the newest.
    tables: Mapping[str, str] = field(default_factory=dict)
    # Each member's specialty and organisation (diagnosis.visits.experts: ``team`` decides who
    # and in which order; ``experts_of_team`` lines them up).
    experts: tuple[Expert, ...] = ()

    @property
    def experts_of_team(self) -> tuple[Expert, ...]:
        return aligned(self.team, self.experts)


@dataclass(frozen=True)
class Document:
    """A visit: the register entry, the header, and what the team recorded. Every figure is a
    function of these (``activity`` reads the year, output, energy and water from the answers);
    nothing derived is stored beside them."""

    enterprise: Enterprise
    visit: Visit
    answers: Mapping[str, Mapping[str, Any]]
    findings: tuple[Finding, ...] = ()
    measures: tuple[Mapping[str, Any], ...] = ()
    notes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # area -> item -> note

    @cached_property
    def activity(self) -> Activity:
        return activity_of(self.enterprise, self.visit.date, self.visit.checklists, self.answers)

    @property
    def year(self) -> int:
        return self.activity.year

    @property
    def output_value_10k_yuan(self) -> float | None:
        return self.activity.output_value_10k_yuan

    @property
    def energy_use(self) -> tuple[EnergyUse, ...]:
        return self.activity.energy_use

    @property
    def water_use(self) -> tuple[WaterUse, ...]:
        return self.activity.water_use

    @property
    def water_reused_m3(self) -> float | None:
        return self.activity.water_reused_m3


def with_answers(doc: Document, changes: Mapping[str, Mapping[str, Any]]) -> Document:
    """``doc`` with the answers in ``changes`` (area -> item -> value) set, None clearing one;
    the activity and every figure follow from them."""
    answers = {area: dict(values) for area, values in doc.answers.items()}
    for area, values in changes.items():
        for item, value in values.items():
            if value is None:
                answers.get(area, {}).pop(item, None)
            else:
                answers.setdefault(area, {})[item] = value
    return replace(doc, answers=answers)


@dataclass(frozen=True)
class Reading:
    """A document as read, and what the reader should be told about it (an old format's
    blocks folded into the answers, a derived block that disagreed and was recomputed)."""

    document: Document
    notices: tuple[Message, ...] = ()


def parse_document(raw: object) -> Document:
    return read_document(raw).document


def read_document(raw: object) -> Reading:
    c = Checker()
    doc = c.obj(raw, "$")
    fmt = doc.get("format")
    c.need(fmt in (FORMAT, FORMAT_V1), "$.format", f'must be "{FORMAT}" (or "{FORMAT_V1}")')
    enterprise = _enterprise(c, c.obj(doc.get("enterprise"), "$.enterprise"))
    visit = _visit(c, c.obj(doc.get("visit"), "$.visit"))
    answers = _answers(c, c.obj(doc.get("answers", {}), "$.answers"), visit)
    # Blocks beside the answers: format 1's top level (folded into the answers where they are
    # silent), format 2's "derived" (written for readers: compared, never read as a source).
    legacy = read_blocks(c, doc, "$")
    derived = read_blocks(c, c.obj(doc.get("derived", {}), "$.derived"), "$.derived")
    notices: list[Message] = []
    if fmt == FORMAT_V1 and not legacy.empty() and not c.problems:
        answers, folded, problems = fold(answers, legacy, visit.checklists)
        notices += folded
        c.problems += problems
        for area, values in answers.items():  # a folded value must be an answer the item takes
            _check_values(c, area, values, visit)
    findings = tuple(
        _finding(c, f, f"$.findings[{i}]")
        for i, f in enumerate(c.lst(doc.get("findings"), "$.findings"))
    )
    measures = tuple(
        _measure(c, m, f"$.measures[{i}]")
        for i, m in enumerate(c.lst(doc.get("measures"), "$.measures"))
    )
    notes = _notes(c, c.obj(doc.get("notes", {}), "$.notes"), answers_known=visit)
    if c.problems:
        raise DocumentError(c.problems)
    document = Document(enterprise, visit, answers, findings, measures, notes)
    for blocks, where in ((derived, "derived"), (legacy if fmt == FORMAT else Blocks(), "")):
        for name in disagreements(blocks, document.activity):
            field_name = f"{where}.{name}" if where else name
            notices.append(Message("document.derived_stale", {"field": field_name}))
    return Reading(document, tuple(notices))


def _enterprise(c: Checker, raw: Mapping[str, Any]) -> Enterprise:
    known = set(FIELD_BY_NAME) | {"id"}
    for key in raw:
        c.need(key in known, f"$.enterprise.{key}", "is not a register field")
    values = {k: v for k, v in raw.items() if k in known}
    values["credit_code"] = credit_code.normalise(str(values.get("credit_code", "")))
    try:
        e = Enterprise(**values)
    except TypeError as exc:
        c.need(False, "$.enterprise", str(exc))
        return Enterprise()
    for p in validate(e):
        if p.severity == "error":
            c.need(False, f"$.enterprise.{p.field}", p.text("en"))
    return e


def _visit(c: Checker, raw: Mapping[str, Any]) -> Visit:
    visit_id = c.text(raw.get("id"), "$.visit.id")
    when = c.text(raw.get("date"), "$.visit.date")
    try:
        date.fromisoformat(when)
    except ValueError:
        c.need(not when, "$.visit.date", f"'{when}' is not an ISO date (YYYY-MM-DD)")
    status = raw.get("status", "draft")
    c.need(status in STATUSES, "$.visit.status", f"must be one of {', '.join(STATUSES)}")
    areas = tuple(c.lst(raw.get("areas", list(AREAS)), "$.visit.areas"))
    for i, a in enumerate(areas):
        c.need(a in AREAS, f"$.visit.areas[{i}]", f"unknown area '{a}'")
    versions = c.obj(raw.get("checklists", {}), "$.visit.checklists")
    team = tuple(str(t) for t in c.lst(raw.get("team"), "$.visit.team"))
    revision = raw.get("revision", 1)
    c.need(
        isinstance(revision, int) and revision >= 1,
        "$.visit.revision",
        "must be a whole number from 1",
    )
    previous = raw.get("previous")
    c.need(
        previous is None or isinstance(previous, str),
        "$.visit.previous",
        "must be a visit id or null",
    )
    experts = raw.get("experts", [])
    found = problems(experts, MAX_EXPERT_TEXT)
    for where, reason, _zh in found:
        c.need(False, f"$.visit.{where}", reason)
    return Visit(
        visit_id,
        when,
        str(status),
        int(revision) if isinstance(revision, int) else 1,
        team,
        str(raw.get("organisation", "")),
        tuple(str(a) for a in areas),
        {str(k): str(v) for k, v in versions.items()},
        previous if isinstance(previous, str) else None,
        {str(k): str(v) for k, v in c.obj(raw.get("tables", {}), "$.visit.tables").items()},
        () if found else from_json(experts),
    )


def _answers(c: Checker, raw: Mapping[str, Any], visit: Visit) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for area, given in raw.items():
        p = f"$.answers.{area}"
        if not c.need(area in AREAS, p, f"unknown area '{area}'"):
            continue
        try:
            checklist = load_checklist(area, visit.checklists.get(area))
        except ChecklistError as exc:
            c.need(False, p, "; ".join(exc.problems))
            continue
        known = {item.id for item in checklist.items}
        values = c.obj(given, p)
        for item_id in values:
            c.need(
                item_id in known,
                f"{p}.{item_id}",
                f"not an item of the {area} checklist {checklist.version}",
            )
        out[area] = dict(values)
        _check_values(c, area, out[area], visit)
    return out


def _check_values(c: Checker, area: str, values: Mapping[str, Any], visit: Visit) -> None:
    """Each answer must be one its item can take: the rules the app applies as it is typed."""
    try:
        checklist = load_checklist(area, visit.checklists.get(area))
    except ChecklistError:
        return  # said already
    for item in checklist.items:
        if item.id in values and values[item.id] is not None:
            bad = check_answer(item, values[item.id])
            if bad is not None:
                c.need(False, f"$.answers.{area}.{item.id}", bad.text("en"))


def _finding(c: Checker, raw: object, path: str) -> Finding:
    f = c.obj(raw, path)
    severity = f.get("severity", "general")
    c.need(severity in SEVERITIES, f"{path}.severity", f"must be one of {', '.join(SEVERITIES)}")
    area = f.get("area")
    c.need(area in AREAS, f"{path}.area", f"unknown area '{area}'")
    photos = tuple(str(h) for h in c.lst(f.get("photos"), f"{path}.photos"))
    for i, h in enumerate(photos):
        c.need(
            len(h) == 64 and all(ch in "0123456789abcdef" for ch in h),
            f"{path}.photos[{i}]",
            "must be a SHA-256 in lower-case hex",
        )
    return Finding(
        c.text(f.get("id"), f"{path}.id"),
        str(area),
        str(severity),
        c.text(f.get("text"), f"{path}.text"),
        str(f["item"]) if f.get("item") else None,
        photos,
    )


def document_to_dict(doc: Document) -> dict[str, Any]:
    """The document as JSON data; ``parse_document`` of it gives the same document back."""
    e = doc.enterprise
    return {
        "format": FORMAT,
        "enterprise": {"id": e.id, **e.values()},
        "visit": {
            "id": doc.visit.id,
            "date": doc.visit.date,
            "status": doc.visit.status,
            "revision": doc.visit.revision,
            "team": list(doc.visit.team),
            "organisation": doc.visit.organisation,
            "areas": list(doc.visit.areas),
            "checklists": dict(doc.visit.checklists),
            "previous": doc.visit.previous,
            "tables": dict(doc.visit.tables),
            # Only when recorded: a visit from before experts exports as it always did.
            **({"experts": to_json(doc.visit.experts)} if doc.visit.experts else {}),
        },
        "answers": {area: dict(values) for area, values in doc.answers.items()},
        "findings": [
            {
                "id": f.id,
                "area": f.area,
                "severity": f.severity,
                "text": f.text,
                "item": f.item,
                "photos": list(f.photos),
            }
            for f in doc.findings
        ],
        "measures": [dict(m) for m in doc.measures],
        "notes": {area: dict(items) for area, items in doc.notes.items()},
        # For readers only: written from the answers, recomputed (never read) on import.
        "derived": derived_block(doc.activity),
    }


def _measure(c: Checker, raw: object, path: str) -> Mapping[str, Any]:
    """A team decision about a measure, checked now, kept as written (lossless)."""
    # Here, not at the top: the measures engine (proposals, estimators, catalogue) then loads
    # only for a document that has measures, not for every reader of this module.
    from diagnosis.measures.decisions import decision_from_dict

    entry = c.obj(raw, path)
    if entry:
        _decision, problems = decision_from_dict(entry, path)
        c.problems.extend(problems)
    return entry


def _notes(c: Checker, raw: Mapping[str, Any], answers_known: Visit) -> dict[str, dict[str, str]]:
    """The consultant's notes on items, area -> item -> text; items checked like answers."""
    out: dict[str, dict[str, str]] = {}
    for area, items in raw.items():
        p = f"$.notes.{area}"
        if not c.need(area in AREAS, p, f"unknown area '{area}'"):
            continue
        try:
            known = {i.id for i in load_checklist(area, answers_known.checklists.get(area)).items}
        except ChecklistError as exc:
            c.need(False, p, "; ".join(exc.problems))
            continue
        for item_id, text in c.obj(items, p).items():
            if c.need(
                item_id in known, f"{p}.{item_id}", "not an item of the checklist"
            ) and c.need(
                isinstance(text, str) and text.strip() != "",
                f"{p}.{item_id}",
                "a note is non-empty text",
            ):
                out.setdefault(area, {})[item_id] = text
    return out

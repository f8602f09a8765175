"""The portable diagnosis document (``enterprise-diagnosis/1``): one JSON file per visit.

Reads a document into records, refusing a malformed one with the JSON path and reason of every
problem (nothing half-read); writes it back losslessly. Schema: docs/diagnosis-document.schema.json.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from diagnosis import credit_code
from diagnosis.checklist import AREAS, ChecklistError, load_checklist
from diagnosis.enterprise import FIELD_BY_NAME, Enterprise, validate
from diagnosis.indicators import CARRIERS, EnergyUse

FORMAT = "enterprise-diagnosis/1"
STATUSES = ("draft", "finalised", "revision", "follow_up")
SEVERITIES = ("major", "serious", "general")


class DocumentError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class WaterUse:
    source: str
    quantity: float  # m³ (= t) a year
    unit: str = "m3"


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


@dataclass(frozen=True)
class Document:
    enterprise: Enterprise
    visit: Visit
    year: int | None
    output_value_10k_yuan: float | None
    energy_use: tuple[EnergyUse, ...]
    water_use: tuple[WaterUse, ...]
    water_reused_m3: float | None
    answers: Mapping[str, Mapping[str, Any]]
    findings: tuple[Finding, ...] = ()
    measures: tuple[Mapping[str, Any], ...] = ()
    notes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # area -> item -> note


_WATER_UNITS = {"m3": 1.0, "m³": 1.0, "t": 1.0, "10^4 m3": 10_000.0, "万m3": 10_000.0}


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def need(self, ok: bool, path: str, reason: str) -> bool:
        if not ok:
            self.problems.append(f"{path}: {reason}")
        return ok

    def obj(self, raw: object, path: str) -> Mapping[str, Any]:
        if isinstance(raw, Mapping):
            return raw
        self.need(False, path, "must be an object")
        return {}

    def lst(self, raw: object, path: str) -> list[Any]:
        if raw is None:
            return []
        if isinstance(raw, list):
            return raw
        self.need(False, path, "must be a list")
        return []

    def num(self, raw: object, path: str, *, minimum: float = 0.0) -> float | None:
        if raw is None:
            return None
        if not self.need(
            isinstance(raw, (int, float)) and not isinstance(raw, bool) and math.isfinite(raw),
            path,
            "must be a number",
        ):
            return None
        value = float(raw)  # type: ignore[arg-type]
        self.need(value >= minimum, path, f"must be {minimum:g} or more, not {value:g}")
        return value

    def text(self, raw: object, path: str) -> str:
        if isinstance(raw, str) and raw:
            return raw
        self.need(False, path, "must be a non-empty string")
        return ""


def parse_document(raw: object) -> Document:
    c = _Checker()
    doc = c.obj(raw, "$")
    c.need(doc.get("format") == FORMAT, "$.format", f'must be "{FORMAT}"')
    enterprise = _enterprise(c, c.obj(doc.get("enterprise"), "$.enterprise"))
    visit = _visit(c, c.obj(doc.get("visit"), "$.visit"))
    year = doc.get("year")
    if year is not None:
        c.need(isinstance(year, int) and 2000 <= year <= 2100, "$.year", "must be a year 2000-2100")
    output = c.num(doc.get("output_value_10k_yuan"), "$.output_value_10k_yuan")
    energy = []
    for i, e in enumerate(c.lst(doc.get("energy_use"), "$.energy_use")):
        p = f"$.energy_use[{i}]"
        e = c.obj(e, p)
        carrier = e.get("carrier")
        c.need(carrier in CARRIERS, f"{p}.carrier", f"unknown carrier '{carrier}'")
        quantity = c.num(e.get("quantity"), f"{p}.quantity")
        c.need(quantity is not None, f"{p}.quantity", "is required")
        unit = c.text(e.get("unit"), f"{p}.unit")
        if carrier in CARRIERS and quantity is not None and unit:
            try:
                from diagnosis.indicators import total_energy

                total_energy(
                    [EnergyUse(str(carrier), quantity, unit)],
                    basis="equivalent",
                    year=year if isinstance(year, int) else date.today().year,
                )
            except (ValueError, KeyError) as exc:
                c.need(False, f"{p}.unit", str(exc))
            energy.append(EnergyUse(str(carrier), quantity, unit))
    water = []
    for i, w in enumerate(c.lst(doc.get("water_use"), "$.water_use")):
        p = f"$.water_use[{i}]"
        w = c.obj(w, p)
        source = c.text(w.get("source"), f"{p}.source")
        quantity = c.num(w.get("quantity"), f"{p}.quantity")
        unit = w.get("unit", "m3")
        if (
            c.need(unit in _WATER_UNITS, f"{p}.unit", f"must be one of {', '.join(_WATER_UNITS)}")
            and quantity is not None
        ):
            water.append(WaterUse(source, quantity * _WATER_UNITS[str(unit)], "m3"))
    reused = c.num(doc.get("water_reused_m3"), "$.water_reused_m3")
    answers = _answers(c, c.obj(doc.get("answers", {}), "$.answers"), visit)
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
    return Document(
        enterprise,
        visit,
        year if isinstance(year, int) else None,
        output,
        tuple(energy),
        tuple(water),
        reused,
        answers,
        findings,
        measures,
        notes,
    )


def _enterprise(c: _Checker, raw: Mapping[str, Any]) -> Enterprise:
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


def _visit(c: _Checker, raw: Mapping[str, Any]) -> Visit:
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
    )


def _answers(c: _Checker, raw: Mapping[str, Any], visit: Visit) -> dict[str, dict[str, Any]]:
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
    return out


def _finding(c: _Checker, raw: object, path: str) -> Finding:
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
        },
        "year": doc.year,
        "output_value_10k_yuan": doc.output_value_10k_yuan,
        "energy_use": [
            {"carrier": u.carrier, "quantity": u.quantity, "unit": u.unit} for u in doc.energy_use
        ],
        "water_use": [
            {"source": w.source, "quantity": w.quantity, "unit": w.unit} for w in doc.water_use
        ],
        "water_reused_m3": doc.water_reused_m3,
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
    }


def _measure(c: _Checker, raw: object, path: str) -> Mapping[str, Any]:
    """A team decision about a measure, checked now, kept as written (lossless)."""
    from diagnosis.measure_decisions import decision_from_dict  # measures import documents

    entry = c.obj(raw, path)
    if entry:
        _decision, problems = decision_from_dict(entry, path)
        c.problems.extend(problems)
    return entry


def _notes(c: _Checker, raw: Mapping[str, Any], answers_known: Visit) -> dict[str, dict[str, str]]:
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

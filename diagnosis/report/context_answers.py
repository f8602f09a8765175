"""The answers of a visit as plain data for the plan's appendix and its gaps tables.

Numbers are formatted here, option and row labels come from the checklist in the reader's
language; the words around them (yes, no, not answered, photos) belong to the templates.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diagnosis.assessment.scoring import relevant
from diagnosis.checklists.format import Checklist, Column, Item
from diagnosis.figures.coefficients import format_number
from diagnosis.messages import Bilingual, Lang


def pick(text: Bilingual, lang: Lang) -> str:
    return text.zh if lang == "zh" else text.en


def _number(value: object) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(float(value))
    return None


def _part(label: str, value: str, unit: str = "") -> dict[str, str]:
    return {"label": label, "value": value, "unit": unit}


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def answer(item: Item, value: object, lang: Lang) -> dict[str, Any]:
    """``kind``: none (not answered), yes_no (``value`` yes/no/na, the template words it),
    photos (``value`` is how many), lines (each line a label and parts: label, value, unit)."""
    if _empty(value):
        return {"kind": "none", "value": "", "lines": []}
    if item.type == "photo":
        count = len(value) if isinstance(value, list) else 0
        return {"kind": "photos", "value": str(count), "lines": []}
    if item.type == "yes_no" and not item.options:
        return {"kind": "yes_no", "value": str(value), "lines": []}
    lines: list[dict[str, Any]] = []
    if item.type in ("single", "yes_no"):
        option = item.option(value)
        if option is None and item.type == "yes_no":
            return {"kind": "yes_no", "value": str(value), "lines": []}
        text = pick(option.text, lang) if option is not None else str(value)
        lines.append({"label": "", "parts": [_part("", text)]})
    elif item.type == "multiple":
        chosen = value if isinstance(value, list) else [value]
        for v in chosen:
            option = item.option(v)
            text = pick(option.text, lang) if option is not None else str(v)
            lines.append({"label": "", "parts": [_part("", text)]})
    elif item.type == "number" and (year := _calendar_year(item, value)) is not None:
        lines.append({"label": "", "parts": [_part("", str(year))]})
    elif item.type == "number":
        shown = _number(value)
        lines.append({"label": "", "parts": [_part("", shown or str(value), item.unit)]})
    elif item.type == "table" and isinstance(value, Mapping):
        lines.extend(_table(item, value, lang))
    else:  # text and date answers read as typed
        lines.append({"label": "", "parts": [_part("", str(value))]})
    if not lines:
        return {"kind": "none", "value": "", "lines": []}
    return {"kind": "lines", "value": "", "lines": lines}


def _calendar_year(item: Item, value: object) -> int | None:
    """A year of the calendar reads 2023, not "2,023 年"."""
    if item.unit not in ("年", "年/year") or (item.minimum or 0) < 1900:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else None
    return None


def _table(item: Item, value: Mapping[str, Any], lang: Lang) -> list[dict[str, Any]]:
    lines = []
    for row in item.rows:
        cells = value.get(row.id)
        if not isinstance(cells, Mapping):
            continue
        parts = [
            part
            for column in item.columns
            if (part := _cell(column, cells.get(column.id), row.unit, lang)) is not None
        ]
        # A row of zeros is a carrier or source the firm does not use: the checklist asks for
        # 0 there, and forty such lines would bury the rows that matter.
        if any(p["value"] not in ("", "0") for p in parts):
            lines.append({"label": pick(row.text, lang), "parts": parts})
    return lines


def _cell(column: Column, cell: object, row_unit: str, lang: Lang) -> dict[str, str] | None:
    if _empty(cell):
        return None
    label = pick(column.text, lang)
    if column.kind == "number":
        shown = _number(cell)
        return _part(label, shown if shown is not None else str(cell), column.unit or row_unit)
    if column.kind == "choice":
        option = next((o for o in column.choices if o.value == cell), None)
        return _part(label, pick(option.text, lang) if option is not None else str(cell))
    return _part(label, str(cell))


def appendix_area(
    checklist: Checklist,
    answers: Mapping[str, object],
    notes: Mapping[str, str],
    lang: Lang,
) -> list[dict[str, Any]]:
    """Every question shown for these answers, grouped by the checklist's sections in order."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for item in relevant(checklist, answers):
        sections.setdefault(item.section, []).append(
            {
                "id": item.id,
                "text": pick(item.text, lang),
                "answer": answer(item, answers.get(item.id), lang),
                "note": notes.get(item.id, ""),
            }
        )
    titles = {s.id: pick(s.title, lang) for s in checklist.sections}
    ordered = [s.id for s in checklist.sections if s.id in sections]
    ordered += [s for s in sections if s not in titles]
    return [{"title": titles.get(s, s), "questions": sections[s]} for s in ordered]

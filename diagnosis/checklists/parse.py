"""Turn a checklist file's JSON into records, naming every problem by its JSON path.

A file with any problem is refused whole: a half-read checklist would score visits wrongly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from diagnosis.checklists.conditions import condition_problems
from diagnosis.checklists.format import (
    AREAS,
    CONFIDENCE,
    FORMAT,
    ITEM_TYPES,
    SEVERITIES,
    YES_NO,
    Checklist,
    ChecklistError,
    Column,
    Item,
    ItemType,
    Option,
    Row,
    Section,
    Trigger,
)
from diagnosis.messages import Bilingual


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def text(self, raw: object, path: str, required: bool = True) -> Bilingual | None:
        if raw is None and not required:
            return None
        if (
            not isinstance(raw, Mapping)
            or not isinstance(raw.get("zh"), str)
            or not isinstance(raw.get("en"), str)
            or not raw["zh"]
            or not raw["en"]
        ):
            self.problems.append(f'{path}: needs non-empty "zh" and "en" texts')
            return Bilingual("", "")
        return Bilingual(raw["zh"], raw["en"])

    def number(self, raw: object, path: str) -> float | None:
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            self.problems.append(f"{path}: must be a number")
            return None
        return float(raw)

    def options(self, raw: object, path: str) -> tuple[Option, ...]:
        if not isinstance(raw, list) or not raw:
            self.problems.append(f"{path}: needs a non-empty list of options")
            return ()
        out: list[Option] = []
        for i, o in enumerate(raw):
            p = f"{path}[{i}]"
            if not isinstance(o, Mapping) or not isinstance(o.get("value"), str):
                self.problems.append(f'{p}: an option needs a string "value"')
                continue
            level = o.get("level")
            if level is not None and (not isinstance(level, int) or not 0 <= level <= 5):
                self.problems.append(f"{p}.level: must be a whole number 0-5")
                level = None
            text = self.text(o.get("text"), f"{p}.text")
            out.append(
                Option(
                    o["value"],
                    text or Bilingual("", ""),
                    self.number(o.get("score"), f"{p}.score"),
                    level,
                )
            )
        values = [o.value for o in out]
        if len(set(values)) != len(values):
            self.problems.append(f"{path}: option values must be unique")
        return tuple(out)


def parse_checklist(raw: Mapping[str, Any], source: str = "<checklist>") -> Checklist:
    """The checklist in ``raw``; a ChecklistError from ``source`` lists every problem."""
    r = _Reader()
    if raw.get("format") != FORMAT:
        r.problems.append(f'$.format: must be "{FORMAT}"')
    area = raw.get("area")
    if area not in AREAS:
        r.problems.append(f"$.area: must be one of {', '.join(AREAS)}")
    version = raw.get("version")
    if not isinstance(version, str) or not version:
        r.problems.append("$.version: must be a non-empty string")
    title = r.text(raw.get("title"), "$.title")
    sections = _sections(r, raw.get("sections"))
    section_ids = {s.id for s in sections}
    items: list[Item] = []
    seen: set[str] = set()
    raw_items = raw.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        r.problems.append("$.items: needs a non-empty list of items")
        raw_items = []
    for i, raw_item in enumerate(raw_items):
        item = _item(r, raw_item, f"$.items[{i}]", section_ids, seen)
        if item is not None:
            items.append(item)
            seen.add(item.id)
    levels = _levels(r, raw.get("levels"))
    _check_references(r, items)
    if r.problems:
        raise ChecklistError(source, r.problems)
    return Checklist(
        str(area),
        str(version),
        cast(Bilingual, title),
        sections,
        tuple(items),
        levels,
        raw.get("sources"),
    )


def _sections(r: _Reader, raw: object) -> tuple[Section, ...]:
    if not isinstance(raw, list) or not raw:
        r.problems.append("$.sections: needs a non-empty list of sections")
        return ()
    out = []
    for i, s in enumerate(raw):
        if not isinstance(s, Mapping) or not isinstance(s.get("id"), str):
            r.problems.append(f'$.sections[{i}]: needs a string "id"')
            continue
        out.append(
            Section(s["id"], r.text(s.get("title"), f"$.sections[{i}].title") or Bilingual("", ""))
        )
    return tuple(out)


def _levels(r: _Reader, raw: object) -> tuple[tuple[float, int], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        r.problems.append('$.levels: must be a list of {"from": mean level, "level": n}')
        return ()
    out = []
    for i, entry in enumerate(raw):
        level = entry.get("level") if isinstance(entry, Mapping) else None
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 5:
            r.problems.append(f'$.levels[{i}]: needs "from" and a whole "level"')
            continue
        bound = r.number(entry.get("from"), f"$.levels[{i}].from")
        if bound is not None:
            out.append((bound, int(entry["level"])))
    if [b for b, _ in out] != sorted(b for b, _ in out):
        r.problems.append("$.levels: bounds must rise")
    return tuple(out)


def _item(r: _Reader, raw: object, path: str, sections: set[str], earlier: set[str]) -> Item | None:
    if not isinstance(raw, Mapping):
        r.problems.append(f"{path}: an item must be an object")
        return None
    item_id = raw.get("id")
    if not isinstance(item_id, str) or not item_id:
        r.problems.append(f"{path}.id: must be a non-empty string")
        return None
    if item_id in earlier:
        r.problems.append(f"{path}.id: '{item_id}' is used twice")
    kind = raw.get("type")
    if kind not in ITEM_TYPES:
        r.problems.append(f"{path}.type: must be one of {', '.join(ITEM_TYPES)}")
        return None
    if raw.get("section") not in sections:
        r.problems.append(f"{path}.section: '{raw.get('section')}' is not a section")
    weight = r.number(raw.get("weight", 0), f"{path}.weight") or 0.0
    if weight < 0:
        r.problems.append(f"{path}.weight: must not be negative")
    confidence = raw.get("confidence", "K")
    if confidence not in CONFIDENCE:
        r.problems.append(f"{path}.confidence: must be one of {', '.join(CONFIDENCE)}")
    severity = raw.get("severity")
    if severity is not None and severity not in SEVERITIES:
        r.problems.append(f"{path}.severity: must be one of {', '.join(SEVERITIES)}")
    deadline = raw.get("deadline_days")
    if deadline is not None and (
        isinstance(deadline, bool) or not isinstance(deadline, int) or deadline < 0
    ):
        r.problems.append(f"{path}.deadline_days: must be a whole number of days, 0 = at once")
    if severity is not None and not raw.get("legal_basis"):
        r.problems.append(f"{path}.legal_basis: an item with a severity needs its legal basis")
    options: tuple[Option, ...] = ()
    if kind in ("single", "multiple"):
        options = r.options(raw.get("options"), f"{path}.options")
    elif kind == "yes_no":
        options = (
            r.options(raw.get("options"), f"{path}.options")
            if "options" in raw
            else (
                Option("yes", Bilingual("是", "Yes"), 1.0),
                Option("no", Bilingual("否", "No"), 0.0),
                Option("na", Bilingual("不适用", "Not applicable"), None),
            )
        )
        if sorted(o.value for o in options) != sorted(YES_NO):
            r.problems.append(f"{path}.options: a yes/no item has the options yes, no and na")
    if weight > 0 and kind in ("table", "text", "date", "photo"):
        r.problems.append(f"{path}.weight: a {kind} item is recorded, not scored")
    if (
        weight > 0
        and kind in ("single", "multiple", "yes_no")
        and all(o.score is None for o in options)
    ):
        r.problems.append(f"{path}: a scored item needs scores on its options")
    bands = _bands(r, raw.get("score_bands"), f"{path}.score_bands")
    if weight > 0 and kind == "number" and not bands:
        r.problems.append(f"{path}.score_bands: a scored number needs score bands")
    relevant = raw.get("relevant")
    if relevant is not None:
        r.problems.extend(condition_problems(relevant, f"{path}.relevant", earlier))
    major_if = raw.get("major_if")
    if major_if is not None:
        if severity in (None, "major"):
            r.problems.append(f"{path}.major_if: needs the severity the item has where it fails")
        r.problems.extend(
            condition_problems(major_if, f"{path}.major_if", earlier, enterprise=True)
        )
    triggers = []
    for i, t in enumerate(raw.get("triggers", [])):
        p = f"{path}.triggers[{i}]"
        if not isinstance(t, Mapping) or not isinstance(t.get("measure"), str):
            r.problems.append(f'{p}: needs "when" and a "measure" code')
            continue
        r.problems.extend(condition_problems(t.get("when"), f"{p}.when", earlier | {item_id}))
        triggers.append(Trigger(t.get("when") or {}, t["measure"]))
    return Item(
        id=item_id,
        type=cast(ItemType, kind),
        text=r.text(raw.get("text"), f"{path}.text") or Bilingual("", ""),
        section=str(raw.get("section")),
        required=bool(raw.get("required", False)),
        weight=weight,
        help=r.text(raw.get("help"), f"{path}.help", required=False),
        standard=str(raw.get("standard", "")),
        confidence=str(confidence),
        options=options,
        unit=str(raw.get("unit", "")),
        minimum=r.number(raw.get("min"), f"{path}.min"),
        maximum=r.number(raw.get("max"), f"{path}.max"),
        score_bands=bands,
        rows=_rows(r, raw, path) if kind == "table" else (),
        columns=_columns(r, raw, path) if kind == "table" else (),
        relevant=relevant,
        triggers=tuple(triggers),
        severity=severity,
        major_if=major_if,
        legal_basis=str(raw.get("legal_basis", "")),
        deadline_days=raw.get("deadline_days"),
        subdomain=str(raw.get("subdomain", "")),
        flag=_flag(r, raw, kind, path),
    )


FLAG_KEYS = ("cleaner_production.audit_mandatory",)


def _flag(r: _Reader, raw: Mapping[str, Any], kind: object, path: str) -> str:
    flag = raw.get("flag", "")
    if flag and (flag not in FLAG_KEYS or kind != "yes_no"):
        r.problems.append(
            f"{path}.flag: only a yes/no item can raise one of {', '.join(FLAG_KEYS)}"
        )
    return str(flag)


def _bands(r: _Reader, raw: object, path: str) -> tuple[tuple[float, float], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        r.problems.append(f'{path}: must be a list of {{"upto": x, "score": s}}')
        return ()
    out = []
    for i, band in enumerate(raw):
        upto = r.number(
            band.get("upto") if isinstance(band, Mapping) else None, f"{path}[{i}].upto"
        )
        score = r.number(
            band.get("score") if isinstance(band, Mapping) else None, f"{path}[{i}].score"
        )
        if upto is None or score is None or not 0 <= score <= 1:
            r.problems.append(f'{path}[{i}]: needs "upto" and a "score" between 0 and 1')
            continue
        out.append((upto, score))
    if [u for u, _ in out] != sorted(u for u, _ in out):
        r.problems.append(f"{path}: bands must rise")
    return tuple(out)


def _rows(r: _Reader, raw: Mapping[str, Any], path: str) -> tuple[Row, ...]:
    rows = raw.get("rows")
    if not isinstance(rows, list) or not rows:
        r.problems.append(f"{path}.rows: a table needs its fixed rows")
        return ()
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping) or not isinstance(row.get("id"), str):
            r.problems.append(f'{path}.rows[{i}]: needs a string "id"')
            continue
        out.append(
            Row(
                row["id"],
                r.text(row.get("text"), f"{path}.rows[{i}].text") or Bilingual("", ""),
                str(row.get("unit", "")),
            )
        )
    return tuple(out)


def _columns(r: _Reader, raw: Mapping[str, Any], path: str) -> tuple[Column, ...]:
    columns = raw.get("columns")
    if not isinstance(columns, list) or not columns:
        r.problems.append(f"{path}.columns: a table needs its columns")
        return ()
    out = []
    for i, col in enumerate(columns):
        p = f"{path}.columns[{i}]"
        if not isinstance(col, Mapping) or not isinstance(col.get("id"), str):
            r.problems.append(f'{p}: needs a string "id"')
            continue
        kind = col.get("kind", "number")
        if kind not in ("number", "text", "choice"):
            r.problems.append(f"{p}.kind: must be number, text or choice")
            continue
        choices = r.options(col.get("choices"), f"{p}.choices") if kind == "choice" else ()
        out.append(
            Column(
                col["id"],
                r.text(col.get("text"), f"{p}.text") or Bilingual("", ""),
                kind,
                str(col.get("unit", "")),
                r.number(col.get("min"), f"{p}.min"),
                r.number(col.get("max"), f"{p}.max"),
                choices,
            )
        )
    return tuple(out)


def _check_references(r: _Reader, items: list[Item]) -> None:
    """Conditions name real table rows and columns and real option values: a typo would
    otherwise hide an item for ever."""
    by_id = {item.id: item for item in items}
    for i, item in enumerate(items):
        conditions = [(item.relevant, f"$.items[{i}].relevant")]
        conditions.append((item.major_if, f"$.items[{i}].major_if"))
        conditions += [
            (t.when, f"$.items[{i}].triggers[{k}].when") for k, t in enumerate(item.triggers)
        ]
        for cond, path in conditions:
            if cond is not None:
                _walk(r, cond, path, by_id)


def _walk(r: _Reader, cond: Mapping[str, Any], path: str, by_id: Mapping[str, Item]) -> None:
    for combinator in ("all", "any"):
        for k, part in enumerate(cond.get(combinator, [])):
            if isinstance(part, Mapping):
                _walk(r, part, f"{path}.{combinator}[{k}]", by_id)
    if isinstance(cond.get("not"), Mapping):
        _walk(r, cond["not"], f"{path}.not", by_id)
    target = by_id.get(str(cond.get("item")))
    if target is None:
        return
    if "row" in cond:
        if cond["row"] not in {row.id for row in target.rows}:
            r.problems.append(f"{path}.row: '{cond['row']}' is not a row of {target.id}")
        column = cond.get("column", "quantity")
        if column not in {c.id for c in target.columns}:
            r.problems.append(f"{path}.column: '{column}' is not a column of {target.id}")
        return
    if target.options:
        values = {o.value for o in target.options}
        wanted = (
            cond["in"]
            if isinstance(cond.get("in"), list)
            else [cond[k] for k in ("equals", "not_equals", "contains") if k in cond]
        )
        for value in wanted:
            if value not in values:
                r.problems.append(f"{path}: '{value}' is not an option of {target.id}")

"""What a push may carry: the envelope of a batch and, per table, the data fields with the kind of
value each holds as the client stores it (docs/sync.md "Records", storage/migrations.py).

The envelope is checked whole (a bad one refuses the request); a change's table and data are
checked one by one, so a bad change is rejected and the rest of the batch still applies.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Final

from diagnosis.sync.ids import is_uuid
from diagnosis.visits.document import STATUSES
from diagnosis.visits.photos import is_sha256

from storage.sync.errors import SyncRefusal

MAX_CHANGES: Final = 500
# The order a batch is applied in, whatever order it came in: a new visit's answers may then
# travel in the same batch as the visit and be judged (access, finalisation) against it.
TABLES: Final = ("enterprises", "visits", "answers", "findings")
# Namespace of answer ids: uuid5(NS, "<visit_id>/<area>/<item>") (docs/sync.md).
ANSWER_NS: Final = uuid.UUID("6f1c3a52-7d0e-4c1b-9b7a-2f5d8e4a9c11")
_INT_RANGE: Final = 2**63  # what a SQLite INTEGER column holds on the client

# A problem is (English, Chinese); a check returns one or None.
Problem = tuple[str, str]
Check = Callable[[Any], Problem | None]


def _text(value: Any) -> Problem | None:
    return None if isinstance(value, str) else ("must be text", "须为文本")


def _int(value: Any) -> Problem | None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < _INT_RANGE:
        return None
    return ("must be a whole number", "须为整数")


def _flag(value: Any) -> Problem | None:
    return (
        None
        if value in (0, 1) and not isinstance(value, float)
        else ("must be 0 or 1", "须为 0 或 1")
    )


def _real(value: Any) -> Problem | None:
    if (isinstance(value, float) and math.isfinite(value)) or _int(value) is None:
        return None
    return ("must be a number", "须为数字")


def _json(kind: type, item: Check | None = None) -> Check:
    """JSON text (how the client stores lists and objects) holding a ``kind``."""

    def check(value: Any) -> Problem | None:
        if not isinstance(value, str):
            return ("must be JSON text", "须为 JSON 文本")
        try:
            parsed = json.loads(value, parse_constant=_refuse_constant)
        except (ValueError, RecursionError):
            return ("must be JSON text", "须为 JSON 文本")
        if not isinstance(parsed, kind) or not isinstance(parsed, list | dict):
            name = "a list" if kind is list else "an object"
            return (f"must be JSON text holding {name}", "须为 JSON 列表或对象")
        values = list(parsed.values()) if isinstance(parsed, dict) else list(parsed)
        if item is not None and any(item(v) for v in values):
            return ("holds an item of the wrong kind", "含有类型不符的项")
        return None

    return check


def _is_entry(value: Any) -> Problem | None:
    """An entry of a JSON list of objects (a visit's experts; their fields: record_rules)."""
    return None if isinstance(value, dict) else ("must be an object", "须为对象")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _one_of(choices: tuple[str, ...]) -> Check:
    def check(value: Any) -> Problem | None:
        return None if value in choices else (f"must be one of {', '.join(choices)}", "取值无效")

    return check


def _sha(value: Any) -> Problem | None:
    return None if is_sha256(value) else ("must be a SHA-256 (64 lower-case hex)", "须为 SHA-256")


def _nullable(check: Check) -> Check:
    def nullable(value: Any) -> Problem | None:
        return None if value is None else check(value)

    return nullable


TEXT, INT, REAL = _text, _int, _real
FIELDS: Final[dict[str, dict[str, Check]]] = {
    "enterprises": {
        "name": TEXT,
        "credit_code": TEXT,
        "district": _nullable(TEXT),
        "industry": _nullable(TEXT),
        "cluster": _nullable(TEXT),
        "above_scale": _flag,
        "willing": _flag,
        "employees": _nullable(INT),
        "output_value": _nullable(REAL),
        "tax": _nullable(REAL),
        "land_area": _nullable(REAL),
        "data_year": _nullable(INT),
        "address": TEXT,
        "contact_person": TEXT,
        "contact_phone": TEXT,
        "per_mu_class": _nullable(TEXT),
        "green_stars": _nullable(INT),
    },
    "visits": {
        "enterprise_id": TEXT,
        "date": TEXT,
        "status": _one_of(STATUSES),
        "revision": INT,
        "team": _json(list, _text),
        "organisation": TEXT,
        "areas": _json(list, _text),
        "checklists": _json(dict),
        "year": _nullable(INT),
        "output_value": _nullable(REAL),
        "energy_use": _json(list),
        "water_use": _json(list),
        "water_reused_m3": _nullable(REAL),
        "measures": _json(list),
        "previous_id": _nullable(TEXT),
        "notes": _json(dict),
        "tables": _json(dict),
        "experts": _json(list, _is_entry),
    },
    "answers": {"visit_id": TEXT, "area": TEXT, "item": TEXT, "value": TEXT},
    "findings": {
        "visit_id": TEXT,
        "area": TEXT,
        "item": _nullable(TEXT),
        "severity": TEXT,
        "text": TEXT,
        "photos": _json(list, _sha),
    },
}


# Fields added to the protocol after its first release, with the value an older laptop means.
ADDED_FIELDS: Final[dict[str, dict[str, Any]]] = {"visits": {"tables": "{}", "experts": "[]"}}


def with_added(table: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """A stored record's data with the fields added since it was written, at their neutral
    value: every version then has every field (merge bases, pulls, the current record)."""
    return {**ADDED_FIELDS.get(table, {}), **data}


@dataclass(frozen=True)
class Change:
    """One change of a batch as received; ``index`` is its place in the request."""

    index: int
    table: str
    id: str
    base_rev: int
    deleted: bool
    data: Mapping[str, Any]
    updated_at: str
    resolves: tuple[str, ...]
    # Added fields the push did not carry (a laptop of an older version): the record keeps its
    # value of them rather than being emptied by a laptop that cannot show them.
    unsent: tuple[str, ...] = ()

    def keeping(self, current: Mapping[str, Any] | None) -> Change:
        """This change with the current record's value of each field it did not send."""
        if current is None or not self.unsent:
            return self
        kept = {f: current[f] for f in self.unsent if f in current}
        return replace(self, data={**self.data, **kept})

    def merged_view(self) -> dict[str, Any]:
        """The change as the merge sees it: its data plus the tombstone as a field."""
        return {**self.data, "deleted": self.deleted}


def result(change: Change, outcome: str, rev: int, **extra: Any) -> dict[str, Any]:
    """One entry of a push response's ``results``."""
    out: dict[str, Any] = {"table": change.table, "id": change.id, "outcome": outcome}
    return {**out, "rev": rev, "conflicts": [], **extra}


def malformed(detail: str, detail_zh: str | None = None) -> SyncRefusal:
    return SyncRefusal("request.malformed", detail, detail_zh)


def parse_batch(body: object) -> tuple[str, list[Change]]:
    """The batch id and its changes, or a refusal naming the first field that is wrong."""
    if not isinstance(body, dict):
        raise malformed("The body must be a JSON object.", "请求体须为 JSON 对象。")
    batch = body.get("batch")
    if not is_uuid(batch):
        raise malformed("batch: must be a UUID.", "batch：须为 UUID。")
    changes = body.get("changes")
    if not isinstance(changes, list):
        raise malformed("changes: must be a list.", "changes：须为列表。")
    if len(changes) > MAX_CHANGES:
        raise SyncRefusal(
            "batch.too_large",
            f"This one has {len(changes)}; send them in several batches.",
            f"本批次有 {len(changes)} 项，请分批发送。",
        )
    return str(batch), [_parse_change(i, c) for i, c in enumerate(changes)]


def _parse_change(index: int, raw: object) -> Change:
    where = f"changes[{index}]"
    if not isinstance(raw, dict):
        raise malformed(f"{where}: must be an object.", f"{where}：须为对象。")

    def need(key: str, ok: Callable[[Any], bool], what: str, what_zh: str) -> Any:
        if key not in raw:
            raise malformed(f"{where}.{key}: missing.", f"{where}.{key}：缺失。")
        if not ok(raw[key]):
            raise malformed(f"{where}.{key}: must be {what}.", f"{where}.{key}：须为{what_zh}。")
        return raw[key]

    table = need("table", _is_str, "text", "文本")
    record_id = need("id", _is_str, "text", "文本")
    base_rev = need("base_rev", _is_count, "a whole number ≥ 0", "非负整数")
    deleted = need("deleted", _is_bool, "true or false", "true 或 false")
    data = need("data", _is_object, "an object", "对象")
    # A field added since a laptop's version was released: its push lacks it, it takes the
    # field's neutral value (a new record) or keeps the record's (``Change.keeping``).
    unsent = tuple(f for f in ADDED_FIELDS.get(table, {}) if f not in data)
    data = with_added(table, data)
    updated_at = need("updated_at", _is_str, "text", "文本")
    resolves = raw.get("resolves", [])
    if not isinstance(resolves, list) or not all(isinstance(f, str) for f in resolves):
        raise malformed(f"{where}.resolves: must be a list of field names.", None)
    return Change(
        index,
        table,
        record_id,
        base_rev,
        deleted,
        data,
        updated_at,
        tuple(dict.fromkeys(resolves)),
        unsent,
    )


def check_change(change: Change) -> Problem | None:
    """Why this change cannot apply (unknown table or field, bad value), or None."""
    fields = FIELDS.get(change.table)
    if fields is None:
        return (f"unknown table {change.table!r}", f"未知的表 {change.table!r}")
    if not is_uuid(change.id):
        return ("id: must be a UUID", "id：须为 UUID")
    if not _is_timestamp(change.updated_at):
        return ("updated_at: must be an ISO 8601 time", "updated_at：须为 ISO 8601 时间")
    unknown = sorted(set(change.data) - set(fields))
    if unknown:
        return (f"data: unknown field {unknown[0]!r}", f"data：未知字段 {unknown[0]!r}")
    for name, check in fields.items():
        if name not in change.data:
            return (f"data.{name}: missing", f"data.{name}：缺失")
        problem = check(change.data[name])
        if problem is not None:
            return (f"data.{name}: {problem[0]}", f"data.{name}：{problem[1]}")
    for name in change.resolves:
        if name not in fields and name != "deleted":
            return (f"resolves: unknown field {name!r}", f"resolves：未知字段 {name!r}")
    if change.table == "answers" and change.id != answer_id(
        change.data["visit_id"], change.data["area"], change.data["item"]
    ):
        return (
            "id: an answer's id must be uuid5(NS, 'visit_id/area/item')",
            "id：答案的 id 须为 uuid5(NS, 'visit_id/area/item')",
        )
    return None


def answer_id(visit_id: str, area: str, item: str) -> str:
    return str(uuid.uuid5(ANSWER_NS, f"{visit_id}/{area}/{item}"))


def _is_timestamp(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < _INT_RANGE


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


def _is_object(value: object) -> bool:
    return isinstance(value, dict)

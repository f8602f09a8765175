"""An enterprise record's rules (``diagnosis.sync.records``): the register's own ``validate`` (a
name, a credit code with its check character, numbers in range, known reference codes, a phone
of phone characters) and no control character in any field, as a save in the register and a
register import refuse them. No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diagnosis.register.enterprise import FIELDS, Enterprise, errors, validate
from diagnosis.register.industry import parse_industry
from diagnosis.register.reference_data import register_reference
from diagnosis.sync.record_text import RecordProblem, number_problem, text_problem

_REFERENCE_FIELDS = ("district", "industry", "cluster")


def enterprise_problem(data: Mapping[str, Any]) -> RecordProblem | None:
    """The first rule an enterprise's register fields (as stored: flags 0/1) break, or None."""
    values: dict[str, Any] = {}
    for spec in FIELDS:
        value = data.get(spec.name)
        if isinstance(value, str):
            problem = text_problem(spec.name, value)
            if problem is not None:
                return problem
        elif isinstance(value, int | float) and not isinstance(value, bool):
            problem = number_problem(spec.name, value)
            if problem is not None:
                return problem
        values[spec.name] = bool(value) if spec.kind == "bool" else value
    for name in ("name", "credit_code", "address", "contact_person", "contact_phone"):
        if values[name] is None:
            values[name] = ""
    values.update(_as_codes(values))
    found = errors(validate(Enterprise(**values, id="-")))
    if not found:
        return None
    first = found[0]
    return RecordProblem(first.field, first.text("en"), first.text("zh"))


def _as_codes(values: Mapping[str, Any]) -> dict[str, Any]:
    """District, industry and cluster as their codes where the reference knows them by a name
    or alias too (``stats --district`` takes either), so only a value it does not know at all
    is refused."""
    ref = register_reference()
    tables = {"district": ref.districts, "cluster": ref.clusters}
    out: dict[str, Any] = {}
    for name in _REFERENCE_FIELDS:
        value = values.get(name)
        if not isinstance(value, str):
            continue
        if name == "industry":
            # A class (3484) or group (348) as well as a division: any form the import reads.
            match = parse_industry(value)
            if match is not None:
                out[name] = match.code
            continue
        item = tables[name].lookup(value)
        if item is not None:
            out[name] = item.code
    return out

"""Turn what a person typed, or a spreadsheet cell held, into a typed field value.

Shared by the import and the editor so that "是", "√", "B档" or "34 通用设备制造业" mean the same
everywhere. A value that cannot be read yields a Problem naming the field, never a guess.
"""

from __future__ import annotations

import math
import re
import unicodedata

from diagnosis import credit_code
from diagnosis.enterprise import FieldSpec
from diagnosis.messages import Problem, problem
from diagnosis.reference_data import RefItem, RefList, RegisterReference

ParsedValue = str | int | float | bool | None

_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "有", "愿意", "规上", "是的", "t"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "无", "不愿意", "规下", "不是", "f"}
_CLASS_RE = re.compile(r"^([ABCD])(类|档|级)?$")
_STAR_WORDS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_INDUSTRY_RE = re.compile(r"^C?(\d{2})(?:\D.*)?$")


def clean_text(raw: object) -> str:
    """NFKC (full-width to half-width) and trimmed; None and NaN become empty."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return ""
    text = raw if isinstance(raw, str) else _plain_number(raw)
    return unicodedata.normalize("NFKC", text).strip()


def _plain_number(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def parse_value(
    spec: FieldSpec, raw: object, ref: RegisterReference, year: int | None = None
) -> tuple[ParsedValue, Problem | None]:
    """The typed value for ``spec``; an empty cell gives the field's empty value.

    ``year`` (the record's data year) decides between reference items sharing a name.
    """
    if isinstance(raw, bool) and spec.kind == "bool":
        return raw, None
    text = clean_text(raw)
    if spec.kind == "code":
        return credit_code.normalise(text), None
    if spec.kind in ("text", "phone"):
        # Keep the original (not NFKC) text for names and addresses, only trimmed.
        original = raw.strip() if isinstance(raw, str) else text
        return " ".join(original.split()), None
    if spec.kind == "bool":
        return _parse_bool(spec, text)
    if not text:
        return None, None
    if spec.kind in ("int", "year"):
        return _parse_int(spec, raw, text)
    if spec.kind == "float":
        return _parse_float(spec, raw, text)
    if spec.kind == "district":
        return _lookup(spec, text, ref, "district.unknown")
    if spec.kind == "industry":
        return _parse_industry(spec, text, ref)
    if spec.kind == "cluster":
        return _lookup(spec, text, ref, "cluster.unknown", year)
    if spec.kind == "class":
        m = _CLASS_RE.match(text.upper().replace(" ", ""))
        if m:
            return m.group(1), None
        item = _find(ref.per_mu_classes, text)
        if item is not None:
            return item.code, None
        return None, problem(spec.name, "per_mu.invalid", value=text)
    if spec.kind == "stars":
        return _parse_stars(spec, text)
    raise ValueError(f"unhandled field kind {spec.kind}")


def _parse_bool(spec: FieldSpec, text: str) -> tuple[ParsedValue, Problem | None]:
    key = text.casefold()
    if key == "":
        return False, None
    if key in _TRUE:
        return True, None
    if key in _FALSE:
        return False, None
    return None, problem(spec.name, "bool.invalid", value=text)


def _number(raw: object, text: str) -> float | None:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return float(raw)
    try:
        value = float(text.replace(",", "").replace(" ", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _parse_int(spec: FieldSpec, raw: object, text: str) -> tuple[ParsedValue, Problem | None]:
    value = _number(raw, text)
    if value is None:
        return None, problem(spec.name, "number.invalid", value=text)
    if not value.is_integer():
        return None, problem(spec.name, "number.integer", value=text)
    return int(value), None


def _parse_float(spec: FieldSpec, raw: object, text: str) -> tuple[ParsedValue, Problem | None]:
    value = _number(raw, text)
    if value is None:
        return None, problem(spec.name, "number.invalid", value=text)
    # Ten significant digits: what a spreadsheet shows, and stable across a re-import.
    return float(f"{value:.10g}"), None


def _lookup(
    spec: FieldSpec, text: str, ref: RegisterReference, code: str, year: int | None = None
) -> tuple[ParsedValue, Problem | None]:
    ref_list = ref.districts if spec.kind == "district" else ref.clusters
    item = _find(ref_list, text, year)
    if item is None:
        return None, problem(spec.name, code, value=text)
    return item.code, None


def _find(ref_list: RefList, text: str, year: int | None = None) -> RefItem | None:
    """``ref_list.lookup`` that also matches names stored with full-width punctuation.

    ``text`` has been through NFKC and the reference names have not, so the app's own label
    关键基础件（元器件） arrives as 关键基础件(元器件) and would otherwise be unknown.
    """
    item = ref_list.lookup(text, year)
    if item is not None:
        return item
    key = _nfkc_key(text)
    for candidate in ref_list.items:
        for name in (candidate.zh, candidate.en, *candidate.aliases):
            if name != unicodedata.normalize("NFKC", name) and _nfkc_key(name) == key:
                # Looked up again by its stored name so the data year still picks the item.
                return ref_list.lookup(name, year)
    return None


def _nfkc_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _parse_industry(
    spec: FieldSpec, text: str, ref: RegisterReference
) -> tuple[ParsedValue, Problem | None]:
    item = _find(ref.industries, text)
    if item is None:
        m = _INDUSTRY_RE.match(text.upper().replace(" ", ""))
        item = ref.industries.get(m.group(1)) if m else None
    if item is None:
        return None, problem(spec.name, "industry.unknown", value=text)
    return item.code, None


def _parse_stars(spec: FieldSpec, text: str) -> tuple[ParsedValue, Problem | None]:
    compact = text.replace(" ", "")
    if compact and set(compact) <= {"★", "☆"}:
        return compact.count("★"), None
    compact = compact.removesuffix("级").removesuffix("星")
    if compact in _STAR_WORDS:
        return _STAR_WORDS[compact], None
    if compact.isdigit() and 0 <= int(compact) <= 5:
        return int(compact), None
    if compact in ("", "无", "否"):
        return 0, None
    return None, problem(spec.name, "stars.invalid", value=text)

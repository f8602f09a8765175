"""Turn what a person typed, or a spreadsheet cell held, into a typed field value.

Shared by the import and the editor so that "是", "√", "B档" or "34 通用设备制造业" mean the same
everywhere. A value that cannot be read yields a Problem naming the field, never a guess.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta

from diagnosis.messages import Problem, problem
from diagnosis.register import credit_code
from diagnosis.register.enterprise import FieldSpec
from diagnosis.register.industry import IndustryMatch, resolve_industry
from diagnosis.register.reference_data import RefItem, RefList, RegisterReference

ParsedValue = str | int | float | bool | None

_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "有", "愿意", "是的", "t"}
_TRUE |= {"规上", "规上企业", "规模以上", "规模以上企业"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "x", "无", "不愿意", "不是", "f"}
_FALSE |= {"规下", "规下企业", "规模以下", "规模以下企业"}
# A cell a register fills with a dash or slash for "none" or "not applicable": empty, no warning.
EMPTY_MARKS = frozenset({"-", "--", "—", "——", "–", "―", "/", "\\"})
_CLASS_RE = re.compile(r"^([ABCD])(类|档|级)?")
# Names the classes go by in county documents (A类 优先发展/优先支持, B类 提升发展, C类 调整转型/
# 倒逼转型, D类 整治淘汰/落后整治), and 一类..四类. Tried in this order: "倒逼提升" is C, not B.
_CLASS_WORDS = (
    ("D", ("整治", "淘汰", "落后", "四类")),
    ("C", ("调整", "倒逼", "转型", "三类")),
    ("B", ("提升", "二类")),
    ("A", ("优先", "一类")),
)
_STAR_WORDS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
# Green-factory tiers onto the Ningbo star scale: a city-level (市级) green factory is the
# three-star tier of 甬经信转升〔2021〕99号; four and five stars are decided higher up, read here
# as provincial and national (REFERENCE.md §6.3, confidence L: to be verified).
_GREEN_TIERS = (("国家", 5), ("省", 4), ("市", 3))
# Excel's day 0 and the serials of 2000-01-01 and 2100-12-31: a year column holding a date.
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIALS = (36526, 73415)
_YEAR_RE = re.compile(r"^(\d{4})(?:年度?|[-/.]\d{1,2}(?:[-/.]\d{1,2})?(?:\s.*)?|年\d{1,2}月.*)?$")


def clean_text(raw: object) -> str:
    """NFKC (full-width to half-width) and trimmed; None and NaN become empty."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return ""
    text = raw if isinstance(raw, str) else _plain_number(raw)
    # ASCII is its own NFKC form: numbers and codes, most of a register's cells, skip it.
    return (text if text.isascii() else unicodedata.normalize("NFKC", text)).strip()


def _plain_number(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def parse_value(
    spec: FieldSpec,
    raw: object,
    ref: RegisterReference,
    year: int | None = None,
    *,
    text: str | None = None,
) -> tuple[ParsedValue, Problem | None]:
    """The typed value for ``spec``; an empty cell gives the field's empty value.

    ``year`` (the record's data year) decides between reference items sharing a name.
    ``text``: ``clean_text(raw)`` when the caller has it already (an import cleans each cell
    once, not twice: 300,000 cells in a district's list).
    """
    if isinstance(raw, bool) and spec.kind == "bool":
        return raw, None
    if isinstance(raw, (datetime, date)) and spec.kind == "year":
        return raw.year, None
    if text is None:
        text = clean_text(raw)
    if text in EMPTY_MARKS:
        raw = text = ""
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
    if spec.kind == "year":
        return _parse_year(spec, raw, text)
    if spec.kind == "int":
        return _parse_int(spec, raw, text)
    if spec.kind == "float":
        return _parse_float(spec, raw, text)
    if spec.kind == "district":
        return _lookup(spec, text, ref, "district.unknown")
    if spec.kind == "industry":
        return _parse_industry(spec, text)
    if spec.kind == "cluster":
        return _lookup(spec, text, ref, "cluster.unknown", year)
    if spec.kind == "class":
        return _parse_class(spec, text, ref)
    if spec.kind == "stars":
        return _parse_stars(spec, text)
    raise ValueError(f"unhandled field kind {spec.kind}")


def _parse_class(
    spec: FieldSpec, text: str, ref: RegisterReference
) -> tuple[ParsedValue, Problem | None]:
    compact = text.upper().replace(" ", "")
    m = _CLASS_RE.match(compact)
    # "A", "A类", "A类（优先发展）"; not "AB" or a word that merely starts with a letter.
    if m and (len(compact) == len(m.group(0)) or not compact[len(m.group(0))].isalnum()):
        return m.group(1), None
    item = _find(ref.per_mu_classes, text)
    if item is not None:
        return item.code, None
    for code, words in _CLASS_WORDS:
        if any(word in compact for word in words):
            return code, None
    return None, problem(spec.name, "per_mu.invalid", value=text)


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


def _parse_year(spec: FieldSpec, raw: object, text: str) -> tuple[ParsedValue, Problem | None]:
    """A year as 2023, "2023年", "2023-12-31", or a date Excel stored as a day serial."""
    value = _number(raw, text) if not isinstance(raw, str) else None
    if value is not None and value.is_integer() and _SERIALS[0] <= value <= _SERIALS[1]:
        return (_EXCEL_EPOCH + timedelta(days=int(value))).year, None
    m = _YEAR_RE.match(text.replace(" ", "")) if value is None else None
    if m:
        return int(m.group(1)), None
    return _parse_int(spec, raw, text)


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


def _parse_industry(spec: FieldSpec, text: str) -> tuple[ParsedValue, Problem | None]:
    # Any GB/T 4754 form (3484, C3484, 348, 34 通用设备制造业, a name); the finest code is kept.
    found = resolve_industry(text)
    if isinstance(found, IndustryMatch):
        return found.code, None
    return None, Problem(spec.name, found)


def _parse_stars(spec: FieldSpec, text: str) -> tuple[ParsedValue, Problem | None]:
    compact = text.replace(" ", "").removesuffix("绿色工厂")
    for word, stars in _GREEN_TIERS:
        if compact.startswith(word):
            return stars, None
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

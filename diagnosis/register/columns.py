"""The columns a district's register carries: header synonyms beyond the fields' own aliases,
columns recognised on purpose but not imported, and the units written in headers and cells.

Pure text rules: no file reading (table_reader) and no field validation (field_parsing).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from diagnosis.register.enterprise import FIELDS

# Spellings seen in statistics-office, 亩均 and district lists, tried after each field's own
# aliases: when two columns name the same field, the one spelled earlier in this order wins.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("企业(单位)名称", "单位详细名称", "企业单位名称", "纳税人名称"),
    "credit_code": (
        "统一社会信用代码/组织机构代码",
        "法人统一社会信用代码",
        "统一信用代码",
        "纳税人识别号",
    ),
    "district": (
        "所属区县(市)",
        "区县(市、区)",
        "县(市、区)",
        "区(县、市)",
        "县市区",
        "所属区域",
        "区域",
        "所在区域",
        "所在地区",
        "所属地区",
        "镇街",
        "所属镇街",
        "乡镇街道",
    ),
    "industry": (
        "行业类别",
        "行业分类",
        "国民经济行业分类",
        "国民经济行业代码",
        "所属行业代码",
        "行业小类",
        "行业中类",
        "主营行业",
        "行业名称",
    ),
    "above_scale": ("是否规上企业", "规模以上企业", "规上/规下", "规模"),
    "per_mu_class": (
        "亩均效益评价等级",
        "亩均评价等级",
        "亩均效益评价",
        "亩均效益综合评价",
        "亩均效益评价结果",
        "亩均综合评价结果",
        "亩均效益等级",
    ),
    "green_stars": ("绿色工厂等级", "绿色工厂级别"),
    "employees": (
        "年末从业人员",
        "年末从业人数",
        "从业人员期末人数",
        "从业人员平均人数",
        "平均从业人员",
        "员工数",
        "职工数",
    ),
    "tax": ("税金总额", "实缴税金总额", "入库税收", "税收收入", "纳税总额", "上缴税金"),
    "land_area": ("实际用地面积", "土地使用面积", "厂区面积"),
    "data_year": ("报告期", "统计年份", "年份"),
    "address": ("详细地址", "生产地址", "单位地址"),
    "contact_phone": ("手机号码", "手机号", "电话号码", "固定电话"),
}

# Recognised on purpose and never imported, each for a reason the report gives.
ORG_CODE = "org_code"  # 组织机构代码: 9 characters, not a credit code (GB 11714)
REVENUE = "revenue"  # 营业收入 is sales, not industrial output value
PSEUDO: dict[str, tuple[str, ...]] = {
    ORG_CODE: ("组织机构代码", "机构代码", "组织代码", "organisation code", "organization code"),
    REVENUE: (
        "营业收入",
        "主营业务收入",
        "营业总收入",
        "销售收入",
        "营收",
        "revenue",
        "operating revenue",
    ),
}


def import_aliases() -> dict[str, tuple[str, ...]]:
    """Every header spelling by field, the field's own first (they win a tie)."""
    out = {f.name: (*f.aliases, *SYNONYMS.get(f.name, ())) for f in FIELDS}
    out.update(PSEUDO)
    return out


# --- units -------------------------------------------------------------------------------------

MONEY_FIELDS = frozenset({"output_value", "tax"})
AREA_FIELDS = frozenset({"land_area"})
# 1 亩 = 10000/15 m² ≈ 666.67 m², so 1 m² = 0.0015 亩 exactly; 1 公顷 = 15 亩.
MONEY_UNITS: dict[str, float] = {
    "元": 1e-4,
    "千元": 0.1,
    "万元": 1.0,
    "万": 1.0,
    "亿元": 1e4,
    "亿": 1e4,
}
AREA_UNITS: dict[str, float] = {
    "亩": 1.0,
    "平方米": 0.0015,
    "平米": 0.0015,
    "m2": 0.0015,
    "m²": 0.0015,
    "公顷": 15.0,
    "hm2": 15.0,
}
COUNT_UNITS: dict[str, float] = {"人": 1.0}
_ALL_UNITS = sorted({*MONEY_UNITS, *AREA_UNITS, *COUNT_UNITS}, key=len, reverse=True)
_UNIT_ALT = "|".join(map(re.escape, _ALL_UNITS))
# A unit in a header: in brackets, after a slash or after 单位：, e.g. 产值（万元）, 用地/平方米.
_HEADER_UNIT = re.compile(rf"(?:[(\[【]|/|单位[:：]?)\s*(?:单位[:：]?)?\s*({_UNIT_ALT})\s*[)\]】]?")
# A number with its unit in a cell: "1,234.5万元", "8000㎡", "12.5 亩".
_CELL = re.compile(rf"^([-+]?[\d,\s]*\.?\d+)\s*({_UNIT_ALT})$")


def units_for(field: str) -> Mapping[str, float]:
    if field in MONEY_FIELDS:
        return MONEY_UNITS
    if field in AREA_FIELDS:
        return AREA_UNITS
    if field == "employees":
        return COUNT_UNITS
    return {}


def header_unit(field: str, header: str) -> str | None:
    """The unit a header gives its column, if it is one the field can be converted from."""
    text = unicodedata.normalize("NFKC", header)
    units = units_for(field)
    for m in _HEADER_UNIT.finditer(text):
        if m.group(1) in units:
            return m.group(1)
    return None


def unit_in_text(text: str) -> dict[str, str]:
    """Units a note line such as 单位：万元、亩 gives: {"money": "万元", "area": "亩"}."""
    text = unicodedata.normalize("NFKC", text)
    found: dict[str, str] = {}
    for m in re.finditer(_UNIT_ALT, text):
        unit = m.group(0)
        kind = "money" if unit in MONEY_UNITS else "area" if unit in AREA_UNITS else None
        if kind is not None:
            found.setdefault(kind, unit)
    return found


def split_amount(field: str, text: str) -> tuple[str, str | None]:
    """A cell's number and the unit written in it, if the field takes that unit."""
    m = _CELL.match(text)
    if m is None or m.group(2) not in units_for(field):
        return text, None
    return m.group(1), m.group(2)


def factor(field: str, unit: str | None) -> float:
    """What a value in ``unit`` is multiplied by to be in the field's unit (万元, 亩, 人)."""
    return 1.0 if unit is None else units_for(field).get(unit, 1.0)

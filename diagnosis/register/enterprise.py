"""The enterprise record of the register, its fields, and the rules every value must meet.

One description of the fields (labels, units, header aliases, ranges) serves the editor, the
import, the table and the checks, so a field is defined once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Literal, NamedTuple

from diagnosis.messages import Bilingual, Lang, Problem, problem
from diagnosis.register import credit_code
from diagnosis.register.industry_table import industry_table
from diagnosis.register.reference_data import RegisterReference, register_reference

Kind = Literal[
    "text",
    "code",
    "district",
    "industry",
    "cluster",
    "bool",
    "int",
    "float",
    "class",
    "stars",
    "phone",
    "year",
]


class FieldSpec(NamedTuple):
    name: str
    zh: str
    en: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    unit_zh: str = ""
    unit_en: str = ""
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = 200
    short: tuple[str, str] | None = None  # (zh, en) for narrow places such as table headers

    def label(self, lang: Lang = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    def unit(self, lang: Lang = "zh") -> str:
        return self.unit_zh if lang == "zh" else self.unit_en

    def label_with_unit(self, lang: Lang = "zh") -> str:
        unit = self.unit(lang)
        return f"{self.label(lang)} ({unit})" if unit else self.label(lang)

    def header(self, lang: Lang = "zh") -> str:
        """The short label with its unit, for a column header."""
        if self.short is None:
            return self.label_with_unit(lang)
        unit = self.unit(lang)
        text = self.short[0] if lang == "zh" else self.short[1]
        return f"{text} ({unit})" if unit else text


# fmt: off
# A data table: one field a row reads better than the formatter's one value a line.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "企业名称", "Enterprise name", "text",
              ("企业名称", "单位名称", "企业全称", "名称", "公司名称", "name", "enterprise name",
               "enterprise", "company", "company name"),
              required=True, max_length=100, short=("企业名称", "Name")),
    FieldSpec("credit_code", "统一社会信用代码", "Unified social credit code", "code",
              ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "credit code",
               "unified social credit code", "uscc", "social credit code"),
              required=True, short=("信用代码", "Credit code")),
    FieldSpec("district", "区县（市）", "District / county", "district",
              ("区县（市）", "区县(市)", "区县市", "所属区县", "区县", "所在区县", "属地", "地区",
               "district", "county", "district/county"),
              short=("区县", "District")),
    FieldSpec("industry", "行业代码", "Industry code", "industry",
              ("行业大类", "行业代码", "所属行业", "行业", "国民经济行业", "industry",
               "industry division", "industry code"),
              short=("行业", "Industry")),
    FieldSpec("cluster", "产业集群", "Industrial cluster", "cluster",
              ("产业集群", "所属集群", "集群", "cluster", "industrial cluster"),
              short=("集群", "Cluster")),
    FieldSpec("above_scale", "规上企业", "Above designated size", "bool",
              ("规上企业", "是否规上", "规模以上", "是否规模以上", "规上", "above scale",
               "above-scale", "above designated size"),
              short=("规上", "Above scale")),
    FieldSpec("willing", "愿意接受诊断", "Willing to be diagnosed", "bool",
              ("愿意接受诊断", "诊断意愿", "是否愿意诊断", "有意愿", "意愿", "willing",
               "willing to be diagnosed"),
              short=("意愿", "Willing")),
    FieldSpec("employees", "从业人员", "Employees", "int",
              ("从业人员", "从业人数", "员工人数", "职工人数", "人数", "employees", "staff"),
              unit_zh="人", unit_en="persons", minimum=0, maximum=1_000_000,
              short=("从业人员", "Staff")),
    FieldSpec("output_value", "工业总产值", "Industrial output value", "float",
              ("工业总产值", "总产值", "产值", "工业产值", "output value", "output"),
              unit_zh="万元", unit_en="10k yuan", minimum=0, maximum=1e9,
              short=("产值", "Output")),
    FieldSpec("tax", "税收", "Tax paid", "float",
              ("税收", "实缴税金", "税收总额", "实缴税收", "纳税", "tax", "tax paid"),
              unit_zh="万元", unit_en="10k yuan", minimum=0, maximum=1e8,
              short=("税收", "Tax")),
    FieldSpec("land_area", "用地面积", "Land area", "float",
              ("用地面积", "占地面积", "土地面积", "用地", "land area", "land"),
              unit_zh="亩", unit_en="mu", minimum=0, maximum=1e6,
              short=("用地", "Land")),
    FieldSpec("data_year", "数据年度", "Data year", "year",
              ("数据年度", "年度", "统计年度", "year", "data year"),
              minimum=2000, maximum=2100, short=("年度", "Year")),
    FieldSpec("address", "地址", "Address", "text",
              ("地址", "企业地址", "生产经营地址", "注册地址", "通讯地址", "address")),
    FieldSpec("contact_person", "联系人", "Contact person", "text",
              ("联系人", "联系人姓名", "企业联系人", "contact", "contact person"),
              max_length=50, short=("联系人", "Contact")),
    FieldSpec("contact_phone", "联系电话", "Contact phone", "phone",
              ("联系电话", "电话", "手机", "联系方式", "phone", "telephone", "contact phone"),
              max_length=40, short=("电话", "Phone")),
    FieldSpec("per_mu_class", "亩均评价", "Per-mu evaluation class", "class",
              ("亩均评价", "亩均评价档次", "亩均档次", "亩均等级", "亩均分类", "亩均评价结果",
               "per-mu class", "per mu class", "per-mu evaluation"),
              short=("亩均", "Per-mu")),
    FieldSpec("green_stars", "绿色工厂星级", "Green-factory stars", "stars",
              ("绿色工厂星级", "绿色工厂", "星级绿色工厂", "green factory stars",
               "green factory", "green stars"),
              short=("绿色工厂", "Green stars")),
)
# fmt: on
FIELD_BY_NAME = {f.name: f for f in FIELDS}


def new_id() -> str:
    """A client-made UUID (DESIGN.md invariant 3)."""
    import uuid  # uuid pulls in platform: 3 ms nobody needs before the first new record

    return str(uuid.uuid4())


# An enterprise's id derives from its credit code, so two laptops that import the same register
# make the same record (merged on sync) rather than two that the server must refuse as duplicates.
ENTERPRISE_NS = "0b7e8f4c-3a51-4d2e-9c6f-1e2d3c4b5a69"


def enterprise_id_for(credit_code: str) -> str:
    """The id of the enterprise with ``credit_code``; a random one when there is no code."""
    import uuid

    code = credit_code.strip().upper()
    if not code:
        return new_id()
    return str(uuid.uuid5(uuid.UUID(ENTERPRISE_NS), code))


@dataclass(frozen=True)
class Enterprise:
    """One enterprise of the register. Money in 万元 (10k yuan), land in 亩 (mu)."""

    name: str = ""
    credit_code: str = ""
    district: str | None = None
    industry: str | None = None
    cluster: str | None = None
    above_scale: bool = False
    willing: bool = False
    employees: int | None = None
    output_value: float | None = None
    tax: float | None = None
    land_area: float | None = None
    data_year: int | None = None
    address: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    per_mu_class: str | None = None
    green_stars: int | None = None
    id: str = ""  # empty: derived from the credit code (enterprise_id_for)

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", enterprise_id_for(self.credit_code))

    def values(self) -> dict[str, object]:
        """The register fields (not the id) by name, in FIELDS order."""
        # The instance's attributes are its fields, set by __init__ in FIELDS order and the id
        # last (asserted below; frozen, so nothing else is set): a copy is ten times quicker
        # than a getattr per field, 100,000 times in an import.
        out = self.__dict__.copy()
        del out["id"]
        return out

    def with_values(self, **changes: object) -> Enterprise:
        return replace(self, **changes)  # type: ignore[arg-type]

    def changed_fields(self, other: Enterprise) -> dict[str, object]:
        """Fields whose value in ``self`` differs from ``other``: what a save must write."""
        mine, theirs = self.values(), other.values()
        return {k: v for k, v in mine.items() if v != theirs[k]}


assert [f.name for f in fields(Enterprise)] == [*FIELD_BY_NAME, "id"]

_PHONE_CHARS = set("0123456789 +-()（）转#,，/;；")


def validate(
    e: Enterprise, ref: RegisterReference | None = None, code: credit_code.CodeCheck | None = None
) -> list[Problem]:
    """Every problem with the record itself (not against the store; see RegisterService).

    ``code``: ``credit_code.check(e.credit_code)`` when the caller has it already (an import
    checks each row's code when it parses the row)."""
    ref = ref or register_reference()
    out: list[Problem] = []
    if not e.name.strip():
        out.append(problem("name", "required"))
    out.extend((credit_code.check(e.credit_code) if code is None else code).problems)
    for spec, ranged, low, high in _SIZED:
        value = getattr(e, spec.name)
        if ranged:
            if value is not None and not low <= value <= high:
                out.extend(_check_range(spec, value))
        elif isinstance(value, str) and len(value) > spec.max_length:
            out.append(problem(spec.name, "text.too_long", max=spec.max_length))
    if e.district is not None and ref.districts.get(e.district) is None:
        out.append(problem("district", "district.unknown", value=e.district))
    if e.industry is not None and industry_table().get(e.industry) is None:
        # A class (3484), group (348) or division (34): the finest code the register gave.
        out.append(problem("industry", "industry.unknown", value=e.industry))
    if e.cluster is not None:
        cluster = ref.clusters.get(e.cluster)
        if cluster is None:
            out.append(problem("cluster", "cluster.unknown", value=e.cluster))
        elif e.data_year is not None and not cluster.valid_in(e.data_year):
            out.append(
                problem(
                    "cluster",
                    "cluster.out_of_year",
                    "warning",
                    value=Bilingual(cluster.zh, cluster.en),
                    valid=cluster.validity(),
                    year=e.data_year,
                )
            )
    if e.per_mu_class is not None and ref.per_mu_classes.get(e.per_mu_class) is None:
        out.append(problem("per_mu_class", "per_mu.invalid", value=e.per_mu_class))
    low, high = ref.stars_range
    if e.green_stars is not None and not low <= e.green_stars <= high:
        out.append(problem("green_stars", "stars.invalid", value=e.green_stars))
    if e.contact_phone and not set(e.contact_phone) <= _PHONE_CHARS:
        out.append(problem("contact_phone", "phone.invalid", value=e.contact_phone))
    return out


# The fields with a length or a range, in FIELDS order (the order of validate's problems):
# (spec, whether it has a range, its minimum, its maximum). A number field without both bounds
# has no range to check; one inside them has nothing to report.
_SIZED: tuple[tuple[FieldSpec, bool, float, float], ...] = tuple(
    (
        spec,
        spec.kind in ("int", "float", "year"),
        -math.inf if spec.minimum is None else spec.minimum,
        math.inf if spec.maximum is None else spec.maximum,
    )
    for spec in FIELDS
    if spec.kind in ("text", "phone", "int", "float", "year")
)


def _check_range(spec: FieldSpec, value: float) -> list[Problem]:
    if (
        spec.minimum is not None
        and spec.maximum is not None
        and not (spec.minimum <= value <= spec.maximum)
    ):
        if spec.kind == "year":
            return [
                problem(
                    spec.name,
                    "year.invalid",
                    min=int(spec.minimum),
                    max=int(spec.maximum),
                    value=value,
                )
            ]
        if value < 0 <= spec.minimum:
            return [problem(spec.name, "number.negative", value=value)]
        return [
            problem(
                spec.name,
                "number.range",
                min=_num(spec.minimum),
                max=_num(spec.maximum),
                unit=Bilingual(spec.unit_zh, spec.unit_en),
                value=value,
            )
        ]
    return []


def _num(x: float) -> str:
    return f"{x:g}" if x < 1e6 else f"{x:,.0f}"


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]

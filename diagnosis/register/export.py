"""The register as stored, going back out: one record per live enterprise, as JSON, .xlsx or .csv.

A district gets its cleaned list back, so every field is written, with what the app derived
from it (the industry's division, the district's name and kind, the cluster's name). The header
row is bilingual, ``中文 (English)``: the import ignores a trailing bracket, so it recognises the
file again and a round trip (export, then import into an empty store) gives the same register.
Derived columns carry headers the import does not know, so they are listed as not imported.
Every text cell goes through diagnosis.sheet_cells: names come from anyone.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from diagnosis.messages import Lang
from diagnosis.register.enterprise import Enterprise
from diagnosis.register.reference_data import RegisterReference, register_reference
from diagnosis.sheet_cells import csv_field, set_text

CellKind = Literal["text", "int", "float", "year", "bool"]


@dataclass(frozen=True)
class ExportColumn:
    key: str  # the record's key in JSON; a register field's name where it is one
    zh: str  # the import knows the register fields' Chinese headers (diagnosis.register.enterprise)
    en: str
    width: float
    kind: CellKind = "text"

    @property
    def header(self) -> str:
        return f"{self.zh} ({self.en})"


# The finest code comes before the derived division, and the district's name (which the import
# recognises under 区县（市）) after its code: a header the import might one day also know
# (区县代码) then names the same district, so the round trip holds either way.
# fmt: off
COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("name", "企业名称", "Enterprise name", 36),
    ExportColumn("credit_code", "统一社会信用代码", "Unified social credit code", 22),
    ExportColumn("industry", "行业代码", "Industry code", 10),
    ExportColumn("industry_name", "行业名称", "Industry name", 24),
    ExportColumn("division", "大类代码", "Division code", 9),
    ExportColumn("division_name", "大类名称", "Division name", 24),
    ExportColumn("district_code", "区县代码", "District code", 10),
    ExportColumn("district", "区县（市）", "District / county", 16),
    ExportColumn("district_kind", "区县类别", "District kind", 10),
    ExportColumn("cluster", "产业集群", "Industrial cluster", 14),
    ExportColumn("cluster_name", "集群名称", "Cluster name", 20),
    ExportColumn("above_scale", "规上企业", "Above designated size", 9, "bool"),
    ExportColumn("willing", "愿意接受诊断", "Willing to be diagnosed", 9, "bool"),
    ExportColumn("employees", "从业人员（人）", "Employees, persons", 10, "int"),
    ExportColumn("output_value", "工业总产值（万元）", "Industrial output value, 10k yuan", 14,
                 "float"),
    ExportColumn("tax", "税收（万元）", "Tax paid, 10k yuan", 12, "float"),
    ExportColumn("land_area", "用地面积（亩）", "Land area, mu", 11, "float"),
    ExportColumn("per_mu_class", "亩均评价", "Per-mu evaluation class", 9),
    ExportColumn("green_stars", "绿色工厂星级", "Green-factory stars", 9, "int"),
    ExportColumn("data_year", "数据年度", "Data year", 9, "year"),
    ExportColumn("address", "地址", "Address", 36),
    ExportColumn("contact_person", "联系人", "Contact person", 10),
    ExportColumn("contact_phone", "联系电话", "Contact phone", 16),
)
# fmt: on
KIND_LABELS = {
    "district": ("区", "district"),
    "county_city": ("县级市", "county-level city"),
    "county": ("县", "county"),
    "zone": ("功能区", "functional zone"),
}
_YES_NO = {"zh": ("是", "否"), "en": ("yes", "no")}  # both read back by the import
_NUMBER_FORMATS = {"int": "0", "year": "0", "float": "General"}
SHEET_NAME = "企业名录"


def records(
    enterprises: Iterable[Enterprise], lang: Lang = "zh", ref: RegisterReference | None = None
) -> Iterator[dict[str, Any]]:
    """Every enterprise as one flat record: stored values as stored (codes, booleans,
    numbers, ``None`` for empty), names of the derived columns in ``lang``."""
    from diagnosis.register.industry import division_of, industry_name

    ref = ref or register_reference()
    for e in enterprises:
        district = ref.districts.get(e.district)
        cluster = ref.clusters.get(e.cluster)
        division = division_of(e.industry)
        values = e.values()
        record: dict[str, Any] = {"id": e.id}
        for col in COLUMNS:
            record[col.key] = values.get(col.key)
        record.update(
            industry_name=industry_name(e.industry, lang) if e.industry else None,
            division=division,
            division_name=industry_name(division, lang) if division else None,
            district_code=e.district,
            district=district.label(lang) if district else e.district,
            district_kind=district.kind if district else None,
            cluster_name=cluster.label(lang) if cluster else None,
        )
        yield record


def headers() -> list[str]:
    return [col.header for col in COLUMNS]


def cells(record: dict[str, Any], lang: Lang = "zh") -> list[Any]:
    """The record's row as cells: yes/no as words, the district kind as a label, codes as
    text; numbers stay numbers (None for an empty cell)."""
    row: list[Any] = []
    for col in COLUMNS:
        value = record.get(col.key)
        if col.kind == "bool":
            yes, no = _YES_NO[lang]
            value = yes if value else no
        elif col.key == "district_kind" and value in KIND_LABELS:
            value = KIND_LABELS[value][0 if lang == "zh" else 1]
        elif isinstance(value, float) and not math.isfinite(value):
            value = str(value)  # Excel has no NaN or infinity
        row.append(value)
    return row


def write_csv(
    path: Path, rows: Iterable[dict[str, Any]], lang: Lang = "zh", count: int = 0
) -> None:
    """UTF-8 with a BOM (Excel then opens it as UTF-8), a formula-like text neutralised."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers())
        for record in rows:
            writer.writerow(["" if v is None else csv_field(v) for v in cells(record, lang)])


def write_xlsx(
    path: Path, rows: Iterable[dict[str, Any]], lang: Lang = "zh", count: int = 0
) -> None:
    """One sheet: the bilingual header frozen above the ``count`` rows, filters on it, columns
    sized; text cells are strings that Excel never evaluates (sheet_cells.set_text)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)  # constant memory for a register of 300,000 firms
    ws = wb.create_sheet(SHEET_NAME)
    ws.freeze_panes = "C2"  # the header and the name and code stay in view
    for n, col in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(n)].width = col.width
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE6F0")
    header = []
    for text in headers():
        cell = WriteOnlyCell(ws)
        set_text(cell, text)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    ws.append(header)
    for record in rows:
        line = []
        for col, value in zip(COLUMNS, cells(record, lang), strict=True):
            cell = WriteOnlyCell(ws)
            if isinstance(value, str):
                set_text(cell, value)  # a code such as 3484 stays text: "3484", never 3484.0
            elif value is not None:
                cell.value = value
                cell.number_format = _NUMBER_FORMATS.get(col.kind, "General")
            line.append(cell)
        ws.append(line)
    wb.save(path)


def write_file(
    path: Path, rows: Iterable[dict[str, Any]], lang: Lang = "zh", count: int = 0
) -> None:
    """``path`` by its suffix (.xlsx or .csv); OSError if it cannot be written. ``rows`` is
    read once, as it comes: a register of 300,000 firms is never held whole.

    Written beside it first and then put in its place: a folder that is missing or read-only
    fails before any work, and a failure half-way never leaves half a register behind.
    """
    import os

    writer = {".xlsx": write_xlsx, ".csv": write_csv}[path.suffix.lower()]
    temp = path.with_name(f".{path.stem}.{os.getpid()}.part{path.suffix}")
    temp.open("wb").close()  # the OSError of an unwritable place, before openpyxl starts
    try:
        writer(temp, rows, lang, count)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def summary(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Counts for a glance: all, above scale, without an industry or a district, by district
    ("—" for none)."""
    counts = {"enterprises": 0, "above_scale": 0, "no_industry": 0, "no_district": 0}
    by_district: dict[str, int] = {}
    for r in rows:
        counts["enterprises"] += 1
        counts["above_scale"] += bool(r["above_scale"])
        counts["no_industry"] += not r["industry"]
        counts["no_district"] += not r["district_code"]
        key = r["district"] or "—"
        by_district[key] = by_district.get(key, 0) + 1
    return {**counts, "by_district": dict(sorted(by_district.items(), key=lambda kv: -kv[1]))}

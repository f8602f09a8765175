"""The full-data sheets of the office workbook: every enterprise, visit and current measure
behind the figures, one row each, so a reader can check any number by filtering.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from openpyxl import Workbook

from diagnosis.checklists.format import AREAS
from diagnosis.measures.catalogue import measures_catalogue
from diagnosis.measures.project_categories import project_table
from diagnosis.measures.proposals import COUNTED
from diagnosis.messages import Lang
from diagnosis.office.figures import OfficeFigures
from diagnosis.office.labels import area_label, both, dimension_header, key_label, word
from diagnosis.office.workbook_sheet import Col, Sheet, filter_note

if TYPE_CHECKING:
    from diagnosis.office.service import OfficeData


def _yes(flag: bool, lang: Lang) -> str:
    return word("yes" if flag else "no", lang)


def _enterprises(wb: Workbook, fig: OfficeFigures, data: OfficeData, lang: Lang) -> None:
    cols = [
        Col(dimension_header("name"), 34),
        Col(dimension_header("credit_code"), 22, "text"),
        Col(dimension_header("district"), 14),
        Col(dimension_header("industry"), 24),
        Col(dimension_header("cluster"), 18),
        Col(dimension_header("above_scale"), 10),
        Col(dimension_header("willing"), 10),
        Col(f"{both('visits')} ({both('unit.visits')})", 12, "count"),
        Col(both("diagnosed"), 12),
        Col(both("last_visit"), 14, "text"),
    ]
    sheet = Sheet(
        wb, both("sheet.enterprises"), both("sheet.enterprises"), filter_note(fig, lang), cols
    )
    for e in data.enterprises:
        sheet.row(
            [
                e.name,
                e.credit_code,
                key_label("district", e.district, lang) if e.district else "",
                key_label("industry", e.industry, lang) if e.industry else "",
                key_label("cluster", e.cluster, lang) if e.cluster else "",
                _yes(e.above_scale, lang),
                _yes(e.willing, lang),
                e.visits,
                _yes(e.diagnosed, lang),
                e.last_visit,
            ]
        )
    sheet.row(
        [
            both("total"),
            "",
            "",
            "",
            "",
            "",
            "",
            sum(e.visits for e in data.enterprises),
            sum(e.diagnosed for e in data.enterprises),
            "",
        ],
        bold=True,
    )


def _visits(wb: Workbook, fig: OfficeFigures, data: OfficeData, lang: Lang) -> None:
    cols = [
        Col(both("date"), 12, "text"),
        Col(dimension_header("name"), 34),
        Col(dimension_header("credit_code"), 22, "text"),
        Col(dimension_header("district"), 14),
        Col(both("status"), 12),
        Col(both("revision"), 8, "count"),
        Col(both("counted"), 10),
        Col(both("diagnoses"), 10),
        Col(both("team"), 28),
        *(
            Col(f"{area_label(a, 'zh')} {area_label(a, 'en')} ({both('score')})", 14, "score")
            for a in AREAS
        ),
        Col(both("visit") + " ID", 38, "text"),
        Col(both("previous") + " ID", 38, "text"),
    ]
    sheet = Sheet(wb, both("sheet.visits"), both("sheet.visits"), filter_note(fig, lang), cols)
    for v in data.visits:
        sheet.row(
            [
                v.date,
                v.enterprise_name,
                v.credit_code,
                key_label("district", v.district, lang) if v.district else "",
                key_label("status", v.status, lang),
                v.revision,
                _yes(v.counted, lang),
                _yes(v.diagnosis, lang),
                "、".join(v.team),
                *(v.scores.get(a) for a in AREAS),
                v.id,
                v.previous_id or "",
            ]
        )


_FIGURES = ("investment_10k_yuan", "money_saved_yuan", "tce", "co2_t", "water_m3")


def _measures(wb: Workbook, fig: OfficeFigures, data: OfficeData, lang: Lang) -> None:
    cols = [
        Col(dimension_header("name"), 34),
        Col(dimension_header("district"), 14),
        Col(both("code"), 14, "text"),
        Col(both("title"), 40),
        Col(both("area"), 20),
        Col(both("category"), 12, "text"),
        Col(both("status"), 12),
        Col(both("origin_year"), 10, "text"),
        *(Col(both(name), 14, name) for name in _FIGURES),
        Col(both("kinds"), 34),
        Col(both("realised_money_yuan"), 16, "money_saved_yuan"),
    ]
    sheet = Sheet(wb, both("sheet.measures"), both("sheet.measures"), filter_note(fig, lang), cols)
    cat = measures_catalogue()
    for m in data.measures:
        title = m.title
        if m.code is not None and m.code in cat:
            title = cat.get(m.code).label(lang)
        sheet.row(
            [
                m.enterprise_name,
                key_label("district", m.district, lang) if m.district else "",
                m.code or "",
                title,
                area_label(m.area, lang),
                m.category,
                key_label("status", m.status, lang),
                "" if m.origin_year is None else str(m.origin_year),
                m.investment_10k_yuan,
                m.money_saved_yuan,
                m.tce,
                m.co2_t,
                m.water_m3,
                "、".join(key_label("kind", k, lang) for k in m.kinds),
                m.realised_money_yuan,
            ]
        )
    accepted = [m for m in data.measures if m.status in COUNTED]
    totals = [math.fsum(getattr(m, name) or 0.0 for m in accepted) for name in _FIGURES]
    realised = math.fsum(m.realised_money_yuan or 0.0 for m in accepted)
    label = f"{both('total_accepted')}: {len(accepted)} {both('unit.measures')}"
    sheet.row([label, "", "", "", "", "", "", "", *totals, "", realised], bold=True)


def _support(pairs: tuple[tuple[str, str], ...], lang: Lang) -> str:
    """The support a project may apply for; '*' marks a prerequisite still to check."""
    table = project_table()
    out = []
    for key, state in pairs:
        s = table.support.get(key)
        name = key if s is None else (s.short.zh if lang == "zh" else s.short.en)
        out.append(name + ("*" if state == "unknown" else ""))
    return "；".join(out) if lang == "zh" else "; ".join(out)


def _projects(wb: Workbook, fig: OfficeFigures, data: OfficeData, lang: Lang) -> None:
    """One row per project (diagnosis.measures.projects) among the current measures: the decision at
    each enterprise's latest counted visit that has one, as the pipeline counts them."""
    cols = [
        Col(dimension_header("name"), 34),
        Col(dimension_header("credit_code"), 22, "text"),
        Col(dimension_header("district"), 14),
        Col(dimension_header("industry"), 24),
        Col(both("code"), 14, "text"),
        Col(both("project_title"), 40),
        Col(both("project"), 22),
        Col(both("investment_10k_yuan"), 14, "investment_10k_yuan"),
        Col(both("start_month"), 12, "text"),
        Col(both("duration_months"), 12, "count"),
        Col(both("money_saved_yuan"), 16, "money_saved_yuan"),
        Col(both("tce"), 14, "tce"),
        Col(f"{both('support')} {both('support_pending')}", 44),
        Col(both("visit") + " ID", 38, "text"),
    ]
    title = both("title.projects")
    sheet = Sheet(wb, both("sheet.projects"), title, filter_note(fig, lang), cols)
    cat = measures_catalogue()
    rows = [m for m in data.measures if m.project and m.status in COUNTED]
    for m in rows:
        name = m.title
        if m.code is not None and m.code in cat:
            t = cat.get(m.code).title
            name = t.zh if lang == "zh" else t.en
        sheet.row(
            [
                m.enterprise_name,
                m.credit_code,
                key_label("district", m.district, lang) if m.district else "",
                key_label("industry", m.industry, lang) if m.industry else "",
                m.code or "",
                name,
                key_label("project", m.project, lang),
                m.investment_10k_yuan,
                m.start_month,
                m.duration_months,
                m.money_saved_yuan,
                m.tce,
                _support(m.support, lang),
                m.visit_id,
            ]
        )
    label = f"{both('total_projects')}: {len(rows)} {both('unit.projects')}"
    sums = [
        math.fsum(getattr(m, n) or 0.0 for m in rows)
        for n in ("investment_10k_yuan", "money_saved_yuan", "tce")
    ]
    sheet.row([label, "", "", "", "", "", "", sums[0], "", None, sums[1], sums[2], "", ""], True)


def data_sheets(wb: Workbook, fig: OfficeFigures, data: OfficeData, lang: Lang) -> None:
    _enterprises(wb, fig, data, lang)
    _visits(wb, fig, data, lang)
    _measures(wb, fig, data, lang)
    _projects(wb, fig, data, lang)

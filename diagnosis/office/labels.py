"""The words of the office figures, in both languages: headings, units, statuses, kinds.

One table for the command line, the Excel report and the office page, so a figure is named the
same everywhere. Codes (districts, divisions, clusters) are named by the register's reference
lists and areas by their checklists; this module only looks them up. No SQL, no Qt.
"""

from __future__ import annotations

from diagnosis.checklists.load import load_checklist
from diagnosis.measures.project_categories import project_table
from diagnosis.messages import Lang
from diagnosis.register.enterprise import FIELD_BY_NAME
from diagnosis.register.industry_table import industry_label
from diagnosis.register.reference_data import register_reference

# fmt: off
# A word table: one entry a line reads better than the formatter's layout.
WORDS: dict[str, tuple[str, str]] = {
    # dimensions and row keys
    "year": ("年度", "Year"),
    "month": ("月份", "Month"),
    "area": ("领域", "Area"),
    "category": ("类别", "Category"),
    "status": ("状态", "Status"),
    "member": ("诊断人员", "Team member"),
    "kind": ("项目类型", "Project kind"),
    "total": ("合计", "Total"),
    "unset": ("未填写", "Not set"),
    "custom": ("自定义措施", "Custom measure"),
    # coverage
    "enterprises": ("企业数", "Enterprises"),
    "above_scale": ("规上企业", "Above scale"),
    "target": ("有意愿规上企业", "Willing above scale"),
    "diagnosed": ("已诊断", "Diagnosed"),
    "diagnosed_above_scale": ("已诊断规上", "Diagnosed above scale"),
    "diagnosed_target": ("已诊断有意愿规上", "Diagnosed willing above scale"),
    "share": ("覆盖率", "Coverage"),
    "first_diagnosed": ("当年首次诊断", "First diagnosed that year"),
    "cumulative": ("累计诊断", "Diagnosed to date"),
    "never_visited": ("从未走访", "Never visited"),
    "never_visited_target": ("从未走访的有意愿规上企业", "Willing above-scale never visited"),
    # visits
    "visits": ("走访次数", "Visits"),
    "diagnoses": ("诊断", "Diagnoses"),
    "follow_ups": ("回访", "Follow-ups"),
    "last_visit": ("最近走访", "Latest visit"),
    "counted": ("计入统计", "Counted"),
    "revision": ("修订版", "Revision"),
    "previous": ("前一次走访", "Previous visit"),
    "team": ("诊断组", "Team"),
    "date": ("日期", "Date"),
    # measures
    "count": ("措施数", "Measures"),
    "investment_10k_yuan": ("投资 (万元)", "Investment (10k yuan)"),
    "money_saved_yuan": ("年节约金额 (元/年)", "Savings (yuan/yr)"),
    "tce": ("年节能量 (tce/年)", "Energy saved (tce/yr)"),
    "co2_t": ("年减排 CO2 (t/年)", "CO2 avoided (t/yr)"),
    "water_m3": ("年节水量 (m³/年)", "Water saved (m³/yr)"),
    "without_investment": ("未填投资", "No investment yet"),
    "without_money": ("未填节约金额", "No savings yet"),
    "origin_year": ("纳入年度", "Year accepted"),
    "kinds": ("计入项目类型", "Counts as"),
    "code": ("编号", "Code"),
    "title": ("措施", "Measure"),
    "realised_money_yuan": ("实际年节约 (元/年)", "Realised savings (yuan/yr)"),
    "projected_money_yuan": ("预计年节约 (元/年)", "Projected savings (yuan/yr)"),
    "realised_tce": ("实际年节能 (tce/年)", "Realised energy saved (tce/yr)"),
    "projected_tce": ("预计年节能 (tce/年)", "Projected energy saved (tce/yr)"),
    "realised_measures": ("有实际数据的措施", "Measures with realised figures"),
    "money_ratio": ("实际/预计", "Realised / projected"),
    "accepted_measures": ("已采纳措施", "Accepted measures"),
    "open_proposals": ("待定建议", "Open proposals"),
    # targets
    "target_value": ("年度目标 (个)", "Yearly target (projects)"),
    "target_share": ("完成率", "Achieved"),
    "target_carried": ("沿用", "carried"),
    "source": ("来源", "Source"),
    # peers
    "group": ("对标范围", "Peer group"),
    "n": ("样本数", "Peers"),
    "q1": ("下四分位", "Lower quartile"),
    "median": ("中位数", "Median"),
    "q3": ("上四分位", "Upper quartile"),
    "score": ("得分", "Score"),
    # sheets and headings
    "sheet.summary": ("概况", "Summary"),
    "sheet.coverage": ("覆盖", "Coverage"),
    "sheet.pipeline": ("项目", "Pipeline"),
    "sheet.targets": ("目标", "Targets"),
    "sheet.peers": ("对标", "Peers"),
    "sheet.enterprises": ("企业", "Enterprises"),
    "sheet.visits": ("走访", "Visits"),
    "sheet.measures": ("措施", "Measures"),
    "title.report": ("企业诊断服务统计", "Enterprise diagnosis service: figures"),
    "title.coverage": ("诊断覆盖", "Coverage"),
    "title.pipeline": ("项目储备", "Project pipeline"),
    "title.targets": ("对照行动计划目标", "Against the plan's targets"),
    "title.realised": ("回访实际节约", "Realised savings at follow-ups"),
    "title.members": ("诊断人员走访", "Visits per team member"),
    "title.trend": ("每月走访", "Visits by month"),
    "title.peers": ("同行对标（至少 5 家）", "Peer spread (five or more)"),
    "filter": ("筛选", "Filter"),
    "item": ("指标", "Item"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "name": ("名称", "Name"),
    "dimension": ("维度", "Dimension"),
    "enterprise": ("企业", "Enterprise"),
    "visit": ("走访", "Visit"),
    "total_accepted": ("合计（已采纳）", "Total (accepted)"),
    "total_all": ("合计（全部状态）", "Total (every status)"),
    # the project list (diagnosis.measures.projects)
    "project": ("项目类别", "Project category"),
    "start_year": ("计划开工年度", "Start year"),
    "start_month": ("计划开工", "Start (YYYY-MM)"),
    "duration_months": ("工期 (月)", "Duration (months)"),
    "support": ("可申请的支持", "Support it may apply for"),
    "project_title": ("项目名称", "Project"),
    "sheet.projects": ("项目清单", "Projects"),
    "title.projects": ("技术改造项目清单", "Technical-transformation projects"),
    "total_projects": ("合计（项目）", "Total (projects)"),
    "unit.projects": ("个", "projects"),
    "support_pending": ("（*：前提条件待核实）", "(*: prerequisites to check)"),
    "sheet.progress": ("进度", "Progress"),
    "sheet.team": ("人员", "Team"),
    "sheet.months": ("月度", "Months"),
    "unit.enterprises": ("家", "enterprises"),
    "unit.visits": ("次", "visits"),
    "unit.measures": ("项", "measures"),
    "unit.share": ("%", "%"),
    "all": ("全部", "All"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
}
STATUS_WORDS: dict[str, tuple[str, str]] = {
    # measure statuses
    "proposed": ("建议", "proposed"),
    "accepted": ("已采纳", "accepted"),
    "rejected": ("不采纳", "rejected"),
    "planned": ("已列入计划", "planned"),
    "in_progress": ("实施中", "in progress"),
    "implemented": ("已实施", "implemented"),
    "not_implemented": ("未实施", "not implemented"),
    # visit statuses
    "draft": ("草稿", "draft"),
    "finalised": ("已定稿", "finalised"),
    "revision": ("修订中", "revision"),
    "follow_up": ("回访", "follow-up"),
}
KIND_WORDS: dict[str, tuple[str, str]] = {
    "technical_transformation": ("技术改造项目", "technical-transformation projects"),
    "digital_intelligent": ("数字化/智能化改造项目", "digital/intelligent projects"),
    "energy_emission": ("节能减排技术改造项目", "energy-saving and emission projects"),
}
GROUP_WORDS: dict[str, tuple[str, str]] = {
    "industry": ("同行业大类", "same industry division"),
    "district": ("同区县", "same district"),
}
# fmt: on


def word(key: str, lang: Lang) -> str:
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


def both(key: str) -> str:
    """ "区县 District": the bilingual header of a government report."""
    zh, en = WORDS[key]
    return f"{zh} {en}"


def _pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "zh" else pair[1]


def status_label(status: str, lang: Lang) -> str:
    return _pick(STATUS_WORDS.get(status, (status, status)), lang)


def kind_label(kind: str, lang: Lang) -> str:
    return _pick(KIND_WORDS.get(kind, (kind, kind)), lang)


def group_label(group: str, lang: Lang) -> str:
    return _pick(GROUP_WORDS.get(group, (group, group)), lang)


def area_label(area: str, lang: Lang) -> str:
    if not area:
        return word("custom", lang)
    try:
        title = load_checklist(area).title
    except ValueError:
        return area
    return title.zh if lang == "zh" else title.en


def dimension_label(dimension: str, lang: Lang) -> str:
    """The heading of a dimension: a register field's label, or one of this table's words."""
    if dimension in FIELD_BY_NAME:
        spec = FIELD_BY_NAME[dimension]
        if spec.short is not None:
            return spec.short[0] if lang == "zh" else spec.short[1]
        return spec.label(lang)
    return word(dimension, lang)


def dimension_header(dimension: str) -> str:
    return f"{dimension_label(dimension, 'zh')} {dimension_label(dimension, 'en')}"


def key_label(dimension: str, key: str | None, lang: Lang) -> str:
    """What a row key reads as: a district's name, a division's code and name, a status..."""
    if key is None or key == "":
        return word("unset", lang) if dimension != "area" else area_label("", lang)
    ref = register_reference()
    if dimension == "district":
        return ref.districts.label(key, lang)
    if dimension == "industry":
        return industry_label(key, lang)
    if dimension == "cluster":
        return ref.clusters.label(key, lang)
    if dimension == "area":
        return area_label(key, lang)
    if dimension == "status":
        return status_label(key, lang)
    if dimension == "kind":
        return kind_label(key, lang)
    if dimension == "group":
        return group_label(key, lang)
    if dimension == "project":
        category = project_table().categories.get(key)
        return key if category is None else _pick(category.label, lang)
    return key

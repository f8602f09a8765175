"""Why a mandatory cleaner-production audit may apply, as a sentence of its own in both languages.

The cases of the 2016 order (清洁生产审核办法, art. 8), the checklist answers that record each
(over-quota energy use in the energy area included) and the order's deadlines come from
plan_rules.json; the audit's recorded stage (CP04) decides how the sentence reads. The app cannot
know whether a firm is on the list, so unless the team recorded it the firm is told it may be and
to confirm with the ecology and environment bureau. No Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from diagnosis.assessment.scoring import relevant
from diagnosis.checklists.format import Checklist, Item
from diagnosis.messages import Bilingual

FLAG = "cleaner_production.audit_mandatory"
TRIGGER = "cleaner_production.trigger."
STAGE_ITEM, YEAR_ITEM = "CP04", "CP05"
_TOXIC = TRIGGER + "toxic"
_ORDER = Bilingual(
    "《清洁生产审核办法》（国家发展和改革委员会、环境保护部令第38号）",
    "the Cleaner Production Audit Measures (清洁生产审核办法, NDRC and MEP Order No. 38, 2016)",
)


class RuleLike(Protocol):
    @property
    def value(self) -> Any: ...
    @property
    def note(self) -> Bilingual: ...


def audit_reason(
    checklists: Mapping[str, Checklist],
    answers: Mapping[str, Mapping[str, object]],
    rules: Mapping[str, RuleLike],
    shown: Mapping[str, Sequence[Item]] | None = None,
) -> tuple[Bilingual, tuple[str, ...]] | None:
    """The reason and the items behind it, or None when no case of article 8 is recorded.
    ``shown``: each area's relevant items when the caller has them already."""
    cases = _cases(checklists, answers, rules, shown)
    if not cases:
        return None
    cause = Bilingual(
        "；".join(
            _with_ids(name.zh, f"检查项 {'、'.join(ids)}", "（", "）") for _, name, ids in cases
        ),
        "; ".join(
            _with_ids(
                name.en, f"{'item' if len(ids) == 1 else 'items'} {', '.join(ids)}", " (", ")"
            )
            for _, name, ids in cases
        ),
    )
    stage, stage_text = _stage(checklists, answers)
    toxic = any(key == _TOXIC for key, _, _ in cases)
    tail = _by_stage(stage, stage_text, toxic, _year(answers), rules)
    reason = Bilingual(
        f"诊断记录显示：{cause.zh}。{tail.zh}", f"The diagnosis records that {cause.en}. {tail.en}"
    )
    items = tuple(dict.fromkeys(i for _, _, ids in cases for i in ids))
    return reason, items


def _with_ids(text: str, ids: str, open_: str, close: str) -> str:
    """The case's words with its checklist items in its closing bracket, or in one of their own."""
    if text.endswith(close):
        return f"{text[: -len(close)]}；{ids}{close}" if close == "）" else f"{text[:-1]}; {ids})"
    return f"{text}{open_}{ids}{close}"


def _cases(
    checklists: Mapping[str, Checklist],
    answers: Mapping[str, Mapping[str, object]],
    rules: Mapping[str, RuleLike],
    shown: Mapping[str, Sequence[Item]] | None = None,
) -> list[tuple[str, Bilingual, tuple[str, ...]]]:
    """Each case of article 8 the answers record: its rule key, its wording, the items."""

    def items_of(area: str, checklist: Checklist) -> Sequence[Item]:
        if shown is not None and area in shown:
            return shown[area]
        return relevant(checklist, answers.get(area, {}))

    visible: dict[str, set[str]] = {
        area: {i.id for i in items_of(area, c)} for area, c in checklists.items()
    }
    out: list[tuple[str, Bilingual, tuple[str, ...]]] = []
    named: set[str] = set()
    for key, rule in rules.items():
        if not key.startswith(TRIGGER):
            continue
        ids = []
        for entry in rule.value:
            area, item = entry["area"], entry["item"]
            named.add(item)
            recorded = answers.get(area, {}).get(item)
            if item in visible.get(area, ()) and recorded in entry["answers"]:
                ids.append(item)
        if ids:
            out.append((key, rule.note, tuple(ids)))
    # An item a checklist flags that no rule names still counts, under the article's own name.
    cp = checklists.get("cleaner_production")
    if cp is not None:
        given = answers.get("cleaner_production", {})
        other = tuple(
            i.id
            for i in items_of("cleaner_production", cp)
            if i.flag == FLAG and i.id not in named and given.get(i.id) == "yes"
        )
        if other:
            out.append(("", Bilingual("属于第八条所列情形", "a case of article 8 applies"), other))
    return out


def _stage(
    checklists: Mapping[str, Checklist], answers: Mapping[str, Mapping[str, object]]
) -> tuple[str, Bilingual]:
    """CP04's answer and, for a stage in progress, its words without the "in progress" lead."""
    value = answers.get("cleaner_production", {}).get(STAGE_ITEM)
    cp = checklists.get("cleaner_production")
    if not isinstance(value, str) or cp is None:
        return "", Bilingual("", "")
    try:
        option = cp.item(STAGE_ITEM).option(value)
    except KeyError:
        return "", Bilingual("", "")
    if option is None:
        return "", Bilingual("", "")
    zh, en = option.text.zh, option.text.en
    return value, Bilingual(zh.split("：", 1)[-1], en.split(": ", 1)[-1])


def _year(answers: Mapping[str, Mapping[str, object]]) -> int | None:
    year = answers.get("cleaner_production", {}).get(YEAR_ITEM)
    return int(year) if isinstance(year, (int, float)) and not isinstance(year, bool) else None


def _en(n: int | None, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def _by_stage(
    stage: str, stage_text: Bilingual, toxic: bool, year: int | None, rules: Mapping[str, RuleLike]
) -> Bilingual:
    def n(key: str) -> int | None:
        rule = rules.get("cleaner_production." + key)
        return None if rule is None else int(rule.value)

    pub, start, finish = (
        n("publish_within_months"),
        n("start_within_months"),
        n("finish_within_years"),
    )
    interval = n("toxic_interval_max_years")
    known = pub is not None and start is not None and finish is not None
    deadlines = (
        Bilingual(
            f"名单公布后 {pub} 个月内公布企业相关信息、{start} 个月内启动审核、"
            f"{finish} 年内完成本轮审核并报送审核报告",
            f"within {_en(pub, 'month')} of the list it publishes its information, within "
            f"{_en(start, 'month')} it starts the audit, and within {_en(finish, 'year')} it "
            "finishes the round and submits the audit report",
        )
        if known
        else Bilingual("审核时限以生态环境部门通知为准", "the deadlines are as the bureau notifies")
    )
    if stage in ("", "never"):
        return Bilingual(
            f"按{_ORDER.zh}第八条，企业可能被列入强制性清洁生产审核名单，请向生态环境部门确认；"
            f"列入名单的，应在{deadlines.zh}。",
            f"Under article 8 of {_ORDER.en} the enterprise may be on the list of firms required "
            "to audit; confirm with the ecology and environment bureau. Once listed, "
            f"{deadlines.en}.",
        )
    if stage == "listed_not_started":
        return Bilingual(
            f"企业已列入强制性清洁生产审核名单，尚未启动审核：应在{deadlines.zh}。",
            f"The enterprise is on the list for a mandatory audit and has not started it: "
            f"{deadlines.en}.",
        )
    if stage.startswith("stage_"):
        due = (
            Bilingual(
                f"应在名单公布后 {finish} 年内完成本轮审核并报送审核报告。",
                "The round is to be finished and the audit report submitted within "
                f"{_en(finish, 'year')} of the list.",
            )
            if finish is not None
            else Bilingual(
                "完成时限以生态环境部门通知为准。", "The bureau's notice sets the deadline."
            )
        )
        return Bilingual(
            f"企业的清洁生产审核正在进行（{stage_text.zh}）。{due.zh}",
            f"The enterprise's cleaner-production audit is in progress ({stage_text.en}). {due.en}",
        )
    done = Bilingual(
        "企业本轮清洁生产审核已完成并报送审核报告，待评估验收。"
        if stage == "reported"
        else "企业本轮清洁生产审核已完成并通过评估验收。",
        "The enterprise has finished this round and submitted the audit report, awaiting "
        "assessment and acceptance."
        if stage == "reported"
        else "The enterprise has finished this round and it has been assessed and accepted.",
    )
    if toxic and interval is not None:
        next_round = (
            Bilingual(
                f"最近一轮完成于 {year} 年，下一轮审核最迟应于 {year + interval} 年完成。",
                f"The last round was completed in {year}; the next is due in "
                f"{year + interval} at the latest.",
            )
            if year is not None
            else Bilingual("", "")
        )
        return Bilingual(
            f"{done.zh}“双有”企业两次审核间隔不得超过 {interval} 年。{next_round.zh}".rstrip(),
            f"{done.en} For double-toxic firms no more than {interval} years may pass between two "
            f"audits. {next_round.en}".rstrip(),
        )
    return Bilingual(
        f"{done.zh}上述情形仍存在的，可能再次被列入强制性清洁生产审核名单，请向生态环境部门确认。",
        f"{done.en} While the case above persists the enterprise may be listed again; confirm "
        "with the ecology and environment bureau.",
    )

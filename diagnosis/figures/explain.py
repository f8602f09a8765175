"""How a figure was computed, in words: each term with its coefficient, unit, source and
confidence, the result, the note and any coefficient of another year or region. The words of
``Figure.explain``, kept apart from the arithmetic in ``diagnosis.figures.indicators``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diagnosis.checklists.units import unit_text
from diagnosis.figures.coefficients import BASIS_LABELS, convert, format_number
from diagnosis.messages import Bilingual, Lang

if TYPE_CHECKING:
    # Types only: indicators imports this module for ``Figure.explain``; this one only reads
    # the figures it is given.
    from diagnosis.figures.indicators import Figure, Term

_num = format_number
_TITLES: dict[str, Bilingual] = {
    "energy.total": Bilingual("综合能耗", "Total energy consumption"),
    "energy.intensity": Bilingual("万元产值综合能耗", "Energy use per 10 000 yuan of output"),
    "co2.total": Bilingual("二氧化碳排放量", "CO2 emissions"),
    "water.intake": Bilingual("取水量", "Water intake"),
    "water.reuse_rate": Bilingual("重复利用率", "Water reuse rate"),
    "water.intake_per_output": Bilingual(
        "万元产值取水量", "Water intake per 10 000 yuan of output"
    ),
}


def _pick(text: Bilingual, lang: Lang) -> str:
    return text.zh if lang == "zh" else text.en


def explain_lines(fig: Figure, lang: Lang, indent: str) -> list[str]:
    zh = lang == "zh"
    title = _pick(_TITLES.get(fig.key, Bilingual(fig.key, fig.key)), lang)
    basis = f" [{_pick(BASIS_LABELS[fig.basis], lang)}]" if fig.basis else ""
    year = (f"（{fig.year} 年）" if zh else f" ({fig.year})") if fig.year is not None else ""
    lines = [f"{indent}{title}{basis}{year}:"]
    for t in fig.terms:
        lines += _term_lines(t, lang, fig.year, indent + "  ")
    result = "结果" if zh else "Result"
    lines.append(f"{indent}  {result} = {_num(fig.value)} {unit_text(fig.unit, lang)}{basis}")
    notes = [fig.note, *(x.words() for x in fig.stand_ins)]
    note = ("；" if zh else "; ").join(_pick(n, lang) for n in notes)
    lines.append(f"{indent}  {'说明' if zh else 'Note'}: {note}")
    for source in fig.inputs:
        lines.append(f"{indent}  {'依据' if zh else 'Derived from'}:")
        lines += explain_lines(source, lang, indent + "    ")
    return lines


def _term_lines(t: Term, lang: Lang, year: int | None, indent: str) -> list[str]:
    zh = lang == "zh"
    label = t.label.zh if zh else t.label.en

    def u(unit: str) -> str:  # a unit as the reader's language writes it ("万元": "10k yuan")
        return unit_text(unit, lang)

    head = f"{indent}- {label}: {_num(t.quantity)} {u(t.quantity_unit)}"
    if t.coefficient is None:
        if t.contribution != t.quantity or t.contribution_unit != t.quantity_unit:
            head += f" → {_num(t.contribution)} {u(t.contribution_unit)}"
        return [head]
    coef, amount, unit = t.coefficient, t.quantity, t.quantity_unit
    if t.conversion is not None:
        amount = convert(amount, unit, t.conversion.denominator) * t.conversion.value
        unit = t.conversion.numerator
        head += f" × {_num(t.conversion.value)} {u(t.conversion.unit)} = {_num(amount)} {u(unit)}"
    if unit != coef.denominator:
        head += f" = {_num(convert(amount, unit, coef.denominator))} {u(coef.denominator)}"
    head += (
        f" × {_num(coef.value)} {u(coef.unit)} = {_num(t.contribution)} {u(t.contribution_unit)}"
    )
    lines = [head]
    for c in (t.conversion, coef):
        if c is not None:
            stale = year is not None and not c.valid_in(year)
            note = (f"（注意：非 {year} 年数值）" if zh else f" (note: not a {year} value)") * stale
            lines.append(f"{indent}  {c.describe(lang)}{note}")
    return lines

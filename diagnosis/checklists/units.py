"""A unit as the reader's language writes it: the checklists give each unit once ("年", "万元",
"m³/yr", "年/year"), and the app shows "(year)", "(10k yuan)" in English and "m³/年", "年" in
Chinese. Published checklist versions stay as they are; the reading is done here.

The same reading serves every message built from a checklist's units, or from the units of the
reference tables beside them (prices "元/kWh", unit costs "元/kW", savings "kWh/yr", payback
"yr"): a compound unit not listed reads its money and its years in the reader's language
("元/kVA" is "yuan/kVA", "GJ/yr" is "GJ/年")."""

from __future__ import annotations

import re

from diagnosis.messages import Lang

# unit as written in a checklist -> (Chinese, English); a unit not here reads the same in both
# (kWh, m³, t, %, kW, GJ, bar(g): symbols both languages use), but for its money and years
# (_WORDS below).
UNITS: dict[str, tuple[str, str]] = {
    "年": ("年", "year"),
    "年/year": ("年", "year"),
    "年/years": ("年", "years"),
    "项/options": ("项", "options"),
    "万元": ("万元", "10k yuan"),
    "元": ("元", "yuan"),
    "台": ("台", "units"),
    "盏": ("盏", "lamps"),
    "元/m³": ("元/m³", "yuan/m³"),
    "元/kWh": ("元/kWh", "yuan/kWh"),
    "元/t": ("元/t", "yuan/t"),
    "m³/yr": ("m³/年", "m³/yr"),
    "t/yr": ("t/年", "t/yr"),
    "h/yr": ("h/年", "h/yr"),
    "kWh/yr": ("kWh/年", "kWh/yr"),
    "tce/yr": ("tce/年", "tce/yr"),
    "tce/万元": ("tce/万元", "tce/10k yuan"),
    "m³/万元": ("m³/万元", "m³/10k yuan"),
    "t/万元": ("t/万元", "t/10k yuan"),
    "kWh/万元": ("kWh/万元", "kWh/10k yuan"),
    # the plausibility ratios' units (diagnosis/reference/plausibility.json)
    "万元/人": ("万元/人", "10k yuan/person"),
    # the catalogue's unit costs per thing (diagnosis/reference/measures.json)
    "元/台": ("元/台", "yuan/unit"),
    "元/盏": ("元/盏", "yuan/lamp"),
    "元/次": ("元/次", "yuan/survey"),
    "元/家": ("元/家", "yuan/firm"),
    "元/套": ("元/套", "yuan/system"),
}

# The words of a compound unit not listed above (Chinese, English), longest first: the money
# and the years; the symbols around them (kW, kVA, GJ, tCO2 ...) read the same in both.
_WORDS: tuple[tuple[str, str], ...] = (("万元", "10k yuan"), ("元", "yuan"), ("年", "yr"))
_ZH_WORD = re.compile("|".join(zh for zh, _ in _WORDS))
_EN_WORD = re.compile("|".join(rf"(?<![A-Za-z]){en}(?![A-Za-z])" for _, en in _WORDS))
_TO_EN = dict(_WORDS)
_TO_ZH = {en: zh for zh, en in _WORDS}
# "年/year", "项/options": a Chinese word and its English, a word of three letters or more
# ("元/kg" and "元/kW" are money per a symbol, never a pair).
_PAIR_EN = re.compile(r"[a-z][a-z ]{2,}")


def unit_text(unit: str, lang: Lang) -> str:
    """``unit`` in ``lang``; a "中文/English" pair not listed gives its half, and a compound
    unit its money and years in ``lang`` ("元/kW" reads "yuan/kW", "kWh/yr" "kWh/年")."""
    known = UNITS.get(unit)
    if known is not None:
        return known[0] if lang == "zh" else known[1]
    zh, slash, en = unit.partition("/")
    if slash and zh and _PAIR_EN.fullmatch(en) and not zh.isascii():
        return zh if lang == "zh" else en
    if lang == "zh":
        return _EN_WORD.sub(lambda m: _TO_ZH[m.group()], unit)
    return _ZH_WORD.sub(lambda m: _TO_EN[m.group()], unit)

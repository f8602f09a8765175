"""A unit as the reader's language writes it: the checklists give each unit once ("年", "万元",
"m³/yr", "年/year"), and the app shows "(year)", "(10k yuan)" in English and "m³/年", "年" in
Chinese. Published checklist versions stay as they are; the reading is done here."""

from __future__ import annotations

from diagnosis.messages import Lang

# unit as written in a checklist -> (Chinese, English); a unit not here reads the same in both
# (kWh, m³, t, %, kW, GJ, bar(g): symbols both languages use).
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
}


def unit_text(unit: str, lang: Lang) -> str:
    """``unit`` in ``lang``; a "中文/English" pair not listed gives its half."""
    known = UNITS.get(unit)
    if known is not None:
        return known[0] if lang == "zh" else known[1]
    zh, slash, en = unit.partition("/")
    if slash and zh and en.isascii() and not zh.isascii():
        return zh if lang == "zh" else en
    return unit

"""How register values read on screen, in the chosen language (labels, units, yes/no)."""

from __future__ import annotations

from diagnosis.messages import Lang
from diagnosis.register.enterprise import Enterprise, FieldSpec
from diagnosis.register.industry_table import industry_label
from diagnosis.register.reference_data import register_reference


def display(e: Enterprise, spec: FieldSpec, lang: Lang) -> str:
    value = getattr(e, spec.name)
    if value is None or value == "":
        return ""
    ref = register_reference()
    if spec.kind == "bool":
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if spec.kind == "district":
        return ref.districts.label(value, lang)
    if spec.kind == "industry":
        return industry_label(value, lang)
    if spec.kind == "cluster":
        return ref.clusters.label(value, lang)
    if spec.kind == "stars":
        return "★" * int(value) if value else "—"
    if spec.kind == "float":
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if spec.kind == "int":
        return f"{value:,}"
    return str(value)


def is_numeric(spec: FieldSpec) -> bool:
    return spec.kind in ("int", "float", "year")

"""Render the improvement plan's context to report markup with the Jinja2 templates.

Every word lives in ``templates/plan/<lang>/``; this module only finds the templates and makes a
missing context key an error (StrictUndefined) rather than a silently empty line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from diagnosis.messages import Lang

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "plan"
LANGS: tuple[Lang, ...] = ("zh", "en")


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        # The markup is XML: &, < and > in any text must be escaped; a file name is not XML.
        autoescape=lambda name: name is None or name.endswith(".xml.j2"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_markup(context: dict[str, Any], lang: Lang) -> str:
    """The plan's markup (docs/report-markup.md) in ``lang``."""
    if lang not in LANGS:
        raise ValueError(f"no plan template for language '{lang}' (have {', '.join(LANGS)})")
    return environment().get_template(f"{lang}/plan.xml.j2").render(context)


def plan_file_name(enterprise: str, visit_date: str, revision: int, lang: Lang) -> str:
    """The plan's file name as ``<lang>/filename.txt.j2`` words it, safe on every file system."""
    name = (
        environment()
        .get_template(f"{lang}/filename.txt.j2")
        .render(enterprise=enterprise, date=visit_date, revision=revision)
        .strip()
    )
    cleaned = "".join("_" if c in _FORBIDDEN or ord(c) < 32 else c for c in name)
    return (cleaned.strip(" .")[:150] or "plan") + ".pdf"


_FORBIDDEN = '<>:"/\\|?*'  # reserved in file names on Windows, or a path separator

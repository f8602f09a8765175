"""Render the improvement plan's context to report markup with the Jinja2 templates.

Every word lives in ``templates/plan/<lang>/``; this module only finds the templates and makes a
missing context key an error (StrictUndefined) rather than a silently empty line.
"""

from __future__ import annotations

import contextlib
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket

from diagnosis.messages import Lang

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "plan"
LANGS: tuple[Lang, ...] = ("zh", "en")
_compiled: Path | None = None  # where compiled templates are kept (keep_compiled_in), if anywhere


def keep_compiled_in(folder: Path) -> None:
    """Keep the templates, once compiled, in ``folder`` (the user's cache: services.py says
    where) for the next process: the first plan of a session then loads them instead of
    compiling a dozen templates (a quarter of a second). Jinja2 checks each against its
    source, so an edited template is compiled again."""
    global _compiled
    if _compiled != folder:
        _compiled = folder
        environment.cache_clear()


class _AdvisoryCache(FileSystemBytecodeCache):
    """A cache that is advice only: a folder that cannot be written, or a damaged file, costs
    a compilation, never a plan."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged or foreign file: compile as if there were none
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> _AdvisoryCache | None:
    if _compiled is None:
        return None
    try:
        _compiled.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return _AdvisoryCache(str(_compiled))


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=_bytecode_cache(),
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

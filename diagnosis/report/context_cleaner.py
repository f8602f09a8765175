"""The plan's cleaner_report context (issue 17): plain data for templates/plan/*/_cleaner.xml.j2."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from diagnosis.assessment import Assessment
from diagnosis.document import Document
from diagnosis.messages import Lang


def build(
    doc: Document,
    a: Assessment,
    lang: Lang,
    *,
    peers: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Empty until built: the template prints nothing for an empty mapping."""
    return {}

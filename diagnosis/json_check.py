"""Reading JSON data with every problem named by its JSON path (``$.visit.date: …``), so a
malformed document is refused whole, listing all that is wrong, and nothing is half-read."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any


class Checker:
    """Collects problems while reading; each reader returns a safe value either way."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def need(self, ok: bool, path: str, reason: str) -> bool:
        if not ok:
            self.problems.append(f"{path}: {reason}")
        return ok

    def obj(self, raw: object, path: str) -> Mapping[str, Any]:
        if isinstance(raw, Mapping):
            return raw
        self.need(False, path, "must be an object")
        return {}

    def lst(self, raw: object, path: str) -> list[Any]:
        if raw is None:
            return []
        if isinstance(raw, list):
            return raw
        self.need(False, path, "must be a list")
        return []

    def num(self, raw: object, path: str, *, minimum: float = 0.0) -> float | None:
        if raw is None:
            return None
        if not self.need(
            isinstance(raw, (int, float)) and not isinstance(raw, bool) and math.isfinite(raw),
            path,
            "must be a number",
        ):
            return None
        value = float(raw)  # type: ignore[arg-type]
        self.need(value >= minimum, path, f"must be {minimum:g} or more, not {value:g}")
        return value

    def text(self, raw: object, path: str) -> str:
        if isinstance(raw, str) and raw:
            return raw
        self.need(False, path, "must be a non-empty string")
        return ""

"""Spare PySide the reading of module sources at import.

PySide6 reads the whole source of every module imported after it (``inspect.getsource``) and
looks for the word "PySide6", to learn whether the module may use its ``__feature__`` switches
(snake_case, true_property): about 60 files and 9 ms of the app's start. What it would find is
known without reading: none of our modules uses a switch, so each is entered as "no feature"
(0: what PySide enters for a module that uses it without switches), and the standard library
never names PySide (-1: "not a PySide module"). Other libraries' modules are left to PySide.
The table is the one PySide publishes for this (``PySide6.support.feature.
pyside_feature_dict``); without it nothing is done, and PySide reads the sources as before.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

OURS = frozenset({"gui", "diagnosis", "storage", "commands", "services", "main"})
NO_FEATURE, NOT_PYSIDE = 0, -1


def feature_table() -> dict[str, int] | None:
    """PySide's table of modules and their switches, once PySide is loaded."""
    table = getattr(sys.modules.get("PySide6.support.feature"), "pyside_feature_dict", None)
    return table if isinstance(table, dict) else None


def enter(table: dict[str, int], name: str) -> None:
    top = name.partition(".")[0]
    if top in OURS:
        table.setdefault(name, NO_FEATURE)
    elif top in sys.stdlib_module_names:
        table.setdefault(name, NOT_PYSIDE)


class NoFeatureScan:
    """A finder that finds nothing: it enters each module in PySide's table before PySide
    looks, and, the first time the table is there, every module loaded before it."""

    def __init__(self) -> None:
        self.seeded = False

    def find_spec(
        self,
        name: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        table = feature_table()
        if table is not None:
            if not self.seeded:
                self.seeded = True
                for known in list(sys.modules):
                    enter(table, known)
            enter(table, name)
        return None


def install() -> None:
    if not any(isinstance(f, NoFeatureScan) for f in sys.meta_path):
        sys.meta_path.insert(0, NoFeatureScan())

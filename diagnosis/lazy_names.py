"""A package's public names, each loaded from its module on first use (PEP 562).

A package ``__init__`` lists what it offers without importing it: importing one small module of
a package (a credit-code check, say) must not load the whole package, since start-up time is a
figure we hold (benchmarks: startup)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_names(package: str, names: Mapping[str, str]) -> Callable[[str], object]:
    """The module ``__getattr__`` of ``package``: ``names`` maps a public name to the module
    (relative to the package) that defines it."""

    def __getattr__(name: str) -> object:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__

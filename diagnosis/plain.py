"""Figures written the way people write them: grouped, never in exponent notation (a doubt
about 1e15 kWh must read 1,000,000,000,000,000 kWh). No Qt, no SQL."""

from __future__ import annotations

import math
from decimal import Decimal


def plain(value: float) -> str:
    """Grouped, no exponent, about four significant digits for small values
    (1,000,000,000,000,000; 12,346; 7.5; 0.0123)."""
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    decimals = min(10, max(0, 3 - math.floor(math.log10(abs(value)))))
    text = format(Decimal(repr(round(value, decimals))), f",.{decimals}f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def exact(value: float, grouped: bool = False) -> str:
    """Up to ten significant digits and no exponent: what a field shows of a typed number,
    so it reads back as the same number (1000000000000000, not 1e+15)."""
    return format(Decimal(f"{value:.10g}"), ",f" if grouped else "f")


class Plain(float):
    """A figure that formats itself with ``plain`` when a message is rendered, so a doubt
    found on every keystroke costs no formatting until it is shown."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return plain(self) if not spec else super().__format__(spec)

    def __str__(self) -> str:
        return plain(self)

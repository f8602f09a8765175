"""Figures printed beside a threshold, so that the printed comparison always reads true.

A value is compared unrounded; its printed precision is then raised until the printed value
and threshold stand in the same order as the real ones (29,999.6 < 30,000, never
"30,000 < 30,000"; 2.996 < 3, never "3.00 < 3"). Every sentence that sets a figure against a
threshold (plan flags, policy lines) formats through ``compared``. No wording, no Qt, no SQL.
"""

from __future__ import annotations

import math
from decimal import Decimal

from diagnosis.display import DECIMALS

# Past this the two numbers are equal as far as any reader could tell; printing more digits
# would only show floating-point noise.
MAX_DECIMALS = 10


def _fixed(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def _trimmed(value: float, decimals: int) -> str:
    """A threshold as a rule states it: 30,000 and 3, not 30,000.00 or 3.00."""
    text = _fixed(value, decimals)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _parsed(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _order(a: Decimal | float, b: Decimal | float) -> int:
    return (a > b) - (a < b)


def compared(value: float, threshold: float, kind: str = "indicator") -> tuple[str, str]:
    """``value`` and ``threshold`` as printed side by side: the value at the decimals of
    ``kind`` (a key of ``display.DECIMALS``) or more, the threshold without trailing zeros,
    and the printed pair in the same order (<, = or >) as the unrounded pair."""
    if not (math.isfinite(value) and math.isfinite(threshold)):
        return str(value), str(threshold)
    want = _order(value, threshold)
    decimals = DECIMALS.get(kind, 2)
    while True:
        shown, limit = _fixed(value, decimals), _trimmed(threshold, decimals)
        if _order(_parsed(shown), _parsed(limit)) == want or decimals >= MAX_DECIMALS:
            return shown, limit
        decimals += 1


def beside(value: float, threshold: float, kind: str = "indicator") -> str:
    """The value alone, as ``compared`` prints it next to that threshold (for a line that
    names the threshold elsewhere, such as the profile beside the policy chapter)."""
    return compared(value, threshold, kind)[0]

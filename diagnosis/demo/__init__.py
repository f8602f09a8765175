"""The demo: realistic sample enterprises, the answers and complete visits a team could give
them, sample photos, and the routine that fills a store with them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diagnosis.lazy_names import lazy_names

if TYPE_CHECKING:
    from diagnosis.demo.enterprises import enterprises
    from diagnosis.demo.fill import fill_demo

__all__ = ["enterprises", "fill_demo"]
__getattr__ = lazy_names(__name__, {"enterprises": "enterprises", "fill_demo": "fill"})

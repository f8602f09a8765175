"""What a visit's answers add up to: area scores, the intelligent-manufacturing maturity level
and route, the plan's flags, policy conditions, hidden dangers and the cleaner-production audit;
``assess`` computes all of it for one document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diagnosis.lazy_names import lazy_names

if TYPE_CHECKING:
    from diagnosis.assessment.assess import Assessment, assess

__all__ = ["Assessment", "assess"]
__getattr__ = lazy_names(__name__, {"Assessment": "assess", "assess": "assess"})

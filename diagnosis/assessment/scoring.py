"""Score an area from its answers: 0-100, each item's contribution, the biggest gaps, and for
intelligent manufacturing the maturity level by GB/T 39117's rule
(diagnosis/assessment/maturity.py).

Pure arithmetic over the checklist's own weights and option scores; no answer is guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from diagnosis.assessment.maturity import Maturity, assess_maturity
from diagnosis.checklists.conditions import holds
from diagnosis.checklists.format import Checklist, Item, Option


@dataclass(frozen=True)
class Contribution:
    item: str
    weight: float
    fraction: float  # 0..1: how much of the item's weight the answer earns
    points: float  # share of the area's 100 points earned
    gap: float  # share of the 100 points still open on this item


@dataclass(frozen=True)
class AreaScore:
    area: str
    version: str
    score: float | None  # None until a scored item is answered
    answered: int  # relevant required items answered
    required: int  # relevant required items
    contributions: tuple[Contribution, ...]
    mean_level: float | None = None  # mean anchored level: a description, never the level
    level: int | None = None
    maturity: Maturity | None = None  # the level with its sub-domain profile and shortfalls

    def gaps(self, n: int = 5) -> list[Contribution]:
        """The items that cost the most points, biggest first."""
        open_items = [c for c in self.contributions if c.gap > 0]
        return sorted(open_items, key=lambda c: (-c.gap, c.item))[:n]


def relevant(checklist: Checklist, answers: Mapping[str, object]) -> list[Item]:
    """Items shown for these answers. In file order, so an answer kept on a hidden item (the
    team changed an earlier answer) never makes a later item show."""
    shown: list[Item] = []
    visible: dict[str, object] = {}
    for item in checklist.items:
        if item.relevant is None or holds(item.relevant, visible):
            shown.append(item)
            if item.id in answers:
                visible[item.id] = answers[item.id]
    return shown


def item_fraction(item: Item, value: object) -> float | None:
    """0..1 for a scored answer; None when the answer does not count (unanswered, n/a)."""
    if value is None or value == "" or value == []:
        return None
    if item.type in ("single", "yes_no"):
        if type(value) is str:
            fractions = _text_fractions(item)
            if value in fractions:
                return fractions[value]
        option = _option(item, value)
        top = _top(item)
        if option is None or option.score is None or top <= 0:
            return None
        return max(0.0, min(1.0, option.score / top))
    if item.type == "multiple" and isinstance(value, list):
        chosen = [item.option(v) for v in value]
        scores = [o.score for o in chosen if o is not None and o.score is not None]
        possible = sum(o.score for o in item.options if o.score is not None and o.score > 0)
        if not scores or possible <= 0:
            return None
        return max(0.0, min(1.0, sum(scores) / possible))
    if item.type == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        for upto, score in item.score_bands:
            if value <= upto:
                return score
        return item.score_bands[-1][1] if item.score_bands else None
    return None


# Per item (by identity, the item kept so its id is never reused): the best option score and
# the options by text value. Checklists are loaded once and scored for every visit: their
# options need not be scanned again for each answer of each visit assessed.
_TOPS: dict[int, tuple[Item, float]] = {}
_OPTIONS: dict[int, tuple[Item, dict[str, Option]]] = {}
_FRACTIONS: dict[int, tuple[Item, dict[str, float | None]]] = {}


def _text_fractions(item: Item) -> dict[str, float | None]:
    """A single or yes/no item's fraction by the text value of each of its options: what
    ``item_fraction`` works out from the option and the best score, worked out once."""
    known = _FRACTIONS.get(id(item))
    if known is not None and known[0] is item:
        return known[1]
    top = _top(item)
    out: dict[str, float | None] = {}
    for o in item.options:
        if type(o.value) is str and o.value not in out:  # the first equal option, as _option
            score = o.score
            out[o.value] = None if score is None or top <= 0 else max(0.0, min(1.0, score / top))
    _FRACTIONS[id(item)] = (item, out)
    return out


def _top(item: Item) -> float:
    known = _TOPS.get(id(item))
    if known is not None and known[0] is item:
        return known[1]
    top = max((o.score for o in item.options if o.score is not None), default=0.0)
    _TOPS[id(item)] = (item, top)
    return top


def _option(item: Item, value: object) -> Option | None:
    """``item.option(value)``; a text value found by dictionary (the first option equal to it,
    as the scan would find)."""
    if type(value) is not str:
        return item.option(value)
    known = _OPTIONS.get(id(item))
    if known is None or known[0] is not item:
        by_text: dict[str, Option] = {}
        for o in item.options:
            if type(o.value) is str:
                by_text.setdefault(o.value, o)
        known = _OPTIONS[id(item)] = (item, by_text)
    found = known[1].get(value)
    # A non-text option equal to a text value (a str subclass in the file) is left to the scan.
    return found if found is not None or len(known[1]) == len(item.options) else item.option(value)


def score_area(
    checklist: Checklist, answers: Mapping[str, object], shown: Sequence[Item] | None = None
) -> AreaScore:
    """``shown``: ``relevant(checklist, answers)`` when the caller has it already."""
    shown = list(relevant(checklist, answers) if shown is None else shown)
    # ``item.weight > 0`` is ``item.scored``, without a property call for each item.
    counted = [
        (item, item_fraction(item, answers.get(item.id))) for item in shown if item.weight > 0
    ]
    answered = [(item, f) for item, f in counted if f is not None]
    total_weight = sum(item.weight for item, _ in answered)
    contributions = (
        tuple(
            Contribution(
                item.id,
                item.weight,
                f,
                100 * item.weight * f / total_weight,
                100 * item.weight * (1 - f) / total_weight,
            )
            for item, f in answered
        )
        if total_weight > 0
        else ()
    )
    score = sum(c.points for c in contributions) if contributions else None
    required = [item for item in shown if item.required]
    done = sum(1 for item in required if _answered(answers.get(item.id)))
    mean_level, maturity = _maturity(shown, answers)
    return AreaScore(
        checklist.area,
        checklist.version,
        score,
        done,
        len(required),
        contributions,
        mean_level,
        None if maturity is None else maturity.level,
        maturity,
    )


def _answered(value: object) -> bool:
    return value not in (None, "", [], {})


def _maturity(
    shown: list[Item], answers: Mapping[str, object]
) -> tuple[float | None, Maturity | None]:
    """The mean anchored level (kept as a description) and the level by GB/T 39117's rule.

    Every checklist with sub-domain items takes the rule, whatever its version: the old mapping
    of the mean (a checklist's ``levels``) gave level 2 with sub-domains at 0, which the standard
    never does."""
    levels = []
    anchors: dict[str, list[int]] = {}  # by sub-domain, as the rule reads them
    for item in shown:
        if item.subdomain:
            option = _option(item, answers.get(item.id))
            group = anchors.setdefault(item.subdomain, [])
            if option is not None and option.level is not None:
                levels.append(option.level)
                group.append(option.level)
    if not levels:
        return None, None
    return sum(levels) / len(levels), assess_maturity(shown, answers, anchors=anchors)

"""The intelligent-manufacturing maturity level by GB/T 39117's rule: a level is reached only when
every sub-domain it and the levels below require meets the threshold, never from a mean.

Which sub-domains each level requires, the threshold and how sure we are of them live in
reference/maturity_levels.json (versioned on its own). Pure: no Qt, no SQL, no wording.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from diagnosis.checklists.format import Item
from diagnosis.messages import Bilingual
from diagnosis.reference_versions import table_path, wanted

TABLE_PATH = Path(__file__).parents[1] / "reference" / "maturity_levels.json"


@dataclass(frozen=True)
class LevelRule:
    level: int
    requires: tuple[str, ...]  # sub-domain ids
    threshold: float  # the score each required sub-domain must reach
    verified: bool  # False while the standard's text has not been checked


@dataclass(frozen=True)
class MaturityRules:
    version: str
    source: str
    verified: bool
    names: Mapping[str, Bilingual]  # sub-domain id -> name, in the standard's order
    levels: tuple[LevelRule, ...]  # 1..5


@dataclass(frozen=True)
class SubdomainLevel:
    subdomain: str
    name: Bilingual
    level: int | None  # highest level met; None: no item of it answered


@dataclass(frozen=True)
class Shortfall:
    subdomain: str
    name: Bilingual
    current: int | None  # None: not answered
    needed: int


@dataclass(frozen=True)
class Maturity:
    level: int  # 0: not even level 1
    indicative: bool  # some threshold or requirement list is unverified
    profile: tuple[SubdomainLevel, ...]  # every sub-domain of the table, in its order
    next_level: int | None  # None at level 5
    missing: tuple[Shortfall, ...]  # what the next level still needs
    next_requires: tuple[str, ...]  # the sub-domains the next level asks for
    version: str
    source: str


@cache
def maturity_rules(path: Path = TABLE_PATH) -> MaturityRules:
    raw = json.loads(path.read_text("utf-8"))
    names = {s["id"]: Bilingual(s["name"]["zh"], s["name"]["en"]) for s in raw["subdomains"]}
    levels = []
    for entry in sorted(raw["levels"], key=lambda e: int(e["level"])):
        unknown = set(entry["requires"]) - set(names)
        if unknown:
            raise ValueError(f"{path.name}: level {entry['level']} names {sorted(unknown)}")
        levels.append(
            LevelRule(
                int(entry["level"]),
                tuple(entry["requires"]),
                float(entry["threshold"]),
                bool(entry["verified"]),
            )
        )
    return MaturityRules(
        str(raw["version"]), str(raw["source"]), bool(raw["verified"]), names, tuple(levels)
    )


@cache
def _pinned_rules(version: str | None) -> MaturityRules:
    """``maturity_rules`` at ``version`` (None: the newest), its file found once per version."""
    return maturity_rules(table_path("maturity_levels", version))


def _anchors(shown: Sequence[Item], answers: Mapping[str, object]) -> dict[str, list[int]]:
    """Each sub-domain's answered anchor levels (one per answered item)."""
    out: dict[str, list[int]] = {}
    for item in shown:
        if not item.subdomain:
            continue
        out.setdefault(item.subdomain, [])
        option = item.option(answers.get(item.id))
        if option is not None and option.level is not None:
            out[item.subdomain].append(option.level)
    return out


def _meets(anchors: list[int], level: int, threshold: float) -> bool:
    """The sub-domain's score at ``level`` (mean satisfaction of its items: an item anchored at
    the level or above is fully met, below it not met) reaches the threshold."""
    if not anchors:
        return False
    return len([a for a in anchors if a >= level]) / len(anchors) >= threshold


def assess_maturity(
    shown: Sequence[Item],
    answers: Mapping[str, object],
    rules: MaturityRules | None = None,
    anchors: Mapping[str, list[int]] | None = None,
) -> Maturity | None:
    """The level for the shown items and their answers; None when no sub-domain item is
    answered (nothing to judge) or the checklist has no sub-domain items. ``anchors``: each
    sub-domain's answered anchor levels when the caller has them already (the scoring)."""
    # The version pinned for a finalised visit (reference_versions), else the newest.
    rules = rules or _pinned_rules(wanted("maturity_levels"))
    anchors = _anchors(shown, answers) if anchors is None else anchors
    if not any(anchors.values()):
        return None
    reached = 0
    for rule in rules.levels:
        if not all(_meets(anchors.get(s, []), rule.level, rule.threshold) for s in rule.requires):
            break
        reached = rule.level
    profile = tuple(
        SubdomainLevel(s, name, _own_level(anchors.get(s, []), rules))
        for s, name in rules.names.items()
    )
    nxt = next((r for r in rules.levels if r.level == reached + 1), None)
    missing: tuple[Shortfall, ...] = ()
    if nxt is not None:
        by_id = {p.subdomain: p for p in profile}
        missing = tuple(
            Shortfall(s, rules.names[s], by_id[s].level, nxt.level)
            for s in nxt.requires
            if not _meets(anchors.get(s, []), nxt.level, nxt.threshold)
        )
    upto = [r for r in rules.levels if r.level <= reached + 1]
    return Maturity(
        reached,
        not rules.verified or not all(r.verified for r in upto),
        profile,
        None if nxt is None else nxt.level,
        missing,
        () if nxt is None else nxt.requires,
        rules.version,
        rules.source,
    )


def _own_level(anchors: list[int], rules: MaturityRules) -> int | None:
    """The highest level the sub-domain meets on its own (the profile's value)."""
    if not anchors:
        return None
    level = 0
    for rule in rules.levels:
        if not _meets(anchors, rule.level, rule.threshold):
            break
        level = rule.level
    return level


def maturity_view(m: Maturity | None, lang: str) -> dict[str, object] | None:
    """Plain data for the plan's templates: levels as strings ("" when not answered)."""
    if m is None:
        return None

    def name(b: Bilingual) -> str:
        return b.zh if lang == "zh" else b.en

    def text(level: int | None) -> str:
        return "" if level is None else str(level)

    short = {s.subdomain for s in m.missing}
    return {
        "level": str(m.level),
        "indicative": m.indicative,
        "next": text(m.next_level),
        "profile": [
            {
                "name": name(p.name),
                "level": text(p.level),
                "short": p.subdomain in short,
                "asked": p.subdomain in m.next_requires,  # by the next level
            }
            for p in m.profile
        ],
        "missing": [
            {"name": name(s.name), "current": text(s.current), "needed": str(s.needed)}
            for s in m.missing
        ],
        "source": m.source,
    }

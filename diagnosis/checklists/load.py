"""The checklist files on disk, one per area and version in the folders beside this package's
modules: the versions an area has, and the checklist of an area at a version, read once."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from diagnosis.checklists.format import AREAS, Checklist, ChecklistError
from diagnosis.checklists.parse import parse_checklist

CHECKLIST_DIR = Path(__file__).parent  # the data files sit beside this module, by area


def available_versions(area: str, folder: Path = CHECKLIST_DIR) -> list[str]:
    """Versions on disk for ``area``, oldest first (versions sort as dotted numbers)."""
    found = [p.stem for p in (folder / area).glob("*.json")]
    return sorted(found, key=lambda v: tuple(int(x) if x.isdigit() else 0 for x in v.split(".")))


@cache
def load_checklist(area: str, version: str | None = None) -> Checklist:
    """The checklist of ``area`` at ``version`` (latest when None); a visit keeps its version."""
    if area not in AREAS:
        raise ChecklistError(area, [f"unknown area '{area}' (one of {', '.join(AREAS)})"])
    versions = available_versions(area)
    if not versions:
        raise ChecklistError(area, [f"no checklist file in {CHECKLIST_DIR / area}"])
    chosen = version or versions[-1]
    path = CHECKLIST_DIR / area / f"{chosen}.json"
    if not path.exists():
        raise ChecklistError(area, [f"no version {chosen} (have {', '.join(versions)})"])
    checklist = parse_checklist(json.loads(path.read_text("utf-8")), str(path))
    if (checklist.area, checklist.version) != (area, chosen):
        raise ChecklistError(
            str(path),
            [f"$.area/$.version: the file says {checklist.key}, its place says {area}@{chosen}"],
        )
    return checklist

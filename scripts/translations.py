"""Refresh the translations of the GUI and compile them beside the sources, in gui/i18n/:

- zh_CN.ts, the Chinese: every tr() string, extracted from gui/ (keeping what is translated,
  dropping what is gone) and compiled to zh_CN.qm;
- en.ts, the English plurals: only the counted (numerus, ``%n``/``%Ln``) strings, whose source
  says "%n photo(s) attached", each given its English singular and plural ("%n photo attached",
  "%n photos attached"), compiled to en.qm. Every other English string is shown as written.

Run after changing any tr() string: ``.venv/bin/python scripts/translations.py``; then translate
the entries it lists as unfinished (Qt Linguist, or by hand: fill each ``<translation>``, or in
en.ts both ``<numerusform>``s, and drop ``type="unfinished"``) and run it again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "gui" / "i18n"
TS = I18N / "zh_CN.ts"
QM = TS.with_suffix(".qm")
# English: the plural forms only (lupdate -pluralonly).
EN_TS = I18N / "en.ts"
EN_QM = EN_TS.with_suffix(".qm")


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found; install PySide6-Essentials in this environment")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "gui").rglob("*.py"))


def extract(ts: Path, language: str = "zh_CN", plural_only: bool = False) -> None:
    """Bring ``ts`` up to the tr() strings of gui/ (all of them, or only the counted ones)."""
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *sources(),
            "-no-obsolete",
            *(["-pluralonly"] if plural_only else []),
            "-source-language",
            "en",
            "-target-language",
            language,
            "-ts",
            str(ts),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def extract_english(ts: Path) -> None:
    extract(ts, "en", plural_only=True)


def compile_qm(ts: Path, qm: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True
    )


def unfinished(ts: Path) -> list[str]:
    """The sources in ``ts`` still to translate."""
    return [
        m.findtext("source") or ""
        for m in ET.parse(ts).iter("message")
        if (t := m.find("translation")) is None or t.get("type") == "unfinished"
    ]


if __name__ == "__main__":
    extract(TS)
    extract_english(EN_TS)
    for ts, qm in ((TS, QM), (EN_TS, EN_QM)):
        compile_qm(ts, qm)
        print(f"updated {ts.relative_to(ROOT)} and {qm.relative_to(ROOT)}")
        for source in unfinished(ts):
            print(f"    to translate: {source}")

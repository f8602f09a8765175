"""Build diagnosis/reference/industries.json (GB/T 4754-2017 sections B, C and D) from three
independent public copies of the table, cross-checked code by code.

The source files are not kept in this repository; pass their paths::

    .venv/bin/python scripts/industries_build.py --cascader-json IndustryData.js \
        --cascader-vue IndustryPicker.vue --sql insert_industry_One-dimensional.sql

- ``--cascader-json``: github.com/qwer-of-div/1frontEnd, example/9组件-指令/components/form/
  IndustryData.js (nested ``{"title": "C3484-机械零部件加工", "value": "C3484"}``);
- ``--cascader-vue``: github.com/Czsx-525/Vue-init @d112c55, src/components/industry/
  IndustryPicker.vue (nested ``{itemno: 'C3484', itemname: '机械零部件加工'}``);
- ``--sql``: github.com/Hyhyhyhyhyhyh/CN_industry_code_2017, insert_industry_One-dimensional.sql
  (rows ``(id, code, name, parent, level, description)`` taken from the standard's PDF).

A code is kept when two of the three sources hold it, with the name two of them give (brackets
and spaces normalised). Where no two agree, or two agree on a name a fourth copy contradicts,
``RESOLVED`` decides and says why. The parent of every code is checked against its prefix.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "diagnosis" / "reference" / "industries.json"

SECTIONS = {
    "B": ("采矿业", "Mining", range(6, 13)),
    "C": ("制造业", "Manufacturing", range(13, 44)),
    "D": ("电力、热力、燃气及水生产和供应业", "Electricity, heat, gas and water", range(44, 47)),
}
# Division names in English: manufacturing as the register has always shown them (register.json),
# mining and utilities added in the same short style. General knowledge [K], not the standard.
ENGLISH_BD = {
    "06": "Coal mining and washing",
    "07": "Petroleum and natural gas extraction",
    "08": "Ferrous metal ore mining",
    "09": "Non-ferrous metal ore mining",
    "10": "Non-metallic mineral mining",
    "11": "Mining support activities",
    "12": "Other mining",
    "44": "Electricity and heat production and supply",
    "45": "Gas production and supply",
    "46": "Water production and supply",
}
# Disagreements settled by a fourth public copy found in the code index (a nested
# {'id', 'name', 'subclass'} tree of the 2017 table) and, for groups, by the group-level lists
# that quote "339 铸造及其他金属制品制造" and "349 其他通用设备制造业".
RESOLVED = {
    "204": ("竹、藤、棕、草等制品制造", "sql and the fourth copy; both cascaders drop 等"),
    "339": ("铸造及其他金属制品制造", "sql, the fourth copy and three group lists"),
    "349": ("其他通用设备制造业", "sql, the fourth copy and three group lists"),
}


def clean(name: str) -> str:
    name = re.sub(r"[\s\u3000]+", "", name)
    return name.replace("(", "（").replace(")", "）")


def _in_scope(code: str) -> bool:
    return code[:2].isdigit() and 6 <= int(code[:2]) <= 46 and 2 <= len(code) <= 4


def _walk(
    nodes: list[dict[str, object]],
    parent: str,
    out: dict[str, tuple[str, str]],
    code_key: str,
    name_key: str,
    split: bool,
) -> None:
    for node in nodes:
        raw_code, name = str(node[code_key]), str(node[name_key])
        if split:  # "C3484-机械零部件加工"
            raw_code, name = name.split("-", 1)
        code = raw_code.lstrip("ABCDEFGHIJKLMNOPQRST")
        if code and _in_scope(code):
            out[code] = (clean(name), parent)
        children = node.get("children")
        if isinstance(children, list):
            _walk(children, code, out, code_key, name_key, split)


def read_cascader_json(path: Path) -> dict[str, tuple[str, str]]:
    text = path.read_text("utf-8")
    body = text[text.index("[") : text.rindex("export")].strip().rstrip(";")
    out: dict[str, tuple[str, str]] = {}
    _walk(json.loads(body), "", out, "value", "title", split=True)
    return out


def read_cascader_vue(path: Path) -> dict[str, tuple[str, str]]:
    text = path.read_text("utf-8")
    start = text.index("[", text.index("industryData"))
    end = text.index("\n    ]", start) + len("\n    ]")
    body = re.sub(r"(\w+):\s", r'"\1": ', text[start:end]).replace("'", '"')
    body = re.sub(r",(\s*[\]}])", r"\1", body)
    out: dict[str, tuple[str, str]] = {}
    _walk(json.loads(body), "", out, "itemno", "itemname", split=False)
    return out


def read_sql(path: Path) -> dict[str, tuple[str, str]]:
    row = re.compile(r"values \(\d+, '([^']*)', '([^']*)', (null|'[^']*'), \d+,")
    out: dict[str, tuple[str, str]] = {}
    for code, name, parent in row.findall(path.read_text("utf-8")):
        if _in_scope(code):
            out[code] = (clean(name), parent.strip("'"))
    return out


def merge(sources: dict[str, dict[str, tuple[str, str]]]) -> tuple[dict[str, str], list[str]]:
    """The agreed name of every code two sources hold, and a log of every disagreement."""
    names: dict[str, str] = {}
    log: list[str] = []
    for code in sorted(set().union(*sources.values())):
        given = {s: d[code][0] for s, d in sources.items() if code in d}
        votes = Counter(given.values())
        if code in RESOLVED:
            names[code] = RESOLVED[code][0]
            log.append(f"{code}: {given} -> {names[code]} ({RESOLVED[code][1]})")
            continue
        if len(given) < 2:
            log.append(f"{code}: only in {sorted(given)}, dropped")
            continue
        name, count = votes.most_common(1)[0]
        if count < 2:
            raise SystemExit(f"{code}: no two sources agree: {given}")
        if len(votes) > 1 or len(given) < len(sources):
            log.append(f"{code}: {given} -> {name}")
        names[code] = name
    return names, log


def check(names: dict[str, str], sources: dict[str, dict[str, tuple[str, str]]]) -> None:
    for code in names:
        if len(code) > 2 and code[:-1] not in names:
            raise SystemExit(f"{code}: its parent {code[:-1]} is missing")
        parents = {d[code][1] for d in sources.values() if code in d and len(code) > 2}
        if len(code) > 2 and code[:-1] not in parents:
            raise SystemExit(f"{code}: no source gives it the parent {code[:-1]}: {parents}")
    for code in (c for c in names if len(c) == 3):
        if not any(c[:3] == code for c in names if len(c) == 4):
            raise SystemExit(f"group {code} has no class (a group of one class is coded {code}0)")


def document(names: dict[str, str], english: dict[str, str], log: list[str]) -> dict[str, object]:
    def section(code: str) -> str:
        return next(s for s, (_, _, r) in SECTIONS.items() if int(code[:2]) in r)

    return {
        "version": "GB/T 4754-2017+XG1-2019",
        "standard": "GB/T 4754-2017 国民经济行业分类, as amended by 第1号修改单 (2019)",
        "source": (
            "Three public copies of the table, cross-checked code by code by "
            "scripts/industries_build.py (a code is kept when two hold it, with the name two "
            "give): github.com/qwer-of-div/1frontEnd (IndustryData.js), github.com/Czsx-525/"
            "Vue-init (IndustryPicker.vue), github.com/Hyhyhyhyhyhyh/CN_industry_code_2017 "
            "(SQL from the standard's PDF); disagreements settled by a fourth copy (see "
            "'resolved'). Official text: https://www.stats.gov.cn/sj/tjbz/gmjjhyfl/"
        ),
        "confidence": (
            "V for codes, parents and Chinese names held alike by at least two independent "
            "copies (not checked against the official PDF itself); K for the English names of "
            "divisions; C for the notes on the 2019 amendment"
        ),
        "amendment": (
            "The copies used give the current (amended) names; none marks what the 2019 "
            "amendment changed, so no code is flagged as changed by it. The SQL copy, which "
            "keeps older names, differs at 1363, 1364, 2928, 2929, 3032-3035, 3586, 3856 and "
            "376 among others; the two other copies and the fourth agree there. [C]"
        ),
        "languages": "Chinese names at every level; English names for divisions only",
        "sections": [
            {"code": s, "zh": zh, "en": en, "divisions": f"{r.start:02d}-{r.stop - 1:02d}"}
            for s, (zh, en, r) in SECTIONS.items()
        ],
        "resolved": [line for line in log if "->" in line and "(" in line.split("->")[1]],
        "divisions": [
            {"code": c, "section": section(c), "zh": n, "en": english[c]}
            for c, n in names.items()
            if len(c) == 2
        ],
        "groups": [{"code": c, "parent": c[:2], "zh": n} for c, n in names.items() if len(c) == 3],
        "classes": [{"code": c, "parent": c[:3], "zh": n} for c, n in names.items() if len(c) == 4],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cascader-json", type=Path, required=True)
    parser.add_argument("--cascader-vue", type=Path, required=True)
    parser.add_argument("--sql", type=Path, required=True)
    args = parser.parse_args()
    sources = {
        "cascader-json": read_cascader_json(args.cascader_json),
        "cascader-vue": read_cascader_vue(args.cascader_vue),
        "sql": read_sql(args.sql),
    }
    names, log = merge(sources)
    check(names, sources)
    register = json.loads((ROOT / "diagnosis" / "reference" / "register.json").read_text("utf-8"))
    english = {i["code"]: i["en"] for i in register["industries"]["items"]} | ENGLISH_BD
    doc = document(names, english, log)
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("\n".join(log))
    classes = sum(1 for c in names if len(c) == 4)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(names)} codes, {classes} classes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What the plan prints for a source: the one filter between internal provenance and the firm.

The reference tables' ``source`` strings say where the team found a figure (reposts, forum
threads, news pages, a code sample) with confidence tags; none of that is fit for a client.
``diagnosis/reference/citations.json`` maps each internal source to printable citations
(standards, laws, official documents: number, title in both languages, clause) and says
whether the figure is an estimate still to be verified. Only what this module returns prints.
No wording beyond the citation's own form; no Qt, no SQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from diagnosis.messages import Bilingual, Lang

CITATIONS_FILE = Path(__file__).resolve().parents[1] / "reference" / "citations.json"
PRINTABLE_KINDS = ("standard", "law", "official")
# Confidence tags of figures not checked against a primary text (K: general knowledge,
# L: low, C: computed from such inputs): their source line says so in words.
UNVERIFIED = ("K", "L", "C")
ESTIMATE = Bilingual("估算，待核实", "estimate, to be verified")
# Never printed, whatever a data file says: a web address, a host or an internal tag.
_UNFIT = re.compile(
    r"https?://|www\.|\.(com|cn|net|org|html?)\b|代码样例|code sample|\[[VKLC]\]|可信度|confidence",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cited:
    """One printable document with the clause relied on."""

    key: str
    kind: str
    number: Bilingual
    title: Bilingual
    clause: Bilingual


@dataclass(frozen=True)
class SourceLine:
    """What prints for one source: its citations, and whether the figure is an estimate to be
    verified (``what``: what was estimated, where no document can be cited)."""

    cited: tuple[Cited, ...]
    estimate: bool
    what: Bilingual | None = None


@cache
def _data() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(CITATIONS_FILE.read_text("utf-8"))
    return raw


_CLAUSE = re.compile(r"第([一二三四五六七八九十百\d]+)条(?:第（([一二三四五六七八九十\d]+)）项)?")
_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}


def _number(text: str) -> int:
    """A Chinese numeral below a thousand (八, 十二, 二十一, 一百零五) or digits."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in ("十", "百"):
            total += (current or 1) * (10 if ch == "十" else 100)
            current = 0
        else:
            current = _DIGITS.get(ch, 0)
    return total + current


def _clause(source: str) -> Bilingual:
    """The article (and item) a source names: 第八条第（一）项 reads "article 8(1)"."""
    found = _CLAUSE.search(source)
    if found is None:
        return Bilingual("", "")
    article, item = found.group(1), found.group(2)
    en = f"article {_number(article)}" + (f"({_number(item)})" if item else "")
    return Bilingual(found.group(0), en)


def _cited(ref: Mapping[str, Any], source: str) -> Cited:
    doc = _data()["documents"][ref["id"]]
    if doc["kind"] not in PRINTABLE_KINDS:
        raise ValueError(f"citation {ref['id']} is of kind {doc['kind']}, which never prints")
    number = doc.get("number", "")
    clause = (
        _clause(source)
        if ref.get("clause_pattern")
        else Bilingual(ref.get("clause_zh", ""), ref.get("clause_en", ""))
    )
    return Cited(
        ref["id"],
        doc["kind"],
        Bilingual(number, doc.get("number_en", number)),
        Bilingual(doc["title_zh"], doc["title_en"]),
        clause,
    )


def resolve(source: str | Bilingual, confidence: str | None = None) -> SourceLine:
    """The printable form of an internal source (its Chinese text is matched against the
    rules); a source no rule names prints as an estimate to be verified, with its own words
    when they are fit to print."""
    zh = source.zh if isinstance(source, Bilingual) else source
    for rule in _data()["rules"]:
        if rule["match"] in zh:
            what = Bilingual(rule["what_zh"], rule["what_en"]) if "what_zh" in rule else None
            return SourceLine(
                tuple(_cited(c, zh) for c in rule["cite"]),
                bool(rule["estimate"]) or confidence in UNVERIFIED,
                what,
            )
    what = _own_words(source) if isinstance(source, Bilingual) else None
    verified = confidence == "V" and what is not None
    return SourceLine((), not verified, what)


def _own_words(source: Bilingual) -> Bilingual | None:
    """A bilingual note of the team's own (an estimate's description), its internal prefix
    ("诊断团队估算（待核实）：") dropped: the plan says "estimate, to be verified" itself."""
    prefixes = _data()["estimate_prefixes"]
    zh, en = source.zh, source.en
    for p in prefixes["zh"]:
        zh = zh.removeprefix(p)
    for p in prefixes["en"]:
        en = en.removeprefix(p)
    if _UNFIT.search(zh) or _UNFIT.search(en):
        return None
    return Bilingual(zh, en)


def citation_text(c: Cited, lang: Lang) -> str:
    """GB/T 2589-2020《综合能耗计算通则》附录 A; in English the title translated with the
    original in brackets: GB/T 2589-2020 General rules … (综合能耗计算通则), Annex A."""
    if lang == "zh":
        number = c.number.zh
        if c.kind == "standard":
            head = f"{number}《{c.title.zh}》"
        else:
            head = f"《{c.title.zh}》" + (f"（{number}）" if number else "")
        return head + c.clause.zh
    number = c.number.en
    if c.kind == "standard":
        head = f"{number} {c.title.en} ({c.title.zh})"
    else:
        head = f"{c.title.en} ({c.title.zh})" + (f", {number}" if number else "")
    return head + (f", {c.clause.en}" if c.clause.en else "")


def line(source: str | Bilingual, confidence: str | None, lang: Lang) -> str:
    """The whole printed source line for one source, in ``lang``."""
    found = resolve(source, confidence)
    parts = [citation_text(c, lang) for c in found.cited]
    text = "; ".join(parts) if lang == "en" else "；".join(parts)
    what = "" if found.what is None else (found.what.zh if lang == "zh" else found.what.en)
    if found.estimate:
        words = ESTIMATE.zh if lang == "zh" else ESTIMATE.en
        if text:
            text += f"（{words}：{what}）" if lang == "zh" else f" ({words}: {what})"
            text = text.replace("：）", "）").replace(": )", ")")
        else:
            words = words if lang == "zh" else words[:1].upper() + words[1:]
            text = f"{words}：{what}" if lang == "zh" else f"{words}: {what}"
            text = text.rstrip("：: ")
    elif not text:
        text = what
    if _UNFIT.search(text):  # a data mistake must not reach the firm
        raise ValueError(f"unfit source text would print: {text!r}")
    return text


def merged(sources: Iterable[str], lang: Lang) -> list[str]:
    """Several sources as one list of citations: each document once, its clauses joined
    (the policy chapter cites four tasks of the same action plan)."""
    clauses: dict[str, list[Cited]] = {}
    loose: list[str] = []
    for source in dict.fromkeys(sources):
        found = resolve(source)
        if not found.cited:
            loose.append(line(source, None, lang))
        for c in found.cited:
            clauses.setdefault(c.key, []).append(c)
    out = []
    for same in clauses.values():
        joined = ("、" if lang == "zh" else ", ").join(
            dict.fromkeys(c.clause.zh if lang == "zh" else c.clause.en for c in same)
        )
        first = same[0]
        out.append(
            citation_text(
                Cited(first.key, first.kind, first.number, first.title, Bilingual(joined, joined)),
                lang,
            )
        )
    return out + loose

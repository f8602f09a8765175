"""Pinyin of enterprise names: the remembered readings (name endings, characters, phrases) give
exactly what reading each name afresh gives."""

from __future__ import annotations

import random
import unicodedata

import pytest

from diagnosis.demo.enterprises import enterprises
from diagnosis.register import pinyin
from diagnosis.register.pinyin import name_pinyin


def read_afresh(name: str) -> tuple[str, str]:
    """The greedy longest-phrase reading, remembering nothing: from the left, the longest phrase
    of pypinyin's phrase dictionary (up to four characters), else one character's first
    reading, else a letter or digit itself in lower case; anything else reads as nothing."""
    chars, phrases = pinyin._dicts()
    full: list[str] = []
    initials: list[str] = []
    i = 0
    while i < len(name):
        for length in range(min(4, len(name) - i), 1, -1):
            readings = phrases.get(name[i : i + length])
            if readings is not None:
                plains = [pinyin._plain(r[0]) for r in readings]
                full += plains
                initials += [p[:1] for p in plains]
                i += length
                break
        else:
            ch = name[i]
            reading = chars.get(ord(ch))
            if reading is not None:
                plain = pinyin._plain(reading.split(",", 1)[0])
                full.append(plain)
                initials.append(plain[:1])
            elif ch.isalnum():
                low = unicodedata.normalize("NFKC", ch).lower()
                full.append(low)
                initials.append(low)
            i += 1
    return "".join(full), "".join(initials)


def _names() -> list[str]:
    names = [e.name for e in enterprises(3000, seed=3)]
    rng = random.Random(3)
    # Names that share endings and phrases, and characters read specially: a Roman numeral and
    # a circled digit (letters and digits read as themselves, whole), full-width, ü, spaces.
    odd = "宁波银行股份有限公司海曙长乐重庆行ⅫⅣ①ﬁＡＢｃ12 -·（）()ǘü的地得了長樂abcXYZ\u00a0\u3000é"
    names += ["".join(rng.choice(odd) for _ in range(rng.randrange(16))) for _ in range(5000)]
    names += [n[rng.randrange(len(n) or 1) :] for n in names[:2000]]  # endings met alone
    # Phrases and the shorter phrases that start them (有限 and 有限公司), strung together.
    _chars, phrases = pinyin._dicts()
    longer = sorted(p for p in phrases if len(p) > 2 and p[:2] in phrases and p.isalpha())
    words = [w for p in rng.sample(longer, 300) for w in (p, p[:2], p[:3])]
    names += ["".join(rng.choice(words) for _ in range(rng.randrange(1, 5))) for _ in range(5000)]
    return names


@pytest.fixture
def forgetful(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every remembered reading forgotten, and forgotten again every 500 endings."""
    for memo in ("_ENDINGS", "_SINGLES", "_PHRASES"):
        monkeypatch.setattr(pinyin, memo, {})
    monkeypatch.setattr(pinyin, "_MAX_ENDINGS", 500)


@pytest.mark.usefixtures("forgetful")
def test_remembered_readings_are_the_readings_afresh() -> None:
    names = _names()
    expected = [read_afresh(n) for n in names]
    assert [tuple(name_pinyin(n)) for n in names] == expected  # remembering as it goes
    assert [tuple(name_pinyin(n)) for n in reversed(names)] == expected[::-1]  # remembered
    assert name_pinyin("宁波银行股份有限公司") == ("ningboyinhanggufenyouxiangongsi", "nbyhgfyxgs")
    assert name_pinyin("Ⅻ号") == ("xiihao", "xiih")

"""English counts read as English ('1 required item', '3 required items'); no '(s)' is left in
any message the domain writes, in either language."""

from __future__ import annotations

import re

from diagnosis.messages import CATALOGUE, Message, Plural


def test_message_plurals_follow_the_count() -> None:
    one = Message("visit.incomplete", {"n": 1, "items": "E01"})
    three = Message("visit.incomplete", {"n": 3, "items": "E01, E02, E03"})
    assert one.text("en") == "1 required item still unanswered: E01"
    assert three.text("en") == "3 required items still unanswered: E01, E02, E03"
    assert one.text("zh") == "还有 1 个必答题未回答：E01"
    renewed = Message("document.finding_ids_renewed", {"n": 1})
    assert renewed.text("en").startswith("1 finding id already belonged") and "was given" in (
        renewed.text("en")
    )
    assert "were given new ids" in Message("document.finding_ids_renewed", {"n": 2}).text("en")


def test_message_plurals_none_left_as_s_in_brackets() -> None:
    for code, (zh, en) in CATALOGUE.items():
        forms = [zh, *(en if isinstance(en, Plural) else (en,))]
        assert not any("(s)" in form for form in forms), code
        if isinstance(en, Plural):
            assert "{n}" in en.one and "{n}" in en.many, code
            assert set(re.findall(r"{(\w+)", en.one)) == set(re.findall(r"{(\w+)", zh)), code

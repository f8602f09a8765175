"""The Chinese translation is complete and compiled: no string of the GUI stays in English. The
English one (gui/i18n/en.ts, the plural forms only) gives every counted string its singular and
plural, so no "(s)" of a source string is shown (tests/gui/test_i18n_plurals.py shows them)."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from scripts.translations import EN_QM, EN_TS, QM, TS, compile_qm, extract, extract_english

# What a translation must keep of its source: the count, the arguments and the named fields.
PLACEHOLDERS = re.compile(r"%L?n|%\d|\{\w+\}")


def numerus_forms(msg: ET.Element) -> list[str]:
    translation = msg.find("translation")
    assert translation is not None
    return [form.text or "" for form in translation.iter("numerusform")]


def test_i18n_every_string_is_translated() -> None:
    messages = list(ET.parse(TS).iter("message"))
    assert len(messages) > 50
    for msg in messages:
        translation = msg.find("translation")
        assert translation is not None
        assert translation.get("type") != "unfinished", msg.findtext("source")
        text = (translation.text or "").strip() or "".join(f.text or "" for f in translation)
        assert text.strip(), msg.findtext("source")


def test_i18n_catalogue_covers_the_current_source(tmp_path: Path) -> None:
    copy = tmp_path / "zh_CN.ts"
    shutil.copy(TS, copy)
    extract(copy)  # what lupdate finds in gui/*.py today
    untranslated = [
        m.findtext("source")
        for m in ET.parse(copy).iter("message")
        if m.find("translation").get("type") == "unfinished"
    ]  # type: ignore[union-attr]
    assert untranslated == [], "run scripts/translations.py and translate these"


def test_i18n_compiled_file_matches_the_catalogue(tmp_path: Path) -> None:
    fresh = tmp_path / "zh_CN.qm"
    compile_qm(TS, fresh)
    assert fresh.read_bytes() == QM.read_bytes(), "run scripts/translations.py"


def test_i18n_every_string_with_an_s_in_brackets_is_counted() -> None:
    """A "(s)" is only written where Qt picks the form: a %n or %Ln string, tr(text, "", n).
    "%1 row(s)" would show as written in English; so would "{count} sub-domain(s)"."""
    written = [
        m.findtext("source")
        for m in ET.parse(TS).iter("message")
        if "(s)" in (m.findtext("source") or "") and m.get("numerus") != "yes"
    ]
    assert written == [], "count these with %n (one number decides) or reword them"


def test_i18n_english_plurals_are_translated_in_both_forms() -> None:
    messages = list(ET.parse(EN_TS).iter("message"))
    assert len(messages) >= 17
    for msg in messages:
        source = msg.findtext("source") or ""
        translation = msg.find("translation")
        assert msg.get("numerus") == "yes" and translation is not None, source
        assert translation.get("type") is None, source  # neither unfinished nor vanished
        one, other = numerus_forms(msg)  # English: singular, then plural
        assert one != other, source
        for form in (one, other):
            assert "(s)" not in form and form.strip(), (source, form)
            assert sorted(PLACEHOLDERS.findall(form)) == sorted(PLACEHOLDERS.findall(source))


def test_i18n_english_plurals_are_the_counted_strings_of_the_chinese() -> None:
    """The same counted strings in both catalogues, in the same contexts."""

    def counted(ts: Path) -> set[tuple[str, str]]:
        return {
            (context.findtext("name") or "", m.findtext("source") or "")
            for context in ET.parse(ts).iter("context")
            for m in context.iter("message")
            if m.get("numerus") == "yes"
        }

    assert counted(EN_TS) == counted(TS)


def test_i18n_english_catalogue_covers_the_current_source(tmp_path: Path) -> None:
    copy = tmp_path / "en.ts"
    shutil.copy(EN_TS, copy)
    extract_english(copy)  # the counted strings lupdate finds in gui/*.py today
    sources = [m.findtext("source") for m in ET.parse(copy).iter("message")]
    assert sources == [m.findtext("source") for m in ET.parse(EN_TS).iter("message")]
    untranslated = [
        m.findtext("source")
        for m in ET.parse(copy).iter("message")
        if m.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert untranslated == [], "run scripts/translations.py and give these both English forms"


def test_i18n_english_compiled_file_matches_the_catalogue(tmp_path: Path) -> None:
    fresh = tmp_path / "en.qm"
    compile_qm(EN_TS, fresh)
    assert fresh.read_bytes() == EN_QM.read_bytes(), "run scripts/translations.py"

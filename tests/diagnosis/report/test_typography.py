"""Issue 16, typography: a bold face, the flag list kept together, group rows kept with their
first row, split rows repeating their question, and units never broken inside their brackets.
Checked on the PDF itself (pypdf), through the plan's own templates where the template decides."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest

from diagnosis.assessment.assess import assess
from diagnosis.demo.enterprises import enterprises
from diagnosis.demo.visit import demo_document
from diagnosis.messages import Lang
from diagnosis.report.context import plan_context
from diagnosis.report.fonts import FontSpec, ReportFont, find_cjk_font, register
from diagnosis.report.pdf import render_pdf
from diagnosis.report.pdf_style import TEXT_HEIGHT
from diagnosis.report.plan import render_markup
from diagnosis.visits.document import Document

pytestmark = pytest.mark.skipif(find_cjk_font() is None, reason="no embeddable CJK font")

FLAGS_HEADING = {"zh": "需要关注的事项", "en": "Points requiring attention"}
APPENDIX_HEADING = {"zh": "附录", "en": "Appendix"}


def _no_photo(ref: str) -> None:
    return None


def _pdf(body: str, lang: str = "zh", font: ReportFont | None = None) -> pypdf.PdfReader:
    markup = f'<?xml version="1.0" encoding="UTF-8"?>\n<plan lang="{lang}">{body}</plan>'
    result = render_pdf(markup, photos=_no_photo, font=font)
    return pypdf.PdfReader(io.BytesIO(result.pdf))


def _content(page: pypdf.PageObject) -> str:
    contents = page.get_contents()
    assert contents is not None
    return contents.get_data().decode("latin-1")


def _fonts(page: pypdf.PageObject) -> list[Any]:
    resources: Any = page["/Resources"]
    return [f.get_object() for f in resources["/Font"].values()]


def _pages(reader: pypdf.PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def _runs(page: pypdf.PageObject) -> Iterator[tuple[str, set[int]]]:
    """The page's text pieces with the text render modes they were shown in (2: fill + stroke,
    the synthetic bold). pypdf reports a piece when it flushes, after the operators that follow
    it, so the modes are those in force at its own show-text operators."""
    mode = 0
    pending: list[int] = []
    runs: list[tuple[str, set[int]]] = []

    def before(op: bytes, args: list[object], cm: object, tm: object) -> None:
        nonlocal mode
        if op == b"Tr":
            mode = int(args[0])  # type: ignore[call-overload]
        elif op in (b"Tj", b"TJ", b"'", b'"'):
            pending.append(mode)

    def text(t: str, cm: object, tm: object, font: object, size: object) -> None:
        if t.strip():
            runs.append((t.strip(), set(pending)))
            pending.clear()

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    # A line is shown in pieces, one per font subset: join the neighbours drawn alike.
    merged: list[tuple[str, set[int]]] = []
    for piece, modes in runs:
        if merged and merged[-1][1] == modes:
            merged[-1] = (merged[-1][0] + piece, modes)
        else:
            merged.append((piece, modes))
    yield from merged


def _modes(page: pypdf.PageObject, text: str) -> set[int]:
    found = [modes for run, modes in _runs(page) if text in run]
    assert found, f"{text!r} not drawn on the page"
    return set().union(*found)


@pytest.fixture(scope="module")
def demo() -> Document:
    """The demo visit, of a dozen seeds, with the longest flag list on its summary page."""
    docs = [demo_document(next(enterprises(1)), seed=seed) for seed in range(1, 13)]
    return max(docs, key=lambda doc: len(_flag_section(_markup(doc, "zh"), "zh")[1]))


def _markup(doc: Document, lang: Lang) -> str:
    context = plan_context(doc, assess(doc), lang, generated=date(2024, 3, 28))
    return render_markup(context, lang)


# --- bold -------------------------------------------------------------------------------------


def test_bold_runs_are_drawn_bold_and_the_rest_regular() -> None:
    reader = _pdf(
        "<p>整改情况如下<b>紧急：重大事故隐患</b>其余照常</p>"
        '<ul><li mark="miss"><b>紧急：</b>有限空间未设警示标识</li></ul>'
        '<table header="1"><tr><th>问题</th><th>回答</th></tr>'
        "<tr><td>S01 是否已辨识</td><td>否</td></tr></table>"
    )
    page = reader.pages[0]
    font = register(find_cjk_font())
    if font.synthetic_bold:
        for bold in ("紧急：重大事故隐患", "紧急：", "问题", "回答"):
            assert _modes(page, bold) == {2}, bold
        for regular in ("整改情况如下", "其余照常", "有限空间未设警示标识", "S01 是否已辨识"):
            assert _modes(page, regular) == {0}, regular
    else:  # a real bold face: a second font on the page
        assert len(_fonts(page)) >= 2


def test_synthetic_bold_outline_ends_with_its_text() -> None:
    """No drawing after a bold run inherits its outline: each text object that switches to fill
    and stroke switches back, with the line width reset, before it ends."""
    if not register(find_cjk_font()).synthetic_bold:
        pytest.skip("the font has a real bold face")
    reader = _pdf(
        '<h2>标题</h2><table header="1"><tr><th>问题</th></tr><tr><td>答</td></tr></table>'
    )
    stream = _content(reader.pages[0])
    objects = [o.split("ET")[0] for o in stream.split("BT")[1:]]
    bold = [o for o in objects if " 2 Tr" in o]
    assert bold
    for o in bold:
        assert o.rindex("0 Tr") > o.rindex("2 Tr")
        assert o[o.rindex("0 Tr") :].split()[3] == "w"  # "0 Tr <width> w"


def test_a_real_bold_face_is_embedded_when_there_is_one() -> None:
    regular = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    bold = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    if not (regular.is_file() and bold.is_file()):
        pytest.skip("DejaVu Sans is not installed")
    font = register(FontSpec(regular, 0, bold, 0))
    assert not font.synthetic_bold and font.bold != font.regular
    reader = _pdf("<p>Plain <b>Urgent</b></p>", lang="en", font=font)
    page = reader.pages[0]
    names = {str(f["/BaseFont"]) for f in _fonts(page)}
    assert any("Bold" in n for n in names) and any("Bold" not in n for n in names)
    assert " 2 Tr" not in _content(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_plans_headings_and_table_headers_are_bold(demo: Document, lang: Lang) -> None:
    font = register(find_cjk_font())
    if not font.synthetic_bold:
        pytest.skip("the font has a real bold face")
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(_markup(demo, lang), photos=_no_photo).pdf))
    texts = _pages(reader)
    # The last page naming each heading: the contents list them first, in the regular face.
    summary = max(n for n, t in enumerate(texts) if FLAGS_HEADING[lang] in t)
    assert _modes(reader.pages[summary], FLAGS_HEADING[lang]) == {2}
    appendix = max(n for n, t in enumerate(texts) if APPENDIX_HEADING[lang] in t)
    header = {"zh": "问题", "en": "Question"}[lang]
    assert 2 in _modes(reader.pages[appendix], header)


# --- the flag list ----------------------------------------------------------------------------


def _flag_section(markup: str, lang: Lang) -> tuple[str, list[str]]:
    """The plan's own flag heading and the block after it, as markup, and the items' texts."""
    blocks = list(ET.fromstring(markup.encode("utf-8")))
    at = next(n for n, el in enumerate(blocks) if FLAGS_HEADING[lang] in "".join(el.itertext()))
    heading, block = blocks[at], blocks[at + 1]
    items = ["".join(li.itertext()) for li in block.iter("li")]
    section = "".join(ET.tostring(el, encoding="unicode") for el in (heading, block))
    return section, items


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_flag_list_is_never_split_over_a_page(demo: Document, lang: Lang) -> None:
    section, items = _flag_section(_markup(demo, lang), lang)
    assert len(items) >= 3  # the demo visit must give a list worth keeping together
    # Push the plan's own flag section down the page, 8 pt at a time, through the page foot.
    for space in range(int(TEXT_HEIGHT) - 360, int(TEXT_HEIGHT) - 20, 8):
        texts = _pages(_pdf(f'<spacer height="{space}"/>{section}', lang))
        flat = [" ".join(t.split()) for t in texts]
        on = {n for n, t in enumerate(flat) for item in items if " ".join(item.split())[:12] in t}
        heading = {n for n, t in enumerate(flat) if FLAGS_HEADING[lang] in t}
        assert len(on) == 1 and heading == on, (space, on, heading)


def test_a_list_longer_than_a_page_leaves_no_item_alone() -> None:
    items = "".join(f"<li>第 {n} 项：{'内容' * 40}</li>" for n in range(1, 31))
    for space in range(int(TEXT_HEIGHT) - 200, int(TEXT_HEIGHT) - 20, 10):
        texts = _pages(_pdf(f'<spacer height="{space}"/><ul>{items}</ul>'))
        first = [n for n, t in enumerate(texts) if "第 1 项" in t]
        second = [n for n, t in enumerate(texts) if "第 2 项" in t]
        last = [n for n, t in enumerate(texts) if "第 30 项" in t]
        before_last = [n for n, t in enumerate(texts) if "第 29 项" in t]
        assert first == second and last == before_last, space


def test_a_chapter_after_a_table_ending_at_a_page_foot_leaves_no_blank_page() -> None:
    """The space after a table that does not fit under it at the page's foot is dropped, so
    the next chapter starts on the next page, not after an empty one."""
    rows = "".join(f"<tr><td>第 {n} 行</td><td>值</td></tr>" for n in range(1, 6))
    table = f'<table widths="2,1" header="1"><tr><th>项目</th><th>数值</th></tr>{rows}</table>'
    for space in range(int(TEXT_HEIGHT) - 160, int(TEXT_HEIGHT) - 40, 2):
        texts = _pages(_pdf(f'<h1>一 前章</h1><spacer height="{space}"/>{table}<h1>二 后章</h1>'))
        assert all(t.strip() for t in texts), space  # no page without text
        last_row = [n for n, t in enumerate(texts) if "第 5 行" in t]
        chapter = [n for n, t in enumerate(texts) if "二 后章" in t]
        assert chapter == [last_row[0] + 1], space


# --- table group rows and continued rows ------------------------------------------------------


def _appendix_like(space: int, continued: str = "") -> str:
    rows = []
    for g in range(1, 7):
        rows.append(f'<tr class="group"><td>第{g}组标题</td></tr>')
        rows += [f"<tr><td>G{g}Q{q} 问题</td><td>回答</td></tr>" for q in range(1, 4)]
    table = f'<table widths="2,1" header="1" continued="{continued}">'
    head = "<tr><th>问题</th><th>回答</th></tr>"
    return f'<spacer height="{space}"/>{table}{head}{"".join(rows)}</table>'


def test_a_group_row_is_never_the_last_row_of_a_page() -> None:
    for space in range(int(TEXT_HEIGHT) - 300, int(TEXT_HEIGHT) - 30, 6):
        texts = _pages(_pdf(_appendix_like(space)))
        for g in range(1, 7):
            group = [n for n, t in enumerate(texts) if f"第{g}组标题" in t]
            first = [n for n, t in enumerate(texts) if f"G{g}Q1 问题" in t]
            assert group == first, (space, g)


def test_group_rows_are_bold_spanning_headings(demo: Document) -> None:
    markup = _markup(demo, "zh")
    root = ET.fromstring(markup.encode("utf-8"))
    groups = [tr for tr in root.iter("tr") if tr.get("class") == "group"]
    assert groups and all(len(tr) == 1 for tr in groups)
    if register(find_cjk_font()).synthetic_bold:
        title = "".join(groups[0][0].itertext())
        reader = _pdf(_appendix_like(0).replace("第1组标题", title))
        assert _modes(reader.pages[0], title) == {2}


def test_the_long_answers_table_splits_as_the_appendix_does_with_its_group_rows() -> None:
    """A tall table (rows split inside) still keeps a group heading with its first row."""
    answer = "很长的回答" * 120
    for space in range(int(TEXT_HEIGHT) - 200, int(TEXT_HEIGHT) - 30, 10):
        body = (
            f'<spacer height="{space}"/><table widths="2,3" header="1" continued="（续）">'
            "<tr><th>问题</th><th>回答</th></tr>"
            '<tr class="group"><td>能源管理</td></tr>'
            f"<tr><td>E07 电动机</td><td>{answer}</td></tr></table>"
        )
        texts = _pages(_pdf(body))
        group = [n for n, t in enumerate(texts) if "能源管理" in t]
        first = [n for n, t in enumerate(texts) if "E07 电动机" in t]
        assert group and group[0] == first[0], space


@pytest.mark.parametrize(("lang", "mark"), [("zh", "（续）"), ("en", " (continued)")])
def test_a_row_split_over_a_page_repeats_its_question(lang: str, mark: str) -> None:
    answer = ("很长的回答内容" if lang == "zh" else "a long answer ") * 400
    question = "E07 电动机" if lang == "zh" else "E07 Electric motors"
    body = (
        f'<p>前文</p><table widths="2,3" header="1" continued="{mark}">'
        "<tr><th>Q</th><th>A</th></tr>"
        f"<tr><td>{question}</td><td>{answer}</td></tr></table>"
    )
    texts = _pages(_pdf(body, lang))
    assert len(texts) >= 2
    assert question in texts[0] and f"{question}{mark}" not in texts[0]
    assert " ".join(f"{question}{mark}".split()) in " ".join(texts[1].split())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_appendix_repeats_questions_and_marks_groups(demo: Document, lang: Lang) -> None:
    root = ET.fromstring(_markup(demo, lang).encode("utf-8"))
    appendix = [t for t in root.iter("table") if t.get("continued")]
    assert appendix and appendix[0].get("continued") == {"zh": "（续）", "en": " (continued)"}[lang]


# --- units in column headers ------------------------------------------------------------------


@pytest.mark.parametrize("width", [45, 50, 55, 60, 65, 70])
def test_a_header_never_breaks_inside_its_unit_zh(width: int) -> None:
    table = (
        f'<table widths="{width},{480 - width}" header="1">'
        "<tr><th>投资（万元）</th><th>措施</th></tr><tr><td>1</td><td>2</td></tr></table>"
    )
    lines = [ln.strip() for ln in _pages(_pdf(table))[0].splitlines()]
    assert "投资（万元）" in lines or "（万元）" in lines, lines
    assert not any(ln.endswith(("（", "（万", "（万元")) for ln in lines), lines


@pytest.mark.parametrize("width", [60, 70, 80])
def test_a_header_never_breaks_inside_its_unit_en(width: int) -> None:
    table = (
        f'<table widths="{width},{480 - width}" header="1">'
        "<tr><th>Annual savings (10k yuan)</th><th>Measure</th></tr>"
        "<tr><td>1</td><td>2</td></tr></table>"
    )
    lines = [" ".join(ln.split()) for ln in _pages(_pdf(table, "en"))[0].splitlines()]
    assert any("(10k yuan)" in ln for ln in lines), lines

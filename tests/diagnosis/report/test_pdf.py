"""render_pdf lays out every element of the markup; checked by reading the PDF back with pypdf."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from diagnosis.report.flowables import Para
from diagnosis.report.fonts import ReportFont, find_cjk_font, missing_characters, register
from diagnosis.report.linebreak import CANNOT_END, CANNOT_START, line_ranges
from diagnosis.report.pdf import RenderResult, render_pdf
from diagnosis.report.pdf_style import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, TEXT_HEIGHT

pytestmark = pytest.mark.skipif(find_cjk_font() is None, reason="no embeddable CJK font")

LONG_ZH = "超长中文名称没有任何空格也没有任何标点符号一直延续下去直到超出表格单元格宽度为止还要继续"
LONG_EN = "Pneumonoultramicroscopicsilicovolcanoconiosisandsupercalifragilisticexpialidocious"
SENTENCE = "企业应建立完善的能源管理体系，明确各级能源管理职责，定期开展能源审计和节能诊断。"


@pytest.fixture(scope="module")
def font() -> ReportFont:
    return register(find_cjk_font())


@pytest.fixture
def photos(tmp_path: Path) -> dict[str, Path]:
    """A phone-sized JPEG, a small one, a PNG with transparency and a JPEG shot sideways."""
    made = {}
    for ref, size, kind in [
        ("big", (2048, 1536), "jpg"),
        ("small", (640, 480), "jpg"),
        ("alpha", (1600, 400), "png"),
        ("sideways", (1600, 1200), "exif"),
    ]:
        image = Image.new("RGBA" if kind == "png" else "RGB", size, (90, 120, 160, 200))
        path = tmp_path / f"{ref}.{'png' if kind == 'png' else 'jpg'}"
        if kind == "exif":
            exif = Image.Exif()
            exif[0x0112] = 6  # rotate 90° clockwise on display
            image.save(path, exif=exif)
        else:
            image.save(path)
        made[ref] = path
    return made


def _plan(body: str, lang: str = "zh") -> str:
    page = "第 {page} 页 / 共 {pages} 页" if lang == "zh" else "Page {page} of {pages}"
    return (
        f'<plan lang="{lang}" title="节能诊断改进方案" author="诊断组" subject="改进方案" '
        f'header-left="某某制造有限公司" header-right="改进方案" footer-left="机密" '
        f'page-format="{page}" missing-photo="照片缺失">{body}</plan>'
    )


def _rows(count: int) -> str:
    return "".join(
        f"<tr><td>E-{i:03d}</td><td>更换高效电机</td><td>12.5</td><td>30,000</td></tr>"
        for i in range(count)
    )


EVERY_ELEMENT = _plan(
    "<cover><title>某某制造有限公司</title><subtitle>节能诊断改进方案</subtitle>"
    '<spacer height="30"/><p>诊断日期：2026 年 11 月 26 日</p>'
    '<table style="keyvalue" widths="1,3"><tr><td>企业名称</td><td>某某制造</td></tr></table>'
    '</cover><toc title="目录"/>'
    "<h1>概览</h1>"
    '<figures><figure label="综合得分" value="72" unit="分"/><figure label="节约" value="36.5" '
    'unit="万元"/><figure label="回收期" value="1.8" unit="年"/><figure label="措施" value="12"/>'
    '<figure label="减排" value="320" unit="吨"/></figures>'
    '<chart kind="radar" title="诊断维度得分" max="100"><point label="智能制造" value="65"/>'
    '<point label="节能" value="80"/><point label="节水" value=""/>'
    '<point label="清洁生产" value="55"/></chart>'
    '<chart kind="bar" title="年节约" unit="万元"><point label="空压机" value="12.5"/>'
    '<point label="照明" value="3.2"/><point label="待评估" value=""/></chart>'
    "<h1>能源管理</h1>"
    f'<p class="lead">{SENTENCE}</p><p>{SENTENCE}<b>重点</b> Energy audit {LONG_EN}</p>'
    f'<p class="note">注：数据来源于企业报表。</p><p class="warning">警告：{LONG_ZH}</p>'
    "<h2>主要发现</h2>"
    '<ul><li>一般</li><li mark="ok">已建立</li><li mark="miss">缺少计量</li>'
    f'<li mark="warn">负载率偏低<br/>第二行</li><li mark="info">{SENTENCE * 3}</li></ul>'
    f'<finding><h3>空压机泄漏</h3><p>{SENTENCE * 2}</p><ul><li mark="miss">泄漏率 25%</li></ul>'
    '<photo ref="big" caption="空压站"/><photo ref="sideways" caption="储气罐"/></finding>'
    f"<finding><p>没有照片的发现。{SENTENCE}</p></finding>"
    '<photo ref="alpha" caption="全宽照片"/><photo ref="gone" caption="缺失的照片"/>'
    '<photo ref="small"/>'
    "<h2>措施清单</h2>"
    '<table widths="3,12,4,4" align="left,left,right,right" total="1">'
    "<tr><th>代码</th><th>措施</th><th>投资（万元）</th><th>年节约（元）</th></tr>"
    f"{_rows(5)}<tr><td>E-999</td><td>{LONG_ZH}{LONG_EN}</td><td>1</td><td>2</td></tr>"
    "<tr><td></td><td>合计</td><td>62.5</td><td>150,000</td></tr></table>"
    '<table style="plain" widths="1,2"><tr><th>项目</th><th>说明</th></tr>'
    f"<tr><td>{LONG_EN}</td><td>{LONG_ZH}</td></tr></table>"
    "<keep><h3>保持在一起</h3><p>这一段与小标题在同一页。</p></keep>"
    '<spacer height="12"/><pagebreak/>'
    "<h1>签字确认</h1><h2>签字</h2>"
    '<signoff sign-label="签字" date-label="日期"><signer role="诊断组长" name="张三"/>'
    '<signer role="企业负责人" name=""/></signoff>'
)


def _render(markup: str, photos: dict[str, Path], font: ReportFont) -> RenderResult:
    return render_pdf(markup, photos=photos.get, font=font)


def _reader(result: RenderResult) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(result.pdf))


def _text_lines(page: Any, font: ReportFont) -> Iterator[tuple[float, float, float, str]]:
    """(x, y, width, text) of each drawn line. pypdf reports the start of the line for each of
    its runs, so runs at the same start are one line; widths are measured with the font."""
    lines: list[list[Any]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if not lines or lines[-1][:2] != [x, y] or lines[-1][3].endswith("\n"):
            lines.append([x, y, 0.0, ""])
        lines[-1][2] += stringWidth(text.strip("\n"), font.regular, size)
        lines[-1][3] += text

    page.extract_text(visitor_text=visit)
    for x, y, width, text in lines:
        if text.strip():
            yield x, y, width, text.strip()


def test_render_pdf_draws_every_element(photos: dict[str, Path], font: ReportFont) -> None:
    result = _render(EVERY_ELEMENT, photos, font)
    reader = _reader(result)
    assert result.pages == len(reader.pages) >= 6
    # Lines may break anywhere in Chinese: compare without whitespace.
    text = "".join("".join(page.extract_text() for page in reader.pages).split())
    for expected in [
        "某某制造有限公司",  # cover
        "诊断日期",
        "综合得分",  # figures
        "36.5",
        "智能制造 65",  # radar axis with its value
        "年节约（万元）",  # bar chart title with its unit
        "12.5",
        "Energy audit",
        "负载率偏低",
        "第二行",
        "空压机泄漏",  # finding
        "储气罐",  # photo caption
        "照片缺失",  # the missing photo
        "合计",
        "这一段与小标题在同一页。",
        "诊断组长",  # signoff
        "张三",
    ]:
        assert expected.replace(" ", "") in text
    assert reader.metadata is not None and reader.metadata.title == "节能诊断改进方案"
    assert reader.metadata.author == "诊断组"
    assert result.warnings == ["有 1 张照片无法读取，报告中以占位框代替。"]


def test_render_pdf_footers_count_pages(photos: dict[str, Path], font: ReportFont) -> None:
    result = _render(EVERY_ELEMENT, photos, font)
    pages = [page.extract_text() for page in _reader(result).pages]
    assert "机密" not in pages[0] and "共" not in pages[0]  # the cover has no header or footer
    for number, text in enumerate(pages[1:], 2):
        assert f"第 {number} 页 / 共 {len(pages)} 页" in text
        assert "某某制造有限公司" in text and "机密" in text


def test_render_pdf_contents_lists_headings_with_their_pages(
    photos: dict[str, Path], font: ReportFont
) -> None:
    reader = _reader(_render(EVERY_ELEMENT, photos, font))
    pages = [page.extract_text() for page in reader.pages]
    contents = list(_text_lines(reader.pages[1], font))
    assert contents[0][3] == "目录"
    # An entry is the title at the left and its page number on the same baseline at the right.
    numbers = {y: text for x, y, _, text in contents if text.isdigit() and x > PAGE_WIDTH / 2}
    entries = [(text, int(numbers[y])) for x, y, _, text in contents if y in numbers and x < 100]
    assert [title for title, _ in entries] == [
        "概览",
        "能源管理",
        "主要发现",
        "措施清单",
        "签字确认",
        "签字",
    ]
    for title, number in entries:
        assert title in pages[number - 1]
    indents = {text: x for x, _, _, text in contents}
    assert indents["主要发现"] > indents["能源管理"]  # h2 indented under h1


def test_render_pdf_contents_over_several_pages(photos: dict[str, Path], font: ReportFont) -> None:
    chapters = "".join(f"<h1>第 {i} 章</h1><h2>第 {i}.1 节</h2><p>正文</p>" for i in range(60))
    reader = _reader(_render(_plan(f'<toc title="目录"/>{chapters}'), photos, font))
    contents = [page.extract_text() for page in reader.pages[:4]]  # 120 entries, 4 pages
    assert "第 0 章\n5\n" in contents[0] and "第 59.1 节\n64\n" in contents[3]
    assert "第 0 章" in reader.pages[4].extract_text()
    links = [a.get_object() for page in reader.pages[:4] for a in page.get("/Annots", [])]
    assert len(links) == 120  # one per entry, each to its own heading
    assert len({repr(link["/Dest"]) for link in links}) == 120


def test_render_pdf_outline_and_chapters_on_new_pages(
    photos: dict[str, Path], font: ReportFont
) -> None:
    reader = _reader(_render(EVERY_ELEMENT, photos, font))
    outline = reader.outline
    chapters = [item for item in outline if not isinstance(item, list)]
    assert [c["/Title"] for c in chapters] == ["概览", "能源管理", "签字确认"]
    sections = [item for item in outline if isinstance(item, list)]
    assert [[s["/Title"] for s in group] for group in sections] == [
        ["主要发现", "措施清单"],
        ["签字"],
    ]
    chapter_pages = [reader.get_destination_page_number(c) for c in chapters]
    assert len(set(chapter_pages)) == 3
    for chapter, number in zip(chapters, chapter_pages, strict=True):
        assert chapter["/Top"] > PAGE_HEIGHT - MARGIN  # at the top of its page
        body = [
            line
            for line in _text_lines(reader.pages[number], font)
            if line[1] < PAGE_HEIGHT - MARGIN
        ]
        assert max(body, key=lambda line: line[1])[3] == chapter["/Title"]  # the top line


def test_render_pdf_never_draws_past_the_margins(photos: dict[str, Path], font: ReportFont) -> None:
    for markup in (EVERY_ELEMENT, EVERY_ELEMENT.replace('lang="zh"', 'lang="en"')):
        reader = _reader(_render(markup, photos, font))
        for number, page in enumerate(reader.pages, 1):
            for x, y, width, text in _text_lines(page, font):
                where = f"page {number} at ({x:.0f}, {y:.0f}): {text!r}"
                assert x >= MARGIN - 0.5, where
                assert x + width <= PAGE_WIDTH - MARGIN + 0.5, where


def test_render_pdf_long_table_repeats_its_header(
    photos: dict[str, Path], font: ReportFont
) -> None:
    table = (
        '<table widths="2,8,3,3" align="left,left,right,right">'
        "<tr><th>代码</th><th>措施名称</th><th>投资</th><th>年节约</th></tr>"
        f"{_rows(300)}</table>"
    )
    reader = _reader(_render(_plan(f"<h1>措施</h1>{table}"), photos, font))
    assert len(reader.pages) >= 6
    pages = [page.extract_text() for page in reader.pages]
    with_rows = [text for text in pages if re.search(r"E-\d{3}", text)]
    assert len(with_rows) == len(pages)
    for text in with_rows:
        assert "措施名称" in text and "年节约" in text
    assert "E-000" in pages[0] and "E-299" in pages[-1]


def test_render_pdf_splits_a_tall_row_at_the_page_end(
    photos: dict[str, Path], font: ReportFont
) -> None:
    tall = "；".join(f"第{i}台：额定功率 {i * 10} kW" for i in range(1, 60))
    rows = "".join(f"<tr><td>E{i:02d}</td><td>回答</td></tr>" for i in range(20))
    head = "<tr><th>问题编号</th><th>回答</th></tr>"
    table = f"<table>{head}{rows}<tr><td>E90</td><td>{tall}</td></tr></table>"
    reader = _reader(_render(_plan(f"<h1>表</h1>{table}"), photos, font))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) == 2
    assert "E90" in pages[0] and "第1台" in pages[0] and "第59台" in pages[1]
    # Not moved below a second header on the first page, only repeated on the next one.
    assert [text.count("问题编号") for text in pages] == [1, 1]


def test_render_pdf_keeps_a_heading_with_the_kept_block_after_it(
    photos: dict[str, Path], font: ReportFont
) -> None:
    # Fillers of every height put the heading at every spot near a page's foot: wherever it
    # lands, its block (heading, line and table kept together) is on the same page.
    head = "<tr><th>输入</th><th>实物量</th><th>系数</th><th>结果</th></tr>"
    keep = f"<keep><h3>取水量</h3><p>1,510 m³/年。</p><table>{head}{_rows(4)}</table></keep>"
    for room in range(20, 260, 20):
        filler = f'<spacer height="{int(TEXT_HEIGHT) - 60 - room}"/>'
        markup = _plan(f"<h1>节水</h1>{filler}<h2>主要指标</h2>{keep}")
        pages = [page.extract_text() for page in _reader(_render(markup, photos, font)).pages]
        where = [n for n, text in enumerate(pages) if "主要指标" in text]
        assert where and "E-003" in pages[where[0]], (room, pages)


def test_render_pdf_embeds_downscaled_photos(photos: dict[str, Path], font: ReportFont) -> None:
    reader = _reader(_render(EVERY_ELEMENT, photos, font))
    sizes = set()
    for page in reader.pages:
        for obj in page["/Resources"].get("/XObject", {}).values():
            image = obj.get_object()
            if image["/Subtype"] == "/Image":
                sizes.add((image["/Width"], image["/Height"]))
    # 2048 px is decoded at half scale; the sideways shot is turned upright; small stays as is.
    assert sizes == {(1024, 768), (900, 1200), (1200, 300), (640, 480)}


def test_render_pdf_text_is_covered_by_the_font(photos: dict[str, Path], font: ReportFont) -> None:
    result = _render(EVERY_ELEMENT, photos, font)
    assert "第 2 页 / 共" in result.text and "照片缺失" in result.text
    assert missing_characters(result.text, font) == set()


def test_render_pdf_in_english(photos: dict[str, Path], font: ReportFont) -> None:
    markup = _plan(
        '<toc title="Contents"/><h1>Findings</h1>'
        f"<p>The compressed air system leaks. {LONG_EN} and the name 某某制造有限公司.</p>",
        lang="en",
    )
    result = render_pdf(markup, photos=photos.get)  # finds and registers the font itself
    pages = [page.extract_text() for page in _reader(result).pages]
    assert result.pages == 2
    assert "Page 2 of 2" in pages[1] and "The compressed air system leaks." in pages[1]


def _wrapped(para: Paragraph) -> list[str]:
    """The text of each line of a wrapped paragraph, whatever reportlab's line kind."""
    lines = para.blPara.lines
    if para.blPara.kind == 0:
        return ["".join(words) for _, words in lines]
    return ["".join(frag.text for frag in line.words) for line in lines]


def _style(font: ReportFont, lang: str) -> ParagraphStyle:
    return ParagraphStyle(
        lang,
        fontName=font.regular,
        fontSize=10,
        leading=15,
        wordWrap="CJK" if lang == "zh" else None,
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("word", [LONG_ZH, LONG_EN])
def test_para_wraps_long_words_within_the_width(font: ReportFont, lang: str, word: str) -> None:
    para = Para(f"Name: {word}, {word}", _style(font, lang))
    para.wrap(120, 1000)
    assert len(_wrapped(para)) > 3
    assert max(para.getActualLineWidths0()) <= 120


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("一二三四五六七八九十，十一十二", "，"),  # reportlab would start line 2 with the comma
        ("一二三四五六七八九十。”十一十二", "。"),
        ("一二三四五六七八九十）》十一十二", "）"),
        ("一二三四五六七八九（十）十一", "（"),  # an opening bracket must not end a line
        ("一二三四五六七八《能源法》十一", "《"),
        ("一二三四五六七八 Energy，十一", "，"),
    ],
)
def test_para_obeys_kinsoku(font: ReportFont, text: str, forbidden: str) -> None:
    style = _style(font, "zh")
    para = Para(text, style)
    para.wrap(100, 1000)  # ten ideographs of 10 pt fit on a line
    lines = _wrapped(para)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert max(para.getActualLineWidths0()) <= 100
    assert any(forbidden in line for line in lines)
    for line in lines:
        assert line[0] not in CANNOT_START and line[-1] not in CANNOT_END, lines


def test_reportlab_alone_would_start_a_line_with_a_comma(font: ReportFont) -> None:
    """Why Para replaces reportlab's CJK wrapping; if this fails, reportlab learnt kinsoku."""
    stock = Paragraph("一二三四五六七八九十，十一十二", _style(font, "zh"))
    stock.wrap(100, 1000)
    assert _wrapped(stock)[1].startswith("，")


def test_para_keeps_kinsoku_with_bold_runs_and_breaks(font: ReportFont) -> None:
    para = Para("一二三四五六七八九<b>十，</b>十一<br/>（新行）", _style(font, "zh"))
    para.wrap(100, 1000)
    assert _wrapped(para) == ["一二三四五六七八九", "十，十一", "（新行）"]


PHRASES = st.builds(
    lambda opening, body, closing: opening + body + closing,
    st.sampled_from(["", "", "（", "《", "“"]),
    st.text(alphabet="节能诊断企业管理ABC1", min_size=1, max_size=6),
    st.sampled_from(["", "", "，", "。", "）", "》", "”", "。”", "……"]),
)


@given(st.lists(PHRASES, min_size=1, max_size=30), st.integers(min_value=4, max_value=40))
def test_line_ranges_never_breaks_against_kinsoku(phrases: list[str], width: int) -> None:
    text = "".join(phrases)
    lines = line_ranges(text, [1.0] * len(text), [float(width)])
    assert "".join(text[start:end] for start, end, _ in lines) == text
    for start, end, used in lines:
        assert used <= width
        assert text[start] not in CANNOT_START and text[end - 1] not in CANNOT_END


@pytest.mark.parametrize(
    "text",
    [
        "节约标准煤一二三四 4,947.7 万元。",  # the break would fall before "万元。"
        "节约标准煤一二三四五 4947 万元。",  # ... or at the space after the number
        "节约标准煤一二三四五六4,947吨。",
    ],
)
def test_line_ranges_keep_a_number_with_its_unit(text: str) -> None:
    width = len("节约标准煤一二三四 4,947.7")  # the line is full just before the unit
    lines = [text[s:e] for s, e, _ in line_ranges(text, [1.0] * len(text), [float(width)])]
    number = re.search(r"[\d,.]+", text)
    assert number is not None
    holder = next(line for line in lines if number.group()[-1:] in line)
    unit_at = text.index(number.group()) + len(number.group())
    unit = text[unit_at:].lstrip()[:1]
    assert unit in holder, lines  # the unit is on the number's line
    assert all(not line.startswith(("万", "吨", "元")) for line in lines), lines


def test_render_pdf_warns_of_characters_the_font_lacks(
    photos: dict[str, Path], font: ReportFont
) -> None:
    result = _render(_plan("<p>罕见字：𠀀</p>"), photos, font)
    assert result.warnings == [
        "所选字体没有以下字符的字形，PDF 中会显示为方框：𠀀。请在设置中选择其他中文字体。"
    ]


def test_render_pdf_with_the_fallback_font_warns(photos: dict[str, Path]) -> None:
    result = render_pdf(EVERY_ELEMENT, photos=photos.get, font=register(None))
    assert result.pages >= 6
    assert result.warnings[0].startswith("报告中的中文字体未嵌入 PDF")


def test_render_pdf_refuses_bad_markup(font: ReportFont) -> None:
    loader: Callable[[str], Path | None] = lambda ref: None  # noqa: E731
    with pytest.raises(ValueError, match=r"plan/p\[1\]: unknown attribute"):
        render_pdf('<plan lang="zh"><p x="1">a</p></plan>', photos=loader, font=font)

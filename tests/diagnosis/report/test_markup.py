"""The markup parser refuses whatever the contract does not allow, naming where and why."""

from __future__ import annotations

import pytest

from diagnosis.report.markup import (
    Break,
    Heading,
    MarkupError,
    Para,
    Run,
    Table,
    parse_markup,
)


def _plan(body: str, attrs: str = 'lang="zh"') -> str:
    return f"<plan {attrs}>{body}</plan>"


TABLE = "<table><tr><th>代码</th><th>措施</th></tr><tr><td>E-01</td><td>变频</td></tr></table>"


@pytest.mark.parametrize(
    ("markup", "path", "reason"),
    [
        pytest.param(
            _plan("<h1>一</h1><h1>二</h1><h1>三</h1><p>x</p>" + TABLE.replace("<td>E-01</td>", "")),
            "plan/h1[3]/table[1]/tr[2]",
            "1 cells, the first row has 2",
            id="cell-count",
        ),
        pytest.param(
            _plan("<h1>一</h1><foo/>"), "plan/h1[1]/foo[1]", "unknown element", id="element"
        ),
        pytest.param(
            _plan('<p colour="red">x</p>'),
            "plan/p[1]",
            "unknown attribute 'colour'",
            id="attribute",
        ),
        pytest.param(_plan("<title>x</title>"), "plan/title[1]", "not allowed here", id="place"),
        pytest.param(
            _plan(f"<finding>{TABLE}</finding>"),
            "plan/finding[1]/table[1]",
            "not allowed here",
            id="table-in-finding",
        ),
        pytest.param(
            _plan("<keep><h1>x</h1></keep>"), "plan/keep[1]/h1[1]", "not allowed", id="h1-in-keep"
        ),
        pytest.param(
            _plan("<p>a</p><cover><title>x</title></cover>"),
            "plan/cover[1]",
            "must be the first block",
            id="late-cover",
        ),
        pytest.param(
            _plan("<ul><li>a</li><p>b</p></ul>"), "plan/ul[1]/p[1]", "not allowed in <ul>", id="ul"
        ),
        pytest.param(_plan("<p>a <i>b</i></p>"), "plan/p[1]/i[1]", "only <b>, <br/>", id="inline"),
        pytest.param(_plan("loose text"), "plan", "text directly inside <plan>", id="loose-text"),
        pytest.param(
            _plan('<chart kind="bar"><point label="a" value="1,5"/></chart>'),
            "plan/chart[1]/point[1]",
            "value='1,5' is not a plain number",
            id="number-separator",
        ),
        pytest.param(
            _plan('<chart kind="bar"><point label="a" value="1e3"/></chart>'),
            "plan/chart[1]/point[1]",
            "not a plain number",
            id="number-exponent",
        ),
        pytest.param(
            _plan(
                '<chart kind="radar" max="100"><point label="a" value="120"/>'
                '<point label="b" value="1"/><point label="c" value="2"/></chart>'
            ),
            "plan/chart[1]/point[1]",
            "outside 0 to max 100",
            id="radar-range",
        ),
        pytest.param(
            _plan('<chart kind="radar"><point label="a" value="1"/></chart>'),
            "plan/chart[1]",
            "at least 3 points",
            id="radar-points",
        ),
        pytest.param(
            _plan('<chart kind="pie"><point label="a" value="1"/></chart>'),
            "plan/chart[1]",
            "kind='pie' is not one of",
            id="chart-kind",
        ),
        pytest.param(
            _plan('<chart kind="radar" unit="分"><point label="a" value="1"/></chart>'),
            "plan/chart[1]",
            "unknown attribute 'unit'",
            id="radar-unit",
        ),
        pytest.param(_plan('<p class="big">x</p>'), "plan/p[1]", "class='big'", id="class"),
        pytest.param(
            _plan('<ul><li mark="done">x</li></ul>'), "plan/ul[1]/li[1]", "mark='done'", id="mark"
        ),
        pytest.param(
            _plan(TABLE.replace("<table>", '<table style="fancy">')),
            "plan/table[1]",
            "style='fancy'",
            id="style",
        ),
        pytest.param(
            _plan(TABLE.replace("<table>", '<table align="left,middle">')),
            "plan/table[1]",
            "align='middle'",
            id="align",
        ),
        pytest.param(
            _plan(TABLE.replace("<table>", '<table widths="1,2,3">')),
            "plan/table[1]",
            "widths has 3 values for 2 columns",
            id="widths-count",
        ),
        pytest.param(
            _plan(TABLE.replace("<table>", '<table widths="1,x">')),
            "plan/table[1]",
            "not a plain number",
            id="widths-number",
        ),
        pytest.param(
            _plan(TABLE.replace("<table>", '<table header="3">')),
            "plan/table[1]",
            "header='3'",
            id="header",
        ),
        pytest.param(
            _plan(TABLE.replace("<table>", '<table style="keyvalue" header="1">')),
            "plan/table[1]",
            "two columns and no header rows",
            id="keyvalue-header",
        ),
        pytest.param(_plan('<spacer height="-3"/>'), "plan/spacer[1]", "negative", id="spacer"),
        pytest.param(
            _plan("<spacer/>"), "plan/spacer[1]", "needs the attribute 'height'", id="req"
        ),
        pytest.param(
            _plan("<pagebreak>x</pagebreak>"), "plan/pagebreak[1]", "must be empty", id="e"
        ),
        pytest.param(_plan("", 'lang="fr"'), "plan", "lang='fr'", id="lang"),
        pytest.param(
            _plan("", 'lang="zh" page-format="{page} of {total}"'),
            "plan",
            "unknown field {total}",
            id="page-format",
        ),
        pytest.param("<report/>", "report", "root element must be <plan>", id="root"),
        pytest.param(_plan("<p>x</b></p>"), "plan", "not well-formed XML", id="xml"),
        pytest.param(
            '<!DOCTYPE plan [<!ENTITY a "aaaa">]><plan lang="zh"><p>&a;</p></plan>',
            "plan",
            "DOCTYPE",
            id="doctype",
        ),
    ],
)
def test_parse_markup_refuses(markup: str, path: str, reason: str) -> None:
    with pytest.raises(MarkupError) as caught:
        parse_markup(markup)
    assert caught.value.path == path
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}: ")


def test_parse_markup_collapses_whitespace_like_html() -> None:
    plan = parse_markup(_plan("<p>  能源\n  管理 <b>Energy\n  use</b>  high <br/>  next  </p>"))
    para = plan.blocks[0]
    assert isinstance(para, Para)
    # A line break between two Chinese characters disappears; other whitespace becomes one space.
    assert para.text == (
        Run("能源管理"),
        Run(" Energy use", bold=True),
        Run(" high"),
        Break(),
        Run("next"),
    )


def test_parse_markup_table_defaults() -> None:
    plan = parse_markup(_plan(TABLE))
    table = plan.blocks[0]
    assert isinstance(table, Table)
    assert table.header == 1  # the first row holds only <th>
    assert table.widths == (1.0, 1.0)
    assert table.align == ("left", "left")
    assert table.style == "grid" and not table.total


def test_parse_markup_reads_every_root_attribute() -> None:
    plan = parse_markup(
        _plan(
            "<h2>小节</h2>",
            'lang="en" title="T" author="A" subject="S" header-left="HL" header-right="HR" '
            'footer-left="FL" page-format="Page {page} of {pages}" missing-photo="Missing"',
        )
    )
    assert (plan.lang, plan.title, plan.author, plan.subject) == ("en", "T", "A", "S")
    assert (plan.header_left, plan.header_right, plan.footer_left) == ("HL", "HR", "FL")
    assert (plan.page_format, plan.missing_photo) == ("Page {page} of {pages}", "Missing")
    assert plan.blocks == (Heading(2, (Run("小节"),)),)

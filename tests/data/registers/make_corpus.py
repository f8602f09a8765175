"""Write the register corpus: files laid out the ways districts write them (issue 15).

Run once from the repository root (``.venv/bin/python tests/data/registers/make_corpus.py``);
the files are committed beside this script. Each ``<name>.expected.json`` beside them is written
by hand from what the issue says the import must do with the file: it is the specification, never
generated from the import's output. The firms are fictitious; their credit codes are valid
(GB 32100-2015 check character, GB 11714 organisation-code check), computed once and written
here as literals so that the expected reports can name them; the script checks them.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from diagnosis.register import credit_code  # noqa: E402  (the repository root is on the path above)

# Fictitious firms: (name, credit code). Region = the district that issued the code.
F = [
    ("宁波甬辰精密机械有限公司", "91330206MA2Y60GP03"),  # 0 北仑
    ("宁波北仑恒泰模具有限公司", "91330206MA215X703G"),  # 1
    ("宁波港城轴承有限公司", "91330206MA21WRM426"),  # 2
    ("宁波新碶汽车部件有限公司", "91330206MA2UNB7325"),  # 3
    ("宁波大港金属结构有限公司", "91330206MA2AENB84W"),  # 4
    ("宁波霞浦热处理有限公司", "91330206MA2C8B7XXG"),  # 5
    ("宁波鼓楼服饰有限公司", "91330203MA2U6UBR32"),  # 6 海曙
    ("宁波海曙五金制品有限公司", "91330203MA2A79XP7C"),  # 7
    ("宁波望春电子电路有限公司", "91330203MA2GD7JE0E"),  # 8
    ("宁波集士港塑料制品有限公司", "91330203MA2TDF2E6R"),  # 9
    ("宁波鄞州云龙电器有限公司", "91330212MA2JRBEJXM"),  # 10 鄞州
    ("宁波姜山电机有限公司", "91330212MA2AXNLE0K"),  # 11
    ("宁波邱隘文具有限公司", "91330212MA2CQUR23F"),  # 12
    ("宁波五乡机械有限公司", "91330212MA2FYYT07B"),  # 13
    ("宁波横溪医药化工有限公司", "91330212MA264H5KXD"),  # 14
    ("宁波钟公庙精工有限公司", "91330212MA2YRNUP7Y"),  # 15
    ("慈溪市观海卫家电有限公司", "91330282MA209GF41C"),  # 16 慈溪
    ("慈溪市周巷轴承有限公司", "91330282MA2WU3W3XH"),  # 17
    ("慈溪市坎墩塑业有限公司", "91330282MA2C12EP6M"),  # 18
    ("慈溪市浒山纺织印染有限公司", "91330282MA2TXH9C9G"),  # 19
    ("慈溪市庵东新材料有限公司", "91330282MA2XG75H8N"),  # 20
    ("余姚市泗门模具有限公司", "91330281MA2YGB279F"),  # 21 余姚
    ("余姚市马渚塑料有限公司", "91330281MA2995TL8A"),  # 22
    ("余姚市低塘光电有限公司", "91330281MA2ACWFAXJ"),  # 23
    ("余姚市朗霞汽配有限公司", "91330281MA2UER2Q3C"),  # 24
    ("余姚市兰江机电有限公司", "91330281MA2XTR8F6G"),  # 25
    ("宁海县西店文具有限公司", "91330226MA243MFC4T"),  # 26 宁海
    ("宁海县跃龙模具有限公司", "91330226MA2C0T8X1W"),  # 27
    ("宁海县梅林电器有限公司", "91330226MA2YP2927C"),  # 28
    ("象山县石浦水产食品有限公司", "91330225MA21EW1YXW"),  # 29 象山
    ("象山县西周针织服饰有限公司", "91330225MA285TFJ5K"),  # 30
    ("象山县丹西机械有限公司", "91330225MA2FUF1G62"),  # 31
    ("宁波慈城五金有限公司", "91330205MA21FT2J0N"),  # 32 江北
    ("宁波庄桥阀门有限公司", "91330205MA2YE7QQ53"),  # 33
    ("宁波洪塘电机有限公司", "91330205MA2JENP81X"),  # 34
    ("宁波甬新智能装备有限公司", "91330205MA2M2K014J"),  # 35
    ("宁波镇海炼化配套有限公司", "91330211MA2AQLTC13"),  # 36 镇海
    ("宁波蛟川新材料有限公司", "91330211MA2DB1KX2R"),  # 37
    ("宁波骆驼精密机械有限公司", "91330211MA2N9KE985"),  # 38
    ("宁波庄市热电有限公司", "91330211MA2HT0RD2J"),  # 39
    ("宁波奉化溪口食品有限公司", "91330213MA2WUWC076"),  # 40 奉化
    ("宁波奉化气动元件有限公司", "91330213MA2WMXBK3G"),  # 41
    ("宁波莼湖石料有限公司", "91330213MA2CXG048Q"),  # 42
    ("宁波保税区进出口加工有限公司", "91330200MA287FGA0A"),  # 43 (city-level codes)
    ("宁波大榭石化储运有限公司", "91330200MA2AX7MJ41"),  # 44
    ("宁波梅山智造有限公司", "91330200MA2AFA0K2X"),  # 45
    ("宁波东钱湖文旅装备有限公司", "91330200MA2BN7AX9R"),  # 46
    ("宁波前湾汽车零部件有限公司", "91330200MA21U5LU8U"),  # 47
]
# An older code with no letters: what a sheet that stored it as a number turns it into.
DIGITS_ONLY = ("宁波奉化锦溪电器有限公司", "913302137140800064")
EXCEL_15_DIGITS = 913302137140800000  # Excel keeps 15 significant digits of a number
EXCEL_SCIENTIFIC = "9.13302E+17"  # and a CSV saved from it holds what the cell showed
WRONG_CHECK = F[41][1][:-1] + "4"  # one character mistyped: the check character says so


def name(i: int) -> str:
    return F[i][0]


def code(i: int) -> str:
    return F[i][1]


def _check_codes() -> None:
    for firm, value in [*F, DIGITS_ONLY]:
        found = credit_code.check(value)
        assert found.ok and not found.problems, (firm, value, found.problems)
    for bad in (WRONG_CHECK, str(EXCEL_15_DIGITS), EXCEL_SCIENTIFIC):
        assert not credit_code.check(bad).ok, bad


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _rows(ws: Worksheet, rows: list[list[object]]) -> None:
    for row in rows:
        ws.append(row)


def _save(wb: Workbook, name: str) -> None:
    # Fixed document dates, so that running the script again changes no committed file needlessly.
    wb.properties.created = wb.properties.modified = datetime(2025, 3, 15, 9, 0, 0)
    wb.save(HERE / name)


# fmt: off
# Data tables: one spreadsheet row a line reads better than the formatter's one cell a line.


def tongji_beilun() -> None:
    """A statistics office's table: merged title, unit line, 行业代码 as four-digit numbers,
    a 合计 row, a note and the signature line under it."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["2024年北仑区规模以上工业企业名录"])  # row 1
    ws.merge_cells("A1:J1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(["单位：万元、人、亩"])  # row 2
    ws.merge_cells("A2:J2")
    ws["A2"].alignment = Alignment(horizontal="right")
    header = ["序号", "单位名称", "统一社会信用代码", "行业代码", "行业名称", "所属区县（市）",
              "年末从业人员", "工业总产值", "实缴税金", "用地面积"]
    ws.append(header)  # row 3
    body = [  # rows 4-10
        [1, name(0), code(0), 3484, "机械零部件加工", "北仑区", 186, 23456.7, 812.35, 42.5],
        [2, name(1), code(1), 3525, "模具制造", "北仑区", 95, 8120.0, 301.2, 18.0],
        [3, name(2), code(2), 3451, "滚动轴承制造", "北仑区", 240, 31200.5, 1020.0, 55.3],
        [4, name(3), code(3), 3670, "汽车零部件及配件制造", "北仑区", 610, 98500.0, 3650.8, 120.0],
        [5, name(4), code(4), 3311, "金属结构制造", "北仑区", 132, 15800.0, 420.6, 36.8],
        [6, name(5), code(5), 3360, "金属表面处理及热处理加工", "北仑区", 58, 4300.0, 150.0, 12.5],
        [7, name(38), code(38), 3484, "机械零部件加工", "北仑区", 77, 6900.0, 210.4, 15.0],
    ]
    _rows(ws, body)
    sums = [round(sum(float(str(r[i])) for r in body), 2) for i in range(6, 10)]
    ws.append(["", "合计", "", "", "", "", *sums])  # row 11
    ws.append([])  # row 12
    ws.append(["注：1.本表统计范围为年主营业务收入2000万元及以上的工业法人单位；"
               "2.行业代码按GB/T 4754-2017《国民经济行业分类》。"])  # row 13
    ws.merge_cells("A13:J13")
    ws.append(["填报人：王敏    审核人：陈立    填报日期：2025年3月15日"])  # row 14
    ws.merge_cells("A14:J14")
    for col, width in zip("ABCDEFGHIJ", (6, 30, 22, 9, 22, 12, 10, 12, 10, 10), strict=True):
        ws.column_dimensions[col].width = width
    _save(wb, "01_tongji_beilun.xlsx")


def haishu_blank_rows() -> None:
    """A district's own list: blank rows between groups, industry as names and C-codes,
    是否规上 as √ or blank, 亩均 A类/B档, 绿色工厂 国家级/省级/三星."""
    wb = Workbook()
    ws = wb.active
    ws.title = "企业名单"
    ws.append(["企业名称", "统一社会信用代码", "所属行业", "属地", "是否规上", "亩均效益评价等级",
               "绿色工厂等级", "从业人员", "联系人", "联系电话"])  # row 1
    _rows(ws, [
        [name(6), code(6), "1819", "海曙区", "√", "A类", "国家级", 320, "李红", "0574-87301234"],
        [name(7), code(7), "金属制品业", "海曙", None, "C", None, 45, "张伟", "13805741234"],
        [],
        [name(8), code(8), "电子电路制造", "海曙区", "√", "B档", "省级", 210, "王芳", None],
        [name(9), code(9), "C2929", "海曙区", None, "B", None, 38, None, None],
        [],
        [],
        [name(32), code(32), "33", "江北区", "√", "D", "三星", 88, "赵强", "0574-87551234"],
    ])  # rows 2-9: blank rows 4, 7, 8
    _save(wb, "02_haishu_blank_rows.xlsx")


def yinzhou_hidden_columns() -> None:
    """Hidden columns (a serial number, an internal id, and 税收 with real data), a number
    format on 产值, a 成立日期 column of dates (Excel serials under a date format), 备注."""
    wb = Workbook()
    ws = wb.active
    ws.title = "鄞州区"
    ws.append(["序号", "企业名称", "统一社会信用代码", "内部编号", "行业代码", "区县",
               "税收（万元）", "工业总产值（万元）", "成立日期", "备注"])
    rows = [  # rows 2-6
        [1, name(10), code(10), "YZ-0101", "3851", "鄞州区", 512.4, 18650.25,
         datetime(2016, 5, 12), "重点监测"],
        [2, name(11), code(11), "YZ-0102", "3812", "鄞州", 233.0, 9870.5,
         datetime(2017, 11, 3), None],
        [3, name(12), code(12), "YZ-0103", "2411", "330212", 88.6, 3560.0,
         datetime(2018, 1, 22), "新增"],
        [4, name(13), code(13), "YZ-0104", "C34", "鄞州区", 140.0, 6720.8,
         datetime(2015, 9, 30), None],
        [5, name(14), code(14), "YZ-0105", "2710", "鄞州区", 960.0, 42100.0,
         datetime(2019, 4, 8), "含研发中心"],
    ]
    _rows(ws, rows)
    for r in range(2, 7):
        ws.cell(r, 8).number_format = "#,##0.00"
        ws.cell(r, 9).number_format = "yyyy-mm-dd"
    for col in ("A", "D", "G"):
        ws.column_dimensions[col].hidden = True
    _save(wb, "03_yinzhou_hidden_columns.xlsx")


def cixi_two_sheets() -> None:
    """A 说明 sheet first, the list on the second, an empty third sheet."""
    wb = Workbook()
    info = wb.active
    info.title = "说明"
    _rows(info, [
        ["填表说明"],
        ["1. 请勿修改表头；"],
        ["2. 行业代码填写国民经济行业分类（GB/T 4754-2017）四位小类代码；"],
        ["3. 亩均效益评价等级填 A、B、C、D；绿色工厂填国家级、省级或星级。"],
    ])
    ws = wb.create_sheet("企业名单")
    ws.append(["企业名称", "统一社会信用代码", "行业代码", "所属区县（市）", "是否规上",
               "亩均效益评价等级", "绿色工厂", "从业人员", "工业总产值", "税收", "用地面积",
               "数据年度"])
    _rows(ws, [  # rows 2-6
        [name(16), code(16), "3851", "慈溪市", "Y", "A", "★★★", 430, 52000.0, 2100.5, 85.0, 2024],
        [name(17), code(17), "3451", "慈溪", "Y", "B", None, 150, 12800.0, 450.0, 30.2, 2024],
        [name(18), code(18), "2929", "慈溪市", "N", "C", None, 42, 2600.0, 60.3, 9.8, 2024],
        [name(19), code(19), "1713", "慈溪市", "Y", "D", "省级", 280, 16500.0, 310.0, 66.0, 2024],
        [name(20), code(20), "2651", "杭州湾新区", "Y", "A", "国家级", 350, 88000.0, 5200.0,
         140.0, 2024],
    ])
    wb.create_sheet("Sheet3")
    _save(wb, "04_cixi_two_sheets.xlsx")


def _csv_text(rows: list[list[object]], delimiter: str = ",") -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def zhenhai_gbk() -> None:
    """A GBK CSV as a script with pandas writes one: codes 2614.0 from a float column, 成立日期 as
    Excel serial numbers, 是否规上 是/否."""
    rows: list[list[object]] = [
        ["序号", "企业名称", "统一社会信用代码", "行业代码", "所属区县", "是否规上", "从业人员",
         "工业总产值(万元)", "税收(万元)", "成立日期"],
        [1, name(36), code(36), "2614.0", "镇海区", "是", 420, 156000.0, 8800.0, 38353],
        [2, name(37), code(37), "2651.0", "镇海区", "是", 210, 48000.5, 1900.0, 40544],
        [3, name(38), code(38), "3484.0", "镇海区", "否", 36, 1800.0, 45.0, 42736],
        [4, name(39), code(39), "4412.0", "镇海区", "是", 160, 65000.0, 3100.0, 36892],
    ]  # lines 1-5
    (HERE / "05_zhenhai_gbk.csv").write_bytes(_csv_text(rows).encode("gbk"))


def yuyao_bom() -> None:
    """Excel's "CSV UTF-8" (with a BOM): a title line, industry as names, 规模以上/以下, 区域,
    "1,234.5" with a thousands separator, a credit code Excel showed as 9.13302E+17, notes."""
    rows: list[list[object]] = [
        ["2024年度余姚市工业企业亩均效益评价结果", "", "", "", "", "", "", ""],  # line 1
        ["企业名称", "统一社会信用代码", "所属行业", "区域", "规模", "亩均效益评价等级",
         "用地面积(亩)", "税收(万元)"],  # line 2
        [name(21), code(21), "模具制造", "余姚市", "规模以上", "A", "35.6", "1,234.5"],
        [name(22), code(22), "塑料零件及其他塑料制品制造", "余姚", "规模以下", "C", "8.2", "36"],
        [name(23), code(23), "计算机、通信和其他电子设备制造业", "余姚市", "规模以上", "B",
         "48", "2,050"],
        [name(24), code(24), "汽车制造业", "余姚市", "规模以上", "B", "60.5", "980.4"],
        [name(25), code(25), "电气机械和器材制造业", "余姚市", "规模以下", "C", "12", "75"],
        [DIGITS_ONLY[0], EXCEL_SCIENTIFIC, "38", "余姚市", "规模以上", "B", "20", "410"],
        ["注：A类为优先发展类，B类为提升发展类，C类为调整转型类，D类为整治淘汰类。",
         "", "", "", "", "", "", ""],  # line 9
        ["数据来源：余姚市经济和信息化局", "", "", "", "", "", "", ""],  # line 10
    ]  # data lines 3-8
    (HERE / "06_yuyao_bom.csv").write_bytes(_csv_text(rows).encode("utf-8-sig"))


def xiangshan_unicode_text() -> None:
    """Excel's "Unicode text": UTF-16 LE with a BOM, tab-separated (saved as .txt by Excel and
    renamed .csv for the import); 行业类别, 所在地区, 是否规模以上, stars as 三星/2星/★."""
    rows: list[list[object]] = [
        ["企业名称", "统一社会信用代码", "行业类别", "所在地区", "是否规模以上", "从业人员",
         "工业总产值", "绿色工厂星级"],
        [name(29), code(29), "1361", "象山县", "是", 156, 8600, "三星"],
        [name(30), code(30), "纺织服装、服饰业", "象山", "是", 380, 21500, ""],
        [name(31), code(31), "3484", "象山县", "否", 45, 2300, "2星"],
        [name(26), code(26), "2411", "宁海县", "是", 260, 18800, "★"],
        [name(27), code(27), "3525", "宁海", "否", 52, 3900, ""],
    ]  # lines 2-6
    (HERE / "07_xiangshan_unicode_text.csv").write_bytes(
        _csv_text(rows, delimiter="\t").encode("utf-16")  # "utf-16" writes the BOM
    )


def jiangbei_fullwidth() -> None:
    """Full-width digits and letters (typed with a Chinese input method), stray spaces, codes
    as C3443, c 3812 and "34 通用设备制造业", a spaced credit code, the zone 高新区."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["企业名称", "统一社会信用代码", "行业代码", "区县（市）", "规上企业", "从业人员",
               "工业总产值（万元）", "数据年度"])
    spaced = " ".join(code(35)[i : i + 4] for i in range(0, 18, 4))
    _rows(ws, [  # rows 2-5
        [name(32), _fullwidth(code(32)), "３３１１", "江北区", "是", "１２０", "３，４５６．７",
         "２０２４"],
        [name(33), code(33), "Ｃ３４４３", "江北", "是", " 86 ", "5,120", 2024],
        [name(34), code(34), "c 3812", "江北区", "否", "64", "2980.5", 2024],
        [name(35), spaced, "34 通用设备制造业", "高新区", "是", "150", "12,600", 2024],
    ])
    _save(wb, "08_jiangbei_fullwidth.xlsx")


def fenghua_bad_rows() -> None:
    """Genuinely bad rows among good ones: no name, a wrong check character, a duplicate code,
    a code Excel cut to 15 digits (rejected); an unknown industry, district, number, yes/no and
    per-mu class (warnings, row kept); "—" and "/" in number columns (empty, no warning)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["企业名称", "统一社会信用代码", "行业代码", "区县（市）", "是否规上", "从业人员",
               "工业总产值（万元）", "税收（万元）", "用地面积（亩）", "亩均评价"])
    _rows(ws, [
        [name(40), code(40), "食品制造业", "奉化区", "是", 150, 5600, "—", 30, "B"],  # 2
        [None, code(41), "34", "奉化区", "是", 80, 4100, 120, 16, "B"],  # 3 no name
        ["宁波奉化锦屏机械有限公司", WRONG_CHECK, "3484", "奉化区", "是", 60, 3000, 90, 10,
         "C"],  # 4 check character
        [name(42), code(42), "1019", "奉化区", "否", 35, "—", "—", "/", None],  # 5
        [name(43), code(43), "3400", "保税区", "是", 60, 7300, 260, 20, "B"],  # 6 industry
        [name(44), code(44), "C26", "大榭", "是", "约200", 26000, 900, 45, "A"],  # 7 employees
        [name(45), code(45), "3484", "海宁市", "不详", 30, 2100, 70, 8, "C"],  # 8 district, bool
        [name(46), code(46), "3484", "东钱湖", "否", 25, 1600, 40, 6, "E"],  # 9 per-mu class
        ["宁波溪口食品有限公司", code(40), "14", "奉化区", "是", 150, 5600, 200, 30, "B"],  # 10
        [DIGITS_ONLY[0], EXCEL_15_DIGITS, "38", "奉化区", "是", 70, 3300, 95, 12, "B"],  # 11
    ])
    ws.cell(11, 2).number_format = "0"  # how Excel shows a long number it has already cut
    _save(wb, "09_fenghua_bad_rows.xlsx")


def zones_and_aliases() -> None:
    """Functional zones and districts by name, alias, former name and code; 规上/规下; clusters
    by name in the list valid in the data year (绿色石化: 246 until 2024, 361 from 2025)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "功能区企业"
    ws.append(["企业名称", "统一社会信用代码", "国民经济行业", "所属区县（市）", "规上企业",
               "产业集群", "亩均评价", "绿色工厂星级", "数据年度", "地址"])
    _rows(ws, [  # rows 2-8
        [name(47), code(47), "3670", "前湾新区", "规上", "汽车", "A", "★★★★", 2024,
         "宁波前湾新区滨海四路 18 号"],
        [name(35), code(35), "3491", "宁波国家高新区", "规上", "高端装备", "B", None, 2024,
         "宁波高新区聚贤路 1299 号"],
        [name(37), code(37), "2651", "镇海", "规下", "新材料", "C", 0, 2024, None],
        [name(36), code(36), "2614", "330211", "规上", "绿色石化", "A", "三星", 2025, None],
        [name(44), code(44), "C26", "大榭开发区", "规上", "绿色石化", "B", None, 2024, None],
        [name(45), code(45), "3484", "梅山保税港区", "规下", None, "C", None, 2024, None],
        [name(40), code(40), "1399", "奉化市", "规下", None, "B", None, 2024, None],
    ])
    _save(wb, "10_zones_aliases.xlsx")


def units_in_cells() -> None:
    """Units in headers and in cells: 人, 万元, 亿元, 元 (÷10,000), 平方米 (to 亩); 营业收入 is not
    output value and is not taken for it."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["企业名称", "统一社会信用代码", "行业代码", "区县（市）", "从业人员（人）",
               "工业总产值", "营业收入（万元）", "税收（元）", "用地面积（平方米）"])
    _rows(ws, [  # rows 2-5
        [name(0), code(0), "3484", "北仑区", "186人", "23,456.7万元", 25000, "8,123,500",
         20000],
        [name(16), code(16), "3851", "慈溪市", 430, "1.2亿元", 130000, 21005000, "56666.7"],
        [name(21), code(21), "3525", "余姚市", 95, 6800, 7100, 2350000, 6666.7],
        [name(10), code(10), "3851", "鄞州区", 260, "—", 19000, "/", None],
    ])
    _save(wb, "11_units_in_cells.xlsx")


def template_marks() -> None:
    """A filled-in template: * on required headers, line breaks and hints in header cells,
    a 填报日期 column of bare Excel serial numbers, a code of digits kept as text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "填报表"
    ws.append(["*企业名称", "*统一社会\n信用代码", "行业代码\n（4位）", "属地", "是否规上\n(是/否)",
               "从业人员", "填报日期"])
    _rows(ws, [  # rows 2-6
        [name(26), code(26), "2411", "宁海县", "是", 260, 45383],
        [name(27), code(27), "3525", "宁海县", "否", 52, 45383],
        [name(28), code(28), "3854", "宁海县", "是", 190, 45384],
        [name(29), code(29), "1361", "象山县", "否", 156, 45385],
        [DIGITS_ONLY[0], DIGITS_ONLY[1], "3851", "奉化区", "是", 70, 45385],
    ])
    for row in ws.iter_rows(min_row=1, max_row=1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True)
    _save(wb, "12_template_marks.xlsx")


# fmt: on


def main() -> None:
    _check_codes()
    tongji_beilun()
    haishu_blank_rows()
    yinzhou_hidden_columns()
    cixi_two_sheets()
    zhenhai_gbk()
    yuyao_bom()
    xiangshan_unicode_text()
    jiangbei_fullwidth()
    fenghua_bad_rows()
    zones_and_aliases()
    units_in_cells()
    template_marks()


if __name__ == "__main__":
    main()

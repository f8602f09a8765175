"""Bilingual catalogue of every message the domain can produce, keyed by a stable code.

The domain returns codes with parameters; each front end (GUI, CLI, JSON) renders them in the
user's language, so a rule is written once and reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Lang = Literal["zh", "en"]
Severity = Literal["error", "warning"]


# code -> (Chinese, English). Parameters use str.format names.
class Plural(NamedTuple):
    """An English text that depends on the count ``n`` among its parameters (Chinese has one
    form): ``one`` for n = 1, ``many`` otherwise."""

    one: str
    many: str


CATALOGUE: dict[str, tuple[str, str | Plural]] = {
    "required": ("必填", "is required"),
    "code.length": (
        "统一社会信用代码应为 18 位，现为 {n} 位",
        "a unified social credit code has 18 characters, this one has {n}",
    ),
    "code.charset": (
        "第 {pos} 位“{char}”不是代码字符（不使用 I、O、S、V、Z）",
        "character {pos} '{char}' is not allowed in a credit code "
        "(I, O, S, V and Z are never used)",
    ),
    "code.region": (
        "第 3–8 位应为 6 位行政区划数字，现为“{region}”",
        "characters 3-8 must be a 6-digit region code, not '{region}'",
    ),
    "code.check": (
        "校验位错误：第 18 位应为“{expected}”，现为“{actual}”（GB 32100-2015）",
        "wrong check character: character 18 should be '{expected}', not '{actual}' "
        "(GB 32100-2015)",
    ),
    "code.body_check": (
        "组织机构代码校验位（第 17 位）应为“{expected}”，现为“{actual}”（GB 11714，仅提示）",
        "the organisation code check (character 17) should be '{expected}', not '{actual}' "
        "(GB 11714; a warning only)",
    ),
    "code.authority": (
        "第 1–2 位“{prefix}”不是已知的登记管理部门/机构类别（仅提示）",
        "'{prefix}' is not a known registration authority and entity type (a warning only)",
    ),
    "code.duplicate": (
        "该信用代码已属于“{name}”",
        "this credit code already belongs to '{name}'",
    ),
    "code.duplicate_in_file": (
        "与第 {row} 行的信用代码重复",
        "the same credit code as row {row}",
    ),
    "text.too_long": ("不能超过 {max} 个字符", "must not exceed {max} characters"),
    "text.control": (
        "第 {pos} 个字符为控制字符 {char}，请删除后再导入",
        "character {pos} is the control character {char}; remove it and import again",
    ),
    "number.invalid": ("“{value}”不是数字", "'{value}' is not a number"),
    "number.integer": ("“{value}”应为整数", "'{value}' must be a whole number"),
    "number.range": (
        "应在 {min} 到 {max} {unit}之间，现为 {value}",
        "must be between {min} and {max} {unit}, not {value}",
    ),
    "number.negative": ("不能为负数，现为 {value}", "must not be negative, not {value}"),
    "bool.invalid": (
        "“{value}”无法识别为是/否",
        "'{value}' is not a yes/no value",
    ),
    "district.unknown": ("未知的区县（市）“{value}”", "unknown district or county '{value}'"),
    "industry.unknown": (
        "“{value}”不是 GB/T 4754-2017 的行业代码或名称（采矿业、制造业和电力热力燃气及水生产"
        "和供应业的大类、中类、小类）",
        "'{value}' is not a GB/T 4754-2017 industry code or name (a division, group or class of "
        "mining, manufacturing or utilities)",
    ),
    "industry.out_of_scope": (
        "“{value}”属于行业大类 {division}，不是采矿业、制造业或电力热力燃气及水生产和供应业"
        "（06–46）",
        "'{value}' is in division {division}, not mining, manufacturing or utilities (06-46)",
    ),
    "industry.ambiguous": (
        "“{value}”可指多个行业：{candidates}，请填写代码或完整名称",
        "'{value}' could be several industries: {candidates}; give the code or the full name",
    ),
    "industry.section": (
        "“{value}”的门类字母 {letter} 与代码 {code}（门类 {section}）不符",
        "'{value}': section letter {letter} does not match code {code} (section {section})",
    ),
    "cluster.unknown": ("未知的产业集群“{value}”", "unknown industrial cluster '{value}'"),
    "cluster.out_of_year": (
        "产业集群“{value}”适用于 {valid} 年，数据年度为 {year}（仅提示）",
        "cluster '{value}' applies to {valid}, the data year is {year} (a warning only)",
    ),
    "per_mu.invalid": (
        "亩均评价档次应为 A、B、C 或 D，现为“{value}”",
        "the per-mu evaluation class must be A, B, C or D, not '{value}'",
    ),
    "stars.invalid": (
        "绿色工厂星级应为 0–5 星（或国家级、省级、市级），现为“{value}”",
        "green-factory stars must be 0-5 (or national, provincial, city level), not '{value}'",
    ),
    "phone.invalid": (
        "“{value}”不像电话号码（只允许数字、空格、+、-、括号和“转”）",
        "'{value}' does not look like a phone number (digits, spaces, + - ( ) and extensions only)",
    ),
    "year.invalid": (
        "数据年度应在 {min}–{max} 之间，现为 {value}",
        "the data year must be {min}-{max}, not {value}",
    ),
    "import.no_header": (
        "前 {rows} 行中找不到表头（至少需要“企业名称”和“统一社会信用代码”两列）",
        "no header row in the first {rows} rows "
        "(at least 'name' and 'credit code' columns are needed)",
    ),
    "import.unreadable": ("无法读取文件：{reason}", "cannot read the file: {reason}"),
    "import.too_large": (
        "文件过大（{size} MB，上限 {limit} MB），未导入；请拆分成几个文件分批导入",
        "the file is too large ({size} MB, the limit is {limit} MB) and was not imported; "
        "split it into several files",
    ),
    "import.xlsx_unpacked": (
        "文件解压后过大（{size} MB，上限 {limit} MB），不像企业名单，未导入",
        "the file unpacks to {size} MB (the limit is {limit} MB): it does not look like a "
        "register and was not imported",
    ),
    "import.xlsx_ratio": (
        "文件中的“{entry}”压缩比异常（{ratio}:1，上限 {limit}:1），像是“压缩炸弹”，未导入",
        "'{entry}' in the file is compressed {ratio}:1 (the limit is {limit}:1), like a zip "
        "bomb: it was not imported",
    ),
    "import.xlsx_entries": (
        "文件含 {count} 个部件（上限 {limit} 个），不像 Excel 文件，未导入",
        "the file holds {count} parts (the limit is {limit}): it does not look like an Excel "
        "file and was not imported",
    ),
    "import.xlsx_compression": (
        "文件中的“{entry}”用了 Excel 不用的压缩方式，无法读取",
        "'{entry}' in the file uses a compression Excel does not use: it cannot be read",
    ),
    "import.encoding": (  # the reason of import.unreadable
        "第 {row} 行起不是可识别的文本（支持 UTF-8、UTF-16 和 GBK/GB18030），"
        "请在 Excel 中另存为“CSV UTF-8”后再导入",
        "from line {row} on it is not text in a known encoding (UTF-8, UTF-16 or "
        "GBK/GB18030); save it as 'CSV UTF-8' in Excel and import it again",
    ),
    "import.nul": (
        "第 {row} 行含有空字符（NUL），文件可能已损坏或不是文本；"
        "请在 Excel 中另存为“CSV UTF-8”后再导入",
        "row {row} contains a NUL character: the file may be damaged or not text; save it as "
        "'CSV UTF-8' in Excel and import it again",
    ),
    "import.cell_too_large": (
        "第 {row} 行有单元格超过 {limit} 个字符，无法导入",
        "row {row} has a cell longer than {limit} characters: the file cannot be imported",
    ),
    "import.csv_row": ("第 {row} 行无法读取：{reason}", "row {row} cannot be read: {reason}"),
    "import.format": (
        "不支持的文件类型“{suffix}”（仅支持 .xlsx 和 .csv）",
        "unsupported file type '{suffix}' (only .xlsx and .csv)",
    ),
    # import-enterprises: sheets, columns and warnings (docs/register.md, "What an import keeps")
    "import.no_sheet": (
        "文件中没有工作表“{sheet}”；工作表有：{sheets}",
        "the file has no sheet '{sheet}'; its sheets: {sheets}",
    ),
    "import.no_header_sheet": (
        "工作表“{sheet}”前 {rows} 行中找不到表头（至少需要“企业名称”和“统一社会信用代码”两列）",
        "no header row in the first {rows} rows of sheet '{sheet}' "
        "(at least 'name' and 'credit code' columns are needed)",
    ),
    "code.org_code": (
        "“{value}”是组织机构代码（9 位，GB 11714），不是 18 位统一社会信用代码",
        "'{value}' is an organisation code (9 characters, GB 11714), not an 18-character "
        "unified social credit code",
    ),
    "column.org_code": (
        "没有“统一社会信用代码”列，按“{header}”列读取：18 位信用代码照常导入，"
        "9 位组织机构代码不能代替信用代码，所在行不导入",
        "no 'credit code' column, so '{header}' is read as one: 18-character credit codes are "
        "taken, a 9-character organisation code cannot stand for one and its row is rejected",
    ),
    "column.revenue": (
        "“{header}”是营业收入，不是工业总产值，该列未导入",
        "'{header}' is operating revenue, not industrial output value: the column is not imported",
    ),
    "store.not_database": (
        "“{path}”不是本软件的数据库文件，未做任何修改",
        "'{path}' is not a database file; it was left untouched",
    ),
    "store.corrupt": (
        "数据库“{path}”已损坏（完整性检查失败：{detail}），未做任何修改",
        "the database '{path}' is damaged (integrity check failed: {detail}); "
        "it was left untouched",
    ),
    # What a user does about a damaged store: `store check` and the app say the same.
    "store.damaged_todo": (
        "请先复制数据库文件、它的 .keys 文件和照片文件夹（保留它们，或许还能修复），"
        "再从办公室服务器同步到一个新数据库，或从最近的备份恢复。",
        "Make a copy of the store file, its .keys file and its photos folder first (keep them: "
        "they may still be repaired), then sync into a new store from the office server, or "
        "restore your last backup.",
    ),
    "store.newer": (
        "数据库“{path}”由更新版本的软件创建（含未知迁移 {names}），未做任何修改",
        "'{path}' was written by a newer version of this app (unknown migrations {names}); "
        "it was left untouched",
    ),
    "store.unopenable": (
        "无法打开数据库“{path}”：{detail}",
        "cannot open the database '{path}': {detail}",
    ),
    "photo.too_large": (
        "照片“{name}”有 {size_mb:.1f} MB，超过 {max_mb} MB 的上限，未保存",
        "the photo '{name}' is {size_mb:.1f} MB, over the {max_mb} MB limit; it was not stored",
    ),
    "photo.unreadable": (
        "“{name}”不是可识别的图片，未保存",
        "'{name}' is not an image that can be read; it was not stored",
    ),
    "photo.damaged": (
        "照片“{sha}”已损坏（内容与其 SHA-256 不符）：{path}",
        "the photo '{sha}' is damaged (its content no longer matches its SHA-256): {path}",
    ),
    "photo.missing": (
        "找不到照片“{sha}”（{path}）",
        "there is no photo '{sha}' ({path})",
    ),
    "enterprise.missing": (
        "企业记录不存在或已删除",
        "the enterprise does not exist or was deleted",
    ),
    "answer.option": (
        "“{value}”不是可选项（可选：{options}）",
        "'{value}' is not an option ({options})",
    ),
    "answer.options": (
        "“{value}”应为可选项的列表（可选：{options}）",
        "'{value}' must be a list of options ({options})",
    ),
    "answer.repeated": ("“{value}”中有重复的选项", "'{value}' repeats an option"),
    "answer.text": ("应为不超过 {max} 字的文字", "must be text of at most {max} characters"),
    "answer.date": ("“{value}”不是日期（YYYY-MM-DD）", "'{value}' is not a date (YYYY-MM-DD)"),
    "answer.photos": ("应为照片的 SHA-256 列表", "must be a list of photo SHA-256 hashes"),
    "answer.type": ("未知的题型“{type}”", "unknown item type '{type}'"),
    "answer.table": ("表格答案应为“行 → 列 → 值”", "a table answer maps rows to columns to values"),
    "answer.table_row": ("表格没有“{row}”这一行", "the table has no row '{row}'"),
    "answer.table_column": (
        "表格“{row}”行没有“{column}”列",
        "row '{row}' has no column '{column}'",
    ),
    "answer.table_cell": (
        "表格“{row}”行“{column}”列：{reason}",
        "row '{row}', column '{column}': {reason}",
    ),
    "answer.unknown_item": (
        "“{item}”不是{area}检查表 {version} 的题目",
        "'{item}' is not an item of the {area} checklist {version}",
    ),
    "visit.locked": (
        "诊断“{id}”已定稿，只能查看；如需修改请新建修订版",
        "visit '{id}' is finalised and read-only; make a new revision to change it",
    ),
    # A plan's language, named in the reader's language ("导出英文版", "in Chinese").
    "lang.zh": ("中文", "Chinese"),
    "lang.en": ("英文", "English"),
    # The five areas as a message names them ("智能制造 IM01、节能 E05").
    "area.intelligent_manufacturing": ("智能制造", "Intelligent manufacturing"),
    "area.energy": ("节能", "Energy"),
    "area.water": ("节水", "Water"),
    "area.cleaner_production": ("清洁生产", "Cleaner production"),
    "area.safety": ("安全环保", "Safety and environment"),
    "visit.incomplete": (
        "还有 {n} 个必答题未回答：{items}",
        Plural(
            "{n} required item still unanswered: {items}",
            "{n} required items still unanswered: {items}",
        ),
    ),
    "finding.unknown_item": (
        "发现问题关联的检查项“{item}”不在领域“{area}”的检查表中",
        "the finding's checklist item '{item}' is not in the checklist of area '{area}'",
    ),
    "finding.invalid": (
        "发现问题需要本次诊断的领域、严重程度（重大/较大/一般）和说明（领域“{area}”，程度“{severity}”）",
        "a finding needs an area of this visit, a severity (major/serious/general) and a text "
        "(area '{area}', severity '{severity}')",
    ),
    "visit.missing": ("找不到诊断记录“{id}”", "there is no visit '{id}'"),
    "visit.finalised": (
        "诊断“{id}”已定稿，不能覆盖；请新建修订版",
        "visit '{id}' is finalised and cannot be overwritten; make a new revision instead",
    ),
    "document.legacy_filled": (
        "旧格式文件中的“{field}”已写入题目 {item} 的答案（答案是唯一记录）",
        "the old format's '{field}' was written into the answer to {item} "
        "(the answers are the one record)",
    ),
    "document.legacy_kept": (
        "旧格式文件中的“{field}”与题目 {item} 的答案不一致：保留答案，忽略该数据",
        "the old format's '{field}' disagrees with the answer to {item}: the answer is kept "
        "and the block ignored",
    ),
    "document.derived_stale": (
        "文件中的派生数据“{field}”与答案不一致：已按答案重新计算",
        "the document's derived '{field}' disagrees with its answers: recomputed from the answers",
    ),
    "document.bad_id": (
        "{field}“{value}”不是规范的 UUID（小写、带连字符），无法导入和同步",
        "{field} '{value}' is not a canonical UUID (lower case, with hyphens): it cannot be "
        "imported or synced",
    ),
    "document.repeated_id": (
        "{field} 与同一文件中另一条发现问题的 id 重复",
        "{field} repeats the id of another finding in the same document",
    ),
    "document.finding_ids_renewed": (
        "{n} 条发现问题的 id 已被其他诊断使用（复制的文件），已换用新 id",
        Plural(
            "{n} finding id already belonged to another visit (a copied document) and was given "
            "a new id",
            "{n} finding ids already belonged to another visit (a copied document) and were "
            "given new ids",
        ),
    ),
    "measure.missing_input": ("缺少 {item} {what}", "missing {item} {what}"),
    "measure.input_invalid": (
        "{item} {what}超出可测算的范围，请核对",
        "{item} {what} is outside what can be estimated: please check",
    ),
    "measure.team_figure_far": (
        "团队填写的{figure} {value} 远超出建议范围 {low}–{high}（{unit}），请核对",
        "the team's {figure} {value} is far outside the proposed range {low}-{high} ({unit}): "
        "please check",
    ),
    "visit.other_enterprise": (
        "诊断“{id}”已属于另一家企业“{name}”，不能导入为本企业的诊断",
        "visit '{id}' already belongs to another enterprise, '{name}': it cannot be imported "
        "for this one",
    ),
    "visit.enterprise_unknown": (
        "名录中没有信用代码为“{code}”的企业",
        "no enterprise with credit code '{code}' in the register",
    ),
    # Plausibility doubts (diagnosis/plausibility/checks.py): warnings, the value is kept.
    "doubt.count_whole": (
        "{what} 为 {value}：数量应为整数",
        "{what} is {value}: a count is a whole number",
    ),
    "doubt.motor_class": (
        "{row}：{count} 台共 {total} kW，平均每台 {mean} kW，不在本功率段每台 {low}–{high} kW 之内",
        "{row}: {count} motors totalling {total} kW make {mean} kW each, outside this class's "
        "{low}–{high} kW per motor",
    ),
    "doubt.kw_without_count": (
        "{row}：总功率为 {total} kW，但台数为 0",
        "{row}: a total of {total} kW, but no motors counted",
    ),
    "doubt.vfd_count": (
        "{row}：变频驱动 {vfd} 台，多于本功率段电机台数 {count}",
        "{row}: {vfd} on VFD, more than the class's {count} motors",
    ),
    "doubt.compressor_ratio": (
        "{row}：比功率 {sp} kW/(m³/min)，而额定功率 ÷ 排气量为 {implied}；前者通常是后者的 "
        "{low}–{high} 倍，请核对功率、排气量和比功率",
        "{row}: specific power {sp} kW/(m³/min), but rated power ÷ delivery is {implied}; the "
        "first is usually {low}–{high} times the second: check the power, the delivery and the "
        "specific power",
    ),
    "doubt.compressor_implied": (
        "{row}：额定功率 {kw} kW ÷ 排气量 {fad} m³/min = {implied} kW/(m³/min)，超出空压机的"
        "可能范围 {low}–{high}：请核对单位",
        "{row}: rated power {kw} kW ÷ delivery {fad} m³/min = {implied} kW/(m³/min), outside "
        "the {low}–{high} any compressor has: check the units",
    ),
    "doubt.range": (
        "{what} {value} {unit}，不在常见范围 {min}–{max} {unit} 内：{why}",
        "{what} {value} {unit} is outside the usual {min}–{max} {unit}: {why}",
    ),
    "doubt.above": (
        "{what} {value} {unit}，高于 {max} {unit}：{why}",
        "{what} {value} {unit} is above {max} {unit}: {why}",
    ),
    "doubt.below": (
        "{what} {value} {unit}，低于 {min} {unit}：{why}",
        "{what} {value} {unit} is below {min} {unit}: {why}",
    ),
    "doubt.band": (
        "{rate_item} 为 {value} %，与 {band_item} 所选“{band}”（{low}–{high} %）不符",
        "{rate_item} is {value} %, which does not fit the band chosen at {band_item}, "
        "'{band}' ({low}–{high} %)",
    ),
    "doubt.hazard_zero": (
        "{answer_item} 答构成重大危险源，但 {table_item} 中各类危险化学品的最大存在量都是 0 或未填",
        "{answer_item} says there is a major hazard source, but every quantity in {table_item} "
        "is 0 or empty",
    ),
    "doubt.hazard_below": (
        "{answer_item} 答构成重大危险源，但 {table_item} 中 Σq/Q 为 {sum}，小于 1",
        "{answer_item} says there is a major hazard source, but Σ q/Q in {table_item} is "
        "{sum}, below 1",
    ),
    "doubt.hazard_above": (
        "{table_item} 中“{row}”的 q/Q 为 {ratio}，已达到 1，构成重大危险源，与 {answer_item} "
        "的回答“否”不符",
        "in {table_item}, '{row}' alone has q/Q = {ratio}, 1 or more: a major hazard source, "
        "yet {answer_item} says no",
    ),
    "doubt.hazard_threshold": (
        "{row}：最大存在量 {q} t，临界量却为 0；临界量取自 GB 18218 表 1、表 2，不会为 0",
        "{row}: {q} t present but a threshold of 0; thresholds come from tables 1 and 2 of "
        "GB 18218 and are never 0",
    ),
    "doubt.ratio": (
        "{what}为 {value} {unit}（{num} ÷ {den}），超出常见范围 {min}–{max} {unit}：{why}",
        "{what} is {value} {unit} ({num} ÷ {den}), outside the usual {min}–{max} {unit}: {why}",
    ),
    "doubt.year_after_visit": (
        "数据年度 {year} 晚于诊断日期 {date}",
        "the data year {year} is later than the visit date {date}",
    ),
    # The visit header (diagnosis/visits/header.py) and findings (diagnosis/visits/findings.py).
    "header.date": (
        "诊断日期“{value}”不是 YYYY-MM-DD 格式的日期",
        "the visit date '{value}' is not a date written YYYY-MM-DD",
    ),
    "header.date_range": (
        "诊断日期应在 {earliest} 至 {latest} 之间，现为 {value}",
        "the visit date must lie between {earliest} and {latest}, not {value}",
    ),
    "header.name_repeated": (
        "诊断人员“{name}”重复填写了",
        "the team member '{name}' is named twice",
    ),
    "header.name_too_long": (
        "诊断人员姓名“{name}”超过 {max} 个字符（多个姓名请用顿号或逗号分开）",
        "the team member's name '{name}' is longer than {max} characters (separate several "
        "names with commas)",
    ),
    "header.team_too_large": (
        "诊断组最多 {max} 人，现为 {n} 人",
        "a team has at most {max} members, not {n}",
    ),
    "header.organisation_too_long": (
        "诊断服务机构名称不能超过 {max} 个字符",
        "the organisation's name must not exceed {max} characters",
    ),
    "header.specialty_too_long": (
        "“{name}”的专业不能超过 {max} 个字符",
        "the specialty of '{name}' must not exceed {max} characters",
    ),
    "header.expert_organisation_too_long": (
        "“{name}”的所在单位名称不能超过 {max} 个字符",
        "the organisation of '{name}' must not exceed {max} characters",
    ),
    "finding.missing": (
        "诊断中没有这条发现问题（可能已被删除）",
        "the visit has no such finding (it may have been deleted)",
    ),
    "quantity.energy_tce": ("综合能耗", "total energy"),
    "quantity.water_intake": ("取水量", "water intake"),
    "quantity.output_answer": ("工业总产值（E03）", "output value (E03)"),
    "quantity.output_register": ("名录中的工业总产值", "the register's output value"),
    "quantity.register": ("名录中的{field}", "the register's {field}"),
    # export-enterprises (docs/register.md, Export)
    "export.format": (
        "只能导出为 .xlsx 或 .csv 文件，不能导出为“{suffix}”",
        "the register is exported to an .xlsx or .csv file, not '{suffix}'",
    ),
    "export.no_store": ("没有这个数据库：{path}", "there is no store at {path}"),
    "export.unwritable": (
        "无法写入“{path}”：{reason}",
        "cannot write '{path}': {reason}",
    ),
    "export.written": (
        "已导出 {count:,} 家企业到 {path}",
        "exported {count:,} enterprises to {path}",
    ),
    "export.summary": (
        "名录共 {enterprises:,} 家企业，其中规上 {above_scale:,} 家；"
        "无行业 {no_industry:,} 家，无区县 {no_district:,} 家。"
        "用 --out 文件.xlsx|.csv 导出，--json 输出记录",
        "{enterprises:,} enterprises in the register, {above_scale:,} above designated size; "
        "{no_industry:,} without an industry, {no_district:,} without a district. "
        "--out FILE.xlsx|.csv writes them, --json prints the records",
    ),
    # Technical failures in the reader's language (diagnosis.failures maps them; the technical
    # text itself goes behind "details"). Sync: storage.sync.transport.
    "sync.refused": (
        "无法连接服务器：对方拒绝连接（请检查地址和端口，以及服务器是否在运行）",
        "Cannot reach the server: the connection was refused (check the address and port, "
        "and that the server is running)",
    ),
    "sync.unknown_host": (
        "无法连接服务器：找不到主机“{host}”（请检查服务器地址和网络）",
        "Cannot reach the server: the host '{host}' was not found (check the server address "
        "and the network)",
    ),
    "sync.timeout": (
        "无法连接服务器：连接超时（请检查网络、地址和端口，以及防火墙）",
        "Cannot reach the server: the connection timed out (check the network, the address "
        "and port, and the firewall)",
    ),
    "sync.unreachable": (
        "无法连接服务器（请检查网络和服务器地址）",
        "Cannot reach the server (check the network and the server address)",
    ),
    "sync.bad_address": (
        "服务器地址“{url}”无效：应以 https:// 或 http:// 开头，例如 https://服务器:8765",
        "The server address '{url}' is not valid: it starts with https:// or http://, "
        "e.g. https://SERVER:8765",
    ),
    "sync.interrupted": (
        "连接中断；再次同步会从中断处继续",
        "The connection broke off; the next sync carries on from there",
    ),
    "sync.untrusted": ("服务器证书不受信任", "The server's certificate is not trusted"),
    "sync.cafile": (
        "无法使用 CA 证书文件“{path}”：请选择办公室给的 server.crt",
        "The CA certificate '{path}' cannot be used: choose the server.crt the office gave you",
    ),
    "sync.not_server": (
        "该地址上的服务不像诊断服务器（它回答 HTTP {status}）：请检查服务器地址和路径，"
        "应为 https://服务器:端口，不带其他路径",
        "The address does not look like the diagnosis server (it answered HTTP {status}): "
        "check the server address and path; it is https://SERVER:PORT with no other path",
    ),
    "sync.malformed": (
        "无法读懂服务器的回答：该地址可能不是诊断服务器，或服务器版本不同",
        "The server's answer cannot be read: the address may not be the diagnosis server, or "
        "the server runs another version",
    ),
    "sync.refusal": ("{reason}", "{reason}"),  # the server's own words, in both languages
    "sync.store_other": (
        "该服务器上是另一个中央存储库，不是本机同步过的那个；未发送也未应用任何内容",
        "This server holds another central store than the one this laptop synced with; "
        "nothing was sent or applied",
    ),
    "sync.failed": ("同步未完成", "The sync did not finish"),
    # Files the app writes (a plan, a workbook, a bundle): diagnosis.failures.
    "file.denied": (
        "无法写入“{path}”：没有权限，或文件正被其他程序打开（如 PDF 阅读器）；请关闭它或换一个位置",
        "Cannot write '{path}': no permission, or the file is open in another program (a PDF "
        "viewer, say); close it or choose another place",
    ),
    "file.no_folder": (
        "无法写入“{path}”：文件夹不存在，或同名的是一个文件",
        "Cannot write '{path}': the folder does not exist, or a file has its name",
    ),
    "file.no_space": (
        "无法写入“{path}”：磁盘空间不足",
        "Cannot write '{path}': the disk is full",
    ),
    "file.failed": ("无法写入“{path}”", "Cannot write '{path}'"),
    "plan.failed": ("无法生成改进方案", "The improvement plan could not be made"),
    "demo.failed": ("无法生成演示库", "The demo store could not be filled"),
}


class Bilingual(NamedTuple):
    """A parameter that itself has two languages (a unit, a reference name)."""

    zh: str
    en: str


@dataclass(frozen=True)
class Message:
    """A catalogue code with its parameters; rendered late, in the reader's language."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: Lang = "zh") -> str:
        zh, en = CATALOGUE[self.code]
        if isinstance(en, Plural):
            en = en.one if self.params.get("n") == 1 else en.many
        template = zh if lang == "zh" else en
        params = {
            k: (v.zh if lang == "zh" else v.en) if isinstance(v, Bilingual) else v
            for k, v in self.params.items()
        }
        return template.format(**params)


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field; errors block a save, warnings only inform."""

    field: str
    message: Message
    severity: Severity = "error"

    def text(self, lang: Lang = "zh") -> str:
        return self.message.text(lang)


def problem(field_name: str, code: str, severity: Severity = "error", **params: object) -> Problem:
    return Problem(field_name, Message(code, params), severity)


class DomainError(Exception):
    """Raised by services when input is refused; carries the problems for the caller to show."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.text('en')}" for p in problems))
        self.problems = problems

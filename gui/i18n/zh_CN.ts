<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <location filename="../app.py" line="138"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../app.py" line="139"/>
        <source>Open another file…</source>
        <translation>打开其他文件…</translation>
    </message>
    <message>
        <location filename="../app.py" line="141"/>
        <source>Create a new database…</source>
        <translation>新建数据库…</translation>
    </message>
    <message>
        <location filename="../app.py" line="143"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../app.py" line="147"/>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <location filename="../app.py" line="149"/>
        <source>New database</source>
        <translation>新建数据库</translation>
    </message>
</context>
<context>
    <name>EnterpriseDialog</name>
    <message>
        <location filename="../enterprise_editor.py" line="51"/>
        <source>New enterprise</source>
        <translation>新建企业</translation>
    </message>
    <message>
        <location filename="../enterprise_editor.py" line="51"/>
        <source>Edit enterprise</source>
        <translation>编辑企业</translation>
    </message>
    <message>
        <location filename="../enterprise_editor.py" line="81"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../enterprise_editor.py" line="82"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../enterprise_editor.py" line="85"/>
        <source>Enter moves to the next field; Ctrl+S saves; Esc cancels.</source>
        <translation>回车跳到下一项；Ctrl+S 保存；Esc 取消。</translation>
    </message>
    <message>
        <location filename="../enterprise_editor.py" line="137"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../enterprise_editor.py" line="226"/>
        <source>Discard the changes to this enterprise?</source>
        <translation>放弃对该企业的修改吗？</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../filter_bar.py" line="27"/>
        <source>Search name, credit code, address, contact or pinyin initials (Ctrl+F)</source>
        <translation>搜索名称、信用代码、地址、联系人或拼音首字母（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../filter_bar.py" line="32"/>
        <source>All districts</source>
        <translation>全部区县</translation>
    </message>
    <message>
        <location filename="../filter_bar.py" line="37"/>
        <source>All industries</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <location filename="../filter_bar.py" line="42"/>
        <source>All clusters</source>
        <translation>全部产业集群</translation>
    </message>
    <message>
        <location filename="../filter_bar.py" line="47"/>
        <source>Above and below scale</source>
        <translation>规上与规下</translation>
    </message>
    <message>
        <location filename="../filter_bar.py" line="48"/>
        <source>Above scale</source>
        <translation>规上企业</translation>
    </message>
    <message>
        <location filename="../filter_bar.py" line="48"/>
        <source>Below scale</source>
        <translation>规下企业</translation>
    </message>
    <message>
        <location filename="../filter_bar.py" line="52"/>
        <source>Willing or not</source>
        <translation>全部意愿</translation>
    </message>
    <message>
        <location filename="../filter_bar.py" line="53"/>
        <source>Willing</source>
        <translation>愿意诊断</translation>
    </message>
    <message>
        <location filename="../filter_bar.py" line="53"/>
        <source>Not willing</source>
        <translation>不愿意</translation>
    </message>
    <message>
        <location filename="../filter_bar.py" line="56"/>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../import_dialog.py" line="90"/>
        <source>Import enterprise register</source>
        <translation>导入企业名录</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="93"/>
        <source>An .xlsx or .csv file (UTF-8 or GBK)</source>
        <translation>.xlsx 或 .csv 文件（UTF-8 或 GBK 编码）</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="95"/>
        <source>&amp;Choose file…</source>
        <translation>选择文件(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="97"/>
        <source>&amp;Preview</source>
        <translation>预览(&amp;P)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="107"/>
        <source>Choose a file to see what the import will do before anything is written.</source>
        <translation>选择文件后，先预览导入结果，确认后才写入。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="112"/>
        <location filename="../import_dialog.py" line="276"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="112"/>
        <location filename="../import_dialog.py" line="276"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="112"/>
        <location filename="../import_dialog.py" line="276"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="123"/>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="128"/>
        <source>Save &amp;report…</source>
        <translation>保存报告(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="132"/>
        <location filename="../import_dialog.py" line="193"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="148"/>
        <source>Choose a register file</source>
        <translation>选择企业名录文件</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="150"/>
        <source>Registers (*.xlsx *.csv);;All files (*)</source>
        <translation>企业名录 (*.xlsx *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="179"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="179"/>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="193"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="201"/>
        <source>Reading the file… %1 rows</source>
        <translation>正在读取文件… 已读 %1 行</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="206"/>
        <source>Checking rows… %1 of %2</source>
        <translation>正在检查… 第 %1 行，共 %2 行</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="221"/>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消，未写入任何数据。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="226"/>
        <source>The import failed and nothing was written: %1</source>
        <translation>导入失败，未写入任何数据：%1</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="233"/>
        <source>Header found in row %1 of sheet “%2”.</source>
        <translation>表头位于工作表“%2”的第 %1 行。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="236"/>
        <source>Header found in row %1 (%2 encoding).</source>
        <translation>表头位于第 %1 行（%2 编码）。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="238"/>
        <source>Header found in row %1.</source>
        <translation>表头位于第 %1 行。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="241"/>
        <source>Imported: added %1, updated %2, %3 unchanged, %4 row(s) rejected.</source>
        <translation>已导入：新增 %1 家，更新 %2 家，%3 家不变，拒绝 %4 行。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="244"/>
        <source>The import will add %1, update %2, leave %3 unchanged and reject %4 row(s).</source>
        <translation>导入将会新增 %1 家，更新 %2 家，%3 家不变，拒绝 %4 行。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="255"/>
        <source>Columns not used: %1</source>
        <translation>未使用的列：%1</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="261"/>
        <source>Rejected rows change nothing; fix them in the file and import it again.</source>
        <translation>被拒绝的行不会写入；请在文件中改正后重新导入。</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="270"/>
        <source>Save the rejected rows</source>
        <translation>保存被拒绝的行</translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="270"/>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="62"/>
        <source>Enterprise diagnosis workbench</source>
        <translation>企业诊断工作台</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="74"/>
        <source>The register is empty. Import the district&apos;s list with Ctrl+I, or add an enterprise with Ctrl+N.</source>
        <translation>名录为空。按 Ctrl+I 导入区县下发的企业名录，或按 Ctrl+N 新建企业。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="157"/>
        <source>&amp;Import register…</source>
        <translation>导入企业名录(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="160"/>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="162"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="164"/>
        <source>&amp;New enterprise…</source>
        <translation>新建企业(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="167"/>
        <source>&amp;Edit enterprise…</source>
        <translation>编辑企业(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="173"/>
        <source>&amp;Delete enterprise…</source>
        <translation>删除企业(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="176"/>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="179"/>
        <source>&amp;Clear search and filters</source>
        <translation>清除搜索和筛选(&amp;C)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="182"/>
        <source>&amp;Reload</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="185"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="195"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="199"/>
        <source>&amp;Enterprise</source>
        <translation>企业(&amp;E)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="201"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="203"/>
        <source>&amp;Language / 语言</source>
        <translation>语言 / Language(&amp;L)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="216"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="218"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.py" line="279"/>
        <source>%Ln enterprise(s)</source>
        <translation>
            <numerusform>共 %Ln 家企业</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../main_window.py" line="282"/>
        <source>Showing %1 of %2 enterprises</source>
        <translation>显示 %1 家，共 %2 家企业</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="320"/>
        <location filename="../main_window.py" line="333"/>
        <source>Delete enterprise</source>
        <translation>删除企业</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="322"/>
        <source>Delete “%1” (%2) from the register? Its history is kept and the deletion syncs to the office.</source>
        <translation>从名录中删除“%1”（%2）吗？历史记录会保留，删除将同步到办公室。</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="354"/>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="356"/>
        <source>Diagnosis database (*.sqlite *.db);;All files (*)</source>
        <translation>诊断数据库 (*.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="385"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
</context>
</TS>

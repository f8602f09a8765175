<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <location filename="../app.py" line="111"/>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="113"/>
        <source>Open another file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="115"/>
        <source>Create a new database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="117"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="121"/>
        <source>Open database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="123"/>
        <source>New database</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnterpriseDialog</name>
    <message>
        <location filename="../enterprise_editor.py" line="51"/>
        <source>New enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../enterprise_editor.py" line="51"/>
        <source>Edit enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../enterprise_editor.py" line="80"/>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../enterprise_editor.py" line="81"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../enterprise_editor.py" line="84"/>
        <source>Enter moves to the next field; Ctrl+S saves; Esc cancels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../enterprise_editor.py" line="134"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../enterprise_editor.py" line="223"/>
        <source>Discard the changes to this enterprise?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../import_dialog.py" line="85"/>
        <source>Import enterprise register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="88"/>
        <source>An .xlsx or .csv file (UTF-8 or GBK)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="90"/>
        <source>&amp;Choose file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="92"/>
        <source>&amp;Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="101"/>
        <source>Choose a file to see what the import will do before anything is written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="106"/>
        <location filename="../import_dialog.py" line="238"/>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="106"/>
        <location filename="../import_dialog.py" line="238"/>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="106"/>
        <location filename="../import_dialog.py" line="238"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="116"/>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="120"/>
        <source>Save &amp;report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="123"/>
        <location filename="../import_dialog.py" line="181"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="138"/>
        <source>Choose a register file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="139"/>
        <source>Registers (*.xlsx *.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="167"/>
        <source>Importing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="167"/>
        <source>Reading the file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="181"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="200"/>
        <source>Cancelled; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="204"/>
        <source>The import failed and nothing was written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="210"/>
        <source>Header found in row %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="212"/>
        <source> of sheet “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="215"/>
        <source>Imported:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="215"/>
        <source>The import will:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="216"/>
        <source>add %1, update %2, leave %3 unchanged, reject %4 row(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="221"/>
        <source>Columns not used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="224"/>
        <source>Rejected rows change nothing; fix them in the file and import it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="233"/>
        <source>Save the rejected rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../import_dialog.py" line="233"/>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="56"/>
        <source>Enterprise diagnosis workbench</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="80"/>
        <source>Search name, credit code, address, contact or pinyin initials (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="83"/>
        <source>All districts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="85"/>
        <source>All industries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="88"/>
        <source>All clusters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="91"/>
        <source>Above and below scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="92"/>
        <source>Above scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="92"/>
        <source>Below scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="93"/>
        <source>Willing or not</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="94"/>
        <source>Willing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="94"/>
        <source>Not willing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="96"/>
        <source>Clear filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="150"/>
        <source>&amp;Import register…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="152"/>
        <source>&amp;Open database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="154"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="155"/>
        <source>&amp;New enterprise…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="157"/>
        <source>&amp;Edit enterprise…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="160"/>
        <source>&amp;Delete enterprise…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="162"/>
        <source>&amp;Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="164"/>
        <source>&amp;Clear search and filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="166"/>
        <source>&amp;Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="168"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="178"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="182"/>
        <source>&amp;Enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="184"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="186"/>
        <source>&amp;Language / 语言</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="197"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="199"/>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.py" line="273"/>
        <source>%n enterprise(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../main_window.py" line="275"/>
        <source>Showing %1 of %2 enterprises</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="305"/>
        <location filename="../main_window.py" line="315"/>
        <source>Delete enterprise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="306"/>
        <source>Delete “%1” (%2) from the register? Its history is kept and the deletion syncs to the office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="333"/>
        <source>Open database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="333"/>
        <source>Diagnosis database (*.sqlite *.db);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.py" line="350"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

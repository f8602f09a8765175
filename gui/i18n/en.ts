<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>BatchExportDialog</name>
    <message numerus="yes">
        <location filename="../report/dialogs.py" line="163"/>
        <source>%n plan(s) to write into %1.</source>
        <translation>
            <numerusform>%n plan to write into %1.</numerusform>
            <numerusform>%n plans to write into %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../report/dialogs.py" line="274"/>
        <source>%n plan(s) written to %1.</source>
        <translation>
            <numerusform>%n plan written to %1.</numerusform>
            <numerusform>%n plans written to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../report/dialogs.py" line="281"/>
        <source>%1: %n plan(s)</source>
        <translation>
            <numerusform>%1: %n plan</numerusform>
            <numerusform>%1: %n plans</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../report/dialogs.py" line="285"/>
        <source>%n plan(s) not written because of the cancel.</source>
        <translation>
            <numerusform>%n plan not written because of the cancel.</numerusform>
            <numerusform>%n plans not written because of the cancel.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../report/dialogs.py" line="287"/>
        <source>%n plan(s) could not be made.</source>
        <translation>
            <numerusform>%n plan could not be made.</numerusform>
            <numerusform>%n plans could not be made.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../report/dialogs.py" line="290"/>
        <source>%n enterprise(s) have no visit, so no plan.</source>
        <translation>
            <numerusform>%n enterprise has no visit, so no plan.</numerusform>
            <numerusform>%n enterprises have no visit, so no plan.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DoubtsDialog</name>
    <message numerus="yes">
        <location filename="../visit_editor/doubts_dialog.py" line="43"/>
        <source>%n warning(s) still open. The value(s) stay as typed; finalise anyway, or press Enter on one to check its answer.</source>
        <translation>
            <numerusform>%n warning is still open. The value stays as typed; finalise anyway, or press Enter on it to check its answer.</numerusform>
            <numerusform>%n warnings are still open. The values stay as typed; finalise anyway, or press Enter on one to check its answer.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DrillDialog</name>
    <message numerus="yes">
        <location filename="../office/models.py" line="314"/>
        <source>%1: %Ln enterprise(s). Enter opens one in the register.</source>
        <translation>
            <numerusform>%1: %Ln enterprise. Enter opens it in the register.</numerusform>
            <numerusform>%1: %Ln enterprises. Enter opens one in the register.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FindingForm</name>
    <message numerus="yes">
        <location filename="../visit_editor/finding_form.py" line="196"/>
        <source>%n photo(s) to attach</source>
        <translation>
            <numerusform>%n photo to attach</numerusform>
            <numerusform>%n photos to attach</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <location filename="../register/import_dialog.py" line="184"/>
        <source>Reading the file… %Ln row(s)</source>
        <translation>
            <numerusform>Reading the file… %Ln row</numerusform>
            <numerusform>Reading the file… %Ln rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../register/import_dialog.py" line="228"/>
        <source>Imported: added %1, updated %2, %3 unchanged, %n row(s) rejected.</source>
        <translation>
            <numerusform>Imported: added %1, updated %2, %3 unchanged, %n row rejected.</numerusform>
            <numerusform>Imported: added %1, updated %2, %3 unchanged, %n rows rejected.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../register/import_dialog.py" line="232"/>
        <source>The import will add %1, update %2, leave %3 unchanged and reject %n row(s).</source>
        <translation>
            <numerusform>The import will add %1, update %2, leave %3 unchanged and reject %n row.</numerusform>
            <numerusform>The import will add %1, update %2, leave %3 unchanged and reject %n rows.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../register/import_dialog.py" line="245"/>
        <source>Warnings: %1, in %n row(s). Those rows are taken; what is doubtful in them is not.</source>
        <translation>
            <numerusform>Warnings: %1, in %n row. The row is taken; what is doubtful in it is not.</numerusform>
            <numerusform>Warnings: %1, in %n rows. Those rows are taken; what is doubtful in them is not.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../register/import_dialog.py" line="271"/>
        <source> (%Ln row(s))</source>
        <translation>
            <numerusform> (%Ln row)</numerusform>
            <numerusform> (%Ln rows)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../register/main_window.py" line="360"/>
        <source>%Ln enterprise(s)</source>
        <translation>
            <numerusform>%Ln enterprise</numerusform>
            <numerusform>%Ln enterprises</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../register/main_window.py" line="362"/>
        <source>Showing %1 of %Ln enterprise(s)</source>
        <translation>
            <numerusform>Showing %1 of %Ln enterprise</numerusform>
            <numerusform>Showing %1 of %Ln enterprises</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message numerus="yes">
        <location filename="../office/page.py" line="264"/>
        <source>Bringing the figures up to date: %1 of %Ln visit(s)</source>
        <translation>
            <numerusform>Bringing the figures up to date: %1 of %Ln visit</numerusform>
            <numerusform>Bringing the figures up to date: %1 of %Ln visits</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhotoQuestion</name>
    <message numerus="yes">
        <location filename="../visit_editor/field_questions.py" line="159"/>
        <source>%n photo(s) attached</source>
        <translation>
            <numerusform>%n photo attached</numerusform>
            <numerusform>%n photos attached</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message numerus="yes">
        <location filename="../visit_editor/results_panel.py" line="264"/>
        <source>; %n sub-domain(s) short of level {n}</source>
        <translation>
            <numerusform>; %n sub-domain short of level {n}</numerusform>
            <numerusform>; %n sub-domains short of level {n}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncActions</name>
    <message numerus="yes">
        <location filename="../sync/actions.py" line="106"/>
        <source>%Ln change(s) kept on this laptop only. Set up the office server under Sync, Settings to send them.</source>
        <translation>
            <numerusform>%Ln change is kept on this laptop only. Set up the office server under Sync, Settings to send it.</numerusform>
            <numerusform>%Ln changes are kept on this laptop only. Set up the office server under Sync, Settings to send them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VisitEditor</name>
    <message numerus="yes">
        <location filename="../visit_editor/window.py" line="410"/>
        <source>%n required question(s) unanswered:</source>
        <translation>
            <numerusform>%n required question unanswered:</numerusform>
            <numerusform>%n required questions unanswered:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VisitFlow</name>
    <message numerus="yes">
        <location filename="../visit_editor/flow.py" line="112"/>
        <source>Finalised with %n open warning(s).</source>
        <translation>
            <numerusform>Finalised with %n open warning.</numerusform>
            <numerusform>Finalised with %n open warnings.</numerusform>
        </translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <location filename="../app.py" line="347"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../app.py" line="348"/>
        <source>Open another file…</source>
        <translation>打开其他文件…</translation>
    </message>
    <message>
        <location filename="../app.py" line="350"/>
        <source>Create a new database…</source>
        <translation>新建数据库…</translation>
    </message>
    <message>
        <location filename="../app.py" line="352"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../app.py" line="356"/>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <location filename="../app.py" line="358"/>
        <source>New database</source>
        <translation>新建数据库</translation>
    </message>
</context>
<context>
    <name>BatchExportDialog</name>
    <message>
        <location filename="../report/dialogs.py" line="75"/>
        <source>Export improvement plans</source>
        <translation>导出改进方案</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="103"/>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="109"/>
        <source>Open &amp;folder</source>
        <translation>打开文件夹(&amp;F)</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="115"/>
        <location filename="../report/dialogs.py" line="233"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="136"/>
        <source>Plans in:</source>
        <translation>方案语言：</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="140"/>
        <source>&amp;Chinese</source>
        <translation>中文(&amp;C)</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="141"/>
        <source>&amp;English</source>
        <translation>英文(&amp;E)</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="142"/>
        <source>&amp;Both, one file each</source>
        <translation>中英文各一份(&amp;B)</translation>
    </message>
    <message numerus="yes">
        <location filename="../report/dialogs.py" line="163"/>
        <source>%n plan(s) to write into %1.</source>
        <translation>
            <numerusform>将生成 %n 份方案，保存到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="233"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="246"/>
        <source>Writing plan %1 of %2: %3 (%4)</source>
        <translation>正在生成第 %1 份方案（共 %2 份）：%3（%4）</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="261"/>
        <source>The export stopped: %1</source>
        <translation>导出已中止：%1</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="262"/>
        <source>Plans written before the error stay in the folder.</source>
        <translation>出错前已生成的方案保留在文件夹中。</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="271"/>
        <source>Cancelled; the plans written so far stay.</source>
        <translation>已取消；已生成的方案予以保留。</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="273"/>
        <source>Export finished.</source>
        <translation>导出完成。</translation>
    </message>
    <message numerus="yes">
        <location filename="../report/dialogs.py" line="274"/>
        <source>%n plan(s) written to %1.</source>
        <translation>
            <numerusform>已生成 %n 份方案，保存在 %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../report/dialogs.py" line="281"/>
        <source>%1: %n plan(s)</source>
        <translation>
            <numerusform>%1：%n 份</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../report/dialogs.py" line="285"/>
        <source>%n plan(s) not written because of the cancel.</source>
        <translation>
            <numerusform>因取消，%n 份方案未生成。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../report/dialogs.py" line="287"/>
        <source>%n plan(s) could not be made.</source>
        <translation>
            <numerusform>%n 份方案无法生成。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../report/dialogs.py" line="290"/>
        <source>%n enterprise(s) have no visit, so no plan.</source>
        <translation>
            <numerusform>%n 家企业尚无诊断记录，未生成方案。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="296"/>
        <source>Could not be made:</source>
        <translation>无法生成：</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="301"/>
        <source>No visit:</source>
        <translation>无诊断记录：</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="304"/>
        <source>Written:</source>
        <translation>已生成：</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="319"/>
        <source>Cancelling after the current plan…</source>
        <translation>当前方案完成后即取消…</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="345"/>
        <source>Select the enterprises whose plans to export.</source>
        <translation>请先选择要导出方案的企业。</translation>
    </message>
    <message>
        <location filename="../report/dialogs.py" line="365"/>
        <source>Folder for the improvement plans</source>
        <translation>改进方案的保存文件夹</translation>
    </message>
</context>
<context>
    <name>BundleActions</name>
    <message>
        <location filename="../register/deferred_actions.py" line="81"/>
        <source>&amp;Export sync bundle…</source>
        <translation>导出同步包(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../register/deferred_actions.py" line="88"/>
        <source>&amp;Import sync reply…</source>
        <translation>导入同步回复(&amp;I)…</translation>
    </message>
</context>
<context>
    <name>BundleDialog</name>
    <message>
        <location filename="../sync/bundle_actions.py" line="39"/>
        <location filename="../sync/bundle_actions.py" line="95"/>
        <source>Export sync bundle</source>
        <translation>导出同步包</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="41"/>
        <source>Sync bundle (*.zip)</source>
        <translation>同步包 (*.zip)</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="58"/>
        <location filename="../sync/bundle_actions.py" line="95"/>
        <source>Import sync reply</source>
        <translation>导入同步回复</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="60"/>
        <source>Sync reply (*.reply);;All files (*)</source>
        <translation>同步回复 (*.reply);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="97"/>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="110"/>
        <source>Records:</source>
        <translation>记录：</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="111"/>
        <source>Photos:</source>
        <translation>照片：</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="128"/>
        <source>Writing the sync bundle…</source>
        <translation>正在写出同步包…</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="134"/>
        <source>Importing the reply…</source>
        <translation>正在导入回复…</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="155"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="163"/>
        <source>Sync bundle written.</source>
        <translation>同步包已写出。</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="168"/>
        <source>Take this file to the server machine. Its reply (%1) brings the server&apos;s records back: import it with Sync ▸ Import sync reply…</source>
        <translation>请把此文件带到服务器所在的电脑。服务器写出的回复（%1）会带回服务器上的记录：用“同步 ▸ 导入同步回复…”导入。</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="177"/>
        <source>Reply imported; 1 conflict needs you.</source>
        <translation>回复已导入；有 1 处冲突需要您处理。</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="180"/>
        <source>Reply imported; %1 conflicts need you.</source>
        <translation>回复已导入；有 %1 处冲突需要您处理。</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="185"/>
        <source>Reply imported.</source>
        <translation>回复已导入。</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="191"/>
        <source>The sync bundle was not written.</source>
        <translation>同步包未能写出。</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="193"/>
        <source>The reply was not imported.</source>
        <translation>回复未能导入。</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="195"/>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="206"/>
        <source>The office server refused the token. Ask the office for a new one and save it in the sync settings.</source>
        <translation>单位服务器拒绝了该令牌。请向办公室申请新令牌，并保存到同步设置中。</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="211"/>
        <source>This file is not a sync reply of this app, or it is damaged. Nothing was changed.</source>
        <translation>此文件不是本软件的同步回复，或已损坏。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="214"/>
        <source>This reply was already imported, or a later sync has replaced it. Nothing was changed.</source>
        <translation>此回复已经导入过，或已被之后的同步取代。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="218"/>
        <source>This reply answers another request: another laptop&apos;s, or an earlier export of this one. Nothing was changed; import the reply to this laptop&apos;s latest export.</source>
        <translation>此回复对应的是另一份请求：其他电脑的，或本机较早导出的。未做任何更改；请导入本机最近一次导出所对应的回复。</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="222"/>
        <source>The file could not be written there; choose another folder or a USB stick.</source>
        <translation>无法在该位置写入文件；请选择其他文件夹或 U 盘。</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="225"/>
        <source>This reply was changed after the server wrote it, or was not written for this account. Nothing was changed; answer the request again on the server machine.</source>
        <translation>该回复包在服务器写出后被改动过，或并非为此账号生成。未做任何更改；请在服务器所在电脑上重新答复该请求。</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="229"/>
        <source>This file exceeds the limits of a sync bundle. Nothing was changed.</source>
        <translation>该文件超出同步包的限制，未做任何更改。</translation>
    </message>
    <message>
        <location filename="../sync/bundle_actions.py" line="232"/>
        <source>This file was made by an earlier version of the app. Nothing was changed; export the request again and have the server machine answer it.</source>
        <translation>该文件由旧版应用生成，未做任何更改；请重新导出请求，再到服务器所在电脑上答复。</translation>
    </message>
</context>
<context>
    <name>CertificateField</name>
    <message>
        <location filename="../sync/certificate.py" line="44"/>
        <source>The CA certificate in Sync settings cannot be used: choose the server.crt file the office gave you.</source>
        <translation>同步设置中的 CA 证书无法使用：请选择办公室提供的 server.crt 文件。</translation>
    </message>
    <message>
        <location filename="../sync/certificate.py" line="49"/>
        <source>The server&apos;s certificate is not trusted. Choose the certificate file the office gave you (server.crt) under Sync settings › CA certificate, and compare its fingerprint with the office&apos;s.</source>
        <translation>服务器的证书不受信任。请在“同步设置 › CA 证书”中选择办公室提供的证书文件（server.crt），并与办公室核对其指纹。</translation>
    </message>
    <message>
        <location filename="../sync/certificate.py" line="65"/>
        <source>Only for a server with its own certificate: the office&apos;s server.crt</source>
        <translation>仅用于使用自有证书的服务器：办公室提供的 server.crt</translation>
    </message>
    <message>
        <location filename="../sync/certificate.py" line="68"/>
        <source>C&amp;hoose…</source>
        <translation>选择(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../sync/certificate.py" line="90"/>
        <source>The office server&apos;s certificate</source>
        <translation>办公室服务器的证书</translation>
    </message>
    <message>
        <location filename="../sync/certificate.py" line="92"/>
        <source>Certificates (*.crt *.pem *.cer);;All files (*)</source>
        <translation>证书 (*.crt *.pem *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../sync/certificate.py" line="104"/>
        <source>SHA-256 fingerprint: %1 (compare it with the office&apos;s)</source>
        <translation>SHA-256 指纹：%1（请与办公室提供的核对）</translation>
    </message>
    <message>
        <location filename="../sync/certificate.py" line="109"/>
        <source>This file holds no certificate.</source>
        <translation>该文件不含证书。</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="145"/>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="146"/>
        <source>Finding</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="147"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="148"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="149"/>
        <source>Visit date</source>
        <translation>诊断日期</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="150"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="151"/>
        <source>Team</source>
        <translation>诊断组</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="152"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="153"/>
        <source>Measures</source>
        <translation>改进措施</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="154"/>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="168"/>
        <source>Sync conflicts</source>
        <translation>同步冲突</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="244"/>
        <source>Current value</source>
        <translation>当前值</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="244"/>
        <source>&amp;Keep this</source>
        <translation>保留此值(&amp;K)</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="247"/>
        <source>Competing value</source>
        <translation>另一方的值</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="247"/>
        <source>Keep t&amp;his</source>
        <translation>保留此值(&amp;H)</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="254"/>
        <source>Keep the local value</source>
        <translation>保留本机的值</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="254"/>
        <source>Keep the competing value</source>
        <translation>保留对方的值</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="261"/>
        <source>Type another value and press Enter</source>
        <translation>输入其他值后按回车</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="263"/>
        <source>&amp;Other value:</source>
        <translation>其他值(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="265"/>
        <source>&amp;Use this value</source>
        <translation>采用此值(&amp;U)</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="291"/>
        <source>1 conflict to settle.</source>
        <translation>有 1 处冲突待处理。</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="293"/>
        <source>%1 conflicts to settle.</source>
        <translation>有 %1 处冲突待处理。</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="302"/>
        <source>No conflicts left. Your choices are sent with the next sync.</source>
        <translation>冲突已全部处理。您的选择将在下次同步时发送。</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="305"/>
        <source>No conflicts to settle.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="324"/>
        <source>%1 — field “%2”</source>
        <translation>%1 — 字段“%2”</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="329"/>
        <source>Before both changes: %1</source>
        <translation>双方修改前：%1</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="332"/>
        <source>by %1 at %2</source>
        <translation>修改人：%1，时间：%2</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="348"/>
        <source>Type a value first, or keep one of the two.</source>
        <translation>请先输入一个值，或保留两者之一。</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="355"/>
        <source>This field holds structured data; type it as JSON (%1).</source>
        <translation>该字段为结构化数据，请以 JSON 格式输入（%1）。</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="371"/>
        <location filename="../sync/conflicts_dialog.py" line="374"/>
        <source>Could not settle it: %1</source>
        <translation>无法处理该冲突：%1</translation>
    </message>
</context>
<context>
    <name>ConflictsModel</name>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="124"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="125"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="126"/>
        <source>Current value: by, when</source>
        <translation>当前值：修改人、时间</translation>
    </message>
    <message>
        <location filename="../sync/conflicts_dialog.py" line="127"/>
        <source>Competing value: by, when</source>
        <translation>另一方的值：修改人、时间</translation>
    </message>
</context>
<context>
    <name>DateQuestion</name>
    <message>
        <location filename="../visit_editor/field_questions.py" line="121"/>
        <source>not set</source>
        <translation>未填</translation>
    </message>
</context>
<context>
    <name>DoubtsDialog</name>
    <message>
        <location filename="../visit_editor/doubts_dialog.py" line="38"/>
        <source>Finalise with open warnings?</source>
        <translation>存在未处理的提示，仍要定稿吗？</translation>
    </message>
    <message numerus="yes">
        <location filename="../visit_editor/doubts_dialog.py" line="43"/>
        <source>%n warning(s) still open. The value(s) stay as typed; finalise anyway, or press Enter on one to check its answer.</source>
        <translation>
            <numerusform>还有 %n 条数据合理性提示。数值按录入保留；可以直接定稿，或在某条提示上按回车，去核对那道题的回答。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../visit_editor/doubts_dialog.py" line="70"/>
        <source>&amp;Finalise anyway</source>
        <translation>仍然定稿(&amp;F)</translation>
    </message>
    <message>
        <location filename="../visit_editor/doubts_dialog.py" line="74"/>
        <source>&amp;Back to the answers</source>
        <translation>返回核对(&amp;B)</translation>
    </message>
</context>
<context>
    <name>DrillDialog</name>
    <message>
        <location filename="../office/models.py" line="298"/>
        <source>Enterprises behind the figure</source>
        <translation>数字背后的企业</translation>
    </message>
    <message>
        <location filename="../office/models.py" line="300"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../office/models.py" line="300"/>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message numerus="yes">
        <location filename="../office/models.py" line="314"/>
        <source>%1: %Ln enterprise(s). Enter opens one in the register.</source>
        <translation>
            <numerusform>%1：%Ln 家企业。按回车键在名录中打开所选企业。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EnterpriseDialog</name>
    <message>
        <location filename="../register/enterprise_editor.py" line="56"/>
        <source>New enterprise</source>
        <translation>新建企业</translation>
    </message>
    <message>
        <location filename="../register/enterprise_editor.py" line="56"/>
        <source>Edit enterprise</source>
        <translation>编辑企业</translation>
    </message>
    <message>
        <location filename="../register/enterprise_editor.py" line="94"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../register/enterprise_editor.py" line="95"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../register/enterprise_editor.py" line="98"/>
        <source>Enter moves to the next field; Ctrl+S saves; Esc cancels.</source>
        <translation>回车跳到下一项；Ctrl+S 保存；Esc 取消。</translation>
    </message>
    <message>
        <location filename="../register/enterprise_editor.py" line="106"/>
        <source>Save the enterprise</source>
        <translation>保存企业信息</translation>
    </message>
    <message>
        <location filename="../register/enterprise_editor.py" line="155"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../register/enterprise_editor.py" line="247"/>
        <source>Discard the changes to this enterprise?</source>
        <translation>放弃对该企业的修改吗？</translation>
    </message>
</context>
<context>
    <name>ErrorDetails</name>
    <message>
        <location filename="../error_details.py" line="23"/>
        <source>&amp;Details</source>
        <translation>详细信息(&amp;D)</translation>
    </message>
    <message>
        <location filename="../error_details.py" line="27"/>
        <source>The technical detail, for whoever fixes it</source>
        <translation>技术细节，供排查问题的人查看</translation>
    </message>
</context>
<context>
    <name>ExpertsEditor</name>
    <message>
        <location filename="../visit_editor/experts.py" line="33"/>
        <location filename="../visit_editor/experts.py" line="74"/>
        <source>The visit&apos;s organisation</source>
        <translation>本次诊断的服务机构</translation>
    </message>
    <message>
        <location filename="../visit_editor/experts.py" line="49"/>
        <source>Expert</source>
        <translation>专家</translation>
    </message>
    <message>
        <location filename="../visit_editor/experts.py" line="49"/>
        <source>Specialty</source>
        <translation>专业</translation>
    </message>
    <message>
        <location filename="../visit_editor/experts.py" line="49"/>
        <source>Organisation</source>
        <translation>所在单位</translation>
    </message>
    <message>
        <location filename="../visit_editor/experts.py" line="64"/>
        <source>Specialty of %1</source>
        <translation>%1的专业</translation>
    </message>
    <message>
        <location filename="../visit_editor/experts.py" line="67"/>
        <source>Suggested: 智能制造 intelligent manufacturing, 节能 energy saving, 节水 water saving, 清洁生产 cleaner production, 安全环保 safety and environment; or type</source>
        <translation>可选：智能制造、节能、节水、清洁生产、安全环保，或直接输入</translation>
    </message>
    <message>
        <location filename="../visit_editor/experts.py" line="73"/>
        <source>Organisation of %1</source>
        <translation>%1的所在单位</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../register/filter_bar.py" line="30"/>
        <source>Search name, credit code, address, contact or pinyin initials (Ctrl+F)</source>
        <translation>搜索名称、信用代码、地址、联系人或拼音首字母（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../register/filter_bar.py" line="36"/>
        <source>All districts</source>
        <translation>全部区县</translation>
    </message>
    <message>
        <location filename="../register/filter_bar.py" line="41"/>
        <source>All industries</source>
        <translation>全部行业</translation>
    </message>
    <message>
        <location filename="../register/filter_bar.py" line="46"/>
        <source>All clusters</source>
        <translation>全部产业集群</translation>
    </message>
    <message>
        <location filename="../register/filter_bar.py" line="51"/>
        <source>Any scale</source>
        <translation>规上与规下</translation>
    </message>
    <message>
        <location filename="../register/filter_bar.py" line="52"/>
        <source>Above scale</source>
        <translation>规上企业</translation>
    </message>
    <message>
        <location filename="../register/filter_bar.py" line="52"/>
        <source>Below scale</source>
        <translation>规下企业</translation>
    </message>
    <message>
        <location filename="../register/filter_bar.py" line="56"/>
        <source>Willing or not</source>
        <translation>全部意愿</translation>
    </message>
    <message>
        <location filename="../register/filter_bar.py" line="57"/>
        <source>Willing</source>
        <translation>愿意诊断</translation>
    </message>
    <message>
        <location filename="../register/filter_bar.py" line="57"/>
        <source>Not willing</source>
        <translation>不愿意</translation>
    </message>
    <message>
        <location filename="../register/filter_bar.py" line="62"/>
        <source>Any visit state</source>
        <translation>任意走访状态</translation>
    </message>
    <message>
        <location filename="../register/filter_bar.py" line="66"/>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
</context>
<context>
    <name>FindingForm</name>
    <message>
        <location filename="../visit_editor/finding_form.py" line="77"/>
        <source>Add &amp;photos…</source>
        <translation>添加照片(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="82"/>
        <source>Cancel editing</source>
        <translation>取消编辑</translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="88"/>
        <source>Storing photo %v of %m</source>
        <translation>正在保存第 %v 张照片，共 %m 张</translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="97"/>
        <source>Area</source>
        <translation>领域</translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="98"/>
        <source>Question</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="99"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="100"/>
        <source>Finding</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="138"/>
        <source>(the area as a whole)</source>
        <translation>（整个领域）</translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="152"/>
        <source>Edit the finding</source>
        <translation>编辑发现的问题</translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="152"/>
        <source>New finding</source>
        <translation>新增发现的问题</translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="153"/>
        <source>&amp;Save changes</source>
        <translation>保存修改(&amp;S)</translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="153"/>
        <source>&amp;Add finding</source>
        <translation>添加问题(&amp;A)</translation>
    </message>
    <message numerus="yes">
        <location filename="../visit_editor/finding_form.py" line="196"/>
        <source>%n photo(s) to attach</source>
        <translation>
            <numerusform>待附 %n 张照片</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="203"/>
        <source>Photos of the finding</source>
        <translation>问题照片</translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="205"/>
        <source>Pictures (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp)</translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="215"/>
        <source>Describe the finding first.</source>
        <translation>请先描述发现的问题。</translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="260"/>
        <source>Finding added.</source>
        <translation>已添加问题。</translation>
    </message>
    <message>
        <location filename="../visit_editor/finding_form.py" line="271"/>
        <source>Changes saved.</source>
        <translation>修改已保存。</translation>
    </message>
</context>
<context>
    <name>FindingsPage</name>
    <message>
        <location filename="../visit_editor/findings_page.py" line="64"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="64"/>
        <source>Area</source>
        <translation>领域</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="64"/>
        <source>Finding</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="64"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="89"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="91"/>
        <source>Enter or F2 in the list</source>
        <translation>在列表中按回车或 F2</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="93"/>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="95"/>
        <source>Delete in the list</source>
        <translation>在列表中按 Delete 键</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="97"/>
        <source>&amp;Remove photo</source>
        <translation>移除照片(&amp;R)</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="99"/>
        <source>Delete on a photo</source>
        <translation>选中照片后按 Delete 键</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="123"/>
        <source>Drop photos here. Ctrl+Return adds the finding (or saves the one being edited).</source>
        <translation>可把照片拖到这里。Ctrl+Return 添加问题（编辑时保存修改）。</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="129"/>
        <source>Add the finding (or save the one being edited)</source>
        <translation>添加问题记录（或保存正在编辑的）</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="132"/>
        <source>Stop editing the finding</source>
        <translation>停止编辑问题记录</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="136"/>
        <source>Edit the selected finding (in the list)</source>
        <translation>编辑所选问题记录（在列表中）</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="137"/>
        <source>Delete the selected finding, or the selected photo</source>
        <translation>删除所选问题记录或所选照片</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="244"/>
        <source>Delete the finding</source>
        <translation>删除发现的问题</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="245"/>
        <source>Delete this finding? Its photos stay in the photo store.</source>
        <translation>删除这条发现的问题吗？其照片仍保留在照片库中。</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="251"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="252"/>
        <source>&amp;Keep</source>
        <translation>保留(&amp;K)</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="264"/>
        <source>Finding deleted.</source>
        <translation>已删除该问题。</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="288"/>
        <source>Photo removed from the finding.</source>
        <translation>已从该问题中移除照片。</translation>
    </message>
    <message>
        <location filename="../visit_editor/findings_page.py" line="205"/>
        <source>(photo not on this computer)</source>
        <translation>（照片不在本机）</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../register/import_dialog.py" line="61"/>
        <source>Import enterprise register</source>
        <translation>导入企业名录</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="64"/>
        <source>An .xlsx or .csv file (UTF-8 or GBK)</source>
        <translation>.xlsx 或 .csv 文件（UTF-8 或 GBK 编码）</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="67"/>
        <source>&amp;Choose file…</source>
        <translation>选择文件(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="69"/>
        <source>&amp;Preview</source>
        <translation>预览(&amp;P)</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="79"/>
        <source>&amp;Sheet:</source>
        <translation>工作表(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="88"/>
        <source>Choose a file to see what the import will do before anything is written.</source>
        <translation>选择文件后，先预览导入结果，确认后才写入。</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="100"/>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="105"/>
        <source>Save &amp;report…</source>
        <translation>保存报告(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="109"/>
        <location filename="../register/import_dialog.py" line="176"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="127"/>
        <source>Choose a register file</source>
        <translation>选择企业名录文件</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="129"/>
        <source>Registers (*.xlsx *.csv);;All files (*)</source>
        <translation>企业名录 (*.xlsx *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="159"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="159"/>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="176"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="189"/>
        <source>Checking rows… %1 of %2</source>
        <translation>正在检查… 第 %1 行，共 %2 行</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="205"/>
        <source>Cancelled; nothing was written.</source>
        <translation>已取消，未写入任何数据。</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="210"/>
        <source>The import failed and nothing was written: %1</source>
        <translation>导入失败，未写入任何数据：%1</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="217"/>
        <source>Header found in row %1 of sheet “%2”.</source>
        <translation>表头位于工作表“%2”的第 %1 行。</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="220"/>
        <source>Header found in row %1 (%2 encoding).</source>
        <translation>表头位于第 %1 行（%2 编码）。</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="222"/>
        <source>Header found in row %1.</source>
        <translation>表头位于第 %1 行。</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="254"/>
        <source>Columns not imported: %1</source>
        <translation>未导入的列：%1</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="292"/>
        <source>Save the report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="258"/>
        <source>Rejected rows change nothing; fix them in the file and import it again.</source>
        <translation>被拒绝的行不会写入；请在文件中改正后重新导入。</translation>
    </message>
    <message numerus="yes">
        <location filename="../register/import_dialog.py" line="184"/>
        <source>Reading the file… %Ln row(s)</source>
        <translation>
            <numerusform>正在读取文件… 已读 %Ln 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../register/import_dialog.py" line="228"/>
        <source>Imported: added %1, updated %2, %3 unchanged, %n row(s) rejected.</source>
        <translation>
            <numerusform>已导入：新增 %1 家，更新 %2 家，%3 家不变，拒绝 %n 行。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../register/import_dialog.py" line="232"/>
        <source>The import will add %1, update %2, leave %3 unchanged and reject %n row(s).</source>
        <translation>
            <numerusform>导入将会新增 %1 家，更新 %2 家，%3 家不变，拒绝 %n 行。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../register/import_dialog.py" line="245"/>
        <source>Warnings: %1, in %n row(s). Those rows are taken; what is doubtful in them is not.</source>
        <translation>
            <numerusform>%n 行中有 %1 处警告：这些行已导入，存疑的单元格未导入。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../register/import_dialog.py" line="271"/>
        <source> (%Ln row(s))</source>
        <translation>
            <numerusform>（%Ln 行）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../register/import_dialog.py" line="292"/>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>ImportReportTabs</name>
    <message>
        <location filename="../register/import_report.py" line="31"/>
        <location filename="../register/import_report.py" line="35"/>
        <location filename="../register/import_report.py" line="39"/>
        <location filename="../register/import_report.py" line="84"/>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../register/import_report.py" line="31"/>
        <location filename="../register/import_report.py" line="35"/>
        <location filename="../register/import_report.py" line="86"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../register/import_report.py" line="31"/>
        <location filename="../register/import_report.py" line="35"/>
        <location filename="../register/import_report.py" line="87"/>
        <source>Cell</source>
        <translation>单元格</translation>
    </message>
    <message>
        <location filename="../register/import_report.py" line="31"/>
        <location filename="../register/import_report.py" line="35"/>
        <location filename="../register/import_report.py" line="88"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../register/import_report.py" line="39"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../register/import_report.py" line="55"/>
        <source>%1 (cell not taken)</source>
        <translation>%1（该单元格未导入）</translation>
    </message>
    <message>
        <location filename="../register/import_report.py" line="66"/>
        <source>Rejected rows (%1)</source>
        <translation>被拒绝的行（%1）</translation>
    </message>
    <message>
        <location filename="../register/import_report.py" line="67"/>
        <source>Warnings (%1)</source>
        <translation>警告（%1）</translation>
    </message>
    <message>
        <location filename="../register/import_report.py" line="68"/>
        <source>Notes (%1)</source>
        <translation>注释行（%1）</translation>
    </message>
    <message>
        <location filename="../register/import_report.py" line="85"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../register/import_report.py" line="92"/>
        <source>rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../register/import_report.py" line="93"/>
        <source>warning</source>
        <translation>警告</translation>
    </message>
</context>
<context>
    <name>KeyHelp</name>
    <message>
        <location filename="../key_help.py" line="47"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../key_help.py" line="105"/>
        <source>(no description)</source>
        <translation>（无说明）</translation>
    </message>
    <message>
        <location filename="../key_help.py" line="124"/>
        <source>Commands</source>
        <translation>命令</translation>
    </message>
    <message>
        <location filename="../key_help.py" line="125"/>
        <source>Here</source>
        <translation>本页按键</translation>
    </message>
    <message>
        <location filename="../key_help.py" line="126"/>
        <source>Alt keys</source>
        <translation>Alt 键</translation>
    </message>
    <message>
        <location filename="../key_help.py" line="155"/>
        <source>Menu: %1</source>
        <translation>菜单：%1</translation>
    </message>
    <message>
        <location filename="../key_help.py" line="163"/>
        <source>Go to: %1</source>
        <translation>转到：%1</translation>
    </message>
    <message>
        <location filename="../key_help.py" line="183"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../register/main_window.py" line="77"/>
        <source>Enterprise diagnosis workbench</source>
        <translation>企业诊断工作台</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="154"/>
        <source>&amp;Import register…</source>
        <translation>导入企业名录(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="157"/>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="159"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="161"/>
        <source>&amp;New enterprise…</source>
        <translation>新建企业(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="165"/>
        <source>&amp;Edit enterprise…</source>
        <translation>编辑企业(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="172"/>
        <source>&amp;Delete enterprise…</source>
        <translation>删除企业(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="178"/>
        <source>&amp;Visits of the enterprise…</source>
        <translation>该企业的诊断(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="183"/>
        <source>Export &amp;plans of selected enterprises…</source>
        <translation>导出所选企业的改进方案(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="190"/>
        <source>Plan &amp;font…</source>
        <translation>方案字体(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="199"/>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="202"/>
        <source>&amp;Clear search and filters</source>
        <translation>清除搜索和筛选(&amp;C)</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="205"/>
        <source>&amp;Reload</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="208"/>
        <source>&amp;Office overview</source>
        <translation>统计总览(&amp;O)</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="212"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="310"/>
        <source>Filling the demo store with sample enterprises…</source>
        <translation>正在生成演示库：写入示例企业…</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="314"/>
        <source>Filling the demo store: visit %1 of %2…</source>
        <translation>正在生成演示库：第 %1 / %2 次诊断…</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="323"/>
        <source>Demo ready: %1 sample enterprises and %2 complete visits.</source>
        <translation>演示库已就绪：%1 家示例企业，%2 次完整诊断。</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="336"/>
        <source>Demo</source>
        <translation>演示</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="347"/>
        <source>The work list could not be read: %1</source>
        <translation>无法读取工作清单：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../register/main_window.py" line="362"/>
        <source>Showing %1 of %Ln enterprise(s)</source>
        <translation>
            <numerusform>显示 %1 家，共 %Ln 家企业</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../register/main_actions.py" line="45"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../register/main_actions.py" line="49"/>
        <source>&amp;Enterprise</source>
        <translation>企业(&amp;E)</translation>
    </message>
    <message>
        <location filename="../register/main_actions.py" line="53"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../register/main_actions.py" line="57"/>
        <source>&amp;Language / 语言</source>
        <translation>语言 / Language(&amp;L)</translation>
    </message>
    <message>
        <location filename="../register/main_actions.py" line="67"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../register/main_actions.py" line="69"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message numerus="yes">
        <location filename="../register/main_window.py" line="360"/>
        <source>%Ln enterprise(s)</source>
        <translation>
            <numerusform>共 %Ln 家企业</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="403"/>
        <location filename="../register/main_window.py" line="416"/>
        <source>Delete enterprise</source>
        <translation>删除企业</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="405"/>
        <source>Delete “%1” (%2) from the register? Its history is kept and the deletion syncs to the office.</source>
        <translation>从名录中删除“%1”（%2）吗？历史记录会保留，删除将同步到办公室。</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="439"/>
        <source>No enterprise selected: select one in the list, then Ctrl+D.</source>
        <translation>未选择企业：请先在列表中选择一家企业，再按 Ctrl+D。</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="531"/>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <location filename="../register/main_window.py" line="533"/>
        <source>Diagnosis database (*.sqlite *.db);;All files (*)</source>
        <translation>诊断数据库 (*.sqlite *.db);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>MeasuresModel</name>
    <message>
        <location filename="../visit_editor/measures_model.py" line="95"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_model.py" line="96"/>
        <source>Measure</source>
        <translation>措施</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_model.py" line="97"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_model.py" line="98"/>
        <source>Investment (10k yuan)</source>
        <translation>投资（万元）</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_model.py" line="99"/>
        <source>Savings (yuan/yr)</source>
        <translation>年节约（元）</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_model.py" line="100"/>
        <source>Energy saved (tce/yr)</source>
        <translation>年节能（吨标煤）</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_model.py" line="101"/>
        <source>CO2 avoided (t/yr)</source>
        <translation>年减排 CO2（吨）</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_model.py" line="102"/>
        <source>Payback (yr)</source>
        <translation>回收期（年）</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_model.py" line="103"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_model.py" line="181"/>
        <source>To be estimated: %1</source>
        <translation>待测算：%1</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_model.py" line="191"/>
        <source>Typical range of the catalogue, not estimated</source>
        <translation>措施库的典型范围，非测算值</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_model.py" line="163"/>
        <source>Fixes a legal non-compliance</source>
        <translation>整改法定不合规项</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_model.py" line="200"/>
        <location filename="../visit_editor/measures_model.py" line="238"/>
        <source>to be estimated</source>
        <translation>待测算</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_model.py" line="224"/>
        <source>Team&apos;s figure; proposed: %1</source>
        <translation>诊断组填写；建议值：%1</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_model.py" line="234"/>
        <source>Estimate, to be verified: a typical price stands in for the firm&apos;s</source>
        <translation>估算，待核实：企业未填报单价，采用典型价格</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_model.py" line="257"/>
        <source>%1–%2 (typical)</source>
        <translation>%1–%2（典型）</translation>
    </message>
</context>
<context>
    <name>MeasuresPage</name>
    <message>
        <location filename="../visit_editor/measures_page.py" line="85"/>
        <source>This visit is finalised: its measures are read-only.</source>
        <translation>本次诊断已定稿，措施只能查看。</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_page.py" line="89"/>
        <source>A accepts, R rejects, Ctrl+Return saves, Ctrl+Shift+N adds a measure.</source>
        <translation>A 采纳，R 拒绝，Ctrl+Return 保存，Ctrl+Shift+N 新增措施。</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_page.py" line="100"/>
        <source>&amp;How computed</source>
        <translation>计算过程(&amp;H)</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_page.py" line="141"/>
        <source>Choose a measure (what was typed for it is saved)</source>
        <translation>选择措施（已填写的内容会保存）</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_page.py" line="142"/>
        <source>Accept the selected measure (in the table)</source>
        <translation>采纳所选措施（在表格中）</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_page.py" line="143"/>
        <source>Reject the selected measure (in the table)</source>
        <translation>拒绝所选措施（在表格中）</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_page.py" line="144"/>
        <source>Next field</source>
        <translation>下一个字段</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_page.py" line="145"/>
        <source>Leave the new custom measure unsaved</source>
        <translation>放弃新增的自定义措施（不保存）</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_form.py" line="53"/>
        <source>write decimals with a point (12.5), not a comma</source>
        <translation>小数请用小数点（12.5），不要用逗号</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_form.py" line="82"/>
        <source>Custom measure &amp;title</source>
        <translation>自定义措施名称(&amp;T)</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_form.py" line="86"/>
        <source>Stat&amp;us</source>
        <translation>状态(&amp;U)</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_form.py" line="92"/>
        <source>&amp;Investment (10k yuan)</source>
        <translation>投资（万元）(&amp;I)</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_form.py" line="93"/>
        <source>&amp;Electricity saved (kWh/yr)</source>
        <translation>年节电（kWh）(&amp;E)</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_form.py" line="94"/>
        <source>&amp;Water saved (m³/yr)</source>
        <translation>年节水（m³）(&amp;W)</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_form.py" line="95"/>
        <source>&amp;Money saved (yuan/yr)</source>
        <translation>年节约金额（元）(&amp;M)</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_form.py" line="97"/>
        <source>Rea&amp;lised savings, follow-up (yuan/yr)</source>
        <translation>回访实际年节约（元）(&amp;L)</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_form.py" line="114"/>
        <source>N&amp;ote</source>
        <translation>备注(&amp;O)</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_form.py" line="117"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_form.py" line="118"/>
        <source>Add a &amp;custom measure</source>
        <translation>新增自定义措施(&amp;C)</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_form.py" line="199"/>
        <source>%1: “%2” was not saved: %3</source>
        <translation>%1：“%2”未保存：%3</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_page.py" line="131"/>
        <source>Save the decision</source>
        <translation>保存决定</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_page.py" line="132"/>
        <source>Add a custom measure</source>
        <translation>新增自定义措施</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_text.py" line="23"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_text.py" line="31"/>
        <source>Accepted: %1</source>
        <translation>已采纳：%1</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_text.py" line="32"/>
        <source>investment %1 (10k yuan)</source>
        <translation>投资 %1 万元</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_text.py" line="33"/>
        <source>savings %1 yuan/yr</source>
        <translation>年节约 %1 元</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_text.py" line="34"/>
        <source>%1 tce/yr</source>
        <translation>年节能 %1 吨标煤</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_text.py" line="35"/>
        <source>%1 t CO2/yr</source>
        <translation>年减排 %1 吨 CO2</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_text.py" line="36"/>
        <source>payback (yr) %1</source>
        <translation>回收期（年）%1</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_text.py" line="40"/>
        <source>%1 without a money figure</source>
        <translation>%1 项未填节约金额</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_page.py" line="239"/>
        <source>proposed: %1</source>
        <translation>建议值：%1</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_text.py" line="54"/>
        <source>The team&apos;s figures:</source>
        <translation>团队填写的数值：</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_text.py" line="57"/>
        <source>The proposal, from the answers:</source>
        <translation>建议值（由答案测算）：</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_text.py" line="63"/>
        <source>Typical payback of the catalogue: %1 yr (not estimated)</source>
        <translation>措施目录的典型回收期：%1 年（未测算）</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_page.py" line="268"/>
        <source>New custom measure</source>
        <translation>新的自定义措施</translation>
    </message>
    <message>
        <location filename="../visit_editor/measures_page.py" line="287"/>
        <source>A custom measure needs a title.</source>
        <translation>自定义措施需要名称。</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_form.py" line="59"/>
        <location filename="../visit_editor/measure_form.py" line="61"/>
        <source>not a number</source>
        <translation>不是数字</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_form.py" line="63"/>
        <source>must be 0 or more</source>
        <translation>不能小于 0</translation>
    </message>
</context>
<context>
    <name>MultipleQuestion</name>
    <message>
        <location filename="../visit_editor/question_widgets.py" line="235"/>
        <source>Digits toggle an option (1 is the first, 0 the tenth); arrows move.</source>
        <translation>数字键勾选对应选项（1 为第一项，0 为第十项）；方向键移动。</translation>
    </message>
</context>
<context>
    <name>OfficeCharts</name>
    <message>
        <location filename="../office/charts.py" line="211"/>
        <source>Diagnosed vs target by district</source>
        <translation>各区县已诊断与目标企业</translation>
    </message>
    <message>
        <location filename="../office/charts.py" line="212"/>
        <source>Accepted measures by area: investment (10k yuan)</source>
        <translation>各领域已采纳措施：投资（万元）</translation>
    </message>
    <message>
        <location filename="../office/charts.py" line="213"/>
        <source>Visits by month</source>
        <translation>每月走访</translation>
    </message>
    <message>
        <location filename="../office/charts.py" line="215"/>
        <source>No figures yet</source>
        <translation>暂无数据</translation>
    </message>
</context>
<context>
    <name>OfficeFilterBar</name>
    <message>
        <location filename="../office/models.py" line="357"/>
        <source>&amp;Year:</source>
        <translation>年度(&amp;Y)：</translation>
    </message>
    <message>
        <location filename="../office/models.py" line="358"/>
        <source>&amp;District:</source>
        <translation>区县(&amp;D)：</translation>
    </message>
    <message>
        <location filename="../office/models.py" line="359"/>
        <source>&amp;Industry division:</source>
        <translation>行业大类(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../office/models.py" line="360"/>
        <source>Cl&amp;uster:</source>
        <translation>产业集群(&amp;U)：</translation>
    </message>
</context>
<context>
    <name>OfficePage</name>
    <message>
        <location filename="../office/page.py" line="90"/>
        <source>Office overview</source>
        <translation>统计总览</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="97"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="100"/>
        <source>E&amp;xport workbook…</source>
        <translation>导出 Excel 报表(&amp;X)…</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="127"/>
        <source>&amp;Coverage</source>
        <translation>诊断覆盖(&amp;C)</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="128"/>
        <source>&amp;Pipeline</source>
        <translation>项目储备(&amp;P)</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="130"/>
        <source>C&amp;harts</source>
        <translation>图表(&amp;H)</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="154"/>
        <location filename="../office/page.py" line="175"/>
        <source>Enter or double-click: the enterprises behind this number</source>
        <translation>按回车键或双击：查看该数字背后的企业</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="168"/>
        <source>By district</source>
        <translation>按区县</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="169"/>
        <source>By industry division</source>
        <translation>按行业大类</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="170"/>
        <source>Progress by year</source>
        <translation>逐年进度</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="171"/>
        <source>Visits per team member</source>
        <translation>诊断人员走访</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="180"/>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="199"/>
        <source>Accepted measures &amp;by:</source>
        <translation>已采纳措施分组(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="212"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="213"/>
        <source>Export workbook…</source>
        <translation>导出 Excel 报表…</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="214"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="241"/>
        <source>Computing the figures…</source>
        <translation>正在计算统计数据…</translation>
    </message>
    <message numerus="yes">
        <location filename="../office/page.py" line="264"/>
        <source>Bringing the figures up to date: %1 of %Ln visit(s)</source>
        <translation>
            <numerusform>正在更新统计数据：第 %1 / %Ln 次走访</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../office/page.py" line="275"/>
        <source>The figures could not be computed: %1</source>
        <translation>无法计算统计数据：%1</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="289"/>
        <source>Diagnosed &lt;a href=&apos;total:diagnosed_target&apos;&gt;%1&lt;/a&gt; of &lt;a href=&apos;total:target&apos;&gt;%2&lt;/a&gt; willing above-scale enterprises (%3) · never visited: &lt;a href=&apos;never_visited:&apos;&gt;%4&lt;/a&gt; (willing above scale: &lt;a href=&apos;never_visited:target&apos;&gt;%5&lt;/a&gt;) · visits: %6, of them follow-ups: %7</source>
        <translation>有意愿规上企业 &lt;a href=&apos;total:target&apos;&gt;%2&lt;/a&gt; 家，已诊断 &lt;a href=&apos;total:diagnosed_target&apos;&gt;%1&lt;/a&gt; 家（%3）· 从未走访：&lt;a href=&apos;never_visited:&apos;&gt;%4&lt;/a&gt; 家（其中有意愿规上企业 &lt;a href=&apos;never_visited:target&apos;&gt;%5&lt;/a&gt; 家）· 走访 %6 次，其中回访 %7 次</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="349"/>
        <source>Finding the enterprises…</source>
        <translation>正在查找企业…</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="372"/>
        <source>Export workbook</source>
        <translation>导出 Excel 报表</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="374"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="386"/>
        <source>Writing the workbook…</source>
        <translation>正在写入 Excel 报表…</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="391"/>
        <source>The workbook could not be written: %1</source>
        <translation>无法写入 Excel 报表：%1</translation>
    </message>
    <message>
        <location filename="../office/page.py" line="396"/>
        <source>Workbook saved to %1</source>
        <translation>Excel 报表已保存到 %1</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../passphrase_dialog.py" line="29"/>
        <source>Store passphrase</source>
        <translation>数据库口令</translation>
    </message>
    <message>
        <location filename="../passphrase_dialog.py" line="36"/>
        <source>The store %1 is encrypted. This computer has no system keyring to keep its key, so choose a passphrase (at least %2 characters): you will type it each time the app opens this store, and it opens the store on another computer. Nobody can recover it if it is lost.</source>
        <translation>数据库 %1 已加密。本机没有可用的系统密钥环来保存它的密钥，请设定一个口令（至少 %2 个字符）：以后每次打开此数据库都要输入它，在另一台电脑上也凭它打开。口令遗失后无人能够找回。</translation>
    </message>
    <message>
        <location filename="../passphrase_dialog.py" line="46"/>
        <source>The store %1 is encrypted. Type its passphrase to open it.</source>
        <translation>数据库 %1 已加密。请输入它的口令以打开。</translation>
    </message>
    <message>
        <location filename="../passphrase_dialog.py" line="62"/>
        <source>&amp;Passphrase:</source>
        <translation>口令(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../passphrase_dialog.py" line="64"/>
        <source>&amp;Again:</source>
        <translation>再输入一次(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../passphrase_dialog.py" line="89"/>
        <source>Type the passphrase.</source>
        <translation>请输入口令。</translation>
    </message>
    <message>
        <location filename="../passphrase_dialog.py" line="93"/>
        <source>A passphrase needs at least %1 characters.</source>
        <translation>口令至少需要 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../passphrase_dialog.py" line="97"/>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
</context>
<context>
    <name>PhotoQuestion</name>
    <message numerus="yes">
        <location filename="../visit_editor/field_questions.py" line="159"/>
        <source>%n photo(s) attached</source>
        <translation>
            <numerusform>已附 %n 张照片</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../visit_editor/field_questions.py" line="161"/>
        <source>Photos are added with findings.</source>
        <translation>照片随发现的问题一起添加。</translation>
    </message>
</context>
<context>
    <name>PlanExporter</name>
    <message>
        <location filename="../report/actions.py" line="110"/>
        <source>The plan font %1 could not be used; the plans use %2.</source>
        <translation>无法使用方案字体 %1，方案改用 %2。</translation>
    </message>
    <message>
        <location filename="../report/actions.py" line="141"/>
        <source>Font for improvement plans</source>
        <translation>改进方案使用的字体</translation>
    </message>
    <message>
        <location filename="../report/actions.py" line="143"/>
        <source>TrueType fonts (*.ttf *.ttc);;All files (*)</source>
        <translation>TrueType 字体 (*.ttf *.ttc);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../report/actions.py" line="149"/>
        <source>Plans will embed the font %1.</source>
        <translation>方案将嵌入字体 %1。</translation>
    </message>
    <message>
        <location filename="../report/actions.py" line="181"/>
        <source>&amp;Export improvement plan…</source>
        <translation>导出改进方案(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../report/actions.py" line="185"/>
        <source>Export improvement plan in %1…</source>
        <translation>导出 %1 版改进方案…</translation>
    </message>
    <message>
        <location filename="../report/actions.py" line="191"/>
        <source>Open &amp;plan</source>
        <translation>打开方案(&amp;P)</translation>
    </message>
    <message>
        <location filename="../report/actions.py" line="235"/>
        <source>Save the improvement plan (%1)</source>
        <translation>保存改进方案（%1）</translation>
    </message>
    <message>
        <location filename="../report/actions.py" line="237"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../report/actions.py" line="254"/>
        <source>Writing the improvement plan…</source>
        <translation>正在生成改进方案…</translation>
    </message>
    <message>
        <location filename="../report/actions.py" line="276"/>
        <source>Plan saved: %1 (%2 pages). %3 opens it.</source>
        <translation>方案已保存：%1（%2 页）。按 %3 打开。</translation>
    </message>
    <message>
        <location filename="../report/actions.py" line="293"/>
        <source>The plan could not be written: %1</source>
        <translation>无法生成方案：%1</translation>
    </message>
    <message>
        <location filename="../report/actions.py" line="298"/>
        <source>Improvement plan</source>
        <translation>改进方案</translation>
    </message>
</context>
<context>
    <name>ProjectFields</name>
    <message>
        <location filename="../visit_editor/measure_project_fields.py" line="33"/>
        <source>YYYY-MM, e.g. 2026-04</source>
        <translation>YYYY-MM，例如 2026-04</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_project_fields.py" line="36"/>
        <source>whole months</source>
        <translation>整月数</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_project_fields.py" line="42"/>
        <source>Project cate&amp;gory</source>
        <translation>项目类别(&amp;G)</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_project_fields.py" line="44"/>
        <source>Expected sta&amp;rt (YYYY-MM)</source>
        <translation>计划开工（YYYY-MM）(&amp;R)</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_project_fields.py" line="45"/>
        <source>&amp;Duration (months)</source>
        <translation>工期（月）(&amp;D)</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_project_fields.py" line="71"/>
        <source>From the catalogue: %1</source>
        <translation>按措施目录：%1</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_project_fields.py" line="75"/>
        <source>Not a project unless it has an investment</source>
        <translation>有投资才列为项目</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_project_fields.py" line="101"/>
        <source>Expected start</source>
        <translation>计划开工</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_project_fields.py" line="102"/>
        <source>Duration</source>
        <translation>工期</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_project_fields.py" line="118"/>
        <source>%1 is not a month: write YYYY-MM, month 01 to 12</source>
        <translation>%1 不是有效月份：请写成 YYYY-MM，月份 01–12</translation>
    </message>
    <message>
        <location filename="../visit_editor/measure_project_fields.py" line="132"/>
        <source>a whole number of months, 1 to %1</source>
        <translation>须为 1 至 %1 的整数月</translation>
    </message>
</context>
<context>
    <name>QuestionNotes</name>
    <message>
        <location filename="../visit_editor/question_notes.py" line="37"/>
        <source>Note on %1:</source>
        <translation>%1 的备注：</translation>
    </message>
    <message>
        <location filename="../visit_editor/question_notes.py" line="41"/>
        <source>Note on this question (Enter saves)</source>
        <translation>本题备注（回车保存）</translation>
    </message>
    <message>
        <location filename="../visit_editor/question_notes.py" line="67"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../visit_editor/question_notes.py" line="74"/>
        <source>Go to a question first.</source>
        <translation>请先转到一道题。</translation>
    </message>
</context>
<context>
    <name>QuestionWidget</name>
    <message>
        <location filename="../visit_editor/question_base.py" line="202"/>
        <source>Make a finding from this question…</source>
        <translation>记为发现的问题…</translation>
    </message>
    <message>
        <location filename="../visit_editor/question_base.py" line="204"/>
        <source>The answer falls short (Ctrl+Shift+N)</source>
        <translation>此题回答未达标（Ctrl+Shift+N）</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <location filename="../visit_editor/results_panel.py" line="133"/>
        <source>Select an indicator to see how it was computed.</source>
        <translation>选择一项指标，查看计算过程。</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="141"/>
        <source>Results</source>
        <translation>诊断结果</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="172"/>
        <source>Safety &amp; env.: major hidden danger present ({items})</source>
        <translation>安全环保：存在重大事故隐患（{items}）</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="188"/>
        <source>No flag of the plan applies yet.</source>
        <translation>暂无适用的行动计划提示。</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="258"/>
        <source>Maturity (GB/T 39117): not answered yet</source>
        <translation>成熟度（GB/T 39117）：尚未作答</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="234"/>
        <location filename="../visit_editor/results_panel.py" line="259"/>
        <source>below level 1</source>
        <translation>未达一级</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="209"/>
        <source>Not computed yet: {names}</source>
        <translation>尚未算出：{names}</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="236"/>
        <location filename="../visit_editor/results_panel.py" line="259"/>
        <source>level {n}</source>
        <translation>{n} 级</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="239"/>
        <source>major hidden danger</source>
        <translation>重大事故隐患</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="245"/>
        <source>Area</source>
        <translation>领域</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="245"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="245"/>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="260"/>
        <source>Maturity (GB/T 39117): {level}</source>
        <translation>成熟度（GB/T 39117）：{level}</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="262"/>
        <source> (indicative)</source>
        <translation>（参考）</translation>
    </message>
    <message numerus="yes">
        <location filename="../visit_editor/results_panel.py" line="264"/>
        <source>; %n sub-domain(s) short of level {n}</source>
        <translation>
            <numerusform>；%n 个能力子域未达 {n} 级</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="271"/>
        <source>Total energy (equivalent value)</source>
        <translation>综合能耗（当量值）</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="272"/>
        <source>Total energy (equal value)</source>
        <translation>综合能耗（等价值）</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="273"/>
        <source>CO2 emissions</source>
        <translation>二氧化碳排放量</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="274"/>
        <source>Energy intensity</source>
        <translation>单位产值能耗</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="275"/>
        <source>Water intake</source>
        <translation>取水量</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="276"/>
        <source>Water reuse rate</source>
        <translation>水重复利用率</translation>
    </message>
    <message>
        <location filename="../visit_editor/results_panel.py" line="277"/>
        <source>Water intake per output</source>
        <translation>单位产值取水量</translation>
    </message>
</context>
<context>
    <name>SingleQuestion</name>
    <message>
        <location filename="../visit_editor/question_widgets.py" line="163"/>
        <source>Digits pick an option; arrows move; Delete clears.</source>
        <translation>数字键选择选项；方向键移动；Delete 清除。</translation>
    </message>
</context>
<context>
    <name>StoreCheckUi</name>
    <message>
        <location filename="../store_check_ui.py" line="35"/>
        <source>Check the &amp;store</source>
        <translation>检查数据库(&amp;S)</translation>
    </message>
    <message>
        <location filename="../store_check_ui.py" line="58"/>
        <source>Checking the store…</source>
        <translation>正在检查数据库…</translation>
    </message>
    <message>
        <location filename="../store_check_ui.py" line="69"/>
        <source>Store checked: no damage</source>
        <translation>数据库检查完毕：未发现损坏</translation>
    </message>
    <message>
        <location filename="../store_check_ui.py" line="72"/>
        <location filename="../store_check_ui.py" line="79"/>
        <source>Check the store</source>
        <translation>检查数据库</translation>
    </message>
    <message>
        <location filename="../store_check_ui.py" line="72"/>
        <source>The store has no damage.</source>
        <translation>数据库未发现损坏。</translation>
    </message>
    <message>
        <location filename="../store_check_ui.py" line="77"/>
        <source>The store is damaged: nothing more is saved</source>
        <translation>数据库已损坏：不再保存任何修改</translation>
    </message>
    <message>
        <location filename="../store_check_ui.py" line="84"/>
        <source>From now on nothing more is saved to this store; what is on screen can still be read. What to do: close the app, then:</source>
        <translation>从现在起不再向此数据库保存任何内容；屏幕上的内容仍可查看。处理方法：关闭程序，然后：</translation>
    </message>
    <message>
        <location filename="../store_check_ui.py" line="89"/>
        <source>(A new store here: File &gt; Open database…, a new file name, then Sync.)</source>
        <translation>（在本程序中新建数据库：文件 &gt; 打开数据库…，输入一个新文件名，再同步。）</translation>
    </message>
</context>
<context>
    <name>SyncActions</name>
    <message>
        <location filename="../register/deferred_actions.py" line="60"/>
        <source>&amp;Sync now…</source>
        <translation>立即同步(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../register/deferred_actions.py" line="67"/>
        <source>Sync &amp;conflicts…</source>
        <translation>同步冲突(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../register/deferred_actions.py" line="74"/>
        <source>Sync se&amp;ttings…</source>
        <translation>同步设置(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../register/deferred_actions.py" line="101"/>
        <source>&amp;Sync</source>
        <translation>同步(&amp;S)</translation>
    </message>
    <message>
        <location filename="../sync/actions.py" line="102"/>
        <source>Sync not set up</source>
        <translation>尚未设置同步</translation>
    </message>
    <message numerus="yes">
        <location filename="../sync/actions.py" line="106"/>
        <source>%Ln change(s) kept on this laptop only. Set up the office server under Sync, Settings to send them.</source>
        <translation>
            <numerusform>%Ln 项修改只保存在本机。在“同步 &gt; 设置”中设置单位服务器后即可发送。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../sync/actions.py" line="116"/>
        <source>1 change not synced</source>
        <translation>1 项修改未同步</translation>
    </message>
    <message>
        <location filename="../sync/actions.py" line="118"/>
        <source>%1 changes not synced</source>
        <translation>%1 项修改未同步</translation>
    </message>
    <message>
        <location filename="../sync/actions.py" line="122"/>
        <source>All changes synced</source>
        <translation>所有修改均已同步</translation>
    </message>
    <message>
        <location filename="../sync/actions.py" line="126"/>
        <source>1 photo not synced</source>
        <translation>1 张照片未同步</translation>
    </message>
    <message>
        <location filename="../sync/actions.py" line="128"/>
        <source>%1 photos not synced</source>
        <translation>%1 张照片未同步</translation>
    </message>
    <message>
        <location filename="../sync/actions.py" line="133"/>
        <source>%1 syncs with the office server.</source>
        <translation>按 %1 与单位服务器同步。</translation>
    </message>
    <message>
        <location filename="../sync/actions.py" line="248"/>
        <source>The conflicts could not be read: %1</source>
        <translation>无法读取冲突：%1</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <location filename="../sync/dialog.py" line="69"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="74"/>
        <source>Server: %1</source>
        <translation>服务器：%1</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="76"/>
        <source>User: %1</source>
        <translation>用户：%1</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="101"/>
        <source>Sync &amp;settings…</source>
        <translation>同步设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="107"/>
        <location filename="../sync/dialog.py" line="220"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="127"/>
        <source>Changes sent:</source>
        <translation>已发送修改：</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="128"/>
        <source>Changes received:</source>
        <translation>已接收修改：</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="129"/>
        <source>Merged with changes made elsewhere:</source>
        <translation>与他处修改合并：</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="130"/>
        <source>Conflicts to settle:</source>
        <translation>待处理冲突：</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="131"/>
        <source>Photos sent / received:</source>
        <translation>发送 / 接收的照片：</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="132"/>
        <source>New revisions of finalised visits:</source>
        <translation>已定稿诊断的新修订版：</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="133"/>
        <source>Changes the server refused:</source>
        <translation>服务器拒收的修改：</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="143"/>
        <source>Show &amp;conflicts…</source>
        <translation>查看冲突(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="157"/>
        <source>Photos not through yet:</source>
        <translation>尚未同步的照片：</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="163"/>
        <source>Sending changes</source>
        <translation>正在发送修改</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="164"/>
        <source>Transferring photos</source>
        <translation>正在传输照片</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="165"/>
        <source>Receiving changes</source>
        <translation>正在接收修改</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="171"/>
        <source>%1: %2 of %3</source>
        <translation>%1：第 %2 / %3 项</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="196"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="220"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="238"/>
        <source>Sync cancelled.</source>
        <translation>同步已取消。</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="241"/>
        <source>What was sent or received before the cancel is kept; the next sync carries on from there.</source>
        <translation>取消前已发送或接收的内容均已保留，下次同步将从中断处继续。</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="247"/>
        <source>The sync stopped.</source>
        <translation>同步已中止。</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="256"/>
        <source>Nothing is lost: what was not sent stays on this laptop for the next sync.</source>
        <translation>数据不会丢失：未发送的内容保留在本机，待下次同步。</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="284"/>
        <source>Sync finished; 1 conflict needs you.</source>
        <translation>同步完成；有 1 处冲突需要您处理。</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="286"/>
        <source>Sync finished; %1 conflicts need you.</source>
        <translation>同步完成；有 %1 处冲突需要您处理。</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="292"/>
        <source>Sync finished; 1 photo did not get through.</source>
        <translation>同步完成；有 1 张照片未能同步。</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="294"/>
        <source>Sync finished; %1 photos did not get through.</source>
        <translation>同步完成；有 %1 张照片未能同步。</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="299"/>
        <source>Sync finished.</source>
        <translation>同步完成。</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="319"/>
        <source>%1 to send, %2 missing; the next sync tries again</source>
        <translation>待发送 %1 张，缺少 %2 张；下次同步时会重试</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="330"/>
        <source>The server was restored from a backup; re-sent %1 records.</source>
        <translation>服务器已从备份恢复；已重新发送 %1 条记录。</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="335"/>
        <source>Photos not on the server yet (sent at the next sync):</source>
        <translation>尚未上传到服务器的照片（下次同步时发送）：</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="339"/>
        <source>Photos not received (not on the server yet; asked for at the next sync):</source>
        <translation>未收到的照片（服务器上尚无；下次同步时再取）：</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="343"/>
        <source>Refused by the server, with the reason:</source>
        <translation>被服务器拒收的修改及原因：</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="347"/>
        <source>Finalised visits changed on two laptops became new draft revisions:</source>
        <translation>在两台电脑上修改过的已定稿诊断，已生成新的草稿修订版：</translation>
    </message>
    <message>
        <location filename="../sync/dialog.py" line="378"/>
        <source>Cancelling; the sync stops at the next safe point…</source>
        <translation>正在取消；同步将在下一个安全点停止…</translation>
    </message>
</context>
<context>
    <name>SyncSettingsDialog</name>
    <message>
        <location filename="../sync/settings.py" line="198"/>
        <source>Sync settings</source>
        <translation>同步设置</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="204"/>
        <source>How your changes are signed, e.g. 王工</source>
        <translation>您的修改以此署名，例如：王工</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="220"/>
        <source>Server &amp;address:</source>
        <translation>服务器地址(&amp;A)：</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="221"/>
        <source>Your &amp;name:</source>
        <translation>您的姓名(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="222"/>
        <source>Token:</source>
        <translation>令牌：</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="223"/>
        <source>&amp;Replace token:</source>
        <translation>更换令牌(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="223"/>
        <source>&amp;Token:</source>
        <translation>令牌(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="227"/>
        <source>CA certi&amp;ficate:</source>
        <translation>CA 证书(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="246"/>
        <source>Saved in the system keyring (%1).</source>
        <translation>已保存在系统密钥环中（%1）。</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="250"/>
        <source>Saved in the settings file %1, encrypted with this store&apos;s key.</source>
        <translation>已用本数据库的密钥加密保存在设置文件 %1 中。</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="265"/>
        <source>No system keyring is available: the token will be stored in the settings file %1, encrypted with this store&apos;s key.</source>
        <translation>没有可用的系统密钥环：令牌将用本数据库的密钥加密后保存在设置文件 %1 中。</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="303"/>
        <source>The CA certificate must be the certificate file the office gave you (server.crt).</source>
        <translation>CA 证书须为办公室提供的证书文件（server.crt）。</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="311"/>
        <source>A CA certificate is used only with an https:// server address.</source>
        <translation>CA 证书只用于 https:// 开头的服务器地址。</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="331"/>
        <source>Sync settings saved; the token is in the settings file %1, encrypted.</source>
        <translation>同步设置已保存；令牌已加密保存在设置文件 %1 中。</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="335"/>
        <source>Sync settings saved; the token could not be kept.</source>
        <translation>同步设置已保存；但令牌无法保存。</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="255"/>
        <source>None saved yet.</source>
        <translation>尚未保存。</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="257"/>
        <source>Leave empty to keep the saved token</source>
        <translation>留空则保留已保存的令牌</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="259"/>
        <source>Paste the token the office gave you</source>
        <translation>粘贴单位发给您的令牌</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="272"/>
        <source>The token will be stored in the system keyring (%1).</source>
        <translation>令牌将保存在系统密钥环中（%1）。</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="289"/>
        <source>The server address must look like https://host or http://host:port (no path).</source>
        <translation>服务器地址格式应为 https://主机 或 http://主机:端口（不含路径）。</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="295"/>
        <source>Paste the token the office gave you.</source>
        <translation>请粘贴单位发给您的令牌。</translation>
    </message>
    <message>
        <location filename="../sync/settings.py" line="327"/>
        <source>Sync settings saved; the token is in the system keyring.</source>
        <translation>同步设置已保存；令牌保存在系统密钥环中。</translation>
    </message>
</context>
<context>
    <name>VisitEditor</name>
    <message>
        <location filename="../visit_editor/window.py" line="125"/>
        <source>Next unanswered required question</source>
        <translation>下一道未答的必答题</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="131"/>
        <source>Previous unanswered required question</source>
        <translation>上一道未答的必答题</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="137"/>
        <source>Next area</source>
        <translation>下一个领域</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="140"/>
        <source>Previous area</source>
        <translation>上一个领域</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="146"/>
        <source>Finalise the visit</source>
        <translation>定稿</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="149"/>
        <source>Revise (new revision)</source>
        <translation>修订（新建修订版）</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="151"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="153"/>
        <source>Note on this question</source>
        <translation>本题备注</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="156"/>
        <source>Make a finding from this question</source>
        <translation>将本题记为发现的问题</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="162"/>
        <source>Visit header (date, team, organisation)…</source>
        <translation>诊断信息（日期、人员、机构）…</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="167"/>
        <source>Undo answer</source>
        <translation>撤销回答</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="169"/>
        <source>Redo answer</source>
        <translation>重做回答</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="173"/>
        <source>&amp;Visit</source>
        <translation>诊断(&amp;V)</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="227"/>
        <source>This visit is finalised and read-only. Revise it (Ctrl+Shift+R) to make a new revision.</source>
        <translation>本次诊断已定稿，只能查看。如需修改，请按 Ctrl+Shift+R 新建修订版。</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="244"/>
        <source>Findings and photos</source>
        <translation>发现问题与照片</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="248"/>
        <source>Measures</source>
        <translation>改进措施</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="265"/>
        <source>The plan was not exported: what was typed on the measures page cannot be saved (the page says why).</source>
        <translation>改进方案未导出：措施页上填写的内容无法保存（原因见该页）。</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="359"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../visit_editor/window.py" line="412"/>
        <source>Still to answer before finalising</source>
        <translation>定稿前还需回答</translation>
    </message>
    <message numerus="yes">
        <location filename="../visit_editor/window.py" line="410"/>
        <source>%n required question(s) unanswered:</source>
        <translation>
            <numerusform>还有 %n 道必答题未回答：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VisitFlow</name>
    <message>
        <location filename="../visit_editor/flow.py" line="34"/>
        <source>Visit header…</source>
        <translation>诊断信息…</translation>
    </message>
    <message>
        <location filename="../visit_editor/flow.py" line="53"/>
        <source>Visit date: %1 · Team: %2 · Organisation: %3</source>
        <translation>诊断日期：%1 · 诊断人员：%2 · 服务机构：%3</translation>
    </message>
    <message>
        <location filename="../visit_editor/flow.py" line="75"/>
        <source>Visit header</source>
        <translation>诊断信息</translation>
    </message>
    <message>
        <location filename="../visit_editor/flow.py" line="86"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../visit_editor/flow.py" line="112"/>
        <source>Finalised with %n open warning(s).</source>
        <translation>
            <numerusform>已定稿，仍有 %n 条数据合理性提示。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../visit_editor/flow.py" line="127"/>
        <source>Revision %1 uses the newest reference tables. What changed:</source>
        <translation>修订版 %1 采用最新的参考数据表，与定稿版相比变化如下：</translation>
    </message>
    <message>
        <location filename="../visit_editor/flow.py" line="143"/>
        <source>Go to a question first.</source>
        <translation>请先转到一道题。</translation>
    </message>
</context>
<context>
    <name>VisitHeaderDialog</name>
    <message>
        <location filename="../visit_editor/header_dialog.py" line="61"/>
        <source>Names separated by 、 or commas, the lead first</source>
        <translation>姓名之间用顿号或逗号分隔，组长在前</translation>
    </message>
    <message>
        <location filename="../visit_editor/header_dialog.py" line="64"/>
        <source>The diagnosis service organisation</source>
        <translation>诊断服务机构名称</translation>
    </message>
    <message>
        <location filename="../visit_editor/header_dialog.py" line="76"/>
        <source>Visit &amp;date</source>
        <translation>诊断日期(&amp;D)</translation>
    </message>
    <message>
        <location filename="../visit_editor/header_dialog.py" line="77"/>
        <source>&amp;Team members</source>
        <translation>诊断人员(&amp;T)</translation>
    </message>
    <message>
        <location filename="../visit_editor/header_dialog.py" line="78"/>
        <source>&amp;Organisation</source>
        <translation>服务机构(&amp;O)</translation>
    </message>
    <message>
        <location filename="../visit_editor/header_dialog.py" line="83"/>
        <source>&amp;Experts</source>
        <translation>专家(&amp;E)</translation>
    </message>
    <message>
        <location filename="../visit_editor/header_dialog.py" line="92"/>
        <source>The plan&apos;s cover and sign-off print these (each expert with specialty and organisation; an empty organisation is the visit&apos;s); the office counts visits per member.</source>
        <translation>方案封面和确认签字页打印这些信息（每位专家的专业和所在单位；单位留空即为本次诊断的服务机构）；管理端按成员统计诊断次数。</translation>
    </message>
    <message>
        <location filename="../visit_editor/header_dialog.py" line="102"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../visit_editor/header_dialog.py" line="103"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>VisitListDialog</name>
    <message>
        <location filename="../visit_editor/visit_list.py" line="53"/>
        <source>Visits of %1</source>
        <translation>%1 的诊断记录</translation>
    </message>
    <message>
        <location filename="../visit_editor/visit_list.py" line="55"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../visit_editor/visit_list.py" line="55"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../visit_editor/visit_list.py" line="55"/>
        <source>Revision</source>
        <translation>修订版</translation>
    </message>
    <message>
        <location filename="../visit_editor/visit_list.py" line="71"/>
        <source>&amp;New visit</source>
        <translation>新建诊断(&amp;N)</translation>
    </message>
    <message>
        <location filename="../visit_editor/visit_list.py" line="74"/>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <location filename="../visit_editor/visit_list.py" line="77"/>
        <source>Start from &amp;this visit</source>
        <translation>以此诊断为起点(&amp;T)</translation>
    </message>
    <message>
        <location filename="../visit_editor/visit_list.py" line="81"/>
        <source>&amp;Follow-up visit</source>
        <translation>回访(&amp;F)</translation>
    </message>
    <message>
        <location filename="../visit_editor/visit_list.py" line="88"/>
        <source>&amp;Export plan…</source>
        <translation>导出改进方案(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../visit_editor/visit_list.py" line="99"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../visit_editor/visit_list.py" line="151"/>
        <source>New visit of %1</source>
        <translation>新建诊断：%1</translation>
    </message>
</context>
<context>
    <name>VisitNavigator</name>
    <message>
        <location filename="../visit_editor/navigation.py" line="86"/>
        <source>That was the visit&apos;s last question. F8 finds what is still unanswered.</source>
        <translation>这是本次诊断的最后一题。按 F8 查找尚未回答的必答题。</translation>
    </message>
    <message>
        <location filename="../visit_editor/navigation.py" line="106"/>
        <source>Every required question is answered.</source>
        <translation>必答题已全部回答。</translation>
    </message>
</context>
<context>
    <name>Welcome</name>
    <message>
        <location filename="../register/welcome.py" line="43"/>
        <source>Welcome: the register is empty</source>
        <translation>欢迎：企业名录为空</translation>
    </message>
    <message>
        <location filename="../register/welcome.py" line="47"/>
        <source>Import the list of enterprises your district handed you (.xlsx or .csv), or add an enterprise by hand. You can also drop the file on this window.</source>
        <translation>导入区县下发的企业名单（.xlsx 或 .csv），或手动新增企业。也可以把文件拖到本窗口。</translation>
    </message>
    <message>
        <location filename="../register/welcome.py" line="53"/>
        <source>&amp;Import register… (%1)</source>
        <translation>导入企业名录…（%1）(&amp;I)</translation>
    </message>
    <message>
        <location filename="../register/welcome.py" line="58"/>
        <source>Add an &amp;enterprise (%1)</source>
        <translation>新增企业（%1）(&amp;E)</translation>
    </message>
    <message>
        <location filename="../register/welcome.py" line="68"/>
        <source>Or try the app first on sample enterprises with complete visits: the demo opens as a store of its own, and File ▸ Open database… returns to this one.</source>
        <translation>也可以先用示例企业和完整诊断试用本软件：演示库是单独的数据库，用“文件 ▸ 打开数据库…”可回到当前数据库。</translation>
    </message>
    <message>
        <location filename="../register/welcome.py" line="73"/>
        <location filename="../register/welcome.py" line="99"/>
        <source>Open the &amp;demo</source>
        <translation>打开演示库(&amp;D)</translation>
    </message>
    <message>
        <location filename="../register/welcome.py" line="99"/>
        <source>Filling the demo…</source>
        <translation>正在生成演示库…</translation>
    </message>
</context>
<context>
    <name>YesNoQuestion</name>
    <message>
        <location filename="../visit_editor/question_widgets.py" line="213"/>
        <source>Y, N, A or 1, 2, 3 answer yes, no, not applicable; Delete clears.</source>
        <translation>Y、N、A 或 1、2、3 分别回答是、否、不适用；Delete 清除。</translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AttachmentsController</name>
    <message numerus="yes">
        <source>%n file(s) added.</source>
        <translation>
            <numerusform>%n file added.</numerusform>
            <numerusform>%n files added.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseEditorPage</name>
    <message numerus="yes">
        <source>%n field(s) need attention; they are marked in the tabs with ⚠.</source>
        <translation>
            <numerusform>%n field needs attention; it is marked in the tabs with ⚠.</numerusform>
            <numerusform>%n fields need attention; they are marked in the tabs with ⚠.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseListPage</name>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DecoyCasesPanel</name>
    <message numerus="yes">
        <source>%n decoy case(s) will be in the new vault after a duress unlock.</source>
        <translation>
            <numerusform>%n decoy case will be in the new vault after a duress unlock.</numerusform>
            <numerusform>%n decoy cases will be in the new vault after a duress unlock.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %n draft(s) to the decoy cases? They are removed from this vault and cannot be moved back.</source>
        <translation>
            <numerusform>Move %n draft to the decoy cases? It is removed from this vault and cannot be moved back.</numerusform>
            <numerusform>Move %n drafts to the decoy cases? They are removed from this vault and cannot be moved back.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>Also send the untouched &amp;originals of %n file(s)</source>
        <translation>
            <numerusform>Also send the untouched &amp;originals of %n file</numerusform>
            <numerusform>Also send the untouched &amp;originals of %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sealed revision(s) written to {path} ({size} bytes).</source>
        <translation>
            <numerusform>%n sealed revision written to {path} ({size} bytes).</numerusform>
            <numerusform>%n sealed revisions written to {path} ({size} bytes).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s) included, {originals} with the original.</source>
        <translation>
            <numerusform>%n attachment included, {originals} with the original.</numerusform>
            <numerusform>%n attachments included, {originals} with the original.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sealed revision(s) have not been sent yet.</source>
        <translation>
            <numerusform>%n sealed revision has not been sent yet.</numerusform>
            <numerusform>%n sealed revisions have not been sent yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s) of sent or sealed cases go with them.</source>
        <translation>
            <numerusform>%n attachment of sent or sealed cases goes with them.</numerusform>
            <numerusform>%n attachments of sent or sealed cases go with them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <source>%n file(s) read.</source>
        <translation>
            <numerusform>%n file read.</numerusform>
            <numerusform>%n files read.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) refused; nothing from them was kept.</source>
        <translation>
            <numerusform>%n file refused; nothing from it was kept.</numerusform>
            <numerusform>%n files refused; nothing from them was kept.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KeysController</name>
    <message numerus="yes">
        <source>%n bundle(s) released from quarantine and merged.</source>
        <translation>
            <numerusform>%n bundle released from quarantine and merged.</numerusform>
            <numerusform>%n bundles released from quarantine and merged.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SafetySettings</name>
    <message numerus="yes">
        <source> failed unlock(s)</source>
        <translation>
            <numerusform> failed unlock</numerusform>
            <numerusform> failed unlocks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message numerus="yes">
        <source> min</source>
        <translation>
            <numerusform> min</numerusform>
            <numerusform> min</numerusform>
        </translation>
    </message>
</context>
</TS>

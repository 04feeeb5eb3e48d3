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
    <name>ExcludedDialog</name>
    <message numerus="yes">
        <source>%n case(s) are left out of every figure.</source>
        <translation>
            <numerusform>%n case is left out of every figure.</numerusform>
            <numerusform>%n cases are left out of every figure.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportConfirmation</name>
    <message numerus="yes">
        <source>They hold only publication-safe tables: counts by category, with counts under 5 shown as “&lt;5” and whatever would give them back as “x”, and places no finer than the federal district. No name, pseudonym or case text. %n case(s) counted with the current filters.</source>
        <translation>
            <numerusform>They hold only publication-safe tables: counts by category, with counts under 5 shown as “&lt;5” and whatever would give them back as “x”, and places no finer than the federal district. No name, pseudonym or case text. %n case counted with the current filters.</numerusform>
            <numerusform>They hold only publication-safe tables: counts by category, with counts under 5 shown as “&lt;5” and whatever would give them back as “x”, and places no finer than the federal district. No name, pseudonym or case text. %n cases counted with the current filters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It holds publication-safe figures (small counts suppressed, places no finer than the federal district), how they were counted, and short descriptions of the cases whose people agreed to an anonymised description, made from the recorded categories with the month and the federal district only. No name, pseudonym or case text is copied. %n case(s) counted with the current filters.</source>
        <translation>
            <numerusform>It holds publication-safe figures (small counts suppressed, places no finer than the federal district), how they were counted, and short descriptions of the cases whose people agreed to an anonymised description, made from the recorded categories with the month and the federal district only. No name, pseudonym or case text is copied. %n case counted with the current filters.</numerusform>
            <numerusform>It holds publication-safe figures (small counts suppressed, places no finer than the federal district), how they were counted, and short descriptions of the cases whose people agreed to an anonymised description, made from the recorded categories with the month and the federal district only. No name, pseudonym or case text is copied. %n cases counted with the current filters.</numerusform>
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
    <name>FigureTabs</name>
    <message numerus="yes">
        <source>Counted in cases, whatever the unit chosen above. Each bar holds the cases that got at least that far. A verdict is counted past “hate motive recognised”, so a verdict without a recognised motive counts at both. Not recorded: %n case(s) with no police stage, counted in no bar.</source>
        <translation>
            <numerusform>Counted in cases, whatever the unit chosen above. Each bar holds the cases that got at least that far. A verdict is counted past “hate motive recognised”, so a verdict without a recognised motive counts at both. Not recorded: %n case with no police stage, counted in no bar.</numerusform>
            <numerusform>Counted in cases, whatever the unit chosen above. Each bar holds the cases that got at least that far. A verdict is counted past “hate motive recognised”, so a verdict without a recognised motive counts at both. Not recorded: %n cases with no police stage, counted in no bar.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Counted in follow-up actions (a case can have several), whatever the unit chosen above. Help delivered: {done} of %n.</source>
        <translation>
            <numerusform>Counted in follow-up actions (a case can have several), whatever the unit chosen above. Help delivered: {done} of %n.</numerusform>
            <numerusform>Counted in follow-up actions (a case can have several), whatever the unit chosen above. Help delivered: {done} of %n.</numerusform>
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
<context>
    <name>StatisticsController</name>
    <message numerus="yes">
        <source>%n table(s) written to {folder}. They are NOT encrypted.</source>
        <translation>
            <numerusform>%n table written to {folder}. It is NOT encrypted.</numerusform>
            <numerusform>%n tables written to {folder}. They are NOT encrypted.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message numerus="yes">
        <source>%n case(s) counted with these filters.</source>
        <translation>
            <numerusform>%n case counted with these filters.</numerusform>
            <numerusform>%n cases counted with these filters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n victim(s) in them.</source>
        <translation>
            <numerusform>%n victim in them.</numerusform>
            <numerusform>%n victims in them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n act(s) against victims in them.</source>
        <translation>
            <numerusform>%n act against victims in them.</numerusform>
            <numerusform>%n acts against victims in them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) left out (not sealed, or no consent to anonymous statistics).</source>
        <translation>
            <numerusform>%n case left out (not sealed, or no consent to anonymous statistics).</numerusform>
            <numerusform>%n cases left out (not sealed, or no consent to anonymous statistics).</numerusform>
        </translation>
    </message>
</context>
</TS>

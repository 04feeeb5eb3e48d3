<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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

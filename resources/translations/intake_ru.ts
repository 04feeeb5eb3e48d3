<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>UnlockScreen</name>
    <message>
        <source>Intake is locked</source>
        <translation>Intake заблокирован</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Парольная фраза</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Разблокировать</translation>
    </message>
    <message>
        <source>Deriving the key from the passphrase</source>
        <translation>Вычисление ключа из парольной фразы</translation>
    </message>
    <message>
        <source>Type your passphrase to unlock.</source>
        <translation>Введите парольную фразу, чтобы разблокировать.</translation>
    </message>
</context>
</TS>

<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ru_RU">
<context>
    <name>AppShell</name>
    <message>
        <source>Intake</source>
        <translation>Intake</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <source>Title</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Occurred</source>
        <translation>Дата события</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Регион</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Категории</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Изменено</translation>
    </message>
    <message>
        <source>sealed</source>
        <translation>запечатано</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>черновик</translation>
    </message>
</context>
<context>
    <name>CaseListPage</name>
    <message>
        <source>Search all case text</source>
        <translation>Поиск по всему тексту дел</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <source>All cases</source>
        <translation>Все дела</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>Черновики</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>Запечатанные</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Показать</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Заблокировать</translation>
    </message>
    <message>
        <source>Lock the vault (Ctrl+L)</source>
        <translation>Заблокировать хранилище (Ctrl+L)</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Дела</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s)</source>
        <translation>
            <numerusform>%n дело</numerusform>
            <numerusform>%n дела</numerusform>
            <numerusform>%n дел</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up Intake</source>
        <translation>Настройка Intake</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Далее &gt;</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Назад</translation>
    </message>
    <message>
        <source>&amp;Create the vault</source>
        <translation>&amp;Создать хранилище</translation>
    </message>
    <message>
        <source>Creating the vault</source>
        <translation>Создание хранилища</translation>
    </message>
    <message>
        <source>Creating the vault and deriving its key…</source>
        <translation>Создание хранилища и вычисление его ключа…</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>You can change the language later in the settings.</source>
        <translation>Язык можно будет изменить позже в настройках.</translation>
    </message>
</context>
<context>
    <name>PassphrasePage</name>
    <message>
        <source>Choose a passphrase</source>
        <translation>Выберите парольную фразу</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Парольная фраза</translation>
    </message>
    <message>
        <source>&amp;Repeat it</source>
        <translation>&amp;Повторите её</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Парольная фраза</translation>
    </message>
    <message>
        <source>Repeat the passphrase</source>
        <translation>Повторите парольную фразу</translation>
    </message>
    <message>
        <source>Passphrase strength</source>
        <translation>Надёжность парольной фразы</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Введённые парольные фразы не совпадают.</translation>
    </message>
</context>
<context>
    <name>ProtectionPage</name>
    <message>
        <source>What Intake protects, and what it does not</source>
        <translation>Что Intake защищает, а что нет</translation>
    </message>
    <message>
        <source>Everything you record is kept encrypted on this computer. Without your passphrase, someone who takes the laptop while it is off or locked cannot read it.

Intake cannot protect you from spying software on this computer, from someone watching your screen, or from a laptop taken while the vault is unlocked. Lock it whenever you step away.

There is no way to recover a forgotten passphrase. Nobody, including us, can open the vault without it.</source>
        <translation>Всё, что вы записываете, хранится на этом компьютере в зашифрованном виде. Без вашей парольной фразы тот, кто заберёт ноутбук выключенным или заблокированным, не сможет это прочитать.

Intake не защитит от шпионских программ на этом компьютере, от того, кто смотрит на ваш экран, и от изъятия ноутбука, пока хранилище разблокировано. Блокируйте его каждый раз, когда отходите.

Забытую парольную фразу восстановить нельзя. Никто, в том числе мы, не сможет открыть хранилище без неё.</translation>
    </message>
</context>
<context>
    <name>RolePage</name>
    <message>
        <source>Your role</source>
        <translation>Ваша роль</translation>
    </message>
    <message>
        <source>Field volunteer: I record testimony</source>
        <translation>Волонтёр: я записываю свидетельства</translation>
    </message>
    <message>
        <source>Coordinator: I collect and analyse cases from volunteers</source>
        <translation>Координатор: я собираю и анализирую дела от волонтёров</translation>
    </message>
    <message>
        <source>The role decides which tools you see. It is stored inside the encrypted vault.</source>
        <translation>От роли зависит, какие инструменты вы видите. Она хранится внутри зашифрованного хранилища.</translation>
    </message>
</context>
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
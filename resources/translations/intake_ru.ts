<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>AppShell</name>
    <message>
        <source>Intake</source>
        <translation>Intake</translation>
    </message>
    <message>
        <source>Changes not saved</source>
        <translation>Изменения не сохранены</translation>
    </message>
    <message>
        <source>The last changes could not be saved (see the message in the editor). Close anyway and lose them?</source>
        <translation>Последние изменения не удалось сохранить (см. сообщение в редакторе). Всё равно закрыть и потерять их?</translation>
    </message>
    <message>
        <source>The wipe was not finished</source>
        <translation>Стирание не завершено</translation>
    </message>
    <message>
        <source>The disk refused to overwrite or delete some of the vault&apos;s files ({reason}), so they may still be readable. Try the wipe again; if it fails again, destroy the disk.</source>
        <translation>Диск не дал перезаписать или удалить некоторые файлы хранилища ({reason}), поэтому их, возможно, ещё можно прочитать. Попробуйте стереть ещё раз; если снова не получится, уничтожьте диск.</translation>
    </message>
</context>
<context>
    <name>AttachmentTexts</name>
    <message>
        <source>%1 bytes</source>
        <translation>%1 байт</translation>
    </message>
    <message>
        <source>%1 KiB</source>
        <translation>%1 КиБ</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 МиБ</translation>
    </message>
    <message>
        <source>Person: %1</source>
        <translation>Человек: %1</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>Источник: %1</translation>
    </message>
    <message>
        <source>image</source>
        <translation>изображение</translation>
    </message>
    <message>
        <source>sound recording</source>
        <translation>аудиозапись</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>документ PDF</translation>
    </message>
    <message>
        <source>text</source>
        <translation>текст</translation>
    </message>
    <message>
        <source>other file</source>
        <translation>другой файл</translation>
    </message>
    <message>
        <source>The copy shown and sent leaves out: %1. The untouched original, with that metadata, stays in the vault as evidence and leaves it only if you choose the original.</source>
        <translation>В показываемой и отправляемой копии нет: %1. Нетронутый оригинал с этими метаданными хранится в хранилище как доказательство и покидает его, только если вы выберете оригинал.</translation>
    </message>
    <message>
        <source>This image is damaged, so Intake could not remove its metadata: the copy shown is the original, with whatever it holds (it may include where and when it was taken). It goes in a bundle only if you choose to send originals.</source>
        <translation>Изображение повреждено, поэтому Intake не смог удалить из него метаданные: показывается оригинал со всем, что в нём есть (возможно, и с тем, где и когда сделан снимок). В пакет оно попадёт, только если вы решите отправить оригиналы.</translation>
    </message>
    <message>
        <source>Intake cannot remove metadata from this image format: the copy shown is the original, with whatever it holds (it may include where and when it was taken). It goes in a bundle only if you choose to send originals.</source>
        <translation>Intake не умеет удалять метаданные из изображений этого формата: показывается оригинал со всем, что в нём есть (возможно, и с тем, где и когда сделан снимок). В пакет оно попадёт, только если вы решите отправить оригиналы.</translation>
    </message>
    <message>
        <source>This image carried no metadata to remove.</source>
        <translation>В этом изображении не было метаданных, которые нужно удалить.</translation>
    </message>
    <message>
        <source>This file is kept exactly as it was received. Intake cannot read or clean it, and a video or other file may hold where and when it was made: it goes in a bundle only if you choose to send originals.</source>
        <translation>Файл хранится точно таким, каким получен. Intake не может его прочитать или очистить, а видео или другой файл может содержать сведения о том, где и когда он сделан: в пакет он попадёт, только если вы решите отправить оригиналы.</translation>
    </message>
    <message>
        <source>This file is kept exactly as it was received. Intake removes metadata only from JPEG and PNG images; a document or recording may still name its author or device.</source>
        <translation>Файл хранится точно таким, каким был получен. Intake удаляет метаданные только из изображений JPEG и PNG; в документе или записи могут остаться автор или устройство.</translation>
    </message>
</context>
<context>
    <name>AttachmentViewer</name>
    <message>
        <source>Attachment</source>
        <translation>Вложение</translation>
    </message>
    <message>
        <source>%1 — %2, %3. SHA-256 of the copy shown: %4</source>
        <translation>%1 — %2, %3. SHA-256 показанной копии: %4</translation>
    </message>
    <message>
        <source>Only the first %1 of this text are shown. Use “Save a decrypted copy…” in the attachments list to read the rest.</source>
        <translation>Показаны только первые %1 этого текста. Чтобы прочитать остальное, используйте «Сохранить расшифрованную копию…» в списке вложений.</translation>
    </message>
    <message>
        <source>Intake does not show files of this type, and never hands them to another program. Use “Save a decrypted copy…” in the attachments list if you must open it elsewhere.</source>
        <translation>Intake не показывает файлы такого типа и никогда не передаёт их другим программам. Если файл всё же нужно открыть в другом месте, воспользуйтесь «Сохранить расшифрованную копию…» в списке вложений.</translation>
    </message>
    <message>
        <source>This file cannot be shown: it may be damaged.</source>
        <translation>Этот файл нельзя показать: возможно, он повреждён.</translation>
    </message>
</context>
<context>
    <name>AttachmentsController</name>
    <message numerus="yes">
        <source>%n file(s) added.</source>
        <translation>
            <numerusform>Добавлен %n файл.</numerusform>
            <numerusform>Добавлено %n файла.</numerusform>
            <numerusform>Добавлено %n файлов.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled: the file being added was not kept.</source>
        <translation>Отменено: файл, который добавлялся, не сохранён.</translation>
    </message>
    <message>
        <source>A decrypted copy was written to %1. It is NOT encrypted: delete it when done.</source>
        <translation>Расшифрованная копия записана в %1. Она НЕ зашифрована: удалите её, когда она станет не нужна.</translation>
    </message>
</context>
<context>
    <name>AttachmentsDialog</name>
    <message>
        <source>Attachments</source>
        <translation>Вложения</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Размер</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Добавлено</translation>
    </message>
    <message>
        <source>Concerns</source>
        <translation>Относится к</translation>
    </message>
    <message>
        <source>Files added now &amp;concern:</source>
        <translation>Добавляемые файлы &amp;относятся к:</translation>
    </message>
    <message>
        <source>Person or source the files concern</source>
        <translation>Человек или источник, к которому относятся файлы</translation>
    </message>
    <message>
        <source>Files added to this case</source>
        <translation>Файлы, добавленные к делу</translation>
    </message>
    <message>
        <source>&amp;Add files…</source>
        <translation>&amp;Добавить файлы…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Просмотр</translation>
    </message>
    <message>
        <source>&amp;Save a decrypted copy…</source>
        <translation>&amp;Сохранить расшифрованную копию…</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Отмена</translation>
    </message>
    <message>
        <source>&amp;Delete the original files once they are in the vault</source>
        <translation>&amp;Удалить исходные файлы, когда они окажутся в хранилище</translation>
    </message>
    <message>
        <source>Files can also be dropped here. Deleting overwrites the original first, but on SSDs and some file systems old copies of its blocks may survive on the disk; only full-disk encryption covers them.</source>
        <translation>Файлы можно и перетащить сюда. Перед удалением исходный файл перезаписывается, но на SSD и в некоторых файловых системах старые копии его блоков могут остаться на диске; защищает от этого только шифрование всего диска.</translation>
    </message>
    <message>
        <source>the case as a whole</source>
        <translation>делу в целом</translation>
    </message>
    <message>
        <source>(removed)</source>
        <translation>(удалён из дела)</translation>
    </message>
    <message>
        <source>Add files</source>
        <translation>Добавление файлов</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Все файлы (*)</translation>
    </message>
    <message>
        <source>Save a decrypted copy</source>
        <translation>Сохранение расшифрованной копии</translation>
    </message>
    <message>
        <source>The copy will NOT be encrypted: anyone with the disk can read it. Delete it as soon as you no longer need it, and do not keep it on this laptop.</source>
        <translation>Копия НЕ будет зашифрована: её сможет прочитать любой, у кого окажется диск. Удалите её, как только она станет не нужна, и не храните её на этом ноутбуке.</translation>
    </message>
    <message>
        <source>Save the copy shown</source>
        <translation>Сохранить показываемую копию</translation>
    </message>
    <message>
        <source>Save the original, with its metadata</source>
        <translation>Сохранить оригинал с метаданными</translation>
    </message>
</context>
<context>
    <name>AudioPage</name>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Пауза</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>&amp;Воспроизвести</translation>
    </message>
    <message>
        <source>Position in the recording</source>
        <translation>Позиция в записи</translation>
    </message>
    <message>
        <source>Sound cannot be played on this computer: Qt Multimedia is missing (see README).</source>
        <translation>На этом компьютере нельзя воспроизвести звук: нет Qt Multimedia (см. README).</translation>
    </message>
</context>
<context>
    <name>CaseEditorPage</name>
    <message>
        <source>Could not save ({kind}). Your text is still here.</source>
        <translation>Не удалось сохранить ({kind}). Ваш текст по-прежнему здесь.</translation>
    </message>
    <message>
        <source>Seal this case</source>
        <translation>Запечатать дело</translation>
    </message>
    <message>
        <source>Sealing signs this revision with this device&apos;s key and makes it read-only. Later changes become a new revision; this one is kept as it is. Seal now?</source>
        <translation>Запечатывание подписывает эту редакцию ключом этого устройства и делает её доступной только для чтения. Последующие изменения станут новой редакцией, а эта сохранится как есть. Запечатать сейчас?</translation>
    </message>
    <message>
        <source>Unfinished new case</source>
        <translation>Незаконченное новое дело</translation>
    </message>
    <message>
        <source>This new case cannot be saved as a record yet: fix the marked fields, or discard it.</source>
        <translation>Это новое дело пока нельзя сохранить как запись: исправьте отмеченные поля или удалите его.</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Продолжить редактирование</translation>
    </message>
    <message>
        <source>Discard it</source>
        <translation>Удалить его</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Отменить изменения</translation>
    </message>
    <message>
        <source>Throw away the changes that are not saved as a record?</source>
        <translation>Удалить изменения, которые не сохранены как запись?</translation>
    </message>
    <message numerus="yes">
        <source>%n field(s) need attention; they are marked in the tabs with ⚠.</source>
        <translation>
            <numerusform>%n поле требует внимания; вкладки с ним отмечены ⚠.</numerusform>
            <numerusform>%n поля требуют внимания; вкладки с ними отмечены ⚠.</numerusform>
            <numerusform>%n полей требуют внимания; вкладки с ними отмечены ⚠.</numerusform>
        </translation>
    </message>
    <message>
        <source>New case. It is saved automatically as you type, once it has a title.</source>
        <translation>Новое дело. Как только у него появится название, оно будет сохраняться автоматически по мере ввода.</translation>
    </message>
    <message>
        <source>Draft. Changes are saved automatically.</source>
        <translation>Черновик. Изменения сохраняются автоматически.</translation>
    </message>
    <message>
        <source>Saved at {time}.</source>
        <translation>Сохранено в {time}.</translation>
    </message>
    <message>
        <source>Not yet saved as a record: fix the marked fields. Everything you typed is kept safely in the vault meanwhile.</source>
        <translation>Ещё не сохранено как запись: исправьте отмеченные поля. Всё набранное тем временем надёжно хранится в хранилище.</translation>
    </message>
    <message>
        <source>Restored changes that were not yet valid. Fix the marked fields to save them.</source>
        <translation>Восстановлены изменения, которые ещё не прошли проверку. Исправьте отмеченные поля, чтобы сохранить их.</translation>
    </message>
    <message>
        <source>Restored changes that were not yet valid. The case was changed elsewhere after they were made: check them against History before saving, or discard them.</source>
        <translation>Восстановлены изменения, которые ещё не прошли проверку. После них дело было изменено в другом месте: сверьтесь с историей перед сохранением или отмените их.</translation>
    </message>
    <message>
        <source>Recorded on another device: read-only here.</source>
        <translation>Записано на другом устройстве: здесь только для чтения.</translation>
    </message>
    <message>
        <source>Sealed and signed: read-only. Choose Edit to start a new revision.</source>
        <translation>Запечатано и подписано: только для чтения. Нажмите «Изменить», чтобы начать новую редакцию.</translation>
    </message>
    <message>
        <source>Editing a sealed case: your first change starts a new revision.</source>
        <translation>Изменение запечатанного дела: первое же изменение начнёт новую редакцию.</translation>
    </message>
    <message>
        <source>Viewing revision {revision}, read-only.</source>
        <translation>Просмотр редакции {revision}, только для чтения.</translation>
    </message>
    <message>
        <source>Only a saved draft without problems can be sealed.</source>
        <translation>Запечатать можно только сохранённый черновик без ошибок.</translation>
    </message>
    <message>
        <source>← Cases</source>
        <translation>← Дела</translation>
    </message>
    <message>
        <source>Back to the case list (Esc)</source>
        <translation>Назад к списку дел (Esc)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Save now (Ctrl+S); drafts are also saved automatically</source>
        <translation>Сохранить сейчас (Ctrl+S); черновики сохраняются и автоматически</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Изменить</translation>
    </message>
    <message>
        <source>Seal…</source>
        <translation>Запечатать…</translation>
    </message>
    <message>
        <source>Sign this revision and make it read-only</source>
        <translation>Подписать эту редакцию и сделать её доступной только для чтения</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>История…</translation>
    </message>
    <message>
        <source>Attachments…</source>
        <translation>Вложения…</translation>
    </message>
    <message>
        <source>Photos, recordings and documents of this case</source>
        <translation>Фото, записи и документы этого дела</translation>
    </message>
    <message>
        <source>Save status</source>
        <translation>Состояние сохранения</translation>
    </message>
</context>
<context>
    <name>CaseFields</name>
    <message>
        <source>Not pasted: the text is longer than {limit} characters. It is still on the clipboard.</source>
        <translation>Не вставлено: текст длиннее {limit} символов. Он остался в буфере обмена.</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>ГГГГ-ММ-ДД</translation>
    </message>
    <message>
        <source>— not specified —</source>
        <translation>— не указано —</translation>
    </message>
    <message>
        <source>— the case as a whole / not specified —</source>
        <translation>— дело в целом / не указано —</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>YYYY, YYYY-MM or YYYY-MM-DD</source>
        <translation>ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД</translation>
    </message>
    <message>
        <source>Date precision</source>
        <translation>Точность даты</translation>
    </message>
    <message>
        <source>Victim</source>
        <translation>Пострадавший(ая)</translation>
    </message>
    <message>
        <source>Witness</source>
        <translation>Свидетель</translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation>Сообщивший(ая)</translation>
    </message>
    <message>
        <source>Pseudonym</source>
        <translation>Псевдоним</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Counted as</source>
        <translation>Учитывается как</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Возраст</translation>
    </message>
    <message>
        <source>Gender identity</source>
        <translation>Гендерная идентичность</translation>
    </message>
    <message>
        <source>Sexual orientation</source>
        <translation>Сексуальная ориентация</translation>
    </message>
    <message>
        <source>Risk level</source>
        <translation>Уровень риска</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Заметки</translation>
    </message>
    <message>
        <source>Identifying details</source>
        <translation>Идентифицирующие сведения</translation>
    </message>
    <message>
        <source>Kept apart from the rest of the case: exports and reports can leave this whole section out. Fill it in only if the person agreed and the network needs it.</source>
        <translation>Хранятся отдельно от остального дела: при экспорте и в отчётах этот раздел можно исключить целиком. Заполняйте его, только если человек согласен и это нужно сети.</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Полное имя</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Дата рождения</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Адрес</translation>
    </message>
    <message>
        <source>Identifying notes</source>
        <translation>Идентифицирующие заметки</translation>
    </message>
    <message>
        <source>Person {number}</source>
        <translation>Человек {number}</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>Добавить человека</translation>
    </message>
    <message>
        <source>People in this case</source>
        <translation>Люди в этом деле</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Что произошло</translation>
    </message>
    <message>
        <source>Against whom</source>
        <translation>В отношении кого</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Legal qualification</source>
        <translation>Правовая квалификация</translation>
    </message>
    <message>
        <source>e.g. КоАП 6.21, УК 282.2</source>
        <translation>например, КоАП 6.21, УК 282.2</translation>
    </message>
    <message>
        <source>Act {number}</source>
        <translation>Действие {number}</translation>
    </message>
    <message>
        <source>Add act</source>
        <translation>Добавить действие</translation>
    </message>
    <message>
        <source>Acts in this case</source>
        <translation>Действия в этом деле</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>How many</source>
        <translation>Сколько</translation>
    </message>
    <message>
        <source>Relation to the victim</source>
        <translation>Связь с пострадавшим(ей)</translation>
    </message>
    <message>
        <source>Perpetrator {number}</source>
        <translation>Нарушитель {number}</translation>
    </message>
    <message>
        <source>Add perpetrator</source>
        <translation>Добавить нарушителя</translation>
    </message>
    <message>
        <source>Perpetrators in this case</source>
        <translation>Нарушители в этом деле</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Связь с событием</translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation>Надёжность</translation>
    </message>
    <message>
        <source>Source {number}</source>
        <translation>Источник {number}</translation>
    </message>
    <message>
        <source>Add source</source>
        <translation>Добавить источник</translation>
    </message>
    <message>
        <source>Sources of this report</source>
        <translation>Источники этого сообщения</translation>
    </message>
    <message>
        <source>Consent to</source>
        <translation>Согласие на</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <source>Given by</source>
        <translation>Кто дал</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>How it was given</source>
        <translation>Как дано</translation>
    </message>
    <message>
        <source>For which body</source>
        <translation>Для какого органа</translation>
    </message>
    <message>
        <source>Consent {number}</source>
        <translation>Согласие {number}</translation>
    </message>
    <message>
        <source>Add consent</source>
        <translation>Добавить согласие</translation>
    </message>
    <message>
        <source>Consent records</source>
        <translation>Записи о согласии</translation>
    </message>
    <message>
        <source>Need</source>
        <translation>Потребность</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Need {number}</source>
        <translation>Потребность {number}</translation>
    </message>
    <message>
        <source>Add need</source>
        <translation>Добавить потребность</translation>
    </message>
    <message>
        <source>Needs of the people affected</source>
        <translation>Потребности пострадавших</translation>
    </message>
    <message>
        <source>Sent to</source>
        <translation>Куда направлено</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Номер обращения</translation>
    </message>
    <message>
        <source>Submission {number}</source>
        <translation>Обращение {number}</translation>
    </message>
    <message>
        <source>Add submission</source>
        <translation>Добавить обращение</translation>
    </message>
    <message>
        <source>Submissions to bodies</source>
        <translation>Обращения в органы</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Nothing recorded here yet.</source>
        <translation>Здесь пока ничего не записано.</translation>
    </message>
    <message>
        <source>Remove entry</source>
        <translation>Удалить запись</translation>
    </message>
    <message>
        <source>Remove this entry and everything typed in it?</source>
        <translation>Удалить эту запись и всё, что в ней набрано?</translation>
    </message>
    <message>
        <source>— district not specified —</source>
        <translation>— округ не указан —</translation>
    </message>
    <message>
        <source>— region not specified —</source>
        <translation>— регион не указан —</translation>
    </message>
    <message>
        <source>Federal district</source>
        <translation>Федеральный округ</translation>
    </message>
    <message>
        <source>Region (federal subject)</source>
        <translation>Регион (субъект федерации)</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Категории</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Люди</translation>
    </message>
    <message>
        <source>Acts</source>
        <translation>Действия</translation>
    </message>
    <message>
        <source>Perpetrators</source>
        <translation>Нарушители</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Источники</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Согласие</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Дальнейшие шаги</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>When it happened</source>
        <translation>Когда произошло</translation>
    </message>
    <message>
        <source>Report received</source>
        <translation>Сообщение получено</translation>
    </message>
    <message>
        <source>Received through</source>
        <translation>Канал получения</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Регион</translation>
    </message>
    <message>
        <source>City or town</source>
        <translation>Город или населённый пункт</translation>
    </message>
    <message>
        <source>Exact place</source>
        <translation>Точное место</translation>
    </message>
    <message>
        <source>Never published</source>
        <translation>Никогда не публикуется</translation>
    </message>
    <message>
        <source>Country code</source>
        <translation>Код страны</translation>
    </message>
    <message>
        <source>Type of place</source>
        <translation>Тип места</translation>
    </message>
    <message>
        <source>Confidentiality</source>
        <translation>Конфиденциальность</translation>
    </message>
    <message>
        <source>What happened (narrative)</source>
        <translation>Что произошло (описание)</translation>
    </message>
    <message>
        <source>Internal notes</source>
        <translation>Внутренние заметки</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>Нарушения</translation>
    </message>
    <message>
        <source>Bias motivation</source>
        <translation>Мотив ненависти</translation>
    </message>
    <message>
        <source>Bias indicators</source>
        <translation>Признаки мотива ненависти</translation>
    </message>
    <message>
        <source>Police and courts: how far it got</source>
        <translation>Полиция и суды: до какой стадии дошло</translation>
    </message>
    <message>
        <source>Needs and help</source>
        <translation>Потребности и помощь</translation>
    </message>
    <message>
        <source>Sent to international bodies</source>
        <translation>Обращения в международные органы</translation>
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
        <source>New case</source>
        <translation>Новое дело</translation>
    </message>
    <message>
        <source>Record a new case (Ctrl+N)</source>
        <translation>Записать новое дело (Ctrl+N)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <source>Write sealed cases to a bundle for a coordinator (Ctrl+E)</source>
        <translation>Записать запечатанные дела в пакет для координатора (Ctrl+E)</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <source>Read bundles received from other devices (Ctrl+I)</source>
        <translation>Прочитать пакеты, полученные с других устройств (Ctrl+I)</translation>
    </message>
    <message>
        <source>Statistics…</source>
        <translation>Статистика…</translation>
    </message>
    <message>
        <source>Counts by violation, region, perpetrator and more; publication-safe exports (Ctrl+Shift+S)</source>
        <translation>Подсчёты по нарушениям, регионам, нарушителям и другим признакам; экспорт для публикации (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Keys…</source>
        <translation>Ключи…</translation>
    </message>
    <message>
        <source>This vault&apos;s fingerprint and other devices&apos; keys (Ctrl+K)</source>
        <translation>Отпечаток этого хранилища и ключи других устройств (Ctrl+K)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Language, auto-lock time, passphrase, panic wipe and duress passphrase (Ctrl+,)</source>
        <translation>Язык, время автоблокировки, парольная фраза, экстренное стирание и пароль под принуждением (Ctrl+,)</translation>
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
    <message>
        <source>— filters are off while searching</source>
        <translation>— при поиске фильтры не действуют</translation>
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
    <name>DecoyCasesPanel</name>
    <message>
        <source>A new vault that is completely empty can look suspicious. Write a few harmless drafts for this (a rental dispute, a question about a work contract), tick them below and move them here: after a duress unlock, the new vault holds them as drafts. Moving removes them from this vault, so they are never sent to a coordinator. They are kept encrypted, and only the duress passphrase leads to them.</source>
        <translation>Совсем пустое новое хранилище может вызвать подозрение. Напишите для этого несколько безобидных черновиков (спор с арендодателем, вопрос о трудовом договоре), отметьте их ниже и перенесите сюда: после входа по паролю под принуждением они окажутся в новом хранилище как черновики. Перенос удаляет их из этого хранилища, поэтому они никогда не уйдут координатору. Они хранятся зашифрованными, и добраться до них можно только через пароль под принуждением.</translation>
    </message>
    <message>
        <source>&amp;Decoy cases</source>
        <translation>&amp;Дела-приманки</translation>
    </message>
    <message>
        <source>Decoy cases kept for a duress unlock</source>
        <translation>Дела-приманки для входа под принуждением</translation>
    </message>
    <message>
        <source>Your &amp;drafts that were never sealed</source>
        <translation>Ваши &amp;черновики, которые ни разу не запечатывались</translation>
    </message>
    <message>
        <source>Drafts that can become decoy cases</source>
        <translation>Черновики, которые могут стать делами-приманками</translation>
    </message>
    <message>
        <source>&amp;Move the ticked drafts to the decoy cases</source>
        <translation>&amp;Перенести отмеченные черновики в дела-приманки</translation>
    </message>
    <message>
        <source>Remove &amp;all decoy cases</source>
        <translation>Удалить &amp;все дела-приманки</translation>
    </message>
    <message>
        <source>No decoy cases: a duress unlock opens an empty vault.</source>
        <translation>Дел-приманок нет: вход по паролю под принуждением откроет пустое хранилище.</translation>
    </message>
    <message numerus="yes">
        <source>%n decoy case(s) will be in the new vault after a duress unlock.</source>
        <translation>
            <numerusform>После входа под принуждением в новом хранилище будет %n дело-приманка.</numerusform>
            <numerusform>После входа под принуждением в новом хранилище будут %n дела-приманки.</numerusform>
            <numerusform>После входа под принуждением в новом хранилище будет %n дел-приманок.</numerusform>
        </translation>
    </message>
    <message>
        <source>No duress passphrase is set, so nothing uses these until one is (Safety tab).</source>
        <translation>Пароль под принуждением не задан, поэтому они не используются, пока он не появится (вкладка «Безопасность»).</translation>
    </message>
    <message>
        <source>Move to the decoy cases</source>
        <translation>Перенос в дела-приманки</translation>
    </message>
    <message numerus="yes">
        <source>Move %n draft(s) to the decoy cases? They are removed from this vault and cannot be moved back.</source>
        <translation>
            <numerusform>Перенести %n черновик в дела-приманки? Он будет удалён из этого хранилища, вернуть его нельзя.</numerusform>
            <numerusform>Перенести %n черновика в дела-приманки? Они будут удалены из этого хранилища, вернуть их нельзя.</numerusform>
            <numerusform>Перенести %n черновиков в дела-приманки? Они будут удалены из этого хранилища, вернуть их нельзя.</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove the decoy cases</source>
        <translation>Удаление дел-приманок</translation>
    </message>
    <message>
        <source>Remove every decoy case? A duress unlock will then open an empty vault.</source>
        <translation>Удалить все дела-приманки? Тогда вход под принуждением откроет пустое хранилище.</translation>
    </message>
</context>
<context>
    <name>ExcludedDialog</name>
    <message>
        <source>Cases left out</source>
        <translation>Неучтённые дела</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Дело</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Not sealed: still a draft</source>
        <translation>Не запечатано: пока черновик</translation>
    </message>
    <message>
        <source>No consent to anonymous statistics recorded</source>
        <translation>Согласие на анонимную статистику не записано</translation>
    </message>
    <message>
        <source>Consent to statistics refused or withdrawn</source>
        <translation>В согласии на статистику отказано или оно отозвано</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) are left out of every figure.</source>
        <translation>
            <numerusform>%n дело не учтено ни в одном показателе.</numerusform>
            <numerusform>%n дела не учтены ни в одном показателе.</numerusform>
            <numerusform>%n дел не учтено ни в одном показателе.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportConfirmation</name>
    <message>
        <source>Export CSV tables</source>
        <translation>Экспорт таблиц CSV</translation>
    </message>
    <message>
        <source>Export PDF report</source>
        <translation>Экспорт отчёта PDF</translation>
    </message>
    <message>
        <source>These files are NOT encrypted.</source>
        <translation>Эти файлы НЕ зашифрованы.</translation>
    </message>
    <message>
        <source>Anyone who gets hold of them, or of the disk they are on, can read them.</source>
        <translation>Их сможет прочитать любой, у кого окажутся они сами или диск, на котором они записаны.</translation>
    </message>
    <message>
        <source>This file is NOT encrypted.</source>
        <translation>Этот файл НЕ зашифрован.</translation>
    </message>
    <message>
        <source>Anyone who gets hold of it, or of the disk it is on, can read it.</source>
        <translation>Его сможет прочитать любой, у кого окажется он сам или диск, на котором он записан.</translation>
    </message>
    <message numerus="yes">
        <source>They hold only publication-safe tables: counts by category, with counts under 5 shown as “&lt;5” and whatever would give them back as “x”, and places no finer than the federal district. No name, pseudonym or case text. %n case(s) counted with the current filters.</source>
        <translation>
            <numerusform>В них только таблицы, безопасные для публикации: подсчёты по категориям, где значения меньше 5 показаны как «&lt;5», а всё, по чему их можно восстановить, — как «x», а места указаны не точнее федерального округа. Ни имён, ни псевдонимов, ни текста дел. Учтено дел с текущими фильтрами: %n.</numerusform>
            <numerusform>В них только таблицы, безопасные для публикации: подсчёты по категориям, где значения меньше 5 показаны как «&lt;5», а всё, по чему их можно восстановить, — как «x», а места указаны не точнее федерального округа. Ни имён, ни псевдонимов, ни текста дел. Учтено дел с текущими фильтрами: %n.</numerusform>
            <numerusform>В них только таблицы, безопасные для публикации: подсчёты по категориям, где значения меньше 5 показаны как «&lt;5», а всё, по чему их можно восстановить, — как «x», а места указаны не точнее федерального округа. Ни имён, ни псевдонимов, ни текста дел. Учтено дел с текущими фильтрами: %n.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It holds publication-safe figures (small counts suppressed, places no finer than the federal district), how they were counted, and short descriptions of the cases whose people agreed to an anonymised description, made from the recorded categories with the month and the federal district only. No name, pseudonym or case text is copied. %n case(s) counted with the current filters.</source>
        <translation>
            <numerusform>В нём данные, безопасные для публикации (малые значения скрыты, места не точнее федерального округа), описание того, как вёлся подсчёт, и краткие описания дел, люди в которых согласились на анонимизированное описание: они составлены только из записанных категорий, с месяцем и федеральным округом. Ни имён, ни псевдонимов, ни текста дел в нём нет. Учтено дел с текущими фильтрами: %n.</numerusform>
            <numerusform>В нём данные, безопасные для публикации (малые значения скрыты, места не точнее федерального округа), описание того, как вёлся подсчёт, и краткие описания дел, люди в которых согласились на анонимизированное описание: они составлены только из записанных категорий, с месяцем и федеральным округом. Ни имён, ни псевдонимов, ни текста дел в нём нет. Учтено дел с текущими фильтрами: %n.</numerusform>
            <numerusform>В нём данные, безопасные для публикации (малые значения скрыты, места не точнее федерального округа), описание того, как вёлся подсчёт, и краткие описания дел, люди в которых согласились на анонимизированное описание: они составлены только из записанных категорий, с месяцем и федеральным округом. Ни имён, ни псевдонимов, ни текста дел в нём нет. Учтено дел с текущими фильтрами: %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>Folder: {path}</source>
        <translation>Папка: {path}</translation>
    </message>
    <message>
        <source>File: {path}</source>
        <translation>Файл: {path}</translation>
    </message>
    <message>
        <source>&amp;Language of the tables</source>
        <translation>&amp;Язык таблиц</translation>
    </message>
    <message>
        <source>&amp;Language of the report</source>
        <translation>&amp;Язык отчёта</translation>
    </message>
    <message>
        <source>&amp;Write the tables</source>
        <translation>&amp;Записать таблицы</translation>
    </message>
    <message>
        <source>&amp;Write the report</source>
        <translation>&amp;Записать отчёт</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export a bundle</source>
        <translation>Экспорт пакета</translation>
    </message>
    <message>
        <source>Send &amp;to (approved coordinators)</source>
        <translation>&amp;Кому отправить (одобренные координаторы)</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>Получатели</translation>
    </message>
    <message>
        <source>No approved coordinator yet: import a coordinator&apos;s key and approve it first (Keys…, after comparing the fingerprint).</source>
        <translation>Одобренных координаторов пока нет: сначала импортируйте ключ координатора и одобрите его («Ключи…», после сверки отпечатка).</translation>
    </message>
    <message>
        <source>&amp;Save as</source>
        <translation>&amp;Сохранить как</translation>
    </message>
    <message>
        <source>Bundle file</source>
        <translation>Файл пакета</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>&amp;Выбрать…</translation>
    </message>
    <message numerus="yes">
        <source>Also send the untouched &amp;originals of %n file(s)</source>
        <translation>
            <numerusform>Отправить также нетронутые &amp;оригиналы %n файла</numerusform>
            <numerusform>Отправить также нетронутые &amp;оригиналы %n файлов</numerusform>
            <numerusform>Отправить также нетронутые &amp;оригиналы %n файлов</numerusform>
        </translation>
    </message>
    <message>
        <source>By default photos go without their metadata, and files Intake cannot clean (videos, HEIC photos, damaged images, other files it cannot read) stay behind. Originals keep everything: it can tell where and when a photo or video was taken and with which device, to anyone who gets hold of the bundle and its key. Send them only when the coordinator needs them as evidence.</source>
        <translation>По умолчанию фотографии отправляются без метаданных, а файлы, которые Intake не может очистить (видео, фотографии HEIC, повреждённые изображения, прочие файлы, которые он не умеет читать), остаются. В оригиналах сохранено всё: любой, у кого окажутся пакет и ключ к нему, узнает, где, когда и каким устройством сделаны снимок или видео. Отправляйте оригиналы, только если координатору они нужны как доказательство.</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>Ход экспорта</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Экспортировать</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Writing the bundle…</source>
        <translation>Пакет записывается…</translation>
    </message>
    <message>
        <source>Item {done} of {total} written…</source>
        <translation>Записано элементов: {done} из {total}…</translation>
    </message>
    <message numerus="yes">
        <source>%n sealed revision(s) written to {path} ({size} bytes).</source>
        <translation>
            <numerusform>%n запечатанная ревизия записана в {path} ({size} байт).</numerusform>
            <numerusform>%n запечатанные ревизии записаны в {path} ({size} байт).</numerusform>
            <numerusform>%n запечатанных ревизий записано в {path} ({size} байт).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s) included, {originals} with the original.</source>
        <translation>
            <numerusform>Включено %n вложение, с оригиналом: {originals}.</numerusform>
            <numerusform>Включено %n вложения, с оригиналом: {originals}.</numerusform>
            <numerusform>Включено %n вложений, с оригиналом: {originals}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sealed revision(s) have not been sent yet.</source>
        <translation>
            <numerusform>%n запечатанная ревизия ещё не отправлена.</numerusform>
            <numerusform>%n запечатанные ревизии ещё не отправлены.</numerusform>
            <numerusform>%n запечатанных ревизий ещё не отправлено.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every sealed revision has been sent already. Seal cases to send them.</source>
        <translation>Все запечатанные ревизии уже отправлены. Чтобы отправить дела, запечатайте их.</translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s) of sent or sealed cases go with them.</source>
        <translation>
            <numerusform>С ними уходит %n вложение отправленных или запечатанных дел.</numerusform>
            <numerusform>С ними уходят %n вложения отправленных или запечатанных дел.</numerusform>
            <numerusform>С ними уходят %n вложений отправленных или запечатанных дел.</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the bundle</source>
        <translation>Сохранить пакет</translation>
    </message>
    <message>
        <source>Intake bundles (*.bundle)</source>
        <translation>Пакеты Intake (*.bundle)</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
</context>
<context>
    <name>FigureTabs</name>
    <message>
        <source>By year</source>
        <translation>По годам</translation>
    </message>
    <message>
        <source>Violation types</source>
        <translation>Виды нарушений</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>Регионы</translation>
    </message>
    <message>
        <source>Perpetrators</source>
        <translation>Нарушители</translation>
    </message>
    <message>
        <source>Bias motivation</source>
        <translation>Мотив ненависти</translation>
    </message>
    <message>
        <source>Police</source>
        <translation>Полиция</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Дальнейшие шаги</translation>
    </message>
    <message>
        <source>“Propaganda”, “extremism”</source>
        <translation>«Пропаганда», «экстремизм»</translation>
    </message>
    <message>
        <source>Violation</source>
        <translation>Нарушение</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группа</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Количество</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Регион</translation>
    </message>
    <message>
        <source>Federal district</source>
        <translation>Федеральный округ</translation>
    </message>
    <message>
        <source>Regions (federal subjects)</source>
        <translation>Регионы (субъекты федерации)</translation>
    </message>
    <message>
        <source>Violation groups by year</source>
        <translation>Группы нарушений по годам</translation>
    </message>
    <message>
        <source>Federal districts</source>
        <translation>Федеральные округа</translation>
    </message>
    <message>
        <source>Perpetrators: state or not</source>
        <translation>Нарушители: государственные или нет</translation>
    </message>
    <message>
        <source>Perpetrator types</source>
        <translation>Типы нарушителей</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Дела</translation>
    </message>
    <message>
        <source>How far a complaint to the police got</source>
        <translation>До какой стадии дошло обращение в полицию</translation>
    </message>
    <message numerus="yes">
        <source>Counted in cases, whatever the unit chosen above. Each bar holds the cases that got at least that far. A verdict is counted past “hate motive recognised”, so a verdict without a recognised motive counts at both. Not recorded: %n case(s) with no police stage, counted in no bar.</source>
        <translation>
            <numerusform>Считается в делах, какая бы единица ни была выбрана выше. Каждый столбец — дела, которые дошли как минимум до этой стадии. Приговор идёт после стадии «признан мотив ненависти», поэтому приговор без признанного мотива учтён на обеих. Стадия не указана: %n дело, оно не учтено ни в одном столбце.</numerusform>
            <numerusform>Считается в делах, какая бы единица ни была выбрана выше. Каждый столбец — дела, которые дошли как минимум до этой стадии. Приговор идёт после стадии «признан мотив ненависти», поэтому приговор без признанного мотива учтён на обеих. Стадия не указана: %n дела, они не учтены ни в одном столбце.</numerusform>
            <numerusform>Считается в делах, какая бы единица ни была выбрана выше. Каждый столбец — дела, которые дошли как минимум до этой стадии. Приговор идёт после стадии «признан мотив ненависти», поэтому приговор без признанного мотива учтён на обеих. Стадия не указана: %n дел, они не учтены ни в одном столбце.</numerusform>
        </translation>
    </message>
    <message>
        <source>Follow-up actions</source>
        <translation>Дальнейшие шаги</translation>
    </message>
    <message>
        <source>Follow-up needs and help delivered</source>
        <translation>Потребности в помощи и оказанная помощь</translation>
    </message>
    <message numerus="yes">
        <source>Counted in follow-up actions (a case can have several), whatever the unit chosen above. Help delivered: {done} of %n.</source>
        <translation>
            <numerusform>Считается в дальнейших шагах (у дела их может быть несколько), какая бы единица ни была выбрана выше. Помощь оказана: {done} из %n.</numerusform>
            <numerusform>Считается в дальнейших шагах (у дела их может быть несколько), какая бы единица ни была выбрана выше. Помощь оказана: {done} из %n.</numerusform>
            <numerusform>Считается в дальнейших шагах (у дела их может быть несколько), какая бы единица ни была выбрана выше. Помощь оказана: {done} из %n.</numerusform>
        </translation>
    </message>
    <message>
        <source>“Propaganda” and “extremism” laws: violations by year</source>
        <translation>Законы о «пропаганде» и «экстремизме»: нарушения по годам</translation>
    </message>
    <message>
        <source>No case in these groups is counted with the filters chosen.</source>
        <translation>С выбранными фильтрами в этих группах нет ни одного дела.</translation>
    </message>
    <message>
        <source>Victims</source>
        <translation>Пострадавшие</translation>
    </message>
    <message>
        <source>Acts</source>
        <translation>Действия</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>The file could not be written ({reason}).</source>
        <translation>Не удалось записать файл ({reason}).</translation>
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
    <name>HistoryDialog</name>
    <message>
        <source>Created</source>
        <translation>Создано</translation>
    </message>
    <message>
        <source>Draft saved</source>
        <translation>Черновик сохранён</translation>
    </message>
    <message>
        <source>New revision started</source>
        <translation>Начата новая редакция</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>Запечатано</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Удалено</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>верна</translation>
    </message>
    <message>
        <source>DOES NOT VERIFY</source>
        <translation>НЕ ПРОХОДИТ ПРОВЕРКУ</translation>
    </message>
    <message>
        <source>written here</source>
        <translation>создана здесь</translation>
    </message>
    <message>
        <source>bundle {bundle}, {time}</source>
        <translation>пакет {bundle}, {time}</translation>
    </message>
    <message>
        <source>Case history</source>
        <translation>История дела</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Редакция</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Начата</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Последнее изменение</translation>
    </message>
    <message>
        <source>The audit log&apos;s hash chain is intact ({count} entries).</source>
        <translation>Цепочка хешей журнала аудита цела (записей: {count}).</translation>
    </message>
    <message>
        <source>The hash chain is intact around this case&apos;s {count} audit entries.</source>
        <translation>Цепочка хешей цела вокруг записей аудита этого дела (записей: {count}).</translation>
    </message>
    <message>
        <source>The audit log&apos;s hash chain is BROKEN: it was altered.</source>
        <translation>Цепочка хешей журнала аудита НАРУШЕНА: журнал изменён.</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Автор</translation>
    </message>
    <message>
        <source>sealed</source>
        <translation>запечатано</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>черновик</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Seal signature</source>
        <translation>Подпись печати</translation>
    </message>
    <message>
        <source>Came from</source>
        <translation>Откуда</translation>
    </message>
    <message>
        <source>Revisions</source>
        <translation>Редакции</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <source>Content hash</source>
        <translation>Хеш содержимого</translation>
    </message>
    <message>
        <source>Audit log entries for this case</source>
        <translation>Записи журнала аудита по этому делу</translation>
    </message>
    <message>
        <source>Revisions (double-click or Enter to view one):</source>
        <translation>Редакции (двойной щелчок или Enter — открыть):</translation>
    </message>
    <message>
        <source>Audit log (tamper-evident; holds no case text):</source>
        <translation>Журнал аудита (защищён от незаметных изменений; текста дел не содержит):</translation>
    </message>
</context>
<context>
    <name>ImagePage</name>
    <message>
        <source>Zoom &amp;in</source>
        <translation>&amp;Увеличить</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>У&amp;меньшить</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>По &amp;размеру окна</translation>
    </message>
    <message>
        <source>Rotate &amp;left</source>
        <translation>Повернуть в&amp;лево</translation>
    </message>
    <message>
        <source>Rotate &amp;right</source>
        <translation>Повернуть в&amp;право</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import bundles</source>
        <translation>Импорт пакетов</translation>
    </message>
    <message>
        <source>&amp;Bundle files</source>
        <translation>&amp;Файлы пакетов</translation>
    </message>
    <message>
        <source>Bundle files to import</source>
        <translation>Файлы пакетов для импорта</translation>
    </message>
    <message>
        <source>C&amp;hoose files…</source>
        <translation>&amp;Выбрать файлы…</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Импортировать</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Ход импорта</translation>
    </message>
    <message>
        <source>Import report</source>
        <translation>Отчёт об импорте</translation>
    </message>
    <message>
        <source>Checking and merging…</source>
        <translation>Проверка и объединение…</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) read.</source>
        <translation>
            <numerusform>Прочитан %n файл.</numerusform>
            <numerusform>Прочитано %n файла.</numerusform>
            <numerusform>Прочитано %n файлов.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) refused; nothing from them was kept.</source>
        <translation>
            <numerusform>%n файл отклонён; из него ничего не сохранено.</numerusform>
            <numerusform>%n файла отклонено; из них ничего не сохранено.</numerusform>
            <numerusform>%n файлов отклонено; из них ничего не сохранено.</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose bundle files</source>
        <translation>Выберите файлы пакетов</translation>
    </message>
    <message>
        <source>Intake bundles (*.bundle)</source>
        <translation>Пакеты Intake (*.bundle)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>KeyTexts</name>
    <message>
        <source>volunteer</source>
        <translation>волонтёр</translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation>координатор</translation>
    </message>
    <message>
        <source>age recipient only</source>
        <translation>только получатель age</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>одобрен</translation>
    </message>
    <message>
        <source>not yet approved</source>
        <translation>ещё не одобрен</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>отозван</translation>
    </message>
    <message>
        <source>first contact, not yet approved</source>
        <translation>первый контакт, ещё не одобрен</translation>
    </message>
    <message>
        <source>post-quantum (ML-KEM-768 with X25519)</source>
        <translation>постквантовое (ML-KEM-768 вместе с X25519)</translation>
    </message>
    <message>
        <source>classic (X25519, readable by the age tool)</source>
        <translation>классическое (X25519, читается программой age)</translation>
    </message>
    <message>
        <source>the sender&apos;s key is not approved yet; compare its fingerprint, then approve it under Keys</source>
        <translation>ключ отправителя ещё не одобрен; сверьте его отпечаток, затем одобрите его в разделе «Ключи»</translation>
    </message>
    <message>
        <source>the sender&apos;s key was revoked</source>
        <translation>ключ отправителя отозван</translation>
    </message>
    <message>
        <source>an earlier bundle from this sender has not arrived yet</source>
        <translation>более ранний пакет от этого отправителя ещё не получен</translation>
    </message>
    <message>
        <source>this case id belongs to another author</source>
        <translation>этот идентификатор дела принадлежит другому автору</translation>
    </message>
    <message>
        <source>this revision is already held with different content</source>
        <translation>эта ревизия уже хранится с другим содержимым</translation>
    </message>
    <message>
        <source>its case has not arrived (yet); it is added when the case comes</source>
        <translation>его дело (пока) не получено; вложение будет добавлено, когда придёт дело</translation>
    </message>
    <message>
        <source>an attachment with this id is already held with different content</source>
        <translation>вложение с этим идентификатором уже хранится с другим содержимым</translation>
    </message>
    <message>
        <source>it no longer passes this vault&apos;s checks (the vocabulary changed since it arrived)</source>
        <translation>она больше не проходит проверки этого хранилища (словарь изменился после её получения)</translation>
    </message>
    <message>
        <source>{file}: refused. {message}</source>
        <translation>{file}: отклонён. {message}</translation>
    </message>
    <message>
        <source>From {fingerprint} ({status})</source>
        <translation>От {fingerprint} ({status})</translation>
    </message>
    <message>
        <source>Already imported before; nothing changed.</source>
        <translation>Уже импортирован ранее; ничего не изменилось.</translation>
    </message>
    <message>
        <source>Held in quarantine: {reason}</source>
        <translation>Задержан в карантине: {reason}</translation>
    </message>
    <message>
        <source>new {new}, updated {updated}, unchanged {unchanged}, conflicting {conflicting}, quarantined {quarantined}</source>
        <translation>новых {new}, обновлённых {updated}, без изменений {unchanged}, в конфликте {conflicting}, в карантине {quarantined}</translation>
    </message>
    <message>
        <source>Case {case} revision {revision}: {reason}</source>
        <translation>Дело {case}, ревизия {revision}: {reason}</translation>
    </message>
    <message>
        <source>Attachments: new {new}, original added {original_added}, unchanged {unchanged}, conflicting {conflicting}, quarantined {quarantined}</source>
        <translation>Вложения: новых {new}, получено оригиналов {original_added}, без изменений {unchanged}, в конфликте {conflicting}, на карантине {quarantined}</translation>
    </message>
    <message>
        <source>Attachment {attachment} of case {case}: {reason}</source>
        <translation>Вложение {attachment} дела {case}: {reason}</translation>
    </message>
</context>
<context>
    <name>KeysController</name>
    <message>
        <source>Public key written to {path}. Hand it over together with the fingerprint.</source>
        <translation>Открытый ключ записан в {path}. Передайте его вместе с отпечатком.</translation>
    </message>
    <message>
        <source>The file cannot be read ({reason}).</source>
        <translation>Файл не читается ({reason}).</translation>
    </message>
    <message>
        <source>Key added, not yet approved. Approve it once the fingerprint has been compared.</source>
        <translation>Ключ добавлен, но ещё не одобрен. Одобрите его после сверки отпечатка.</translation>
    </message>
    <message>
        <source>This key was imported before; nothing changed.</source>
        <translation>Этот ключ уже импортирован ранее; ничего не изменилось.</translation>
    </message>
    <message>
        <source>Key approved.</source>
        <translation>Ключ одобрен.</translation>
    </message>
    <message numerus="yes">
        <source>%n bundle(s) released from quarantine and merged.</source>
        <translation>
            <numerusform>%n пакет выпущен из карантина и объединён.</numerusform>
            <numerusform>%n пакета выпущено из карантина и объединено.</numerusform>
            <numerusform>%n пакетов выпущено из карантина и объединено.</numerusform>
        </translation>
    </message>
    <message>
        <source>Key revoked.</source>
        <translation>Ключ отозван.</translation>
    </message>
    <message>
        <source>New receiving key made. Export your public key again and give it to the volunteers with the new fingerprint; until they import it, their bundles use your earlier key, which keeps working.</source>
        <translation>Новый ключ для приёма создан. Экспортируйте открытый ключ заново и передайте его волонтёрам вместе с новым отпечатком; пока они его не импортируют, их пакеты шифруются прежним ключом, и он продолжает работать.</translation>
    </message>
</context>
<context>
    <name>KeysDialog</name>
    <message>
        <source>Keys</source>
        <translation>Ключи</translation>
    </message>
    <message>
        <source>This vault&apos;s fingerprint</source>
        <translation>Отпечаток этого хранилища</translation>
    </message>
    <message>
        <source>&amp;Export my public key…</source>
        <translation>&amp;Экспортировать мой открытый ключ…</translation>
    </message>
    <message>
        <source>&amp;Import a key…</source>
        <translation>&amp;Импортировать ключ…</translation>
    </message>
    <message>
        <source>Ne&amp;w receiving key…</source>
        <translation>Новый &amp;ключ для приёма…</translation>
    </message>
    <message>
        <source>Key to import</source>
        <translation>Импортируемый ключ</translation>
    </message>
    <message>
        <source>Fingerprint of the key to import</source>
        <translation>Отпечаток импортируемого ключа</translation>
    </message>
    <message>
        <source>Before you approve this key, read its fingerprint to its owner over a safe channel (in person, or a call whose voice you recognise) and check that every group matches. It is added as not yet approved.</source>
        <translation>Прежде чем одобрить этот ключ, прочитайте его отпечаток владельцу по надёжному каналу (лично или по телефону, узнав голос) и убедитесь, что совпадает каждая группа. Ключ добавляется как ещё не одобренный.</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Имя</translation>
    </message>
    <message>
        <source>Name for this key</source>
        <translation>Имя для этого ключа</translation>
    </message>
    <message>
        <source>&amp;Add the key</source>
        <translation>&amp;Добавить ключ</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Отбросить</translation>
    </message>
    <message>
        <source>Other devices&apos; keys</source>
        <translation>Ключи других устройств</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Отпечаток</translation>
    </message>
    <message>
        <source>A&amp;pprove…</source>
        <translation>О&amp;добрить…</translation>
    </message>
    <message>
        <source>&amp;Revoke…</source>
        <translation>&amp;Отозвать…</translation>
    </message>
    <message>
        <source>Receives bundles encrypted for: {kind}</source>
        <translation>Принимает пакеты с шифрованием: {kind}</translation>
    </message>
    <message>
        <source>Key to import: {role}</source>
        <translation>Импортируемый ключ: {role}</translation>
    </message>
    <message>
        <source>Export my public key</source>
        <translation>Экспорт моего открытого ключа</translation>
    </message>
    <message>
        <source>Intake keys (*.pub)</source>
        <translation>Ключи Intake (*.pub)</translation>
    </message>
    <message>
        <source>Import a key</source>
        <translation>Импорт ключа</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Все файлы (*)</translation>
    </message>
    <message>
        <source>Approve the key {fingerprint}?

Only if you have compared this fingerprint with its owner over a safe channel and every group matches. Bundles it signed that wait in quarantine will be merged.</source>
        <translation>Одобрить ключ {fingerprint}?

Только если вы сверили этот отпечаток с владельцем по надёжному каналу и совпала каждая группа. Подписанные им пакеты, ожидающие в карантине, будут объединены.</translation>
    </message>
    <message>
        <source>Approve key</source>
        <translation>Одобрение ключа</translation>
    </message>
    <message>
        <source>Revoke the key {fingerprint}?

This cannot be undone. Bundles it signs from now on are held in quarantine, and nothing more is sent to it. If the device really has a new key, import that one.</source>
        <translation>Отозвать ключ {fingerprint}?

Это нельзя отменить. Пакеты, подписанные им с этого момента, задерживаются в карантине, и ему больше ничего не отправляется. Если у устройства действительно новый ключ, импортируйте его.</translation>
    </message>
    <message>
        <source>Revoke key</source>
        <translation>Отзыв ключа</translation>
    </message>
    <message>
        <source>New receiving key</source>
        <translation>Новый ключ для приёма</translation>
    </message>
    <message>
        <source>Make a new key for receiving bundles?

Volunteers encrypt to it only after they import your public key again, so export it and hand it over with the new fingerprint. Bundles made for your earlier keys still open: those keys are kept.</source>
        <translation>Создать новый ключ для приёма пакетов?

Волонтёры начнут шифровать для него, только когда снова импортируют ваш открытый ключ, поэтому экспортируйте его и передайте вместе с новым отпечатком. Пакеты, созданные для прежних ключей, по-прежнему откроются: эти ключи сохраняются.</translation>
    </message>
    <message>
        <source>Post-quantum is the default: bundles stay secret even against a future quantum computer. Choose classic X25519 only to exchange files with the age command-line tool.</source>
        <translation>По умолчанию ключ постквантовый: пакеты останутся тайными даже перед будущим квантовым компьютером. Классический X25519 выбирайте, только чтобы обмениваться файлами с консольной программой age.</translation>
    </message>
    <message>
        <source>&amp;Post-quantum (recommended)</source>
        <translation>&amp;Постквантовый (рекомендуется)</translation>
    </message>
    <message>
        <source>&amp;Classic X25519</source>
        <translation>&amp;Классический X25519</translation>
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
    <name>ListFilters</name>
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
        <source>All categories</source>
        <translation>Все категории</translation>
    </message>
    <message>
        <source>Every violation in this group</source>
        <translation>Все нарушения этой группы</translation>
    </message>
    <message>
        <source>All regions</source>
        <translation>Все регионы</translation>
    </message>
    <message>
        <source>Occurred</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Not a date</source>
        <translation>Не дата</translation>
    </message>
    <message>
        <source>Ends before it starts</source>
        <translation>Конец раньше начала</translation>
    </message>
    <message>
        <source>Whole district</source>
        <translation>Весь округ</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Показать</translation>
    </message>
    <message>
        <source>Violation category</source>
        <translation>Категория нарушения</translation>
    </message>
    <message>
        <source>Federal district</source>
        <translation>Федеральный округ</translation>
    </message>
    <message>
        <source>Federal subject</source>
        <translation>Субъект федерации</translation>
    </message>
    <message>
        <source>Occurred from</source>
        <translation>Дата события с</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>ГГГГ-ММ-ДД</translation>
    </message>
    <message>
        <source>Occurred to</source>
        <translation>Дата события по</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Сбросить фильтры</translation>
    </message>
    <message>
        <source>Write dates as YYYY, YYYY-MM or YYYY-MM-DD.</source>
        <translation>Пишите даты как ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД.</translation>
    </message>
    <message>
        <source>Filters do not apply to a search. Clear the search box to filter the list.</source>
        <translation>При поиске фильтры не действуют. Очистите поле поиска, чтобы отфильтровать список.</translation>
    </message>
    <message>
        <source>A year, a month or a day: YYYY, YYYY-MM or YYYY-MM-DD</source>
        <translation>Год, месяц или день: ГГГГ, ГГГГ-ММ или ГГГГ-ММ-ДД</translation>
    </message>
    <message>
        <source>A whole group, or one violation in it</source>
        <translation>Целая группа или одно нарушение из неё</translation>
    </message>
    <message>
        <source>Choose a federal district first</source>
        <translation>Сначала выберите федеральный округ</translation>
    </message>
    <message>
        <source>Show every case again</source>
        <translation>Снова показать все дела</translation>
    </message>
    <message>
        <source>All subjects</source>
        <translation>Все субъекты</translation>
    </message>
    <message>
        <source>{group} — all</source>
        <translation>{group} — все</translation>
    </message>
</context>
<context>
    <name>PanicWipe</name>
    <message>
        <source>Wipe everything now…</source>
        <translation>Стереть всё сейчас…</translation>
    </message>
    <message>
        <source>Destroy the vault and everything in it, at once and for good (Ctrl+Shift+Delete)</source>
        <translation>Немедленно и безвозвратно уничтожить хранилище со всем содержимым (Ctrl+Shift+Delete)</translation>
    </message>
    <message>
        <source>Wipe everything?</source>
        <translation>Стереть всё?</translation>
    </message>
    <message>
        <source>This destroys the vault on this computer at once: every case, every key and the settings. It cannot be undone.</source>
        <translation>Хранилище на этом компьютере будет немедленно уничтожено: все дела, все ключи и настройки. Отменить это нельзя.</translation>
    </message>
    <message>
        <source>The data cannot be recovered afterwards, not even with the passphrase.</source>
        <translation>Восстановить данные после этого будет нельзя, даже с парольной фразой.</translation>
    </message>
    <message>
        <source>Wipe everything</source>
        <translation>Стереть всё</translation>
    </message>
</context>
<context>
    <name>PanicWipePage</name>
    <message>
        <source>Wiping everything in a hurry</source>
        <translation>Экстренное стирание</translation>
    </message>
    <message>
        <source>If the laptop is about to be taken, the button “Wipe everything now…” or Ctrl+Shift+Delete destroys the vault at once, on every screen. From that moment the data cannot be recovered by anyone, not even with the passphrase.</source>
        <translation>Если ноутбук вот-вот отберут, кнопка «Стереть всё сейчас…» или сочетание Ctrl+Shift+Delete немедленно уничтожает хранилище, на любом экране. С этого момента данные не сможет восстановить никто, даже зная парольную фразу.</translation>
    </message>
    <message>
        <source>Ask me first (recommended)</source>
        <translation>Сначала спросить меня (рекомендуется)</translation>
    </message>
    <message>
        <source>Wipe immediately, without asking</source>
        <translation>Стирать сразу, без вопроса</translation>
    </message>
    <message>
        <source>You can change this later in the settings. There you can also switch on a duress passphrase, which wipes the vault when typed at the unlock prompt, and a wipe after too many wrong passphrases.</source>
        <translation>Это можно изменить позже в настройках. Там же можно включить пароль под принуждением, который стирает хранилище, если ввести его при разблокировке, и стирание после слишком многих неверных парольных фраз.</translation>
    </message>
</context>
<context>
    <name>PassphraseFeedback</name>
    <message>
        <source>Passphrase strength</source>
        <translation>Надёжность парольной фразы</translation>
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
    <name>PdfPage</name>
    <message>
        <source>&amp;Previous page</source>
        <translation>&amp;Предыдущая страница</translation>
    </message>
    <message>
        <source>&amp;Next page</source>
        <translation>&amp;Следующая страница</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Страница %1 из %2</translation>
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
    <name>SafetySettings</name>
    <message>
        <source>Panic wipe (Ctrl+Shift+Delete)</source>
        <translation>Экстренное стирание (Ctrl+Shift+Delete)</translation>
    </message>
    <message>
        <source>Ask first</source>
        <translation>Сначала спросить</translation>
    </message>
    <message>
        <source>Wipe immediately, without asking</source>
        <translation>Стирать сразу, без вопроса</translation>
    </message>
    <message>
        <source>Wrong passphrases</source>
        <translation>Неверные парольные фразы</translation>
    </message>
    <message>
        <source>&amp;Wipe the vault after</source>
        <translation>&amp;Стереть хранилище после</translation>
    </message>
    <message>
        <source>Failed unlocks in a row before the vault is wiped</source>
        <translation>Число неудачных попыток разблокировки подряд, после которого хранилище стирается</translation>
    </message>
    <message>
        <source>Wrong passphrases in a row are counted, across restarts too; the right one starts the count again. At the limit the vault is wiped, and the unlock screen says no more than after any wrong passphrase. These two choices are kept unencrypted next to the vault, because they are needed before it is unlocked.</source>
        <translation>Неверные парольные фразы, введённые подряд, считаются, в том числе после перезапуска; верная начинает счёт заново. При достижении предела хранилище стирается, а экран разблокировки сообщает не больше, чем после любой неверной фразы. Эти два выбора хранятся незашифрованными рядом с хранилищем: они нужны ещё до разблокировки.</translation>
    </message>
    <message>
        <source>Duress passphrase</source>
        <translation>Пароль под принуждением</translation>
    </message>
    <message>
        <source>Typed at the unlock prompt instead of your passphrase, the duress passphrase silently wipes this vault and opens a new one under itself, empty or holding the decoy cases you prepared (Decoy cases tab). It takes as long and looks the same as a normal unlock.

It does not stop someone who copied the disk beforehand: their copy still opens with your passphrase. Changing your passphrase removes the duress passphrase.</source>
        <translation>Если при разблокировке ввести пароль под принуждением вместо вашей парольной фразы, он незаметно сотрёт это хранилище и откроет под этим паролем новое — пустое или с подготовленными вами делами-приманками (вкладка «Дела-приманки»). Это занимает столько же времени и выглядит так же, как обычная разблокировка.

Он не остановит того, кто заранее скопировал диск: копия по-прежнему открывается вашей парольной фразой. Смена парольной фразы удаляет пароль под принуждением.</translation>
    </message>
    <message>
        <source>&amp;Your passphrase</source>
        <translation>&amp;Ваша парольная фраза</translation>
    </message>
    <message>
        <source>&amp;Duress passphrase</source>
        <translation>&amp;Пароль под принуждением</translation>
    </message>
    <message>
        <source>Re&amp;peat it</source>
        <translation>Пов&amp;торите его</translation>
    </message>
    <message>
        <source>Your current passphrase</source>
        <translation>Ваша текущая парольная фраза</translation>
    </message>
    <message>
        <source>Repeat the duress passphrase</source>
        <translation>Повторите пароль под принуждением</translation>
    </message>
    <message>
        <source>Re&amp;move it</source>
        <translation>&amp;Удалить его</translation>
    </message>
    <message>
        <source>Remove the duress passphrase</source>
        <translation>Удалить пароль под принуждением</translation>
    </message>
    <message>
        <source>Changing the duress passphrase</source>
        <translation>Изменение пароля под принуждением</translation>
    </message>
    <message>
        <source>Duress passphrase set. Keep it as carefully as your passphrase.</source>
        <translation>Пароль под принуждением задан. Храните его так же бережно, как парольную фразу.</translation>
    </message>
    <message>
        <source>Duress passphrase removed: only your passphrase opens the vault now.</source>
        <translation>Пароль под принуждением удалён: теперь хранилище открывает только ваша парольная фраза.</translation>
    </message>
    <message>
        <source>A duress passphrase is set for this vault.</source>
        <translation>Для этого хранилища задан пароль под принуждением.</translation>
    </message>
    <message>
        <source>No duress passphrase is set.</source>
        <translation>Пароль под принуждением не задан.</translation>
    </message>
    <message>
        <source>R&amp;eplace the duress passphrase</source>
        <translation>Заме&amp;нить пароль под принуждением</translation>
    </message>
    <message>
        <source>S&amp;et the duress passphrase</source>
        <translation>За&amp;дать пароль под принуждением</translation>
    </message>
    <message numerus="yes">
        <source> failed unlock(s)</source>
        <translation>
            <numerusform> неудачной попытки</numerusform>
            <numerusform> неудачных попыток</numerusform>
            <numerusform> неудачных попыток</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking your passphrase…</source>
        <translation>Проверка вашей парольной фразы…</translation>
    </message>
    <message>
        <source>Saving the key file without the duress passphrase…</source>
        <translation>Сохранение файла ключей без пароля под принуждением…</translation>
    </message>
    <message>
        <source>Deriving the keys for both passphrases and saving them…</source>
        <translation>Вычисление и сохранение ключей для обоих паролей…</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Выполняется…</translation>
    </message>
    <message>
        <source>Type your current passphrase first.</source>
        <translation>Сначала введите текущую парольную фразу.</translation>
    </message>
    <message>
        <source>The two duress passphrases differ. Type it again in both fields.</source>
        <translation>Два введённых пароля под принуждением различаются. Введите его ещё раз в обоих полях.</translation>
    </message>
    <message>
        <source>The duress passphrase must differ from your passphrase.</source>
        <translation>Пароль под принуждением должен отличаться от вашей парольной фразы.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Общие</translation>
    </message>
    <message>
        <source>Safety</source>
        <translation>Безопасность</translation>
    </message>
    <message>
        <source>Decoy cases</source>
        <translation>Дела-приманки</translation>
    </message>
    <message>
        <source>This vault has a duress passphrase. Changing the passphrase removes it: set it again afterwards on the Safety tab if you still want one.</source>
        <translation>У этого хранилища есть пароль под принуждением. Смена парольной фразы удалит его: если он ещё нужен, задайте его заново на вкладке «Безопасность».</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Язык интерфейса</translation>
    </message>
    <message>
        <source>Lock &amp;after</source>
        <translation>&amp;Блокировать через</translation>
    </message>
    <message>
        <source>Minutes without input before Intake locks itself</source>
        <translation>Минут бездействия до автоматической блокировки Intake</translation>
    </message>
    <message>
        <source>Change the passphrase</source>
        <translation>Сменить парольную фразу</translation>
    </message>
    <message>
        <source>C&amp;urrent passphrase</source>
        <translation>&amp;Текущая парольная фраза</translation>
    </message>
    <message>
        <source>&amp;New passphrase</source>
        <translation>&amp;Новая парольная фраза</translation>
    </message>
    <message>
        <source>&amp;Repeat the new one</source>
        <translation>&amp;Повторите новую</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>Текущая парольная фраза</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>Новая парольная фраза</translation>
    </message>
    <message>
        <source>Repeat the new passphrase</source>
        <translation>Повторите новую парольную фразу</translation>
    </message>
    <message>
        <source>&amp;Change the passphrase</source>
        <translation>&amp;Сменить парольную фразу</translation>
    </message>
    <message>
        <source>Changing the passphrase</source>
        <translation>Смена парольной фразы</translation>
    </message>
    <message>
        <source>Passphrase changed. Use the new one from now on: the old one no longer opens the vault.</source>
        <translation>Парольная фраза изменена. Теперь используйте новую: старая больше не открывает хранилище.</translation>
    </message>
    <message>
        <source>The duress passphrase was removed with the old passphrase; set a new one on the Safety tab if you want one.</source>
        <translation>Вместе со старой парольной фразой удалён пароль под принуждением; если он нужен, задайте новый на вкладке «Безопасность».</translation>
    </message>
    <message>
        <source>Checking the current passphrase…</source>
        <translation>Проверка текущей парольной фразы…</translation>
    </message>
    <message>
        <source>Deriving the key for the new passphrase and saving it…</source>
        <translation>Вычисление ключа для новой парольной фразы и его сохранение…</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Выполняется…</translation>
    </message>
    <message numerus="yes">
        <source> min</source>
        <translation>
            <numerusform> минута</numerusform>
            <numerusform> минуты</numerusform>
            <numerusform> минут</numerusform>
        </translation>
    </message>
    <message>
        <source>Type your current passphrase first.</source>
        <translation>Сначала введите текущую парольную фразу.</translation>
    </message>
    <message>
        <source>The two new passphrases differ. Type the new one again in both fields.</source>
        <translation>Новые парольные фразы не совпадают. Введите новую ещё раз в оба поля.</translation>
    </message>
    <message>
        <source>The new passphrase is the same as the current one.</source>
        <translation>Новая парольная фраза совпадает с текущей.</translation>
    </message>
</context>
<context>
    <name>StatisticsController</name>
    <message numerus="yes">
        <source>%n table(s) written to {folder}. They are NOT encrypted.</source>
        <translation>
            <numerusform>%n таблица записана в {folder}. Она НЕ зашифрована.</numerusform>
            <numerusform>%n таблицы записаны в {folder}. Они НЕ зашифрованы.</numerusform>
            <numerusform>%n таблиц записано в {folder}. Они НЕ зашифрованы.</numerusform>
        </translation>
    </message>
    <message>
        <source>Report written to {path}. It is NOT encrypted.</source>
        <translation>Отчёт записан в {path}. Он НЕ зашифрован.</translation>
    </message>
</context>
<context>
    <name>StatisticsFilters</name>
    <message>
        <source>Occurred from</source>
        <translation>Дата события с</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>Occurred to</source>
        <translation>Дата события по</translation>
    </message>
    <message>
        <source>Federal district</source>
        <translation>Федеральный округ</translation>
    </message>
    <message>
        <source>Violation group</source>
        <translation>Группа нарушений</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Единица подсчёта</translation>
    </message>
    <message>
        <source>Source type</source>
        <translation>Тип источника</translation>
    </message>
    <message>
        <source>All districts</source>
        <translation>Все округа</translation>
    </message>
    <message>
        <source>All groups</source>
        <translation>Все группы</translation>
    </message>
    <message>
        <source>All source types</source>
        <translation>Все типы источников</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Дела</translation>
    </message>
    <message>
        <source>Victims</source>
        <translation>Пострадавшие</translation>
    </message>
    <message>
        <source>Acts</source>
        <translation>Действия</translation>
    </message>
    <message>
        <source>Cases with at least one source of this type</source>
        <translation>Дела, у которых есть хотя бы один источник этого типа</translation>
    </message>
    <message>
        <source>Reset filters</source>
        <translation>Сбросить фильтры</translation>
    </message>
    <message>
        <source>Each case counts once, however many people and acts it records.</source>
        <translation>Каждое дело считается один раз, сколько бы людей и действий в нём ни было записано.</translation>
    </message>
    <message>
        <source>Each person recorded as a victim counts once, under the violations of the acts against them (or the case&apos;s, if no act is recorded).</source>
        <translation>Каждый человек, записанный как пострадавший, считается один раз — по нарушениям из действий против него (или по нарушениям дела, если действия не записаны).</translation>
    </message>
    <message>
        <source>Each act counts once: one victim and what was done to them.</source>
        <translation>Каждое действие считается один раз: один пострадавший и то, что с ним сделали.</translation>
    </message>
    <message>
        <source>Ends before it starts: dates not applied</source>
        <translation>Конец раньше начала: даты не учитываются</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <source>← Cases</source>
        <translation>← Дела</translation>
    </message>
    <message>
        <source>Back to the case list (Esc)</source>
        <translation>Назад к списку дел (Esc)</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Статистика</translation>
    </message>
    <message>
        <source>Export CSV tables…</source>
        <translation>Экспорт таблиц CSV…</translation>
    </message>
    <message>
        <source>Publication-safe tables (small counts suppressed), not encrypted</source>
        <translation>Таблицы для публикации (малые значения скрыты), без шифрования</translation>
    </message>
    <message>
        <source>Export PDF report…</source>
        <translation>Экспорт отчёта PDF…</translation>
    </message>
    <message>
        <source>A publication-safe report (small counts suppressed), not encrypted</source>
        <translation>Отчёт для публикации (малые значения скрыты), без шифрования</translation>
    </message>
    <message>
        <source>Not a representative sample:</source>
        <translation>Не репрезентативная выборка:</translation>
    </message>
    <message>
        <source>these are only the cases documented by the network, so they show what was reported, not how often it happens. A case can fall under several categories, so bars can add up to more than the total.</source>
        <translation>здесь только дела, задокументированные сетью, поэтому они показывают, о чём сообщили, а не то, как часто это происходит. Дело может относиться к нескольким категориям сразу, поэтому сумма столбцов может быть больше итога.</translation>
    </message>
    <message>
        <source>How to read these figures</source>
        <translation>Как читать эти данные</translation>
    </message>
    <message>
        <source>Show excluded…</source>
        <translation>Показать неучтённые…</translation>
    </message>
    <message>
        <source>Reading the cases…</source>
        <translation>Чтение дел…</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Подсчёт…</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>Запись…</translation>
    </message>
    <message>
        <source>Choose an empty folder for the tables</source>
        <translation>Выберите пустую папку для таблиц</translation>
    </message>
    <message>
        <source>Save the report as</source>
        <translation>Сохранить отчёт как</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Файлы PDF (*.pdf)</translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) counted with these filters.</source>
        <translation>
            <numerusform>С этими фильтрами учтено %n дело.</numerusform>
            <numerusform>С этими фильтрами учтено %n дела.</numerusform>
            <numerusform>С этими фильтрами учтено %n дел.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n victim(s) in them.</source>
        <translation>
            <numerusform>В них %n пострадавший.</numerusform>
            <numerusform>В них %n пострадавших.</numerusform>
            <numerusform>В них %n пострадавших.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n act(s) against victims in them.</source>
        <translation>
            <numerusform>В них %n действие против пострадавших.</numerusform>
            <numerusform>В них %n действия против пострадавших.</numerusform>
            <numerusform>В них %n действий против пострадавших.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n case(s) left out (not sealed, or no consent to anonymous statistics).</source>
        <translation>
            <numerusform>Не учтено %n дело (не запечатано или нет согласия на анонимную статистику).</numerusform>
            <numerusform>Не учтено %n дела (не запечатаны или нет согласия на анонимную статистику).</numerusform>
            <numerusform>Не учтено %n дел (не запечатаны или нет согласия на анонимную статистику).</numerusform>
        </translation>
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

"""The case editor through the real app shell and widgets (offscreen): the first-run-to-case flow,
autosave and save-before-lock, validation next to fields, sealing and history, and that nothing
typed survives a lock on screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.case_document import validate_case
from intake.vault import create_vault, unlock_vault
from intake.vault_settings import Role
from intake.vocabulary import default_vocabularies
from tests.qt_support import answer_next_question, make_shell, submit_passphrase, type_text, visible_texts
from tests.support import PASSPHRASE, case_doc
from ui.app import AppShell
from ui.editor.fields import CodeChoice, PartialDateField, TextArea, TextLine
from ui.editor.history_dialog import HistoryDialog
from ui.language import LanguageSwitcher

MARKER = "МЕТКА-5e9a"


def _unlock(qtbot: QtBot, shell: AppShell) -> None:
    with qtbot.waitSignal(shell.session.unlocked, timeout=30_000):
        submit_passphrase(shell, PASSPHRASE)


def _press(qtbot: QtBot, shell: AppShell, key: Qt.Key) -> None:
    shell.activateWindow()
    target = QApplication.focusWidget() or shell
    qtbot.keyClick(target, key, Qt.KeyboardModifier.ControlModifier)


def _title(shell: AppShell) -> QLineEdit:
    field = shell.editor.form.title_field()
    assert isinstance(field, TextLine)
    return field.line


def _narrative(shell: AppShell) -> TextArea:
    field = shell.editor.form.case_fields.first_field_with("narrative")
    assert isinstance(field, TextArea)
    return field


def _full_doc(marker: str) -> dict[str, Any]:
    person = "11111111-1111-4111-8111-111111111111"
    return case_doc(
        f"Дело {marker}",
        f"Рассказ {marker}",
        notes=f"заметки {marker}",
        location={"subject": "RU-MOS", "city": f"город {marker}", "address": f"адрес {marker}"},
        violations=["PHY.ASLT"],
        persons=[
            {
                "id": person,
                "pseudonym": f"Псевдоним {marker}",
                "identifying": {"full_name": f"Имя {marker}", "contact": f"тел {marker}"},
            }
        ],
        acts=[{"type": "PHY.ASLT", "victim": person, "legal_qualification": f"УК {marker}"}],
        perpetrators=[{"type": "ST.POL", "relation": f"сосед {marker}"}],
        sources=[{"type": "SRC.VICT", "notes": f"источник {marker}"}],
        consent=[{"person": person, "scope": "C2.STATS", "status": "granted", "notes": f"согласие {marker}"}],
        followups=[{"need": "N.LEGAL", "notes": f"помощь {marker}"}],
        submissions=[{"body": "BODY.ODIHR", "reference": f"ссылка {marker}"}],
    )


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.store.create_case(_full_doc(MARKER))
    return root


def _stored_titles(data_dir: Path) -> dict[str, dict[str, Any]]:
    with unlock_vault(data_dir, PASSPHRASE) as vault:
        summaries = vault.store.list_cases(limit=100)
        return {s.title: vault.store.get(s.case_id).content for s in summaries}


def test_first_run_then_add_case_autosave_lock_unlock_and_the_case_is_there(
    qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher
) -> None:
    data_dir = tmp_path / "fresh"
    shell = make_shell(qtbot, data_dir, language)
    wizard = shell.first_run
    for _page in range(4):  # language, role, what is protected, panic wipe
        wizard.next()
    assert wizard.currentPage() is wizard.passphrase_page
    type_text(wizard.passphrase_page.first, PASSPHRASE)
    type_text(wizard.passphrase_page.second, PASSPHRASE)
    with qtbot.waitSignal(shell.session.unlocked, timeout=60_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert shell.currentWidget() is shell.unlocked_view

    _press(qtbot, shell, Qt.Key.Key_N)
    assert shell.currentWidget() is shell.editor
    type_text(_title(shell), "Новое дело о нападении")
    type_text(_narrative(shell).text, "Подробный рассказ о том, что случилось.")
    qtbot.waitUntil(lambda: "Saved at" in shell.editor.status.text(), timeout=10_000)  # the debounce

    with qtbot.waitSignal(shell.session.locked):
        _press(qtbot, shell, Qt.Key.Key_L)
    assert shell.currentWidget() is shell.unlock_screen
    _unlock(qtbot, shell)
    # The editor that was open comes back, from the vault.
    assert shell.currentWidget() is shell.editor
    assert _title(shell).text() == "Новое дело о нападении"
    shell.editor.back_button.click()
    assert shell.currentWidget() is shell.unlocked_view
    model = shell.unlocked_view.model
    titles = [model.data(model.index(row, 0)) for row in range(model.rowCount())]
    assert titles == ["Новое дело о нападении"]


def test_typing_then_auto_lock_loses_nothing(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    _unlock(qtbot, shell)
    shell.new_case()
    type_text(_title(shell), "Дело до автоблокировки")
    type_text(_narrative(shell).text, "Каждое слово должно сохраниться")
    assert shell.editor.is_dirty()  # typed well within the autosave delay
    with qtbot.waitSignal(shell.session.locked, timeout=10_000):
        shell.idle_lock.set_timeout_ms(50)  # the public setting, shortened
    assert shell.currentWidget() is shell.unlock_screen
    stored = _stored_titles(vault_dir)
    assert stored["Дело до автоблокировки"]["narrative"] == "Каждое слово должно сохраниться"


def test_invalid_input_survives_auto_lock_and_comes_back(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    _unlock(qtbot, shell)
    shell.new_case()
    # No title yet, and an impossible date: not a valid case, but it must not be lost.
    type_text(_narrative(shell).text, "Текст без заголовка")
    date = shell.editor.form.case_fields.first_field_with("occurred")
    assert isinstance(date, PartialDateField)
    type_text(date.line, "2024-02-30")
    with qtbot.waitSignal(shell.session.locked, timeout=10_000):
        shell.idle_lock.set_timeout_ms(50)
    _unlock(qtbot, shell)
    assert shell.currentWidget() is shell.editor
    assert _narrative(shell).value() == "Текст без заголовка"
    assert date.line.text() == "2024-02-30"
    assert "Restored changes" in shell.editor.status.text()
    errors = [label.text() for label in shell.editor.form.findChildren(QLabel) if not label.isHidden()]
    assert any("not a real calendar date" in text for text in errors)
    assert any("must not be empty" in text for text in errors)
    # Fixing the problems saves a real case and drops the unsaved edit.
    type_text(_title(shell), "Теперь с заголовком")
    date.line.setText("")
    type_text(date.line, "2024-02")
    assert shell.editor.flush()
    assert "Saved at" in shell.editor.status.text()
    assert date.precision.value() == "month"  # followed what was typed
    shell.session.lock()
    stored = _stored_titles(vault_dir)
    assert stored["Теперь с заголовком"]["occurred"] == {"date": "2024-02", "precision": "month"}


def test_after_lock_no_widget_or_model_holds_case_text(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    _unlock(qtbot, shell)
    case_id = shell.unlocked_view.model.case_id_at(0)
    shell.open_case(case_id)
    for tab in range(shell.editor.form.count()):  # every section shown at least once
        shell.editor.form.setCurrentIndex(tab)
    type_text(_title(shell), f" ещё {MARKER}")  # typed text goes into undo history too
    assert any(MARKER in text for _, text in visible_texts(shell))
    with qtbot.waitSignal(shell.session.locked):
        shell.lock_now()
    leftovers = [
        (kind, text) for kind, text in visible_texts(shell) if MARKER in text or text == "<undo history>"
    ]
    assert leftovers == []


def test_validation_messages_appear_next_to_fields_and_input_is_kept(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    _unlock(qtbot, shell)
    shell.new_case()
    editor = shell.editor
    _title(shell).insert("Заголовок\x07со звонком")  # as a paste would
    editor.form.case_fields.first_field_with("title").edited.emit()  # type: ignore[union-attr]
    city = editor.form.case_fields.first_field_with("location.city")
    assert isinstance(city, TextLine)
    city.line.insert("x" * 1500)
    city.edited.emit()
    editor.form.acts.add_record()  # an act without its required type
    assert editor.flush()
    visible_errors = {label.text() for label in editor.form.findChildren(QLabel) if not label.isHidden()}
    assert "contains line breaks or other control characters" in visible_errors
    assert "too long: at most 1000 characters, got 1500" in visible_errors
    assert "required: choose a value" in visible_errors
    assert editor.form.tabText(0).startswith("⚠") and editor.form.tabText(3).startswith("⚠")
    assert _title(shell).text() == "Заголовок\x07со звонком"
    assert city.value() == "x" * 1500
    assert "Not yet saved as a record" in editor.status.text()
    # Picking the act type clears that message.
    act_type = editor.form.acts.form.first_field_with("type")
    assert isinstance(act_type, CodeChoice)
    act_type.set_value("PHY.ASLT")
    act_type.edited.emit()
    assert editor.flush()
    visible_errors = {label.text() for label in editor.form.findChildren(QLabel) if not label.isHidden()}
    assert "required: choose a value" not in visible_errors


def test_opening_and_browsing_a_case_writes_nothing(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    _unlock(qtbot, shell)
    vault = shell.session.vault
    assert vault is not None
    audit_before = vault.audit.entries(limit=1000)
    shell.open_case(shell.unlocked_view.model.case_id_at(0))
    for tab in range(shell.editor.form.count()):
        shell.editor.form.setCurrentIndex(tab)
    assert not shell.editor.is_dirty()
    shell.editor.back_button.click()
    assert vault.audit.entries(limit=1000) == audit_before


def test_every_document_round_trips_through_the_form_unchanged(qtbot: QtBot) -> None:
    from intake.demo_cases import demo_cases
    from ui.editor.case_form import CaseForm

    vocab = default_vocabularies()
    form = CaseForm()
    qtbot.addWidget(form)
    for doc in [*demo_cases(), _full_doc("x")]:
        normalized = validate_case(doc, vocab)
        form.load(normalized)
        assert form.document() == normalized


def test_seal_makes_the_case_read_only_and_editing_starts_a_new_revision(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    _unlock(qtbot, shell)
    editor = shell.editor
    case_id = shell.unlocked_view.model.case_id_at(0)
    shell.open_case(case_id)
    assert editor.seal(confirm=False)
    assert _title(shell).isReadOnly() and editor.edit_button.isVisible()
    assert "Sealed and signed" in editor.status.text()
    editor.edit_button.click()
    type_text(_title(shell), "!")
    assert editor.flush()
    vault = shell.session.vault
    assert vault is not None
    assert [(r.revision, r.status, r.signed) for r in vault.store.revisions(case_id)] == [
        (1, "sealed", True),
        (2, "draft", False),
    ]
    editor.show_history()
    dialog = editor.findChild(HistoryDialog)
    assert dialog is not None
    assert dialog.revisions.rowCount() == 2
    actions = [dialog.audit.item(row, 1).text() for row in range(dialog.audit.rowCount())]
    assert actions == ["Created", "Sealed", "New revision started"]
    with qtbot.waitSignal(dialog.revision_chosen):
        dialog.revisions.cellActivated.emit(0, 0)
    assert "Viewing revision 1" in editor.status.text()
    assert _title(shell).text() == f"Дело {MARKER}" and _title(shell).isReadOnly()


def test_a_lock_after_the_history_dialog_was_closed_still_clears_the_editor(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    """The dialog deletes itself on closing; the lock must not trip over it and stop half-way."""
    shell = make_shell(qtbot, vault_dir, language)
    _unlock(qtbot, shell)
    shell.open_case(shell.unlocked_view.model.case_id_at(0))
    shell.editor.show_history()
    dialog = shell.editor.findChild(HistoryDialog)
    assert dialog is not None
    dialog.reject()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert shell.editor.findChild(HistoryDialog) is None
    with qtbot.waitSignal(shell.session.locked):
        shell.lock_now()
    assert not [text for _kind, text in visible_texts(shell) if MARKER in text]


def test_language_switch_relabels_the_editor_and_keeps_what_was_typed(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    _unlock(qtbot, shell)
    shell.new_case()
    type_text(_narrative(shell).text, "Набранный текст")
    assert shell.editor.flush()  # no title: kept, with an English message
    place = shell.editor.form.case_fields.first_field_with("place_type")
    assert isinstance(place, CodeChoice)
    place.set_value("PL.POLICE")
    language.apply("ru")
    qtbot.waitUntil(lambda: shell.editor.form.tabText(0) == "⚠ Дело")
    assert place.combo.currentText() == "Отдел полиции"
    assert place.value() == "PL.POLICE"
    assert _narrative(shell).value() == "Набранный текст"
    errors = {label.text() for label in shell.editor.form.findChildren(QLabel) if not label.isHidden()}
    assert "поле не может быть пустым" in errors
    assert shell.editor.save_button.text() == "Сохранить"


def test_untouched_text_keeps_no_break_spaces_and_line_endings(qtbot: QtBot) -> None:
    from ui.editor.case_form import CaseForm

    vocab = default_vocabularies()
    odd = "a\u00a0b\r\nc\u2028d"
    doc = validate_case(
        case_doc(
            "T", narrative=odd, persons=[{"pseudonym": "P", "notes": odd, "identifying": {"notes": odd}}]
        ),
        vocab,
    )
    form = CaseForm()
    qtbot.addWidget(form)
    form.load(doc)
    pseudonym = form.persons.form.first_field_with("pseudonym")
    assert isinstance(pseudonym, TextLine)
    type_text(pseudonym.line, "Q")  # an edit elsewhere in the same record
    title = form.title_field()
    assert isinstance(title, TextLine)
    type_text(title.line, "!")
    out = form.document()
    assert out["narrative"] == odd
    assert out["persons"][0]["notes"] == odd and out["persons"][0]["identifying"]["notes"] == odd
    assert out["persons"][0]["pseudonym"] == "PQ"
    # Edited text keeps its no-break spaces.
    narrative = form.case_fields.first_field_with("narrative")
    assert isinstance(narrative, TextArea)
    type_text(narrative.text, "x")
    assert "\u00a0" in form.document()["narrative"]


def test_a_huge_paste_is_refused_with_a_note_and_nothing_freezes(qtbot: QtBot) -> None:
    from PySide6.QtCore import QMimeData

    area = TextArea()
    qtbot.addWidget(area)
    data = QMimeData()
    data.setText("x" * 200_001)
    area.text.insertFromMimeData(data)
    assert area.value() == "" and not area.notice.isHidden()
    data.setText("short")
    area.text.insertFromMimeData(data)
    assert area.value() == "short" and area.notice.isHidden()


def test_locking_while_the_seal_question_is_open_does_not_crash(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    from PySide6.QtWidgets import QMessageBox

    shell = make_shell(qtbot, vault_dir, language)
    _unlock(qtbot, shell)
    shell.open_case(shell.unlocked_view.model.case_id_at(0))

    def lock_then_answer_yes() -> None:
        box = QApplication.activeModalWidget()
        shell.lock_now()
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(0, lock_then_answer_yes)
    assert shell.editor.seal() is False
    assert shell.currentWidget() is shell.unlock_screen
    with unlock_vault(vault_dir, PASSPHRASE) as vault:
        assert [s.status for s in vault.store.list_cases()] == ["draft"]


def test_history_dialog_closes_at_lock(qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    _unlock(qtbot, shell)
    shell.open_case(shell.unlocked_view.model.case_id_at(0))
    shell.editor.show_history()
    dialog = shell.editor.findChild(HistoryDialog)
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(shell.session.locked):
        shell.lock_now()
    assert not dialog.isVisible()


def test_lock_happens_even_if_saving_fails_unexpectedly(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    _unlock(qtbot, shell)
    shell.new_case()
    type_text(_title(shell), "Дело")
    editing = shell.editor._editing  # fault injection: a bug in the save path

    def broken(*_args: object) -> None:
        raise RuntimeError("simulated defect")

    monkeypatch.setattr(editing, "save", broken)
    with qtbot.waitSignal(shell.session.locked):
        shell.lock_now()
    assert shell.currentWidget() is shell.unlock_screen


def test_settings_open_from_the_case_list(qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    _unlock(qtbot, shell)
    shell.unlocked_view.settings_button.click()
    assert shell.settings.dialog.isVisible()
    with qtbot.waitSignal(shell.session.locked):
        shell.lock_now()
    assert not shell.settings.dialog.isVisible()


def test_closing_when_the_disk_is_full_asks_first_and_cancel_keeps_the_text(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    _unlock(qtbot, shell)
    shell.new_case()
    type_text(_title(shell), "Дело на полном диске")
    _narrative(shell).text.insertPlainText("показания " * 5_000)
    assert shell.session.vault is not None
    conn = shell.session.vault.connection
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")

    asked = answer_next_question(QMessageBox.StandardButton.Cancel)
    shell.close()
    assert asked and "could not be saved" in asked[0]
    assert shell.isVisible()
    assert shell.currentWidget() is shell.editor
    assert "disk is full" in shell.editor.status.text()
    assert _title(shell).text() == "Дело на полном диске"

    conn.execute("PRAGMA max_page_count = 1073741823")  # space freed: closing saves and goes
    shell.close()
    assert not shell.isVisible()
    assert shell.session.vault is None
    assert "Дело на полном диске" in _stored_titles(vault_dir)


def test_closing_anyway_on_a_full_disk_locks_and_keeps_what_was_saved_before(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    _unlock(qtbot, shell)
    shell.new_case()
    type_text(_title(shell), "Сохранено")
    shell.editor.save_now()
    type_text(_title(shell), " и потом дописано")
    _narrative(shell).text.insertPlainText("показания " * 5_000)
    assert shell.session.vault is not None
    conn = shell.session.vault.connection
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")

    asked = answer_next_question(QMessageBox.StandardButton.Close)
    shell.close()
    assert asked and "could not be saved" in asked[0]
    assert not shell.isVisible()
    assert shell.session.vault is None
    stored = _stored_titles(vault_dir)
    assert "Сохранено" in stored
    assert "Сохранено и потом дописано" not in stored

"""Run only by tests/test_gui_session_leaves_no_trace.py, in a subprocess whose home, config,
cache, data and temp folders are all inside one folder (tests.support.isolated_env).

A whole desktop session like a volunteer's: first-run setup, a new case typed with the canary,
autosave, copying its text, searching for it, the settings and a file dialog, lock, unlock,
reopening the case, quit. The parent then scans every folder for the canary."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from tests.qt_support import make_shell, submit_passphrase, type_text
from tests.support import PASSPHRASE
from ui.editor.fields import TextArea, TextLine
from ui.language import LanguageSwitcher

CANARY = os.environ.get("INTAKE_TEST_CANARY", "")

pytestmark = pytest.mark.skipif(not CANARY, reason="run by test_gui_session_leaves_no_trace.py only")


def _ctrl(qtbot: QtBot, shell: object, key: Qt.Key) -> None:
    target = QApplication.focusWidget() or shell
    qtbot.keyClick(target, key, Qt.KeyboardModifier.ControlModifier)


def test_a_whole_session(qtbot: QtBot, language: LanguageSwitcher) -> None:
    data_dir = Path(os.environ["XDG_DATA_HOME"]) / "Intake"
    shell = make_shell(qtbot, data_dir, language)
    wizard = shell.first_run
    while wizard.currentPage() is not wizard.passphrase_page:
        wizard.next()
    type_text(wizard.passphrase_page.first, PASSPHRASE)
    type_text(wizard.passphrase_page.second, PASSPHRASE)
    with qtbot.waitSignal(shell.session.unlocked, timeout=60_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()

    shell.activateWindow()
    _ctrl(qtbot, shell, Qt.Key.Key_N)
    title = shell.editor.form.title_field()
    narrative = shell.editor.form.case_fields.first_field_with("narrative")
    assert isinstance(title, TextLine) and isinstance(narrative, TextArea)
    type_text(title.line, f"Дело {CANARY}")
    type_text(narrative.text, f"Свидетель рассказал: {CANARY}, и полиция отказалась принять заявление.")
    qtbot.waitUntil(lambda: "Saved at" in shell.editor.status.text(), timeout=10_000)

    narrative.text.selectAll()
    narrative.text.copy()
    clipboard = QGuiApplication.clipboard()
    qtbot.waitUntil(lambda: CANARY in clipboard.text())
    mime = clipboard.mimeData()
    assert mime is not None and mime.hasFormat("x-kde-passwordManagerHint")

    shell.editor.back_button.click()
    assert shell.currentWidget() is shell.unlocked_view
    type_text(shell.unlocked_view.search, CANARY[:8])
    qtbot.waitUntil(lambda: shell.unlocked_view.model.rowCount() == 1, timeout=10_000)

    shell.open_settings()
    shell.settings.close()
    shell.open_keys()
    dialog = shell.keys.dialog
    dialog.import_key_button.click()  # Qt's own file dialog: no history may reach the disk
    assert dialog.file_dialog is not None
    dialog.file_dialog.reject()
    dialog.reject()

    with qtbot.waitSignal(shell.session.locked):
        shell.lock_now()
    assert CANARY not in clipboard.text()
    with qtbot.waitSignal(shell.session.unlocked, timeout=30_000):
        submit_passphrase(shell, PASSPHRASE)
    shell.unlocked_view.case_activated.emit(shell.unlocked_view.model.case_id_at(0))
    assert shell.currentWidget() is shell.editor
    shell.close()
    assert not shell.session.vault


def test_a_duress_session(qtbot: QtBot, language: LanguageSwitcher) -> None:
    """The vault the parent prepared (a canary case, a decoy draft, a duress passphrase) is opened
    at the unlock screen with the duress passphrase: the list shows the decoy only."""
    data_dir = Path(os.environ["XDG_DATA_HOME"]) / "Intake"
    shell = make_shell(qtbot, data_dir, language)
    assert shell.currentWidget() is shell.unlock_screen
    with qtbot.waitSignal(shell.session.unlocked, timeout=60_000):
        submit_passphrase(shell, os.environ["INTAKE_TEST_DURESS"])
    model = shell.unlocked_view.model
    assert [model.case_id_at(row) is not None for row in range(model.rowCount())] == [True]
    shell.unlocked_view.case_activated.emit(model.case_id_at(0))
    assert shell.editor.form.title_field().line.text() == os.environ["INTAKE_TEST_DECOY"]
    with qtbot.waitSignal(shell.session.locked):
        shell.lock_now()
    shell.close()


def test_viewing_attachments(qtbot: QtBot, language: LanguageSwitcher) -> None:
    """The parent added a photo, a PDF, a recording and a text to the vault's one case: each is
    opened in the viewer, a copy of the last is asked for up to the file chooser, then the vault
    is locked."""
    data_dir = Path(os.environ["XDG_DATA_HOME"]) / "Intake"
    shell = make_shell(qtbot, data_dir, language)
    with qtbot.waitSignal(shell.session.unlocked, timeout=60_000):
        submit_passphrase(shell, PASSPHRASE)
    shell.unlocked_view.case_activated.emit(shell.unlocked_view.model.case_id_at(0))
    shell.editor.attachments_button.click()
    dialog, viewer = shell.attachments.dialog, shell.attachments.viewer
    assert dialog.table.rowCount() == 4
    for row in range(4):
        dialog.table.selectRow(row)
        with qtbot.waitSignal(shell.session.attachment_opened, timeout=60_000):
            dialog.view_button.click()
        qtbot.waitUntil(viewer.isVisible)
        if viewer.pages.currentWidget() is viewer.audio:
            qtbot.waitUntil(lambda: viewer.audio.player.duration() > 0, timeout=60_000)
            viewer.audio.play_button.click()
        assert viewer.pages.currentWidget() is not viewer.nothing
        viewer.reject()
        qtbot.waitUntil(lambda: not shell.session.is_busy())
    # "Save a decrypted copy…" up to the file chooser, left open: the lock closes both questions,
    # and neither a copy nor the chooser's history may reach the disk.
    dialog.save_button.click()
    box = dialog.copy_box
    assert box is not None
    (shown,) = [b for b in box.buttons() if b.text() == "Save the copy shown"]
    shown.click()
    chooser = dialog.file_dialog
    assert chooser is not None and chooser.isVisible()
    with qtbot.waitSignal(shell.session.locked):
        shell.lock_now()
    assert not chooser.isVisible() and dialog.file_dialog is None
    shell.close()

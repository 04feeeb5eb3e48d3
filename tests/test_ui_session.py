"""First run, unlock and lock through the real app shell and widgets (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QWizard
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.vault import create_vault, unlock_vault
from intake.vault_settings import Role
from tests.qt_support import make_shell, submit_passphrase, type_text
from tests.support import PASSPHRASE, case_doc, snapshot
from ui.app import AppShell
from ui.language import LanguageSwitcher


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.store.create_case(case_doc("Дело для проверки"))
    return root


def _unlock_with(qtbot: QtBot, shell: AppShell, passphrase: str) -> None:
    submit_passphrase(shell, passphrase)


def test_first_run_creates_the_vault_in_the_chosen_language_and_role(
    qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher
) -> None:
    data_dir = tmp_path / "fresh"
    shell = make_shell(qtbot, data_dir, language)
    wizard = shell.first_run
    assert shell.currentWidget() is wizard
    wizard.language_page.button("ru").click()
    qtbot.waitUntil(lambda: wizard.windowTitle() == "Настройка Intake")
    wizard.next()
    wizard.role_page.button("coordinator").click()
    wizard.next()
    wizard.next()
    wizard.next()  # the panic wipe: asking first stays chosen
    assert wizard.currentPage() is wizard.passphrase_page
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    type_text(wizard.passphrase_page.first, PASSPHRASE)
    type_text(wizard.passphrase_page.second, PASSPHRASE[:-1])
    assert not wizard.passphrase_page.isComplete()  # the two differ
    type_text(wizard.passphrase_page.second, PASSPHRASE[-1])
    assert wizard.passphrase_page.isComplete()
    with qtbot.waitSignal(shell.session.unlocked, timeout=60_000):
        finish.click()
    assert shell.currentWidget() is shell.unlocked_view
    assert wizard.passphrase_page.first.text() == ""  # nothing typed lingers in the wizard
    vault = shell.session.vault
    assert vault is not None
    assert vault.role is Role.COORDINATOR
    shell.session.lock()
    with unlock_vault(data_dir, PASSPHRASE) as reopened:
        assert reopened.role is Role.COORDINATOR


def test_short_passphrase_cannot_finish(qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher) -> None:
    shell = make_shell(qtbot, tmp_path / "fresh", language)
    page = shell.first_run.passphrase_page
    type_text(page.first, "short")
    type_text(page.second, "short")
    assert not page.isComplete()
    assert not (tmp_path / "fresh").exists()


def test_unlock_and_lock(qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    assert shell.currentWidget() is shell.unlock_screen
    with qtbot.waitSignal(shell.session.unlocked, timeout=30_000):
        _unlock_with(qtbot, shell, PASSPHRASE)
    assert shell.currentWidget() is shell.unlocked_view
    assert shell.session.vault is not None
    assert shell.session.vault.store.count_cases() == 1
    with qtbot.waitSignal(shell.session.locked):
        shell.unlocked_view.lock_button.click()
    assert shell.currentWidget() is shell.unlock_screen
    field = shell.unlock_screen.findChild(QLineEdit)
    assert field is not None
    assert field.text() == ""


def test_wrong_passphrase_keeps_the_unlock_screen_with_a_message_and_changes_nothing(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    before = snapshot(vault_dir)
    shell = make_shell(qtbot, vault_dir, language)
    with qtbot.waitSignal(shell.session.busy_changed, check_params_cb=lambda busy: not busy, timeout=30_000):
        _unlock_with(qtbot, shell, "not the passphrase at all")
    assert shell.session.vault is None
    assert shell.currentWidget() is shell.unlock_screen
    assert "Wrong passphrase" in shell.unlock_screen.message()
    field = shell.unlock_screen.findChild(QLineEdit)
    assert field is not None
    assert field.isEnabled()
    assert snapshot(vault_dir) == before


def test_key_derivation_runs_off_the_gui_thread(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    """While Argon2id runs (about 0.1 s at the floor), the GUI event loop keeps processing: a 5 ms
    timer on the GUI thread keeps firing until the unlock finishes."""
    shell = make_shell(qtbot, vault_dir, language)
    ticks: list[bool] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(shell.session.is_busy()))
    timer.start()
    with qtbot.waitSignal(shell.session.unlocked, timeout=30_000):
        shell.session.unlock(PASSPHRASE)
    timer.stop()
    assert sum(ticks) >= 5  # ticks delivered while the derivation was running
    shell.session.lock()


def test_empty_passphrase_asks_for_one_without_unlocking(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    with qtbot.assertNotEmitted(shell.unlock_screen.unlock_requested):
        _unlock_with(qtbot, shell, "")
    assert shell.unlock_screen.message() != ""


def test_lock_asked_for_during_unlock_wins(qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    with qtbot.waitSignal(shell.session.busy_changed, check_params_cb=lambda busy: not busy, timeout=30_000):
        shell.session.unlock(PASSPHRASE)
        assert shell.session.is_busy()
        shell.session.lock()  # e.g. Ctrl+L or the idle timer while the key is being derived
    assert shell.session.vault is None
    assert shell.currentWidget() is shell.unlock_screen


def test_closing_during_first_run_creation_leaves_a_complete_locked_vault(
    qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher
) -> None:
    data_dir = tmp_path / "fresh"
    shell = make_shell(qtbot, data_dir, language)
    shell.session.create("field", PASSPHRASE)
    assert shell.session.is_busy()
    shell.close()  # the window goes while the key is still being derived
    assert not shell.session.is_busy()
    assert shell.session.vault is None
    assert sorted(p.name for p in data_dir.iterdir()) == ["vault.aux", "vault.db", "vault.key"]
    with unlock_vault(data_dir, PASSPHRASE) as vault:
        assert vault.role is Role.FIELD


def test_a_failed_creation_shows_its_message(
    qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    shell = make_shell(qtbot, blocker, language)
    with qtbot.waitSignal(shell.session.busy_changed, check_params_cb=lambda busy: not busy, timeout=30_000):
        shell.first_run.create_requested.emit("field", PASSPHRASE)
    assert "cannot be created" in shell.first_run._status.text()
    assert shell.currentWidget() is shell.first_run


def test_escape_does_not_hide_the_wizard(qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher) -> None:
    shell = make_shell(qtbot, tmp_path / "fresh", language)
    qtbot.keyClick(shell.first_run, Qt.Key.Key_Escape)
    assert shell.first_run.isVisible()
    assert shell.currentWidget() is shell.first_run


def test_nothing_typed_survives_in_undo_history_after_lock(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    with qtbot.waitSignal(shell.session.unlocked, timeout=30_000):
        _unlock_with(qtbot, shell, PASSPHRASE)
    type_text(shell.unlocked_view.search, "тайное слово")
    with qtbot.waitSignal(shell.session.locked):
        shell.session.lock()
    for field in shell.findChildren(QLineEdit):
        if isinstance(field.parent(), QAbstractSpinBox):
            continue  # a spin box's own line shows its value ("unknown"), never typed text
        assert field.text() == ""
        assert not field.isUndoAvailable(), field.objectName() or type(field.parent()).__name__


def test_focus_returns_to_the_passphrase_after_a_wrong_one(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = make_shell(qtbot, vault_dir, language)
    shell.activateWindow()
    qtbot.waitUntil(shell.isActiveWindow)
    field = shell.unlock_screen.findChild(QLineEdit)
    assert field is not None
    with qtbot.waitSignal(shell.session.busy_changed, check_params_cb=lambda busy: not busy, timeout=30_000):
        _unlock_with(qtbot, shell, "wrong wrong wrong")
        assert not field.hasFocus()  # disabled while the key is derived
    assert QApplication.focusWidget() is field
    assert field.selectedText() == "wrong wrong wrong"


def test_wizard_buttons_follow_the_language(qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher) -> None:
    shell = make_shell(qtbot, tmp_path / "fresh", language)
    next_button = shell.first_run.button(QWizard.WizardButton.NextButton)
    assert next_button.text() == "&Next >"
    shell.first_run.language_page.button("ru").click()
    qtbot.waitUntil(lambda: next_button.text() == "&Далее >")
    shell.first_run.language_page.button("en").click()
    qtbot.waitUntil(lambda: next_button.text() == "&Next >")
    assert shell.windowTitle() == "Intake"

"""The Safety tab of the settings through the real shell (offscreen): the wipe choices saved to
preferences.json, and the duress passphrase set and removed in the background."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.errors import UnlockError
from intake.preferences import ASK_FIRST, IMMEDIATELY, Preferences, read_preferences, write_preferences
from intake.vault import create_vault, unlock_vault
from intake.vault_layout import VaultLayout
from intake.vault_settings import Role
from tests.qt_support import type_text
from tests.support import PASSPHRASE, case_doc, snapshot
from tests.ui_bundle_support import LONG_RUN_MS, unlocked_shell
from ui.app import AppShell
from ui.language import LanguageSwitcher
from ui.safety_settings import SafetySettings

DURESS = "совсем другой пароль 42"
NEW_PASSPHRASE = "Новая фраза: сирень, маяк, 2031 и чай"
CANARY = "КАНАРЕЙКА-НАСТРОЕК-3390"


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.store.create_case(case_doc(CANARY))
    write_preferences(VaultLayout(root), Preferences(language="en"))
    return root


def _safety(shell: AppShell) -> SafetySettings:
    shell.open_settings()
    dialog = shell.settings.dialog
    assert dialog.isVisible()
    dialog.tabs.setCurrentWidget(dialog.safety)
    return dialog.safety


def _fields(safety: SafetySettings) -> tuple[QLineEdit, QLineEdit, QLineEdit]:
    return safety.current, safety.duress, safety.repeat


def _assert_wiped(safety: SafetySettings) -> None:
    for field in _fields(safety):
        assert field.text() == ""
        assert not field.isUndoAvailable()


def _type(safety: SafetySettings, current: str, duress: str = "", repeat: str = "") -> None:
    for field, text in zip(_fields(safety), (current, duress, repeat), strict=True):
        if text:
            type_text(field, text)


def test_the_wipe_choices_are_saved_at_once_keeping_the_language(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    layout = VaultLayout(vault_dir)
    shell = unlocked_shell(qtbot, vault_dir, language)
    safety = _safety(shell)
    assert safety.ask_first.isChecked()
    assert not safety.wipe_after_enabled.isChecked()
    assert not safety.wipe_after.isEnabled()

    safety.immediately.click()
    assert read_preferences(layout) == Preferences(language="en", wipe_confirmation=IMMEDIATELY)
    safety.wipe_after_enabled.click()
    assert read_preferences(layout).wipe_after_failed_unlocks == 10
    assert safety.wipe_after.isEnabled()
    assert (safety.wipe_after.minimum(), safety.wipe_after.maximum()) == (3, 99)
    safety.wipe_after.lineEdit().selectAll()
    qtbot.keyClicks(safety.wipe_after, "5")
    qtbot.keyClick(safety.wipe_after, Qt.Key.Key_Return)
    assert read_preferences(layout) == Preferences(
        language="en", wipe_confirmation=IMMEDIATELY, wipe_after_failed_unlocks=5
    )
    assert safety.wipe_after.suffix() == " failed unlocks"
    safety.wipe_after.setValue(1)  # below the range: the spin box keeps to it
    assert read_preferences(layout).wipe_after_failed_unlocks == 3

    shell.settings.close()
    safety = _safety(shell)  # reopened: shows what is saved
    assert safety.immediately.isChecked()
    assert safety.wipe_after_enabled.isChecked()
    assert safety.wipe_after.value() == 3

    safety.ask_first.click()
    safety.wipe_after_enabled.click()
    assert read_preferences(layout) == Preferences(language="en", wipe_confirmation=ASK_FIRST)
    assert (vault_dir / "preferences.json").read_text(encoding="utf-8") == '{"language": "en"}\n'


def test_the_duress_passphrase_is_set_and_removed_through_the_dialog(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, vault_dir, language)
    session, dialog = shell.session, shell.settings.dialog
    safety = _safety(shell)
    assert safety.duress_state.text() == "No duress passphrase is set."
    assert not safety.remove_button.isEnabled()
    assert dialog.duress_warning.isHidden()
    stages: list[tuple[str, str, bool]] = []
    session.progress.connect(
        lambda stage: stages.append((stage, safety.stage.text(), safety.progress.isVisible()))
    )

    _type(safety, PASSPHRASE, DURESS, DURESS)
    with qtbot.waitSignal(session.duress_passphrase_changed, timeout=LONG_RUN_MS) as changed:
        safety.set_button.click()
        assert session.is_busy()
        assert not safety.current.isEnabled()
        assert not dialog.minutes.isEnabled()  # the worker owns the connection
    qtbot.waitUntil(lambda: not session.is_busy())
    assert changed.args == [True]
    assert [stage for stage, _text, _shown in stages] == ["deriving_key", "writing_key_file"]
    assert stages[0][1:] == ("Checking your passphrase…", True)
    assert stages[1][1].startswith("Deriving the keys for both passphrases")
    assert not dialog.progress.isVisible()  # the other section's progress stayed hidden
    assert safety.message.text().startswith("Duress passphrase set.")
    assert safety.duress_state.text() == "A duress passphrase is set for this vault."
    assert safety.remove_button.isEnabled()
    assert not dialog.duress_warning.isHidden()  # the passphrase change now warns
    _assert_wiped(safety)
    assert session.has_duress_passphrase()

    # It works: a copy of the locked vault opens empty under the duress passphrase.
    shell.settings.close()
    with qtbot.waitSignal(session.locked):
        shell.lock_now()
    copy = tmp_path / "copy"
    shutil.copytree(vault_dir, copy)
    with unlock_vault(copy, DURESS) as fresh:
        assert fresh.store.count_cases() == 0
    with qtbot.waitSignal(session.unlocked, timeout=LONG_RUN_MS):
        session.unlock(PASSPHRASE)

    safety = _safety(shell)
    assert safety.duress_state.text() == "A duress passphrase is set for this vault."
    _type(safety, PASSPHRASE)
    with qtbot.waitSignal(session.duress_passphrase_changed, timeout=LONG_RUN_MS) as changed:
        safety.remove_button.click()
    qtbot.waitUntil(lambda: not session.is_busy())
    assert changed.args == [False]
    assert safety.message.text().startswith("Duress passphrase removed")
    assert safety.duress_state.text() == "No duress passphrase is set."
    assert not safety.remove_button.isEnabled()
    _assert_wiped(safety)
    shell.settings.close()
    with qtbot.waitSignal(session.locked):
        shell.lock_now()
    with pytest.raises(UnlockError):
        unlock_vault(vault_dir, DURESS)
    with unlock_vault(vault_dir, PASSPHRASE) as vault:
        assert vault.store.count_cases() == 1


def test_wrong_or_unusable_duress_input_changes_nothing(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, vault_dir, language)
    session = shell.session
    safety = _safety(shell)
    key_before = (vault_dir / "vault.key").read_bytes()
    for current, duress, repeat, expected in (
        ("", DURESS, DURESS, "Type your current passphrase first."),
        (PASSPHRASE, "kurz", "kurz", "Too short"),
        (PASSPHRASE, DURESS, DURESS + "!", "The two duress passphrases differ."),
        (PASSPHRASE, PASSPHRASE, PASSPHRASE, "The duress passphrase must differ from your passphrase."),
    ):
        _type(safety, current, duress, repeat)
        with qtbot.assertNotEmitted(safety.duress_set_requested):
            safety.set_button.click()
        assert safety.message.text().startswith(expected)
        assert not session.is_busy()
        safety.forget_typing()
    _type(safety, "это не та фраза", DURESS, DURESS)
    with qtbot.waitSignal(session.duress_passphrase_failed, timeout=LONG_RUN_MS):
        safety.set_button.click()
    qtbot.waitUntil(lambda: not session.is_busy())
    assert safety.message.text() == "Wrong passphrase, or the key file is damaged."
    _assert_wiped(safety)
    assert safety.current.isEnabled()
    assert (vault_dir / "vault.key").read_bytes() == key_before
    assert not session.has_duress_passphrase()


def test_a_passphrase_change_warns_first_and_says_the_duress_passphrase_went(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    with unlock_vault(vault_dir, PASSPHRASE) as vault:
        vault.set_duress_passphrase(PASSPHRASE, DURESS)
    shell = unlocked_shell(qtbot, vault_dir, language)
    shell.open_settings()
    dialog = shell.settings.dialog
    assert not dialog.duress_warning.isHidden()
    assert "Changing the passphrase removes it" in dialog.duress_warning.text()
    for field, text in (
        (dialog.current, PASSPHRASE),
        (dialog.new, NEW_PASSPHRASE),
        (dialog.repeat, NEW_PASSPHRASE),
    ):
        type_text(field, text)
    with qtbot.waitSignal(shell.session.passphrase_changed, timeout=LONG_RUN_MS) as changed:
        dialog.change.click()
    qtbot.waitUntil(lambda: not shell.session.is_busy())
    assert changed.args == [True]
    assert dialog.passphrase_message.text().startswith("Passphrase changed.")
    assert "The duress passphrase was removed" in dialog.passphrase_message.text()
    assert dialog.duress_warning.isHidden()
    assert dialog.safety.duress_state.text() == "No duress passphrase is set."


def test_hiding_the_dialog_forgets_the_duress_fields(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, vault_dir, language)
    before = snapshot(vault_dir)
    safety = _safety(shell)
    _type(safety, PASSPHRASE, DURESS, "x")
    qtbot.keyClick(safety.repeat, Qt.Key.Key_Escape)
    assert not shell.settings.dialog.isVisible()
    _assert_wiped(safety)
    assert snapshot(vault_dir) == before


def test_every_safety_input_has_an_accessible_name(qtbot: QtBot) -> None:
    safety = SafetySettings()
    qtbot.addWidget(safety)
    labelled_by_their_text = (safety.ask_first, safety.immediately, safety.wipe_after_enabled)
    for button in labelled_by_their_text:
        assert button.text()
    named = (safety.wipe_after, *_fields(safety), safety.set_button, safety.remove_button, safety.progress)
    for widget in named:
        assert widget.accessibleName(), type(widget).__name__
    for field in _fields(safety):
        assert field.echoMode() == QLineEdit.EchoMode.Password

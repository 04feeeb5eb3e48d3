"""The keys dialog: own fingerprint, exporting the public key, importing, approving and revoking."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.vault import create_vault, unlock_vault
from intake.vault_settings import Role
from tests.qt_support import answer_next_question, visible_texts
from tests.support import PASSPHRASE
from tests.ui_bundle_support import (
    approve_selected,
    choose_file,
    export_own_key,
    import_key,
    unlocked_shell,
)
from ui.app import AppShell
from ui.language import LanguageSwitcher


@pytest.fixture
def field_dir(tmp_path: Path) -> Path:
    create_vault(tmp_path / "field", PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    return tmp_path / "field"


@pytest.fixture
def coordinator_key(tmp_path: Path) -> Path:
    root = tmp_path / "coordinator"
    with create_vault(root, PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as vault:
        path = tmp_path / "coordinator.pub"
        path.write_text(vault.public_keys().render(), encoding="ascii")
    return path


def test_ctrl_k_shows_the_coordinators_fingerprint_large_selectable_and_its_recipient_kind(
    qtbot: QtBot, tmp_path: Path, coordinator_key: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, tmp_path / "coordinator", language)
    shell.activateWindow()
    qtbot.keyClick(shell.unlocked_view.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = shell.keys.dialog
    assert dialog.isVisible()
    with unlock_vault(tmp_path / "coordinator", PASSPHRASE) as vault:
        fingerprint = vault.public_keys().fingerprint
    shown = dialog.own_fingerprint
    assert shown.text().split() == fingerprint.split("-")
    assert shown.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
    assert (
        shown.font().fixedPitch()
        or shown.font().family() == QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    )
    assert shown.font().pointSizeF() > QApplication.font().pointSizeF()
    assert "post-quantum" in dialog.own_kind.text()

    exported = tmp_path / "out" / "mine.pub"
    exported.parent.mkdir()
    dialog.export_key_button.click()
    choose_file(dialog, exported)
    assert exported.read_text(encoding="ascii") == coordinator_key.read_text(encoding="ascii")
    assert [p.name for p in exported.parent.iterdir()] == ["mine.pub"]  # no temporary left
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.own_fingerprint.text() == ""


def test_a_field_vault_shows_no_recipient_kind(
    qtbot: QtBot, field_dir: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, field_dir, language)
    shell.open_keys()
    assert shell.keys.dialog.own_fingerprint.text()
    assert not shell.keys.dialog.own_kind.isVisibleTo(shell.keys.dialog)
    assert not shell.keys.dialog.new_identity_button.isVisibleTo(shell.keys.dialog)


def test_a_file_that_is_not_a_key_is_refused_and_nothing_is_added(
    qtbot: QtBot, tmp_path: Path, field_dir: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, field_dir, language)
    junk = tmp_path / "junk.pub"
    junk.write_text("intake-public-key: 1\nrole: spy\n", encoding="ascii")
    shell.open_keys()
    dialog = shell.keys.dialog
    dialog.import_key_button.click()
    choose_file(dialog, junk)
    assert dialog.message.text().startswith("This is not a valid Intake public-key file")
    assert not dialog.candidate_fingerprint.isVisibleTo(dialog)
    assert dialog.contacts.topLevelItemCount() == 0


def test_import_confirm_approve_then_revoke_asks_first(
    qtbot: QtBot, coordinator_key: Path, field_dir: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, field_dir, language)
    fingerprint = import_key(shell, coordinator_key, "Центр Юг")
    dialog = shell.keys.dialog
    assert dialog.name.accessibleName() == "Name for this key"
    row = dialog.contacts.topLevelItem(0)
    assert row is not None
    assert [row.text(c) for c in range(4)] == ["Центр Юг", "coordinator", "not yet approved", fingerprint]
    assert approve_selected(qtbot, shell) == "Key approved."
    row = dialog.contacts.topLevelItem(0)
    assert row is not None
    assert row.text(2) == "approved"
    assert not dialog.approve_button.isEnabled()

    asked = answer_next_question(QMessageBox.StandardButton.Cancel)
    dialog.revoke_button.click()
    assert asked and "cannot be undone" in asked[0]
    row = dialog.contacts.topLevelItem(0)
    assert row is not None
    assert row.text(2) == "approved"
    answer_next_question(QMessageBox.StandardButton.Yes)
    dialog.revoke_button.click()
    row = dialog.contacts.topLevelItem(0)
    assert row is not None
    assert row.text(2) == "revoked"
    assert dialog.message.text() == "Key revoked."
    assert not dialog.revoke_button.isEnabled()


def test_ctrl_l_in_the_keys_dialog_locks_and_drops_what_it_showed(
    qtbot: QtBot, coordinator_key: Path, field_dir: Path, language: LanguageSwitcher
) -> None:
    shell: AppShell = unlocked_shell(qtbot, field_dir, language)
    fingerprint = import_key(shell, coordinator_key, "Центр Юг")
    dialog = shell.keys.dialog
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.contacts.setFocus()
    with qtbot.waitSignal(shell.session.locked):
        qtbot.keyClick(dialog.contacts, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    shown = " ".join(text for _kind, text in visible_texts(dialog))
    assert "Центр" not in shown
    assert fingerprint not in shown
    assert "  ".join(fingerprint.split("-")) not in shown


def test_the_export_and_import_dialogs_close_on_escape_and_name_their_inputs(
    qtbot: QtBot, tmp_path: Path, coordinator_key: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, tmp_path / "coordinator", language)
    export_own_key(shell, tmp_path / "again.pub")
    export_dialog, import_dialog = shell.bundles.export_dialog, shell.bundles.import_dialog
    for button, dialog, inputs in (
        (shell.unlocked_view.export_button, export_dialog, (export_dialog.recipients, export_dialog.path)),
        (shell.unlocked_view.import_button, import_dialog, (import_dialog.files, import_dialog.report)),
    ):
        button.click()
        assert dialog.isVisible()
        for widget in (*inputs, dialog.progress):
            assert widget.accessibleName()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()


def _answer_with_button(label_part: str) -> list[str]:
    """Clicks the button whose text holds `label_part` in the next modal message box."""
    from PySide6.QtCore import QTimer

    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        matching = [b for b in box.buttons() if label_part in b.text().replace("&", "")]
        assert len(matching) == 1, [b.text() for b in box.buttons()]
        matching[0].click()

    QTimer.singleShot(0, answer)
    return asked


def test_a_coordinator_makes_a_new_receiving_key_and_keeps_the_earlier_ones(
    qtbot: QtBot, tmp_path: Path, coordinator_key: Path, language: LanguageSwitcher
) -> None:
    from intake.own_age_identity import current_recipient, load_age_identities

    root = tmp_path / "coordinator"
    shell = unlocked_shell(qtbot, root, language)
    shell.open_keys()
    dialog = shell.keys.dialog
    before = dialog.own_fingerprint.text()
    assert dialog.new_identity_button.isVisibleTo(dialog)

    asked = _answer_with_button("Cancel")
    dialog.new_identity_button.click()
    assert asked and "still open" in asked[0]
    assert dialog.own_fingerprint.text() == before

    _answer_with_button("Classic X25519")
    dialog.new_identity_button.click()
    assert "classic" in dialog.own_kind.text()
    assert dialog.message.text().startswith("New receiving key made.")
    assert dialog.own_fingerprint.text() != before
    vault = shell.session.vault
    assert vault is not None
    recipient = current_recipient(vault.connection)
    assert recipient is not None and recipient.startswith("age1") and not recipient.startswith("age1pq1")
    assert len(load_age_identities(vault.connection)) == 2  # the post-quantum one is kept

    _answer_with_button("Post-quantum")
    dialog.new_identity_button.click()
    assert "post-quantum" in dialog.own_kind.text()
    assert len(load_age_identities(vault.connection)) == 3

"""The Decoy cases tab of the settings, through the real shell (offscreen): drafts are moved into
the decoy cases, leave the case list, and appear in the vault a duress unlock opens."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.preferences import Preferences, write_preferences
from intake.vault import create_vault, unlock_vault
from intake.vault_layout import VaultLayout
from intake.vault_settings import Role
from tests.qt_support import answer_next_question
from tests.support import PASSPHRASE, case_doc
from tests.ui_bundle_support import unlocked_shell
from ui.app import AppShell
from ui.decoy_cases_panel import DecoyCasesPanel
from ui.language import LanguageSwitcher

DURESS = "совсем другой пароль 42"
CANARY = "КАНАРЕЙКА-ПРИМАНОК-6120"
DECOYS = ["Консультация: спор с арендодателем", "Вопрос о трудовом договоре"]


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        sealed = vault.store.create_case(case_doc(CANARY, narrative=CANARY))
        vault.store.seal(sealed.case_id)
        for title in DECOYS:
            vault.store.create_case(case_doc(title))
        vault.set_duress_passphrase(PASSPHRASE, DURESS)
    write_preferences(VaultLayout(root), Preferences(language="en"))
    return root


def _panel(shell: AppShell) -> DecoyCasesPanel:
    shell.open_settings()
    dialog = shell.settings.dialog
    dialog.tabs.setCurrentWidget(dialog.decoys)
    return dialog.decoys


def _texts(view: object) -> list[str]:
    return [view.item(row).text() for row in range(view.count())]  # type: ignore[attr-defined]


def test_drafts_moved_to_the_decoys_leave_the_list_and_fill_the_duress_vault(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, vault_dir, language)
    session = shell.session
    assert shell.unlocked_view.model.rowCount() == 3
    panel = _panel(shell)
    assert _texts(panel.kept) == []
    assert sorted(_texts(panel.drafts)) == sorted(DECOYS)  # the sealed case is not offered
    assert panel.message.text().startswith("No decoy cases")
    assert not panel.move_button.isEnabled() and not panel.clear_button.isEnabled()

    for row in range(panel.drafts.count()):
        panel.drafts.item(row).setCheckState(Qt.CheckState.Checked)
    assert panel.move_button.isEnabled()
    asked = answer_next_question(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(session.decoys_changed):
        panel.move_button.click()
    assert "Move 2 drafts" in asked[0]
    assert sorted(_texts(panel.kept)) == sorted(DECOYS)
    assert _texts(panel.drafts) == []
    assert panel.message.text() == "2 decoy cases will be in the new vault after a duress unlock."
    assert shell.unlocked_view.model.rowCount() == 1  # the list was refreshed

    shell.settings.close()
    assert _texts(panel.kept) == []  # titles do not stay in hidden widgets
    with qtbot.waitSignal(session.locked):
        shell.lock_now()
    copy = tmp_path / "copy"
    shutil.copytree(vault_dir, copy)
    with unlock_vault(copy, DURESS) as fresh:
        assert sorted(c.title for c in fresh.store.list_cases()) == sorted(DECOYS)


def test_cancel_moves_nothing_and_clear_asks_first(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, vault_dir, language)
    panel = _panel(shell)
    panel.drafts.item(0).setCheckState(Qt.CheckState.Checked)
    answer_next_question(QMessageBox.StandardButton.No)
    panel.move_button.click()  # the question is modal: answered and gone when click() returns
    assert _texts(panel.kept) == [] and len(_texts(panel.drafts)) == 2

    answer_next_question(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(shell.session.decoys_changed):
        panel.move_button.click()
    assert len(_texts(panel.kept)) == 1
    answer_next_question(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(shell.session.decoys_changed):
        panel.clear_button.click()
    assert _texts(panel.kept) == []
    assert panel.message.text().startswith("No decoy cases")
    assert shell.unlocked_view.model.rowCount() == 2  # the moved draft does not come back


def test_the_decoy_tab_has_accessible_names_and_says_when_no_duress_passphrase_exists(
    qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher
) -> None:
    root = tmp_path / "plain"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.store.create_case(case_doc(DECOYS[0]))
    shell = unlocked_shell(qtbot, root, language)
    panel = _panel(shell)
    panel.drafts.item(0).setCheckState(Qt.CheckState.Checked)
    answer_next_question(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(shell.session.decoys_changed):
        panel.move_button.click()
    assert "No duress passphrase is set" in panel.message.text()
    for widget in (panel.kept, panel.drafts, panel.move_button, panel.clear_button):
        assert widget.accessibleName()

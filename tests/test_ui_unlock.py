"""The unlock screen and the session behind it, driven through real widgets (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.vault import create_vault
from intake.vault_settings import Role
from tests.qt_support import type_text
from tests.support import PASSPHRASE, case_doc, snapshot
from ui.unlock_screen import UnlockScreen
from ui.vault_session import VaultSession


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.store.create_case(case_doc("Дело для проверки"))
    return root


@pytest.fixture
def screen(qtbot: QtBot) -> UnlockScreen:
    widget = UnlockScreen()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _type_and_unlock(qtbot: QtBot, screen: UnlockScreen, passphrase: str) -> None:
    field = screen.findChild(QLineEdit)
    assert field is not None
    field.setFocus()
    type_text(field, passphrase)
    button = screen.findChild(QPushButton)
    assert button is not None
    button.click()


def test_correct_passphrase_unlocks_and_lock_clears_the_screen(
    qtbot: QtBot, screen: UnlockScreen, vault_dir: Path
) -> None:
    session = VaultSession(vault_dir, screen)
    with qtbot.waitSignal(session.unlocked, timeout=30_000):
        _type_and_unlock(qtbot, screen, PASSPHRASE)
    assert session.vault is not None
    assert session.vault.store.count_cases() == 1
    with qtbot.waitSignal(session.locked):
        session.lock()
    assert session.vault is None
    field = screen.findChild(QLineEdit)
    assert field is not None
    assert field.text() == ""
    assert field.isEnabled()


def test_wrong_passphrase_stays_on_the_screen_with_a_message_and_changes_nothing(
    qtbot: QtBot, screen: UnlockScreen, vault_dir: Path
) -> None:
    before = snapshot(vault_dir)
    session = VaultSession(vault_dir, screen)
    with qtbot.waitSignal(session.busy_changed, check_params_cb=lambda busy: not busy, timeout=30_000):
        _type_and_unlock(qtbot, screen, "not the passphrase at all")
    assert session.vault is None
    assert "Wrong passphrase" in screen.message()
    assert screen.isVisible()
    field = screen.findChild(QLineEdit)
    assert field is not None
    assert field.isEnabled()
    assert snapshot(vault_dir) == before


def test_key_derivation_runs_off_the_gui_thread(qtbot: QtBot, screen: UnlockScreen, vault_dir: Path) -> None:
    """While Argon2id runs (about 0.1 s at the floor), the GUI event loop keeps processing: a 5 ms
    timer on the GUI thread keeps firing until the unlock finishes."""
    session = VaultSession(vault_dir, screen)
    ticks: list[bool] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(session.is_busy()))
    timer.start()
    with qtbot.waitSignal(session.unlocked, timeout=30_000):
        session.unlock(PASSPHRASE)
    timer.stop()
    assert sum(ticks) >= 5  # ticks delivered while the derivation was running
    assert session.vault is not None
    session.lock()


def test_empty_passphrase_asks_for_one_without_unlocking(qtbot: QtBot, screen: UnlockScreen) -> None:
    with qtbot.assertNotEmitted(screen.unlock_requested):
        _type_and_unlock(qtbot, screen, "")
    assert screen.message() != ""

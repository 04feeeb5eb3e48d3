"""Driving the keys, export and import dialogs of a real shell like a user does (offscreen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDir
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.qt_support import answer_next_question, make_shell, type_text
from tests.support import PASSPHRASE

LONG_RUN_MS = 60_000


def unlocked_shell(qtbot: Any, root: Path, language: Any) -> Any:
    language.apply("en")  # as the app does at start: English plural forms come from a catalog
    shell = make_shell(qtbot, root, language)
    with qtbot.waitSignal(shell.session.unlocked, timeout=LONG_RUN_MS):
        shell.session.unlock(PASSPHRASE)
    return shell


def choose_file(owner: Any, *paths: Path) -> QFileDialog:
    """Answers the file dialog `owner` just opened with `paths`; checks it is Qt's own."""
    dialog = owner.file_dialog
    assert isinstance(dialog, QFileDialog)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert set(dialog.history()) <= {QDir.homePath()}  # no folder remembered from before
    dialog.selectFile(" ".join(f'"{p}"' for p in paths) if len(paths) > 1 else str(paths[0]))
    dialog.accept()
    return dialog


def export_own_key(shell: Any, path: Path) -> None:
    shell.unlocked_view.keys_button.click()
    dialog = shell.keys.dialog
    assert dialog.isVisible()
    dialog.export_key_button.click()
    choose_file(dialog, path)
    assert dialog.message.text().startswith("Public key written to")
    dialog.reject()


def import_key(shell: Any, path: Path, name: str) -> str:
    """Imports a key file through the keys dialog (left open); returns its fingerprint."""
    shell.unlocked_view.keys_button.click()
    dialog = shell.keys.dialog
    dialog.import_key_button.click()
    choose_file(dialog, path)
    assert dialog.candidate_fingerprint.isVisibleTo(dialog)
    fingerprint = "-".join(dialog.candidate_fingerprint.text().split())
    type_text(dialog.name, name)
    dialog.add_button.click()
    assert dialog.selected_fingerprint() == fingerprint
    assert "not yet approved" in dialog.message.text()
    return fingerprint


def approve_selected(qtbot: Any, shell: Any) -> str:
    """Approves the contact selected in the open keys dialog (answering Yes), waits for the
    background approval to finish; returns the message."""
    dialog = shell.keys.dialog
    asked = answer_next_question(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(shell.session.key_approved, timeout=30_000):
        dialog.approve_button.click()
    assert asked and "safe channel" in asked[0]
    return str(dialog.message.text())

"""The app follows the system palette: under a dark palette (what a dark desktop theme hands Qt)
the list, the editor's fields and the unlock screen render dark with light text, so no widget
hard-codes a light colour."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.vault import create_vault
from intake.vault_settings import Role
from tests.qt_support import make_shell, submit_passphrase
from tests.support import PASSPHRASE, case_doc
from ui.language import LanguageSwitcher


def _dark_palette() -> QPalette:
    palette = QPalette()
    dark, base, text = QColor(45, 45, 48), QColor(30, 30, 32), QColor(230, 230, 230)
    for role, colour in (
        (QPalette.ColorRole.Window, dark),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, dark),
        (QPalette.ColorRole.Button, dark),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.PlaceholderText, QColor(150, 150, 150)),
    ):
        palette.setColor(role, colour)
    return palette


@pytest.fixture
def dark(qapp: Any) -> Iterator[None]:
    before = QApplication.palette()
    QApplication.setPalette(_dark_palette())
    yield
    QApplication.setPalette(before)


def _mean_lightness(widget: QWidget) -> float:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    step = 4
    values = [
        QColor(image.pixel(x, y)).lightnessF()
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
    ]
    return sum(values) / len(values)


def test_list_editor_and_unlock_screen_follow_a_dark_palette(
    qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher, dark: None
) -> None:
    with create_vault(tmp_path, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.store.create_case(case_doc("Тёмная тема", "рассказ"))
    shell = make_shell(qtbot, tmp_path, language)
    assert _mean_lightness(shell.unlock_screen) < 0.3
    with qtbot.waitSignal(shell.session.unlocked, timeout=30_000):
        submit_passphrase(shell, PASSPHRASE)

    page = shell.unlocked_view
    assert _mean_lightness(page) < 0.3
    assert _mean_lightness(page.table.viewport()) < 0.3

    shell.open_case(page.model.case_id_at(0))
    assert shell.currentWidget() is shell.editor
    title = shell.editor.form.title_field()
    assert title is not None
    assert _mean_lightness(title.input_widget()) < 0.3
    assert _mean_lightness(shell.editor) < 0.3
    with qtbot.waitSignal(shell.session.locked):
        shell.lock_now()

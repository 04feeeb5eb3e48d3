"""The case list after unlock: search, filter, sort, and nothing left behind after lock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.vault import create_vault
from intake.vault_settings import Role
from tests.qt_support import type_text
from tests.support import PASSPHRASE, case_doc
from ui.app import AppShell
from ui.language import LanguageSwitcher

MARKER = "МАРКЕР-7c1d"


@pytest.fixture
def language() -> Iterator[LanguageSwitcher]:
    switcher = LanguageSwitcher()
    yield switcher
    switcher.apply("en")


@pytest.fixture
def shell(qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher) -> AppShell:
    root = tmp_path / "vault"
    with create_vault(root, PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as vault:
        ids = vault.store.create_cases([case_doc(f"Дело {n:02d}", "обычный текст") for n in range(11)])
        vault.store.create_case(
            case_doc(f"Особое дело {MARKER}", f"нарратив {MARKER}", violations=["PHY.ASLT"])
        )
        for case_id in ids[:4]:
            vault.store.seal(case_id)
    app_shell = AppShell(root, language, kdf_params=MINIMUM)
    qtbot.addWidget(app_shell)
    app_shell.show()
    with qtbot.waitSignal(app_shell.session.unlocked, timeout=30_000):
        app_shell.session.unlock(PASSPHRASE)
    return app_shell


def _cell_texts(model: QAbstractItemModel) -> list[str]:
    return [
        str(model.data(model.index(row, column)) or "")
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    ]


def test_list_search_filter_and_sort(qtbot: QtBot, shell: AppShell) -> None:
    page = shell.unlocked_view
    model = page.model
    assert shell.currentWidget() is page
    assert model.rowCount() == 12
    assert any(MARKER in text for text in _cell_texts(model))
    type_text(page.search, "маркер")
    assert model.rowCount() == 1
    assert MARKER in str(model.data(model.index(0, 0)))
    assert "Physical assault" in str(model.data(model.index(0, 3)))
    page.search.clear()
    assert model.rowCount() == 12
    page.status.setCurrentIndex(2)  # sealed
    assert model.rowCount() == 4
    assert {model.data(model.index(r, 4)) for r in range(4)} == {"sealed"}
    page.status.setCurrentIndex(0)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    titles = [str(model.data(model.index(r, 0))) for r in range(model.rowCount())]
    assert titles == sorted(titles)


def test_after_lock_no_widget_or_model_holds_case_text(qtbot: QtBot, shell: AppShell) -> None:
    page = shell.unlocked_view
    type_text(page.search, MARKER.lower())
    assert page.model.rowCount() == 1
    with qtbot.waitSignal(shell.session.locked):
        page.lock_button.click()
    assert shell.currentWidget() is shell.unlock_screen
    leftovers = []
    for widget in [shell, *shell.findChildren(QWidget)]:
        texts = [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
        if isinstance(widget, QLineEdit | QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        leftovers += [(type(widget).__name__, t) for t in texts if MARKER.lower() in t.lower()]
    for model in shell.findChildren(QAbstractItemModel):
        leftovers += [(type(model).__name__, t) for t in _cell_texts(model) if MARKER.lower() in t.lower()]
    assert leftovers == []
    assert page.model.rowCount() == 0


def test_list_speaks_russian_with_plural_forms(
    qtbot: QtBot, shell: AppShell, language: LanguageSwitcher
) -> None:
    page = shell.unlocked_view
    language.apply("ru")
    qtbot.waitUntil(lambda: page.count.text() == "12 дел")
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Название"
    page.status.setCurrentIndex(2)
    assert page.count.text() == "4 дела"
    type_text(page.search, "маркер")
    assert page.count.text() == "1 дело"
    assert page.model.data(page.model.index(0, 3)) == "Нападение, побои"


def test_idle_vault_locks_itself_and_input_postpones_it(qtbot: QtBot, shell: AppShell) -> None:
    idle = shell.idle_lock
    assert idle.is_armed()
    assert idle.timeout_ms() == 5 * 60_000  # the default
    idle.set_timeout_ms(400)
    # Typing keeps it unlocked: each key restarts the timer.
    for _ in range(6):
        qtbot.waitUntil(lambda: idle._timer.remainingTime() < 250)
        type_text(shell.unlocked_view.search, "x")
        assert shell.session.vault is not None
    with qtbot.waitSignal(shell.session.locked, timeout=5_000):
        pass
    assert shell.currentWidget() is shell.unlock_screen
    assert shell.unlocked_view.model.rowCount() == 0
    assert not idle.is_armed()

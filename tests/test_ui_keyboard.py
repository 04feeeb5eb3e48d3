"""Keyboard-only use of the editor: the tab order follows the screen from top to bottom, reaches
every input and has no empty stops; tabs switch with Ctrl+PgDown; checklists tick with Space;
records are added with the keyboard; and a case written this way is saved with Ctrl+S."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.vault import create_vault, unlock_vault
from intake.vault_settings import Role
from tests.qt_support import make_shell, submit_passphrase, type_text
from tests.support import PASSPHRASE
from ui.app import AppShell
from ui.language import LanguageSwitcher

_INPUTS = (QLineEdit, QComboBox, QPlainTextEdit, QTreeWidget)


@pytest.fixture
def shell(qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher) -> AppShell:
    create_vault(tmp_path, PASSPHRASE, Role.FIELD, params=MINIMUM).lock()
    shell = make_shell(qtbot, tmp_path, language)
    with qtbot.waitSignal(shell.session.unlocked, timeout=30_000):
        submit_passphrase(shell, PASSPHRASE)
    shell.activateWindow()
    return shell


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _key(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focused(), key, modifier)


def _tab_cycle(qtbot: QtBot) -> list[QWidget]:
    """Every widget Tab visits, from the focused one until focus comes back to it."""
    start = _focused()
    chain = [start]
    for _ in range(200):
        _key(qtbot, Qt.Key.Key_Tab)
        if _focused() is start:
            return chain
        chain.append(_focused())
    raise AssertionError("Tab never came back to where it started")


def _centre(widget: QWidget, page: QWidget) -> QPoint:
    return widget.mapTo(page, widget.rect().center())


def _assert_reads_top_to_bottom(widgets: list[QWidget], page: QWidget) -> None:
    for before, after in itertools.pairwise(widgets):
        a, b = _centre(before, page), _centre(after, page)
        same_row = abs(a.y() - b.y()) <= 6
        assert (same_row and b.x() > a.x()) or b.y() > a.y(), (
            f"{after.accessibleName()!r} comes after {before.accessibleName()!r} but is placed before it"
        )


def _inputs_on(page: QWidget) -> list[QWidget]:
    tab_stop = Qt.FocusPolicy.TabFocus
    return [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, _INPUTS) and w.isVisible() and w.isEnabled() and w.focusPolicy() & tab_stop
    ]


def test_the_case_tab_is_walked_top_to_bottom_with_every_input_and_no_empty_stops(
    qtbot: QtBot, shell: AppShell
) -> None:
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert shell.currentWidget() is shell.editor
    form = shell.editor.form
    page = form.currentWidget()
    assert _focused().accessibleName() == "Title"  # a new case starts where one types first

    chain = _tab_cycle(qtbot)

    on_page = [w for w in chain if page.isAncestorOf(w)]
    assert set(on_page) == set(_inputs_on(page))
    _assert_reads_top_to_bottom(on_page, page)
    assert not [w for w in chain if isinstance(w, QAbstractScrollArea) and not isinstance(w, _INPUTS)]
    named = [w for w in chain if isinstance(w, _INPUTS)]
    assert all(w.accessibleName() for w in named)
    # The editor's own buttons and the tab bar are in the cycle too, so nothing needs a mouse.
    assert shell.editor.back_button in chain
    assert shell.editor.save_button in chain
    assert form.tabBar() in chain


def test_a_case_can_be_written_with_the_keyboard_alone(qtbot: QtBot, shell: AppShell, tmp_path: Path) -> None:
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = shell.editor.form
    type_text(_focused(), "Дело с клавиатуры")

    _key(qtbot, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert form.currentIndex() == form.count() - 1  # wraps round to the last tab
    _key(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert form.currentIndex() == 0
    _key(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert form.currentWidget() is form.widget(1)  # Categories
    violations = _focused()  # focus moves into the tab, to its first input
    assert isinstance(violations, QTreeWidget)
    assert violations.accessibleName() == "Violations"
    # The first row is a group heading; the first violation is under it.
    _key(qtbot, Qt.Key.Key_Down)
    _key(qtbot, Qt.Key.Key_Down)
    _key(qtbot, Qt.Key.Key_Space)
    ticked = form.document()["violations"]
    assert len(ticked) == 1

    _key(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert form.currentWidget() is form.persons
    # With nobody recorded yet, the first stop is the Add button.
    assert _focused() is form.persons.add_button
    _key(qtbot, Qt.Key.Key_Space)
    assert _focused().accessibleName() == "Pseudonym"  # a new record puts you in its first field
    type_text(_focused(), "Гроза")
    assert form.persons.entries.accessibleName() == "People in this case"

    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not shell.editor.is_dirty()
    with qtbot.waitSignal(shell.session.locked):
        _key(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    vault = unlock_vault(tmp_path, PASSPHRASE)
    try:
        (summary,) = vault.store.list_cases()
        stored = vault.store.get(summary.case_id).content
    finally:
        vault.lock()
    assert stored["title"] == "Дело с клавиатуры"
    assert stored["violations"] == ticked
    assert [person["pseudonym"] for person in stored["persons"]] == ["Гроза"]


def test_escape_leaves_the_editor_and_enter_reopens_the_case(qtbot: QtBot, shell: AppShell) -> None:
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_text(_focused(), "Дело для Esc")
    _key(qtbot, Qt.Key.Key_Escape)
    assert shell.currentWidget() is shell.unlocked_view
    table = shell.unlocked_view.table
    table.setFocus()
    table.selectRow(0)
    _key(qtbot, Qt.Key.Key_Return)
    assert shell.currentWidget() is shell.editor
    assert shell.editor.form.document()["title"] == "Дело для Esc"


def test_a_sealed_case_can_be_read_with_the_keyboard_and_not_changed(
    qtbot: QtBot, shell: AppShell, tmp_path: Path
) -> None:
    """Read-only checklists stay focusable (a disabled one could not be read or scrolled to),
    but Space does not tick anything."""
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_text(_focused(), "Запечатанное дело")
    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    typed = shell.editor.form.document()
    shell.show_case_list()
    case_id = shell.unlocked_view.model.case_id_at(0)
    assert shell.session.vault is not None
    shell.session.vault.store.seal(case_id)
    shell.open_case(case_id)
    form = shell.editor.form
    before = form.document()
    assert before == typed
    assert shell.editor.edit_button.isVisible()  # read-only until Edit

    form.tabBar().setFocus()
    _key(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    page = form.currentWidget()
    chain = _tab_cycle(qtbot)
    trees = [w for w in chain if isinstance(w, QTreeWidget) and page.isAncestorOf(w)]
    assert [t.accessibleName() for t in trees] == ["Violations", "Bias motivation", "Bias indicators"]
    trees[0].setFocus()
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Space):
        _key(qtbot, key)
    assert form.document() == before
    assert not shell.editor.is_dirty()

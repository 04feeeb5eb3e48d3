"""Typing into widgets like a keyboard does, Cyrillic included (QTest.keyClicks only knows ASCII)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """Every text a widget tree holds where a person or a screen reader could find it, with the
    widget's class: labels, fields (and whether their undo history still holds text), combo
    entries, list/tree/table items, tab titles, tooltips and accessible names."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QLabel,
        QLineEdit,
        QListWidget,
        QPlainTextEdit,
        QTabWidget,
        QTreeWidget,
        QTreeWidgetItemIterator,
    )

    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        texts = [
            widget.windowTitle(),
            widget.toolTip(),
            widget.accessibleName(),
            widget.accessibleDescription(),
        ]
        if isinstance(widget, QLineEdit | QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit) and widget.isUndoAvailable():
            texts.append("<undo history>")
        if isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
            if widget.document().isUndoAvailable():
                texts.append("<undo history>")
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QListWidget):
            texts += [item.text() for i in range(widget.count()) if (item := widget.item(i)) is not None]
        if isinstance(widget, QTreeWidget):
            iterator = QTreeWidgetItemIterator(widget)
            while iterator.value() is not None:
                texts.append(iterator.value().text(0))
                iterator += 1
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        found += [(type(widget).__name__, text) for text in texts if text]
    return found


def make_shell(qtbot: Any, data_dir: Path, language: Any) -> Any:
    """The real app shell on `data_dir`, shown, with the minimum (real) key-derivation cost."""
    from crypto.kdf import MINIMUM
    from ui.app import AppShell

    shell = AppShell(data_dir, language, kdf_params=MINIMUM)
    qtbot.addWidget(shell)
    shell.show()
    return shell


def submit_passphrase(shell: Any, passphrase: str) -> None:
    """Types `passphrase` into the unlock screen and presses Unlock (does not wait)."""
    from PySide6.QtWidgets import QLineEdit, QPushButton

    field = shell.unlock_screen.findChild(QLineEdit)
    button = shell.unlock_screen.findChild(QPushButton)
    assert field is not None
    assert button is not None
    type_text(field, passphrase)
    button.click()


def answer_next_question(button: Any) -> list[str]:
    """Answers the next modal question (a QMessageBox) with `button` once it is shown; returns
    what it asked."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        clicked = box.button(button)
        assert clicked is not None
        clicked.click()

    QTimer.singleShot(0, answer)
    return asked

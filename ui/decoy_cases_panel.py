"""The Decoys tab of the settings: harmless drafts that a duress unlock puts in the new vault
(intake/decoy_cases.py), so that it does not look freshly made.

It shows what it is told (`show_state`, `show_message`, `set_busy`) and asks through signals; the
settings controller (ui/settings_controller.py) passes them to the session. Titles only: a
draft's text is never shown here.

Signals:
- move_requested(list): ids of the ticked drafts, to move into the decoy cases
- clear_requested(): keep no decoy cases
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

_CASE_ID = Qt.ItemDataRole.UserRole


class DecoyCasesPanel(QWidget):
    move_requested = Signal(list)
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.kept_label = QLabel()
        self.kept = QListWidget()
        self.kept.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.drafts_label = QLabel()
        self.drafts = QListWidget()
        self.drafts.itemChanged.connect(self._ticks_changed)
        self.move_button = QPushButton()
        self.move_button.clicked.connect(self._request_move)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self._request_clear)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._busy = False
        self._duress_set = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        for label, view in ((self.kept_label, self.kept), (self.drafts_label, self.drafts)):
            label.setBuddy(view)
            layout.addWidget(label)
            layout.addWidget(view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.move_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.retranslate()
        self._enable()

    def retranslate(self) -> None:
        self.explanation.setText(
            self.tr(
                "A new vault that is completely empty can look suspicious. Write a few harmless "
                "drafts for this (a rental dispute, a question about a work contract), tick them "
                "below and move them here: after a duress unlock, the new vault holds them as "
                "drafts. Moving removes them from this vault, so they are never sent to a "
                "coordinator. They are kept encrypted, and only the duress passphrase leads to them."
            )
        )
        self.kept_label.setText(self.tr("&Decoy cases"))
        self.kept.setAccessibleName(self.tr("Decoy cases kept for a duress unlock"))
        self.drafts_label.setText(self.tr("Your &drafts that were never sealed"))
        self.drafts.setAccessibleName(self.tr("Drafts that can become decoy cases"))
        self.move_button.setText(self.tr("&Move the ticked drafts to the decoy cases"))
        self.move_button.setAccessibleName(self.move_button.text().replace("&", ""))
        self.clear_button.setText(self.tr("Remove &all decoy cases"))
        self.clear_button.setAccessibleName(self.clear_button.text().replace("&", ""))
        if self.isVisible():
            self._show_note()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_state(self, titles: Sequence[str], drafts: Sequence[tuple[str, str]], duress_set: bool) -> None:
        """The decoys kept, the drafts that could join them (id, title), and whether a duress
        passphrase exists to use them."""
        self._duress_set = duress_set
        self.kept.clear()
        for title in titles:
            self.kept.addItem(title)
        self.drafts.blockSignals(True)
        self.drafts.clear()
        for case_id, title in drafts:
            item = QListWidgetItem(title)
            item.setData(_CASE_ID, case_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.drafts.addItem(item)
        self.drafts.blockSignals(False)
        self._show_note()
        self._enable()

    def _show_note(self) -> None:
        # Redone on a language switch: the state, not the words, is what is kept.
        count = self.kept.count()
        if not count:
            note = self.tr("No decoy cases: a duress unlock opens an empty vault.")
        elif self._duress_set:
            note = self.tr("%n decoy case(s) will be in the new vault after a duress unlock.", "", count)
        else:
            note = self.tr("No duress passphrase is set, so nothing uses these until one is (Safety tab).")
        self.message.setText(note)

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._enable()

    def forget(self) -> None:
        """When the dialog is hidden (a lock): no titles stay in the widgets."""
        self.kept.clear()
        self.drafts.clear()
        self.message.setText("")
        self._enable()

    def _ticked(self) -> list[str]:
        items = (self.drafts.item(row) for row in range(self.drafts.count()))
        return [str(item.data(_CASE_ID)) for item in items if item.checkState() == Qt.CheckState.Checked]

    def _enable(self) -> None:
        self.move_button.setEnabled(not self._busy and bool(self._ticked()))
        self.clear_button.setEnabled(not self._busy and self.kept.count() > 0)
        self.drafts.setEnabled(not self._busy)

    def _ticks_changed(self, _item: QListWidgetItem) -> None:
        self._enable()

    def _request_move(self) -> None:
        ticked = self._ticked()
        if self._busy or not ticked:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Move to the decoy cases"),
            self.tr(
                "Move %n draft(s) to the decoy cases? They are removed from this vault and cannot be "
                "moved back.",
                "",
                len(ticked),
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.move_requested.emit(ticked)

    def _request_clear(self) -> None:
        if self._busy or self.kept.count() == 0:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove the decoy cases"),
            self.tr("Remove every decoy case? A duress unlock will then open an empty vault."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.clear_requested.emit()

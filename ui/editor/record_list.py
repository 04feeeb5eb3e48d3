"""A list section of the case (persons, acts, sources, …): entries on the left, the chosen entry's
form on the right, with Add and Remove. Each entry is a dict edited in place, so keys the form
does not show (ids) are kept as they were."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from intake.case_document import Problem
from ui.editor.field_form import FieldForm, owner_of
from ui.editor.fields import FIELDS_CONTEXT

_INDEXED = re.compile(r"\[(\d+)\](?:\.(.*))?")
Describe = Callable[[Mapping[str, Any], int], str]


class RecordListEditor(QWidget):
    edited = Signal()

    def __init__(
        self,
        section: str,
        *,
        build_form: Callable[[FieldForm], None],
        new_record: Callable[[], dict[str, Any]],
        describe: Describe,
        add_source: str,
        list_name: str,
        parent: QWidget | None = None,
    ) -> None:
        """`add_source` (the Add button's text) and `list_name` (what a screen reader calls the
        list) are marked with QT_TRANSLATE_NOOP("CaseFields", …)."""
        super().__init__(parent)
        self.section = section
        self._new_record = new_record
        self._describe = describe
        self._add_source = add_source
        self._list_name = list_name
        self._records: list[dict[str, Any]] = []
        self._problems: dict[int, dict[str, str]] = {}
        self._record_messages: dict[int, str] = {}
        self._read_only = False

        self.entries = QListWidget()
        self.entries.setMaximumWidth(280)
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.form = FieldForm()
        build_form(self.form)
        self.record_message = QLabel()
        self.record_message.setWordWrap(True)
        self.record_message.hide()
        self.empty_note = QLabel()
        self.empty_note.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left = QVBoxLayout()
        left.addWidget(self.entries, 1)
        left.addLayout(buttons)
        right_widget = QWidget()
        right = QVBoxLayout(right_widget)
        right.addWidget(self.empty_note)
        right.addWidget(self.record_message)
        right.addWidget(self.form)
        right.addStretch(1)
        scroll = QScrollArea()
        # The fields inside take focus themselves (and scroll into view); the area would only add
        # an empty stop to the tab chain.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setWidget(right_widget)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addWidget(scroll, 1)

        self.entries.currentRowChanged.connect(self._show_record)
        self.add_button.clicked.connect(self.add_record)
        self.remove_button.clicked.connect(lambda _checked=False: self.remove_current())
        self.form.edited.connect(self._form_edited)
        self.setTabOrder(self.entries, self.add_button)
        self.setTabOrder(self.add_button, self.remove_button)
        self.retranslate()
        self._update_state()

    # -- the document side ---------------------------------------------------------------------

    def records(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self._records)

    def load(self, records: Sequence[Any]) -> None:
        self._records = [copy.deepcopy(r) for r in records if isinstance(r, dict)]
        self._problems, self._record_messages = {}, {}
        self.entries.blockSignals(True)
        self.entries.clear()
        for index, record in enumerate(self._records):
            self.entries.addItem(self._item_text(record, index))
        self.entries.blockSignals(False)
        self.entries.setCurrentRow(0 if self._records else -1)
        self._show_record(self.entries.currentRow())

    def show_problems(self, problems: Sequence[Problem]) -> None:
        """Problems whose path starts with this section's key ("persons[2].pseudonym")."""
        self._problems, self._record_messages = {}, {}
        keys = self.form.field_keys()
        for problem in problems:
            match = _INDEXED.fullmatch(problem.path[len(self.section) :])
            if not problem.path.startswith(self.section) or match is None:
                continue
            index, rest = int(match.group(1)), match.group(2) or ""
            owner = owner_of(rest, keys) if rest else None
            if owner is None:
                self._record_messages[index] = problem.message
            else:
                self._problems.setdefault(index, {}).setdefault(owner, problem.message)
        for index, record in enumerate(self._records):
            item = self.entries.item(index)
            if item is not None:
                item.setText(self._item_text(record, index))
        self._show_problems_of(self.entries.currentRow())

    def wipe(self) -> None:
        self._records, self._problems, self._record_messages = [], {}, {}
        self.entries.clear()
        self.form.wipe()
        self.record_message.setText("")
        self._update_state()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.form.set_read_only(read_only)
        self._update_state()

    def retranslate(self) -> None:
        self.add_button.setText(QCoreApplication.translate(FIELDS_CONTEXT, self._add_source))
        self.remove_button.setText(QCoreApplication.translate("CaseFields", "Remove"))
        self.empty_note.setText(QCoreApplication.translate("CaseFields", "Nothing recorded here yet."))
        self.entries.setAccessibleName(QCoreApplication.translate(FIELDS_CONTEXT, self._list_name))
        self.form.retranslate()
        for index, record in enumerate(self._records):
            item = self.entries.item(index)
            if item is not None:
                item.setText(self._item_text(record, index))

    # -- user actions --------------------------------------------------------------------------

    def add_record(self) -> None:
        self._records.append(self._new_record())
        index = len(self._records) - 1
        self.entries.addItem(self._item_text(self._records[index], index))
        self.entries.setCurrentRow(index)
        self.edited.emit()
        first = self.form.fields()
        if first:
            first[0].setFocus()

    def remove_current(self, *, confirm: bool = True) -> None:
        index = self.entries.currentRow()
        if not 0 <= index < len(self._records):
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                QCoreApplication.translate("CaseFields", "Remove entry"),
                QCoreApplication.translate("CaseFields", "Remove this entry and everything typed in it?"),
            )
            # The vault may have locked (and this list been wiped) while the question was open.
            if answer != QMessageBox.StandardButton.Yes or self.entries.currentRow() != index:
                return
            if not 0 <= index < len(self._records):
                return
        del self._records[index]
        self._problems, self._record_messages = {}, {}
        self.load(self._records)
        self.entries.setCurrentRow(min(index, len(self._records) - 1))
        self.edited.emit()

    # -- helpers -------------------------------------------------------------------------------

    def _item_text(self, record: Mapping[str, Any], index: int) -> str:
        flagged = index in self._problems or index in self._record_messages
        return ("⚠ " if flagged else "") + self._describe(record, index)

    def _form_edited(self) -> None:
        index = self.entries.currentRow()
        if not 0 <= index < len(self._records):
            return
        self.form.write_into(self._records[index])
        item = self.entries.item(index)
        if item is not None:
            item.setText(self._item_text(self._records[index], index))
        self.edited.emit()

    def _show_record(self, index: int) -> None:
        if 0 <= index < len(self._records):
            self.form.load(self._records[index])
        else:
            self.form.wipe()
        self._show_problems_of(index)
        self._update_state()

    def _show_problems_of(self, index: int) -> None:
        self.form.show_problems(self._problems.get(index, {}))
        message = self._record_messages.get(index, "")
        self.record_message.setText(message)
        self.record_message.setVisible(bool(message))

    def _update_state(self) -> None:
        has_current = 0 <= self.entries.currentRow() < len(self._records)
        self.form.setVisible(has_current)
        self.empty_note.setVisible(not self._records)
        # An empty list is no place to stop: Tab goes straight to Add.
        self.entries.setFocusPolicy(Qt.FocusPolicy.StrongFocus if self._records else Qt.FocusPolicy.NoFocus)
        self.add_button.setEnabled(not self._read_only)
        self.remove_button.setEnabled(has_current and not self._read_only)

"""The main page once unlocked: search, a status filter and the case list.

Signals:
- lock_requested(): the user asked to lock (button or Ctrl+L)
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from intake.case_store import CaseStore
from ui.case_list_model import CaseListModel

_STATUS_FILTERS = (None, "draft", "sealed")
_UPDATED_COLUMN = 5
_COLUMN_WIDTHS = (300, 90, 140, 180, 85, 130)


class CaseListPage(QWidget):
    lock_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseListModel(self)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.model.set_search)
        self.status = QComboBox()
        self.status.addItems(["", "", ""])
        self.status.currentIndexChanged.connect(lambda index: self.model.set_status(_STATUS_FILTERS[index]))
        self.lock_button = QPushButton()
        self.lock_button.clicked.connect(self.lock_requested)
        self.count = QLabel()
        self.model.modelReset.connect(self._show_count)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        # Enabling sorting sorts by column 0 at once; start from "most recently changed first".
        self.table.sortByColumn(_UPDATED_COLUMN, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # Fixed widths: sizing to contents would read every row of a 100,000-case list.
        for column, width in enumerate(_COLUMN_WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.status)
        bar.addWidget(self.lock_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.setTabOrder(self.search, self.status)
        self.setTabOrder(self.status, self.table)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.search.setFocus)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search all case text"))
        self.search.setAccessibleName(self.tr("Search"))
        for index, text in enumerate((self.tr("All cases"), self.tr("Drafts"), self.tr("Sealed"))):
            self.status.setItemText(index, text)
        self.status.setAccessibleName(self.tr("Show"))
        self.lock_button.setText(self.tr("Lock"))
        self.lock_button.setToolTip(self.tr("Lock the vault (Ctrl+L)"))
        self.table.setAccessibleName(self.tr("Cases"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def attach(self, store: CaseStore) -> None:
        self.model.attach(store)

    def clear(self) -> None:
        """Drops every case from the model and every typed search (at lock)."""
        self.search.blockSignals(True)
        self.search.setText("")  # not clear(): that keeps the text in the undo history
        self.search.blockSignals(False)
        self.status.blockSignals(True)
        self.status.setCurrentIndex(0)
        self.status.blockSignals(False)
        self.model.clear()

    def _show_count(self) -> None:
        self.count.setText(self.tr("%n case(s)", "", self.model.rowCount()))

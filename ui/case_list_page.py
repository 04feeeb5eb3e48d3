"""The main page once unlocked: search, the filter bar and the case list.

Signals:
- lock_requested(): the user asked to lock (button or Ctrl+L)
- case_activated(str): a row was activated (double-click or Enter); the case's id
- new_case_requested(): the "New case" button (the shell binds Ctrl+N to the same action)
- settings_requested(), export_requested(), import_requested(), keys_requested(): the buttons
  (the shell binds Ctrl+, / Ctrl+E / Ctrl+I / Ctrl+K to the same actions)
- statistics_requested(): the "Statistics…" button, shown to coordinators only (the shell binds
  Ctrl+Shift+S to the same action)

The panic wipe is an action the shell owns (ui/panic_wipe.py); `set_panic_action` shows it as the
last button of the bar.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from intake.case_store import CaseStore
from ui.case_list_model import CaseListModel
from ui.list_filters import ListFilters

_UPDATED_COLUMN = 5
_COLUMN_WIDTHS = (300, 90, 140, 180, 85, 130)


def _button(signal: SignalInstance) -> QPushButton:
    button = QPushButton()
    button.clicked.connect(signal)
    return button


def _panic_button() -> QToolButton:
    button = QToolButton()
    button.setObjectName("panicButton")
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    # Bold rather than a colour of its own: it must stand out under any palette, dark included.
    font = button.font()
    font.setBold(True)
    button.setFont(font)
    button.hide()  # until the shell hands over the action
    return button


class CaseListPage(QWidget):
    lock_requested = Signal()
    case_activated = Signal(str)
    new_case_requested = Signal()
    settings_requested = Signal()
    export_requested = Signal()
    import_requested = Signal()
    keys_requested = Signal()
    statistics_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseListModel(self)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.filters = ListFilters()
        self.filters.changed.connect(lambda: self.model.set_filter(self.filters.case_filter()))
        self.status = self.filters.status
        self.new_button = _button(self.new_case_requested)
        self.lock_button = _button(self.lock_requested)
        self.settings_button = _button(self.settings_requested)
        self.export_button = _button(self.export_requested)
        self.import_button = _button(self.import_requested)
        self.keys_button = _button(self.keys_requested)
        self.statistics_button = _button(self.statistics_requested)
        self.statistics_button.hide()  # coordinators only: see set_statistics_available
        self.panic_button = _panic_button()
        self.count = QLabel()
        self.search_note = QLabel()
        self.search_note.hide()
        self.model.modelReset.connect(self._show_count)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        # Enabling sorting sorts by column 0 at once; start from "most recently changed first".
        self.table.sortByColumn(_UPDATED_COLUMN, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.activated.connect(self._row_activated)
        header = self.table.horizontalHeader()
        # Connected after the view's own handler, so the model has already accepted or refused.
        header.sortIndicatorChanged.connect(self._keep_sort_indicator_truthful)
        # Fixed widths: sizing to contents would read every row of a 100,000-case list.
        for column, width in enumerate(_COLUMN_WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self._build_layout()
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.search.setFocus)
        self.retranslate()

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        buttons = (
            self.new_button,
            self.export_button,
            self.import_button,
            self.statistics_button,
            self.keys_button,
            self.settings_button,
            self.lock_button,
        )
        for button in buttons:
            bar.addWidget(button)
        bar.addSpacing(24)  # apart from Lock, so that neither is pressed for the other
        bar.addWidget(self.panic_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.count)
        footer.addWidget(self.search_note, 1)
        layout.addLayout(footer)
        chain = (
            self.search,
            self.filters.status,
            self.filters.violation,
            self.filters.district,
            self.filters.subject,
            self.filters.occurred_from,
            self.filters.occurred_to,
            self.filters.clear_button,
            self.table,
            self.new_button,
            self.export_button,
            self.import_button,
            self.statistics_button,
            self.keys_button,
            self.settings_button,
            self.lock_button,
            self.panic_button,
        )
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search all case text"))
        self.search.setAccessibleName(self.tr("Search"))
        self.new_button.setText(self.tr("New case"))
        self.new_button.setToolTip(self.tr("Record a new case (Ctrl+N)"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Write sealed cases to a bundle for a coordinator (Ctrl+E)"))
        self.import_button.setText(self.tr("Import…"))
        self.import_button.setToolTip(self.tr("Read bundles received from other devices (Ctrl+I)"))
        self.statistics_button.setText(self.tr("Statistics…"))
        self.statistics_button.setToolTip(
            self.tr(
                "Counts by violation, region, perpetrator and more; publication-safe exports (Ctrl+Shift+S)"
            )
        )
        self.keys_button.setText(self.tr("Keys…"))
        self.keys_button.setToolTip(self.tr("This vault's fingerprint and other devices' keys (Ctrl+K)"))
        self.settings_button.setText(self.tr("Settings"))
        self.settings_button.setToolTip(
            self.tr("Language, auto-lock time, passphrase, panic wipe and duress passphrase (Ctrl+,)")
        )
        self.lock_button.setText(self.tr("Lock"))
        self.lock_button.setToolTip(self.tr("Lock the vault (Ctrl+L)"))
        self.table.setAccessibleName(self.tr("Cases"))
        self.search_note.setText(self.tr("— filters are off while searching"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_panic_action(self, action: QAction) -> None:
        self.panic_button.setDefaultAction(action)
        self.panic_button.show()

    def attach(self, store: CaseStore) -> None:
        self.model.attach(store)

    def set_statistics_available(self, available: bool) -> None:
        """Statistics are the coordinator's: a field vault never shows the button."""
        self.statistics_button.setVisible(available)

    def hold(self, held: bool) -> None:
        """While a background task owns the vault's connection the list reads nothing (see
        CaseListModel.hold); releasing re-reads it."""
        if held:
            self.model.hold()
        else:
            self.model.release()

    def refresh(self) -> None:
        """Re-reads the list (after a case was saved) with the same search, filters and sort, and
        keeps the current case selected when it is still near where it was."""
        current = self.table.currentIndex()
        case_id = self.model.case_id_at(current.row()) if current.isValid() else None
        self.model.refresh()
        row = None if case_id is None else self.model.row_of(case_id, near=current.row())
        if row is not None:
            index = self.model.index(row, 0)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def clear(self) -> None:
        """Drops every case from the model, every typed search and every filter (at lock)."""
        self.search.blockSignals(True)
        self.search.setText("")  # not clear(): that keeps the text in the undo history
        self.search.blockSignals(False)
        self.filters.reset()
        self.model.clear()
        self.statistics_button.hide()
        self._show_search_state()

    def _search_changed(self, text: str) -> None:
        self.model.set_search(text)
        self._show_search_state()

    def _show_search_state(self) -> None:
        searching = self.model.is_searching()
        self.filters.set_search_active(searching)
        self.search_note.setVisible(searching)
        # A search lists newest first whatever the header says, so the header says nothing.
        self.table.horizontalHeader().setSortIndicatorShown(not searching)

    def _keep_sort_indicator_truthful(self, column: int, order: Qt.SortOrder) -> None:
        """A click on a column the list cannot be sorted by (or any click during a search) moves
        the header's arrow although the model ignored it: put the arrow back."""
        real_column, real_order = self.model.sort_indicator()
        if (column, order) != (real_column, real_order):
            header = self.table.horizontalHeader()
            header.blockSignals(True)  # the view would ask the model to sort again
            header.setSortIndicator(real_column, real_order)
            header.blockSignals(False)

    def _row_activated(self, index: QModelIndex) -> None:
        case_id = self.model.case_id_at(index.row())
        if case_id is not None:
            self.case_activated.emit(case_id)

    def _show_count(self) -> None:
        self.count.setText(self.tr("%n case(s)", "", self.model.rowCount()))

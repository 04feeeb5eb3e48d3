"""The case list as a Qt table model over the store, loading only the pages that are looked at.

`rowCount` comes from one COUNT query; rows are fetched a page at a time when a view asks for
them, so a vault of 100,000 cases costs what the visible rows cost. Nothing is kept beyond the
pages seen since the last reset, and `clear()` (called at lock) drops them all.

The model lists either the filtered case list (`set_filter`, sorted by `sort`) or the results of a
full-text search (`set_search`), newest first. The store's search takes no filters, so while a
search is typed the filter is kept but not applied (the filter bar says so), and sorting is off.

While a background task owns the vault's connection (export, import), `hold()` stops every read:
rows already loaded still show, others stay blank, and `release()` re-reads the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import chain
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from intake.case_queries import CaseFilter, CaseSummary
from intake.case_store import CaseStore
from intake.i18n import current_language
from intake.vocabulary import default_vocabularies

PAGE_SIZE = 200
# The store's sort key for each column (title, occurred, region, categories, status, updated);
# None where the store has no index to sort by.
SORT_KEYS: Sequence[str | None] = ("title", "occurred_first", None, None, None, "updated_at")

_Index = QModelIndex | QPersistentModelIndex


class CaseListModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store: CaseStore | None = None
        self._filter = CaseFilter()
        self._query = ""
        self._sort = "updated_at"
        self._descending = True
        self._count = 0
        self._pages: dict[int, list[CaseSummary]] = {}
        self._held = False

    # -- what is shown -------------------------------------------------------------------------

    def attach(self, store: CaseStore) -> None:
        self._store = store
        self.refresh()

    def clear(self) -> None:
        """Forgets the store and every row it ever returned (at lock)."""
        self.beginResetModel()
        self._store = None
        self._query = ""
        self._filter = CaseFilter()
        self._count = 0
        self._pages = {}
        self._held = False
        self.endResetModel()

    def set_search(self, text: str) -> None:
        self._query = text.strip()
        self.refresh()

    def set_filter(self, case_filter: CaseFilter) -> None:
        self._filter = case_filter
        if not self._query:  # a search ignores the filter: nothing to re-read
            self.refresh()

    def set_status(self, status: str | None) -> None:
        self.set_filter(replace(self._filter, status=status))

    @property
    def case_filter(self) -> CaseFilter:
        return self._filter

    def is_searching(self) -> bool:
        return bool(self._query)

    def sort_indicator(self) -> tuple[int, Qt.SortOrder]:
        """The column and direction the list is really sorted by (a search keeps its own order)."""
        order = Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder
        return list(SORT_KEYS).index(self._sort), order

    def case_id_at(self, row: int) -> str | None:
        summary = self._summary(row)
        return None if summary is None else summary.case_id

    def row_of(self, case_id: str, near: int) -> int | None:
        """The row showing `case_id`, looked for only in the page around `near` and the first page
        (cheap: a view loads those anyway); None if it is not there."""
        page_start = near // PAGE_SIZE * PAGE_SIZE
        near_page = range(page_start, min(self._count, page_start + PAGE_SIZE))
        for row in chain((near,), range(min(self._count, PAGE_SIZE)), near_page):
            if self.case_id_at(row) == case_id:
                return row
        return None

    def hold(self) -> None:
        self._held = True

    def release(self) -> None:
        if self._held:
            self._held = False
            self.refresh()

    def refresh(self) -> None:
        if self._held:
            return  # release() re-reads
        self.beginResetModel()
        self._pages = {}
        self._count = self._fetch_count()
        self.endResetModel()

    # -- Qt model interface --------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(SORT_KEYS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._header(section)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) or not index.isValid():
            return None
        summary = self._summary(index.row())
        return None if summary is None else self._cell(summary, index.column())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS[column] if 0 <= column < len(SORT_KEYS) else None
        if key is None or self._query:
            return  # search lists newest first (docs/decisions/0007-search-order.md)
        self._sort, self._descending = key, order == Qt.SortOrder.DescendingOrder
        self.refresh()

    # -- helpers -------------------------------------------------------------------------------

    def _header(self, section: int) -> str:
        headers = (
            self.tr("Title"),
            self.tr("Occurred"),
            self.tr("Region"),
            self.tr("Categories"),
            self.tr("Status"),
            self.tr("Updated"),
        )
        return headers[section] if 0 <= section < len(headers) else ""

    def _fetch_count(self) -> int:
        if self._store is None:
            return 0
        if self._query:
            return self._store.count_search(self._query)
        return self._store.count_cases(**self._filter_arguments())

    def _filter_arguments(self) -> dict[str, Any]:
        f = self._filter
        return {
            "status": f.status,
            "district": f.district,
            "subject": f.subject,
            "violation_group_codes": f.violation_group_codes,
            "occurred_from": f.occurred_from,
            "occurred_to": f.occurred_to,
        }

    def _summary(self, row: int) -> CaseSummary | None:
        if self._store is None or not 0 <= row < self._count:
            return None
        page = row // PAGE_SIZE
        if page not in self._pages:
            if self._held:
                return None
            offset = page * PAGE_SIZE
            if self._query:
                rows = self._store.search(self._query, limit=PAGE_SIZE, offset=offset)
            else:
                rows = self._store.list_cases(
                    **self._filter_arguments(),
                    sort=self._sort,
                    descending=self._descending,
                    limit=PAGE_SIZE,
                    offset=offset,
                )
            self._pages[page] = rows
        rows = self._pages[page]
        position = row - page * PAGE_SIZE
        return rows[position] if position < len(rows) else None

    def _cell(self, summary: CaseSummary, column: int) -> str:
        # One column's text per call: a view asks for every visible cell, twice (text, tooltip).
        renderers = (
            lambda: summary.title,
            lambda: summary.occurred_first or "",
            lambda: self._region(summary),
            lambda: ", ".join(
                default_vocabularies().label("violation", code, current_language())
                for code in summary.violations
            ),
            lambda: self.tr("sealed") if summary.status == "sealed" else self.tr("draft"),
            lambda: summary.updated_at.replace("T", " ").removesuffix("Z"),
        )
        return renderers[column]() if 0 <= column < len(renderers) else ""

    @staticmethod
    def _region(summary: CaseSummary) -> str:
        region = summary.subject or summary.district
        return default_vocabularies().label("region", region, current_language()) if region else ""

"""Several codes of one vocabulary, as a checklist; grouped vocabularies (violations) show their
groups as parent rows, and checking a group checks every code in it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from intake.i18n import current_language
from intake.vocabulary import default_vocabularies
from ui.editor.fields import FieldBase

_CODE = Qt.ItemDataRole.UserRole


class CodeChecklist(FieldBase):
    def __init__(self, vocabulary: str, parent: QWidget | None = None, *, height: int = 180) -> None:
        super().__init__(parent)
        self.vocabulary = vocabulary
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setMinimumHeight(height)
        self.tree.setUniformRowHeights(True)
        # The stored order is kept for codes already there: re-ordering would change the
        # document (and, for a sealed case, start a new revision) without any user edit.
        self._order: list[str] = []
        self._loading = False
        self._read_only = False
        self._items: dict[str, QTreeWidgetItem] = {}
        self._group_items: dict[str, QTreeWidgetItem] = {}
        self.tree.itemChanged.connect(self._changed)
        self._single(self.tree)
        self._build()

    def _build(self) -> None:
        vocab, language = default_vocabularies(), current_language()
        groups = vocab.groups(self.vocabulary)
        self._loading = True
        self.tree.clear()
        self._items, self._group_items = {}, {}
        for code, (english, russian) in groups.items():
            parent = QTreeWidgetItem(self.tree, [russian if language == "ru" else english])
            parent.setFlags(self._checkable(parent.flags() | Qt.ItemFlag.ItemIsAutoTristate))
            parent.setCheckState(0, Qt.CheckState.Unchecked)
            self._group_items[code] = parent
        for term in vocab.terms(self.vocabulary):
            group = self._group_items.get(term.group or "")
            item = (
                QTreeWidgetItem([term.label(language)])
                if group is None
                else QTreeWidgetItem(group, [term.label(language)])
            )
            if group is None:
                self.tree.addTopLevelItem(item)
            item.setData(0, _CODE, term.code)
            item.setFlags(self._checkable(item.flags()))
            item.setCheckState(
                0, Qt.CheckState.Checked if term.code in self._order else Qt.CheckState.Unchecked
            )
            self._items[term.code] = item
        for parent in self._group_items.values():
            children = (parent.child(i) for i in range(parent.childCount()))
            parent.setExpanded(
                any(c is not None and c.checkState(0) == Qt.CheckState.Checked for c in children)
            )
        self._loading = False

    def _checkable(self, flags: Qt.ItemFlag) -> Qt.ItemFlag:
        if self._read_only:
            return flags & ~Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsUserCheckable

    def _changed(self, item: QTreeWidgetItem, _column: int) -> None:
        if self._loading:
            return
        code = item.data(0, _CODE)
        if not isinstance(code, str):
            return  # a group row: Qt re-checks its children, which arrive here one by one
        checked = item.checkState(0) == Qt.CheckState.Checked
        if checked and code not in self._order:
            self._order.append(code)
        elif not checked and code in self._order:
            self._order.remove(code)
        self.edited.emit()

    def value(self) -> list[str]:
        return list(self._order)

    def set_value(self, value: Any) -> None:
        self._order = [code for code in value if isinstance(code, str)] if isinstance(value, list) else []
        self._build()

    def set_read_only(self, read_only: bool) -> None:
        # Read-only stays enabled: a disabled tree could not take focus, so the keyboard could
        # neither read it (screen readers skip it) nor scroll the tab down to the lists below.
        self._read_only = read_only
        self._build()

    def relabel(self) -> None:
        self._build()

    def input_widget(self) -> QWidget:
        return self.tree

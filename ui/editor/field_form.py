"""A labelled form of fields bound to keys of a document, with each problem shown under its field.

Keys are dotted paths into the document ("title", "location.city"). A field added with
`merge=True` returns a dict that is merged into the object at its key (the region picker fills
`location.district` and `location.subject`). A problem reported by the core for a path belongs to
the field with the longest key that is a prefix of the path (`occurred.date` -> `occurred`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from ui.editor.fields import FIELDS_CONTEXT, FieldBase

# White on dark red reads the same in light and dark palettes.
_ERROR_STYLE = "color: #ffffff; background: #b3261e; padding: 2px 6px; border-radius: 3px;"


@dataclass
class _Row:
    key: str
    label_source: str
    field: FieldBase
    label: QLabel
    error: QLabel
    required: bool
    merge: bool


def _get(doc: Mapping[str, Any], key: str) -> Any:
    value: Any = doc
    for part in key.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _put(doc: dict[str, Any], key: str, value: Any, *, merge: bool) -> None:
    parts = key.split(".")
    target = doc
    for part in parts[:-1]:
        child = target.get(part)
        if not isinstance(child, dict):
            child = target[part] = {}
        target = child
    if merge and isinstance(value, dict):
        existing = target.get(parts[-1])
        merged = dict(existing) if isinstance(existing, dict) else {}
        merged.update(value)
        target[parts[-1]] = merged
    else:
        target[parts[-1]] = value


def owner_of(path: str, keys: list[str]) -> str | None:
    """The key that a problem at `path` belongs to: the longest key that is `path` or a prefix."""
    owners = [key for key in keys if path == key or path.startswith((key + ".", key + "["))]
    return max(owners, key=len) if owners else None


class FieldForm(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._headings: list[tuple[QGroupBox | QLabel, str]] = []
        self._subforms: list[FieldForm] = []
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._layout = QFormLayout()
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._outer.addLayout(self._layout)

    def add(
        self, key: str, label_source: str, field: FieldBase, *, required: bool = False, merge: bool = False
    ) -> FieldBase:
        """`label_source` is marked with QT_TRANSLATE_NOOP("CaseFields", ...) by the caller."""
        label = QLabel()
        label.setBuddy(field.input_widget())
        error = QLabel()
        error.setWordWrap(True)
        error.setStyleSheet(_ERROR_STYLE)
        error.hide()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(error)
        self._layout.addRow(label, holder)
        field.edited.connect(self.edited)
        self._rows.append(_Row(key, label_source, field, label, error, required, merge))
        self._label_row(self._rows[-1])
        return field

    def add_group(self, title_source: str, note_source: str) -> FieldForm:
        """A framed sub-form (the identifying section) whose fields belong to this form."""
        box = QGroupBox()
        inner = QVBoxLayout(box)
        note = QLabel()
        note.setWordWrap(True)
        inner.addWidget(note)
        sub = FieldForm()
        inner.addWidget(sub)
        self._outer.addWidget(box)
        self._headings += [(box, title_source), (note, note_source)]
        sub.edited.connect(self.edited)
        self._subforms.append(sub)
        self.retranslate()
        return sub

    def field_keys(self) -> list[str]:
        return [row.key for row in self._rows] + [key for sub in self._subforms for key in sub.field_keys()]

    def fields(self) -> list[FieldBase]:
        return [row.field for row in self._rows] + [f for sub in self._subforms for f in sub.fields()]

    def load(self, doc: Mapping[str, Any]) -> None:
        for row in self._rows:
            row.field.set_value(_get(doc, row.key))
        for sub in self._subforms:
            sub.load(doc)

    def write_into(self, doc: dict[str, Any]) -> None:
        for row in self._rows:
            _put(doc, row.key, row.field.value(), merge=row.merge)
        for sub in self._subforms:
            sub.write_into(doc)

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """`problems`: key (as added) -> message; every other field's message is hidden."""
        for row in self._rows:
            message = problems.get(row.key)
            row.error.setText(message or "")
            row.error.setVisible(bool(message))
            row.field.input_widget().setAccessibleDescription(message or "")
        for sub in self._subforms:
            sub.show_problems(problems)

    def label_of(self, key: str) -> str | None:
        for row in self._rows:
            if row.key == key:
                return QCoreApplication.translate(FIELDS_CONTEXT, row.label_source)
        return next((label for sub in self._subforms if (label := sub.label_of(key))), None)

    def first_field_with(self, key: str) -> FieldBase | None:
        for row in self._rows:
            if row.key == key:
                return row.field
        return next((field for sub in self._subforms if (field := sub.first_field_with(key))), None)

    def wipe(self) -> None:
        self.show_problems({})  # also the accessible descriptions, which may quote a typed date
        for row in self._rows:
            row.field.wipe()
        for sub in self._subforms:
            sub.wipe()

    def set_read_only(self, read_only: bool) -> None:
        for field in self.fields():
            field.set_read_only(read_only)

    def retranslate(self) -> None:
        for row in self._rows:
            self._label_row(row)
            row.field.relabel()
        for widget, source in self._headings:
            text = QCoreApplication.translate(FIELDS_CONTEXT, source)
            if isinstance(widget, QGroupBox):
                widget.setTitle(text)
            else:
                widget.setText(text)
        for sub in self._subforms:
            sub.retranslate()

    @staticmethod
    def _label_row(row: _Row) -> None:
        text = QCoreApplication.translate(FIELDS_CONTEXT, row.label_source)
        row.label.setText(text + (" *" if row.required else ""))
        row.field.input_widget().setAccessibleName(text)

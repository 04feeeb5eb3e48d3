"""The editor's input widgets, each holding one value of the case document.

Every field has the same small interface (FieldBase): `value()` in the document's shape,
`set_value()`, an `edited` signal for changes made by the user (never for set_value), `wipe()`
for lock (which also drops undo history, where typed text would otherwise survive), read-only
mode, and `relabel()` for a language switch. Fields never validate: whatever the user types is
kept as typed, and the problems found by the core are shown next to the field by FieldForm.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QMimeData, Signal
from PySide6.QtGui import QFont, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from intake.case_document import LONG_TEXT_MAX, PERPETRATOR_COUNT_MAX
from intake.i18n import current_language
from intake.vocabulary import default_vocabularies

# QLineEdit silently cuts pasted text at 32,767 characters by default; the core reports overlong
# text instead, so the widget must keep all of it.
_NO_PRACTICAL_LIMIT = 10_000_000
FIELDS_CONTEXT = "CaseFields"


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Marks `source` for Qt Linguist in `context` and returns it untranslated (translated when
    shown, so a language switch re-reads it). Qt's own version is typed as returning object."""
    del context
    return source


def translate(source: str) -> str:
    return QCoreApplication.translate(FIELDS_CONTEXT, source)


def vocabulary_label(vocabulary: str, code: str) -> str:
    return default_vocabularies().label(vocabulary, code, current_language())


class FieldBase(QWidget):
    edited = Signal()

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def wipe(self) -> None:
        self.set_value(None)

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def relabel(self) -> None:
        """Re-reads labels after a language switch (vocabulary labels, placeholders)."""

    def input_widget(self) -> QWidget:
        """The widget that takes focus and carries the accessible name."""
        return self

    def _single(self, widget: QWidget, *, stretch_after: bool = False) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(widget)
        if stretch_after:  # a narrow field sits at the left, like its neighbours' text
            layout.addStretch(1)
        self.setFocusProxy(widget)


class _LineField(FieldBase):
    def __init__(self, placeholder: str = "", parent: QWidget | None = None, *, narrow: bool = False) -> None:
        super().__init__(parent)
        self._placeholder = placeholder
        self.line = QLineEdit()
        self.line.setMaxLength(_NO_PRACTICAL_LIMIT)
        self.line.textEdited.connect(self.edited)
        if narrow:
            self.line.setMaximumWidth(160)
        self._single(self.line, stretch_after=narrow)
        self.relabel()

    def set_value(self, value: Any) -> None:
        # setText, not clear(): clear() is undoable, so the old text would stay in the undo stack.
        self.line.setText(value if isinstance(value, str) else "")

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)

    def relabel(self) -> None:
        self.line.setPlaceholderText(translate(self._placeholder) if self._placeholder else "")

    def input_widget(self) -> QWidget:
        return self.line


class TextLine(_LineField):
    def value(self) -> str:
        return self.line.text()


class _PlainText(QPlainTextEdit):
    """Refuses a paste far beyond any field's limit: Qt lays out a long single line in time that
    grows with the square of its length, so a stray megabyte would freeze the app (and again at
    every reopen of the kept edit). The refused text stays on the clipboard."""

    paste_refused = Signal()

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText() and len(source.text()) > LONG_TEXT_MAX:
            self.paste_refused.emit()
            return
        super().insertFromMimeData(source)


class TextArea(FieldBase):
    """Multi-line text. `value()` returns exactly what was loaded until the user edits it: Qt's
    plain-text view changes no-break spaces and line endings, and that must not rewrite testimony
    (or start a revision of a sealed case) in a field nobody touched. Edited text is read raw,
    keeping no-break spaces; its line breaks come back as \n."""

    def __init__(self, parent: QWidget | None = None, *, minimum_height: int = 90) -> None:
        super().__init__(parent)
        self._loaded = ""
        self.text = _PlainText()
        self.text.paste_refused.connect(self._refused)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.text.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.text.setMinimumHeight(minimum_height)
        self._loading = False
        self.text.textChanged.connect(self._changed)
        self._single(self.text)
        layout = self.layout()
        if isinstance(layout, QHBoxLayout):
            layout.setDirection(QHBoxLayout.Direction.TopToBottom)
            layout.addWidget(self.notice)

    def _changed(self) -> None:
        if not self._loading:
            self.notice.hide()
            self.edited.emit()

    def _refused(self) -> None:
        self.notice.setText(
            QCoreApplication.translate(
                "CaseFields",
                "Not pasted: the text is longer than {limit} characters. It is still on the clipboard.",
            ).format(limit=LONG_TEXT_MAX)
        )
        self.notice.show()

    def value(self) -> str:
        if not self.text.document().isModified():
            return self._loaded
        return self.text.document().toRawText().replace("\u2029", "\n").replace("\u2028", "\n")

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self._loaded = value if isinstance(value, str) else ""
            self.text.setPlainText(self._loaded)
            self.text.document().clearUndoRedoStacks()
            self.text.document().setModified(False)
            self.notice.hide()
        finally:
            self._loading = False

    def set_read_only(self, read_only: bool) -> None:
        self.text.setReadOnly(read_only)

    def input_widget(self) -> QWidget:
        return self.text


class FullDateField(_LineField):
    """A calendar date typed as YYYY-MM-DD; empty means "not known"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QT_TRANSLATE_NOOP("CaseFields", "YYYY-MM-DD"), parent, narrow=True)

    def value(self) -> str | None:
        text = self.line.text().strip()
        return text or None


class _Combo(FieldBase):
    """A drop-down of (value, label) items; items whose value is _HEADING are group headings."""

    _HEADING = object()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.activated.connect(lambda _index: self.edited.emit())
        self._single(self.combo)
        self._unlisted: Any = None

    def _items(self) -> Sequence[tuple[Any, str]]:
        raise NotImplementedError

    def _fill(self) -> None:
        current = self.value()
        self.combo.blockSignals(True)
        self.combo.clear()
        model = self.combo.model()
        for value, label in self._items():
            self.combo.addItem(label, value)
            if value is self._HEADING:
                item = model.item(self.combo.count() - 1) if isinstance(model, QStandardItemModel) else None
                if item is not None:
                    item.setEnabled(False)
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
        self.combo.blockSignals(False)
        self.set_value(current)

    def value(self) -> Any:
        index = self.combo.currentIndex()
        if index < 0:
            return self._unlisted
        data = self.combo.itemData(index)
        return None if data is self._HEADING else data

    def set_value(self, value: Any) -> None:
        index = self._index_of(value)
        if index < 0 and value is not None:
            # A value this list does not offer (e.g. an id of a person since removed): keep it
            # as it is rather than silently changing the document; validation will name it.
            self._unlisted = value
            self.combo.setCurrentIndex(-1)
            return
        self._unlisted = None
        self.combo.setCurrentIndex(max(index, 0) if self.combo.count() else -1)

    def _index_of(self, value: Any) -> int:
        for index in range(self.combo.count()):
            data = self.combo.itemData(index)
            if data is not self._HEADING and data == value:
                return index
        return -1

    def wipe(self) -> None:
        self.combo.clear()
        self._unlisted = None

    def relabel(self) -> None:
        self._fill()

    def input_widget(self) -> QWidget:
        return self.combo


class CodeChoice(_Combo):
    """One code of a vocabulary, labelled in the current language; grouped vocabularies get
    their group names as headings. `nullable` adds a first "not specified" entry."""

    def __init__(self, vocabulary: str, *, nullable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vocabulary = vocabulary
        self.nullable = nullable
        self._fill()

    def _items(self) -> Sequence[tuple[Any, str]]:
        vocab, language = default_vocabularies(), current_language()
        items: list[tuple[Any, str]] = (
            [(None, QCoreApplication.translate("CaseFields", "— not specified —"))] if self.nullable else []
        )
        groups = vocab.groups(self.vocabulary)
        last_group: str | None = None
        for term in vocab.terms(self.vocabulary):
            if groups and term.group != last_group and term.group in groups:
                english, russian = groups[term.group]
                items.append((self._HEADING, russian if language == "ru" else english))
                last_group = term.group
            items.append((term.code, ("    " if groups else "") + term.label(language)))
        return items

    def wipe(self) -> None:
        super().wipe()
        self._fill()


class ChoiceField(_Combo):
    """A fixed set of values with translatable labels (QT_TRANSLATE_NOOP in CaseFields)."""

    def __init__(self, choices: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = tuple(choices)
        self._fill()

    def _items(self) -> Sequence[tuple[Any, str]]:
        return [(value, translate(label)) for value, label in self._choices]

    def wipe(self) -> None:
        super().wipe()
        self._fill()


class PersonChoice(_Combo):
    """A reference to one of the case's persons, by id; offered by pseudonym."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people: list[tuple[str, str]] = []
        self._fill()

    def set_people(self, people: Sequence[tuple[str, str]]) -> None:
        self._people = list(people)
        self._fill()

    def _items(self) -> Sequence[tuple[Any, str]]:
        return [
            (None, QCoreApplication.translate("CaseFields", "— the case as a whole / not specified —")),
            *self._people,
        ]

    def wipe(self) -> None:
        self._people = []
        super().wipe()
        self._fill()


class CountField(FieldBase):
    """A positive whole number, or "unknown" (None)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spin = QSpinBox()
        self.spin.setRange(0, PERPETRATOR_COUNT_MAX)
        self.spin.valueChanged.connect(lambda _value: self._changed())
        self._loading = False
        self._single(self.spin)
        self.relabel()

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def value(self) -> int | None:
        return self.spin.value() or None

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self.spin.setValue(value if isinstance(value, int) and not isinstance(value, bool) else 0)
        finally:
            self._loading = False

    def set_read_only(self, read_only: bool) -> None:
        self.spin.setReadOnly(read_only)

    def relabel(self) -> None:
        self.spin.setSpecialValueText(QCoreApplication.translate("CaseFields", "unknown"))

    def input_widget(self) -> QWidget:
        return self.spin


class PartialDateField(FieldBase):
    """A date known to the day, the month or the year, or an estimate.

    The precision follows what was typed (2024 -> year, 2024-03 -> month, 2024-03-05 -> exact)
    unless the user picked "estimate", which is kept for any form.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit()
        self.line.setMaxLength(_NO_PRACTICAL_LIMIT)
        self.line.setMaximumWidth(200)
        self.precision = CodeChoice("date_precision", nullable=False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.precision)
        layout.addStretch(1)
        self.setFocusProxy(self.line)
        self.line.textEdited.connect(self._typed)
        self.precision.edited.connect(self.edited)
        self.relabel()

    def _typed(self, text: str) -> None:
        if self.precision.value() != "estimate":
            implied = {4: "year", 7: "month", 10: "exact"}.get(len(text.strip()))
            if implied is not None:
                self.precision.set_value(implied)
        self.edited.emit()

    def value(self) -> dict[str, str] | None:
        text = self.line.text().strip()
        if not text:
            return None
        return {"date": text, "precision": self.precision.value() or "exact"}

    def set_value(self, value: Any) -> None:
        if isinstance(value, dict):
            date, precision = value.get("date"), value.get("precision")
            self.line.setText(date if isinstance(date, str) else "")
            self.precision.set_value(precision if isinstance(precision, str) else "exact")
        else:
            self.line.setText("")
            self.precision.set_value("exact")

    def wipe(self) -> None:
        self.set_value(None)

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)
        self.precision.set_read_only(read_only)

    def relabel(self) -> None:
        self.line.setPlaceholderText(QCoreApplication.translate("CaseFields", "YYYY, YYYY-MM or YYYY-MM-DD"))
        self.precision.relabel()
        self.precision.combo.setAccessibleName(QCoreApplication.translate("CaseFields", "Date precision"))

    def input_widget(self) -> QWidget:
        return self.line

"""Where a case happened, as federal district -> federal subject: the subject list follows the
district, and choosing a subject fills in its district (as the core does)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from intake.i18n import current_language
from intake.vocabulary import default_vocabularies
from ui.editor.fields import FieldBase


class RegionChoice(FieldBase):
    """Value: {"district": code | None, "subject": code | None} (merged into `location`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.district = QComboBox()
        self.subject = QComboBox()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.district, 1)
        layout.addWidget(self.subject, 1)
        self.setFocusProxy(self.district)
        self._district: str | None = None
        self._subject: str | None = None
        self.district.activated.connect(self._district_chosen)
        self.subject.activated.connect(self._subject_chosen)
        self.relabel()

    def _district_chosen(self, index: int) -> None:
        chosen = self.district.itemData(index)
        if chosen != self._district:
            self._district = chosen
            if self._subject is not None and default_vocabularies().district_of(self._subject) != chosen:
                self._subject = None
            self._fill_subjects()
            self.edited.emit()

    def _subject_chosen(self, index: int) -> None:
        chosen = self.subject.itemData(index)
        self._subject = chosen
        if chosen is not None:
            self._district = default_vocabularies().district_of(chosen)
            self._fill_districts()
        self.edited.emit()

    def _fill_districts(self) -> None:
        vocab, language = default_vocabularies(), current_language()
        self.district.blockSignals(True)
        self.district.clear()
        self.district.addItem(QCoreApplication.translate("CaseFields", "— district not specified —"), None)
        for term in vocab.districts():
            self.district.addItem(term.label(language), term.code)
        self.district.setCurrentIndex(max(self.district.findData(self._district), 0))
        self.district.blockSignals(False)

    def _fill_subjects(self) -> None:
        vocab, language = default_vocabularies(), current_language()
        self.subject.blockSignals(True)
        self.subject.clear()
        self.subject.addItem(QCoreApplication.translate("CaseFields", "— region not specified —"), None)
        districts = [self._district] if self._district else [d.code for d in vocab.districts()]
        subjects = [s for code in districts if vocab.is_district(code) for s in vocab.subjects(code)]
        for term in sorted(subjects, key=lambda s: s.label(language)):
            self.subject.addItem(term.label(language), term.code)
        self.subject.setCurrentIndex(max(self.subject.findData(self._subject), 0))
        self.subject.blockSignals(False)

    def value(self) -> dict[str, Any]:
        return {"district": self._district, "subject": self._subject}

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        district, subject = value.get("district"), value.get("subject")
        self._district = district if isinstance(district, str) else None
        self._subject = subject if isinstance(subject, str) else None
        self.relabel()

    def set_read_only(self, read_only: bool) -> None:
        self.district.setEnabled(not read_only)
        self.subject.setEnabled(not read_only)

    def relabel(self) -> None:
        self._fill_districts()
        self._fill_subjects()
        self.district.setAccessibleName(QCoreApplication.translate("CaseFields", "Federal district"))
        self.subject.setAccessibleName(QCoreApplication.translate("CaseFields", "Region (federal subject)"))

    def input_widget(self) -> QWidget:
        return self.district

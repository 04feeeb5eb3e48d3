"""The dashboard's two small dialogs.

- `ExcludedDialog`: the cases no figure counts, each by the short form of its id (the full id in
  its tooltip) and the reason. Nothing else is known about them here: the population holds no
  title or other free text. Emptied when hidden.
- `ExportConfirmation`: before an export writes anything, where it goes, that the files are not
  encrypted, what they hold, and the language to write them in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake.statistics import CONSENT_REFUSED, NO_CONSENT, NOT_SEALED, Excluded

SHORT_ID = 8
CSV, PDF = "csv", "pdf"
LANGUAGES = ("ru", "en")


class ExcludedDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("excludedDialog")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.cases = QTreeWidget()
        self.cases.setColumnCount(2)
        self.cases.setRootIsDecorated(False)
        self.cases.setUniformRowHeights(True)
        self.cases.setSortingEnabled(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.cases, 1)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self._excluded: tuple[Excluded, ...] = ()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Cases left out"))
        self.cases.setHeaderLabels([self.tr("Case"), self.tr("Reason")])
        self.cases.setAccessibleName(self.tr("Cases left out"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.forget()
        super().hideEvent(event)

    def show_excluded(self, excluded: Sequence[Excluded]) -> None:
        self._excluded = tuple(excluded)
        self._fill()

    def forget(self) -> None:
        self._excluded = ()
        self._fill()

    def reason_text(self, reason: str) -> str:
        return {
            NOT_SEALED: self.tr("Not sealed: still a draft"),
            NO_CONSENT: self.tr("No consent to anonymous statistics recorded"),
            CONSENT_REFUSED: self.tr("Consent to statistics refused or withdrawn"),
        }.get(reason, reason)

    def _fill(self) -> None:
        self.cases.setSortingEnabled(False)
        self.cases.clear()
        for item in self._excluded:
            row = QTreeWidgetItem([item.case_id[:SHORT_ID], self.reason_text(item.reason)])
            row.setToolTip(0, item.case_id)
            self.cases.addTopLevelItem(row)
        self.cases.setSortingEnabled(True)
        self.cases.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        reasons = Counter(item.reason for item in self._excluded)
        lines = [self.tr("%n case(s) are left out of every figure.", "", len(self._excluded))]
        lines += [f"{self.reason_text(reason)}: {number}" for reason, number in sorted(reasons.items())]
        self.summary.setText("\n".join(lines))


class ExportConfirmation(QDialog):
    """Asked with `ask(kind, path, cases, language)`; `accepted` means write. `language()` is the
    language chosen for the tables or the report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportConfirmation")
        self.setModal(True)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.destination = QLabel()
        self.destination.setWordWrap(True)
        self.destination.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.language_choice = QComboBox()
        for code in LANGUAGES:
            self.language_choice.addItem("", code)
        self._language_label = QLabel()
        self._language_label.setBuddy(self.language_choice)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.write_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self._language_label, self.language_choice)
        layout = QVBoxLayout(self)
        for widget in (self.warning, self.details, self.destination):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._kind, self._path, self._cases = CSV, "", 0
        self.retranslate()

    def ask(self, kind: str, path: str, cases: int, language: str) -> None:
        self._kind, self._path, self._cases = kind, path, cases
        index = self.language_choice.findData(language)
        self.language_choice.setCurrentIndex(max(index, 0))
        self.retranslate()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setFocus()
        self.open()

    def language(self) -> str:
        return str(self.language_choice.currentData())

    def retranslate(self) -> None:
        csv = self._kind == CSV
        self.setWindowTitle(self.tr("Export CSV tables") if csv else self.tr("Export PDF report"))
        if csv:
            warning = self.tr("These files are NOT encrypted.")
            reach = self.tr("Anyone who gets hold of them, or of the disk they are on, can read them.")
        else:
            warning = self.tr("This file is NOT encrypted.")
            reach = self.tr("Anyone who gets hold of it, or of the disk it is on, can read it.")
        self.warning.setText(f"<b>{warning}</b> {reach}")
        self.details.setText(
            self.tr(
                "They hold only publication-safe tables: counts by category, with counts under 5 shown "
                "as “<5” and whatever would give them back as “x”, and places no finer than the federal "
                "district. No name, pseudonym or case text. %n case(s) counted with the current filters.",
                "",
                self._cases,
            )
            if csv
            else self.tr(
                "It holds publication-safe figures (small counts suppressed, places no finer than the "
                "federal district), how they were counted, and short descriptions of the cases whose "
                "people agreed to an anonymised description, made from the recorded categories with the "
                "month and the federal district only. No name, pseudonym or case text is copied. %n "
                "case(s) counted with the current filters.",
                "",
                self._cases,
            )
        )
        where = self.tr("Folder: {path}") if csv else self.tr("File: {path}")
        self.destination.setText(where.format(path=self._path))
        self._language_label.setText(
            self.tr("&Language of the tables") if csv else self.tr("&Language of the report")
        )
        self.language_choice.setItemText(0, "Русский")
        self.language_choice.setItemText(1, "English")
        self.write_button.setText(self.tr("&Write the tables") if csv else self.tr("&Write the report"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

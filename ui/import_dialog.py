"""Import: choose bundle files, read them one by one, and a report per file.

Filled by ui/bundle_controller.py (`set_busy`, `show_progress`, `show_reports`, `show_error`).
Progress strings are those of ui/bundle_tasks.py ("files 1/3"). An import cannot be cancelled
(each file is one short transaction); the dialog stays until it has ended. The report holds case
ids and fingerprints, never case text, and is dropped when the dialog hides.

Signals:
- import_requested(list): the chosen paths (str)
- lock_requested(): Ctrl+L while the dialog has the focus
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.bundle_tasks import FileImport, parse_progress
from ui.file_dialogs import file_dialog
from ui.key_texts import report_text


class ImportDialog(QDialog):
    import_requested = Signal(list)
    lock_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.file_dialog: QFileDialog | None = None  # the last one opened (tests look at it)
        self._files_label = QLabel()
        self.files = QListWidget()
        self._files_label.setBuddy(self.files)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self._choose_files)
        self.import_button = QPushButton()
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self._request_import)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setUndoRedoEnabled(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self.lock_requested)
        self._busy = False
        layout = QVBoxLayout(self)
        layout.addWidget(self._files_label)
        layout.addWidget(self.files)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addStretch(1)
        row.addWidget(self.import_button)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.buttons)
        close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        chain = [self.choose_button, self.files, self.import_button, self.report, close_button]
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)
        self._enable()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Import bundles"))
        self._files_label.setText(self.tr("&Bundle files"))
        self.files.setAccessibleName(self.tr("Bundle files to import"))
        self.choose_button.setText(self.tr("C&hoose files…"))
        self.import_button.setText(self.tr("&Import"))
        self.progress.setAccessibleName(self.tr("Import progress"))
        self.report.setAccessibleName(self.tr("Import report"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- shown by the controller ---------------------------------------------------------------

    def set_files(self, paths: list[str]) -> None:
        self.files.clear()
        self.files.addItems(paths)
        self._enable()

    def chosen_files(self) -> list[str]:
        return [item.text() for index in range(self.files.count()) if (item := self.files.item(index))]

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.report.setPlainText("")
            self.message.setText(self.tr("Checking and merging…"))
        self.choose_button.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        self._enable()
        if not busy:
            self.choose_button.setFocus()

    def show_progress(self, text: str) -> None:
        parsed = parse_progress(text)
        if parsed is not None and parsed[0] == "files":
            _kind, done, total = parsed
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def show_reports(self, outcomes: list[FileImport]) -> None:
        refused = sum(1 for item in outcomes if item.report is None)
        self.message.setText(
            self.tr("%n file(s) read.", "", len(outcomes) - refused)
            + (
                " " + self.tr("%n file(s) refused; nothing from them was kept.", "", refused)
                if refused
                else ""
            )
        )
        self.report.setPlainText("\n\n".join(report_text(item) for item in outcomes))
        self.set_files([])

    def show_error(self, text: str) -> None:
        self.message.setText(text)

    # -- the user's actions --------------------------------------------------------------------

    def _enable(self) -> None:
        self.import_button.setEnabled(bool(self.files.count()) and not self._busy)

    def _choose_files(self) -> None:
        dialog = file_dialog(
            self,
            title=self.tr("Choose bundle files"),
            name_filters=[self.tr("Intake bundles (*.bundle)"), self.tr("All files (*)")],
            many=True,
        )
        dialog.filesSelected.connect(self.set_files)
        self.file_dialog = dialog
        dialog.open()

    def _request_import(self) -> None:
        if self.import_button.isEnabled():
            self.import_requested.emit(self.chosen_files())

    def reject(self) -> None:
        if not self._busy:  # the import must end (and be reported) before the dialog can go
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.files.clear()
        self.report.setPlainText("")
        self.message.setText("")
        super().hideEvent(event)

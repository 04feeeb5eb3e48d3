"""Export: how many sealed revisions and attachments wait to be sent, to whom, where, whether the
originals of photos go too (with what that reveals), and the run's progress.

Filled by ui/bundle_controller.py (`show_plan`, `set_busy`, `show_progress`, `show_done`,
`show_error`). Progress strings are those of ui/bundle_tasks.py ("entries 3/10"). While the
export runs, Cancel (or Esc) asks the controller to stop it; the dialog cannot be closed until
the export has ended, because the result must be shown.

Signals:
- export_requested(str, list, bool): the path, the chosen recipients (age recipient strings) and
  whether to include the originals
- cancel_requested(): during a run
- lock_requested(): Ctrl+L while the dialog has the focus
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake.bundle_export import ExportPlan, ExportResult
from intake.contacts import Contact
from ui.bundle_tasks import parse_progress
from ui.file_dialogs import file_dialog


class ExportDialog(QDialog):
    export_requested = Signal(str, list, bool)
    cancel_requested = Signal()
    lock_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.file_dialog: QFileDialog | None = None  # the last one opened (tests look at it)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self._recipients_label = QLabel()
        self.recipients = QListWidget()
        self._recipients_label.setBuddy(self.recipients)
        self.recipients.itemChanged.connect(lambda _item: self._enable())
        self.no_recipient = QLabel()
        self.no_recipient.setWordWrap(True)
        self._path_label = QLabel()
        self.path = QLineEdit()
        self._path_label.setBuddy(self.path)
        self.path.textChanged.connect(lambda _text: self._enable())
        self.include_originals = QCheckBox()
        self.include_originals.toggled.connect(lambda _on: self._enable())
        self.originals_note = QLabel()
        self.originals_note.setWordWrap(True)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self._choose_path)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton()
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._request_export)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self.lock_requested)
        self._busy = False
        self._plan = ExportPlan(0, 0, 0)
        self._build_layout()
        self.retranslate()

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self._recipients_label)
        layout.addWidget(self.recipients)
        layout.addWidget(self.no_recipient)
        layout.addWidget(self._path_label)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.choose_button)
        layout.addLayout(path_row)
        layout.addWidget(self.include_originals)
        layout.addWidget(self.originals_note)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        chain = [
            self.recipients,
            self.path,
            self.choose_button,
            self.include_originals,
            self.export_button,
            self.close_button,
        ]
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export a bundle"))
        self._show_summary()
        self._recipients_label.setText(self.tr("Send &to (approved coordinators)"))
        self.recipients.setAccessibleName(self.tr("Recipients"))
        self.no_recipient.setText(
            self.tr(
                "No approved coordinator yet: import a coordinator's key and approve it first "
                "(Keys…, after comparing the fingerprint)."
            )
        )
        self._path_label.setText(self.tr("&Save as"))
        self.path.setAccessibleName(self.tr("Bundle file"))
        self.choose_button.setText(self.tr("C&hoose…"))
        self.include_originals.setText(
            self.tr("Also send the untouched &originals of %n file(s)", "", self._plan.originals)
        )
        self.originals_note.setText(
            self.tr(
                "By default photos go without their metadata, and files Intake cannot clean (videos, "
                "HEIC photos, damaged images, other files it cannot read) stay behind. Originals keep "
                "everything: it can tell where and when a photo or video was taken and with which "
                "device, to anyone who gets hold of the bundle and its key. Send them only when the "
                "coordinator needs them as evidence."
            )
        )
        self.progress.setAccessibleName(self.tr("Export progress"))
        self.export_button.setText(self.tr("&Export"))
        self.close_button.setText(self.tr("Cancel") if self._busy else self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- shown by the controller ---------------------------------------------------------------

    def show_plan(self, plan: ExportPlan, contacts: list[Contact]) -> None:
        """What is not yet sent and the approved contacts that can receive."""
        self._set_plan(plan)
        self.recipients.clear()
        for contact in contacts:
            name = contact.label or contact.fingerprint
            item = QListWidgetItem(f"{name}  ({contact.fingerprint})")
            item.setData(Qt.ItemDataRole.UserRole, contact.age_recipient)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.recipients.addItem(item)
        self.recipients.setEnabled(bool(contacts))
        self.no_recipient.setVisible(not contacts)
        self.path.setText("")
        self.message.setText("")
        self.progress.setVisible(False)
        self._enable()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            self.progress.setVisible(True)
            self.progress.setRange(0, 0)
            self.message.setText(self.tr("Writing the bundle…"))
        for widget in (self.recipients, self.path, self.choose_button, self.include_originals):
            widget.setEnabled(not busy)
        self.close_button.setText(self.tr("Cancel") if busy else self.tr("Close"))
        self._enable()
        if not busy:
            self.close_button.setFocus()

    def show_progress(self, text: str) -> None:
        parsed = parse_progress(text)
        if parsed is not None and parsed[0] == "entries":
            _kind, done, total = parsed
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)
            self.message.setText(self.tr("Item {done} of {total} written…").format(done=done, total=total))

    def show_done(self, result: ExportResult, plan: ExportPlan) -> None:
        """After an export: what it carried, and what is left for the next one."""
        self._set_plan(plan)
        text = self.tr(
            "%n sealed revision(s) written to {path} ({size} bytes).", "", result.revisions
        ).format(path=str(result.path), size=result.size)
        if result.attachments:
            text += " " + self.tr(
                "%n attachment(s) included, {originals} with the original.", "", result.attachments
            ).format(originals=result.originals)
        self.message.setText(text)
        self.path.setText("")

    def _set_plan(self, plan: ExportPlan) -> None:
        self._plan = plan
        self.include_originals.setChecked(False)
        self.include_originals.setVisible(bool(plan.originals))
        self.originals_note.setVisible(bool(plan.originals))
        self.retranslate()

    def show_error(self, text: str) -> None:
        self.progress.setVisible(False)
        self.message.setText(text)

    def chosen_recipients(self) -> list[str]:
        chosen = []
        for index in range(self.recipients.count()):
            item = self.recipients.item(index)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                chosen.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return chosen

    # -- the user's actions --------------------------------------------------------------------

    def _show_summary(self) -> None:
        plan = self._plan
        if plan.revisions:
            text = self.tr("%n sealed revision(s) have not been sent yet.", "", plan.revisions)
        else:
            text = self.tr("Every sealed revision has been sent already. Seal cases to send them.")
        if plan.attachments:
            text += " " + self.tr(
                "%n attachment(s) of sent or sealed cases go with them.", "", plan.attachments
            )
        self.summary.setText(text)

    def _has_something(self) -> bool:
        plan = self._plan
        return bool(
            plan.revisions or plan.attachments or (plan.originals and self.include_originals.isChecked())
        )

    def _enable(self) -> None:
        ready = bool(self._has_something() and self.chosen_recipients() and self.path.text().strip())
        self.export_button.setEnabled(ready and not self._busy)

    def _choose_path(self) -> None:
        dialog = file_dialog(
            self,
            title=self.tr("Save the bundle"),
            name_filters=[self.tr("Intake bundles (*.bundle)")],
            save=True,
        )
        dialog.setDefaultSuffix("bundle")
        dialog.selectFile("cases.bundle")
        dialog.fileSelected.connect(self.path.setText)
        self.file_dialog = dialog
        dialog.open()

    def _request_export(self) -> None:
        if self.export_button.isEnabled():
            self.progress.setValue(0)
            self.export_requested.emit(
                self.path.text().strip(), self.chosen_recipients(), self.include_originals.isChecked()
            )

    def reject(self) -> None:
        if self._busy:
            self.message.setText(self.tr("Cancelling…"))
            self.cancel_requested.emit()
            return  # the dialog stays until the export has ended and said so
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            self.reject()
            event.ignore()
            return
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.recipients.clear()
        self.path.setText("")
        self.message.setText("")
        super().hideEvent(event)

"""The attachments of one case: the list, adding files (a file dialog or drag and drop) with a
progress bar, viewing inside the app, and saving a decrypted copy with a warning.

Like the other dialogs it only collects answers and shows what it is told; the controller
(ui/attachments_controller.py) does the work through the session. Its questions (which copy to
save, the file choosers) never block in a loop of their own: they are opened, answered through
signals, and closed by `forget()` at a lock or wipe, after which an answer does nothing.

Signals:
- add_requested(list, bool, str): paths of the chosen files; whether to delete the originals
  after; the id of the person or source they concern ("" for the case as a whole)
- cancel_requested(): stop adding
- view_requested(str): an attachment id
- save_requested(str, str, bool): attachment id, destination path, whether the original
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QHideEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake.attachments import Attachment
from ui.attachment_texts import kind_text, metadata_note, size_text
from ui.file_dialogs import file_dialog

_ID = Qt.ItemDataRole.UserRole


class AttachmentsDialog(QDialog):
    add_requested = Signal(list, bool, str)
    cancel_requested = Signal()
    view_requested = Signal(str)
    save_requested = Signal(str, str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentsDialog")
        self.setAcceptDrops(True)
        self.table = QTableWidget(0, 5)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self._view())
        self.note = QLabel()
        self.add_button, self.view_button, self.save_button = QPushButton(), QPushButton(), QPushButton()
        self.cancel_button = QPushButton()
        self.delete_originals = QCheckBox()
        self._concerns_label = QLabel()
        self.concerns = QComboBox()
        self._concerns_label.setBuddy(self.concerns)
        self._targets: list[tuple[str, str]] = []  # (id, label) of the case's persons and sources
        self.delete_note = QLabel()
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.message = QLabel()
        for label in (self.note, self.delete_note, self.message):
            label.setWordWrap(True)
        self.add_button.clicked.connect(self._choose_files)
        self.view_button.clicked.connect(self._view)
        self.save_button.clicked.connect(self._choose_destination)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.file_dialog: QFileDialog | None = None
        self.copy_box: QMessageBox | None = None  # "which copy?", while it is open
        self._busy = False
        self._attachments: dict[str, Attachment] = {}
        self._build_layout()
        self.resize(760, 520)
        self.retranslate()
        self._selection_changed()

    def _build_layout(self) -> None:
        concerns_row = QHBoxLayout()
        concerns_row.addWidget(self._concerns_label)
        concerns_row.addWidget(self.concerns, 1)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.view_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.close_buttons = close
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(concerns_row)
        layout.addLayout(buttons)
        layout.addWidget(self.delete_originals)
        layout.addWidget(self.delete_note)
        layout.addLayout(progress_row)
        layout.addWidget(self.message)
        layout.addWidget(close)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Attachments"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Type"), self.tr("Size"), self.tr("Added"), self.tr("Concerns")]
        )
        self._concerns_label.setText(self.tr("Files added now &concern:"))
        self.concerns.setAccessibleName(self.tr("Person or source the files concern"))
        self._fill_concerns()
        self.table.setAccessibleName(self.tr("Files added to this case"))
        for button, text in (
            (self.add_button, self.tr("&Add files\u2026")),
            (self.view_button, self.tr("&View")),
            (self.save_button, self.tr("&Save a decrypted copy\u2026")),
            (self.cancel_button, self.tr("&Cancel")),
        ):
            button.setText(text)
            button.setAccessibleName(text.replace("&", "").replace("\u2026", ""))
        self.delete_originals.setText(self.tr("&Delete the original files once they are in the vault"))
        self.delete_note.setText(
            self.tr(
                "Files can also be dropped here. Deleting overwrites the original first, but on SSDs "
                "and some file systems old copies of its blocks may survive on the disk; only "
                "full-disk encryption covers them."
            )
        )
        self._selection_changed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- what the controller shows -----------------------------------------------------------

    def show_link_targets(self, targets: Sequence[tuple[str, str]]) -> None:
        """The persons and sources of the case (id, label) that added files can concern."""
        self._targets = list(targets)
        self._fill_concerns()

    def _fill_concerns(self) -> None:
        chosen = self.concerns.currentData()
        self.concerns.clear()
        self.concerns.addItem(self.tr("the case as a whole"), "")
        for ident, label in self._targets:
            self.concerns.addItem(label, ident)
        index = self.concerns.findData(chosen) if chosen else 0
        self.concerns.setCurrentIndex(max(index, 0))
        self.concerns.setEnabled(bool(self._targets) and not self._busy)

    def _concerns_text(self, linked_to: str | None) -> str:
        if linked_to is None:
            return ""
        return next((label for ident, label in self._targets if ident == linked_to), self.tr("(removed)"))

    def show_attachments(self, attachments: Sequence[Attachment]) -> None:
        current = self.selected_id()
        self._attachments = {a.id: a for a in attachments}
        self.table.setRowCount(len(attachments))
        for row, attachment in enumerate(attachments):
            cells = (
                attachment.file_name,
                kind_text(attachment.kind),
                size_text(attachment.size),
                attachment.added_at.replace("T", " ").rstrip("Z"),
                self._concerns_text(attachment.linked_to),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(_ID, attachment.id)
                self.table.setItem(row, column, item)
            if attachment.id == current:
                self.table.selectRow(row)
        self._selection_changed()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.message.setText("")
        for widget in (self.add_button, self.delete_originals, self.table):
            widget.setEnabled(not busy)
        self.concerns.setEnabled(bool(self._targets) and not busy)
        self.close_buttons.setEnabled(not busy)
        self._selection_changed()

    def show_progress(self, done: int, total: int) -> None:
        # Bytes can exceed an int's range in Qt: shown in KiB.
        self.progress.setRange(0, max(1, total // 1024))
        self.progress.setValue(done // 1024)

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return None if item is None else str(item.data(_ID))

    def forget(self) -> None:
        """At lock and wipe: no names stay in the widgets, and no question stays open (an answer
        to one asked before would otherwise still save a copy after the lock)."""
        for question in (self.copy_box, self.file_dialog):
            if question is not None:  # set only while open (cleared when it finishes)
                question.done(QDialog.DialogCode.Rejected)
        self.copy_box = self.file_dialog = None
        self._attachments = {}
        self._targets = []
        self._fill_concerns()
        self.table.setRowCount(0)
        self.message.setText("")
        self.note.setText("")

    # -- asking ------------------------------------------------------------------------------

    def _selection_changed(self) -> None:
        chosen = self.selected_id()
        attachment = self._attachments.get(chosen) if chosen else None
        self.note.setText(metadata_note(attachment) if attachment is not None else "")
        for button in (self.view_button, self.save_button):
            button.setEnabled(attachment is not None and not self._busy)

    def request_add(self, paths: Sequence[str]) -> None:
        if paths and not self._busy:
            self.add_requested.emit(
                list(paths), self.delete_originals.isChecked(), str(self.concerns.currentData() or "")
            )

    def _choose_files(self) -> None:
        dialog = file_dialog(
            self, title=self.tr("Add files"), name_filters=[self.tr("All files (*)")], many=True
        )
        dialog.filesSelected.connect(lambda paths: self._files_chosen(dialog, paths))
        self._track(dialog)
        dialog.open()

    def _track(self, dialog: QFileDialog) -> None:
        """`file_dialog` is the chooser while it is open (forget() closes it), None after."""
        self.file_dialog = dialog
        dialog.finished.connect(lambda _result: self._file_dialog_closed(dialog))

    def _file_dialog_closed(self, dialog: QFileDialog) -> None:
        if dialog is self.file_dialog:
            self.file_dialog = None

    def _files_chosen(self, dialog: QFileDialog, paths: list[str]) -> None:
        if dialog is self.file_dialog:  # not one that forget() closed
            self.file_dialog = None
            self.request_add(paths)

    def _view(self) -> None:
        chosen = self.selected_id()
        if chosen is not None and not self._busy:
            self.view_requested.emit(chosen)

    def _choose_destination(self) -> None:
        chosen = self.selected_id()
        attachment = self._attachments.get(chosen) if chosen else None
        if attachment is None or self._busy or self.copy_box is not None:
            return
        self._ask_which_copy(attachment)

    def _ask_destination(self, attachment: Attachment, original: bool) -> None:
        dialog = file_dialog(
            self, title=self.tr("Save a decrypted copy"), name_filters=[self.tr("All files (*)")], save=True
        )
        dialog.selectFile(attachment.file_name)
        dialog.fileSelected.connect(lambda path: self._destination_chosen(dialog, attachment, path, original))
        self._track(dialog)
        dialog.open()

    def _destination_chosen(
        self, dialog: QFileDialog, attachment: Attachment, path: str, original: bool
    ) -> None:
        if dialog is self.file_dialog and attachment.id in self._attachments:
            self.file_dialog = None
            self.save_requested.emit(attachment.id, path, original)

    def _ask_which_copy(self, attachment: Attachment) -> None:
        """The warning before anything leaves the vault; for photos, which copy. Opened, not
        exec()'d: a nested event loop would outlive a lock and let its answer through after."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Save a decrypted copy"))
        box.setText(
            self.tr(
                "The copy will NOT be encrypted: anyone with the disk can read it. Delete it as soon "
                "as you no longer need it, and do not keep it on this laptop."
            )
        )
        working = box.addButton(self.tr("Save the copy shown"), QMessageBox.ButtonRole.AcceptRole)
        original = None
        if attachment.working_sha256 is not None and attachment.has_original:
            box.setInformativeText(metadata_note(attachment))
            original = box.addButton(
                self.tr("Save the original, with its metadata"), QMessageBox.ButtonRole.AcceptRole
            )
        box.addButton(QMessageBox.StandardButton.Cancel)

        def answered(clicked: QAbstractButton) -> None:
            if box is not self.copy_box:
                return  # closed by forget(): the lock or wipe came first
            self.copy_box = None
            if clicked is working:
                self._ask_destination(attachment, False)
            elif original is not None and clicked is original:
                self._ask_destination(attachment, True)

        box.buttonClicked.connect(answered)
        box.finished.connect(lambda _result: self._copy_box_closed(box))
        box.finished.connect(box.deleteLater)
        self.copy_box = box
        box.open()

    def _copy_box_closed(self, box: QMessageBox) -> None:
        if box is self.copy_box:  # Esc or the window's close button: nothing chosen
            self.copy_box = None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and not self._busy:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.request_add([str(Path(p)) for p in paths])

    def reject(self) -> None:
        if self._busy:
            return  # adding must finish or be cancelled first
        super().reject()

    def hideEvent(self, event: QHideEvent) -> None:
        self.forget()
        super().hideEvent(event)

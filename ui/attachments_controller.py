"""Connects the attachments dialog and the viewer to the session, so the shell only says
"open the attachments of this case" and "close them at lock".

Adding, reading for the viewer and saving a copy each run as the session's one background task:
the dialog shows progress (and Cancel while adding), a lock waits for the end, and the case list
reads nothing meanwhile.

Signals:
- lock_requested(): Ctrl+L in the dialog or the viewer
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QWidget

from ui.attachment_tasks import AddedFile, OpenedAttachment, parse_byte_progress
from ui.attachment_viewer import AttachmentViewer
from ui.attachments_dialog import AttachmentsDialog
from ui.vault_session import VaultSession


class AttachmentsController(QObject):
    lock_requested = Signal()

    def __init__(self, window: QWidget, session: VaultSession) -> None:
        super().__init__(window)
        self._session = session
        self._case_id: str | None = None
        self._cancel = threading.Event()
        self._running = False
        self.dialog = AttachmentsDialog(window)
        self.viewer = AttachmentViewer(self.dialog)
        for dialog in (self.dialog, self.viewer):
            QShortcut(QKeySequence("Ctrl+L"), dialog).activated.connect(self.lock_requested)
        self.dialog.add_requested.connect(self._add)
        self.dialog.cancel_requested.connect(self._cancel.set)
        self.dialog.view_requested.connect(self._view)
        self.dialog.save_requested.connect(self._save)
        session.busy_changed.connect(self._busy_changed)
        session.progress.connect(self._progress)
        session.attachments_added.connect(self._added)
        session.attachment_opened.connect(self._opened)
        session.attachment_saved.connect(self._saved)
        session.attachment_failed.connect(self.dialog.show_message)

    def open(self, case_id: str) -> None:
        if self._session.vault is None or self._session.is_busy():
            return
        self._case_id = case_id
        self.dialog.show_attachments(self._session.attachments_of(case_id))
        self.dialog.open()

    def close(self) -> None:
        """At lock or wipe: both windows go, and with them every name and every decrypted byte."""
        self._cancel.set()
        self.viewer.done(QDialog.DialogCode.Rejected)
        self.dialog.set_busy(False)
        self.dialog.done(QDialog.DialogCode.Rejected)
        self._case_id = None

    def _start(self, start: object) -> None:
        self._running = True
        if callable(start):
            start()
        if not self._session.is_busy():
            self._running = False  # refused before it started; the failure signal said why

    def _add(self, paths: list[str], delete_originals: bool) -> None:
        if self._case_id is None:
            return
        self._cancel.clear()
        case_id, chosen = self._case_id, [Path(p).expanduser() for p in paths]
        self._start(lambda: self._session.add_attachments(case_id, chosen, delete_originals, self._cancel))

    def _view(self, attachment_id: str) -> None:
        self._start(lambda: self._session.open_attachment(attachment_id))

    def _save(self, attachment_id: str, path: str, original: bool) -> None:
        destination = Path(path).expanduser()
        self._start(lambda: self._session.save_attachment(attachment_id, destination, original))

    def _busy_changed(self, busy: bool) -> None:
        if self._running:
            self.dialog.set_busy(busy)
        if not busy and self._running:
            self._running = False
            # Only now is the connection free again to read the list.
            if self._case_id is not None and self.dialog.isVisible():
                self.dialog.show_attachments(self._session.attachments_of(self._case_id))

    def _progress(self, text: str) -> None:
        parsed = parse_byte_progress(text) if self._running else None
        if parsed is not None:
            self.dialog.show_progress(*parsed)

    def _added(self, outcomes: object) -> None:
        assert isinstance(outcomes, list)
        added = [item for item in outcomes if isinstance(item, AddedFile)]
        refused = [item for item in added if item.error is not None]
        stored = [item for item in added if item.attachment is not None]
        lines = [
            self.tr("%n file(s) added.", "", len(stored)),
            *(f"{item.name}: {item.error}" for item in refused),
        ]
        if self._cancel.is_set():
            lines.append(self.tr("Cancelled: the file being added was not kept."))
        self.dialog.show_message("\n".join(lines))

    def _opened(self, opened: object) -> None:
        assert isinstance(opened, OpenedAttachment)
        if self.dialog.isVisible():
            self.viewer.show_attachment(opened.attachment, opened.content)

    def _saved(self, path: object) -> None:
        self.dialog.show_message(
            self.tr("A decrypted copy was written to %1. It is NOT encrypted: delete it when done.").replace(
                "%1", str(path)
            )
        )

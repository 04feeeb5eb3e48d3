"""Connects the attachments dialog and the viewer to the session, so the shell only says
"open the attachments of this case" and "close them at lock".

Adding, reading for the viewer and saving a copy each run as the session's one background task:
the dialog shows progress (and Cancel while adding), and the case list reads nothing meanwhile.
All three share one cancel event. `close()` (a lock asked for, a quit, the panic wipe) sets it,
so the task stops at its next chunk, and closes both windows at once; from then on, until the
next `open()`, whatever the task still delivers (the bytes of a view that finished, a message
naming a file) is dropped, and no new request is accepted.

Signals:
- lock_requested(): Ctrl+L in the dialog or the viewer
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QWidget

from ui.attachment_pages import fill_in
from ui.attachment_tasks import AddedFile, OpenedAttachment, parse_byte_progress
from ui.attachment_texts import link_choices
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
        session.attachment_failed.connect(self._failed)

    def open(self, case_id: str) -> None:
        if self._session.vault is None or self._session.is_busy():
            return
        self._case_id = case_id
        self.dialog.show_link_targets(link_choices(self._session.link_targets(case_id)))
        self.dialog.show_attachments(self._session.attachments_of(case_id))
        self.dialog.open()

    def close(self) -> None:
        """At a lock (as soon as it is asked for, before it waits for the task), a quit and a
        wipe: the running task is told to stop, and both windows go, and with them every name,
        every question and every decrypted byte."""
        self._cancel.set()
        self._case_id = None
        self.viewer.done(QDialog.DialogCode.Rejected)
        self.dialog.set_busy(False)
        self.dialog.done(QDialog.DialogCode.Rejected)
        self.dialog.forget()  # also when hidden already: a question or file chooser may be open

    def _accepting(self) -> bool:
        """Whether a request may start a task: the dialog is open on an unlocked vault."""
        return self._case_id is not None and self._session.vault is not None

    def _start(self, start: Callable[[], None]) -> None:
        if self._session.is_busy():
            start()  # refused, and the failure signal says why; a running task keeps its cancel
            return
        self._cancel.clear()
        self._running = True
        start()
        if not self._session.is_busy():
            self._running = False  # refused before it started; the failure signal said why

    def _add(self, paths: list[str], delete_originals: bool, linked_to: str) -> None:
        case_id = self._case_id
        if case_id is None or not self._accepting():
            return
        chosen = [Path(p).expanduser() for p in paths]
        self._start(
            lambda: self._session.add_attachments(
                case_id, chosen, delete_originals, self._cancel, linked_to=linked_to or None
            )
        )

    def _view(self, attachment_id: str) -> None:
        if self._accepting():
            self._start(lambda: self._session.open_attachment(attachment_id, self._cancel))

    def _save(self, attachment_id: str, path: str, original: bool) -> None:
        if not self._accepting():
            return
        destination = Path(path).expanduser()
        self._start(lambda: self._session.save_attachment(attachment_id, destination, original, self._cancel))

    def _busy_changed(self, busy: bool) -> None:
        if self._running:
            self.dialog.set_busy(busy and self._case_id is not None)
        if not busy and self._running:
            self._running = False
            # Only now is the connection free again to read the list.
            if self._case_id is not None and self.dialog.isVisible():
                self.dialog.show_attachments(self._session.attachments_of(self._case_id))

    def _progress(self, text: str) -> None:
        parsed = parse_byte_progress(text) if self._running and self._case_id is not None else None
        if parsed is not None:
            self.dialog.show_progress(*parsed)

    def _added(self, outcomes: object) -> None:
        assert isinstance(outcomes, list)
        if self._case_id is None:
            return  # closed meanwhile: no file names go back into the emptied dialog
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
        try:
            # A view that ended after the windows were closed (a lock or quit pending, a wipe)
            # shows nothing: its bytes are dropped here.
            if self._case_id is not None and self._session.vault is not None and self.dialog.isVisible():
                self.viewer.show_attachment(opened.attachment, opened.content, truncated=opened.truncated)
        finally:
            # Qt holds its own copy now: the Python buffer goes at once, not whenever the signal's
            # last reference does.
            opened.content.clear()

    def _saved(self, path: object) -> None:
        if self._case_id is None:
            return
        self.dialog.show_message(
            fill_in(
                self.tr("A decrypted copy was written to %1. It is NOT encrypted: delete it when done."),
                str(path),
            )
        )

    def _failed(self, message: str) -> None:
        if self._case_id is not None:
            self.dialog.show_message(message)

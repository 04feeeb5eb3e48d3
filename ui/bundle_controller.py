"""Connects the export and import dialogs to the session, so the app shell only says "open" and
"close them at lock".

Export and import run as the session's one background task; while one runs the dialogs are
modal, the shell holds the case list (it reads nothing) and a lock waits for the end. Cancel sets
a threading.Event that the core checks before each entry.

Signals:
- cases_changed(): an import ended (the case list should re-read)
- lock_requested(): Ctrl+L in either dialog
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from intake.bundle_export import ExportPlan, ExportResult
from intake.contacts import Contact
from intake.errors import IntakeError
from ui.bundle_tasks import FileImport
from ui.export_dialog import ExportDialog
from ui.import_dialog import ImportDialog
from ui.vault_session import VaultSession


class BundleController(QObject):
    cases_changed = Signal()
    lock_requested = Signal()

    def __init__(self, window: QWidget, session: VaultSession) -> None:
        super().__init__(window)
        self._session = session
        self._cancel = threading.Event()
        self._running: QDialog | None = None  # the dialog whose task is running
        self.export_dialog = ExportDialog(window)
        self.import_dialog = ImportDialog(window)
        self.export_dialog.export_requested.connect(self._export)
        self.export_dialog.cancel_requested.connect(self._cancel.set)
        self.import_dialog.import_requested.connect(self._import)
        for dialog in (self.export_dialog, self.import_dialog):
            dialog.lock_requested.connect(self.lock_requested)
        session.busy_changed.connect(self._busy_changed)
        session.progress.connect(self._progress)
        session.bundle_exported.connect(self._exported)
        session.bundle_export_failed.connect(self.export_dialog.show_error)
        session.bundles_imported.connect(self._imported)
        session.bundles_import_failed.connect(self.import_dialog.show_error)

    def open_export(self) -> None:
        vault = self._session.vault
        if vault is None or self._session.is_busy():
            return
        try:
            receivers = [c for c in vault.contacts.all() if c.can_receive]
            plan = vault.export_plan(_age_recipients(receivers))
        except IntakeError as error:
            plan, receivers = ExportPlan(0, 0, 0), []
            self.export_dialog.show_error(str(error))
        self.export_dialog.show_plan(plan, receivers)
        self.export_dialog.open()

    def open_import(self) -> None:
        if self._session.vault is None or self._session.is_busy():
            return
        self.import_dialog.set_files([])
        self.import_dialog.open()

    def cancel_running(self) -> None:
        """At quit: a running export stops before its next entry (leaving nothing behind)."""
        self._cancel.set()

    def close(self) -> None:
        """At lock (after any task has ended): hides both dialogs, which drop what they showed."""
        for dialog in (self.export_dialog, self.import_dialog):
            dialog.done(QDialog.DialogCode.Rejected)

    def _export(self, path: str, recipients: list[str], include_originals: bool) -> None:
        self._cancel.clear()
        self._running = self.export_dialog
        self._session.export_bundle(Path(path).expanduser(), recipients, self._cancel, include_originals)
        if not self._session.is_busy():
            self._running = None  # refused before starting; the failure signal said why

    def _import(self, paths: list[str]) -> None:
        self._running = self.import_dialog
        self._session.import_bundles([Path(p).expanduser() for p in paths])
        if not self._session.is_busy():
            self._running = None

    def _busy_changed(self, busy: bool) -> None:
        running = self._running
        if running is self.export_dialog:
            self.export_dialog.set_busy(busy)
        elif running is self.import_dialog:
            self.import_dialog.set_busy(busy)
        if not busy:
            self._running = None
            if running is self.import_dialog:
                self.cases_changed.emit()

    def _progress(self, text: str) -> None:
        if self._running is self.export_dialog:
            self.export_dialog.show_progress(text)
        elif self._running is self.import_dialog:
            self.import_dialog.show_progress(text)

    def _exported(self, result: object) -> None:
        assert isinstance(result, ExportResult)
        vault = self._session.vault
        # The task has ended (this signal comes after it), so the connection is free to ask.
        plan = vault.export_plan(list(result.sequences)) if vault is not None else ExportPlan(0, 0, 0)
        self.export_dialog.show_done(result, plan)

    def _imported(self, outcomes: object) -> None:
        assert isinstance(outcomes, list)
        self.import_dialog.show_reports([item for item in outcomes if isinstance(item, FileImport)])


def _age_recipients(contacts: list[Contact]) -> list[str]:
    return [c.age_recipient for c in contacts if c.age_recipient is not None]

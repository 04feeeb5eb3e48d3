"""Creating, unlocking, locking and re-keying the vault for the desktop app, and the settings
stored inside it.

The session owns the unlocked `Vault` and the background tasks that derive keys. It holds no
widget: screens are wired to it by the app shell (ui/app.py), so nothing points back at it.

One task at a time: a task on an open vault (changing the passphrase) uses the vault's one
database connection from its worker thread, so while it runs nothing else may touch the
connection, and a lock asked for meanwhile waits until the task has finished.

Signals:
- busy_changed(bool): a background task (key derivation) started (True) or ended (False)
- progress(str): a stage name from the running task ("deriving_key", "writing_key_file", ...)
- unlocked(): the vault is open (`vault` is set), after unlock or creation
- unlock_failed(str): a message for the unlock screen
- create_failed(str): a message for the first-run wizard
- passphrase_changed(): the key file now opens with the new passphrase only
- passphrase_change_failed(str): a message; the passphrase is unchanged unless it says otherwise
- auto_lock_minutes_changed(int): the auto-lock time was saved in the vault
- settings_failed(str): a setting could not be saved (nothing changed)
- bundle_exported(object): an ExportResult (intake.bundle_export); the file is in place
- bundle_export_failed(str): a message; no file was left and nothing was recorded as sent
- bundles_imported(object): a list of ui.bundle_tasks.FileImport, one per file, in order
- bundles_import_failed(str): the import could not start (locked, busy)
- key_approved(object): a contact was approved; the int is how many quarantined bundles merged
- key_approve_failed(str): a message; nothing changed
- locked(): the vault was closed and its key wiped

Export and import run like a passphrase change: one task, on the open vault's connection; their
progress strings are described in ui/bundle_tasks.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal, SignalInstance

from intake.errors import IntakeError
from intake.i18n import _
from intake.vault import Vault, create_vault, unlock_vault
from intake.vault_layout import VaultLayout
from intake.vault_settings import (
    DEFAULT_AUTO_LOCK_MINUTES,
    Role,
)
from ui.background_task import BackgroundTask, ProgressCallback
from ui.bundle_tasks import approve_task, export_task, import_task

KdfParams = object  # crypto.kdf.Argon2Params; ui/ does not import crypto (layering rule)


class VaultSession(QObject):
    busy_changed = Signal(bool)
    progress = Signal(str)
    unlocked = Signal()
    unlock_failed = Signal(str)
    create_failed = Signal(str)
    passphrase_changed = Signal()
    passphrase_change_failed = Signal(str)
    auto_lock_minutes_changed = Signal(int)
    settings_failed = Signal(str)
    bundle_exported = Signal(object)
    bundle_export_failed = Signal(str)
    bundles_imported = Signal(object)
    bundles_import_failed = Signal(str)
    key_approved = Signal(object)
    key_approve_failed = Signal(str)
    locked = Signal()

    def __init__(
        self, data_dir: Path, *, kdf_params: KdfParams | None = None, parent: QObject | None = None
    ) -> None:
        """`kdf_params=None` calibrates at creation, as the app does; tests pass the minimum."""
        super().__init__(parent)
        self._data_dir = data_dir
        self._kdf_params = kdf_params
        self._task: BackgroundTask | None = None
        self._lock_pending = False
        self.vault: Vault | None = None

    def vault_exists(self) -> bool:
        return VaultLayout(self._data_dir).has_key_file()

    def is_busy(self) -> bool:
        return self._task is not None

    def unlock(self, passphrase: str) -> None:
        data_dir = self._data_dir

        def derive_and_open(progress: ProgressCallback) -> Vault:
            return unlock_vault(data_dir, passphrase, progress=progress)

        self._run(derive_and_open, self.unlock_failed)

    def create(self, role: str, passphrase: str) -> None:
        data_dir, params = self._data_dir, self._kdf_params

        def calibrate_and_create(progress: ProgressCallback) -> Vault:
            return create_vault(data_dir, passphrase, Role(role), params=params, progress=progress)  # type: ignore[arg-type]

        self._run(calibrate_and_create, self.create_failed)

    def change_passphrase(self, current: str, new: str) -> None:
        """Re-wraps the database key under `new` in the background (one Argon2id run to check
        `current`, one for `new`); ends with `passphrase_changed` or `passphrase_change_failed`."""
        vault = self.vault
        if vault is None:
            self.passphrase_change_failed.emit(_("The vault is locked."))
            return
        if self._task is not None:
            self.passphrase_change_failed.emit(
                _("Another operation is still running; try again when it ends.")
            )
            return

        def rewrap(progress: ProgressCallback) -> None:
            vault.change_passphrase(current, new, progress=progress)

        self._start(rewrap, self._on_passphrase_changed, self.passphrase_change_failed)

    def export_bundle(self, path: Path, recipients: Sequence[str], cancel: threading.Event) -> None:
        """Writes a bundle in the background; setting `cancel` stops it before the next entry.
        Ends with `bundle_exported` or `bundle_export_failed`."""
        vault = self._idle_vault(self.bundle_export_failed)
        if vault is not None:
            task = export_task(vault, path, recipients, cancel)
            self._start(task, self.bundle_exported.emit, self.bundle_export_failed)

    def import_bundles(self, paths: Sequence[Path]) -> None:
        """Imports the files one by one in the background; ends with `bundles_imported` (refused
        files included, with their message) or `bundles_import_failed`."""
        vault = self._idle_vault(self.bundles_import_failed)
        if vault is not None:
            self._start(import_task(vault, paths), self.bundles_imported.emit, self.bundles_import_failed)

    def approve_key(self, fingerprint: str) -> None:
        """Approves a contact in the background (its quarantined bundles merge); ends with
        `key_approved` or `key_approve_failed`."""
        vault = self._idle_vault(self.key_approve_failed)
        if vault is not None:
            self._start(approve_task(vault, fingerprint), self.key_approved.emit, self.key_approve_failed)

    def _idle_vault(self, failed: SignalInstance) -> Vault | None:
        if self.vault is None:
            failed.emit(_("The vault is locked."))
            return None
        if self._task is not None:
            failed.emit(_("Another operation is still running; try again when it ends."))
            return None
        return self.vault

    def auto_lock_minutes(self) -> int:
        """The auto-lock time stored in the vault (the default while locked or busy)."""
        if self.vault is None or self._task is not None:
            return DEFAULT_AUTO_LOCK_MINUTES
        return self.vault.auto_lock_minutes()

    def set_auto_lock_minutes(self, minutes: int) -> None:
        """Saves the auto-lock time; ends with `auto_lock_minutes_changed` or `settings_failed`."""
        if self.vault is None:
            self.settings_failed.emit(_("The vault is locked."))
            return
        if self._task is not None:  # the worker owns the connection until it finishes
            self.settings_failed.emit(_("Another operation is still running; try again when it ends."))
            return
        try:
            self.vault.set_auto_lock_minutes(minutes)
        except IntakeError as exc:
            self.settings_failed.emit(str(exc))
            return
        self.auto_lock_minutes_changed.emit(minutes)

    def lock(self) -> None:
        """Locks now, or, while a background task is running, as soon as it has finished: a lock
        asked for during unlock must win, not be lost, and the connection a task is using must
        not be closed underneath it."""
        if self._task is not None:
            self._lock_pending = True
            return
        vault, self.vault = self.vault, None
        if vault is not None:
            vault.lock()
            self.locked.emit()

    def shutdown(self) -> None:
        """For quitting: finish any running derivation (so no half-created vault is left and no
        thread is destroyed while running), then lock."""
        task = self._task
        if task is not None:
            self._lock_pending = True
            task.wait()
            task.deliver()
            self._on_task_finished()
        self.lock()

    def _run(self, function: Callable[[ProgressCallback], Vault], failed: SignalInstance) -> None:
        """A task that opens the vault: refused while one is open."""
        if self.vault is not None:
            return
        self._start(function, self._on_opened, failed)

    def _start(
        self,
        function: Callable[[ProgressCallback], object],
        succeeded: Callable[[object], None],
        failed: SignalInstance,
    ) -> None:
        if self._task is not None:
            return
        task = BackgroundTask(function, self)
        task.progress.connect(self.progress)
        task.succeeded.connect(succeeded)
        task.failed.connect(failed)
        task.finished.connect(self._on_task_finished)
        self._task = task
        self.busy_changed.emit(True)
        task.start()

    def _on_passphrase_changed(self, _result: object) -> None:
        self.passphrase_changed.emit()

    def _on_opened(self, vault: object) -> None:
        assert isinstance(vault, Vault)
        if self._lock_pending:
            self._lock_pending = False
            vault.lock()
            self.locked.emit()
            return
        self.vault = vault
        self.unlocked.emit()

    def _on_task_finished(self) -> None:
        task, self._task = self._task, None
        if task is None:
            return
        # An opening task has already honoured (and cleared) a pending lock in _on_opened; a task
        # on the open vault leaves it to here, now that the connection is free again.
        lock_pending, self._lock_pending = self._lock_pending, False
        task.deleteLater()
        self.busy_changed.emit(False)
        if lock_pending:
            self.lock()

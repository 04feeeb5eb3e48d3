"""Creating, unlocking, locking, re-keying and wiping the vault for the desktop app, and the
settings stored inside it.

The session owns the unlocked `Vault` and the background tasks that derive keys. It holds no
widget: screens are wired to it by the app shell (ui/app.py), so nothing points back at it.

One task at a time: a task on an open vault (changing the passphrase) uses the vault's one
database connection from its worker thread, so while it runs nothing else may touch the
connection, and a lock asked for meanwhile waits until the task has finished. Attachment tasks
(adding, reading for the viewer, saving a copy) are not worth that wait: a lock or a quit sets
their cancel event, and they stop within a chunk, keeping nothing.

The panic wipe (`wipe()`) does not wait: the key file is overwritten on the GUI thread at once,
after which nothing on the disk opens the vault. A running task is asked to stop (an export or
import stops before its next entry; a key derivation cannot and ends by itself), and when it has
ended the remaining files are removed in a task of their own. A lock asked for before or during
the wipe is dropped: the wipe closes the vault anyway.

Signals:
- busy_changed(bool): a background task (key derivation) started (True) or ended (False); not
  emitted for the wipe's own task, which shows nothing
- progress(str): a stage name from the running task ("deriving_key", "writing_key_file", ...)
- unlocked(): the vault is open (`vault` is set), after unlock or creation
- unlock_failed(str): a message for the unlock screen
- create_failed(str): a message for the first-run wizard
- passphrase_changed(bool): the key file now opens with the new passphrase only; True if a
  duress passphrase was dropped with the old one
- passphrase_change_failed(str): a message; the passphrase is unchanged unless it says otherwise
- auto_lock_minutes_changed(int): the auto-lock time was saved in the vault
- settings_failed(str): a setting could not be saved (nothing changed)
- duress_passphrase_changed(bool): a duress passphrase was set (True) or removed (False)
- duress_passphrase_failed(str): a message; the duress passphrase is as it was
- decoys_changed(): drafts were moved into the decoy cases, or the decoys were cleared
- decoys_failed(str): a message; the decoy cases and the drafts are as they were
- bundle_exported(object): an ExportResult (intake.bundle_export); the file is in place
- bundle_export_failed(str): a message; no file was left and nothing was recorded as sent
- bundles_imported(object): a list of ui.bundle_tasks.FileImport, one per file, in order
- bundles_import_failed(str): the import could not start (locked, busy)
- key_approved(object): a contact was approved; the int is how many quarantined bundles merged
- key_approve_failed(str): a message; nothing changed
- attachments_added(object): a list of ui.attachment_tasks.AddedFile, one per file tried
- attachment_opened(object): a ui.attachment_tasks.OpenedAttachment, content in memory
- attachment_saved(object): the Path a decrypted copy was written to
- attachment_failed(str): a message; nothing was added or written
- statistics_loaded(object): an intake.statistics.Population, what statistics count (coordinators'
  dashboard); the session keeps no reference to it
- statistics_failed(str): a message; nothing was read
- locked(): the vault was closed and its key wiped
- wiped(): the panic wipe is complete: the vault's files and folder are gone, `vault` is None
- wipe_failed(str): the disk refused to overwrite or delete some of the files (the system's
  reason); the vault is closed, and whatever could not be removed is still there

Export and import run like a passphrase change: one task, on the open vault's connection; their
progress strings are described in ui/bundle_tasks.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

from intake.attachments import Attachment
from intake.errors import IntakeError, StorageError
from intake.i18n import _
from intake.vault import Vault, create_vault, unlock_vault, wipe_vault
from intake.vault_layout import VaultLayout
from intake.vault_settings import (
    DEFAULT_AUTO_LOCK_MINUTES,
    Role,
)
from intake.wipe import destroy_key_material, finish_pending_wipe
from ui.attachment_tasks import add_task, read_task, save_task
from ui.background_task import BackgroundTask, ProgressCallback
from ui.bundle_tasks import approve_task, export_task, import_task
from ui.statistics_tasks import load_task

KdfParams = object  # crypto.kdf.Argon2Params; ui/ does not import crypto (layering rule)


class VaultSession(QObject):
    busy_changed = Signal(bool)
    progress = Signal(str)
    unlocked = Signal()
    unlock_failed = Signal(str)
    create_failed = Signal(str)
    passphrase_changed = Signal(bool)
    passphrase_change_failed = Signal(str)
    auto_lock_minutes_changed = Signal(int)
    settings_failed = Signal(str)
    duress_passphrase_changed = Signal(bool)
    duress_passphrase_failed = Signal(str)
    decoys_changed = Signal()
    decoys_failed = Signal(str)
    bundle_exported = Signal(object)
    bundle_export_failed = Signal(str)
    bundles_imported = Signal(object)
    bundles_import_failed = Signal(str)
    key_approved = Signal(object)
    key_approve_failed = Signal(str)
    attachments_added = Signal(object)
    attachment_opened = Signal(object)
    attachment_saved = Signal(object)
    attachment_failed = Signal(str)
    statistics_loaded = Signal(object)
    statistics_failed = Signal(str)
    locked = Signal()
    wiped = Signal()
    wipe_failed = Signal(str)

    def __init__(
        self, data_dir: Path, *, kdf_params: KdfParams | None = None, parent: QObject | None = None
    ) -> None:
        """`kdf_params=None` calibrates at creation, as the app does; tests pass the minimum."""
        super().__init__(parent)
        self._data_dir = data_dir
        self._kdf_params = kdf_params
        self._task: BackgroundTask | None = None
        self._announced = False  # whether the running task said busy_changed(True)
        self._stop: threading.Event | None = None  # what asks the running task to stop, if anything
        self._stop_at_lock = False  # whether a lock (not only the wipe) sets _stop: attachment tasks
        self._lock_pending = False
        self._wiping = False
        self._doomed: Vault | None = None  # an open vault waiting for the wipe's task
        self.vault: Vault | None = None

    def vault_exists(self) -> bool:
        """Whether there is a vault to unlock. A wipe the process did not live to finish is
        completed first, silently: its key file no longer opens anything."""
        layout = VaultLayout(self._data_dir)
        with suppress(OSError):  # the disk refusing shows as the unusable key file it is
            finish_pending_wipe(layout)
        return layout.has_key_file()

    def is_busy(self) -> bool:
        return self._task is not None

    def is_wiping(self) -> bool:
        return self._wiping

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

        def rewrap(progress: ProgressCallback) -> bool:
            return vault.change_passphrase(current, new, progress=progress)

        self._start(rewrap, self._on_passphrase_changed, self.passphrase_change_failed)

    def has_duress_passphrase(self) -> bool:
        """Whether the open vault has a duress passphrase (False while locked or busy: the
        setting is read through the connection a task would be using)."""
        if self.vault is None or self._task is not None:
            return False
        try:
            return self.vault.has_duress_passphrase
        except IntakeError:
            return False

    def set_duress_passphrase(self, current: str, duress: str) -> None:
        """Adds or replaces the duress passphrase in the background (three Argon2id runs); ends
        with `duress_passphrase_changed(True)` or `duress_passphrase_failed`."""
        vault = self._idle_vault(self.duress_passphrase_failed)
        if vault is None:
            return

        def add(progress: ProgressCallback) -> bool:
            vault.set_duress_passphrase(current, duress, progress=progress)
            return True

        self._start(add, self._on_duress_changed, self.duress_passphrase_failed)

    def remove_duress_passphrase(self, current: str) -> None:
        """Rewrites the key file without the duress passphrase (two Argon2id runs); ends with
        `duress_passphrase_changed(False)` or `duress_passphrase_failed`."""
        vault = self._idle_vault(self.duress_passphrase_failed)
        if vault is None:
            return

        def remove(progress: ProgressCallback) -> bool:
            vault.remove_duress_passphrase(current, progress=progress)
            return False

        self._start(remove, self._on_duress_changed, self.duress_passphrase_failed)

    def decoy_state(self) -> tuple[list[str], list[tuple[str, str]]] | None:
        """The decoy titles and the drafts that could join them; None while locked or busy."""
        if self.vault is None or self._task is not None:
            return None
        try:
            return self.vault.decoy_titles(), self.vault.decoy_candidates()
        except IntakeError:
            return None

    def add_decoy_cases(self, case_ids: Sequence[str]) -> None:
        """Moves drafts into the decoy cases (a few milliseconds: on this thread)."""
        vault = self._idle_vault(self.decoys_failed)
        if vault is not None:
            self._change_decoys(lambda: vault.add_decoy_cases(case_ids))

    def clear_decoy_cases(self) -> None:
        vault = self._idle_vault(self.decoys_failed)
        if vault is not None:
            self._change_decoys(vault.clear_decoy_cases)

    def _change_decoys(self, change: Callable[[], None]) -> None:
        try:
            change()
        except IntakeError as exc:
            self.decoys_failed.emit(str(exc))
            return
        self.decoys_changed.emit()

    def export_bundle(
        self, path: Path, recipients: Sequence[str], cancel: threading.Event, include_originals: bool = False
    ) -> None:
        """Writes a bundle in the background; setting `cancel` stops it before the next entry (or
        attachment chunk). Ends with `bundle_exported` or `bundle_export_failed`."""
        vault = self._idle_vault(self.bundle_export_failed)
        if vault is not None:
            task = export_task(vault, path, recipients, cancel, include_originals)
            self._start(task, self.bundle_exported.emit, self.bundle_export_failed, stop=cancel)

    def import_bundles(self, paths: Sequence[Path]) -> None:
        """Imports the files one by one in the background; ends with `bundles_imported` (refused
        files included, with their message) or `bundles_import_failed`."""
        vault = self._idle_vault(self.bundles_import_failed)
        if vault is not None:
            stop = threading.Event()  # only the wipe sets it: the dialog offers no Cancel
            task = import_task(vault, paths, stop)
            self._start(task, self.bundles_imported.emit, self.bundles_import_failed, stop=stop)

    def approve_key(self, fingerprint: str) -> None:
        """Approves a contact in the background (its quarantined bundles merge); ends with
        `key_approved` or `key_approve_failed`."""
        vault = self._idle_vault(self.key_approve_failed)
        if vault is not None:
            self._start(approve_task(vault, fingerprint), self.key_approved.emit, self.key_approve_failed)

    def attachments_of(self, case_id: str) -> list[Attachment]:
        """A case's attachments ([] while locked or busy: a task owns the connection)."""
        if self.vault is None or self._task is not None:
            return []
        try:
            return self.vault.attachments.list(case_id)
        except IntakeError:
            return []

    def link_targets(self, case_id: str) -> dict[str, list[dict[str, Any]]]:
        """The persons and sources of a case that its attachments can concern ({} while locked or
        busy)."""
        if self.vault is None or self._task is not None:
            return {}
        try:
            return self.vault.attachments.link_targets(case_id)
        except IntakeError:
            return {}

    def add_attachments(
        self,
        case_id: str,
        paths: Sequence[Path],
        delete_originals: bool,
        cancel: threading.Event,
        *,
        linked_to: str | None = None,
    ) -> None:
        """Adds files in the background (streamed, each in its own transaction), concerning the
        person or source `linked_to` if given; ends with `attachments_added` or
        `attachment_failed`."""
        vault = self._idle_vault(self.attachment_failed)
        if vault is not None:
            task = add_task(
                vault, case_id, paths, delete_originals=delete_originals, cancel=cancel, linked_to=linked_to
            )
            self._start(
                task, self.attachments_added.emit, self.attachment_failed, stop=cancel, stop_at_lock=True
            )

    def open_attachment(self, attachment_id: str, cancel: threading.Event) -> None:
        """Reads an attachment into memory for the viewer; ends with `attachment_opened`, or
        `attachment_failed` (also when `cancel` was set, by a lock, a quit or the wipe)."""
        vault = self._idle_vault(self.attachment_failed)
        if vault is not None:
            task = read_task(vault, attachment_id, cancel=cancel)
            self._start(
                task, self.attachment_opened.emit, self.attachment_failed, stop=cancel, stop_at_lock=True
            )

    def save_attachment(
        self, attachment_id: str, path: Path, original: bool, cancel: threading.Event
    ) -> None:
        """Writes a decrypted copy where the user chose; ends with `attachment_saved`, or
        `attachment_failed` with nothing left at `path` (also when `cancel` was set)."""
        vault = self._idle_vault(self.attachment_failed)
        if vault is not None:
            task = save_task(vault, attachment_id, path, original=original, cancel=cancel)
            self._start(
                task, self.attachment_saved.emit, self.attachment_failed, stop=cancel, stop_at_lock=True
            )

    def load_statistics(self) -> None:
        """Reads what statistics count in the background (about half a second at 100,000 cases);
        ends with `statistics_loaded` or `statistics_failed`."""
        vault = self._idle_vault(self.statistics_failed)
        if vault is not None:
            self._start(load_task(vault), self.statistics_loaded.emit, self.statistics_failed)

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
        if self._wiping:
            return  # the wipe closes the vault; locking it as well would clear the screens twice
        if self._task is not None:
            self._lock_pending = True
            self._stop_for_lock()
            return
        vault, self.vault = self.vault, None
        if vault is not None:
            vault.lock()
            self.locked.emit()

    def wipe(self) -> None:
        """The panic wipe: the key material is destroyed now, on this thread (one overwrite and
        fsync of the key file), whatever is running; the rest follows in the background. Ends
        with `wiped` or `wipe_failed`. Works locked, unlocked and with no vault at all."""
        if self._wiping:
            return
        self._wiping = True
        self._lock_pending = False
        # If the disk refuses here, the task below tries again and reports what it could not do.
        with suppress(OSError):
            destroy_key_material(VaultLayout(self._data_dir))
        # Nobody may read through the vault any more; the task below closes it.
        self._doomed, self.vault = self.vault, None
        if self._stop is not None:
            self._stop.set()
        if self._task is None:
            self._start_removal()
        # Otherwise _on_task_finished starts it: the running task still uses the connection.

    def shutdown(self) -> None:
        """For quitting: finish any running derivation (so no half-created vault is left and no
        thread is destroyed while running) and any wipe under way, then lock."""
        while (task := self._task) is not None:
            if not self._wiping:
                self._lock_pending = True
                self._stop_for_lock()
            task.wait()
            task.deliver()  # its finished signal runs _on_task_finished, which may start the wipe's task
            if self._task is task:  # delivered before, without reaching _on_task_finished
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
        failed: SignalInstance | Callable[[str], None],
        *,
        stop: threading.Event | None = None,
        stop_at_lock: bool = False,
        announce: bool = True,
    ) -> None:
        if self._task is not None:
            return
        task = BackgroundTask(function, self)
        task.progress.connect(self.progress)
        task.succeeded.connect(succeeded)
        task.failed.connect(failed)
        task.finished.connect(self._on_task_finished)
        self._task, self._stop, self._announced = task, stop, announce
        self._stop_at_lock = stop_at_lock
        if announce:
            self.busy_changed.emit(True)
        task.start()

    def _stop_for_lock(self) -> None:
        """A lock or quit during an attachment task: the task stops at its next chunk (keeping
        nothing) rather than making the lock wait for a whole file."""
        if self._stop_at_lock and self._stop is not None:
            self._stop.set()

    def _start_removal(self) -> None:
        vault, self._doomed = self._doomed, None
        data_dir = self._data_dir

        def remove_files(_progress: ProgressCallback) -> None:
            try:
                if vault is None:
                    wipe_vault(data_dir)
                    return
                try:
                    vault.wipe()  # closes the connection once the files are unlinked
                finally:
                    vault.lock()  # nothing left to do unless the wipe stopped half-way
            except OSError as exc:
                # The system's words: the shell puts them into its own, translated, message.
                raise StorageError(exc.strerror or type(exc).__name__) from None

        self._start(remove_files, self._on_wiped, self._on_wipe_failed, announce=False)

    def _on_wiped(self, _result: object) -> None:
        self._wiping = False
        self.wiped.emit()

    def _on_wipe_failed(self, reason: str) -> None:
        self._wiping = False
        self.wipe_failed.emit(reason)

    def _on_passphrase_changed(self, duress_removed: object) -> None:
        self.passphrase_changed.emit(bool(duress_removed))

    def _on_duress_changed(self, now_set: object) -> None:
        self.duress_passphrase_changed.emit(bool(now_set))

    def _on_opened(self, vault: object) -> None:
        assert isinstance(vault, Vault)
        if self._wiping:
            self._doomed = vault  # opened while the wipe waited for it: the wipe's task closes it
            return
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
        announced, self._stop, self._stop_at_lock = self._announced, None, False
        task.deleteLater()
        if announced:
            self.busy_changed.emit(False)
        if self._wiping and self._task is None:
            # The task the wipe waited for has let go of the connection. (The wipe's own task
            # never gets here: it cleared _wiping before finishing.)
            self._start_removal()
        elif lock_pending:
            self.lock()

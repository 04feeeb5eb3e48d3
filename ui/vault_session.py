"""Creating, unlocking and locking the vault for the desktop app.

The session owns the unlocked `Vault` and the background tasks that derive keys. It holds no
widget: screens are wired to it by the app shell (ui/app.py), so nothing points back at it.

Signals:
- busy_changed(bool): a key derivation started (True) or ended (False)
- unlocked(): the vault is open (`vault` is set), after unlock or creation
- unlock_failed(str): a message for the unlock screen
- create_failed(str): a message for the first-run wizard
- locked(): the vault was closed and its key wiped
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, SignalInstance

from intake.vault import Vault, create_vault, unlock_vault
from intake.vault_layout import VaultLayout
from intake.vault_settings import Role
from ui.background_task import BackgroundTask, ProgressCallback

KdfParams = object  # crypto.kdf.Argon2Params; ui/ does not import crypto (layering rule)


class VaultSession(QObject):
    busy_changed = Signal(bool)
    unlocked = Signal()
    unlock_failed = Signal(str)
    create_failed = Signal(str)
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

    def lock(self) -> None:
        """Locks now, or, while a key derivation is running, as soon as it has opened the vault:
        a lock asked for during unlock must win, not be lost."""
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
        if self._task is not None or self.vault is not None:
            return
        self._task = BackgroundTask(function, self)
        self._task.succeeded.connect(self._on_opened)
        self._task.failed.connect(failed)
        self._task.finished.connect(self._on_task_finished)
        self.busy_changed.emit(True)
        self._task.start()

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
        self._lock_pending = False
        task.deleteLater()
        self.busy_changed.emit(False)

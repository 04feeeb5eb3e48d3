"""Unlocking and locking the vault for the desktop app.

The session owns the unlocked `Vault` and the background tasks that derive keys. Screens never see
the session: it connects to their signals and tells them what to show, so no widget holds a
reference back to it.

Signals:
- unlocked(): the vault is open (`vault` is set)
- locked(): the vault was closed and its key wiped
- busy_changed(bool): a key derivation started or ended
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from intake.vault import Vault, unlock_vault
from ui.background_task import BackgroundTask, ProgressCallback
from ui.unlock_screen import UnlockScreen


class VaultSession(QObject):
    unlocked = Signal()
    locked = Signal()
    busy_changed = Signal(bool)

    def __init__(self, data_dir: Path, unlock_screen: UnlockScreen, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._screen = unlock_screen
        self._task: BackgroundTask | None = None
        self.vault: Vault | None = None
        unlock_screen.unlock_requested.connect(self.unlock)

    def is_busy(self) -> bool:
        return self._task is not None

    def unlock(self, passphrase: str) -> None:
        if self._task is not None or self.vault is not None:
            return
        data_dir = self._data_dir

        def derive_and_open(progress: ProgressCallback) -> Vault:
            return unlock_vault(data_dir, passphrase, progress=progress)

        self._screen.set_busy(True)
        self._task = BackgroundTask(derive_and_open, self)
        self._task.succeeded.connect(self._on_unlocked)
        self._task.failed.connect(self._on_failed)
        self._task.finished.connect(self._on_task_finished)
        self.busy_changed.emit(True)
        self._task.start()

    def lock(self) -> None:
        vault, self.vault = self.vault, None
        if vault is not None:
            vault.lock()
            self._screen.reset()
            self.locked.emit()

    def _on_unlocked(self, vault: object) -> None:
        assert isinstance(vault, Vault)
        self.vault = vault
        self._screen.reset()
        self.unlocked.emit()

    def _on_failed(self, message: str) -> None:
        self._screen.set_busy(False)
        self._screen.show_message(message)

    def _on_task_finished(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.deleteLater()
        self.busy_changed.emit(False)

"""Connects the settings dialog to the session, the language switcher and the idle lock, so the
app shell only has to say "open settings" and "close them at lock"."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QWidget

from intake.errors import IntakeError
from intake.preferences import write_language
from intake.vault_layout import VaultLayout
from ui.idle_lock import IdleLock
from ui.language import LanguageSwitcher
from ui.settings_dialog import SettingsDialog
from ui.vault_session import VaultSession

_MS_PER_MINUTE = 60_000


class SettingsController(QObject):
    def __init__(
        self,
        window: QWidget,
        *,
        session: VaultSession,
        language: LanguageSwitcher,
        idle_lock: IdleLock,
        layout: VaultLayout,
    ) -> None:
        super().__init__(window)
        self._session = session
        self._language = language
        self._idle_lock = idle_lock
        self._layout = layout
        self.dialog = SettingsDialog(window)
        dialog = self.dialog
        dialog.language_chosen.connect(self._choose_language)
        dialog.auto_lock_minutes_chosen.connect(session.set_auto_lock_minutes)
        dialog.passphrase_change_requested.connect(session.change_passphrase)
        session.busy_changed.connect(dialog.set_busy)
        session.progress.connect(dialog.show_progress)
        session.passphrase_changed.connect(dialog.show_passphrase_changed)
        session.passphrase_change_failed.connect(dialog.show_passphrase_error)
        session.settings_failed.connect(dialog.show_message)
        session.auto_lock_minutes_changed.connect(self._apply_auto_lock)
        self.lock_shortcut = QShortcut(QKeySequence("Ctrl+L"), dialog)  # the dialog is modal

    def open(self) -> None:
        if self._session.vault is None:
            return  # settings other than the language live in the unlocked vault
        self.dialog.set_values(self._language.language, self._session.auto_lock_minutes())
        self.dialog.open()

    def close(self) -> None:
        """At lock: hides the dialog, which wipes its passphrase fields."""
        self.dialog.done(QDialog.DialogCode.Rejected)

    def apply_vault_settings(self) -> None:
        """After an unlock: the auto-lock time stored in this vault."""
        self._apply_auto_lock(self._session.auto_lock_minutes())

    def remember_language(self) -> str | None:
        """Saves the current language outside the vault (the only thing kept there); returns a
        message if the disk refused."""
        try:
            write_language(self._layout, self._language.language)
        except IntakeError as error:
            return str(error)
        return None

    def _choose_language(self, code: str) -> None:
        self._language.apply(code)
        error = self.remember_language()
        if error is not None:
            self.dialog.show_message(error)

    def _apply_auto_lock(self, minutes: int) -> None:
        self._idle_lock.set_timeout_ms(minutes * _MS_PER_MINUTE)

"""Connects the settings dialog to the session, the language switcher and the idle lock, so the
app shell only has to say "open settings" and "close them at lock".

The language and the two wipe choices go to preferences.json (intake/preferences.py), each write
keeping the other choices; the duress passphrase and everything else go through the session.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QWidget

from intake.errors import IntakeError
from intake.preferences import check_wipe_after_failed, read_preferences, write_language, write_preferences
from intake.vault_layout import VaultLayout
from ui.idle_lock import IdleLock
from ui.language import LanguageSwitcher
from ui.settings_dialog import SettingsDialog
from ui.vault_session import VaultSession

_MS_PER_MINUTE = 60_000


class SettingsController(QObject):
    """Signals: drafts_moved(list): ids of drafts that left this vault for the decoy cases ([]
    when the decoys were only cleared)."""

    drafts_moved = Signal(list)

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
        self._moving: list[str] = []
        self.dialog = SettingsDialog(window)
        dialog = self.dialog
        dialog.language_chosen.connect(self._choose_language)
        dialog.auto_lock_minutes_chosen.connect(session.set_auto_lock_minutes)
        dialog.passphrase_change_requested.connect(session.change_passphrase)
        dialog.safety.wipe_confirmation_chosen.connect(self._choose_wipe_confirmation)
        dialog.safety.wipe_after_failed_chosen.connect(self._choose_wipe_after_failed)
        dialog.safety.duress_set_requested.connect(session.set_duress_passphrase)
        dialog.safety.duress_remove_requested.connect(session.remove_duress_passphrase)
        dialog.decoys.move_requested.connect(self._move_drafts)
        dialog.decoys.clear_requested.connect(self._clear_decoys)
        session.decoys_changed.connect(self._decoys_changed)
        session.decoys_failed.connect(dialog.decoys.show_message)
        session.duress_passphrase_changed.connect(self._show_decoys)
        session.passphrase_changed.connect(self._show_decoys)
        session.busy_changed.connect(dialog.set_busy)
        session.progress.connect(dialog.show_progress)
        session.passphrase_changed.connect(dialog.show_passphrase_changed)
        session.passphrase_change_failed.connect(dialog.show_passphrase_error)
        session.settings_failed.connect(dialog.show_message)
        session.duress_passphrase_changed.connect(dialog.show_duress_changed)
        session.duress_passphrase_failed.connect(dialog.show_duress_error)
        session.auto_lock_minutes_changed.connect(self._apply_auto_lock)
        self.lock_shortcut = QShortcut(QKeySequence("Ctrl+L"), dialog)  # the dialog is modal

    def open(self) -> None:
        if self._session.vault is None:
            return  # settings other than the language live in the unlocked vault
        self.dialog.set_values(self._language.language, self._session.auto_lock_minutes())
        preferences = read_preferences(self._layout)
        self.dialog.safety.set_values(preferences.wipe_confirmation, preferences.wipe_after_failed_unlocks)
        self.dialog.show_duress_state(self._session.has_duress_passphrase())
        self._show_decoys()
        self.dialog.open()

    def _show_decoys(self) -> None:
        state = self._session.decoy_state()
        if state is not None:
            titles, drafts = state
            self.dialog.decoys.show_state(titles, drafts, self._session.has_duress_passphrase())

    def _move_drafts(self, case_ids: list[str]) -> None:
        self._moving = list(case_ids)
        self._session.add_decoy_cases(case_ids)

    def _clear_decoys(self) -> None:
        self._moving = []
        self._session.clear_decoy_cases()

    def _decoys_changed(self) -> None:
        self._show_decoys()
        self.drafts_moved.emit(self._moving)

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

    def remember_wipe_confirmation(self, confirmation: str) -> str | None:
        """Saves the panic-wipe choice made during setup (once the vault exists); returns a
        message if the disk refused."""
        return self._save_preferences(wipe_confirmation=confirmation)

    def _choose_wipe_confirmation(self, confirmation: str) -> None:
        self._show_problem(self._save_preferences(wipe_confirmation=confirmation))

    def _choose_wipe_after_failed(self, limit: int) -> None:
        try:
            check_wipe_after_failed(limit)
        except IntakeError as error:
            self._show_problem(str(error))
            return
        self._show_problem(self._save_preferences(wipe_after_failed_unlocks=limit))

    def _save_preferences(self, **changes: Any) -> str | None:
        try:
            write_preferences(self._layout, read_preferences(self._layout).with_changes(**changes))
        except IntakeError as error:
            return str(error)
        return None

    def _show_problem(self, problem: str | None) -> None:
        self.dialog.show_message(problem or "")

    def _choose_language(self, code: str) -> None:
        self._language.apply(code)
        error = self.remember_language()
        if error is not None:
            self.dialog.show_message(error)

    def _apply_auto_lock(self, minutes: int) -> None:
        self._idle_lock.set_timeout_ms(minutes * _MS_PER_MINUTE)

"""The desktop app's shell: which screen shows when, and the wiring between screens and the session.

Run it with `python -m ui.app [--data-dir FOLDER]`.

Saving before locking lives here: every way to lock (button, Ctrl+L, idle timer) goes through
`lock_now()`, which flushes the editor first, and closing the window flushes before shutting down.
Attachments are not waited for: a lock, a quit and the wipe first stop the attachment task under
way (adding, reading for the viewer, saving a copy: it keeps nothing) and close its windows.

The panic wipe (`wipe_now()`, from the one action in ui/panic_wipe.py) saves nothing: the views
let go of the vault at once, the session destroys it, and on `wiped` every dialog closes and a
fresh first-run wizard shows, saying nothing about what happened.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMessageBox, QStackedWidget, QToolTip

from intake.i18n import language_from_environment
from intake.preferences import read_language
from intake.process_hardening import harden_process
from intake.vault_layout import VaultLayout, default_data_dir
from intake.vault_settings import Role
from ui.attachments_controller import AttachmentsController
from ui.bundle_controller import BundleController
from ui.case_list_page import CaseListPage
from ui.editor.case_editor_page import CaseEditorPage
from ui.file_dialogs import keep_qt_settings_off_disk
from ui.first_run import FirstRunWizard
from ui.idle_lock import IdleLock
from ui.keys_controller import KeysController
from ui.language import LanguageSwitcher
from ui.panic_wipe import PanicWipe
from ui.sensitive_clipboard import SensitiveClipboard
from ui.settings_controller import SettingsController
from ui.statistics_controller import StatisticsController
from ui.statistics_page import StatisticsPage
from ui.unlock_screen import UnlockScreen
from ui.vault_session import KdfParams, VaultSession


class AppShell(QStackedWidget):
    def __init__(
        self, data_dir: Path, language: LanguageSwitcher, *, kdf_params: KdfParams | None = None
    ) -> None:
        super().__init__()
        keep_qt_settings_off_disk()  # Qt's file dialog would save its history there
        self._language = language
        self.session = VaultSession(data_dir, kdf_params=kdf_params, parent=self)
        self.clipboard = SensitiveClipboard(parent=self)
        self.first_run = FirstRunWizard()
        self.first_run.setWindowFlags(Qt.WindowType.Widget)
        self.first_run.select_language(language.language)
        self.unlock_screen = UnlockScreen()
        self.unlocked_view = CaseListPage()
        self.editor = CaseEditorPage()
        self.statistics_page = StatisticsPage()
        # Ids only (never content): which editor to reopen after an unlock.
        self._reopen_after_unlock: tuple[str, str | None] | None = None
        for widget in (
            self.first_run,
            self.unlock_screen,
            self.unlocked_view,
            self.editor,
            self.statistics_page,
        ):
            self.addWidget(widget)
        self.idle_lock = IdleLock(self)
        self.settings = SettingsController(
            self,
            session=self.session,
            language=language,
            idle_lock=self.idle_lock,
            layout=VaultLayout(data_dir),
        )
        self.settings.lock_shortcut.activated.connect(self.lock_now)
        self.settings.drafts_moved.connect(self._after_drafts_moved)
        self.keys = KeysController(self, self.session)
        self.bundles = BundleController(self, self.session)
        self.attachments = AttachmentsController(self, self.session)
        self.statistics = StatisticsController(self, self.session, self.statistics_page)
        self.panic = PanicWipe(self, VaultLayout(data_dir))
        self.unlock_screen.set_panic_action(self.panic.action)
        self.unlocked_view.set_panic_action(self.panic.action)
        self.editor.set_panic_action(self.panic.action)
        self.statistics_page.set_panic_action(self.panic.action)
        for dialog in (
            self.settings.dialog,
            self.keys.dialog,
            self.bundles.export_dialog,
            self.bundles.import_dialog,
            self.attachments.dialog,
            self.attachments.viewer,
            self.statistics_page.excluded_dialog,
            self.statistics_page.confirmation,
        ):
            self.panic.cover(dialog)
        self._wire(language)
        self.setCurrentWidget(self.unlock_screen if self.session.vault_exists() else self.first_run)
        lock_shortcut = QShortcut(QKeySequence("Ctrl+L"), self)
        lock_shortcut.activated.connect(self.lock_now)
        new_case_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.New), self)
        new_case_shortcut.activated.connect(self.new_case)
        settings_shortcut = QShortcut(QKeySequence("Ctrl+,"), self)
        settings_shortcut.activated.connect(self.open_settings)
        for keys, action in (
            ("Ctrl+E", self.open_export),
            ("Ctrl+I", self.open_import),
            ("Ctrl+K", self.open_keys),
            ("Ctrl+Shift+S", self.open_statistics),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(action)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Intake"))
        self.panic.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Typed text first; then a derivation still running must finish (a half-created vault
        # would block the next start) and whatever it opened must be locked before the window goes.
        if not self.session.is_busy() and not self.editor.flush() and not self._close_anyway():
            event.ignore()
            return
        self.bundles.cancel_running()  # shutdown waits for the task: an export need not finish
        self.attachments.close()  # nor a file being added, shown or saved: it stops at its next chunk
        self.statistics.shutdown()  # drops the figures; a count or export under way ends first
        self.session.shutdown()
        super().closeEvent(event)

    def _close_anyway(self) -> bool:
        answer = QMessageBox.warning(
            self,
            self.tr("Changes not saved"),
            self.tr(
                "The last changes could not be saved (see the message in the editor). "
                "Close anyway and lose them?"
            ),
            QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Close

    def _wire(self, language: LanguageSwitcher) -> None:
        session = self.session
        self.first_run.language_chosen.connect(language.apply)
        self.first_run.create_requested.connect(session.create)
        session.create_failed.connect(self.first_run.show_message)
        self.unlock_screen.unlock_requested.connect(session.unlock)
        session.unlock_failed.connect(self._show_unlock_failed)
        session.busy_changed.connect(self._show_busy)
        session.unlocked.connect(self._show_unlocked)
        session.locked.connect(self._show_locked)
        self.panic.confirmed.connect(self.wipe_now)
        session.wiped.connect(self._show_wiped)
        session.wipe_failed.connect(self._show_wipe_failed)
        self.unlocked_view.lock_requested.connect(self.lock_now)
        self.unlocked_view.case_activated.connect(self.open_case)
        self.unlocked_view.new_case_requested.connect(self.new_case)
        self.unlocked_view.settings_requested.connect(self.open_settings)
        self.unlocked_view.export_requested.connect(self.open_export)
        self.unlocked_view.import_requested.connect(self.open_import)
        self.unlocked_view.keys_requested.connect(self.open_keys)
        self.unlocked_view.statistics_requested.connect(self.open_statistics)
        self.statistics_page.back_requested.connect(self.close_statistics)
        for controller in (self.keys, self.bundles):
            controller.lock_requested.connect(self.lock_now)
            controller.cases_changed.connect(self.unlocked_view.refresh)
        session.busy_changed.connect(self._hold_case_list)
        self.editor.back_requested.connect(self.show_case_list)
        self.editor.attachments_requested.connect(self.attachments.open)
        self.attachments.lock_requested.connect(self.lock_now)
        self.idle_lock.idle.connect(self.lock_now)

    # -- navigation ----------------------------------------------------------------------------

    def lock_now(self) -> None:
        """Saves what the editor holds, then locks. If the disk refuses the save, the lock still
        happens: leaving case data on an unattended screen is the greater harm."""
        if self.session.vault is not None and self.currentWidget() is self.editor:
            self._reopen_after_unlock = self.editor.current_key()
        # Before the lock waits for a running task: an attachment task stops at its next chunk,
        # and what it still delivers (the bytes of a view) finds its windows closed.
        self.attachments.close()
        self.statistics.close()  # the figures go now; a population still being read is dropped
        try:
            # While a task owns the database connection (a passphrase change), nothing may write
            # through it; the editor was flushed before that task could start.
            if not self.session.is_busy():
                self.editor.flush()
        finally:
            self.session.lock()

    def wipe_now(self) -> None:
        """The panic wipe, without saving: what the editor holds is to be destroyed, not kept.
        Nothing on screen may read or write through the vault while the session closes it."""
        self._reopen_after_unlock = None
        self._drop_views()
        self.session.wipe()  # first the key (and the running task's cancel event), then the rest
        self.attachments.close()  # the decrypted bytes and names on screen go now, not at `wiped`

    def open_settings(self) -> None:
        # A passphrase change runs on a worker over the same database connection: nothing may be
        # left for the autosave timer to write meanwhile (the dialog is modal, so no new typing).
        if self.editor.flush():
            self.settings.open()

    # Export, import and keys start from the case list only: the editor is closed (nothing left
    # for its autosave to write) and a task's dialog is modal until the task has ended.

    def open_export(self) -> None:
        if self.currentWidget() is self.unlocked_view:
            self.bundles.open_export()

    def open_import(self) -> None:
        if self.currentWidget() is self.unlocked_view:
            self.bundles.open_import()

    def open_keys(self) -> None:
        if self.currentWidget() is self.unlocked_view:
            self.keys.open()

    def open_statistics(self) -> None:
        """The coordinator's dashboard (never a field vault's), from the case list only."""
        vault = self.session.vault
        if (
            self.currentWidget() is self.unlocked_view
            and vault is not None
            and vault.role is Role.COORDINATOR
            and self.statistics.open()
        ):
            self.setCurrentWidget(self.statistics_page)

    def close_statistics(self) -> None:
        self.statistics.close()
        self.setCurrentWidget(self.unlocked_view)

    def _hold_case_list(self, busy: bool) -> None:
        """A task on the open vault owns its connection: the list must not read meanwhile."""
        if self.session.vault is not None:
            self.unlocked_view.hold(busy)

    def new_case(self) -> None:
        if self.currentWidget() is self.unlocked_view:
            self.editor.open_new()
            self.setCurrentWidget(self.editor)

    def open_case(self, case_id: str) -> None:
        if self.currentWidget() is self.unlocked_view and self.editor.open_case(case_id):
            self.setCurrentWidget(self.editor)

    def _after_drafts_moved(self, case_ids: list[str]) -> None:
        """Drafts moved into the decoy cases no longer exist here: an editor open on one (the
        settings can be opened from it) closes without saving, rather than autosaving into a
        case that is gone."""
        key = self.editor.current_key()
        if key is not None and key[1] in case_ids:
            self.editor.close_case()
            self.setCurrentWidget(self.unlocked_view)
        self.unlocked_view.refresh()

    def show_case_list(self) -> None:
        if not self.editor.flush():
            return  # the editor shows why; leaving would lose what could not be saved
        if not self.editor.may_leave_unfinished():
            return
        self.editor.close_case()
        self.unlocked_view.refresh()
        self.setCurrentWidget(self.unlocked_view)

    def _show_busy(self, busy: bool) -> None:
        if self.currentWidget() is self.first_run:
            self.first_run.set_busy(busy)
        else:
            self.unlock_screen.set_busy(busy)

    def _show_unlocked(self) -> None:
        if self.currentWidget() is self.first_run:
            confirmation = self.first_run.wipe_confirmation()
            self.first_run.finish()
            # Only once a vault exists: setup left no trace before.
            self.settings.remember_language()
            self.settings.remember_wipe_confirmation(confirmation)
        self.unlock_screen.reset()
        vault = self.session.vault
        assert vault is not None
        self.unlocked_view.attach(vault.store)
        self.unlocked_view.set_statistics_available(vault.role is Role.COORDINATOR)
        editing = vault.editing
        self.editor.attach(editing)
        self.setCurrentWidget(self.unlocked_view)
        reopen, self._reopen_after_unlock = self._reopen_after_unlock, None
        unfinished = editing.unfinished_new_cases()
        if reopen is not None and reopen[1] is not None:
            self.open_case(reopen[1])
        elif reopen is not None and reopen[0] in unfinished:
            self.editor.open_unfinished(reopen[0])
            self.setCurrentWidget(self.editor)
        elif unfinished:
            # A new case that never got valid enough to save (after a crash, say): bring it back.
            self.editor.open_unfinished(unfinished[0])
            self.setCurrentWidget(self.editor)
        self.settings.apply_vault_settings()
        self.idle_lock.arm()

    def _show_locked(self) -> None:
        self._close_dialogs()
        self._drop_views()
        self.unlock_screen.reset()
        self.setCurrentWidget(self.unlock_screen)

    def _show_unlock_failed(self, message: str) -> None:
        if self.session.is_wiping():
            return  # the wipe's own screen follows
        if self.session.vault_exists():
            self.unlock_screen.show_message(message)
        else:
            self._show_wiped()  # that wrong passphrase was the last one allowed: the vault is gone

    def _show_wiped(self) -> None:
        self._close_dialogs()
        self._drop_views()
        self.unlock_screen.reset()
        self.first_run.start_over(self._language.language)
        self.setCurrentWidget(self.first_run)

    def _show_wipe_failed(self, reason: str) -> None:
        # Unlike a wipe that worked, this must be said: the user may have to destroy the disk.
        self._close_dialogs()
        self._drop_views()
        self.unlock_screen.reset()
        if self.session.vault_exists():
            self.setCurrentWidget(self.unlock_screen)
        else:
            self.first_run.start_over(self._language.language)
            self.setCurrentWidget(self.first_run)
        QMessageBox.critical(
            self,
            self.tr("The wipe was not finished"),
            self.tr(
                "The disk refused to overwrite or delete some of the vault's files ({reason}), so they "
                "may still be readable. Try the wipe again; if it fails again, destroy the disk."
            ).format(reason=reason),
        )

    def _close_dialogs(self) -> None:
        self.settings.close()
        self.keys.close()
        self.bundles.close()
        self.attachments.close()

    def _drop_views(self) -> None:
        """Empties every screen that showed the vault's content (at lock and wipe)."""
        self.idle_lock.disarm()
        QToolTip.hideText()  # a tooltip may be showing a case's title
        self.unlocked_view.clear()
        self.statistics.close()
        self.editor.wipe()
        self.clipboard.clear_now()


def main(argv: list[str] | None = None) -> int:
    harden_process()
    parser = argparse.ArgumentParser(prog="intake-desktop")
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    app = QApplication(sys.argv[:1])
    data_dir = args.data_dir or default_data_dir()
    language = LanguageSwitcher()
    language.apply(read_language(VaultLayout(data_dir)) or language_from_environment())
    shell = AppShell(data_dir, language)
    shell.resize(1100, 700)
    shell.show()
    app.aboutToQuit.connect(shell.session.shutdown)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())

"""The desktop app's shell: which screen shows when, and the wiring between screens and the session.

Run it with `python -m ui.app [--data-dir FOLDER]`. The case editor, settings and auto-lock come
with the rest of the desktop issue.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QStackedWidget, QToolTip

from intake.i18n import language_from_environment
from intake.vault_layout import default_data_dir
from ui.case_list_page import CaseListPage
from ui.first_run import FirstRunWizard
from ui.idle_lock import IdleLock
from ui.language import LanguageSwitcher
from ui.unlock_screen import UnlockScreen
from ui.vault_session import KdfParams, VaultSession


class AppShell(QStackedWidget):
    def __init__(
        self, data_dir: Path, language: LanguageSwitcher, *, kdf_params: KdfParams | None = None
    ) -> None:
        super().__init__()
        self.session = VaultSession(data_dir, kdf_params=kdf_params, parent=self)
        self.first_run = FirstRunWizard()
        self.first_run.setWindowFlags(Qt.WindowType.Widget)
        self.first_run.select_language(language.language)
        self.unlock_screen = UnlockScreen()
        self.unlocked_view = CaseListPage()
        for widget in (self.first_run, self.unlock_screen, self.unlocked_view):
            self.addWidget(widget)
        self.idle_lock = IdleLock(self)
        self._wire(language)
        self.setCurrentWidget(self.unlock_screen if self.session.vault_exists() else self.first_run)
        lock_shortcut = QShortcut(QKeySequence("Ctrl+L"), self)
        lock_shortcut.activated.connect(self.session.lock)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Intake"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # A derivation still running must finish (a half-created vault would block the next
        # start) and whatever it opened must be locked before the window goes.
        self.session.shutdown()
        super().closeEvent(event)

    def _wire(self, language: LanguageSwitcher) -> None:
        session = self.session
        self.first_run.language_chosen.connect(language.apply)
        self.first_run.create_requested.connect(session.create)
        session.create_failed.connect(self.first_run.show_message)
        self.unlock_screen.unlock_requested.connect(session.unlock)
        session.unlock_failed.connect(self.unlock_screen.show_message)
        session.busy_changed.connect(self._show_busy)
        session.unlocked.connect(self._show_unlocked)
        session.locked.connect(self._show_locked)
        self.unlocked_view.lock_requested.connect(session.lock)
        self.idle_lock.idle.connect(session.lock)

    def _show_busy(self, busy: bool) -> None:
        if self.currentWidget() is self.first_run:
            self.first_run.set_busy(busy)
        else:
            self.unlock_screen.set_busy(busy)

    def _show_unlocked(self) -> None:
        if self.currentWidget() is self.first_run:
            self.first_run.finish()
        self.unlock_screen.reset()
        vault = self.session.vault
        assert vault is not None
        self.unlocked_view.attach(vault.store)
        self.setCurrentWidget(self.unlocked_view)
        self.idle_lock.arm()

    def _show_locked(self) -> None:
        self.idle_lock.disarm()
        QToolTip.hideText()  # a tooltip may be showing a case's title
        self.unlocked_view.clear()
        self.unlock_screen.reset()
        self.setCurrentWidget(self.unlock_screen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="intake-desktop")
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    app = QApplication(sys.argv[:1])
    language = LanguageSwitcher()
    language.apply(language_from_environment())
    shell = AppShell(args.data_dir or default_data_dir(), language)
    shell.resize(1100, 700)
    shell.show()
    app.aboutToQuit.connect(shell.session.shutdown)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())

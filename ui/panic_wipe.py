"""The one "Wipe everything now…" action and its confirmation.

The app shell creates it once and hands `action` to the screens that show a button for it (the
unlock screen, the case list); `cover` adds it to the app's dialogs too. Ctrl+Shift+Delete is an
application shortcut, but Qt does not deliver one to a window behind a modal dialog: a modal
dialog only passes it on if the action has been added to that dialog as well.

Whether to ask first is read from preferences.json when the action fires (intake.preferences
`wipe_confirmation`), so a choice made in the settings applies at once. This object decides
nothing else: it emits `confirmed` and the shell wipes.

Signals:
- confirmed(): wipe now (asked and answered, or the user chose to wipe without being asked)
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from intake.preferences import IMMEDIATELY, read_preferences
from intake.vault_layout import VaultLayout

PANIC_SHORTCUT = "Ctrl+Shift+Delete"


class PanicWipe(QObject):
    confirmed = Signal()

    def __init__(self, window: QWidget, layout: VaultLayout) -> None:
        super().__init__(window)  # no reference of our own: it would keep the window alive
        self._layout = layout
        self._asking = False
        self.action = QAction(window)
        self.action.setObjectName("panicWipe")
        self.action.setShortcut(QKeySequence(PANIC_SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.action.triggered.connect(self._triggered)
        window.addAction(self.action)
        self.retranslate()

    def retranslate(self) -> None:
        """QAction gets no LanguageChange event: the shell calls this from its own."""
        self.action.setText(self.tr("Wipe everything now…"))
        self.action.setIconText(self.action.text())  # buttons would drop the "…" otherwise
        self.action.setToolTip(
            self.tr("Destroy the vault and everything in it, at once and for good (Ctrl+Shift+Delete)")
        )

    def cover(self, dialog: QWidget) -> None:
        """Makes the shortcut work while `dialog` (modal) is open."""
        dialog.addAction(self.action)

    def _triggered(self) -> None:
        if self._asking:
            return
        if read_preferences(self._layout).wipe_confirmation == IMMEDIATELY or self._ask():
            self.confirmed.emit()

    def _ask(self) -> bool:
        # Over whatever has the user's attention: an open dialog of ours, or the main window.
        window = self.parent()
        parent = QApplication.activeModalWidget() or (window if isinstance(window, QWidget) else None)
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Wipe everything?"))
        box.setText(
            self.tr(
                "This destroys the vault on this computer at once: every case, every key and the "
                "settings. It cannot be undone."
            )
        )
        box.setInformativeText(
            self.tr("The data cannot be recovered afterwards, not even with the passphrase.")
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        wipe_button = box.button(QMessageBox.StandardButton.Yes)
        assert wipe_button is not None
        wipe_button.setText(self.tr("Wipe everything"))
        # A stray Enter or Space must not wipe: only a deliberate choice of the other button does.
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        self._asking = True
        try:
            box.exec()
            return box.clickedButton() is wipe_button
        finally:
            self._asking = False
            box.deleteLater()

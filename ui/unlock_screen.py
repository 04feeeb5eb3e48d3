"""The unlock screen: one passphrase field, a calm message on failure, progress while the key is
derived. It knows nothing of vaults: it emits `unlock_requested` and is told what to show.

Signals:
- unlock_requested(str): the user asked to unlock with this passphrase
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class UnlockScreen(QWidget):
    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockScreen")
        self._title = QLabel()
        self._title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._passphrase = QLineEdit()
        self._passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self._passphrase.returnPressed.connect(self._request_unlock)
        self._unlock = QPushButton()
        self._unlock.setDefault(True)
        self._unlock.clicked.connect(self._request_unlock)
        self._message = QLabel()
        self._message.setWordWrap(True)
        self._message.setObjectName("unlockMessage")
        self._progress = QProgressBar()
        self._progress.setRange(0, 0)  # busy indicator: one Argon2 call cannot report a fraction
        self._progress.setVisible(False)
        # The panic wipe's action belongs to the shell (ui/panic_wipe.py); the screen only shows it.
        self._panic_area = QHBoxLayout()

        title_font = self._title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.4)
        self._title.setFont(title_font)
        row = QHBoxLayout()
        row.addWidget(self._passphrase, 1)
        row.addWidget(self._unlock)
        form = QWidget()
        form.setMaximumWidth(440)
        column = QVBoxLayout(form)
        column.addWidget(self._title)
        column.addLayout(row)
        column.addWidget(self._progress)
        column.addWidget(self._message)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(form, 3)
        centred.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(centred)
        layout.addStretch(2)
        layout.addLayout(self._panic_area)
        self.setTabOrder(self._passphrase, self._unlock)
        self.retranslate()

    def retranslate(self) -> None:
        self._title.setText(self.tr("Intake is locked"))
        self._passphrase.setPlaceholderText(self.tr("Passphrase"))
        self._passphrase.setAccessibleName(self.tr("Passphrase"))
        self._unlock.setText(self.tr("Unlock"))
        self._unlock.setAccessibleName(self.tr("Unlock"))
        self._progress.setAccessibleName(self.tr("Deriving the key from the passphrase"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_panic_action(self, action: QAction) -> None:
        button = QToolButton()
        button.setDefaultAction(action)
        self._panic_area.addWidget(button)

    def _request_unlock(self) -> None:
        if self._progress.isVisible():
            return
        passphrase = self._passphrase.text()
        if not passphrase:
            self.show_message(self.tr("Type your passphrase to unlock."))
            return
        self.unlock_requested.emit(passphrase)

    def set_busy(self, busy: bool) -> None:
        self._progress.setVisible(busy)
        self._passphrase.setEnabled(not busy)
        self._unlock.setEnabled(not busy)
        if busy:
            self._message.clear()
        else:
            # Disabling dropped the focus: give it back so a retry can be typed straight away.
            self._passphrase.setFocus()
            self._passphrase.selectAll()

    def show_message(self, text: str) -> None:
        self._message.setText(text)

    def message(self) -> str:
        return self._message.text()

    def reset(self) -> None:
        """Forgets everything typed: called before the screen is shown again after a lock."""
        # setText, not clear(): clear() is undoable and would keep the text in the undo history.
        self._passphrase.setText("")
        self._message.clear()
        self.set_busy(False)
        self._passphrase.setFocus()

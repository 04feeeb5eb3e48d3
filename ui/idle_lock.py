"""Locking after a period without user input.

Watches every key, mouse and wheel event the application receives (an event filter on the
QApplication) and restarts its timer on each; when the timer runs out it emits `idle`. The shell
connects that to saving drafts and locking.

Signals:
- idle(): no user input for the configured time while armed
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

DEFAULT_MINUTES = 5
_INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.InputMethod,  # typing through an input method or on-screen keyboard
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress,
}


class IdleLock(QObject):
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_timeout_ms(DEFAULT_MINUTES * 60_000)
        app = QCoreApplication.instance()
        assert app is not None, "create the QApplication first"
        app.installEventFilter(self)

    def set_timeout_ms(self, milliseconds: int) -> None:
        """The idle time before locking; takes effect at once (the settings page calls this)."""
        self._timer.setInterval(max(milliseconds, 1))
        if self._timer.isActive():
            self._timer.start()

    def timeout_ms(self) -> int:
        return self._timer.interval()

    def arm(self) -> None:
        self._timer.start()

    def disarm(self) -> None:
        self._timer.stop()

    def is_armed(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start()
        return False

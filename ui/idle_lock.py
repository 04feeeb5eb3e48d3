"""Locking after a period without user input, and after the computer was suspended.

Watches every key, mouse and wheel event the application receives (an event filter on the
QApplication) and restarts its timer on each; when the timer runs out it emits `idle`. The shell
connects that to saving drafts and locking.

Suspend: Qt's timers run on a monotonic clock that stops while the computer sleeps, so on its own
the idle timer would let a laptop closed while unlocked wake up unlocked for the rest of its
minutes. While armed, a second timer compares every few seconds a clock that counts sleep with
one that does not: on Linux CLOCK_BOOTTIME and CLOCK_MONOTONIC. When the gap between them grew by
more than SUSPEND_THRESHOLD_S since the last check, the computer slept, and `idle` is emitted at
once (within SUSPEND_CHECK_MS of waking). Where CLOCK_BOOTTIME does not exist, wall-clock time is
compared with monotonic time instead; there a clock set forward also locks, which errs safe. This
is best effort: a sleep shorter than the threshold is not noticed, and the check can only run once
the process runs again after resume.

Signals:
- idle(): no user input for the configured time, or a suspend was detected, while armed
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from intake.vault_settings import DEFAULT_AUTO_LOCK_MINUTES

DEFAULT_MINUTES = DEFAULT_AUTO_LOCK_MINUTES
SUSPEND_CHECK_MS = 3_000
SUSPEND_THRESHOLD_S = 5.0

Clock = Callable[[], float]

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


def _default_clocks() -> tuple[Clock, Clock]:
    """(a clock that counts sleep, a clock that does not)."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return (lambda: time.clock_gettime(boottime)), (lambda: time.clock_gettime(time.CLOCK_MONOTONIC))
    return time.time, time.monotonic


class IdleLock(QObject):
    idle = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        sleep_counting_clock: Clock | None = None,
        monotonic_clock: Clock | None = None,
        check_interval_ms: int = SUSPEND_CHECK_MS,
    ) -> None:
        """The clocks and the check interval are injectable so that tests can simulate a suspend."""
        super().__init__(parent)
        default_with_sleep, default_without = _default_clocks()
        self._with_sleep = sleep_counting_clock or default_with_sleep
        self._without_sleep = monotonic_clock or default_without
        self._sleep_gap = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expire)
        self._suspend_check = QTimer(self)
        self._suspend_check.setInterval(check_interval_ms)
        self._suspend_check.timeout.connect(self.check_for_suspend)
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
        self._sleep_gap = self._measure_gap()
        self._timer.start()
        self._suspend_check.start()

    def disarm(self) -> None:
        self._timer.stop()
        self._suspend_check.stop()

    def is_armed(self) -> bool:
        return self._timer.isActive()

    def check_for_suspend(self) -> None:
        """Runs on the periodic timer; public so tests can run a check on demand."""
        if not self.is_armed():
            return
        gap = self._measure_gap()
        slept = gap - self._sleep_gap
        self._sleep_gap = gap
        if slept > SUSPEND_THRESHOLD_S:
            self._expire()

    def _measure_gap(self) -> float:
        return self._with_sleep() - self._without_sleep()

    def _expire(self) -> None:
        # Disarmed first, as a timeout leaves it, so one sleep or one timeout emits once.
        self.disarm()
        self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start()
        return False

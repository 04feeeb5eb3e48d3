"""Running slow core work (key derivation, export, import, wipe) off the GUI thread.

The core takes plain callbacks; this module turns them into Qt signals. A task's function runs in
a QThread of its own and only ever talks to the GUI through queued signals, so it never touches a
widget. Results and errors come back as signals on the GUI thread.

Signals of BackgroundTask (all delivered on the thread that created the task):
- progress(str): a stage name from the core's progress callback ("deriving_key", ...)
- succeeded(object): the function's return value
- failed(str): a message fit for the user (IntakeError text; never exception internals)
- finished(): after succeeded or failed, when the thread has stopped
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from intake.errors import IntakeError
from intake.i18n import _

ProgressCallback = Callable[[str], None]


class _Runner(QObject):
    progress = Signal(str)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, function: Callable[[ProgressCallback], Any]) -> None:
        super().__init__()
        self._function = function

    @Slot()
    def run(self) -> None:
        try:
            result = self._function(self.progress.emit)
        except IntakeError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:
            # Only the type: an exception's text may quote case content.
            self.failed.emit(_("Internal error ({kind}).").format(kind=type(exc).__name__))
        else:
            self.succeeded.emit(result)


class BackgroundTask(QObject):
    """One run of `function(progress)` in its own thread. Start it with `start()`."""

    progress = Signal(str)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, function: Callable[[ProgressCallback], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._runner = _Runner(function)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progress.connect(self.progress)
        self._runner.succeeded.connect(self._on_succeeded)
        self._runner.failed.connect(self._on_failed)
        self._thread.finished.connect(self.finished)

    def start(self) -> None:
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self) -> None:
        """Blocks until the thread has stopped (for shutdown; the GUI never calls this)."""
        self._thread.wait()

    def _on_succeeded(self, result: object) -> None:
        self._thread.quit()
        self.succeeded.emit(result)

    def _on_failed(self, message: str) -> None:
        self._thread.quit()
        self.failed.emit(message)

"""Running slow core work (key derivation, export, import, wipe) off the GUI thread.

The core takes plain callbacks; this module turns them into Qt signals. A task's function runs in
a QThread of its own and never touches a widget. Only strings cross threads (progress stages);
the result or the error message is kept by the runner and emitted on the GUI thread once the
worker thread has stopped, so no Python object is ever passed through a queued connection.

Signals of BackgroundTask (all emitted on the thread that created the task):
- progress(str): a stage name from the core's progress callback ("deriving_key", ...)
- succeeded(object): the function's return value
- failed(str): a message fit for the user (IntakeError text; never exception internals)
- finished(): after succeeded or failed
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

    def __init__(self, function: Callable[[ProgressCallback], Any]) -> None:
        super().__init__()
        self._function = function
        self.result: object = None
        self.error: str | None = None

    @Slot()
    def run(self) -> None:
        try:
            self.result = self._function(self.progress.emit)
        except IntakeError as exc:
            self.error = str(exc)
        except Exception as exc:
            # Only the type: an exception's text may quote case content.
            self.error = _("Internal error ({kind}).").format(kind=type(exc).__name__)
        finally:
            QThread.currentThread().quit()


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
        self._delivered = False
        self._thread.finished.connect(self.deliver)

    def start(self) -> None:
        self._thread.start()

    def wait(self) -> None:
        """Blocks until the thread has stopped (at shutdown; after `finished` it returns at once)."""
        self._thread.wait()

    def deliver(self) -> None:
        """Emits the outcome once the thread has stopped. Runs on `QThread.finished`; call it
        directly after `wait()` at shutdown, when the event loop will not run again."""
        # QThread.finished is emitted from the thread just before it exits: wait for the exit
        # (microseconds) so the thread object is never destroyed while still running.
        self._thread.wait()
        if self._delivered:
            return
        self._delivered = True
        runner = self._runner
        if runner.error is None:
            result, runner.result = runner.result, None
            self.succeeded.emit(result)
        else:
            self.failed.emit(runner.error)
        self.finished.emit()

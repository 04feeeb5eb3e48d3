"""The clipboard guard on Qt's offscreen platform, with real widgets copying into the real
(in-process) clipboard. Timers run for real with a short timeout; tests wait on signals.

The offscreen clipboard never reports ownsClipboard(), so there the guard takes any unmarked
text as the app's own (as on macOS). "Someone else's" data is therefore simulated the two ways
the guard must tell it apart: data that already carries the marker (a password manager's, or a
change the platform reports as marked), and a change the platform did not report at all (the
clipboard's signals blocked), which only the digest check at expiry can catch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from ui.sensitive_clipboard import CLEAR_AFTER_MS, MARKER, SENSITIVE_FORMATS, SensitiveClipboard

SECRET = "Свидетельница: Анна К., тел. +7 900 123-45-67"
MULTILINE = "Первая строка показаний\nвторая строка — адрес"
SHORT_MS = 50


@pytest.fixture
def clipboard(qapp: Any) -> Iterator[QClipboard]:
    board = QGuiApplication.clipboard()
    assert board is not None
    board.clear()
    yield board
    board.clear()


@pytest.fixture
def make_guard(qtbot: QtBot, clipboard: QClipboard) -> Iterator[Callable[..., SensitiveClipboard]]:
    made: list[SensitiveClipboard] = []

    def make(**options: Any) -> SensitiveClipboard:
        made.append(SensitiveClipboard(**options))
        return made[-1]

    yield make
    # Destroyed now, not at some later garbage collection: a guard must stop watching the
    # clipboard before the next test's starts.
    for watcher in made:
        watcher.timer.stop()
        with qtbot.waitSignal(watcher.destroyed):
            watcher.deleteLater()


@pytest.fixture
def guard(make_guard: Callable[..., SensitiveClipboard]) -> SensitiveClipboard:
    return make_guard(clear_after_ms=SHORT_MS)


def _copy_from_line_edit(qtbot: QtBot, text: str) -> QWidget:
    field = QLineEdit(text)
    qtbot.addWidget(field)
    field.selectAll()
    field.copy()
    return field


def _cut_from_line_edit(qtbot: QtBot, text: str) -> QWidget:
    field = QLineEdit(text)
    qtbot.addWidget(field)
    field.selectAll()
    field.cut()
    assert field.text() == ""
    return field


def _copy_from_plain_text_edit(qtbot: QtBot, text: str) -> QWidget:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText(text)
    editor.selectAll()
    editor.copy()
    return editor


COPIES: dict[str, Callable[[QtBot, str], QWidget]] = {
    "line edit copy": _copy_from_line_edit,
    "line edit cut": _cut_from_line_edit,
    "plain text edit copy": _copy_from_plain_text_edit,
}


def _clipboard_text(clipboard: QClipboard) -> str:
    mime = clipboard.mimeData()
    return mime.text() if mime is not None and mime.hasText() else ""


def _pasted(qtbot: QtBot) -> str:
    target = QPlainTextEdit()
    qtbot.addWidget(target)
    target.paste()
    return target.toPlainText()


def test_the_default_is_thirty_seconds(make_guard: Callable[..., SensitiveClipboard]) -> None:
    watcher = make_guard()
    assert CLEAR_AFTER_MS == 30_000
    assert watcher.timer.interval() == 30_000
    assert watcher.timer.isSingleShot()


@pytest.mark.parametrize("copy", COPIES.values(), ids=COPIES.keys())
def test_copied_text_gets_the_hints_and_keeps_its_text_and_formats(
    qtbot: QtBot,
    clipboard: QClipboard,
    make_guard: Callable[..., SensitiveClipboard],
    copy: Callable[[QtBot, str], QWidget],
) -> None:
    # What the widget itself offers, recorded before any guard exists.
    copy(qtbot, MULTILINE)
    unguarded = clipboard.mimeData()
    assert unguarded is not None
    widget_formats = set(unguarded.formats())
    assert MARKER not in widget_formats
    clipboard.clear()

    changes: list[list[str]] = []

    def record() -> None:
        current = clipboard.mimeData()
        changes.append(current.formats() if current is not None else [])

    clipboard.dataChanged.connect(record)  # before the guard's, so it sees the widget's data
    watcher = make_guard(clear_after_ms=SHORT_MS)
    try:
        copy(qtbot, MULTILINE)
    finally:
        clipboard.dataChanged.disconnect(record)
    mime = clipboard.mimeData()
    assert mime is not None
    assert mime.text() == MULTILINE
    for name, value in SENSITIVE_FORMATS.items():
        assert mime.hasFormat(name), name
        assert bytes(mime.data(name).data()) == value, name
    assert set(mime.formats()) == widget_formats | set(SENSITIVE_FORMATS)  # only hints added
    assert _pasted(qtbot) == MULTILINE
    # The widget's copy, then ours: setting it notified again, and that did not loop.
    assert len(changes) == 2
    assert MARKER not in changes[0]
    assert MARKER in changes[1]
    assert watcher.timer.isActive()


def test_the_text_is_cleared_when_the_time_is_up(
    qtbot: QtBot, clipboard: QClipboard, guard: SensitiveClipboard
) -> None:
    with qtbot.waitSignal(guard.cleared, timeout=5_000):
        _copy_from_line_edit(qtbot, SECRET)
        assert _clipboard_text(clipboard) == SECRET
    assert _clipboard_text(clipboard) == ""
    assert _pasted(qtbot) == ""
    assert not guard.timer.isActive()


def test_copying_again_restarts_the_time_and_clears_the_latest_text(
    qtbot: QtBot, clipboard: QClipboard, guard: SensitiveClipboard
) -> None:
    _copy_from_line_edit(qtbot, "first")
    with qtbot.waitSignal(guard.cleared, timeout=5_000):
        _copy_from_line_edit(qtbot, SECRET)
    assert _clipboard_text(clipboard) == ""


def test_clear_now_clears_the_apps_text_at_once(
    qtbot: QtBot, clipboard: QClipboard, guard: SensitiveClipboard
) -> None:
    _copy_from_plain_text_edit(qtbot, MULTILINE)
    with qtbot.waitSignal(guard.cleared, timeout=0):
        guard.clear_now()
    assert _clipboard_text(clipboard) == ""
    assert not guard.timer.isActive()
    with qtbot.assertNotEmitted(guard.cleared):
        guard.clear_now()  # nothing of ours left: lock after lock does nothing


def test_marked_text_copied_after_ours_is_left_alone(
    qtbot: QtBot, clipboard: QClipboard, guard: SensitiveClipboard
) -> None:
    _copy_from_line_edit(qtbot, SECRET)
    theirs = QMimeData()
    theirs.setText("a password manager's entry")
    theirs.setData(MARKER, b"secret")
    clipboard.setMimeData(theirs)
    assert not guard.timer.isActive()  # our text is gone from the clipboard: nothing to wait for
    with qtbot.assertNotEmitted(guard.cleared):
        guard.clear_now()
    assert _clipboard_text(clipboard) == "a password manager's entry"


def test_a_change_the_platform_did_not_report_is_left_alone_when_the_time_is_up(
    qtbot: QtBot, clipboard: QClipboard, guard: SensitiveClipboard
) -> None:
    """The digest check at expiry: macOS, say, reports another program's copy only when Intake
    is next activated, so the timer may run out over text that is not ours."""
    _copy_from_line_edit(qtbot, SECRET)
    clipboard.blockSignals(True)
    try:
        clipboard.setText("copied in another program")
    finally:
        clipboard.blockSignals(False)
    assert guard.timer.isActive()
    with qtbot.assertNotEmitted(guard.cleared), qtbot.waitSignal(guard.timer.timeout, timeout=5_000):
        pass
    assert _clipboard_text(clipboard) == "copied in another program"
    with qtbot.assertNotEmitted(guard.cleared):
        guard.clear_now()
    assert _clipboard_text(clipboard) == "copied in another program"


def test_nothing_is_cleared_when_the_app_copied_nothing(
    qtbot: QtBot, clipboard: QClipboard, guard: SensitiveClipboard
) -> None:
    theirs = QMimeData()
    theirs.setText("already there")
    theirs.setData(MARKER, b"secret")
    clipboard.setMimeData(theirs)
    with qtbot.assertNotEmitted(guard.cleared):
        guard.clear_now()
    assert _clipboard_text(clipboard) == "already there"


def test_the_guard_keeps_a_digest_not_the_text(
    qtbot: QtBot, clipboard: QClipboard, guard: SensitiveClipboard
) -> None:
    _copy_from_line_edit(qtbot, SECRET)
    assert guard.timer.isActive()
    kept = [value for value in vars(guard).values() if isinstance(value, str | bytes | bytearray)]
    for value in kept:
        text = value if isinstance(value, str) else bytes(value).decode("utf-8", "replace")
        assert SECRET not in text
        assert "Анна" not in text
    guard.clear_now()
    assert [value for value in vars(guard).values() if isinstance(value, bytes)] == []  # nor that

"""Case text copied out of the app: marked as not for clipboard histories, and cleared again.

Whenever the app itself has just put text on the clipboard (a copy or cut in any field or
selectable label), SensitiveClipboard puts the same data back with the formats that clipboard
managers take as "a password manager copied this, do not record it":

- `x-kde-passwordManagerHint` = `secret`: KDE's Klipper and the Linux managers that follow it
  (CopyQ among them); KeePassXC sets the same.
- `ExcludeClipboardContentFromMonitorProcessing`, `CanIncludeInClipboardHistory` = 0 and
  `CanUploadToCloudClipboard` = 0: Windows' clipboard history (Win+V), cloud clipboard and the
  monitors that honour them. Qt registers each under exactly that name.
- `application/x-nspasteboard-concealed-type`: the macOS convention (nspasteboard.org). Qt
  without a native converter offers it to other programs under a Qt-specific type name, so macOS
  managers may not recognise it; the clearing below is what holds there.

It then starts a timer (30 s by default); when it runs out, and whenever `clear_now()` is called
(at lock, wipe and quit), the clipboard is cleared if it still holds that text, and only then:
what the user copied since, in this app or another, is left alone. The text is recognised by its
SHA-256, kept only while the text is on the clipboard anyway; the text itself is never kept,
logged or shown.

Whose data is on the clipboard: where Qt knows (X11, Wayland, Windows: `ownsClipboard()`), data
another program put there is never read, marked or cleared. Where it cannot tell (macOS, and the
offscreen platform the tests use, which keeps the clipboard inside the process), any text that
does not carry the marker yet is taken as the app's own: on macOS, text copied in another program
and noticed when Intake becomes active is then marked and cleared too, which errs on the safe
side. Marked data that is not the app's (a password manager's) is never touched.

The primary selection of X11 and Wayland (selected text, pasted with the middle mouse button) is
not marked, but `clear_now()` clears it when the app owns it, so selected case text does not
outlive a lock (the offscreen platform has no selection, so no test reaches this). Clipboard
managers that ignore the hint record the text anyway, and any program reading the clipboard
within the 30 s can take it (docs/threat-model.md).

Signals:
- cleared(): the clipboard held the app's text and was cleared (by the timer or `clear_now()`)
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QMimeData, QObject, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_MS = 30_000

MARKER = "x-kde-passwordManagerHint"
_DWORD_0 = (0).to_bytes(4, "little")
_DWORD_1 = (1).to_bytes(4, "little")
SENSITIVE_FORMATS: dict[str, bytes] = {
    MARKER: b"secret",
    "application/x-nspasteboard-concealed-type": b"secret",
    "ExcludeClipboardContentFromMonitorProcessing": _DWORD_1,
    "CanIncludeInClipboardHistory": _DWORD_0,
    "CanUploadToCloudClipboard": _DWORD_0,
}

# Platform plugins whose clipboard answers ownsClipboard() truthfully. Qt's base clipboard
# (offscreen, minimal, eglfs, ...) and macOS's always answer False.
_OWNERSHIP_KNOWN = ("xcb", "windows", "direct2d", "wayland")


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def _ownership_known() -> bool:
    return QGuiApplication.platformName().startswith(_OWNERSHIP_KNOWN)


def _marked_copy(source: QMimeData) -> QMimeData:
    marked = QMimeData()
    for name in source.formats():
        marked.setData(name, source.data(name))
    for name, value in SENSITIVE_FORMATS.items():
        marked.setData(name, value)
    return marked


class SensitiveClipboard(QObject):
    cleared = Signal()

    def __init__(self, clear_after_ms: int = CLEAR_AFTER_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        clipboard = QGuiApplication.clipboard()
        assert clipboard is not None, "create the QApplication first"
        self._clipboard: QClipboard = clipboard
        self._ownership_known = _ownership_known()
        self._ours: bytes | None = None  # the digest of the app's text while it is on the clipboard
        self._marking = False
        # Exposed so that tests can wait for it; nothing else should touch it.
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(clear_after_ms, 1))
        self.timer.timeout.connect(self.clear_now)
        self._clipboard.dataChanged.connect(self._on_data_changed)

    def clear_now(self) -> None:
        """Clears the clipboard if it still holds the app's text; otherwise leaves it alone.
        Either way the app's text is forgotten and the timer stops."""
        held = self._holds_ours()
        self._forget()
        if self._clipboard.supportsSelection() and self._clipboard.ownsSelection():
            # Whatever the app owns there is text selected in one of its fields.
            self._clipboard.clear(QClipboard.Mode.Selection)
        if held:
            self._clipboard.clear()
            self.cleared.emit()

    def _on_data_changed(self) -> None:
        if self._marking:
            return  # our own setMimeData below, notified synchronously
        if self._ownership_known and not self._clipboard.ownsClipboard():
            self._forget()  # another program's data: not even read
            return
        source = self._clipboard.mimeData()
        text = source.text() if source is not None and source.hasText() else ""
        if source is None or not text:
            self._forget()
            return
        digest = _digest(text)
        if source.hasFormat(MARKER):
            # Already marked: by us (a platform that notifies later), or by someone else.
            if digest != self._ours:
                self._forget()
            return
        marked = _marked_copy(source)
        # `source` belongs to the clipboard and is deleted by the next call: not used after it.
        self._marking = True
        try:
            self._clipboard.setMimeData(marked)
        finally:
            self._marking = False
        self._ours = digest
        self.timer.start()

    def _holds_ours(self) -> bool:
        if self._ours is None:
            return False
        if self._ownership_known and not self._clipboard.ownsClipboard():
            return False
        current = self._clipboard.mimeData()
        if current is None or not current.hasText():
            return False
        return _digest(current.text()) == self._ours

    def _forget(self) -> None:
        self._ours = None
        self.timer.stop()

"""The viewers inside the attachment dialog, one per kind: image (zoom, rotate), PDF (pages),
audio (play, seek), plain text. Each takes the decrypted bytes in memory and hands them to Qt
through a QBuffer or a QImage: nothing is written to a file and nothing goes to another program
(docs/decisions/0014-attachments.md). `clear()` drops the content when the viewer closes.

`fill_in` fills a translated text's %1, %2… placeholders, for these pages and the viewer.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, Qt, QUrl
from PySide6.QtGui import QImage, QPixmap, QTransform
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

_ZOOM_STEP = 1.25
_PLACEHOLDER = re.compile(r"%([1-9])")


def fill_in(template: str, *values: str) -> str:
    """`template` with %1, %2… replaced by `values`, in one pass: a value that itself holds "%2"
    (a file name can) is left as it is, where chained str.replace calls would substitute into it."""

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return values[index] if index < len(values) else match.group(0)

    return _PLACEHOLDER.sub(value, template)


def _in_memory(parent: QWidget, content: bytes | bytearray) -> QBuffer:
    """The content as a read-only device for Qt's readers: memory, never a file or a URL."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(content))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    return buffer


def _release(buffer: QBuffer | None) -> None:
    if buffer is not None:
        buffer.close()
        buffer.setData(QByteArray())
        buffer.deleteLater()


class ImagePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.picture)
        self.scroller.setWidgetResizable(False)
        self.scroller.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in, self.zoom_out, self.fit = QPushButton(), QPushButton(), QPushButton()
        self.rotate_left, self.rotate_right = QPushButton(), QPushButton()
        self.zoom_in.clicked.connect(lambda: self._zoom(_ZOOM_STEP))
        self.zoom_out.clicked.connect(lambda: self._zoom(1 / _ZOOM_STEP))
        self.fit.clicked.connect(self._fit)
        self.rotate_left.clicked.connect(lambda: self._rotate(-90))
        self.rotate_right.clicked.connect(lambda: self._rotate(90))
        bar = QHBoxLayout()
        for button in (self.zoom_in, self.zoom_out, self.fit, self.rotate_left, self.rotate_right):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroller, 1)
        self._image = QImage()
        self.scale = 1.0
        self.angle = 0
        self.retranslate()

    def retranslate(self) -> None:
        for button, text in (
            (self.zoom_in, self.tr("Zoom &in")),
            (self.zoom_out, self.tr("Zoom &out")),
            (self.fit, self.tr("&Fit")),
            (self.rotate_left, self.tr("Rotate &left")),
            (self.rotate_right, self.tr("Rotate &right")),
        ):
            button.setText(text)
            button.setAccessibleName(text.replace("&", ""))

    def show_content(self, content: bytes | bytearray) -> bool:
        """False if the bytes do not decode as an image (the dialog then says so)."""
        self._image = QImage.fromData(content)
        self.scale, self.angle = 1.0, 0
        self._render()
        return not self._image.isNull()

    def clear(self) -> None:
        self._image = QImage()
        self.picture.setPixmap(QPixmap())

    def _zoom(self, factor: float) -> None:
        self.scale = max(0.05, min(20.0, self.scale * factor))
        self._render()

    def _fit(self) -> None:
        if self._image.isNull():
            return
        rotated = self._rotated()
        view = self.scroller.viewport().size()
        self.scale = min(view.width() / max(1, rotated.width()), view.height() / max(1, rotated.height()))
        self._render()

    def _rotate(self, degrees: int) -> None:
        self.angle = (self.angle + degrees) % 360
        self._render()

    def _rotated(self) -> QImage:
        return self._image.transformed(QTransform().rotate(self.angle)) if self.angle else self._image

    def _render(self) -> None:
        if self._image.isNull():
            self.picture.setPixmap(QPixmap())
            return
        rotated = self._rotated()
        size = rotated.size() * self.scale
        scaled = rotated.scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.picture.setPixmap(QPixmap.fromImage(scaled))
        self.picture.resize(scaled.size())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class PdfPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.previous, self.next = QPushButton(), QPushButton()
        self.page_label = QLabel()
        self.previous.clicked.connect(lambda: self._go(-1))
        self.next.clicked.connect(lambda: self._go(1))
        self.view.pageNavigator().currentPageChanged.connect(self._show_page_number)
        bar = QHBoxLayout()
        for widget in (self.previous, self.next, self.page_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._buffer: QBuffer | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.previous.setText(self.tr("&Previous page"))
        self.next.setText(self.tr("&Next page"))
        for button in (self.previous, self.next):
            button.setAccessibleName(button.text().replace("&", ""))
        self._show_page_number()

    def show_content(self, content: bytes | bytearray) -> bool:
        self.clear()
        buffer = _in_memory(self, content)
        self._buffer = buffer
        self.document.load(buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            return False
        self.view.pageNavigator().jump(0, QPointF(), self.view.pageNavigator().currentZoom())
        self._show_page_number()
        return True

    @property
    def page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def _go(self, step: int) -> None:
        target = self.page + step
        if 0 <= target < self.document.pageCount():
            self.view.pageNavigator().jump(target, QPointF(), self.view.pageNavigator().currentZoom())

    def _show_page_number(self) -> None:
        count = self.document.pageCount()
        self.page_label.setText(
            fill_in(self.tr("Page %1 of %2"), str(self.page + 1), str(count)) if count else ""
        )
        self.previous.setEnabled(self.page > 0)
        self.next.setEnabled(self.page + 1 < count)

    def clear(self) -> None:
        self.document.close()
        _release(self._buffer)
        self._buffer = None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _multimedia() -> Any:
    """Qt Multimedia, or None where it cannot load (it needs libpulse0, see README): the app
    then runs without the audio player rather than not at all."""
    try:
        return importlib.import_module("PySide6.QtMultimedia")
    except ImportError:
        return None


class AudioPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        multimedia = _multimedia()
        self._playing_state = (
            None if multimedia is None else multimedia.QMediaPlayer.PlaybackState.PlayingState
        )
        self.player: Any = None if multimedia is None else multimedia.QMediaPlayer(self)
        self.play_button = QPushButton()
        self.position = QSlider(Qt.Orientation.Horizontal)
        self.time_label = QLabel()
        self.unavailable = QLabel()
        self.unavailable.setWordWrap(True)
        self.unavailable.setVisible(self.player is None)
        if self.player is not None:
            self.output = multimedia.QAudioOutput(self)
            self.player.setAudioOutput(self.output)
            self.play_button.clicked.connect(self._toggle)
            self.position.sliderMoved.connect(self.player.setPosition)
            self.player.durationChanged.connect(self._duration_changed)
            self.player.positionChanged.connect(self._position_changed)
            self.player.playbackStateChanged.connect(lambda _state: self.retranslate())
        else:
            self.play_button.setEnabled(False)
            self.position.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.play_button)
        row.addWidget(self.position, 1)
        row.addWidget(self.time_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.unavailable)
        layout.addLayout(row)
        layout.addStretch(1)
        self._buffer: QBuffer | None = None
        self.retranslate()

    def retranslate(self) -> None:
        playing = self.player is not None and self.player.playbackState() == self._playing_state
        self.play_button.setText(self.tr("&Pause") if playing else self.tr("&Play"))
        self.play_button.setAccessibleName(self.play_button.text().replace("&", ""))
        self.position.setAccessibleName(self.tr("Position in the recording"))
        self.unavailable.setText(
            self.tr("Sound cannot be played on this computer: Qt Multimedia is missing (see README).")
        )

    def show_content(self, content: bytes | bytearray) -> bool:
        if self.player is None:
            return True  # the page says why it cannot play
        self.clear()
        buffer = _in_memory(self, content)
        self._buffer = buffer
        # From memory: the player reads the QBuffer, never a file or a URL.
        self.player.setSourceDevice(buffer)
        return True

    def seek(self, milliseconds: int) -> None:
        if self.player is not None:
            self.player.setPosition(milliseconds)

    def _toggle(self) -> None:
        if self.player.playbackState() == self._playing_state:
            self.player.pause()
        else:
            self.player.play()

    def _duration_changed(self, duration: int) -> None:
        self.position.setRange(0, max(0, duration))
        self._position_changed(self.player.position())

    def _position_changed(self, position: int) -> None:
        if not self.position.isSliderDown():
            self.position.setValue(position)
        self.time_label.setText(f"{_clock(position)} / {_clock(self.player.duration())}")

    def clear(self) -> None:
        if self.player is not None:
            self.player.stop()
            self.player.setSource(QUrl())
        _release(self._buffer)
        self._buffer = None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _clock(milliseconds: int) -> str:
    seconds = max(0, milliseconds) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


class TextPage(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)

    def show_content(self, content: bytes | bytearray) -> bool:
        # A text cut at TEXT_VIEW_BYTES may end inside a character: it shows as one U+FFFD.
        self.setPlainText(decode_text(content))
        return True

    def clear(self) -> None:
        self.setPlainText("")


Page = ImagePage | PdfPage | AudioPage | TextPage


def decode_text(content: bytes | bytearray) -> str:
    """Text by its byte order mark (UTF-32 before UTF-16: their marks share a prefix), UTF-8
    otherwise; what does not decode is shown as a replacement mark rather than refused."""
    for mark, encoding in (
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if content.startswith(mark):
            return content.decode(encoding, errors="replace")
    return content.decode("utf-8-sig", errors="replace")

"""A window showing one attachment inside the app (ui/attachment_pages.py), with what the user
should know about it: name, type, size, hash, and what the shown copy leaves out.

It only shows what it is given (`show_attachment`) and forgets it when hidden. Types the app
cannot show get a note and the way out the attachments dialog offers: "Save a decrypted copy…";
so does a text too long to show whole (only its start was read, ui/attachment_tasks.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QStackedWidget, QVBoxLayout, QWidget

from intake.attachments import Attachment
from ui.attachment_pages import AudioPage, ImagePage, Page, PdfPage, TextPage, fill_in
from ui.attachment_texts import metadata_note, size_text


class AttachmentViewer(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentViewer")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.cut_note = QLabel()
        self.cut_note.setWordWrap(True)
        self.image, self.pdf, self.audio, self.text = ImagePage(), PdfPage(), AudioPage(), TextPage()
        self.nothing = QLabel()
        self.nothing.setWordWrap(True)
        self.pages = QStackedWidget()
        for page in (self.image, self.pdf, self.audio, self.text, self.nothing):
            self.pages.addWidget(page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.details)
        layout.addWidget(self.note)
        layout.addWidget(self.cut_note)
        layout.addWidget(self.pages, 1)
        layout.addWidget(buttons)
        self.resize(820, 640)
        self._attachment: Attachment | None = None
        self._unreadable = False
        self._shown_bytes: int | None = None  # set when only the start of a text is shown
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Attachment"))
        self._show_texts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_attachment(
        self, attachment: Attachment, content: bytes | bytearray, *, truncated: bool = False
    ) -> None:
        """Shows `content` (the pages hand it to Qt, which keeps its own copy; the caller may
        empty it afterwards). `truncated`: only the start of a long text was read."""
        self._forget_content()
        self._attachment = attachment
        self._shown_bytes = len(content) if truncated else None
        pages: dict[str, Page] = {
            "image": self.image,
            "pdf": self.pdf,
            "audio": self.audio,
            "text": self.text,
        }
        page = pages.get(attachment.kind)
        self._unreadable = page is None or not page.show_content(content)
        self.pages.setCurrentWidget(self.nothing if self._unreadable or page is None else page)
        self._show_texts()
        self.open()

    def _show_texts(self) -> None:
        attachment = self._attachment
        if attachment is None:
            self.details.setText("")
            self.note.setText("")
            self.cut_note.setText("")
            self.cut_note.setVisible(False)
            return
        self.setWindowTitle(attachment.file_name)
        shown = attachment.working_sha256 or attachment.sha256
        self.details.setText(
            fill_in(
                self.tr("%1 — %2, %3. SHA-256 of the copy shown: %4"),
                attachment.file_name,
                attachment.media_type,
                size_text(attachment.working_size or attachment.size),
                shown,
            )
        )
        self.note.setText(metadata_note(attachment))
        self.cut_note.setVisible(self._shown_bytes is not None)
        self.cut_note.setText(
            ""
            if self._shown_bytes is None
            else fill_in(
                self.tr(
                    "Only the first %1 of this text are shown. Use \u201cSave a decrypted "
                    "copy\u2026\u201d in the attachments list to read the rest."
                ),
                size_text(self._shown_bytes),
            )
        )
        if attachment.kind == "other":
            self.nothing.setText(
                self.tr(
                    "Intake does not show files of this type, and never hands them to another "
                    "program. Use \u201cSave a decrypted copy\u2026\u201d in the attachments list if you "
                    "must open it elsewhere."
                )
            )
        else:
            self.nothing.setText(self.tr("This file cannot be shown: it may be damaged."))

    def _forget_content(self) -> None:
        for page in (self.image, self.pdf, self.audio, self.text):
            page.clear()

    def hideEvent(self, event: QHideEvent) -> None:
        # Closing, a lock or a wipe: the decrypted content goes with the window.
        self._forget_content()
        self._attachment = None
        self._shown_bytes = None
        self._show_texts()
        super().hideEvent(event)

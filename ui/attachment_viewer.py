"""A window showing one attachment inside the app (ui/attachment_pages.py), with what the user
should know about it: name, type, size, hash, and what the shown copy leaves out.

It only shows what it is given (`show_attachment`) and forgets it when hidden. Types the app
cannot show get a note and the way out the attachments dialog offers: "Save a decrypted copy…".
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QStackedWidget, QVBoxLayout, QWidget

from intake.attachments import Attachment
from ui.attachment_pages import AudioPage, ImagePage, Page, PdfPage, TextPage
from ui.attachment_texts import metadata_note, size_text


class AttachmentViewer(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentViewer")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
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
        layout.addWidget(self.pages, 1)
        layout.addWidget(buttons)
        self.resize(820, 640)
        self._attachment: Attachment | None = None
        self._unreadable = False
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Attachment"))
        self._show_texts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_attachment(self, attachment: Attachment, content: bytes) -> None:
        self._forget_content()
        self._attachment = attachment
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
            return
        self.setWindowTitle(attachment.file_name)
        shown = attachment.working_sha256 or attachment.sha256
        self.details.setText(
            self.tr("%1 — %2, %3. SHA-256 of the copy shown: %4")
            .replace("%1", attachment.file_name)
            .replace("%2", attachment.media_type)
            .replace("%3", size_text(attachment.working_size or attachment.size))
            .replace("%4", shown)
        )
        self.note.setText(metadata_note(attachment))
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
        self._show_texts()
        super().hideEvent(event)

"""Renders the main screens to PNG from a demo vault of fictional cases, in English and Russian:
`scripts/screenshots.sh [FOLDER]` (default docs/screenshots). README shows the result.

Runs on Qt's offscreen platform, so it needs no display. The demo vault lives in
build/screenshot-vault while this runs and is deleted afterwards; it only ever holds the fictional
demo cases, under a throwaway passphrase.
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice, QTimer
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from intake.demo_cases import fill_demo_vault
from intake.vault import create_vault
from intake.vault_settings import Role
from ui.app import AppShell
from ui.language import LanguageSwitcher

WORK_FOLDER = Path("build/screenshot-vault")
_PASSPHRASE = secrets.token_urlsafe(24)  # a throwaway vault: nobody needs to know it
_SIZE = (1100, 720)
_LONG_WAIT_MS = 120_000


def _wait_for(signal: object) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(_LONG_WAIT_MS, loop.quit)
    loop.exec()


def _save(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(path)


def _demo_scan() -> bytes:
    """A drawn, clearly fictional "scanned document" for the attachment viewer's picture."""
    image = QImage(900, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("#f4f1e8"))
    painter = QPainter(image)
    painter.setPen(QColor("#333333"))
    font = painter.font()
    font.setPointSize(22)
    painter.setFont(font)
    lines = (
        "DEMO — FICTIONAL DOCUMENT",
        "Отказ в возбуждении дела (образец)",
        "Все имена и события вымышлены.",
    )
    for index, line in enumerate(lines):
        painter.drawText(60, 120 + 90 * index, line)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, b"PNG")
    return bytes(data.data())


def render(out: Path) -> None:
    shutil.rmtree(WORK_FOLDER, ignore_errors=True)
    with create_vault(WORK_FOLDER, _PASSPHRASE, Role.FIELD) as vault:
        fill_demo_vault(vault.store)
        summaries = vault.store.list_cases(status="draft", limit=100)  # editable, as usually seen
        richest = max(summaries, key=lambda s: len(vault.store.get(s.case_id).content["persons"]))
        with_people = richest.case_id
        scan = _demo_scan()
        vault.attachments.add_stream(with_people, io.BytesIO(scan), file_name="demo-scan.png", size=len(scan))
    language = LanguageSwitcher()
    try:
        for lang in ("en", "ru"):
            language.apply(lang)
            shell = AppShell(WORK_FOLDER, language)
            shell.resize(*_SIZE)
            shell.show()
            _save(shell, out / f"unlock-{lang}.png")
            shell.session.unlock(_PASSPHRASE)
            _wait_for(shell.session.unlocked)
            _save(shell, out / f"list-{lang}.png")
            shell.open_case(with_people)
            _save(shell, out / f"editor-{lang}.png")
            shell.editor.form.setCurrentIndex(2)
            _save(shell, out / f"editor-people-{lang}.png")
            shell.editor.attachments_button.click()
            shell.attachments.dialog.table.selectRow(0)
            shell.attachments.dialog.view_button.click()
            _wait_for(shell.session.attachment_opened)
            shell.attachments.viewer.resize(760, 560)
            _save(shell.attachments.viewer, out / f"attachment-{lang}.png")
            shell.attachments.close()
            shell.close()
            shell.deleteLater()
    finally:
        language.apply("en")
        shutil.rmtree(WORK_FOLDER, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="screenshots")
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv[:1])
    args.out.mkdir(parents=True, exist_ok=True)
    render(args.out)
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Attachments in the desktop app (offscreen, real vault): adding from the editor with progress,
viewing an image, a PDF, a recording and text inside the app, saving a decrypted copy, and a
lock that takes every decrypted byte off the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtMultimedia import QMediaPlayer
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.preferences import Preferences, write_preferences
from intake.vault import create_vault
from intake.vault_layout import VaultLayout
from intake.vault_settings import Role
from tests.attachment_samples import pdf_bytes, wav_bytes
from tests.support import PASSPHRASE, case_doc
from tests.test_attachments import GPS_CANARY, _jpeg_with_gps
from tests.ui_bundle_support import LONG_RUN_MS, unlocked_shell
from ui.app import AppShell
from ui.attachments_dialog import AttachmentsDialog
from ui.language import LanguageSwitcher

CANARY = "КАНАРЕЙКА-ПРОСМОТРА-7781"


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.store.create_case(case_doc("Дело с файлами"))
    write_preferences(VaultLayout(root), Preferences(language="en"))
    return root


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {
        "photo": ("IMG_0042.jpg", _jpeg_with_gps()),
        "pdf": ("отказ.pdf", pdf_bytes(["Page one", "Page two"])),
        "audio": ("запись.wav", wav_bytes()),
        "text": ("показания.txt", f"Показания: {CANARY}\n".encode()),
        "fake": ("fake.jpg", b"not a picture"),
    }
    folder = tmp_path / "files"
    folder.mkdir()
    paths = {}
    for key, (name, data) in made.items():
        paths[key] = folder / name
        paths[key].write_bytes(data)
    return paths


def _open_attachments(qtbot: QtBot, shell: AppShell) -> AttachmentsDialog:
    shell.unlocked_view.case_activated.emit(shell.unlocked_view.model.case_id_at(0))
    assert shell.editor.attachments_button.isEnabled()
    shell.editor.attachments_button.click()
    dialog = shell.attachments.dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _add(qtbot: QtBot, shell: AppShell, paths: list[Path]) -> None:
    with qtbot.waitSignal(shell.session.attachments_added, timeout=LONG_RUN_MS):
        shell.attachments.dialog.request_add([str(p) for p in paths])
        assert shell.attachments.dialog.progress.isVisible()  # the task is running
    qtbot.waitUntil(lambda: not shell.session.is_busy())


def _select(dialog: AttachmentsDialog, name: str) -> None:
    for row in range(dialog.table.rowCount()):
        if dialog.table.item(row, 0).text() == name:
            dialog.table.selectRow(row)
            return
    raise AssertionError(name)


def _view(qtbot: QtBot, shell: AppShell, name: str) -> None:
    _select(shell.attachments.dialog, name)
    with qtbot.waitSignal(shell.session.attachment_opened, timeout=LONG_RUN_MS):
        shell.attachments.dialog.view_button.click()
    qtbot.waitUntil(shell.attachments.viewer.isVisible)


def test_files_are_added_viewed_inside_the_app_and_saved_only_when_asked(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher, files: dict[str, Path]
) -> None:
    shell = unlocked_shell(qtbot, vault_dir, language)
    dialog = _open_attachments(qtbot, shell)
    _add(qtbot, shell, list(files.values()))
    assert dialog.message.text().startswith("4 files added.")
    assert "fake.jpg: " in dialog.message.text() and "named like an image" in dialog.message.text()
    assert dialog.table.rowCount() == 4
    _select(dialog, "IMG_0042.jpg")
    assert "leaves out: EXIF GPS, comment" in dialog.note.text()

    viewer = shell.attachments.viewer
    _view(qtbot, shell, "IMG_0042.jpg")
    assert viewer.pages.currentWidget() is viewer.image
    assert not viewer.image.picture.pixmap().isNull()
    width = viewer.image.picture.pixmap().width()
    viewer.image.rotate_right.click()
    assert viewer.image.angle == 90 and viewer.image.picture.pixmap().height() == width
    viewer.image.zoom_in.click()
    assert viewer.image.scale > 1
    assert "EXIF GPS" in viewer.note.text()
    viewer.reject()
    assert viewer.image.picture.pixmap().isNull()  # closing drops the picture

    _view(qtbot, shell, "отказ.pdf")
    assert viewer.pages.currentWidget() is viewer.pdf
    assert viewer.pdf.document.pageCount() == 2
    assert viewer.pdf.page_label.text() == "Page 1 of 2"
    viewer.pdf.next.click()
    assert viewer.pdf.page == 1 and not viewer.pdf.next.isEnabled()
    viewer.reject()

    _view(qtbot, shell, "запись.wav")
    assert viewer.pages.currentWidget() is viewer.audio
    player = viewer.audio.player
    qtbot.waitUntil(lambda: player.duration() > 0, timeout=LONG_RUN_MS)
    assert 1400 <= player.duration() <= 1600
    assert player.source().isEmpty()  # read from memory (a QBuffer), not from a file or URL
    viewer.audio.seek(700)
    qtbot.waitUntil(
        lambda: player.position() >= 700 or player.mediaStatus() == QMediaPlayer.MediaStatus.LoadedMedia
    )
    viewer.reject()

    _view(qtbot, shell, "показания.txt")
    assert CANARY in viewer.text.toPlainText()
    viewer.reject()
    assert viewer.text.toPlainText() == ""

    _select(dialog, "IMG_0042.jpg")
    attachment_id = dialog.selected_id()
    assert attachment_id is not None
    copy = tmp_path / "copy.jpg"
    with qtbot.waitSignal(shell.session.attachment_saved, timeout=LONG_RUN_MS):
        dialog.save_requested.emit(attachment_id, str(copy), False)
    assert "NOT encrypted" in dialog.message.text()
    assert copy.read_bytes().startswith(b"\xff\xd8") and GPS_CANARY not in copy.read_bytes()


def test_a_lock_closes_the_viewer_and_the_list_and_forgets_them(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher, files: dict[str, Path]
) -> None:
    shell = unlocked_shell(qtbot, vault_dir, language)
    dialog = _open_attachments(qtbot, shell)
    _add(qtbot, shell, [files["text"]])
    _view(qtbot, shell, "показания.txt")
    with qtbot.waitSignal(shell.session.locked):
        shell.lock_now()
    assert not dialog.isVisible() and not shell.attachments.viewer.isVisible()
    assert dialog.table.rowCount() == 0
    assert shell.attachments.viewer.text.toPlainText() == ""


def test_cancel_while_adding_keeps_nothing_of_that_file(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher
) -> None:
    big = tmp_path / "video.bin"
    big.write_bytes(b"\0" * (64 * 1024 * 1024))
    shell = unlocked_shell(qtbot, vault_dir, language)
    dialog = _open_attachments(qtbot, shell)

    def cancel_at_first_progress(text: str) -> None:
        if text.startswith("bytes") and dialog.cancel_button.isVisible():
            dialog.cancel_button.click()

    shell.session.progress.connect(cancel_at_first_progress)
    with qtbot.waitSignal(shell.session.attachments_added, timeout=LONG_RUN_MS):
        dialog.request_add([str(big)])
    qtbot.waitUntil(lambda: not shell.session.is_busy())
    assert "Cancelled" in dialog.message.text()
    assert dialog.table.rowCount() == 0
    assert big.exists()


def test_every_attachment_control_has_an_accessible_name(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, vault_dir, language)
    dialog = _open_attachments(qtbot, shell)
    viewer = shell.attachments.viewer
    for widget in (
        dialog.table,
        dialog.add_button,
        dialog.view_button,
        dialog.save_button,
        dialog.cancel_button,
        viewer.image.zoom_in,
        viewer.image.rotate_left,
        viewer.pdf.next,
        viewer.audio.play_button,
        viewer.audio.position,
    ):
        assert widget.accessibleName(), widget

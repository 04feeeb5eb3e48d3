"""Attachments in the desktop app (offscreen, real vault): adding from the editor with progress,
viewing an image, a PDF, a recording and text inside the app, saving a decrypted copy, and a
lock that takes every decrypted byte off the screen.

A lock, a quit or the panic wipe during a task (adding, viewing, saving) stops it: the worker is
held at its first progress report until the task's cancel event is set (`_hold_until_cancelled`),
so the task is certainly still running when the test acts, and only the cancel event lets it go on
(without it the task finishes late and the checks fail)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.attachments import CHUNK_BYTES
from intake.preferences import IMMEDIATELY, Preferences, write_preferences
from intake.vault import create_vault, unlock_vault
from intake.vault_layout import VaultLayout
from intake.vault_settings import Role
from intake.wipe import WIPE_MARKER
from tests.attachment_samples import pdf_bytes, wav_bytes
from tests.qt_support import visible_texts
from tests.support import PASSPHRASE, case_doc
from tests.test_attachments import GPS_CANARY, _jpeg_with_gps
from tests.ui_bundle_support import LONG_RUN_MS, choose_file, unlocked_shell
from ui import attachment_tasks, vault_session
from ui.app import AppShell
from ui.attachment_pages import fill_in
from ui.attachment_tasks import OpenedAttachment
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


# How long a held worker waits for its cancel event: only a run without the fix waits this out.
HOLD_SECONDS = 10


def _hold_until_cancelled(monkeypatch: pytest.MonkeyPatch, task_name: str) -> threading.Event:
    """Wraps the session's `task_name` (from ui/attachment_tasks.py) so that its worker, right
    after its first progress report, waits until the task's cancel event is set (at most
    HOLD_SECONDS). Returns an event set once the worker was held."""
    real = getattr(vault_session, task_name)
    held = threading.Event()

    def make(*args: Any, **kwargs: Any) -> Callable[[Callable[[str], None]], object]:
        cancel: threading.Event = kwargs["cancel"]
        run = real(*args, **kwargs)

        def held_run(progress: Callable[[str], None]) -> object:
            def report(text: str) -> None:
                progress(text)
                if not held.is_set():
                    held.set()
                    cancel.wait(HOLD_SECONDS)

            return run(report)

        return held_run

    monkeypatch.setattr(vault_session, task_name, make)
    return held


def _at_first_progress(shell: AppShell, action: Callable[[], object]) -> None:
    """Runs `action` on the GUI thread when the session reports the first bytes."""
    done: list[bool] = []

    def on_progress(text: str) -> None:
        if text.startswith("bytes") and not done:
            done.append(True)
            action()

    shell.session.progress.connect(on_progress)


def _assert_locked_and_closed(shell: AppShell) -> None:
    assert shell.session.vault is None and not shell.session.is_busy()
    dialog, viewer = shell.attachments.dialog, shell.attachments.viewer
    assert not dialog.isVisible() and not viewer.isVisible()
    assert dialog.table.rowCount() == 0 and dialog.message.text() == ""
    assert dialog.copy_box is None and dialog.file_dialog is None
    assert viewer.text.toPlainText() == "" and viewer.details.text() == ""
    assert [text for _kind, text in visible_texts(shell) if CANARY in text] == []


def _vault_files_only(tmp_path: Path, *kept: Path) -> None:
    """Nothing was written anywhere in the test's folder but the vault's own files and `kept`."""
    vault_names = {"vault.key", "vault.db", "vault.aux", "preferences.json"}
    found = [p for p in tmp_path.rglob("*") if p.is_file() and p not in kept]
    assert [p for p in found if p.parent.name != "vault" or p.name not in vault_names] == []


def _big_file(tmp_path: Path, name: str = "video.bin", chunks: int = 4) -> Path:
    path = tmp_path / "files" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(os.urandom(chunks * CHUNK_BYTES))
    return path


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
    assert "leaves out: EXIF (with GPS location), comment" in dialog.note.text()

    viewer = shell.attachments.viewer
    _view(qtbot, shell, "IMG_0042.jpg")
    assert viewer.pages.currentWidget() is viewer.image
    assert not viewer.image.picture.pixmap().isNull()
    width = viewer.image.picture.pixmap().width()
    viewer.image.rotate_right.click()
    assert viewer.image.angle == 90 and viewer.image.picture.pixmap().height() == width
    viewer.image.zoom_in.click()
    assert viewer.image.scale > 1
    assert "EXIF (with GPS location)" in viewer.note.text()
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
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "video.bin"
    big.write_bytes(b"\0" * (4 * CHUNK_BYTES))
    held = _hold_until_cancelled(monkeypatch, "add_task")
    shell = unlocked_shell(qtbot, vault_dir, language)
    dialog = _open_attachments(qtbot, shell)
    _at_first_progress(shell, dialog.cancel_button.click)
    with qtbot.waitSignal(shell.session.attachments_added, timeout=LONG_RUN_MS):
        dialog.request_add([str(big)])
    qtbot.waitUntil(lambda: not shell.session.is_busy())
    assert held.is_set()  # the add was certainly still under way when Cancel was clicked
    assert "Cancelled" in dialog.message.text()
    assert dialog.table.rowCount() == 0
    assert big.read_bytes() == b"\0" * (4 * CHUNK_BYTES)


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


# -- a lock, a quit or the wipe during a task ----------------------------------------------------


def test_a_lock_while_adding_stops_it_and_keeps_nothing(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = _big_file(tmp_path)
    before = big.read_bytes()
    held = _hold_until_cancelled(monkeypatch, "add_task")
    shell = unlocked_shell(qtbot, vault_dir, language)
    case_id = shell.unlocked_view.model.case_id_at(0)
    dialog = _open_attachments(qtbot, shell)
    dialog.delete_originals.setChecked(True)
    _at_first_progress(shell, shell.lock_now)
    with qtbot.waitSignal(shell.session.locked, timeout=LONG_RUN_MS):
        dialog.request_add([str(big)])
    assert held.is_set()
    _assert_locked_and_closed(shell)
    assert big.read_bytes() == before  # not added, so not deleted either
    _vault_files_only(tmp_path, big)
    with unlock_vault(vault_dir, PASSPHRASE) as vault:
        assert vault.attachments.list(case_id) == []


def test_a_lock_while_reading_for_the_viewer_shows_nothing(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_text = tmp_path / "files" / "долгие показания.txt"
    long_text.parent.mkdir()
    long_text.write_text(f"Показания: {CANARY}\n" * (3 * CHUNK_BYTES // 40), encoding="utf-8")
    shell = unlocked_shell(qtbot, vault_dir, language)
    dialog = _open_attachments(qtbot, shell)
    _add(qtbot, shell, [long_text])
    held = _hold_until_cancelled(monkeypatch, "read_task")
    opened: list[object] = []
    shell.session.attachment_opened.connect(opened.append)
    _select(dialog, long_text.name)
    _at_first_progress(shell, shell.lock_now)
    with qtbot.waitSignal(shell.session.locked, timeout=LONG_RUN_MS):
        dialog.view_button.click()
    assert held.is_set()
    assert opened == []  # the read stopped: no bytes were handed over
    _assert_locked_and_closed(shell)


def test_a_lock_while_saving_a_copy_stops_it_and_leaves_nothing(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording = _big_file(tmp_path, "recording.bin")
    out = tmp_path / "out"
    out.mkdir()
    shell = unlocked_shell(qtbot, vault_dir, language)
    dialog = _open_attachments(qtbot, shell)
    _add(qtbot, shell, [recording])
    _select(dialog, recording.name)
    attachment_id = dialog.selected_id()
    held = _hold_until_cancelled(monkeypatch, "save_task")
    saved: list[object] = []
    shell.session.attachment_saved.connect(saved.append)
    _at_first_progress(shell, shell.lock_now)
    with qtbot.waitSignal(shell.session.locked, timeout=LONG_RUN_MS):
        dialog.save_requested.emit(attachment_id, str(out / "copy.bin"), False)
    assert held.is_set() and saved == []
    assert list(out.iterdir()) == []  # neither the copy nor its temporary
    _assert_locked_and_closed(shell)


def test_cancel_while_saving_a_copy_leaves_nothing_and_says_so(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording = _big_file(tmp_path, "recording.bin")
    out = tmp_path / "out"
    out.mkdir()
    shell = unlocked_shell(qtbot, vault_dir, language)
    dialog = _open_attachments(qtbot, shell)
    _add(qtbot, shell, [recording])
    _select(dialog, recording.name)
    held = _hold_until_cancelled(monkeypatch, "save_task")
    _at_first_progress(shell, dialog.cancel_button.click)
    with qtbot.waitSignal(shell.session.attachment_failed, timeout=LONG_RUN_MS):
        dialog.save_requested.emit(dialog.selected_id(), str(out / "copy.bin"), False)
    qtbot.waitUntil(lambda: not shell.session.is_busy())
    assert held.is_set()
    assert dialog.message.text() == "Cancelled; no copy was written."
    assert list(out.iterdir()) == []
    assert shell.session.vault is not None and dialog.isVisible()  # only the copy was cancelled


def test_a_panic_wipe_while_saving_a_copy_closes_everything_at_once_and_leaves_no_copy(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_preferences(VaultLayout(vault_dir), Preferences(language="en", wipe_confirmation=IMMEDIATELY))
    long_text = tmp_path / "files" / "долгие показания.txt"
    long_text.parent.mkdir()
    long_text.write_text(f"Показания: {CANARY}\n" * (3 * CHUNK_BYTES // 40), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    shell = unlocked_shell(qtbot, vault_dir, language)
    dialog, viewer = _open_attachments(qtbot, shell), shell.attachments.viewer
    _add(qtbot, shell, [long_text])
    _view(qtbot, shell, long_text.name)  # left open: the wipe must close it at once
    qtbot.waitUntil(lambda: not shell.session.is_busy())
    held = _hold_until_cancelled(monkeypatch, "save_task")
    seen: list[tuple[bool, bool, bool, bool]] = []

    def wipe() -> None:
        shell.panic.action.trigger()
        key_gone = (vault_dir / "vault.key").read_bytes().startswith(WIPE_MARKER)
        seen.append((shell.session.is_busy(), key_gone, dialog.isVisible(), viewer.isVisible()))

    _at_first_progress(shell, wipe)
    with qtbot.waitSignal(shell.session.wiped, timeout=LONG_RUN_MS):
        dialog.save_requested.emit(dialog.selected_id(), str(out / "копия.txt"), False)
    assert held.is_set()
    # The task was still running; the key was already destroyed and both windows already shut.
    assert seen == [(True, True, False, False)]
    assert list(out.iterdir()) == []  # the copy stopped at its next chunk and left nothing
    assert not vault_dir.exists()
    assert viewer.text.toPlainText() == ""
    assert [text for _kind, text in visible_texts(shell) if CANARY in text] == []


def test_quitting_while_adding_stops_it_and_keeps_nothing(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = _big_file(tmp_path)
    held = _hold_until_cancelled(monkeypatch, "add_task")
    shell = unlocked_shell(qtbot, vault_dir, language)
    case_id = shell.unlocked_view.model.case_id_at(0)
    dialog = _open_attachments(qtbot, shell)
    _at_first_progress(shell, shell.close)
    with qtbot.waitSignal(shell.session.locked, timeout=LONG_RUN_MS):
        dialog.request_add([str(big)])
    assert held.is_set()
    _assert_locked_and_closed(shell)
    _vault_files_only(tmp_path, big)
    with unlock_vault(vault_dir, PASSPHRASE) as vault:
        assert vault.attachments.list(case_id) == []


def test_a_view_that_ends_after_a_lock_shows_nothing_and_keeps_no_bytes(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher, files: dict[str, Path]
) -> None:
    shell = unlocked_shell(qtbot, vault_dir, language)
    _open_attachments(qtbot, shell)
    _add(qtbot, shell, [files["text"]])
    (attachment,) = shell.session.attachments_of(shell.unlocked_view.model.case_id_at(0))
    shell.lock_now()
    content = bytearray(f"Показания: {CANARY}\n".encode())
    shell.session.attachment_opened.emit(OpenedAttachment(attachment, content))  # delivered late
    assert not shell.attachments.viewer.isVisible()
    assert content == bytearray()  # dropped at once, not left for the garbage collector
    _assert_locked_and_closed(shell)


# -- questions that outlive a lock ----------------------------------------------------------------


def _which_copy_box(qtbot: QtBot, shell: AppShell, files: dict[str, Path]) -> QMessageBox:
    dialog = _open_attachments(qtbot, shell)
    _add(qtbot, shell, [files["photo"]])
    _select(dialog, "IMG_0042.jpg")
    dialog.save_button.click()  # returns at once: the question does not block in a loop of its own
    box = dialog.copy_box
    assert box is not None and box.isVisible()
    return box


def _button(box: QMessageBox, text: str) -> Any:
    (button,) = [b for b in box.buttons() if b.text() == text]
    return button


def test_saving_a_copy_asks_which_copy_then_where(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher, files: dict[str, Path]
) -> None:
    shell = unlocked_shell(qtbot, vault_dir, language)
    box = _which_copy_box(qtbot, shell, files)
    assert "NOT be encrypted" in box.text()
    _button(box, "Save the original, with its metadata").click()
    dialog = shell.attachments.dialog
    assert dialog.copy_box is None and dialog.file_dialog is not None
    copy = tmp_path / "original.jpg"
    with qtbot.waitSignal(shell.session.attachment_saved, timeout=LONG_RUN_MS):
        choose_file(dialog, copy)
    assert GPS_CANARY in copy.read_bytes()  # the original, as asked
    assert dialog.file_dialog is None


def test_a_lock_closes_the_which_copy_question_and_its_answer_saves_nothing(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher, files: dict[str, Path]
) -> None:
    shell = unlocked_shell(qtbot, vault_dir, language)
    box = _which_copy_box(qtbot, shell, files)
    working = _button(box, "Save the copy shown")
    dialog = shell.attachments.dialog
    requested: list[object] = []
    dialog.save_requested.connect(lambda *args: requested.append(args))
    shell.lock_now()  # nothing running: locks at once
    assert not box.isVisible()
    working.click()  # an answer to the question asked before the lock
    assert dialog.file_dialog is None and requested == []
    _assert_locked_and_closed(shell)


def test_a_lock_closes_the_destination_chooser_and_no_save_follows(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher, files: dict[str, Path]
) -> None:
    shell = unlocked_shell(qtbot, vault_dir, language)
    box = _which_copy_box(qtbot, shell, files)
    _button(box, "Save the copy shown").click()
    dialog = shell.attachments.dialog
    chooser = dialog.file_dialog
    assert chooser is not None and chooser.isVisible()
    attachment_id = dialog.selected_id()
    requested: list[object] = []
    dialog.save_requested.connect(lambda *args: requested.append(args))
    failures: list[str] = []
    shell.session.attachment_failed.connect(failures.append)
    shell.lock_now()
    assert not chooser.isVisible()
    copy = tmp_path / "copy.jpg"
    chooser.fileSelected.emit(str(copy))  # an answer arriving after the lock
    dialog.save_requested.emit(attachment_id, str(copy), False)  # and a request from anywhere
    assert requested == [(attachment_id, str(copy), False)]  # only the one emitted by hand
    assert not shell.session.is_busy() and failures == [] and not copy.exists()
    _assert_locked_and_closed(shell)


# -- what the viewer shows -------------------------------------------------------------------------


def test_a_long_text_shows_its_start_and_says_the_rest_is_not_shown(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attachment_tasks, "TEXT_VIEW_BYTES", CHUNK_BYTES)  # 16 MiB in the app
    long_text = tmp_path / "files" / "протокол.txt"
    long_text.parent.mkdir()
    line = "строка протокола 0123456789\n"
    long_text.write_text(line * (3 * CHUNK_BYTES // len(line.encode())), encoding="utf-8")
    shell = unlocked_shell(qtbot, vault_dir, language)
    _open_attachments(qtbot, shell)
    _add(qtbot, shell, [long_text])
    _view(qtbot, shell, long_text.name)
    viewer = shell.attachments.viewer
    shown = viewer.text.toPlainText()
    assert shown.startswith(line) and len(shown.encode()) <= CHUNK_BYTES + 3  # one cut character at most
    assert viewer.cut_note.isVisible()
    assert viewer.cut_note.text().startswith("Only the first 1.0 MiB of this text are shown.")
    viewer.reject()
    assert viewer.cut_note.text() == "" and not viewer.cut_note.isVisibleTo(viewer)


def test_a_file_name_holding_placeholders_is_shown_as_it_is(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher
) -> None:
    assert fill_in("%1 — %2", "%2 и %1", "x") == "%2 и %1 — x"
    odd = tmp_path / "files" / "%2 и %1.txt"
    odd.parent.mkdir()
    odd.write_text("текст", encoding="utf-8")
    shell = unlocked_shell(qtbot, vault_dir, language)
    _open_attachments(qtbot, shell)
    _add(qtbot, shell, [odd])
    _view(qtbot, shell, odd.name)
    assert shell.attachments.viewer.details.text().startswith("%2 и %1.txt — text/plain, 10 bytes.")


def test_a_damaged_photo_says_its_metadata_stayed_and_utf16_text_reads_as_text(
    qtbot: QtBot, tmp_path: Path, vault_dir: Path, language: LanguageSwitcher
) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    damaged = folder / "cut.jpg"
    whole = _jpeg_with_gps()
    damaged.write_bytes(whole[:-4])  # cut inside its picture data: no end marker
    letter = folder / "письмо.txt"
    letter.write_bytes("\ufeffПисьмо в прокуратуру".encode("utf-16-le"))
    shell = unlocked_shell(qtbot, vault_dir, language)
    dialog = _open_attachments(qtbot, shell)
    _add(qtbot, shell, [damaged, letter])
    assert dialog.message.text().startswith("2 files added.")
    _select(dialog, "cut.jpg")
    assert "This image is damaged, so Intake could not remove its metadata" in dialog.note.text()
    _view(qtbot, shell, "письмо.txt")
    viewer = shell.attachments.viewer
    assert viewer.text.toPlainText() == "Письмо в прокуратуру"
    viewer.reject()


PERSON_ID = "11111111-1111-4111-8111-111111111111"


def test_files_can_be_added_as_concerning_a_person_or_source_of_the_case(
    qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher
) -> None:
    root = tmp_path / "linked"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        doc = case_doc("Дело со ссылками")
        doc["persons"] = [{"id": PERSON_ID, "pseudonym": "Лиса"}]
        doc["sources"] = [{"id": "22222222-2222-4222-8222-222222222222", "type": "SRC.VICT"}]
        vault.store.create_case(doc)
    shell = unlocked_shell(qtbot, root, language)
    dialog = _open_attachments(qtbot, shell)
    choices = [dialog.concerns.itemText(i) for i in range(dialog.concerns.count())]
    assert choices[0] == "the case as a whole" and "Person: Лиса" in choices
    assert any(text.startswith("Source: ") for text in choices)
    note = tmp_path / "справка.txt"
    note.write_text("справка из травмпункта", encoding="utf-8")
    dialog.concerns.setCurrentIndex(choices.index("Person: Лиса"))
    _add(qtbot, shell, [note])
    assert dialog.table.item(0, 4).text() == "Person: Лиса"
    vault = shell.session.vault
    assert vault is not None
    (stored,) = vault.attachments.list(vault.store.list_cases()[0].case_id)
    assert stored.linked_to == PERSON_ID

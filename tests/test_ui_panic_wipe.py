"""The panic wipe, the wipe after failed unlocks and the duress passphrase through the real app
shell (offscreen), on real vaults."""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QToolButton, QWidget, QWizard
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.preferences import ASK_FIRST, IMMEDIATELY, Preferences, read_preferences, write_preferences
from intake.public_key_file import parse_public_keys
from intake.vault import create_vault, unlock_vault
from intake.vault_layout import VaultLayout
from intake.vault_settings import Role
from intake.wipe import WIPE_MARKER, destroy_key_material
from tests.qt_support import answer_next_question, make_shell, submit_passphrase, type_text, visible_texts
from tests.support import PASSPHRASE, case_doc
from tests.ui_bundle_support import LONG_RUN_MS, choose_file, unlocked_shell
from ui import vault_session
from ui.app import AppShell
from ui.language import LanguageSwitcher

CANARY = "КАНАРЕЙКА-ПАНИКИ-7710"
DURESS = "совсем другой пароль 42"
PANIC_KEYS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        vault.store.seal(vault.store.create_case(case_doc(f"Дело {CANARY}", f"рассказ {CANARY}")).case_id)
    return root


def _choose(root: Path, **changes: Any) -> None:
    layout = VaultLayout(root)
    write_preferences(layout, read_preferences(layout).with_changes(**changes))


def _key_file_head(root: Path) -> bytes:
    return (root / "vault.key").read_bytes()[: len(WIPE_MARKER)]


@pytest.fixture
def questions(qtbot: QtBot) -> Iterator[list[str]]:
    """Every question box that shows up is recorded and dismissed with Cancel (so a question
    that should not have been asked fails the test instead of blocking it)."""
    asked: list[str] = []

    def dismiss() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            asked.append(box.text())
            box.reject()

    timer = QTimer()
    timer.timeout.connect(dismiss)
    timer.start(5)
    yield asked
    timer.stop()


def _assert_fresh_first_run(shell: AppShell, root: Path) -> None:
    assert not root.exists()
    assert shell.currentWidget() is shell.first_run
    assert shell.first_run.currentPage() is shell.first_run.language_page
    assert shell.first_run._status.text() == ""
    assert shell.session.vault is None
    assert not shell.session.is_busy()
    # Dialogs are children of the shell: their texts are in here too.
    assert [t for _kind, t in visible_texts(shell) if CANARY in t] == []
    for dialog in (shell.settings.dialog, shell.keys.dialog, shell.bundles.export_dialog):
        assert not dialog.isVisible()


def _panic_button_of(screen: QWidget, shell: AppShell) -> QToolButton:
    buttons = [b for b in screen.findChildren(QToolButton) if b.defaultAction() is shell.panic.action]
    assert len(buttons) == 1
    assert buttons[0].isVisibleTo(screen)
    assert buttons[0].text() == "Wipe everything now…"
    return buttons[0]


def _open_the_case_and_type(qtbot: QtBot, shell: AppShell) -> QWidget:
    """Opens the canary case in the editor, starts a new revision and types into its title (not
    saved); returns the focused title field."""
    shell.open_case(shell.unlocked_view.model.case_id_at(0))
    assert shell.currentWidget() is shell.editor
    shell.editor.start_editing()
    title = shell.editor.form.title_field()
    assert title is not None
    field = title.input_widget()
    shell.activateWindow()
    qtbot.waitUntil(shell.isActiveWindow)
    field.setFocus()
    type_text(field, f" {CANARY}-не-сохранено")
    return field


def _trigger(qtbot: QtBot, shell: AppShell, where: str) -> None:
    if where == "case list":
        _panic_button_of(shell.unlocked_view, shell).click()
    elif where == "unlock screen":
        _panic_button_of(shell.unlock_screen, shell).click()
    else:
        qtbot.keyClick(QApplication.focusWidget() or shell, Qt.Key.Key_Delete, PANIC_KEYS)


@pytest.mark.parametrize("where", ["case list", "unlock screen", "editor shortcut"])
@pytest.mark.parametrize("confirmation", [ASK_FIRST, IMMEDIATELY])
def test_the_panic_wipe_leaves_a_fresh_first_run_and_nothing_of_the_vault(
    qtbot: QtBot,
    vault_dir: Path,
    language: LanguageSwitcher,
    *,
    request: pytest.FixtureRequest,
    where: str,
    confirmation: str,
) -> None:
    _choose(vault_dir, wipe_confirmation=confirmation, language="en")
    shell = unlocked_shell(qtbot, vault_dir, language)
    if where == "unlock screen":
        with qtbot.waitSignal(shell.session.locked):
            shell.lock_now()
    elif where == "editor shortcut":
        _open_the_case_and_type(qtbot, shell)
        QApplication.clipboard().setText(f"скопировано {CANARY}")  # as a copy in the editor would
    if confirmation == ASK_FIRST:
        asked = answer_next_question(QMessageBox.StandardButton.Yes)
    else:
        asked = request.getfixturevalue("questions")  # any question would be recorded here
    locks: list[bool] = []
    shell.session.locked.connect(lambda: locks.append(True))
    with qtbot.waitSignal(shell.session.wiped, timeout=LONG_RUN_MS):
        _trigger(qtbot, shell, where)
    if confirmation == ASK_FIRST:
        assert len(asked) == 1
        assert "cannot be undone" in asked[0]
    else:
        assert asked == []
    assert locks == []  # the wipe closed the vault; no lock ran as well
    _assert_fresh_first_run(shell, vault_dir)
    assert QApplication.clipboard().text() == ""


def test_the_question_says_what_happens_and_cancel_wipes_nothing(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, vault_dir, language)
    key_before = (vault_dir / "vault.key").read_bytes()
    box_texts: list[tuple[str, str, bool]] = []

    def inspect_and_cancel() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        default = box.defaultButton()
        box_texts.append(
            (box.text(), box.informativeText(), default is box.button(QMessageBox.StandardButton.Cancel))
        )
        cancel = box.button(QMessageBox.StandardButton.Cancel)
        assert cancel is not None
        cancel.click()

    QTimer.singleShot(0, inspect_and_cancel)
    with qtbot.assertNotEmitted(shell.session.wiped), qtbot.assertNotEmitted(shell.session.busy_changed):
        shell.unlocked_view.panic_button.click()
    [(text, informative, cancel_is_default)] = box_texts
    assert "cannot be undone" in text
    assert "not even with the passphrase" in informative
    assert cancel_is_default
    assert (vault_dir / "vault.key").read_bytes() == key_before
    assert shell.currentWidget() is shell.unlocked_view
    vault = shell.session.vault
    assert vault is not None
    assert vault.store.count_cases() == 1


@pytest.fixture
def ready_volunteer_dir(tmp_path: Path, vault_dir: Path) -> Path:
    """The volunteer vault trusts a coordinator, so an export has somewhere to go."""
    coordinator = tmp_path / "coordinator"
    with create_vault(coordinator, PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as vault:
        key_text = vault.public_keys().render()
    with unlock_vault(vault_dir, PASSPHRASE) as volunteer:
        contact, _new = volunteer.contacts.add(parse_public_keys(key_text.encode()), label="Центр")
        volunteer.approve_key(contact.fingerprint)
    return vault_dir


def _start_export(shell: AppShell, path: Path) -> None:
    shell.unlocked_view.export_button.click()
    dialog = shell.bundles.export_dialog
    dialog.choose_button.click()
    choose_file(dialog, path)
    dialog.export_button.click()


@pytest.mark.parametrize("task", ["export", "import"])
def test_a_wipe_during_a_task_destroys_the_key_at_once_and_completes_after_it(
    qtbot: QtBot, tmp_path: Path, ready_volunteer_dir: Path, language: LanguageSwitcher, task: str
) -> None:
    root = ready_volunteer_dir
    _choose(root, wipe_confirmation=IMMEDIATELY)
    shell = unlocked_shell(qtbot, root, language)
    bundle = tmp_path / "out.bundle"
    if task == "import":
        _start_export(shell, bundle)  # a bundle to import: the vault's own
        qtbot.waitUntil(lambda: not shell.session.is_busy(), timeout=LONG_RUN_MS)
        shell.bundles.export_dialog.reject()
        bundle = bundle.rename(tmp_path / "in.bundle")
    seen: list[tuple[bool, bytes]] = []
    locks: list[bool] = []
    shell.session.locked.connect(lambda: locks.append(True))

    def wipe_while_running(busy: bool) -> None:
        # busy_changed(True) comes as the task is handed its thread: from here it owns the
        # connection, and the wipe must not wait for it to destroy the key.
        if busy and not seen:
            shell.panic.action.trigger()
            seen.append((shell.session.is_busy(), _key_file_head(root)))
            shell.lock_now()  # e.g. the idle timer meanwhile: dropped, the wipe closes the vault

    shell.session.busy_changed.connect(wipe_while_running)
    with qtbot.waitSignal(shell.session.wiped, timeout=LONG_RUN_MS):
        if task == "export":
            _start_export(shell, tmp_path / "cancelled.bundle")
        else:
            shell.unlocked_view.import_button.click()
            shell.bundles.import_dialog.set_files([str(bundle)])
            shell.bundles.import_dialog.import_button.click()
    assert seen == [(True, WIPE_MARKER)]  # the task was still running; the key file already gone
    assert locks == []
    _assert_fresh_first_run(shell, root)
    assert not shell.bundles.import_dialog.isVisible()
    assert not (tmp_path / "cancelled.bundle").exists()  # the export stopped, leaving nothing


def test_a_wipe_during_a_passphrase_change_leaves_nothing_that_opens(
    qtbot: QtBot, ready_volunteer_dir: Path, language: LanguageSwitcher
) -> None:
    """The task writes the key file; the wipe must win whichever moment it comes (the key-file
    writer and the wipe share a lock, and a write after the marker is refused)."""
    root = ready_volunteer_dir
    _choose(root, wipe_confirmation=IMMEDIATELY)
    shell = unlocked_shell(qtbot, root, language)
    heads: list[bytes] = []

    def wipe_while_running(busy: bool) -> None:
        if busy and not heads:
            shell.panic.action.trigger()
            heads.append(_key_file_head(root))

    shell.session.busy_changed.connect(wipe_while_running)
    with qtbot.waitSignal(shell.session.wiped, timeout=LONG_RUN_MS):
        shell.session.change_passphrase(PASSPHRASE, "an entirely new passphrase 2031")
    assert heads == [WIPE_MARKER]
    _assert_fresh_first_run(shell, root)


def test_a_wipe_on_the_first_run_wizard_starts_it_over_and_writes_nothing(
    qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher
) -> None:
    root = tmp_path / "fresh"
    shell = make_shell(qtbot, root, language)
    wizard = shell.first_run
    wizard.role_page.button("coordinator").click()
    for _page in range(4):
        wizard.next()
    type_text(wizard.passphrase_page.first, PASSPHRASE)
    shell.activateWindow()
    qtbot.waitUntil(shell.isActiveWindow)
    asked = answer_next_question(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(shell.session.wiped, timeout=LONG_RUN_MS):
        qtbot.keyClick(wizard.passphrase_page.first, Qt.Key.Key_Delete, PANIC_KEYS)
    assert len(asked) == 1
    assert not root.exists()
    assert wizard.currentPage() is wizard.language_page
    assert wizard.passphrase_page.first.text() == ""
    assert not wizard.passphrase_page.first.isUndoAvailable()
    assert wizard.role_page.value() == "field"
    assert shell.currentWidget() is wizard


def test_the_wizard_choice_is_saved_only_with_the_vault(
    qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher
) -> None:
    root = tmp_path / "fresh"
    shell = make_shell(qtbot, root, language)
    wizard = shell.first_run
    for _page in range(3):
        wizard.next()
    assert wizard.currentPage() is wizard.panic_page
    texts = [t for _kind, t in visible_texts(wizard.panic_page)]
    assert any("Ctrl+Shift+Delete" in t and "not even with the passphrase" in t for t in texts)
    assert any("duress passphrase" in t for t in texts)
    assert wizard.panic_page.button(ASK_FIRST).isChecked()
    wizard.panic_page.button(IMMEDIATELY).click()
    wizard.next()
    type_text(wizard.passphrase_page.first, PASSPHRASE)
    type_text(wizard.passphrase_page.second, PASSPHRASE)
    assert not root.exists()  # nothing before the vault
    with qtbot.waitSignal(shell.session.unlocked, timeout=LONG_RUN_MS):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert read_preferences(VaultLayout(root)) == Preferences(language="en", wipe_confirmation=IMMEDIATELY)


@pytest.mark.parametrize("limit", [3, 4])
def test_the_failed_unlock_wipe_shows_the_first_run_at_the_nth_wrong_passphrase_only(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher, limit: int
) -> None:
    _choose(vault_dir, wipe_after_failed_unlocks=limit)
    shell = make_shell(qtbot, vault_dir, language)

    def wrong_attempt(number: int) -> None:
        with qtbot.waitSignal(
            shell.session.busy_changed, check_params_cb=lambda busy: not busy, timeout=LONG_RUN_MS
        ):
            submit_passphrase(shell, f"неверная фраза номер {number}")

    for attempt in range(1, limit):
        wrong_attempt(attempt)
        assert shell.currentWidget() is shell.unlock_screen
        assert "Wrong passphrase" in shell.unlock_screen.message()
        assert (vault_dir / "vault.key").exists()
    wrong_attempt(limit)
    _assert_fresh_first_run(shell, vault_dir)
    assert shell.unlock_screen.message() == ""


def _record(shell: AppShell) -> list[tuple[str, object, str]]:
    events: list[tuple[str, object, str]] = []

    def note(name: str) -> Callable[..., None]:
        return lambda *args: events.append((name, args, type(shell.currentWidget()).__name__))

    shell.session.busy_changed.connect(note("busy_changed"))
    shell.session.progress.connect(note("progress"))
    shell.session.unlocked.connect(note("unlocked"))
    for name in ("unlock_failed", "locked", "wiped", "wipe_failed"):
        getattr(shell.session, name).connect(note(name))
    return events


def test_the_duress_passphrase_looks_like_a_normal_unlock_and_opens_an_empty_vault(
    qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher
) -> None:
    seen: dict[str, list[tuple[str, object, str]]] = {}
    shells: dict[str, AppShell] = {}
    for name, passphrase in (("normal", PASSPHRASE), ("duress", DURESS)):
        root = tmp_path / name
        with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
            vault.store.create_case(case_doc(f"Дело {CANARY}"))
            vault.set_duress_passphrase(PASSPHRASE, DURESS)
        shell = make_shell(qtbot, root, language)
        events = _record(shell)
        with qtbot.waitSignal(shell.session.unlocked, timeout=LONG_RUN_MS):
            submit_passphrase(shell, passphrase)
        qtbot.waitUntil(lambda shell=shell: not shell.session.is_busy())
        seen[name], shells[name] = events, shell
    assert seen["duress"] == seen["normal"]
    assert [name for name, _args, _screen in seen["normal"]] == [
        "busy_changed",
        "progress",
        "progress",
        "unlocked",
        "busy_changed",
    ]
    duress, normal = shells["duress"], shells["normal"]
    assert duress.currentWidget() is duress.unlocked_view
    assert duress.unlocked_view.model.rowCount() == 0
    assert normal.unlocked_view.model.rowCount() == 1
    assert [t for _kind, t in visible_texts(duress) if CANARY in t] == []


def test_an_interrupted_wipe_is_finished_silently_at_start(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    destroy_key_material(VaultLayout(vault_dir))  # the process died right after the first step
    shell = make_shell(qtbot, vault_dir, language)
    assert shell.currentWidget() is shell.first_run
    assert not vault_dir.exists()


def test_quitting_during_a_wipe_finishes_it(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    _choose(vault_dir, wipe_confirmation=IMMEDIATELY)
    shell = unlocked_shell(qtbot, vault_dir, language)
    shell.panic.action.trigger()
    assert shell.session.is_wiping()
    shell.close()
    assert not vault_dir.exists()
    assert not shell.session.is_busy()


def test_a_wipe_the_disk_refuses_is_reported_and_leaves_the_vault_closed(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(vault_session, "destroy_key_material", refuse)
    monkeypatch.setattr(vault_session, "wipe_vault", refuse)
    _choose(vault_dir, wipe_confirmation=IMMEDIATELY)
    shell = make_shell(qtbot, vault_dir, language)
    reported: list[str] = []

    def acknowledge() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            reported.append(box.text())
            box.accept()

    timer = QTimer()
    timer.timeout.connect(acknowledge)
    timer.start(5)
    with qtbot.waitSignal(shell.session.wipe_failed, timeout=LONG_RUN_MS) as failed:
        shell.panic.action.trigger()
    qtbot.waitUntil(lambda: bool(reported))
    timer.stop()
    assert failed.args == ["Read-only file system"]
    assert "Read-only file system" in reported[0]
    assert "may still be readable" in reported[0]
    assert shell.currentWidget() is shell.unlock_screen  # the vault is still there, and says so
    assert not shell.session.is_wiping()
    with unlock_vault(vault_dir, PASSPHRASE) as vault:
        assert vault.store.count_cases() == 1


def _open_dialog(shell: AppShell, which: str) -> QWidget:
    if which == "settings":
        shell.open_settings()
        return shell.settings.dialog
    if which == "keys":
        shell.open_keys()
        return shell.keys.dialog
    if which == "export":
        shell.open_export()
        return shell.bundles.export_dialog
    if which == "import":
        shell.open_import()
        return shell.bundles.import_dialog
    shell.open_case(shell.unlocked_view.model.case_id_at(0))
    shell.editor.show_history()
    history = shell.editor._history
    assert history is not None
    return history


@pytest.mark.parametrize("which", ["settings", "keys", "export", "import", "history"])
def test_the_shortcut_works_inside_every_dialog_of_ours(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher, which: str
) -> None:
    shell = unlocked_shell(qtbot, vault_dir, language)
    dialog = _open_dialog(shell, which)
    assert dialog.isVisible()
    assert QApplication.activeModalWidget() is dialog  # the shell's own shortcuts are blocked
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    asked = answer_next_question(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(shell.session.wiped, timeout=LONG_RUN_MS):
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Delete, PANIC_KEYS)
    assert len(asked) == 1
    _assert_fresh_first_run(shell, vault_dir)
    if which == "history":
        assert shell.editor._history is None  # closed, and deleted with it
    else:
        assert not dialog.isVisible()


def test_a_wipe_during_the_unlock_derivation_never_shows_the_vault(
    qtbot: QtBot, vault_dir: Path, language: LanguageSwitcher
) -> None:
    _choose(vault_dir, wipe_confirmation=IMMEDIATELY)
    shell = make_shell(qtbot, vault_dir, language)
    with (
        qtbot.assertNotEmitted(shell.session.unlocked),
        qtbot.waitSignal(shell.session.wiped, timeout=LONG_RUN_MS),
    ):
        submit_passphrase(shell, PASSPHRASE)
        assert shell.session.is_busy()  # the key is being derived
        shell.panic.action.trigger()
        assert _key_file_head(vault_dir) == WIPE_MARKER
    _assert_fresh_first_run(shell, vault_dir)
    assert shell.unlock_screen.message() == ""


def test_after_a_wipe_the_wizard_sets_up_a_new_vault(
    qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher
) -> None:
    root = tmp_path / "fresh"
    shell = make_shell(qtbot, root, language)
    wizard = shell.first_run

    def set_up() -> None:
        for _page in range(4):
            wizard.next()
        type_text(wizard.passphrase_page.first, PASSPHRASE)
        type_text(wizard.passphrase_page.second, PASSPHRASE)
        with qtbot.waitSignal(shell.session.unlocked, timeout=LONG_RUN_MS):
            wizard.button(QWizard.WizardButton.FinishButton).click()
        assert shell.currentWidget() is shell.unlocked_view

    set_up()
    vault = shell.session.vault
    assert vault is not None
    vault.store.create_case(case_doc(f"Дело {CANARY}"))
    shell.unlocked_view.refresh()
    asked = answer_next_question(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(shell.session.wiped, timeout=LONG_RUN_MS):
        shell.unlocked_view.panic_button.click()
    assert len(asked) == 1
    _assert_fresh_first_run(shell, root)
    assert wizard.isVisible()  # it had closed itself when the first vault was created
    set_up()
    assert shell.unlocked_view.model.rowCount() == 0

"""Export and import through the desktop dialogs, between two real vaults (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.bundle_export import sealed_revisions
from intake.public_key_file import parse_public_keys
from intake.vault import create_vault, unlock_vault
from intake.vault_settings import Role
from tests.attachment_samples import photo_with_location
from tests.qt_support import visible_texts
from tests.support import PASSPHRASE, case_doc
from tests.ui_bundle_support import (
    LONG_RUN_MS,
    approve_selected,
    choose_file,
    export_own_key,
    import_key,
    unlocked_shell,
)
from ui.app import AppShell
from ui.file_dialogs import NOWHERE
from ui.language import LanguageSwitcher

TITLES = ("Задержание у рынка МАРКЕР-b1", "Обыск без ордера МАРКЕР-b2")


@pytest.fixture
def volunteer_dir(tmp_path: Path) -> Path:
    root = tmp_path / "volunteer"
    with create_vault(root, PASSPHRASE, Role.FIELD, params=MINIMUM) as vault:
        for title in TITLES:
            vault.store.seal(vault.store.create_case(case_doc(title, f"нарратив {title}")).case_id)
        vault.store.create_case(case_doc("Черновик МАРКЕР-b3"))  # a draft is never sent
    return root


@pytest.fixture
def coordinator_dir(tmp_path: Path) -> Path:
    root = tmp_path / "coordinator"
    create_vault(root, PASSPHRASE, Role.COORDINATOR, params=MINIMUM).lock()
    return root


@pytest.fixture
def ready_volunteer_dir(volunteer_dir: Path, coordinator_dir: Path) -> Path:
    """The volunteer already trusts the coordinator (set up through the core, to save time)."""
    with unlock_vault(coordinator_dir, PASSPHRASE) as coordinator:
        key_text = coordinator.public_keys().render()
    with unlock_vault(volunteer_dir, PASSPHRASE) as volunteer:
        contact, _new = volunteer.contacts.add(parse_public_keys(key_text.encode()), label="Центр")
        volunteer.approve_key(contact.fingerprint)
    return volunteer_dir


def _start_export(shell: AppShell, path: Path) -> None:
    shell.unlocked_view.export_button.click()
    dialog = shell.bundles.export_dialog
    assert dialog.isVisible()
    dialog.choose_button.click()
    choose_file(dialog, path)
    assert dialog.path.text() == str(path)
    dialog.export_button.click()


def _import(qtbot: QtBot, shell: AppShell, *paths: Path) -> str:
    shell.unlocked_view.import_button.click()
    dialog = shell.bundles.import_dialog
    dialog.choose_button.click()
    choose_file(dialog, *paths)
    assert dialog.chosen_files() == [str(p) for p in paths]
    with qtbot.waitSignal(shell.session.busy_changed, timeout=LONG_RUN_MS, check_params_cb=lambda b: not b):
        dialog.import_button.click()
    return str(dialog.report.toPlainText())


def test_keys_exchange_export_import_and_approval_release_the_cases(
    qtbot: QtBot, tmp_path: Path, volunteer_dir: Path, coordinator_dir: Path, language: LanguageSwitcher
) -> None:
    volunteer = unlocked_shell(qtbot, volunteer_dir, language)
    coordinator = unlocked_shell(qtbot, coordinator_dir, language)
    export_own_key(coordinator, tmp_path / "coordinator.pub")
    import_key(volunteer, tmp_path / "coordinator.pub", "Центр")
    assert approve_selected(qtbot, volunteer) == "Key approved."
    volunteer.keys.dialog.reject()

    bundle = tmp_path / "out" / "cases.bundle"
    bundle.parent.mkdir()
    _start_export(volunteer, bundle)
    dialog = volunteer.bundles.export_dialog
    assert "2 sealed revisions have not been sent yet." in [t for _k, t in visible_texts(dialog)]
    assert dialog.close_button.text() == "Cancel"
    qtbot.waitUntil(lambda: not volunteer.session.is_busy(), timeout=LONG_RUN_MS)
    assert (dialog.progress.value(), dialog.progress.maximum()) == (2, 2)
    assert dialog.message.text().startswith(f"2 sealed revisions written to {bundle}")
    assert dialog.summary.text().startswith("Every sealed revision has been sent")
    assert sorted(p.name for p in bundle.parent.iterdir()) == ["cases.bundle"]
    dialog.reject()

    report = _import(qtbot, coordinator, bundle)
    volunteer_fingerprint = parse_public_keys(_own_key(volunteer)).fingerprint
    assert f"From {volunteer_fingerprint} (first contact, not yet approved)" in report
    assert "Held in quarantine: the sender's key is not approved yet" in report
    assert "quarantined 2" in report
    assert coordinator.unlocked_view.model.rowCount() == 0
    coordinator.bundles.import_dialog.reject()

    coordinator.unlocked_view.keys_button.click()
    coordinator.keys.dialog.select_contact(volunteer_fingerprint)
    released = approve_selected(qtbot, coordinator)
    assert released == "Key approved. 1 bundle released from quarantine and merged."
    titles = {
        coordinator.unlocked_view.model.data(coordinator.unlocked_view.model.index(r, 0)) for r in (0, 1)
    }
    assert titles == set(TITLES)


def test_attachments_go_with_the_export_and_the_originals_only_when_ticked(
    qtbot: QtBot, tmp_path: Path, ready_volunteer_dir: Path, coordinator_dir: Path, language: LanguageSwitcher
) -> None:
    with unlock_vault(ready_volunteer_dir, PASSPHRASE) as vault:
        photo = tmp_path / "photo.jpg"
        photo.write_bytes(photo_with_location(b"CANARY-UI-LOCATION"))
        case_id = sealed_revisions(vault.connection, vault.fingerprint)[0][0]
        vault.attachments.add_file(case_id, photo)
    volunteer = unlocked_shell(qtbot, ready_volunteer_dir, language)
    volunteer.unlocked_view.export_button.click()
    dialog = volunteer.bundles.export_dialog
    assert "1 attachment of sent or sealed cases goes with them." in dialog.summary.text()
    assert dialog.include_originals.isVisibleTo(dialog) and not dialog.include_originals.isChecked()
    assert dialog.include_originals.text() == "Also send the untouched &originals of 1 file"
    assert "where and when a photo or video was taken" in dialog.originals_note.text()
    dialog.reject()

    bundle = tmp_path / "first.bundle"
    _start_export(volunteer, bundle)
    qtbot.waitUntil(lambda: not volunteer.session.is_busy(), timeout=LONG_RUN_MS)
    assert "1 attachment included, 0 with the original." in dialog.message.text()
    # Only the original is left to send, and only if asked for.
    assert dialog.summary.text().startswith("Every sealed revision has been sent")
    assert dialog.include_originals.isVisibleTo(dialog)
    dialog.path.setText(str(tmp_path / "second.bundle"))
    assert not dialog.export_button.isEnabled()
    dialog.include_originals.setChecked(True)
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(
        volunteer.session.busy_changed, timeout=LONG_RUN_MS, check_params_cb=lambda b: not b
    ):
        dialog.export_button.click()
    assert "1 attachment included, 1 with the original." in dialog.message.text()
    assert not dialog.include_originals.isVisibleTo(dialog)
    dialog.reject()

    coordinator = unlocked_shell(qtbot, coordinator_dir, language)
    report = _import(qtbot, coordinator, bundle)
    assert "Attachments: new 0, original added 0, unchanged 0, conflicting 0, quarantined 1" in report


def _own_key(shell: AppShell) -> bytes:
    vault = shell.session.vault
    assert vault is not None
    return vault.public_keys().render().encode()


def test_cancel_before_the_first_entry_leaves_no_file_and_records_nothing(
    qtbot: QtBot, tmp_path: Path, ready_volunteer_dir: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, ready_volunteer_dir, language)
    dialog = shell.bundles.export_dialog
    # busy_changed(True) is emitted before the worker thread starts: pressing Cancel there sets the
    # flag before the core's first check, whatever the thread scheduling.
    shell.session.busy_changed.connect(lambda busy: busy and dialog.close_button.click())
    bundle = tmp_path / "cancelled.bundle"
    with qtbot.waitSignal(shell.session.bundle_export_failed, timeout=LONG_RUN_MS) as failed:
        _start_export(shell, bundle)
    assert failed.args == ["The export was cancelled; nothing was written."]
    qtbot.waitUntil(lambda: not shell.session.is_busy(), timeout=LONG_RUN_MS)
    assert dialog.message.text() == "The export was cancelled; nothing was written."
    assert dialog.isVisible()  # the dialog said what happened and waits to be closed
    assert [p.name for p in tmp_path.iterdir() if p.name not in {"volunteer", "coordinator"}] == []
    vault = shell.session.vault
    assert vault is not None
    assert len(sealed_revisions(vault.connection, vault.fingerprint)) == 2


@pytest.mark.parametrize("task", ["export", "import"])
def test_a_lock_during_a_task_waits_for_it_then_leaves_no_case_text(
    qtbot: QtBot, tmp_path: Path, ready_volunteer_dir: Path, language: LanguageSwitcher, task: str
) -> None:
    shell = unlocked_shell(qtbot, ready_volunteer_dir, language)
    bundle = tmp_path / "locked.bundle"
    if task == "export":
        _start_export(shell, bundle)
    else:
        _start_export(shell, bundle)  # a bundle to import: the volunteer's own, sent before
        qtbot.waitUntil(lambda: not shell.session.is_busy(), timeout=LONG_RUN_MS)
        shell.bundles.export_dialog.reject()
        shell.unlocked_view.import_button.click()
        shell.bundles.import_dialog.set_files([str(bundle)])
        shell.bundles.import_dialog.import_button.click()
    assert shell.session.is_busy()
    with qtbot.waitSignal(shell.session.locked, timeout=LONG_RUN_MS):
        shell.lock_now()
        assert shell.session.vault is not None  # the task still owns the connection: lock waits
    assert bundle.exists()
    assert shell.currentWidget() is shell.unlock_screen
    for widget in (shell, shell.bundles.export_dialog, shell.bundles.import_dialog, shell.keys.dialog):
        assert not [t for _kind, t in visible_texts(widget) if "МАРКЕР" in t]
    assert not shell.bundles.export_dialog.isVisible()
    assert not shell.bundles.import_dialog.isVisible()
    assert shell.bundles.import_dialog.report.toPlainText() == ""


def test_a_damaged_bundle_is_refused_with_its_message_and_nothing_changes(
    qtbot: QtBot, tmp_path: Path, coordinator_dir: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, coordinator_dir, language)
    damaged = tmp_path / "damaged.bundle"
    damaged.write_bytes(b"age-encryption.org/v1\n-> X25519 garbage\n" + bytes(300))
    report = _import(qtbot, shell, damaged)
    assert report.startswith("damaged.bundle: refused. ")
    assert len(report) > len("damaged.bundle: refused. ") + 10  # the core's reason follows
    assert (
        shell.bundles.import_dialog.message.text()
        == "0 files read. 1 file refused; nothing from it was kept."
    )
    assert shell.unlocked_view.model.rowCount() == 0


def test_export_is_disabled_with_an_explanation_without_an_approved_coordinator(
    qtbot: QtBot, volunteer_dir: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, volunteer_dir, language)
    shell.unlocked_view.export_button.click()
    dialog = shell.bundles.export_dialog
    assert dialog.no_recipient.isVisibleTo(dialog)
    assert "import a coordinator's key and approve it first" in dialog.no_recipient.text()
    dialog.path.setText("/somewhere/x.bundle")
    assert not dialog.export_button.isEnabled()
    dialog.reject()


def test_file_dialogs_are_qt_ones_and_leave_no_settings(
    qtbot: QtBot, tmp_path: Path, ready_volunteer_dir: Path, language: LanguageSwitcher
) -> None:
    shell = unlocked_shell(qtbot, ready_volunteer_dir, language)
    opened: list[QFileDialog] = []
    shell.unlocked_view.export_button.click()
    shell.bundles.export_dialog.choose_button.click()
    opened.append(choose_file(shell.bundles.export_dialog, tmp_path / "x.bundle"))
    shell.bundles.export_dialog.reject()
    shell.unlocked_view.import_button.click()
    shell.bundles.import_dialog.choose_button.click()
    opened.append(choose_file(shell.bundles.import_dialog, tmp_path))
    shell.bundles.import_dialog.reject()
    for dialog in opened:
        assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    # Destroying a QFileDialog is when Qt writes its history to the "QtProject" settings.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for settings in (QSettings(QSettings.Scope.UserScope, "QtProject"), QSettings()):
        assert settings.fileName().startswith(NOWHERE)
        assert not Path(settings.fileName()).exists()
    assert QSettings().allKeys() == []

"""The history dialog shows each revision's evidence trail: the seal checked again, who sealed
it (by the fingerprint people compare) and which bundle brought it; and says when a seal no
longer verifies."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from crypto.kdf import MINIMUM
from intake.vault import create_vault
from intake.vault_settings import Role
from tests.qt_support import make_shell, submit_passphrase
from tests.support import PASSPHRASE, case_doc
from ui.editor.history_dialog import HistoryDialog
from ui.language import LanguageSwitcher


def _cells(dialog: HistoryDialog) -> list[str]:
    table = dialog.revisions
    return [
        item.text()
        for r in range(table.rowCount())
        for c in range(table.columnCount())
        if (item := table.item(r, c))
    ]


def test_history_shows_the_seal_check_the_sender_and_the_bundle(
    qtbot: QtBot, tmp_path: Path, language: LanguageSwitcher
) -> None:
    with (
        create_vault(tmp_path / "v", PASSPHRASE, Role.FIELD, params=MINIMUM) as volunteer,
        create_vault(tmp_path / "c", PASSPHRASE, Role.COORDINATOR, params=MINIMUM) as coordinator,
    ):
        contact, _new = volunteer.contacts.add(coordinator.public_keys())
        volunteer.approve_key(contact.fingerprint)
        theirs, _new = coordinator.contacts.add(volunteer.public_keys(), label="Волонтёр Север")
        coordinator.approve_key(theirs.fingerprint)
        record = volunteer.store.create_case(case_doc("Дело с печатью", "рассказ"))
        volunteer.store.seal(record.case_id)
        recipient = coordinator.public_keys().age_recipient
        assert recipient is not None
        bundle = volunteer.export_bundle(tmp_path / "b.bundle", [recipient])
        with bundle.path.open("rb") as source:
            coordinator.import_bundle(source)

    shell = make_shell(qtbot, tmp_path / "c", language)
    with qtbot.waitSignal(shell.session.unlocked, timeout=30_000):
        submit_passphrase(shell, PASSPHRASE)
    shell.open_case(record.case_id)
    shell.editor.show_history()
    dialog = shell.editor._history
    assert isinstance(dialog, HistoryDialog)
    cells = _cells(dialog)
    assert "valid" in cells
    assert f"Волонтёр Север ({theirs.fingerprint})" in cells
    assert any(cell.startswith(f"bundle {bundle.bundle_id[:8]}") for cell in cells)
    assert "hash chain is intact" in dialog.audit_state.text()
    with qtbot.waitSignal(shell.session.locked):
        shell.lock_now()

"""Connects the keys dialog to the unlocked vault: its own public key, importing, approving and
revoking others' keys. Most are short single-transaction calls made on the GUI thread, never
while a background task owns the connection (`open` refuses then); approving runs as a session
task, since it merges whatever the sender had waiting in quarantine.

Signals:
- cases_changed(): an approval released bundles from quarantine (the case list should re-read)
- lock_requested(): Ctrl+L in the dialog
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from intake.errors import IntakeError
from intake.public_key_file import MAX_FILE_BYTES, PublicKeys, parse_public_keys
from intake.vault import Vault
from ui.file_dialogs import read_small_file, write_text_atomically
from ui.key_texts import role_text
from ui.keys_dialog import KeysDialog
from ui.vault_session import VaultSession


class KeysController(QObject):
    cases_changed = Signal()
    lock_requested = Signal()

    def __init__(self, window: QWidget, session: VaultSession) -> None:
        super().__init__(window)
        self._session = session
        self._candidate: PublicKeys | None = None
        self.dialog = KeysDialog(window)
        dialog = self.dialog
        dialog.export_key_requested.connect(self._export_key)
        dialog.key_file_chosen.connect(self._read_key_file)
        dialog.add_confirmed.connect(self._add_candidate)
        dialog.approve_requested.connect(self._approve)
        dialog.revoke_requested.connect(self._revoke)
        dialog.new_identity_requested.connect(self._new_identity)
        dialog.lock_requested.connect(self.lock_requested)
        dialog.finished.connect(self._forget_candidate)
        session.key_approved.connect(self._approved)
        session.key_approve_failed.connect(self.dialog.show_message)

    def open(self) -> None:
        vault = self._vault()
        if vault is None:
            return
        try:
            own = vault.public_keys()  # a coordinator's first call may create its age identity
            self.dialog.show_own(own.fingerprint, own.age_recipient)
            self.dialog.show_contacts(vault.contacts.all())
        except IntakeError as error:
            self.dialog.show_message(str(error))
        self.dialog.open()

    def close(self) -> None:
        """At lock: hides the dialog, which drops what it showed."""
        self.dialog.done(QDialog.DialogCode.Rejected)

    def _vault(self) -> Vault | None:
        if self._session.is_busy():
            return None  # a task owns the connection (the dialogs that start one are modal)
        return self._session.vault

    def _export_key(self, path: str) -> None:
        vault = self._vault()
        if vault is None:
            return
        try:
            text = vault.public_keys().render()
        except IntakeError as error:
            self.dialog.show_message(str(error))
            return
        problem = write_text_atomically(Path(path), text)
        self.dialog.show_message(
            problem
            or self.tr("Public key written to {path}. Hand it over together with the fingerprint.").format(
                path=path
            )
        )

    def _read_key_file(self, path: str) -> None:
        try:
            self._candidate = parse_public_keys(read_small_file(Path(path), MAX_FILE_BYTES))
        except OSError as error:
            self._candidate = None
            self.dialog.show_message(
                self.tr("The file cannot be read ({reason}).").format(reason=type(error).__name__)
            )
            return
        except IntakeError as error:
            self._candidate = None
            self.dialog.show_message(str(error))
            return
        self.dialog.show_message("")
        self.dialog.show_candidate(self._candidate.fingerprint, role_text(self._candidate.role))

    def _add_candidate(self, name: str) -> None:
        vault, keys = self._vault(), self._candidate
        if vault is None or keys is None:
            return
        try:
            contact, new = vault.contacts.add(keys, label=name.strip())
        except IntakeError as error:
            self.dialog.show_message(str(error))
            return
        self._forget_candidate()
        self._show_contacts(vault)
        self.dialog.select_contact(contact.fingerprint)
        self.dialog.show_message(
            self.tr("Key added, not yet approved. Approve it once the fingerprint has been compared.")
            if new
            else self.tr("This key was imported before; nothing changed.")
        )

    def _approve(self, fingerprint: str) -> None:
        if self._vault() is not None:
            self._session.approve_key(fingerprint)

    def _approved(self, released: object) -> None:
        # The task's result arrives once its thread has stopped, so the connection is free even
        # though the session still counts the task as running until it has tidied up.
        vault = self._session.vault
        if vault is None or not self.dialog.isVisible():
            return  # locked meanwhile: the dialog was closed and emptied
        self._show_contacts(vault)
        message = self.tr("Key approved.")
        if isinstance(released, int) and released:
            message += " " + self.tr("%n bundle(s) released from quarantine and merged.", "", released)
            self.cases_changed.emit()
        self.dialog.show_message(message)

    def _revoke(self, fingerprint: str) -> None:
        vault = self._vault()
        if vault is None:
            return
        try:
            vault.contacts.revoke(fingerprint)
        except IntakeError as error:
            self.dialog.show_message(str(error))
            return
        self._show_contacts(vault)
        self.dialog.show_message(self.tr("Key revoked."))

    def _new_identity(self, kind: str) -> None:
        vault = self._vault()
        if vault is None:
            return
        try:
            vault.new_age_identity(kind)
            own = vault.public_keys()
        except IntakeError as error:
            self.dialog.show_message(str(error))
            return
        self.dialog.show_own(own.fingerprint, own.age_recipient)
        self.dialog.show_message(
            self.tr(
                "New receiving key made. Export your public key again and give it to the volunteers "
                "with the new fingerprint; until they import it, their bundles use your earlier key, "
                "which keeps working."
            )
        )

    def _show_contacts(self, vault: Vault) -> None:
        try:
            self.dialog.show_contacts(vault.contacts.all())
        except IntakeError as error:
            self.dialog.show_message(str(error))

    def _forget_candidate(self) -> None:
        self._candidate = None
        self.dialog.hide_candidate()

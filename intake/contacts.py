"""Other devices' public keys: import, approve after comparing fingerprints, revoke.

A volunteer imports a coordinator's key file and approves it once the fingerprint has been read
over a safe channel; only approved coordinators can be chosen as bundle recipients. A coordinator
approves a volunteer's signing key the same way (or from the quarantine of a bundle that key
signed). Every change is audited, in the same transaction as the change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crypto.signing import PublicIdentity
from intake.audit_log import AuditLog
from intake.clock import iso_utc
from intake.database import Connection
from intake.errors import BadInputError, NotFoundError
from intake.i18n import _
from intake.public_key_file import PublicKeys
from intake.transactions import transaction
from intake.vault_settings import Role

PENDING, APPROVED, REVOKED = "pending", "approved", "revoked"
MAX_LABEL_CHARS = 80

_COLUMNS = "fingerprint, role, signing_key, age_recipient, label, status, added_at, decided_at"


@dataclass(frozen=True)
class Contact:
    fingerprint: str
    role: Role | None
    signing_key: PublicIdentity | None
    age_recipient: str | None
    label: str
    status: str
    added_at: str
    decided_at: str | None

    @property
    def signer(self) -> str | None:
        return None if self.signing_key is None else self.signing_key.fingerprint

    @property
    def can_receive(self) -> bool:
        """Whether bundles may be encrypted to it."""
        return self.status == APPROVED and self.age_recipient is not None


def _contact(row: tuple[Any, ...]) -> Contact:
    fingerprint, role, signing_key, recipient, label, status, added_at, decided_at = row
    return Contact(
        str(fingerprint),
        None if role is None else Role(str(role)),
        None if signing_key is None else PublicIdentity(bytes(signing_key)),
        None if recipient is None else str(recipient),
        str(label),
        str(status),
        str(added_at),
        None if decided_at is None else str(decided_at),
    )


class Contacts:
    def __init__(
        self, conn: Connection, audit: AuditLog, *, actor: str, own_signer: str, clock: Callable[[], datetime]
    ) -> None:
        self._conn = conn
        self._audit = audit
        self._actor = actor
        self._own_signer = own_signer
        self._clock = clock

    def all(self) -> list[Contact]:
        rows = self._conn.execute(f"SELECT {_COLUMNS} FROM contact ORDER BY added_at, id").fetchall()  # noqa: S608
        return [_contact(row) for row in rows]

    def get(self, fingerprint: str) -> Contact:
        contact = self._find(normalize_fingerprint(fingerprint))
        if contact is None:
            raise NotFoundError(_("No key with that fingerprint has been imported."))
        return contact

    def _find(self, fingerprint: str) -> Contact | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM contact WHERE fingerprint = ?",  # noqa: S608 - constant columns
            (fingerprint,),
        ).fetchone()
        return None if row is None else _contact(row)

    def by_signer(self, signer: str) -> Contact | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM contact WHERE signer = ?",  # noqa: S608 - constant columns
            (signer,),
        ).fetchone()
        return None if row is None else _contact(row)

    def add(self, keys: PublicKeys, *, label: str = "") -> tuple[Contact, bool]:
        """Records imported keys as pending; returns the contact and whether anything changed.
        The same keys imported again change nothing (a re-import does not reset an approval); new
        keys for a known signing key replace the old ones and wait for a new approval."""
        label = _checked_label(label)
        signer = None if keys.signing_key is None else keys.signing_key.fingerprint
        if signer == self._own_signer:
            raise BadInputError(_("This is this vault's own key; it cannot be imported as a contact."))
        with transaction(self._conn):
            existing = self._find(keys.fingerprint)
            if existing is not None:
                return existing, False
            previous = None if signer is None else self.by_signer(signer)
            if previous is not None:
                return self._replace_in_transaction(previous, keys), True
            self._conn.execute(
                "INSERT INTO contact (fingerprint, role, signing_key, signer, age_recipient, label, status, "
                "added_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)",
                (
                    keys.fingerprint,
                    None if keys.role is None else keys.role.value,
                    None if keys.signing_key is None else keys.signing_key.public_bytes,
                    signer,
                    keys.age_recipient,
                    label,
                    iso_utc(self._clock()),
                ),
            )
            self._audit.append(
                "key.import",
                "key",
                keys.fingerprint,
                {"role": None if keys.role is None else keys.role.value, "signer": signer},
                actor=self._actor,
            )
            return self.get(keys.fingerprint), True

    def _replace_in_transaction(self, previous: Contact, keys: PublicKeys) -> Contact:
        """A new key file for a known signing key: a coordinator's new age identity, or the full
        file of a device first met through a bundle. It replaces the old keys and needs a fresh
        approval, after comparing the new fingerprint: an approval never carries over to an age
        recipient nobody compared. A revoked key stays revoked."""
        if previous.status == REVOKED:
            raise BadInputError(_("A revoked key stays revoked; import the device's new key instead."))
        self._conn.execute(
            "UPDATE contact SET fingerprint = ?, role = ?, age_recipient = ?, status = 'pending', "
            "decided_at = NULL WHERE fingerprint = ?",
            (
                keys.fingerprint,
                None if keys.role is None else keys.role.value,
                keys.age_recipient,
                previous.fingerprint,
            ),
        )
        self._audit.append(
            "key.replace", "key", keys.fingerprint, {"previous": previous.fingerprint}, actor=self._actor
        )
        return self.get(keys.fingerprint)

    def add_sender_in_transaction(self, role: str, signing_key: PublicIdentity) -> Contact:
        """First contact through a bundle: the sender's key, pending until the user compares its
        fingerprint and approves it. Runs inside the importer's transaction."""
        keys = PublicKeys(Role(role), signing_key, None)
        self._conn.execute(
            "INSERT INTO contact (fingerprint, role, signing_key, signer, label, status, added_at) "
            "VALUES (?, ?, ?, ?, '', 'pending', ?)",
            (
                keys.fingerprint,
                role,
                signing_key.public_bytes,
                signing_key.fingerprint,
                iso_utc(self._clock()),
            ),
        )
        self._audit.append(
            "key.first_contact",
            "key",
            keys.fingerprint,
            {"role": role, "signer": signing_key.fingerprint},
            actor=self._actor,
        )
        return self.get(keys.fingerprint)

    def approve(self, fingerprint: str) -> Contact:
        return self._decide(fingerprint, APPROVED, "key.approve")

    def revoke(self, fingerprint: str) -> Contact:
        return self._decide(fingerprint, REVOKED, "key.revoke")

    def _decide(self, fingerprint: str, status: str, action: str) -> Contact:
        contact = self.get(fingerprint)
        if contact.status == status:
            return contact
        if contact.status == REVOKED:
            raise BadInputError(_("A revoked key stays revoked; import the device's new key instead."))
        with transaction(self._conn):
            self._conn.execute(
                "UPDATE contact SET status = ?, decided_at = ? WHERE fingerprint = ?",
                (status, iso_utc(self._clock()), contact.fingerprint),
            )
            self._audit.append(action, "key", contact.fingerprint, {}, actor=self._actor)
        return self.get(contact.fingerprint)


def normalize_fingerprint(text: str) -> str:
    """What a person types, as stored: upper case, groups of four joined by '-'. Spaces, missing
    dashes and lower case are forgiven; anything else will simply not be found."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def _checked_label(label: str) -> str:
    label = " ".join(label.split())
    if len(label) > MAX_LABEL_CHARS:
        raise BadInputError(
            _("A contact's name can be at most {limit} characters.").format(limit=MAX_LABEL_CHARS)
        )
    return label

"""A coordinator's own age identities: where they are created, kept and read back.

Bundles are encrypted to the current one (its recipient is in the public-key file); every older
one is kept so that bundles sent to it still open. The secrets never leave the encrypted database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from crypto.age import HybridIdentity, Identity, X25519Identity
from crypto.secret_memory import zero
from crypto.signing import PublicIdentity
from intake.audit_log import AuditLog
from intake.clock import iso_utc
from intake.database import Connection
from intake.public_key_file import PublicKeys
from intake.transactions import transaction
from intake.vault_settings import Role

HYBRID = "mlkem768x25519"
CLASSIC = "X25519"
_KINDS: dict[str, type[HybridIdentity] | type[X25519Identity]] = {
    HYBRID: HybridIdentity,
    CLASSIC: X25519Identity,
}


def current_recipient(conn: Connection) -> str | None:
    row = conn.execute("SELECT recipient FROM own_age_identity WHERE retired_at IS NULL").fetchone()
    return None if row is None else str(row[0])


def create_age_identity(
    conn: Connection, audit: AuditLog, *, kind: str, actor: str, clock: Callable[[], datetime]
) -> str:
    """Makes a new current identity (the previous one is retired, not deleted); returns its
    recipient string. `kind` is "mlkem768x25519" (the default everywhere) or "X25519" (for
    exchanging files with the `age` tool)."""
    identity = _KINDS[kind].generate()
    secret = identity.secret_bytes()
    recipient = identity.recipient().to_string()
    now = iso_utc(clock())
    try:
        with transaction(conn):
            conn.execute("UPDATE own_age_identity SET retired_at = ? WHERE retired_at IS NULL", (now,))
            conn.execute(
                "INSERT INTO own_age_identity (kind, secret, recipient, created_at) VALUES (?, ?, ?, ?)",
                (kind, bytes(secret), recipient, now),
            )
            audit.append("key.age_identity_create", "key", recipient, {"kind": kind}, actor=actor)
    finally:
        zero(secret)
    return recipient


def load_age_identities(conn: Connection) -> list[Identity]:
    """Every identity this vault ever had, current first: each is tried on an incoming bundle."""
    rows = conn.execute(
        "SELECT kind, secret FROM own_age_identity ORDER BY retired_at IS NOT NULL, id DESC"
    ).fetchall()
    identities: list[Identity] = []
    for kind, secret in rows:
        buffer = bytearray(secret)
        try:
            identities.append(_KINDS[kind].from_secret_bytes(buffer))
        finally:
            zero(buffer)
    return identities


def own_public_keys(
    conn: Connection,
    audit: AuditLog,
    *,
    role: Role,
    signing_key: PublicIdentity,
    clock: Callable[[], datetime],
) -> PublicKeys:
    """This vault's public-key file content. A coordinator that has no age identity yet (a vault
    made before schema 4) gets its post-quantum one here, the first time it is asked for."""
    recipient = None
    if role is Role.COORDINATOR:
        recipient = current_recipient(conn) or create_age_identity(
            conn, audit, kind=HYBRID, actor=signing_key.fingerprint, clock=clock
        )
    return PublicKeys(role, signing_key, recipient)

"""The vault's own signing identity: created with the vault, kept only inside the database.

Its fingerprint is the `author` of every revision this device writes; sealing signs with it.
"""

from __future__ import annotations

from datetime import datetime

from crypto.secret_memory import zero
from crypto.signing import PublicIdentity, SigningIdentity
from intake.database import Connection

SEAL_CONTEXT = b"intake/case-seal/v1"


def create_identity(conn: Connection, now: datetime) -> SigningIdentity:
    identity = SigningIdentity.generate()
    private = identity.private_bytes()
    try:
        conn.execute(
            "INSERT INTO device_identity(id, fingerprint, public_key, private_key, created_at) "
            "VALUES (1, ?, ?, ?, ?)",
            (
                identity.public().fingerprint,
                identity.public().public_bytes,
                bytes(private),
                now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            ),
        )
    finally:
        zero(private)
    return identity


def load_identity(conn: Connection) -> SigningIdentity:
    row = conn.execute("SELECT private_key FROM device_identity WHERE id = 1").fetchone()
    if row is None:
        raise LookupError("vault has no device identity")
    private = bytearray(row[0])
    try:
        return SigningIdentity(private)
    finally:
        zero(private)


def load_public_identity(conn: Connection) -> PublicIdentity:
    row = conn.execute("SELECT public_key FROM device_identity WHERE id = 1").fetchone()
    if row is None:
        raise LookupError("vault has no device identity")
    return PublicIdentity(bytes(row[0]))

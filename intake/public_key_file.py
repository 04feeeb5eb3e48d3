"""The public-key file one device hands to another (docs/formats/public-key.md), and its short
fingerprint for reading aloud.

Parsing is all-or-nothing: a file that does not match the format exactly is refused whole, so a
half-understood key can never be imported. The age recipient is checked by crypto.age's parser.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from crypto.age import KeyFormatError, parse_recipient
from crypto.signing import PUBLIC_KEY_BYTES, PublicIdentity
from intake.errors import BadInputError
from intake.i18n import _
from intake.vault_settings import Role

FORMAT_LINE = "intake-public-key: 1"
MAX_FILE_BYTES = 16 * 1024
_FINGERPRINT_DOMAIN = b"intake key fingerprint v1\x00"


@dataclass(frozen=True)
class PublicKeys:
    """What a public-key file holds. `role` and `signing_key` are None for a plain age recipient
    (a coordinator that can be encrypted to but sends nothing verifiable)."""

    role: Role | None
    signing_key: PublicIdentity | None
    age_recipient: str | None

    def canonical_lines(self) -> str:
        lines = []
        if self.role is not None and self.signing_key is not None:
            lines.append(f"role: {self.role.value}")
            lines.append("signing-key: " + base64.b64encode(self.signing_key.public_bytes).decode("ascii"))
        if self.age_recipient is not None:
            lines.append(f"age-recipient: {self.age_recipient}")
        return "".join(line + "\n" for line in lines)

    @property
    def fingerprint(self) -> str:
        """Six groups of four base32 characters (120 bits), for comparing over a safe channel."""
        digest = hashlib.sha256(_FINGERPRINT_DOMAIN + self.canonical_lines().encode("ascii")).digest()
        text = base64.b32encode(digest[:15]).decode("ascii")
        return "-".join(text[i : i + 4] for i in range(0, len(text), 4))

    def render(self) -> str:
        if self.signing_key is None:
            raise ValueError("a plain age recipient is not written as an Intake key file")
        return FORMAT_LINE + "\n" + self.canonical_lines()


def signing_key_fingerprint(role: str, signing_key: PublicIdentity) -> str:
    """The fingerprint of a device known only by its signing key (a bundle's sender): the same
    one its own key file shows when that file has no age recipient (a volunteer's)."""
    return PublicKeys(Role(role), signing_key, None).fingerprint


def _refuse(detail: str) -> BadInputError:
    return BadInputError(_("This is not a valid Intake public-key file: {detail}").format(detail=detail))


def _checked_recipient(text: str) -> str:
    try:
        return parse_recipient(text).to_string()
    except KeyFormatError:
        raise _refuse(_("the age recipient is not valid.")) from None


def parse_public_keys(data: bytes) -> PublicKeys:
    """An Intake public-key file, or a plain age recipient (with optional # comments)."""
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(_("the file is larger than a key file can be."))
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise _refuse(_("it contains characters a key file never has.")) from None
    if not text.startswith(FORMAT_LINE + "\n"):
        return _plain_recipient(text)
    lines = text.split("\n")
    if lines[-1] != "":
        raise _refuse(_("the last line is incomplete."))
    fields = [line.split(": ", 1) for line in lines[1:-1]]
    if any(len(pair) != 2 for pair in fields):
        raise _refuse(_("a line is not of the form 'name: value'."))
    names = [pair[0] for pair in fields]
    values = dict(pair for pair in fields if len(pair) == 2)
    role_text = values.get("role")
    expected = {
        Role.FIELD.value: ["role", "signing-key"],
        Role.COORDINATOR.value: ["role", "signing-key", "age-recipient"],
    }.get(role_text or "")
    if expected is None:
        raise _refuse(_("the role must be 'field' or 'coordinator'."))
    if names != expected:
        raise _refuse(_("the lines are not the ones this role's file has, in order."))
    try:
        signing_bytes = base64.b64decode(values["signing-key"], validate=True)
    except binascii.Error:
        raise _refuse(_("the signing key is not valid base64.")) from None
    if len(signing_bytes) != PUBLIC_KEY_BYTES:
        raise _refuse(_("the signing key has the wrong length."))
    keys = PublicKeys(
        Role(values["role"]),
        PublicIdentity(signing_bytes),
        _checked_recipient(values["age-recipient"]) if "age-recipient" in values else None,
    )
    if keys.render() != text:
        raise _refuse(_("it is not written in the one canonical form."))
    return keys


def _plain_recipient(text: str) -> PublicKeys:
    lines = [line.strip() for line in text.splitlines()]
    recipients = [line for line in lines if line and not line.startswith("#")]
    if len(recipients) != 1:
        raise _refuse(_("expected one Intake key or exactly one age recipient."))
    return PublicKeys(None, None, _checked_recipient(recipients[0]))

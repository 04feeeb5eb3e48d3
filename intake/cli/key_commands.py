"""CLI commands about keys: show, export, import, approve, revoke, and a new age identity."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crypto.atomic_file import write_atomic
from intake.cli.session import print_json, unlocked
from intake.contacts import Contact
from intake.errors import BadInputError, StorageError
from intake.i18n import _, ngettext
from intake.own_age_identity import CLASSIC, HYBRID
from intake.public_key_file import MAX_FILE_BYTES, parse_public_keys
from intake.vault_settings import Role

CommonOptions = Callable[..., None]


def add_subcommands(keys: argparse.ArgumentParser, common: CommonOptions, parser_class: type) -> None:
    sub: Any = keys.add_subparsers(dest="keys_command", metavar=_("COMMAND"), parser_class=parser_class)
    sub.required = True

    show = sub.add_parser("show", help=_("show this vault's key fingerprint and the keys it knows"))
    common(show, json_output=True)
    show.set_defaults(handler=show_keys)

    export = sub.add_parser("export", help=_("write this vault's public keys to a file for the other side"))
    common(export)
    export.add_argument("file", help=_("where to write the public-key file"))
    export.set_defaults(handler=export_keys)

    imported = sub.add_parser(
        "import", help=_("import another device's public-key file (or a plain age recipient)")
    )
    common(imported, json_output=True)
    imported.add_argument("file", help=_("the public-key file"))
    imported.add_argument("--name", default="", help=_("a name for this contact, only kept in this vault"))
    imported.set_defaults(handler=import_keys)

    approve = sub.add_parser(
        "approve", help=_("trust an imported key, after comparing its fingerprint over a safe channel")
    )
    common(approve)
    approve.add_argument("fingerprint", help=_("the fingerprint, as shown by 'keys show'"))
    approve.set_defaults(handler=approve_key)

    revoke = sub.add_parser("revoke", help=_("stop trusting a key"))
    common(revoke)
    revoke.add_argument("fingerprint", help=_("the fingerprint, as shown by 'keys show'"))
    revoke.set_defaults(handler=revoke_key)

    gap = sub.add_parser(
        "accept-gap",
        help=_(
            "stop waiting for a sender's missing bundles (lost, seized) and merge the ones held behind them"
        ),
    )
    common(gap)
    gap.add_argument("fingerprint", help=_("the fingerprint, as shown by 'keys show'"))
    gap.set_defaults(handler=accept_gap)

    purge = sub.add_parser(
        "purge", help=_("delete what a revoked or never-approved sender has waiting in quarantine")
    )
    common(purge)
    purge.add_argument("fingerprint", help=_("the fingerprint, as shown by 'keys show'"))
    purge.set_defaults(handler=purge_sender)

    new_identity = sub.add_parser(
        "new-age-identity", help=_("coordinator: make a new age identity (older ones keep working)")
    )
    common(new_identity)
    new_identity.add_argument(
        "--x25519",
        action="store_true",
        help=_("a classic X25519 identity, for exchanging files with the age tool (not post-quantum)"),
    )
    new_identity.set_defaults(handler=new_age_identity)


def _role_text(role: Role | None) -> str:
    if role is None:
        return _("age recipient only")
    return _("field volunteer") if role is Role.FIELD else _("coordinator")


def _status_text(status: str) -> str:
    return {"pending": _("not yet approved"), "approved": _("approved"), "revoked": _("revoked")}[status]


def _contact_json(contact: Contact) -> dict[str, Any]:
    return {
        "fingerprint": contact.fingerprint,
        "role": None if contact.role is None else contact.role.value,
        "signer": contact.signer,
        "age_recipient": contact.age_recipient,
        "name": contact.label,
        "status": contact.status,
        "added_at": contact.added_at,
        "decided_at": contact.decided_at,
    }


def show_keys(args: argparse.Namespace) -> int:
    with unlocked(args) as vault:
        own = vault.public_keys()
        contacts = vault.contacts.all()
    if args.json:
        print_json(
            {
                "fingerprint": own.fingerprint,
                "role": vault.role.value,
                "age_recipient": own.age_recipient,
                "contacts": [_contact_json(c) for c in contacts],
            }
        )
        return 0
    print(_("This vault's key fingerprint: {fingerprint}").format(fingerprint=own.fingerprint))
    if own.age_recipient is not None:
        print(_("Bundles for this vault are encrypted to: {recipient}").format(recipient=own.age_recipient))
    if not contacts:
        print(_("No other keys have been imported."))
    for contact in contacts:
        name = f" {contact.label}" if contact.label else ""
        print(f"{contact.fingerprint}  {_role_text(contact.role)}  {_status_text(contact.status)}{name}")
    return 0


def export_keys(args: argparse.Namespace) -> int:
    with unlocked(args) as vault:
        keys = vault.public_keys()
    try:
        write_atomic(Path(args.file).expanduser(), keys.render().encode("ascii"), mode=0o644)
    except OSError as exc:
        raise StorageError(
            _("The public-key file could not be written ({reason}).").format(reason=type(exc).__name__)
        ) from None
    print(_("Public keys written to {path}.").format(path=args.file))
    print(_("Fingerprint to read to the other side: {fingerprint}").format(fingerprint=keys.fingerprint))
    return 0


def read_key_file(path: str) -> bytes:
    try:
        with Path(path).expanduser().open("rb") as source:
            data = source.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise BadInputError(
            _("The public-key file cannot be read ({reason}).").format(reason=type(exc).__name__)
        ) from None
    return data


def import_keys(args: argparse.Namespace) -> int:
    keys = parse_public_keys(read_key_file(args.file))  # before unlocking: bad input costs nothing
    with unlocked(args) as vault:
        contact, new = vault.contacts.add(keys, label=args.name)
    if args.json:
        print_json({**_contact_json(contact), "new": new})
        return 0
    if new:
        print(_("Imported: {role}.").format(role=_role_text(contact.role)))
    else:
        print(_("This key was imported before ({status}).").format(status=_status_text(contact.status)))
    print(_("Fingerprint: {fingerprint}").format(fingerprint=contact.fingerprint))
    if contact.status == "pending":
        print(
            _(
                "Compare it with the other side over a safe channel (in person, or a call you trust), "
                "then run: intake keys approve {fingerprint}"
            ).format(fingerprint=contact.fingerprint)
        )
    return 0


def approve_key(args: argparse.Namespace) -> int:
    with unlocked(args) as vault:
        contact, released = vault.approve_key(args.fingerprint)
    print(_("Approved: {fingerprint}").format(fingerprint=contact.fingerprint))
    if released:
        print(
            ngettext(
                "{count} bundle from this sender waited in quarantine and is merged now.",
                "{count} bundles from this sender waited in quarantine and are merged now.",
                len(released),
            ).format(count=len(released))
        )
    return 0


def revoke_key(args: argparse.Namespace) -> int:
    with unlocked(args) as vault:
        contact = vault.contacts.revoke(args.fingerprint)
    print(_("Revoked: {fingerprint}").format(fingerprint=contact.fingerprint))
    return 0


def new_age_identity(args: argparse.Namespace) -> int:
    with unlocked(args) as vault:
        recipient = vault.new_age_identity(CLASSIC if args.x25519 else HYBRID)
        fingerprint = vault.public_keys().fingerprint
    print(
        _("New age identity; bundles for this vault are now encrypted to: {recipient}").format(
            recipient=recipient
        )
    )
    print(
        _(
            "Export the public keys again and give them to the volunteers (new fingerprint: {fingerprint})."
        ).format(fingerprint=fingerprint)
    )
    return 0


def accept_gap(args: argparse.Namespace) -> int:
    with unlocked(args) as vault:
        released = vault.accept_gaps(args.fingerprint)
    print(
        ngettext(
            "{count} bundle held behind the gap is merged now.",
            "{count} bundles held behind the gap are merged now.",
            len(released),
        ).format(count=len(released))
    )
    return 0


def purge_sender(args: argparse.Namespace) -> int:
    with unlocked(args) as vault:
        deleted = vault.purge_quarantine(args.fingerprint)
    print(
        ngettext(
            "{count} quarantined revision deleted.", "{count} quarantined revisions deleted.", deleted
        ).format(count=deleted)
    )
    return 0

"""CLI commands for attachments: add a file to a case, list a case's files, save a decrypted copy."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from intake.attachments import Attachment, delete_original, file_identity
from intake.cli.session import print_json, unlocked
from intake.i18n import _
from intake.metadata_labels import describe_removed

Common = Callable[..., None]


def add_commands(commands: Any, common: Common) -> None:
    attach = commands.add_parser("attach", help=_("add a file (photo, recording, document) to a case"))
    common(attach, json_output=True)
    attach.add_argument("case_id", metavar=_("CASE"), help=_("the case's id"))
    attach.add_argument("file", metavar=_("FILE"), help=_("the file to add"))
    attach.add_argument("--link", metavar=_("ID"), help=_("the id of a person or source in the case"))
    attach.add_argument(
        "--delete-original",
        action="store_true",
        help=_("overwrite and delete the file once it is safely in the vault (not guaranteed on SSDs)"),
    )
    attach.set_defaults(handler=attach_file)

    listed = commands.add_parser("attachments", help=_("list the files added to a case"))
    common(listed, json_output=True)
    listed.add_argument("case_id", metavar=_("CASE"), help=_("the case's id"))
    listed.set_defaults(handler=list_attachments)

    extract = commands.add_parser(
        "extract", help=_("save a decrypted copy of an attachment (the copy is NOT encrypted)")
    )
    common(extract)
    extract.add_argument("attachment_id", metavar=_("ATTACHMENT"), help=_("the attachment's id"))
    extract.add_argument("--to", required=True, metavar=_("FILE"), help=_("where to write the copy"))
    extract.add_argument(
        "--original",
        action="store_true",
        help=_("the untouched original, with its metadata (GPS, camera, time) where it had any"),
    )
    extract.set_defaults(handler=extract_copy)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty() and total:
        print(f"\r{done * 100 // total:3d} %", end="", file=sys.stderr, flush=True)


def attach_file(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    with unlocked(args) as vault:
        # Just before reading: --delete-original must delete the file read, not one put in its place.
        identity = file_identity(path) if args.delete_original else None
        added = vault.attachments.add_file(args.case_id, path, linked_to=args.link, progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    # What was added is said first: if deleting the original is refused, the attachment is in the
    # vault all the same, and its id must not be lost.
    if args.json:
        print_json(_as_json(added))
    else:
        _say_added(added)
    if args.delete_original:
        delete_original(path, expected=identity)
        if not args.json:
            print(
                _(
                    "The original file was overwritten and deleted. On SSDs and some file systems old "
                    "copies of its blocks may survive on the disk; only full-disk encryption covers them."
                )
            )
    return 0


def _say_added(added: Attachment) -> None:
    print(added.id)
    if added.removed:
        print(
            _("The working copy leaves out: {removed}. The original is kept in the vault.").format(
                removed=_described(added)
            )
        )
    elif added.metadata_not_removed:
        print(
            _(
                "The image is damaged, so Intake could not remove its metadata: the copy shown is the "
                "original, with whatever it holds (it may include where and when it was taken). It goes "
                "in a bundle only with --include-originals."
            )
        )
    elif added.kind == "image" and not added.metadata_removable:
        print(
            _(
                "Intake cannot remove metadata from this image format: the copy shown is the original. "
                "It goes in a bundle only with --include-originals."
            )
        )


def list_attachments(args: argparse.Namespace) -> int:
    with unlocked(args) as vault:
        vault.store.get(args.case_id)  # a clear "no such case" rather than an empty list
        found = vault.attachments.list(args.case_id)
    if args.json:
        print_json({"case_id": args.case_id, "attachments": [_as_json(a) for a in found]})
        return 0
    if not found:
        print(_("No attachments."))
    for attachment in found:
        note = ""
        if attachment.removed:
            note = _(" (working copy without {removed})").format(removed=_described(attachment))
        elif attachment.metadata_not_removed:
            note = _(" (damaged image: metadata could not be removed)")
        print(
            f"{attachment.id}  {attachment.kind:<5}  {attachment.size:>12,}  {attachment.added_at}  "
            f"{attachment.file_name}{note}"
        )
    return 0


def _described(attachment: Attachment) -> str:
    return ", ".join(describe_removed(token) for token in attachment.removed)


def extract_copy(args: argparse.Namespace) -> int:
    destination = Path(args.to).expanduser()
    with unlocked(args) as vault:
        vault.attachments.extract(args.attachment_id, destination, original=args.original, progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        _(
            "Wrote a decrypted copy to {path}. It is NOT encrypted: delete it when you no longer need it."
        ).format(path=destination)
    )
    return 0


def _as_json(attachment: Attachment) -> dict[str, Any]:
    return {**asdict(attachment), "removed": list(attachment.removed)}

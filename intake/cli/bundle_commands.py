"""CLI commands that move cases between vaults: export and import."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from intake.bundle_export import sealed_revisions
from intake.bundle_format import MAX_ENTRIES, BundleError
from intake.bundle_import import ImportReport
from intake.cli.key_commands import read_key_file
from intake.cli.session import print_json, unlocked
from intake.errors import BadInputError
from intake.i18n import _, ngettext
from intake.provenance import AttachmentTrail
from intake.public_key_file import parse_public_keys
from intake.vault import Vault


def export(args: argparse.Namespace) -> int:
    # Key files are read and checked before the vault is unlocked: bad input costs nothing.
    given = [parse_public_keys(read_key_file(path)) for path in args.recipient]
    with unlocked(args) as vault:
        recipients = _recipients(vault, given)
        revisions = (
            sealed_revisions(vault.connection, vault.fingerprint, include_sent=True)[:MAX_ENTRIES]
            if args.all
            else None
        )
        result = vault.export_bundle(
            Path(args.to).expanduser(),
            recipients,
            revisions=revisions,
            include_originals=args.include_originals,
            resend_attachments=args.all,
        )
    print(
        ngettext(
            "Wrote {count} sealed revision to {path}.",
            "Wrote {count} sealed revisions to {path}.",
            result.revisions,
        ).format(count=result.revisions, path=result.path)
    )
    if result.attachments:
        print(
            ngettext(
                "It carries {count} attachment ({originals} with the original).",
                "It carries {count} attachments ({originals} with the original).",
                result.attachments,
            ).format(count=result.attachments, originals=result.originals)
        )
    return 0


def _recipients(vault: Vault, given: list[Any]) -> list[str]:
    """The age recipients: those of the given key files, each of which must be an approved
    contact; or, with none given, every approved coordinator."""
    contacts = vault.contacts.all()
    if not given:
        chosen = [c.age_recipient for c in contacts if c.can_receive and c.age_recipient is not None]
        if not chosen:
            raise BadInputError(
                _("No approved coordinator to send to: import a coordinator's key and approve it first.")
            )
        return chosen
    approved = {c.fingerprint for c in contacts if c.can_receive}
    recipients = []
    for keys in given:
        if keys.age_recipient is None:
            raise BadInputError(_("That key file is a volunteer's: bundles go to coordinators."))
        if keys.fingerprint not in approved:
            raise BadInputError(
                _("The key {fingerprint} is not an approved coordinator of this vault.").format(
                    fingerprint=keys.fingerprint
                )
            )
        recipients.append(keys.age_recipient)
    return recipients


def _report_json(path: str, report: ImportReport) -> dict[str, Any]:
    return {
        "file": path,
        **asdict(report),
        "counts": report.counts(),
        "attachment_counts": report.attachment_counts(),
    }


def _print_report(path: str, report: ImportReport) -> None:
    print(
        _("{path}: from {fingerprint} ({status})").format(
            path=path, fingerprint=report.sender_fingerprint, status=_sender_status(report.sender_status)
        )
    )
    if report.outcome == "already_imported":
        print("  " + _("Already imported before; nothing changed."))
        return
    if report.outcome == "quarantined":
        print("  " + _("Held in quarantine: {reason}").format(reason=_reason(report.reason)))
    counts = report.counts()
    print(
        "  "
        + _(
            "new {new}, updated {updated}, unchanged {unchanged}, "
            "conflicting {conflicting}, quarantined {quarantined}"
        ).format(**counts)
    )
    for case in report.cases:
        if case.outcome in ("conflicting", "quarantined"):
            print(f"  {case.case_id} r{case.revision}: {_reason(case.reason)}")
    if report.attachments:
        print(
            "  "
            + _(
                "attachments: new {new}, original added {original_added}, unchanged {unchanged}, "
                "conflicting {conflicting}, quarantined {quarantined}"
            ).format(**report.attachment_counts())
        )
    for attachment in report.attachments:
        if attachment.outcome in ("conflicting", "quarantined"):
            print(
                "  "
                + _("attachment {id} of case {case_id}: {reason}").format(
                    id=attachment.attachment_id, case_id=attachment.case_id, reason=_reason(attachment.reason)
                )
            )
    if report.released:
        print(
            "  " + _("Earlier bundles released from quarantine: {count}").format(count=len(report.released))
        )


def _sender_status(status: str) -> str:
    return {
        "approved": _("approved"),
        "pending": _("not yet approved"),
        "revoked": _("revoked"),
        "unknown": _("first contact, not yet approved"),
    }[status]


def _reason(reason: str | None) -> str:
    return {
        "unknown_sender": _("the sender's key is not approved yet; compare its fingerprint, then approve it"),
        "revoked_sender": _("the sender's key was revoked"),
        "sequence_gap": _("an earlier bundle from this sender has not arrived yet"),
        "claimed_by_other_author": _("this case id belongs to another author"),
        "revision_differs": _("this revision is already held with different content"),
        "case_not_held": _("its case has not arrived (yet); it is added when the case comes"),
        "attachment_differs": _("an attachment with this id is already held with different content"),
        "no_longer_valid": _(
            "it no longer passes this vault's checks (the vocabulary changed since it arrived)"
        ),
    }.get(reason or "", reason or "")


def import_files(args: argparse.Namespace) -> int:
    failed = 0
    reports: list[dict[str, Any]] = []
    with unlocked(args) as vault:
        for path in args.files:
            try:
                with Path(path).expanduser().open("rb") as source:
                    report = vault.import_bundle(source)
            except OSError as exc:
                failed += 1
                _say_failed(
                    args, reports, path, _("cannot be read ({reason})").format(reason=type(exc).__name__)
                )
                continue
            except (BundleError, BadInputError) as exc:
                failed += 1
                _say_failed(args, reports, path, str(exc))
                continue
            if args.json:
                reports.append(_report_json(path, report))
            else:
                _print_report(path, report)
    if args.json:
        print_json(reports)
    return 2 if failed else 0


def _say_failed(args: argparse.Namespace, reports: list[dict[str, Any]], path: str, message: str) -> None:
    if args.json:
        reports.append({"file": path, "error": message})
    else:
        print(_("{path}: refused: {message}").format(path=path, message=message), file=sys.stderr)


def verify(args: argparse.Namespace) -> int:
    with unlocked(args) as vault:
        trail = vault.case_trail(args.case_id, check_attachments=True)
    if args.json:
        print_json({**asdict(trail), "ok": trail.ok})
        return 0 if trail.ok else 1
    print(_("Case {case_id}").format(case_id=trail.case_id))
    for rev in trail.revisions:
        who = (
            rev.author_name
            or rev.author_fingerprint
            or _("unknown key {author}").format(author=rev.author[:16])
        )
        if rev.author_fingerprint and rev.author_name:
            who = f"{rev.author_name} ({rev.author_fingerprint})"
        print(
            "  "
            + _("revision {revision}: {status}, by {who}").format(
                revision=rev.revision, status=_status(rev.status), who=who
            )
        )
        if rev.sealed_at:
            print("    " + _("sealed at {time}").format(time=rev.sealed_at))
        print(
            "    "
            + (_("content matches its hash") if rev.content_intact else _("CONTENT DOES NOT MATCH ITS HASH"))
        )
        if rev.signature_valid is True:
            print("    " + _("seal signature valid (Ed25519 and ML-DSA-65)"))
        elif rev.signature_valid is False:
            print("    " + _("SEAL SIGNATURE DOES NOT VERIFY"))
        if rev.bundle_id:
            print(
                "    "
                + _("arrived in bundle {bundle} on {time}").format(bundle=rev.bundle_id, time=rev.imported_at)
            )
    for attachment in trail.attachments:
        _print_attachment_trail(attachment)
    print(
        _("Audit log: {count} entries, hash chain intact.").format(count=trail.audit_entries)
        if trail.audit_intact
        else _("AUDIT LOG HASH CHAIN IS BROKEN.")
    )
    print(_("Everything checks out.") if trail.ok else _("SOMETHING DOES NOT CHECK OUT: see above."))
    return 0 if trail.ok else 1


def _print_attachment_trail(attachment: AttachmentTrail) -> None:
    who = attachment.author_name or attachment.author_fingerprint or attachment.author[:16]
    if attachment.author_fingerprint and attachment.author_name:
        who = f"{attachment.author_name} ({attachment.author_fingerprint})"
    print(
        "  "
        + _("attachment {id} “{name}”: added by {who} at {time}").format(
            id=attachment.attachment_id, name=attachment.file_name, who=who, time=attachment.added_at
        )
    )
    print("    " + _("original SHA-256 {digest}").format(digest=attachment.sha256))
    if not attachment.has_original:
        print("    " + _("only the copy without metadata is held here; the original stays with its sender"))
    for intact, good, bad in (
        (
            attachment.original_intact,
            _("the original matches its hash"),
            _("THE ORIGINAL DOES NOT MATCH ITS HASH"),
        ),
        (
            attachment.working_intact,
            _("the copy without metadata matches its hash"),
            _("THE COPY WITHOUT METADATA DOES NOT MATCH ITS HASH"),
        ),
    ):
        if intact is not None:
            print("    " + (good if intact else bad))
    if attachment.bundle_id:
        print(
            "    "
            + _("arrived in bundle {bundle} on {time}").format(
                bundle=attachment.bundle_id, time=attachment.imported_at
            )
        )


def _status(status: str) -> str:
    return _("sealed") if status == "sealed" else _("draft")

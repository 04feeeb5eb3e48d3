"""How keys, contacts and import reports are worded on screen: the same meanings as the CLI
(intake/cli/bundle_commands.py), translated through the Qt catalog."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from intake.bundle_import import ImportReport
from intake.vault_settings import Role
from ui.bundle_tasks import FileImport

HYBRID_RECIPIENT_PREFIX = "age1pq1"


def spaced_fingerprint(fingerprint: str) -> str:
    """Groups of four, spaced for reading aloud (the dashes are not spoken)."""
    return "  ".join(fingerprint.split("-"))


def role_text(role: Role | None) -> str:
    if role is Role.FIELD:
        return QCoreApplication.translate("KeyTexts", "volunteer")
    if role is Role.COORDINATOR:
        return QCoreApplication.translate("KeyTexts", "coordinator")
    return QCoreApplication.translate("KeyTexts", "age recipient only")


def status_text(status: str) -> str:
    return {
        "approved": QCoreApplication.translate("KeyTexts", "approved"),
        "pending": QCoreApplication.translate("KeyTexts", "not yet approved"),
        "revoked": QCoreApplication.translate("KeyTexts", "revoked"),
        "unknown": QCoreApplication.translate("KeyTexts", "first contact, not yet approved"),
    }.get(status, status)


def recipient_kind(recipient: str | None) -> str:
    if recipient is None:
        return ""
    if recipient.startswith(HYBRID_RECIPIENT_PREFIX):
        return QCoreApplication.translate("KeyTexts", "post-quantum (ML-KEM-768 with X25519)")
    return QCoreApplication.translate("KeyTexts", "classic (X25519, readable by the age tool)")


def reason_text(reason: str | None) -> str:
    return {
        "unknown_sender": QCoreApplication.translate(
            "KeyTexts",
            "the sender's key is not approved yet; compare its fingerprint, then approve it under Keys",
        ),
        "revoked_sender": QCoreApplication.translate("KeyTexts", "the sender's key was revoked"),
        "sequence_gap": QCoreApplication.translate(
            "KeyTexts", "an earlier bundle from this sender has not arrived yet"
        ),
        "claimed_by_other_author": QCoreApplication.translate(
            "KeyTexts", "this case id belongs to another author"
        ),
        "revision_differs": QCoreApplication.translate(
            "KeyTexts", "this revision is already held with different content"
        ),
        "case_not_held": QCoreApplication.translate(
            "KeyTexts", "its case has not arrived (yet); it is added when the case comes"
        ),
        "attachment_differs": QCoreApplication.translate(
            "KeyTexts", "an attachment with this id is already held with different content"
        ),
        "no_longer_valid": QCoreApplication.translate(
            "KeyTexts", "it no longer passes this vault's checks (the vocabulary changed since it arrived)"
        ),
    }.get(reason or "", reason or "")


def report_text(item: FileImport) -> str:
    """A few lines about one imported (or refused) file."""
    if item.report is None:
        return QCoreApplication.translate("KeyTexts", "{file}: refused. {message}").format(
            file=item.name, message=item.error or ""
        )
    return "\n".join([item.name + ":", *("  " + line for line in _report_lines(item.report))])


def _report_lines(report: ImportReport) -> list[str]:
    lines = [
        QCoreApplication.translate("KeyTexts", "From {fingerprint} ({status})").format(
            fingerprint=report.sender_fingerprint, status=status_text(report.sender_status)
        )
    ]
    if report.outcome == "already_imported":
        return [*lines, QCoreApplication.translate("KeyTexts", "Already imported before; nothing changed.")]
    if report.outcome == "quarantined":
        lines.append(
            QCoreApplication.translate("KeyTexts", "Held in quarantine: {reason}").format(
                reason=reason_text(report.reason)
            )
        )
    lines.append(
        QCoreApplication.translate(
            "KeyTexts",
            "new {new}, updated {updated}, unchanged {unchanged}, "
            "conflicting {conflicting}, quarantined {quarantined}",
        ).format(**report.counts())
    )
    for case in report.cases:
        if case.outcome in ("conflicting", "quarantined") and case.reason != report.reason:
            lines.append(
                QCoreApplication.translate("KeyTexts", "Case {case} revision {revision}: {reason}").format(
                    case=case.case_id, revision=case.revision, reason=reason_text(case.reason)
                )
            )
    lines.extend(_attachment_lines(report))
    if report.released:
        lines.append(
            QCoreApplication.translate(
                "KeyTexts", "%n earlier bundle(s) released from quarantine.", None, len(report.released)
            )
        )
    return lines


def _attachment_lines(report: ImportReport) -> list[str]:
    if not report.attachments:
        return []
    lines = [
        QCoreApplication.translate(
            "KeyTexts",
            "Attachments: new {new}, original added {original_added}, unchanged {unchanged}, "
            "conflicting {conflicting}, quarantined {quarantined}",
        ).format(**report.attachment_counts())
    ]
    for attachment in report.attachments:
        if attachment.outcome in ("conflicting", "quarantined") and attachment.reason != report.reason:
            lines.append(
                QCoreApplication.translate(
                    "KeyTexts", "Attachment {attachment} of case {case}: {reason}"
                ).format(
                    attachment=attachment.attachment_id,
                    case=attachment.case_id,
                    reason=reason_text(attachment.reason),
                )
            )
    return lines

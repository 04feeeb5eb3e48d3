"""A case's revisions and its audit-log entries, read-only. Choosing a revision asks the editor
to show it (signal `revision_chosen(int)`)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake.audit_log import AuditEntry
from intake.case_store import RevisionInfo
from intake.provenance import CaseTrail, RevisionTrail


def _action_label(action: str) -> str:
    labels = {
        "case.create": QCoreApplication.translate("HistoryDialog", "Created"),
        "case.save": QCoreApplication.translate("HistoryDialog", "Draft saved"),
        "case.revise": QCoreApplication.translate("HistoryDialog", "New revision started"),
        "case.seal": QCoreApplication.translate("HistoryDialog", "Sealed"),
        "case.delete": QCoreApplication.translate("HistoryDialog", "Deleted"),
    }
    return labels.get(action, action)


def _time(stamp: str | None) -> str:
    return (stamp or "").replace("T", " ").removesuffix("Z")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))
    table.resizeColumnsToContents()
    return table


def _seal_text(trail: RevisionTrail | None, signed: bool) -> str:
    if trail is None or trail.signature_valid is None:
        return (
            QCoreApplication.translate("HistoryDialog", "yes")
            if signed
            else QCoreApplication.translate("HistoryDialog", "no")
        )
    if trail.signature_valid and trail.content_intact:
        return QCoreApplication.translate("HistoryDialog", "valid")
    return QCoreApplication.translate("HistoryDialog", "DOES NOT VERIFY")


def _author_text(trail: RevisionTrail | None, author: str) -> str:
    if trail is None:
        return author[:16]
    if trail.author_name and trail.author_fingerprint:
        return f"{trail.author_name} ({trail.author_fingerprint})"
    return trail.author_name or trail.author_fingerprint or author[:16]


def _origin_text(trail: RevisionTrail | None) -> str:
    if trail is None or trail.bundle_id is None:
        return QCoreApplication.translate("HistoryDialog", "written here")
    return QCoreApplication.translate("HistoryDialog", "bundle {bundle}, {time}").format(
        bundle=trail.bundle_id[:8], time=_time(trail.imported_at)
    )


class HistoryDialog(QDialog):
    """Revisions with their evidence trail (seal check, author, which bundle brought each one),
    and the case's audit-log entries."""

    revision_chosen = Signal(int)

    def __init__(
        self,
        revisions: Sequence[RevisionInfo],
        entries: Sequence[AuditEntry],
        parent: QWidget | None = None,
        *,
        trail: CaseTrail | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Case history"))
        self._revisions = list(revisions)
        trails = {} if trail is None else {t.revision: t for t in trail.revisions}
        self.revisions = _table(
            (
                self.tr("Revision"),
                self.tr("Status"),
                self.tr("Started"),
                self.tr("Last change"),
                self.tr("Sealed"),
                self.tr("Seal signature"),
                self.tr("Author"),
                self.tr("Came from"),
            ),
            [
                (
                    str(r.revision),
                    self.tr("sealed") if r.status == "sealed" else self.tr("draft"),
                    _time(r.created_at),
                    _time(r.updated_at),
                    _time(r.sealed_at),
                    _seal_text(trails.get(r.revision), r.signed),
                    _author_text(trails.get(r.revision), r.author),
                    _origin_text(trails.get(r.revision)),
                )
                for r in self._revisions
            ],
        )
        self.revisions.setAccessibleName(self.tr("Revisions"))
        self.revisions.cellActivated.connect(lambda row, _column: self._choose(row))
        self.audit = _table(
            (self.tr("When"), self.tr("What"), self.tr("Revision"), self.tr("Content hash")),
            [
                (
                    _time(e.at),
                    _action_label(e.action),
                    str(e.details.get("revision", "")),
                    str(e.details.get("content_hash", ""))[:16],
                )
                for e in entries
            ],
        )
        self.audit.setAccessibleName(self.tr("Audit log entries for this case"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Revisions (double-click or Enter to view one):")))
        layout.addWidget(self.revisions, 1)
        layout.addWidget(QLabel(self.tr("Audit log (tamper-evident; holds no case text):")))
        self.audit_state = QLabel()
        if trail is not None:
            self.audit_state.setText(self._audit_state_text(trail))
        layout.addWidget(self.audit_state)
        layout.addWidget(self.audit, 1)
        layout.addWidget(buttons)
        self.resize(760, 520)

    def _audit_state_text(self, trail: CaseTrail) -> str:
        if not trail.audit_intact:
            return self.tr("The audit log's hash chain is BROKEN: it was altered.")
        if trail.whole_log:
            return self.tr("The audit log's hash chain is intact ({count} entries).").format(
                count=trail.audit_entries
            )
        return self.tr("The hash chain is intact around this case's {count} audit entries.").format(
            count=trail.audit_entries
        )

    def _choose(self, row: int) -> None:
        if 0 <= row < len(self._revisions):
            self.revision_chosen.emit(self._revisions[row].revision)
            self.accept()

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


class HistoryDialog(QDialog):
    revision_chosen = Signal(int)

    def __init__(
        self, revisions: Sequence[RevisionInfo], entries: Sequence[AuditEntry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Case history"))
        self._revisions = list(revisions)
        self.revisions = _table(
            (
                self.tr("Revision"),
                self.tr("Status"),
                self.tr("Started"),
                self.tr("Last change"),
                self.tr("Sealed"),
                self.tr("Signed"),
                self.tr("Author"),
            ),
            [
                (
                    str(r.revision),
                    self.tr("sealed") if r.status == "sealed" else self.tr("draft"),
                    _time(r.created_at),
                    _time(r.updated_at),
                    _time(r.sealed_at),
                    self.tr("yes") if r.signed else self.tr("no"),
                    r.author[:16],
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
        layout.addWidget(self.audit, 1)
        layout.addWidget(buttons)
        self.resize(760, 520)

    def _choose(self, row: int) -> None:
        if 0 <= row < len(self._revisions):
            self.revision_chosen.emit(self._revisions[row].revision)
            self.accept()

"""What the case editor does with the store: open, autosave, seal, discard, show history.

The editor hands over its whole content each time; this module decides where it goes. A valid
document becomes (or updates) the case's draft revision; an invalid one is kept as an unsaved edit
(intake.unsaved_edits) so that nothing typed is lost, and the problems come back for the editor to
show next to the fields. Opening a case prefers an unsaved edit over the stored revision, because
it is newer by construction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from intake.audit_log import AuditEntry, AuditLog
from intake.case_document import CaseValidationError, Problem, new_case_template, validate_case
from intake.case_store import CaseRecord, CaseStore, RevisionInfo
from intake.provenance import CaseTrail
from intake.unsaved_edits import UnsavedEdits, key_for_case, new_case_key
from intake.vocabulary import Vocabularies

AUDIT_ENTRIES_SHOWN = 500


@dataclass(frozen=True)
class EditorState:
    """What an editor opens with. `key` names the editing session for unsaved edits."""

    key: str
    case_id: str | None
    content: dict[str, Any]
    status: str | None  # "draft" or "sealed" for the newest revision; None for a new case
    revision: int | None
    restored_unsaved: bool
    problems: tuple[Problem, ...]
    editable: bool = True  # False for a case recorded on another device
    stale_unsaved: bool = False  # the restored edit was made to an older version of the case


@dataclass(frozen=True)
class SaveOutcome:
    key: str  # changes from "new:…" to the case id once the case exists
    case_id: str | None
    saved: bool  # True: a revision holds exactly this content; False: kept as an unsaved edit
    problems: tuple[Problem, ...]
    record: CaseRecord | None


def new_record_id() -> str:
    """An id for a person, act, … added in the editor (other records refer to persons by id)."""
    return str(uuid.uuid4())


class CaseEditing:
    def __init__(
        self,
        store: CaseStore,
        unsaved: UnsavedEdits,
        audit: AuditLog,
        vocab: Vocabularies,
        *,
        trail: Callable[[str], CaseTrail] | None = None,
    ) -> None:
        """`trail` gives a case's evidence trail (intake.provenance) for the history view."""
        self._store = store
        self._unsaved = unsaved
        self._audit = audit
        self._vocab = vocab
        self._trail = trail

    def new_case(self) -> EditorState:
        return EditorState(new_case_key(), None, new_case_template(), None, None, False, ())

    def open_case(self, case_id: str) -> EditorState:
        record = self._store.get(case_id)
        key = key_for_case(case_id)
        editable = record.author == self._store.author
        unsaved = self._unsaved.get(key) if editable else None
        if unsaved is None:
            return EditorState(
                key, case_id, record.content, record.status, record.revision, False, (), editable
            )
        return EditorState(
            key,
            case_id,
            unsaved.content,
            record.status,
            record.revision,
            True,
            self.problems(unsaved.content),
            stale_unsaved=unsaved.base_hash != record.content_hash,
        )

    def open_revision(self, case_id: str, revision: int) -> EditorState:
        """An older revision, for reading only (the editor shows it read-only)."""
        record = self._store.get(case_id, revision)
        return EditorState(key_for_case(case_id), case_id, record.content, record.status, revision, False, ())

    def open_unsaved_new_case(self, key: str) -> EditorState | None:
        unsaved = self._unsaved.get(key)
        if unsaved is None or unsaved.case_id is not None:
            return None
        return EditorState(key, None, unsaved.content, None, None, True, self.problems(unsaved.content))

    def unfinished_new_cases(self) -> list[str]:
        return self._unsaved.new_case_keys()

    def problems(self, content: Mapping[str, Any]) -> tuple[Problem, ...]:
        try:
            validate_case(content, self._vocab)
        except CaseValidationError as invalid:
            return invalid.problems
        return ()

    def save(self, key: str, case_id: str | None, content: Mapping[str, Any]) -> SaveOutcome:
        """Saves what the editor holds. Storage errors (full disk, read-only) propagate as
        StorageError with nothing written; the editor keeps its content and retries."""
        if case_id is not None:
            key = key_for_case(case_id)  # the key follows the case; a caller cannot orphan an entry
        try:
            # The store validates before it writes anything; its verdict decides where this goes.
            if case_id is None:
                record = self._store.create_case(content, replaces_unsaved=key)
            else:
                record = self._store.save_draft(case_id, content, replaces_unsaved=key)
        except CaseValidationError as invalid:
            base = None if case_id is None else self._store.get(case_id).content_hash
            self._unsaved.keep(key, case_id, content, base_hash=base)
            return SaveOutcome(key, case_id, False, invalid.problems, None)
        return SaveOutcome(key_for_case(record.case_id), record.case_id, True, (), record)

    def seal(self, case_id: str) -> CaseRecord:
        return self._store.seal(case_id)

    def discard_unsaved(self, key: str) -> None:
        self._unsaved.discard(key)

    def discard_new_case(self, key: str) -> None:
        """Drops an unfinished new case (it never became a record)."""
        self._unsaved.discard(key)

    def revisions(self, case_id: str) -> list[RevisionInfo]:
        return self._store.revisions(case_id)

    def audit_entries(self, case_id: str) -> list[AuditEntry]:
        return self._audit.entries(case_id, limit=AUDIT_ENTRIES_SHOWN)

    def trail(self, case_id: str) -> CaseTrail | None:
        """Who sealed each revision, whether each seal still verifies, which bundle brought it."""
        return None if self._trail is None else self._trail(case_id)

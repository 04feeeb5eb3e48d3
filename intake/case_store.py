"""Cases and their revisions inside the vault database.

A case is a chain of revisions. The newest may be a draft, edited in place (autosave); sealing it
makes it immutable (enforced by triggers in the schema) and signs it; editing a sealed case starts
a new draft revision. Each operation writes the revision, the case's list/search index
(intake.case_queries) and its audit entry in one transaction, so the index never disagrees with
the revisions and a failure part-way leaves nothing behind.

Only portable SQL and DB-API calls are used: the same code runs over SQLCipher in the app and over
plain SQLite in the benchmarks.
"""

from __future__ import annotations

import dataclasses
import json
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from intake import case_queries
from intake.attachment_blobs import remove_orphan_blobs
from intake.audit_log import AuditLog
from intake.canonical_json import canonical_json, content_hash
from intake.case_document import validate_case
from intake.case_queries import CaseFilter, CaseSummary
from intake.clock import Clock, iso_utc, utc_now
from intake.errors import BadInputError, NotFoundError
from intake.i18n import _
from intake.transactions import transaction
from intake.unsaved_edits import discard_in_transaction
from intake.vocabulary import Vocabularies

Connection = Any
Signer = Callable[[bytes], bytes]

SEAL_STATEMENT_TYPE = "intake.case-seal/1"
OBJECT_TYPE = "case"

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)

_REVISION_COLUMNS = (
    "case_id, revision, status, author, content, content_hash, created_at, updated_at, sealed_at, signature"
)


@dataclass(frozen=True)
class CaseRecord:
    case_id: str
    revision: int
    status: str
    author: str
    content: dict[str, Any]
    content_hash: str
    created_at: str
    updated_at: str
    sealed_at: str | None
    signature: bytes | None


@dataclass(frozen=True)
class RevisionInfo:
    case_id: str
    revision: int
    status: str
    author: str
    content_hash: str
    created_at: str
    updated_at: str
    sealed_at: str | None
    signed: bool


@dataclass(frozen=True)
class _Current:
    """The case_index row of a case, read under the write lock before changing it."""

    index_id: int
    revision: int
    status: str
    author: str


def seal_statement(record: CaseRecord) -> bytes:
    """The exact bytes a seal signs. Public so that a verifier (an importing coordinator) can
    rebuild them from a record and check the signature; the verifier must also check that
    `content_hash(record.content) == record.content_hash`, since the statement binds only the hash."""
    if record.sealed_at is None:
        raise ValueError("only a sealed revision has a seal statement")
    return canonical_json(
        {
            "type": SEAL_STATEMENT_TYPE,
            "case_id": record.case_id,
            "revision": record.revision,
            "author": record.author,
            "content_hash": record.content_hash,
            "sealed_at": record.sealed_at,
        }
    )


def _record(row: Sequence[Any]) -> CaseRecord:
    case_id, revision, status, author, content, digest, created, updated, sealed, signature = row
    return CaseRecord(
        case_id=case_id,
        revision=revision,
        status=status,
        author=author,
        content=json.loads(content),
        content_hash=digest,
        created_at=created,
        updated_at=updated,
        sealed_at=sealed,
        signature=None if signature is None else bytes(signature),
    )


def _revision_info(row: Sequence[Any]) -> RevisionInfo:
    case_id, revision, status, author, digest, created, updated, sealed, has_signature = row
    return RevisionInfo(
        case_id, revision, status, author, digest, created, updated, sealed, bool(has_signature)
    )


class CaseStore:
    def __init__(
        self,
        conn: Connection,
        *,
        author: str,
        vocab: Vocabularies,
        clock: Clock = utc_now,
        signer: Signer | None = None,
    ) -> None:
        self._conn = conn
        self._author = author
        self._vocab = vocab
        self._clock = clock
        self._signer = signer
        self._audit = AuditLog(conn, clock)

    seal_statement = staticmethod(seal_statement)

    @property
    def author(self) -> str:
        """This device's fingerprint: cases by any other author are read-only here."""
        return self._author

    # -- writing ---------------------------------------------------------------------------

    def create_case(self, doc: Mapping[str, Any], *, replaces_unsaved: str | None = None) -> CaseRecord:
        """Adds a new case. `replaces_unsaved` names the editor's unsaved entry (intake.unsaved_edits)
        that this first revision supersedes; it is removed in the same transaction."""
        normalized = validate_case(doc, self._vocab)
        case_id = str(uuid.uuid4())
        now = iso_utc(self._clock())
        digest = content_hash(normalized)
        with transaction(self._conn):
            if replaces_unsaved is not None:
                discard_in_transaction(self._conn, replaces_unsaved)
            self._insert_revision(case_id, 1, normalized, digest, now)
            case_queries.add_to_index(self._conn, case_id, normalized, author=self._author, now=now)
            self._log("case.create", case_id, {"revision": 1, "content_hash": digest})
        # Built from what was just written rather than read back: saving is the hot path, and
        # with SQLCipher's memory security every extra query has a real cost.
        return CaseRecord(case_id, 1, "draft", self._author, normalized, digest, now, now, None, None)

    def create_cases(self, docs: Sequence[Mapping[str, Any]]) -> list[str]:
        """Adds many new cases in one transaction: all of them, or (on any invalid document or
        failure) none. Every document is validated before anything is written. Returns the ids."""
        normalized = [validate_case(doc, self._vocab) for doc in docs]
        case_ids = [str(uuid.uuid4()) for _ in normalized]
        now = iso_utc(self._clock())
        with transaction(self._conn):
            for case_id, doc in zip(case_ids, normalized, strict=True):
                digest = content_hash(doc)
                self._insert_revision(case_id, 1, doc, digest, now)
                case_queries.add_to_index(self._conn, case_id, doc, author=self._author, now=now)
                self._log("case.create", case_id, {"revision": 1, "content_hash": digest})
        return case_ids

    def save_draft(
        self, case_id: str, doc: Mapping[str, Any], *, replaces_unsaved: str | None = None
    ) -> CaseRecord:
        """Saves `doc` as the case's draft: in place if the newest revision is a draft, as a new
        revision if it is sealed. Saving unchanged content writes no revision (autosave runs often,
        and each write would add an audit entry and, after a seal, a needless revision).
        `replaces_unsaved` is removed in the same transaction, as in create_case."""
        normalized = validate_case(doc, self._vocab)
        digest = content_hash(normalized)
        with transaction(self._conn):
            current = self._current_for_change(case_id)
            if replaces_unsaved is not None:
                discard_in_transaction(self._conn, replaces_unsaved)
            stored_hash, stored_created_at = self._revision_hash(case_id, current.revision)
            if digest == stored_hash:
                return self.get(case_id)
            now = iso_utc(self._clock())
            created_at = now
            if current.status == "draft":
                revision, created_at = current.revision, stored_created_at
                self._conn.execute(
                    "UPDATE case_revision SET content = ?, content_hash = ?, updated_at = ? "
                    "WHERE case_id = ? AND revision = ? AND status = 'draft'",
                    (self._content_text(normalized), digest, now, case_id, revision),
                )
                self._log("case.save", case_id, {"revision": revision, "content_hash": digest})
            else:
                revision = current.revision + 1
                self._insert_revision(case_id, revision, normalized, digest, now)
                self._log(
                    "case.revise",
                    case_id,
                    {"revision": revision, "previous_revision": current.revision, "content_hash": digest},
                )
            case_queries.update_index(self._conn, current.index_id, case_id, revision, normalized, now=now)
        # As in create_case: what was just written, not a second read on the hot path.
        return CaseRecord(
            case_id, revision, "draft", self._author, normalized, digest, created_at, now, None, None
        )

    def seal(self, case_id: str) -> CaseRecord:
        """Seals the current draft: from here on it can only be read. Signs the seal statement
        when the store has a signer; a signer that fails leaves the draft as it was."""
        with transaction(self._conn):
            current = self._current_for_change(case_id)
            if current.status != "draft":
                raise BadInputError(
                    _("This case is already sealed. Edit it to start a new revision, then seal that.")
                )
            draft = self.get(case_id, current.revision)
            sealed_at = iso_utc(self._clock())
            sealed = dataclasses.replace(
                draft, status="sealed", content_hash=content_hash(draft.content), sealed_at=sealed_at
            )
            signature = None if self._signer is None else bytes(self._signer(seal_statement(sealed)))
            self._conn.execute(
                "UPDATE case_revision SET status = 'sealed', sealed_at = ?, updated_at = ?, "
                "content_hash = ?, signature = ? WHERE case_id = ? AND revision = ? AND status = 'draft'",
                (sealed_at, sealed_at, sealed.content_hash, signature, case_id, sealed.revision),
            )
            case_queries.mark_sealed(self._conn, current.index_id, now=sealed_at)
            details = {"revision": sealed.revision, "content_hash": sealed.content_hash}
            self._log("case.seal", case_id, {**details, "signed": signature is not None})
        return self.get(case_id, sealed.revision)

    def delete_draft_case(self, case_id: str) -> None:
        """Removes a case that was never sealed, with every trace in the index and search, and
        its attachments. Sealed testimony is never deleted; panic wipe is the way to destroy
        everything."""
        with transaction(self._conn):
            self.delete_draft_in_transaction(case_id)
        # The WAL still holds the pages the case lived in; move them into the database (where
        # secure_delete has overwritten them) and truncate the WAL, so no copy survives there.
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def delete_draft_in_transaction(self, case_id: str) -> None:
        """`delete_draft_case` inside the caller's open transaction (no WAL checkpoint)."""
        current = self._current_for_change(case_id)
        sealed = self._conn.execute(
            "SELECT 1 FROM case_revision WHERE case_id = ? AND status = 'sealed' LIMIT 1", (case_id,)
        ).fetchone()
        if sealed is not None:
            raise BadInputError(
                _("This case has a sealed revision and cannot be deleted; sealed records are kept.")
            )
        case_queries.remove_from_index(self._conn, current.index_id, case_id)
        self._conn.execute("DELETE FROM case_revision WHERE case_id = ?", (case_id,))
        self._conn.execute("DELETE FROM unsaved_edit WHERE case_id = ?", (case_id,))
        self._conn.execute("DELETE FROM attachment WHERE case_id = ?", (case_id,))
        remove_orphan_blobs(self._conn)
        self._log("case.delete", case_id, {})

    # -- reading ---------------------------------------------------------------------------

    def get(self, case_id: str, revision: int | None = None) -> CaseRecord:
        """A revision of a case; the newest one when `revision` is None."""
        if revision is None:
            row = self._conn.execute(
                f"SELECT {_REVISION_COLUMNS} FROM case_revision WHERE case_id = ? "  # noqa: S608 - constant
                "ORDER BY revision DESC LIMIT 1",
                (case_id,),
            ).fetchone()
        else:
            row = self._conn.execute(
                f"SELECT {_REVISION_COLUMNS} FROM case_revision WHERE case_id = ? AND revision = ?",  # noqa: S608
                (case_id, revision),
            ).fetchone()
        if row is None:
            raise self._not_found(case_id, revision)
        return _record(row)

    def revisions(self, case_id: str) -> list[RevisionInfo]:
        """The case's history, oldest first."""
        rows = self._conn.execute(
            "SELECT case_id, revision, status, author, content_hash, created_at, updated_at, sealed_at, "
            "signature IS NOT NULL FROM case_revision WHERE case_id = ? ORDER BY revision",
            (case_id,),
        ).fetchall()
        if not rows:
            raise self._not_found(case_id, None)
        return [_revision_info(row) for row in rows]

    def list_cases(
        self,
        *,
        status: str | None = None,
        district: str | None = None,
        subject: str | None = None,
        violation_group_codes: Sequence[str] | None = None,
        occurred_from: str | None = None,
        occurred_to: str | None = None,
        sort: str = "updated_at",
        descending: bool = True,
        limit: int = 100,
        offset: int = 0,
    ) -> list[CaseSummary]:
        """A page of the case list. `violation_group_codes` matches cases with any of the given
        violation codes or groups; dates ("YYYY[-MM[-DD]]") match cases whose date range overlaps."""
        case_filter = CaseFilter(status, district, subject, violation_group_codes, occurred_from, occurred_to)
        return case_queries.list_cases(
            self._conn, self._vocab, case_filter, sort=sort, descending=descending, limit=limit, offset=offset
        )

    def count_cases(
        self,
        *,
        status: str | None = None,
        district: str | None = None,
        subject: str | None = None,
        violation_group_codes: Sequence[str] | None = None,
        occurred_from: str | None = None,
        occurred_to: str | None = None,
    ) -> int:
        case_filter = CaseFilter(status, district, subject, violation_group_codes, occurred_from, occurred_to)
        return case_queries.count_cases(self._conn, self._vocab, case_filter)

    def search(self, query: str, *, limit: int = 50, offset: int = 0) -> list[CaseSummary]:
        return case_queries.search(self._conn, query, limit=limit, offset=offset)

    def count_search(self, query: str) -> int:
        return case_queries.count_search(self._conn, query)

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _content_text(doc: Mapping[str, Any]) -> str:
        return canonical_json(doc).decode("utf-8")

    def _insert_revision(
        self, case_id: str, revision: int, doc: Mapping[str, Any], digest: str, now: str
    ) -> None:
        self._conn.execute(
            f"INSERT INTO case_revision ({_REVISION_COLUMNS}) "  # noqa: S608 - constant
            "VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, NULL, NULL)",
            (case_id, revision, self._author, self._content_text(doc), digest, now, now),
        )

    def _current_for_change(self, case_id: str) -> _Current:
        row = self._conn.execute(
            "SELECT id, revision, status, author FROM case_index WHERE case_id = ?", (case_id,)
        ).fetchone()
        if row is None:
            raise self._not_found(case_id, None)
        current = _Current(*row)
        # Revisions of a case come from the device that created it; a second author writing the
        # same revision numbers would collide with that device's next bundle on import.
        if current.author != self._author:
            raise BadInputError(_("This case was recorded on another device and can only be changed there."))
        return current

    def _revision_hash(self, case_id: str, revision: int) -> tuple[str, str]:
        row = self._conn.execute(
            "SELECT content_hash, created_at FROM case_revision WHERE case_id = ? AND revision = ?",
            (case_id, revision),
        ).fetchone()
        return str(row[0]), str(row[1])

    def _log(self, action: str, case_id: str, details: dict[str, Any]) -> None:
        self._audit.append(action, OBJECT_TYPE, case_id, details, actor=self._author)

    @staticmethod
    def _not_found(case_id: str, revision: int | None) -> NotFoundError:
        # Only a well-formed id is echoed: whatever else was typed might be case text.
        if not _UUID.fullmatch(case_id):
            return NotFoundError(_("No case has that id."))
        if revision is None:
            return NotFoundError(_("No case with id {case_id}.").format(case_id=case_id))
        return NotFoundError(
            _("Case {case_id} has no revision {revision}.").format(case_id=case_id, revision=revision)
        )

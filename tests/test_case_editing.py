"""The editor's core: autosave never loses input, even input that is not yet a valid case."""

from __future__ import annotations

from typing import Any

import pytest

from intake.audit_log import AuditLog
from intake.case_document import CaseValidationError, validate_case
from intake.case_editing import CaseEditing
from intake.case_store import CaseStore
from intake.errors import BadInputError
from intake.unsaved_edits import MAX_CONTENT_CHARS, UnsavedEdits
from intake.vocabulary import Vocabularies
from tests.conftest import TickingClock
from tests.support import case_doc


@pytest.fixture
def editing(db: Any, clock: TickingClock, vocab: Vocabularies) -> CaseEditing:
    store = CaseStore(db, author="a" * 64, vocab=vocab, clock=clock)
    return CaseEditing(store, UnsavedEdits(db, clock), AuditLog(db, clock), vocab)


def test_new_case_without_title_is_kept_as_unsaved_and_restored(editing: CaseEditing, db: Any) -> None:
    state = editing.new_case()
    content = dict(state.content, narrative="MARKER-typed before any title")
    outcome = editing.save(state.key, None, content)
    assert not outcome.saved and outcome.case_id is None
    assert [p.path for p in outcome.problems] == ["title"]
    assert db.execute("SELECT count(*) FROM case_revision").fetchone()[0] == 0

    assert editing.unfinished_new_cases() == [state.key]
    restored = editing.open_unsaved_new_case(state.key)
    assert restored is not None and restored.restored_unsaved
    assert restored.content["narrative"] == "MARKER-typed before any title"
    assert [p.path for p in restored.problems] == ["title"]


def test_first_valid_save_creates_the_case_and_removes_the_unsaved_entry(
    editing: CaseEditing, db: Any
) -> None:
    state = editing.new_case()
    editing.save(state.key, None, dict(state.content, narrative="draft"))
    outcome = editing.save(state.key, None, dict(state.content, title="Title", narrative="draft"))
    assert outcome.saved and outcome.case_id is not None
    assert outcome.key == outcome.case_id
    assert editing.unfinished_new_cases() == []
    assert db.execute("SELECT count(*) FROM unsaved_edit").fetchone()[0] == 0
    assert editing.open_case(outcome.case_id).content["title"] == "Title"


def test_invalid_date_on_an_existing_case_is_kept_and_preferred_on_open(editing: CaseEditing) -> None:
    created = editing.save(editing.new_case().key, None, case_doc("Title"))
    assert created.case_id is not None
    content = dict(created.record.content) if created.record else {}
    content["occurred"] = {"date": "2024-02-30", "precision": "exact"}
    outcome = editing.save(created.key, created.case_id, content)
    assert not outcome.saved
    assert [p.path for p in outcome.problems] == ["occurred.date"]

    reopened = editing.open_case(created.case_id)
    assert reopened.restored_unsaved and reopened.status == "draft"
    assert reopened.content["occurred"]["date"] == "2024-02-30"
    # The stored revision still holds the last valid content.
    editing.discard_unsaved(reopened.key)
    assert editing.open_case(created.case_id).content["occurred"] is None


def test_fixing_the_problem_saves_a_revision_and_drops_the_unsaved_edit(editing: CaseEditing) -> None:
    created = editing.save(editing.new_case().key, None, case_doc("Title"))
    assert created.case_id is not None and created.record is not None
    broken = dict(created.record.content, title="   ")
    assert not editing.save(created.key, created.case_id, broken).saved
    fixed = dict(created.record.content, title="Better title")
    outcome = editing.save(created.key, created.case_id, fixed)
    assert outcome.saved
    reopened = editing.open_case(created.case_id)
    assert not reopened.restored_unsaved and reopened.content["title"] == "Better title"


def test_control_characters_and_overlong_text_are_problems_not_crashes(editing: CaseEditing) -> None:
    content = case_doc("Title\x07with a bell", narrative="line one\nline two\ttab\x00nul")
    content["location"] = {"city": "x" * 1001}
    outcome = editing.save(editing.new_case().key, None, content)
    assert not outcome.saved
    assert sorted(p.path for p in outcome.problems) == ["location.city", "narrative", "title"]


def test_multiline_text_is_accepted_in_long_fields_only() -> None:
    from intake.vocabulary import default_vocabularies

    vocab = default_vocabularies()
    assert validate_case(case_doc("T", narrative="a\r\nb\tc"), vocab)["narrative"] == "a\r\nb\tc"
    with pytest.raises(CaseValidationError):
        validate_case(case_doc("T", location={"city": "a\nb"}), vocab)


def test_sealing_and_then_editing_starts_a_new_revision_with_history(editing: CaseEditing) -> None:
    created = editing.save(editing.new_case().key, None, case_doc("Title"))
    assert created.case_id is not None and created.record is not None
    editing.seal(created.case_id)
    outcome = editing.save(created.key, created.case_id, dict(created.record.content, narrative="more"))
    assert outcome.record is not None and outcome.record.revision == 2
    assert [(r.revision, r.status) for r in editing.revisions(created.case_id)] == [
        (1, "sealed"),
        (2, "draft"),
    ]
    actions = [entry.action for entry in editing.audit_entries(created.case_id)]
    assert actions == ["case.create", "case.seal", "case.revise"]


def test_absurdly_large_unsaved_content_is_refused_with_a_message(editing: CaseEditing) -> None:
    content = case_doc("", narrative="x" * (MAX_CONTENT_CHARS + 1))
    with pytest.raises(BadInputError):
        editing.save(editing.new_case().key, None, content)


def test_deleting_a_draft_case_removes_its_unsaved_edit(
    editing: CaseEditing, db: Any, vocab: Vocabularies
) -> None:
    created = editing.save(editing.new_case().key, None, case_doc("Title"))
    assert created.case_id is not None and created.record is not None
    editing.save(created.key, created.case_id, dict(created.record.content, title=""))
    CaseStore(db, author="a" * 64, vocab=vocab).delete_draft_case(created.case_id)
    assert db.execute("SELECT count(*) FROM unsaved_edit").fetchone()[0] == 0


def test_an_unsaved_edit_made_before_a_change_elsewhere_is_flagged(
    editing: CaseEditing, db: Any, vocab: Vocabularies, clock: TickingClock
) -> None:
    created = editing.save(editing.new_case().key, None, case_doc("Title"))
    assert created.case_id is not None and created.record is not None
    assert not editing.save(created.key, created.case_id, dict(created.record.content, title="")).saved
    assert not editing.open_case(created.case_id).stale_unsaved
    # The command line (same device) changes the case meanwhile.
    CaseStore(db, author="a" * 64, vocab=vocab, clock=clock).save_draft(created.case_id, case_doc("Changed"))
    reopened = editing.open_case(created.case_id)
    assert reopened.restored_unsaved and reopened.stale_unsaved


def test_cases_from_another_device_open_read_only_without_unsaved_edits(
    db: Any, clock: TickingClock, vocab: Vocabularies
) -> None:
    other = CaseStore(db, author="b" * 64, vocab=vocab, clock=clock)
    case_id = other.create_case(case_doc("Imported")).case_id
    store = CaseStore(db, author="a" * 64, vocab=vocab, clock=clock)
    mine = CaseEditing(store, UnsavedEdits(db, clock), AuditLog(db, clock), vocab)
    assert not mine.open_case(case_id).editable


def test_the_key_follows_the_case_id(editing: CaseEditing, db: Any) -> None:
    created = editing.save(editing.new_case().key, None, case_doc("Title"))
    assert created.case_id is not None
    editing.save("new:" + "0" * 8 + "-0000-4000-8000-" + "0" * 12, created.case_id, case_doc(""))
    keys = [row[0] for row in db.execute("SELECT key FROM unsaved_edit")]
    assert keys == [created.case_id]

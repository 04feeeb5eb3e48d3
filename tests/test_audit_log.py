"""The hash-chained audit log: appends link up, and every kind of tampering is found where it is."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import sqlcipher3

from intake.audit_log import GENESIS_HASH, AuditLog, entry_hash
from intake.transactions import transaction

ACTOR = "f" * 64
CASES = ["00000000-0000-4000-8000-00000000000" + str(n) for n in range(5)]


@pytest.fixture
def log(db: Any, clock: Any) -> AuditLog:
    audit = AuditLog(db, clock)
    for n in range(5):
        with transaction(db):
            audit.append(
                "case.save", "case", CASES[n % 2], {"revision": n + 1, "content_hash": "a" * 64}, ACTOR
            )
    return audit


def _allow_tampering(db: Any) -> None:
    # The append-only triggers stop honest bugs; an attacker with the key just drops them. The
    # chain must catch what they do next.
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("DROP TRIGGER audit_log_no_delete")


def _row(db: Any, seq: int) -> tuple[Any, ...]:
    return tuple(
        db.execute(
            "SELECT at, actor, action, object_type, object_id, details, prev_hash, hash "
            "FROM audit_log WHERE seq = ?",
            (seq,),
        ).fetchone()
    )


def test_entries_chain_from_genesis_with_recomputable_hashes(log: AuditLog) -> None:
    entries = log.entries()
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS_HASH
    for previous, entry in itertools.pairwise(entries):
        assert entry.prev_hash == previous.hash
    first = entries[0]
    assert first.at == "2026-11-22T03:04:05Z"
    assert first.details == {"revision": 1, "content_hash": "a" * 64}
    recomputed = entry_hash(
        seq=1,
        at=first.at,
        actor=ACTOR,
        action="case.save",
        object_type="case",
        object_id=CASES[0],
        details='{"content_hash":"' + "a" * 64 + '","revision":1}',
        prev_hash=GENESIS_HASH,
    )
    assert first.hash == recomputed
    assert log.verify().ok and log.verify().entries_checked == 5


def test_entries_filter_by_object_and_page(log: AuditLog) -> None:
    assert [e.seq for e in log.entries(CASES[1])] == [2, 4]
    assert [e.seq for e in log.entries(limit=2, offset=1)] == [2, 3]
    assert log.entries("no-such-object") == []


def test_empty_log_verifies(db: Any) -> None:
    result = AuditLog(db).verify()
    assert (result.ok, result.entries_checked, result.first_bad_seq) == (True, 0, None)


def test_append_outside_a_transaction_is_refused(db: Any) -> None:
    with pytest.raises(RuntimeError, match="inside"):
        AuditLog(db).append("x", "case", "id", {}, ACTOR)
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0


def test_append_rolls_back_with_the_callers_transaction(db: Any) -> None:
    audit = AuditLog(db)
    with pytest.raises(KeyError), transaction(db):
        audit.append("case.create", "case", CASES[0], {"revision": 1}, ACTOR)
        raise KeyError("the caller's change failed")
    assert audit.entries() == []


def test_update_and_delete_are_blocked_by_triggers(db: Any, log: AuditLog) -> None:
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit_log SET actor = 'x' WHERE seq = 2")
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit_log WHERE seq = 5")
    assert log.verify().ok


def test_edited_details_are_detected(db: Any, log: AuditLog) -> None:
    _allow_tampering(db)
    db.execute("""UPDATE audit_log SET details = '{"revision":99}' WHERE seq = 3""")
    result = log.verify()
    assert (result.ok, result.first_bad_seq, result.entries_checked) == (False, 3, 3)


def test_deleted_middle_row_is_detected(db: Any, log: AuditLog) -> None:
    _allow_tampering(db)
    db.execute("DELETE FROM audit_log WHERE seq = 3")
    result = log.verify()
    assert (result.ok, result.first_bad_seq) == (False, 4)


def test_deleted_first_row_is_detected(db: Any, log: AuditLog) -> None:
    _allow_tampering(db)
    db.execute("DELETE FROM audit_log WHERE seq = 1")
    assert log.verify().first_bad_seq == 2


def test_swapped_row_contents_are_detected(db: Any, log: AuditLog) -> None:
    _allow_tampering(db)
    row2, row3 = _row(db, 2), _row(db, 3)
    update = (
        "UPDATE audit_log SET at = ?, actor = ?, action = ?, object_type = ?, object_id = ?, details = ?, "
        "prev_hash = ?, hash = ? WHERE seq = ?"
    )
    db.execute(update, (*row2[:-1], "0" * 64, 3))  # park a placeholder hash: hash is UNIQUE
    db.execute(update, (*row3, 2))
    db.execute(update, (*row2, 3))
    result = log.verify()
    assert (result.ok, result.first_bad_seq) == (False, 2)


def test_reordered_rows_are_detected(db: Any, log: AuditLog) -> None:
    _allow_tampering(db)
    db.execute("UPDATE audit_log SET seq = 100 WHERE seq = 2")
    db.execute("UPDATE audit_log SET seq = 2 WHERE seq = 3")
    db.execute("UPDATE audit_log SET seq = 3 WHERE seq = 100")
    assert log.verify().first_bad_seq == 2


def test_changed_hash_is_detected(db: Any, log: AuditLog) -> None:
    _allow_tampering(db)
    db.execute("UPDATE audit_log SET hash = ? WHERE seq = 4", ("b" * 64,))
    assert log.verify().first_bad_seq == 4


def test_inserted_row_is_detected_even_with_a_correct_own_hash(db: Any, log: AuditLog) -> None:
    _allow_tampering(db)
    # Make room after seq 2 and forge a well-formed entry there, linked to entry 2.
    for seq in (5, 4, 3):
        db.execute("UPDATE audit_log SET seq = seq + 1 WHERE seq = ?", (seq,))
    prev = _row(db, 2)[-1]
    fields = {
        "seq": 3,
        "at": "2026-11-22T03:04:07Z",
        "actor": ACTOR,
        "action": "case.delete",
        "object_type": "case",
        "object_id": CASES[0],
        "details": "{}",
        "prev_hash": prev,
    }
    db.execute(
        "INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, details, prev_hash, hash) "
        "VALUES (:seq, :at, :actor, :action, :object_type, :object_id, :details, :prev_hash, :hash)",
        {**fields, "hash": entry_hash(**fields)},
    )
    result = log.verify()
    assert (result.ok, result.first_bad_seq) == (False, 4)


def test_appending_after_a_valid_chain_keeps_it_valid(db: Any, log: AuditLog) -> None:
    with transaction(db):
        entry = log.append("case.seal", "case", CASES[0], {"revision": 1, "signed": True}, ACTOR)
    assert entry.seq == 6
    assert log.verify().entries_checked == 6


def test_one_objects_entries_are_checked_with_their_links(db: Any, log: AuditLog) -> None:
    """verify_object reads one case's entries (seq 1, 3, 5 here) and the entries just before them:
    an edit to one of them, or a deletion right before one, is found; what lies elsewhere in the
    log is left to verify()."""
    ok = log.verify_object(CASES[0])
    assert (ok.ok, ok.entries_checked, ok.first_bad_seq) == (True, 3, None)
    _allow_tampering(db)
    db.execute("""UPDATE audit_log SET details = '{"revision":99}' WHERE seq = 3""")
    edited = log.verify_object(CASES[0])
    assert (edited.ok, edited.first_bad_seq) == (False, 3)
    assert log.verify_object(CASES[1]).ok  # its own entries (2, 4) still hash and link
    assert not log.verify().ok


def test_a_deleted_entry_before_an_objects_entry_breaks_its_link(db: Any, log: AuditLog) -> None:
    _allow_tampering(db)
    db.execute("DELETE FROM audit_log WHERE seq = 4")  # CASES[1]'s, just before CASES[0]'s seq 5
    result = log.verify_object(CASES[0])
    assert (result.ok, result.first_bad_seq) == (False, 5)

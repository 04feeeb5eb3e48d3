"""The case store over a real SQLCipher database: revisions, sealing, the list index, search,
atomicity and the audit trail."""

from __future__ import annotations

import ast
import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from intake.audit_log import AuditLog
from intake.canonical_json import content_hash
from intake.case_document import CaseValidationError
from intake.case_queries import fts_query
from intake.case_store import CaseStore, seal_statement
from intake.errors import BadInputError, NotFoundError, StorageError
from intake.i18n import load_catalog
from intake.transactions import transaction
from intake.vocabulary import Vocabularies

AUTHOR = "a1" * 32
HMAC_KEY = b"test signing key, only a callable here"


def hmac_signer(message: bytes) -> bytes:
    return hmac.new(HMAC_KEY, message, hashlib.sha256).digest()


def doc(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "title": "Нападение у клуба",
        "narrative": "Полиция отказалась принять заявление о нападении.",
        "notes": "перезвонить адвокату в четверг",
        "violations": ["PHY.ASLT", "POL.REFUSE"],
        "bias_motivations": ["B.SO"],
        "occurred": {"date": "2024-03", "precision": "month"},
        "received": "2024-04-02",
        "location": {"subject": "RU-SPE", "city": "Санкт-Петербург"},
        "police_stage": "PS.REFUSED",
        "persons": [{"pseudonym": "Гроза", "identifying": {"full_name": "Иван Петров"}}],
        "acts": [{"type": "EXT.ADM", "legal_qualification": "КоАП 20.3"}],
        "perpetrators": [{"type": "ST.POL", "relation": "участковый"}],
        "followups": [{"need": "N.LEGAL"}],
    }
    base.update(overrides)
    return base


@pytest.fixture
def make_store(db: Any, vocab: Vocabularies, clock: Callable[[], datetime]) -> Callable[..., CaseStore]:
    def make(author: str = AUTHOR, signer: Callable[[bytes], bytes] | None = hmac_signer) -> CaseStore:
        return CaseStore(db, author=author, vocab=vocab, clock=clock, signer=signer)

    return make


@pytest.fixture
def store(make_store: Callable[..., CaseStore]) -> CaseStore:
    return make_store()


def dump(conn: Any) -> list[Any]:
    """Everything in the database: schema, version and every stored row, FTS shadow tables
    included (the virtual table itself stores nothing)."""
    schema = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(), key=repr)
    tables = [
        name for kind, name, _tbl, sql in schema if kind == "table" and not sql.startswith("CREATE VIRTUAL")
    ]
    rows = {table: sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr) for table in tables}
    return [conn.execute("PRAGMA user_version").fetchone()[0], schema, rows]


def audit_actions(conn: Any, case_id: str) -> list[str]:
    return [entry.action for entry in AuditLog(conn).entries(case_id)]


def ids(summaries: list[Any]) -> list[str]:
    return [s.case_id for s in summaries]


# -- create, get, revisions ------------------------------------------------------------------------


def test_create_and_get_round_trip_russian_and_english(store: CaseStore, vocab: Vocabularies) -> None:
    russian = store.create_case(doc())
    english = store.create_case(doc(title="Raid on a community centre", narrative="Officers seized laptops."))
    for record, title in ((russian, "Нападение у клуба"), (english, "Raid on a community centre")):
        fetched = store.get(record.case_id)
        assert fetched == record
        assert fetched.content["title"] == title
        assert (fetched.revision, fetched.status, fetched.author) == (1, "draft", AUTHOR)
        assert fetched.content_hash == content_hash(fetched.content)
        assert fetched.sealed_at is None and fetched.signature is None
        assert fetched.created_at == fetched.updated_at
    assert russian.content["persons"][0]["identifying"]["full_name"] == "Иван Петров"
    assert russian.content["location"]["district"] == "NWFD"
    assert russian.created_at == "2026-11-22T03:04:05Z"
    assert russian.case_id != english.case_id


def test_get_unknown_case_or_revision_is_not_found(store: CaseStore) -> None:
    record = store.create_case(doc())
    with pytest.raises(NotFoundError):
        store.get("00000000-0000-4000-8000-000000000000")
    with pytest.raises(NotFoundError, match="no revision 2"):
        store.get(record.case_id, 2)
    with pytest.raises(NotFoundError) as missing:
        store.get("Иван Петров")
    assert "Иван" not in str(missing.value)
    with pytest.raises(NotFoundError):
        store.revisions("00000000-0000-4000-8000-000000000000")


def test_invalid_document_is_rejected(store: CaseStore) -> None:
    with pytest.raises(CaseValidationError):
        store.create_case(doc(violations=["NOT.A.CODE"]))
    assert store.count_cases() == 0


def test_save_draft_updates_the_draft_in_place(store: CaseStore, db: Any) -> None:
    record = store.create_case(doc())
    saved = store.save_draft(record.case_id, {**record.content, "narrative": "Новый текст показаний."})
    assert (saved.revision, saved.status) == (1, "draft")
    assert saved.content["narrative"] == "Новый текст показаний."
    assert saved.created_at == record.created_at and saved.updated_at > record.updated_at
    assert len(store.revisions(record.case_id)) == 1
    assert audit_actions(db, record.case_id) == ["case.create", "case.save"]


def test_saving_unchanged_content_writes_nothing(store: CaseStore, db: Any) -> None:
    record = store.create_case(doc())
    before = dump(db)
    assert store.save_draft(record.case_id, record.content) == record
    assert dump(db) == before


def test_editing_a_sealed_case_starts_a_new_revision(store: CaseStore, db: Any) -> None:
    record = store.create_case(doc())
    sealed = store.seal(record.case_id)
    revised = store.save_draft(record.case_id, {**record.content, "title": "Уточнённый заголовок"})
    assert (revised.revision, revised.status, revised.sealed_at) == (2, "draft", None)
    assert store.get(record.case_id, 1) == sealed
    assert store.get(record.case_id).revision == 2
    again = store.save_draft(record.case_id, {**revised.content, "narrative": "ещё правка"})
    assert again.revision == 2
    assert audit_actions(db, record.case_id) == ["case.create", "case.seal", "case.revise", "case.save"]
    revise_entry = AuditLog(db).entries(record.case_id)[2]
    assert revise_entry.details == {
        "revision": 2,
        "previous_revision": 1,
        "content_hash": revised.content_hash,
    }


def test_revisions_history_oldest_first(store: CaseStore) -> None:
    record = store.create_case(doc())
    store.seal(record.case_id)
    store.save_draft(record.case_id, {**record.content, "title": "Вторая версия"})
    store.seal(record.case_id)
    store.save_draft(record.case_id, {**record.content, "title": "Третья версия"})
    history = store.revisions(record.case_id)
    assert [(r.revision, r.status, r.signed) for r in history] == [
        (1, "sealed", True),
        (2, "sealed", True),
        (3, "draft", False),
    ]
    assert history[0].sealed_at is not None and history[2].sealed_at is None
    assert [store.get(record.case_id, r.revision).content["title"] for r in history] == [
        "Нападение у клуба",
        "Вторая версия",
        "Третья версия",
    ]


# -- sealing -----------------------------------------------------------------------------------------


def test_seal_signs_a_statement_a_verifier_can_rebuild(store: CaseStore, db: Any) -> None:
    record = store.create_case(doc())
    sealed = store.seal(record.case_id)
    assert sealed.status == "sealed" and sealed.sealed_at is not None
    assert sealed.content == record.content
    assert sealed.content_hash == content_hash(record.content)

    rebuilt = CaseStore.seal_statement(store.get(record.case_id))
    assert rebuilt == seal_statement(sealed)
    assert sealed.signature is not None
    assert hmac.compare_digest(sealed.signature, hmac_signer(rebuilt))
    assert json.loads(rebuilt) == {
        "type": "intake.case-seal/1",
        "case_id": record.case_id,
        "revision": 1,
        "author": AUTHOR,
        "content_hash": sealed.content_hash,
        "sealed_at": sealed.sealed_at,
    }
    seal_entry = AuditLog(db).entries(record.case_id)[-1]
    assert seal_entry.action == "case.seal"
    assert seal_entry.details == {"revision": 1, "content_hash": sealed.content_hash, "signed": True}


def test_seal_without_a_signer_leaves_no_signature(make_store: Callable[..., CaseStore]) -> None:
    store = make_store(signer=None)
    sealed = store.seal(store.create_case(doc()).case_id)
    assert sealed.status == "sealed" and sealed.signature is None


def test_sealing_twice_or_an_unknown_case_is_refused(store: CaseStore) -> None:
    record = store.create_case(doc())
    store.seal(record.case_id)
    with pytest.raises(BadInputError, match="already sealed"):
        store.seal(record.case_id)
    with pytest.raises(NotFoundError):
        store.seal("00000000-0000-4000-8000-000000000000")


def test_sealed_revisions_cannot_be_changed_even_with_raw_sql(store: CaseStore, db: Any) -> None:
    sealed = store.seal(store.create_case(doc()).case_id)
    key = (sealed.case_id, sealed.revision)
    for statement in (
        "UPDATE case_revision SET content = '{}' WHERE case_id = ? AND revision = ?",
        "UPDATE case_revision SET status = 'draft', sealed_at = NULL WHERE case_id = ? AND revision = ?",
        "UPDATE case_revision SET signature = NULL WHERE case_id = ? AND revision = ?",
        "DELETE FROM case_revision WHERE case_id = ? AND revision = ?",
    ):
        with pytest.raises(sqlcipher3.IntegrityError, match="seal"):
            db.execute(statement, key)
    assert store.get(*key) == sealed


def test_drafts_remain_editable_with_raw_sql(store: CaseStore, db: Any) -> None:
    # The triggers must be specific to sealed rows, or saving drafts would break.
    draft = store.create_case(doc())
    db.execute("UPDATE case_revision SET updated_at = 'x' WHERE case_id = ?", (draft.case_id,))
    assert store.get(draft.case_id).updated_at == "x"


def test_other_devices_cases_cannot_be_changed_here(
    store: CaseStore, make_store: Callable[..., CaseStore]
) -> None:
    record = store.create_case(doc())
    other = make_store(author="b2" * 32)
    with pytest.raises(BadInputError, match="another device"):
        other.save_draft(record.case_id, doc(title="чужая правка"))
    with pytest.raises(BadInputError, match="another device"):
        other.seal(record.case_id)
    with pytest.raises(BadInputError, match="another device"):
        other.delete_draft_case(record.case_id)
    assert store.get(record.case_id) == record


# -- deleting drafts ---------------------------------------------------------------------------------


def test_delete_draft_case_removes_every_trace(store: CaseStore, db: Any) -> None:
    keep = store.create_case(doc(title="Оставить"))
    gone = store.create_case(doc(title="Удалить черновик", narrative="уникальноеслово"))
    assert ids(store.search("уникальноеслово")) == [gone.case_id]
    store.delete_draft_case(gone.case_id)
    for table in ("case_revision", "case_index", "case_code"):
        count = db.execute(f"SELECT count(*) FROM {table} WHERE case_id = ?", (gone.case_id,)).fetchone()[0]
        assert count == 0, table
    assert store.search("уникальноеслово") == []
    assert store.search("черновик") == []
    assert ids(store.list_cases()) == [keep.case_id]
    with pytest.raises(NotFoundError):
        store.get(gone.case_id)
    delete_entry = AuditLog(db).entries(gone.case_id)[-1]
    assert (delete_entry.action, delete_entry.details) == ("case.delete", {})
    assert AuditLog(db).verify().ok


def test_a_case_that_was_ever_sealed_cannot_be_deleted(store: CaseStore) -> None:
    record = store.create_case(doc())
    store.seal(record.case_id)
    store.save_draft(record.case_id, {**record.content, "title": "правка"})
    with pytest.raises(BadInputError, match="sealed"):
        store.delete_draft_case(record.case_id)
    assert len(store.revisions(record.case_id)) == 2


# -- atomicity -----------------------------------------------------------------------------------------


def test_failing_signer_leaves_the_database_unchanged(make_store: Callable[..., CaseStore], db: Any) -> None:
    def broken_signer(_message: bytes) -> bytes:
        raise OSError("signing device unavailable")

    store = make_store(signer=broken_signer)
    record = store.create_case(doc())
    before = dump(db)
    with pytest.raises(OSError, match="signing device"):
        store.seal(record.case_id)
    assert dump(db) == before
    assert store.get(record.case_id).status == "draft"


@pytest.mark.parametrize("operation", ["create", "save", "revise", "seal", "delete"])
def test_failure_at_the_last_write_leaves_the_database_unchanged(
    store: CaseStore, db: Any, operation: str
) -> None:
    draft = store.create_case(doc())
    sealed = store.seal(store.create_case(doc(title="Запечатано")).case_id)
    # The audit entry is written last, after the revision, index, codes and search rows; making
    # it fail proves all of those are rolled back with it.
    db.execute(
        "CREATE TRIGGER audit_fails BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk gone'); END"
    )
    before = dump(db)
    actions: dict[str, Callable[[], object]] = {
        "create": lambda: store.create_case(doc(title="новое")),
        "save": lambda: store.save_draft(draft.case_id, doc(title="правка черновика")),
        "revise": lambda: store.save_draft(sealed.case_id, doc(title="новая версия")),
        "seal": lambda: store.seal(draft.case_id),
        "delete": lambda: store.delete_draft_case(draft.case_id),
    }
    with pytest.raises(sqlcipher3.IntegrityError, match="disk gone"):
        actions[operation]()
    assert dump(db) == before
    assert not db.in_transaction


def test_validation_failure_leaves_the_database_unchanged(store: CaseStore, db: Any) -> None:
    record = store.create_case(doc())
    before = dump(db)
    with pytest.raises(CaseValidationError):
        store.save_draft(record.case_id, doc(title=""))
    assert dump(db) == before


def test_full_disk_is_a_storage_error_and_changes_nothing(store: CaseStore, db: Any) -> None:
    record = store.create_case(doc())
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    before = dump(db)
    with pytest.raises(StorageError, match="disk is full"):
        store.save_draft(record.case_id, doc(narrative="показания " * 20_000))
    assert dump(db) == before
    assert not db.in_transaction


def test_read_only_database_is_a_storage_error(store: CaseStore, db: Any) -> None:
    db.execute("PRAGMA query_only = ON")
    with pytest.raises(StorageError, match="read-only"):
        store.create_case(doc())
    db.execute("PRAGMA query_only = OFF")
    assert store.count_cases() == 0


def test_transactions_cannot_nest_and_roll_back_on_error(db: Any) -> None:
    with transaction(db), pytest.raises(RuntimeError, match="nested"), transaction(db):
        pass
    with pytest.raises(ZeroDivisionError), transaction(db):
        db.execute("INSERT INTO vault_setting (key, value) VALUES ('k', 'v')")
        _ = 1 / 0
    assert db.execute("SELECT count(*) FROM vault_setting").fetchone()[0] == 0
    assert not db.in_transaction


# -- list, filters, sort, paging -------------------------------------------------------------------------


@pytest.fixture
def listed(store: CaseStore) -> dict[str, str]:
    """Four cases with distinct filterable values; returns name -> case id."""
    a = store.create_case(
        doc(title="Альфа", violations=["PHY.ASLT"], occurred={"date": "2024", "precision": "year"})
    )
    b = store.create_case(
        doc(
            title="Бета",
            violations=["EXT.ADM"],
            location={"subject": "RU-MOS"},
            occurred={"date": "2024-03-15", "precision": "exact"},
        )
    )
    c = store.create_case(doc(title="Гамма", violations=["THR.THREAT", "PHY.KILL"], occurred=None))
    d = store.create_case(
        doc(title="Дельта", violations=[], location={}, occurred={"date": "2023-12", "precision": "month"})
    )
    store.seal(b.case_id)
    return {"a": a.case_id, "b": b.case_id, "c": c.case_id, "d": d.case_id}


def test_list_defaults_to_most_recently_updated_first(store: CaseStore, listed: dict[str, str]) -> None:
    # b was sealed last, then d, c, a in reverse creation order.
    assert ids(store.list_cases()) == [listed[k] for k in "bdca"]
    assert ids(store.list_cases(descending=False)) == [listed[k] for k in "acdb"]


def test_list_summaries_carry_index_columns_and_violations(store: CaseStore, listed: dict[str, str]) -> None:
    summary = {s.case_id: s for s in store.list_cases()}
    b, c = summary[listed["b"]], summary[listed["c"]]
    assert (b.status, b.district, b.subject, b.title) == ("sealed", "CFD", "RU-MOS", "Бета")
    assert (b.occurred_first, b.occurred_last, b.occurred_precision) == ("2024-03-15", "2024-03-15", "exact")
    assert (b.received, b.police_stage, b.confidentiality, b.author) == (
        "2024-04-02",
        "PS.REFUSED",
        "restricted",
        AUTHOR,
    )
    assert c.violations == ("PHY.KILL", "THR.THREAT")
    assert summary[listed["d"]].violations == ()


def test_list_filters_and_counts_agree(store: CaseStore, listed: dict[str, str]) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"status": "sealed"}, "b"),
        ({"status": "draft"}, "acd"),
        ({"district": "NWFD"}, "ac"),
        ({"subject": "RU-MOS"}, "b"),
        ({"district": "CFD", "status": "draft"}, ""),
        ({"violation_group_codes": ["PHY.ASLT"]}, "a"),
        ({"violation_group_codes": ["physical"]}, "ac"),
        ({"violation_group_codes": ["extremism", "THR.THREAT"]}, "bc"),
        ({"violation_group_codes": []}, "abcd"),
        ({"occurred_from": "2024-03-01", "occurred_to": "2024-03-31"}, "ab"),
        ({"occurred_from": "2024-04"}, "a"),
        ({"occurred_to": "2023"}, "d"),
        ({"occurred_from": "2023-12-31", "occurred_to": "2023-12-31"}, "d"),
    ]
    for filters, expected in cases:
        found = store.list_cases(**filters, sort="title", descending=False)
        assert ids(found) == [listed[k] for k in expected], filters
        assert store.count_cases(**filters) == len(expected), filters


def test_violation_filter_gives_the_same_cases_in_its_many_matches_shape(
    store: CaseStore,
    listed: dict[str, str],
    db: Any,
    vocab: Vocabularies,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Filters switch to checking each row's violations column when the codes match many cases
    (tuned for 100,000); lowering the threshold exercises that shape on a small store."""
    from intake import case_queries

    monkeypatch.setattr(case_queries, "_FEW_VIOLATION_MATCHES", 0)
    where, _params = case_queries.filter_sql(
        db, vocab, case_queries.CaseFilter(violation_group_codes=["physical"])
    )
    assert where.startswith("(instr(ci.violations")
    for codes, expected in ((["PHY.ASLT"], "a"), (["physical"], "ac"), (["extremism", "THR.THREAT"], "bc")):
        found = store.list_cases(violation_group_codes=codes, sort="title", descending=False)
        assert ids(found) == [listed[k] for k in expected], codes
        assert store.count_cases(violation_group_codes=codes) == len(expected), codes


# -1 forces the row-check shape (any probe count exceeds it); 2000 keeps a small store on lookups.
_SHAPES = {"lookup shape": (2000, "ci.case_id IN"), "row-check shape": (-1, "(instr(ci.violations")}


@pytest.mark.parametrize("shape", list(_SHAPES))
def test_a_violation_removed_by_an_edit_stops_matching(
    store: CaseStore, db: Any, vocab: Vocabularies, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    from intake import case_queries

    threshold, prefix = _SHAPES[shape]
    monkeypatch.setattr(case_queries, "_FEW_VIOLATION_MATCHES", threshold)
    record = store.create_case(doc(violations=["PHY.ASLT", "THR.THREAT"]))
    assert store.count_cases(violation_group_codes=["PHY.ASLT"]) == 1
    store.save_draft(record.case_id, {**record.content, "violations": ["THR.THREAT"]})
    for codes, expected in ((["PHY.ASLT"], 0), (["physical"], 0), (["THR.THREAT"], 1), (["threats"], 1)):
        case_filter = case_queries.CaseFilter(violation_group_codes=codes)
        where, _params = case_queries.filter_sql(db, vocab, case_filter)
        assert where.startswith(prefix), (shape, where)
        assert store.count_cases(violation_group_codes=codes) == expected, codes
        assert len(store.list_cases(violation_group_codes=codes)) == expected, codes
    (summary,) = store.list_cases()
    assert summary.violations == ("THR.THREAT",)


@pytest.mark.parametrize("shape", list(_SHAPES))
def test_a_code_never_matches_inside_a_longer_code(
    db: Any, tmp_path: Path, clock: Callable[[], datetime], monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    """Codes are matched whole: with PHY.ASLT and PHY.ASLTX both in the vocabulary, a filter for
    one never finds a case that has only the other."""
    from intake import case_queries
    from intake.vocabulary import VOCABULARIES_FILE, load_vocabularies

    raw = json.loads(VOCABULARIES_FILE.read_text(encoding="utf-8"))
    raw["vocabularies"]["violation"]["terms"].append(
        {"code": "PHY.ASLTX", "en": "Test term", "ru": "Тестовый термин", "group": "physical"}
    )
    path = tmp_path / "vocabularies.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    vocab = load_vocabularies(path)
    store = CaseStore(db, author=AUTHOR, vocab=vocab, clock=clock, signer=hmac_signer)
    monkeypatch.setattr(case_queries, "_FEW_VIOLATION_MATCHES", _SHAPES[shape][0])
    longer = store.create_case(doc(title="longer", violations=["PHY.ASLTX"]))
    shorter = store.create_case(doc(title="shorter", violations=["PHY.ASLT"]))
    assert ids(store.list_cases(violation_group_codes=["PHY.ASLT"])) == [shorter.case_id]
    assert ids(store.list_cases(violation_group_codes=["PHY.ASLTX"])) == [longer.case_id]
    assert store.count_cases(violation_group_codes=["PHY.ASLT"]) == 1


def test_sort_keys_are_whitelisted(store: CaseStore, listed: dict[str, str]) -> None:
    assert ids(store.list_cases(sort="title", descending=False)) == [listed[k] for k in "abcd"]
    assert ids(store.list_cases(sort="occurred_first", descending=True)) == [listed[k] for k in "badc"]
    for sort in ("created_at", "received", "updated_at"):
        assert len(store.list_cases(sort=sort)) == 4
    for hostile in ("title; DROP TABLE case_index", "content", "ci.title", "random()"):
        with pytest.raises(BadInputError):
            store.list_cases(sort=hostile)
    assert store.count_cases() == 4


def test_bad_filter_values_are_rejected_clearly(store: CaseStore, listed: dict[str, str]) -> None:
    with pytest.raises(BadInputError, match="status"):
        store.list_cases(status="deleted")
    with pytest.raises(BadInputError, match=r"NOPE\.X"):
        store.count_cases(violation_group_codes=["NOPE.X"])
    with pytest.raises(BadInputError) as hidden:
        store.list_cases(violation_group_codes=["Иван Петров"])
    assert "Иван" not in str(hidden.value)
    for bad_date in ("2024-02-30", "24-03", "March", "2024-13"):
        with pytest.raises(BadInputError, match="YYYY"):
            store.list_cases(occurred_from=bad_date)
    with pytest.raises(BadInputError):
        store.list_cases(limit=-1)
    with pytest.raises(BadInputError):
        store.list_cases(offset=-5)


def test_paging_covers_every_case_once(store: CaseStore) -> None:
    created = {store.create_case(doc(title=f"Случай {n:02d}")).case_id for n in range(23)}
    seen: list[str] = []
    for offset in range(0, 30, 5):
        seen += ids(store.list_cases(limit=5, offset=offset))
    assert len(seen) == 23 and set(seen) == created
    assert store.list_cases(limit=5, offset=23) == []
    assert store.count_cases() == 23


def test_list_queries_use_indexes_for_the_default_sort(db: Any, vocab: Vocabularies) -> None:
    """A plan-level guard for 100,000-case lists: no full sort of the table for the common views."""
    from intake.case_queries import CaseFilter, filter_sql

    for case_filter in (
        CaseFilter(),
        CaseFilter(status="draft"),
        CaseFilter(district="CFD"),
        CaseFilter(subject="RU-MOS"),
    ):
        where, params = filter_sql(db, vocab, case_filter)
        plan = db.execute(
            f"EXPLAIN QUERY PLAN SELECT ci.case_id FROM case_index AS ci WHERE {where} "
            "ORDER BY ci.updated_at DESC, ci.id DESC LIMIT 100",
            params,
        ).fetchall()
        text = " ".join(str(row[-1]) for row in plan)
        assert "USING INDEX" in text and "TEMP B-TREE" not in text, (case_filter, text)


# -- search ---------------------------------------------------------------------------------------------


def test_search_is_case_insensitive_for_russian_and_folds_yo(store: CaseStore) -> None:
    record = store.create_case(doc(narrative="полиция задержала активистов; ёлка у входа"))
    assert ids(store.search("Полиция")) == [record.case_id]
    assert ids(store.search("ПОЛИЦИЯ")) == [record.case_id]
    assert ids(store.search("задерж")) == [record.case_id]  # prefix
    assert ids(store.search("елка")) == [record.case_id]
    assert ids(store.search("Ёлка")) == [record.case_id]
    assert ids(store.search("полиция активистов")) == [record.case_id]
    assert store.search("полиция отсутствующееслово") == []


@pytest.mark.parametrize(
    ("field", "term"),
    [
        ("title", "клуба"),
        ("narrative", "заявление"),
        ("notes", "адвокату"),
        ("pseudonym", "Гроза"),
        ("identifying", "Петров"),
        ("legal_qualification", "КоАП 20.3"),
        ("relation", "участковый"),
        ("city", "Петербург"),
    ],
)
def test_search_finds_a_word_from_each_text_field(store: CaseStore, field: str, term: str) -> None:
    store.create_case(
        doc(title="Другое", narrative="", notes="", persons=[], acts=[], perpetrators=[], location={})
    )
    record = store.create_case(doc())
    assert ids(store.search(term)) == [record.case_id], field


def test_results_are_newest_case_first_and_page_cleanly(store: CaseStore) -> None:
    created = [store.create_case(doc(title=f"Клуб {n}", narrative="подробности")) for n in range(7)]
    store.create_case(doc(title="Другое", narrative="ничего общего"))
    newest_first = [r.case_id for r in reversed(created)]
    assert ids(store.search("клуб")) == newest_first
    pages = [ids(store.search("КЛУБ", limit=3, offset=offset)) for offset in (0, 3, 6)]
    assert pages == [newest_first[:3], newest_first[3:6], newest_first[6:]]
    # Editing an older case keeps its place: the order is by creation, not by last change.
    store.save_draft(created[0].case_id, {**created[0].content, "narrative": "клуб снова"})
    assert ids(store.search("клуб")) == newest_first


def test_edited_words_stop_matching(store: CaseStore) -> None:
    record = store.create_case(doc(narrative="первоначальная версия событий"))
    store.save_draft(record.case_id, {**record.content, "narrative": "исправленная версия событий"})
    assert store.search("первоначальная") == []
    assert ids(store.search("исправленная")) == [record.case_id]
    store.seal(record.case_id)
    store.save_draft(record.case_id, {**record.content, "narrative": "третья редакция"})
    assert store.search("исправленная") == []
    assert ids(store.search("редакция")) == [record.case_id]
    assert ids(store.list_cases()) == [record.case_id]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "*",
        "NEAR(",
        "NEAR(a b",
        "OR",
        "a OR",
        "-",
        "-полиция",
        "title:",
        "col:полиция",
        "AND NOT",
        "(",
        ")",
        "^",
        "+",
        ",.;!",
        "\x00",
        "a\x00b",
        '"unbalanced',
        "*полиция*",
        "{title narrative}: x",
    ],
)
def test_fts_syntax_in_queries_never_raises(store: CaseStore, query: str) -> None:
    store.create_case(doc())
    store.search(query)


def test_fts_operators_are_searched_as_words(store: CaseStore) -> None:
    record = store.create_case(doc(narrative="it was NEAR the OR gate"))
    assert ids(store.search("NEAR")) == [record.case_id]
    assert ids(store.search("or")) == [record.case_id]
    assert ids(store.search("title:полиция")) == []  # not a column filter: a phrase


def test_blank_and_punctuation_queries_return_nothing(store: CaseStore) -> None:
    store.create_case(doc())
    for query in ("", "   ", "\t\n", "!!! ...", '"'):
        assert store.search(query) == []
    assert fts_query('a"b  c') == '"a""b"* AND "c"*'


def test_search_pages(store: CaseStore) -> None:
    for n in range(7):
        store.create_case(doc(title=f"Обыск {n}"))
    first, second = store.search("обыск", limit=4), store.search("обыск", limit=4, offset=4)
    assert len(first) == 4 and len(second) == 3
    assert not set(ids(first)) & set(ids(second))


# -- audit -----------------------------------------------------------------------------------------------


def test_every_change_is_audited_without_case_text(store: CaseStore, db: Any) -> None:
    record = store.create_case(doc())
    store.save_draft(record.case_id, {**record.content, "notes": "новая заметка"})
    store.seal(record.case_id)
    store.save_draft(record.case_id, {**record.content, "title": "правка"})
    doomed = store.create_case(doc(title="Черновик на удаление"))
    store.delete_draft_case(doomed.case_id)
    log = AuditLog(db)
    assert [e.action for e in log.entries()] == [
        "case.create",
        "case.save",
        "case.seal",
        "case.revise",
        "case.create",
        "case.delete",
    ]
    assert all(e.actor == AUTHOR and e.object_type == "case" for e in log.entries())
    everything = db.execute(
        "SELECT group_concat(details || action || object_id, ' ') FROM audit_log"
    ).fetchone()[0]
    for word in ("Нападение", "Полиция", "Гроза", "Иван", "заметка", "правка", "Черновик"):
        assert word not in everything
    assert log.verify().ok


# -- translations -------------------------------------------------------------------------------------------


def _marked_strings(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


def test_russian_catalog_covers_this_areas_strings() -> None:
    root = Path(__file__).resolve().parent.parent / "intake"
    modules = [
        "case_store.py",
        "case_queries.py",
        "transactions.py",
        "audit_log.py",
        "migrations/__init__.py",
    ]
    marked = set().union(*(_marked_strings(root / m) for m in modules))
    assert marked, "no translatable strings found"
    catalog = load_catalog("ru")
    missing = sorted(m for m in marked if m not in catalog)
    assert missing == []


def test_returned_records_equal_what_is_stored(store: CaseStore) -> None:
    """create_case and save_draft build their result instead of reading it back: it must be
    exactly what a read returns, for a new case, an in-place draft save and a new revision."""
    created = store.create_case(doc(title="Первая"))
    assert created == store.get(created.case_id)
    saved = store.save_draft(created.case_id, {**created.content, "title": "Вторая"})
    assert saved == store.get(created.case_id)
    assert saved.created_at == created.created_at
    store.seal(created.case_id)
    revised = store.save_draft(created.case_id, {**saved.content, "title": "Третья"})
    assert revised == store.get(created.case_id)
    assert revised.revision == 2


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Сотрудники полиции отказали", "полиция"),
        ("Жалоба на полицию", "Полиции"),
        ("Задержание участников пикета", "участники"),
        ("Задержание участников пикета", "задержания"),
        ("Письмо с угрозой", "угрозы"),
        ("Сотрудник потребовал деньги", "сотрудниками"),
    ],
)
def test_search_finds_other_forms_of_a_russian_word(store: CaseStore, stored: str, typed: str) -> None:
    record = store.create_case(doc(title="Дело", narrative=stored))
    store.create_case(doc(title="Другое", narrative="Совсем иной текст про суд"))
    assert ids(store.search(typed)) == [record.case_id]


def test_stemming_leaves_short_and_latin_words_alone() -> None:
    from intake.case_queries import russian_stem

    assert russian_stem("суд") == "суд"
    assert russian_stem("police") == "police"
    assert russian_stem("угроза") == "угроз"


def test_count_search_agrees_with_search(store: CaseStore) -> None:
    for n in range(5):
        store.create_case(doc(title=f"Жирафы {n}" if n % 2 else f"Суд {n}"))
    assert store.count_search("жираф") == len(store.search("жираф")) == 2
    assert store.count_search("   ") == 0
    assert store.count_search('"*') == 0

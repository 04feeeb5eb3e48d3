"""The case list index: keeping it in step with the newest revision, and querying it.

Each case has one row in case_index (list columns, its violation codes included), its
multi-valued codes in case_code and one entry in the FTS5 table case_search, keyed by the
*negated* case_index rowid (see `search_rowid`). The store calls the writers here inside its own
transaction. The readers never touch the revisions' JSON, so a page of a 100,000-case list costs
one indexed query. User input reaches SQL only as bound parameters: sort keys come from a
whitelist and search text is rebuilt into quoted FTS5 terms.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from intake.case_document import date_range, searchable_text
from intake.errors import BadInputError
from intake.i18n import _
from intake.vocabulary import CODE_PATTERN, Vocabularies

Connection = Any

STATUSES = ("draft", "sealed")

# Public sort keys are CaseSummary field names; values are trusted SQL.
SORT_COLUMNS = {
    "updated_at": "ci.updated_at",
    "created_at": "ci.created_at",
    "occurred_first": "ci.occurred_first",
    "received": "ci.received",
    "title": "ci.title",
}

MAX_PAGE_SIZE = 1000

_SUMMARY_COLUMNS = (
    "ci.case_id, ci.revision, ci.status, ci.title, ci.occurred_first, ci.occurred_last, "
    "ci.occurred_precision, ci.received, ci.district, ci.subject, ci.confidentiality, "
    "ci.police_stage, ci.author, ci.created_at, ci.updated_at, ci.violations"
)

# Document lists whose codes are filterable: (document key, vocabulary, key inside each entry or
# None when the list holds the codes themselves).
_CODE_FIELDS: tuple[tuple[str, str, str | None], ...] = (
    ("violations", "violation", None),
    ("bias_motivations", "bias", None),
    ("bias_indicators", "bias_indicator", None),
    ("perpetrators", "perpetrator", "type"),
    ("followups", "need", "need"),
)

_DATE_BOUND = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)


@dataclass(frozen=True)
class CaseSummary:
    case_id: str
    revision: int
    status: str
    title: str
    occurred_first: str | None
    occurred_last: str | None
    occurred_precision: str | None
    received: str | None
    district: str | None
    subject: str | None
    confidentiality: str
    police_stage: str | None
    author: str
    created_at: str
    updated_at: str
    violations: tuple[str, ...]


@dataclass(frozen=True)
class CaseFilter:
    status: str | None = None
    district: str | None = None
    subject: str | None = None
    violation_group_codes: Sequence[str] | None = None
    occurred_from: str | None = None
    occurred_to: str | None = None


# -- writing (inside the caller's transaction) ------------------------------------------------


def document_codes(doc: Mapping[str, Any]) -> set[tuple[str, str]]:
    """(vocabulary, code) pairs of a normalized document's multi-valued, filterable fields."""
    pairs: set[tuple[str, str]] = set()
    for key, vocabulary, inner in _CODE_FIELDS:
        for entry in doc.get(key) or ():
            code = entry if inner is None else entry.get(inner)
            if code:
                pairs.add((vocabulary, code))
    return pairs


def violations_column(doc: Mapping[str, Any]) -> str:
    """case_index.violations: the codes sorted, space-delimited, with a space at each end, so
    that `instr(violations, ' CODE ')` matches whole codes only (codes have no spaces)."""
    codes = sorted({code for code in doc.get("violations") or () if code})
    return f" {' '.join(codes)} " if codes else ""


def _index_fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    occurred = doc.get("occurred")
    first_last = date_range(occurred)
    location = doc.get("location") or {}
    return {
        "title": doc["title"],
        "occurred_first": first_last[0] if first_last else None,
        "occurred_last": first_last[1] if first_last else None,
        "occurred_precision": occurred["precision"] if occurred else None,
        "received": doc.get("received"),
        "district": location.get("district"),
        "subject": location.get("subject"),
        "confidentiality": doc["confidentiality"],
        "police_stage": doc.get("police_stage"),
        "violations": violations_column(doc),
    }


def search_rowid(index_id: int) -> int:
    """The case's rowid in case_search: its case_index id, negated, so that FTS5's native
    ascending rowid order lists the newest case first. Paging in that order lets FTS5 stop after
    one page; ranking (bm25) or a descending prefix scan has to visit every match, and with
    SQLCipher's memory security every allocation that costs is wiped and unlocked again
    (docs/decisions/0007-search-order.md)."""
    return -index_id


def _insert_row(
    conn: Connection,
    case_id: str,
    doc: Mapping[str, Any],
    *,
    revision: int,
    status: str,
    author: str,
    created_at: str,
    updated_at: str,
) -> int:
    index_id: int = conn.execute(
        "INSERT INTO case_index (case_id, revision, status, title, occurred_first, occurred_last, "
        "occurred_precision, received, district, subject, confidentiality, police_stage, violations, "
        "author, created_at, updated_at) VALUES (:case_id, :revision, :status, :title, :occurred_first, "
        ":occurred_last, :occurred_precision, :received, :district, :subject, :confidentiality, "
        ":police_stage, :violations, :author, :created_at, :updated_at)",
        {
            **_index_fields(doc),
            "case_id": case_id,
            "revision": revision,
            "status": status,
            "author": author,
            "created_at": created_at,
            "updated_at": updated_at,
        },
    ).lastrowid
    _write_codes_and_text(conn, index_id, case_id, doc)
    return index_id


def _rewrite_row(
    conn: Connection,
    index_id: int,
    case_id: str,
    doc: Mapping[str, Any],
    *,
    revision: int,
    status: str,
    updated_at: str,
) -> None:
    # Old codes and words are deleted first so that whatever left the document stops matching.
    conn.execute(
        "UPDATE case_index SET revision = :revision, status = :status, title = :title, "
        "occurred_first = :occurred_first, occurred_last = :occurred_last, "
        "occurred_precision = :occurred_precision, received = :received, district = :district, "
        "subject = :subject, confidentiality = :confidentiality, police_stage = :police_stage, "
        "violations = :violations, updated_at = :updated_at WHERE id = :id",
        {
            **_index_fields(doc),
            "revision": revision,
            "status": status,
            "updated_at": updated_at,
            "id": index_id,
        },
    )
    conn.execute("DELETE FROM case_code WHERE case_id = ?", (case_id,))
    conn.execute("DELETE FROM case_search WHERE rowid = ?", (search_rowid(index_id),))
    _write_codes_and_text(conn, index_id, case_id, doc)


def add_to_index(conn: Connection, case_id: str, doc: Mapping[str, Any], *, author: str, now: str) -> int:
    """Indexes a new case (revision 1, a draft); returns its case_index rowid."""
    return _insert_row(
        conn, case_id, doc, revision=1, status="draft", author=author, created_at=now, updated_at=now
    )


def update_index(
    conn: Connection, index_id: int, case_id: str, revision: int, doc: Mapping[str, Any], *, now: str
) -> None:
    """Points the case's index at a new draft content."""
    _rewrite_row(conn, index_id, case_id, doc, revision=revision, status="draft", updated_at=now)


def index_sealed_revision(
    conn: Connection,
    index_id: int | None,
    case_id: str,
    revision: int,
    doc: Mapping[str, Any],
    *,
    author: str,
    created_at: str,
    updated_at: str,
) -> None:
    """Points the index at a sealed revision another device wrote (merged from a bundle): a new
    case (`index_id` None), or a newer revision than the one listed."""
    if index_id is None:
        _insert_row(
            conn,
            case_id,
            doc,
            revision=revision,
            status="sealed",
            author=author,
            created_at=created_at,
            updated_at=updated_at,
        )
    else:
        _rewrite_row(conn, index_id, case_id, doc, revision=revision, status="sealed", updated_at=updated_at)


def mark_sealed(conn: Connection, index_id: int, *, now: str) -> None:
    # Sealing does not change content, so codes and search text stay as they are.
    conn.execute("UPDATE case_index SET status = 'sealed', updated_at = ? WHERE id = ?", (now, index_id))


def remove_from_index(conn: Connection, index_id: int, case_id: str) -> None:
    conn.execute("DELETE FROM case_search WHERE rowid = ?", (search_rowid(index_id),))
    conn.execute("DELETE FROM case_code WHERE case_id = ?", (case_id,))
    conn.execute("DELETE FROM case_index WHERE id = ?", (index_id,))


def _write_codes_and_text(conn: Connection, index_id: int, case_id: str, doc: Mapping[str, Any]) -> None:
    conn.executemany(
        "INSERT INTO case_code (case_id, vocabulary, code) VALUES (?, ?, ?)",
        [(case_id, vocabulary, code) for vocabulary, code in sorted(document_codes(doc))],
    )
    title, narrative, other = (fold_for_search(text) for text in searchable_text(doc))
    conn.execute(
        "INSERT INTO case_search (rowid, title, narrative, other) VALUES (?, ?, ?, ?)",
        (search_rowid(index_id), title, narrative, other),
    )


# -- reading ----------------------------------------------------------------------------------


def fold_for_search(text: str) -> str:
    """The form text is indexed and searched in. unicode61 folds case for Cyrillic but does not
    treat ё as е (remove_diacritics only covers Latin), and Russian writes either one."""
    return unicodedata.normalize("NFC", text).replace("ё", "е").replace("Ё", "Е")


def fts_query(text: str) -> str | None:
    """User text as a safe FTS5 query: every whitespace-separated token becomes a quoted prefix
    term, all AND-ed. Quoting turns FTS5 syntax (OR, NEAR, col:, -, *, parentheses) into plain
    words. Tokens with no letter or digit would be empty phrases and are dropped. None means
    nothing searchable was typed."""
    cleaned = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in fold_for_search(text))
    terms = [
        '"' + russian_stem(token).replace('"', '""') + '"*'
        for token in cleaned.split()
        if _has_word_char(token)
    ]
    return " AND ".join(terms) if terms else None


_RUSSIAN_ENDINGS_2 = ("ов", "ев", "ам", "ям", "ах", "ях", "ом", "ем", "ым", "им", "ых", "их", "ми")
_RUSSIAN_FINAL_LETTERS = set("аяоеуюыийь")
_MIN_STEM = 4


def russian_stem(token: str) -> str:
    """A light ending-stripper for Russian search words, so that the prefix match finds every
    form: "полиция" searches "полиц*" (полиции, полицию), "участников" searches "участник*",
    "угрозой" searches "угроз*". Only Cyrillic words longer than the minimum stem are touched; it
    errs towards finding more, never fewer, cases."""
    word = token.lower()
    if len(word) <= _MIN_STEM or not any("а" <= ch <= "я" for ch in word):
        return token
    if word.endswith(_RUSSIAN_ENDINGS_2) and len(word) - 2 >= _MIN_STEM:
        word = word[:-2]
    while len(word) > _MIN_STEM and word[-1] in _RUSSIAN_FINAL_LETTERS:
        word = word[:-1]
    return word


def _has_word_char(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def _bad_date() -> BadInputError:
    return BadInputError(_("Dates must be written as YYYY-MM-DD, YYYY-MM or YYYY."))


def date_bound(value: str, *, last: bool) -> str:
    """A full ISO date from "YYYY", "YYYY-MM" or "YYYY-MM-DD": the first day the value covers,
    or the last one with `last=True` (so "to 2024-03" includes the whole of March)."""
    match = _DATE_BOUND.fullmatch(value.strip())
    if match is None:
        raise _bad_date()
    year = int(match[1])
    month = int(match[2]) if match[2] else (12 if last else 1)
    try:
        if match[3]:
            return date(year, month, int(match[3])).isoformat()
        return date(year, month, calendar.monthrange(year, month)[1] if last else 1).isoformat()
    except ValueError:
        raise _bad_date() from None


def expand_violation_codes(vocab: Vocabularies, values: Iterable[str]) -> list[str]:
    """Violation codes for a filter: each value is a violation code or a violation group
    ("physical"), which stands for every code in it."""
    groups = vocab.groups("violation")
    codes: dict[str, None] = {}
    for value in values:
        if vocab.has("violation", value):
            codes[value] = None
        elif value in groups:
            codes.update(dict.fromkeys(t.code for t in vocab.terms("violation") if t.group == value))
        elif CODE_PATTERN.fullmatch(value):
            raise BadInputError(_("Unknown violation category: {code}").format(code=value))
        else:
            raise BadInputError(_("A violation category is not a valid code."))
    return list(codes)


def _placeholders(count: int) -> str:
    return ", ".join("?" * count)


# "Any of these violations" has two SQL shapes (docs/decisions/0011-violation-filter.md). When the
# codes match few cases, IN (subquery over case_code) collects them and looks each one up. When
# they match many, collecting them costs more than it saves (a temporary table of tens of thousands
# of ids, every allocation wiped by SQLCipher), so each candidate row is checked against its own
# violations column instead: the row is read anyway for the page or for the other filters.
_FEW_VIOLATION_MATCHES = 2000


def _violation_clause(conn: Connection, codes: Sequence[str]) -> tuple[str, list[str]]:
    in_codes = _placeholders(len(codes))
    rows = f"FROM case_code AS cc WHERE cc.vocabulary = 'violation' AND cc.code IN ({in_codes})"
    capped = conn.execute(
        f"SELECT count(*) FROM (SELECT 1 {rows} LIMIT ?)",  # noqa: S608 - placeholders only
        (*codes, _FEW_VIOLATION_MATCHES + 1),
    ).fetchone()[0]
    if capped > _FEW_VIOLATION_MATCHES:
        inline = " OR ".join(["instr(ci.violations, ?) > 0"] * len(codes))
        return f"({inline})", [f" {code} " for code in codes]
    return f"ci.case_id IN (SELECT cc.case_id {rows})", list(codes)


def filter_sql(conn: Connection, vocab: Vocabularies, case_filter: CaseFilter) -> tuple[str, list[Any]]:
    """The WHERE clause (over case_index aliased `ci`) and its parameters. `conn` is asked how
    common the chosen violations are, to pick the violation filter's shape."""
    clauses: list[str] = []
    params: list[Any] = []
    if case_filter.status is not None:
        if case_filter.status not in STATUSES:
            raise BadInputError(_("Unknown case status; use 'draft' or 'sealed'."))
        clauses.append("ci.status = ?")
        params.append(case_filter.status)
    for column, value in (("district", case_filter.district), ("subject", case_filter.subject)):
        if value is not None:
            clauses.append(f"ci.{column} = ?")
            params.append(value)
    # An empty selection means "any violation", as an unticked filter list does in a UI.
    if case_filter.violation_group_codes:
        clause, clause_params = _violation_clause(
            conn, expand_violation_codes(vocab, case_filter.violation_group_codes)
        )
        clauses.append(clause)
        params.extend(clause_params)
    # Overlap: a case dated "2024" matches a filter for March 2024.
    if case_filter.occurred_from is not None:
        clauses.append("ci.occurred_last >= ?")
        params.append(date_bound(case_filter.occurred_from, last=False))
    if case_filter.occurred_to is not None:
        clauses.append("ci.occurred_first <= ?")
        params.append(date_bound(case_filter.occurred_to, last=True))
    return (" AND ".join(clauses) or "1"), params


def _check_paging(limit: int, offset: int) -> None:
    if not 0 <= limit <= MAX_PAGE_SIZE or offset < 0:
        raise BadInputError(
            _("Page size must be between 0 and {maximum}, and the offset not negative.").format(
                maximum=MAX_PAGE_SIZE
            )
        )


def list_cases(
    conn: Connection,
    vocab: Vocabularies,
    case_filter: CaseFilter,
    *,
    sort: str = "updated_at",
    descending: bool = True,
    limit: int = 100,
    offset: int = 0,
) -> list[CaseSummary]:
    column = SORT_COLUMNS.get(sort)
    if column is None:
        raise BadInputError(
            _("Unknown sort order; use one of: {choices}.").format(choices=", ".join(SORT_COLUMNS))
        )
    _check_paging(limit, offset)
    where, params = filter_sql(conn, vocab, case_filter)
    direction = "DESC" if descending else "ASC"
    # The rowid tiebreak keeps pages stable when many cases share a timestamp.
    rows = conn.execute(
        f"SELECT {_SUMMARY_COLUMNS} FROM case_index AS ci WHERE {where} "  # noqa: S608 - whitelisted
        f"ORDER BY {column} {direction}, ci.id {direction} LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    return _summaries(rows)


def count_cases(conn: Connection, vocab: Vocabularies, case_filter: CaseFilter) -> int:
    where, params = filter_sql(conn, vocab, case_filter)
    row = conn.execute(f"SELECT count(*) FROM case_index AS ci WHERE {where}", params).fetchone()  # noqa: S608
    return int(row[0])


def count_search(conn: Connection, query: str) -> int:
    """How many cases `search` would list for `query` in all."""
    match = fts_query(query)
    if match is None:
        return 0
    row = conn.execute("SELECT count(*) FROM case_search WHERE case_search MATCH ?", (match,)).fetchone()
    return int(row[0])


def search(conn: Connection, query: str, *, limit: int = 50, offset: int = 0) -> list[CaseSummary]:
    """Cases matching every word typed (as word prefixes), newest case first.

    Search filters the case list; it does not rank. The page is cut inside FTS5 (in its native
    rowid order, see `search_rowid`), then only the page's rows are joined to the index."""
    _check_paging(limit, offset)
    match = fts_query(query)
    if match is None:
        return []
    rows = conn.execute(
        f"SELECT {_SUMMARY_COLUMNS} FROM ("  # noqa: S608 - constant fragments only
        "  SELECT rowid AS rid FROM case_search WHERE case_search MATCH ? ORDER BY rowid LIMIT ? OFFSET ?"
        ") AS hit JOIN case_index AS ci ON ci.id = -hit.rid ORDER BY hit.rid",
        (match, limit, offset),
    ).fetchall()
    return _summaries(rows)


def _summaries(rows: Sequence[tuple[Any, ...]]) -> list[CaseSummary]:
    return [_summary(row) for row in rows]


def _summary(row: Sequence[Any]) -> CaseSummary:
    (case_id, revision, status, title, first, last, precision, received) = row[:8]
    (district, subject, confidentiality, police_stage, author, created_at, updated_at) = row[8:15]
    violations = tuple(row[15].split())
    return CaseSummary(
        case_id=case_id,
        revision=revision,
        status=status,
        title=title,
        occurred_first=first,
        occurred_last=last,
        occurred_precision=precision,
        received=received,
        district=district,
        subject=subject,
        confidentiality=confidentiality,
        police_stage=police_stage,
        author=author,
        created_at=created_at,
        updated_at=updated_at,
        violations=violations,
    )

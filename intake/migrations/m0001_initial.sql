-- Schema 1: settings, device identity, case revisions, the list/filter/search index, audit log.
--
-- Regular tables are STRICT so a wrong type is an error, not a silent conversion. Codes are TEXT
-- (vocabulary codes, never labels). Timestamps are ISO 8601 UTC strings ("2026-11-22T03:04:05Z"),
-- which sort chronologically as text. Dates are "YYYY-MM-DD".

CREATE TABLE vault_setting (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE device_identity (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    public_key  BLOB NOT NULL,
    private_key BLOB NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

-- One row per revision of a case; `content` is the canonical JSON of the normalized document.
-- A rowid table, not WITHOUT ROWID: rows hold whole narratives, far larger than a page.
CREATE TABLE case_revision (
    case_id      TEXT NOT NULL CHECK (length(case_id) = 36),
    revision     INTEGER NOT NULL CHECK (revision >= 1),
    author       TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'sealed')),
    content      TEXT NOT NULL,
    content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    sealed_at    TEXT,
    signature    BLOB,
    PRIMARY KEY (case_id, revision),
    CHECK ((status = 'sealed') = (sealed_at IS NOT NULL)),
    CHECK (status = 'sealed' OR signature IS NULL)
) STRICT;

-- A case has at most one editable revision at a time.
CREATE UNIQUE INDEX case_revision_one_draft ON case_revision (case_id) WHERE status = 'draft';

-- Sealing makes a revision immutable. Enforced here, below the application, so no code path
-- (a bug, a future import routine, a hand-written query) can change or remove sealed testimony.
CREATE TRIGGER case_revision_sealed_no_update
BEFORE UPDATE ON case_revision
WHEN OLD.status = 'sealed'
BEGIN
    SELECT RAISE(ABORT, 'sealed case revisions are immutable');
END;

CREATE TRIGGER case_revision_sealed_no_delete
BEFORE DELETE ON case_revision
WHEN OLD.status = 'sealed'
BEGIN
    SELECT RAISE(ABORT, 'sealed case revisions cannot be deleted');
END;

-- The act of sealing may not alter what is being sealed.
CREATE TRIGGER case_revision_seal_keeps_content
BEFORE UPDATE OF content ON case_revision
WHEN NEW.status = 'sealed' AND NEW.content IS NOT OLD.content
BEGIN
    SELECT RAISE(ABORT, 'sealing cannot change a revision''s content');
END;

-- One row per case, mirroring its current (highest) revision: what the case list shows, sorts
-- and filters on, without parsing any JSON. `id` is the rowid; the case's row in case_search has
-- rowid -id (newest first in FTS5's native order). Declared explicitly so VACUUM can never
-- renumber it.
CREATE TABLE case_index (
    id                 INTEGER PRIMARY KEY,
    case_id            TEXT NOT NULL UNIQUE,
    revision           INTEGER NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('draft', 'sealed')),
    title              TEXT NOT NULL,
    occurred_first     TEXT,
    occurred_last      TEXT,
    occurred_precision TEXT,
    received           TEXT,
    district           TEXT,
    subject            TEXT,
    confidentiality    TEXT NOT NULL,
    police_stage       TEXT,
    author             TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    FOREIGN KEY (case_id, revision) REFERENCES case_revision (case_id, revision),
    CHECK ((occurred_first IS NULL) = (occurred_last IS NULL))
) STRICT;

-- Sort keys. Every index entry ends with the rowid, so "ORDER BY x, id" walks the index as-is.
CREATE INDEX case_index_updated_at ON case_index (updated_at);
CREATE INDEX case_index_created_at ON case_index (created_at);
CREATE INDEX case_index_occurred ON case_index (occurred_first);
CREATE INDEX case_index_received ON case_index (received);
CREATE INDEX case_index_title ON case_index (title);
-- Filters, paired with the default sort so "filter + newest first" needs no temporary sort.
CREATE INDEX case_index_status ON case_index (status, updated_at);
CREATE INDEX case_index_district ON case_index (district, updated_at);
CREATE INDEX case_index_subject ON case_index (subject, updated_at);

-- Multi-valued codes of each case's current revision (violation, bias, bias_indicator,
-- perpetrator, need), so "cases with any of these violations" is an index lookup.
CREATE TABLE case_code (
    case_id    TEXT NOT NULL REFERENCES case_index (case_id),
    vocabulary TEXT NOT NULL,
    code       TEXT NOT NULL,
    PRIMARY KEY (vocabulary, code, case_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX case_code_case ON case_code (case_id);

-- Full-text search over the current revision. Contentless: the text lives only in case_revision,
-- so the index holds no second copy of the testimony. contentless_delete lets a case's entry be
-- removed by rowid; secure-delete makes FTS5 purge deleted terms from its b-tree instead of
-- leaving them behind until a merge.
CREATE VIRTUAL TABLE case_search USING fts5 (
    title,
    narrative,
    other,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO case_search (case_search, rank) VALUES ('secure-delete', 1);

-- Hash-chained: see intake/audit_log.py. Details hold ids, revision numbers and hashes, never text.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    details     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash        TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;

CREATE INDEX audit_log_object ON audit_log (object_id, seq);

-- Append-only below the application too. The hash chain is what detects tampering; these
-- triggers only stop an honest bug from rewriting history.
CREATE TRIGGER audit_log_no_update
BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete
BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

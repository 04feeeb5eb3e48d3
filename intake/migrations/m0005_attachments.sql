-- Schema 5: attachments (photos, audio recordings, scans, documents), inside the encrypted
-- database like everything else (docs/decisions/0014-attachments.md).
--
-- Content is stored once per distinct SHA-256 (`attachment_blob`), in chunks of at most 1 MiB
-- (`attachment_chunk`), so a 2 GiB video is written and read a chunk at a time and never has to
-- fit in memory. A blob's hash is NULL only while it is being written, inside the transaction
-- that adds it: a failure rolls the whole attachment back, so none is ever left half-stored.
CREATE TABLE attachment_blob (
    id     INTEGER PRIMARY KEY,
    sha256 TEXT UNIQUE CHECK (sha256 IS NULL OR length(sha256) = 64),
    size   INTEGER NOT NULL CHECK (size >= 0)
) STRICT;

CREATE TABLE attachment_chunk (
    blob_id INTEGER NOT NULL REFERENCES attachment_blob (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL CHECK (seq >= 0),
    data    BLOB NOT NULL,
    PRIMARY KEY (blob_id, seq)
) STRICT;

-- One row per file added to a case. The original's hash and size are recorded at intake and
-- travel with it; `original_blob` holds the bytes exactly as received (the evidence), or is NULL
-- on a vault that received only the working copy in a bundle. `working_blob` is the copy shown
-- and exported by default, with metadata such as EXIF and GPS removed (NULL when there was
-- nothing to remove, or nothing the app can remove). At least one of the two is present.
-- `linked_to` is the id of a person or source in the case document, or NULL for the case.
-- `removed` lists what the working copy left out, for the interface to say ("EXIF GPS").
-- `received_in` is the receipt of the bundle that brought it (NULL: added on this device).
CREATE TABLE attachment (
    id              TEXT PRIMARY KEY CHECK (length(id) = 36),
    case_id         TEXT NOT NULL CHECK (length(case_id) = 36),
    linked_to       TEXT,
    file_name       TEXT NOT NULL,
    media_type      TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('image', 'audio', 'pdf', 'text', 'other')),
    original_sha256 TEXT NOT NULL CHECK (length(original_sha256) = 64),
    original_size   INTEGER NOT NULL CHECK (original_size >= 0),
    original_blob   INTEGER REFERENCES attachment_blob (id),
    working_blob    INTEGER REFERENCES attachment_blob (id),
    removed         TEXT NOT NULL DEFAULT '',
    author          TEXT NOT NULL,
    added_at        TEXT NOT NULL,
    received_in     TEXT,
    CHECK (original_blob IS NOT NULL OR working_blob IS NOT NULL)
) STRICT;

CREATE INDEX attachment_by_case ON attachment (case_id, added_at);

-- Evidence does not change once added; only a whole attachment may go (while its case is a draft
-- that never was sealed: the application checks that).
CREATE TRIGGER attachment_no_update
BEFORE UPDATE ON attachment
BEGIN
    SELECT RAISE(ABORT, 'attachments are immutable');
END;

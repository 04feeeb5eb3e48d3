-- Schema 2: editor state that is not yet a valid case document.
--
-- The editor autosaves every few seconds. A draft that breaks the case-document rules (no title
-- yet, a date such as 2024-02-30) cannot become a revision, but what was typed must survive a lock
-- or a crash. It is kept here, inside the encrypted database, until it validates and is saved as
-- a revision (in the same transaction that removes it) or the user discards it. Never exported,
-- never audited (it is not a record yet); the panic wipe removes it with the database.
CREATE TABLE unsaved_edit (
    key        TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
    case_id    TEXT CHECK (case_id IS NULL OR length(case_id) = 36),
    content    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- content_hash of the case's newest revision when the edit was kept; NULL for a new case.
    base_hash  TEXT CHECK (base_hash IS NULL OR length(base_hash) = 64)
) STRICT;

CREATE INDEX unsaved_edit_by_case ON unsaved_edit (case_id);

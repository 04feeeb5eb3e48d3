-- Schema 6: attachments travel in bundles (docs/formats/bundle.md, "Attachment entry";
-- docs/decisions/0015-attachments-in-bundles.md).
--
-- Which of this vault's attachments each bundle carried, and whether with the original: the next
-- export sends what no bundle carried yet, and "include originals" sends the originals that only
-- went as working copies before.
CREATE TABLE bundle_sent_attachment (
    bundle_id     TEXT NOT NULL REFERENCES bundle_sent (bundle_id),
    attachment_id TEXT NOT NULL REFERENCES attachment (id),
    with_original INTEGER NOT NULL CHECK (with_original IN (0, 1)),
    PRIMARY KEY (attachment_id, bundle_id)
) STRICT, WITHOUT ROWID;

-- Attachments that arrived but are held back, like quarantined_revision: the bundle's sender is not
-- approved yet, a bundle is missing before it, the attachment's case is not held (yet), or it
-- differs from the one already held under its id. `header` is the attachment's header as the
-- bundle carried it (canonical JSON); the content is in ordinary blobs, so a release only inserts
-- the attachment row, and identical content is still stored once.
CREATE TABLE quarantined_attachment (
    receipt       TEXT NOT NULL REFERENCES bundle_received (receipt),
    position      INTEGER NOT NULL,
    attachment_id TEXT NOT NULL CHECK (length(attachment_id) = 36),
    case_id       TEXT NOT NULL CHECK (length(case_id) = 36),
    header        TEXT NOT NULL,
    original_blob INTEGER REFERENCES attachment_blob (id),
    working_blob  INTEGER REFERENCES attachment_blob (id),
    reason        TEXT NOT NULL,
    CHECK (original_blob IS NOT NULL OR working_blob IS NOT NULL),
    PRIMARY KEY (receipt, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX quarantined_attachment_by_case ON quarantined_attachment (case_id);

-- Evidence still never changes, with one exception: a vault that received only the working copy
-- may later receive the original ("include originals"), and then gains it, provided its bytes hash
-- to the SHA-256 recorded at intake. Nothing else about the row may change. (IS, not =: a NULL
-- from an unfinished blob must refuse, not slip through as "unknown".)
DROP TRIGGER attachment_no_update;

CREATE TRIGGER attachment_no_update
BEFORE UPDATE ON attachment
WHEN NOT (
    OLD.original_blob IS NULL
    AND NEW.original_blob IS NOT NULL
    AND (SELECT sha256 FROM attachment_blob WHERE id = NEW.original_blob) IS OLD.original_sha256
    AND (SELECT size FROM attachment_blob WHERE id = NEW.original_blob) IS OLD.original_size
    AND NEW.id IS OLD.id
    AND NEW.case_id IS OLD.case_id
    AND NEW.linked_to IS OLD.linked_to
    AND NEW.file_name IS OLD.file_name
    AND NEW.media_type IS OLD.media_type
    AND NEW.kind IS OLD.kind
    AND NEW.original_sha256 IS OLD.original_sha256
    AND NEW.original_size IS OLD.original_size
    AND NEW.working_blob IS OLD.working_blob
    AND NEW.removed IS OLD.removed
    AND NEW.author IS OLD.author
    AND NEW.added_at IS OLD.added_at
    AND NEW.received_in IS OLD.received_in
)
BEGIN
    SELECT RAISE(ABORT, 'attachments are immutable');
END;

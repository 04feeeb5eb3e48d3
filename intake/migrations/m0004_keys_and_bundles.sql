-- Schema 4: keys (a coordinator's own age identities, other devices' public keys) and bundles.
--
-- Private keys live only here, inside the encrypted database (docs/threat-model.md). A coordinator
-- keeps every age identity it ever had: a bundle encrypted to an older key must still open. The
-- one with retired_at NULL is the current one, handed out in the public-key file.
CREATE TABLE own_age_identity (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('mlkem768x25519', 'X25519')),
    secret     BLOB NOT NULL CHECK (length(secret) = 32),
    recipient  TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    retired_at TEXT
) STRICT;

CREATE UNIQUE INDEX own_age_identity_current ON own_age_identity ((1)) WHERE retired_at IS NULL;

-- Another device, known by the public-key file it handed over (docs/formats/public-key.md), or a
-- plain age recipient (no signing key: it can be encrypted to, never trusted as a sender).
-- `signer` is the hex fingerprint of its signing key: the `author` of the revisions it seals.
-- A contact is 'pending' until the user has compared its fingerprint over a safe channel and
-- approved it; 'revoked' keeps the row (and the history of what it sent) but trusts it no more.
CREATE TABLE contact (
    id            INTEGER PRIMARY KEY,
    fingerprint   TEXT NOT NULL UNIQUE CHECK (length(fingerprint) = 29),
    role          TEXT CHECK (role IS NULL OR role IN ('field', 'coordinator')),
    signing_key   BLOB CHECK (signing_key IS NULL OR length(signing_key) = 1984),
    signer        TEXT UNIQUE CHECK (signer IS NULL OR length(signer) = 64),
    age_recipient TEXT,
    label         TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'revoked')),
    added_at      TEXT NOT NULL,
    decided_at    TEXT,
    CHECK ((signing_key IS NULL) = (signer IS NULL)),
    CHECK ((signing_key IS NULL) = (role IS NULL)),
    CHECK (signing_key IS NOT NULL OR age_recipient IS NOT NULL),
    CHECK ((status = 'pending') = (decided_at IS NULL))
) STRICT;

-- Bundles this vault wrote (docs/formats/bundle.md). Towards each recipient, this vault's bundles
-- are numbered 1, 2, 3 … without gaps, so a coordinator can tell a missing bundle from one sent to
-- somebody else. A revision listed here has been delivered; export offers, by default, the sealed
-- revisions not listed yet.
CREATE TABLE bundle_sent (
    bundle_id   TEXT PRIMARY KEY NOT NULL CHECK (length(bundle_id) = 36),
    created_at  TEXT NOT NULL,
    entry_count INTEGER NOT NULL CHECK (entry_count >= 0)
) STRICT;

CREATE TABLE bundle_sent_recipient (
    bundle_id TEXT NOT NULL REFERENCES bundle_sent (bundle_id),
    recipient TEXT NOT NULL,  -- the age recipient string
    sequence  INTEGER NOT NULL CHECK (sequence >= 1),
    PRIMARY KEY (recipient, sequence)
) STRICT, WITHOUT ROWID;

CREATE TABLE bundle_sent_revision (
    bundle_id TEXT NOT NULL REFERENCES bundle_sent (bundle_id),
    case_id   TEXT NOT NULL,
    revision  INTEGER NOT NULL,
    PRIMARY KEY (case_id, revision, bundle_id),
    FOREIGN KEY (case_id, revision) REFERENCES case_revision (case_id, revision)
) STRICT, WITHOUT ROWID;

-- Bundles this vault received, one row per signed manifest that verified, keyed by the manifest's
-- SHA-256 (`receipt`): a bundle id alone is chosen by whoever signs, so another key could claim
-- it; (sender, bundle_id) is unique. `recipient` is this vault's age recipient the bundle was
-- addressed to, `sequence` its number towards it.
-- state: 'merged', or 'quarantined' with the reason (unknown or unapproved sender, a revoked
-- sender, a gap before it in the sender's sequence); a quarantined bundle's revisions wait in
-- quarantined_revision until the reason goes away.
CREATE TABLE bundle_received (
    receipt     TEXT PRIMARY KEY NOT NULL CHECK (length(receipt) = 64),
    bundle_id   TEXT NOT NULL CHECK (length(bundle_id) = 36),
    sender      TEXT NOT NULL CHECK (length(sender) = 64),
    sender_key  BLOB NOT NULL CHECK (length(sender_key) = 1984),
    sender_role TEXT NOT NULL CHECK (sender_role IN ('field', 'coordinator')),
    recipient   TEXT NOT NULL,
    sequence    INTEGER NOT NULL CHECK (sequence >= 1),
    created_at  TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('merged', 'quarantined')),
    reason      TEXT CHECK ((state = 'quarantined') = (reason IS NOT NULL)),
    UNIQUE (sender, bundle_id)
) STRICT;

CREATE INDEX bundle_received_by_sender ON bundle_received (sender, recipient, sequence);

-- A verified revision held back: with its whole bundle (the bundle's reason), or alone (its case
-- id belongs to another author, or the same revision number already holds different content).
-- The body is the revision entry exactly as the bundle carried it, signature included.
CREATE TABLE quarantined_revision (
    receipt   TEXT NOT NULL REFERENCES bundle_received (receipt),
    position  INTEGER NOT NULL,
    case_id   TEXT NOT NULL,
    revision  INTEGER NOT NULL,
    body      TEXT NOT NULL,
    reason    TEXT NOT NULL,
    PRIMARY KEY (receipt, position)
) STRICT, WITHOUT ROWID;

-- Provenance: which bundle brought each merged revision.
CREATE TABLE revision_origin (
    case_id   TEXT NOT NULL,
    revision  INTEGER NOT NULL,
    receipt   TEXT NOT NULL REFERENCES bundle_received (receipt),
    PRIMARY KEY (case_id, revision),
    FOREIGN KEY (case_id, revision) REFERENCES case_revision (case_id, revision)
) STRICT, WITHOUT ROWID;

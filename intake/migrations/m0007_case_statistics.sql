-- Schema 7: what statistics count, kept beside each case (docs/decisions/0016-statistics.md).
--
-- One row per case with a sealed revision: the coded fields of its newest sealed revision that
-- counting and published reports use, and nothing else. No free text, no name, pseudonym or
-- identifying section is copied: persons keep only their id and role, the location only its
-- district and subject. Counting 100,000 cases then reads a few hundred bytes per case instead of
-- parsing every whole document.
--
-- Triggers keep it, below the application, so every way a sealed revision arrives (sealing a
-- draft, merging a bundle, a future path) updates it, and it can never disagree with the
-- revisions. Sealed revisions are never changed or deleted (schema 1), so nothing else is needed.
CREATE TABLE case_statistics (
    case_id  TEXT PRIMARY KEY CHECK (length(case_id) = 36),
    revision INTEGER NOT NULL,
    facts    TEXT NOT NULL CHECK (json_valid(facts))
) STRICT, WITHOUT ROWID;

CREATE VIEW case_statistics_source (case_id, revision, facts) AS
SELECT
    r.case_id,
    r.revision,
    json_object(
        'occurred', json(coalesce(r.content -> '$.occurred', 'null')),
        'district', r.content ->> '$.location.district',
        'subject', r.content ->> '$.location.subject',
        'place_type', r.content ->> '$.place_type',
        'violations', json(coalesce(r.content -> '$.violations', '[]')),
        'bias_motivations', json(coalesce(r.content -> '$.bias_motivations', '[]')),
        'police_stage', r.content ->> '$.police_stage',
        'persons', (SELECT json_group_array(json_object('id', value ->> '$.id', 'role', value ->> '$.role'))
                    FROM json_each(r.content, '$.persons')),
        'acts', (SELECT json_group_array(json_object('victim', value ->> '$.victim', 'type', value ->> '$.type',
                                                     'date', json(coalesce(value -> '$.date', 'null'))))
                 FROM json_each(r.content, '$.acts')),
        'perpetrators', (SELECT json_group_array(value ->> '$.type') FROM json_each(r.content, '$.perpetrators')),
        'sources', (SELECT json_group_array(value ->> '$.type') FROM json_each(r.content, '$.sources')),
        'consent', (SELECT json_group_array(json_object('scope', value ->> '$.scope', 'status', value ->> '$.status'))
                    FROM json_each(r.content, '$.consent')),
        'followups', (SELECT json_group_array(json_object('need', value ->> '$.need', 'status', value ->> '$.status'))
                      FROM json_each(r.content, '$.followups'))
    )
FROM case_revision AS r
WHERE r.status = 'sealed';

CREATE TRIGGER case_statistics_on_insert
AFTER INSERT ON case_revision
WHEN NEW.status = 'sealed'
BEGIN
    INSERT INTO case_statistics (case_id, revision, facts)
    SELECT case_id, revision, facts FROM case_statistics_source
    WHERE case_id = NEW.case_id AND revision = NEW.revision
    ON CONFLICT (case_id) DO UPDATE SET revision = excluded.revision, facts = excluded.facts
    WHERE excluded.revision > case_statistics.revision;
END;

CREATE TRIGGER case_statistics_on_seal
AFTER UPDATE OF status ON case_revision
WHEN NEW.status = 'sealed' AND OLD.status = 'draft'
BEGIN
    INSERT INTO case_statistics (case_id, revision, facts)
    SELECT case_id, revision, facts FROM case_statistics_source
    WHERE case_id = NEW.case_id AND revision = NEW.revision
    ON CONFLICT (case_id) DO UPDATE SET revision = excluded.revision, facts = excluded.facts
    WHERE excluded.revision > case_statistics.revision;
END;

INSERT INTO case_statistics (case_id, revision, facts)
SELECT s.case_id, s.revision, s.facts FROM case_statistics_source AS s
WHERE s.revision = (SELECT max(revision) FROM case_revision AS m WHERE m.case_id = s.case_id AND m.status = 'sealed');

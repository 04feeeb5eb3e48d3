-- Schema 8: the statistics table keeps whose consent each answer is (docs/decisions/0016-statistics.md).
--
-- Schema 7 kept each consent row's scope and status only, so one person's "granted" could count
-- and describe a case for everyone in it. Consent is a person's: a case counts only when every
-- victim's own answer (or, without one, the case's) grants the purpose, so the person id goes in.
-- The view and the triggers that use it are made again, and every row is filled again.
DROP TRIGGER case_statistics_on_insert;
DROP TRIGGER case_statistics_on_seal;
DROP VIEW case_statistics_source;

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
        'consent', (SELECT json_group_array(json_object('person', value ->> '$.person', 'scope', value ->> '$.scope',
                                                        'status', value ->> '$.status'))
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

DELETE FROM case_statistics;

INSERT INTO case_statistics (case_id, revision, facts)
SELECT s.case_id, s.revision, s.facts FROM case_statistics_source AS s
WHERE s.revision = (SELECT max(revision) FROM case_revision AS m WHERE m.case_id = s.case_id AND m.status = 'sealed');

-- What a case's unsealed edit says about consent: a withdrawal recorded in a draft must stop a
-- case being counted or described before anyone seals it.
CREATE VIEW case_draft_consent (case_id, facts) AS
SELECT
    r.case_id,
    json_object(
        'persons', (SELECT json_group_array(json_object('id', value ->> '$.id', 'role', value ->> '$.role'))
                    FROM json_each(r.content, '$.persons')),
        'consent', (SELECT json_group_array(json_object('person', value ->> '$.person', 'scope', value ->> '$.scope',
                                                        'status', value ->> '$.status'))
                    FROM json_each(r.content, '$.consent'))
    )
FROM case_revision AS r
WHERE r.status = 'draft';

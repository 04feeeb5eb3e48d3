-- Schema 3: the case list's violation filter without a join.
--
-- Counting "cases with any of these violations" through case_code has to collect every matching
-- case id into a temporary table (tens of thousands at 100,000 cases), and with SQLCipher's memory
-- security each of those allocations is wiped and unlocked again: a third of a second per filter
-- change. The current revision's violation codes are copied into the index row instead, as
-- " CODE CODE " (sorted, space-delimited, with a space at each end so that a code is matched as
-- a whole word: codes contain no spaces). The filter then checks the row it is already reading,
-- and with no other filter it scans the small index below instead of the table.
-- (docs/decisions/0011-violation-filter.md)
ALTER TABLE case_index ADD COLUMN violations TEXT NOT NULL DEFAULT '';

-- group_concat(... ORDER BY ...) needs SQLite 3.44 or later; the pinned sqlcipher3 bundles 3.53.
UPDATE case_index SET violations = coalesce(
    (
        SELECT ' ' || group_concat(cc.code, ' ' ORDER BY cc.code) || ' '
        FROM case_code AS cc
        WHERE cc.case_id = case_index.case_id AND cc.vocabulary = 'violation'
    ),
    ''
);

CREATE INDEX case_index_violations ON case_index (violations);

-- Date-range filters test both ends of a case's date, often with a violation filter; with all
-- three in one index, counting the cases in a range reads the index alone.
CREATE INDEX case_index_occurred_range ON case_index (occurred_first, occurred_last, violations);

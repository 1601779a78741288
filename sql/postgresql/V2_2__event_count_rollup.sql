-- Exact totals for the event list without counting up to millions of rows per call. Triggers record every
-- change of event_records as signed deltas per (team, UTC day of created_at, action, status); a timer folds the
-- deltas into event_counts every few seconds. A total is sum(event_counts) + sum(event_count_deltas) read in
-- one statement, so it is exact at every moment, and writers only ever INSERT deltas: no hot counter rows.
CREATE TABLE IF NOT EXISTS event_counts (
    team_id VARCHAR(64) NOT NULL,
    day     DATE        NOT NULL,
    action  VARCHAR(32) NOT NULL,
    status  VARCHAR(16) NOT NULL,
    n       BIGINT      NOT NULL,
    PRIMARY KEY (team_id, day, action, status)
);

CREATE TABLE IF NOT EXISTS event_count_deltas (
    team_id VARCHAR(64) NOT NULL,
    day     DATE        NOT NULL,
    action  VARCHAR(32) NOT NULL,
    status  VARCHAR(16) NOT NULL,
    n       BIGINT      NOT NULL
);
CREATE INDEX IF NOT EXISTS event_count_deltas_team ON event_count_deltas (team_id, day);

-- Statement-level triggers with transition tables: a batch of rows becomes one delta per group.
CREATE OR REPLACE FUNCTION event_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_count_deltas (team_id, day, action, status, n)
    SELECT team_id, (created_at AT TIME ZONE 'UTC')::date, action, status, count(*)
    FROM inserted_rows GROUP BY 1, 2, 3, 4;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION event_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_count_deltas (team_id, day, action, status, n)
    SELECT team_id, (created_at AT TIME ZONE 'UTC')::date, action, status, -count(*)
    FROM deleted_rows GROUP BY 1, 2, 3, 4;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION event_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_count_deltas (team_id, day, action, status, n)
    SELECT team_id, day, action, status, sum(n)
    FROM (SELECT team_id, (created_at AT TIME ZONE 'UTC')::date AS day, action, status, -1 AS n FROM old_rows
          UNION ALL
          SELECT team_id, (created_at AT TIME ZONE 'UTC')::date, action, status, 1 FROM new_rows) AS changes
    GROUP BY 1, 2, 3, 4
    HAVING sum(n) <> 0;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS event_counts_inserted ON event_records;
CREATE TRIGGER event_counts_inserted AFTER INSERT ON event_records
    REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION event_counts_inserted();
DROP TRIGGER IF EXISTS event_counts_deleted ON event_records;
CREATE TRIGGER event_counts_deleted AFTER DELETE ON event_records
    REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION event_counts_deleted();
DROP TRIGGER IF EXISTS event_counts_updated ON event_records;
CREATE TRIGGER event_counts_updated AFTER UPDATE ON event_records
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION event_counts_updated();

-- Records that existed before the triggers.
INSERT INTO event_counts (team_id, day, action, status, n)
SELECT team_id, (created_at AT TIME ZONE 'UTC')::date, action, status, count(*)
FROM event_records GROUP BY 1, 2, 3, 4
ON CONFLICT (team_id, day, action, status) DO UPDATE SET n = event_counts.n + EXCLUDED.n;

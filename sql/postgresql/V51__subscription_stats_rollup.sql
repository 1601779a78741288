-- Per-subscription figures for GET /workflow-webhooks/{id}/stats without reading a million records: the same
-- scheme as event_counts (V2_2). Triggers append signed deltas per (subscription, UTC minute, metric); a timer
-- folds them into subscription_stats. A figure is sum(subscription_stats) + sum(subscription_stat_deltas).
-- Metrics: record status (PENDING, RETRYING, DELIVERED, FAILED) by the minute the record was published, and
-- 'L<n>' = attempts whose latency fell in histogram bucket n = floor(ln(1 + latency_ms) * 8) (about 13 % wide).
-- Deletes (retention) subtract, so the figures stay exact. Flow step tries share delivery_attempts (kind
-- 'flow_step', no subscription) and are left out.
CREATE TABLE IF NOT EXISTS subscription_stats (
    subscription_id VARCHAR(24) NOT NULL,
    minute          TIMESTAMP(0) WITH TIME ZONE NOT NULL,
    metric          VARCHAR(16) NOT NULL,
    n               BIGINT      NOT NULL,
    PRIMARY KEY (subscription_id, minute, metric)
);

CREATE TABLE IF NOT EXISTS subscription_stat_deltas (
    subscription_id VARCHAR(24) NOT NULL,
    minute          TIMESTAMP(0) WITH TIME ZONE NOT NULL,
    metric          VARCHAR(16) NOT NULL,
    n               BIGINT      NOT NULL
);
CREATE INDEX IF NOT EXISTS subscription_stat_deltas_key ON subscription_stat_deltas (subscription_id, minute);

CREATE OR REPLACE FUNCTION subscription_stats_records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO subscription_stat_deltas (subscription_id, minute, metric, n)
        SELECT subscription_id, date_trunc('minute', created_at), status, count(*) FROM new_rows GROUP BY 1, 2, 3;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO subscription_stat_deltas (subscription_id, minute, metric, n)
        SELECT subscription_id, date_trunc('minute', created_at), status, -count(*) FROM old_rows GROUP BY 1, 2, 3;
    ELSE
        INSERT INTO subscription_stat_deltas (subscription_id, minute, metric, n)
        SELECT subscription_id, minute, status, sum(n)
        FROM (SELECT subscription_id, date_trunc('minute', created_at) AS minute, status, -1 AS n FROM old_rows
              UNION ALL
              SELECT subscription_id, date_trunc('minute', created_at), status, 1 FROM new_rows) AS changes
        GROUP BY 1, 2, 3
        HAVING sum(n) <> 0;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS subscription_stats_records_inserted ON event_records;
CREATE TRIGGER subscription_stats_records_inserted AFTER INSERT ON event_records
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscription_stats_records_changed();
DROP TRIGGER IF EXISTS subscription_stats_records_deleted ON event_records;
CREATE TRIGGER subscription_stats_records_deleted AFTER DELETE ON event_records
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION subscription_stats_records_changed();
DROP TRIGGER IF EXISTS subscription_stats_records_updated ON event_records;
CREATE TRIGGER subscription_stats_records_updated AFTER UPDATE ON event_records
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscription_stats_records_changed();

CREATE OR REPLACE FUNCTION subscription_stats_attempts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO subscription_stat_deltas (subscription_id, minute, metric, n)
        SELECT subscription_id, date_trunc('minute', created_at),
               'L' || floor(ln(1 + greatest(latency_ms, 0)) * 8)::int, count(*)
        FROM new_rows WHERE subscription_id IS NOT NULL GROUP BY 1, 2, 3;
    ELSE
        INSERT INTO subscription_stat_deltas (subscription_id, minute, metric, n)
        SELECT subscription_id, date_trunc('minute', created_at),
               'L' || floor(ln(1 + greatest(latency_ms, 0)) * 8)::int, -count(*)
        FROM old_rows WHERE subscription_id IS NOT NULL GROUP BY 1, 2, 3;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS subscription_stats_attempts_inserted ON delivery_attempts;
CREATE TRIGGER subscription_stats_attempts_inserted AFTER INSERT ON delivery_attempts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION subscription_stats_attempts_changed();
DROP TRIGGER IF EXISTS subscription_stats_attempts_deleted ON delivery_attempts;
CREATE TRIGGER subscription_stats_attempts_deleted AFTER DELETE ON delivery_attempts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION subscription_stats_attempts_changed();

-- What existed before the triggers.
INSERT INTO subscription_stats (subscription_id, minute, metric, n)
SELECT subscription_id, minute, metric, sum(n) FROM (
    SELECT subscription_id, date_trunc('minute', created_at) AS minute, status AS metric, count(*) AS n
    FROM event_records GROUP BY 1, 2, 3
    UNION ALL
    SELECT subscription_id, date_trunc('minute', created_at), 'L' || floor(ln(1 + greatest(latency_ms, 0)) * 8)::int, count(*)
    FROM delivery_attempts WHERE subscription_id IS NOT NULL GROUP BY 1, 2, 3) AS existing
GROUP BY 1, 2, 3
ON CONFLICT (subscription_id, minute, metric) DO UPDATE SET n = subscription_stats.n + EXCLUDED.n;

-- A subscription's records that are not delivered yet, without walking its delivered history: deleting a
-- subscription fails exactly these. Partial, so it stays as small as the backlog however long the history.
CREATE INDEX IF NOT EXISTS event_records_undelivered ON event_records (subscription_id, id)
    WHERE status IN ('PENDING', 'RETRYING');

-- The retention sweep takes the oldest rows first, across all teams.
CREATE INDEX IF NOT EXISTS event_records_created ON event_records (created_at);
CREATE INDEX IF NOT EXISTS delivery_attempts_created ON delivery_attempts (created_at);
CREATE INDEX IF NOT EXISTS flow_executions_created ON flow_executions (created_at);

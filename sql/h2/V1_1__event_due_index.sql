-- H2 has no partial indexes; a plain one serves the engine's due scan on the embedded database.
CREATE INDEX IF NOT EXISTS event_records_due ON event_records (due_at);

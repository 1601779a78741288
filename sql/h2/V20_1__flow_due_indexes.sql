-- H2 has no partial indexes; plain ones serve the engine's due scans on the embedded database.
CREATE INDEX IF NOT EXISTS flow_executions_due ON flow_executions (due_at);
CREATE INDEX IF NOT EXISTS flows_next_run ON flows (next_run_at);

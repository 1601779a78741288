-- H2 has no partial indexes; a plain one serves the engine's due scan on the embedded database.
CREATE INDEX IF NOT EXISTS flow_step_runs_due ON flow_step_runs (due_at);

-- PostgreSQL only: the engine's scan for due step runs reads only the rows that are due at all.
CREATE INDEX IF NOT EXISTS flow_step_runs_due ON flow_step_runs (due_at) WHERE due_at IS NOT NULL;

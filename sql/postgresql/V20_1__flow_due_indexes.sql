-- PostgreSQL only: the engine's scans for due executions and due schedules want indexes holding only
-- the rows that are due at all.
CREATE INDEX IF NOT EXISTS flow_executions_due ON flow_executions (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS flows_next_run ON flows (next_run_at) WHERE next_run_at IS NOT NULL;

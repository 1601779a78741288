-- Executions are never leased or due themselves (their step runs are the engine's work): the columns and the
-- index that served them go.
DROP INDEX IF EXISTS flow_executions_due;
ALTER TABLE flow_executions DROP COLUMN due_at;
ALTER TABLE flow_executions DROP COLUMN lease_owner;
ALTER TABLE flow_executions DROP COLUMN lease_until;

-- Flows run on the delivery engine: each step run is a unit of leased work like an event record (due_at,
-- lease), and an execution keeps the variables its steps extracted so far for the steps that follow.
ALTER TABLE flow_step_runs ADD COLUMN due_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE flow_step_runs ADD COLUMN lease_owner VARCHAR(64);
ALTER TABLE flow_step_runs ADD COLUMN lease_until TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE flow_executions ADD COLUMN variables ${json_type};

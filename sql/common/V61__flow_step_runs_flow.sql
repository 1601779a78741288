-- Each step run names its flow, so the engine's claim can leave out the runs of a held or broken flow by comparing
-- one column with the (few) flows in that state. Gated through their executions instead, the claim became two anti
-- joins that PostgreSQL, with one flow behind a backlog, expected to keep almost nothing: it sorted every due run on
-- each claim (0.77 s per claim of 100 at 30,000 due runs) instead of reading the due index in order.
-- The backfill rewrites every step run once; executions never change flow.
ALTER TABLE flow_step_runs ADD COLUMN IF NOT EXISTS flow_id UUID;
UPDATE flow_step_runs SET flow_id = (SELECT e.flow_id FROM flow_executions e WHERE e.id = flow_step_runs.execution_id)
WHERE flow_id IS NULL;
ALTER TABLE flow_step_runs ALTER COLUMN flow_id SET NOT NULL;

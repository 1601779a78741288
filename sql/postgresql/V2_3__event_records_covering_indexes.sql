-- Counting a subscription's or a workflow's records of one status (or action) should not visit the table:
-- with status and action carried in the index, such counts are index-only scans. The key columns stay as in V1,
-- so these indexes still return the newest records first without sorting.
DROP INDEX IF EXISTS event_records_team_subscription;
CREATE INDEX event_records_team_subscription
    ON event_records (team_id, subscription_id, created_at DESC, id DESC) INCLUDE (status, action);
DROP INDEX IF EXISTS event_records_team_workflow;
CREATE INDEX event_records_team_workflow
    ON event_records (team_id, workflow_id, created_at DESC, id DESC) INCLUDE (status, action);

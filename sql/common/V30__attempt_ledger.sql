-- One attempt ledger for every kind of work: each HTTP exchange the engine makes (a webhook event's attempt, a
-- flow step's try) is one row of delivery_attempts, with its request (method, URL, headers minus secrets). The
-- workflow-webhooks references become optional: a flow step's try has none, it is found by work_id (its step run).
ALTER TABLE delivery_attempts ADD COLUMN kind VARCHAR(16) DEFAULT 'webhook' NOT NULL;
ALTER TABLE delivery_attempts ADD COLUMN work_id VARCHAR(64);
ALTER TABLE delivery_attempts ADD COLUMN request_method VARCHAR(8);
ALTER TABLE delivery_attempts ADD COLUMN request_headers ${json_type};
ALTER TABLE delivery_attempts ADD COLUMN started_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE delivery_attempts ALTER COLUMN event_record_id DROP NOT NULL;
ALTER TABLE delivery_attempts ALTER COLUMN event_id DROP NOT NULL;
ALTER TABLE delivery_attempts ALTER COLUMN subscription_id DROP NOT NULL;
ALTER TABLE delivery_attempts ALTER COLUMN team_id DROP NOT NULL;
ALTER TABLE delivery_attempts ALTER COLUMN action DROP NOT NULL;
ALTER TABLE delivery_attempts ALTER COLUMN request_url SET DATA TYPE VARCHAR(4096);
UPDATE delivery_attempts SET work_id = event_record_id, request_method = 'POST' WHERE work_id IS NULL;
CREATE INDEX IF NOT EXISTS delivery_attempts_work ON delivery_attempts (work_id, attempt_number);

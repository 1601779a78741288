-- The circuit breaker and the rate limit for flows (issue 10), on the same rules as subscriptions (V50): a flow's
-- optional rate_limit_per_second, why its breaker holds its step tries back (null while it sends), and the
-- engine's pacing state in a row of its own so that claims and bookings never lock the flow users edit.
ALTER TABLE flows ADD COLUMN IF NOT EXISTS rate_limit_per_second INTEGER;
ALTER TABLE flows ADD COLUMN IF NOT EXISTS disabled_reason VARCHAR(500);

CREATE TABLE IF NOT EXISTS flow_delivery_state (
    flow_id              UUID        NOT NULL PRIMARY KEY REFERENCES flows (id) ON DELETE CASCADE,
    consecutive_failures INTEGER     NOT NULL,
    failing_since        TIMESTAMP(6) WITH TIME ZONE,
    rate_tokens          DOUBLE PRECISION NOT NULL,
    rate_refilled_at     TIMESTAMP(6) WITH TIME ZONE,
    held_until           TIMESTAMP(6) WITH TIME ZONE
);

INSERT INTO flow_delivery_state (flow_id, consecutive_failures, rate_tokens)
SELECT id, 0, 0 FROM flows f
WHERE NOT EXISTS (SELECT 1 FROM flow_delivery_state d WHERE d.flow_id = f.id);

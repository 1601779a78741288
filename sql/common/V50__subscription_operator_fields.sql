-- Operator settings of a subscription (issue 10): the circuit breaker's reason, a rate limit, ordered delivery.
ALTER TABLE subscriptions ADD COLUMN IF NOT EXISTS disabled_reason VARCHAR(500);
ALTER TABLE subscriptions ADD COLUMN IF NOT EXISTS rate_limit_per_second INTEGER;
ALTER TABLE subscriptions ADD COLUMN IF NOT EXISTS ordered BOOLEAN DEFAULT FALSE NOT NULL;

-- The delivery engine's running state per subscription, kept apart from the subscription row so that the
-- engine's frequent writes (tokens, failure counts) never meet a publish's FOR SHARE lock on the subscription
-- or bump its version. held_until: claims skip the subscription until then (empty bucket, Retry-After).
CREATE TABLE IF NOT EXISTS subscription_delivery_state (
    subscription_id      VARCHAR(24) NOT NULL PRIMARY KEY REFERENCES subscriptions (id) ON DELETE CASCADE,
    consecutive_failures INTEGER     NOT NULL,
    failing_since        TIMESTAMP(6) WITH TIME ZONE,
    rate_tokens          DOUBLE PRECISION NOT NULL,
    rate_refilled_at     TIMESTAMP(6) WITH TIME ZONE,
    held_until           TIMESTAMP(6) WITH TIME ZONE
);

INSERT INTO subscription_delivery_state (subscription_id, consecutive_failures, rate_tokens)
SELECT id, 0, 0 FROM subscriptions s
WHERE NOT EXISTS (SELECT 1 FROM subscription_delivery_state d WHERE d.subscription_id = s.id);

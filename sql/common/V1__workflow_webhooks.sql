-- Workflow-webhooks surface: subscriptions, one event record per (event, subscription), and the attempt log.
-- Portable SQL (PostgreSQL and H2); ${json_type} is jsonb on PostgreSQL, json on H2.

CREATE TABLE IF NOT EXISTS subscriptions (
    id                         VARCHAR(24)  NOT NULL PRIMARY KEY,
    team_id                    VARCHAR(64)  NOT NULL,
    name                       VARCHAR(150) NOT NULL,
    url                        VARCHAR(2048) NOT NULL,
    enabled                    BOOLEAN      NOT NULL,
    bearer_token               VARCHAR(2000),
    secret                     VARCHAR(128) NOT NULL,
    previous_secret            VARCHAR(128),
    previous_secret_expires_at TIMESTAMP(6) WITH TIME ZONE,
    timeout_seconds            INTEGER      NOT NULL,
    max_retries                INTEGER      NOT NULL,
    retry_backoff_seconds      INTEGER      NOT NULL,
    created_by                 VARCHAR(255),
    updated_by                 VARCHAR(255),
    created_at                 TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at                 TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version                    BIGINT       NOT NULL
);
CREATE INDEX IF NOT EXISTS subscriptions_team_created ON subscriptions (team_id, created_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS subscription_actions (
    subscription_id VARCHAR(24) NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    ordinal         INTEGER     NOT NULL,
    action          VARCHAR(32) NOT NULL,
    PRIMARY KEY (subscription_id, ordinal)
);
CREATE INDEX IF NOT EXISTS subscription_actions_action ON subscription_actions (action, subscription_id);

-- No foreign key to subscriptions: a deleted subscription's history stays listable.
CREATE TABLE IF NOT EXISTS event_records (
    id                  VARCHAR(24)  NOT NULL PRIMARY KEY,
    event_id            VARCHAR(64)  NOT NULL,
    subscription_id     VARCHAR(24)  NOT NULL,
    team_id             VARCHAR(64)  NOT NULL,
    action              VARCHAR(32)  NOT NULL,
    workflow_id         VARCHAR(24)  NOT NULL,
    workflow_name       VARCHAR(255),
    workflow_run_id     VARCHAR(255),
    workflow_run_status VARCHAR(64),
    payload             ${json_type},
    dedupe_key          VARCHAR(255),
    status              VARCHAR(16)  NOT NULL,
    attempts_count      INTEGER      NOT NULL,
    next_retry_at       TIMESTAMP(6) WITH TIME ZONE,
    delivered_at        TIMESTAMP(6) WITH TIME ZONE,
    last_attempt_at     TIMESTAMP(6) WITH TIME ZONE,
    last_status_code    INTEGER,
    last_error          VARCHAR(2000),
    -- lower-cased concatenation of the searchable fields, kept by the entity, so one index serves "search"
    search_text         VARCHAR(4000) NOT NULL,
    -- the delivery engine's bookkeeping: when the next attempt is due (null once final) and who holds it
    due_at              TIMESTAMP(6) WITH TIME ZONE,
    lease_owner         VARCHAR(64),
    lease_until         TIMESTAMP(6) WITH TIME ZONE,
    created_by          VARCHAR(255),
    updated_by          VARCHAR(255),
    created_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version             BIGINT       NOT NULL,
    CONSTRAINT event_records_dedupe UNIQUE (subscription_id, dedupe_key)
);
CREATE INDEX IF NOT EXISTS event_records_team_created ON event_records (team_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS event_records_team_status ON event_records (team_id, status, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS event_records_team_subscription ON event_records (team_id, subscription_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS event_records_team_workflow ON event_records (team_id, workflow_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS event_records_team_action ON event_records (team_id, action, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS event_records_event_id ON event_records (event_id);
CREATE INDEX IF NOT EXISTS event_records_subscription_due ON event_records (subscription_id, due_at);

CREATE TABLE IF NOT EXISTS delivery_attempts (
    id                   VARCHAR(24)  NOT NULL PRIMARY KEY,
    event_record_id      VARCHAR(24)  NOT NULL,
    event_id             VARCHAR(64)  NOT NULL,
    subscription_id      VARCHAR(24)  NOT NULL,
    team_id              VARCHAR(64)  NOT NULL,
    attempt_number       INTEGER      NOT NULL,
    action               VARCHAR(32)  NOT NULL,
    request_url          VARCHAR(2048) NOT NULL,
    success              BOOLEAN      NOT NULL,
    response_status_code INTEGER,
    response_body        VARCHAR(4096),
    error_message        VARCHAR(2000),
    latency_ms           BIGINT       NOT NULL,
    created_by           VARCHAR(255),
    updated_by           VARCHAR(255),
    created_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS delivery_attempts_event ON delivery_attempts (team_id, event_id, created_at DESC, id DESC);

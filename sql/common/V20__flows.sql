-- Flows surface: flows, their steps, executions and one row per (execution attempt, step).
-- Portable SQL (PostgreSQL and H2); ${json_type} is jsonb on PostgreSQL, json on H2.

CREATE TABLE IF NOT EXISTS flows (
    id                   UUID          NOT NULL PRIMARY KEY,
    company_id           UUID          NOT NULL,
    workspace_id         VARCHAR(255)  NOT NULL,
    name                 VARCHAR(255)  NOT NULL,
    logo                 VARCHAR(2048),
    retry_delay          INTEGER       NOT NULL,
    retry_delay_unit     VARCHAR(16)   NOT NULL,
    max_retries          INTEGER       NOT NULL,
    status               VARCHAR(16)   NOT NULL,
    is_template          BOOLEAN       NOT NULL,
    flow_direction       VARCHAR(16)   NOT NULL,
    flow_mapping         ${json_type},
    tag_name             VARCHAR(255),
    category_name        VARCHAR(255),
    predefined_variables ${json_type},
    variables            ${json_type},
    schedule_cron        VARCHAR(255),
    schedule_timezone    VARCHAR(64),
    -- the schedule's next due time: claimed by the engine's poll (skip locked) and advanced in one transaction
    next_run_at          TIMESTAMP(6) WITH TIME ZONE,
    -- SHA-256 (hex) of the X-Flow-Token; the token itself is shown once, on create
    inbound_token_hash   VARCHAR(64)   NOT NULL,
    created_by           VARCHAR(255),
    updated_by           VARCHAR(255),
    created_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    deleted_at           TIMESTAMP(6) WITH TIME ZONE,
    version              BIGINT        NOT NULL
);
CREATE INDEX IF NOT EXISTS flows_company_workspace ON flows (company_id, workspace_id, created_at DESC, id DESC);

-- Replacing a flow's steps retires the old rows (deleted_at) so running executions still find theirs.
CREATE TABLE IF NOT EXISTS flow_steps (
    id                 UUID          NOT NULL PRIMARY KEY,
    flow_id            UUID          NOT NULL REFERENCES flows (id),
    step_number        INTEGER       NOT NULL,
    webhook_url        VARCHAR(2048) NOT NULL,
    webhook_method     VARCHAR(8)    NOT NULL,
    webhook_timeout    INTEGER       NOT NULL,
    retry_limit        INTEGER       NOT NULL,
    timeout            INTEGER       NOT NULL,
    webhook_url_params ${json_type},
    webhook_headers    ${json_type},
    webhook_body       ${json_type},
    depends_on_step    INTEGER,
    success_condition  ${json_type},
    created_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    deleted_at         TIMESTAMP(6) WITH TIME ZONE
);
CREATE INDEX IF NOT EXISTS flow_steps_flow ON flow_steps (flow_id, step_number);

CREATE TABLE IF NOT EXISTS flow_executions (
    id             UUID          NOT NULL PRIMARY KEY,
    flow_id        UUID          NOT NULL REFERENCES flows (id),
    company_id     UUID          NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    trigger_type   VARCHAR(16)   NOT NULL,
    attempt_number INTEGER       NOT NULL,
    input          ${json_type},
    scheduled_for  TIMESTAMP(6) WITH TIME ZONE,
    executed_at    TIMESTAMP(6) WITH TIME ZONE,
    next_retry_at  TIMESTAMP(6) WITH TIME ZONE,
    finished_at    TIMESTAMP(6) WITH TIME ZONE,
    error_message  VARCHAR(2000),
    -- the engine's bookkeeping: when it is next due (null once final) and who holds it
    due_at         TIMESTAMP(6) WITH TIME ZONE,
    lease_owner    VARCHAR(64),
    lease_until    TIMESTAMP(6) WITH TIME ZONE,
    created_by     VARCHAR(255),
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version        BIGINT        NOT NULL,
    -- a schedule's due time starts one execution, however many servers poll
    CONSTRAINT flow_executions_once_per_due_time UNIQUE (flow_id, scheduled_for)
);
CREATE INDEX IF NOT EXISTS flow_executions_flow_created ON flow_executions (flow_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS flow_executions_flow_status ON flow_executions (flow_id, status, created_at DESC, id DESC);

CREATE TABLE IF NOT EXISTS flow_step_runs (
    id              UUID          NOT NULL PRIMARY KEY,
    execution_id    UUID          NOT NULL REFERENCES flow_executions (id),
    attempt_number  INTEGER       NOT NULL,
    step_id         UUID          NOT NULL REFERENCES flow_steps (id),
    step_number     INTEGER       NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INTEGER       NOT NULL,
    request_method  VARCHAR(8),
    request_url     VARCHAR(4096),
    response_status INTEGER,
    response_body   VARCHAR(4096),
    latency_ms      BIGINT,
    variables       ${json_type},
    error_message   VARCHAR(2000),
    started_at      TIMESTAMP(6) WITH TIME ZONE,
    finished_at     TIMESTAMP(6) WITH TIME ZONE,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT flow_step_runs_one_per_step UNIQUE (execution_id, attempt_number, step_number)
);

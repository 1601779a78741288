-- API keys for machine clients: only the SHA-256 (hex) of a key is kept; the key is shown once, on create.
-- A key acts for the tenants of the token that created it (team_id and/or company_id) with its own role.
CREATE TABLE IF NOT EXISTS api_keys (
    id           VARCHAR(24)  NOT NULL PRIMARY KEY,
    name         VARCHAR(100) NOT NULL,
    role         VARCHAR(16)  NOT NULL,
    prefix       VARCHAR(16)  NOT NULL,
    key_hash     VARCHAR(64)  NOT NULL,
    team_id      VARCHAR(64),
    company_id   UUID,
    created_by   VARCHAR(255),
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP(6) WITH TIME ZONE,
    revoked_at   TIMESTAMP(6) WITH TIME ZONE,
    last_used_at TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT api_keys_hash UNIQUE (key_hash),
    CONSTRAINT api_keys_tenant CHECK (team_id IS NOT NULL OR company_id IS NOT NULL)
);
CREATE INDEX IF NOT EXISTS api_keys_team ON api_keys (team_id, created_at DESC);
CREATE INDEX IF NOT EXISTS api_keys_company ON api_keys (company_id, created_at DESC);

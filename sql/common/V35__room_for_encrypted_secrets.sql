-- Signing secrets and bearer tokens are stored encrypted (AES-GCM, "hfsec:1:<key id>:<base64>"), which is longer
-- than the plain value. SET DATA TYPE is the spelling both PostgreSQL and H2 accept. The rows already there are
-- encrypted by the Java migration that follows (version 36).
ALTER TABLE subscriptions ALTER COLUMN secret SET DATA TYPE VARCHAR(512);
ALTER TABLE subscriptions ALTER COLUMN previous_secret SET DATA TYPE VARCHAR(512);
ALTER TABLE subscriptions ALTER COLUMN bearer_token SET DATA TYPE VARCHAR(4000);

-- PostgreSQL only: substring search over millions of events needs a trigram index, and the engine's
-- "what is due" scan wants an index holding only unfinished records.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS event_records_search_trgm ON event_records USING gin (search_text gin_trgm_ops);
CREATE INDEX IF NOT EXISTS event_records_due ON event_records (due_at) WHERE due_at IS NOT NULL;

-- search_text splits into the values a team's records share (name, workflow id, last error) and those each record
-- has alone (event id, run id, dedupe key), as EventRecord writes them: PostgreSQL counts a search's matches among
-- the shared ones from an index (sql/postgresql/V70__event_search_split.sql). A search still matches either.
ALTER TABLE event_records ADD COLUMN search_facets VARCHAR(4000);
ALTER TABLE event_records ADD COLUMN search_ids VARCHAR(4000);
UPDATE event_records SET
    search_facets = LEFT(LOWER(CONCAT_WS(CHR(10), workflow_name, workflow_id, last_error)), 4000),
    search_ids = LEFT(LOWER(CONCAT_WS(CHR(10), event_id, workflow_run_id, dedupe_key)), 4000);
ALTER TABLE event_records ALTER COLUMN search_facets SET NOT NULL;
ALTER TABLE event_records ALTER COLUMN search_ids SET NOT NULL;
ALTER TABLE event_records DROP COLUMN search_text;

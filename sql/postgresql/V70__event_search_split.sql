-- A search's exact total without visiting every match in the table. A trigram index only narrows LIKE down to
-- candidates, each rechecked against its row: a search matching 40,000 of a million records read 20,000 table pages
-- (120-420 ms, docs/benchmarks.md). Most such matches are in the values a team's records share (name, workflow id,
-- last error): a few thousand distinct texts. So search_text splits into those (search_facets) and what each record
-- has alone (search_ids), as EventRecord writes them. Each record carries its search_facets' digest, each team's
-- distinct texts are kept with theirs, and SearchTotals counts the records whose digest is among the matching
-- texts' from an index alone.

-- Each team's distinct search_facets texts with their digest. Transactions that see a text first at the same time
-- may each add it: they never wait for one another, and a search reads digests, so a text twice counts nothing
-- twice. Rows are never deleted: the texts of records gone by retention stay, matching digests no record carries.
CREATE TABLE event_search_facets (
    team_id          VARCHAR(64)   NOT NULL,
    search_facet_key UUID          NOT NULL,
    search_facets    VARCHAR(4000) NOT NULL
);
CREATE INDEX event_search_facets_key ON event_search_facets (team_id, search_facet_key);
CREATE INDEX event_search_facets_trgm ON event_search_facets USING gin (search_facets gin_trgm_ops);

DROP INDEX IF EXISTS event_records_search_trgm;
-- The digest is computed by PostgreSQL as rows are written (MD5, as a 16-byte UUID): no trigger per row, which
-- cost a publish to ten subscriptions a quarter of its database throughput when it looked texts up (docs/benchmarks.md,
-- nineteenth round). Two texts of one team with the same digest would share their totals: only a team's own texts
-- can collide, so only a team that crafts such a pair sees its totals off.
ALTER TABLE event_records
    ADD COLUMN search_facets VARCHAR(4000),
    ADD COLUMN search_ids VARCHAR(4000),
    ADD COLUMN search_facet_key UUID GENERATED ALWAYS AS (md5(search_facets)::uuid) STORED;
UPDATE event_records SET
    search_facets = left(lower(concat_ws(chr(10), workflow_name, workflow_id, last_error)), 4000),
    search_ids = left(lower(concat_ws(chr(10), event_id, workflow_run_id, dedupe_key)), 4000);
ALTER TABLE event_records ALTER COLUMN search_facets SET NOT NULL;
-- A search's page walks the team's records by time when many match and goes through the trigram indexes when few
-- do; the planner tells the two apart by the column's statistics. Each of 5,000 distinct texts in a million records
-- is too rare for the default sample: it put a 4 % match at 1,528 rows instead of 40,000 and sorted all of them for a
-- page (91 ms against 6 ms, docs/benchmarks.md, nineteenth round). ANALYZE then samples 300,000 rows.
ALTER TABLE event_records ALTER COLUMN search_facets SET STATISTICS 1000;
ALTER TABLE event_records ALTER COLUMN search_ids SET NOT NULL;
ALTER TABLE event_records DROP COLUMN search_text;

INSERT INTO event_search_facets (team_id, search_facet_key, search_facets)
SELECT DISTINCT ON (team_id, search_facet_key) team_id, search_facet_key, search_facets FROM event_records;

-- Adds the texts a statement wrote that the team's list lacks: once per statement, so a publish to ten
-- subscriptions or a booking of a hundred deliveries asks once per distinct text, not once per record.
CREATE FUNCTION event_search_facets_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_search_facets (team_id, search_facet_key, search_facets)
    SELECT d.team_id, d.search_facet_key, d.search_facets
    FROM (SELECT DISTINCT ON (team_id, search_facet_key) team_id, search_facet_key, search_facets
          FROM written_rows) AS d
    WHERE NOT EXISTS (SELECT 1 FROM event_search_facets AS f
                      WHERE f.team_id = d.team_id AND f.search_facet_key = d.search_facet_key);
    RETURN NULL;
END $$;
CREATE TRIGGER event_search_facets_inserted AFTER INSERT ON event_records
    REFERENCING NEW TABLE AS written_rows FOR EACH STATEMENT EXECUTE FUNCTION event_search_facets_seen();
CREATE TRIGGER event_search_facets_updated AFTER UPDATE ON event_records
    REFERENCING NEW TABLE AS written_rows FOR EACH STATEMENT EXECUTE FUNCTION event_search_facets_seen();

-- The page of a selective search finds its few matches through these; a broad one walks the time index.
CREATE INDEX event_records_search_facets_trgm ON event_records USING gin (search_facets gin_trgm_ops);
CREATE INDEX event_records_search_ids_trgm ON event_records USING gin (search_ids gin_trgm_ops);
-- SearchTotals' count of the records whose digest matches, with the list's other filters, from the index alone.
CREATE INDEX event_records_team_search_facet
    ON event_records (team_id, search_facet_key, created_at) INCLUDE (status, action);
ANALYZE event_search_facets;

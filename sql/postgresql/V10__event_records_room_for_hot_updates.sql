-- The delivery engine updates each event record twice per attempt: the claim writes only lease columns,
-- which no index covers, so PostgreSQL can update in place on the same page (a HOT update, no index
-- writes) if the page has room. Leave that room on pages written from now on.
ALTER TABLE event_records SET (fillfactor = 70);

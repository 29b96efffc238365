-- Optimistic editing of people and teams (issue 13): an edit names the revision it started from, and a
-- stale one is refused (409) instead of silently overwriting another admin's change.
ALTER TABLE people ADD COLUMN revision integer NOT NULL DEFAULT 1;
ALTER TABLE teams ADD COLUMN revision integer NOT NULL DEFAULT 1;

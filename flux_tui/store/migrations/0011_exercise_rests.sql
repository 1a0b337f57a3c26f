-- Version 11: the rest remembered per exercise, synced (mirrored by
-- supabase/migrations/20261202090000_exercise_rests.sql).
--
-- A session's timer, changed with +/-, becomes that exercise's rest from then on. It was a
-- setting of this store (`rest.<exercise id>`), so a second laptop never had it; now it is a
-- user table like the others, queued in the outbox by trigger in the same transaction. One row
-- per exercise, named by the exercise's id: two devices remembering a rest for one exercise
-- write the same row (the last writer wins), never two.
CREATE TABLE exercise_rests (
    id           TEXT PRIMARY KEY REFERENCES exercises (id),
    user_id      TEXT,
    rest_seconds INTEGER NOT NULL CHECK (rest_seconds BETWEEN 0 AND 3600),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
);

CREATE TRIGGER exercise_rests_outbox_insert AFTER INSERT ON exercise_rests
WHEN (SELECT value FROM settings WHERE key = 'applying_remote') = '0'
BEGIN
    INSERT INTO outbox (table_name, row_id) VALUES ('exercise_rests', NEW.id)
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
END;

CREATE TRIGGER exercise_rests_outbox_update AFTER UPDATE ON exercise_rests
WHEN (SELECT value FROM settings WHERE key = 'applying_remote') = '0'
BEGIN
    INSERT INTO outbox (table_name, row_id) VALUES ('exercise_rests', NEW.id)
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
END;

-- The rests remembered so far move here, and are queued so the next sync takes them up. A value
-- that is not a whole number of seconds within bounds, or for an exercise the store does not
-- hold, was never used (Training.remembered_rests skipped it) and is dropped.
INSERT INTO exercise_rests (id, rest_seconds, created_at, updated_at)
SELECT substr(key, 6), CAST(value AS INTEGER),
       strftime('%Y-%m-%dT%H:%M:%f000+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f000+00:00', 'now')
FROM settings
WHERE substr(key, 1, 5) = 'rest.' AND value <> '' AND value NOT GLOB '*[^0-9]*' AND length(value) <= 4
  AND CAST(value AS INTEGER) <= 3600 AND substr(key, 6) IN (SELECT id FROM exercises);
DELETE FROM settings WHERE substr(key, 1, 5) = 'rest.';

-- Version 7: a bodyweight log (mirrored by supabase/migrations/20261202060000_bodyweight_log.sql).
--
-- One row per weighing, in kilograms, with the moment and its UTC offset (minutes east) so the
-- day shown is the local day it was taken. Bodyweight and weighted-bodyweight exercises read it
-- for e1RM and volume (engine/bodyweight.py). Synced like the other user tables: every change is
-- queued in the outbox by trigger, in the same transaction.
CREATE TABLE bodyweights (
    id          TEXT PRIMARY KEY,
    user_id     TEXT,
    weight      REAL NOT NULL CHECK (weight BETWEEN 20 AND 400),
    measured_at TEXT NOT NULL,
    utc_offset  INTEGER CHECK (utc_offset IS NULL OR utc_offset BETWEEN -1080 AND 1080),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX bodyweights_measured_idx ON bodyweights (measured_at) WHERE deleted_at IS NULL;

CREATE TRIGGER bodyweights_outbox_insert AFTER INSERT ON bodyweights
WHEN (SELECT value FROM settings WHERE key = 'applying_remote') = '0'
BEGIN
    INSERT INTO outbox (table_name, row_id) VALUES ('bodyweights', NEW.id)
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
END;

CREATE TRIGGER bodyweights_outbox_update AFTER UPDATE ON bodyweights
WHEN (SELECT value FROM settings WHERE key = 'applying_remote') = '0'
BEGIN
    INSERT INTO outbox (table_name, row_id) VALUES ('bodyweights', NEW.id)
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
END;

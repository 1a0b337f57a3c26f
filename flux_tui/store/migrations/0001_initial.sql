-- Local store, version 1. Mirrors the Supabase schema (supabase/migrations) so
-- that sync maps rows one to one. JSON columns hold JSON text.

CREATE TABLE user_configs (
    id            TEXT PRIMARY KEY,            -- client UUID
    user_id       TEXT,                        -- set once signed in
    brain_version INTEGER NOT NULL,
    logic         TEXT NOT NULL,
    selections    TEXT NOT NULL,
    sessions      TEXT NOT NULL,
    conditioning  TEXT NOT NULL,
    state         TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
);

CREATE TABLE exercises (
    id          TEXT PRIMARY KEY,              -- slug, e.g. back_squat
    user_id     TEXT,                          -- NULL for the shipped catalog
    name        TEXT NOT NULL,
    pattern     TEXT NOT NULL,                 -- 'unassigned' for unmapped imports
    modality    TEXT,
    tracking    TEXT NOT NULL CHECK (tracking IN ('weight_reps','reps','seconds','weight_seconds','distance_seconds','weight_distance','intervals')),
    load_type   TEXT NOT NULL,
    increment   REAL NOT NULL DEFAULT 0 CHECK (increment >= 0),
    aliases     TEXT NOT NULL DEFAULT '[]',
    is_custom   INTEGER NOT NULL DEFAULT 0 CHECK (is_custom IN (0,1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    -- The server's rule: catalog ids are plain slugs; a user's own exercise is
    -- `custom_` + 32 hex digits, unique across all users.
    CHECK ((is_custom = 0 AND id NOT GLOB 'custom_*')
        OR (is_custom = 1 AND length(id) = 39 AND id GLOB 'custom_' || replace(hex(zeroblob(32)), '00', '[0-9a-f]')))
);
CREATE INDEX exercises_name_idx ON exercises (name COLLATE NOCASE);

CREATE TABLE workout_sessions (
    id             TEXT PRIMARY KEY,
    user_id        TEXT,
    archetype      TEXT NOT NULL CHECK (archetype IN ('performance','recovery')),
    anchor_pattern TEXT,
    status         TEXT NOT NULL CHECK (status IN ('active','completed','abandoned')),
    started_at     TEXT NOT NULL,
    completed_at   TEXT,
    notes          TEXT NOT NULL DEFAULT '',
    plan           TEXT,                       -- the plan the session was started from (JSON)
    source         TEXT NOT NULL DEFAULT 'flux',  -- flux | strong | hevy | fitnotes
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT
);
CREATE INDEX workout_sessions_started_idx ON workout_sessions (started_at DESC);
CREATE INDEX workout_sessions_status_idx ON workout_sessions (status);

CREATE TABLE workout_sets (
    id          TEXT PRIMARY KEY,
    user_id     TEXT,
    session_id  TEXT NOT NULL REFERENCES workout_sessions (id),
    exercise_id TEXT NOT NULL REFERENCES exercises (id),
    set_index   INTEGER NOT NULL CHECK (set_index >= 0),
    weight      REAL CHECK (weight >= 0),
    reps        INTEGER CHECK (reps >= 0),
    seconds     REAL CHECK (seconds >= 0),
    distance    REAL CHECK (distance >= 0),
    rpe         REAL CHECK (rpe BETWEEN 0 AND 10),
    is_warmup   INTEGER NOT NULL DEFAULT 0 CHECK (is_warmup IN (0,1)),
    metadata    TEXT NOT NULL DEFAULT '{}',
    logged_at   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX workout_sets_session_idx ON workout_sets (session_id, set_index);
CREATE INDEX workout_sets_exercise_idx ON workout_sets (exercise_id, logged_at);

-- Every change to a user row is queued here by trigger, in the same
-- transaction as the change, so a crash can never lose an unsynced edit.
-- One entry per row: a later edit of the same row replaces the queued one.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    queued_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00','now')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (table_name, row_id)
);

-- Key/value settings of the store itself (sync cursors, unit preference …).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- Set to '1' while rows pulled from the server are applied, so they are not
-- queued to be pushed straight back.
INSERT INTO settings (key, value) VALUES ('applying_remote', '0');

CREATE TRIGGER user_configs_outbox_insert AFTER INSERT ON user_configs
WHEN (SELECT value FROM settings WHERE key = 'applying_remote') = '0'
BEGIN
    INSERT INTO outbox (table_name, row_id) VALUES ('user_configs', NEW.id)
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
END;

CREATE TRIGGER user_configs_outbox_update AFTER UPDATE ON user_configs
WHEN (SELECT value FROM settings WHERE key = 'applying_remote') = '0'
BEGIN
    INSERT INTO outbox (table_name, row_id) VALUES ('user_configs', NEW.id)
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
END;

CREATE TRIGGER workout_sessions_outbox_insert AFTER INSERT ON workout_sessions
WHEN (SELECT value FROM settings WHERE key = 'applying_remote') = '0'
BEGIN
    INSERT INTO outbox (table_name, row_id) VALUES ('workout_sessions', NEW.id)
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
END;

CREATE TRIGGER workout_sessions_outbox_update AFTER UPDATE ON workout_sessions
WHEN (SELECT value FROM settings WHERE key = 'applying_remote') = '0'
BEGIN
    INSERT INTO outbox (table_name, row_id) VALUES ('workout_sessions', NEW.id)
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
END;

CREATE TRIGGER workout_sets_outbox_insert AFTER INSERT ON workout_sets
WHEN (SELECT value FROM settings WHERE key = 'applying_remote') = '0'
BEGIN
    INSERT INTO outbox (table_name, row_id) VALUES ('workout_sets', NEW.id)
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
END;

CREATE TRIGGER workout_sets_outbox_update AFTER UPDATE ON workout_sets
WHEN (SELECT value FROM settings WHERE key = 'applying_remote') = '0'
BEGIN
    INSERT INTO outbox (table_name, row_id) VALUES ('workout_sets', NEW.id)
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
END;

CREATE TRIGGER exercises_outbox_insert AFTER INSERT ON exercises
WHEN NEW.is_custom = 1 AND (SELECT value FROM settings WHERE key = 'applying_remote') = '0'
BEGIN
    INSERT INTO outbox (table_name, row_id) VALUES ('exercises', NEW.id)
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
END;

CREATE TRIGGER exercises_outbox_update AFTER UPDATE ON exercises
WHEN NEW.is_custom = 1 AND (SELECT value FROM settings WHERE key = 'applying_remote') = '0'
BEGIN
    INSERT INTO outbox (table_name, row_id) VALUES ('exercises', NEW.id)
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
END;

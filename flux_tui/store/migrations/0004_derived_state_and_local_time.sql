-- Version 4 (local only; the Supabase schema is unchanged): the state is derived from the
-- history inside the transaction that changes it, and a session remembers its UTC offset.
--
-- `derivation` is one row. Every change that can alter the fold — a completed session or one of
-- its sets added, changed or removed, an exercise's pattern or increment, the Brain — bumps
-- `history_version` by trigger, in the same transaction as the change. The store re-derives the
-- state before that transaction commits (store/derived.py) and sets `derived_version` to match,
-- so no process ever commits a history the stored state does not count. `last_at`/`last_id`
-- are the fold order's key, (completed_at or started_at, id), of the newest session folded: a
-- session finished after it is folded onto the stored state; anything else folds the history
-- again. A store migrated from v2 starts dirty (0 <> 1): its first write derives the state.

CREATE TABLE derivation (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    history_version INTEGER NOT NULL,
    derived_version INTEGER NOT NULL,
    last_at         TEXT,
    last_id         TEXT
);
INSERT INTO derivation (id, history_version, derived_version) VALUES (1, 1, 0);

-- The session's offset from UTC, in minutes east, where and when it was started: the dates shown
-- are the local dates of the place it happened. NULL (older rows): the machine's zone is used.
-- Synced (supabase/migrations/20261202030000_session_utc_offset.sql).
ALTER TABLE workout_sessions ADD COLUMN utc_offset INTEGER
    CHECK (utc_offset IS NULL OR utc_offset BETWEEN -1080 AND 1080);

-- A session never ends before it starts (a clock set back; a bad import or pulled row).
CREATE TRIGGER workout_sessions_ends_after_start_insert BEFORE INSERT ON workout_sessions
WHEN NEW.completed_at IS NOT NULL AND julianday(NEW.completed_at) < julianday(NEW.started_at)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: completed_at is before started_at');
END;

CREATE TRIGGER workout_sessions_ends_after_start_update BEFORE UPDATE OF started_at, completed_at ON workout_sessions
WHEN NEW.completed_at IS NOT NULL AND julianday(NEW.completed_at) < julianday(NEW.started_at)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: completed_at is before started_at');
END;

-- What the fold reads, changed: the state must be derived again before the commit.
CREATE TRIGGER workout_sessions_derive_insert AFTER INSERT ON workout_sessions
WHEN NEW.status = 'completed'
BEGIN
    UPDATE derivation SET history_version = history_version + 1;
END;

CREATE TRIGGER workout_sessions_derive_update AFTER UPDATE ON workout_sessions
WHEN (OLD.status = 'completed' OR NEW.status = 'completed')
 AND (OLD.status IS NOT NEW.status OR OLD.completed_at IS NOT NEW.completed_at
      OR OLD.started_at IS NOT NEW.started_at OR OLD.deleted_at IS NOT NEW.deleted_at
      OR OLD.archetype IS NOT NEW.archetype OR OLD.anchor_pattern IS NOT NEW.anchor_pattern)
BEGIN
    UPDATE derivation SET history_version = history_version + 1;
END;

CREATE TRIGGER workout_sessions_derive_delete AFTER DELETE ON workout_sessions
WHEN OLD.status = 'completed'
BEGIN
    UPDATE derivation SET history_version = history_version + 1;
END;

CREATE TRIGGER workout_sets_derive_insert AFTER INSERT ON workout_sets
WHEN (SELECT status FROM workout_sessions WHERE id = NEW.session_id) = 'completed'
BEGIN
    UPDATE derivation SET history_version = history_version + 1;
END;

CREATE TRIGGER workout_sets_derive_update AFTER UPDATE ON workout_sets
WHEN ((SELECT status FROM workout_sessions WHERE id = NEW.session_id) = 'completed'
      OR (SELECT status FROM workout_sessions WHERE id = OLD.session_id) = 'completed')
 AND (OLD.session_id IS NOT NEW.session_id OR OLD.exercise_id IS NOT NEW.exercise_id
      OR OLD.set_index IS NOT NEW.set_index OR OLD.weight IS NOT NEW.weight OR OLD.reps IS NOT NEW.reps
      OR OLD.seconds IS NOT NEW.seconds OR OLD.distance IS NOT NEW.distance OR OLD.rpe IS NOT NEW.rpe
      OR OLD.is_warmup IS NOT NEW.is_warmup OR OLD.metadata IS NOT NEW.metadata
      OR OLD.logged_at IS NOT NEW.logged_at OR OLD.deleted_at IS NOT NEW.deleted_at)
BEGIN
    UPDATE derivation SET history_version = history_version + 1;
END;

CREATE TRIGGER workout_sets_derive_delete AFTER DELETE ON workout_sets
WHEN (SELECT status FROM workout_sessions WHERE id = OLD.session_id) = 'completed'
BEGIN
    UPDATE derivation SET history_version = history_version + 1;
END;

CREATE TRIGGER exercises_derive_insert AFTER INSERT ON exercises
BEGIN
    UPDATE derivation SET history_version = history_version + 1;
END;

CREATE TRIGGER exercises_derive_update AFTER UPDATE ON exercises
WHEN OLD.pattern IS NOT NEW.pattern OR OLD.increment IS NOT NEW.increment OR OLD.tracking IS NOT NEW.tracking
  OR OLD.ratio IS NOT NEW.ratio OR OLD.deleted_at IS NOT NEW.deleted_at  -- ratio: migration 0003
BEGIN
    UPDATE derivation SET history_version = history_version + 1;
END;

CREATE TRIGGER exercises_derive_delete AFTER DELETE ON exercises
BEGIN
    UPDATE derivation SET history_version = history_version + 1;
END;

CREATE TRIGGER user_configs_derive_insert AFTER INSERT ON user_configs
BEGIN
    UPDATE derivation SET history_version = history_version + 1;
END;

-- The Brain changed, or a state arrived from elsewhere (a pull): this store's own history decides.
CREATE TRIGGER user_configs_derive_update AFTER UPDATE ON user_configs
WHEN OLD.brain_version IS NOT NEW.brain_version OR OLD.logic IS NOT NEW.logic
  OR OLD.selections IS NOT NEW.selections OR OLD.sessions IS NOT NEW.sessions
  OR OLD.conditioning IS NOT NEW.conditioning OR OLD.deleted_at IS NOT NEW.deleted_at
  OR (OLD.state IS NOT NEW.state AND (SELECT value FROM settings WHERE key = 'applying_remote') = '1')
BEGIN
    UPDATE derivation SET history_version = history_version + 1;
END;

CREATE TRIGGER user_configs_derive_delete AFTER DELETE ON user_configs
BEGIN
    UPDATE derivation SET history_version = history_version + 1;
END;

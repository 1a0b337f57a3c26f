-- Version 9 (local only; the Supabase schema is unchanged): what the history's statistics read
-- without walking the whole history (flux_tui/store/stats.py, docs/performance.md).
--
-- `exercise_volume` is a derived tally: per session and exercise, its live working sets (not
-- warm-ups) and their volume (Σ weight × reps, kg). Triggers keep it in step with workout_sets in
-- the same transaction as every change (each recomputes the one (session, exercise) it touched
-- from that session's sets, so no sum drifts); a bulk import lifts the insert trigger and tallies
-- what it added in one statement (store/bulk.py). The calendar and the weekly volume read it
-- for the sessions of their window; a record of session volume is one seek of its index.

CREATE TABLE exercise_volume (
    session_id   TEXT NOT NULL,
    exercise_id  TEXT NOT NULL,
    working_sets INTEGER NOT NULL,
    volume_kg    REAL NOT NULL,
    PRIMARY KEY (session_id, exercise_id)
) WITHOUT ROWID;
CREATE INDEX exercise_volume_best_idx ON exercise_volume (exercise_id, volume_kg DESC);

INSERT INTO exercise_volume (session_id, exercise_id, working_sets, volume_kg)
SELECT session_id, exercise_id, count(*), coalesce(sum(coalesce(weight, 0) * coalesce(reps, 0)), 0)
FROM workout_sets WHERE deleted_at IS NULL AND is_warmup = 0 GROUP BY session_id, exercise_id;

CREATE TRIGGER workout_sets_volume_insert AFTER INSERT ON workout_sets
WHEN NEW.deleted_at IS NULL AND NEW.is_warmup = 0
BEGIN
    INSERT OR REPLACE INTO exercise_volume (session_id, exercise_id, working_sets, volume_kg)
    SELECT session_id, exercise_id, count(*), coalesce(sum(coalesce(weight, 0) * coalesce(reps, 0)), 0)
    FROM workout_sets WHERE session_id = NEW.session_id AND exercise_id = NEW.exercise_id
      AND deleted_at IS NULL AND is_warmup = 0 GROUP BY session_id, exercise_id;
END;

CREATE TRIGGER workout_sets_volume_update AFTER UPDATE OF session_id, exercise_id, weight, reps, is_warmup, deleted_at
ON workout_sets
BEGIN
    DELETE FROM exercise_volume WHERE (session_id = OLD.session_id AND exercise_id = OLD.exercise_id)
                                   OR (session_id = NEW.session_id AND exercise_id = NEW.exercise_id);
    INSERT OR REPLACE INTO exercise_volume (session_id, exercise_id, working_sets, volume_kg)
    SELECT session_id, exercise_id, count(*), coalesce(sum(coalesce(weight, 0) * coalesce(reps, 0)), 0)
    FROM workout_sets WHERE ((session_id = OLD.session_id AND exercise_id = OLD.exercise_id)
                          OR (session_id = NEW.session_id AND exercise_id = NEW.exercise_id))
      AND deleted_at IS NULL AND is_warmup = 0 GROUP BY session_id, exercise_id;
END;

CREATE TRIGGER workout_sets_volume_delete AFTER DELETE ON workout_sets
WHEN OLD.deleted_at IS NULL AND OLD.is_warmup = 0
BEGIN
    DELETE FROM exercise_volume WHERE session_id = OLD.session_id AND exercise_id = OLD.exercise_id;
    INSERT INTO exercise_volume (session_id, exercise_id, working_sets, volume_kg)
    SELECT session_id, exercise_id, count(*), coalesce(sum(coalesce(weight, 0) * coalesce(reps, 0)), 0)
    FROM workout_sets WHERE session_id = OLD.session_id AND exercise_id = OLD.exercise_id
      AND deleted_at IS NULL AND is_warmup = 0 GROUP BY session_id, exercise_id;
END;

-- The heaviest working set of an exercise at a rep count, first lifted first: a record of load is
-- one seek (the WHERE clause must match store/stats.py's LOADED exactly; no condition on reps, or
-- SQLite takes that range instead of the rep count asked for).
CREATE INDEX workout_sets_records_idx ON workout_sets (exercise_id, reps, weight DESC, logged_at)
    WHERE deleted_at IS NULL AND is_warmup = 0 AND weight > 0;

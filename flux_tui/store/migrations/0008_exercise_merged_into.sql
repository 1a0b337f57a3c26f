-- Version 8: one of your own exercises can be merged into a catalog exercise
-- (mirrored by supabase/migrations/20261202070000_exercise_merged_into.sql; docs/import.md, "Mapping").
--
-- merged_into: the catalog exercise this one was merged into, or NULL. A merged row stays, so its
-- name (and aliases) read as aliases of the target (Exercises.all) and the next import of the same
-- file finds the target. Its sets are re-pointed to the target: every history view, record and
-- the fold then see one exercise without resolving anything. The triggers below re-point, on any
-- device, every set that points at a merged exercise however it arrives: the merge itself, a set
-- logged or imported later, a set or an exercise row pulled from the server in either order.
-- Each set they re-point is queued for sync even while pulled rows are applied (when the outbox
-- triggers are off): the server then holds the re-pointed set too, so every device and the
-- server end with the same rows.
ALTER TABLE exercises ADD COLUMN merged_into TEXT REFERENCES exercises (id)
    CHECK (merged_into IS NULL OR (is_custom = 1 AND merged_into <> id));

CREATE TRIGGER exercises_merge_update AFTER UPDATE OF merged_into ON exercises
WHEN NEW.merged_into IS NOT NULL
BEGIN
    INSERT INTO outbox (table_name, row_id) SELECT 'workout_sets', id FROM workout_sets WHERE exercise_id = NEW.id
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
    UPDATE workout_sets SET exercise_id = NEW.merged_into WHERE exercise_id = NEW.id;
END;

CREATE TRIGGER exercises_merge_insert AFTER INSERT ON exercises
WHEN NEW.merged_into IS NOT NULL
BEGIN
    INSERT INTO outbox (table_name, row_id) SELECT 'workout_sets', id FROM workout_sets WHERE exercise_id = NEW.id
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
    UPDATE workout_sets SET exercise_id = NEW.merged_into WHERE exercise_id = NEW.id;
END;

CREATE TRIGGER workout_sets_follow_merge_insert AFTER INSERT ON workout_sets
WHEN (SELECT merged_into FROM exercises WHERE id = NEW.exercise_id) IS NOT NULL
BEGIN
    INSERT INTO outbox (table_name, row_id) VALUES ('workout_sets', NEW.id)
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
    UPDATE workout_sets SET exercise_id = (SELECT merged_into FROM exercises WHERE id = NEW.exercise_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER workout_sets_follow_merge_update AFTER UPDATE OF exercise_id ON workout_sets
WHEN (SELECT merged_into FROM exercises WHERE id = NEW.exercise_id) IS NOT NULL
BEGIN
    INSERT INTO outbox (table_name, row_id) VALUES ('workout_sets', NEW.id)
    ON CONFLICT (table_name, row_id) DO UPDATE SET queued_at = excluded.queued_at, attempts = 0;
    UPDATE workout_sets SET exercise_id = (SELECT merged_into FROM exercises WHERE id = NEW.exercise_id)
    WHERE id = NEW.id;
END;

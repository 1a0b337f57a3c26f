-- Version 3: what each exercise trains, and how its load compares within its pattern
-- (mirrored by supabase/migrations/20261202020000_exercise_muscles.sql).
--
-- primary_muscles / secondary_muscles: JSON arrays of muscle names (flux_tui.brain.models.Muscle);
-- a working set counts 1 for each primary muscle and 0.5 for each secondary one.
-- ratio: the exercise's typical e1RM as a fraction of its pattern's reference lift; NULL when
-- loads do not transfer. Rows written before this version get empty lists and no ratio until
-- the catalog is seeded again.
ALTER TABLE exercises ADD COLUMN primary_muscles TEXT NOT NULL DEFAULT '[]';
ALTER TABLE exercises ADD COLUMN secondary_muscles TEXT NOT NULL DEFAULT '[]';
ALTER TABLE exercises ADD COLUMN ratio REAL CHECK (ratio IS NULL OR ratio BETWEEN 0.05 AND 5);

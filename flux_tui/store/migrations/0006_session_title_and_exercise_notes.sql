-- Version 6: a session keeps the name its workout had and the notes written on its exercises.
--
--   title:          the workout's name ("Push Day": Strong "Workout Name", Hevy "title"); '' when none.
--   exercise_notes: a JSON object, exercise id -> the note written on that exercise in this session
--                   (Hevy exercise_notes, Strong Notes); '{}' when none.
-- Synced (supabase/migrations/20261202040000_session_title_and_exercise_notes.sql); the bounds are
-- the entries of flux_tui/limits.py. Neither is read by the fold: no derivation trigger changes.
ALTER TABLE workout_sessions ADD COLUMN title TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 500);
ALTER TABLE workout_sessions ADD COLUMN exercise_notes TEXT NOT NULL DEFAULT '{}'
    CHECK (json_valid(exercise_notes) AND json_type(exercise_notes) = 'object' AND length(CAST(exercise_notes AS BLOB)) <= 65536);

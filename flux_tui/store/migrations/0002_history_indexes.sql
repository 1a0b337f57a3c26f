-- Version 2: indexes for the history screens' virtual lists (local only; the
-- Supabase schema is unchanged).
--
-- The lists fetch one page at a time by offset while they render. Without these
-- partial indexes, a page deep into a million-set history cost 25-550 ms (every
-- skipped row was looked up in the table, or all rows were sorted first); with
-- them the offset is skipped inside the index and a page costs ~1-3 ms at any
-- depth. The WHERE clauses must match the queries in Store.history_* exactly.

-- Sessions in the history list: newest first, ties broken by id.
CREATE INDEX workout_sessions_history_idx ON workout_sessions (started_at DESC, id DESC)
    WHERE deleted_at IS NULL AND status IN ('completed', 'abandoned');

-- One exercise's live sets, newest first.
CREATE INDEX workout_sets_exercise_history_idx ON workout_sets (exercise_id, logged_at DESC, id DESC)
    WHERE deleted_at IS NULL;

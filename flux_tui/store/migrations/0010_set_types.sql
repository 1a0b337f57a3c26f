-- Version 10: a set's type as a word (mirrored by supabase/migrations/20261202080000_set_types.sql).
--
-- working | warmup | drop | failure | amrap. `is_warmup` stays what every count reads (a warm-up is
-- never a working set); the app writes both together, and rows written with only `is_warmup`
-- (imports, older rows) read as 'warmup' when it is set. Drop, failure and AMRAP sets are
-- working sets of a kind.
ALTER TABLE workout_sets ADD COLUMN set_type TEXT NOT NULL DEFAULT 'working'
    CHECK (set_type IN ('working', 'warmup', 'drop', 'failure', 'amrap'));
UPDATE workout_sets SET set_type = 'warmup' WHERE is_warmup = 1;

-- What each exercise trains and how its load compares within its pattern: mirrors
-- flux_tui/store/migrations/0003_exercise_muscles.sql column for column.
--
--   primary_muscles / secondary_muscles: jsonb arrays of muscle names (flux_tui.brain.models.Muscle);
--     a working set counts 1 for a primary muscle and 0.5 for a secondary one.
--   ratio: the exercise's typical e1RM as a fraction of its pattern's reference lift (1.0);
--     null where loads do not transfer.
-- Existing rows get empty lists and no ratio; the seed fills the catalog's. The CHECKs are
-- the entries of flux_tui/limits.py, named <table>_<column>_check like the others.

alter table public.exercises
    add column primary_muscles jsonb not null default '[]'::jsonb,
    add column secondary_muscles jsonb not null default '[]'::jsonb,
    add column ratio double precision;

alter table public.exercises
    -- arrays of at most 6 / 8 strings of 1-40 characters (the jsonpath finds any element
    -- that is not such a string)
    add constraint exercises_primary_muscles_check check (
        jsonb_typeof(primary_muscles) = 'array'
        and jsonb_array_length(primary_muscles) <= 6
        and not jsonb_path_exists(primary_muscles,
            '$[*] ? (@.type() != "string" || @ == "" || @ like_regex "^.{41}" flag "s")')),
    add constraint exercises_secondary_muscles_check check (
        jsonb_typeof(secondary_muscles) = 'array'
        and jsonb_array_length(secondary_muscles) <= 8
        and not jsonb_path_exists(secondary_muscles,
            '$[*] ? (@.type() != "string" || @ == "" || @ like_regex "^.{41}" flag "s")')),
    add constraint exercises_ratio_check check (ratio between 0.05 and 5);

comment on column public.exercises.primary_muscles is 'Muscles a working set counts fully for (jsonb array of names).';
comment on column public.exercises.secondary_muscles is 'Muscles a working set counts half for (jsonb array of names).';
comment on column public.exercises.ratio is 'Typical e1RM as a fraction of the pattern''s reference lift; null where loads do not transfer.';

-- A session keeps its workout's name and the notes written on its exercises
-- (flux_tui/store/migrations/0006_session_title_and_exercise_notes.sql, column for column):
--   title:          'Push Day' (Strong "Workout Name", Hevy "title"); '' when none.
--   exercise_notes: exercise id -> the note on that exercise in this session; {} when none.
-- The CHECKs are the entries of flux_tui/limits.py, named <table>_<column>_check like the others.
-- Level 4: a client that sends these columns needs them.

alter table public.workout_sessions
    add column title text not null default '',
    add column exercise_notes jsonb not null default '{}'::jsonb;

alter table public.workout_sessions
    add constraint workout_sessions_title_check check (char_length(title) <= 500),
    add constraint workout_sessions_exercise_notes_check
        check (jsonb_typeof(exercise_notes) = 'object' and octet_length(exercise_notes::text) <= 65536);

create or replace function public.flux_schema_version()
returns integer
language sql
immutable
security invoker
set search_path = ''
as $$
    select 4
$$;
comment on function public.flux_schema_version() is
    'Schema level of the FLUX database (1 = core tables, 2 = sync support, 3 = per-user keys and limits, 4 = session titles and exercise notes); checked by flux-tui doctor.';

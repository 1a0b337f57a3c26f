-- Per-user keys and server limits (supabase/README.md: "Keys", "Limits").
--
-- 1. Keys. Until now every primary key was the client's id alone, global
--    across users. Imported sessions and sets get deterministic ids
--    (uuid5 of the export's content), so two users who import the same
--    file, or trained on the same dates, produced the same ids: the second
--    user's push hit the first user's row and RLS refused it forever, and
--    anyone could pre-insert those ids to block other users' imports or learn
--    (409 vs 201) whether someone trained on a date. Now every user row is
--    keyed (user_id, id) and every reference carries the user: an id only
--    ever names a row of the same user, so nobody can collide with, block or
--    detect another user's rows.
--
--    exercises holds the shared catalog (user_id NULL) beside users' custom
--    exercises, and a set's exercise_id names either. A key cannot contain a
--    NULL, and a foreign key with a NULL column is not checked at all (MATCH
--    SIMPLE), so both sides get a generated, never-NULL owner column:
--      exercises.owner_id              = user_id, or the nil uuid for the catalog
--      workout_sets.exercise_owner_id  = the set's user_id for a custom_ id,
--                                        the nil uuid for a catalog id
--    and an ordinary foreign key (exercise_owner_id, exercise_id) ->
--    exercises (owner_id, id) keeps referential integrity both ways (a set
--    names only the catalog or its own user's exercises; a referenced
--    exercise cannot be deleted or have its id changed), checked by PostgreSQL itself,
--    race-free, which the trigger it replaces was not. The prefix rule
--    (custom rows and only they start with custom_, exercises_custom_ownership)
--    makes the mapping exact. The generated columns are server-only: the
--    client never sends them, the local store (one user per store) has no need
--    for them.
--
--    PostgREST upserts with ON CONFLICT (columns) and cannot name an index
--    predicate or an expression, so every table has a plain unique index on
--    (user_id, id): the primary key, or for exercises a unique constraint
--    beside the (owner_id, id) key (custom rows; catalog rows are written by
--    service_role with their own ON CONFLICT).
--
--    Existing rows keep their values: ids were globally unique, so they are
--    unique per user too; only constraints and indexes change.
--
-- 2. Limits: finite numbers in documented ranges, bounded texts and JSON, one
--    CHECK `<table>_<column>_check` per entry of flux_tui/limits.py (the one
--    definition; tests/supabase/test_limits.py probes each edge through
--    PostgREST). A database that already holds a value out of range fails
--    here naming the constraint: fix or delete that row, then push again.

-- ----------------------------------------------------------------- keys ---

-- what referenced the global keys
drop trigger workout_sets_check_exercise on public.workout_sets;
drop function public.workout_sets_check_exercise();
alter table public.workout_sets
    drop constraint workout_sets_session_id_fkey,
    drop constraint workout_sets_session_owner_fkey,
    drop constraint workout_sets_exercise_id_fkey;
alter table public.workout_sessions drop constraint workout_sessions_id_user_key;
drop index public.workout_sets_session_idx;
drop index public.workout_sets_exercise_idx;

alter table public.user_configs
    drop constraint user_configs_pkey,
    add constraint user_configs_pkey primary key (user_id, id);
alter table public.workout_sessions
    drop constraint workout_sessions_pkey,
    add constraint workout_sessions_pkey primary key (user_id, id);
alter table public.workout_sets
    drop constraint workout_sets_pkey,
    add constraint workout_sets_pkey primary key (user_id, id);

alter table public.exercises
    add column owner_id uuid not null
        generated always as (coalesce(user_id, '00000000-0000-0000-0000-000000000000'::uuid)) stored;
comment on column public.exercises.owner_id is
    'Server-only key column: user_id, or the nil uuid for the shared catalog (a key cannot hold NULL).';
alter table public.exercises
    drop constraint exercises_pkey,
    add constraint exercises_pkey primary key (owner_id, id),
    add constraint exercises_user_id_id_key unique (user_id, id);   -- PostgREST's upsert target

alter table public.workout_sets
    add column exercise_owner_id uuid not null
        generated always as (case when exercise_id ~ '^custom_' then user_id
                                  else '00000000-0000-0000-0000-000000000000'::uuid end) stored;
comment on column public.workout_sets.exercise_owner_id is
    'Server-only: whose exercise exercise_id names (the set''s user for custom_ ids, the catalog''s nil uuid otherwise).';
alter table public.workout_sets
    add constraint workout_sets_session_fkey foreign key (user_id, session_id)
        references public.workout_sessions (user_id, id) on delete cascade,
    add constraint workout_sets_exercise_fkey foreign key (exercise_owner_id, exercise_id)
        references public.exercises (owner_id, id);

-- a session's sets in order; covers the session foreign key
create index workout_sets_session_idx on public.workout_sets (user_id, session_id, set_index);
-- a user's sets of one exercise by time
create index workout_sets_exercise_idx on public.workout_sets (user_id, exercise_id, logged_at);
-- covers the exercise foreign key (deleting or renaming an exercise looks its sets up)
create index workout_sets_exercise_fkey_idx on public.workout_sets (exercise_owner_id, exercise_id);

-- The upsert rule looks the stored row up by its key, which now includes the
-- user: an id of another user's row is not this row (and service_role, which
-- bypasses RLS, must not read another user's tombstone either).
--
-- SECURITY DEFINER, so that this per-row lookup is a plain primary-key probe:
-- under RLS the lookup also evaluates the policy's auth.uid() (which parses the
-- JWT claims) once per row, and made a 100k-set push ~40% slower on the server.
-- It stays safe: a trigger function cannot be called directly (and nobody but
-- service_role may execute it); it reads only the row with NEW's own key and
-- only copies that row's deleted_at into NEW, which RLS's WITH CHECK then judges
-- (a row for another user is refused whole, and nothing of it is returned).
create or replace function public.keep_tombstone_on_upsert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    stored timestamptz;
begin
    if new.deleted_at is not null or new.updated_at is null then
        return new;
    end if;
    if tg_table_name = 'workout_sets' then
        select t.deleted_at into stored from public.workout_sets t
        where t.user_id = new.user_id and t.id = new.id;
    elsif tg_table_name = 'workout_sessions' then
        select t.deleted_at into stored from public.workout_sessions t
        where t.user_id = new.user_id and t.id = new.id;
    elsif tg_table_name = 'user_configs' then
        select t.deleted_at into stored from public.user_configs t
        where t.user_id = new.user_id and t.id = new.id;
    elsif tg_table_name = 'exercises' then
        -- generated columns are not computed yet in a BEFORE trigger: spell owner_id out
        select t.deleted_at into stored from public.exercises t
        where t.owner_id = coalesce(new.user_id, '00000000-0000-0000-0000-000000000000'::uuid) and t.id = new.id;
    end if;
    if stored is not null and new.updated_at <= stored then
        new.deleted_at := stored;
    end if;
    return new;
end;
$$;

-- Level 3 = per-user keys: a client that upserts on (user_id, id) needs it.
create or replace function public.flux_schema_version()
returns integer
language sql
immutable
security invoker
set search_path = ''
as $$
    select 3
$$;
comment on function public.flux_schema_version() is
    'Schema level of the FLUX database (1 = core tables, 2 = sync support, 3 = per-user keys and limits); checked by flux-tui doctor.';

-- The cursor's schema level now comes from flux_schema_version(), so a later
-- level needs only that function replaced. (The per-table counts already use
-- user_id, not ids, and need no change.)
create or replace function public.sync_cursor()
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
    select jsonb_build_object(
        'uid', (select auth.uid()),
        'now', now(),
        'schema', public.flux_schema_version(),
        'tables', jsonb_build_object(
            'exercises', (
                select jsonb_build_object('n', count(*), 'max', max(e.updated_at),
                                          'sum', coalesce(sum(extract(epoch from e.updated_at)), 0))
                from public.exercises e where e.user_id = (select auth.uid())),
            'workout_sessions', (
                select jsonb_build_object('n', count(*), 'max', max(s.updated_at),
                                          'sum', coalesce(sum(extract(epoch from s.updated_at)), 0))
                from public.workout_sessions s where s.user_id = (select auth.uid())),
            'workout_sets', (
                select jsonb_build_object('n', count(*), 'max', max(w.updated_at),
                                          'sum', coalesce(sum(extract(epoch from w.updated_at)), 0))
                from public.workout_sets w where w.user_id = (select auth.uid())),
            'user_configs', (
                select jsonb_build_object('n', count(*), 'max', max(c.updated_at),
                                          'sum', coalesce(sum(extract(epoch from c.updated_at)), 0))
                from public.user_configs c where c.user_id = (select auth.uid()))
        )
    )
$$;

-- --------------------------------------------------------------- limits ---
-- One CHECK per entry of flux_tui/limits.py, in its order. A range on a
-- double precision column also refuses NaN (greater than every number in
-- PostgreSQL) and +/-Infinity. JSON sizes are bytes of jsonb's text form.

alter table public.workout_sets
    drop constraint workout_sets_weight_check,
    drop constraint workout_sets_reps_check,
    drop constraint workout_sets_seconds_check,
    drop constraint workout_sets_distance_check,
    drop constraint workout_sets_rpe_check,
    drop constraint workout_sets_set_index_check,
    drop constraint workout_sets_metadata_check,
    add constraint workout_sets_weight_check check (weight between 0 and 5000),
    add constraint workout_sets_reps_check check (reps between 0 and 100000),
    add constraint workout_sets_seconds_check check (seconds between 0 and 604800),
    add constraint workout_sets_distance_check check (distance between 0 and 1000000),
    add constraint workout_sets_rpe_check check (rpe between 0 and 10),
    add constraint workout_sets_set_index_check check (set_index between 0 and 10000),
    add constraint workout_sets_metadata_check
        check (jsonb_typeof(metadata) = 'object' and octet_length(metadata::text) <= 16384);

alter table public.workout_sessions
    drop constraint workout_sessions_notes_check,
    drop constraint workout_sessions_anchor_pattern_check,
    add constraint workout_sessions_notes_check check (char_length(notes) <= 20000),
    add constraint workout_sessions_anchor_pattern_check
        check (anchor_pattern ~ '^[a-z0-9]+(_[a-z0-9]+)*$' and char_length(anchor_pattern) <= 60),
    add constraint workout_sessions_plan_check
        check (jsonb_typeof(plan) = 'object' and octet_length(plan::text) <= 65536);

alter table public.exercises
    drop constraint exercises_id_check,
    drop constraint exercises_name_check,
    drop constraint exercises_pattern_check,
    drop constraint exercises_modality_check,
    drop constraint exercises_increment_check,
    drop constraint exercises_aliases_check,
    add constraint exercises_id_check check (id ~ '^[a-z0-9]+(_[a-z0-9]+)*$' and char_length(id) <= 80),
    add constraint exercises_name_check check (btrim(name) <> '' and char_length(name) <= 200),
    add constraint exercises_pattern_check check (pattern ~ '^[a-z0-9]+(_[a-z0-9]+)*$' and char_length(pattern) <= 60),
    add constraint exercises_modality_check check (modality ~ '^[a-z0-9]+(_[a-z0-9]+)*$' and char_length(modality) <= 60),
    add constraint exercises_increment_check check (increment between 0 and 100),
    -- an array of at most 50 strings of 1-200 characters (a CHECK cannot hold a
    -- subquery; the jsonpath finds any element that is not such a string)
    add constraint exercises_aliases_check check (
        jsonb_typeof(aliases) = 'array'
        and jsonb_array_length(aliases) <= 50
        and not jsonb_path_exists(aliases,
            '$[*] ? (@.type() != "string" || @ == "" || @ like_regex "^.{201}" flag "s")'));

alter table public.user_configs
    drop constraint user_configs_brain_version_check,
    add constraint user_configs_brain_version_check check (brain_version between 1 and 1000),
    add constraint user_configs_logic_check
        check (jsonb_typeof(logic) = 'object' and octet_length(logic::text) <= 1048576),
    add constraint user_configs_selections_check
        check (jsonb_typeof(selections) = 'object' and octet_length(selections::text) <= 1048576),
    add constraint user_configs_sessions_check
        check (jsonb_typeof(sessions) = 'object' and octet_length(sessions::text) <= 1048576),
    add constraint user_configs_conditioning_check
        check (jsonb_typeof(conditioning) = 'object' and octet_length(conditioning::text) <= 1048576),
    add constraint user_configs_state_check
        check (jsonb_typeof(state) = 'object' and octet_length(state::text) <= 1048576);

-- FLUX core schema: the Brain (user_configs), the exercise catalog, workout
-- sessions and their sets. Hybrid relational + JSONB.
--
-- Mirrors flux_tui/store/migrations/0001_initial.sql column for column so
-- sync maps rows 1:1 (SQLite TEXT uuid -> uuid, TEXT JSON -> jsonb,
-- INTEGER 0/1 -> boolean, ISO-8601 TEXT -> timestamptz, REAL -> double precision).
--
-- Security model (see supabase/README.md):
--   * RLS on every table; policies only for `authenticated`, written
--     `(select auth.uid()) = user_id` so the uid is evaluated once per statement.
--   * Explicit GRANTs (new Supabase projects no longer auto-grant): anon gets
--     nothing, authenticated gets DML, service_role everything (it bypasses RLS).
--   * Global catalog rows (exercises.user_id IS NULL) are readable by every
--     authenticated user and writable only by service_role.
--   * Custom exercise ids are `custom_` + 32 hex digits of a client-generated
--     UUID, so two users' custom exercises never collide, whatever their name.

-- ------------------------------------------------------------ functions ---

-- Keeps updated_at on the server clock, on insert and on update, so that the
-- sync pull's keyset cursor (updated_at, id) never misses a row pushed by a
-- device whose clock is behind. created_at keeps the device's value.
create function public.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    new.updated_at := now();
    return new;
end;
$$;

-- A set may only use a global exercise or one of its own user's custom
-- exercises (a plain foreign key is checked as the table owner and would let
-- a user reference another user's private exercise).
create function public.workout_sets_check_exercise()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if not exists (
        select 1
        from public.exercises e
        where e.id = new.exercise_id
          and (e.user_id is null or e.user_id = new.user_id)
    ) then
        raise exception 'exercise % is not available to this user', new.exercise_id
            using errcode = 'foreign_key_violation',
                  hint = 'use a catalog exercise or one of your own custom exercises';
    end if;
    return new;
end;
$$;

revoke all on function public.set_updated_at() from public, anon, authenticated;
revoke all on function public.workout_sets_check_exercise() from public, anon, authenticated;
grant execute on function public.set_updated_at() to service_role;
grant execute on function public.workout_sets_check_exercise() to service_role;

-- --------------------------------------------------------- user_configs ---
-- The Brain: the user's logic, selections, session templates and
-- conditioning, plus the engine's derived state, as JSONB.
create table public.user_configs (
    id            uuid primary key,                      -- client-generated
    user_id       uuid not null default auth.uid()
                  references auth.users (id) on delete cascade,
    brain_version integer not null check (brain_version >= 1),
    logic         jsonb not null default '{}'::jsonb,
    selections    jsonb not null default '{}'::jsonb,
    sessions      jsonb not null default '{}'::jsonb,
    conditioning  jsonb not null default '{}'::jsonb,
    state         jsonb not null default '{}'::jsonb,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    deleted_at    timestamptz
);
comment on table public.user_configs is 'The Brain of one user (JSONB sections) and the engine state.';

-- sync pull: changes since (updated_at, id); also covers the user_id FK
create index user_configs_user_sync_idx on public.user_configs (user_id, updated_at, id);

-- ------------------------------------------------------------ exercises ---
create table public.exercises (
    id         text primary key
               check (id ~ '^[a-z0-9]+(_[a-z0-9]+)*$' and char_length(id) <= 80),
    user_id    uuid default auth.uid()                   -- NULL = shipped catalog
               references auth.users (id) on delete cascade,
    name       text not null check (char_length(btrim(name)) between 1 and 200),
    pattern    text not null                             -- 'unassigned' for unmapped imports
               check (pattern ~ '^[a-z0-9]+(_[a-z0-9]+)*$' and char_length(pattern) <= 60),
    modality   text
               check (modality ~ '^[a-z0-9]+(_[a-z0-9]+)*$' and char_length(modality) <= 60),
    tracking   text not null
               check (tracking in ('weight_reps', 'reps', 'seconds', 'weight_seconds',
                                   'distance_seconds', 'weight_distance', 'intervals')),
    load_type  text not null
               check (load_type in ('barbell', 'dumbbell', 'kettlebell', 'machine', 'cable',
                                    'bodyweight', 'band', 'sled', 'ergometer', 'none')),
    increment  double precision not null default 0 check (increment >= 0 and increment <= 1000),
    aliases    jsonb not null default '[]'::jsonb check (jsonb_typeof(aliases) = 'array'),
    is_custom  boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz,
    -- catalog rows: no owner, plain slug; custom rows: an owner and
    -- `custom_<32 hex of a client uuid>`, unique across all users.
    constraint exercises_custom_ownership check (
        (user_id is null and not is_custom and id !~ '^custom_')
        or (user_id is not null and is_custom and id ~ '^custom_[0-9a-f]{32}$')
    )
);
comment on table public.exercises is 'Exercise catalog: user_id NULL = shipped catalog (service_role writes), else a user''s custom exercise with id custom_<32 hex>.';

create index exercises_user_sync_idx on public.exercises (user_id, updated_at, id);  -- FK + custom rows pull
create index exercises_sync_idx on public.exercises (updated_at, id);                -- catalog pull

-- ----------------------------------------------------- workout_sessions ---
create table public.workout_sessions (
    id             uuid primary key,                     -- client-generated
    user_id        uuid not null default auth.uid()
                   references auth.users (id) on delete cascade,
    archetype      text not null check (archetype in ('performance', 'recovery')),
    anchor_pattern text
                   check (anchor_pattern ~ '^[a-z0-9]+(_[a-z0-9]+)*$' and char_length(anchor_pattern) <= 60),
    status         text not null check (status in ('active', 'completed', 'abandoned')),
    started_at     timestamptz not null,
    completed_at   timestamptz,
    notes          text not null default '' check (char_length(notes) <= 20000),
    plan           jsonb,                                -- the plan the session started from
    source         text not null default 'flux'
                   check (source in ('flux', 'strong', 'hevy', 'fitnotes')),
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    deleted_at     timestamptz,
    constraint workout_sessions_times check (completed_at is null or completed_at >= started_at),
    -- target of workout_sets' (session_id, user_id) key: a set belongs to its session's owner
    constraint workout_sessions_id_user_key unique (id, user_id)
);

create index workout_sessions_user_started_idx on public.workout_sessions (user_id, started_at desc);  -- history by time
create index workout_sessions_user_sync_idx on public.workout_sessions (user_id, updated_at, id);     -- sync pull

-- --------------------------------------------------------- workout_sets ---
create table public.workout_sets (
    id          uuid primary key,                        -- client-generated
    user_id     uuid not null default auth.uid()
                references auth.users (id) on delete cascade,
    session_id  uuid not null
                references public.workout_sessions (id) on delete cascade,
    exercise_id text not null
                references public.exercises (id),
    set_index   integer not null check (set_index >= 0),
    weight      double precision check (weight >= 0),
    reps        integer check (reps >= 0),
    seconds     double precision check (seconds >= 0),
    distance    double precision check (distance >= 0),
    rpe         double precision check (rpe >= 0 and rpe <= 10),
    is_warmup   boolean not null default false,
    metadata    jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
    logged_at   timestamptz not null default now(),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    deleted_at  timestamptz,
    constraint workout_sets_session_owner_fkey foreign key (session_id, user_id)
        references public.workout_sessions (id, user_id) on delete cascade
);
comment on column public.workout_sets.metadata is 'Per-set extras: avg_watts, peak_hr, protocol, level, ...';

-- a session's sets in order; covers both session foreign keys
create index workout_sets_session_idx on public.workout_sets (session_id, user_id, set_index);
-- an exercise's sets by time; covers the exercise_id FK
create index workout_sets_exercise_idx on public.workout_sets (exercise_id, user_id, logged_at);
-- sync pull; covers the user_id FK
create index workout_sets_user_sync_idx on public.workout_sets (user_id, updated_at, id);

-- ------------------------------------------------------------- triggers ---
create trigger user_configs_set_updated_at
    before insert or update on public.user_configs
    for each row execute function public.set_updated_at();
create trigger exercises_set_updated_at
    before insert or update on public.exercises
    for each row execute function public.set_updated_at();
create trigger workout_sessions_set_updated_at
    before insert or update on public.workout_sessions
    for each row execute function public.set_updated_at();
create trigger workout_sets_set_updated_at
    before insert or update on public.workout_sets
    for each row execute function public.set_updated_at();
create trigger workout_sets_check_exercise
    before insert or update of exercise_id, user_id on public.workout_sets
    for each row execute function public.workout_sets_check_exercise();

-- ---------------------------------------------------------------- grants ---
revoke all on table public.user_configs, public.exercises,
                    public.workout_sessions, public.workout_sets
    from public, anon, authenticated;
grant select, insert, update, delete on table public.user_configs, public.exercises,
                    public.workout_sessions, public.workout_sets
    to authenticated;
grant all on table public.user_configs, public.exercises,
                   public.workout_sessions, public.workout_sets
    to service_role;

-- ------------------------------------------------------------------- RLS ---
alter table public.user_configs     enable row level security;
alter table public.exercises        enable row level security;
alter table public.workout_sessions enable row level security;
alter table public.workout_sets     enable row level security;

-- One policy per table, role and action (no overlapping permissive policies).
create policy user_configs_select on public.user_configs for select to authenticated
    using ((select auth.uid()) = user_id);
create policy user_configs_insert on public.user_configs for insert to authenticated
    with check ((select auth.uid()) = user_id);
create policy user_configs_update on public.user_configs for update to authenticated
    using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy user_configs_delete on public.user_configs for delete to authenticated
    using ((select auth.uid()) = user_id);

-- the catalog (user_id null) and the user's own custom exercises
create policy exercises_select on public.exercises for select to authenticated
    using (user_id is null or (select auth.uid()) = user_id);
create policy exercises_insert on public.exercises for insert to authenticated
    with check ((select auth.uid()) = user_id);
create policy exercises_update on public.exercises for update to authenticated
    using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy exercises_delete on public.exercises for delete to authenticated
    using ((select auth.uid()) = user_id);

create policy workout_sessions_select on public.workout_sessions for select to authenticated
    using ((select auth.uid()) = user_id);
create policy workout_sessions_insert on public.workout_sessions for insert to authenticated
    with check ((select auth.uid()) = user_id);
create policy workout_sessions_update on public.workout_sessions for update to authenticated
    using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy workout_sessions_delete on public.workout_sessions for delete to authenticated
    using ((select auth.uid()) = user_id);

create policy workout_sets_select on public.workout_sets for select to authenticated
    using ((select auth.uid()) = user_id);
create policy workout_sets_insert on public.workout_sets for insert to authenticated
    with check ((select auth.uid()) = user_id);
create policy workout_sets_update on public.workout_sets for update to authenticated
    using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy workout_sets_delete on public.workout_sets for delete to authenticated
    using ((select auth.uid()) = user_id);

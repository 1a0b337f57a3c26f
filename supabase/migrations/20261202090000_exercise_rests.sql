-- The rest remembered per exercise: mirrors flux_tui/store/migrations/0011_exercise_rests.sql
-- column for column. A session's timer changed with +/- is that exercise's rest from then on, on
-- every device of the account. One row per user and exercise: the id is the exercise's id (a
-- catalog slug or the user's custom_ id), so two devices remembering a rest for one exercise
-- upsert the same row. Keyed (user_id, id) with the grants, one RLS policy per action,
-- server-clock updated_at, tombstones and a place in sync_cursor() of every user table
-- (20261202060000_bodyweight_log.sql); the CHECK is flux_tui/limits.py's entry. Schema level 8.

create table public.exercise_rests (
    id                text not null,                     -- the exercise's id
    user_id           uuid not null default auth.uid()
                      references auth.users (id) on delete cascade,
    rest_seconds      integer not null,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    deleted_at        timestamptz,
    -- whose exercise id names, as for a set's exercise_id (20261202010000_per_user_keys_and_limits.sql)
    exercise_owner_id uuid not null
                      generated always as (case when id ~ '^custom_' then user_id
                                                else '00000000-0000-0000-0000-000000000000'::uuid end) stored,
    constraint exercise_rests_pkey primary key (user_id, id),
    constraint exercise_rests_exercise_fkey foreign key (exercise_owner_id, id)
        references public.exercises (owner_id, id),
    constraint exercise_rests_rest_seconds_check check (rest_seconds between 0 and 3600)
);
comment on table public.exercise_rests is 'The rest (seconds) a user last set for an exercise; id is the exercise''s id.';
comment on column public.exercise_rests.exercise_owner_id is
    'Server-only: whose exercise id names (the user''s for custom_ ids, the catalog''s nil uuid otherwise).';

create index exercise_rests_user_sync_idx on public.exercise_rests (user_id, updated_at, id);        -- sync pull
create index exercise_rests_exercise_fkey_idx on public.exercise_rests (exercise_owner_id, id);     -- the FK

create trigger exercise_rests_set_updated_at
    before insert or update on public.exercise_rests
    for each row execute function public.set_updated_at();
create trigger exercise_rests_keep_tombstone
    before update on public.exercise_rests
    for each row execute function public.keep_tombstone();
create trigger exercise_rests_keep_tombstone_on_upsert
    before insert on public.exercise_rests
    for each row execute function public.keep_tombstone_on_upsert();

revoke all on table public.exercise_rests from public, anon, authenticated;
grant select, insert, update, delete on table public.exercise_rests to authenticated;
grant all on table public.exercise_rests to service_role;

alter table public.exercise_rests enable row level security;
create policy exercise_rests_select on public.exercise_rests for select to authenticated
    using ((select auth.uid()) = user_id);
create policy exercise_rests_insert on public.exercise_rests for insert to authenticated
    with check ((select auth.uid()) = user_id);
create policy exercise_rests_update on public.exercise_rests for update to authenticated
    using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy exercise_rests_delete on public.exercise_rests for delete to authenticated
    using ((select auth.uid()) = user_id);

-- The upsert rule learns the new table.
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
    elsif tg_table_name = 'bodyweights' then
        select t.deleted_at into stored from public.bodyweights t
        where t.user_id = new.user_id and t.id = new.id;
    elsif tg_table_name = 'exercise_rests' then
        select t.deleted_at into stored from public.exercise_rests t
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

-- Level 8 = remembered rests: a client that syncs them needs the table.
create or replace function public.flux_schema_version()
returns integer
language sql
immutable
security invoker
set search_path = ''
as $$
    select 8
$$;
comment on function public.flux_schema_version() is
    'Schema level of the FLUX database (1 = core tables, 2 = sync support, 3 = per-user keys and limits, 4 = session titles and exercise notes, 5 = bodyweight log, 6 = merged exercises, 7 = set types, 8 = remembered rests); checked by flux-tui doctor.';

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
                from public.user_configs c where c.user_id = (select auth.uid())),
            'bodyweights', (
                select jsonb_build_object('n', count(*), 'max', max(b.updated_at),
                                          'sum', coalesce(sum(extract(epoch from b.updated_at)), 0))
                from public.bodyweights b where b.user_id = (select auth.uid())),
            'exercise_rests', (
                select jsonb_build_object('n', count(*), 'max', max(r.updated_at),
                                          'sum', coalesce(sum(extract(epoch from r.updated_at)), 0))
                from public.exercise_rests r where r.user_id = (select auth.uid()))
        )
    )
$$;

-- The bodyweight log: mirrors flux_tui/store/migrations/0007_bodyweight.sql column for column.
-- Keyed (user_id, id) like every user table (20261202010000_per_user_keys_and_limits.sql), with
-- the same grants, one RLS policy per action, server-clock updated_at, tombstones that win over
-- older edits, and a place in sync_cursor(). The CHECKs are the entries of flux_tui/limits.py,
-- named <table>_<column>_check. Schema level 5.

create table public.bodyweights (
    id          uuid not null,                           -- client-generated
    user_id     uuid not null default auth.uid()
                references auth.users (id) on delete cascade,
    weight      double precision not null,               -- kg
    measured_at timestamptz not null,
    utc_offset  integer,                                 -- minutes east of UTC where it was taken
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    deleted_at  timestamptz,
    constraint bodyweights_pkey primary key (user_id, id),
    constraint bodyweights_weight_check check (weight between 20 and 400),
    constraint bodyweights_utc_offset_check check (utc_offset between -1080 and 1080)
);
comment on table public.bodyweights is 'One weighing of a user (kg), with the UTC offset of where it was taken.';

create index bodyweights_user_sync_idx on public.bodyweights (user_id, updated_at, id);        -- sync pull
create index bodyweights_user_measured_idx on public.bodyweights (user_id, measured_at);       -- the series

create trigger bodyweights_set_updated_at
    before insert or update on public.bodyweights
    for each row execute function public.set_updated_at();
create trigger bodyweights_keep_tombstone
    before update on public.bodyweights
    for each row execute function public.keep_tombstone();
create trigger bodyweights_keep_tombstone_on_upsert
    before insert on public.bodyweights
    for each row execute function public.keep_tombstone_on_upsert();

revoke all on table public.bodyweights from public, anon, authenticated;
grant select, insert, update, delete on table public.bodyweights to authenticated;
grant all on table public.bodyweights to service_role;

alter table public.bodyweights enable row level security;
create policy bodyweights_select on public.bodyweights for select to authenticated
    using ((select auth.uid()) = user_id);
create policy bodyweights_insert on public.bodyweights for insert to authenticated
    with check ((select auth.uid()) = user_id);
create policy bodyweights_update on public.bodyweights for update to authenticated
    using ((select auth.uid()) = user_id) with check ((select auth.uid()) = user_id);
create policy bodyweights_delete on public.bodyweights for delete to authenticated
    using ((select auth.uid()) = user_id);

-- The upsert rule (see 20261202010000_per_user_keys_and_limits.sql) learns the new table.
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

-- Level 5 = the bodyweight log: a client that syncs it needs the table.
create or replace function public.flux_schema_version()
returns integer
language sql
immutable
security invoker
set search_path = ''
as $$
    select 5
$$;
comment on function public.flux_schema_version() is
    'Schema level of the FLUX database (1 = core tables, 2 = sync support, 3 = per-user keys and limits, 4 = session titles and exercise notes, 5 = bodyweight log); checked by flux-tui doctor.';

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
                from public.bodyweights b where b.user_id = (select auth.uid()))
        )
    )
$$;

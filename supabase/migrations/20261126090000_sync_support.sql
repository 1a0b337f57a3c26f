-- Sync support for flux_tui/remote (docs/sync.md).
--
--   * public.flux_schema_version(): the schema level this database has, so
--     `flux-tui doctor` can tell a database that lacks migrations
--     (supabase_migrations.* is not exposed by PostgREST).
--   * public.sync_cursor(): one cheap request that tells a device whether
--     anything changed for its user: per table the row count, the newest
--     updated_at and the sum of every updated_at (any insert, update or hard
--     delete changes one of the three). A sync with nothing pending and
--     nothing new makes this one request and no other. SECURITY INVOKER: RLS
--     applies, a user only ever counts their own rows.
--   * Tombstones win over older edits: a write that would clear deleted_at
--     with an edit made (client updated_at, as sent) before the deletion keeps
--     the row deleted. The row is still re-stamped (updated_at = now() by the
--     set_updated_at trigger, which fires after these: triggers of one event
--     fire in name order, and "keep_..." sorts before "set_..."), so the
--     device that sent the stale edit pulls the tombstone back.

create function public.flux_schema_version()
returns integer
language sql
immutable
security invoker
set search_path = ''
as $$
    select 2
$$;
comment on function public.flux_schema_version() is
    'Schema level of the FLUX database (1 = core tables, 2 = sync support); checked by flux-tui doctor.';

create function public.sync_cursor()
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
    select jsonb_build_object(
        'uid', (select auth.uid()),
        'now', now(),
        'schema', 2,
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
comment on function public.sync_cursor() is
    'Per-table fingerprint (count, max and sum of updated_at) of the caller''s rows: sync skips unchanged tables.';

-- An UPDATE that would clear deleted_at with an edit made before the deletion keeps the row deleted.
create function public.keep_tombstone()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if old.deleted_at is not null and new.deleted_at is null and new.updated_at <= old.deleted_at then
        return old;  -- an edit older than the deletion: the row stays deleted
    end if;
    return new;
end;
$$;

-- The same rule for the sync's upserts (INSERT ... ON CONFLICT DO UPDATE): the BEFORE INSERT triggers
-- run on the proposed row first, and set_updated_at replaces the client's updated_at there, so the
-- comparison has to happen here, before it (this trigger's name sorts first). A proposed live row whose
-- edit time is not after the stored tombstone carries the tombstone on.
create function public.keep_tombstone_on_upsert()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    stored timestamptz;
begin
    if new.deleted_at is not null or new.updated_at is null then
        return new;
    end if;
    if tg_table_name = 'workout_sets' then
        select t.deleted_at into stored from public.workout_sets t where t.id = new.id;
    elsif tg_table_name = 'workout_sessions' then
        select t.deleted_at into stored from public.workout_sessions t where t.id = new.id;
    elsif tg_table_name = 'user_configs' then
        select t.deleted_at into stored from public.user_configs t where t.id = new.id;
    elsif tg_table_name = 'exercises' then
        select t.deleted_at into stored from public.exercises t where t.id = new.id;
    end if;
    if stored is not null and new.updated_at <= stored then
        new.deleted_at := stored;
    end if;
    return new;
end;
$$;

revoke all on function public.flux_schema_version() from public;
revoke all on function public.sync_cursor() from public, anon;
revoke all on function public.keep_tombstone() from public, anon, authenticated;
revoke all on function public.keep_tombstone_on_upsert() from public, anon, authenticated;
grant execute on function public.flux_schema_version() to anon, authenticated, service_role;
grant execute on function public.sync_cursor() to authenticated, service_role;
grant execute on function public.keep_tombstone() to service_role;
grant execute on function public.keep_tombstone_on_upsert() to service_role;

create trigger user_configs_keep_tombstone
    before update on public.user_configs
    for each row execute function public.keep_tombstone();
create trigger exercises_keep_tombstone
    before update on public.exercises
    for each row execute function public.keep_tombstone();
create trigger workout_sessions_keep_tombstone
    before update on public.workout_sessions
    for each row execute function public.keep_tombstone();
create trigger workout_sets_keep_tombstone
    before update on public.workout_sets
    for each row execute function public.keep_tombstone();
create trigger user_configs_keep_tombstone_on_upsert
    before insert on public.user_configs
    for each row execute function public.keep_tombstone_on_upsert();
create trigger exercises_keep_tombstone_on_upsert
    before insert on public.exercises
    for each row execute function public.keep_tombstone_on_upsert();
create trigger workout_sessions_keep_tombstone_on_upsert
    before insert on public.workout_sessions
    for each row execute function public.keep_tombstone_on_upsert();
create trigger workout_sets_keep_tombstone_on_upsert
    before insert on public.workout_sets
    for each row execute function public.keep_tombstone_on_upsert();

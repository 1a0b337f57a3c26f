-- Tombstones win over older edits: keep_tombstone (BEFORE UPDATE) and keep_tombstone_on_upsert
-- (BEFORE INSERT, for INSERT ... ON CONFLICT DO UPDATE), on every table; the upsert rule looks
-- the stored row up by (user_id, id), so another user's tombstone under the same id never counts.
begin;
\ir fixtures.psql
select plan(27);

-- A's row in every table was deleted an hour ago (set with triggers off: stamps by hand)
set local session_replication_role = replica;
update public.user_configs set deleted_at = now() - interval '1 hour', updated_at = now() - interval '1 hour'
    where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
update public.exercises set deleted_at = now() - interval '1 hour', updated_at = now() - interval '1 hour'
    where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
update public.workout_sessions set deleted_at = now() - interval '1 hour', updated_at = now() - interval '1 hour'
    where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
update public.workout_sets set deleted_at = now() - interval '1 hour', updated_at = now() - interval '1 hour'
    where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
-- B's rows too: B's tombstones must not reach A's rows that reuse B's ids
update public.workout_sessions set deleted_at = now() - interval '1 hour' where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
update public.workout_sets set deleted_at = now() - interval '1 hour' where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
update public.user_configs set deleted_at = now() - interval '1 hour' where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
update public.exercises set deleted_at = now() - interval '1 hour' where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
set local session_replication_role = origin;

select pg_temp.act_as('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');

-- ---- UPDATE: an edit made before (or at) the deletion cannot revive the row; a later one can ----
update public.workout_sessions set deleted_at = null, notes = 'stale edit', updated_at = now() - interval '2 hours'
    where id = 'a0000000-0000-4000-8000-000000000002';
select is((select deleted_at from public.workout_sessions where id = 'a0000000-0000-4000-8000-000000000002'),
          now() - interval '1 hour', 'update: an edit older than the deletion leaves the session deleted');
select is((select notes from public.workout_sessions where id = 'a0000000-0000-4000-8000-000000000002'),
          'A notes', 'update: the stale edit itself is dropped');
select is((select updated_at from public.workout_sessions where id = 'a0000000-0000-4000-8000-000000000002'),
          now(), 'update: the row is re-stamped, so the stale device pulls the tombstone back');
update public.workout_sets set deleted_at = null, reps = 1, updated_at = now() - interval '1 hour'
    where id = 'a0000000-0000-4000-8000-000000000003';
select is((select (deleted_at, reps)::text from public.workout_sets where id = 'a0000000-0000-4000-8000-000000000003'),
          (now() - interval '1 hour', 5)::text, 'update: an edit exactly at the deletion time does not revive a set');
update public.user_configs set deleted_at = null, state = '{"stale": true}', updated_at = now() - interval '3 hours';
select ok((select deleted_at is not null and state = '{}' from public.user_configs where id = 'a0000000-0000-4000-8000-000000000001'),
          'update: a stale edit does not revive a Brain');
update public.exercises set deleted_at = null, name = 'stale', updated_at = now() - interval '3 hours';
select ok((select deleted_at is not null and name = 'Zercher Squat' from public.exercises where id = 'custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'),
          'update: a stale edit does not revive a custom exercise');

update public.workout_sets set deleted_at = null, reps = 6, updated_at = now() - interval '59 minutes'
    where id = 'a0000000-0000-4000-8000-000000000003';
select is((select (deleted_at is null, reps)::text from public.workout_sets where id = 'a0000000-0000-4000-8000-000000000003'),
          '(t,6)', 'update: an edit made after the deletion (an undo) revives the set');
update public.user_configs set deleted_at = null, state = '{"undo": true}', updated_at = now();
select ok((select deleted_at is null and state = '{"undo": true}' from public.user_configs where id = 'a0000000-0000-4000-8000-000000000001'),
          'update: a later edit revives a Brain');
update public.exercises set deleted_at = null, name = 'Undone', updated_at = now();
select ok((select deleted_at is null and name = 'Undone' from public.exercises where id = 'custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'),
          'update: a later edit revives a custom exercise');
update public.workout_sessions set deleted_at = null, notes = 'undo', updated_at = now();
select ok((select deleted_at is null and notes = 'undo' from public.workout_sessions where id = 'a0000000-0000-4000-8000-000000000002'),
          'update: a later edit revives a session');
-- ---- UPSERT (what the sync sends): the same rule, judged against the stored row of this user ----
-- delete A's rows again, half an hour ago (the deleting device's clock)
update public.workout_sets set deleted_at = now() - interval '30 minutes';
update public.workout_sessions set deleted_at = now() - interval '30 minutes';
update public.user_configs set deleted_at = now() - interval '30 minutes';
update public.exercises set deleted_at = now() - interval '30 minutes';

insert into public.workout_sessions (id, archetype, status, started_at, notes, updated_at, deleted_at)
values ('a0000000-0000-4000-8000-000000000002', 'performance', 'active', now(), 'stale upsert', now() - interval '40 minutes', null)
on conflict (user_id, id) do update set notes = excluded.notes, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at;
select is((select deleted_at from public.workout_sessions where id = 'a0000000-0000-4000-8000-000000000002'),
          now() - interval '30 minutes', 'upsert: a live session edited before its deletion stays deleted');
select is((select updated_at from public.workout_sessions where id = 'a0000000-0000-4000-8000-000000000002'), now(),
          'upsert: and is re-stamped by the server');
insert into public.workout_sets (id, session_id, exercise_id, set_index, reps, updated_at, deleted_at)
values ('a0000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000002', 'back_squat_test', 0, 7, now() - interval '40 minutes', null)
on conflict (user_id, id) do update set reps = excluded.reps, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at;
select is((select deleted_at from public.workout_sets where id = 'a0000000-0000-4000-8000-000000000003'),
          now() - interval '30 minutes', 'upsert: a live set edited before its deletion stays deleted');
insert into public.user_configs (id, brain_version, updated_at, deleted_at)
values ('a0000000-0000-4000-8000-000000000001', 1, now() - interval '40 minutes', null)
on conflict (user_id, id) do update set updated_at = excluded.updated_at, deleted_at = excluded.deleted_at;
select is((select deleted_at from public.user_configs where id = 'a0000000-0000-4000-8000-000000000001'),
          now() - interval '30 minutes', 'upsert: a live Brain edited before its deletion stays deleted');
insert into public.exercises (id, name, pattern, tracking, load_type, is_custom, updated_at, deleted_at)
values ('custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'stale', 'squat', 'reps', 'none', true, now() - interval '40 minutes', null)
on conflict (user_id, id) do update set name = excluded.name, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at;
select is((select deleted_at from public.exercises where id = 'custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'),
          now() - interval '30 minutes', 'upsert: a live custom exercise edited before its deletion stays deleted');

insert into public.workout_sessions (id, archetype, status, started_at, notes, updated_at, deleted_at)
values ('a0000000-0000-4000-8000-000000000002', 'performance', 'active', now(), 'later upsert', now() - interval '20 minutes', null)
on conflict (user_id, id) do update set notes = excluded.notes, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at;
select ok((select deleted_at is null and notes = 'later upsert' from public.workout_sessions where id = 'a0000000-0000-4000-8000-000000000002'),
          'upsert: an edit made after the deletion revives the session');
insert into public.workout_sets (id, session_id, exercise_id, set_index, reps, updated_at, deleted_at)
values ('a0000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000002', 'back_squat_test', 0, 8, now() - interval '20 minutes', null)
on conflict (user_id, id) do update set reps = excluded.reps, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at;
select ok((select deleted_at is null and reps = 8 from public.workout_sets where id = 'a0000000-0000-4000-8000-000000000003'),
          'upsert: an edit made after the deletion revives the set');
insert into public.user_configs (id, brain_version, updated_at, deleted_at)
values ('a0000000-0000-4000-8000-000000000001', 2, now() - interval '20 minutes', null)
on conflict (user_id, id) do update set brain_version = excluded.brain_version, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at;
select ok((select deleted_at is null and brain_version = 2 from public.user_configs where id = 'a0000000-0000-4000-8000-000000000001'),
          'upsert: an edit made after the deletion revives the Brain');
insert into public.exercises (id, name, pattern, tracking, load_type, is_custom, updated_at, deleted_at)
values ('custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'later', 'squat', 'reps', 'none', true, now() - interval '20 minutes', null)
on conflict (user_id, id) do update set name = excluded.name, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at;
select ok((select deleted_at is null and name = 'later' from public.exercises where id = 'custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'),
          'upsert: an edit made after the deletion revives the custom exercise');
insert into public.workout_sessions (id, archetype, status, started_at, updated_at, deleted_at)
values ('a0000000-0000-4000-8000-0000000000e1', 'performance', 'active', now(), now() - interval '1 day', null)
on conflict (user_id, id) do nothing;
select is((select deleted_at from public.workout_sessions where id = 'a0000000-0000-4000-8000-0000000000e1'), null,
          'upsert: a new row, however old its edit, is inserted live');

-- ---- B's tombstone under the same id is not A's: not as A (RLS), and not as service_role (no RLS) ----
insert into public.workout_sessions (id, archetype, status, started_at, updated_at, deleted_at)
values ('b0000000-0000-4000-8000-000000000002', 'performance', 'active', now(), now() - interval '2 hours', null)
on conflict (user_id, id) do update set updated_at = excluded.updated_at, deleted_at = excluded.deleted_at;
select is((select deleted_at from public.workout_sessions where id = 'b0000000-0000-4000-8000-000000000002'), null,
          'as A: A''s session under B''s deleted session id is live');
select pg_temp.act_as(null, 'service_role');
insert into public.user_configs (id, user_id, brain_version, updated_at, deleted_at)
values ('b0000000-0000-4000-8000-000000000001', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 1, now() - interval '2 hours', null)
on conflict (user_id, id) do update set updated_at = excluded.updated_at, deleted_at = excluded.deleted_at;
insert into public.exercises (id, user_id, name, pattern, tracking, load_type, is_custom, updated_at, deleted_at)
values ('custom_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'A', 'squat', 'reps', 'none', true, now() - interval '2 hours', null)
on conflict (user_id, id) do update set updated_at = excluded.updated_at, deleted_at = excluded.deleted_at;
insert into public.workout_sessions (id, user_id, archetype, status, started_at, updated_at, deleted_at)
values ('b0000000-0000-4000-8000-000000000002', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'performance', 'active', now(), now() - interval '2 hours', null)
on conflict (user_id, id) do update set updated_at = excluded.updated_at, deleted_at = excluded.deleted_at;
insert into public.workout_sets (id, user_id, session_id, exercise_id, set_index, updated_at, deleted_at)
values ('b0000000-0000-4000-8000-000000000003', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'b0000000-0000-4000-8000-000000000002', 'back_squat_test', 0,
        now() - interval '2 hours', null)
on conflict (user_id, id) do update set updated_at = excluded.updated_at, deleted_at = excluded.deleted_at;
select results_eq(
    $$ select t, deleted_at is null from (
           select 'user_configs' as t, deleted_at from public.user_configs
           where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' and id = 'b0000000-0000-4000-8000-000000000001'
           union all select 'exercises', deleted_at from public.exercises
           where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' and id = 'custom_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'
           union all select 'workout_sessions', deleted_at from public.workout_sessions
           where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' and id = 'b0000000-0000-4000-8000-000000000002'
           union all select 'workout_sets', deleted_at from public.workout_sets
           where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' and id = 'b0000000-0000-4000-8000-000000000003') r $$,
    $$ values ('user_configs', true), ('exercises', true), ('workout_sessions', true), ('workout_sets', true) $$,
    'as service_role: A''s rows under B''s deleted ids are live in every table');
select is((select count(*) from public.workout_sessions where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' and deleted_at is not null),
          1::bigint, 'B''s tombstone stays as it was');

-- ---- the catalog (service_role's upserts on (owner_id, id)): the same rule ----
update public.exercises set deleted_at = now() - interval '1 hour' where id = 'back_squat_test' and user_id is null;
insert into public.exercises (id, name, pattern, tracking, load_type, updated_at, deleted_at)
values ('back_squat_test', 'Stale', 'squat', 'weight_reps', 'barbell', now() - interval '2 hours', null)
on conflict (owner_id, id) do update set name = excluded.name, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at;
select isnt((select deleted_at from public.exercises where id = 'back_squat_test' and user_id is null), null,
            'catalog upsert: a stale edit leaves a deleted catalog row deleted');

-- ---- the triggers are wired on every table, in the order the rule needs ----
reset role;
select is_empty(
    $$ select t from unnest(array['user_configs', 'exercises', 'workout_sessions', 'workout_sets', 'bodyweights', 'exercise_rests']) as t
       where not exists (select 1 from pg_trigger where tgrelid = ('public.' || t)::regclass
                         and tgname = t || '_keep_tombstone' and tgfoid = 'public.keep_tombstone()'::regprocedure)
          or not exists (select 1 from pg_trigger where tgrelid = ('public.' || t)::regclass
                         and tgname = t || '_keep_tombstone_on_upsert'
                         and tgfoid = 'public.keep_tombstone_on_upsert()'::regprocedure) $$,
    'every table has both tombstone triggers');
select ok((select bool_and(t || '_keep_tombstone_on_upsert' < t || '_set_updated_at')
           from unnest(array['user_configs', 'exercises', 'workout_sessions', 'workout_sets', 'bodyweights', 'exercise_rests']) as t),
          'the upsert rule sorts (and so fires) before set_updated_at replaces the client''s updated_at');
select is((select count(*)::int from pg_trigger where tgrelid = 'public.workout_sets'::regclass
           and tgname in ('workout_sets_keep_tombstone', 'workout_sets_keep_tombstone_on_upsert')
           and tgtype & 2 = 2), 2, 'both fire BEFORE the row is written');

select * from finish();
rollback;

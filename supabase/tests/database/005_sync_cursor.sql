-- public.sync_cursor(): per table, the count, newest updated_at and sum of updated_at of the
-- caller's rows only; any write of the caller changes it, nobody else's write does.
begin;
\ir fixtures.psql
select plan(17);

-- Stamps in the past (triggers off for this one statement each), so that a later write shows:
-- in one transaction now() never moves.
set local session_replication_role = replica;
update public.user_configs set updated_at = '2026-01-01T00:00:01Z';
update public.exercises set updated_at = '2026-01-01T00:00:02Z' where user_id is not null;
update public.workout_sessions set updated_at = '2026-01-01T00:00:03Z';
update public.workout_sets set updated_at = '2026-01-01T00:00:04Z';
set local session_replication_role = origin;
-- B has more rows than A, so a count that leaks B's rows shows
insert into public.workout_sessions (id, user_id, archetype, status, started_at) values
    ('b0000000-0000-4000-8000-000000000022', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'recovery', 'active', now());

-- the fingerprint of one table, for the current user
create function pg_temp.fp(t text) returns jsonb language sql as $$ select public.sync_cursor() -> 'tables' -> t $$;

select pg_temp.act_as('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
select is(public.sync_cursor() ->> 'uid', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'the cursor names the caller');
select is(public.sync_cursor() ->> 'schema', '8', 'the cursor carries the schema level');
select is((public.sync_cursor() ->> 'now')::timestamptz, now(), 'the cursor carries the server''s clock');
select results_eq(
    $$ select t, (pg_temp.fp(t) ->> 'n')::int, (pg_temp.fp(t) ->> 'max')::timestamptz, (pg_temp.fp(t) ->> 'sum')::numeric
       from unnest(array['user_configs', 'exercises', 'workout_sessions', 'workout_sets']) as t $$,
    $$ values ('user_configs', 1, '2026-01-01T00:00:01Z'::timestamptz, extract(epoch from '2026-01-01T00:00:01Z'::timestamptz)),
              ('exercises', 1, '2026-01-01T00:00:02Z', extract(epoch from '2026-01-01T00:00:02Z'::timestamptz)),
              ('workout_sessions', 1, '2026-01-01T00:00:03Z', extract(epoch from '2026-01-01T00:00:03Z'::timestamptz)),
              ('workout_sets', 1, '2026-01-01T00:00:04Z', extract(epoch from '2026-01-01T00:00:04Z'::timestamptz)) $$,
    'per table: A''s count, newest stamp and sum of stamps; B''s rows and the catalog are not counted');
select set_config('test.before', public.sync_cursor() ->> 'tables', true);

-- B writes: A's fingerprint does not move
select pg_temp.act_as('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb');
select is((pg_temp.fp('workout_sessions') ->> 'n')::int, 2, 'B counts B''s two sessions');
update public.workout_sessions set notes = 'B edits';
insert into public.workout_sets (id, session_id, exercise_id, set_index) values
    ('b0000000-0000-4000-8000-000000000023', 'b0000000-0000-4000-8000-000000000022', 'back_squat_test', 0);
delete from public.user_configs;
select pg_temp.act_as('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
select is(public.sync_cursor() -> 'tables', current_setting('test.before')::jsonb,
          'B''s updates, inserts and deletes leave A''s fingerprint as it was');

-- A's own writes move exactly the table written
update public.workout_sessions set notes = 'A edits';
select isnt(pg_temp.fp('workout_sessions'), current_setting('test.before')::jsonb -> 'workout_sessions',
            'an update of A''s session changes the sessions fingerprint');
select is((pg_temp.fp('workout_sessions') ->> 'max')::timestamptz, now(), 'its newest stamp is the server''s now()');
select is(pg_temp.fp('workout_sets'), current_setting('test.before')::jsonb -> 'workout_sets',
          'the sets fingerprint did not move');
update public.workout_sets set deleted_at = now();
select is((pg_temp.fp('workout_sets') ->> 'n')::int, 1, 'a soft delete keeps the count');
select isnt(pg_temp.fp('workout_sets'), current_setting('test.before')::jsonb -> 'workout_sets',
            'a soft delete changes the sets fingerprint');
select set_config('test.sets', pg_temp.fp('workout_sets')::text, true);
delete from public.workout_sets;
select is((pg_temp.fp('workout_sets') ->> 'n')::int, 0, 'a hard delete lowers the count');
select isnt(pg_temp.fp('workout_sets'), current_setting('test.sets')::jsonb, 'a hard delete changes the fingerprint');
insert into public.exercises (id, name, pattern, tracking, load_type, is_custom) values
    ('custom_a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3', 'Step-up', 'lunge', 'reps', 'bodyweight', true);
select is((pg_temp.fp('exercises') ->> 'n')::int, 2, 'an insert raises the count');

-- a user with no rows, and anon
select pg_temp.act_as('cccccccc-cccc-4ccc-8ccc-cccccccccccc');
select is(pg_temp.fp('workout_sets'), '{"n": 0, "max": null, "sum": 0}'::jsonb, 'a user without rows: n 0, max null, sum 0');
select pg_temp.act_as_anon();
select throws_ok($$ select public.sync_cursor() $$, '42501', null, 'anon cannot call sync_cursor');
reset role;
select is((select prosecdef from pg_proc where oid = 'public.sync_cursor()'::regprocedure), false,
          'sync_cursor runs as the caller (security invoker): RLS applies');

select * from finish();
rollback;

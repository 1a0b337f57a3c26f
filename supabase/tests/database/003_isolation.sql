-- User isolation under RLS, as PostgREST runs requests (role + request.jwt.claims).
begin;
\ir fixtures.psql
select plan(30);

-- ---- as user A ----
select pg_temp.act_as('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');

select results_eq($$ select id::text from public.workout_sessions $$,
                  array['a0000000-0000-4000-8000-000000000002'], 'A sees only A''s sessions');
select results_eq($$ select id::text from public.workout_sets $$,
                  array['a0000000-0000-4000-8000-000000000003'], 'A sees only A''s sets');
select results_eq($$ select id::text from public.user_configs $$,
                  array['a0000000-0000-4000-8000-000000000001'], 'A sees only A''s Brain');
select ok(exists(select 1 from public.exercises where id = 'back_squat_test'), 'A reads the global catalog');
select ok(exists(select 1 from public.exercises where id = 'custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), 'A reads A''s custom exercise');
select ok(not exists(select 1 from public.exercises where id = 'custom_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'), 'A does not see B''s custom exercise');

select throws_ok($$ insert into public.workout_sessions (id, user_id, archetype, status, started_at)
                    values (gen_random_uuid(), 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'performance', 'active', now()) $$,
                 '42501', 'new row violates row-level security policy for table "workout_sessions"',
                 'A cannot insert a session as B');
select throws_ok($$ insert into public.user_configs (id, user_id, brain_version)
                    values (gen_random_uuid(), 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 1) $$,
                 '42501', null, 'A cannot insert a Brain as B');
select throws_ok($$ insert into public.exercises (id, user_id, name, pattern, tracking, load_type, is_custom)
                    values ('custom_dddddddddddddddddddddddddddddddd', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'X', 'squat', 'reps', 'none', true) $$,
                 '42501', null, 'A cannot insert a custom exercise as B');
select throws_ok($$ insert into public.exercises (id, user_id, name, pattern, tracking, load_type, is_custom)
                    values ('new_catalog_row', null, 'X', 'squat', 'reps', 'none', false) $$,
                 '42501', null, 'A cannot add to the global catalog');
select throws_ok($$ update public.workout_sessions set user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
                    where id = 'a0000000-0000-4000-8000-000000000002' $$,
                 '42501', null, 'A cannot hand a session to B');
select throws_ok($$ insert into public.workout_sets (id, session_id, exercise_id, set_index)
                    values (gen_random_uuid(), 'b0000000-0000-4000-8000-000000000002', 'back_squat_test', 1) $$,
                 '23503', null, 'A cannot add a set to B''s session');
select throws_ok($$ insert into public.workout_sets (id, session_id, exercise_id, set_index)
                    values (gen_random_uuid(), 'a0000000-0000-4000-8000-000000000002', 'custom_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 1) $$,
                 '23503', null, 'A cannot log a set of B''s custom exercise');

-- Writes to B's rows and to the catalog touch nothing (checked below as the superuser).
update public.workout_sessions set notes = 'hacked' where id = 'b0000000-0000-4000-8000-000000000002';
update public.workout_sets set reps = 99 where id = 'b0000000-0000-4000-8000-000000000003';
update public.user_configs set state = '{"hacked": true}' where id = 'b0000000-0000-4000-8000-000000000001';
update public.exercises set name = 'hacked' where id in ('back_squat_test', 'custom_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
delete from public.workout_sets where id = 'b0000000-0000-4000-8000-000000000003';
delete from public.workout_sessions where id = 'b0000000-0000-4000-8000-000000000002';
delete from public.exercises where id in ('back_squat_test', 'custom_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
delete from public.user_configs where id = 'b0000000-0000-4000-8000-000000000001';

-- A's own rows: user_id defaults to A, own writes work.
insert into public.workout_sessions (id, archetype, status, started_at)
values ('a0000000-0000-4000-8000-000000000004', 'recovery', 'active', now());
insert into public.exercises (id, name, pattern, tracking, load_type, is_custom)
values ('custom_a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1', 'Sissy Squat', 'squat', 'reps', 'bodyweight', true);
update public.workout_sets set reps = 6 where id = 'a0000000-0000-4000-8000-000000000003';

-- ---- as anon ----
select pg_temp.act_as_anon();
select throws_ok($$ select * from public.workout_sessions $$, '42501', null, 'anon cannot read sessions');
select throws_ok($$ select * from public.workout_sets $$, '42501', null, 'anon cannot read sets');
select throws_ok($$ select * from public.user_configs $$, '42501', null, 'anon cannot read Brains');
select throws_ok($$ select * from public.exercises $$, '42501', null, 'anon cannot read exercises');

-- ---- as service_role: sees everything, may write the catalog ----
select pg_temp.act_as(null, 'service_role');
select is((select count(*) from public.workout_sessions where id::text like 'b%'), 1::bigint, 'service_role sees B''s rows');
select lives_ok($$ update public.exercises set increment = 2.5 where id = 'back_squat_test' $$, 'service_role writes the catalog');

-- ---- back to the superuser to check what A did ----
reset role;
select is((select notes from public.workout_sessions where id = 'b0000000-0000-4000-8000-000000000002'), 'B notes',
          'A''s update of B''s session changed nothing');
select is((select reps from public.workout_sets where id = 'b0000000-0000-4000-8000-000000000003'), 8,
          'A''s update of B''s set changed nothing');
select is((select state from public.user_configs where id = 'b0000000-0000-4000-8000-000000000001'), '{}'::jsonb,
          'A''s update of B''s Brain changed nothing');
select is((select count(*) from public.exercises where name = 'hacked'), 0::bigint,
          'A changed neither the catalog nor B''s exercise');
select is((select count(*) from public.workout_sets where id = 'b0000000-0000-4000-8000-000000000003'), 1::bigint,
          'A''s delete of B''s set deleted nothing');
select is((select count(*) from public.workout_sessions where id = 'b0000000-0000-4000-8000-000000000002'), 1::bigint,
          'A''s delete of B''s session deleted nothing');
select is((select count(*) from public.exercises where id in ('back_squat_test', 'custom_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')), 2::bigint,
          'A''s delete of catalog and B''s exercise deleted nothing');
select is((select count(*) from public.user_configs where id = 'b0000000-0000-4000-8000-000000000001'), 1::bigint,
          'A''s delete of B''s Brain deleted nothing');
select is((select user_id::text from public.workout_sessions where id = 'a0000000-0000-4000-8000-000000000004'),
          'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'user_id defaults to the signed-in user');
select is((select user_id::text from public.exercises where id = 'custom_a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1'),
          'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'a custom exercise gets its creator''s uid');
select is((select reps from public.workout_sets where id = 'a0000000-0000-4000-8000-000000000003'), 6,
          'A updates A''s own set');

select * from finish();
rollback;

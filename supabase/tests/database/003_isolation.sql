-- User isolation under RLS, as PostgREST runs requests (role + request.jwt.claims).
-- For every table and every policy, user A runs statements with and without a WHERE clause:
-- reads, updates that would move rows to B, updates and deletes of everything, inserts and
-- upserts as B, and inserts and upserts that reuse B's ids (keys are (user_id, id): A gets her
-- own row). None may touch or reveal B's rows; the end compares B's rows and the catalog with
-- a snapshot taken before A acted. tests/supabase/test_pgtap.py loosens each policy in turn and
-- checks that this file then fails.
begin;
\ir fixtures.psql
select plan(76);

-- A second row of B in every table (for upserts onto an id A has not used yet), and a session of A
-- without sets (a session with sets cannot change owner for a plain foreign-key reason).
insert into public.user_configs (id, user_id, brain_version) values
    ('b0000000-0000-4000-8000-000000000011', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 1);
insert into public.exercises (id, user_id, name, pattern, tracking, load_type, is_custom) values
    ('custom_b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'B Lunge', 'lunge', 'reps', 'none', true);
insert into public.workout_sessions (id, user_id, archetype, status, started_at, notes) values
    ('b0000000-0000-4000-8000-000000000012', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'performance', 'active', now(), 'B second'),
    ('a0000000-0000-4000-8000-000000000005', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'recovery', 'active', now(), 'A empty');
insert into public.workout_sets (id, user_id, session_id, exercise_id, set_index, reps) values
    ('b0000000-0000-4000-8000-000000000013', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b0000000-0000-4000-8000-000000000012', 'back_squat_test', 0, 3);

create temp table before_b as
    select 'user_configs' as t, jsonb_agg(to_jsonb(r) order by r.id) as rows
      from public.user_configs r where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
    union all select 'exercises', jsonb_agg(to_jsonb(r) order by r.owner_id, r.id)
      from public.exercises r where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' or user_id is null
    union all select 'workout_sessions', jsonb_agg(to_jsonb(r) order by r.id)
      from public.workout_sessions r where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
    union all select 'workout_sets', jsonb_agg(to_jsonb(r) order by r.id)
      from public.workout_sets r where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

-- The ids a statement changed (it gets `returning id`), sorted; it runs as the current role.
create function pg_temp.changed(statement text) returns text[]
language plpgsql as $$
declare
    ids text[];
begin
    execute format('with c as (%s returning id::text as id) select coalesce(array_agg(id order by id), ''{}'') from c',
                   statement) into ids;
    return ids;
end;
$$;

-- ================================================================ as user A ===
select pg_temp.act_as('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');

-- ---- select: A's rows, the catalog, never B's (with and without WHERE) ----
select results_eq($$ select id::text from public.user_configs $$,
                  array['a0000000-0000-4000-8000-000000000001'], 'A reads only A''s Brain');
select results_eq($$ select id from public.exercises where user_id is not null $$,
                  array['custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'], 'A reads only A''s custom exercises');
select ok(exists(select 1 from public.exercises where id = 'back_squat_test' and user_id is null), 'A reads the catalog');
select results_eq($$ select id::text from public.workout_sessions order by id $$,
                  array['a0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000005'],
                  'A reads only A''s sessions');
select results_eq($$ select id::text from public.workout_sets $$,
                  array['a0000000-0000-4000-8000-000000000003'], 'A reads only A''s sets');
select is_empty($$ select 1 from public.user_configs where id = 'b0000000-0000-4000-8000-000000000001' $$,
                'A cannot read B''s Brain by id');
select is_empty($$ select 1 from public.exercises where id = 'custom_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' $$,
                'A cannot read B''s custom exercise by id');
select is_empty($$ select 1 from public.workout_sessions where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' $$,
                'A cannot read B''s sessions by user');
select is_empty($$ select 1 from public.workout_sets where id = 'b0000000-0000-4000-8000-000000000003' $$,
                'A cannot read B''s set by id');

-- ---- references: only A's own session, only the catalog or A's own exercises ----
select throws_ok($$ insert into public.workout_sets (id, session_id, exercise_id, set_index)
                    values (gen_random_uuid(), 'b0000000-0000-4000-8000-000000000002', 'back_squat_test', 1) $$,
                 '23503', null, 'A cannot add a set to B''s session');
select throws_ok($$ insert into public.workout_sets (id, session_id, exercise_id, set_index)
                    values (gen_random_uuid(), 'a0000000-0000-4000-8000-000000000002', 'custom_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 1) $$,
                 '23503', null, 'A cannot log a set of B''s custom exercise');

-- ---- update policies' WITH CHECK: no row of A moves to B (with and without WHERE) ----
select throws_ok($$ update public.user_configs set user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' $$,
                 '42501', null, 'A cannot give every Brain of hers to B');
select throws_ok($$ update public.user_configs set user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
                    where id = 'a0000000-0000-4000-8000-000000000001' $$,
                 '42501', null, 'A cannot give her Brain to B');
select throws_ok($$ update public.exercises set user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' $$,
                 '42501', null, 'A cannot give her custom exercises to B');
select throws_ok($$ update public.exercises set user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
                    where id = 'custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' $$,
                 '42501', null, 'A cannot give one custom exercise to B');
select throws_ok($$ update public.workout_sessions set user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'
                    where id = 'a0000000-0000-4000-8000-000000000005' $$,
                 '42501', null, 'A cannot hand a session to B');
select throws_ok($$ update public.workout_sessions set user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' $$,
                 '42501', null, 'A cannot hand every session to B');
select throws_ok($$ update public.workout_sets set user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
                    session_id = 'b0000000-0000-4000-8000-000000000002'
                    where id = 'a0000000-0000-4000-8000-000000000003' $$,
                 '42501', null, 'A cannot move a set into B''s session');
select throws_ok($$ update public.workout_sets set user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
                    session_id = 'b0000000-0000-4000-8000-000000000002' $$,
                 '42501', null, 'A cannot move every set into B''s session');

-- ---- update policies' USING: an update reaches A's rows only (with and without WHERE) ----
select is(pg_temp.changed($$ update public.user_configs set state = '{"edited": true}' $$),
          array['a0000000-0000-4000-8000-000000000001'], 'an update of every Brain changes only A''s');
select is(pg_temp.changed($$ update public.exercises set name = 'edited' $$),
          array['custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'], 'an update of every exercise changes only A''s (not the catalog)');
select is(pg_temp.changed($$ update public.workout_sessions set notes = 'edited' $$),
          array['a0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000005'],
          'an update of every session changes only A''s');
select is(pg_temp.changed($$ update public.workout_sets set reps = 1 $$),
          array['a0000000-0000-4000-8000-000000000003'], 'an update of every set changes only A''s');
-- Bare statements too: with neither WHERE nor RETURNING, PostgreSQL applies no SELECT policy, so
-- only the update (and delete) policies stand between A and B's rows. B's rows are compared at the end.
select lives_ok($$ update public.user_configs set brain_version = 1 $$, 'a bare update of every Brain runs');
select lives_ok($$ update public.exercises set increment = 1 $$, 'a bare update of every exercise runs');
select lives_ok($$ update public.workout_sessions set status = 'completed' $$, 'a bare update of every session runs');
select lives_ok($$ update public.workout_sets set is_warmup = true $$, 'a bare update of every set runs');
select is(pg_temp.changed($$ update public.user_configs set state = '{}' where id = 'b0000000-0000-4000-8000-000000000001' $$),
          '{}'::text[], 'an update of B''s Brain by id changes nothing');
select is(pg_temp.changed($$ update public.exercises set name = 'x' where id in ('custom_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'back_squat_test') $$),
          '{}'::text[], 'an update of B''s exercise or the catalog by id changes nothing');
select is(pg_temp.changed($$ update public.workout_sessions set notes = 'x' where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' $$),
          '{}'::text[], 'an update of B''s sessions by user changes nothing');
select is(pg_temp.changed($$ update public.workout_sets set reps = 99 where id = 'b0000000-0000-4000-8000-000000000003' $$),
          '{}'::text[], 'an update of B''s set by id changes nothing');

-- ---- insert policies: nothing as B, nothing into the catalog (insert and upsert) ----
select throws_ok($$ insert into public.user_configs (id, user_id, brain_version)
                    values (gen_random_uuid(), 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 1) $$,
                 '42501', 'new row violates row-level security policy for table "user_configs"', 'A cannot insert a Brain as B');
select throws_ok($$ insert into public.exercises (id, user_id, name, pattern, tracking, load_type, is_custom)
                    values ('custom_dddddddddddddddddddddddddddddddd', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'X', 'squat', 'reps', 'none', true) $$,
                 '42501', null, 'A cannot insert a custom exercise as B');
select throws_ok($$ insert into public.exercises (id, user_id, name, pattern, tracking, load_type, is_custom)
                    values ('new_catalog_row', null, 'X', 'squat', 'reps', 'none', false) $$,
                 '42501', null, 'A cannot add to the catalog');
select throws_ok($$ insert into public.workout_sessions (id, user_id, archetype, status, started_at)
                    values (gen_random_uuid(), 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'performance', 'active', now()) $$,
                 '42501', 'new row violates row-level security policy for table "workout_sessions"',
                 'A cannot insert a session as B');
select throws_ok($$ insert into public.workout_sets (id, user_id, session_id, exercise_id, set_index)
                    values (gen_random_uuid(), 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b0000000-0000-4000-8000-000000000002', 'back_squat_test', 5) $$,
                 '42501', null, 'A cannot insert a set as B');
select throws_ok($$ insert into public.user_configs (id, user_id, brain_version)
                    values ('b0000000-0000-4000-8000-000000000001', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 1)
                    on conflict (user_id, id) do update set state = '{"pwned": true}' $$,
                 '42501', null, 'A cannot upsert onto B''s Brain');
select throws_ok($$ insert into public.exercises (id, user_id, name, pattern, tracking, load_type, is_custom)
                    values ('custom_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'pwned', 'squat', 'reps', 'none', true)
                    on conflict (user_id, id) do update set name = excluded.name $$,
                 '42501', null, 'A cannot upsert onto B''s custom exercise');
select throws_ok($$ insert into public.exercises (id, user_id, name, pattern, tracking, load_type, is_custom)
                    values ('back_squat_test', null, 'pwned', 'squat', 'reps', 'none', false)
                    on conflict (owner_id, id) do update set name = excluded.name $$,
                 '42501', null, 'A cannot upsert onto the catalog');
select throws_ok($$ insert into public.workout_sessions (id, user_id, archetype, status, started_at)
                    values ('b0000000-0000-4000-8000-000000000002', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'performance', 'active', now())
                    on conflict (user_id, id) do update set notes = 'pwned' $$,
                 '42501', null, 'A cannot upsert onto B''s session');
select throws_ok($$ insert into public.workout_sets (id, user_id, session_id, exercise_id, set_index)
                    values ('b0000000-0000-4000-8000-000000000003', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 'b0000000-0000-4000-8000-000000000002', 'back_squat_test', 0)
                    on conflict (user_id, id) do update set reps = 99 $$,
                 '42501', null, 'A cannot upsert onto B''s set');

-- ---- B's ids are free for A: an insert makes A's own row, no conflict, nothing of B's shown ----
select lives_ok($$ insert into public.user_configs (id, brain_version) values ('b0000000-0000-4000-8000-000000000001', 1) $$,
                'A inserts a Brain with B''s Brain id');
select lives_ok($$ insert into public.exercises (id, name, pattern, tracking, load_type, is_custom)
                    values ('custom_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'A''s own', 'squat', 'reps', 'none', true) $$,
                'A inserts a custom exercise with B''s exercise id');
select lives_ok($$ insert into public.workout_sessions (id, archetype, status, started_at, notes)
                    values ('b0000000-0000-4000-8000-000000000002', 'performance', 'active', now(), 'A''s own') $$,
                'A inserts a session with B''s session id');
select lives_ok($$ insert into public.workout_sets (id, session_id, exercise_id, set_index, reps)
                    values ('b0000000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-000000000002', 'back_squat_test', 1, 4) $$,
                'A inserts a set with B''s set id');
select results_eq($$ select user_id::text || ' ' || state::text from public.user_configs where id = 'b0000000-0000-4000-8000-000000000001' $$,
                  array['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa {}'], 'A sees only her own Brain under that id');
select results_eq($$ select user_id::text || ' ' || name from public.exercises where id = 'custom_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' $$,
                  array['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa A''s own'], 'A sees only her own exercise under that id');
select results_eq($$ select user_id::text || ' ' || notes from public.workout_sessions where id = 'b0000000-0000-4000-8000-000000000002' $$,
                  array['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa A''s own'], 'A sees only her own session under that id');
select results_eq($$ select user_id::text || ' ' || reps from public.workout_sets where id = 'b0000000-0000-4000-8000-000000000003' $$,
                  array['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa 4'], 'A sees only her own set under that id');

-- ---- upserts onto B's ids (as the sync does: ON CONFLICT (user_id, id)): A's own rows ----
select is(pg_temp.changed($$ insert into public.user_configs (id, brain_version) values ('b0000000-0000-4000-8000-000000000011', 1)
                             on conflict (user_id, id) do update set brain_version = excluded.brain_version $$),
          array['b0000000-0000-4000-8000-000000000011'], 'an upsert on B''s unused-by-A Brain id inserts A''s row');
select is(pg_temp.changed($$ insert into public.exercises (id, name, pattern, tracking, load_type, is_custom)
                             values ('custom_b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2', 'A lunge', 'lunge', 'reps', 'none', true)
                             on conflict (user_id, id) do update set name = excluded.name $$),
          array['custom_b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2'], 'an upsert on B''s exercise id inserts A''s row');
select is(pg_temp.changed($$ insert into public.workout_sessions (id, archetype, status, started_at)
                             values ('b0000000-0000-4000-8000-000000000012', 'recovery', 'active', now())
                             on conflict (user_id, id) do update set notes = excluded.notes $$),
          array['b0000000-0000-4000-8000-000000000012'], 'an upsert on B''s session id inserts A''s row');
select is(pg_temp.changed($$ insert into public.workout_sets (id, session_id, exercise_id, set_index)
                             values ('b0000000-0000-4000-8000-000000000013', 'a0000000-0000-4000-8000-000000000002', 'back_squat_test', 2)
                             on conflict (user_id, id) do update set reps = excluded.reps $$),
          array['b0000000-0000-4000-8000-000000000013'], 'an upsert on B''s set id inserts A''s row');
select is(pg_temp.changed($$ insert into public.user_configs (id, brain_version, state) values ('b0000000-0000-4000-8000-000000000001', 1, '{"A": 1}')
                             on conflict (user_id, id) do update set state = excluded.state $$),
          array['b0000000-0000-4000-8000-000000000001'], 'a second upsert on that Brain id updates A''s row');
select is(pg_temp.changed($$ insert into public.workout_sessions (id, archetype, status, started_at, notes)
                             values ('b0000000-0000-4000-8000-000000000002', 'recovery', 'active', now(), 'A upserted')
                             on conflict (user_id, id) do update set notes = excluded.notes $$),
          array['b0000000-0000-4000-8000-000000000002'], 'a second upsert on that session id updates A''s row');
select results_eq($$ select user_id::text || ' ' || notes from public.workout_sessions where id = 'b0000000-0000-4000-8000-000000000002' $$,
                  array['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa A upserted'], 'the upsert changed A''s session, and A sees only it');

-- ---- delete policies: A's rows only (with and without WHERE; children first) ----
select is(pg_temp.changed($$ delete from public.workout_sets where id = 'b0000000-0000-4000-8000-000000000013' $$),
          array['b0000000-0000-4000-8000-000000000013'], 'a delete by B''s set id deletes A''s row of that id only');
select is(pg_temp.changed($$ delete from public.workout_sessions where id = 'b0000000-0000-4000-8000-000000000012' $$),
          array['b0000000-0000-4000-8000-000000000012'], 'a delete by B''s session id deletes A''s row of that id only');
select is(pg_temp.changed($$ delete from public.exercises where id in ('custom_b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2', 'back_squat_test') $$),
          array['custom_b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2'], 'a delete by B''s exercise id deletes A''s row of that id only, never the catalog');
select is(pg_temp.changed($$ delete from public.user_configs where id = 'b0000000-0000-4000-8000-000000000011' $$),
          array['b0000000-0000-4000-8000-000000000011'], 'a delete by B''s Brain id deletes A''s row of that id only');
delete from public.workout_sets;          -- bare: see above
select is_empty($$ select 1 from public.workout_sets $$, 'a bare delete of every set leaves A none');
delete from public.workout_sessions;
select is_empty($$ select 1 from public.workout_sessions $$, 'a bare delete of every session leaves A none');
delete from public.exercises;
select is_empty($$ select 1 from public.exercises where user_id is not null $$,
                'a bare delete of every exercise leaves A no custom one');
select ok(exists(select 1 from public.exercises where id = 'back_squat_test'), 'and the catalog is still there');
delete from public.user_configs;
select is_empty($$ select 1 from public.user_configs $$, 'a bare delete of every Brain leaves A none');

-- ==================================================================== anon ===
select pg_temp.act_as_anon();
select throws_ok($$ select * from public.workout_sessions $$, '42501', null, 'anon cannot read sessions');
select throws_ok($$ select * from public.workout_sets $$, '42501', null, 'anon cannot read sets');
select throws_ok($$ select * from public.user_configs $$, '42501', null, 'anon cannot read Brains');
select throws_ok($$ select * from public.exercises $$, '42501', null, 'anon cannot read exercises');

-- ============================== service_role: sees everything, writes the catalog ===
select pg_temp.act_as(null, 'service_role');
select is((select count(*) from public.workout_sessions where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'), 2::bigint,
          'service_role sees B''s rows');
select lives_ok($$ update public.exercises set increment = 2.5 where id = 'back_squat_test' and user_id is null $$,
                'service_role writes the catalog');
update public.exercises set increment = 0 where id = 'back_squat_test' and user_id is null;   -- as it was

-- ============================== the superuser checks what A did to B and the catalog ===
reset role;
select is((select jsonb_agg(to_jsonb(r) order by r.id) from public.user_configs r
           where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'),
          (select rows from before_b where t = 'user_configs'), 'B''s Brains are exactly as before');
select is((select jsonb_agg(to_jsonb(r) order by r.owner_id, r.id) from public.exercises r
           where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' or user_id is null),
          (select rows from before_b where t = 'exercises'), 'B''s exercises and the catalog are exactly as before');
select is((select jsonb_agg(to_jsonb(r) order by r.id) from public.workout_sessions r
           where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'),
          (select rows from before_b where t = 'workout_sessions'), 'B''s sessions are exactly as before');
select is((select jsonb_agg(to_jsonb(r) order by r.id) from public.workout_sets r
           where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'),
          (select rows from before_b where t = 'workout_sets'), 'B''s sets are exactly as before');
select is((select count(*) from public.user_configs where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')
          + (select count(*) from public.exercises where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')
          + (select count(*) from public.workout_sessions where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')
          + (select count(*) from public.workout_sets where user_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'),
          0::bigint, 'A''s deletes of everything did delete all of A''s rows');

select * from finish();
rollback;

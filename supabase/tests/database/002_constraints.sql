-- Check constraints reject bad values (tested as a signed-in user, not the owner).
begin;
\ir fixtures.psql
select plan(17);

select pg_temp.act_as('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');

prepare ins_set(uuid, double precision, integer, double precision, double precision, double precision, integer, jsonb) as
    insert into public.workout_sets (id, session_id, exercise_id, set_index, weight, reps, seconds, distance, rpe, metadata)
    values ($1, 'a0000000-0000-4000-8000-000000000002', 'back_squat_test', $7, $2, $3, $4, $5, $6::double precision, $8);

select throws_ok($$ execute ins_set(gen_random_uuid(), 100, -1, null, null, null, 0, '{}') $$, '23514', null, 'negative reps are rejected');
select throws_ok($$ execute ins_set(gen_random_uuid(), -5, 5, null, null, null, 0, '{}') $$, '23514', null, 'negative weight is rejected');
select throws_ok($$ execute ins_set(gen_random_uuid(), 100, 5, -1, null, null, 0, '{}') $$, '23514', null, 'negative seconds are rejected');
select throws_ok($$ execute ins_set(gen_random_uuid(), 100, 5, null, -1, null, 0, '{}') $$, '23514', null, 'negative distance is rejected');
select throws_ok($$ execute ins_set(gen_random_uuid(), 100, 5, null, null, 10.5, 0, '{}') $$, '23514', null, 'rpe above 10 is rejected');
select throws_ok($$ execute ins_set(gen_random_uuid(), 100, 5, null, null, -0.5, 0, '{}') $$, '23514', null, 'negative rpe is rejected');
select throws_ok($$ execute ins_set(gen_random_uuid(), 100, 5, null, null, null, -1, '{}') $$, '23514', null, 'negative set_index is rejected');
select throws_ok($$ execute ins_set(gen_random_uuid(), 100, 5, null, null, null, 0, '[1]') $$, '23514', null, 'metadata must be an object');
select lives_ok($$ execute ins_set(gen_random_uuid(), 0, 0, 0, 0, 10, 0, '{"avg_watts": 250, "protocol": "10x30/30"}') $$,
                'zeros, rpe 10 and metadata are accepted');

select throws_ok($$ insert into public.workout_sessions (id, archetype, status, started_at)
                    values (gen_random_uuid(), 'bogus', 'active', now()) $$, '23514', null, 'unknown archetype is rejected');
select throws_ok($$ insert into public.workout_sessions (id, archetype, status, started_at)
                    values (gen_random_uuid(), 'performance', 'paused', now()) $$, '23514', null, 'unknown status is rejected');
select throws_ok($$ insert into public.workout_sessions (id, archetype, status, started_at, completed_at)
                    values (gen_random_uuid(), 'performance', 'completed', now(), now() - interval '1 minute') $$,
                 '23514', null, 'a session cannot end before it starts');

select throws_ok($$ insert into public.exercises (id, name, pattern, tracking, load_type, is_custom)
                    values ('my_squat', 'My Squat', 'squat', 'weight_reps', 'barbell', true) $$,
                 '23514', null, 'a custom exercise id must be custom_<32 hex>');
select throws_ok($$ insert into public.exercises (id, name, pattern, tracking, load_type, is_custom)
                    values ('custom_cccccccccccccccccccccccccccccccc', 'X', 'squat', 'furlongs', 'barbell', true) $$,
                 '23514', null, 'unknown tracking is rejected');
select throws_ok($$ insert into public.exercises (id, name, pattern, tracking, load_type, is_custom)
                    values ('custom_cccccccccccccccccccccccccccccccc', 'X', 'squat', 'reps', 'barbell', false) $$,
                 '23514', null, 'a user-owned exercise must be marked custom');
select throws_ok($$ insert into public.exercises (id, name, pattern, tracking, load_type, is_custom, increment)
                    values ('custom_cccccccccccccccccccccccccccccccc', 'X', 'squat', 'reps', 'barbell', true, -1) $$,
                 '23514', null, 'negative increment is rejected');
select throws_ok($$ insert into public.user_configs (id, brain_version) values (gen_random_uuid(), 0) $$,
                 '23514', null, 'brain_version starts at 1');

select * from finish();
rollback;

-- Remembered rests under RLS, as PostgREST runs requests: user A reads, writes, moves, deletes and
-- upserts, never touching or seeing B's rests; a rest names an exercise the user may use (the
-- catalog's or her own); the tombstone rule and the sync cursor cover the table.
-- tests/supabase/test_pgtap.py loosens each policy in turn and checks that this file then fails.
begin;
\ir fixtures.psql
select plan(19);

insert into public.exercise_rests (id, user_id, rest_seconds) values
    ('back_squat_test', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 150),
    ('back_squat_test', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 120),
    ('custom_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 90);
create temp table before_b as
    select jsonb_agg(to_jsonb(r) order by r.id) as rows from public.exercise_rests r
    where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
grant select on before_b to authenticated;

create function pg_temp.changed(statement text) returns text[]
language plpgsql as $$
declare
    ids text[];
begin
    execute format('with c as (%s returning id || '' '' || user_id as id) '
                   'select coalesce(array_agg(id order by id), ''{}'') from c', statement) into ids;
    return ids;
end;
$$;

select pg_temp.act_as('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
select results_eq($$ select id || ' ' || rest_seconds from public.exercise_rests $$,
                  array['back_squat_test 150'], 'A reads only her own rests (one per exercise)');
select throws_ok($$ insert into public.exercise_rests (id, user_id, rest_seconds)
                    values ('custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 60) $$,
                 '42501', null, 'A cannot remember a rest as B');
select lives_ok($$ insert into public.exercise_rests (id, rest_seconds)
                   values ('custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 75) $$,
                'A remembers a rest for her own exercise (user_id defaults to A)');
select throws_ok($$ insert into public.exercise_rests (id, rest_seconds)
                    values ('custom_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 75) $$,
                 '23503', null, 'A cannot remember a rest for B''s exercise');
select throws_ok($$ insert into public.exercise_rests (id, rest_seconds) values ('back_squat_test', 60) $$,
                 '23505', null, 'one rest per exercise: a second row for it is refused');
-- without WHERE or RETURNING, and no column read (the select policy then filters nothing): only the
-- update and delete policies keep B's rows out, checked by the comparison at the end
select throws_ok($$ update public.exercise_rests set user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' $$,
                 '42501', null, 'A cannot give her rests to B');
select lives_ok($$ update public.exercise_rests set rest_seconds = 100 $$, 'A updates every rest she may');
select is(pg_temp.changed($$ update public.exercise_rests set rest_seconds = 1
                             where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' $$),
          '{}'::text[], 'an update of B''s rests changes nothing');
select is(pg_temp.changed($$ insert into public.exercise_rests (id, rest_seconds) values ('back_squat_test', 200)
                             on conflict (user_id, id) do update set rest_seconds = excluded.rest_seconds $$),
          array['back_squat_test aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'],
          'the sync''s upsert of a rest B also has lands on A''s own row');
select throws_ok($$ insert into public.exercise_rests (id, user_id, rest_seconds)
                    values ('back_squat_test', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 10)
                    on conflict (user_id, id) do update set rest_seconds = excluded.rest_seconds $$,
                 '42501', null, 'A cannot upsert onto B''s row');
select is(pg_temp.changed($$ delete from public.exercise_rests where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' $$),
          '{}'::text[], 'A cannot delete B''s rests');
select is(pg_temp.changed($$ delete from public.exercise_rests where id = 'custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' $$),
          array['custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'], 'A deletes her own rest');
select lives_ok($$ delete from public.exercise_rests $$, 'A deletes every rest she may');
select is_empty($$ select 1 from public.exercise_rests $$, 'A has no rest left');

-- the sync cursor counts the table, for the caller only
select is((public.sync_cursor() -> 'tables' -> 'exercise_rests' ->> 'n')::int, 0, 'A''s cursor counts none of B''s');
insert into public.exercise_rests (id, rest_seconds) values ('back_squat_test', 180);
select is((public.sync_cursor() -> 'tables' -> 'exercise_rests' ->> 'n')::int, 1, 'A''s cursor counts her rest');

-- tombstones win over older edits here too
update public.exercise_rests set deleted_at = now() where id = 'back_squat_test';
insert into public.exercise_rests (id, rest_seconds, updated_at, deleted_at)
values ('back_squat_test', 90, now() - interval '1 hour', null)
on conflict (user_id, id) do update set rest_seconds = excluded.rest_seconds, updated_at = excluded.updated_at,
                                         deleted_at = excluded.deleted_at;
select isnt((select deleted_at from public.exercise_rests where id = 'back_squat_test'), null,
            'a stale upsert leaves a forgotten rest forgotten');

-- nothing A did reached B
reset role;
select is((select jsonb_agg(to_jsonb(r) order by r.id) from public.exercise_rests r
           where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'), (select rows from before_b),
          'B''s rests are exactly as before');
select pg_temp.act_as_anon();
select throws_ok($$ select 1 from public.exercise_rests $$, '42501', null, 'anon cannot read rests');

select * from finish();
rollback;

-- The bodyweight log under RLS, as PostgREST runs requests: user A reads, writes, moves, deletes
-- and upserts with and without a WHERE clause, and never touches or sees B's weighings; the
-- tombstone rule and the sync cursor cover the table. tests/supabase/test_pgtap.py loosens each
-- policy in turn and checks that this file then fails.
begin;
\ir fixtures.psql
select plan(20);

insert into public.bodyweights (id, user_id, weight, measured_at, utc_offset) values
    ('a0000000-0000-4000-8000-0000000000b1', 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 82.5, now() - interval '1 day', 60),
    ('b0000000-0000-4000-8000-0000000000b1', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 70.0, now() - interval '1 day', -300),
    ('b0000000-0000-4000-8000-0000000000b2', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 70.5, now(), -300);
create temp table before_b as
    select jsonb_agg(to_jsonb(r) order by r.id) as rows from public.bodyweights r
    where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
grant select on before_b to authenticated;

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

select pg_temp.act_as('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
select results_eq($$ select id::text from public.bodyweights $$,
                  array['a0000000-0000-4000-8000-0000000000b1'], 'A reads only A''s weighings');
select is_empty($$ select 1 from public.bodyweights where id = 'b0000000-0000-4000-8000-0000000000b1' $$,
                'A cannot read B''s weighing by id');
select throws_ok($$ insert into public.bodyweights (id, user_id, weight, measured_at)
                    values (gen_random_uuid(), 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 90, now()) $$,
                 '42501', null, 'A cannot log a weighing as B');
select lives_ok($$ insert into public.bodyweights (id, weight, measured_at)
                   values ('a0000000-0000-4000-8000-0000000000b2', 81.0, now()) $$,
                'A logs a weighing (user_id defaults to A)');
select throws_ok($$ update public.bodyweights set user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' $$,
                 '42501', null, 'A cannot give her weighings to B');
-- without WHERE or RETURNING (the select policy then filters nothing): only the update and
-- delete policies keep B's rows out, checked by the comparison at the end
select lives_ok($$ update public.bodyweights set utc_offset = 0 $$, 'A updates every weighing she may');
select is(pg_temp.changed($$ update public.bodyweights set weight = 99 where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' $$),
          '{}'::text[], 'an update of B''s weighings changes nothing');
select is(pg_temp.changed($$ insert into public.bodyweights (id, weight, measured_at)
                             values ('b0000000-0000-4000-8000-0000000000b1', 60, now())
                             on conflict (user_id, id) do update set weight = excluded.weight $$),
          array['b0000000-0000-4000-8000-0000000000b1'], 'an upsert reusing B''s id makes a row of A''s own');
select is((select user_id::text from public.bodyweights where id = 'b0000000-0000-4000-8000-0000000000b1'),
          'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'that row is A''s');
select throws_ok($$ insert into public.bodyweights (id, user_id, weight, measured_at)
                    values ('b0000000-0000-4000-8000-0000000000b2', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', 60, now())
                    on conflict (user_id, id) do update set weight = excluded.weight $$,
                 '42501', null, 'A cannot upsert onto B''s row');
select is(pg_temp.changed($$ delete from public.bodyweights where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb' $$),
          '{}'::text[], 'A cannot delete B''s weighings');
select is(pg_temp.changed($$ delete from public.bodyweights where id = 'a0000000-0000-4000-8000-0000000000b2' $$),
          array['a0000000-0000-4000-8000-0000000000b2'], 'A deletes her own weighing');
select lives_ok($$ delete from public.bodyweights $$, 'A deletes every weighing she may');
select is_empty($$ select 1 from public.bodyweights $$, 'A has no weighing left');

-- the sync cursor counts the table, for the caller only
select is((public.sync_cursor() -> 'tables' -> 'bodyweights' ->> 'n')::int, 0, 'A''s cursor counts none of B''s');
insert into public.bodyweights (id, weight, measured_at) values ('a0000000-0000-4000-8000-0000000000b3', 80, now());
select is((public.sync_cursor() -> 'tables' -> 'bodyweights' ->> 'n')::int, 1, 'A''s cursor counts her weighing');

-- tombstones win over older edits here too
update public.bodyweights set deleted_at = now() where id = 'a0000000-0000-4000-8000-0000000000b3';
insert into public.bodyweights (id, weight, measured_at, updated_at, deleted_at)
values ('a0000000-0000-4000-8000-0000000000b3', 81, now(), now() - interval '1 hour', null)
on conflict (user_id, id) do update set weight = excluded.weight, updated_at = excluded.updated_at,
                                         deleted_at = excluded.deleted_at;
select isnt((select deleted_at from public.bodyweights where id = 'a0000000-0000-4000-8000-0000000000b3'), null,
            'a stale upsert leaves a deleted weighing deleted');

-- nothing A did reached B
reset role;
select is((select jsonb_agg(to_jsonb(r) order by r.id) from public.bodyweights r
           where user_id = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'), (select rows from before_b),
          'B''s weighings are exactly as before');
select throws_ok($$ insert into public.bodyweights (id, user_id, weight, measured_at)
                    values (gen_random_uuid(), 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'NaN', now()) $$,
                 '23514', null, 'a weight that is not a number is refused');
select pg_temp.act_as_anon();
select throws_ok($$ select 1 from public.bodyweights $$, '42501', null, 'anon cannot read the log');

select * from finish();
rollback;

-- updated_at is kept by trigger on the server clock (insert and update).
begin;
\ir fixtures.psql
select plan(4);

select pg_temp.act_as('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');

insert into public.workout_sessions (id, archetype, status, started_at, created_at, updated_at)
values ('a0000000-0000-4000-8000-0000000000f1', 'performance', 'active', now(),
        '2001-01-01T00:00:00Z', '2001-01-01T00:00:00Z');
select is((select updated_at from public.workout_sessions where id = 'a0000000-0000-4000-8000-0000000000f1'), now(),
          'insert: a client-sent updated_at is replaced by the server time');
select is((select created_at from public.workout_sessions where id = 'a0000000-0000-4000-8000-0000000000f1'),
          '2001-01-01T00:00:00Z'::timestamptz, 'insert: created_at keeps the device''s value');

reset role;
update public.workout_sets set updated_at = '2001-01-01T00:00:00Z' where true;  -- trigger overrides even this
select is((select count(*) from public.workout_sets where updated_at <> now()), 0::bigint,
          'update: updated_at is set to now() even when the statement sets it');

select pg_temp.act_as('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
update public.user_configs set state = '{"week": 2}', updated_at = '1999-01-01' where id = 'a0000000-0000-4000-8000-000000000001';
select is((select updated_at from public.user_configs where id = 'a0000000-0000-4000-8000-000000000001'), now(),
          'update as a user: updated_at is the server time');

select * from finish();
rollback;

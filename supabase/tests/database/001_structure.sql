-- Structure, RLS, policies, grants and indexes of the FLUX schema.
begin;
set local search_path = public, extensions;
select plan(78);

-- Every table in public has RLS on: a new table without it fails here.
select is_empty(
    $$ select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity $$,
    'every table in public has row level security enabled');
select has_table('public', t, 'public has ' || t)
from unnest(array['user_configs', 'exercises', 'workout_sessions', 'workout_sets', 'bodyweights', 'exercise_rests']) as t;

-- Policies: one per action, for authenticated only, uid evaluated once per statement.
select policies_are('public', t, array[t || '_select', t || '_insert', t || '_update', t || '_delete'],
                    t || ' has one policy per action')
from unnest(array['user_configs', 'exercises', 'workout_sessions', 'workout_sets', 'bodyweights', 'exercise_rests']) as t;
select is_empty(
    $$ select policyname from pg_policies where schemaname = 'public' and roles <> '{authenticated}' $$,
    'every policy applies to authenticated only (anon gets none)');
select is_empty(
    $$ select policyname from pg_policies where schemaname = 'public'
       and regexp_replace(coalesce(qual, '') || coalesce(with_check, ''), '\( SELECT auth\.uid\(\) AS uid\)', '', 'g') ~ 'auth\.' $$,
    'policies call auth.uid() only as (select auth.uid())');
select is_empty(
    $$ select policyname from pg_policies where schemaname = 'public' and permissive <> 'PERMISSIVE' $$,
    'no restrictive policies');

-- Grants: anon nothing, authenticated DML, service_role everything.
select table_privs_are('public', t, 'anon', array[]::text[], 'anon has no privilege on ' || t)
from unnest(array['user_configs', 'exercises', 'workout_sessions', 'workout_sets', 'bodyweights', 'exercise_rests']) as t;
select table_privs_are('public', t, 'authenticated', array['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
                       'authenticated has DML on ' || t)
from unnest(array['user_configs', 'exercises', 'workout_sessions', 'workout_sets', 'bodyweights', 'exercise_rests']) as t;
select table_privs_are('public', t, 'service_role',
                       array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'],
                       'service_role has every privilege on ' || t)
from unnest(array['user_configs', 'exercises', 'workout_sessions', 'workout_sets', 'bodyweights', 'exercise_rests']) as t;
select ok((select rolbypassrls from pg_roles where rolname = 'service_role'), 'service_role bypasses RLS');

-- Keys the acceptance checks name.
select col_type_is('public', 'exercises', 'id', 'text', 'exercises.id is a text slug');
select col_type_is('public', 'workout_sessions', 'id', 'uuid', 'session ids are uuids');
-- Per-user keys: an id names a row of one user only; references carry the user.
select col_is_pk('public', t, array['user_id', 'id'], t || ' is keyed (user_id, id)')
from unnest(array['user_configs', 'workout_sessions', 'workout_sets', 'bodyweights', 'exercise_rests']) as t;
select col_is_pk('public', 'exercises', array['owner_id', 'id'], 'exercises is keyed (owner_id, id)');
select is_empty(
    $$ select t from unnest(array['user_configs', 'exercises', 'workout_sessions', 'workout_sets', 'bodyweights', 'exercise_rests']) as t
       where not exists (
           select 1 from pg_index i
           where i.indrelid = ('public.' || t)::regclass and i.indisunique and i.indpred is null
             and i.indexprs is null
             and i.indnatts = 2
             and i.indkey[0] = (select attnum from pg_attribute where attrelid = i.indrelid and attname = 'user_id')
             and i.indkey[1] = (select attnum from pg_attribute where attrelid = i.indrelid and attname = 'id')) $$,
    'every table has a plain unique index on (user_id, id), the upsert target PostgREST can name');
select is((select attgenerated::text from pg_attribute where attrelid = 'public.exercises'::regclass and attname = 'owner_id'),
          's', 'exercises.owner_id is a stored generated column');
select is((select attgenerated::text from pg_attribute where attrelid = 'public.workout_sets'::regclass and attname = 'exercise_owner_id'),
          's', 'workout_sets.exercise_owner_id is a stored generated column');
select fk_ok('public', 'workout_sets', array['user_id', 'session_id'], 'public', 'workout_sessions', array['user_id', 'id']);
select fk_ok('public', 'workout_sets', array['exercise_owner_id', 'exercise_id'], 'public', 'exercises', array['owner_id', 'id']);
select is((select attgenerated::text from pg_attribute where attrelid = 'public.exercise_rests'::regclass and attname = 'exercise_owner_id'),
          's', 'exercise_rests.exercise_owner_id is a stored generated column');
select fk_ok('public', 'exercise_rests', array['exercise_owner_id', 'id'], 'public', 'exercises', array['owner_id', 'id']);
select is_empty(
    $$ select conname from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace
       and conrelid = 'public.workout_sets'::regclass and confrelid <> 'auth.users'::regclass
       and not (conkey @> array[(select attnum from pg_attribute
                                 where attrelid = 'public.workout_sets'::regclass and attname = 'user_id')]
                or conname = 'workout_sets_exercise_fkey') $$,
    'every reference from a set to a session carries the user');
select col_not_null('public', t, 'user_id', t || '.user_id is not null')
from unnest(array['user_configs', 'workout_sessions', 'workout_sets', 'bodyweights', 'exercise_rests']) as t;
select col_is_null('public', 'exercises', 'user_id', 'exercises.user_id is null for the catalog');
select col_default_is('public', t, 'user_id', 'auth.uid()', t || '.user_id defaults to auth.uid()')
from unnest(array['user_configs', 'exercises', 'workout_sessions', 'workout_sets', 'bodyweights', 'exercise_rests']) as t;
select has_column('public', 'workout_sessions', 'notes', 'sessions have notes');
select has_column('public', 'workout_sets', 'set_index', 'sets have set_index');

-- Every foreign key has an index whose leading columns are the key's.
select is_empty(
    $$ select c.conrelid::regclass::text || '.' || c.conname
       from pg_constraint c
       where c.contype = 'f' and c.connamespace = 'public'::regnamespace
         and not exists (select 1 from pg_index i where i.indrelid = c.conrelid
                         and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] = c.conkey) $$,
    'every foreign key in public is covered by an index');
select has_index('public', 'workout_sessions', 'workout_sessions_user_started_idx', array['user_id', 'started_at'],
                 'a user''s sessions by time');
select has_index('public', 'workout_sets', 'workout_sets_session_idx', array['user_id', 'session_id', 'set_index'],
                 'a session''s sets in order');
select has_index('public', 'workout_sets', 'workout_sets_exercise_idx', array['user_id', 'exercise_id', 'logged_at'],
                 'a user''s sets of an exercise by time');

-- Functions in public pin their search_path.
select is_empty(
    $$ select p.proname from pg_proc p where p.pronamespace = 'public'::regnamespace
       and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) s where s like 'search_path=%') $$,
    'every function in public sets search_path');
select is_empty(
    $$ select p.proname from pg_proc p where p.pronamespace = 'public'::regnamespace and p.prosecdef
       and (has_function_privilege('anon', p.oid, 'EXECUTE') or has_function_privilege('authenticated', p.oid, 'EXECUTE')) $$,
    'no SECURITY DEFINER function in public is executable by anon or authenticated');
select is((select array_agg(proname::text order by proname) from pg_proc
           where pronamespace = 'public'::regnamespace and prosecdef),
          array['keep_tombstone_on_upsert'], 'the one SECURITY DEFINER function is the upsert tombstone trigger');
select has_trigger('public', t, t || '_set_updated_at', t || ' keeps updated_at by trigger')
from unnest(array['user_configs', 'exercises', 'workout_sessions', 'workout_sets', 'bodyweights', 'exercise_rests']) as t;

select * from finish();
rollback;

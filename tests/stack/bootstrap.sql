-- Emulates the parts of a Supabase database that FLUX's migrations and RLS
-- depend on, on a plain PostgreSQL 15/17 database (no Docker, no Supabase
-- images). Run as a superuser BEFORE the migrations. Idempotent: roles are
-- cluster-wide and may already exist from another run.
--
-- What a hosted Supabase project has and this file recreates:
--   roles   anon, authenticated (nologin, noinherit), service_role (bypassrls),
--           authenticator (login, noinherit; PostgREST connects as it and
--           switches to the JWT's role), supabase_admin (owns `auth`, so that
--           `supabase db reset --db-url` keeps the schema)
--   schemas auth, extensions
--   auth.users, auth.uid(), auth.role(), auth.jwt() reading the per-request
--           setting `request.jwt.claims` the way PostgREST sets it.

-- ---------------------------------------------------------------- roles ---
do $$
declare
    r record;
begin
    for r in select * from (values
        ('anon',           'nologin noinherit'),
        ('authenticated',  'nologin noinherit'),
        ('service_role',   'nologin noinherit bypassrls'),
        ('authenticator',  'login noinherit'),
        ('supabase_admin', 'nologin')
    ) as t(name, opts) loop
        if not exists (select 1 from pg_roles where rolname = r.name) then
            begin
                execute format('create role %I %s', r.name, r.opts);
            exception when duplicate_object or unique_violation then
                null;  -- created concurrently by another test run
            end;
        end if;
    end loop;
end
$$;

do $$
begin
    -- PostgREST switches from authenticator to one of these per request.
    if not pg_has_role('authenticator', 'anon', 'member') then
        grant anon to authenticator;
    end if;
    if not pg_has_role('authenticator', 'authenticated', 'member') then
        grant authenticated to authenticator;
    end if;
    if not pg_has_role('authenticator', 'service_role', 'member') then
        grant service_role to authenticator;
    end if;
exception when others then
    null;  -- a concurrent run granted it first
end
$$;

-- ------------------------------------------------------------- schemas ---
create schema if not exists extensions;
create schema if not exists auth;
alter schema auth owner to supabase_admin;
alter schema extensions owner to supabase_admin;

grant usage on schema public, auth, extensions to anon, authenticated, service_role;

-- ---------------------------------------------------------- auth.users ---
-- A subset of GoTrue's table: enough for foreign keys and the test stub.
create table if not exists auth.users (
    id                 uuid primary key,
    aud                text,
    role               text,
    email              text unique,
    encrypted_password text,
    email_confirmed_at timestamptz,
    raw_app_meta_data  jsonb not null default '{}'::jsonb,
    raw_user_meta_data jsonb not null default '{}'::jsonb,
    is_anonymous       boolean not null default false,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);
alter table auth.users owner to supabase_admin;
-- The API roles never read auth.users directly (as in Supabase).
revoke all on table auth.users from anon, authenticated, public;

-- ------------------------------------------------------ auth functions ---
-- As in Supabase: the claims of the request's JWT, set by PostgREST with
-- `set_config('request.jwt.claims', <json>, true)`; `request.jwt.claim.sub`
-- is read first for older callers.
create or replace function auth.uid()
returns uuid
language sql
stable
set search_path = ''
as $$
    select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
    )::uuid
$$;

create or replace function auth.role()
returns text
language sql
stable
set search_path = ''
as $$
    select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
    )::text
$$;

create or replace function auth.jwt()
returns jsonb
language sql
stable
set search_path = ''
as $$
    select coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
    )::jsonb
$$;

alter function auth.uid() owner to supabase_admin;
alter function auth.role() owner to supabase_admin;
alter function auth.jwt() owner to supabase_admin;
grant execute on function auth.uid(), auth.role(), auth.jwt()
    to anon, authenticated, service_role;

-- A set's type as a word: mirrors flux_tui/store/migrations/0010_set_types.sql. is_warmup stays
-- what counts read; rows that only set is_warmup are warm-ups whatever set_type says. Level 7.

alter table public.workout_sets
    add column set_type text not null default 'working';
update public.workout_sets set set_type = 'warmup' where is_warmup;
alter table public.workout_sets
    add constraint workout_sets_set_type_check
        check (set_type in ('working', 'warmup', 'drop', 'failure', 'amrap'));
comment on column public.workout_sets.set_type is 'working | warmup | drop | failure | amrap (is_warmup decides the counts).';

create or replace function public.flux_schema_version()
returns integer
language sql
immutable
security invoker
set search_path = ''
as $$
    select 7
$$;
comment on function public.flux_schema_version() is
    'Schema level of the FLUX database (1 = core tables, 2 = sync support, 3 = per-user keys and limits, 4 = session titles and exercise notes, 5 = bodyweight log, 6 = merged exercises, 7 = set types); checked by flux-tui doctor.';

-- One of your own exercises merged into a catalog exercise
-- (flux_tui/store/migrations/0008_exercise_merged_into.sql, column for column; docs/import.md, "Mapping").
--
-- merged_into: the catalog exercise's id, or null. The client that merges re-points the sets
-- itself and pushes them as ordinary row changes; this row, kept, tells every other device to
-- re-point any set of the merged exercise it holds or receives (its store's triggers do), and
-- keeps the name as an alias of the target for the next import. Catalog rows are the same on
-- every device, so the id is checked for its shape (limits.py) only: a foreign key to
-- (owner_id, id) would need a generated owner column for a target that is always the catalog.
-- Level 6 = this column: an older client would push rows without it and never re-point.

alter table public.exercises
    add column merged_into text;

alter table public.exercises
    add constraint exercises_merged_into_check check (merged_into ~ '^[a-z0-9]+(_[a-z0-9]+)*$'
                                                      and char_length(merged_into) <= 80),
    add constraint exercises_merged_into_own check (merged_into is null or (is_custom and merged_into <> id));

comment on column public.exercises.merged_into is
    'For a custom exercise merged into a catalog one: that exercise''s id (its sets were re-pointed to it); else null.';

create or replace function public.flux_schema_version()
returns integer
language sql
immutable
security invoker
set search_path = ''
as $$
    select 6
$$;
comment on function public.flux_schema_version() is
    'Schema level of the FLUX database (1 = core tables, 2 = sync support, 3 = per-user keys and limits, 4 = session titles and exercise notes, 5 = bodyweight log, 6 = merged exercises); checked by flux-tui doctor.';

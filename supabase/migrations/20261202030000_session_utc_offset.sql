-- Where and when a session happened: its offset from UTC at the start, in minutes east
-- (flux_tui/store/migrations/0004_derived_state_and_local_time.sql, column for column), so
-- every device shows the local date of the place it was logged. Null: not known (older rows).
-- The CHECK is the entry of flux_tui/limits.py, named <table>_<column>_check like the others.

alter table public.workout_sessions
    add column utc_offset integer;

alter table public.workout_sessions
    add constraint workout_sessions_utc_offset_check check (utc_offset between -1080 and 1080);

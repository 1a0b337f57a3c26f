"""The bounds of every value FLUX stores, defined once.

The server enforces this table as CHECK constraints named `<table>_<column>_check`
(supabase/migrations/20261202010000_per_user_keys_and_limits.sql); the local
store is to enforce the same table. tests/supabase/test_limits.py probes every
entry through PostgREST (the value at the limit is accepted, the one past it is
refused with 23514), so the two sides cannot drift apart.

Pure data: nothing here may import beyond the standard library.
"""

from __future__ import annotations

from typing import NamedTuple, Union


class Number(NamedTuple):
    """A finite number with low <= value <= high; NaN and +/-Infinity are refused."""

    low: float
    high: float
    integer: bool
    reason: str


class Text(NamedTuple):
    """A text of at most `high` characters (code points, not bytes); `low` 1 also refuses '' and only spaces."""

    low: int
    high: int
    reason: str


class Slug(NamedTuple):
    """Lower-case words of a-z0-9 joined by '_' (`back_squat`), at most `high` characters."""

    high: int
    reason: str


class Json(NamedTuple):
    """A JSON `shape` ('object'), at most `max_bytes` bytes as PostgreSQL prints it (`octet_length(value::text)`)."""

    shape: str
    max_bytes: int
    reason: str


class TextList(NamedTuple):
    """A JSON array of at most `max_items` strings, each of `low`..`high` characters."""

    max_items: int
    low: int
    high: int
    reason: str


Limit = Union[Number, Text, Slug, Json, TextList]

KIB = 1024

# (table, column) -> bound. Weights are kg, distances metres, durations seconds.
LIMITS: dict[tuple[str, str], Limit] = {
    ("workout_sets", "weight"): Number(0, 5000, False, "kg; above any sled, leg press or yoke ever loaded"),
    ("workout_sets", "reps"): Number(0, 100_000, True, "a wide ceiling; a set typed or imported holds at most"
                                                       " units.MAX_REPS"),
    ("workout_sets", "seconds"): Number(0, 7 * 24 * 3600, False, "a week, the importers' longest duration"),
    ("workout_sets", "distance"): Number(0, 1_000_000, False, "metres; 1,000 km is more than a week-long ride"),
    ("workout_sets", "rpe"): Number(0, 10, False, "the RPE scale"),
    ("workout_sets", "set_index"): Number(0, 10_000, True, "position within one session"),
    ("workout_sets", "metadata"): Json("object", 16 * KIB, "extras (watts, heart rate, protocol, a set's note)"),
    ("workout_sessions", "notes"): Text(0, 20_000, "a long page of text"),
    ("workout_sessions", "anchor_pattern"): Slug(60, "a movement pattern name"),
    ("workout_sessions", "utc_offset"): Number(-1080, 1080, True, "minutes east of UTC where it started; ±18 h"
                                                                  " is ISO 8601's widest offset"),
    ("workout_sessions", "title"): Text(0, 500, "a workout's name (Strong 'Workout Name', Hevy 'title')"),
    ("workout_sessions", "exercise_notes"): Json("object", 64 * KIB, "exercise id -> the note on it in this"
                                                                     " session: a few lines per exercise"),
    ("workout_sessions", "plan"): Json("object", 64 * KIB, "the plan a session started from: a few dozen slots"),
    ("exercises", "id"): Slug(80, "catalog slugs; custom ids are custom_ + 32 hex digits (39)"),
    ("exercises", "name"): Text(1, 200, "a display name"),
    ("exercises", "pattern"): Slug(60, "a movement pattern name"),
    ("exercises", "modality"): Slug(60, "a modality name"),
    ("exercises", "increment"): Number(0, 100, False, "kg per progression step; the catalog's largest is 10"),
    ("exercises", "aliases"): TextList(50, 1, 200, "other names an exercise is known by, each like a name"),
    ("exercises", "primary_muscles"): TextList(6, 1, 40, "muscle names (brain.models.Muscle), as Exercise counts them"),
    ("exercises", "secondary_muscles"): TextList(8, 1, 40, "muscle names (brain.models.Muscle), as Exercise counts them"),
    ("exercises", "ratio"): Number(0.05, 5, False, "e1RM as a fraction of the pattern's reference lift (Exercise.ratio)"),
    ("bodyweights", "weight"): Number(20, 400, False, "kg; a lifter outside these is a typing mistake"),
    ("bodyweights", "utc_offset"): Number(-1080, 1080, True, "minutes east of UTC where it was taken; ±18 h"),
    ("exercise_rests", "rest_seconds"): Number(0, 3600, True, "seconds; brain.models.SECONDS_LIMIT, a Brain's"
                                                              " longest rest"),
    ("exercises", "merged_into"): Slug(80, "the catalog exercise one of your own was merged into (exercises.id)"),
    ("user_configs", "brain_version"): Number(1, 1000, True, "the Brain document's format version"),
    ("user_configs", "logic"): Json("object", 1024 * KIB, "a Brain section; the shipped Brain is ~5 KiB in all"),
    ("user_configs", "selections"): Json("object", 1024 * KIB, "a Brain section"),
    ("user_configs", "sessions"): Json("object", 1024 * KIB, "a Brain section"),
    ("user_configs", "conditioning"): Json("object", 1024 * KIB, "a Brain section"),
    ("user_configs", "state"): Json("object", 1024 * KIB, "the engine's state: debts, levels, per-exercise records"),
}

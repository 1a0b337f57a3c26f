"""The headers each format is recognised by, and the one clear error for a file that is none of them."""

from __future__ import annotations

from flux_tui.importers.model import ImportFormatError

EXPECTED = {
    "strong": (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
        " (or with Weight Unit and Distance Unit columns; semicolon-separated with Workout Duration on Android;"
        " or the same in German, French, Spanish, Italian or Portuguese)"
    ),
    "hevy": (
        "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,"
        "weight_kg,reps,distance_km,duration_seconds,rpe (or weight_lbs / distance_miles)"
    ),
    "fitnotes": (
        "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment"
        " (or Weight,Weight Unit instead of Weight (kgs))"
    ),
}
NAMES = {"strong": "Strong", "hevy": "Hevy", "fitnotes": "FitNotes"}


def guess_kind(header: list[str]) -> str | None:
    """Which export a normalised header looks like, from its marker columns."""
    from flux_tui.importers.strong import HEADER_FIELDS, REQUIRED

    names = set(header)
    if set(REQUIRED) <= {HEADER_FIELDS.get(name) for name in names}:  # in any of the app's languages
        return "strong"
    if {"start_time", "exercise_title"} <= names:
        return "hevy"
    if {"date", "exercise"} <= names and ("reps" in names or "category" in names):
        return "fitnotes"
    return None


def expected_error(kind: str, header: list[str], raw_header: list[str]) -> ImportFormatError:
    found = ",".join(cell.strip() for cell in raw_header)
    if len(found) > 200:
        found = found[:200] + "…"
    message = f"not a {NAMES[kind]} export: the first line should be the header {EXPECTED[kind]}; found: {found!r}"
    other = guess_kind(header)
    if other is not None and other != kind:
        message += f" (this looks like a {NAMES[other]} export: import it as '{other}')"
    return ImportFormatError(message)

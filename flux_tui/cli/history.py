from __future__ import annotations

import argparse

from flux_tui.cli.common import add_json_flag, emit, open_training
from flux_tui.cli.errors import CliError
from flux_tui.errors import StoreDamaged

HELP = "completed sessions, newest first; --exercise NAME lists one exercise's sets"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--exercise", metavar="NAME", help="list this exercise's sets instead")
    parser.add_argument("--limit", type=int, default=50, help="how many sessions or sets (default 50; 0 = all)")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    from flux_tui.training import find_exercise

    if args.limit < 0:
        raise CliError("--limit must be 0 (all) or more")
    limit = args.limit or 1_000_000_000
    training = open_training()
    try:
        unit = training.unit()
        if args.exercise:
            exercise_id = find_exercise(training.catalog, args.exercise)
            if exercise_id is None:
                raise CliError(f"no exercise called '{args.exercise}' (see `flux-tui exercises`)")
            sets = training.exercise_sets(exercise_id, 0, limit)
            if args.json:
                emit({"exercise": exercise_id, "sets": [
                    {"session_started_at": started.isoformat(), "date": started.date().isoformat(),
                     **set_json(s, started.utcoffset())}
                    for started, s in sets]}, True, str)
            else:
                print(render_sets(exercise_id, sets, unit))
            return 0
        rows = training.recent_sessions(limit)
        if args.json:
            emit([{**session_json(_session(training, row.id)), "set_count": row.set_count,
                   "volume_kg": row.volume_kg} for row in rows], True, str)
        else:
            print(render_sessions(rows, unit))
    finally:
        training.close()
    return 0


def _session(training, session_id: str):
    record = training.session(session_id)
    if record is None:  # listed by one index, missing by its key: the file is inconsistent
        raise StoreDamaged(f"{training.path}: session {session_id} is listed but cannot be read; "
                           "the store may be damaged — see `flux-tui restore`", training.path)
    return record


def set_json(logged, offset=None) -> dict:
    """A set as JSON; `logged_at` at the offset of its session's place (`offset`, a timedelta)."""
    return {
        "id": logged.id, "exercise": logged.exercise_id, "set_index": logged.set_index, "weight": logged.weight,
        "reps": logged.reps, "seconds": logged.seconds, "distance": logged.distance, "rpe": logged.rpe,
        "is_warmup": logged.is_warmup, "metadata": dict(logged.metadata),
        "logged_at": _at(logged.logged_at, offset),
    }


def _at(moment, offset) -> str | None:
    from datetime import timezone

    if moment is None:
        return None
    return (moment.astimezone(timezone(offset)) if offset is not None else moment.astimezone()).isoformat()


def session_json(record) -> dict:
    from flux_tui.timefmt import local_start

    started = local_start(record)
    return {
        "id": record.id, "date": started.date().isoformat(), "started_at": started.isoformat(),
        "completed_at": _at(record.completed_at, started.utcoffset()),
        "archetype": record.archetype, "anchor_pattern": record.anchor_pattern, "status": record.status,
        "notes": record.notes, "sets": [set_json(s, started.utcoffset()) for s in record.sets],
    }


def render_sessions(rows, unit: str) -> str:
    from flux_tui.timefmt import local_start
    from flux_tui.units import pattern_text, weight_text

    if not rows:
        return "no sessions yet"
    return "\n".join(
        f"{local_start(row).date().isoformat()}  {row.archetype:<11} {pattern_text(row.anchor_pattern):<16} "
        f"{row.set_count:>3} working  {weight_text(row.volume_kg, unit):>11}  {row.status}"
        for row in rows
    )


def render_sets(exercise_id: str, sets, unit: str) -> str:
    from flux_tui.units import set_text

    if not sets:
        return f"no sets of {exercise_id} yet"
    return "\n".join(
        f"{started.date().isoformat()}  #{logged.set_index:<3} {set_text(logged, unit)}"
        + ("  (warm-up)" if logged.is_warmup else "")
        for started, logged in sets
    )

from __future__ import annotations

import argparse

from flux_tui.cli.common import add_json_flag, emit, open_training
from flux_tui.cli.errors import CliError
from flux_tui.store.errors import StoreError

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
        if args.exercise:
            exercise_id = find_exercise(training.catalog, args.exercise)
            if exercise_id is None:
                raise CliError(f"no exercise called '{args.exercise}' (see `flux-tui exercises`)")
            rows = [
                {"session_started_at": started.isoformat(), "date": started.date().isoformat(), **set_json(logged)}
                for started, logged in training.store.exercise_sets(exercise_id, limit)
            ]
            emit({"exercise": exercise_id, "sets": rows}, args.json, render_sets)
            return 0
        sessions = []
        for row in training.store.sessions_page(limit=limit):
            record = training.store.session(row.id)
            if record is None:  # listed by one index, missing by its key: the file is inconsistent
                raise StoreError(f"{training.store.path}: session {row.id} is listed but cannot be read; "
                                 "the store may be damaged — see `flux-tui restore`")
            sessions.append({**session_json(record), "set_count": row.set_count, "volume_kg": row.volume_kg})
    finally:
        training.close()
    emit(sessions, args.json, render_sessions)
    return 0


def set_json(logged) -> dict:
    return {
        "id": logged.id, "exercise": logged.exercise_id, "set_index": logged.set_index, "weight": logged.weight,
        "reps": logged.reps, "seconds": logged.seconds, "distance": logged.distance, "rpe": logged.rpe,
        "is_warmup": logged.is_warmup, "metadata": dict(logged.metadata),
        "logged_at": logged.logged_at.isoformat() if logged.logged_at else None,
    }


def session_json(record) -> dict:
    return {
        "id": record.id, "date": record.started_at.date().isoformat(), "started_at": record.started_at.isoformat(),
        "completed_at": record.completed_at.isoformat() if record.completed_at else None,
        "archetype": record.archetype, "anchor_pattern": record.anchor_pattern, "status": record.status,
        "notes": record.notes, "sets": [set_json(s) for s in record.sets],
    }


def render_sessions(sessions: list[dict]) -> str:
    if not sessions:
        return "no sessions yet"
    return "\n".join(
        f"{s['date']}  {s['archetype']:<11} {s['anchor_pattern'] or '-':<16} {s['set_count']:>3} sets "
        f"{s['volume_kg']:>9.1f} kg  {s['status']}"
        for s in sessions
    )


def render_sets(result: dict) -> str:
    if not result["sets"]:
        return f"no sets of {result['exercise']} yet"
    return "\n".join(
        f"{s['date']}  #{s['set_index']:<3} {describe_set(s)}" for s in result["sets"]
    )


def describe_set(s: dict) -> str:
    parts = []
    if s["weight"] is not None:
        parts.append(f"{s['weight']:g} kg")
    if s["reps"] is not None:
        parts.append(f"× {s['reps']}")
    if s["seconds"] is not None:
        parts.append(f"{s['seconds']:g} s")
    if s["distance"] is not None:
        parts.append(f"{s['distance']:g} m")
    if s["rpe"] is not None:
        parts.append(f"@ RPE {s['rpe']:g}")
    if s["is_warmup"]:
        parts.append("(warm-up)")
    return " ".join(parts) or "-"

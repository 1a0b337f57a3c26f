from __future__ import annotations

import argparse

from flux_tui.cli.common import add_json_flag, emit, open_training
from flux_tui.cli.errors import CliError

HELP = "list exercises; `exercises assign NAME PATTERN` gives your own exercise a pattern"

def _patterns() -> tuple[str, ...]:
    from flux_tui.brain.models import PATTERNS

    return (*PATTERNS, "conditioning", "unassigned")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", choices=("list", "assign"), default="list")
    parser.add_argument("name", nargs="?", help="(assign) the exercise's name or id")
    parser.add_argument("pattern", nargs="?", choices=_patterns(), help="(assign) its movement pattern")
    parser.add_argument("--pattern", dest="only_pattern", metavar="PATTERN", help="(list) only this pattern")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    from flux_tui.training import find_exercise

    training = open_training()
    try:
        if args.action == "assign":
            if not args.name or not args.pattern:
                raise CliError("usage: flux-tui exercises assign NAME PATTERN", status=2)
            exercise_id = find_exercise(training.catalog, args.name)
            if exercise_id is None:
                raise CliError(f"no exercise called '{args.name}'")
            training.assign_pattern(exercise_id, args.pattern)
            emit({"id": exercise_id, "pattern": args.pattern}, args.json,
                 lambda r: f"{r['id']} is now {r['pattern']}")
            return 0
        rows = [e for e in training.exercises()
                if args.only_pattern is None or e["pattern"] == args.only_pattern]
    finally:
        training.close()
    emit(rows, args.json, lambda rs: "\n".join(
        f"{e['id']:<28} {e['pattern']:<16} {e['tracking']:<17} {e['name']}" + ("  (yours)" if e["is_custom"] else "")
        for e in rs))
    return 0

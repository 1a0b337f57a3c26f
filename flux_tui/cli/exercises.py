from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from flux_tui.cli.common import add_json_flag, emit, open_training, read_text_file
from flux_tui.cli.errors import CliError

if TYPE_CHECKING:
    from flux_tui.training import CustomCount, ExerciseMapping, Training

HELP = ("list exercises; `exercises assign NAME PATTERN` gives your own exercise a pattern;"
        " `exercises map [FILE]` writes or applies a mapping file")

MAP_HEADER = """\
# FLUX exercise mapping (flux-tui exercises map FILE applies it; --dry-run shows what it would do).
# For each of your own exercises fill in one of:
#   exercise: a catalog exercise (its id or name, see `flux-tui exercises list`): the history merges
#             into it and the name becomes one of its names
#   pattern:  a movement pattern: the exercise keeps its name and counts for that pattern
# Names left empty are left as they are.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from flux_tui.brain.models import ASSIGNABLE_PATTERNS

    parser.add_argument("action", nargs="?", choices=("list", "assign", "map"), default="list")
    parser.add_argument("name", nargs="?", help="(assign) the exercise's name or id; (map) the mapping file to apply")
    parser.add_argument("pattern", nargs="?", choices=ASSIGNABLE_PATTERNS, help="(assign) its movement pattern")
    parser.add_argument("--pattern", dest="only_pattern", metavar="PATTERN", help="(list) only this pattern")
    parser.add_argument("--all", action="store_true", help="(map) every exercise of your own, not only unassigned ones")
    parser.add_argument("--output", "-o", metavar="FILE", help="(map) write the mapping file here, not to stdout")
    parser.add_argument("--dry-run", action="store_true", help="(map FILE) show what would change; change nothing")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    from flux_tui.training import find_exercise

    training = open_training()
    try:
        if args.action == "map":
            return _map(training, args)
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


# --- the mapping file ---------------------------------------------------------------------


def _map(training: Training, args: argparse.Namespace) -> int:
    if args.name is None:
        rows = training.unmapped(args.all)
        text = mapping_text(rows)
        if args.output is None:
            sys.stdout.write(text)
        else:
            try:
                with open(args.output, "x", encoding="utf-8") as handle:
                    handle.write(text)
            except FileExistsError:
                raise CliError(f"{args.output}: already exists; give another name (nothing was written)") from None
            except OSError as exc:
                raise CliError(f"{args.output}: {exc.strerror or exc}") from None
            print(f"wrote {args.output}: {len(rows)} exercises to map", file=sys.stderr)
        return 0
    changes = read_mapping(training, args.name, read_text_file(args.name))
    if not args.dry_run:
        training.apply_mappings([change.mapping for change in changes])
    report = {"dry_run": args.dry_run, "changes": [change.as_dict() for change in changes]}
    emit(report, args.json, _render)
    return 0


def mapping_text(rows: list[CustomCount]) -> str:
    """The mapping file: each exercise of the user's own given (`Training.unmapped`) with its sets."""
    lines = [MAP_HEADER]
    for row in rows:
        lines.append(f"{json.dumps(row.name, ensure_ascii=False)}:\n  sets: {row.sets}\n"
                     + ("" if row.pattern == "unassigned" else f"  # now: pattern {row.pattern}\n")
                     + "  exercise:\n  pattern:\n")
    return "\n".join(lines)


class Change:
    """One line of the file that changes something: the mapping and what to say about it."""

    def __init__(self, name: str, sets: int, mapping: ExerciseMapping, target_name: str | None) -> None:
        self.name, self.sets, self.mapping, self.target_name = name, sets, mapping, target_name

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "sets": self.sets, "exercise": self.mapping.into,
                "exercise_name": self.target_name, "pattern": self.mapping.pattern}


def read_mapping(training: Training, path: str, text: str) -> list[Change]:
    """The changes a mapping file asks for; CliError listing every `file:line: problem` otherwise
    (nothing is applied then). Names already mapped as the file says are no change."""
    import yaml

    from flux_tui.brain.models import ASSIGNABLE_PATTERNS
    from flux_tui.training import ExerciseMapping, find_exercise

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CliError(f"{path}:{mark.line + 1 if mark else 1}: not YAML: {getattr(exc, 'problem', None) or exc}")
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise CliError(f"{path}:{root.start_mark.line + 1}: a mapping file maps exercise names to their targets"
                       " (write one with `flux-tui exercises map`)")
    own = {row.name: row for row in training.unmapped(all_custom=True)}
    catalog = training.catalog
    problems: list[str] = []
    changes: list[Change] = []
    seen: set[str] = set()
    for key, value in root.value:
        line = key.start_mark.line + 1
        where = f"{path}:{line}"
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        fields = _fields(value)
        if name is None or fields is None:
            problems.append(f"{where}: each entry is a name with `sets`, `exercise` and `pattern` under it")
            continue
        if name in seen:
            problems.append(f"{where}: '{name}' is listed twice")
            continue
        seen.add(name)
        unknown = sorted(set(fields) - {"sets", "exercise", "pattern"})
        if unknown:
            problems.append(f"{path}:{fields[unknown[0]][1]}: unknown key '{unknown[0]}' (sets, exercise or pattern)")
            continue
        exercise, exercise_line = fields.get("exercise", ("", line))
        pattern, pattern_line = fields.get("pattern", ("", line))
        if not exercise and not pattern:
            continue
        if exercise and pattern:
            problems.append(f"{path}:{pattern_line}: '{name}': give an exercise or a pattern, not both")
            continue
        target = find_exercise(catalog, exercise) if exercise else None
        if exercise and (target is None or catalog[target].is_custom):
            problems.append(f"{path}:{exercise_line}: unknown catalog exercise '{exercise}'"
                            " (an id or name from `flux-tui exercises list`)")
            continue
        if pattern and pattern not in ASSIGNABLE_PATTERNS:
            problems.append(f"{path}:{pattern_line}: unknown pattern '{pattern}'"
                            f" (one of: {', '.join(ASSIGNABLE_PATTERNS)})")
            continue
        row = own.get(name)
        if row is None:
            if target is not None and find_exercise(catalog, name) == target:
                continue  # merged into it already
            problems.append(f"{where}: no exercise of your own called '{name}'"
                            " (or it was merged into another catalog exercise)")
            continue
        if pattern == row.pattern:
            continue
        mapping = ExerciseMapping(row.id, pattern=pattern or None, into=target)
        problem = training.check_mapping(*mapping)
        if problem is not None:
            problems.append(f"{where}: {problem}")
            continue
        changes.append(Change(name, row.sets, mapping, catalog[target].name if target else None))
    if problems:
        raise CliError("\n".join(problems) + "\nnothing was changed")
    return changes


def _fields(node: Any) -> dict[str, tuple[str, int]] | None:
    """An entry's keys -> (value as text, its line); None when it is not a mapping of scalars."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    fields = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode):
            return None
        text = "" if value.tag == "tag:yaml.org,2002:null" else value.value.strip()
        fields[key.value] = (text, value.start_mark.line + 1 if text else key.start_mark.line + 1)
    return fields


def _render(report: dict) -> str:
    changes = report["changes"]
    if not changes:
        return "nothing to change (every name in the file is empty or mapped as it says)"
    lines = [f"{c['name']} ({c['sets']} sets) → "
             + (f"merged into {c['exercise_name']} ({c['exercise']})" if c["exercise"] else f"pattern {c['pattern']}")
             for c in changes]
    verb = "would change" if report["dry_run"] else "changed"
    lines.append(f"{verb} {len(changes)} exercise{'s' if len(changes) != 1 else ''}"
                 + (" (dry run: nothing was changed)" if report["dry_run"] else "; the state was derived again"))
    return "\n".join(lines)

"""`flux-tui refused`: the rows the server refused on push, set aside with its reason (docs/sync.md)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from flux_tui.cli.common import add_json_flag, confirm, emit, open_training
from flux_tui.cli.errors import CliError

HELP = "rows the server refused, set aside with its reason: list, show, fix (correct and retry) or drop them"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", default="list", choices=("list", "show", "fix", "drop"))
    parser.add_argument("id", nargs="?", help="the refused row: its id, the start of it, or table/id")
    parser.add_argument("values", nargs="*", metavar="field=value",
                        help="for fix: new values (numbers as numbers, JSON fields as JSON, `field=` for none)")
    parser.add_argument("--yes", action="store_true", help="drop without asking")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    from flux_tui.errors import StoreRefused

    if args.action != "list" and not args.id:
        raise CliError(f"`flux-tui refused {args.action}` needs the id of a refused row (`flux-tui refused` lists them)",
                       status=2)
    if args.values and args.action != "fix":
        raise CliError("field=value corrections go with `fix` only", status=2)
    training = open_training(seed_if_empty=False)
    try:
        if args.action == "list":
            rows = training.refused_rows()
            emit({"refused": rows}, args.json, render_list)
            return 0
        try:
            if args.action == "show":
                emit(training.refused_row(args.id), args.json, render_show)
                return 0
            if args.action == "fix":
                entry = training.refused_row(args.id)
                values = parse_values(entry["table"], args.values)
                entry, left = training.fix_refused(args.id, values)
                result = {"table": entry["table"], "id": entry["id"], "changed": sorted(values), "problems": left,
                          "queued": not left}
                emit(result, args.json, render_fix)
                return 1 if left else 0
            entry = training.refused_row(args.id)
            what = "and its sets " if entry["table"] == "workout_sessions" else ""
            confirm(f"Discard {entry['table']} {entry['id']} {what}from this device (a version the server has "
                    "comes back with the next sync)?", args.yes)
            entry, deleted = training.drop_refused(args.id)
        except StoreRefused as error:
            raise CliError(str(error))
    finally:
        training.close()
    emit({"table": entry["table"], "id": entry["id"], "deleted": deleted}, args.json,
         lambda r: f"dropped {r['table']} {r['id']} ({r['deleted']} row(s) deleted here)")
    return 0


def parse_values(table: str, pairs: list[str]) -> dict[str, Any]:
    """`field=value` words as the values the store keeps, typed by the field's limit."""
    from flux_tui.limits import LIMITS, Json, Number, TextList

    values: dict[str, Any] = {}
    for pair in pairs:
        field, sep, text = pair.partition("=")
        if not sep or not field:
            raise CliError(f"{pair!r}: expected field=value", status=2)
        limit = LIMITS.get((table, field))
        if isinstance(limit, Number):
            if text == "":
                values[field] = None
                continue
            try:
                number = float(text)
            except ValueError:
                raise CliError(f"{field}: {text!r} is not a number", status=2) from None
            values[field] = int(number) if limit.integer and number.is_integer() else number
        elif isinstance(limit, (Json, TextList)):
            try:
                values[field] = json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False)
            except ValueError:
                raise CliError(f"{field}: {text!r} is not JSON", status=2) from None
        else:
            values[field] = text if text != "" or field == "notes" else None
    return values


def render_list(r: dict) -> str:
    if not r["refused"]:
        return "no refused rows: everything queued is sent with the next sync"
    lines = []
    for row in r["refused"]:
        waiting = f"; {row['waiting']} set(s) wait for it" if row["waiting"] else ""
        lines.append(f"{row['table']} {row['id']}: {row['message']} ({row['code']}){waiting}")
    lines.append("`flux-tui refused show ID` shows a row; `fix ID [field=value ...]` corrects and retries it; "
                 "`drop ID` discards it")
    return "\n".join(lines)


def render_show(r: dict) -> str:
    from flux_tui.timefmt import from_iso, local_time

    when = local_time(from_iso(r["refused_at"]), None).strftime("%Y-%m-%d %H:%M")
    lines = [f"{r['table']} {r['id']}", f"  refused: {r['message']} ({r['code']}) on {when}"]
    if r["waiting"]:
        lines.append(f"  {r['waiting']} set(s) wait for it")
    for column, value in r["row"].items():
        text = repr(value) if not isinstance(value, str) else value
        lines.append(f"  {column} = {text if len(text) <= 120 else text[:117] + '...'}")
    return "\n".join(lines)


def render_fix(r: dict) -> str:
    if r["problems"]:
        return "\n".join([f"{r['table']} {r['id']} is still out of bounds:", *(f"  {p}" for p in r["problems"]),
                          f"correct it with `flux-tui refused fix {r['id']} field=value`"])
    changed = f" ({', '.join(r['changed'])} changed)" if r["changed"] else ""
    return f"{r['table']} {r['id']}{changed} goes to the server with the next sync (`flux-tui sync`)"

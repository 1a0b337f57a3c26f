from __future__ import annotations

import argparse

from flux_tui.cli.common import add_json_flag, emit, open_training

HELP = "check the sync set-up: configuration, environment, API, sign-in, schema, RLS round trip, outbox"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    from flux_tui.remote.doctor import run_checks

    training = open_training(seed_if_empty=False)
    try:
        checks = run_checks(training.outbox)
    finally:
        training.close()
    ok = all(c.ok for c in checks)
    emit({"ok": ok, "checks": [c.to_dict() for c in checks]}, args.json, render)
    return 0 if ok else 1


def render(result: dict) -> str:
    lines = []
    for c in result["checks"]:
        lines.append(f"{'✓' if c['ok'] else '✗'} {c['name']}: {c['detail']}")
        if not c["ok"] and c["hint"]:
            lines.append(f"    hint: {c['hint']}")
    return "\n".join(lines)

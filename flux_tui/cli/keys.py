from __future__ import annotations

import argparse
import sys

from flux_tui.cli.common import add_json_flag, emit

HELP = "every key of the app: binding id, key, screen, description (remap one in config.toml's [keymap])"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    from flux_tui.config import config_path, load_preferences
    from flux_tui.ui.bindings import all_bindings, key_text, keymap_problems

    preferences = load_preferences()
    problems = [*preferences.problems, *keymap_problems(preferences.keymap, preferences.keymap_where)]
    for problem in problems:
        print(f"flux-tui: {problem}", file=sys.stderr)
    rows = [{"id": binding.id, "key": key_text(binding, preferences.keymap), "screen": screen,
             "description": binding.description} for screen, binding in all_bindings()]
    emit(rows, args.json, lambda rs: "\n".join(
        [f"{'id':<34} {'key':<14} {'screen':<18} description"]
        + [f"{r['id']:<34} {r['key']:<14} {r['screen']:<18} {r['description']}" for r in rs]
        + [f"\nremap with [keymap] in {config_path()}, e.g. \"today.start\" = \"b\""]))
    return 1 if problems else 0

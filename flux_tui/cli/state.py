from __future__ import annotations

import argparse

from flux_tui.cli.common import add_json_flag, emit, open_training

HELP = "pattern debts and conditioning levels; --rebuild recomputes them from history"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rebuild", action="store_true",
                        help="recompute the state from every completed session and report whether it matched")
    parser.add_argument("--fix", action="store_true", help="with --rebuild: store the rebuilt state if it differs")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    from flux_tui.engine import debts_at
    from flux_tui.timefmt import utc_now

    training = open_training()
    try:
        state = training.state
        result: dict = {}
        if args.rebuild:
            import gc

            # ~100k small acyclic records read and folded: the cyclic collector would rescan them
            # as they pile up (~8% of a rebuild) for nothing.
            gc.disable()
            try:
                rebuilt = training.rebuild(save=args.fix)
            finally:
                gc.enable()
            result["matched"] = rebuilt.matched
            state = rebuilt.state
        result["pattern_debts"] = {p: round(d, 3) for p, d in debts_at(training.brain, state, utc_now()).items()}
        result["conditioning_levels"] = dict(state.conditioning_levels)
    finally:
        training.close()
    emit(result, args.json, render_state)
    return 0


def render_state(result: dict) -> str:
    lines = []
    if "matched" in result:
        lines.append("rebuild matched the stored state" if result["matched"]
                     else "rebuild DIFFERS from the stored state (run with --fix to store the rebuilt one)")
    lines.append("pattern debts (hard sets owed):")
    lines += [f"  {pattern:<16} {debt:6.2f}" for pattern, debt in sorted(result["pattern_debts"].items())]
    lines.append("conditioning levels:")
    lines += [f"  {protocol:<16} {level}" for protocol, level in sorted(result["conditioning_levels"].items())]
    return "\n".join(lines)

from __future__ import annotations

import argparse

from flux_tui.cli.common import add_json_flag, emit, open_training

HELP = "today's recommended session"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--readiness", type=int, choices=range(1, 6), metavar="1-5",
                        help="how ready you feel today (1 = wrecked, 5 = great)")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    training = open_training()
    try:
        plan = training.plan(readiness=args.readiness).to_dict()
        unit = training.unit()
    finally:
        training.close()
    emit(plan, args.json, lambda p: render_plan(p, unit))
    return 0


def render_plan(plan: dict, unit: str) -> str:
    from flux_tui.units import conditioning_text, pattern_text, prescription_text

    lines = [f"{plan['archetype'].capitalize()} — anchor: {pattern_text(plan['anchor_pattern'])}",
             f"  {plan['reason']}"]
    for slot in plan["slots"]:
        lines.append(f"  {pattern_text(slot['pattern']):<16} {slot.get('exercise_name', slot['exercise'])}: "
                     f"{prescription_text(slot, unit)}")
    if plan.get("conditioning"):
        lines.append(f"  conditioning     {conditioning_text(plan['conditioning'])}")
    return "\n".join(lines)

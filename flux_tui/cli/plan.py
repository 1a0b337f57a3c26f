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
    finally:
        training.close()
    emit(plan, args.json, render_plan)
    return 0


def render_plan(plan: dict) -> str:
    lines = [f"{plan['archetype'].capitalize()} — anchor: {plan['anchor_pattern']}", f"  {plan['reason']}"]
    for slot in plan["slots"]:
        lines.append(f"  {slot['pattern']:<16} {slot.get('exercise_name', slot['exercise'])}: {prescription(slot)}")
    conditioning = plan.get("conditioning")
    if conditioning:
        lines.append(f"  conditioning     {conditioning['protocol']} level {conditioning['level']}: "
                     f"{prescription(conditioning.get('prescription', conditioning))}")
    return "\n".join(lines)


def prescription(block: dict) -> str:
    """'3 × 5–8 @ 100 kg', '3 × 45 s', '6 × 30 s on / 90 s off'."""
    if "work_seconds" in block:
        return f"{block.get('rounds', '?')} × {block['work_seconds']} s on / {block.get('rest_seconds', 0)} s off"
    sets = block.get("sets", 1)
    reps = block.get("reps")
    if reps is not None:
        amount = f"{reps[0]}–{reps[1]}" if isinstance(reps, (list, tuple)) and reps[0] != reps[1] else \
            f"{reps[0] if isinstance(reps, (list, tuple)) else reps}"
    elif block.get("seconds") is not None:
        amount = f"{block['seconds']:g} s"
    elif block.get("distance") is not None:
        amount = f"{block['distance']:g} m"
    else:
        amount = "?"
    load = block.get("load")
    return f"{sets} × {amount}" + (f" @ {load:g} kg" if load else "")

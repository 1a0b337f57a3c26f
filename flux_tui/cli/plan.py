from __future__ import annotations

import argparse
import sys

from flux_tui.cli.common import add_json_flag, emit, open_training
from flux_tui.cli.errors import CliError

HELP = "today's recommended session; --days N forecasts the next N days"
MAX_DAYS = 366


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--readiness", type=int, choices=range(1, 6), metavar="1-5",
                        help="how ready you feel today (1 = wrecked, 5 = great)")
    parser.add_argument("--days", type=int, metavar="N",
                        help=f"forecast N days (1-{MAX_DAYS}): a session a day at this time of day, each done as "
                             "prescribed; nothing is stored")
    parser.add_argument("--brain", metavar="FILE",
                        help="with --days: the forecast under this Brain beside the current one")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    if args.days is not None and not 1 <= args.days <= MAX_DAYS:
        raise CliError(f"--days must be 1-{MAX_DAYS}, not {args.days}", status=2)
    if args.brain is not None and args.days is None:
        raise CliError("--brain compares forecasts: give --days N too", status=2)
    if args.days is None:
        return _today(args)
    candidate = None if args.brain is None else _read(args.brain)
    from flux_tui.timefmt import utc_now

    training = open_training()
    try:
        now = utc_now()
        current = [day.to_dict() for day in training.forecast(args.days, now, args.readiness)]
        other = None
        if candidate is not None:
            from flux_tui.brain.validate import BrainInvalid  # yaml and pydantic: only to read another Brain

            try:
                other = [day.to_dict() for day in training.forecast(args.days, now, args.readiness,
                                                                    brain_text=candidate, filename=args.brain)]
            except BrainInvalid as invalid:
                print("\n".join(str(error) for error in invalid.errors), file=sys.stderr)
                return 1
        unit = training.unit()
    finally:
        training.close()
    if other is None:
        emit(current, args.json, lambda days: render_forecast(days, unit))
    else:
        pairs = [{"date": a["date"], "at": a["at"], "current": _plan_only(a), "candidate": _plan_only(b)}
                 for a, b in zip(current, other)]
        emit(pairs, args.json, lambda p: render_comparison(p, args.brain, unit))
    return 0


def _today(args: argparse.Namespace) -> int:
    training = open_training()
    try:
        plan = training.plan(readiness=args.readiness).to_dict()
        unit = training.unit()
    finally:
        training.close()
    emit(plan, args.json, lambda p: render_plan(p, unit))
    return 0


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except UnicodeDecodeError:
        raise CliError(f"{path}: not UTF-8 text")
    except OSError as exc:
        raise CliError(f"{path}: {exc.strerror}")


def _plan_only(day: dict) -> dict:
    return {k: v for k, v in day.items() if k not in ("date", "at")}


def render_plan(plan: dict, unit: str) -> str:
    from flux_tui.units import conditioning_text, pattern_text

    lines = [f"{plan['archetype'].capitalize()} — anchor: {pattern_text(plan['anchor_pattern'])}",
             f"  {plan['reason']}"]
    lines += [f"  {line}" for line in _slot_lines(plan, unit)]
    if plan.get("conditioning"):
        lines.append(f"  conditioning     {conditioning_text(plan['conditioning'])}")
    return "\n".join(lines)


def _slot_lines(plan: dict, unit: str) -> list[str]:
    from flux_tui.units import pattern_text

    return [f"{pattern_text(slot['pattern']):<16} {slot.get('exercise_name', slot['exercise'])}: "
            f"{work_text(slot, unit)}" + (f"  ({slot['note']})" if slot.get("note") else "")
            for slot in plan["slots"]]


def work_text(slot: dict, unit: str) -> str:
    """The slot's prescription; sets that differ (a top set and back-offs, a wave) one by one."""
    from flux_tui.units import prescription_text, weight_text

    work = slot.get("work") or []
    if len({(w["load"], w["reps"], w["amrap"]) for w in work}) <= 1:
        return prescription_text(slot, unit)
    parts = []
    for w in work:
        reps = "?" if w["reps"] is None else f"{w['reps']}{'+' if w['amrap'] else ''}"
        parts.append(reps if w["load"] is None else f"{reps} @ {weight_text(w['load'], unit)}")
    return ", ".join(parts)


def _day_title(day: dict) -> str:
    from datetime import date

    return date.fromisoformat(day["date"]).strftime("%a %d %b")


def _summary(plan: dict, unit: str) -> list[str]:
    from flux_tui.units import pattern_text

    lines = [f"{plan['archetype'].capitalize()} · {pattern_text(plan['anchor_pattern'])}"]
    lines += [f"  {slot.get('exercise_name', slot['exercise'])}: {work_text(slot, unit)}" for slot in plan["slots"]]
    return lines


def render_forecast(days: list[dict], unit: str) -> str:
    from flux_tui.units import conditioning_text

    out = []
    for day in days:
        out.append(f"{_day_title(day)}  {day['archetype'].capitalize()} — {day['reason']}")
        out += [f"  {line}" for line in _slot_lines(day, unit)]
        if day.get("conditioning"):
            out.append(f"  conditioning     {conditioning_text(day['conditioning'])}")
    return "\n".join(out)


def render_comparison(pairs: list[dict], candidate: str, unit: str) -> str:
    """Each day's session under the current Brain and under `candidate`, side by side; ≠ marks a difference."""
    import shutil

    width = max(36, (shutil.get_terminal_size((120, 24)).columns - 3) // 2)
    out = [f"{'current Brain':<{width}}   {candidate}"]
    for pair in pairs:
        out.append(_day_title(pair))
        left, right = _summary(pair["current"], unit), _summary(pair["candidate"], unit)
        for n in range(max(len(left), len(right))):
            a = left[n] if n < len(left) else ""
            b = right[n] if n < len(right) else ""
            out.append(f"{a[:width]:<{width}} {'│' if a == b else '≠'} {b[:width]}")
    return "\n".join(out)

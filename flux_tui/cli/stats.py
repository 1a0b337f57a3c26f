"""`flux-tui stats`: the weekly volume, the records and the calendar counts the History screens show,
from the same code (Training's statistics, engine/stats.py). JSON keeps kilograms."""

from __future__ import annotations

import argparse
from typing import Any

from flux_tui.cli.common import add_json_flag, emit, open_training
from flux_tui.cli.errors import CliError

HELP = "weekly hard sets per pattern and muscle against the Brain's targets, records, calendar counts"
MAX_WEEKS = 520


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--weeks", type=int, default=12, metavar="N",
                        help=f"weeks of the weekly volume, ending with this one (default 12; 1-{MAX_WEEKS})")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    from flux_tui.engine.stats import recent_records
    from flux_tui.timefmt import local_today

    if not 1 <= args.weeks <= MAX_WEEKS:
        raise CliError(f"--weeks must be between 1 and {MAX_WEEKS} (got {args.weeks})")
    training = open_training()
    try:
        today = local_today()
        volume = training.weekly_volume(today, args.weeks)
        records = training.records()
        recent = recent_records(records, today)
        calendar = training.calendar(today)
        names = {e: x.name for e, x in training.catalog.items()}
        secondary = training.brain.logic.volume.secondary
        unit = training.unit()
    finally:
        training.close()
    if args.json:
        emit(stats_json(today, volume, records, recent, calendar, secondary), True, str)
    else:
        print(render(today, volume, records, recent, calendar, names, secondary, unit))
    return 0


def _record_json(record) -> dict[str, Any] | None:
    if record is None:
        return None
    return {"kg": round(record.value, 4), "reps": record.reps, "weight_kg": record.weight,
            "date": record.day.isoformat(), "session": record.session_id}


def stats_json(today, volume, records, recent, calendar, secondary: float) -> dict[str, Any]:
    return {
        "today": today.isoformat(),
        "weekly_volume": {
            "weeks": [w.isoformat() for w in volume.weeks],
            "secondary_counts": secondary,
            "patterns": {p: {"hard_sets": list(v), "target": volume.pattern_targets.get(p)}
                         for p, v in volume.patterns.items()},
            "muscles": {m: {"hard_sets": list(v), "target": volume.muscle_targets.get(m)}
                        for m, v in volume.muscles.items()},
        },
        "records": {
            e: {"e1rm": _record_json(r.e1rm), "loads": {str(n): _record_json(x) for n, x in sorted(r.loads.items())},
                "volume": _record_json(r.volume)}
            for e, r in records.items()
        },
        "recent_records": [{"exercise": r.exercise_id, "kind": r.kind, **_record_json(r)} for r in recent],
        "calendar": {
            "first": calendar.first.isoformat(), "last": calendar.today.isoformat(),
            "sessions": sum(len(d.session_ids) for d in calendar.days.values()),
            "hard_sets": sum(d.hard_sets for d in calendar.days.values()),
            "days": [{"date": d.day.isoformat(), "hard_sets": d.hard_sets, "sessions": len(d.session_ids),
                      "archetypes": list(d.archetypes)} for d in sorted(calendar.days.values())],
        },
    }


def _row(name: str, values, target) -> str:
    cells = "".join(f"{'·' if v == 0 else f'{v:g}':>6}" for v in values)
    return f"{name[:18]:<18}{cells}  {'' if target is None else f'{target:g}':>6}"


def record_text(record, unit: str) -> str:
    from flux_tui.units import number, to_unit

    if record is None:
        return "—"
    value = f"{number(to_unit(record.value, unit), 1)} {unit}"
    if record.kind == "e1rm":
        return f"{value} ({number(to_unit(record.weight, unit), 1)} × {record.reps})"
    return value


def render(today, volume, records, recent, calendar, names, secondary: float, unit: str) -> str:
    from flux_tui.units import pattern_text

    weeks = "".join(f"{w.strftime('%m-%d'):>6}" for w in volume.weeks)
    lines = [f"Hard sets per week (working sets, not warm-ups), the {len(volume.weeks)} weeks to {today.isoformat()}",
             f"{'pattern':<18}{weeks}  {'target':>6}"]
    lines += [_row(pattern_text(p), v, volume.pattern_targets.get(p)) for p, v in volume.patterns.items()]
    lines += ["", f"{'muscle':<18}{weeks}  {'target':>6}   (secondary muscles count {secondary:g})"]
    lines += [_row(m.replace("_", " "), v, volume.muscle_targets.get(m)) for m, v in volume.muscles.items()]
    lines += ["", "Records (first reached on)"]
    if not records:
        lines.append("  none yet: records need working sets with a load and reps")
    for exercise_id, r in records.items():
        loads = ", ".join(f"{n}: {record_text(x, unit)}" for n, x in sorted(r.loads.items()))
        lines.append(f"  {names.get(exercise_id, exercise_id)}: e1RM {record_text(r.e1rm, unit)}"
                     f" {r.e1rm.day.isoformat() if r.e1rm else ''} · best session {record_text(r.volume, unit)}"
                     f" {r.volume.day.isoformat() if r.volume else ''}")
        if loads:
            lines.append(f"    heaviest at reps {loads}")
    lines += ["", "Records of the last 30 days"]
    lines += [f"  {r.day.isoformat()}  {names.get(r.exercise_id, r.exercise_id)}: "
              + {"e1rm": "e1RM", "load": f"{r.reps} reps", "volume": "session volume"}[r.kind]
              + f" {record_text(r, unit)}" for r in recent] or ["  none"]
    days = calendar.days.values()
    lines += ["", f"Calendar {calendar.first.isoformat()} to {calendar.today.isoformat()}: "
              f"{sum(len(d.session_ids) for d in days)} sessions on {len(calendar.days)} days, "
              f"{sum(d.hard_sets for d in days)} hard sets"]
    return "\n".join(lines)

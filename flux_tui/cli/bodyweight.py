from __future__ import annotations

import argparse

from flux_tui.cli.common import add_json_flag, emit, open_training
from flux_tui.cli.errors import CliError

HELP = "log your bodyweight (`flux-tui bodyweight 82.5`), or list the log with no number"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("weight", nargs="?", help="today's weight, in your unit unless --unit says")
    parser.add_argument("--unit", choices=("kg", "lb"), help="the unit of WEIGHT (default: your unit)")
    add_json_flag(parser)


def run(args: argparse.Namespace) -> int:
    from flux_tui.units import number, plain_number, to_kg, to_unit

    training = open_training()
    try:
        unit = args.unit or training.unit()
        if args.weight is not None:
            value = plain_number(args.weight)
            if value is None:
                raise CliError(f"bodyweight: '{args.weight}' is not a number (digits, like 82.5)", status=2)
            from flux_tui.errors import StoreRefused

            try:
                training.log_bodyweight(to_kg(value, unit))
            except StoreRefused as refused:
                raise CliError(f"bodyweight: {refused}; nothing was logged", status=2) from None
        series = training.bodyweight_series()
    finally:
        training.close()
    rows = [{"id": w.id, "day": w.local_day.isoformat(), "kg": round(w.kg, 3),
             "weight": round(to_unit(w.kg, unit), 2), "unit": unit} for w in series]
    if args.weight is not None:
        emit(rows[-1] if rows else {}, args.json,
             lambda r: f"logged {number(to_unit(series[-1].kg, unit), 1)} {unit} on {r['day']}" if r else "")
        return 0
    emit(rows, args.json, lambda rs: "\n".join(f"{r['day']}  {number(r['weight'], 1)} {unit}" for r in rs)
         or "no bodyweight logged yet (`flux-tui bodyweight 82.5`)")
    return 0

"""How numbers are shown and typed: units, clocks, prescriptions. Pure; shared by the CLI and the UI.

The store keeps kilograms, metres and seconds; only this module (and the set
form's parser) converts to and from what the user reads and types.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

KG_PER_LB = 0.45359237
UNITS = ("kg", "lb")

# One rule for the numbers of a set, typed in the form (ui/set_input.py) or read from a file (every
# importer, FLUX JSON): ASCII digits with an optional decimal part ('.' or ','), so finite, and
# within these bounds, in canonical units. Anything else is refused with a message, never stored.
MAX_WEIGHT_KG = 1000.0
MAX_REPS = 300
MAX_SECONDS = 6 * 3600
MAX_DISTANCE_M = 100_000.0
MAX_RPE = 10.0
MAX_ROUNDS = 100
MAX_SET_INDEX = 10_000
PLAIN_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+")


def plain_number(text: str) -> float | None:
    """The value of `text` when it is a plain number by the rule above (spaces around allowed), else None:
    '72,5' is 72.5; '٣٠٠', '1e3', 'inf', '1_000' and '+5' are not numbers here."""
    text = text.strip()
    if not PLAIN_NUMBER.fullmatch(text):
        return None
    return float(text.replace(",", "."))


def set_out_of_bounds(weight: float | None, reps: int | None, seconds: float | None,
                      distance: float | None) -> str | None:
    """What is out of the documented bounds in a set's canonical values, or None."""
    for what, value, high, unit in (("weight", weight, MAX_WEIGHT_KG, " kg"), ("reps", reps, MAX_REPS, ""),
                                    ("time", seconds, MAX_SECONDS, " s"), ("distance", distance, MAX_DISTANCE_M, " m")):
        if value is not None and value > high:
            return f"{what} {number(value)}{unit} is more than the {number(high)}{unit} a set may have"
    return None


def to_unit(kg: float, unit: str) -> float:
    return kg / KG_PER_LB if unit == "lb" else kg


def to_kg(value: float, unit: str) -> float:
    return value * KG_PER_LB if unit == "lb" else value


def number(value: float, places: int = 2) -> str:
    """`100.0` -> '100', `102.5` -> '102.5', `132.277` -> '132.28'."""
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def weight_text(kg: float | None, unit: str) -> str:
    """A weight in the user's unit, for reading ('60 kg', '132.3 lb')."""
    if kg is None:
        return "bodyweight"
    return f"{number(to_unit(kg, unit), 1)} {unit}"


def weight_field(kg: float | None, unit: str) -> str:
    """A weight in the user's unit, for a form field: two decimals so the round trip stays close."""
    return "" if kg is None else number(to_unit(kg, unit), 2)


def clock_text(seconds: float) -> str:
    """m:ss (h:mm:ss past an hour); negative values read as 0:00."""
    total = max(0, int(seconds + 0.999)) if seconds > 0 else 0
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def elapsed_text(seconds: float) -> str:
    """Elapsed time, rounded down: 0:59 until the minute is full."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def seconds_text(seconds: float) -> str:
    return f"{number(seconds, 0)} s" if seconds < 120 else clock_text(seconds)


def distance_text(metres: float) -> str:
    return f"{number(metres / 1000, 2)} km" if metres >= 1000 else f"{number(metres, 1)} m"


# Labels for the patterns whose names would widen every pattern column past "horizontal push".
_SHORT_PATTERNS = {"shoulder_isolation": "shoulder raises", "hip_abduction_adduction": "hip ab/adduct",
                   "trunk_flexion_rotation": "trunk flex/rot"}


def pattern_text(pattern: str | None) -> str:
    return _SHORT_PATTERNS.get(pattern or "", None) or (pattern or "-").replace("_", " ")


def prescription_text(slot: Mapping[str, Any], unit: str) -> str:
    """A plan slot (Plan.to_dict()['slots'][i]) as 'sets × reps @ load'."""
    sets = slot.get("sets", 1)
    if slot.get("reps") is not None:
        low, high = slot["reps"]
        target = slot.get("target_reps")
        amount = f"{target}" if target else (f"{low}–{high}" if low != high else f"{low}")
    elif slot.get("seconds") is not None:
        amount = seconds_text(slot["seconds"])
    elif slot.get("distance") is not None:
        amount = distance_text(slot["distance"])
    else:
        amount = "?"
    load = slot.get("load")
    return f"{sets} × {amount}" + (f" @ {weight_text(load, unit)}" if load is not None else "")


def single_prescription_text(slot: Mapping[str, Any], unit: str) -> str:
    """One set of a slot: 'reps @ load' without the set count."""
    text = prescription_text({**slot, "sets": 1}, unit)
    return text.split(" × ", 1)[1]


def conditioning_text(block: Mapping[str, Any]) -> str:
    """The conditioning block: 'bike intervals L1/4 · 6 × 20 s on / 100 s off · 250 W'."""
    p = block["prescription"]
    targets = ", ".join(metric_text(k, v) for k, v in p.get("target", {}).items())
    levels = block.get("levels")
    level = f"L{block['level']}" + (f"/{levels}" if levels else "")
    return (f"{pattern_text(block['protocol'])} {level} · {p['rounds']} × {p['work_seconds']} s on"
            f" / {p['rest_seconds']} s off" + (f" · {targets}" if targets else ""))


METRIC_LABELS = {
    "avg_watts": ("avg watts", "W"),
    "peak_hr": ("peak HR", "bpm"),
    "rounds_completed": ("rounds done", ""),
    "distance": ("distance", "m"),
    "calories": ("calories", "kcal"),
    "seconds": ("seconds", "s"),
}


def metric_text(key: str, value: Any) -> str:
    suffix = METRIC_LABELS.get(key, (key, ""))[1]
    shown = number(float(value), 1) if isinstance(value, (int, float)) else str(value)
    return f"{shown} {suffix}".strip() if key != "rounds_completed" else f"{shown} rounds"


def set_text(logged: Any, unit: str) -> str:
    """A logged set (engine LoggedSet) for a table cell: '5 @ 60 kg  RPE 8'."""
    if logged.metadata and "rounds_completed" in logged.metadata:
        main = ", ".join(metric_text(k, v) for k, v in logged.metadata.items())
    else:
        amounts = []
        if logged.reps is not None:
            amounts.append(f"{logged.reps} reps" if logged.weight is None else str(logged.reps))
        if logged.seconds is not None:
            amounts.append(seconds_text(logged.seconds))
        if logged.distance is not None:
            amounts.append(distance_text(logged.distance))
        main = " / ".join(amounts)
        if logged.weight is not None:
            main = f"{main} @ {weight_text(logged.weight, unit)}" if main else weight_text(logged.weight, unit)
    if logged.rpe is not None:
        main += f"  RPE {number(logged.rpe, 1)}"
    return main


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"

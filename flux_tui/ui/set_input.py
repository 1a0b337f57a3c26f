"""The set form's parser: what a person typed -> a set for the store, or what is wrong.

Pure (no Textual, no store), so it can be tested exhaustively. Every field is
text as typed. Nothing is ever silently changed: a value is accepted exactly as
written (converted from lb to kg when the user's unit is lb) or refused with a
message that says what is wrong.

Accepted numbers: ASCII digits with an optional decimal part ('.' or ','),
surrounding spaces ignored. Times also as m:ss or h:mm:ss. Blank optional
fields mean "not recorded"; a blank weight means no added load (bodyweight).
Effort is typed as RPE or as RIR (reps in reserve), as the settings say; it is
stored as RPE (RPE = 10 - RIR). The set type is a word (engine.history.SET_TYPES).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from flux_tui.engine.history import SET_TYPE_WORDS, SET_TYPES
from flux_tui.units import (
    KG_PER_LB, MAX_DISTANCE_M, MAX_REPS, MAX_ROUNDS, MAX_SECONDS, MAX_WEIGHT_KG, PLAIN_NUMBER, number,
)

# Fields per catalog `tracking`, in form order (before the effort and the set type).
TRACKING_FIELDS: dict[str, tuple[str, ...]] = {
    "weight_reps": ("weight", "reps"),
    "reps": ("reps",),
    "seconds": ("seconds",),
    "weight_seconds": ("weight", "seconds"),
    "distance_seconds": ("distance", "seconds"),
    "weight_distance": ("weight", "distance"),
    "intervals": ("rounds_completed",),
}
# Conditioning metadata a set of `intervals` may carry (per round, except rounds_completed).
INTERVAL_METRICS = ("avg_watts", "distance", "calories", "seconds", "peak_hr")
EFFORTS = ("rpe", "rir")  # the settings file's `effort`: how effort is typed

MAX_TEXT = 16

LABELS = {
    "weight": "Weight",
    "reps": "Reps",
    "seconds": "Time",
    "distance": "Distance (m)",
    "rpe": "RPE (1-10, optional)",
    "rir": "RIR (0-9, optional)",
    "set_type": "Type",
    "rounds_completed": "Rounds done",
    "avg_watts": "Avg watts",
    "calories": "Calories",
    "peak_hr": "Peak HR (optional)",
}

_CLOCK = re.compile(r"(?:([0-9]+):)?([0-9]+):([0-5][0-9])")
# Words a set type may be typed as (the form cycles the canonical ones).
_SET_TYPE_NAMES = {**{t: t for t in SET_TYPES}, **{w.casefold(): t for t, w in SET_TYPE_WORDS.items()},
                   "": "working", "normal": "working", "warm up": "warmup", "dropset": "drop"}


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


@dataclass(frozen=True)
class ParsedSet:
    """A set ready for `Training.log_set`: kilograms, metres, seconds."""

    weight: float | None = None
    reps: int | None = None
    seconds: float | None = None
    distance: float | None = None
    rpe: float | None = None
    set_type: str = "working"
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def is_warmup(self) -> bool:
        return self.set_type == "warmup"

    def values(self) -> dict[str, Any]:
        return {
            "weight": self.weight, "reps": self.reps, "seconds": self.seconds, "distance": self.distance,
            "rpe": self.rpe, "is_warmup": self.is_warmup, "set_type": self.set_type, "metadata": dict(self.metadata),
        }


def form_fields(tracking: str, metrics: tuple[str, ...] = (), effort: str = "rpe") -> tuple[str, ...]:
    """The fields the form shows for `tracking`; `metrics` adds conditioning metadata fields; `effort`
    ('rpe' or 'rir') is how effort is typed."""
    base = TRACKING_FIELDS[tracking]
    if tracking == "intervals":
        extra = tuple(m for m in (*metrics, "peak_hr") if m in INTERVAL_METRICS)
        base = base + tuple(dict.fromkeys(extra))
    return base + (effort, "set_type")


class _Refused(Exception):
    pass


def _decimal(text: str, what: str) -> float:
    if text.startswith("-") and PLAIN_NUMBER.fullmatch(text[1:]):
        raise _Refused(f"{what} must not be negative")
    if not PLAIN_NUMBER.fullmatch(text):
        raise _Refused(f"'{text}' is not a number")
    return float(text.replace(",", "."))


def _whole(text: str, what: str) -> int:
    value = _decimal(text, what)
    if not value.is_integer():
        raise _Refused(f"{what} must be a whole number, not {text}")
    return int(value)


def _duration(text: str, what: str) -> float:
    match = _CLOCK.fullmatch(text)
    if match:
        hours, minutes, secs = match.groups()
        if hours is not None and int(minutes) > 59:
            raise _Refused(f"'{text}' is not a time (minutes must be 0-59 in h:mm:ss)")
        return float(int(hours or 0) * 3600 + int(minutes) * 60 + int(secs))
    if ":" in text:
        raise _Refused(f"'{text}' is not a time (use seconds, m:ss or h:mm:ss)")
    return _decimal(text, what)


def _in_range(value: float, low: float, high: float, what: str, unit: str = "", low_open: bool = False) -> None:
    suffix = f" {unit}" if unit else ""
    if low_open and value <= low:
        raise _Refused(f"{what} must be more than {number(low)}{suffix}")
    if value < low:
        raise _Refused(f"{what} must be at least {number(low)}{suffix}")
    if value > high:
        raise _Refused(f"{what} must be at most {number(high)}{suffix}")


def _parse_one(name: str, text: str, tracking: str, unit: str) -> Any:
    """The value of one non-blank field, or _Refused."""
    if name == "weight":
        value = _decimal(text, "weight")
        kg = value * KG_PER_LB if unit == "lb" else value
        if kg > MAX_WEIGHT_KG:
            limit = MAX_WEIGHT_KG / KG_PER_LB if unit == "lb" else MAX_WEIGHT_KG
            raise _Refused(f"weight must be at most {int(limit)} {unit}")
        return kg
    if name == "reps":
        value = _whole(text, "reps")
        _in_range(value, 1, MAX_REPS, "reps")
        return value
    if name == "rounds_completed":
        value = _whole(text, "rounds")
        _in_range(value, 0, MAX_ROUNDS, "rounds")
        return value
    if name == "seconds":
        value = _duration(text, "time")
        _in_range(value, 0, MAX_SECONDS, "time", "s", low_open=True)
        return value
    if name == "distance":
        value = _decimal(text, "distance")
        _in_range(value, 0, MAX_DISTANCE_M, "distance", "m", low_open=True)
        return value
    if name == "rpe":
        value = _decimal(text, "RPE")
        _in_range(value, 1, 10, "RPE")
        return value
    if name == "rir":
        value = _decimal(text, "RIR")
        _in_range(value, 0, 9, "RIR")
        return value
    if name == "avg_watts":
        value = _decimal(text, "watts")
        _in_range(value, 0, 3000, "watts", "W", low_open=True)
        return value
    if name == "calories":
        value = _decimal(text, "calories")
        _in_range(value, 0, 5000, "calories", "kcal")
        return value
    if name == "peak_hr":
        value = _whole(text, "heart rate")
        _in_range(value, 30, 250, "heart rate", "bpm")
        return value
    raise _Refused(f"unknown field '{name}'")


def parse_set_form(fields: Mapping[str, str | None], tracking: str, unit: str,
                   weight_required: bool = False) -> ParsedSet | list[FieldError]:
    """Parse the set form for an exercise tracked as `tracking`, weights typed in `unit` ('kg' or 'lb').

    Returns a ParsedSet, or every problem found (one FieldError per field, in form order).
    Required: reps, time and distance where the tracking has them, rounds done for
    intervals, and the weight when `weight_required` (a loaded exercise: a barbell, a machine).
    Optional: weight (blank = no added load), RPE or RIR (not both), the set
    type (a word; blank = working), conditioning metrics. A non-blank field the tracking
    does not use is refused, never dropped.
    """
    if tracking not in TRACKING_FIELDS:
        return [FieldError("tracking", f"unknown tracking '{tracking}'")]
    if unit not in ("kg", "lb"):
        return [FieldError("weight", f"unknown weight unit '{unit}' (kg or lb)")]
    own = TRACKING_FIELDS[tracking]
    allowed = own + EFFORTS + ("set_type",) + (INTERVAL_METRICS if tracking == "intervals" else ())
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    set_type = "working"

    ordered = list(dict.fromkeys([*allowed, *fields]))
    for name in ordered:
        raw = fields.get(name)
        text = "" if raw is None else str(raw).strip()
        if name not in allowed:
            if text:
                errors.append(FieldError(name, f"{LABELS.get(name, name)} is not used for this exercise"))
            continue
        if len(text) > MAX_TEXT:
            errors.append(FieldError(name, f"too long ({len(text)} characters)"))
            continue
        if name == "set_type":
            found = _SET_TYPE_NAMES.get(text.casefold())
            if found is None:
                errors.append(FieldError(name, f"'{text}' is not a set type ({', '.join(SET_TYPE_WORDS.values())})"))
            else:
                set_type = found
            continue
        if not text:
            if name in own and name != "weight":
                errors.append(FieldError(name, f"{LABELS[name].lower()} is required"))
            elif name == "weight" and name in own and weight_required:
                errors.append(FieldError(name, "enter a working weight"))
            continue
        try:
            values[name] = _parse_one(name, text, tracking, unit)
        except _Refused as exc:
            errors.append(FieldError(name, str(exc)))
    if "rpe" in values and "rir" in values:
        errors.append(FieldError("rir", "give RPE or RIR, not both"))
    if errors:
        return errors
    rpe = values.get("rpe")
    if "rir" in values:
        rpe = 10 - values["rir"]
    if tracking == "intervals":
        metadata = {k: values[k] for k in ("rounds_completed", *INTERVAL_METRICS) if k in values}
        return ParsedSet(rpe=rpe, set_type=set_type, metadata=metadata)
    return ParsedSet(
        weight=values.get("weight"), reps=values.get("reps"), seconds=values.get("seconds"),
        distance=values.get("distance"), rpe=rpe, set_type=set_type,
    )

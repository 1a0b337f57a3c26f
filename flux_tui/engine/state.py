"""The engine's state: everything the Brain needs to remember between sessions.

A State is the fold of the completed history (see fold.py). It is stored as
JSON next to the history so start-up need not replay it; `state_from_dict`
must give back exactly what `state_to_dict` got, or a stored state and a
rebuilt one would disagree.

A State is a frozen dataclass (derive one with `dataclasses.replace`); its
per-exercise entries are pairs, NamedTuples: ~3x cheaper to create than frozen
dataclasses on Python 3.11, which compile their generated methods, and every
command that reads the state creates these classes.
"""

# No `from __future__ import annotations` here: Prescription and ExerciseRecord are NamedTuples, and typing.NamedTuple
# compiles every string annotation (ForwardRef). Evaluated annotations cost nothing to check.

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from flux_tui.brain.models import Brain


class Prescription(NamedTuple):
    """What to do next time with one exercise."""

    load: float | None  # kg for the next session; None for bodyweight or not yet known
    reps: int | None  # reps to aim for in each working set; None for timed/distance work


class ExerciseRecord(NamedTuple):
    """One exercise's bests, for detecting records."""

    best_e1rm: float | None  # Epley estimate; None when only bodyweight sets were logged
    best_reps: dict[float, int]  # weight in kg (0.0 = bodyweight) -> most reps in one working set


@dataclass(frozen=True)
class State:
    """Everything the engine remembers between sessions (the fold of the completed history)."""

    pattern_debts: dict[str, float]  # hard sets owed, as of `as_of`
    conditioning_levels: dict[str, int]  # protocol -> current level, from 1
    conditioning_failures: dict[str, int]  # protocol -> failures in a row at the current level
    performance_streak: int  # Performance sessions in a row, ended by a Recovery session
    last_session_at: datetime | None
    rotation: dict[str, int]  # pattern -> next index into the Brain's selections
    prescriptions: dict[str, Prescription]  # exercise id -> what to do next time
    records: dict[str, ExerciseRecord]  # exercise id -> bests
    as_of: datetime | None  # debts are accrued up to this instant; None before any session
    conditioning_rotation: dict[str, int] = field(default_factory=dict)  # archetype -> next protocol index


def initial_state(brain: Brain) -> State:
    """The state before any session: initial debts, start levels, first selections."""
    return State(
        pattern_debts={p: min(t.initial, t.cap) for p, t in brain.logic.patterns.items()},
        conditioning_levels={name: p.start_level for name, p in brain.conditioning.items()},
        conditioning_failures={name: 0 for name in brain.conditioning},
        performance_streak=0,
        last_session_at=None,
        rotation={p: 0 for p in brain.selections},
        prescriptions={},
        records={},
        as_of=None,
        conditioning_rotation={},
    )


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def state_to_dict(state: State) -> dict[str, Any]:
    """JSON-able; floats survive exactly because json writes repr()."""
    return {
        "pattern_debts": dict(state.pattern_debts),
        "conditioning_levels": dict(state.conditioning_levels),
        "conditioning_failures": dict(state.conditioning_failures),
        "performance_streak": state.performance_streak,
        "last_session_at": _time(state.last_session_at),
        "rotation": dict(state.rotation),
        "prescriptions": {k: [p.load, p.reps] for k, p in state.prescriptions.items()},
        # JSON object keys are strings; weights stay floats as [weight, reps] pairs.
        "records": {
            k: {"best_e1rm": r.best_e1rm, "best_reps": [[w, n] for w, n in r.best_reps.items()]}
            for k, r in state.records.items()
        },
        "as_of": _time(state.as_of),
        "conditioning_rotation": dict(state.conditioning_rotation),
    }


def state_from_dict(data: dict[str, Any]) -> State:
    return State(
        pattern_debts={k: float(v) for k, v in data["pattern_debts"].items()},
        conditioning_levels=dict(data["conditioning_levels"]),
        conditioning_failures=dict(data["conditioning_failures"]),
        performance_streak=data["performance_streak"],
        last_session_at=_parse_time(data["last_session_at"]),
        rotation=dict(data["rotation"]),
        prescriptions={
            k: Prescription(None if load is None else float(load), reps)
            for k, (load, reps) in data["prescriptions"].items()
        },
        records={
            k: ExerciseRecord(
                None if r["best_e1rm"] is None else float(r["best_e1rm"]),
                {float(w): n for w, n in r["best_reps"]},
            )
            for k, r in data["records"].items()
        },
        as_of=_parse_time(data["as_of"]),
        conditioning_rotation=dict(data.get("conditioning_rotation", {})),
    )

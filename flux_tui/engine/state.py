"""The engine's state: everything the Brain needs to remember between sessions.

A State is the fold of the completed history (see fold.py). It is stored as
JSON next to the history so start-up need not replay it; `state_from_dict`
must give back exactly what `state_to_dict` got, or a stored state and a
rebuilt one would disagree.

A State is a frozen dataclass (derive one with `dataclasses.replace`); its
per-exercise entries are NamedTuples: ~3x cheaper to create than frozen
dataclasses on Python 3.11, which compile their generated methods, and every
command that reads the state creates these classes.

The stored JSON carries `version` (STATE_VERSION). A state from an older FLUX
is not converted: `state_from_dict` raises `StateOutdated` and the caller
rebuilds it from the history, which gives exactly what folding session by
session would have.
"""

# No `from __future__ import annotations` here: Prescription and ExerciseRecord are NamedTuples, and typing.NamedTuple
# compiles every string annotation (ForwardRef). Evaluated annotations cost nothing to check.

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from flux_tui.brain.models import Brain


STATE_VERSION = 2  # 1: one (load, reps) per exercise, whatever the rep range; no stalls, blocks or training maxes


class StateOutdated(ValueError):
    """A stored state written by an older FLUX: rebuild it from the history (`rebuild_state`)."""


class Prescription(NamedTuple):
    """What to do next time with one exercise in one kind of slot (linear and double schemes)."""

    load: float | None  # kg for the next session; None for bodyweight or not yet known
    reps: int | None  # reps to aim for in each working set; None for timed/distance work


class Lift(NamedTuple):
    """What the engine knows about one exercise's loads."""

    loads: dict[str, Prescription]  # goal key ("4-6" reps, "45s", "40m") -> next time's load and reps
    e1rm: float | None  # kg, RPE table, from the latest session with a loaded working set
    load: float | None  # kg, the heaviest working set of the latest session
    done_at: datetime  # the latest session of it
    failures: int = 0  # failed sessions in a row (a prescription not met at its load)
    deloaded: bool = False  # the latest session ended a stall: the load dropped
    training_max: float | None = None  # kg, the percent scheme's
    week: int = 0  # the percent scheme's next week, from 0


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
    performance_streak: int  # Performance sessions in a row, ended by a Recovery session or a rest gap
    last_session_at: datetime | None
    rotation: dict[str, int]  # pattern -> index into the Brain's selections of the current exercise
    lifts: dict[str, Lift]  # exercise id -> loads, estimates, stalls
    records: dict[str, ExerciseRecord]  # exercise id -> bests
    as_of: datetime | None  # debts are accrued up to this instant; None before any session
    conditioning_rotation: dict[str, int] = field(default_factory=dict)  # archetype -> next protocol index
    rotation_sessions: dict[str, int] = field(default_factory=dict)  # pattern -> sessions on the current exercise
    trained_at: dict[str, datetime] = field(default_factory=dict)  # pattern -> its latest session


def initial_state(brain: Brain) -> State:
    """The state before any session: initial debts, start levels, first selections."""
    return State(
        pattern_debts={p: min(t.initial, t.cap) for p, t in brain.logic.patterns.items()},
        conditioning_levels={name: p.start_level for name, p in brain.conditioning.items()},
        conditioning_failures={name: 0 for name in brain.conditioning},
        performance_streak=0,
        last_session_at=None,
        rotation={p: 0 for p in brain.selections},
        lifts={},
        records={},
        as_of=None,
        conditioning_rotation={},
        rotation_sessions={},
        trained_at={},
    )


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _lift_to_dict(lift: Lift) -> dict[str, Any]:
    return {
        "loads": {k: [p.load, p.reps] for k, p in lift.loads.items()},
        "e1rm": lift.e1rm,
        "load": lift.load,
        "done_at": lift.done_at.isoformat(),
        "failures": lift.failures,
        "deloaded": lift.deloaded,
        "training_max": lift.training_max,
        "week": lift.week,
    }


def _number(value: float | None) -> float | None:
    return None if value is None else float(value)


def _lift_from_dict(data: dict[str, Any]) -> Lift:
    return Lift(
        loads={k: Prescription(_number(load), reps) for k, (load, reps) in data["loads"].items()},
        e1rm=_number(data["e1rm"]),
        load=_number(data["load"]),
        done_at=datetime.fromisoformat(data["done_at"]),
        failures=data["failures"],
        deloaded=data["deloaded"],
        training_max=_number(data["training_max"]),
        week=data["week"],
    )


def state_to_dict(state: State) -> dict[str, Any]:
    """JSON-able; floats survive exactly because json writes repr()."""
    return {
        "version": STATE_VERSION,
        "pattern_debts": dict(state.pattern_debts),
        "conditioning_levels": dict(state.conditioning_levels),
        "conditioning_failures": dict(state.conditioning_failures),
        "performance_streak": state.performance_streak,
        "last_session_at": _time(state.last_session_at),
        "rotation": dict(state.rotation),
        "rotation_sessions": dict(state.rotation_sessions),
        "trained_at": {k: t.isoformat() for k, t in state.trained_at.items()},
        "lifts": {k: _lift_to_dict(lift) for k, lift in state.lifts.items()},
        # JSON object keys are strings; weights stay floats as [weight, reps] pairs.
        "records": {
            k: {"best_e1rm": r.best_e1rm, "best_reps": [[w, n] for w, n in r.best_reps.items()]}
            for k, r in state.records.items()
        },
        "as_of": _time(state.as_of),
        "conditioning_rotation": dict(state.conditioning_rotation),
    }


def state_from_dict(data: dict[str, Any]) -> State:
    """The state `state_to_dict` wrote; `StateOutdated` for one an older FLUX wrote (rebuild it)."""
    version = data.get("version", 1)
    if version != STATE_VERSION:
        raise StateOutdated(f"the stored state is version {version}; this FLUX folds version {STATE_VERSION}")
    return State(
        pattern_debts={k: float(v) for k, v in data["pattern_debts"].items()},
        conditioning_levels=dict(data["conditioning_levels"]),
        conditioning_failures=dict(data["conditioning_failures"]),
        performance_streak=data["performance_streak"],
        last_session_at=_parse_time(data["last_session_at"]),
        rotation=dict(data["rotation"]),
        lifts={k: _lift_from_dict(v) for k, v in data["lifts"].items()},
        records={
            k: ExerciseRecord(
                None if r["best_e1rm"] is None else float(r["best_e1rm"]),
                {float(w): n for w, n in r["best_reps"]},
            )
            for k, r in data["records"].items()
        },
        as_of=_parse_time(data["as_of"]),
        conditioning_rotation=dict(data["conditioning_rotation"]),
        rotation_sessions=dict(data["rotation_sessions"]),
        trained_at={k: datetime.fromisoformat(t) for k, t in data["trained_at"].items()},
    )

"""Progression schemes: what to prescribe for an exercise in a slot, and what a session teaches.

`prescribe` serves both the plan and the fold: the fold judges each session
against the prescription the plan would have shown for it, so a session done
exactly as prescribed is a success by construction (the forecast relies on it).

Schemes (docs/brain.md has each key):
- `linear`: every set at one load for the top of the rep range; the increment after each success.
- `double`: repeat a load until every set reaches the top of the range, then add the increment and
  start again at the bottom.
- `rpe`: a top set for the top of the range at the slot's RPE, its load from the e1RM through the
  RPE table, then back-off sets a Brain fraction lighter.
- `percent`: a wave of weeks at percentages of a training max, AMRAP sets where the week says;
  the training max rises each cycle.
A failed session (the prescription not met at its load) counts towards a stall; after
`deload_after` of them in a row the load drops by `deload`.
"""

# No `from __future__ import annotations`: the records below are NamedTuples (see state.py).

from datetime import datetime
from typing import Mapping, NamedTuple, Sequence

from flux_tui.brain.models import Brain, Catalog, Exercise, Slot
from flux_tui.engine.history import LoggedSet
from flux_tui.engine.loads import load_for, percent_of_max, round_to
from flux_tui.engine.state import Lift, Prescription

_EPSILON = 1e-6  # kg: a load at least the prescribed one minus this counts as the prescribed load
# The fold builds an Outcome, a Lift, a Prescription and a Prescribed for every exercise of every
# session (~20k each in a 100k-set rebuild); a NamedTuple's own __new__ is a Python call, this is not
# (−6.5% of the fold's instructions). Every field is given, defaults included.
_make = tuple.__new__
_NONE_YET = float("inf")


class Goal(NamedTuple):
    """What one slot asks of an exercise."""

    kind: str  # "reps" | "seconds" | "distance": which LoggedSet field is compared
    low: float  # bottom of the rep range (the target itself for seconds/distance)
    top: float  # what every working set must reach to progress
    rpe: float  # ...at or under this RPE (a set without RPE counts as at it)
    sets: int
    scheme: str  # the slot's scheme; an exercise's own (logic.progression.exercises) wins
    key: str  # loads are kept per goal: "4-6" (reps), "45s", "40m"


class Work(NamedTuple):
    """One prescribed working set."""

    load: float | None  # kg; None: bodyweight, or not known yet
    reps: int | None  # None for timed/distance work, or reps not known yet
    amrap: bool = False  # as many reps as possible; `reps` is the minimum


class Prescribed(NamedTuple):
    """What a slot prescribes for one exercise."""

    scheme: str
    work: tuple[Work, ...]
    note: str  # where the load came from, why there is none, or the deload; "" for the usual case
    training_max: float | None = None  # percent scheme


def slot_goal(brain: Brain, slot: Slot) -> Goal:
    rpe = brain.logic.progression.target_rpe if slot.rpe is None else slot.rpe
    scheme = brain.logic.progression.scheme if slot.scheme is None else slot.scheme
    if slot.reps is not None:
        low, top = slot.reps
        return Goal("reps", low, top, rpe, slot.sets, scheme, f"{low}-{top}")
    if slot.seconds is not None:
        return Goal("seconds", slot.seconds, slot.seconds, rpe, slot.sets, scheme, f"{slot.seconds}s")
    return Goal("distance", slot.distance, slot.distance, rpe, slot.sets, scheme, f"{slot.distance:g}m")


def session_goals(brain: Brain, archetype: str, anchor_pattern: str | None, pattern: str) -> tuple[Goal, ...]:
    """The goals of a session's slots for `pattern`, in template order: the n-th exercise of the
    pattern done in the session (by its first set) takes the n-th; one beyond them has none.

    A session with an anchor gives the anchor slot to that pattern only. Without one (imported
    history; or one its template cannot anchor on), a pattern's own slots come first, then the
    anchor slot when it could have anchored.
    """
    template = brain.template(archetype)
    if anchor_pattern is not None and anchor_pattern in template.anchor_patterns:
        slots = [s for s in template.slots if s.pattern == pattern or (s.pattern == "anchor" and pattern == anchor_pattern)]
    else:
        slots = [s for s in template.slots if s.pattern == pattern]
        if pattern in template.anchor_patterns:
            slots += [s for s in template.slots if s.pattern == "anchor"]
    return tuple(slot_goal(brain, s) for s in slots)


def scheme_for(brain: Brain, exercise: Exercise, goal: Goal) -> str:
    """The scheme that applies: the exercise's own, else the slot's. `rpe` and `percent` need
    loaded reps (validation sees to it); anything else falls back to `double`."""
    scheme = brain.logic.progression.exercises.get(exercise.id, goal.scheme)
    if scheme in ("rpe", "percent") and (goal.kind != "reps" or not exercise.tracking.startswith("weight_")):
        return "double"
    return scheme


def load_step(brain: Brain, exercise: Exercise) -> float:
    """What a computed load is rounded to: the load type's step, else the exercise's increment."""
    step = brain.logic.progression.steps.get(exercise.load_type)
    if step is None:
        step = exercise.increment if exercise.increment > 0 else 0.5
    return step


def _kg(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _latest(catalog: Catalog, lifts: Mapping[str, Lift], exercise: Exercise, pattern: str, by_load: bool
            ) -> tuple[float, Exercise] | None:
    """The most recently done exercise of `pattern` but `exercise` that has a catalog ratio and an
    e1RM (or, `by_load`, a latest load): that value, and the exercise."""
    best: tuple[datetime, str, float, Exercise] | None = None
    for other_id, lift in lifts.items():
        value = lift.load if by_load else lift.e1rm
        if other_id == exercise.id or not value:
            continue
        other = catalog.get(other_id)
        if other is None or other.pattern != pattern or other.ratio is None:
            continue
        # The latest done wins; a tie goes to the id first in alphabetical order (any fixed rule would do).
        if best is None or lift.done_at > best[0] or (lift.done_at == best[0] and other_id < best[1]):
            best = (lift.done_at, other_id, value, other)
    return None if best is None else (best[2], best[3])


def _trained(catalog: Catalog, lifts: Mapping[str, Lift], pattern: str) -> bool:
    """Whether some exercise of `pattern` was done with a load (ratio or not)."""
    for exercise_id, lift in lifts.items():
        exercise = catalog.get(exercise_id)
        if exercise is not None and exercise.pattern == pattern and (lift.load or lift.e1rm):
            return True
    return False


def _related(brain: Brain, catalog: Catalog, lifts: Mapping[str, Lift], exercise: Exercise, by_load: bool
             ) -> tuple[float, str] | None:
    """An estimate for `exercise` from a related exercise: the most recently done exercise of its
    pattern, its e1RM (or, `by_load`, its latest load) x this exercise's ratio / its ratio.

    A pattern never done with a load has nothing of its own to go on: the Brain's `transfer` for it
    lists source patterns, and the first with a history gives a conservative estimate: its latest
    exercise's e1RM x the transfer ratio x the ratios (for a carry or a hold, the load itself)."""
    if exercise.ratio is None:
        return None
    found = _latest(catalog, lifts, exercise, exercise.pattern, by_load)
    if found is not None:
        value, other = found
        what = "load" if by_load else "e1RM"
        return value * exercise.ratio / other.ratio, f"from {other.name}: {what} {_kg(value)} kg × {exercise.ratio:g}/{other.ratio:g}"
    sources = brain.logic.progression.transfer.get(exercise.pattern, ())
    if not sources or _trained(catalog, lifts, exercise.pattern):
        return None
    for transfer in sources:
        found = _latest(catalog, lifts, exercise, transfer.source, by_load=False)
        if found is not None:
            value, other = found
            return (value * transfer.ratio * exercise.ratio / other.ratio,
                    f"estimate transferred from {other.name}: e1RM {_kg(value)} kg × {transfer.ratio:g}"
                    f" × {exercise.ratio:g}/{other.ratio:g}")
    return None


def _estimate(brain: Brain, catalog: Catalog, lifts: Mapping[str, Lift], exercise: Exercise, lift: Lift | None
              ) -> tuple[float | None, str]:
    """The exercise's e1RM: its own, else one transferred from a related exercise."""
    if lift is not None and lift.e1rm:
        return lift.e1rm, ""
    related = _related(brain, catalog, lifts, exercise, by_load=False)
    return (None, "") if related is None else related


NO_HISTORY = "no history: enter a working weight"


def prescribe(brain: Brain, catalog: Catalog, lifts: Mapping[str, Lift], exercise: Exercise, goal: Goal
              ) -> Prescribed:
    """What `goal` prescribes for `exercise` given what the state knows (`lifts`)."""
    scheme = scheme_for(brain, exercise, goal)
    lift = lifts.get(exercise.id)
    weighted = exercise.tracking.startswith("weight_")
    own = None if lift is None else lift.loads.get(goal.key)
    if own is not None and scheme in ("linear", "double") and (own.load is not None or not weighted):
        # This goal's own load, the usual case (the fold prescribes for every exercise of every session).
        load, reps = own
        if reps is not None:
            reps = max(int(goal.low), min(int(goal.top), reps))
        return _make(Prescribed, (scheme, (_make(Work, (load, reps, False)),) * goal.sets, "", None))
    step = load_step(brain, exercise)
    training_max = None
    if goal.kind != "reps":
        load, note = None, ""
        if weighted:
            if lift is not None and lift.load is not None:
                load = lift.load
            else:
                related = _related(brain, catalog, lifts, exercise, by_load=True)
                if related is not None:
                    load, note = round_to(related[0], step), related[1]
                else:
                    note = NO_HISTORY
        work = (Work(load, None),) * goal.sets
    elif scheme == "percent":
        progression = brain.logic.progression
        week_index = 0 if lift is None else lift.week % len(progression.weeks)
        week = progression.weeks[week_index]  # its sets
        training_max = None if lift is None else lift.training_max
        note = ""
        if training_max is None:
            estimate, note = _estimate(brain, catalog, lifts, exercise, lift)
            training_max = None if estimate is None else estimate * progression.training_max
        if training_max is None:
            work = tuple(Work(None, s.reps, s.amrap) for s in week)
            note = NO_HISTORY
        else:
            work = tuple(Work(round_to(training_max * s.percent, step), s.reps, s.amrap) for s in week)
            where = f"week {week_index + 1} of {len(progression.weeks)}, training max {_kg(training_max)} kg"
            note = f"{where}; {note}" if note else where
    elif scheme == "rpe":
        estimate, note = _estimate(brain, catalog, lifts, exercise, lift)
        reps = int(goal.top)
        if estimate is None:
            work = (Work(None, reps),) * goal.sets
            note = NO_HISTORY
        else:
            top = round_to(load_for(estimate, reps, goal.rpe), step)
            backoff = round_to(top * (1 - brain.logic.progression.backoff), step)
            work = (Work(top, reps),) + (Work(backoff, reps),) * (goal.sets - 1)
    else:
        note = ""
        if not weighted:
            load, reps = None, None
        else:
            reps = int(goal.top if scheme == "linear" else goal.low)
            estimate, note = _estimate(brain, catalog, lifts, exercise, lift)
            if estimate is not None and not note:
                note = f"from your e1RM {_kg(estimate)} kg"
            load = None if estimate is None else round_to(load_for(estimate, reps, goal.rpe), step)
            if load is None:
                reps, note = None, NO_HISTORY
        work = (Work(load, reps),) * goal.sets
    return Prescribed(scheme, work, note, training_max)


# --- after a session ------------------------------------------------------------------------------


class Outcome(NamedTuple):
    """What one session's working sets of an exercise add up to (one pass over them)."""

    heaviest: float | None  # kg
    top_reps: int  # the most reps at the heaviest load (the top set)
    top_rpe: float | None  # ...that set's RPE
    estimate: float | None  # the top set's e1RM (RPE table)
    lowest: float  # the smallest of the goal's measure (reps, seconds, metres); a set without it: 0
    weakest: float | None  # the smallest measure among the sets that have one
    over_rpe: bool  # some set was logged above the goal's RPE


def outcome(sets: Sequence[LoggedSet], kind: str, rpe: float) -> Outcome:
    """The sets measured against a goal of `kind` at `rpe` (a set without RPE counts as done at it)."""
    heaviest = top_rpe = weakest = None
    top_reps = 0
    lowest = _NONE_YET
    over = False
    for s in sets:
        weight, reps, logged_rpe = s.weight, s.reps, s.rpe
        if logged_rpe is not None and logged_rpe > rpe:
            over = True
        if weight is not None and (heaviest is None or weight > heaviest
                                   or (weight == heaviest and (reps or 0) > top_reps)):
            heaviest, top_reps, top_rpe = float(weight), reps or 0, logged_rpe
        value = reps if kind == "reps" else getattr(s, kind)
        if value is None:
            lowest = 0.0
        else:
            if value < lowest:
                lowest = value
            if weakest is None or value < weakest:
                weakest = value
    estimate = None
    if heaviest and heaviest > 0.0 and top_reps >= 1:
        estimate = heaviest / percent_of_max(top_reps, rpe if top_rpe is None else top_rpe)
    return _make(Outcome, (heaviest, top_reps, top_rpe, estimate, 0.0 if lowest == _NONE_YET else lowest, weakest, over))


def judge(prescribed: Prescribed | None, done: Outcome, goal: Goal) -> bool | None:
    """Whether the session met the prescription: True, False, or None when it was not an attempt
    at it (no load prescribed, or the work done lighter than prescribed)."""
    if prescribed is None or not prescribed.work or prescribed.work[0].load is None:
        return None
    loaded = prescribed.scheme in ("rpe", "percent")
    # A wave's heaviest set is its last; a top set comes first; the other schemes' sets are all alike.
    top = max(prescribed.work, key=lambda w: w.load) if loaded else prescribed.work[0]
    if done.heaviest is None or done.heaviest < top.load - _EPSILON:
        return None
    if goal.kind != "reps":
        return done.lowest >= goal.top
    if loaded:
        # The top set is the one that tells (for a wave, its last, AMRAP, set).
        return done.top_reps >= (top.reps or 0) and (done.top_rpe is None or done.top_rpe <= goal.rpe)
    return done.lowest >= (top.reps or goal.low) and not done.over_rpe


def next_lift(brain: Brain, exercise: Exercise, lift: Lift | None, prescribed: Prescribed | None,
              goal: Goal | None, sets: Sequence[LoggedSet], at: datetime) -> Lift:
    """The exercise's Lift after this session's working sets of it (`goal`: the slot they were
    done in, None when the session had no slot for them)."""
    progression = brain.logic.progression
    if goal is None:
        done = outcome(sets, "reps", progression.target_rpe)
        estimate = done.estimate
        if lift is None:
            return Lift({}, estimate, done.heaviest, at)
        return Lift(lift.loads, estimate if estimate is not None else lift.e1rm,
                    done.heaviest if done.heaviest is not None else lift.load, at, lift.failures, False,
                    lift.training_max, lift.week)
    done = outcome(sets, goal.kind, goal.rpe)
    estimate = done.estimate
    if lift is None:
        loads, e1rm, load, failures, training_max, week = {}, None, None, 0, None, 0
    else:
        loads, e1rm, load, failures, training_max, week = (lift.loads, lift.e1rm, lift.load, lift.failures,
                                                           lift.training_max, lift.week)
    if estimate is not None:
        e1rm = estimate
    if done.heaviest is not None:
        load = done.heaviest
    verdict = judge(prescribed, done, goal)
    if verdict is not None:
        failures = 0 if verdict else failures + 1
    deloaded = verdict is False and failures >= progression.deload_after
    if deloaded:
        failures = 0
    cut = 1.0 - progression.deload
    increment = progression.increments.get(exercise.pattern, exercise.increment)
    scheme = prescribed.scheme if prescribed is not None else scheme_for(brain, exercise, goal)
    if scheme == "percent":
        if training_max is None and prescribed is not None:
            training_max = prescribed.training_max
        if training_max is None and estimate is not None:
            training_max = estimate * progression.training_max
        week += 1
        if deloaded and training_max is not None:
            training_max *= cut
        elif week >= len(progression.weeks) and training_max is not None and failures == 0:
            # A cycle ends: the training max rises, unless a failure is still counting towards a stall.
            training_max += increment
        week %= len(progression.weeks)
    elif scheme == "rpe":
        if verdict and e1rm is not None:
            e1rm *= 1.0 + progression.rpe_progress
        if deloaded and e1rm is not None:
            e1rm *= cut
    else:
        deload_to = None
        if deloaded and done.heaviest is not None:
            # Rounded to the step, but never up past the load it drops from (a light, off-step load).
            deload_to = min(round_to(done.heaviest * cut, load_step(brain, exercise)), done.heaviest)
        loads = {**loads, goal.key: _next_load(goal, done, increment, scheme, deload_to)}
    return _make(Lift, (loads, e1rm, load, at, failures, deloaded, training_max, week))


def _next_load(goal: Goal, done: Outcome, increment: float, scheme: str, deload_to: float | None) -> Prescription:
    """(load, reps) for next time in this goal (linear, double; timed and distance work).

    The load is the heaviest working set. Progress when every set reached `goal.top` at or under
    `goal.rpe`: add `increment` and, for double, go back to the bottom of the rep range.
    Otherwise repeat the load; double aims one rep above the weakest set (within the range).
    A deload replaces the load and restarts the range.
    """
    load = done.heaviest
    reached = done.lowest >= goal.top and not done.over_rpe
    if goal.kind != "reps":
        if deload_to is not None:
            return _make(Prescription, (deload_to, None))
        return _make(Prescription, (load + increment if reached and load is not None else load, None))
    low, top = goal.low, goal.top  # whole numbers for reps
    bottom = top if scheme == "linear" else low
    if deload_to is not None:
        return _make(Prescription, (deload_to, bottom))
    if reached:
        # Without a load there is nothing to add: hold the top of the range.
        return _make(Prescription, (None, top)) if load is None else _make(Prescription, (load + increment, bottom))
    if scheme == "linear":
        return _make(Prescription, (load, top))
    weakest = low - 1 if done.weakest is None else done.weakest
    return _make(Prescription, (load, max(low, min(top, weakest + 1))))

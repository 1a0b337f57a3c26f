"""The recommendation: which archetype, which anchor, and the session's prescription.

The plan's records are NamedTuples (immutable, compared field by field), as the
state's are (see state.py): `flux-tui plan` creates these classes on every run.
"""

# No `from __future__ import annotations` here: the records below are NamedTuples, and typing.NamedTuple
# compiles every string annotation (ForwardRef). Evaluated annotations cost nothing to check.

from datetime import datetime
from typing import Any, NamedTuple

from flux_tui.brain.models import Brain, Catalog, Exercise
from flux_tui.engine.conditioning import clamp_level
from flux_tui.engine.debts import debts_at
from flux_tui.engine.progression import Goal, Prescribed, Work, prescribe, slot_goal
from flux_tui.engine.state import State


class PlannedSlot(NamedTuple):
    """One exercise of the recommended session, with its prescription."""

    pattern: str
    exercise: str  # catalog id
    exercise_name: str
    sets: int
    reps: tuple[int, int] | None
    seconds: int | None
    distance: float | None  # metres
    load: float | None  # kg, of the first set; None for bodyweight movements or when nothing is known
    target_reps: int | None  # reps of the first set; None until known
    rpe: float
    rest_seconds: int
    is_anchor: bool
    scheme: str  # linear | double | rpe | percent
    work: tuple[Work, ...]  # every working set: load, reps, AMRAP (rpe: top set then back-offs; percent: the wave)
    note: str  # where the load came from, why there is none, a deload; "" when it is the usual one
    group: str = ""  # the Brain slot's superset/circuit letter; "" when ungrouped

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "pattern": self.pattern,
            "exercise": self.exercise,
            "exercise_name": self.exercise_name,
            "sets": self.sets,
            "load": self.load,
            "rpe": self.rpe,
            "rest_seconds": self.rest_seconds,
            "anchor": self.is_anchor,
            "scheme": self.scheme,
        }
        if self.reps is not None:
            out["reps"] = list(self.reps)
            out["target_reps"] = self.target_reps
            out["work"] = [{"load": w.load, "reps": w.reps, "amrap": w.amrap} for w in self.work]
        if self.seconds is not None:
            out["seconds"] = self.seconds
        if self.distance is not None:
            out["distance"] = self.distance
        if self.note:
            out["note"] = self.note
        if self.group:
            out["group"] = self.group
        return out


class PlannedConditioning(NamedTuple):
    """The conditioning block of the recommended session: a protocol at a level."""

    protocol: str
    level: int  # from 1
    levels: int  # how many there are
    exercise: str
    exercise_name: str
    work_seconds: int
    rest_seconds: int
    rounds: int
    target: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "protocol": self.protocol,
            "level": self.level,
            "levels": self.levels,
            "exercise": self.exercise,
            "exercise_name": self.exercise_name,
            "prescription": {
                "work_seconds": self.work_seconds,
                "rest_seconds": self.rest_seconds,
                "rounds": self.rounds,
                "target": dict(self.target),
            },
        }


class Plan(NamedTuple):
    """The recommended session: archetype, anchor, why, the debts it was chosen from, its slots."""

    archetype: str  # "performance" | "recovery"
    anchor_pattern: str
    reason: str  # one line, for people
    debts: dict[str, float]  # projected to the time of the recommendation
    slots: tuple[PlannedSlot, ...]
    conditioning: PlannedConditioning | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "archetype": self.archetype,
            "anchor_pattern": self.anchor_pattern,
            "reason": self.reason,
            "debts": dict(self.debts),
            "slots": [s.to_dict() for s in self.slots],
            "conditioning": None if self.conditioning is None else self.conditioning.to_dict(),
        }


def plan_from_dict(data: Any) -> Plan:
    """A plan as `Plan.to_dict` wrote it (stored with a session), back as records. Keys an older
    FLUX did not write take their neutral values, so every stored plan reads."""
    slots = tuple(slot_from_dict(s) for s in data.get("slots") or ())
    block = data.get("conditioning")
    conditioning = None
    if block:
        p = block.get("prescription") or {}
        conditioning = PlannedConditioning(
            protocol=block.get("protocol", ""), level=int(block.get("level", 1)), levels=int(block.get("levels", 0)),
            exercise=block["exercise"], exercise_name=block.get("exercise_name") or block["exercise"],
            work_seconds=int(p.get("work_seconds", 0)), rest_seconds=int(p.get("rest_seconds", 0)),
            rounds=int(p.get("rounds", 1)), target={k: float(v) for k, v in (p.get("target") or {}).items()})
    return Plan(archetype=data.get("archetype", "performance"), anchor_pattern=data.get("anchor_pattern") or "",
                reason=data.get("reason", ""), debts=dict(data.get("debts") or {}), slots=slots,
                conditioning=conditioning)


def slot_from_dict(s: Any) -> PlannedSlot:
    reps = s.get("reps")
    return PlannedSlot(
        pattern=s.get("pattern") or "", exercise=s["exercise"], exercise_name=s.get("exercise_name") or s["exercise"],
        sets=int(s.get("sets", 1)), reps=(int(reps[0]), int(reps[1])) if reps else None,
        seconds=s.get("seconds"), distance=s.get("distance"), load=s.get("load"), target_reps=s.get("target_reps"),
        rpe=float(s.get("rpe") or 0), rest_seconds=int(s.get("rest_seconds") or 0), is_anchor=bool(s.get("anchor")),
        scheme=s.get("scheme", ""),
        # to_dict writes `work` for rep slots only; a timed or distance slot's sets are its load each
        work=tuple(Work(w.get("load"), w.get("reps"), bool(w.get("amrap"))) for w in s["work"]) if "work" in s
        else tuple(Work(s.get("load"), None) for _ in range(int(s.get("sets", 1)))) if not reps else (),
        note=s.get("note", ""), group=s.get("group") or "")


def rest_default(brain: Brain, archetype: str, load_type: str) -> int:
    """Rest between sets where no slot says: the Brain's for the exercise's load type, else the archetype's."""
    rest = brain.logic.rest_seconds
    found = rest.by_load_type.get(load_type)
    return found if found is not None else getattr(rest, archetype, rest.performance)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def choose_archetype(brain: Brain, state: State, now: datetime, readiness: int | None = None) -> tuple[str, str | None]:
    """('recovery', why) when a Recovery rule fires, else ('performance', None).

    Rules are checked in this order and the first that fires gives the reason:
    readiness check-in, Performance streak (unless a rest of `streak_gap_hours` has ended it),
    hours since the last session.
    """
    rules = brain.logic.archetype
    if readiness is not None and readiness < rules.readiness_threshold:
        return "recovery", f"Recovery: readiness {readiness} is below {rules.readiness_threshold}"
    hours = None if state.last_session_at is None else (now - state.last_session_at).total_seconds() / 3600
    # A rest of streak_gap_hours ends the streak (the fold resets it at the next session).
    if state.performance_streak >= rules.performance_streak_limit and (hours is None or hours < rules.streak_gap_hours):
        streak = _plural(state.performance_streak, "Performance session")
        return "recovery", f"Recovery: {streak} in a row"
    if hours is not None:
        if hours < rules.min_hours_between:
            return "recovery", (
                f"Recovery: only {max(hours, 0.0):.0f} h since the last session"
                f" (Performance needs {rules.min_hours_between:g} h)"
            )
    return "performance", None


_TIE = 1e-9  # shares of cap closer than this are equal (the default Brain's untrained patterns tie exactly)


def choose_anchor(brain: Brain, state: State, patterns: tuple[str, ...], debts: dict[str, float]) -> str:
    """The pattern owing the largest share of its cap; a tie goes to the one trained longest ago
    (never trained counts as longest), then to the one listed first in `patterns`.

    Shares, not raw debts: with raw debts a pattern with a lower cap never beats the others once
    every debt sits at its cap. The recency tie-break keeps patterns at their caps taking turns.
    """
    targets = brain.logic.patterns
    best, best_share, best_trained = None, -1.0, None
    for pattern in patterns:
        target = targets.get(pattern)
        share = 0.0 if target is None else debts.get(pattern, 0.0) / target.cap
        trained = state.trained_at.get(pattern)
        if best is None or share > best_share + _TIE or (
                share > best_share - _TIE and trained != best_trained
                and (trained is None or (best_trained is not None and trained < best_trained))):
            best, best_share, best_trained = pattern, share, trained
    return best


OWN_VARIANT = "your own {pattern} exercise: none of the Brain's selection has a load yet"


def _choose(brain: Brain, catalog: Catalog, state: State, pattern: str, selection: tuple[str, ...], start: int,
            goal: Goal, planned: set[str]) -> tuple[Exercise, Prescribed]:
    """The slot's exercise and its prescription: the rotation's exercise (`selection[start]`), unless
    it would carry no load where a load is needed.

    Then the next listed exercise (in rotation order) that the user has done and that gets a load
    (or, done without a load, needs none) takes the slot; when none of them does, the exercise of the pattern the user
    did most recently, on or off the list, with a load known for this goal (an imported history's
    own variant). Only when the pattern has no load anywhere does the slot stay the rotation's,
    with its note saying so. A plan never names an exercise twice. The fold follows whatever was
    done (docs/brain.md, "Rotation"), so the forecast and logged sessions agree.
    """
    order = [selection[(start + k) % len(selection)] for k in range(len(selection))]
    fresh = [e for e in order if e not in planned] or order
    first = catalog[fresh[0]]
    chosen = prescribe(brain, catalog, state.lifts, first, goal)
    if not _needs_load(first, chosen):
        return first, chosen
    for exercise_id in fresh[1:]:
        exercise = catalog[exercise_id]
        prescribed = prescribe(brain, catalog, state.lifts, exercise, goal)
        if exercise_id in state.lifts and not _needs_load(exercise, prescribed):
            return exercise, prescribed
    own = _own_variant(catalog, state, pattern, planned | set(selection))
    if own is not None:
        prescribed = prescribe(brain, catalog, state.lifts, own, goal)
        if not _needs_load(own, prescribed):
            note = OWN_VARIANT.format(pattern=pattern.replace("_", " "))
            return own, prescribed._replace(note=f"{note}; {prescribed.note}" if prescribed.note else note)
    return first, chosen


def _needs_load(exercise: Exercise, prescribed: Prescribed) -> bool:
    """A weighted exercise prescribed without a load (nothing known to give it one)."""
    return exercise.tracking.startswith("weight_") and prescribed.work[0].load is None


def _own_variant(catalog: Catalog, state: State, pattern: str, excluded: set[str]) -> Exercise | None:
    """The weighted exercise of `pattern` done most recently with a load, outside `excluded`
    (ties: the id first in alphabetical order)."""
    best = None
    for exercise_id, lift in state.lifts.items():
        exercise = catalog.get(exercise_id)
        if (exercise is None or exercise.pattern != pattern or exercise_id in excluded or lift.load is None
                or not exercise.tracking.startswith("weight_")):
            continue
        if best is None or lift.done_at > best[0] or (lift.done_at == best[0] and exercise_id < best[1].id):
            best = (lift.done_at, exercise)
    return None if best is None else best[1]


def recommend(
    brain: Brain, catalog: Catalog, state: State, now: datetime, readiness: int | None = None
) -> Plan:
    """The next session, as of `now`. `readiness` is the optional 1-5 check-in."""
    if readiness is not None and not 1 <= readiness <= 5:
        raise ValueError(f"readiness must be 1-5, not {readiness}")
    debts = debts_at(brain, state, now)
    archetype, reason = choose_archetype(brain, state, now, readiness)
    template = brain.template(archetype)
    anchor = choose_anchor(brain, state, template.anchor_patterns, debts)
    if reason is None:
        cap = brain.logic.patterns[anchor].cap
        reason = f"Performance: {anchor} owes the most ({debts.get(anchor, 0.0):.1f} of {cap:g} hard sets)"

    progression = brain.logic.progression
    stalled = _plural(progression.deload_after, "failed session")
    deload_note = f"deload: −{progression.deload:.0%} after {stalled}"
    seen: dict[str, int] = {}  # a pattern planned twice takes the next selection the second time
    planned: set[str] = set()  # the exercises of this plan, each planned once
    slots = []
    deloads = []
    for slot in template.slots:
        pattern = anchor if slot.pattern == "anchor" else slot.pattern
        selection = brain.selections[pattern]
        occurrence = seen.get(pattern, 0)
        seen[pattern] = occurrence + 1
        current = 0 if pattern in brain.logic.fixed else state.rotation.get(pattern, 0)
        goal = slot_goal(brain, slot)
        exercise, prescribed = _choose(brain, catalog, state, pattern, selection, current + occurrence, goal, planned)
        exercise_id = exercise.id
        planned.add(exercise_id)
        first = prescribed.work[0]
        note = prescribed.note
        lift = state.lifts.get(exercise_id)
        if lift is not None and lift.deloaded:
            deloads.append(exercise.name)
            note = f"{deload_note}; {note}" if note else deload_note
        slots.append(
            PlannedSlot(
                pattern=pattern,
                exercise=exercise_id,
                exercise_name=exercise.name,
                sets=len(prescribed.work),
                reps=slot.reps,
                seconds=slot.seconds,
                distance=slot.distance,
                load=first.load,
                target_reps=first.reps,
                rpe=goal.rpe,
                rest_seconds=rest_default(brain, archetype, exercise.load_type) if slot.rest_seconds is None
                else slot.rest_seconds,
                is_anchor=slot.pattern == "anchor",
                scheme=prescribed.scheme,
                work=prescribed.work,
                note=note,
                group=slot.group or "",
            )
        )
    if deloads:
        reason += f"; deload: {', '.join(dict.fromkeys(deloads))} −{progression.deload:.0%} after {stalled}"

    conditioning = None
    if template.conditioning:
        names = template.conditioning
        name = names[state.conditioning_rotation.get(archetype, 0) % len(names)]
        protocol = brain.conditioning[name]
        level = clamp_level(protocol, state.conditioning_levels.get(name, protocol.start_level))
        spec = protocol.levels[level - 1]
        conditioning = PlannedConditioning(
            protocol=name,
            level=level,
            levels=len(protocol.levels),
            exercise=protocol.exercise,
            exercise_name=catalog[protocol.exercise].name,
            work_seconds=spec.work_seconds,
            rest_seconds=spec.rest_seconds,
            rounds=spec.rounds,
            target=dict(spec.target),
        )
    return Plan(archetype, anchor, reason, debts, tuple(slots), conditioning)

"""The Brain and the exercise catalog as frozen stdlib dataclasses.

Why dataclasses and not pydantic models: start-up reads the stored (already
validated) Brain as JSON, and importing pydantic would cost about a third of a
bare Textual start. pydantic checks these same classes when a Brain is seeded
or validated (`flux_tui.brain.validate`); `__pydantic_config__` makes that
check reject unknown keys and non-finite numbers.

Every number has a documented range, written beside its field as
`field(metadata=within(low, high))`; a container's length limits as
`count(low, high)`. `validate.py` enforces both. Annotations are evaluated
(no `from __future__ import annotations`), so `dataclasses.fields()` gives real
types and `brain_from_dict` can walk them.
"""

import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any, Callable, Literal, Mapping

# The compound patterns come first; then the accessory (single-joint) patterns, which the default
# Brain schedules as accessory slots and never as an anchor (docs/brain.md, "The pattern model").
Pattern = Literal[
    "squat",
    "hinge",
    "horizontal_push",
    "horizontal_pull",
    "vertical_push",
    "vertical_pull",
    "single_leg",
    "carry",
    "core",
    "elbow_flexion",
    "elbow_extension",
    "knee_flexion",
    "knee_extension",
    "calf",
    "shoulder_isolation",
    "shrug",
    "hip_abduction_adduction",
    "trunk_flexion_rotation",
    "grip",
    "neck",
]
PATTERNS: tuple[str, ...] = typing.get_args(Pattern)
COMPOUND_PATTERNS: tuple[str, ...] = PATTERNS[: PATTERNS.index("core") + 1]
ACCESSORY_PATTERNS: tuple[str, ...] = PATTERNS[len(COMPOUND_PATTERNS):]
# What one of the user's own exercises may be given (`flux-tui exercises assign`, the mapping screen).
ASSIGNABLE_PATTERNS: tuple[str, ...] = (*PATTERNS, "conditioning", "unassigned")
Muscle = Literal[
    "chest",
    "front_delts",
    "side_delts",
    "rear_delts",
    "lats",
    "upper_back",
    "traps",
    "biceps",
    "triceps",
    "forearms",
    "abs",
    "obliques",
    "lower_back",
    "glutes",
    "quads",
    "hamstrings",
    "adductors",
    "abductors",
    "calves",
    "neck",
    "hip_flexors",
]
ExercisePattern = Literal[Pattern, "conditioning"]
SlotPattern = Literal[Pattern, "anchor"]
Archetype = Literal["performance", "recovery"]
ARCHETYPES: tuple[str, ...] = typing.get_args(Archetype)
Tracking = Literal[
    "weight_reps", "reps", "seconds", "weight_seconds", "distance_seconds", "weight_distance", "intervals"
]
LoadType = Literal[
    "barbell", "dumbbell", "kettlebell", "machine", "cable", "bodyweight", "band", "sled", "ergometer", "none"
]
Modality = Literal["bike", "row", "run", "ski", "other"]
# Conditioning metrics are read from a logged set's metadata, per round.
Metric = Literal["avg_watts", "distance", "calories", "seconds"]
Comparison = Literal["at_least", "at_most"]
Scheme = Literal["linear", "double", "rpe", "percent"]
# Slots of one session with the same letter form a superset (two) or a circuit (three or more).
Group = Literal["A", "B", "C", "D", "E", "F", "G", "H"]

_CONFIG = {"extra": "forbid", "allow_inf_nan": False}


def within(low: float, high: float) -> dict[str, tuple[float, float]]:
    """Field metadata: every number in the field (or in its list or mapping) lies in [low, high]."""
    return {"range": (low, high)}


def count(low: int, high: int) -> dict[str, tuple[int, int]]:
    """Field metadata: the list or mapping holds between `low` and `high` items."""
    return {"count": (low, high)}


SECONDS_LIMIT = 3600  # an hour: longer than any rest, hold or interval a Brain prescribes
REPS_LIMIT = 100


# --- catalog -------------------------------------------------------------------


@dataclass(frozen=True)
class Exercise:
    """One exercise of the catalog: what it trains, how a set of it is recorded, how its load grows."""

    __pydantic_config__ = _CONFIG

    id: str
    name: str
    pattern: ExercisePattern
    tracking: Tracking
    load_type: LoadType
    increment: float = field(metadata=within(0, 100))  # kg added by progression
    modality: Modality | None = None
    aliases: tuple[str, ...] = ()
    is_custom: bool = False
    # A hard set counts 1 for each primary muscle and `logic.volume.secondary` for each secondary one.
    primary_muscles: tuple[Muscle, ...] = field(default=(), metadata=count(0, 6))
    secondary_muscles: tuple[Muscle, ...] = field(default=(), metadata=count(0, 8))
    # this exercise's typical e1RM as a fraction of its pattern's reference lift (the pattern's main barbell lift has 1.0)
    ratio: float | None = field(default=None, metadata=within(0.05, 5.0))


# A catalog is a plain dict id -> Exercise: lookups sit on the fold's hot path.
Catalog = dict[str, Exercise]


# --- the Brain -----------------------------------------------------------------


@dataclass(frozen=True)
class PatternTarget:
    """How many hard sets a week a movement pattern needs, and how far its debt may grow."""

    __pydantic_config__ = _CONFIG

    # hard sets per 7 days; debt accrues at weekly_sets / 7 per day
    weekly_sets: float = field(metadata=within(0.1, 100))
    cap: float = field(metadata=within(0.1, 500))  # debt never exceeds this, however long the break
    initial: float = field(default=0.0, metadata=within(0, 500))  # debt before the first session


@dataclass(frozen=True)
class ArchetypeRules:
    """When the next session is a Recovery session instead of a Performance one."""

    __pydantic_config__ = _CONFIG

    # Recovery after this many Performance sessions in a row
    performance_streak_limit: int = field(metadata=within(1, 50))
    # Recovery when fewer hours than this since the last session
    min_hours_between: float = field(metadata=within(0, 168))
    # Recovery when the 1-5 check-in is below this
    readiness_threshold: int = field(metadata=within(1, 5))
    # a rest at least this long ends the Performance streak
    streak_gap_hours: float = field(default=48.0, metadata=within(1, 24 * 28))
    # An imported session has no archetype of its own: it is Performance when it holds at least
    # heavy_sets heavy sets (working sets with a load, of at most heavy_reps reps, of one of
    # heavy_patterns; default: the Performance anchor patterns), Recovery otherwise.
    heavy_reps: int = field(default=6, metadata=within(1, REPS_LIMIT))
    heavy_sets: int = field(default=3, metadata=within(1, 100))
    heavy_patterns: tuple[Pattern, ...] | None = field(default=None, metadata=count(1, 50))


@dataclass(frozen=True)
class RestSeconds:
    """Default rest between sets, per archetype."""

    __pydantic_config__ = _CONFIG

    performance: int = field(metadata=within(0, SECONDS_LIMIT))
    recovery: int = field(metadata=within(0, SECONDS_LIMIT))
    # rest for an exercise of this load type, when its slot names none (before the archetype's)
    by_load_type: dict[LoadType, int] = field(default_factory=dict, metadata=within(0, SECONDS_LIMIT))


@dataclass(frozen=True)
class WarmupStep:
    """One warm-up set before a loaded lift: a percentage of its first working load (0: the empty bar)."""

    __pydantic_config__ = _CONFIG

    percent: float = field(metadata=within(0, 95))
    reps: int = field(metadata=within(1, 30))


DEFAULT_WARMUP = (WarmupStep(0, 10), WarmupStep(40, 5), WarmupStep(60, 3), WarmupStep(80, 1))


@dataclass(frozen=True)
class WaveSet:
    """One set of a week of the `percent` scheme."""

    __pydantic_config__ = _CONFIG

    percent: float = field(metadata=within(0.3, 1.2))  # of the training max
    reps: int = field(metadata=within(1, REPS_LIMIT))
    amrap: bool = False  # as many reps as possible; `reps` is the minimum


def _five_three_one() -> tuple[tuple[WaveSet, ...], ...]:
    def week(*sets: tuple[float, int], amrap: bool = True) -> tuple[WaveSet, ...]:
        return tuple(WaveSet(p, r, amrap and i == len(sets) - 1) for i, (p, r) in enumerate(sets))

    return (
        week((0.65, 5), (0.75, 5), (0.85, 5)),
        week((0.70, 3), (0.80, 3), (0.90, 3)),
        week((0.75, 5), (0.85, 3), (0.95, 1)),
        week((0.40, 5), (0.50, 5), (0.60, 5), amrap=False),
    )


def _load_steps() -> dict[str, float]:
    return {"barbell": 2.5, "dumbbell": 2.0, "kettlebell": 4.0, "machine": 5.0, "cable": 2.5,
            "bodyweight": 2.5, "sled": 5.0}


@dataclass(frozen=True)
class Transfer:
    """Where a pattern never trained with a load takes its first estimate from (docs/brain.md)."""

    __pydantic_config__ = _CONFIG

    source: Pattern
    # the pattern's reference lift as a fraction of the source's reference lift: of its e1RM, and for
    # a carry or a hold the load it is done with (conservative figures, docs/brain.md)
    ratio: float = field(metadata=within(0.05, 2))


def _transfers() -> dict[str, tuple[Transfer, ...]]:
    return {"single_leg": (Transfer("squat", 0.6), Transfer("hinge", 0.45)),
            "carry": (Transfer("hinge", 0.25), Transfer("squat", 0.25)),
            "shoulder_isolation": (Transfer("vertical_push", 0.15),),
            "elbow_flexion": (Transfer("horizontal_pull", 0.45),)}


@dataclass(frozen=True)
class Progression:
    """How loads and reps progress: a scheme per slot or exercise, stalls, increments, load rounding."""

    __pydantic_config__ = _CONFIG

    target_rpe: float = field(metadata=within(1, 10))
    scheme: Scheme = "double"  # for slots without their own
    exercises: dict[str, Scheme] = field(default_factory=dict, metadata=count(0, 1000))  # per exercise: wins
    deload_after: int = field(default=3, metadata=within(1, 20))  # failed sessions in a row on one exercise
    deload: float = field(default=0.1, metadata=within(0.01, 0.5))  # ...then the load drops by this fraction
    # kg added after a success (linear, double) or a cycle (percent), by pattern; others: the catalog's
    increments: dict[Pattern, float] = field(default_factory=dict, metadata={**within(0, 50), **count(0, 50)})
    # rpe: the back-off sets at the top set's load x (1 - backoff); the e1RM growth assumed after a met top set
    backoff: float = field(default=0.1, metadata=within(0, 0.5))
    rpe_progress: float = field(default=0.0, metadata=within(0, 0.05))
    # percent: the first training max as a fraction of the e1RM; the weeks, one per session of the
    # exercise, after the last of which the training max rises (see `increments`)
    training_max: float = field(default=0.9, metadata=within(0.5, 1.0))
    weeks: tuple[tuple[WaveSet, ...], ...] = field(default_factory=_five_three_one, metadata=count(1, 12))
    # kg a computed load (converted, transferred, deloaded, from a percentage) is rounded to, by load type
    steps: dict[LoadType, float] = field(default_factory=_load_steps, metadata={**within(0.1, 50), **count(0, 20)})
    # by pattern: a first estimate for a pattern with no loaded history, from another pattern's e1RM;
    # the sources in order of preference, the first with a history gives it
    transfer: dict[Pattern, tuple[Transfer, ...]] = field(default_factory=_transfers, metadata=count(0, 20))


@dataclass(frozen=True)
class Volume:
    """How the weekly volume counts hard sets per muscle, and each muscle's weekly target (docs/brain.md)."""

    __pydantic_config__ = _CONFIG

    secondary: float = field(default=0.5, metadata=within(0, 1))  # what a hard set counts for a secondary muscle
    muscles: dict[Muscle, float] = field(default_factory=dict, metadata={**within(0.1, 100), **count(0, 21)})


@dataclass(frozen=True)
class Logic:
    """The Brain's rules: pattern targets, archetype choice, rest and progression."""

    __pydantic_config__ = _CONFIG

    patterns: dict[Pattern, PatternTarget]
    archetype: ArchetypeRules
    rest_seconds: RestSeconds
    progression: Progression
    # sessions of a pattern on one exercise before the next in its selections; patterns not listed: 1
    rotation: dict[Pattern, int] = field(default_factory=dict, metadata={**within(1, 100), **count(0, 50)})
    fixed: tuple[Pattern, ...] = field(default=(), metadata=count(0, 50))  # always their first selection
    volume: Volume = field(default_factory=Volume)
    # the ramp before a loaded anchor's first working set; () for none (docs/brain.md, logic.warmup)
    warmup: tuple[WarmupStep, ...] = field(default=DEFAULT_WARMUP, metadata=count(0, 10))


@dataclass(frozen=True)
class Slot:
    """One place in a session template: a pattern (or the day's anchor) and its prescription."""

    __pydantic_config__ = _CONFIG

    pattern: SlotPattern
    sets: int = field(metadata=within(1, 20))
    # Exactly one of reps / seconds / distance (checked in validate.py).
    reps: tuple[int, int] | None = field(default=None, metadata=within(1, REPS_LIMIT))
    seconds: int | None = field(default=None, metadata=within(1, SECONDS_LIMIT))
    distance: float | None = field(default=None, metadata=within(1, 100_000))  # metres
    # default: logic.rest_seconds for the archetype
    rest_seconds: int | None = field(default=None, metadata=within(0, SECONDS_LIMIT))
    rpe: float | None = field(default=None, metadata=within(1, 10))  # default: logic.progression.target_rpe
    scheme: Scheme | None = None  # default: logic.progression.scheme
    group: Group | None = None  # superset/circuit letter; alone in its session it is an error (validate.py)


@dataclass(frozen=True)
class SessionTemplate:
    """The shape of one archetype's session: possible anchors, slots, conditioning protocols."""

    __pydantic_config__ = _CONFIG

    anchor_patterns: tuple[Pattern, ...] = field(metadata=count(1, 20))
    slots: tuple[Slot, ...] = field(metadata=count(1, 30))
    conditioning: tuple[str, ...] = field(default=(), metadata=count(0, 20))  # protocol names, rotated through


@dataclass(frozen=True)
class Sessions:
    """The session template of each archetype."""

    __pydantic_config__ = _CONFIG

    performance: SessionTemplate
    recovery: SessionTemplate


@dataclass(frozen=True)
class Level:
    """One level of a conditioning protocol: intervals and the targets that pass it."""

    __pydantic_config__ = _CONFIG

    work_seconds: int = field(metadata=within(1, SECONDS_LIMIT))
    rest_seconds: int = field(metadata=within(0, SECONDS_LIMIT))
    rounds: int = field(metadata=within(1, 100))
    # watts, metres, calories or seconds per round
    target: dict[Metric, float] = field(metadata={**within(0.1, 100_000), **count(1, 4)})


@dataclass(frozen=True)
class SuccessRule:
    """What makes a conditioning session at a level a success."""

    __pydantic_config__ = _CONFIG

    metric: Metric
    comparison: Comparison = "at_least"
    all_rounds: bool = True  # also require every round of the level to be completed


@dataclass(frozen=True)
class Protocol:
    """A conditioning protocol: its exercise, its levels and how it moves between them."""

    __pydantic_config__ = _CONFIG

    exercise: str
    levels: tuple[Level, ...] = field(metadata=count(1, 50))
    success: SuccessRule
    failures_to_drop: int = field(metadata=within(1, 20))
    start_level: int = field(default=1, metadata=within(1, 50))  # levels are numbered from 1


@dataclass(frozen=True)
class Brain:
    """The whole programme: rules, exercise selections, session templates, conditioning."""

    __pydantic_config__ = _CONFIG

    version: Literal[1]
    logic: Logic
    selections: dict[Pattern, tuple[str, ...]] = field(metadata=count(1, 20))
    sessions: Sessions
    conditioning: dict[str, Protocol] = field(metadata=count(0, 50))

    def template(self, archetype: str) -> SessionTemplate:
        return getattr(self.sessions, archetype)


# --- trusted JSON <-> dataclasses -------------------------------------------------


def _identity(value: Any) -> Any:
    return value


@cache
def _converter(tp: Any) -> Callable[[Any], Any]:
    """A function turning JSON data into a value of type `tp` (no checking); `_identity` when none is needed."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if is_dataclass(tp):
        convert = {f.name: _converter(f.type) for f in fields(tp)}
        return lambda d: tp(**{k: convert[k](v) for k, v in d.items()})
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0])
            return lambda v: tuple(map(item, v))
        items = tuple(_converter(a) for a in args)
        return lambda v: tuple(c(x) for c, x in zip(items, v))
    if origin is dict:
        value_conv = _converter(args[1])
        return lambda d: {k: value_conv(v) for k, v in d.items()}
    if origin in (typing.Union, types.UnionType):
        (arm,) = [a for a in args if a is not type(None)]
        arm_conv = _converter(arm)
        return lambda v: None if v is None else arm_conv(v)
    if tp is float:
        return float  # JSON may hold 250 where the field is a float
    return _identity


def _to_json(value: Any) -> Any:
    if is_dataclass(value):
        return {f.name: _to_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [_to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _to_json(v) for k, v in value.items()}
    return value


def brain_from_dict(data: Mapping[str, Any]) -> Brain:
    """Rebuild a Brain from `brain_to_dict` output. Trusts its input: validate first."""
    return _converter(Brain)(data)


def brain_to_dict(brain: Brain) -> dict[str, Any]:
    """The Brain as JSON-able data (version + the four sections)."""
    return _to_json(brain)


def catalog_from_list(items: list[Mapping[str, Any]]) -> Catalog:
    """Rebuild a catalog from `catalog_to_list` output (or trusted store rows)."""
    make = _converter(Exercise)
    return {e.id: e for e in map(make, items)}


def catalog_to_list(catalog: Catalog) -> list[dict[str, Any]]:
    return [_to_json(e) for e in catalog.values()]

"""The Brain and the exercise catalog as frozen stdlib dataclasses.

Why dataclasses and not pydantic models: start-up reads the stored (already
validated) Brain as JSON, and importing pydantic would cost about a third of a
bare Textual start. The constraints below are `annotated_types` metadata, which
pydantic enforces when `flux_tui.brain.validate` checks a Brain, and which cost
nothing here. `__pydantic_config__` makes that check reject unknown keys.

`brain_from_dict` / `catalog_from_list` rebuild the dataclasses from trusted
JSON by walking the type hints, so adding a field never needs a new converter.
"""

from __future__ import annotations

import builtins
import sys
import types
import typing
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from typing import Annotated, Any, Callable, Literal, Mapping

from flux_tui.brain.frozen import Frozen

if typing.TYPE_CHECKING:
    from annotated_types import Ge, Gt, Le, Len

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
]
PATTERNS: tuple[str, ...] = typing.get_args(Pattern)
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

# The constraints: annotated_types metadata that pydantic enforces when flux_tui.brain.validate
# checks a Brain. Importing annotated_types costs ~8 ms (13 dataclasses of its own) on every
# start, where nothing checks anything, so the names are bound only when asked for:
# `install_constraints()` (validate.py, before pydantic reads the hints) binds the real ones;
# the converter below reads the hints with plain stand-ins (it strips Annotated anyway).
_CONSTRAINED = ("PositiveInt", "NonNegativeInt", "PositiveFloat", "NonNegativeFloat", "Rpe", "Ge", "Gt", "Le", "Len")
if typing.TYPE_CHECKING:
    PositiveInt = Annotated[int, Ge(1)]
    NonNegativeInt = Annotated[int, Ge(0)]
    PositiveFloat = Annotated[float, Gt(0)]
    NonNegativeFloat = Annotated[float, Ge(0)]
    Rpe = Annotated[float, Ge(1), Le(10)]


def constraint_names() -> dict[str, Any]:
    """The constrained types and annotated_types' markers, by the names the field annotations use."""
    from annotated_types import Ge, Gt, Le, Len

    return {
        "PositiveInt": Annotated[int, Ge(1)],
        "NonNegativeInt": Annotated[int, Ge(0)],
        "PositiveFloat": Annotated[float, Gt(0)],
        "NonNegativeFloat": Annotated[float, Ge(0)],
        "Rpe": Annotated[float, Ge(1), Le(10)],
        "Ge": Ge, "Gt": Gt, "Le": Le, "Len": Len,
    }


def install_constraints() -> None:
    """Bind the constraint names in this module, so that pydantic (reading the hints) enforces them."""
    globals().update(constraint_names())


def _no_constraint(*_args: Any) -> None:
    return None


# What the annotations' constraint names mean to the converter: the plain types, markers ignored.
_PLAIN_NAMES: dict[str, Any] = {
    "PositiveInt": int, "NonNegativeInt": int, "PositiveFloat": float, "NonNegativeFloat": float, "Rpe": float,
    "Ge": _no_constraint, "Gt": _no_constraint, "Le": _no_constraint, "Len": _no_constraint,
}

_FORBID = {"extra": "forbid"}


# --- catalog -------------------------------------------------------------------


@dataclass(frozen=True, repr=False, eq=False)
class Exercise(Frozen):
    """One exercise of the catalog: what it trains, how a set of it is recorded, how its load grows."""

    __pydantic_config__ = _FORBID

    id: str
    name: str
    pattern: ExercisePattern
    tracking: Tracking
    load_type: LoadType
    increment: NonNegativeFloat
    modality: Modality | None = None
    aliases: tuple[str, ...] = ()
    is_custom: bool = False


# A catalog is a plain dict id -> Exercise: lookups sit on the fold's hot path.
Catalog = dict[str, Exercise]


# --- the Brain -----------------------------------------------------------------


@dataclass(frozen=True, repr=False, eq=False)
class PatternTarget(Frozen):
    """How many hard sets a week a movement pattern needs, and how far its debt may grow."""

    __pydantic_config__ = _FORBID

    weekly_sets: PositiveFloat  # hard sets per 7 days; debt accrues at weekly_sets / 7 per day
    cap: PositiveFloat  # debt never exceeds this, however long the break
    initial: NonNegativeFloat = 0.0  # debt before the first session


@dataclass(frozen=True, repr=False, eq=False)
class ArchetypeRules(Frozen):
    """When the next session is a Recovery session instead of a Performance one."""

    __pydantic_config__ = _FORBID

    performance_streak_limit: PositiveInt  # Recovery after this many Performance sessions in a row
    min_hours_between: NonNegativeFloat  # Recovery when fewer hours than this since the last session
    readiness_threshold: Annotated[int, Ge(1), Le(5)]  # Recovery when the 1-5 check-in is below this


@dataclass(frozen=True, repr=False, eq=False)
class RestSeconds(Frozen):
    """Default rest between sets, per archetype."""

    __pydantic_config__ = _FORBID

    performance: NonNegativeInt
    recovery: NonNegativeInt


@dataclass(frozen=True, repr=False, eq=False)
class Progression(Frozen):
    """How loads and reps progress (double progression at a target RPE)."""

    __pydantic_config__ = _FORBID

    target_rpe: Rpe
    scheme: Literal["double"] = "double"


@dataclass(frozen=True, repr=False, eq=False)
class Logic(Frozen):
    """The Brain's rules: pattern targets, archetype choice, rest and progression."""

    __pydantic_config__ = _FORBID

    patterns: dict[Pattern, PatternTarget]
    archetype: ArchetypeRules
    rest_seconds: RestSeconds
    progression: Progression


@dataclass(frozen=True, repr=False, eq=False)
class Slot(Frozen):
    """One place in a session template: a pattern (or the day's anchor) and its prescription."""

    __pydantic_config__ = _FORBID

    pattern: SlotPattern
    sets: PositiveInt
    # Exactly one of reps / seconds / distance (checked in validate.py).
    reps: tuple[PositiveInt, PositiveInt] | None = None
    seconds: PositiveInt | None = None
    distance: PositiveFloat | None = None  # metres
    rest_seconds: NonNegativeInt | None = None  # default: logic.rest_seconds for the archetype
    rpe: Rpe | None = None  # default: logic.progression.target_rpe


@dataclass(frozen=True, repr=False, eq=False)
class SessionTemplate(Frozen):
    """The shape of one archetype's session: possible anchors, slots, conditioning protocols."""

    __pydantic_config__ = _FORBID

    anchor_patterns: Annotated[tuple[Pattern, ...], Len(1)]
    slots: Annotated[tuple[Slot, ...], Len(1)]
    conditioning: tuple[str, ...] = ()  # protocol names, rotated through


@dataclass(frozen=True, repr=False, eq=False)
class Sessions(Frozen):
    """The session template of each archetype."""

    __pydantic_config__ = _FORBID

    performance: SessionTemplate
    recovery: SessionTemplate


@dataclass(frozen=True, repr=False, eq=False)
class Level(Frozen):
    """One level of a conditioning protocol: intervals and the targets that pass it."""

    __pydantic_config__ = _FORBID

    work_seconds: PositiveInt
    rest_seconds: NonNegativeInt
    rounds: PositiveInt
    target: dict[Metric, PositiveFloat]


@dataclass(frozen=True, repr=False, eq=False)
class SuccessRule(Frozen):
    """What makes a conditioning session at a level a success."""

    __pydantic_config__ = _FORBID

    metric: Metric
    comparison: Comparison = "at_least"
    all_rounds: bool = True  # also require every round of the level to be completed


@dataclass(frozen=True, repr=False, eq=False)
class Protocol(Frozen):
    """A conditioning protocol: its exercise, its levels and how it moves between them."""

    __pydantic_config__ = _FORBID

    exercise: str
    levels: Annotated[tuple[Level, ...], Len(1)]
    success: SuccessRule
    failures_to_drop: PositiveInt
    start_level: PositiveInt = 1  # levels are numbered from 1


@dataclass(frozen=True, repr=False, eq=False)
class Brain(Frozen):
    """The whole programme: rules, exercise selections, session templates, conditioning."""

    __pydantic_config__ = _FORBID

    version: Literal[1]
    logic: Logic
    selections: dict[Pattern, Annotated[tuple[str, ...], Len(1)]]
    sessions: Sessions
    conditioning: dict[str, Protocol]

    def template(self, archetype: str) -> SessionTemplate:
        return getattr(self.sessions, archetype)


# --- trusted JSON <-> dataclasses -------------------------------------------------


def _identity(value: Any) -> Any:
    return value


def _field_type(tp: type, annotation: Any) -> Any:
    """A field's annotation as an object, read as `typing.get_type_hints(tp, localns=_PLAIN_NAMES)` would.

    The annotations are strings (`from __future__ import annotations`). A bare name is
    looked up; anything else is evaluated. (get_type_hints compiles every one of them:
    ~50 fields, a few ms on each start that reads the Brain.)
    """
    if not isinstance(annotation, str):
        return annotation
    module_names = vars(sys.modules[tp.__module__])
    if annotation.isidentifier():
        for names in (_PLAIN_NAMES, module_names, builtins.__dict__):
            if annotation in names:
                return names[annotation]
    return eval(annotation, module_names, _PLAIN_NAMES)  # noqa: S307 — this module's own annotations


@cache
def _converter(tp: Any) -> Callable[[Any], Any]:
    """A function turning JSON data into a value of type `tp` (no checking); `_identity` when none is needed."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is Annotated:
        return _converter(args[0])
    if is_dataclass(tp):
        convert = {}  # only the fields whose JSON value needs converting
        for f in fields(tp):
            field_conv = _converter(_field_type(tp, f.type))
            if field_conv is not _identity:
                convert[f.name] = field_conv
        return lambda d: tp(**{k: convert[k](v) if k in convert else v for k, v in d.items()})
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0])
            return tuple if item is _identity else lambda v: tuple(map(item, v))
        items = tuple(_converter(a) for a in args)
        if all(c is _identity for c in items):
            return tuple
        return lambda v: tuple(c(x) for c, x in zip(items, v))
    if origin is dict:
        value_conv = _converter(args[1])
        return dict if value_conv is _identity else lambda d: {k: value_conv(v) for k, v in d.items()}
    if origin in (typing.Union, types.UnionType):
        (arm,) = [a for a in args if a is not type(None)]
        arm_conv = _converter(arm)
        return _identity if arm_conv is _identity else lambda v: None if v is None else arm_conv(v)
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

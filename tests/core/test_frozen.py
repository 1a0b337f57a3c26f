"""The core's frozen dataclasses share repr/eq/hash (flux_tui.brain.frozen): they must behave as
`@dataclass(frozen=True)` would have generated them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from flux_tui.brain.frozen import Frozen
from flux_tui.brain.models import Exercise, Slot
from flux_tui.engine.history import LoggedSet


@dataclass(frozen=True, repr=False, eq=False)
class Shared(Frozen):
    """A record with the shared methods."""

    name: str
    sizes: tuple[int, ...] = ()
    hidden: int = field(default=0, repr=False)
    ignored: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Generated:
    name: str
    sizes: tuple[int, ...] = ()
    hidden: int = field(default=0, repr=False)
    ignored: int = field(default=0, compare=False)


@pytest.mark.parametrize("args", [("a",), ("a", (1, 2), 3, 4), ("b", (), 0, 9)])
def test_same_repr_eq_and_hash_as_a_generated_frozen_dataclass(args):
    shared, generated = Shared(*args), Generated(*args)
    assert repr(shared).replace("Shared", "Generated", 1) == repr(generated)
    assert hash(shared) == hash(generated)
    for other in [("a",), ("a", (1, 2), 3, 4), ("a", (1, 2), 3, 5), ("b", (), 0, 9), ("b", (), 1, 9)]:
        assert (shared == Shared(*other)) == (generated == Generated(*other))
        assert (shared != Shared(*other)) == (generated != Generated(*other))


def test_other_classes_and_tuples_are_not_equal():
    assert Shared("a") != Generated("a")
    assert Shared("a") != ("a", (), 0, 0)


def test_nan_fields_compare_as_a_tuple_does():
    nan = float("nan")
    assert Shared("a", (1,), 0, 0) == Shared("a", (1,), 0, 0)
    assert Slot("squat", 3, rpe=nan) == Slot("squat", 3, rpe=nan)  # the same object: identical, as in a tuple
    assert Slot("squat", 3, rpe=float("nan")) != Slot("squat", 3, rpe=float("nan"))


def test_still_frozen_dataclasses():
    slot = Slot(pattern="squat", sets=3, reps=(4, 6))
    with pytest.raises(dataclasses.FrozenInstanceError):
        slot.sets = 4  # type: ignore[misc]
    assert dataclasses.is_dataclass(slot)
    assert dataclasses.replace(slot, sets=4) == Slot(pattern="squat", sets=4, reps=(4, 6))
    assert repr(slot) == "Slot(pattern='squat', sets=3, reps=(4, 6), seconds=None, distance=None, rest_seconds=None, rpe=None)"
    assert len({slot, Slot(pattern="squat", sets=3, reps=(4, 6))}) == 1
    assert Exercise.__doc__ and not Exercise.__doc__.startswith("Exercise(")


def test_history_records_are_immutable():
    logged = LoggedSet("s1", "back_squat", 0, weight=100.0, reps=5)
    with pytest.raises(AttributeError):
        logged.reps = 6  # type: ignore[misc]
    assert logged._replace(reps=6).reps == 6 and logged.reps == 5
    assert logged == LoggedSet("s1", "back_squat", 0, weight=100.0, reps=5)
    with pytest.raises(TypeError):
        logged.metadata["x"] = 1  # type: ignore[index]  # the shared empty default cannot be changed

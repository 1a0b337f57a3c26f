"""Every number a Brain or the catalog holds has a documented range (field metadata, see
`within` in models.py), which validation enforces: no field may be left unbounded."""

from __future__ import annotations

import dataclasses
import typing

from flux_tui.brain import models


def reachable_classes() -> list[type]:
    found, todo = [], [models.Brain, models.Exercise]
    while todo:
        tp = todo.pop()
        if tp in found:
            continue
        found.append(tp)
        for f in dataclasses.fields(tp):
            todo.extend(t for t in _walk(f.type) if dataclasses.is_dataclass(t))
    return found


def _walk(tp):
    yield tp
    for arg in typing.get_args(tp):
        yield from _walk(arg)


def _holds_numbers(tp) -> bool:
    return any(t in (int, float) for t in _walk(tp))


def test_every_numeric_field_declares_a_range():
    classes = reachable_classes()
    assert len(classes) == 17  # with logic.volume, WarmupStep (logic.warmup) and Transfer (logic.progression.transfer)
    unbounded = [f"{tp.__name__}.{f.name}" for tp in classes for f in dataclasses.fields(tp)
                 if _holds_numbers(f.type) and "range" not in f.metadata]
    assert unbounded == []


def test_ranges_are_ordered_and_finite():
    for tp in reachable_classes():
        for f in dataclasses.fields(tp):
            for key in ("range", "count"):
                if key in f.metadata:
                    low, high = f.metadata[key]
                    assert low <= high < 10**7, f"{tp.__name__}.{f.name}"

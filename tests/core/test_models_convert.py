"""brain_from_dict reads the field annotations without typing.get_type_hints (which compiles every
one): it must read them exactly as get_type_hints does."""

from __future__ import annotations

import dataclasses
import typing

from flux_tui.brain import models


def brain_classes() -> list[type]:
    found, todo = [], [models.Brain, models.Exercise]
    while todo:
        tp = todo.pop()
        if tp in found:
            continue
        found.append(tp)
        for hint in typing.get_type_hints(tp, localns=models._PLAIN_NAMES).values():
            todo.extend(t for t in _walk(hint) if dataclasses.is_dataclass(t))
    return found


def _walk(tp):
    yield tp
    for arg in typing.get_args(tp):
        yield from _walk(arg)


def test_field_types_are_read_as_get_type_hints_reads_them():
    classes = brain_classes()
    assert len(classes) == 13
    for tp in classes:
        expected = typing.get_type_hints(tp, localns=models._PLAIN_NAMES, include_extras=True)
        got = {f.name: models._field_type(tp, f.type) for f in dataclasses.fields(tp)}
        assert got == expected, tp.__name__

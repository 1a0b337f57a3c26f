"""Bounded input: a Brain is refused, quickly and with one clear message, when it is too big,
too deep, an alias bomb, or holds a number that is not a finite number within its field's range."""

from __future__ import annotations

import resource
import time

import pytest
from tests.core.test_validate import BASE, edit, errors_of

from flux_tui.brain.validate import MAX_BYTES, BrainInvalid, load_brain_text


@pytest.mark.parametrize("line, text, expected", [
    (28, "        sets: 99999999999999999999999", "28:15: sessions.performance.slots[0].sets: must be at most 20"),
    (28, "        sets: true", "28:15: sessions.performance.slots[0].sets: must be a number, not true"),
    (28, '        sets: "4"', "28:15: sessions.performance.slots[0].sets: must be a number, not text"),
    (15, "    min_hours_between: .inf", "15:24: logic.archetype.min_hours_between: must be a finite number"),
    (15, "    min_hours_between: .nan", "15:24: logic.archetype.min_hours_between: must be a finite number"),
    (15, "    min_hours_between: 10000", "15:24: logic.archetype.min_hours_between: must be at most 168"),
    (29, "        reps: [4, 600]", "29:19: sessions.performance.slots[0].reps[1]: must be at most 100"),
    (29, "        reps: [false, 6]", "29:16: sessions.performance.slots[0].reps[0]: must be a number, not false"),
    (4, "    squat: {weekly_sets: 8, cap: 1.0e+308}", "4:34: logic.patterns.squat.cap: must be at most 500"),
    (4, "    squat: {weekly_sets: 8, cap: 1e308}", "4:34: logic.patterns.squat.cap: must be a number, not text"),
    (42, "      - {work_seconds: 20, rest_seconds: 100, rounds: 6, target: {avg_watts: .inf}}",
     "42:78: conditioning.bike.levels[0].target.avg_watts: must be a finite number"),
])
def test_every_number_is_finite_and_in_range(catalog, line, text, expected):
    assert errors_of(edit(line, text), catalog) == [f"brain.yaml:{expected}"]


def test_a_list_longer_than_its_limit(catalog):
    slots = "\n".join("      - {pattern: core, sets: 2, seconds: 45}" for _ in range(31))
    text = BASE.replace("      - {pattern: core, sets: 2, seconds: 45}", slots)
    assert errors_of(text, catalog) == ["brain.yaml:27:7: sessions.performance.slots: must have at most 30 items"]


def _refused_quickly(text: str, catalog) -> str:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    with pytest.raises(BrainInvalid) as info:
        load_brain_text(text, "brain.yaml", catalog)
    assert time.perf_counter() - began < 1.0
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 100_000
    (error,) = info.value.errors
    return str(error)


def test_a_billion_laughs_is_refused_in_under_a_second(catalog):
    bomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]']
    bomb += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]" for i in range(1, 10)]
    message = _refused_quickly("\n".join(bomb) + "\n" + BASE, catalog)
    assert "too large: more than 100,000 values (aliases counted where they are used)" in message


def test_a_file_over_a_megabyte_is_refused_before_parsing(catalog):
    text = BASE + "#" + "x" * MAX_BYTES + "\n"
    message = _refused_quickly(text, catalog)
    assert message == "brain.yaml:1:1: the file is larger than 1 MB; expected a mapping with version, logic," \
                      " selections, sessions, conditioning of a few kilobytes"


def test_deep_nesting_is_refused(catalog):
    text = BASE + "extra: " + "[" * 200 + "]" * 200 + "\n"
    message = _refused_quickly(text, catalog)
    assert message.startswith("brain.yaml:43:") and message.endswith("too large: nested more than 32 levels deep")

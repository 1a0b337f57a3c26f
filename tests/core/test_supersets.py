"""Supersets and circuits in the Brain (issue 16 item 5): the `group` slot key, its checks, the plan."""

from __future__ import annotations

import dataclasses

from flux_tui.brain.validate import load_brain_text
from flux_tui.engine.plan import plan_from_dict, recommend
from flux_tui.engine.state import initial_state
from tests.core.core_helpers import at
from tests.core.test_validate import BASE, edit, errors_of

# BASE line 29 is the anchor slot's `reps: [4, 6]`, line 30 the core slot.
GROUPED = edit(30, "      - {pattern: core, sets: 2, seconds: 45, group: A}").replace(
    "        reps: [4, 6]\n", "        reps: [4, 6]\n        group: A\n", 1)


def test_two_slots_with_one_letter_are_a_group(catalog):
    brain = load_brain_text(GROUPED, "brain.yaml", catalog)
    assert [s.group for s in brain.sessions.performance.slots] == ["A", "A"]
    assert [s.group for s in brain.sessions.recovery.slots] == [None], "ungrouped unless given"


def test_a_group_that_is_not_a_letter_is_refused_where_it_stands(catalog):
    (error,) = errors_of(edit(30, "      - {pattern: core, sets: 2, seconds: 45, group: Z}"), catalog)
    assert error == "brain.yaml:30:54: sessions.performance.slots[1].group: must be one of: A, B, C, D, E, F, G or H"


def test_a_group_of_one_slot_is_refused(catalog):
    assert errors_of(edit(30, "      - {pattern: core, sets: 2, seconds: 45, group: B}"), catalog) == [
        "brain.yaml:30:54: sessions.performance.slots[1].group: group 'B' has no other slot in this session to pair"
        " with"]


def test_the_plan_carries_the_group_and_its_dict_keeps_it(catalog):
    brain = load_brain_text(GROUPED, "brain.yaml", catalog)
    plan = recommend(brain, catalog, initial_state(brain), at(0))
    assert plan.archetype == "performance"
    assert [s.group for s in plan.slots] == ["A", "A"]
    again = plan_from_dict(plan.to_dict())
    assert [s.group for s in again.slots] == ["A", "A"]
    ungrouped = dataclasses.replace(brain, sessions=dataclasses.replace(
        brain.sessions, performance=dataclasses.replace(brain.sessions.performance, slots=tuple(
            dataclasses.replace(s, group=None) for s in brain.sessions.performance.slots))))
    plain = recommend(ungrouped, catalog, initial_state(ungrouped), at(0))
    assert [s.group for s in plain.slots] == ["", ""] and "group" not in plain.to_dict()["slots"][0]

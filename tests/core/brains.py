"""Variants of a Brain for the core tests: one key changed, everything else as shipped."""

from __future__ import annotations

import dataclasses

from flux_tui.brain.models import Brain


def with_progression(brain: Brain, **changes) -> Brain:
    progression = dataclasses.replace(brain.logic.progression, **changes)
    return dataclasses.replace(brain, logic=dataclasses.replace(brain.logic, progression=progression))


def with_logic(brain: Brain, **changes) -> Brain:
    return dataclasses.replace(brain, logic=dataclasses.replace(brain.logic, **changes))


def with_slot(brain: Brain, archetype: str, index: int, **changes) -> Brain:
    template = brain.template(archetype)
    slots = list(template.slots)
    slots[index] = dataclasses.replace(slots[index], **changes)
    sessions = dataclasses.replace(brain.sessions, **{archetype: dataclasses.replace(template, slots=tuple(slots))})
    return dataclasses.replace(brain, sessions=sessions)


def with_selections(brain: Brain, **selections) -> Brain:
    return dataclasses.replace(brain, selections={**brain.selections, **selections})

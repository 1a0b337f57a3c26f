"""Conditioning levels: up one on success, down one after K failures in a row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from flux_tui.brain.models import Protocol

if TYPE_CHECKING:  # annotations only: the plan needs clamp_level, not the history's records
    from flux_tui.engine.history import LoggedSet


def clamp_level(protocol: Protocol, level: int) -> int:
    return max(1, min(len(protocol.levels), level))


def _number(value: Any) -> float | None:
    # Metadata is free-form JSON from the shell; ignore anything that isn't a number (a bool is
    # not: its type is bool, not int). A type test, not isinstance: the fold calls this per round.
    kind = type(value)
    return float(value) if kind is float or kind is int else None


def succeeded(protocol: Protocol, level: int, sets: Sequence[LoggedSet]) -> bool:
    """Whether this session's working sets of the protocol's exercise meet `level`.

    One set may hold the whole protocol (metadata rounds_completed and the
    metric, per round), or each round may be its own set: rounds add up (a set
    without rounds_completed is one round) and the metric is averaged over the
    sets that report it. No reported metric is a failure.
    """
    rule = protocol.success
    spec = protocol.levels[level - 1]
    target = spec.target.get(rule.metric)
    if target is None:
        return False
    metric = rule.metric
    rounds = total = 0.0
    reported = 0
    for s in sets:
        metadata = s.metadata
        done = _number(metadata.get("rounds_completed"))
        rounds += 1.0 if done is None else done
        value = _number(metadata.get(metric))
        if value is not None:
            total += value
            reported += 1
    if not reported or (rule.all_rounds and rounds < spec.rounds):
        return False
    average = total / reported
    return average >= target if rule.comparison == "at_least" else average <= target


def next_level(protocol: Protocol, level: int, failures: int, success: bool) -> tuple[int, int]:
    """(level, failures in a row) after one session at `level`."""
    if success:
        return clamp_level(protocol, level + 1), 0
    failures += 1
    if failures >= protocol.failures_to_drop:
        return clamp_level(protocol, level - 1), 0
    return level, failures

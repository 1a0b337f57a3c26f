"""The Brain keys of progression schemes, stalls, rounding, rotation and classification: each
error is `file:line:col: key.path: problem`, pointing at the value (or, for a key, the key)."""

from __future__ import annotations

import pytest
from tests.core.test_validate import BASE, edit, errors_of

from flux_tui.brain.validate import load_brain_text


def at(line: int, text: str, value: str) -> str:
    """`line:column` of `value` within `text`, the new text of `line`."""
    return f"{line}:{text.index(value) + 1}"


def progression(body: str) -> tuple[int, str]:
    return 18, "  progression: {target_rpe: 8, " + body + "}"


@pytest.mark.parametrize("body, value, path, problem", [
    ("deload_after: 0", "0", "logic.progression.deload_after", "must be at least 1"),
    ("deload: 0.9", "0.9", "logic.progression.deload", "must be at most 0.5"),
    ("increments: {squat: -1}", "-1", "logic.progression.increments.squat", "must be at least 0"),
    ("increments: {squat: 60}", "60", "logic.progression.increments.squat", "must be at most 50"),
    ("backoff: 0.6", "0.6", "logic.progression.backoff", "must be at most 0.5"),
    ("rpe_progress: 0.5", "0.5", "logic.progression.rpe_progress", "must be at most 0.05"),
    ("training_max: 1.5", "1.5", "logic.progression.training_max", "must be at most 1"),
    ("weeks: [[{percent: 2, reps: 5}]]", "2", "logic.progression.weeks[0][0].percent",
     "must be at most 1.2"),
    ("weeks: [[{percent: 0.8, reps: 0}]]", "0}", "logic.progression.weeks[0][0].reps",
     "must be at least 1"),
    ("weeks: [[{percent: 0.8, reps: 5}], []]", "[]]", "logic.progression.weeks[1]",
     "a week needs at least 1 set"),
    ("weeks: []", "[]", "logic.progression.weeks", "must have at least 1 item"),
    ("steps: {barbell: 0}", "0", "logic.progression.steps.barbell", "must be at least 0.1"),
    ("scheme: linearr", "linearr", "logic.progression.scheme", "must be one of: linear, double, rpe or percent"),
    ("exercises: {back_squat: percentage}", "percentage", "logic.progression.exercises.back_squat",
     "must be one of: linear, double, rpe or percent"),
    ("exercises: {foo: rpe}", "foo", "logic.progression.exercises.foo", "unknown exercise 'foo'"),
    ("exercises: {plank: percent}", "percent", "logic.progression.exercises.plank",
     "'plank' is tracked as seconds: the percent scheme needs weight and reps"),
    ("transfer: {carry: [{source: hinge, ratio: 3}]}", "3", "logic.progression.transfer.carry[0].ratio",
     "must be at most 2"),
    ("transfer: {carry: [{source: carry, ratio: 0.25}]}", "carry,", "logic.progression.transfer.carry[0].source",
     "must be another pattern"),
    ("transfer: {carry: [{source: hinge, ratio: 0.25}, {source: hinge, ratio: 0.2}]}", "hinge, ratio: 0.2}",
     "logic.progression.transfer.carry[1].source", "'hinge' is listed twice"),
    ("transfer: {carry: []}", "[]", "logic.progression.transfer.carry", "needs at least 1 source"),
])
def test_progression_keys(catalog, body, value, path, problem):
    line, text = progression(body)
    assert errors_of(edit(line, text), catalog) == [f"brain.yaml:{at(line, text, value)}: {path}: {problem}"]


def test_an_unknown_load_type_in_steps_points_at_the_key(catalog):
    line, text = progression("steps: {plates: 2}")
    (error,) = errors_of(edit(line, text), catalog)
    assert error.startswith(f"brain.yaml:{at(line, text, 'plates')}: logic.progression.steps.plates: unknown key;"
                            " must be one of: barbell, dumbbell,")


def test_every_scheme_key_together_is_valid(catalog):
    line, text = progression("scheme: linear, exercises: {deadlift: percent}, deload_after: 2, deload: 0.15,"
                             " increments: {squat: 5, hinge: 10}, backoff: 0.08, rpe_progress: 0.01,"
                             " training_max: 0.85,"
                             " weeks: [[{percent: 0.7, reps: 5}, {percent: 0.8, reps: 3, amrap: true}],"
                             " [{percent: 0.5, reps: 5}]],"
                             " steps: {barbell: 1.25}")
    brain = load_brain_text(edit(line, text), "brain.yaml", catalog)
    progression_ = brain.logic.progression
    assert (progression_.scheme, progression_.exercises, progression_.deload) == ("linear", {"deadlift": "percent"}, 0.15)
    assert progression_.increments == {"squat": 5.0, "hinge": 10.0}
    assert [len(w) for w in progression_.weeks] == [2, 1] and progression_.training_max == 0.85
    assert [s.amrap for s in progression_.weeks[0]] == [False, True]
    assert progression_.steps == {"barbell": 1.25}


def test_a_slot_scheme_needing_reps(catalog):
    text = "      - {pattern: core, sets: 2, seconds: 45, scheme: rpe}"
    assert errors_of(edit(30, text), catalog) == [
        f"brain.yaml:{at(30, text, 'rpe')}: sessions.performance.slots[1].scheme: the rpe scheme needs a rep range (reps)"
    ]


def test_a_slot_scheme_needing_loaded_selections(catalog):
    text = BASE.replace("  core: [plank]\n", "  core: [plank]\n  vertical_pull: [lat_pulldown, chin_up]\n")
    text = text.replace("anchor_patterns: [squat, hinge]", "anchor_patterns: [squat, vertical_pull]")
    text = text.replace("        reps: [4, 6]\n", "        reps: [4, 6]\n        scheme: percent\n")
    assert errors_of(text, catalog) == [
        "brain.yaml:31:17: sessions.performance.slots[0].scheme: 'chin_up' (a selection this slot can pick) is tracked"
        " as reps: the percent scheme needs weight and reps (give it its own scheme under logic.progression.exercises)"
    ]
    fixed = text.replace("  progression: {target_rpe: 8}", "  progression: {target_rpe: 8, exercises: {chin_up: double}}")
    assert load_brain_text(fixed, "brain.yaml", catalog).sessions.performance.slots[0].scheme == "percent"


@pytest.mark.parametrize("body, value, path, problem", [
    ("rotation: {squat: 0}", "0", "logic.rotation.squat", "must be at least 1"),
    ("rotation: {squat: 2.5}", "2.5", "logic.rotation.squat", "must be a whole number"),
    ("rotation: {carry: 3}", "carry", "logic.rotation.carry", "no selections for pattern 'carry'"),
    ("fixed: [hinge, carry]", "carry", "logic.fixed[1]", "no selections for pattern 'carry'"),
    ("fixed: [sqaut]", "sqaut", "logic.fixed[0]", "must be one of: squat, hinge, horizontal_push, horizontal_pull,"
     " vertical_push, vertical_pull, single_leg, carry, core, elbow_flexion, elbow_extension, knee_flexion,"
     " knee_extension, calf, shoulder_isolation, shrug, hip_abduction_adduction, trunk_flexion_rotation, grip or neck"),
])
def test_rotation_keys(catalog, body, value, path, problem):
    # Inserted as one line after `rest_seconds` (line 17), so the lines below move down by one.
    text = BASE.replace("  progression: {target_rpe: 8}\n", f"  progression: {{target_rpe: 8}}\n  {body}\n")
    line_text = f"  {body}"
    assert errors_of(text, catalog) == [f"brain.yaml:{at(19, line_text, value)}: {path}: {problem}"]


def test_a_pattern_cannot_be_fixed_and_rotate(catalog):
    text = BASE.replace("  progression: {target_rpe: 8}\n", "  progression: {target_rpe: 8}\n  rotation: {squat: 3}\n"
                        "  fixed: [hinge, squat]\n")
    assert errors_of(text, catalog) == [
        "brain.yaml:20:18: logic.fixed[1]: 'squat' cannot be fixed and rotate (logic.rotation.squat)"]


@pytest.mark.parametrize("text, value, key, problem", [
    ("    streak_gap_hours: 0", "0", "streak_gap_hours", "must be at least 1"),
    ("    heavy_reps: 0", "0", "heavy_reps", "must be at least 1"),
    ("    heavy_sets: 1000", "1000", "heavy_sets", "must be at most 100"),
    ("    heavy_patterns: []", "[]", "heavy_patterns", "must have at least 1 item"),
])
def test_archetype_keys(catalog, text, value, key, problem):
    source = BASE.replace("    readiness_threshold: 3\n", "    readiness_threshold: 3\n" + text + "\n")
    assert errors_of(source, catalog) == [f"brain.yaml:{at(17, text, value)}: logic.archetype.{key}: {problem}"]

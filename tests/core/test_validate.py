"""Brain and catalog validation: every error is `file:line:col: key.path: message`."""

from __future__ import annotations

import json

import pytest
import yaml
from tests.core.core_helpers import DATA

from flux_tui.brain.models import (
    ACCESSORY_PATTERNS, COMPOUND_PATTERNS, PATTERNS, brain_from_dict, brain_to_dict, catalog_from_list, catalog_to_list,
)
from flux_tui.brain.validate import BrainInvalid, CatalogInvalid, load_brain_text, load_catalog_text

# A small valid Brain; the tests change single lines, so line numbers are stable.
BASE = """\
version: 1
logic:
  patterns:
    squat: {weekly_sets: 8, cap: 16}
    hinge: {weekly_sets: 8, cap: 16}
    horizontal_push: {weekly_sets: 8, cap: 16}
    horizontal_pull: {weekly_sets: 8, cap: 16}
    vertical_push: {weekly_sets: 6, cap: 12}
    vertical_pull: {weekly_sets: 6, cap: 12}
    single_leg: {weekly_sets: 6, cap: 12}
    carry: {weekly_sets: 4, cap: 8}
    core: {weekly_sets: 6, cap: 12}
  archetype:
    performance_streak_limit: 3
    min_hours_between: 20
    readiness_threshold: 3
  rest_seconds: {performance: 180, recovery: 90}
  progression: {target_rpe: 8}
selections:
  squat: [back_squat, front_squat]
  hinge: [deadlift]
  core: [plank]
sessions:
  performance:
    anchor_patterns: [squat, hinge]
    slots:
      - pattern: anchor
        sets: 4
        reps: [4, 6]
      - {pattern: core, sets: 2, seconds: 45}
    conditioning: [bike]
  recovery:
    anchor_patterns: [core]
    slots:
      - {pattern: anchor, sets: 2, seconds: 30}
conditioning:
  bike:
    exercise: assault_bike
    failures_to_drop: 2
    success: {metric: avg_watts}
    levels:
      - {work_seconds: 20, rest_seconds: 100, rounds: 6, target: {avg_watts: 250}}
"""


def edit(line: int, new: str) -> str:
    """BASE with 1-based `line` replaced (keeps every other line where it was)."""
    lines = BASE.splitlines()
    assert lines[line - 1].strip(), "test bug: editing a blank line"
    lines[line - 1] = new
    return "\n".join(lines) + "\n"


def errors_of(text: str, catalog) -> list[str]:
    with pytest.raises(BrainInvalid) as info:
        load_brain_text(text, "brain.yaml", catalog)
    return [str(e) for e in info.value.errors]


def test_base_is_valid(catalog):
    brain = load_brain_text(BASE, "brain.yaml", catalog)
    assert brain.sessions.performance.slots[0].reps == (4, 6)
    assert brain.conditioning["bike"].start_level == 1
    assert brain.logic.patterns["carry"].cap == 8.0


def test_out_of_range_value(catalog):
    assert errors_of(edit(28, "        sets: 0"), catalog) == [
        "brain.yaml:28:15: sessions.performance.slots[0].sets: must be at least 1"
    ]


def test_wrong_type(catalog):
    assert errors_of(edit(14, "    performance_streak_limit: three"), catalog) == [
        "brain.yaml:14:31: logic.archetype.performance_streak_limit: must be a whole number"
    ]


def test_unknown_key_points_at_the_key(catalog):
    assert errors_of(edit(15, "    min_hours_betwen: 20"), catalog) == [
        "brain.yaml:14:5: logic.archetype.min_hours_between: required key missing",
        "brain.yaml:15:5: logic.archetype.min_hours_betwen: unknown key",
    ]


def test_missing_key_points_at_the_parent_mapping(catalog):
    assert errors_of(edit(39, "    # failures_to_drop removed"), catalog) == [
        "brain.yaml:38:5: conditioning.bike.failures_to_drop: required key missing"
    ]


def test_unknown_exercise_in_selections(catalog):
    assert errors_of(edit(20, "  squat: [back_squat, foo]"), catalog) == [
        "brain.yaml:20:23: selections.squat[1]: unknown exercise 'foo'"
    ]


def test_selection_of_the_wrong_pattern(catalog):
    assert errors_of(edit(21, "  hinge: [back_squat]"), catalog) == [
        "brain.yaml:21:11: selections.hinge[0]: 'back_squat' is a squat exercise, not hinge"
    ]


def test_unknown_pattern_key(catalog):
    (error,) = errors_of(edit(22, "  cores: [plank]"), catalog)
    assert error.startswith("brain.yaml:22:3: selections.cores: unknown key; must be one of: squat, hinge,")


def test_malformed_yaml(catalog):
    assert errors_of(edit(17, "  rest_seconds: {performance: 180, recovery: 90"), catalog) == [
        "brain.yaml:18:14: invalid YAML: did not find expected ',' or '}'"
        " (while parsing a flow mapping started at line 17, column 17)"
    ]


def test_bad_tags_are_reported_once(catalog):
    assert errors_of(edit(1, "version: !x 1"), catalog) == [
        "brain.yaml:1:10: version: invalid YAML: could not determine a constructor for the tag '!x'"
    ]
    assert errors_of(edit(28, "        sets: !!int four"), catalog) == [
        "brain.yaml:28:15: sessions.performance.slots[0].sets: invalid YAML: invalid literal for int() with base 10: 'four'"
    ]


def test_forbidden_characters(catalog):
    assert errors_of(edit(21, "  hinge: [dead\x01lift]"), catalog) == [
        "brain.yaml:21:15: invalid YAML: character '\\x01' is not allowed"
    ]


def test_duplicate_key(catalog):
    assert errors_of(edit(16, "    min_hours_between: 21"), catalog) == [
        "brain.yaml:14:5: logic.archetype.readiness_threshold: required key missing",
        "brain.yaml:16:5: logic.archetype.min_hours_between: duplicate key (first defined on line 15)",
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(catalog, text):
    assert errors_of(text, catalog) == [
        "brain.yaml:1:1: the file is empty; expected a mapping with version, logic, selections, sessions, conditioning"
    ]


def test_top_level_must_be_a_mapping(catalog):
    assert errors_of("- version\n- 1\n", catalog) == [
        "brain.yaml:1:1: the top level must be a mapping with version, logic, selections, sessions, conditioning"
    ]


def test_wrong_version(catalog):
    assert errors_of(edit(1, "version: 2"), catalog) == ["brain.yaml:1:10: version: must be one of: 1"]


def test_slot_needs_exactly_one_measure(catalog):
    assert errors_of(edit(30, "      - {pattern: core, sets: 2, seconds: 45, reps: [5, 8]}"), catalog) == [
        "brain.yaml:30:9: sessions.performance.slots[1]: needs exactly one of reps, seconds or distance"
    ]


def test_rep_range_must_be_ordered(catalog):
    assert errors_of(edit(29, "        reps: [6, 4]"), catalog) == [
        "brain.yaml:29:15: sessions.performance.slots[0].reps: the low end must not exceed the high end"
    ]


def test_rep_range_has_two_whole_numbers(catalog):
    assert errors_of(edit(29, "        reps: [4, 6.5]"), catalog) == [
        "brain.yaml:29:19: sessions.performance.slots[0].reps[1]: must be a whole number"
    ]


def test_slot_pattern_needs_selections(catalog):
    assert errors_of(edit(30, "      - {pattern: carry, sets: 2, distance: 40}"), catalog) == [
        "brain.yaml:30:19: sessions.performance.slots[1].pattern: no selections for pattern 'carry'"
    ]


def test_anchor_pattern_needs_selections(catalog):
    assert errors_of(edit(25, "    anchor_patterns: [squat, vertical_pull]"), catalog) == [
        "brain.yaml:25:30: sessions.performance.anchor_patterns[1]: no selections for pattern 'vertical_pull'"
    ]


def test_unknown_protocol(catalog):
    assert errors_of(edit(31, "    conditioning: [bike, rower]"), catalog) == [
        "brain.yaml:31:26: sessions.performance.conditioning[1]: unknown protocol 'rower'"
    ]


def test_protocol_exercise_must_be_conditioning(catalog):
    assert errors_of(edit(38, "    exercise: plank"), catalog) == [
        "brain.yaml:38:15: conditioning.bike.exercise: 'plank' is not a conditioning exercise"
    ]


def test_protocol_exercise_must_exist(catalog):
    assert errors_of(edit(38, "    exercise: bike_erg"), catalog) == [
        "brain.yaml:38:15: conditioning.bike.exercise: unknown exercise 'bike_erg'"
    ]


def test_level_target_needs_the_success_metric(catalog):
    line = "      - {work_seconds: 20, rest_seconds: 100, rounds: 6, target: {distance: 250}}"
    assert errors_of(edit(42, line), catalog) == [
        "brain.yaml:42:66: conditioning.bike.levels[0].target: needs the success metric 'avg_watts'"
    ]


def test_start_level_within_levels(catalog):
    assert errors_of(edit(39, "    start_level: 3"), catalog) == [
        "brain.yaml:38:5: conditioning.bike.failures_to_drop: required key missing",
    ]
    text = BASE.replace("    failures_to_drop: 2\n", "    failures_to_drop: 2\n    start_level: 3\n")
    assert errors_of(text, catalog) == [
        "brain.yaml:40:18: conditioning.bike.start_level: must be at most 1 (the number of levels)"
    ]


def test_every_pattern_needs_a_target(catalog):
    assert errors_of(edit(11, "    # carry removed"), catalog) == [
        "brain.yaml:4:5: logic.patterns.carry: required key missing"
    ]


def test_several_errors_are_all_reported_in_file_order(catalog):
    text = edit(28, "        sets: 0").replace("cap: 16}", "cap: -1}", 1)
    assert errors_of(text, catalog) == [
        "brain.yaml:4:34: logic.patterns.squat.cap: must be at least 0.1",
        "brain.yaml:28:15: sessions.performance.slots[0].sets: must be at least 1",
    ]


def test_exception_message_lists_every_error(catalog):
    with pytest.raises(BrainInvalid) as info:
        load_brain_text(edit(28, "        sets: 0"), "my.yaml", catalog)
    assert str(info.value) == "my.yaml:28:15: sessions.performance.slots[0].sets: must be at least 1"
    error = info.value.errors[0]
    assert (error.line, error.column, error.path) == (28, 15, "sessions.performance.slots[0].sets")


def test_the_default_brain_validates(brain, catalog):
    assert set(brain.logic.patterns) == set(PATTERNS), "the default Brain tracks every pattern"
    assert set(brain.selections) == set(PATTERNS), "and can plan every one of them"
    for archetype in ("performance", "recovery"):
        assert set(brain.template(archetype).anchor_patterns) <= set(COMPOUND_PATTERNS)
    performance, recovery = (
        [s.pattern for s in brain.template(a).slots if s.pattern in ACCESSORY_PATTERNS] for a in ("performance", "recovery"))
    assert 0 < len(recovery) < len(performance), "accessory slots on both days, fewer on Recovery"
    assert brain.selections["squat"][0] == "back_squat"
    assert brain.conditioning["bike_intervals"].exercise == "assault_bike"


def test_an_accessory_pattern_may_go_untracked_unless_it_is_scheduled(catalog):
    base = yaml.safe_load((DATA / "brain.yaml").read_text())
    del base["logic"]["patterns"]["neck"]  # no slot uses it: fine, its sets just pay nothing
    load_brain_text(yaml.safe_dump(base, sort_keys=False), "brain.yaml", catalog)
    del base["logic"]["patterns"]["calf"]  # the Recovery template has a calf slot
    with pytest.raises(BrainInvalid) as info:
        load_brain_text(yaml.safe_dump(base, sort_keys=False), "brain.yaml", catalog)
    assert [e.path + ": " + e.message for e in info.value.errors] == [
        "sessions.recovery.slots[3].pattern: pattern 'calf' has no target in logic.patterns"]
    del base["logic"]["patterns"]["squat"]  # a compound pattern is always required
    with pytest.raises(BrainInvalid) as info:
        load_brain_text(yaml.safe_dump(base, sort_keys=False), "brain.yaml", catalog)
    assert "logic.patterns.squat: required key missing" in str(info.value)


def test_catalog_muscles_come_from_the_closed_list():
    text = ("- {id: a, name: A, pattern: elbow_flexion, tracking: weight_reps, load_type: dumbbell, increment: 1,"
            " primary_muscles: [bicep]}\n")
    with pytest.raises(CatalogInvalid) as info:
        load_catalog_text(text, "catalog.yaml")
    messages = [e.path + ": " + e.message for e in info.value.errors]
    assert any(m.startswith("[0].primary_muscles[0]: must be one of: chest,") for m in messages), messages


def test_catalog_ratio_has_a_range():
    text = ("- {id: a, name: A, pattern: elbow_flexion, tracking: weight_reps, load_type: dumbbell, increment: 1,"
            " primary_muscles: [biceps], ratio: 9}\n")
    with pytest.raises(CatalogInvalid) as info:
        load_catalog_text(text, "catalog.yaml")
    assert [e.path + ": " + e.message for e in info.value.errors] == ["[0].ratio: must be at most 5"]


def test_brain_json_round_trip(brain):
    data = json.loads(json.dumps(brain_to_dict(brain)))
    assert set(data) == {"version", "logic", "selections", "sessions", "conditioning"}
    assert brain_from_dict(data) == brain


def test_catalog_loads_and_round_trips(catalog):
    assert len(catalog) == len(set(catalog)) >= 250
    assert catalog["lateral_raise"].pattern == "shoulder_isolation"
    assert catalog["romanian_deadlift"].ratio == 0.7 and catalog["deadlift"].ratio == 1.0
    assert catalog["bench_press"].primary_muscles == ("chest",)
    squat = catalog["back_squat"]
    assert (squat.pattern, squat.tracking, squat.increment, squat.is_custom) == ("squat", "weight_reps", 2.5, False)
    assert catalog["assault_bike"].modality == "bike"
    assert catalog_from_list(json.loads(json.dumps(catalog_to_list(catalog)))) == catalog


def test_catalog_errors(catalog):
    text = (
        "- {id: a, name: A, pattern: squat, tracking: weight_reps, load_type: barbell, increment: 2.5}\n"
        "- {id: a, name: B, pattern: squat, tracking: lifts, load_type: barbell, increment: 2.5}\n"
    )
    with pytest.raises(CatalogInvalid) as info:
        load_catalog_text(text, "catalog.yaml")
    (error,) = info.value.errors
    assert str(error).startswith("catalog.yaml:2:46: [1].tracking: must be one of: weight_reps, reps,")
    with pytest.raises(CatalogInvalid) as info:
        load_catalog_text(text.replace("lifts", "reps"), "catalog.yaml")
    assert [str(e) for e in info.value.errors] == ["catalog.yaml:2:8: [1].id: duplicate id 'a' (also item 0)"]
    with pytest.raises(CatalogInvalid, match=r"^catalog.yaml:1:1: the file is empty"):
        load_catalog_text("", "catalog.yaml")


def test_shipped_files_are_what_the_fixtures_load():
    assert (DATA / "brain.yaml").read_text().startswith("# The default Brain")


def test_a_selection_that_cannot_be_logged_as_the_slot_prescribes(catalog):
    # dead_bug is counted in reps: a slot prescribing seconds could never be logged as prescribed.
    errors = errors_of(edit(22, "  core: [plank, dead_bug]"), catalog)
    message = "'dead_bug' (a selection this slot can pick) is tracked as reps, so it cannot be prescribed seconds"
    assert errors == [
        f"brain.yaml:30:43: sessions.performance.slots[1].seconds: {message}",
        f"brain.yaml:35:45: sessions.recovery.slots[0].seconds: {message}",
    ]

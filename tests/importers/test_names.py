from __future__ import annotations

from types import SimpleNamespace

import pytest

from flux_tui.brain.models import ACCESSORY_PATTERNS, PATTERNS
from flux_tui.importers.names import NameIndex, custom_id, equipment_of, map_name, name_key, words


@pytest.mark.parametrize("name, expected", [
    ("Bench Press (Barbell)", "bench_press"),
    ("Squat (Barbell)", "back_squat"),
    ("Deadlift (Barbell)", "deadlift"),
    ("Pull Up", "pull_up"),
    ("Lat Pulldown (Cable)", "lat_pulldown"),
    ("Rowing (Machine)", "rowing_erg"),
    ("Overhead Press (Barbell)", "overhead_press"),
    ("Running", "run"),
    ("Plank", "plank"),
    # Strong / Hevy / FitNotes spellings of accessory work
    ("Bicep Curl (Dumbbell)", "dumbbell_curl"),
    ("Triceps Pushdown (Cable - Straight Bar)", "triceps_pushdown"),
    ("Leg Extension (Machine)", "leg_extension"),
    ("Seated Leg Curl (Machine)", "seated_leg_curl"),
    ("Standing Calf Raise (Machine)", "standing_calf_raise"),
    ("Lateral Raise (Dumbbell)", "lateral_raise"),
    ("Shrug (Dumbbell)", "dumbbell_shrug"),
    ("Hip Abductor (Machine)", "hip_abduction_machine"),
    ("Romanian Deadlift (Dumbbell)", "dumbbell_romanian_deadlift"),
    ("Bench Press - Close Grip (Barbell)", "close_grip_bench_press"),
    ("Seated Shoulder Press (Machine)", "machine_shoulder_press"),
    ("Chin Up (Assisted)", "assisted_chin_up"),  # assistance is not load: never pull_up's records
    ("Squat (Bodyweight)", "bodyweight_squat"),
    ("Pistol Squat (Bodyweight)", "pistol_squat"),  # equipment matches the catalog's load type
    ("Lat Pulldown - Close Grip (Cable)", "neutral_grip_pulldown"),
    ("  Back Squat  ", "back_squat"),
    ("Flat Barbell Bench Press", "bench_press"),
])
def test_common_names_map(index, name, expected):
    assert index.lookup(name) == expected


# Each normalisation rule: a name that only that rule brings to the catalog entry.
@pytest.mark.parametrize("rule, name, expected", [
    ("case", "BENCH PRESS, BARBELL", "bench_press"),  # not an alias in any case: the words are compared
    ("case", "hammer curl - dumbbell", "hammer_curl"),
    ("accents", "Rômanian Deadlift (Barbell)", "romanian_deadlift"),
    ("punctuation", "Bench-Press, (Barbell)!", "bench_press"),
    ("punctuation", "BENCH PRESS - BARBELL", "bench_press"),
    ("apostrophes", "Farmer’s Walk", "farmers_carry"),
    ("apostrophes", "Captains Chair Knee Raise", "hanging_knee_raise"),
    ("plurals", "Hammer Curls (Dumbbell)", "hammer_curl"),
    ("plurals", "Cable Crunches", "cable_crunch"),
    ("plurals", "Calves Raise (Machine)", "standing_calf_raise"),
    ("equipment as a prefix", "Dumbbell Romanian Deadlift", "dumbbell_romanian_deadlift"),
    ("equipment as a suffix", "Romanian Deadlift Dumbbell", "dumbbell_romanian_deadlift"),
    ("DB", "DB Bench Press", "dumbbell_bench_press"),
    ("BB", "BB Row", "barbell_row"),
    ("KB", "KB Goblet Squat", "goblet_squat"),
    ("EZ", "EZ Curl", "ez_bar_curl"),
    ("Smith", "Squat Smith", "smith_squat"),
    ("Machine", "Machine Leg Extension", "leg_extension"),
    ("Cable", "Lateral Raise Cable", "cable_lateral_raise"),
    ("word order", "Press Bench (Barbell)", "bench_press"),
    ("word order", "Curl Hammer (Dumbbell)", "hammer_curl"),
    ("one spelling", "Pull-Ups", "pull_up"),
    ("one spelling", "Pullup", "pull_up"),
    ("one spelling", "Chin-Ups", "chin_up"),
    ("one spelling", "Push-up", "push_up"),
    ("one spelling", "Skull Crusher (Barbell)", "skullcrusher"),
    ("one spelling", "Dumbbell Flye", "dumbbell_fly"),
    ("one spelling", "Biceps Curl (Barbell)", "barbell_curl"),
    ("abbreviations", "OHP", "overhead_press"),
    ("abbreviations", "RDL (Dumbbell)", "dumbbell_romanian_deadlift"),
    ("no equipment means the barbell", "Shrugs", "barbell_shrug"),
    ("the load type's equipment may be named", "Pull Up (Bodyweight)", "pull_up"),
])
def test_each_normalisation_rule(index, rule, name, expected):
    assert index.lookup(name) == expected, rule


@pytest.mark.parametrize("name, pattern, base, equipment", [
    # a known movement with other equipment: its pattern, the equipment noted
    ("Romanian Deadlift (Kettlebell)", "hinge", "romanian_deadlift", "kettlebell"),
    ("Lateral Raise (Kettlebell)", "shoulder_isolation", "lateral_raise", "kettlebell"),
    ("Squat (Band)", "squat", "back_squat", "band"),
    ("Hip Thrust (Dumbbell)", "hinge", "hip_thrust", "dumbbell"),
    # a known movement with words that do not change it
    ("Paused Front Squat (Barbell)", "squat", "front_squat", None),
    ("Sumo Box Squat (Kettlebell)", "squat", "back_squat", "kettlebell"),  # no known sumo box squat: a squat
    ("Wide Grip Seated Row (Band)", "horizontal_pull", "band_row", None),
    ("Single Arm Lat Pulldown - Underhand (Cable)", "vertical_pull", "lat_pulldown", None),
    ("Flat Barbell Bench Press (Each Side) (Smith Machine)", "horizontal_push", "bench_press", None),
    ("Shoulder Press", "vertical_push", "dumbbell_shoulder_press", None),  # dumbbell or machine: same pattern
])
def test_variants_of_known_movements_get_the_movements_pattern(index, name, pattern, base, equipment):
    found = index.match(name)
    assert (found.exercise_id, found.pattern, found.base_id, found.equipment, found.how) == (
        None, pattern, base, equipment, "variant")


@pytest.mark.parametrize("name, pattern", [
    ("Jalá Curl (Dumbbell)", "elbow_flexion"),
    ("Bayesian Spider Curl", "elbow_flexion"),
    ("Jalá Leg Curl", "knee_flexion"),
    ("Single Leg Jalá Curl", "knee_flexion"),
    ("Jalá Wrist Curl", "grip"),
    ("Jalá Pushdown", "elbow_extension"),
    ("Tate Jalá Press", "unassigned"),  # a press is a compound word: no rule guesses it
    ("Jalá Skullcrusher Press", "elbow_extension"),  # ...unless its head word can only be isolation
    ("Jalá Triceps Extension", "elbow_extension"),
    ("Triceps Jalá Push Up", "unassigned"),  # "triceps" alone does not outrank a compound word
    ("Y-T-W Lateral Raise", "shoulder_isolation"),
    ("Jalá Reverse Fly", "shoulder_isolation"),
    ("Jalá Fly", "horizontal_push"),
    ("Donkey Jalá Calf Press", "calf"),
    ("Jalá Shrug", "shrug"),
    ("Jalá Crunch", "trunk_flexion_rotation"),
    ("Jalá Adductor", "hip_abduction_adduction"),
    ("Jalá Neck Curl", "neck"),
    ("Treadmill Incline Walking", "conditioning"),
])
def test_isolation_work_is_known_by_its_head_words(index, name, pattern):
    assert index.match(name).pattern == pattern


@pytest.mark.parametrize("name", [
    "Zercher Squat", "Zercher Squat (Barbell)", "Jefferson Squat", "Hatfield Squat", "Spoto Press",
    "Anderson Press (Barbell)", "Jalá Row", "Jalá Deadlift", "Kang Lunge", "Press", "Seated Jalá Press",
    "Übung", "Жим лёжа", "", "()",
])
def test_unknown_compounds_are_not_guessed(index, name):
    found = index.match(name)
    assert (found.exercise_id, found.pattern) == (None, "unassigned")


def test_a_category_decides_only_isolation_work_and_ties(index):
    assert index.match("Jalá Thing", "Biceps").pattern == "elbow_flexion"
    assert index.match("Jalá Thing", "Triceps").pattern == "elbow_extension"
    assert index.match("Jalá Thing", "Cardio").pattern == "conditioning"
    assert index.match("Jalá Thing", "Chest").pattern == "unassigned"  # never a compound from a category
    assert index.match("Jalá Row", "Biceps").pattern == "unassigned"
    assert index.match("Jalá Thing").pattern == "unassigned"
    # "Kickback" is a glute kickback and a triceps kickback: the category settles it
    assert index.match("Kickback (Band)", "Legs").pattern == "hinge"
    assert index.match("Kickback (Band)", "Triceps").pattern == "elbow_extension"


def test_every_pattern_a_rule_gives_is_a_pattern(index, catalog):
    assert {index.match(n).pattern for n in ("Jalá Curl", "Jalá Shrug", "Jalá Neck", "Jalá Calf")} <= set(PATTERNS)
    assert {e["pattern"] for e in catalog.values()} == set(PATTERNS) | {"conditioning"}
    for pattern in ACCESSORY_PATTERNS:
        assert any(e["pattern"] == pattern for e in catalog.values()), pattern


def test_map_name_takes_objects_or_dicts():
    as_objects = {"x_press": SimpleNamespace(name="X Press", aliases=("Press X (Barbell)",), load_type="barbell")}
    as_dicts = {"x_press": {"name": "X Press", "aliases": ["Press X (Barbell)"]}}
    for catalog in (as_objects, as_dicts):
        assert map_name("press x (barbell)", catalog) == "x_press"
        assert map_name("X-Press", catalog) == "x_press"
        assert map_name("Y Press", catalog) is None


def test_ambiguous_keys_are_dropped():
    catalog = {"a": {"name": "Row A", "aliases": ["Row (Machine)"]},
               "b": {"name": "Row B", "aliases": ["Machine Row"]}}
    index = NameIndex(catalog)
    assert index.lookup("Row (Machine)") == "a"  # exact alias still wins
    assert index.lookup("Machine Row") == "b"
    assert index.lookup("Rows (Machine)") is None  # both claim the normalised key


def test_the_users_own_exercises_match_by_name_but_lend_no_pattern():
    catalog = {"custom_x": {"name": "Zercher Squat", "pattern": "squat", "is_custom": True}}
    index = NameIndex(catalog)
    assert index.match("Zercher Squat").exercise_id == "custom_x"
    assert index.match("Zercher Squat (Dumbbell)").pattern == "unassigned"


def test_words_and_equipment():
    assert words("Bench Press (Barbell)") == words("Barbell Bench Press") == (("bench", "press"), frozenset({"barbell"}))
    assert words("Smith Machine Squat") == (("squat",), frozenset({"smith"}))
    assert equipment_of("Curl (Dumbbell)") == equipment_of("DB Curl") == "dumbbell"
    assert equipment_of("Leg Press (Plate Loaded)") == "machine"
    assert equipment_of("Curl") is None
    assert name_key("Bench Press (Barbell)") == "barbell bench press"  # custom ids stay as they were


def test_custom_ids_are_stable_slugs():
    assert custom_id("Übung") == "custom_ubung"
    assert custom_id("Jalá Curl (Dumbbell)") == "custom_dumbbell_jala_curl"
    assert custom_id("Zercher Squats") == custom_id("zercher squat") == "custom_zercher_squat"
    cyrillic = custom_id("Жим лёжа")
    assert cyrillic.startswith("custom_") and len(cyrillic) == len("custom_") + 10
    assert custom_id("Жим лёжа") == cyrillic
    assert custom_id("Жим лёжа") != custom_id("Присед")
    long = custom_id("A" * 30 + " " + "B" * 30 + " " + "C" * 30)
    assert len(long) <= 7 + 60

from __future__ import annotations

from types import SimpleNamespace

import pytest

from flux_tui.importers.names import NameIndex, custom_id, equipment_of, map_name, name_key


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
    # normalisation: case, punctuation, parentheses order, plurals, hyphens
    ("bench press (barbell)", "bench_press"),
    ("BENCH PRESS - BARBELL", "bench_press"),
    ("Barbell Bench Press", "bench_press"),
    ("Pull-Ups", "pull_up"),
    ("Pullup", "pull_up"),
    ("pull ups", "pull_up"),
    ("Chin-Ups", "chin_up"),
    ("Farmer's Walk", "farmers_carry"),
    ("Farmers walk", "farmers_carry"),
    ("Cable Crunches", "cable_crunch"),
    ("  Back Squat  ", "back_squat"),
    ("Push-up", "push_up"),
    ("Flat Barbell Bench Press", "bench_press"),
    ("Pistol Squat (Bodyweight)", "pistol_squat"),  # equipment matches the catalog's load type
])
def test_common_names_map(index, name, expected):
    assert index.lookup(name) == expected


@pytest.mark.parametrize("name", [
    "Romanian Deadlift (Dumbbell)",  # catalog's RDL is a barbell movement: do not guess
    "Bicep Curl (Barbell)",
    "Übung",
    "",
    "()",
])
def test_names_that_must_not_map(index, name):
    assert index.lookup(name) is None


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


def test_name_key_moves_parentheses_first():
    assert name_key("Bench Press (Barbell)") == name_key("Barbell Bench Press") == "barbell bench press"
    assert equipment_of("Curl (Dumbbell)") == "dumbbell"
    assert equipment_of("Curl") is None


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

"""The set form's parser: accepted exactly as typed, or refused with a reason. Never a crash."""

from __future__ import annotations

import pytest

from flux_tui.ui.set_input import FieldError, ParsedSet, form_fields, parse_set_form
from flux_tui.units import KG_PER_LB


def errors_of(result) -> dict[str, str]:
    assert isinstance(result, list), f"expected a refusal, got {result!r}"
    assert all(isinstance(e, FieldError) for e in result)
    return {e.field: e.message for e in result}


def test_weight_and_reps_in_kg():
    assert parse_set_form({"weight": "100", "reps": "5"}, "weight_reps", "kg") == ParsedSet(weight=100.0, reps=5)


def test_pounds_are_stored_as_kilograms():
    parsed = parse_set_form({"weight": "225", "reps": "5"}, "weight_reps", "lb")
    assert parsed.weight == pytest.approx(225 * KG_PER_LB)


def test_comma_decimal_and_spaces():
    assert parse_set_form({"weight": " 102,5 ", "reps": "5 "}, "weight_reps", "kg").weight == 102.5


def test_blank_weight_means_no_added_load():
    assert parse_set_form({"weight": "", "reps": "8"}, "weight_reps", "kg") == ParsedSet(reps=8)


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"weight": "abc", "reps": "5"}, "weight", "not a number"),
        ({"weight": "-5", "reps": "5"}, "weight", "negative"),
        ({"weight": "2000", "reps": "5"}, "weight", "at most 1000 kg"),
        ({"weight": "100", "reps": "500"}, "reps", "at most 300"),
        ({"weight": "100", "reps": "5.5"}, "reps", "whole number"),
        ({"weight": "100", "reps": "0"}, "reps", "at least 1"),
        ({"weight": "100", "reps": ""}, "reps", "required"),
        ({"weight": "100", "reps": "5", "rpe": "11"}, "rpe", "at most 10"),
        ({"weight": "100", "reps": "5", "rpe": "0"}, "rpe", "at least 1"),
        ({"weight": "nan", "reps": "5"}, "weight", "not a number"),
        ({"weight": "inf", "reps": "5"}, "weight", "not a number"),
        ({"weight": "1e3", "reps": "5"}, "weight", "not a number"),
        ({"weight": "١٠٠", "reps": "5"}, "weight", "not a number"),
        ({"weight": "1" * 40, "reps": "5"}, "weight", "too long"),
        ({"weight": "100", "reps": "5", "set_type": "maybe"}, "set_type", "not a set type"),
        ({"weight": "100", "reps": "5", "rir": "10"}, "rir", "at most 9"),
        ({"weight": "100", "reps": "5", "rir": "2", "rpe": "8"}, "rir", "not both"),
        ({"weight": "100", "reps": "5", "seconds": "30"}, "seconds", "not used"),
    ],
)
def test_refusals_say_what_is_wrong(fields, field, words):
    messages = errors_of(parse_set_form(fields, "weight_reps", "kg"))
    assert field in messages and words in messages[field]


def test_every_bad_field_is_reported_at_once():
    messages = errors_of(parse_set_form({"weight": "2000", "reps": "500", "rpe": "11"}, "weight_reps", "kg"))
    assert set(messages) == {"weight", "reps", "rpe"}


def test_pound_limit_is_stated_in_pounds():
    messages = errors_of(parse_set_form({"weight": "2300", "reps": "5"}, "weight_reps", "lb"))
    assert "2204 lb" in messages["weight"]


@pytest.mark.parametrize(("text", "seconds"), [("45", 45.0), ("1:30", 90.0), ("1:02:03", 3723.0), ("0:05", 5.0)])
def test_times_in_seconds_or_clock_form(text, seconds):
    assert parse_set_form({"seconds": text}, "seconds", "kg").seconds == seconds


@pytest.mark.parametrize("text", ["1:75", "1:2:3:4", "0", "0:00", "abc", "99:00:00"])
def test_bad_times_are_refused(text):
    assert "seconds" in errors_of(parse_set_form({"seconds": text}, "seconds", "kg"))


def test_distance_and_time():
    assert parse_set_form({"distance": "5000", "seconds": "25:00"}, "distance_seconds", "kg") == ParsedSet(
        seconds=1500.0, distance=5000.0)


def test_weight_and_distance():
    assert parse_set_form({"weight": "32", "distance": "40"}, "weight_distance", "kg") == ParsedSet(
        weight=32.0, distance=40.0)


def test_intervals_go_into_metadata():
    parsed = parse_set_form({"rounds_completed": "6", "avg_watts": "262", "peak_hr": "171", "rpe": "9"},
                            "intervals", "kg")
    assert parsed == ParsedSet(rpe=9.0, metadata={"rounds_completed": 6, "avg_watts": 262.0, "peak_hr": 171})


def test_intervals_need_rounds():
    assert "rounds_completed" in errors_of(parse_set_form({"avg_watts": "250"}, "intervals", "kg"))


@pytest.mark.parametrize("typed,kind", [("working", "working"), ("", "working"), ("warm-up", "warmup"),
                                        ("Warmup", "warmup"), ("drop", "drop"), ("failure", "failure"),
                                        ("AMRAP", "amrap"), ("amrap", "amrap")])
def test_set_type_is_a_word_and_only_a_warm_up_is_flagged_one(typed, kind):
    parsed = parse_set_form({"reps": "10", "set_type": typed}, "reps", "kg")
    assert parsed.set_type == kind and parsed.is_warmup is (kind == "warmup")


def test_a_loaded_exercise_needs_its_weight_typed():
    assert errors_of(parse_set_form({"reps": "5"}, "weight_reps", "kg", weight_required=True)) == {
        "weight": "enter a working weight"}
    assert parse_set_form({"reps": "5"}, "weight_reps", "kg").weight is None, "else blank is no added load"


def test_rir_is_stored_as_rpe():
    assert parse_set_form({"reps": "5", "rir": "2"}, "reps", "kg").rpe == 8.0
    assert parse_set_form({"reps": "5", "rir": "0"}, "reps", "kg").rpe == 10.0


def test_unknown_tracking_and_unit_are_refused_not_crashed():
    assert errors_of(parse_set_form({"reps": "5"}, "juggling", "kg"))
    assert errors_of(parse_set_form({"reps": "5"}, "reps", "stone"))


def test_form_fields_follow_tracking():
    assert form_fields("weight_reps") == ("weight", "reps", "rpe", "set_type")
    assert form_fields("weight_reps", effort="rir") == ("weight", "reps", "rir", "set_type")
    assert form_fields("distance_seconds") == ("distance", "seconds", "rpe", "set_type")
    assert form_fields("intervals", ("avg_watts",)) == ("rounds_completed", "avg_watts", "peak_hr", "rpe", "set_type")


def test_values_are_the_store_keywords():
    parsed = parse_set_form({"weight": "60", "reps": "5", "rpe": "8", "set_type": "drop"}, "weight_reps", "kg")
    assert parsed.values() == {"weight": 60.0, "reps": 5, "seconds": None, "distance": None, "rpe": 8.0,
                               "is_warmup": False, "set_type": "drop", "metadata": {}}

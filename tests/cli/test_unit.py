"""The weight unit: a display setting; the store keeps kilograms."""

from __future__ import annotations

import pytest


def test_unit_defaults_to_kg_and_switches_what_is_shown_not_what_is_stored(cli, tmp_path):
    from tests.cli.history_builder import write_history

    assert cli("unit", "--json").json() == {"unit": "kg"}
    cli("import", "flux", str(write_history(tmp_path / "h.json", sessions=1)))
    in_kg = cli("history", "--exercise", "back_squat").out
    assert "100 kg" in in_kg
    assert cli("unit", "lb").status == 0
    in_lb = cli("history", "--exercise", "back_squat").out
    assert "220.5 lb" in in_lb and " kg" not in in_lb
    assert cli("history", "--exercise", "back_squat", "--json").json()["sets"][-1]["weight"] == 100.0
    with pytest.raises(SystemExit):  # argparse refuses an unknown unit
        cli("unit", "stone")


def test_bodyweight_is_logged_in_the_unit_given_and_listed_by_local_day(cli):
    assert cli("bodyweight", "82.5").status == 0
    logged = cli("bodyweight", "180", "--unit", "lb", "--json").json()
    assert logged["kg"] == round(180 * 0.45359237, 3) and (logged["weight"], logged["unit"]) == (180.0, "lb")
    listing = cli("bodyweight", "--json").json()
    assert [r["kg"] for r in listing] == [82.5, logged["kg"]]
    assert "82.5 kg" in cli("bodyweight").out


@pytest.mark.parametrize("typed,message", [("abc", "not a number"), ("5", "out of range (20 to 400"),
                                           ("1e3", "not a number")])
def test_a_bad_bodyweight_is_named_and_nothing_is_logged(cli, typed, message):
    result = cli("bodyweight", typed)
    assert result.status == 2 and message in result.err and "Traceback" not in result.err
    assert cli("bodyweight", "--json").json() == []

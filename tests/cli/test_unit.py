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

"""The command line, end to end over a real store in a temporary FLUX_HOME."""

from __future__ import annotations

import json
import re

import pytest


def test_plan_json_has_the_documented_keys(cli):
    result = cli("plan", "--json")
    assert result.status == 0, result.err
    plan = result.json()
    assert plan["archetype"] in ("performance", "recovery")
    assert plan["anchor_pattern"] and plan["reason"]
    assert plan["slots"], "a plan has slots"
    for slot in plan["slots"]:
        assert {"pattern", "exercise", "sets"} <= slot.keys()
        assert "reps" in slot or "seconds" in slot or "distance" in slot
    assert {"protocol", "level"} <= plan["conditioning"].keys()


def test_seed_twice_changes_nothing(cli, flux_home):
    first = cli("seed", "--json").json()
    assert first["changed"] is True and first["exercises"] >= 60
    snapshot = (flux_home / "flux.sqlite3").stat().st_size
    second = cli("seed", "--json").json()
    assert second["changed"] is False
    state = cli("state", "--rebuild", "--json").json()
    assert state["matched"] is True
    assert (flux_home / "flux.sqlite3").stat().st_size == snapshot


def test_state_json_keys(cli):
    state = cli("state", "--json").json()
    assert set(state) >= {"pattern_debts", "conditioning_levels"}
    assert "squat" in state["pattern_debts"]


def test_validate_default_and_a_broken_file(cli, tmp_path):
    assert cli("validate").status == 0
    broken = tmp_path / "brain.yaml"
    broken.write_text("version: 1\nlogic: [unclosed\n", encoding="utf-8")
    result = cli("validate", str(broken))
    assert result.status == 1
    assert result.err.startswith(f"{broken}:")


def test_validate_reports_line_and_column_of_a_bad_value(cli, tmp_path):
    from flux_tui.training import default_brain_text

    lines = default_brain_text().splitlines()
    # Make the first `sets:` value zero and check the error points at it.
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("sets:") or " sets: " in line)
    column = lines[index].index("sets:") + len("sets: ") + 1
    lines[index] = lines[index][: column - 1] + "0" + lines[index][column - 1 :].lstrip("0123456789")
    path = tmp_path / "brain.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("validate", str(path))
    assert result.status == 1
    first = result.err.splitlines()[0]
    assert first.startswith(f"{path}:{index + 1}:{column}: ")
    assert ".sets: " in first


def test_unknown_key_is_an_error(cli, tmp_path):
    from flux_tui.training import default_brain_text

    path = tmp_path / "brain.yaml"
    path.write_text(default_brain_text() + "\nsesions: {}\n", encoding="utf-8")
    result = cli("validate", str(path))
    assert result.status == 1 and "sesions" in result.err


def test_seed_with_an_invalid_brain_changes_nothing(cli, tmp_path):
    cli("seed")
    before = cli("plan", "--json").out
    path = tmp_path / "bad.yaml"
    path.write_text("version: 1\n", encoding="utf-8")
    result = cli("seed", "--brain", str(path))
    assert result.status == 1 and "bad.yaml" in result.err
    assert cli("plan", "--json").out == before


def test_history_is_empty_then_lists_an_imported_session(cli, tmp_path):
    assert cli("history", "--json").json() == []
    document = {
        "version": 1,
        "sessions": [{
            "id": "6f1c1d52-8a8e-4c53-9a55-4d2b5ad0a001", "started_at": "2026-03-02T08:00:00+00:00",
            "completed_at": "2026-03-02T09:00:00+00:00", "archetype": "performance", "anchor_pattern": "squat",
            "status": "completed", "notes": "felt good, \"heavy\"",
            "sets": [{"id": "6f1c1d52-8a8e-4c53-9a55-4d2b5ad0b001", "exercise": "back_squat", "set_index": 0,
                      "weight": 100.0, "reps": 5, "seconds": None, "rpe": 8, "is_warmup": False,
                      "metadata": {}, "logged_at": "2026-03-02T08:10:00+00:00"}],
        }],
    }
    path = tmp_path / "history.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert cli("import", "flux", str(path)).status == 0
    sessions = cli("history", "--json").json()
    assert [s["date"] for s in sessions] == ["2026-03-02"]
    assert sessions[0]["sets"][0]["weight"] == 100.0
    by_exercise = cli("history", "--exercise", "Squat (Barbell)", "--json").json()
    assert by_exercise["exercise"] == "back_squat" and len(by_exercise["sets"]) == 1
    assert cli("history", "--exercise", "nonsense").status == 1


def test_flux_json_round_trip_through_reset(cli, tmp_path):
    from tests.cli.history_builder import write_history

    path = write_history(tmp_path / "in.json", sessions=12)
    assert cli("import", "flux", str(path)).status == 0
    state_before = cli("state", "--json").json()
    history_before = cli("history", "--json", "--limit", "0").json()
    exported = tmp_path / "out.json"
    assert cli("export", "--format", "json", "-o", str(exported)).status == 0
    assert cli("reset", "--yes").status == 0
    assert cli("history", "--json").json() == []
    assert cli("import", "flux", str(exported)).status == 0
    assert cli("history", "--json", "--limit", "0").json() == history_before
    assert cli("state", "--json").json() == state_before
    again = cli("import", "flux", str(exported), "--json").json()
    assert again["sessions_added"] == 0 and again["sets_added"] == 0


def test_import_rebuilds_state_and_matches(cli, tmp_path):
    from tests.cli.history_builder import write_history

    before = cli("state", "--json").json()
    path = write_history(tmp_path / "in.json", sessions=20)
    cli("import", "flux", str(path))
    after = cli("state", "--rebuild", "--json").json()
    assert after["matched"] is True
    assert after["pattern_debts"] != before["pattern_debts"]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["sessions"][0]["sets"][0].update(exercise="moon_walk"), "moon_walk"),
        (lambda d: d["sessions"][0]["sets"][0].update(weight=-1), "sessions[0].sets[0].weight"),
        (lambda d: d["sessions"][0].update(archetype="party"), "sessions[0].archetype"),
        (lambda d: d.update(version=99), "version"),
        (lambda d: d["sessions"][0]["sets"][0].update(reps="five"), "sessions[0].sets[0].reps"),
    ],
)
def test_bad_flux_json_is_refused_whole_with_its_place(cli, tmp_path, mutate, message):
    from tests.cli.history_builder import history_document

    document = history_document(sessions=3)
    mutate(document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = cli("import", "flux", str(path))
    assert result.status == 1
    assert message in result.err and "Traceback" not in result.err
    assert cli("history", "--json").json() == []


def test_reset_without_a_terminal_refuses_without_yes(cli_process):
    cli_process("seed")
    result = cli_process("reset", stdin="")
    assert result.status == 2 and "--yes" in result.err
    assert cli_process("exercises", "--json").status == 0


@pytest.mark.parametrize(
    "args",
    [
        ("import", "flux", "/no/such/file.json"),
        ("validate", "/no/such/brain.yaml"),
        ("history", "--limit", "-3"),
        ("exercises", "assign", "Nope", "squat"),
    ],
)
def test_errors_are_one_line_without_traceback(cli_process, args):
    result = cli_process(*args)
    assert result.status != 0
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_store_from_a_newer_version_is_a_clear_error(cli_process, flux_home):
    import sqlite3

    cli_process("seed")
    with sqlite3.connect(flux_home / "flux.sqlite3") as conn:
        conn.execute("PRAGMA user_version = 999")
    result = cli_process("plan")
    assert result.status == 1 and "newer flux-tui" in result.err and "Traceback" not in result.err


def test_custom_exercise_gets_assigned_a_pattern(cli, tmp_path):
    from tests.cli.history_builder import history_document

    document = history_document(sessions=2)
    # A provisional id, as the CSV importers make them: the store gives it its final form.
    document["custom_exercises"] = [{"id": "custom_zercher_squat", "name": "Zercher Squat", "pattern": "unassigned",
                                      "tracking": "weight_reps", "load_type": "barbell"}]
    document["sessions"][0]["sets"][0]["exercise"] = "custom_zercher_squat"
    path = tmp_path / "c.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert cli("import", "flux", str(path)).status == 0
    assert cli("exercises", "assign", "Zercher Squat", "squat").status == 0
    mine = [e for e in cli("exercises", "--json").json() if e["is_custom"]]
    assert len(mine) == 1 and mine[0]["name"] == "Zercher Squat" and mine[0]["pattern"] == "squat"
    assert re.fullmatch(r"custom_[0-9a-f]{32}", mine[0]["id"])
    history = cli("history", "--json").json()
    assert mine[0]["id"] in {s["exercise"] for session in history for s in session["sets"]}
    # The same file again maps to the same id: nothing new.
    assert cli("import", "flux", str(path), "--json").json()["sets_added"] == 0
    assert cli("state", "--rebuild", "--json").json()["matched"] is True


def test_a_stored_brain_altered_into_other_valid_json_is_named_not_a_key_error(cli_process, flux_home):
    import sqlite3

    cli_process("seed")
    with sqlite3.connect(flux_home / "flux.sqlite3") as conn:
        conn.execute("UPDATE user_configs SET selections = replace(selections, 'front_squat', 'front_sqtat')")
    result = cli_process("plan")
    assert result.status == 1
    assert "front_sqtat" in result.err and "flux.sqlite3" in result.err and "KeyError" not in result.err
    assert cli_process("seed").status == 0 and cli_process("plan").status == 0

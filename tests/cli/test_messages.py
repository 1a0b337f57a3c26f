"""Every failure says what and where, with its own exit status; a closed pipe ends quietly; a terminal
that cannot show a character gets a replacement. Through the real console script, as a user runs it."""

from __future__ import annotations

import json
import subprocess

import pytest

from flux_tui.timefmt import utc_now
from tests.reliability.helpers import FLUX_TUI, Run, assert_one_line_error, clean_env, cli
from tests.reliability.test_one_truth import strong_csv


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    return home


def test_a_terminal_that_cannot_show_a_character_gets_a_replacement(home, tmp_path):
    csv = strong_csv(tmp_path / "s.csv", 3, utc_now())
    run = cli(home, "import", "strong", str(csv), PYTHONIOENCODING="ascii")  # the summary has a '→'
    assert run.status == 0, run
    assert "imported 3 sessions" in run.out and "?" in run.out and "Traceback" not in run.err


def test_a_closed_pipe_ends_quietly(home, tmp_path):
    csv = strong_csv(tmp_path / "s.csv", 2000, utc_now())  # more than a pipe holds
    assert cli(home, "import", "strong", str(csv)).status == 0
    for command in ("history --limit 0", "history --limit 0 --json", "export --format csv"):
        done = subprocess.run(f"'{FLUX_TUI}' {command} | head -1; echo \"status ${{PIPESTATUS[0]}}\"",
                              shell=True, executable="/bin/bash", capture_output=True, text=True,
                              env=clean_env(home), cwd=home, timeout=60)
        assert done.stdout.splitlines()[-1] == "status 0", (command, done.stdout[-200:], done.stderr)
        assert done.stderr == "", (command, done.stderr)


def test_flux_home_pointing_at_a_file_is_named(tmp_path):
    not_a_folder = tmp_path / "flux-home"
    not_a_folder.write_text("I am a file")
    done = subprocess.run([str(FLUX_TUI), "plan"], env=clean_env(not_a_folder), cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    run = Run(done.returncode, done.stdout, done.stderr)
    assert_one_line_error(run, str(not_a_folder), "is a file, not a folder", "FLUX_HOME")
    assert "File exists" not in run.err


def test_a_read_only_data_directory_reads_and_refuses_writes_by_name(home, tmp_path):
    """A store on a read-only mount (a backup disk) can be read: history, plan, state, export work and
    change nothing; every write refuses naming the folder as read-only, not "it may be damaged". A
    read-only mount, as root ignores permission bits (the suite runs as root in CI)."""
    assert cli(home, "seed").status == 0
    csv = strong_csv(tmp_path / "s.csv", 3, utc_now())
    assert cli(home, "import", "strong", str(csv)).status == 0
    mount = home.parent / "ro"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")  # under CI=true a skip fails loudly, as it should
    try:
        (mount / "flux.sqlite3").write_bytes((home / "flux.sqlite3").read_bytes())
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        before = (mount / "flux.sqlite3").read_bytes()
        assert json.loads(cli(mount, "state", "--json").out) == json.loads(cli(home, "state", "--json").out)
        assert json.loads(cli(mount, "state", "--rebuild", "--json").out)["matched"] is True
        assert len(json.loads(cli(mount, "history", "--json").out)) == 3
        assert cli(mount, "plan").out == cli(home, "plan").out
        assert len(json.loads(cli(mount, "plan", "--days", "3", "--json").out)) == 3
        exported = tmp_path / "out.json"
        assert cli(mount, "export", "-o", str(exported)).status == 0 and exported.stat().st_size > 0
        for command in (("seed",), ("import", "strong", str(csv)), ("reset", "--yes")):
            run = cli(mount, *command)
            assert_one_line_error(run, str(mount), "read-only")
            assert "damaged" not in run.err, run.err
        assert (mount / "flux.sqlite3").read_bytes() == before
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_read_only_folder_without_a_store_is_named(home):
    mount = home.parent / "ro-empty"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        assert_one_line_error(cli(mount, "plan"), str(mount), "read-only", "no store yet")
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_json_nested_too_deeply_is_named_not_a_recursion_error(home, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    run = cli(home, "import", "flux", str(path))
    assert_one_line_error(run, str(path), "nested too deeply")
    assert "RecursionError" not in run.err


def test_a_brain_nested_too_deeply_is_named(home, tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("version: 1\nlogic: " + "[" * 5000 + "]" * 5000 + "\n")
    for command in (("seed", "--brain", str(path)), ("validate", str(path))):
        run = cli(home, *command)
        assert run.status == 1 and f"{path}:" in run.err and "RecursionError" not in run.err, run


@pytest.mark.parametrize("cell", ["٣٠٠", "1e3", "inf", "nan", "1_000", "+5", "300000"])
def test_the_importers_read_numbers_by_the_one_rule(home, tmp_path, cell):
    """The set form's rule: ASCII digits, finite, within the documented bounds — the row is skipped, named."""
    path = tmp_path / "strong.csv"
    path.write_text(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Weight Unit,Reps,RPE,Distance,Distance Unit,"
        "Seconds,Notes,Workout Notes\n"
        f"2026-01-05 07:00:00,Legs,1h 0m,Squat (Barbell),1,{cell},kg,5,,,,,,\n"
        "2026-01-05 07:00:00,Legs,1h 0m,Squat (Barbell),2,100,kg,5,,,,,,\n", encoding="utf-8")
    run = cli(home, "import", "strong", str(path), "--json")
    assert run.status == 0, run
    assert f"skipped {path}:2: " in run.err
    assert json.loads(run.out)["sets_added"] == 1


def test_json_output_is_strict(home):
    from flux_tui.cli.common import emit
    from flux_tui.cli.errors import CliError

    with pytest.raises(CliError, match="not a finite number|Out of range"):
        emit({"debt": float("inf")}, True, str)
    run = cli(home, "state", "--json")
    json.loads(run.out, parse_constant=lambda name: pytest.fail(f"{name} in strict JSON output"))


def test_what_a_set_may_hold_on_input_fits_what_the_store_and_server_keep():
    """units.py bounds what is typed or imported; limits.py what is stored: the first within the second."""
    from flux_tui import units
    from flux_tui.limits import LIMITS

    for column, bound in (("weight", units.MAX_WEIGHT_KG), ("reps", units.MAX_REPS), ("seconds", units.MAX_SECONDS),
                          ("distance", units.MAX_DISTANCE_M), ("rpe", units.MAX_RPE),
                          ("set_index", units.MAX_SET_INDEX)):
        assert LIMITS[("workout_sets", column)].low <= 0 and bound <= LIMITS[("workout_sets", column)].high, column


@pytest.mark.parametrize(("field", "value", "message"), [
    ("reps", "true", "sessions[0].sets[0].reps: input should be a valid integer"),
    ("reps", "100000000000000000000000", "sessions[0].sets[0].reps: input should be less than or equal to 300"),
    ("weight", "1e999", "sessions[0].sets[0].weight: input should be less than or equal to 1000"),
    ("weight", "NaN", "NaN is not a JSON number"),
    ("is_warmup", "1", "sessions[0].sets[0].is_warmup: input should be a valid boolean"),
])
def test_flux_json_numbers_follow_the_one_rule(home, tmp_path, field, value, message):
    from tests.cli.history_builder import history_document

    document = json.dumps(history_document(sessions=1)).replace(f'"{field}": ', f'"{field}": {value}, "_was": ', 1)
    path = tmp_path / "bad.json"
    path.write_text(document, encoding="utf-8")
    run = cli(home, "import", "flux", str(path))
    assert_one_line_error(run, str(path), message)


def test_a_flux_session_in_the_future_or_ending_before_it_starts_is_refused(home, tmp_path):
    from tests.cli.history_builder import history_document

    for change, message in ((lambda s: s.update(started_at="2099-01-01T09:00:00+00:00", completed_at=None),
                             "sessions[0].started_at: 2099-01-01T09:00:00+00:00 is in the future"),
                            (lambda s: s.update(completed_at="2026-01-01T00:00:00+00:00"),
                             "sessions[0].completed_at: 2026-01-01T00:00:00+00:00 is before its started_at")):
        document = history_document(sessions=1)
        change(document["sessions"][0])
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        assert_one_line_error(cli(home, "import", "flux", str(path)), str(path), message)


def test_a_refused_row_that_is_not_there_is_named(home):
    assert cli(home, "seed").status == 0
    assert_one_line_error(cli(home, "refused", "show", "nosuch"), "no refused row 'nosuch'")
    assert_one_line_error(cli(home, "refused", "drop", "nosuch", "--yes"), "no refused row 'nosuch'")

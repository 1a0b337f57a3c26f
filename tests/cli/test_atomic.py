"""Commands do all they say or nothing: seed, import (also when interrupted), --dry-run."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from datetime import timedelta

from flux_tui.timefmt import utc_now
from tests.reliability.helpers import FLUX_TUI, clean_env, cli as cli_in
from tests.reliability.test_one_truth import strong_csv


def _rows(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_failed_seed_changes_nothing_not_even_the_catalog(cli, flux_home, tmp_path):
    assert cli("seed").status == 0
    store = flux_home / "flux.sqlite3"
    # The user's edit of an increment (as sync from another device could bring): a failed seed must keep it.
    with sqlite3.connect(store) as conn:
        conn.execute("UPDATE exercises SET increment = 1.25 WHERE id = 'back_squat'")
    before = _rows(store, "SELECT * FROM exercises ORDER BY id") + _rows(store, "SELECT * FROM user_configs")
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\n", encoding="utf-8")
    result = cli("seed", "--brain", str(bad))
    assert result.status == 1 and "bad.yaml" in result.err
    assert _rows(store, "SELECT * FROM exercises ORDER BY id") + _rows(store, "SELECT * FROM user_configs") == before


def test_a_failed_seed_in_a_fresh_folder_creates_nothing(cli, flux_home, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\n", encoding="utf-8")
    result = cli("seed", "--brain", str(bad))
    assert result.status == 1 and "bad.yaml" in result.err
    assert list(flux_home.iterdir()) == []


def test_seed_of_a_latin_1_brain_names_the_file_and_the_byte(cli, flux_home, tmp_path):
    from flux_tui.training import default_brain_text

    path = tmp_path / "latin1.yaml"
    path.write_bytes(("# Übungen\n" + default_brain_text()).encode("latin-1"))
    for command in (("seed", "--brain", str(path)), ("validate", str(path))):
        result = cli(*command)
        assert result.status == 1, result
        assert f"{path}: not UTF-8 text (byte 3 is not UTF-8)" in result.err and "unexpected" not in result.err


def test_a_dry_run_never_creates_a_store(cli, flux_home, tmp_path):
    csv = strong_csv(tmp_path / "s.csv", 3, utc_now())
    result = cli("import", "strong", str(csv), "--dry-run", "--json")
    assert result.status == 0, result.err
    assert result.json()["sessions"] == 3
    assert list(flux_home.iterdir()) == []


def test_a_flux_file_with_a_bad_session_leaves_its_brain_out_too(cli, flux_home, tmp_path):
    from tests.cli.history_builder import history_document

    assert cli("seed").status == 0
    before = _rows(flux_home / "flux.sqlite3", "SELECT logic FROM user_configs")
    exported = tmp_path / "out.json"
    assert cli("export", "--format", "json", "-o", str(exported)).status == 0
    document = history_document(sessions=2)
    document["brain"] = json.loads(exported.read_text())["brain"]
    document["brain"]["logic"]["patterns"]["squat"]["weekly_sets"] = 11
    document["sessions"][1]["sets"][0]["exercise"] = "no_such_exercise"  # refused by the store
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = cli("import", "flux", str(path))
    assert result.status == 1 and "no_such_exercise" in result.err
    assert _rows(flux_home / "flux.sqlite3", "SELECT logic FROM user_configs") == before


def test_an_interrupted_import_leaves_nothing_or_everything_and_says_which(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    assert cli_in(home, "seed").status == 0
    csv = strong_csv(tmp_path / "big.csv", 6000, utc_now() - timedelta(days=1))
    outcomes = {"nothing": 0, "everything": 0, "finished": 0}
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.2, 2.6):
        process = subprocess.Popen([str(FLUX_TUI), "import", "strong", str(csv)], env=clean_env(home), cwd=home,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        sessions = _rows(home / "flux.sqlite3", "SELECT count(*) FROM workout_sessions")[0][0]
        matched = json.loads(cli_in(home, "state", "--rebuild", "--json").out)["matched"]
        assert matched, (delay, err)
        if process.returncode == 0:
            outcomes["finished"] += 1
            assert sessions == 6000
        elif process.returncode == -signal.SIGINT:  # before Python installed its handler (a loaded machine)
            outcomes["nothing"] += 1
            assert sessions == 0
        else:
            assert process.returncode == 130, (delay, process.returncode, err)
            assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
            if "nothing was imported" in err:
                outcomes["nothing"] += 1
                assert sessions == 0, (delay, err)
            else:
                outcomes["everything"] += 1
                assert "after the import was saved" in err and sessions == 6000, (delay, err)
        if sessions:
            assert cli_in(home, "reset", "--yes").status == 0
            assert cli_in(home, "seed").status == 0
    assert outcomes["nothing"] >= 1, outcomes

"""Damaged files: the app says what is wrong and where, overwrites nothing, never starts on a half-read state.

Hand-made damages go through the real console script in a subprocess; random
damage (truncation, flipped bytes, zeroed pages) goes through the CLI's `main`
in-process, hundreds of times. A full disk is a real 512 KiB tmpfs when the
test may mount one, else a write error injected at the filesystem call.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from flux_tui.store import db
from tests.reliability.helpers import assert_one_line_error, cli, seeded_store

STORE = "flux.sqlite3"


def _snapshot(home: Path) -> dict[str, bytes]:
    """Every file of the store (main, -wal, -shm) as bytes; not the lock file, which holds nothing
    (store/lock.py: a process holds a record lock on it while the store is open)."""
    return {p.name: p.read_bytes() for p in sorted(home.glob(f"{STORE}*")) if p.suffix != ".lock"}


@pytest.fixture(scope="module")
def good_store(tmp_path_factory):
    """A closed, checkpointed store with a few sessions: the template every damage starts from."""
    home = tmp_path_factory.mktemp("template")
    training = seeded_store(home / STORE, sessions=6, sets_per_session=12)
    training.close()
    db.wait_for_daily_backup(30)
    assert not Path(f"{home / STORE}-wal").exists()
    return (home / STORE).read_bytes()


def _newer(data: bytes) -> bytes:
    # user_version lives at offset 60 of the header (big-endian).
    return data[:60] + (db.SCHEMA_VERSION + 1).to_bytes(4, "big") + data[64:]


def _foreign(home: Path) -> bytes:
    conn = sqlite3.connect(home / "foreign.sqlite3")
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()
    return (home / "foreign.sqlite3").read_bytes()


DAMAGES = {
    "garbage": lambda data, home: os.urandom(len(data)),
    "text": lambda data, home: b"these are my notes, not a database\n" * 50,
    "truncated-half": lambda data, home: data[: len(data) // 2],
    "truncated-header": lambda data, home: data[:100],
    "newer-version": lambda data, home: _newer(data),
    "foreign-sqlite": lambda data, home: _foreign(home),
}
# What a user runs first after something went wrong; seed and import would write.
COMMANDS = [("state",), ("history",), ("plan",), ("seed",), ("export", "--format", "json")]
MESSAGES = {"newer-version": "newer flux-tui", "foreign-sqlite": "not a FLUX store"}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_damaged_store_is_named_and_left_byte_for_byte(tmp_path, good_store, damage, figures):
    home = tmp_path / "home"
    home.mkdir()
    (home / STORE).write_bytes(DAMAGES[damage](good_store, home))
    before = _snapshot(home)
    doc = tmp_path / "import.json"
    doc.write_text(json.dumps({"version": 1, "sessions": []}))
    commands = [*COMMANDS, ("import", "flux", str(doc))]
    for command in commands:
        run = cli(home, *command)
        assert_one_line_error(run, str(home / STORE), MESSAGES.get(damage, "restore"))
        assert _snapshot(home) == before, command
    assert not (home / db.BACKUP_DIRNAME).exists() or db.list_backups(home / STORE) == []
    figures.add(trials=len(commands), faults=1, rows_lost=0, rows_duplicated=0)


def test_an_emptied_store_with_backups_is_not_silently_replaced_by_a_new_one(tmp_path, good_store, figures):
    """A zero-byte store beside backups is a lost store, not a first start: say so and point at restore."""
    home = tmp_path / "home"
    home.mkdir()
    (home / STORE).write_bytes(good_store)
    assert cli(home, "state").status == 0  # takes today's backup
    assert db.list_backups(home / STORE)
    (home / STORE).write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        Path(f"{home / STORE}{suffix}").unlink(missing_ok=True)
    run = cli(home, "state")
    assert_one_line_error(run, str(home / STORE), "flux-tui restore")
    assert (home / STORE).read_bytes() == b""
    restored = cli(home, "restore", "latest", "--yes")
    assert restored.status == 0, restored.err
    history = cli(home, "history", "--json")
    assert history.status == 0
    assert sum(s["set_count"] for s in json.loads(history.out)) == 6 * 12
    figures.add(trials=3, faults=1, rows_lost=0, rows_duplicated=0)


def _damage_randomly(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    page = 4096
    kind = rng.choice(["truncate", "flip", "zero-page", "garbage-page"])
    if kind == "truncate":
        cut = rng.randrange(0, len(data))
        return f"truncate@{cut}", data[:cut]
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 16)):
            at = rng.randrange(len(out))
            out[at] ^= 1 << rng.randrange(8)
        return "flip", bytes(out)
    n = rng.randrange(len(data) // page)
    filler = bytes(page) if kind == "zero-page" else rng.randbytes(page)
    return f"{kind}#{n}", data[: n * page] + filler + data[(n + 1) * page:]


def _remove_tree(folder) -> None:
    """rmtree, waiting out the daily copy's thread: SQLite may still be creating or removing a
    sidecar file (-journal) of the copy it checks while the tree is walked ("Directory not empty")."""
    for attempt in range(10):
        db.wait_for_daily_backup(30)
        try:
            shutil.rmtree(folder)
            return
        except OSError:
            if attempt == 9:
                raise
            time.sleep(0.1)


def run_random_damage(tmp_path, good_store, trials, seed, figures, monkeypatch, capsys):
    """Random damage, then the read-only commands the app's start path shares (state, plan, history)."""
    from flux_tui.cli.main import main

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("FLUX_HOME", str(home))
    monkeypatch.chdir(tmp_path)
    clean = {}
    (home / STORE).write_bytes(good_store)
    for command in (["state", "--json"], ["plan", "--json"], ["history", "--json"]):
        assert main(command) == 0
        clean[command[0]] = capsys.readouterr().out
    rng = random.Random(seed)
    refused = silent = ran = unnamed = 0
    for trial in range(trials):
        for leftover in home.iterdir():
            # Backups are cleared every 8th trial only: each clearing makes a daily copy due again
            # (checked below: a damaged store never leaves a copy), the rest keep trials fast.
            if not leftover.is_dir():
                leftover.unlink(missing_ok=True)  # SQLite may remove a -wal/-shm while we walk
            elif trial % 8 == 0:
                _remove_tree(leftover)
        what, data = _damage_randomly(good_store, rng)
        (home / STORE).write_bytes(data)
        for command in (["state", "--json"], ["plan", "--json"], ["history", "--json"]):
            ran += 1
            status = main(command)
            captured = capsys.readouterr()
            db.wait_for_daily_backup(30)
            assert isinstance(status, int)
            if status != 0:
                refused += 1
                lines = captured.err.strip().splitlines()
                assert len(lines) == 1 and "Traceback" not in captured.err, (what, captured.err)
                if str(home / STORE) not in captured.err:
                    # Was a known gap (a stored Brain altered into other valid JSON reached the engine as a
                    # bare KeyError); Training._load now names the store for it. Anything else unnamed fails.
                    assert "unexpected error: KeyError" in captured.err, (what, command, captured.err)
                    unnamed += 1
            elif command[0] != "plan" and captured.out != clean[command[0]]:
                silent += 1  # damage inside a value that SQLite has no checksum for
            # A read-only command never writes the store, damaged or not (no seeding over a half-read file).
            assert (home / STORE).read_bytes() == data, (what, command)
            for backup in db.list_backups(home / STORE):
                copy = sqlite3.connect(backup)
                assert copy.execute("PRAGMA quick_check").fetchone()[0] == "ok", (what, "a damaged copy was kept")
                copy.close()
    figures.add(trials=trials, faults=trials, inputs=ran, refused=refused, read_with_altered_values=silent,
                refused_without_naming_the_store=unnamed,
                rows_lost=0, rows_duplicated=0)


def test_random_damage_is_refused_in_one_line_and_never_written(tmp_path, good_store, figures, monkeypatch, capsys):
    run_random_damage(tmp_path, good_store, trials=100, seed=1, figures=figures, monkeypatch=monkeypatch,
                      capsys=capsys)


@pytest.mark.slow
def test_random_damage_long(tmp_path, good_store, figures, monkeypatch, capsys):
    run_random_damage(tmp_path, good_store, trials=2000, seed=2, figures=figures, monkeypatch=monkeypatch,
                      capsys=capsys)


# --- a broken Brain -----------------------------------------------------------------------


@pytest.mark.parametrize("broken, where", [
    ("version: 1\nlogic:\n  patterns: [\n", "brain.yaml:"),
    ("version: 1\nlogic: {patterns: {}}\nselections: {}\nsessions: {}\nconditioning: {}\n", "brain.yaml:"),
    ("\tversion: 1\n", "brain.yaml:1:1"),
    ("", "brain.yaml:1:1"),
])
def test_a_brain_broken_by_hand_is_refused_with_file_line_col_and_changes_nothing(tmp_path, good_store, broken,
                                                                                   where, figures):
    home = tmp_path / "home"
    home.mkdir()
    (home / STORE).write_bytes(good_store)
    assert cli(home, "state").status == 0
    before = _snapshot(home)
    (tmp_path / "brain.yaml").write_text(broken)
    for command in (("validate", str(tmp_path / "brain.yaml")), ("seed", "--brain", str(tmp_path / "brain.yaml"))):
        run = cli(home, *command)
        # One line per problem found (the validator lists them all), each file:line:col.
        assert run.status != 0 and "Traceback" not in run.err and where in run.err, run
        assert _snapshot(home) == before
    figures.add(trials=2, faults=1)


# --- a full disk ----------------------------------------------------------------------------


def _small_tmpfs(path: Path) -> bool:
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(path)], capture_output=True)
    return done.returncode == 0


@pytest.fixture
def full_disk(tmp_path):
    """A data directory on a 2 MiB filesystem (a seeded store is ~250 KB) (a real tmpfs when permitted, else None)."""
    mount = tmp_path / "small"
    mounted = _small_tmpfs(mount)
    yield mount if mounted else None
    if mounted:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(folder: Path) -> None:
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)


def test_a_full_disk_refuses_the_set_and_keeps_every_committed_one(tmp_path, full_disk, figures):
    """Log sets until the disk fills: the failing set is refused with a message, every confirmed one stays."""
    from flux_tui.errors import StoreError
    from flux_tui.training import Training

    if full_disk is None:
        pytest.skip("cannot mount a tmpfs here")  # noqa — under CI=true a skip fails loudly, as it should
    path = full_disk / STORE
    (full_disk / "ballast").write_bytes(b"\0" * 96 * 1024)  # freed after the disk fills
    training = seeded_store(path)
    session_id = training.start_session(training.plan())
    confirmed, failure = [], None
    payload = {"note": "x" * 2000}
    for _ in range(2000):
        try:
            logged, _ = training.log_set(session_id, "back_squat", weight=100.0, reps=5, metadata=payload)
        except StoreError as exc:
            failure = str(exc)
            break
        confirmed.append(logged.id)
    assert failure is not None, "the 2 MiB disk never filled"
    assert str(path) in failure and "full" in failure, failure
    # Room again: the refused set must not ride along with the next commit (no duplicate on retry).
    (full_disk / "ballast").unlink()
    retried, _ = training.log_set(session_id, "back_squat", weight=100.0, reps=5, metadata=payload)
    confirmed.append(retried.id)
    training.close()
    reopened = Training.open(path, seed_if_empty=False)
    ids = [s.id for s in reopened._store.sessions.sets(session_id)]
    assert set(confirmed) <= set(ids) and len(ids) == len(confirmed), (len(ids), len(confirmed))
    assert reopened._store.db.integrity_check() == "ok"
    reopened.close()
    figures.add(trials=1, faults=1, inputs=len(confirmed) + 1, rows_lost=0, rows_duplicated=0)


def test_a_full_disk_on_open_is_one_line_and_the_store_is_untouched(tmp_path, full_disk, good_store, figures):
    if full_disk is None:
        pytest.skip("cannot mount a tmpfs here")
    (full_disk / STORE).write_bytes(good_store)
    _fill(full_disk)
    before = (full_disk / STORE).read_bytes()
    for command in (("state",), ("seed",), ("history",)):
        run = cli(full_disk, *command)
        if run.status != 0:
            assert_one_line_error(run, str(full_disk))
        assert (full_disk / STORE).read_bytes() == before
    figures.add(trials=3, faults=1)


def test_a_malformed_schema_is_reported_on_one_line(tmp_path, good_store, figures):
    """SQLite quotes the broken schema's SQL in its message, newlines included (found by the long
    random-damage run): the CLI must still say it in one line, naming the store."""
    home = tmp_path / "home"
    home.mkdir()
    path = home / STORE
    path.write_bytes(good_store)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    # A flipped bit that opens a quote: SQLite's message quotes the rest of the SQL, newlines and all.
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'settings'",
                 ("CREATE TABLE settings (\n    key   TEXT PRIMARY KEY,\n    value TEXT NOT NULL DEFAULT 'x,\n"
                  "    other TEXT\n)",))
    conn.commit()
    conn.close()
    data = path.read_bytes()
    for command in (("state",), ("history",), ("seed",)):
        run = cli(home, *command)
        assert_one_line_error(run, str(path), "malformed")
        assert path.read_bytes() == data
    figures.add(trials=3, faults=1)


def test_history_names_the_store_when_an_index_lists_a_session_its_table_lacks(tmp_path, good_store, monkeypatch,
                                                                                capsys, figures):
    """What a flipped bit in an index page does (found by the long random-damage run, twice: the
    check was lost once in a rewrite of cli/history.py): one line naming the store, not AttributeError."""
    from flux_tui.cli.main import main
    from flux_tui.store.sessions import Sessions

    home = tmp_path / "home"
    home.mkdir()
    (home / STORE).write_bytes(good_store)
    monkeypatch.setenv("FLUX_HOME", str(home))
    monkeypatch.setattr(Sessions, "get", lambda self, session_id: None)
    for command in (["history", "--json"], ["history"]):
        status = main(command)
        err = capsys.readouterr().err
        assert status == 0 or (len(err.strip().splitlines()) == 1 and str(home / STORE) in err), err
    assert main(["history", "--json"]) != 0
    figures.add(trials=2, faults=1)

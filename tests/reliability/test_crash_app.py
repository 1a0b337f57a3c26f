"""kill -9 the real app, driven by keys in tmux: every set the screen confirmed survives, and the session resumes.

The console script `flux-tui` runs in a private tmux server with its own
FLUX_HOME. Each trial starts the app, resumes (or starts) the session, logs
sets by typing (enter opens the set form, enter logs the prescribed set,
escape skips the rest timer; f y finishes), and kills the app with SIGKILL at
a random moment: during start-up, right after the key that commits a set,
while the set is shown, during the rest timer, right after starting or
finishing a session. Before the kill the pane is captured: the ✓ rows on the
session screen are the sets the app has confirmed (it draws ✓ only after the
commit returned). After the kill:

- every confirmed set is in the store (rows lost), and the store never holds
  more sets than log keys were sent (rows duplicated);
- PRAGMA integrity_check is ok and every unsynced set has its outbox entry;
- on restart the resume prompt names the session with exactly the stored
  number of sets, and `enter` resumes it with that many ✓ rows.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.reliability.helpers import FLUX_TUI, audit_store, clean_env, cli

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed (tests/stack/setup.sh installs it)")

WIDTH, HEIGHT = 150, 60
RESUME = re.compile(r"(\d+) sets? logged \((\d+) working\)")


class App:
    def __init__(self, home: Path, socket: str):
        self.home = home
        self.socket = socket

    def tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10)
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {args}: {done.stderr}")
        return done.stdout

    def start(self) -> int:
        self.started = getattr(self, "started", 0) + 1
        self.socket = f"{self.socket.split('~')[0]}~{self.started}"  # a fresh server: the last one may be exiting
        env = clean_env(self.home, TEXTUAL_ANIMATIONS="none", TERM="xterm-256color")
        command = " ".join(["env", *(f"{k}={v}" for k, v in env.items() if k in (
            "FLUX_HOME", "PYTHONPATH", "TEXTUAL_ANIMATIONS", "NO_COLOR", "PATH", "HOME", "LANG", "LC_ALL")),
                            str(FLUX_TUI)])
        # remain-on-exit: if the app ever exits by itself, its last screen (a traceback?) stays readable.
        self.tmux("new-session", "-d", "-s", "app", "-x", str(WIDTH), "-y", str(HEIGHT), command,
                  ";", "set-option", "-t", "app", "remain-on-exit", "on")
        return int(self.tmux("display-message", "-p", "-t", "app", "#{pane_pid}").strip())

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app", check=False)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "app", *keys)

    def wait_for(self, predicate, timeout=20.0, label="") -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if predicate(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"{label} timed out; the screen shows:\n{text}")
            time.sleep(0.03)

    def press_until(self, key, predicate, tries=4, wait=1.5) -> str:
        """Send `key` until the screen shows its effect (a key sent while a screen mounts can be dropped)."""
        for attempt in range(tries):
            self.keys(key)
            try:
                return self.wait_for(predicate, timeout=wait)
            except AssertionError:
                if attempt == tries - 1:
                    raise

    def kill(self, pid: int) -> None:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.002)
        self.tmux("kill-server", check=False)


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for tmux to reap it counts as dead: it can no longer write)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:  # gone (ENOENT), or going while we read (ESRCH)
        return False


def _flat(text: str) -> str:
    return " ".join(re.sub(r"[█│▌]", " ", text).split())


def checked_on_screen(text: str) -> int:
    """Rows the session screen marks ✓ (logged, committed)."""
    return sum(1 for line in text.splitlines() if line.lstrip().startswith("✓"))


def on_session(text: str) -> bool:
    return ("Prescribed" in text and "working set" in text and "Unfinished session" not in text
            and "Loading" not in text and "Rest" not in text and "enter logs" not in text)


def store_counts(path: Path) -> tuple[int, int]:
    """(live sets in the active session, live sets in all)."""
    conn = sqlite3.connect(path)
    try:
        active = conn.execute(
            "SELECT count(*) FROM workout_sets w JOIN workout_sessions s ON s.id = w.session_id "
            "WHERE s.status = 'active' AND w.deleted_at IS NULL").fetchone()[0]
        total = conn.execute("SELECT count(*) FROM workout_sets WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        conn.close()
    return active, total


def run_app_trials(tmp_path, trials, seed, figures):
    home = tmp_path / "home"
    home.mkdir()
    assert cli(home, "seed").status == 0
    path = home / "flux.sqlite3"
    app = App(home, f"flux-rel-{os.getpid()}-{seed}")
    rng = random.Random(seed)
    confirmed_before = 0  # sets in sessions already confirmed finished
    log_keys = 0  # how many set-logging enters were sent, ever: the ceiling on stored sets
    lost = duplicated = resumed = unloggable = 0
    moments: dict[str, int] = {}
    try:
        for trial in range(trials):
            pid = app.start()
            moment = rng.choice(["start-up", "after-log-key", "after-log-key", "after-log-key", "shown",
                                 "rest-timer", "after-start", "after-finish"])
            moments[moment] = moments.get(moment, 0) + 1
            if moment == "start-up":
                time.sleep(rng.uniform(0.0, 0.6))
                confirmed = None
            else:
                # The store says whether a session was left active: then the resume prompt must come.
                has_active = audit_store(path).active_sessions == 1
                # (The prompt may wrap, and its text may land a frame after its title: wait for the count.)
                text = app.wait_for((lambda t: RESUME.search(_flat(t))) if has_active else
                                    (lambda t: "Last session" in t), label=f"trial {trial}: start")
                active, _ = store_counts(path)
                if has_active:
                    match = RESUME.search(_flat(text))
                    assert match and int(match.group(1)) == active, (trial, match and match.group(0), active)
                    app.keys("Enter")
                    text = app.wait_for(on_session)
                    assert checked_on_screen(text) == active, (trial, text)
                    resumed += 1
                else:
                    app.keys("s")
                    if moment == "after-start":
                        time.sleep(rng.uniform(0, 0.05))
                        app.kill(pid)
                        _audit(path, None, confirmed_before, log_keys, trial)
                        continue
                    text = app.wait_for(on_session)
                confirmed = checked_on_screen(text)
                for _ in range(rng.randint(0, 1)):
                    if confirmed >= 10 or "▶" not in text:
                        break
                    before = confirmed
                    app.keys("Enter")
                    app.wait_for(lambda t: "enter logs" in t)
                    app.keys("Enter")
                    log_keys += 1
                    text = app.wait_for(lambda t: checked_on_screen(t) > before or "Not logged" in t,
                                        label=f"trial {trial}: {before} ✓ before")
                    if "Not logged" in text:
                        # The form could not log the prescription as it stands (a time prescribed for an
                        # exercise tracked by reps): type the missing value into the field it focused.
                        unloggable += 1
                        app.keys("10", "Enter")
                        app.wait_for(lambda t: checked_on_screen(t) > before, label=f"trial {trial}: typed")
                    confirmed += 1
                    app.keys("Escape")  # skip the rest timer (if the set started one)
                    text = app.wait_for(on_session)
                if confirmed >= 10 or "▶" not in text or moment == "after-finish":
                    app.press_until("f", lambda t: "Finish the session?" in t)
                    app.keys("y")
                    time.sleep(rng.uniform(0, 0.05))
                    text = app.screen()
                    app.kill(pid)
                    # The summary on screen means the finish was committed; either way no set may be lost.
                    _audit(path, confirmed, confirmed_before, log_keys, trial, maybe_finished=True)
                    if store_counts(path)[0] == 0:
                        confirmed_before += confirmed
                    continue
                if moment == "after-log-key":
                    app.keys("Enter")
                    app.wait_for(lambda t: "enter logs" in t)
                    app.keys("Enter")  # the commit is in flight when the kill lands
                    log_keys += 1
                    time.sleep(rng.uniform(0, 0.03))
                elif moment == "rest-timer":
                    app.keys("Enter")
                    app.wait_for(lambda t: "enter logs" in t)
                    app.keys("Enter")
                    log_keys += 1
                    app.wait_for(lambda t: checked_on_screen(t) > confirmed or "Not logged" in t)
                    time.sleep(rng.uniform(0, 0.2))
                confirmed = max(confirmed, checked_on_screen(app.screen()))
            app.kill(pid)
            problems = _audit(path, confirmed, confirmed_before, log_keys, trial)
            lost += problems[0]
            duplicated += problems[1]
    finally:
        app.tmux("kill-server", check=False)
    if unloggable:
        figures.note(f"{unloggable} prescribed set(s) could not be logged with enter alone (Not logged: a field to fix)")
    figures.add(trials=trials, faults=trials, inputs=log_keys, resumes=resumed, rows_lost=lost, prescriptions_needing_typing=unloggable,
                rows_duplicated=duplicated, **{f"kills_{k}": v for k, v in moments.items()})
    assert resumed > 0


def _audit(path, confirmed_active, confirmed_before, log_keys, trial, maybe_finished=False):
    """`confirmed_active`: ✓ rows of the session on screen at the kill; `confirmed_before`: sets of
    sessions already finished; `maybe_finished`: the kill landed on a finish (either outcome is fine)."""
    audit = audit_store(path)
    assert audit.integrity == "ok", (trial, audit.integrity)
    assert audit.unsynced_without_outbox == 0, trial
    assert audit.active_sessions <= 1
    active, total = store_counts(path)
    confirmed_active = confirmed_active or 0
    lost = max(0, confirmed_before + confirmed_active - total)
    if not (maybe_finished and active == 0):
        lost = max(lost, confirmed_active - active)
    duplicated = max(0, total - log_keys)
    assert lost == 0, f"trial {trial}: {lost} set(s) the screen confirmed are not in the store"
    assert duplicated == 0, f"trial {trial}: {total} sets stored for {log_keys} log keys"
    return lost, duplicated


def test_kill_9_the_app_while_logging_by_keys(tmp_path, figures):
    run_app_trials(tmp_path, trials=int(os.environ.get("FLUX_APP_TRIALS", 50)), seed=11, figures=figures)


@pytest.mark.slow
def test_kill_9_the_app_while_logging_by_keys_long(tmp_path, figures):
    run_app_trials(tmp_path, trials=300, seed=12, figures=figures)


# --- the app's start path on a damaged store ---------------------------------------------------------


def _damaged_stores(tmp_path, count, seed):
    from tests.reliability.test_corruption import DAMAGES, _damage_randomly
    from tests.reliability.helpers import seeded_store

    template = tmp_path / "template"
    template.mkdir()
    seeded_store(template / "flux.sqlite3", sessions=4, sets_per_session=8).close()
    good = (template / "flux.sqlite3").read_bytes()
    for name in ("garbage", "truncated-half", "newer-version", "foreign-sqlite"):
        yield name, DAMAGES[name](good, template), True
    rng = random.Random(seed)
    for _ in range(count):
        what, data = _damage_randomly(good, rng)
        yield what, data, False


def test_the_app_names_a_damaged_store_and_writes_nothing(tmp_path, figures):
    """Start the app on damaged stores: it says which file and what is wrong, and `s` changes nothing.
    Random damage may leave a readable store (then the app may run); it must never crash."""
    refused = opened = 0
    for n, (what, data, must_refuse) in enumerate(_damaged_stores(tmp_path, count=8, seed=5)):
        home = tmp_path / f"home{n}"
        home.mkdir()
        path = home / "flux.sqlite3"
        path.write_bytes(data)
        app = App(home, f"flux-rel-damaged-{os.getpid()}-{n}")
        pid = app.start()
        try:
            text = app.wait_for(lambda t: "Cannot open the store" in t or "Last session" in t
                                or "Unfinished session" in t or not _alive(pid), label=what)
            if "Cannot open the store" in text:
                refused += 1
                # The message wraps inside its panel (a toast may cover part of it for a moment):
                # compare without line breaks and borders, and give the screen time to settle.
                app.wait_for(lambda t: str(path) in re.sub(r"[\s│▌]", "", t), timeout=8,
                             label=f"{what}: the message does not name {path}")
                app.keys("s")
                time.sleep(0.4)
                assert path.read_bytes() == data, f"{what}: the app wrote to a store it could not open"
            else:
                assert not must_refuse, f"{what}: the app started on it:\n{text}"
                assert _alive(pid), f"{what}: the app died:\n{text}"
                opened += 1
        finally:
            app.kill(pid)
    figures.add(trials=refused + opened, faults=refused + opened, refused=refused, opened_readable=opened)

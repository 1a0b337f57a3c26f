"""End to end: the installed `flux-tui` in a real terminal (tmux), typed at like a person.

Today -> s -> enter (log the prescribed set) -> escape (skip the rest) -> ... -> f, y -> summary
-> enter -> Today -> q; then `flux-tui history --json` must show the finished session and its sets.
Every wait polls the screen against a deadline; the only fixed pause is after a Tab (a focus
move changes nothing in the captured text).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

TMUX = shutil.which("tmux") or "/usr/bin/tmux"


def flux_tui() -> str:
    found = Path(sys.executable).parent / "flux-tui"
    return str(found) if found.exists() else (shutil.which("flux-tui") or "")


pytestmark = pytest.mark.skipif(not Path(TMUX).exists() or not flux_tui(),
                                reason="needs tmux and the installed flux-tui console script")


class Terminal:
    def __init__(self, socket: str, env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True, check=check,
                              env=self.env)

    def start(self, command: str) -> None:
        self.tmux("new-session", "-d", "-x", "100", "-y", "30", "-s", "flux", command)

    def screen(self) -> str:
        result = self.tmux("capture-pane", "-p", "-t", "flux", check=False)
        return result.stdout

    def wait_for(self, *texts: str, gone: str | None = None, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(t in screen for t in texts) and (gone is None or gone not in screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"waited {timeout:g} s for {texts!r} (gone: {gone!r}); the screen shows:\n{screen}")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "flux", *keys)

    def alive(self) -> bool:
        return self.tmux("has-session", "-t", "flux", check=False).returncode == 0

    def wait_exit(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                return
            time.sleep(0.05)
        raise AssertionError(f"flux-tui did not exit; the screen shows:\n{self.screen()}")

    def close(self) -> None:
        self.tmux("kill-server", check=False)


def log_prescribed_sets(terminal: Terminal, count: int) -> None:
    """On the session screen: enter, enter (the prescribed set), escape (skip the rest), `count` times.
    With no history the form asks for a working weight instead of guessing one: 20 is typed then."""
    for logged in range(1, count + 1):
        terminal.keys("Enter")
        screen = terminal.wait_for("Weight (kg)", "enter logs")
        if "enter a working weight" in screen:
            terminal.keys("2", "0")
        terminal.keys("Enter")
        terminal.wait_for("Rest", "esc skip", f"{logged} working set")
        terminal.keys("Escape")
        terminal.wait_for("Log set", gone="esc skip")


def test_a_person_logs_a_session_in_a_real_terminal(tmp_path):
    home = tmp_path / "flux-home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPABASE_", "TMUX"))}
    env.update(FLUX_HOME=str(home), TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    terminal = Terminal(f"flux-e2e-{os.getpid()}", env)
    command = f"cd {shlex.quote(str(tmp_path))} && exec {shlex.quote(flux_tui())}"
    terminal.start(f"env FLUX_HOME={shlex.quote(str(home))} sh -c {shlex.quote(command)}")
    try:
        terminal.wait_for("FLUX · Today", "anchor", "Start session", timeout=30)
        terminal.keys("s")
        terminal.wait_for("Exercise", "Prescribed", "Finish")

        log_prescribed_sets(terminal, 2)

        terminal.keys("f")
        terminal.wait_for("Finish the session?")
        terminal.keys("y")
        terminal.wait_for("Session complete", "→", "2 working sets")
        terminal.keys("Enter")
        terminal.wait_for("FLUX · Today", "Last session:", "2 working sets")
        terminal.keys("q")
        terminal.wait_exit()
    finally:
        terminal.close()

    result = subprocess.run([flux_tui(), "history", "--json"], capture_output=True, text=True, env=env,
                            timeout=60, check=True)
    sessions = json.loads(result.stdout)
    assert len(sessions) == 1
    (session,) = sessions
    assert session["status"] == "completed" and session["completed_at"]
    assert len(session["sets"]) == 2
    assert all(s["weight"] == 20.0 and s["reps"] == 4 for s in session["sets"])


def test_a_key_remapped_in_config_toml_starts_the_session(tmp_path):
    """`[keymap]` in $FLUX_HOME/config.toml: `b` starts the session, `s` no longer does, the footer says b."""
    home = tmp_path / "flux-home"
    home.mkdir()
    (home / "config.toml").write_text('units = "kg"\n\n[keymap]\n"today.start" = "b"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPABASE_", "TMUX", "FLUX_"))}
    env.update(FLUX_HOME=str(home), TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    keys = subprocess.run([flux_tui(), "keys", "--json"], capture_output=True, text=True, env=env, timeout=60)
    assert keys.returncode == 0, keys.stderr
    assert {"id": "today.start", "key": "b", "screen": "today", "description": "Start session"} in json.loads(keys.stdout)
    terminal = Terminal(f"flux-e2e-keys-{os.getpid()}", env)
    command = f"cd {shlex.quote(str(tmp_path))} && exec {shlex.quote(flux_tui())}"
    terminal.start(f"env FLUX_HOME={shlex.quote(str(home))} sh -c {shlex.quote(command)}")
    try:
        terminal.wait_for("FLUX · Today", "anchor", "b Start session", timeout=30)
        terminal.keys("s")  # the old key: nothing happens
        terminal.keys("h")  # a key left alone still works: History opens, so `s` was read and ignored
        terminal.wait_for("History · 0 sessions")
        terminal.keys("Escape")
        terminal.wait_for("FLUX · Today", "b Start session")
        assert "Prescribed" not in terminal.screen()
        terminal.keys("b")
        terminal.wait_for("Exercise", "Prescribed", "Finish")
        terminal.keys("Escape")
        terminal.wait_for("FLUX · Today", "Session in progress")
        terminal.keys("q")
        terminal.wait_exit()
    finally:
        terminal.close()
    result = subprocess.run([flux_tui(), "history", "--json", "--limit", "0"], capture_output=True, text=True,
                            env=env, timeout=60, check=True)
    assert json.loads(result.stdout) == []  # the session is active, not in history; and `s` started nothing else


def test_a_bad_config_toml_is_named_by_line_and_the_app_starts_on_defaults(tmp_path):
    home = tmp_path / "flux-home"
    home.mkdir()
    (home / "config.toml").write_text('# mine\nunits = "stone"\n\n[keymap]\n"today.start" = "b"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPABASE_", "TMUX", "FLUX_"))}
    env.update(FLUX_HOME=str(home), TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    keys = subprocess.run([flux_tui(), "keys"], capture_output=True, text=True, env=env, timeout=60)
    assert keys.returncode == 1
    assert keys.stderr.strip() == f"flux-tui: {home / 'config.toml'}:2: units: Input should be 'kg' or 'lb'"
    terminal = Terminal(f"flux-e2e-badconf-{os.getpid()}", env)
    command = f"cd {shlex.quote(str(tmp_path))} && exec {shlex.quote(flux_tui())}"
    terminal.start(f"env FLUX_HOME={shlex.quote(str(home))} sh -c {shlex.quote(command)}")
    try:
        terminal.wait_for("FLUX · Today", "s Start session", "config.toml:2", timeout=30)  # defaults, and said why
        terminal.keys("q")
        terminal.wait_exit()
    finally:
        terminal.close()


# The default Brain's first two Performance slots (the squat anchor and the row), made superset A.
ANCHOR = "      - {pattern: anchor, sets: 4, reps: [4, 6], rest_seconds: 180, rpe: 8}\n"
PULL = "      - {pattern: horizontal_pull, sets: 3, reps: [6, 10]}\n"


def test_a_whole_session_with_a_superset_a_swap_an_added_and_a_custom_exercise_is_stored_as_typed(tmp_path):
    """Issue 16 in a real terminal, on a Brain (seeded with `flux-tui seed --brain`) whose squat and row are
    superset A: the form alternates squat, row, squat, row and the rest comes only after each row; a drop
    set (`t` cycles the type) inside the superset; a swap of the squat's last sets (the new exercise stays
    in the superset); an added exercise; one created in the picker. Every set in the store is then
    compared with what was typed, in order."""
    from flux_tui.training import default_brain_text

    home = tmp_path / "flux-home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPABASE_", "TMUX"))}
    env.update(FLUX_HOME=str(home), TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    text = default_brain_text()
    assert ANCHOR in text and PULL in text, "test bug: the default Brain's Performance slots moved"
    brain = tmp_path / "superset.yaml"
    brain.write_text(text.replace(ANCHOR, ANCHOR.replace("}", ", group: A}"))
                     .replace(PULL, PULL.replace("}", ", group: A}")), encoding="utf-8")
    seeded = subprocess.run([flux_tui(), "seed", "--brain", str(brain)], capture_output=True, text=True, env=env,
                            timeout=60)
    assert seeded.returncode == 0, seeded.stderr
    terminal = Terminal(f"flux-e2e-whole-{os.getpid()}", env)
    command = f"cd {shlex.quote(str(tmp_path))} && exec {shlex.quote(flux_tui())}"
    terminal.start(f"env FLUX_HOME={shlex.quote(str(home))} sh -c {shlex.quote(command)}")
    logged = 0

    def log(exercise: str, heading: str, *typed: str, up_next: str | None = None, wait: str = "Weight",
            drop: bool = False) -> None:
        """Open the form on the cursor's set (it must be `exercise`'s `heading`), type, log. With `up_next`
        the round is over: the rest timer must come, naming the set after it; without, it must not."""
        nonlocal logged
        terminal.keys("Enter")
        terminal.wait_for(exercise, heading, wait, "enter logs")
        if drop:
            terminal.keys("t", "t")  # working -> warm-up -> drop
            terminal.wait_for("drop")
        terminal.keys(*typed, "Enter")
        logged += 1
        count = f"{logged} working set{'s' if logged > 1 else ''}"
        if up_next is None:
            # within a round: straight back to the session, no timer in between
            terminal.wait_for(count, "Log set", gone="enter logs")
            assert "esc skip" not in terminal.screen(), f"a rest within the superset, after {exercise} {heading}"
            return
        terminal.wait_for("Rest", "esc skip", up_next)
        terminal.keys("Escape")
        terminal.wait_for(count, "Log set", gone="esc skip")

    try:
        terminal.wait_for("FLUX · Today", "anchor", "Start session", timeout=30)
        terminal.keys("s")
        terminal.wait_for("A · Back Squat", "A · Barbell Row", "Prescribed", "Finish")
        log("Back Squat", "set 1 of 4", "6", "0")                               # 60 × 4 (reps prefilled)
        log("Barbell Row", "set 1 of 3", "4", "0", up_next="Back Squat set 2")  # 40 × 6: the round ends
        log("Back Squat", "set 2 of 4", "5", "0", drop=True)                   # a drop set at 50, still no rest
        log("Barbell Row", "set 2 of 3", "4", "0", up_next="Back Squat set 3")

        terminal.keys("x")                              # swap what is left of the squat
        terminal.wait_for("Swap Back Squat")
        terminal.keys(*"front", "Enter")
        terminal.wait_for("A · Front Squat", gone="Swap Back Squat")
        log("Front Squat", "set 1 of 2", "5", "0")      # front squat 50 × 4: the cursor is on it, still in A
        log("Barbell Row", "set 3 of 3", "4", "0", up_next="Front Squat set 2")
        # the row is done: the front squat's last set ends the superset, rests, and the plan goes on
        log("Front Squat", "set 2 of 2", "5", "0", up_next="Bulgarian Split Squat set 1")

        terminal.keys("a")                              # an added exercise
        terminal.wait_for("Add an exercise")
        terminal.keys(*"chin-up", "Enter")
        terminal.wait_for("Chin-up", gone="Add an exercise")
        log("Chin-up", "set 1 of 3", "8", wait="Reps", up_next="Chin-up set 2")

        terminal.keys("a")                              # one that is in no catalog: created here
        terminal.wait_for("Add an exercise")
        terminal.keys(*"zercher")
        terminal.wait_for("create 'zercher'")
        terminal.keys("Enter")
        terminal.wait_for("Create 'zercher'", "Pattern")
        terminal.keys("Enter")
        terminal.wait_for("hinge")  # the pattern list is open
        terminal.keys("Down", "Enter")
        # squat in the pattern field (the title's "· squat" has one space), and the list closed: the
        # tracking field it covered shows again only once the Select holds the value (else ctrl+s could
        # be handled first and answer "pick a pattern", as it did on a loaded machine)
        terminal.wait_for("▊  squat ", "weight reps")
        terminal.keys("C-s")
        terminal.wait_for("zercher", gone="Create 'zercher'")
        terminal.keys("Enter")                          # zercher 40 × 5: nothing to prefill
        terminal.wait_for("enter a working weight", "Reps")
        terminal.keys("4", "0")
        terminal.wait_for("40")
        terminal.keys("Tab")
        time.sleep(0.3)  # the one fixed pause: a focus move shows nothing in the captured text to wait for
        terminal.keys("5", "Enter")
        terminal.wait_for("Rest", "esc skip")
        terminal.keys("Escape")
        terminal.wait_for("Log set", gone="esc skip")

        terminal.keys("f")
        terminal.wait_for("Finish the session?")
        terminal.keys("y")
        terminal.wait_for("Session complete", "9 working sets")
        terminal.keys("Enter")
        terminal.wait_for("FLUX · Today", "9 working sets")
        terminal.keys("q")
        terminal.wait_exit()
    finally:
        terminal.close()

    from flux_tui.training import Training

    training = Training.open(home / "flux.sqlite3", seed_if_empty=False)
    try:
        (row,) = training.recent_sessions(5)
        record = training.session(row.id)
        custom = next(e for e in training.exercises() if e["is_custom"])
        assert (custom["name"], custom["pattern"], custom["load_type"]) == ("zercher", "squat", "barbell")
        assert [(s.exercise_id, s.weight, s.reps, s.kind, s.metadata.get("superset_id")) for s in record.sets] == [
            ("back_squat", 60.0, 4, "working", "A"), ("barbell_row", 40.0, 6, "working", "A"),
            ("back_squat", 50.0, 4, "drop", "A"), ("barbell_row", 40.0, 6, "working", "A"),
            ("front_squat", 50.0, 4, "working", "A"), ("barbell_row", 40.0, 6, "working", "A"),
            ("front_squat", 50.0, 4, "working", "A"),
            ("chin_up", None, 8, "working", None), (custom["id"], 40.0, 5, "working", None)]
        assert record.status == "completed"
    finally:
        training.close()

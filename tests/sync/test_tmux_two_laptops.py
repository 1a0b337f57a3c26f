"""Two laptops in two real terminals (tmux), one account: laptop 2 restores with `login` + `sync`, laptop 1
finishes a session in the app and quits, and laptop 2's open Today shows it within the pull interval
(docs/sync.md, "The app"). Real PostgREST; Supabase Auth is the harness's STUB."""

from __future__ import annotations

import json
import os
import shlex
import subprocess

import pytest

from flux_tui.remote.background import PULL_INTERVAL
from tests.e2e.test_tmux import TMUX, Terminal, flux_tui, log_prescribed_sets
from tests.sync.conftest import Device

pytestmark = [pytest.mark.stack, pytest.mark.skipif(not os.path.exists(TMUX) or not flux_tui(),
                                                    reason="needs tmux and the installed flux-tui console script")]


def laptop(stack, home, name: str) -> tuple[dict[str, str], Terminal]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPABASE_", "TMUX", "FLUX_"))}
    env.update(FLUX_HOME=str(home), TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8",
               SUPABASE_URL=stack.api_url, SUPABASE_ANON_KEY=stack.anon_key, FLUX_SYNC_TIMEOUT="3")
    return env, Terminal(f"flux-e2e-{name}-{os.getpid()}", env)


def cli(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([flux_tui(), *args], capture_output=True, text=True, env=env, input=stdin, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def history(env: dict[str, str]) -> list[dict]:
    return json.loads(cli(env, "history", "--json", "--limit", "0").stdout)


def open_app(terminal: Terminal, env: dict[str, str]) -> None:
    home = env["FLUX_HOME"]
    command = f"cd {shlex.quote(home)} && exec {shlex.quote(flux_tui())}"
    terminal.start(f"env FLUX_HOME={shlex.quote(home)} sh -c {shlex.quote(command)}")
    terminal.wait_for("FLUX · Today", "Start session", timeout=30)


def test_laptop_2_restores_then_sees_laptop_1s_session_within_the_pull_interval(stack, user, tmp_path):
    email, password, _ = user
    env1, term1 = laptop(stack, tmp_path / "laptop1", "one")
    env2, term2 = laptop(stack, tmp_path / "laptop2", "two")
    first = Device(stack, tmp_path / "laptop1").login(email, password)   # laptop 1's past, already synced
    try:
        first.log_session(3)
        first.sync()
    finally:
        first.close()

    (tmp_path / "laptop2").mkdir()
    cli(env2, "login", "--email", email, "--password-stdin", stdin=password + "\n")
    cli(env2, "sync")
    assert history(env2) == history(env1), "laptop 2 restored every session and set"

    try:
        open_app(term2, env2)
        term2.wait_for("Last session:", "3 working sets")
        open_app(term1, env1)
        term1.keys("s")
        term1.wait_for("Exercise", "Prescribed", "Finish")
        log_prescribed_sets(term1, 2)
        term1.keys("f")
        term1.wait_for("Finish the session?")
        term1.keys("y")
        term1.wait_for("Session complete")
        term1.keys("Enter")
        term1.wait_for("FLUX · Today", "2 working sets")
        term1.keys("q")
        term1.wait_exit()
        term2.wait_for("Last session:", "2 working sets", timeout=PULL_INTERVAL + 15)
        term2.keys("q")
        term2.wait_exit()
    finally:
        term1.close()
        term2.close()
    one, two = history(env1), history(env2)
    assert len(one) == 2 and two == one, "every session and set on laptop 2 as on laptop 1"

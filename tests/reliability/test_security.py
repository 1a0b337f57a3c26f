"""Secrets: never printed or written outside session.json, session files 0600, .env never overrides,
a service_role key refused. No network needed: the URL points at a closed port."""

from __future__ import annotations

import base64
import json
import os
import socket
import stat
from pathlib import Path

import pytest

from flux_tui.remote.session import StoredSession, save_session
from tests.reliability.helpers import cli, seeded_store


def _jwt(claims: dict) -> str:
    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJlLXBsYW50ZWQ"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends


PLANTED_ANON = _jwt({"role": "anon", "iss": "supabase", "planted": "PLANTED-ANON-7f3a9c"})
PLANTED_ACCESS = _jwt({"sub": "00000000-0000-4000-8000-000000000001", "role": "authenticated",
                       "planted": "PLANTED-ACCESS-b41e"})
PLANTED_REFRESH = "PLANTED-REFRESH-d00d5e"
PLANTED_PASSWORD = "PLANTED-PASSWORD-93c1"
SECRETS = (PLANTED_ANON, PLANTED_ACCESS, PLANTED_REFRESH, PLANTED_PASSWORD,
           PLANTED_ANON.split(".")[1], PLANTED_ACCESS.split(".")[1], PLANTED_ACCESS.split(".")[2])


def _all_text(home: Path) -> str:
    """Every file the app wrote (except the session file, whose job is to hold the tokens)."""
    texts = []
    for path in home.rglob("*"):
        if path.is_file() and path.name != "session.json":
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


def test_no_secret_is_printed_logged_or_stored_outside_the_session_file(tmp_path, figures):
    home = tmp_path / "home"
    home.mkdir()
    seeded_store(home / "flux.sqlite3", sessions=1).close()
    url = f"http://127.0.0.1:{_closed_port()}"
    env = {"SUPABASE_URL": url, "SUPABASE_ANON_KEY": PLANTED_ANON, "FLUX_SYNC_TIMEOUT": "1"}
    save_session(StoredSession(url=url, user_id="00000000-0000-4000-8000-000000000001", email="me@example.com",
                               access_token=PLANTED_ACCESS, refresh_token=PLANTED_REFRESH, expires_at=1),
                 home / "session.json")
    outputs = []
    commands = [("doctor",), ("doctor", "--json"), ("sync",), ("sync", "--json"), ("state",),
                ("login", "--email", "me@example.com", "--password-stdin"), ("logout",)]
    for command in commands:
        run = cli(home, *command, stdin=PLANTED_PASSWORD + "\n", timeout=60, **env)
        outputs.append(f"$ {' '.join(command)} -> {run.status}\n{run.out}{run.err}")
        assert "Traceback" not in run.err, run.err
    # The same with FLUX_DEBUG: even a traceback must not carry a secret.
    for command in (("sync",), ("doctor",)):
        run = cli(home, *command, timeout=60, FLUX_DEBUG="1", **env)
        outputs.append(run.out + run.err)
    printed = "\n".join(outputs) + _all_text(home)
    leaked = [secret for secret in SECRETS if secret in printed]
    assert not leaked, f"secrets found in output or files: {leaked}"
    assert "doctor" in printed or "sync" in printed  # the commands did run and print something
    figures.add(trials=len(commands) + 2, inputs=len(SECRETS), faults=len(commands) + 2)


def test_the_session_file_is_0600_whatever_the_umask_and_whatever_was_there(tmp_path, figures):
    path = tmp_path / "session.json"
    path.write_text("{}")
    os.chmod(path, 0o644)
    old = os.umask(0)
    try:
        save_session(StoredSession(url="http://x", user_id="u", email="e", access_token="a", refresh_token="r",
                                   expires_at=1), path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".session.json.*"))  # no temporary copy left behind
    figures.add(trials=1)


def test_dotenv_never_overrides_a_variable_already_set(tmp_path, monkeypatch, figures):
    from flux_tui.settings import load_dotenv_files

    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    (work / ".env").write_text("SUPABASE_URL=http://from-cwd-file\nFLUX_REL_A=cwd\nFLUX_REL_EMPTY=file\n")
    (home / ".env").write_text("SUPABASE_URL=http://from-home-file\nFLUX_REL_A=home\nFLUX_REL_B=home\n")
    monkeypatch.chdir(work)
    monkeypatch.setenv("FLUX_HOME", str(home))
    monkeypatch.setenv("SUPABASE_URL", "http://from-environment")
    monkeypatch.setenv("FLUX_REL_EMPTY", "")  # set, even if empty: still wins
    for name in ("FLUX_REL_A", "FLUX_REL_B"):
        monkeypatch.delenv(name, raising=False)
    load_dotenv_files()
    assert os.environ["SUPABASE_URL"] == "http://from-environment"
    assert os.environ["FLUX_REL_EMPTY"] == ""
    assert os.environ["FLUX_REL_A"] == "cwd"  # the working directory's file comes first
    assert os.environ["FLUX_REL_B"] == "home"
    figures.add(trials=1, inputs=5)


@pytest.mark.parametrize("key", [
    _jwt({"role": "service_role", "iss": "supabase", "planted": "PLANTED-SERVICE-1"}),
    "sb_secret_PLANTEDSERVICE2xxxxxxxxxxxxxxxx",
], ids=["jwt", "sb_secret"])
def test_a_service_role_key_is_refused_and_not_echoed(tmp_path, key, figures):
    home = tmp_path / "home"
    home.mkdir()
    seeded_store(home / "flux.sqlite3").close()
    env = {"SUPABASE_URL": f"http://127.0.0.1:{_closed_port()}", "SUPABASE_ANON_KEY": key, "FLUX_SYNC_TIMEOUT": "1"}
    for command in (("sync",), ("login", "--email", "me@example.com", "--password-stdin")):
        run = cli(home, *command, stdin="pw\n", **env)
        assert run.status != 0, (command, run)
        assert "service_role" in run.err and "Traceback" not in run.err, run.err
        assert key not in run.out + run.err
        assert not (home / "session.json").exists()
    figures.add(trials=2, faults=1)

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest

from flux_tui.cli.main import main


@dataclass
class Result:
    status: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli(flux_home, capsys):
    """Run `flux-tui ARGS` in-process against the test's own data directory."""

    def run(*args: str) -> Result:
        status = main(list(args))
        captured = capsys.readouterr()
        return Result(status, captured.out, captured.err)

    return run


@pytest.fixture
def cli_process(flux_home):
    """Run the real `flux-tui` in a subprocess (for exit statuses and stderr as a user sees them)."""

    def run(*args: str, stdin: str | None = None) -> Result:
        done = subprocess.run(
            [sys.executable, "-m", "flux_tui", *args], input=stdin, capture_output=True, text=True,
            env={**os.environ, "FLUX_HOME": str(flux_home)}, timeout=60,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return run

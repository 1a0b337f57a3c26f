"""A non-editable install works from any directory: styles, data and migrations are inside the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel built from this checkout, installed (without its dependencies) into a bare folder."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, timeout=300)
    (wheel,) = out.glob("flux_tui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    sheets = [f"flux_tui/styles/{name}.tcss" for name in ("app", "dialogs", "session", "history", "mapping")]
    for needed in (*sheets, "flux_tui/data/brain.yaml", "flux_tui/data/catalog.yaml",
                   "flux_tui/store/migrations/0001_initial.sql"):
        assert needed in names, f"{needed} missing from the wheel"
    target = out / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, timeout=300)
    return target


def _run(site: Path, tmp_path: Path, *code_or_args: str) -> subprocess.CompletedProcess:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(site), "FLUX_HOME": str(tmp_path / "home")}
    return subprocess.run([sys.executable, *code_or_args], cwd=elsewhere, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_installed_package_runs_from_another_directory(installed, tmp_path):
    where = _run(installed, tmp_path, "-c", "import flux_tui, flux_tui.ui.css as c; print(flux_tui.__file__);"
                                            " print(c.APP)")
    assert where.returncode == 0, where.stderr
    package_file, css = where.stdout.split()
    assert package_file.startswith(str(installed)) and css.startswith(str(installed))
    plan = _run(installed, tmp_path, "-m", "flux_tui", "plan", "--json")
    assert plan.returncode == 0, plan.stderr
    assert json.loads(plan.stdout)["archetype"] in ("performance", "recovery")


def test_the_installed_app_opens_today(installed, tmp_path):
    probe = _run(installed, tmp_path, "-c", """
import asyncio
from flux_tui.ui.app import FluxApp

async def main():
    app = FluxApp()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app.training is not None:
                break
        print(type(app.screen).__name__, app.training is not None)

asyncio.run(main())
""")
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.split() == ["TodayScreen", "True"]

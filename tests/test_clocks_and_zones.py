"""The time-sensitive tests at 23:30 and at 00:30 local time, in UTC+14 and UTC-12 (tests/clock.py).

A test that depends on the hour it runs blocks a landing one hour in 24: these runs make such a
test fail on every run instead. `bash tests/run-clocks` runs the whole suite under each.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.reliability.helpers import ROOT

# The files (or tests) that read the clock or show a local date; each test here failed at some
# hour or in some zone before it was fixed (docs/reliability.md, "Time zones").
TIME_SENSITIVE = ["tests/test_time.py", "tests/reliability/test_backups.py", "tests/importers/test_export.py",
                  "tests/cli/test_commands.py", "tests/store/test_store.py",
                  "tests/cli/test_plan_forecast.py::test_each_day_is_dated_where_the_user_lives_and_its_time_keeps_the_offset",
                  "tests/reliability/test_one_truth.py::test_two_open_apps_never_undo_each_others_sessions",
                  "tests/ui/test_flows.py::test_start_log_rest_finish_summary_today",
                  "tests/ui/test_snapshots.py::test_resume_prompt", "tests/ui/test_snapshots.py::test_today",
                  "tests/ui/test_forecast_screen.py"]


@pytest.mark.parametrize(("clock", "zone"), [("23:30", "Pacific/Kiritimati"), ("00:30", "Pacific/Kiritimati"),
                                             ("23:30", "Etc/GMT+12"), ("00:30", "Etc/GMT+12")])
def test_the_time_sensitive_tests_pass_at_any_hour_in_any_zone(clock, zone):
    env = {**os.environ, "FLUX_TEST_CLOCK": clock, "TZ": zone}
    env.pop("FLUX_CLOCK_SHIFT", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "-k", "not slow_up",
         *TIME_SENSITIVE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " failed" not in done.stdout

"""Running the suite at a given local time of day: `FLUX_TEST_CLOCK=23:30` (or 00:30).

`tests/conftest.py` turns it into FLUX_CLOCK_SHIFT, the seconds `flux_tui.timefmt.utc_now`
adds to the system clock, so "now" reads 23:30 local time when the run starts and then runs on
(sessions, backups and sync stamps keep their order). Child processes inherit it. With TZ set
too (`TZ=Pacific/Kiritimati`, UTC+14; `TZ=Etc/GMT+12`, UTC-12) a run covers the days that
differ most between local and UTC. `tests/test_clocks_and_zones.py` runs the time-sensitive
tests under four such combinations in the default suite; `bash tests/run-clocks` runs the
whole suite under each.
"""

from __future__ import annotations

import time
from datetime import datetime


def shift_for(hhmm: str) -> float:
    """Seconds from now to today's `hhmm` in the local zone (negative when it has passed)."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    now = datetime.now().astimezone()
    target = now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    return target.timestamp() - time.time()

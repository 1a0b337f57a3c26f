"""Time in one place: the store's timestamp format, "now", and the local time a person sees.

The store and the sync keep ISO-8601 UTC text, which sorts as it reads. A session also keeps
its UTC offset (minutes east) from where and when it was started, so every date shown is the
local date of the place it happened: `local_start(session)`.

"Now" is `utc_now()`. `FLUX_CLOCK_SHIFT` (seconds, may be negative) moves it for the test
suite, which runs its time-sensitive tests at 23:30 and at 00:30 (tests/clock.py); it is read
only here and documented there, not a user setting.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone
from typing import Any

_shift: timedelta | None = None


def to_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: the store keeps aware UTC times only")
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def utc_now() -> datetime:
    global _shift
    if _shift is None:
        _shift = timedelta(seconds=float(os.environ.get("FLUX_CLOCK_SHIFT") or 0))
    return datetime.now(timezone.utc) + _shift


def local_today() -> date:
    """Today's date on this machine's clock and zone."""
    return utc_now().astimezone().date()


def utc_offset_minutes(moment: datetime) -> int:
    """The machine's offset from UTC at `moment` (DST included), in minutes east."""
    offset = moment.astimezone().utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def local_time(moment: datetime, utc_offset: int | None) -> datetime:
    """`moment` at the offset it was recorded with (the machine's zone when unknown)."""
    if utc_offset is None:
        return moment.astimezone()
    return moment.astimezone(timezone(timedelta(minutes=utc_offset)))


def local_start(session: Any) -> datetime:
    """When a session (a SessionRecord or a SessionRow) started, in the local time where it happened."""
    return local_time(session.started_at, session.utc_offset)

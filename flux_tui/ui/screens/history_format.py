"""How the history screens write a session row and a logged set on one line.

Plain functions over store rows, so the list, the session detail and the
exercise view line up the same way and tests can read them without a terminal.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flux_tui.timefmt import local_start
from flux_tui.units import distance_text, metric_text, number, pattern_text, seconds_text, to_unit, weight_text

# Column widths of the sessions list; the header uses the same ones.
SESSION_HEADER = f"{'date':<10}  {'archetype':<11}  {'anchor':<15}  {'sets':>4}  {'volume':>12}  status"


def local_date(moment: datetime) -> str:
    """YYYY-MM-DD of a moment already in the local time where it happened (`local_start`, or the
    store's exercise views): a late session counts for the day it was, wherever it was."""
    return moment.date().isoformat()


def volume_text(kg: float, unit: str) -> str:
    return f"{to_unit(kg, unit):,.0f} {unit}"


def session_columns(row: Any, unit: str) -> tuple[str, str, str, str, str, str]:
    """(date, archetype, anchor, sets, volume, status) of a SessionRow, padded to the header's widths."""
    return (
        f"{local_date(local_start(row)):<10}",
        f"{row.archetype:<11}",
        f"{pattern_text(row.anchor_pattern)[:15]:<15}",
        f"{row.set_count:>4}",
        f"{volume_text(row.volume_kg, unit):>12}",
        row.status,
    )


def amount_text(logged: Any, unit: str) -> str:
    """What was done: '100 kg × 5', '12 reps', '45 s', '400 m in 1:50', '32 kg × 40 m', plus interval metrics."""
    weight = weight_text(logged.weight, unit) if logged.weight is not None and logged.weight > 0 else None
    parts: list[str] = []
    if logged.reps is not None:
        parts.append(f"{weight} × {logged.reps}" if weight else f"{logged.reps} reps")
        weight = None
    if logged.distance is not None:
        parts.append(f"{weight} × {distance_text(logged.distance)}" if weight else distance_text(logged.distance))
        weight = None
    if logged.seconds is not None:
        if weight:
            parts.append(f"{weight} × {seconds_text(logged.seconds)}")
            weight = None
        else:
            parts.append(("in " if parts else "") + seconds_text(logged.seconds))
    if weight:
        parts.append(weight)
    text = " ".join(parts)
    extras = [metric_text(k, v) for k, v in sorted((logged.metadata or {}).items())
              if k not in ("rounds_completed", "distance", "seconds") or (k == "rounds_completed" and v != 1)]
    metrics_only = [metric_text(k, v) for k, v in sorted((logged.metadata or {}).items())
                    if k in ("distance", "seconds") and getattr(logged, k) is None]
    extras = extras + metrics_only
    if extras:
        text = f"{text} · {', '.join(extras)}" if text else ", ".join(extras)
    return text or "—"


def rpe_text(rpe: float | None) -> str:
    return f"RPE {number(rpe, 1)}" if rpe is not None else ""


def e1rm_text(value: float | None, unit: str) -> str:
    return f"e1RM {number(to_unit(value, unit), 1)}" if value is not None else ""


def today_of(app: Any) -> date:
    """Today's local date by the app's clock (a FakeClock in tests), else the machine's."""
    from flux_tui.timefmt import local_today

    clock = getattr(app, "clock", None)
    return clock.now().astimezone().date() if clock is not None else local_today()

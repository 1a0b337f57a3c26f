"""What Today shows, read from the store: no Textual here, so `flux-tui` can read it while Textual starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class TodayData:
    plan: dict[str, Any]
    caps: dict[str, float]
    unit: str
    last: Any  # store SessionRow or None
    active_id: str | None
    pending: int | None


def load_today(training: Any, now: datetime, sync_configured: bool) -> TodayData:
    """Today's plan, the debt caps, the unit, the last session, the session left active, changes pending."""
    plan = training.plan(now).to_dict()
    caps = {p: t.cap for p, t in training.brain.logic.patterns.items()}
    active = training.active_session()
    pending = training.store.outbox_size() if sync_configured else None
    return TodayData(plan, caps, training.store.weight_unit(), training.store.last_completed_session(),
                     active[0].id if active else None, pending)

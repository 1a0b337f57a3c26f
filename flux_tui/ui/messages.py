"""Messages shared between screens: small dataclasses. Worker threads post these back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class TrainingReady(Message):
    """The store is open (posted by the app's opening worker)."""

    training: Any  # flux_tui.training.Training
    active: Any  # (SessionRecord, plan dict) or None
    seconds: float  # how long opening took


@dataclass
class TrainingFailed(Message):
    error: str


@dataclass
class StoreFailed(Message):
    """A store call in a worker failed; `what` says which, for the notification."""

    what: str
    error: str

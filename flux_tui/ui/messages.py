"""Messages shared between screens: small dataclasses. Worker threads post these back.

Messages private to one screen are nested in that screen's class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from flux_tui.engine.history import SessionRecord
    from flux_tui.training import Training


@dataclass
class TrainingReady(Message):
    """The store is open (posted by the app's opening worker)."""

    training: Training
    active: SessionRecord | None  # the session left active, if any
    seconds: float  # how long opening took


@dataclass
class TrainingFailed(Message):
    error: str


class LocalChange(Message):
    """The user changed the log (posted from the worker that wrote it): sync soon."""


class DataChanged(Message):
    """A sync brought changes from another device: screens showing the log read it again."""

"""What every screen that reads or writes data shares: the app's `Training`, and the one
handler for failed workers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from flux_tui.ui.workers import ReportsFailedWorkers

if TYPE_CHECKING:
    from flux_tui.training import Training


class TrainingScreen(ReportsFailedWorkers, Screen):
    @property
    def training(self) -> Training:
        return self.app.training  # type: ignore[attr-defined]

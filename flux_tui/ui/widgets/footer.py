"""The key footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer rebuilds every key whenever its screen's bindings may have changed, and a
    modal (the set form, a timer) pushed over the screen or dismissed counts as such a change,
    though the keys stay the same: then the rebuild, and the layout and paint of the whole screen
    under the modal, is skipped."""

    _shown: list | None = None  # the active bindings last composed

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if self._shown is not None and screen is self.screen and self._keys() == self._shown:
            return
        super().bindings_changed(screen)

    def _keys(self) -> list | None:
        # Textual's footer shows nothing until its screen first reports its bindings (_bindings_ready).
        return list(self.screen.active_bindings.values()) if self._bindings_ready else None

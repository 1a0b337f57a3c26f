"""The command palette's provider: the keys of the screen you are on, as commands.

Built from the same binding tables as the keys and the help screen, so the
palette can never offer something the keys do not do (or the reverse).
"""

from __future__ import annotations

from functools import partial
from typing import Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider

from flux_tui.ui import bindings

_SKIP = {"cursor_up", "cursor_down", "move(1)", "move(-1)", "app.focus_next", "app.focus_previous",
         "app.command_palette"}


class FluxCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, str, str]]:
        """(name, help, action) for the screen the palette was opened on."""
        screen = self.screen
        seen = set()
        for binding in [*getattr(screen, "BINDINGS", ()), *bindings.GLOBAL]:
            if binding.action in _SKIP or binding.action in seen:
                continue
            seen.add(binding.action)
            yield binding.description, f"key: {bindings.key_text(binding, self.app.preferences.keymap)}", binding.action
        if "app.quit" not in seen and "quit" not in seen:
            yield "Quit FLUX", "close the app (everything logged is already saved)", "app.quit"

    async def discover(self) -> Hits:
        for name, help_text, action in self._commands():
            yield DiscoveryHit(name, partial(self.screen.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self.screen.run_action, action), help=help_text)

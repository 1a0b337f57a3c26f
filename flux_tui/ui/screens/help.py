"""Every key, read from the binding tables (so it cannot drift from what the keys do)."""

from __future__ import annotations

from typing import Mapping, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from flux_tui.ui import bindings


def help_table(keymap: Mapping[str, str] | None = None, screen_keys: Sequence[Binding] = ()) -> Table:
    """Every key; `screen_keys` (the keys of the screen help was opened on) first, as "This screen"."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column()
    sections = [("This screen", list(screen_keys))] if screen_keys else []
    for title, entries in sections + bindings.SECTIONS:
        table.add_row(Text(title, style="underline"), "")
        for binding in entries:
            table.add_row(bindings.key_text(binding, keymap), binding.description)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings.HELP

    def __init__(self, screen_keys: Sequence[Binding] = ()) -> None:
        super().__init__()
        self.screen_keys = screen_keys

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(help_table(self.app.preferences.keymap, self.screen_keys), id="help-table")
            yield Static("↑/↓ scroll · esc closes", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)

"""The keys of the screen `?` was pressed on, read from the binding tables (so it cannot drift from what
the keys do)."""

from __future__ import annotations

from typing import Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from flux_tui.ui import bindings, css


def help_table(sections: list[tuple[str, list[Binding]]], keymap: Mapping[str, str] | None = None) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column()
    for title, entries in sections:
        table.add_row(Text(title, style="underline"), "")
        for binding in entries:
            table.add_row(bindings.key_text(binding, keymap), binding.description)
    return table


def screen_tables(screen: Screen) -> list[list[Binding]]:
    """The binding tables of a screen and of the widgets on it, in that order."""
    tables = [type(screen).BINDINGS]
    for widget in screen.query("*"):
        table = type(widget).BINDINGS
        if table and all(table is not t for t in tables):
            tables.append(table)
    return tables


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings.HELP
    CSS_PATH = css.DIALOGS

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(help_table(self.sections, self.app.preferences.keymap), id="help-table")
            yield Static("↑/↓ scroll · esc closes", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)

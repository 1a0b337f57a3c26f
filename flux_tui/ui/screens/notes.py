"""The session's notes, or one exercise's. Escape saves too: nothing typed is ever thrown away."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from flux_tui.ui import bindings, css


class NotesScreen(ModalScreen[str | None]):
    BINDINGS = bindings.NOTES
    CSS_PATH = css.DIALOGS

    def __init__(self, notes: str, title: str = "Session notes") -> None:
        super().__init__()
        self.notes = notes
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="notes-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield TextArea(self.notes, id="notes-text", soft_wrap=True)
            yield Static("ctrl+s or esc saves and closes", classes="hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        self.dismiss(text if text != self.notes else None)

    def action_cancel(self) -> None:
        self.action_save()

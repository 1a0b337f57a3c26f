"""A yes/no question: `y` confirms, `n` or escape declines."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from flux_tui.ui import bindings, css


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = bindings.CONFIRM
    CSS_PATH = css.DIALOGS

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.question, id="confirm-question")
            yield Static("y  yes · n / esc  no", classes="hint")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)

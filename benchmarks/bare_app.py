"""The start-up baseline: a bare Textual app (a Header, one line of text, a Footer).

`benchmarks.run` starts it exactly as it starts `flux-tui` (same Python, same
pseudo-terminal) and waits for READY on the terminal.

    .venv/bin/python benchmarks/bare_app.py
"""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

READY = "Bare Textual app ready"


class BareApp(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(READY)
        yield Footer()


if __name__ == "__main__":
    BareApp().run()

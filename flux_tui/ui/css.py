"""The app's style sheets, in `styles/`.

app.tcss holds what every screen shares and Today's rules; it is the app's CSS_PATH. Every other
screen names its own sheets in its CSS_PATH, which Textual reads the first time that screen is
shown: start-up parses Today's rules only. The session screen names the dialogs' sheet as well, so
the set form opens without a parse.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def css_file(name: str) -> Path:
    """A sheet: in `flux_tui/styles` in an installed wheel, in `<repo>/styles` in a checkout."""
    for folder in (_PACKAGE / "styles", _PACKAGE.parent / "styles"):
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"{name} not found next to {_PACKAGE}")


APP = css_file("app.tcss")
DIALOGS = css_file("dialogs.tcss")
SESSION = css_file("session.tcss")
HISTORY = css_file("history.tcss")
MAPPING = css_file("mapping.tcss")

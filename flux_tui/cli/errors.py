"""How the command line turns failures into one line for the user."""

from __future__ import annotations

import sys


class CliError(Exception):
    """A failure already phrased for the user."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def describe_failure(exc: Exception) -> str:
    """One line for an exception that no command handled itself."""
    from flux_tui.errors import StoreError

    if isinstance(exc, StoreError):
        return str(exc)
    brain_invalid = _brain_invalid_type()
    if brain_invalid is not None and isinstance(exc, brain_invalid):
        return str(exc)
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    return f"unexpected error: {type(exc).__name__}: {exc} (set FLUX_DEBUG=1 to see the traceback)"


def _brain_invalid_type():
    module = sys.modules.get("flux_tui.brain.validate")
    return getattr(module, "BrainInvalid", None) if module else None

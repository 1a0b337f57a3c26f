"""What sync is doing, in full: the badge's one line, and here what happened, which rows, what to do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from flux_tui.ui import bindings, css
from flux_tui.ui.workers import ReportsFailedWorkers

if TYPE_CHECKING:
    from flux_tui.remote.background import SyncStatus

SHOWN_REFUSED = 8  # rows listed here; `flux-tui refused` lists them all


def details_text(status: SyncStatus | None, refused: list[dict[str, Any]]) -> str:
    """The screen's text (a function of its inputs, for the tests)."""
    if status is None:
        return ("Sync is off: this app keeps your log on this machine only.\n"
                "What to do: set SUPABASE_URL and SUPABASE_ANON_KEY, then `flux-tui login` (docs/sync.md).")
    where = f"Supabase {status.environment} at {status.url}" + (f", as {status.user}" if status.user else "")
    lines = [where, f"State: {status.label}"]
    if status.message and status.state not in ("synced", "pending", "syncing"):
        lines.append(f"What happened: {status.message}")
    if status.hint and status.state not in ("synced", "pending", "syncing"):
        lines.append(f"What to do: {status.hint}")
    when = status.last_sync_at.astimezone().strftime("%Y-%m-%d %H:%M:%S") if status.last_sync_at else "never"
    lines.append(f"Last good sync: {when}")
    if status.next_attempt_at is not None:
        lines.append(f"Next attempt: {status.next_attempt_at.astimezone().strftime('%H:%M:%S')}")
    lines.append(f"Waiting to be pushed: {status.pending} change(s)"
                 + (f", {status.rejected} of them set aside" if status.rejected else ""))
    if refused:
        lines.append(f"Refused by the server ({len(refused)}):")
        for row in refused[:SHOWN_REFUSED]:
            lines.append(f"  {row['table']} {row['id']}: {row.get('code') or ''} {row.get('message', '')}".rstrip())
        if len(refused) > SHOWN_REFUSED:
            lines.append(f"  … and {len(refused) - SHOWN_REFUSED} more")
        lines.append("What to do: `flux-tui refused` lists them; `flux-tui refused fix ID field=value` corrects one")
    return "\n".join(lines)


class SyncDetailsScreen(ReportsFailedWorkers, ModalScreen[None]):
    BINDINGS = bindings.SYNC_DETAILS
    CSS_PATH = css.DIALOGS

    def __init__(self, status: SyncStatus | None) -> None:
        super().__init__()
        self.status = status

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Sync", classes="dialog-title")
            yield Static(details_text(self.status, []), id="sync-details")
            yield Static("esc  close", classes="hint")

    def on_mount(self) -> None:
        if self.status is not None and self.app.training is not None:
            self.read_refused()

    @work(thread=True, exclusive=True, exit_on_error=False, group="sync-details", name="Could not read the refused rows")
    def read_refused(self) -> None:
        refused = self.app.training.refused_rows()
        self.app.call_from_thread(self.query_one("#sync-details", Static).update, details_text(self.status, refused))

    def action_close(self) -> None:
        self.dismiss(None)

"""Where the data goes: 'local only' today; the sync layer sets the app's reactives later."""

from __future__ import annotations

from textual.widgets import Static


class SyncBadge(Static):
    DEFAULT_CSS = """
    SyncBadge { width: auto; padding: 0 1; background: $primary-muted; color: $text; }
    SyncBadge.-pending { background: $warning-muted; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "data_destination", self._changed, init=False)
        self.watch(self.app, "pending_changes", self._changed, init=False)
        self._changed()

    def _changed(self, _value: object = None) -> None:
        destination = getattr(self.app, "data_destination", "local only")
        pending = getattr(self.app, "pending_changes", None)
        show_pending = getattr(self.app, "sync_configured", False) and pending is not None
        text = destination + (f" · {pending} pending" if show_pending else "")
        self.tooltip = getattr(self.app, "sync_sources", None) or None   # which file each setting came from
        self.set_class(bool(show_pending and pending), "-pending")
        self.update(text)

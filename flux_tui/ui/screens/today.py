"""Today: the recommended session, the pattern debts, the last session, where data goes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker

from flux_tui.timefmt import local_start
from flux_tui import units
from flux_tui.records import SessionRow
from flux_tui.ui import bindings
from flux_tui.ui.workers import ReportsFailedWorkers
from flux_tui.ui.widgets.badge import SyncBadge
from flux_tui.ui.widgets.debt_bars import DebtBars
from flux_tui.ui.widgets.plan_view import plan_renderable, plan_title

if TYPE_CHECKING:
    from flux_tui.engine.history import SessionRecord
    from flux_tui.training import Today


WATCH_SECONDS = 2.0


def last_text(last: SessionRow | None, unit: str) -> str:
    if last is None:
        return "Last session: none yet"
    when = local_start(last).strftime("%a %d %b")
    return (f"Last session: {when} · {last.archetype} · {units.pattern_text(last.anchor_pattern)} · "
            f"{units.plural(last.set_count, 'working set')} · {units.weight_text(last.volume_kg, unit)}")


class TodayScreen(ReportsFailedWorkers, Screen):
    BINDINGS = bindings.TODAY

    @dataclass
    class Loaded(Message):
        data: Today

    @dataclass
    class Started(Message):
        session_id: str

    def __init__(self) -> None:
        super().__init__()
        self.data: Today | None = None
        self._starting = False
        self._shown_before = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static("FLUX · Today", id="title")
            yield SyncBadge(id="badge")
        with Horizontal(id="today-body"):
            with Vertical(id="plan-panel", classes="panel"):
                yield Static("Opening your log…", id="plan")
            with Vertical(id="debts-panel", classes="panel"):
                yield DebtBars(id="debts")
        yield Static("", id="notice")
        yield Static("", id="last")
        yield Footer()

    def on_mount(self) -> None:
        # Another app or a command may commit to the same store (an import, a session finished
        # elsewhere): a look at SQLite's data_version, a few µs, tells when to read Today again.
        self.set_interval(WATCH_SECONDS, self._watch_store)
        self.query_one("#plan-panel").border_title = "Recommended"
        self.query_one("#debts-panel").border_title = "Pattern debts"
        prefetched = self.app.prefetched_today()
        if prefetched is not None:  # read while Textual started: the first frame shows the plan
            self._show(prefetched)

    # --- loading -----------------------------------------------------------------

    def training_ready(self, active: SessionRecord | None) -> None:
        if self.data is None:  # not already shown from the data read at start-up
            self.reload()
        if active is not None:
            from flux_tui.ui.screens.resume import ResumeScreen

            self.app.push_screen(ResumeScreen(active), self._resume_answered)

    def show_failure(self, error: str) -> None:
        self.query_one("#plan", Static).update(Text(f"Cannot open the store:\n{error}", style="red"))

    def on_screen_resume(self) -> None:
        # The first resume is Today's first showing, just loaded; after that, Today is back from a
        # session, the summary or a prompt, and the plan may have changed.
        if self._shown_before:
            self.reload()
        self._shown_before = True

    def reload(self) -> None:
        if self.app.training is not None:
            self.load()

    def action_refresh(self) -> None:
        self.reload()

    def data_changed(self) -> None:
        """A sync brought another device's changes (the app's DataChanged)."""
        self.reload()

    def _watch_store(self) -> None:
        training = self.app.training
        if training is not None and self.app.screen is self and training.changed_elsewhere():
            self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="today", name="Could not load today's plan")
    def load(self) -> None:
        self.post_message(self.Loaded(self.app.training.today(self.app.clock.now(), self.app.sync_configured)))

    def worker_failed(self, worker: Worker) -> None:
        """The app has shown what failed; let `s` be pressed again."""
        self._starting = False

    def on_today_screen_loaded(self, message: Loaded) -> None:
        self._show(message.data)

    def _show(self, data: Today) -> None:
        self.data = data
        plan = data.plan
        self.query_one("#plan-panel").border_title = plan_title(plan)
        self.query_one("#plan", Static).update(plan_renderable(plan, data.unit))
        self.query_one(DebtBars).show(plan.debts, data.caps)
        self.query_one("#last", Static).update(last_text(data.last, data.unit))
        notice = self.query_one("#notice", Static)
        notice.update("Session in progress — s continues it" if data.active_id else "")
        notice.display = bool(data.active_id)
        if data.pending is not None:
            self.app.pending_changes = data.pending

    # --- actions ------------------------------------------------------------------

    def _resume_answered(self, answer: str | None) -> None:
        if answer == "resume" and self.data is not None and self.data.active_id:
            self._open_session(self.data.active_id)
        elif answer == "resume":
            # The plan has not come back yet: ask the store for the session directly.
            self.resume_when_loaded()
        else:
            self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="today-start", name="Could not resume the session")
    def resume_when_loaded(self) -> None:
        active = self.app.training.active_session()
        if active is not None:
            self.post_message(self.Started(active[0].id))

    def _opened(self, *, today: bool = False) -> bool:
        """Whether the log is open (and, with `today`, Today read from it); says to wait when not."""
        if self.app.training is None or (today and self.data is None):
            self.notify("Still opening your log…", timeout=2)
            return False
        return True

    def action_start(self) -> None:
        if not self._opened(today=True):
            return
        if self.data.active_id:
            self._open_session(self.data.active_id)
            return
        if not self._starting:
            self._starting = True
            self.start_session()

    @work(thread=True, exclusive=True, exit_on_error=False, group="today-start", name="Could not start the session")
    def start_session(self) -> None:
        training = self.app.training
        active = training.active_session()
        if active is not None:
            session_id = active[0].id
        else:
            # Start from the plan as it is now (the clock may have moved since it was shown).
            now = self.app.clock.now()
            session_id = training.start_session(training.plan(now), now=now)
        self.post_message(self.Started(session_id))

    def on_today_screen_started(self, message: Started) -> None:
        self._starting = False
        self._open_session(message.session_id)

    def _open_session(self, session_id: str) -> None:
        from flux_tui.ui.screens.session import SessionScreen

        self.app.push_screen(SessionScreen(session_id))

    def _push(self, screen: Callable[[], Screen]) -> None:
        """Opens a screen once the log is open (each action imports its own when first used: start-up reads none)."""
        if self._opened():
            self.app.push_screen(screen())

    def action_history(self) -> None:
        from flux_tui.ui.screens.history import HistoryScreen

        self._push(HistoryScreen)

    def action_forecast(self) -> None:
        from flux_tui.ui.screens.forecast import ForecastScreen

        self._push(ForecastScreen)

    def action_mapping(self) -> None:
        from flux_tui.ui.screens.mapping import MappingScreen

        self._push(MappingScreen)

    def action_toggle_unit(self) -> None:
        if not self._opened():
            return
        self.switch_unit()

    @work(thread=True, exclusive=True, exit_on_error=False, group="today-unit", name="Could not switch the unit")
    def switch_unit(self) -> None:
        """Weights are shown and typed in this unit; the store keeps kilograms whatever it is."""
        training = self.app.training
        unit = "lb" if training.unit() == "kg" else "kg"
        training.set_unit(unit)
        self.app.call_from_thread(self.reload)
        self.app.call_from_thread(self.notify, f"Weights are now shown in {unit}", timeout=3)

    def action_quit(self) -> None:
        self.app.exit()

"""Set entry: a modal form whose fields follow the exercise's tracking.

The form is parsed by `set_input.parse_set_form`; a refused field says why, in
place. A valid set is committed to the store (in a worker) before the form
closes, so "logged" on screen always means "on disk". The screen is composed once
for each set of rows and filled in again for every set after (`SetEntryScreen.opened`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static
from textual.worker import Worker

from flux_tui.engine.history import SET_TYPE_WORDS, SET_TYPES, LoggedSet
from flux_tui.ui import bindings, css
from flux_tui.ui.workers import ReportsFailedWorkers
from flux_tui.ui.set_input import LABELS, FieldError, form_fields, parse_set_form


@dataclass(frozen=True)
class SetLogged:
    logged: LoggedSet  # as committed
    prs: list[str]


@dataclass(frozen=True)
class Draft:
    """What was typed before escape: offered again next time the form opens."""

    values: dict[str, str]


class NumberInput(Input):
    """A field of numbers (and m:ss times): a letter is a key of the form (`t` the set type, `?` help),
    not a character of the field."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and character in NUMBER_CHARACTERS


NUMBER_CHARACTERS = frozenset("0123456789.,:- ")


@dataclass(frozen=True)
class SetForm:
    """Everything the form needs to know about the set to log."""

    session_id: str
    exercise_id: str
    exercise_name: str
    tracking: str
    unit: str
    values: dict[str, str]
    heading: str = ""  # "set 2 of 4 · 5 @ 60 kg"
    metrics: tuple[str, ...] = ()  # conditioning metadata fields to show
    set_type: str = "working"  # what the form starts at (SET_TYPES); `t` cycles it
    effort: str = "rpe"  # "rpe" | "rir", the settings file's
    notes: tuple[str, ...] = ()  # lines under the heading: "enter a working weight", "last time: …", plates
    weight_required: bool = False  # a loaded exercise: a blank weight is not "no added load"
    superset: str = ""  # the slot's group letter, kept on the set as its superset_id (Hevy's column)


def changed(static: Static, text: str) -> None:
    """Show `text`, unless it is shown already: an update lays the screen out again (reopening the
    form for the next set changes a line or two)."""
    if static.content != text:
        static.update(text)


def rows_of(form: SetForm) -> tuple[str, ...]:
    """The form's input rows (the set type is a row of its own, cycled with `t`)."""
    return tuple(f for f in form_fields(form.tracking, form.metrics, form.effort) if f != "set_type")


def field_label(name: str, unit: str) -> str:
    if name == "weight":
        return f"Weight ({unit})"
    if name == "seconds":
        return "Time (s or m:ss)"
    return LABELS.get(name, name)


class SetEntryScreen(ReportsFailedWorkers, ModalScreen[SetLogged | Draft | None]):
    BINDINGS = bindings.SET_ENTRY
    CSS_PATH = css.DIALOGS

    @dataclass
    class Saved(Message):
        result: SetLogged

    def __init__(self, form: SetForm) -> None:
        super().__init__()
        self.fields = rows_of(form)
        self._take(form)

    @classmethod
    def opened(cls, app: App, form: SetForm) -> SetEntryScreen:
        """The screen for `form`: the one composed before for the same rows, filled in again, else a
        new one, kept (installed) for next time. Composing and mounting the rows is most of what
        opening the form costs, and `enter` opens it for every set."""
        name = "set-entry:" + ",".join(rows_of(form))
        if not app.is_screen_installed(name):
            screen = cls(form)
            app.install_screen(screen, name)
            return screen
        screen = app.get_screen(name)
        assert isinstance(screen, cls)
        screen.fill(form)
        return screen

    def compose(self) -> ComposeResult:
        form = self.form
        with Vertical(classes="dialog", id="set-form"):
            yield Static(form.exercise_name, id="set-title", classes="dialog-title")
            yield Static(form.heading, id="set-heading")
            yield Static("\n".join(form.notes), id="set-notes")
            with Horizontal(classes="field-row"):
                yield Label("Type (t)", classes="field-label")
                yield Static(SET_TYPE_WORDS[self.set_type], id="field-set_type", classes="field-value")
                yield Static("", id="error-set_type", classes="field-error")
            for name in self.fields:
                with Horizontal(classes="field-row"):
                    yield Label(field_label(name, form.unit), id=f"label-{name}", classes="field-label")
                    yield NumberInput(form.values.get(name, ""), id=f"field-{name}", classes="field-input",
                                      select_on_focus=True)
                    yield Static("", id=f"error-{name}", classes="field-error")
            yield Static("", id="form-status")
            yield Static("enter logs · tab moves · t type · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self._show_optional()
        if self.fields:
            self.query_one(f"#field-{self.fields[0]}", Input).focus()

    def fill(self, form: SetForm) -> None:
        """Show another set's form in this screen (composed for the same rows), as a new one would."""
        self._take(form)
        changed(self.query_one("#set-title", Static), form.exercise_name)
        changed(self.query_one("#set-heading", Static), form.heading)
        changed(self.query_one("#set-notes", Static), "\n".join(form.notes))
        self._show_optional()
        changed(self.query_one("#field-set_type", Static), SET_TYPE_WORDS[self.set_type])
        for name in self.fields:
            changed(self.query_one(f"#label-{name}", Label), field_label(name, form.unit))
            self.query_one(f"#field-{name}", Input).value = form.values.get(name, "")
        self._show_errors([])
        self._status("")
        if self.fields:
            # Focusing the field selects its text, as typing replaces the prefill; when it kept
            # the focus from last time there is no focus event, so it is selected here.
            first = self.query_one(f"#field-{self.fields[0]}", Input)
            first.focus()
            first.select_all()

    def _take(self, form: SetForm) -> None:
        self.form = form
        self.set_type = form.set_type if form.set_type in SET_TYPES else "working"
        self.busy = False

    def _show_optional(self) -> None:
        """The heading and the notes take no line when empty (set only on a change: setting a style
        lays the screen out again)."""
        for widget, shown in ((self.query_one("#set-heading"), bool(self.form.heading)),
                              (self.query_one("#set-notes"), bool(self.form.notes))):
            if widget.display != shown:
                widget.display = shown

    def typed(self) -> dict[str, str]:
        values = {name: self.query_one(f"#field-{name}", Input).value for name in self.fields}
        values["set_type"] = self.set_type
        return values

    def action_cycle_type(self) -> None:
        """The next set type (working → warm-up → drop → failure → AMRAP → working)."""
        self.set_type = SET_TYPES[(SET_TYPES.index(self.set_type) + 1) % len(SET_TYPES)]
        self.query_one("#field-set_type", Static).update(SET_TYPE_WORDS[self.set_type])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_log()

    def action_log(self) -> None:
        if self.busy:
            return
        values = self.typed()
        result = parse_set_form(values, self.form.tracking, self.form.unit, self.form.weight_required)
        self._show_errors(result if isinstance(result, list) else [])
        if isinstance(result, list):
            self._status(f"Not logged: {len(result)} field{'s' if len(result) > 1 else ''} to fix", error=True)
            return
        self.busy = True
        self._status("Saving…")
        self.save(result.values())

    def _show_errors(self, errors: list[FieldError]) -> None:
        by_field = {e.field: e.message for e in errors}
        changed(self.query_one("#error-set_type", Static), by_field.get("set_type", ""))
        for name in self.fields:
            changed(self.query_one(f"#error-{name}", Static), by_field.get(name, ""))
            self.query_one(f"#field-{name}", Input).set_class(name in by_field, "-invalid")
        first = next((n for n in self.fields if n in by_field), None)
        if first:
            self.query_one(f"#field-{first}").focus()
        unplaced = [f"{e.field}: {e.message}" for e in errors if e.field not in (*self.fields, "set_type")]
        if unplaced:
            self._status("; ".join(unplaced), error=True)

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#form-status", Static)
        changed(status, text)
        status.set_class(error, "-error")

    @work(thread=True, exclusive=True, exit_on_error=False, group="log-set", name="The set was not logged")
    def save(self, values: dict[str, Any]) -> None:
        if self.form.superset:
            values = {**values, "metadata": {**values.get("metadata", {}), "superset_id": self.form.superset}}
        logged, prs = self.app.training.log_set(
            self.form.session_id, self.form.exercise_id, logged_at=self.app.clock.now(), **values)
        self.post_message(self.Saved(SetLogged(logged, prs)))

    def on_set_entry_screen_saved(self, message: Saved) -> None:
        self.dismiss(message.result)

    def worker_failed(self, worker: Worker) -> None:
        """The form stays open with what was typed, and says why."""
        self.busy = False
        self._status(f"Not logged: {worker.error}", error=True)

    def action_cancel(self) -> None:
        if self.busy:
            return
        values = self.typed()
        initial = {**{n: self.form.values.get(n, "") for n in self.fields}, "set_type": self.form.set_type}
        changed = any(values[n] != initial[n] for n in values)
        self.dismiss(Draft(values) if changed else None)

"""The session: planned exercises, a row per set (prescribed vs done), the current set highlighted.

Everything here reads from and writes to the store through Training, in thread
workers; the table is redrawn from `SessionModel` after each committed change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker

from flux_tui import units
from flux_tui.brain.models import Catalog
from flux_tui.engine.bodyweight import Loads
from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.engine.plan import Plan, PlannedConditioning, PlannedSlot, rest_default
from flux_tui.engine.plates import PlateLoad, load_plates
from flux_tui.engine.warmup import round_to, warmup_sets
from flux_tui.ui import bindings, css
from flux_tui.ui.workers import ReportsFailedWorkers
from flux_tui.ui.screens.set_entry import Draft, SetEntryScreen, SetForm, SetLogged
from flux_tui.ui.session_model import LOADED, SessionModel
from flux_tui.ui.widgets.badge import SyncBadge
from flux_tui.ui.widgets.footer import Footer

if TYPE_CHECKING:
    from flux_tui.training import FinishedSession


@dataclass(frozen=True)
class Loaded:
    record: SessionRecord  # the active session
    plan: Plan  # as stored with the session: as started, with the changes made since
    catalog: Catalog
    selections: dict[str, tuple[str, ...]]
    unit: str
    default_rest: int
    last_sets: dict[str, LoggedSet]
    warmup: tuple[tuple[float, int], ...]  # the Brain's ramp: (percent, reps)
    rests: dict[str, int]  # exercise -> the rest a session's timer last set for it (wins over the plan's)
    kind_rest: dict[str, int]  # exercise -> the Brain's default rest for its kind (added exercises)
    last_notes: dict[str, str]  # exercise -> its note from the last session that had one
    loads: Loads  # what each set moves: the volume counts the bodyweight (Training.loads)


class SetsTable(DataTable):
    """The set rows; the screen owns the keys, so the table never takes focus."""

    can_focus = False


class SessionScreen(ReportsFailedWorkers, Screen):
    BINDINGS = bindings.SESSION
    CSS_PATH = [css.SESSION, css.DIALOGS]  # the set form and timers open without a parse

    @dataclass
    class Ready(Message):
        loaded: Loaded

    @dataclass
    class SetDeleted(Message):
        logged: LoggedSet

    @dataclass
    class SetRestored(Message):
        logged: LoggedSet

    @dataclass
    class NotesSaved(Message):
        text: str

    @dataclass
    class Finished(Message):
        finished: FinishedSession

    @dataclass
    class LastSets(Message):
        found: dict[str, LoggedSet]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.data: Loaded | None = None
        self.model: SessionModel | None = None
        self.cursor = 0
        self.undo_stack: list[tuple[str, Any]] = []  # ("delete", LoggedSet) | ("add_set" | "skip_set", block)
        self.drafts: dict[int, dict[str, str]] = {}
        self.prs: list[tuple[str, list[str]]] = []
        self.notes = ""
        self.finishing = False
        self._restoring: set[str] = set()  # ids of deleted sets being restored
        self.exercise_notes: dict[str, str] = {}  # exercise -> its note in this session

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static("FLUX · Session", id="title")
            yield Static("", id="elapsed")
            yield SyncBadge(id="badge")
        yield SetsTable(id="sets", cursor_type="row", zebra_stripes=False, show_cursor=True)
        yield Static("Loading the session…", id="session-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(SetsTable)
        table.add_column(" ", key="mark", width=1)
        table.add_column("Exercise", key="exercise", width=20)
        table.add_column("Set", key="set", width=3)
        table.add_column("Prescribed", key="prescribed", width=20)
        table.add_column("Done", key="done", width=18)
        table.add_column("Plates/side", key="plates", width=11)
        self.load()
        self.set_interval(1.0, self.update_elapsed)

    # --- loading ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="session-load", name="Could not open the session")
    def load(self) -> None:
        from flux_tui.errors import StoreRefused

        training = self.app.training
        active = training.active_session()
        if active is None or active[0].id != self.session_id:
            raise StoreRefused("this session is no longer active")
        record, plan = active
        brain = training.brain
        default_rest = getattr(brain.logic.rest_seconds, record.archetype, brain.logic.rest_seconds.performance)
        ranges = {s.exercise: s.reps for s in plan.slots}
        catalog = training.catalog
        kind_rest = {e.id: rest_default(brain, record.archetype, e.load_type) for e in catalog.values()}
        self.post_message(self.Ready(Loaded(record, plan, catalog, dict(brain.selections), training.unit(),
                                            default_rest, training.last_sets(ranges, ranges),
                                            tuple((w.percent, w.reps) for w in brain.logic.warmup),
                                            training.remembered_rests(), kind_rest,
                                            training.last_exercise_notes(ranges, record.id), training.loads())))

    def data_changed(self) -> None:
        """A sync brought changes (another device's sets of this session, or its end): read it again."""
        if not self.finishing:
            self.load()

    def worker_failed(self, worker: Worker) -> None:
        """The app has shown what failed; undo what the screen assumed would go through."""
        if worker.group == "session-finish":
            self.finishing = False
        elif worker.name == "Could not restore the set":
            self._restoring.clear()  # the set stays deleted; u tries again

    def on_session_screen_ready(self, message: Ready) -> None:
        data = self.data = message.loaded
        self.notes = data.record.notes
        self.exercise_notes = dict(data.record.exercise_notes)
        self.model = SessionModel.from_plan(data.plan, data.catalog, data.unit, data.record.sets)
        self.model.plates = self._plates
        self.model.loads = data.loads
        self._plan_warmups()
        self.query_one("#title", Static).update(
            f"FLUX · {data.record.archetype.title()} · {units.pattern_text(data.record.anchor_pattern)}")
        self.cursor = self._current_row()
        self.redraw()
        self.update_elapsed()

    def _plates(self, kg: float) -> PlateLoad:
        """The plates for a barbell load, in the user's unit, from the settings' inventory and bar."""
        unit = self.data.unit
        inventory = self.app.preferences.plates
        return load_plates(units.to_unit(kg, unit), inventory.bar(unit), inventory.sizes(unit))

    def _buildable(self, kg: float) -> float:
        return units.to_kg(self._plates(kg).total, self.data.unit)

    def _plan_warmups(self) -> None:
        """The anchor's warm-up ramp, once its working load is known (the plan's, else last time's)."""
        for block in self.model.blocks:
            slot = block.slot
            if not isinstance(slot, PlannedSlot) or not slot.is_anchor or block.warmups:
                continue
            exercise = self.data.catalog.get(block.exercise_id)
            last = self.data.last_sets.get(block.exercise_id)
            working = slot.load if slot.load is not None else (last.weight if last is not None else None)
            if exercise is None or exercise.load_type not in LOADED or exercise.load_type == "sled" or not working:
                continue
            if exercise.load_type == "barbell":
                rounding, floor = self._buildable, units.to_kg(self.app.preferences.plates.bar(self.data.unit),
                                                               self.data.unit)
            else:
                rounding, floor = round_to(exercise.increment), 0.0
            block.warmups = warmup_sets(working, self.data.warmup, rounding, floor)

    # --- drawing ------------------------------------------------------------------

    def _current_row(self) -> int:
        rows = self.model.rows()
        return next((i for i, r in enumerate(rows) if r.current), max(0, len(rows) - 1))

    def redraw(self) -> None:
        if self.model is None:
            return
        table = self.query_one(SetsTable)
        table.clear()
        rows = self.model.rows()
        previous_block = None
        for row in rows:
            block = self.model.blocks[row.block]
            name = "" if row.block == previous_block else \
                f"{block.group} · {block.exercise_name}" if block.group else block.exercise_name
            previous_block = row.block
            # One cursor: the highlighted row is the set `enter` logs; ✓ only says a set is done.
            if row.logged is not None:
                style, mark = ("dim" if row.logged.is_warmup else "green"), "✓"
            else:
                style, mark = "", " "
            table.add_row(Text(mark, style=style), Text(name, style="bold" if name else ""),
                          Text(row.label, style=style), Text(row.prescribed, style=style),
                          Text(row.done, style=style), Text(row.plates, style="dim"))
        self.cursor = max(0, min(self.cursor, len(rows) - 1))
        if rows:
            table.move_cursor(row=self.cursor, animate=False)
        self.update_status()

    def update_status(self) -> None:
        working, volume = self.model.totals()
        text = f"{units.plural(working, 'working set')} · volume {units.weight_text(volume, self.model.unit)}"
        row = self._row()
        if row is not None and self.model.blocks[row.block].kind == "conditioning":
            text += " · i: interval timer"
        if self.notes:
            text += " · notes ✎"
        self.query_one("#session-status", Static).update(text)

    def update_elapsed(self) -> None:
        if self.data is None:
            return
        seconds = (self.app.clock.now() - self.data.record.started_at).total_seconds()
        self.query_one("#elapsed", Static).update(units.elapsed_text(seconds))

    def _row(self):
        if self.model is None:
            return None
        rows = self.model.rows()
        return rows[self.cursor] if 0 <= self.cursor < len(rows) else None

    # --- moving -----------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        if self.model is None:
            return
        count = len(self.model.rows())
        self.cursor = max(0, min(count - 1, self.cursor + step))
        self.query_one(SetsTable).move_cursor(row=self.cursor, animate=False)
        self.update_status()

    # --- logging a set --------------------------------------------------------------------

    def action_log(self, timer_rounds: int | None = None) -> None:
        row = self._row()
        if row is None or self.data is None:
            return
        index = row.block
        model = self.model
        block = model.blocks[index]
        draft = self.drafts.get(index)
        values = dict(draft) if draft else model.prefill(index, self.data.last_sets.get(block.exercise_id),
                                                          timer_rounds)
        set_type = values.pop("set_type", None) or model.next_set_type(index)
        if row.warmup is not None and not draft:
            values = {**values, "weight": units.weight_field(row.warmup.load, model.unit),
                      "reps": str(row.warmup.reps)}
            set_type = "warmup"
        if timer_rounds is not None:
            values = {**values, "rounds_completed": str(timer_rounds)}
        done = model.working_done(index)
        heading = f"set {done + 1} of {max(block.planned, done + 1)} · {model.prescribed_text(index)}"
        if row.warmup is not None:
            heading = f"warm-up · {row.prescribed.removeprefix('warm-up ')}"
        metrics: tuple[str, ...] = ()
        if block.tracking == "intervals":
            target = getattr(block.slot, "target", None)
            metrics = tuple(target or ()) or ("avg_watts",)
        notes = ["enter a working weight"] if model.needs_weight(index, values) else []
        last_time = self.data.last_notes.get(block.exercise_id)
        if last_time:
            notes.append(f"last time: {last_time}")
        typed = units.plain_number(values.get("weight") or "")
        if typed and model.plates_text(index, units.to_kg(typed, model.unit)):
            loaded = self._plates(units.to_kg(typed, model.unit))
            if loaded.note and not draft:  # a prefill the plates cannot build: the nearest one, and why
                notes.append(f"{loaded.note} {model.unit}")
                values = {**values, "weight": units.number(loaded.total, 2)}
            notes.append(loaded.text(model.unit) if not loaded.note or not draft else loaded.note)
        form = SetForm(self.session_id, block.exercise_id, block.exercise_name, block.tracking, model.unit,
                       values, heading, metrics, set_type, self.app.preferences.effort, tuple(notes),
                       model.weighted(index), block.group)
        self.app.push_screen(SetEntryScreen.opened(self.app, form), lambda result: self._set_entered(index, result))

    def _set_entered(self, index: int, result: SetLogged | Draft | None) -> None:
        if isinstance(result, Draft):
            self.drafts[index] = result.values
            return
        if not isinstance(result, SetLogged):
            return
        self.drafts.pop(index, None)
        logged = result.logged
        model = self.model
        model.set_logged([*model.sets, logged])
        block = model.blocks[index]
        if result.prs:
            self.prs.append((logged.exercise_id, list(result.prs)))
            kinds = " and ".join({"e1rm": "e1RM", "reps": "rep record"}.get(k, k) for k in result.prs)
            self.notify(f"{block.exercise_name}: new {kinds}!", title="PR", timeout=6)
        self.cursor = self._current_row()  # the next undone set: the one cursor moves on
        self.redraw()
        if not logged.is_warmup and block.kind == "strength" and model.round_over(index):
            self._rest(block.exercise_id, self.rest_for(index))

    def rest_for(self, index: int) -> int:
        """A block's rest: what the timer was last set to for its exercise, else its slot's (the Brain's,
        by the plan), else its kind's."""
        block = self.model.blocks[index]
        remembered = self.data.rests.get(block.exercise_id)
        if remembered is not None:
            return remembered
        if block.rest_seconds is not None:
            return block.rest_seconds
        return self.data.kind_rest.get(block.exercise_id, self.data.default_rest)

    def _rest(self, exercise_id: str, seconds: int) -> None:
        from flux_tui.ui.screens.timer import TimerScreen

        row = self._row()
        up_next = ""
        if row is not None and row.logged is None:
            block = self.model.blocks[row.block]
            up_next = f"{block.exercise_name} set {row.label} · {row.prescribed}"
        self.app.push_screen(TimerScreen(seconds, up_next), lambda changed: self._rest_changed(exercise_id, changed))

    def _rest_changed(self, exercise_id: str, seconds: int | None) -> None:
        if seconds is not None:
            self.data.rests[exercise_id] = seconds
            self.remember_rest(exercise_id, seconds)

    @work(thread=True, exit_on_error=False, group="session-rest", name="Could not remember the rest")
    def remember_rest(self, exercise_id: str, seconds: int) -> None:
        self.app.training.remember_rest(exercise_id, seconds)

    def action_intervals(self) -> None:
        row = self._row()
        if row is None:
            return
        block = self.model.blocks[row.block]
        spec = block.slot
        if block.kind != "conditioning" or not isinstance(spec, PlannedConditioning):
            self.notify("Move to the conditioning block to run its interval timer.", timeout=3)
            return
        from flux_tui.ui.screens.intervals import IntervalScreen

        target = ", ".join(units.metric_text(k, v) for k, v in spec.target.items())
        screen = IntervalScreen(units.pattern_text(spec.protocol or block.exercise_name),
                                spec.work_seconds, spec.rest_seconds, spec.rounds, target)
        self.app.push_screen(screen, self._intervals_done)

    def _intervals_done(self, rounds: int | None) -> None:
        if rounds is not None:
            self.action_log(timer_rounds=rounds)

    # --- changing the plan -------------------------------------------------------------------

    def action_swap(self) -> None:
        row = self._row()
        if row is None:
            return
        from flux_tui.ui.screens.picker import PickerScreen

        block = self.model.blocks[row.block]
        preferred = self.data.selections.get(block.pattern, ()) if block.pattern else ()
        index = row.block
        self.app.push_screen(
            PickerScreen(f"Swap {block.exercise_name} for…", self.data.catalog, preferred, block.pattern,
                         exclude=[block.exercise_id]),
            lambda choice: self._swapped(index, choice))

    def _swapped(self, index: int, choice: str | None) -> None:
        if not choice:
            return
        old = self.model.blocks[index].exercise_name
        self.model.swap(index, choice)
        self.drafts.pop(index, None)
        new = next(i for i in range(index, len(self.model.blocks)) if self.model.blocks[i].exercise_id == choice)
        self.fetch_last_sets({choice: self.model.blocks[new].rep_range})
        self._changed_plan()
        self._land_on(new)
        self.notify(f"{old} → {self.data.catalog[choice].name}", timeout=3)

    def action_add_exercise(self) -> None:
        if self.model is None:
            return
        from flux_tui.ui.screens.picker import PickerScreen

        self.app.push_screen(PickerScreen("Add an exercise", self.data.catalog), self._added)

    def _added(self, choice: str | None) -> None:
        if not choice:
            return
        index = self.model.add_exercise(choice)
        self.undo_stack.append(("add_set", index))
        self.fetch_last_sets({choice: self.model.blocks[index].rep_range})
        self._changed_plan()
        self._land_on(index)

    def _land_on(self, index: int) -> None:
        """The cursor on this block's first undone set (its last row when all are done)."""
        rows = self.model.rows()
        mine = [i for i, r in enumerate(rows) if r.block == index]
        self.cursor = next((i for i in mine if rows[i].logged is None), mine[-1] if mine else self.cursor)
        self.redraw()

    def _changed_plan(self) -> None:
        self.save_plan(self.model.to_plan(self.data.plan))

    @work(thread=True, exclusive=True, exit_on_error=False, group="session-plan",
          name="Could not save the change to the session's plan")
    def save_plan(self, plan: Plan) -> None:
        self.app.training.save_session_plan(self.session_id, plan)

    @work(thread=True, exit_on_error=False, group="session-last", name="Could not read the last sets (for the form)")
    def fetch_last_sets(self, ranges: dict[str, tuple[int, int] | None]) -> None:
        self.post_message(self.LastSets(self.app.training.last_sets(ranges, ranges)))

    def on_session_screen_last_sets(self, message: LastSets) -> None:
        self.data.last_sets.update(message.found)
        self._plan_warmups()
        self.redraw()

    def _edited(self, kind: str, block: int) -> None:
        """A set added to or skipped from the plan: u undoes it; saved and shown."""
        self.undo_stack.append((kind, block))
        self._changed_plan()
        self.redraw()

    def action_add_set(self) -> None:
        row = self._row()
        if row is not None:
            self.model.add_set(row.block)
            self._edited("add_set", row.block)

    def action_skip_set(self) -> None:
        row = self._row()
        if row is None:
            return
        if self.model.skip_set(row.block):
            self._edited("skip_set", row.block)
            self.notify("Set skipped — u undoes", timeout=3)
        else:
            self.notify("No planned set left to skip here.", timeout=3)

    # --- delete and undo ------------------------------------------------------------------------

    def action_delete_set(self) -> None:
        row = self._row()
        if row is None:
            return
        if row.logged is None:
            self.notify("Not logged yet: nothing to delete (- skips a planned set).", timeout=3)
            return
        self.delete(row.logged)

    @work(thread=True, exit_on_error=False, group="session-write", name="Could not delete the set")
    def delete(self, logged: LoggedSet) -> None:
        self.app.training.delete_set(logged.id)
        self.post_message(self.SetDeleted(logged))

    def on_session_screen_set_deleted(self, message: SetDeleted) -> None:
        self.model.sets = [s for s in self.model.sets if s.id != message.logged.id]
        self.undo_stack.append(("delete", message.logged))
        self.redraw()
        self.notify("Set deleted — u undoes", timeout=3)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.", timeout=2)
            return
        kind, value = self.undo_stack[-1]
        if kind == "delete":
            # Stays on the stack until the store has it back: a failed restore can be undone again.
            if value.id not in self._restoring:
                self._restoring.add(value.id)
                self.restore(value)
            return
        self.undo_stack.pop()
        if kind == "skip_set":
            self.model.blocks[value].planned += 1
        elif kind == "add_set" and self.model.pending(value) > 0:
            self.model.blocks[value].planned -= 1
        self._changed_plan()
        self.redraw()

    @work(thread=True, exit_on_error=False, group="session-write", name="Could not restore the set")
    def restore(self, logged: LoggedSet) -> None:
        self.app.training.restore_set(logged.id)
        self.post_message(self.SetRestored(logged))

    def on_session_screen_set_restored(self, message: SetRestored) -> None:
        self._restoring.discard(message.logged.id)
        entry = ("delete", message.logged)
        if entry in self.undo_stack:
            self.undo_stack.remove(entry)
        self.model.set_logged([*self.model.sets, message.logged])
        self.redraw()
        self.notify("Set restored", timeout=3)

    # --- notes ------------------------------------------------------------------------------------

    def action_exercise_note(self) -> None:
        """A note on the highlighted exercise, kept with this session (shown next time as 'last time: …')."""
        row = self._row()
        if row is None:
            return
        from flux_tui.ui.screens.notes import NotesScreen

        block = self.model.blocks[row.block]
        self.app.push_screen(NotesScreen(self.exercise_notes.get(block.exercise_id, ""), f"Note on {block.exercise_name}"),
                             lambda text: self._exercise_note_done(block.exercise_id, text))

    def _exercise_note_done(self, exercise_id: str, text: str | None) -> None:
        if text is not None:
            self.exercise_notes[exercise_id] = text
            self.save_exercise_note(exercise_id, text)

    @work(thread=True, exit_on_error=False, group="session-notes", name="Could not save the exercise note")
    def save_exercise_note(self, exercise_id: str, text: str) -> None:
        self.app.training.set_exercise_note(self.session_id, exercise_id, text)

    def action_notes(self) -> None:
        from flux_tui.ui.screens.notes import NotesScreen

        self.app.push_screen(NotesScreen(self.notes), self._notes_done)

    def _notes_done(self, text: str | None) -> None:
        if text is not None:
            self.save_notes(text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="session-notes", name="Could not save the notes")
    def save_notes(self, text: str) -> None:
        self.app.training.set_notes(self.session_id, text)
        self.post_message(self.NotesSaved(text))

    def on_session_screen_notes_saved(self, message: NotesSaved) -> None:
        self.notes = message.text
        self.redraw()
        self.notify("Notes saved", timeout=3)

    # --- finishing -----------------------------------------------------------------------------------

    def action_finish(self) -> None:
        if self.model is None or self.finishing:
            return
        from flux_tui.ui.screens.confirm import ConfirmScreen

        working, _ = self.model.totals()
        pending = sum(self.model.pending(i) for i in range(len(self.model.blocks)))
        question = f"{working} working set{'s' if working != 1 else ''} logged"
        question += f", {pending} planned set{'s' if pending != 1 else ''} not done." if pending else "."
        self.app.push_screen(ConfirmScreen("Finish the session?", question), self._finish_answered)

    def _finish_answered(self, yes: bool | None) -> None:
        if yes and not self.finishing:
            self.finishing = True
            self.finish()

    @work(thread=True, exclusive=True, exit_on_error=False, group="session-finish", name="Could not finish the session")
    def finish(self) -> None:
        self.post_message(self.Finished(self.app.training.finish_session(self.session_id, now=self.app.clock.now())))

    def on_session_screen_finished(self, message: Finished) -> None:
        from flux_tui.ui.screens.summary import SummaryScreen

        names = {k: e.name for k, e in self.data.catalog.items()}
        self.app.switch_screen(SummaryScreen(message.finished, self.model.unit, self.model.loads, self.prs, names))

    def action_back(self) -> None:
        self.app.pop_screen()

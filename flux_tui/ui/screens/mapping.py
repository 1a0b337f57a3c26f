"""Map your own exercises: the names an import left without a pattern, most sets first.

Each one is merged into a catalog exercise (`enter`, then search the catalog: its history
becomes that exercise's and the name one of its names) or given a pattern (`p`, then search
the patterns: it keeps its name). Reached from Today and History (`m`) and named by the import
summary. Reads and writes run in workers, through `Training`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from flux_tui.brain.models import ASSIGNABLE_PATTERNS
from flux_tui.ui import bindings, css
from flux_tui.ui.screens.picker import PickerScreen, rank
from flux_tui.ui.workers import ReportsFailedWorkers
from flux_tui.units import pattern_text

if TYPE_CHECKING:
    from flux_tui.training import CustomCount


def row_text(row: CustomCount, width: int) -> str:
    sets = f"{row.sets:>5} set{'s' if row.sets != 1 else ' '}"
    pattern = "" if row.pattern == "unassigned" else f"  ({pattern_text(row.pattern)})"
    return f"{sets}  {row.name}{pattern}"[:width]


def matching(rows: list[CustomCount], query: str) -> list[CustomCount]:
    """The rows whose name holds every word of `query` (any case)."""
    words = query.casefold().split()
    return [row for row in rows if all(word in row.name.casefold() for word in words)]


def suggestions(name: str, targets: dict[str, Any], most: int = 5) -> list[str]:
    """Catalog ids to offer first for `name`: those holding all of its words, else all but the last
    ones (`Lat Pulldown (Custom)` finds Lat Pulldown)."""
    words = "".join(c if c.isalnum() else " " for c in name.casefold()).split()
    for end in range(len(words), 0, -1):
        found = rank(targets.values(), " ".join(words[:end]))
        if found:
            return [exercise.id for exercise in found[:most]]
    return []


class PatternPickerScreen(PickerScreen):
    """The picker's dialog and keys over the movement patterns: type to narrow them, enter picks."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Pattern for {name}", {})

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#picker-search", Input).placeholder = "type to search the patterns"

    def _fill(self, query: str) -> None:
        self._query = query
        words = query.casefold().replace("_", " ").split()
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        for pattern in ASSIGNABLE_PATTERNS:
            text = f"{pattern.replace('_', ' ')} {pattern_text(pattern)}".casefold()
            if pattern != "unassigned" and all(word in text for word in words):
                options.add_option(Option(pattern_text(pattern), id=pattern))
        if options.option_count:
            options.highlighted = 0


class MappingScreen(ReportsFailedWorkers, Screen):
    BINDINGS = bindings.MAPPING
    CSS_PATH = css.MAPPING

    @dataclass
    class Loaded(Message):
        rows: list[CustomCount]
        targets: dict[str, Any]

    @dataclass
    class Mapped(Message):
        text: str

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CustomCount] = []
        self.targets: dict[str, Any] = {}  # the catalog exercises one may merge into
        self.show_all = False  # every exercise of your own, not only those without a pattern
        self.loaded = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static("FLUX · Map your exercises", id="title")
        yield Static("", id="mapping-heading")
        yield Input(placeholder="filter the names — enter or ↓ back to the list", id="mapping-filter")
        yield OptionList(id="mapping-list")
        yield Static("", id="mapping-empty")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#mapping-list", OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="mapping", name="Could not read your exercises")
    def load(self) -> None:
        training = self.app.training
        rows = training.unmapped(all_custom=self.show_all)
        targets = {e.id: e for e in training.catalog.values() if not e.is_custom}
        self.post_message(self.Loaded(rows, targets))

    def on_mapping_screen_loaded(self, message: Loaded) -> None:
        self.rows, self.targets, self.loaded = message.rows, message.targets, True
        self._fill()

    def _fill(self) -> None:
        shown = matching(self.rows, self.query_one("#mapping-filter", Input).value)
        options = self.query_one("#mapping-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        width = max(self.size.width - 6, 20)
        options.add_options([Option(row_text(row, width), id=row.id) for row in shown])
        if shown:
            options.highlighted = min(highlighted or 0, len(shown) - 1)
        what = "exercises of your own" if self.show_all else "names with no pattern"
        sets = sum(row.sets for row in self.rows)
        self.query_one("#mapping-heading", Static).update(
            f"{len(self.rows)} {what} · {sets} sets · enter merges into a catalog exercise")
        empty = self.query_one("#mapping-empty", Static)
        empty.display = not shown
        if not self.rows:
            empty.update("Nothing to map: every exercise of yours has a pattern. (a shows them all)"
                         if not self.show_all else "You have no exercises of your own.")
        else:
            empty.update("No name matches the filter.")

    def _current(self) -> CustomCount | None:
        options = self.query_one("#mapping-list", OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        wanted = options.get_option_at_index(options.highlighted).id
        return next((row for row in self.rows if row.id == wanted), None)

    # --- keys ---------------------------------------------------------------------------

    def action_exercise(self) -> None:
        row = self._current()
        if row is None:
            return
        picker = PickerScreen(f"Merge {row.name} into", self.targets, preferred=suggestions(row.name, self.targets))
        self.app.push_screen(picker,
                             lambda target: target is not None and self.apply(row, into=target))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_exercise()

    def action_pattern(self) -> None:
        row = self._current()
        if row is None:
            return
        self.app.push_screen(PatternPickerScreen(row.name),
                             lambda pattern: pattern is not None and self.apply(row, pattern=pattern))

    def action_filter(self) -> None:
        field = self.query_one("#mapping-filter", Input)
        field.display = True
        field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.loaded:
            self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#mapping-list", OptionList).focus()

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.load()

    def action_back(self) -> None:
        field = self.query_one("#mapping-filter", Input)
        if field.display:
            field.value = ""
            field.display = False
            self.query_one("#mapping-list", OptionList).focus()
            return
        self.app.pop_screen()

    # --- writing ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="mapping-write", name="Could not map the exercise")
    def apply(self, row: CustomCount, pattern: str | None = None, into: str | None = None) -> None:
        from flux_tui.training import ExerciseMapping

        self.app.training.apply_mappings([ExerciseMapping(row.id, pattern=pattern, into=into)])
        done = (f"merged into {self.targets[into].name}" if into is not None
                else f"now counts for {pattern_text(pattern)}")
        self.post_message(self.Mapped(f"{row.name} ({row.sets} sets) {done}"))

    def on_mapping_screen_mapped(self, message: Mapped) -> None:
        self.notify(message.text, timeout=4)
        self.load()

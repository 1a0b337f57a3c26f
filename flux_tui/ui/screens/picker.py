"""Pick an exercise: the pattern's own selections first, then type to search the whole catalog."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from flux_tui.ui import bindings
from flux_tui.ui.units import pattern_text


def rank(exercises: Iterable[Any], query: str, preferred: Sequence[str] = (), pattern: str | None = None) -> list[Any]:
    """Exercises matching `query` (name, id, alias or pattern; any case): preferred ids first,
    then the same pattern, then the rest, each by name."""
    wanted = query.strip().casefold()
    order = {exercise_id: i for i, exercise_id in enumerate(preferred)}
    found = []
    for exercise in exercises:
        haystack = " ".join([exercise.name, exercise.id, exercise.pattern, *exercise.aliases]).casefold()
        if wanted and not all(word in haystack for word in wanted.split()):
            continue
        if not wanted and pattern is not None and exercise.pattern != pattern and exercise.id not in order:
            continue
        group = 0 if exercise.id in order else (1 if exercise.pattern == pattern else 2)
        found.append((group, order.get(exercise.id, 0), exercise.name.casefold(), exercise))
    return [item[-1] for item in sorted(found, key=lambda item: item[:3])]


class PickerScreen(ModalScreen[str | None]):
    BINDINGS = bindings.PICKER

    def __init__(self, title: str, catalog: dict[str, Any], preferred: Sequence[str] = (),
                 pattern: str | None = None, exclude: Sequence[str] = ()) -> None:
        super().__init__()
        self.title_text = title
        self.exercises = [e for e in catalog.values() if e.id not in exclude]
        self.preferred = [p for p in preferred if p not in exclude]
        self.pattern = pattern

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="picker-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Input(placeholder="type to search the whole catalog", id="picker-search")
            yield OptionList(id="picker-options")
            yield Static("enter picks · ↑/↓ move · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#picker-search", Input).focus()

    def _fill(self, query: str) -> None:
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        for exercise in rank(self.exercises, query, self.preferred, self.pattern):
            mark = "★ " if exercise.id in self.preferred else "  "
            options.add_option(Option(f"{mark}{exercise.name}  ({pattern_text(exercise.pattern)})", id=exercise.id))
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#picker-options", OptionList)
        if options.highlighted is None:
            self.notify("Nothing matches; try another name.", severity="warning", timeout=3)
            return
        self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one("#picker-options", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)

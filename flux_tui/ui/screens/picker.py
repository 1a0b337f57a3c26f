"""Pick an exercise: the pattern's own selections first, then type to search the whole catalog."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from flux_tui.ui import bindings, css
from flux_tui.units import pattern_text


def rank(exercises: Iterable[Any], query: str, preferred: Sequence[str] = (), pattern: str | None = None) -> list[Any]:
    """Exercises matching `query` (every word found in the name, id, an alias or the pattern; any case).

    Best first: names starting with the query, then names with a word starting with each
    query word, then other matches; within that the preferred ids, the same pattern, the rest.
    Without a query: the preferred ids and the pattern's exercises only.
    """
    wanted = query.strip().casefold()
    words = wanted.split()
    order = {exercise_id: i for i, exercise_id in enumerate(preferred)}
    found = []
    for exercise in exercises:
        name = exercise.name.casefold()
        haystack = " ".join([name, exercise.id, exercise.pattern, *exercise.aliases]).casefold()
        if words and not all(word in haystack for word in words):
            continue
        if not words and pattern is not None and exercise.pattern != pattern and exercise.id not in order:
            continue
        name_words = name.replace("-", " ").split()
        if not words or name.startswith(wanted):
            quality = 0
        elif all(any(w.startswith(word) for w in name_words) for word in words):
            quality = 1
        else:
            quality = 2
        group = 0 if exercise.id in order else (1 if exercise.pattern == pattern else 2)
        found.append((quality, group, order.get(exercise.id, 0), name, exercise))
    return [item[-1] for item in sorted(found, key=lambda item: item[:4])]


CREATE = "\x00create"  # the option that creates the exercise typed (no exercise id has a NUL)


class PickerScreen(ModalScreen[str | None]):
    BINDINGS = bindings.PICKER
    CSS_PATH = css.DIALOGS

    def __init__(self, title: str, catalog: dict[str, Any], preferred: Sequence[str] = (),
                 pattern: str | None = None, exclude: Sequence[str] = ()) -> None:
        super().__init__()
        self.title_text = title
        self.catalog = catalog  # the caller's: an exercise created here is added to it
        self.exercises = [e for e in catalog.values() if e.id not in exclude]
        self.preferred = [p for p in preferred if p not in exclude]
        self.pattern = pattern
        self._query = ""

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
        self._query = query
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        for exercise in rank(self.exercises, query, self.preferred, self.pattern):
            mark = "★ " if exercise.id in self.preferred else "  "
            options.add_option(Option(f"{mark}{exercise.name}  ({pattern_text(exercise.pattern)})", id=exercise.id))
        typed = " ".join(query.split())
        if typed and all(e.name.casefold() != typed.casefold() for e in self.exercises):
            options.add_option(Option(f"+ create '{typed}'", id=CREATE))
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#picker-options", OptionList)
        if event.value != self._query:
            self._fill(event.value)  # a Changed may still be on its way: pick from what is typed now
        if options.highlighted is None:
            self.notify("Nothing matches; try another name.", severity="warning", timeout=3)
            return
        self._pick(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def _pick(self, option_id: str | None) -> None:
        if option_id != CREATE:
            self.dismiss(option_id)
            return
        from flux_tui.ui.screens.new_exercise import NewExerciseScreen

        self.app.push_screen(NewExerciseScreen(" ".join(self._query.split()), self.pattern), self._created)

    def _created(self, exercise: Any) -> None:
        if exercise is not None:
            self.catalog[exercise.id] = exercise
            self.dismiss(exercise.id)

    def action_move(self, step: int) -> None:
        options = self.query_one("#picker-options", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)

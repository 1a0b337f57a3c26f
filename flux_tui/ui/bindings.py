"""Every key of the app, in one place: each binding has an id (for keymaps) and a description.

Screens and widgets take their BINDINGS from here; the help screen, the command
palette and `flux-tui keys` read the same tables, so what they list is what the
keys do. The settings file's `[keymap]` (binding id -> key) is applied with
`App.set_keymap`. Imports nothing of Textual but `Binding`, so `flux-tui keys`
stays light.
"""

from __future__ import annotations

from typing import Iterator, Mapping

from textual.binding import Binding

GLOBAL = [
    Binding("question_mark", "app.help", "Help", id="app.help", key_display="?"),
    Binding("ctrl+p", "app.command_palette", "Commands", id="app.command_palette", show=False),
    Binding("y", "app.sync_details", "Sync details", id="app.sync_details", show=False),
]

TODAY = [
    Binding("s", "start", "Start session", id="today.start"),
    Binding("h", "history", "History", id="today.history"),
    Binding("f", "forecast", "Forecast", id="today.forecast"),
    Binding("r", "refresh", "Refresh", id="today.refresh", show=False),
    Binding("w", "toggle_unit", "Switch kg/lb", id="today.unit", show=False),
    Binding("m", "mapping", "Map", id="today.mapping"),
    Binding("q", "quit", "Quit", id="today.quit"),
]

SESSION = [
    Binding("down,j", "cursor_down", "Down", id="session.down", show=False),
    Binding("up,k", "cursor_up", "Up", id="session.up", show=False),
    Binding("enter", "log", "Log set", id="session.log"),
    Binding("x", "swap", "Swap", id="session.swap"),
    Binding("a", "add_exercise", "Add exercise", id="session.add_exercise"),
    Binding("plus,equals_sign", "add_set", "Add set", id="session.add_set", key_display="+", show=False),
    Binding("minus", "skip_set", "Skip set", id="session.skip_set", key_display="-", show=False),
    Binding("d", "delete_set", "Delete set", id="session.delete_set"),
    Binding("u", "undo", "Undo", id="session.undo"),
    Binding("i", "intervals", "Interval timer", id="session.intervals", show=False),
    Binding("n", "notes", "Notes", id="session.notes", show=False),
    Binding("o", "exercise_note", "Exercise note", id="session.exercise_note", show=False),
    Binding("f", "finish", "Finish", id="session.finish"),
    Binding("escape", "back", "Today", id="session.back", show=False),
]

SET_ENTRY = [
    Binding("enter", "log", "Log set", id="set_entry.log", priority=False),
    # priority, before the field: the fields take numbers only (set_entry.NumberInput)
    Binding("t", "cycle_type", "Set type", id="set_entry.type", priority=True),
    Binding("escape", "cancel", "Cancel", id="set_entry.cancel"),
    Binding("tab", "app.focus_next", "Next field", id="set_entry.next", show=False),
    Binding("shift+tab", "app.focus_previous", "Previous field", id="set_entry.previous", show=False),
]

SYNC_DETAILS = [
    Binding("escape,q,y", "close", "Close", id="sync_details.close"),
]

TIMER = [
    Binding("plus,equals_sign", "more", "+15 s", id="timer.more", key_display="+"),
    Binding("minus", "less", "-15 s", id="timer.less", key_display="-"),
    Binding("space", "pause", "Pause", id="timer.pause"),
    Binding("escape", "skip", "Skip", id="timer.skip"),
]

INTERVALS = [
    Binding("space", "pause", "Pause", id="intervals.pause"),
    Binding("escape", "stop", "Stop and log", id="intervals.stop"),
]

SUMMARY = [
    Binding("enter", "done", "Today", id="summary.done"),
    Binding("escape", "done", "Today", id="summary.back", show=False),
]

RESUME = [
    Binding("enter", "resume", "Resume", id="resume.resume"),
    Binding("n", "abandon", "Abandon", id="resume.abandon"),
]
# Not a section of its own in the help: "Everywhere: esc Back / cancel" says it.
RESUME_LATER = [Binding("escape", "later", "Later", id="resume.later", show=False)]

CONFIRM = [
    Binding("y", "yes", "Yes", id="confirm.yes"),
    Binding("n,escape", "no", "No", id="confirm.no"),
]

PICKER = [
    Binding("escape", "cancel", "Cancel", id="picker.cancel"),
    Binding("down", "move(1)", "Down", id="picker.down", show=False),
    Binding("up", "move(-1)", "Up", id="picker.up", show=False),
]

MAPPING = [
    Binding("enter", "exercise", "Merge into exercise", id="mapping.exercise"),
    Binding("p", "pattern", "Give a pattern", id="mapping.pattern"),
    Binding("slash", "filter", "Filter", id="mapping.filter", key_display="/"),
    Binding("a", "toggle_all", "All / unmapped", id="mapping.all"),
    Binding("escape", "back", "Back", id="mapping.back"),
]

NEW_EXERCISE = [
    Binding("ctrl+s", "create", "Create", id="new_exercise.create"),
    Binding("escape", "cancel", "Cancel", id="new_exercise.cancel"),
]

NOTES = [
    Binding("ctrl+s", "save", "Save", id="notes.save"),
    Binding("escape", "cancel", "Cancel", id="notes.cancel"),
]

HELP = [
    Binding("escape,question_mark,q", "close", "Close", id="help.close"),
]

FORECAST = [
    Binding("escape", "back", "Back", id="forecast.back"),
]

HISTORY = [
    Binding("slash", "filter", "Filter by exercise", id="history.filter"),
    Binding("m", "mapping", "Map exercises", id="history.mapping"),
    Binding("c", "calendar", "Calendar", id="history.calendar"),
    Binding("v", "volume", "Weekly volume", id="history.volume"),
    Binding("r", "records", "Records", id="history.records"),
    Binding("t", "trends", "Trends", id="history.trends"),
    Binding("escape", "back", "Back", id="history.back"),
]

CALENDAR = [
    Binding("left,h", "move(-7)", "Week before", id="calendar.left", show=False),
    Binding("right,l", "move(7)", "Week after", id="calendar.right", show=False),
    Binding("up,k", "move(-1)", "Day before", id="calendar.up", show=False),
    Binding("down,j", "move(1)", "Day after", id="calendar.down", show=False),
    Binding("home", "today", "Today", id="calendar.today"),
    Binding("enter", "open", "Open session", id="calendar.open"),
    Binding("escape", "back", "Back", id="calendar.back"),
]

VOLUME = [
    Binding("m", "toggle", "Patterns / muscles", id="volume.toggle"),
    Binding("escape", "back", "Back", id="volume.back"),
]

RECORDS = [
    Binding("enter", "trends", "Trends", id="records.trends"),
    Binding("c", "compare", "Compare", id="records.compare"),
    Binding("escape", "back", "Back", id="records.back"),
]

TRENDS = [
    Binding("m", "next_metric", "e1RM / top set / bodyweight", id="trends.metric"),
    Binding("a", "span", "Last year / all time", id="trends.span"),
    Binding("right_square_bracket", "exercise(1)", "Next exercise", id="trends.next", key_display="]"),
    Binding("left_square_bracket", "exercise(-1)", "Previous exercise", id="trends.previous", key_display="["),
    Binding("c", "compare", "Compare", id="trends.compare"),
    Binding("escape", "back", "Back", id="trends.back"),
]

COMPARE = [
    Binding("left", "older", "Older", id="compare.older"),
    Binding("right", "newer", "Newer", id="compare.newer"),
    Binding("escape", "back", "Back", id="compare.back"),
]

HISTORY_SESSION = [
    Binding("e", "exercise", "Exercise history", id="history_session.exercise"),
    Binding("escape", "back", "Back", id="history_session.back"),
]

HISTORY_EXERCISE = [
    Binding("p", "next_pattern", "Next pattern", id="history_exercise.next_pattern"),
    Binding("escape", "back", "Back", id="history_exercise.back"),
]

VIRTUAL_LIST = [
    Binding("up", "cursor_up", "Up", show=False, id="virtual_list.cursor_up"),
    Binding("down", "cursor_down", "Down", show=False, id="virtual_list.cursor_down"),
    Binding("pageup", "cursor_page_up", "Page up", show=False, id="virtual_list.page_up"),
    Binding("pagedown", "cursor_page_down", "Page down", show=False, id="virtual_list.page_down"),
    Binding("home", "cursor_first", "First", show=False, id="virtual_list.first"),
    Binding("end", "cursor_last", "Last", show=False, id="virtual_list.last"),
    Binding("enter", "select", "Open", id="virtual_list.select"),
]

# Where each table's keys work, for `flux-tui keys`.
SCREENS: dict[str, list[Binding]] = {
    "everywhere": GLOBAL, "today": TODAY, "session": SESSION, "set entry": SET_ENTRY,
    "rest timer": TIMER, "interval timer": INTERVALS, "summary": SUMMARY, "resume prompt": RESUME + RESUME_LATER,
    "confirm": CONFIRM, "sync details": SYNC_DETAILS, "picker": PICKER, "new exercise": NEW_EXERCISE, "notes": NOTES, "help": HELP, "history": HISTORY,
    "history session": HISTORY_SESSION, "history exercise": HISTORY_EXERCISE, "calendar": CALENDAR,
    "weekly volume": VOLUME, "records": RECORDS, "trends": TRENDS, "compare": COMPARE, "lists": VIRTUAL_LIST,
    "forecast": FORECAST,
    "map exercises": MAPPING,
}


def all_bindings() -> Iterator[tuple[str, Binding]]:
    """(screen, binding) for every key of the app."""
    for screen, table in SCREENS.items():
        for binding in table:
            yield screen, binding


def keymap_problems(keymap: Mapping[str, str], where: Mapping[str, str]) -> list[str]:
    """A line for each id of a settings file's [keymap] that names no binding (`where`: id -> file:line)."""
    known = {binding.id for _, binding in all_bindings()}
    return [f"{where.get(binding_id, 'keymap')}: keymap.{binding_id}: no binding has this id (see `flux-tui keys`)"
            for binding_id in sorted(set(keymap) - known)]


EVERYWHERE = ("Everywhere", GLOBAL + [Binding("escape", "back", "Back / cancel", id="app.back")])

def sections_for(tables: list[list[Binding]]) -> list[tuple[str, list[Binding]]]:
    """What `?` lists on a screen whose own binding tables (the screen's, its widgets') are `tables`:
    the keys that work everywhere, then exactly those tables, titled by where they work."""
    titles = {id(table): name for name, table in SCREENS.items()}
    found = [(titles[id(t)].capitalize(), [b for b in t if b.id]) for t in tables if id(t) in titles]
    return [EVERYWHERE, *dict((title, entries) for title, entries in found).items()]


def key_text(binding: Binding, keymap: Mapping[str, str] | None = None) -> str:
    """The key as people write it ("?", "+", "esc"); a remapped binding shows its new key."""
    remapped = keymap.get(binding.id) if keymap and binding.id else None
    if binding.key_display and remapped is None:
        return binding.key_display
    names = {"question_mark": "?", "plus": "+", "minus": "-", "equals_sign": "=", "escape": "esc"}
    return " / ".join(names.get(k.strip(), k.strip()) for k in (remapped or binding.key).split(","))

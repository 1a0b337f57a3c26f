"""Records: per exercise the best e1RM, the heaviest load at each rep count from 1 to 12 and the
best session volume, each with its date; below, the records set in the last 30 days.

Read in a worker: a seek of an index per exercise and rep count (store/stats.py), the same at
any history length. enter opens the highlighted exercise's trends, `c` compares its last
session with the one before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Static

from flux_tui.engine.stats import RECORD_REPS
from flux_tui.ui import bindings
from flux_tui.ui.screens.history_format import today_of
from flux_tui.ui.screens.base import HistoryView
from flux_tui.units import number, to_unit

if TYPE_CHECKING:
    from flux_tui.engine.stats import ExerciseRecords, Record

KIND_TEXT = {"e1rm": "e1RM", "volume": "session volume"}


def value_text(record: Record | None, unit: str) -> str:
    return "" if record is None else number(to_unit(record.value, unit), 1)


def record_line(record: Record, name: str, unit: str) -> str:
    kind = KIND_TEXT.get(record.kind) or f"{record.reps} reps"
    detail = f" ({number(to_unit(record.weight, unit), 1)} × {record.reps})" if record.kind == "e1rm" else ""
    return f"{record.day.isoformat()}  {name}: {kind} {value_text(record, unit)} {unit}{detail}"


class RecordsScreen(HistoryView):
    BINDINGS = bindings.RECORDS

    def __init__(self, unit: str = "kg") -> None:
        super().__init__()
        self.unit = unit
        self.records: dict[str, ExerciseRecords] = {}
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static("Records", id="records-title", classes="history-title")
        yield DataTable(id="records-table", cursor_type="row", zebra_stripes=False)
        yield Static("", id="records-recent")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#records-table", DataTable).focus()
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, name="Could not read the records")
    def _load(self) -> None:
        from flux_tui.engine.stats import recent_records

        records = self.training.records()
        self.app.call_from_thread(self._show, records, recent_records(records, today_of(self.app)))

    def _show(self, records: dict[str, ExerciseRecords], recent: list[Record]) -> None:
        catalog = self.training.catalog
        names = {e: catalog[e].name if e in catalog else e for e in records}
        self.records = dict(sorted(records.items(), key=lambda item: names[item[0]].casefold()))
        unit = self.unit
        table = self.query_one("#records-table", DataTable)
        table.add_column("exercise", key="exercise")
        table.add_column(f"e1RM {unit}", key="e1rm")
        table.add_column("on", key="e1rm_day")
        table.add_column(f"session {unit}", key="volume")
        table.add_column("on", key="volume_day")
        for reps in RECORD_REPS:
            table.add_column(f"{reps}RM", key=f"{reps}")
        for exercise_id, r in self.records.items():
            table.add_row(
                names[exercise_id][:24], value_text(r.e1rm, unit), r.e1rm.day.isoformat() if r.e1rm else "",
                value_text(r.volume, unit), r.volume.day.isoformat() if r.volume else "",
                *(value_text(r.loads.get(reps), unit) for reps in RECORD_REPS), key=exercise_id)
        self.query_one("#records-title", Static).update(
            f"Records · {len(records)} exercises · {len(recent)} set in the last 30 days"
            if records else "Records · none yet: records need working sets with a load and reps")
        lines = [record_line(r, names.get(r.exercise_id, r.exercise_id), unit) for r in recent]
        self.query_one("#records-recent", Static).update(
            "Last 30 days\n" + ("\n".join(lines) if lines else "no records set"))
        self.loaded = True

    def _highlighted(self) -> str | None:
        table = self.query_one("#records-table", DataTable)
        if not self.records or table.cursor_row is None:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value

    @on(DataTable.RowSelected, "#records-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_trends()  # the table takes enter itself (its own select), as the binding says

    def action_trends(self) -> None:
        from flux_tui.ui.screens.history_trends import TrendsScreen

        exercise_id = self._highlighted()
        if exercise_id is not None:
            self.app.push_screen(TrendsScreen(exercise_id, list(self.records), unit=self.unit))

    def action_compare(self) -> None:
        from flux_tui.ui.screens.history_compare import CompareScreen

        exercise_id = self._highlighted()
        if exercise_id is not None:
            self.app.push_screen(CompareScreen(exercise_id, unit=self.unit))

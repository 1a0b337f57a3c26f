"""The plan's slot lines: the exercise on the left, cut with an ellipsis when the line is narrow,
the prescriptions right-aligned in one column, whatever the characters' widths."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from flux_tui.ui.widgets.plan_view import SlotLines


def lines(slots: SlotLines, width: int) -> list[str]:
    console = Console(width=width, file=open("/dev/null", "w"), color_system=None)
    with console.capture() as captured:
        console.print(slots)
    return captured.get().splitlines()


ROWS = [(Text("Back Squat", style="bold"), "3 × 5 @ 100 kg"), (Text("Romanian Deadlift"), "3 × 8–10")]


def test_prescriptions_line_up_on_the_right_edge():
    assert lines(SlotLines(ROWS), 40) == [
        "Back Squat" + " " * 16 + "3 × 5 @ 100 kg",
        "Romanian Deadlift" + " " * 15 + "3 × 8–10",
    ]


def test_a_name_too_long_for_the_line_is_cut_with_an_ellipsis():
    # 25 columns: the widest prescription (14) and a space leave 10 for the name
    assert lines(SlotLines(ROWS), 25) == [
        "Back Squat 3 × 5 @ 100 kg",
        "Romanian …" + " " * 7 + "3 × 8–10",
    ]


def test_wide_characters_count_as_two_columns():
    shown = lines(SlotLines([(Text("深蹲"), "3 × 5"), (Text("Row"), "4 × 10")]), 20)
    assert shown == ["深蹲" + " " * 11 + "3 × 5", "Row" + " " * 11 + "4 × 10"]
    assert [cell_len(line) for line in shown] == [20, 20]

"""FLUX's Strong export against Strong's own files (issue 15, item 4).

No registry ships a reader of Strong files and other projects' code may not be copied here, so the
proof is conformance: each convention below is read off the real published Strong exports in
tests/fixtures/real/ (the ones in the layouts FLUX writes: the 12-column classic header and the
Android semicolon one), FLUX imports the same file, exports the history in that layout, and every
row of its file must follow the convention the real row shows, row for row. docs/import.md has the
table these tests compute (`test_the_docs_table_is_what_these_tests_find`).
"""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import timedelta, timezone

import pytest

from flux_tui.importers import parse_text
from flux_tui.importers.export import STRONG_HEADERS, exercise_namer, write_strong
from tests.importers.real_corpus import ROOT, entries

DOCS = ROOT.parents[2] / "docs" / "import.md"
LAYOUT_OF = {"strong/crvlwanek-lb-rpe.csv": "classic", "strong/dubbe-tiny.csv": "classic",
             "strong/hipml-lb.csv": "classic", "strong/linusjacobsson.csv": "classic",
             "strong/valterandersson-wdf.csv": "classic",
             "strong_android/dstanek-lbs.csv": "android", "strong_android/mtanzim-kg.csv": "android"}
HISTORIES = [e for e in entries() if e.file in LAYOUT_OF]
# Where the histories happened: a zone none of the files names, so the test proves the wall clock
# is the session's own and not the machine's.
PLACE = timezone(timedelta(hours=-7))
CONVENTIONS = ("header", "column order", "date format", "durations", "zeros", "number format", "quoting",
               "set order", "text")
NUMERIC = {"Weight", "Reps", "Distance", "Seconds", "RPE"}
TEXT = {"Workout Name", "Exercise Name", "Notes", "Workout Notes"}
# Rows of these files FLUX's importer refuses today: mtanzim's planks name the distance unit 'mi.'
# on an empty distance. When the importer reads them, this test fails until the set is emptied
# and those rows are compared too.
REFUSED: dict[str, set[int]] = {}  # lines of a real file FLUX's importer refuses (none now)
_CELL = re.compile(r'"((?:[^"]|"")*)"|([^{sep}]*)')


def cells(line: str, sep: str) -> list[tuple[str, bool]]:
    """A line's cells as (text, quoted): the real files hold no line break inside a field."""
    out = []
    pattern = re.compile(_CELL.pattern.replace("{sep}", sep))
    pos = 0
    while True:
        match = pattern.match(line, pos)
        quoted = match.group(1) is not None
        out.append((match.group(1).replace('""', '"') if quoted else match.group(2), quoted))
        pos = match.end()
        if pos >= len(line):
            return out
        assert line[pos] == sep, (line, pos)
        pos += 1


def lines(text: str) -> list[str]:
    return [line for line in text.replace("\r\n", "\n").split("\n") if line]


def number_class(text: str) -> str:
    if text == "":
        return "empty"
    return "zero" if float(text) == 0 else "number"


def flux_export(history, catalog, warmups=True) -> tuple[str, str, set[int]]:
    """(layout, FLUX's export of the file's history, the lines FLUX's importer refused)."""
    layout = LAYOUT_OF[history.file]
    unit = history.weight_unit_guess
    imported = parse_text("strong", history.text(), catalog=catalog, unit=unit, tz=PLACE)
    out = io.StringIO()
    write_strong(out, imported.sessions, exercise_namer(catalog), unit, layout, warmups)
    return layout, out.getvalue(), {error.line for error in imported.errors}


def differences(history, catalog) -> dict[str, list[str]]:
    """convention -> the rows of FLUX's export that do not follow it (empty: all follow it)."""
    layout, text, refused = flux_export(history, catalog)
    sep = ";" if layout == "android" else ","
    # A row FLUX's importer refuses is in no history to export (see REFUSED): compared are the rest.
    real, ours = [line for n, line in enumerate(lines(history.text()), start=1) if n not in refused], lines(text)
    found: dict[str, list[str]] = {name: [] for name in CONVENTIONS}
    if real[0] != ours[0]:
        found["header"].append(f"header {ours[0]!r} is not {real[0]!r}")
    if [c for c, _ in cells(real[0], sep)] != list(STRONG_HEADERS[layout]):
        found["column order"].append(f"the real header is not FLUX's {layout} header")
    if len(real) != len(ours):
        found["set order"].append(f"{len(ours)} rows, Strong's file has {len(real)}")
    header = [c for c, _ in cells(real[0], sep)]
    for n, (a, b) in enumerate(zip(real[1:], ours[1:]), start=2):
        theirs, mine = cells(a, sep), cells(b, sep)
        if len(theirs) != len(mine):
            found["column order"].append(f"row {n}: {len(mine)} cells, not {len(theirs)}")
            continue
        for column, (t, t_quoted), (m, m_quoted) in zip(header, theirs, mine):
            where = f"row {n} {column}: {m!r} where Strong writes {t!r}"
            if column == "Date":
                if not re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", m) or m != t:
                    found["date format"].append(where)
            elif column == "Duration":
                if m != t:
                    found["durations"].append(where)
            elif column == "Set Order":
                if m != t:
                    found["set order"].append(where)
            elif column in NUMERIC:
                if number_class(m) != number_class(t):
                    found["zeros"].append(where)
                elif t and float(t) != 0:
                    # Strong's value to 0.01 (its own files hold float tails: 149.99999999999997),
                    # written the way Strong writes that column: a decimal point where Strong has one.
                    same_value = math.isclose(round(float(t), 2), float(m), abs_tol=1e-9)
                    same_form = ("." in m) == ("." in t) or column in ("Reps", "Seconds")
                    if not same_value or not same_form or not re.fullmatch(r"\d+(\.\d{1,2})?", m):
                        found["number format"].append(where)
            if t_quoted != m_quoted:
                found["quoting"].append(where)
            elif column in TEXT and m.strip() != t.strip():
                found["text"].append(where)
            elif column in ("Weight Unit", "Distance Unit") and m != t and (t or m) and t != "mi.":
                found["text"].append(where)
    return found


@pytest.mark.parametrize("history", HISTORIES, ids=lambda e: e.file)
def test_flux_s_export_follows_every_convention_of_strong_s_own_file_row_for_row(history, catalog):
    assert flux_export(history, catalog)[2] == REFUSED.get(history.file, set())
    found = differences(history, catalog)
    assert {name: problems[:3] for name, problems in found.items() if problems} == {}


@pytest.mark.parametrize("history", HISTORIES, ids=lambda e: e.file)
def test_the_export_re_imported_is_what_importing_strong_s_file_gives(history, catalog):
    layout, text, _ = flux_export(history, catalog)
    original = parse_text("strong", history.text(), catalog=catalog, unit=history.weight_unit_guess, tz=PLACE)
    again = parse_text("strong", text, catalog=catalog, unit=history.weight_unit_guess, tz=PLACE)
    assert again.errors == []

    def rounded(result):  # Strong's float tails (74.99999999999999 lb) are gone from FLUX's file
        return [s._replace(sets=tuple(x._replace(weight=None if x.weight is None else round(x.weight, 6))
                                      for x in s.sets)) for s in result.sessions]

    assert rounded(again) == rounded(original)  # ids, times, ends, notes, set types, metadata


def test_without_warmups_only_the_w_rows_go(catalog):
    history = next(e for e in HISTORIES if e.file == "strong/valterandersson-wdf.csv")
    kept = list(csv.reader(io.StringIO(flux_export(history, catalog, warmups=True)[1])))
    default = list(csv.reader(io.StringIO(flux_export(history, catalog, warmups=False)[1])))
    assert [row for row in kept if row[4] != "W"] == default
    assert len(kept) - len(default) == 5  # the file's five warm-ups


def test_the_docs_table_is_what_these_tests_find(catalog):
    """docs/import.md's conformance table: one row per history, one column per convention."""
    text = DOCS.read_text(encoding="utf-8")
    for history in HISTORIES:
        found = differences(history, catalog)
        expected = " | ".join("same" if not found[name] else "differs" for name in CONVENTIONS)
        row = f"| {LAYOUT_OF[history.file]} | {history.file} | {expected} |"
        assert row in text, row


# --- Hevy -------------------------------------------------------------------------------------------

# Re-saved by a spreadsheet (semicolons, no quoting, no superset_id column): not Hevy's own layout.
NOT_HEVY_S_OWN = {"hevy/pablosgomez-es-semicolon.csv"}


def sessions_of(text: str) -> dict[str, list[str]]:
    """A Hevy file's rows by workout (its start_time cell), in file order: Hevy writes the newest
    workout first, FLUX the oldest, and the rows of one workout in the same order."""
    by_start: dict[str, list[str]] = {}
    for line in lines(text)[1:]:
        by_start.setdefault(cells(line, ",")[1][0], []).append(line)
    return by_start


def test_flux_s_hevy_export_of_a_hevy_history_is_hevy_s_file_byte_for_byte(catalog):
    """Every real Hevy file FLUX imports without a refused row: FLUX's export of that history has
    Hevy's header and, workout by workout, exactly Hevy's rows (quoting, times, set types and
    indexes, superset ids, numbers, notes)."""
    from flux_tui.importers.export import write_hevy

    compared = []
    for history in entries():
        if history.app != "hevy" or history.file in NOT_HEVY_S_OWN:
            continue
        imported = parse_text("hevy", history.text(), catalog=catalog, tz=PLACE)
        if imported.errors:
            continue
        if not re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}", cells(lines(history.text())[1], ",")[1][0]):
            continue  # times in another language or the US order: the export writes Hevy's default form
        out = io.StringIO()
        write_hevy(out, imported.sessions, exercise_namer(catalog), "kg")
        assert lines(out.getvalue())[0] == lines(history.text())[0], history.file
        assert sessions_of(out.getvalue()) == sessions_of(history.text()), history.file
        compared.append(history.file)
    assert len(compared) >= 6, compared

"""The corpus of real exports is well formed: indexed, traced to its source, readable as its app.

It checks the corpus, not how well FLUX maps it (benchmarks/real_exports.py measures that).
"""

from __future__ import annotations

import csv
import io

import pytest

from flux_tui.importers import ImportFormatError, detect_kind
from tests.importers.real_corpus import INDEX, KIND_OF_APP, PROVENANCE, ROOT, entries

UNDETECTED = "UNDETECTED"
EXPORTS = entries()


def test_index_and_folder_agree():
    files = [e.file for e in EXPORTS]
    assert len(files) == len(set(files)), "a file is listed twice in index.json"
    on_disk = sorted(p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*.csv"))
    assert sorted(files) == on_disk, f"{INDEX} and the CSV files under {ROOT} differ"


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: e.file)
def test_entry_is_complete(export):
    assert export.path.is_file()
    assert export.app in KIND_OF_APP and export.path.parent.name == export.app
    assert export.weight_unit_guess in ("kg", "lb", None)
    assert export.notes.strip(), "say what the file shows"


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: e.file)
def test_header_is_detected_as_its_app_or_marked_undetected(export):
    text = export.text()
    try:
        kind = detect_kind(text)
    except ImportFormatError:
        assert UNDETECTED in export.notes, (
            f"{export.file}: FLUX does not recognise its header; the index notes must say {UNDETECTED}")
        return
    assert kind == export.kind, f"{export.file} reads as {kind}, not as {export.app}"
    assert UNDETECTED not in export.notes, f"{export.file} is detected now: update its index notes"


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: e.file)
def test_file_has_a_header_and_whole_rows(export):
    text = export.text()
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if any(r)]
    assert len(rows) >= 2, "a header and at least one row"
    assert len(rows[-1]) == len(rows[0]), "the last row is cut off (a cut keeps whole rows)"


def test_provenance_lists_every_file():
    provenance = PROVENANCE.read_text(encoding="utf-8")
    missing = [e.file for e in EXPORTS if f"| {e.file} |" not in provenance]
    assert not missing, f"PROVENANCE.md has no row for {missing}"


def test_holdout_is_about_a_third_and_spread_over_the_importers():
    held = [e for e in EXPORTS if e.holdout]
    assert 0.25 <= len(held) / len(EXPORTS) <= 0.4
    for kind in sorted(set(KIND_OF_APP.values())):
        of_kind = [e for e in EXPORTS if e.kind == kind]
        assert any(e.holdout for e in of_kind) and not all(e.holdout for e in of_kind), (
            f"{kind}: needs files on both sides of the split")

"""A real export with names the matcher leaves unmapped, imported into a fresh store.

strong/timwco-lb-2015.csv (tests/fixtures/real/PROVENANCE.md) keeps three names unassigned:
`Lat Pulldown (Custom)` (18 sets), `Incline Press` (9) and `Leg Press (Custom)` (3).
"""

from __future__ import annotations

from pathlib import Path

from flux_tui.training import Training
from tests.importers.real_corpus import ROOT

FILE = ROOT / "strong" / "timwco-lb-2015.csv"
UNMAPPED = {"Lat Pulldown (Custom)": 18, "Incline Press": 9, "Leg Press (Custom)": 3}


def import_real(training: Training, path: Path = FILE) -> None:
    from flux_tui.importers import parse_file

    result = parse_file("strong", path.read_text(encoding="utf-8"), unit="lb", catalog=training.catalog)
    training.import_sessions(result.sessions, [e.as_row() for e in result.custom_exercises], source="strong")


def by_name(training: Training) -> dict[str, str]:
    """name -> id of the user's own exercises still to map (or not merged, with all_custom)."""
    return {row.name: row.id for row in training.unmapped(all_custom=True)}

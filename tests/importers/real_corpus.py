"""The corpus of real exports people published (tests/fixtures/real, provenance in PROVENANCE.md there).

    from tests.importers.real_corpus import entries
    for export in entries(holdout=False):   # the files a name matcher may be tuned on
        export.kind, export.text()

`holdout=True` gives the files kept back to measure such tuning honestly; None gives all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "fixtures" / "real"
INDEX = ROOT / "index.json"
PROVENANCE = ROOT / "PROVENANCE.md"

# the corpus folder (one per app variant) -> the FLUX importer that reads it
KIND_OF_APP = {"strong": "strong", "strong_android": "strong", "hevy": "hevy", "fitnotes": "fitnotes"}


@dataclass(frozen=True)
class RealExport:
    file: str  # relative to ROOT, e.g. "strong/linusjacobsson.csv"
    app: str
    holdout: bool
    weight_unit_guess: str | None  # what the weights look like, for files that do not say
    notes: str

    @property
    def path(self) -> Path:
        return ROOT / self.file

    @property
    def kind(self) -> str:
        return KIND_OF_APP[self.app]

    def text(self) -> str:
        """The file as `flux-tui import` reads it: UTF-8, a byte-order mark dropped, line endings kept."""
        with open(self.path, encoding="utf-8-sig", newline="") as handle:
            return handle.read()


def entries(holdout: bool | None = None) -> list[RealExport]:
    """The index's entries in file order; only the holdout ones (True), only the others (False), or all."""
    with open(INDEX, encoding="utf-8") as handle:
        rows = json.load(handle)
    exports = [RealExport(row["file"], row["app"], row["holdout"], row["weight_unit_guess"], row["notes"])
               for row in rows]
    return [e for e in exports if holdout is None or e.holdout == holdout]

"""Bring your history: Strong, Hevy and FitNotes CSV exports -> FLUX records.

    result = parse_file("strong", "strong.csv", unit="lb", catalog=catalog)
    result.sessions          # list[SessionRecord], ids stable across imports
    result.custom_exercises  # names that did not map, as CustomExercise (.as_row() for the store)
    result.errors            # list[RowError(line, message)]: rows skipped, the rest imported

Whole-file problems (empty file, a header that is not the asked-for format)
raise ImportFormatError. The parsers live in their own modules and are imported
on first use; this module stays light.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any, Callable, Mapping

from flux_tui.importers.model import CustomExercise, ImportFormatError, ImportResult, RowError

__all__ = ["parse_file", "parse_text", "detect_kind", "ImportFormatError", "ImportResult", "RowError",
           "CustomExercise", "KINDS"]

KINDS = ("strong", "hevy", "fitnotes")


def parse_file(kind: str, path_or_text: Any, *, unit: str = "kg", catalog: Mapping[str, Any] | Any,
               progress: Callable[[int, int], None] | None = None, tz: tzinfo | None = None,
               distance_unit: str | None = None) -> ImportResult:
    """Parse one export into records.

    kind:          strong | hevy | fitnotes, or "auto" to decide from the header.
    path_or_text:  a path (str/PathLike), raw bytes, or the file's text. A str with
                   no line break that names an existing file is read as a path.
    unit:          'kg' | 'lb', the weight unit of files that do not say (Strong
                   classic, FitNotes `Weight` without `Weight Unit`).
    catalog:       id -> exercise (object or dict with `name` and `aliases`), or a
                   prebuilt `names.NameIndex`.
    progress:      called as progress(done_rows, total_rows) every few thousand rows.
    tz:            the zone the file's naive times are in (default: this machine's).
    distance_unit: the distance unit of files that do not say (default km for kg, mi for lb).
    """
    from flux_tui.importers._core import read_source

    return parse_text(kind, read_source(path_or_text), unit=unit, catalog=catalog, progress=progress, tz=tz,
                      distance_unit=distance_unit)


def parse_text(kind: str, text: str, *, unit: str = "kg", catalog: Mapping[str, Any] | Any,
               progress: Callable[[int, int], None] | None = None, tz: tzinfo | None = None,
               distance_unit: str | None = None) -> ImportResult:
    """Like parse_file, for text already in memory (never taken as a path)."""
    import gc

    if unit not in ("kg", "lb"):
        raise ValueError(f"unit must be 'kg' or 'lb', not {unit!r}")
    # The parse builds hundreds of thousands of small acyclic objects; the cyclic
    # collector would rescan them over and over (about 40% of the time) for nothing.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse(kind, text, unit, catalog, progress, tz, distance_unit)
    finally:
        if was_enabled:
            gc.enable()


def _parse(kind: str, text: str, unit: str, catalog: Any, progress: Callable[[int, int], None] | None,
           tz: tzinfo | None, distance_unit: str | None) -> ImportResult:
    from flux_tui.importers.names import NameIndex

    if kind == "auto":
        kind = detect_kind(text)
    index = catalog if isinstance(catalog, NameIndex) else NameIndex(catalog)
    if kind == "strong":
        from flux_tui.importers import strong

        return strong.parse(text, unit=unit, index=index, tz=tz, progress=progress, distance_unit=distance_unit)
    if kind == "hevy":
        from flux_tui.importers import hevy

        return hevy.parse(text, unit=unit, index=index, tz=tz, progress=progress)
    if kind == "fitnotes":
        from flux_tui.importers import fitnotes

        return fitnotes.parse(text, unit=unit, index=index, tz=tz, progress=progress, distance_unit=distance_unit)
    raise ValueError(f"unknown import kind {kind!r}: expected one of {', '.join(KINDS)} or auto")


def detect_kind(text: str) -> str:
    """strong | hevy | fitnotes from the header line; ImportFormatError when it is none of them."""
    from flux_tui.importers._core import read_table
    from flux_tui.importers.formats import EXPECTED, guess_kind

    table = read_table(text[:65536])  # the header is all it needs
    kind = guess_kind(table.header)
    if kind is None:
        lines = "; ".join(f"{k}: {v}" for k, v in EXPECTED.items())
        raise ImportFormatError(f"the header is not a Strong, Hevy or FitNotes export. Expected one of: {lines}")
    return kind

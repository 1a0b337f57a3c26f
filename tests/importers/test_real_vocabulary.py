"""The vocabulary on real exports (tests/fixtures/real): at least 90% of the imported sets, over
every file (tuning and holdout alike), have an exercise with a movement pattern.

The per-file shares are in docs/import.md (`python -m benchmarks.real_exports --all`); this test
prints them when it fails, so a change that loses names shows where.
"""

from __future__ import annotations

from datetime import timezone

from flux_tui.importers import ImportFormatError, parse_text
from tests.importers.real_corpus import entries

TARGET = 0.90


def _shares(index) -> dict[str, tuple[int, int]]:
    """file -> (sets whose exercise has a pattern, sets imported)."""
    out = {}
    for export in entries():
        try:
            result = parse_text(export.kind, export.text(), unit=export.weight_unit_guess or "kg", catalog=index,
                                tz=timezone.utc)
        except ImportFormatError:
            continue  # a file the importer refuses imports no sets: nothing to map
        unassigned = {c.id for c in result.custom_exercises if c.pattern == "unassigned"}
        sets = [s for session in result.sessions for s in session.sets]
        out[export.file] = (sum(s.exercise_id not in unassigned for s in sets), len(sets))
    return out


def test_nine_in_ten_real_sets_map_to_a_pattern(index):
    shares = _shares(index)
    mapped = sum(m for m, _ in shares.values())
    total = sum(n for _, n in shares.values())
    report = "\n".join(f"{f}: {m}/{n} = {m / n:.1%}" for f, (m, n) in sorted(shares.items()) if n)
    assert total > 3000, f"the real corpus is missing or truncated ({total} sets)\n{report}"
    assert mapped / total >= TARGET, f"{mapped}/{total} = {mapped / total:.1%} mapped, below {TARGET:.0%}\n{report}"


def test_holdout_files_are_measured_too(index):
    holdout = [e.file for e in entries(holdout=True)]
    shares = _shares(index)
    assert holdout and any(shares.get(f, (0, 0))[1] for f in holdout)


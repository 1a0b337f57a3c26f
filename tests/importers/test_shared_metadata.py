"""An import's sets share their metadata where it is the same, read-only, and stay exactly as written."""

from __future__ import annotations

import pytest

from flux_tui.importers import parse_file
from flux_tui.training import load_shipped_catalog
from tests.fixtures.imports import generate

CATALOG = load_shipped_catalog()


def test_equal_metadata_is_one_read_only_mapping_and_distinct_values_stay_distinct():
    sample = generate.strong("ios", seed=3, workouts=40, unit="kg")
    result = parse_file("strong", sample.text, unit="kg", catalog=CATALOG)
    sets = [s for r in result.sessions for s in r.sets]
    by_content: dict = {}
    for logged in sets:
        key = tuple(sorted((k, type(v).__name__, repr(v)) for k, v in logged.metadata.items()))
        by_content.setdefault(key, set()).add(id(logged.metadata))
    shared = [ids for key, ids in by_content.items() if all(t in ("str", "int", "bool", "NoneType") for _, t, _ in key)]
    assert shared and all(len(ids) == 1 for ids in shared), "the same metadata is one object"
    used = [sum(1 for s in sets if id(s.metadata) == next(iter(ids))) for ids in shared]
    assert max(used) > 10, "a common shape serves many sets"
    with pytest.raises(TypeError):
        sets[0].metadata["original_name"] = "changed"      # shared, so read-only


def test_metadata_holding_a_float_is_never_merged_with_another():
    """0.0 == -0.0 and 90 == 90.0: merged, one set's value would be stored as the other's."""
    text = ("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
            "2024-01-02 10:00:00,A,1h,Bench Press (Barbell),1,100,5,0,0,,,\n"
            "2024-01-02 10:00:00,A,1h,Bench Press (Barbell),Rest Timer,0,0,0,90,,,\n"
            "2024-01-02 10:00:00,A,1h,Bench Press (Barbell),2,100,5,0,0,,,\n"
            "2024-01-02 10:00:00,A,1h,Bench Press (Barbell),Rest Timer,0,0,0,90,,,\n"
            "2024-01-02 10:00:00,A,1h,Bench Press (Barbell),3,100,5,0,0,,,\n")
    first, second, third = parse_file("strong", text, unit="kg", catalog=CATALOG).sessions[0].sets
    assert first.metadata == second.metadata and first.metadata["rest_seconds"] == 90
    assert first.metadata is not second.metadata
    assert "rest_seconds" not in third.metadata

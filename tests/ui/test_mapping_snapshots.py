"""Snapshots of the mapping screen at 80x24 over a real export (update: --snapshot-update, then look at the SVGs)."""

from __future__ import annotations

from .conftest import make_app
from .test_mapping import real_store  # noqa: F401  (fixture)
from .test_snapshots import shot


def test_mapping_screen(snap_compare, real_store, clock):  # noqa: F811
    assert snap_compare(make_app(real_store, clock), terminal_size=(80, 24), run_before=shot("m", "down"))


def test_mapping_pattern_search(snap_compare, real_store, clock):  # noqa: F811
    assert snap_compare(make_app(real_store, clock), terminal_size=(80, 24),
                        run_before=shot("m", "down", "p", *"push"))

"""Each bundled migration has its own number: two files with one number would
leave the second unapplied on every store that already ran the first."""
from collections import Counter

from flux_tui.store.db import MIGRATIONS, SCHEMA_VERSION


def test_migration_numbers_are_unique_and_contiguous():
    numbers = [version for version, _ in MIGRATIONS]
    repeated = [n for n, k in Counter(numbers).items() if k > 1]
    assert not repeated, f"migration numbers used twice: {repeated}"
    assert numbers == list(range(1, SCHEMA_VERSION + 1))

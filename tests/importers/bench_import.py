"""Speed check (not collected by pytest): parse a generated ~100,000-set Strong file.

    .venv/bin/python -m tests.importers.bench_import [sets]
"""

from __future__ import annotations

import sys
import time

from flux_tui.importers import parse_text
from flux_tui.importers.names import NameIndex, load_catalog
from tests.fixtures.imports import generate


def main(sets: int = 100_000) -> None:
    catalog = NameIndex(load_catalog())
    for variant, unit in (("ios", "kg"), ("classic", "lb"), ("android", "kg")):
        text = generate.strong(variant, seed=7, workouts=max(1, sets * 63 // 1000), unit=unit).text
        start, cpu = time.perf_counter(), time.process_time()
        result = parse_text("strong", text, catalog=catalog, unit=unit)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"strong-{variant}: {result.rows_read} records, {result.set_count} sets, "
              f"{result.session_count} workouts, {len(text) / 1e6:.1f} MB in {elapsed:.2f} s ({cpu:.2f} s CPU)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)

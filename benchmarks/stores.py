"""Generated stores, cached on disk by size so reruns are fast.

A cached store is built once per (size, generator, schema, Brain) in
`$FLUX_BENCH_DIR` (default: `<tmp>/flux-bench`) with `benchmarks.history_data`
and seeded (the Brain stored, the state folded over the history), so the
first open inside a measurement does no seeding. Benchmarks that write get a
copy in a data directory of their own (`home_with_store`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench_dir() -> Path:
    folder = Path(os.environ.get("FLUX_BENCH_DIR") or Path(tempfile.gettempdir()) / "flux-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _digest() -> str:
    """Changes whenever what a cached store holds could change: the generator, the schema, the shipped data."""
    sources = [ROOT / "benchmarks" / "history_data.py", *sorted((ROOT / "flux_tui" / "store" / "migrations").glob("*.sql")),
               ROOT / "flux_tui" / "data" / "brain.yaml", ROOT / "flux_tui" / "data" / "catalog.yaml"]
    h = hashlib.sha256()
    for path in sources:
        h.update(path.read_bytes())
    return h.hexdigest()[:10]


def cached_store(n_sets: int) -> Path:
    """A seeded store file with `n_sets` generated sets (built on first use, then reused)."""
    path = bench_dir() / f"flux-{n_sets}-{_digest()}.sqlite3"
    if path.exists():
        return path
    from benchmarks.history_data import build_store
    from flux_tui.training import Training

    workdir = bench_dir() / f"building-{n_sets}"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir()
    building = workdir / "flux.sqlite3"
    build_store(building, n_sets).close()
    from flux_tui.store import db

    training = Training.open(building)  # seeds: Brain, catalog, state folded over the history
    training.close()
    db.wait_for_daily_backup()  # its copy reads the file: switching the journal mode now would find it locked
    _checkpoint(building)
    building.rename(path)
    shutil.rmtree(workdir, ignore_errors=True)
    return path


def _checkpoint(path: Path) -> None:
    """Fold the -wal into the main file, so the store is one file to copy."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()


def home_with_store(n_sets: int, home: Path) -> Path:
    """A fresh data directory (`FLUX_HOME`) holding a copy of the cached store; returns the store's path."""
    home.mkdir(parents=True, exist_ok=True)
    target = home / "flux.sqlite3"
    shutil.copyfile(cached_store(n_sets), target)
    return target

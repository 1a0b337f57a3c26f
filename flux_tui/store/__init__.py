"""The embedded local store (SQLite): one `Database` and a module per concern around it.

    database.py  the connection, its lock, transactions, a read-only reader, typed errors
    db.py        the file: opening, migrating, backups, restore
    catalog.py   exercises (shipped and the user's own)
    config.py    the Brain and the engine's state
    derived.py   the state derived from the history in the transaction that changes it
    sessions.py  sessions and sets
    history.py   read-only history views (paged)
    stats.py     what the history's statistics read (calendar, volume, records, trends; on a reader)
    bulk.py      bulk import, the clean slate
    bodyweight.py the bodyweight log
    settings.py  key/value settings
    outbox.py    what sync needs (flux_tui/remote uses this object only)

Only `flux_tui.training` (and `flux_tui.remote`, through `outbox`) uses the store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping

from flux_tui.store.bodyweight import Bodyweights
from flux_tui.store.bulk import BulkImport
from flux_tui.store.catalog import Exercises
from flux_tui.store.config import Configs
from flux_tui.store.database import Database
from flux_tui.store.derived import Derivation
from flux_tui.store.history import HistoryViews
from flux_tui.store.outbox import Outbox
from flux_tui.store.rests import Rests
from flux_tui.store.sessions import Sessions
from flux_tui.store.settings import Settings


class Store:
    """The store's parts, sharing one Database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.path = db.path
        self.exercises = Exercises(db)
        self.configs = Configs(db)
        self.derived = Derivation(db, self.configs, self.exercises)
        db.before_commit = self.derived.derive_if_dirty  # no transaction commits a state its history contradicts
        self.sessions = Sessions(db, self.derived)
        self.history = HistoryViews(db)
        self.bulk = BulkImport(db, self.exercises, self.derived)
        self.settings = Settings(db)
        self.bodyweights = Bodyweights(db)
        self.rests = Rests(db)
        self.outbox = Outbox(db, self.settings, self.configs)

    @classmethod
    def open(cls, path: Path, daily_backup: bool = True) -> "Store":
        return cls(Database.open(path, daily_backup))

    def transaction(self):
        """One transaction around several of the store's writes (each joins it): all or nothing."""
        return self.db.transaction()

    def seed(self, shipped: Iterable[Mapping[str, Any]], brain_version: int, sections: Mapping[str, Any],
             initial_state: Mapping[str, Any]) -> bool:
        """The shipped catalog and a (validated) Brain, and the state derived with them, in one transaction.

        `initial_state`: what a new Brain row holds until the commit derives the state over the
        history. Returns whether anything changed.
        """
        with self.db.transaction() as conn:
            changed = self.exercises.upsert_shipped(shipped, conn) > 0
            return self.configs.save(brain_version, sections, initial_state, conn) or changed

    def close(self) -> None:
        self.db.close()

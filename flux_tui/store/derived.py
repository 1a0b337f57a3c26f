"""The engine's state, derived from the stored history inside the transaction that changes it.

The one rule: the stored state is the fold of the stored history, and no process ever folds
from a state it read earlier. Every change the fold reads bumps `derivation.history_version`
by trigger (migration 0004); before any transaction of the store commits,
`Database.transaction` calls `derive_if_dirty`, which folds the history again when the
versions differ. A finished session that sorts after the last session folded (the stored
checkpoint) is folded onto the stored state instead (`fold_finished`): the same `_step` as a
rebuild, so equal by construction. Because the write lock is taken up front (BEGIN
IMMEDIATE), the history and state read here are the newest any process committed.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING, Iterable, NamedTuple

from flux_tui.errors import NotSeeded, StoreDamaged
from flux_tui.store.catalog import Exercises
from flux_tui.store.config import Configs
from flux_tui.store.database import Database
from flux_tui.timefmt import to_iso

if TYPE_CHECKING:
    from flux_tui.brain.models import Brain, Catalog
    from flux_tui.engine.history import SessionRecord
    from flux_tui.engine.state import State

# The fold's order (engine.fold.rebuild_state): when a session happened, then its id.
FoldKey = tuple[datetime, str]


def fold_key(session: SessionRecord) -> FoldKey:
    return (session.completed_at or session.started_at, session.id)


class EngineInputs(NamedTuple):
    """What the engine folds with, as stored: the Brain, the catalog and the state (None when it was
    stored by an older FLUX, in a shape this one no longer reads: only a rebuild gives it)."""

    brain: Brain
    catalog: Catalog
    state: State | None


class Mark(NamedTuple):
    """The derivation row: whether the state counts the whole history, and its checkpoint."""

    clean: bool
    history_version: int
    last: FoldKey | None


class Derivation:
    def __init__(self, db: Database, configs: Configs, exercises: Exercises) -> None:
        self.db = db
        self.configs = configs
        self.exercises = exercises

    # --- reading ------------------------------------------------------------------------

    def inputs(self) -> EngineInputs:
        """The stored Brain, catalog and state; NotSeeded or StoreDamaged (naming the file) otherwise."""
        from flux_tui.brain.models import brain_from_dict, catalog_from_list
        from flux_tui.engine.state import StateOutdated, state_from_dict

        path = self.db.path
        config = self.configs.load()
        if config is None:
            raise NotSeeded(f"{path}: no Brain stored yet; run `flux-tui seed`", path)
        try:
            brain = brain_from_dict({"version": config.brain_version, **config.sections})
            catalog = catalog_from_list(self.exercises.all())
            try:
                state = state_from_dict(config.state)
            except StateOutdated:
                state = None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreDamaged(f"{path}: the stored Brain or state is damaged ({type(exc).__name__}: {exc});"
                               " run `flux-tui seed` to store a valid Brain again, or `flux-tui restore`", path) from exc
        # Loading does not re-validate the Brain (pydantic is too slow for start-up), so check the
        # references the engine follows blindly: a damaged row must not surface as a KeyError later.
        missing = sorted({e for ids in brain.selections.values() for e in ids} - set(catalog)
                         | {p.exercise for p in brain.conditioning.values()} - set(catalog))
        if missing:
            raise StoreDamaged(f"{path}: the stored Brain names exercises the store does not have"
                               f" ({', '.join(missing)}); run `flux-tui seed` to store a valid Brain again", path)
        return EngineInputs(brain, catalog, state)

    def mark(self) -> Mark:
        row = self.db.one("SELECT history_version, derived_version, last_at, last_id FROM derivation")
        if row is None:
            raise StoreDamaged(f"{self.db.path}: the store's derivation row is missing; it may be damaged — "
                               "see `flux-tui restore`", self.db.path)
        last = (self.db.decode_time(row[2]), row[3]) if row[2] is not None and row[3] is not None else None
        return Mark(row[0] == row[1], row[0], last)

    def history_version(self) -> int:
        return self.mark().history_version

    # --- deriving (inside the caller's transaction) ------------------------------------------

    def derive_if_dirty(self, conn: sqlite3.Connection) -> None:
        """The commit hook of every transaction: fold the history again if it changed."""
        if not self.mark().clean:
            self.derive(conn)

    def derive(self, conn: sqlite3.Connection, history: Iterable[SessionRecord] | None = None) -> None:
        """`rebuild`, for a write that must not fail for the Brain's sake.

        With no Brain stored there is no state to keep. A Brain that cannot be read (or a history
        whose fold JSON cannot hold) leaves the state to be derived by a later write (after `seed`,
        `restore` or a fix) rather than refusing this one: a write is never refused for it.
        """
        try:
            self.rebuild(conn, history)
        except NotSeeded:
            version = conn.execute("SELECT history_version FROM derivation").fetchone()[0]
            self._set_mark(conn, version, None)
        except StoreDamaged:
            pass

    def rebuild(self, conn: sqlite3.Connection, history: Iterable[SessionRecord] | None = None) -> State:
        """Fold the whole history (`history`: the caller holds it exactly as stored) and store the state."""
        from flux_tui.engine.fold import rebuild_state
        from flux_tui.store.sessions import fold_records

        brain, catalog, _ = self.inputs()
        sessions = [s for s in (fold_records(self.db) if history is None else history)
                    if s.status == "completed"]
        state = rebuild_state(brain, catalog, sessions)
        self.store_state(conn, state, max(map(fold_key, sessions), default=None))
        return state

    def fold_finished(self, conn: sqlite3.Connection, session: SessionRecord, before_finish: Mark
                      ) -> tuple[State, State]:
        """(state before, state after) a session just marked completed in this transaction.

        `before_finish` is the mark read before the session was updated: when the state counted
        the whole history then and the session sorts after its checkpoint, it is folded onto the
        stored state; otherwise the whole history is folded again.
        """
        from flux_tui.engine.fold import apply_session, rebuild_state
        from flux_tui.store.sessions import fold_records

        brain, catalog, before = self.inputs()
        if before is None:  # stored by an older FLUX: what it was, from the history without this session
            before = rebuild_state(brain, catalog, [s for s in fold_records(self.db)
                                                    if s.id != session.id])
        elif before_finish.clean and (before_finish.last is None or fold_key(session) > before_finish.last):
            after = apply_session(brain, catalog, before, session)
            self.store_state(conn, after, fold_key(session))
            return before, after
        return before, self.rebuild(conn)

    def store_state(self, conn: sqlite3.Connection, state: State, last: FoldKey | None) -> None:
        from flux_tui.engine.state import state_to_dict

        self.configs.save_state(state_to_dict(state), conn)
        version = conn.execute("SELECT history_version FROM derivation").fetchone()[0]
        self._set_mark(conn, version, last)

    @staticmethod
    def _set_mark(conn: sqlite3.Connection, version: int, last: FoldKey | None) -> None:
        conn.execute("UPDATE derivation SET derived_version = ?, last_at = ?, last_id = ?",
                     (version, to_iso(last[0]) if last else None, last[1] if last else None))

    @staticmethod
    def bump(conn: sqlite3.Connection) -> None:
        """The history changed in a way the triggers were lifted for (a bulk import)."""
        conn.execute("UPDATE derivation SET history_version = history_version + 1")

"""Read-only views of the history: the pages the history screens and `flux-tui history` show.

The history screens fetch one page at a time while they render. The paged
queries walk the partial indexes of migration 0002 (their WHERE clauses must
match HISTORY_SESSIONS / the sets' `deleted_at IS NULL` exactly), so a page
costs about the same at offset 0 and at the end of a million-set history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Sequence

from flux_tui.engine.history import LoggedSet
from flux_tui.records import SessionRow
from flux_tui.store.database import Database
from flux_tui.store.sessions import READ_SET_COLUMNS, SESSION_COLUMNS, set_from_row
from flux_tui.timefmt import local_time, to_iso

HISTORY_SESSIONS = "deleted_at IS NULL AND status IN ('completed', 'abandoned')"
_SET_COLUMNS_OF_W = ", ".join("w." + c.strip() for c in READ_SET_COLUMNS.split(","))


def _newest_first(offset: int, limit: int, total: int | None) -> tuple[str, int, int, bool]:
    """(order, limit, offset, reversed): a page in the older half of `total` rows is read from the
    oldest end instead, so the stretch skipped inside the index is never more than half the list."""
    if total is not None and offset > total // 2:
        limit = max(0, min(limit, total - offset))
        return "ASC", limit, max(0, total - offset - limit), True
    return "DESC", limit, offset, False


class HistoryViews:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _session_row(self, r: Sequence[Any], set_count: int, volume_kg: float) -> SessionRow:
        return SessionRow(id=r[0], started_at=self.db.decode_time(r[1]),
                          completed_at=self.db.decode_time(r[2]) if r[2] else None, archetype=r[3],
                          anchor_pattern=r[4], status=r[5], notes=r[6], set_count=set_count, volume_kg=volume_kg,
                          utc_offset=r[7], title=r[8])

    # --- the sessions list ---------------------------------------------------------------

    def count_sessions(self) -> int:
        """Completed and abandoned sessions: the rows of the history list (index-only)."""
        return self.db.value(
            f"SELECT count(*) FROM workout_sessions INDEXED BY workout_sessions_history_idx WHERE {HISTORY_SESSIONS}")

    def sessions(self, limit: int, offset: int = 0, total: int | None = None) -> list[SessionRow]:
        """A page of the history list, newest first; the offset is skipped inside the index
        (given the `total` row count, from whichever end is nearer)."""
        order, limit, offset, flipped = _newest_first(offset, limit, total)
        ids = [row[0] for row in self.db.rows(
            f"SELECT id FROM workout_sessions INDEXED BY workout_sessions_history_idx WHERE {HISTORY_SESSIONS}"
            f" ORDER BY started_at {order}, id {order} LIMIT ? OFFSET ?",
            (limit, offset),
        )]
        if flipped:
            ids.reverse()
        return self.sessions_by_ids(ids)

    def sessions_by_ids(self, ids: Sequence[str]) -> list[SessionRow]:
        """These sessions with their set count and working volume (kg), in the order given."""
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        tallies = {
            row[0]: (row[1], float(row[2]))
            for row in self.db.rows(
                f"""SELECT session_id, count(CASE WHEN is_warmup = 0 THEN 1 END),
                           coalesce(sum(CASE WHEN is_warmup = 0 THEN weight * reps END), 0)
                    FROM workout_sets WHERE session_id IN ({marks}) AND deleted_at IS NULL GROUP BY session_id""",
                list(ids),
            )
        }
        rows = {
            r[0]: self._session_row(r, *tallies.get(r[0], (0, 0.0)))
            for r in self.db.rows(f"SELECT {SESSION_COLUMNS} FROM workout_sessions WHERE id IN ({marks})", list(ids))
        }
        return [rows[i] for i in ids if i in rows]

    def working_sets_of(self, session_ids: Sequence[str], exercise_ids: Sequence[str]) -> dict[str, list[LoggedSet]]:
        """Session id -> its live working sets of these exercises (the bodyweight ones, whose volume the
        tallies above leave to the engine), for a page of sessions."""
        found: dict[str, list[LoggedSet]] = {}
        if not session_ids or not exercise_ids:
            return found
        for r in self.db.rows(
            f"""SELECT {READ_SET_COLUMNS} FROM workout_sets
                WHERE session_id IN ({', '.join('?' for _ in session_ids)}) AND deleted_at IS NULL AND is_warmup = 0
                  AND exercise_id IN ({', '.join('?' for _ in exercise_ids)})""",
            [*session_ids, *exercise_ids],
        ):
            found.setdefault(r[1], []).append(set_from_row(self.db, r))
        return found

    def session_ids_with(self, exercise_id: str) -> list[str]:
        """Ids of the history list's sessions holding a live set of this exercise, newest first.

        One pass over the exercise's sets (its index), not over the history: the
        filtered list pages through these ids.
        """
        return [row[0] for row in self.db.rows(
            f"""SELECT s.id FROM workout_sessions s INDEXED BY workout_sessions_history_idx
                WHERE s.{HISTORY_SESSIONS.replace(' status', ' s.status')}
                  AND s.id IN (SELECT session_id FROM workout_sets WHERE exercise_id = ? AND deleted_at IS NULL)
                ORDER BY s.started_at DESC, s.id DESC""",
            (exercise_id,),
        )]

    def sessions_page(self, limit: int, before: tuple[str, str] | None = None, exercise_id: str | None = None,
                      statuses: Sequence[str] = ("completed", "abandoned"), offset: int = 0) -> list[SessionRow]:
        """A page of sessions, newest first, by keyset (`before` = (started_at iso, id) of the last row
        shown) or by `offset`, optionally only those holding `exercise_id` (`flux-tui history`)."""
        clauses = ["s.deleted_at IS NULL", f"s.status IN ({', '.join('?' for _ in statuses)})"]
        params: list[Any] = list(statuses)
        if before is not None:
            clauses.append("(s.started_at, s.id) < (?, ?)")
            params.extend(before)
        if exercise_id is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM workout_sets x WHERE x.session_id = s.id AND x.exercise_id = ? AND x.deleted_at IS NULL)"
            )
            params.append(exercise_id)
        params.extend((limit, offset))
        # The page is chosen first, then only its rows are tallied: with the tallies in the outer
        # SELECT of a sorted query, SQLite computed them for every session before sorting.
        rows = self.db.rows(
            f"""SELECT s.id, s.started_at, s.completed_at, s.archetype, s.anchor_pattern, s.status, s.notes,
                       s.utc_offset, s.title, (SELECT count(*) FROM workout_sets w
                                      WHERE w.session_id = s.id AND w.deleted_at IS NULL AND w.is_warmup = 0),
                       (SELECT coalesce(sum(w.weight * w.reps), 0) FROM workout_sets w
                         WHERE w.session_id = s.id AND w.deleted_at IS NULL AND w.is_warmup = 0)
                FROM (SELECT * FROM workout_sessions s WHERE {' AND '.join(clauses)}
                      ORDER BY s.started_at DESC, s.id DESC LIMIT ? OFFSET ?) s
                ORDER BY s.started_at DESC, s.id DESC""",
            params,
        )
        return [self._session_row(r, r[9], float(r[10])) for r in rows]

    def count_sessions_with(self, exercise_id: str) -> int:
        return self.db.value(
            "SELECT count(*) FROM workout_sessions s WHERE s.deleted_at IS NULL AND s.status IN ('completed', 'abandoned')"
            " AND EXISTS (SELECT 1 FROM workout_sets x WHERE x.session_id = s.id AND x.exercise_id = ?"
            " AND x.deleted_at IS NULL)", (exercise_id,))

    def last_completed(self) -> SessionRow | None:
        page = self.sessions_page(limit=1, statuses=("completed",))
        return page[0] if page else None

    # --- one exercise ----------------------------------------------------------------------

    def count_exercise_sets(self, exercise_id: str) -> int:
        """Index-only (partial index of migration 0002): ~1 ms at 1M sets."""
        return self.db.value("SELECT count(*) FROM workout_sets WHERE exercise_id = ? AND deleted_at IS NULL",
                             (exercise_id,))

    def exercise_sets(self, exercise_id: str, limit: int, offset: int = 0,
                      total: int | None = None) -> list[tuple[datetime, LoggedSet]]:
        """A page of one exercise's live sets, newest first, with their session's start (in the local time
        where it happened: for showing); the offset is
        skipped inside the index (given `total`, from whichever end is nearer, as `sessions`)."""
        order, limit, offset, flipped = _newest_first(offset, limit, total)
        ids = [row[0] for row in self.db.rows(
            "SELECT id FROM workout_sets INDEXED BY workout_sets_exercise_history_idx"
            f" WHERE exercise_id = ? AND deleted_at IS NULL ORDER BY logged_at {order}, id {order} LIMIT ? OFFSET ?",
            (exercise_id, limit, offset),
        )]
        if flipped:
            ids.reverse()
        if not ids:
            return []
        found = {
            r[2]: (local_time(self.db.decode_time(r[0]), r[1]), set_from_row(self.db, r[2:]))
            for r in self.db.rows(
                f"SELECT s.started_at, s.utc_offset, {_SET_COLUMNS_OF_W} FROM workout_sets w"
                f" JOIN workout_sessions s ON s.id = w.session_id WHERE w.id IN ({', '.join('?' for _ in ids)})",
                ids,
            )
        }
        return [found[i] for i in ids if i in found]

    def last_exercise_notes(self, exercise_ids: Sequence[str], before_session: str) -> dict[str, str]:
        """Each exercise's note from the newest other session that has one (its local day first)."""
        found: dict[str, str] = {}
        for exercise_id in dict.fromkeys(exercise_ids):
            path = '$."' + exercise_id.replace('"', '') + '"'
            row = self.db.one(
                "SELECT json_extract(exercise_notes, ?) FROM workout_sessions WHERE deleted_at IS NULL AND id <> ?"
                " AND exercise_notes <> '{}' AND json_extract(exercise_notes, ?) IS NOT NULL"
                " ORDER BY started_at DESC LIMIT 1", (path, before_session, path))
            if row is not None and isinstance(row[0], str):
                found[exercise_id] = row[0]
        return found

    def exercise_working_sets(self, exercise_id: str, since: datetime | None = None
                              ) -> list[tuple[str, datetime, float, int]]:
        """(session id, session start in its local time, weight kg, reps): for each completed session and rep count, the
        heaviest working set of this exercise, oldest session first. Enough for the best e1RM per session
        (an estimate grows with the weight at equal reps), in a third of the rows of every set. `since`:
        only sets logged from then on (a range of the exercise's index: the cost follows the window)."""
        rows = self.db.rows(
            """SELECT s.id, s.started_at, g.weight, g.reps, s.utc_offset
               FROM (SELECT session_id, reps, max(coalesce(weight, 0)) AS weight FROM workout_sets
                     WHERE exercise_id = ? AND logged_at >= ? AND deleted_at IS NULL AND is_warmup = 0
                       AND weight > 0 AND reps >= 1
                     GROUP BY session_id, reps) g
               JOIN workout_sessions s ON s.id = g.session_id
               WHERE s.deleted_at IS NULL AND s.status = 'completed'
               ORDER BY s.started_at, s.id""",
            (exercise_id, to_iso(since) if since is not None else ""),
        )
        return [(r[0], local_time(self.db.decode_time(r[1]), r[4]), float(r[2]), int(r[3])) for r in rows]

    def prior_working_sets(self, exercise_id: str, before: datetime) -> list[tuple[float, int]]:
        """Distinct (weight kg, reps) of this exercise's working sets logged before `before`: enough to know
        the best e1RM so far."""
        return [(float(r[0]), int(r[1])) for r in self.db.rows(
            """SELECT DISTINCT weight, reps FROM workout_sets
               WHERE exercise_id = ? AND logged_at < ? AND deleted_at IS NULL AND is_warmup = 0
                 AND weight > 0 AND reps >= 1""",
            (exercise_id, to_iso(before)),
        )]

"""What the history's statistics read (engine/stats.py computes them): each query's cost follows
its window or the number of exercises, not the length of the history.

- the tally of the window's completed sessions (calendar, weekly volume): the sessions' start
  index, then `exercise_volume` (the history_stats migration) by its key;
- the records: for each exercise and rep count, one seek of `workout_sets_records_idx` (the rep
  counts themselves found by skipping through that index, not by reading it), and for session
  volume one seek of `exercise_volume_best_idx`; each walks on past sets of sessions that were
  not completed (usually none);
- one exercise's sessions (trends, compare): its sets' index.
"""

from __future__ import annotations

from datetime import datetime
from flux_tui.engine.history import LoggedSet
from flux_tui.engine.stats import Best, SessionSets
from flux_tui.store.database import Database
from flux_tui.store.sessions import READ_SET_COLUMNS, set_from_row
from flux_tui.timefmt import local_time, to_iso

# The partial index's WHERE clause (the history_stats migration), which a query must repeat to use it.
LOADED = "w.deleted_at IS NULL AND w.is_warmup = 0 AND w.weight > 0"
COMPLETED = "s.status = 'completed' AND s.deleted_at IS NULL"


class StatsViews:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _local(self, started_at: str, utc_offset: int | None) -> datetime:
        return local_time(self.db.decode_time(started_at), utc_offset)

    def session_tallies(self, since: datetime) -> list[SessionSets]:
        """Completed sessions started at or after `since`, oldest first, with their working sets per
        exercise (warm-ups left out)."""
        found: dict[str, SessionSets] = {}
        for r in self.db.rows(
            f"""SELECT s.id, s.started_at, s.utc_offset, s.archetype, s.anchor_pattern, v.exercise_id, v.working_sets
                FROM workout_sessions s INDEXED BY workout_sessions_started_idx
                LEFT JOIN exercise_volume v ON v.session_id = s.id
                WHERE s.started_at >= ? AND {COMPLETED}
                ORDER BY s.started_at, s.id""",
            (to_iso(since),),
        ):
            tally = found.get(r[0])
            if tally is None:
                tally = found[r[0]] = SessionSets(r[0], self._local(r[1], r[2]), r[3], r[4], {})
            if r[5] is not None:
                tally.working_sets[r[5]] = r[6]
        return list(found.values())

    def exercises_done(self) -> list[str]:
        """Ids of the exercises with a live loaded working set, the exercises with records (one seek
        per exercise of the catalog)."""
        return [r[0] for r in self.db.rows(
            f"""SELECT e.id FROM exercises e WHERE e.deleted_at IS NULL AND EXISTS (
                    SELECT 1 FROM workout_sets w INDEXED BY workout_sets_records_idx
                    WHERE w.exercise_id = e.id AND {LOADED} AND w.reps >= 1) ORDER BY e.id""")]

    def exercises_with_reps(self, exercise_ids: list[str]) -> list[str]:
        """Those of these exercises with a live working set with reps, loaded or not (a bodyweight
        exercise's records count the bodyweight; one seek of its sets index each)."""
        return [e for e in exercise_ids if self.db.one(
            """SELECT 1 FROM workout_sets INDEXED BY workout_sets_exercise_history_idx
               WHERE exercise_id = ? AND deleted_at IS NULL AND is_warmup = 0 AND reps >= 1 LIMIT 1""", (e,))]

    def load_bests(self, exercise_ids: list[str]) -> list[Best]:
        """For each exercise and each rep count it was lifted at: the heaviest working set of a completed
        session, the earliest when tied."""
        if not exercise_ids:
            return []
        marks = ", ".join("?" for _ in exercise_ids)
        rows = self.db.rows(
            f"""WITH RECURSIVE counts(exercise_id, reps) AS (
                    SELECT e.id, (SELECT min(w.reps) FROM workout_sets w INDEXED BY workout_sets_records_idx
                                  WHERE w.exercise_id = e.id AND {LOADED} AND w.reps >= 1)
                    FROM exercises e WHERE e.id IN ({marks})
                    UNION ALL
                    SELECT c.exercise_id, (SELECT min(w.reps) FROM workout_sets w INDEXED BY workout_sets_records_idx
                                           WHERE w.exercise_id = c.exercise_id AND {LOADED} AND w.reps > c.reps)
                    FROM counts c WHERE c.reps IS NOT NULL),
                best(exercise_id, reps, set_id) AS (
                    SELECT c.exercise_id, c.reps,
                           (SELECT w.id FROM workout_sets w INDEXED BY workout_sets_records_idx
                            JOIN workout_sessions s ON s.id = w.session_id
                            WHERE w.exercise_id = c.exercise_id AND w.reps = c.reps AND {LOADED} AND {COMPLETED}
                            ORDER BY w.weight DESC, w.logged_at LIMIT 1)
                    FROM counts c WHERE c.reps IS NOT NULL)
                SELECT b.exercise_id, b.reps, w.weight, s.id, s.started_at, s.utc_offset
                FROM best b JOIN workout_sets w ON w.id = b.set_id JOIN workout_sessions s ON s.id = w.session_id
                ORDER BY b.exercise_id, b.reps""",
            exercise_ids,
        )
        return [Best(r[0], int(r[1]), float(r[2]), r[3], self._local(r[4], r[5])) for r in rows]

    def volume_bests(self, exercise_ids: list[str]) -> list[Best]:
        """For each exercise: the completed session with the most working volume of it, the earliest when tied."""
        if not exercise_ids:
            return []
        marks = ", ".join("?" for _ in exercise_ids)
        rows = self.db.rows(
            f"""SELECT e.id, b.volume_kg, s.id, s.started_at, s.utc_offset FROM exercises e
                JOIN exercise_volume b ON (b.session_id, b.exercise_id) = (
                    SELECT v.session_id, v.exercise_id FROM exercise_volume v INDEXED BY exercise_volume_best_idx
                    JOIN workout_sessions s ON s.id = v.session_id
                    WHERE v.exercise_id = e.id AND v.volume_kg > 0 AND {COMPLETED}
                    ORDER BY v.volume_kg DESC, s.started_at LIMIT 1)
                JOIN workout_sessions s ON s.id = b.session_id
                WHERE e.id IN ({marks}) ORDER BY e.id""",
            exercise_ids,
        )
        return [Best(r[0], None, float(r[1]), r[2], self._local(r[3], r[4])) for r in rows]

    def working_sets(self, exercise_id: str, since: datetime | None = None, before: datetime | None = None
                     ) -> list[tuple[str, datetime, LoggedSet]]:
        """(session id, local start, set) for every working set with reps of this exercise in a completed
        session, oldest first; `since` / `before`: only sets logged in that range. What a bodyweight
        exercise's records and trend are computed from, each set at its own bodyweight (its index: the
        cost follows the exercise's sets)."""
        clauses, params = "", [exercise_id]
        for clause, moment in ((" AND w.logged_at >= ?", since), (" AND w.logged_at < ?", before)):
            if moment is not None:
                clauses += clause
                params.append(to_iso(moment))
        rows = self.db.rows(
            f"""SELECT s.id, s.started_at, s.utc_offset, {', '.join('w.' + c.strip() for c in READ_SET_COLUMNS.split(','))}
                FROM workout_sets w INDEXED BY workout_sets_exercise_history_idx
                JOIN workout_sessions s ON s.id = w.session_id
                WHERE w.exercise_id = ? AND w.deleted_at IS NULL AND w.is_warmup = 0 AND w.reps >= 1{clauses}
                  AND {COMPLETED}
                ORDER BY s.started_at, s.id, w.set_index""",
            params,
        )
        return [(r[0], self._local(r[1], r[2]), set_from_row(self.db, r[3:])) for r in rows]

    def exercise_sessions(self, exercise_id: str, limit: int, before: str | None = None
                          ) -> list[tuple[str, datetime, list[LoggedSet]]]:
        """(session id, local start, the exercise's live sets in order) of the newest `limit` completed
        sessions holding it, newest first; `before` (a session id): only sets logged before that
        session started. Walks the exercise's sets index from its newest end and stops there."""
        clause, params = "", [exercise_id]
        if before is not None:
            clause = " AND w.logged_at < (SELECT started_at FROM workout_sessions WHERE id = ?)"
            params.append(before)
        return self._with_sets(exercise_id, [r[0] for r in self.db.rows(
            f"""SELECT DISTINCT w.session_id FROM workout_sets w INDEXED BY workout_sets_exercise_history_idx
                JOIN workout_sessions s ON s.id = w.session_id
                WHERE w.exercise_id = ? AND w.deleted_at IS NULL AND {COMPLETED}{clause}
                ORDER BY w.logged_at DESC LIMIT ?""",
            [*params, limit],
        )])

    def exercise_in_session(self, exercise_id: str, session_id: str) -> list[tuple[str, datetime, list[LoggedSet]]]:
        """The exercise's live sets in this completed session, as `exercise_sessions` (empty: none)."""
        return self._with_sets(exercise_id, [r[0] for r in self.db.rows(
            f"""SELECT s.id FROM workout_sessions s WHERE s.id = ? AND {COMPLETED} AND EXISTS (
                    SELECT 1 FROM workout_sets w WHERE w.session_id = s.id AND w.exercise_id = ?
                    AND w.deleted_at IS NULL)""", (session_id, exercise_id))])

    def _with_sets(self, exercise_id: str, ids: list[str]) -> list[tuple[str, datetime, list[LoggedSet]]]:
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        sessions = {r[0]: r for r in self.db.rows(
            f"SELECT id, started_at, utc_offset FROM workout_sessions WHERE id IN ({marks})", ids)}
        sets: dict[str, list[LoggedSet]] = {i: [] for i in ids}
        for r in self.db.rows(
            f"SELECT {READ_SET_COLUMNS} FROM workout_sets WHERE session_id IN ({', '.join('?' for _ in ids)})"
            " AND exercise_id = ? AND deleted_at IS NULL ORDER BY session_id, set_index",
            [*ids, exercise_id],
        ):
            sets[r[1]].append(set_from_row(self.db, r))
        return [(i, self._local(sessions[i][1], sessions[i][2]), sets[i]) for i in ids]

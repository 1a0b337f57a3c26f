"""Sessions and their sets: starting, logging, deleting, finishing; reading them back as engine records."""

from __future__ import annotations

import json
from operator import itemgetter
from datetime import datetime
from types import MappingProxyType
from typing import Any, Iterator, Mapping, Sequence

from flux_tui.engine.history import NO_METADATA, NO_NOTES, LoggedSet, SessionRecord
from flux_tui.errors import StoreRefused
from flux_tui.store import bounds
from flux_tui.store.database import Database
from flux_tui.store.ids import new_id
from flux_tui.timefmt import to_iso, utc_now, utc_offset_minutes

SET_COLUMNS = (
    "id, session_id, exercise_id, set_index, weight, reps, seconds, distance, rpe, is_warmup, metadata, logged_at"
)
SESSION_COLUMNS = ("id, started_at, completed_at, archetype, anchor_pattern, status, notes, utc_offset, title,"
                   " exercise_notes")


def encode_notes(exercise_notes: Mapping[str, str]) -> str:
    """The exercise_notes column's text: a JSON object spaced as PostgreSQL prints jsonb, so its
    length is the one limits.py bounds on both sides."""
    return json.dumps(dict(exercise_notes), ensure_ascii=False, sort_keys=True) if exercise_notes else "{}"
# What reads of sets select: SET_COLUMNS (what an import writes; set_type takes its default) and the type.
READ_SET_COLUMNS = SET_COLUMNS + ", set_type"


def special_type(is_warmup: Any, set_type: str | None) -> str | None:
    """LoggedSet.set_type of a row: its drop/failure/AMRAP type, else None (working, or a warm-up by its
    flag: a row flagged warm-up is one whatever its set_type says, as imports write the flag only)."""
    return None if is_warmup or set_type in (None, "working", "warmup") else set_type


def set_from_row(db: Database, row: Sequence[Any]) -> LoggedSet:
    """A LoggedSet from a row of READ_SET_COLUMNS."""
    return LoggedSet(
        id=row[0],
        exercise_id=row[2],
        set_index=row[3],
        weight=row[4],
        reps=row[5],
        seconds=row[6],
        distance=row[7],
        rpe=row[8],
        is_warmup=bool(row[9]),
        metadata=db.decode_json(row[10]) if row[10] != "{}" else {},
        logged_at=db.decode_time(row[11]),
        set_type=special_type(row[9], row[12]),
    )


def session_from_row(db: Database, row: Sequence[Any], sets: tuple[LoggedSet, ...]) -> SessionRecord:
    """A SessionRecord from a row of SESSION_COLUMNS and its sets."""
    return SessionRecord(
        id=row[0],
        started_at=db.decode_time(row[1]),
        completed_at=db.decode_time(row[2]) if row[2] else None,
        archetype=row[3],
        anchor_pattern=row[4],
        status=row[5],
        notes=row[6],
        sets=sets,
        utc_offset=row[7],
        title=row[8],
        exercise_notes=MappingProxyType(db.decode_json(row[9])) if row[9] != "{}" else NO_NOTES,
    )


class Sessions:
    def __init__(self, db: Database, derivation: Any) -> None:
        self.db = db
        self.derivation = derivation  # store/derived.Derivation: finishing folds the session in

    # --- writes -------------------------------------------------------------------

    def start(self, archetype: str, anchor_pattern: str | None, plan: Mapping[str, Any] | None,
              started_at: datetime) -> str:
        session_id = new_id()
        now = to_iso(utc_now())
        offset = utc_offset_minutes(started_at)
        bounds.check("workout_sessions", {"archetype": archetype, "anchor_pattern": anchor_pattern, "plan": plan,
                                          "utc_offset": offset}, "session refused by the store: ")
        with self.db.transaction() as conn:
            if conn.execute("SELECT 1 FROM workout_sessions WHERE status = 'active' AND deleted_at IS NULL").fetchone():
                raise StoreRefused("a session is already active: finish or abandon it first")
            conn.execute(
                "INSERT INTO workout_sessions (id, archetype, anchor_pattern, status, started_at, plan, utc_offset,"
                " created_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?, ?, ?, ?)",
                (session_id, archetype, anchor_pattern, to_iso(started_at),
                 json.dumps(plan, allow_nan=False) if plan is not None else None, offset, now, now),
            )
        return session_id

    def log_set(self, session_id: str, exercise_id: str, *, weight: float | None = None, reps: int | None = None,
                seconds: float | None = None, distance: float | None = None, rpe: float | None = None,
                is_warmup: bool = False, metadata: Mapping[str, Any] | None = None,
                logged_at: datetime | None = None, set_type: str | None = None) -> LoggedSet:
        """Commit one set; when this returns, the set is on disk. `set_type` (SET_TYPES) defaults to
        what `is_warmup` says; a warm-up type sets the flag."""
        is_warmup = bool(is_warmup) or set_type == "warmup"
        kind = "warmup" if is_warmup else set_type or "working"
        logged_at = logged_at or utc_now()
        set_id = new_id()
        stamp = to_iso(logged_at)
        now = to_iso(utc_now())
        meta = dict(metadata or {})
        bounds.check("workout_sets", {"exercise_id": exercise_id, "weight": weight, "reps": reps, "seconds": seconds,
                                      "distance": distance, "rpe": rpe, "metadata": meta, "set_type": kind},
                     "set refused by the store: ")
        try:
            with self.db.transaction() as conn:
                status = conn.execute(
                    "SELECT status FROM workout_sessions WHERE id = ? AND deleted_at IS NULL", (session_id,)
                ).fetchone()
                if status is None or status[0] != "active":
                    raise StoreRefused(f"session {session_id} is not active; the set was not logged")
                set_index = conn.execute(
                    "SELECT coalesce(max(set_index) + 1, 0) FROM workout_sets WHERE session_id = ?", (session_id,)
                ).fetchone()[0]
                bounds.check("workout_sets", {"set_index": set_index}, "set refused by the store: ")
                conn.execute(
                    f"INSERT INTO workout_sets ({READ_SET_COLUMNS}, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (set_id, session_id, exercise_id, set_index, weight, reps, seconds, distance, rpe,
                     int(is_warmup), json.dumps(meta, sort_keys=True), stamp, kind, now, now),
                )
        except StoreRefused as refused:
            if refused.__cause__ is None:  # raised above, already worded
                raise
            raise StoreRefused(f"set refused by the store: {refused.__cause__}", self.db.path) from refused.__cause__
        return LoggedSet(id=set_id, exercise_id=exercise_id, set_index=set_index, weight=weight, reps=reps,
                         seconds=seconds, distance=distance, rpe=rpe, is_warmup=is_warmup, metadata=meta,
                         logged_at=self.db.decode_time(stamp), set_type=special_type(is_warmup, kind))

    def delete_set(self, set_id: str) -> None:
        self._set_deleted(set_id, to_iso(utc_now()))

    def undelete_set(self, set_id: str) -> None:
        self._set_deleted(set_id, None)

    def _set_deleted(self, set_id: str, deleted_at: str | None) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE workout_sets SET deleted_at = ?, updated_at = ? WHERE id = ?",
                (deleted_at, to_iso(utc_now()), set_id),
            )

    def set_plan(self, session_id: str, plan: Mapping[str, Any]) -> None:
        bounds.check("workout_sessions", {"plan": plan}, "the session's plan refused by the store: ")
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE workout_sessions SET plan = ?, updated_at = ? WHERE id = ? AND status = 'active'",
                (json.dumps(plan, allow_nan=False), to_iso(utc_now()), session_id),
            )

    def set_notes(self, session_id: str, notes: str) -> None:
        bounds.check("workout_sessions", {"notes": notes}, "notes refused by the store: ")
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE workout_sessions SET notes = ?, updated_at = ? WHERE id = ?",
                (notes, to_iso(utc_now()), session_id),
            )

    def set_title(self, session_id: str, title: str) -> None:
        """The session's name ("Push Day"); '' for none."""
        title = title.strip()
        bounds.check("workout_sessions", {"title": title}, "title refused by the store: ")
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE workout_sessions SET title = ?, updated_at = ? WHERE id = ?",
                (title, to_iso(utc_now()), session_id),
            )

    def set_exercise_note(self, session_id: str, exercise_id: str, note: str) -> None:
        """The note on one exercise of the session; '' removes it."""
        with self.db.transaction() as conn:
            row = conn.execute("SELECT exercise_notes FROM workout_sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                raise StoreRefused(f"no session {session_id}; the note was not kept")
            notes = dict(json.loads(row[0]))
            if note.strip():
                notes[exercise_id] = note.strip()
            else:
                notes.pop(exercise_id, None)
            text = encode_notes(notes)
            bounds.check("workout_sessions", {"exercise_notes": text}, "note refused by the store: ")
            conn.execute(
                "UPDATE workout_sessions SET exercise_notes = ?, updated_at = ? WHERE id = ?",
                (text, to_iso(utc_now()), session_id),
            )

    def finish(self, session_id: str, completed_at: datetime) -> tuple[SessionRecord, Any, Any]:
        """Mark the session completed and fold it into the state, in one transaction.

        Returns (the session as stored, the state before, the state after). The end is never
        before the start or the last set (a clock set back is clamped to them).
        """
        with self.db.transaction() as conn:
            mark = self.derivation.mark()
            found = self.get(session_id)
            if found is None or found.status != "active":
                raise StoreRefused(f"session {session_id} is not active; nothing was finished")
            completed_at = max([completed_at, found.started_at, *(s.logged_at for s in found.sets if s.logged_at)])
            conn.execute(
                "UPDATE workout_sessions SET status = 'completed', completed_at = ?, updated_at = ?"
                " WHERE id = ? AND status = 'active'",
                (to_iso(completed_at), to_iso(utc_now()), session_id),
            )
            record = found._replace(status="completed", completed_at=self.db.decode_time(to_iso(completed_at)))
            before, after = self.derivation.fold_finished(conn, record, mark)
        self.db.checkpoint()
        return record, before, after

    def abandon(self, session_id: str, at: datetime) -> None:
        """Close a session without counting it; its sets stay in history."""
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE workout_sessions SET status = 'abandoned', completed_at = max(?, started_at), updated_at = ?"
                " WHERE id = ? AND status = 'active'",
                (to_iso(at), to_iso(utc_now()), session_id),
            )
        self.db.checkpoint()

    # --- reads --------------------------------------------------------------------------

    def active(self) -> tuple[SessionRecord, dict[str, Any] | None] | None:
        """The session left active (if any) with every live set, and the plan it started from."""
        row = self.db.one(
            f"SELECT {SESSION_COLUMNS}, plan FROM workout_sessions WHERE status = 'active' AND deleted_at IS NULL "
            "ORDER BY started_at DESC LIMIT 1"
        )
        if row is None:
            return None
        plan = self.db.decode_json(row[10]) if row[10] else None
        return session_from_row(self.db, row, self.sets(row[0])), plan

    def get(self, session_id: str) -> SessionRecord | None:
        row = self.db.one(f"SELECT {SESSION_COLUMNS} FROM workout_sessions WHERE id = ? AND deleted_at IS NULL",
                          (session_id,))
        return session_from_row(self.db, row, self.sets(session_id)) if row else None

    def sets(self, session_id: str) -> tuple[LoggedSet, ...]:
        rows = self.db.rows(
            f"SELECT {READ_SET_COLUMNS} FROM workout_sets WHERE session_id = ? AND deleted_at IS NULL ORDER BY set_index",
            (session_id,),
        )
        return tuple(set_from_row(self.db, row) for row in rows)

    def completed(self) -> Iterator[SessionRecord]:
        """Every completed session with its live sets, oldest first (see `completed_records`)."""
        return completed_records(self.db)

    def fold_input(self) -> Iterator[SessionRecord]:
        """The completed history as the fold reads it (working sets only, no set ids or times): for rebuilds."""
        return fold_records(self.db)

    def all(self) -> Iterator[SessionRecord]:
        """Every live session of any status with its sets, oldest first (export), one session in
        memory at a time: one query walks the sessions by start and each one's sets by the
        (session_id, set_index) index, read a chunk at a time (a 100k-set export stays small)."""
        width = len(SESSION_COLUMNS.split(","))
        session_columns = ", ".join("s." + c.strip() for c in SESSION_COLUMNS.split(","))
        set_columns = ", ".join("w." + c.strip() for c in READ_SET_COLUMNS.split(","))
        current: Sequence[Any] | None = None
        sets: list[LoggedSet] = []
        for row in self.db.stream(
            f"SELECT {session_columns}, {set_columns} FROM workout_sessions s"
            " LEFT JOIN workout_sets w ON w.session_id = s.id AND w.deleted_at IS NULL"
            " WHERE s.deleted_at IS NULL ORDER BY s.started_at, s.id, w.set_index"
        ):
            if current is None or row[0] != current[0]:
                if current is not None:
                    yield session_from_row(self.db, current, tuple(sets))
                current, sets = row[:width], []
            if row[width] is not None:
                sets.append(set_from_row(self.db, row[width:]))
        if current is not None:
            yield session_from_row(self.db, current, tuple(sets))


def completed_records(db: Database) -> Iterator[SessionRecord]:
    """Every completed session with its live sets, oldest first: what the state is a fold over.

    Read-only records: the sets are read in one pass over the table (no index walk: sequential
    pages) and grouped here; sets whose metadata text is the same share one read-only mapping of
    it, and sets logged at the same moment one datetime, so each distinct text is decoded once.
    """
    sessions = db.rows(
        f"SELECT {SESSION_COLUMNS} FROM workout_sessions WHERE status = 'completed' AND deleted_at IS NULL "
        "ORDER BY completed_at, id"
    )
    sets_by_session: dict[str, list[LoggedSet]] = {row[0]: [] for row in sessions}
    metadata: dict[str, Mapping[str, Any]] = {"{}": NO_METADATA}
    moments: dict[str, datetime] = {}
    make = tuple.__new__  # LoggedSet's own __new__ costs a Python call per set
    for row in db.rows(f"SELECT {READ_SET_COLUMNS} FROM workout_sets WHERE deleted_at IS NULL"):
        current = sets_by_session.get(row[1])
        if current is None:  # a set of a session that is not completed
            continue
        meta = metadata.get(row[10])
        if meta is None:
            meta = metadata[row[10]] = MappingProxyType(db.decode_json(row[10]))
        at = moments.get(row[11])
        if at is None:
            at = moments[row[11]] = db.decode_time(row[11])
        current.append(make(LoggedSet, (row[0], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
                                        row[9] == 1, meta, at, special_type(row[9], row[12]))))
    by_index = itemgetter(2)
    for row in sessions:
        found = sets_by_session[row[0]]
        found.sort(key=by_index)  # the table's order is nearly this already: linear
        yield session_from_row(db, row, tuple(found))


def fold_records(db: Database) -> Iterator[SessionRecord]:
    """The completed history as the fold reads it, for rebuilds: oldest first, each session with
    its working sets only (the fold skips warm-ups), a set's id, index, time and type left out (None:
    the fold reads none of them, and each column read costs ~5% of a rebuild).

    `state --rebuild` reads ~100k sets, and moving them out of SQLite is most of its cost: SQLite
    filters the sessions and warm-ups and groups the sets by session in set_index order (the join
    walks the sets' session index, so that order costs no sort), each session named by its integer
    rowid (no text per set); a set without metadata reads a NULL. tests/store/test_store.py checks
    that folding these gives the state the whole records give: a rule that starts reading what is
    left out fails there.
    """
    sessions = db.rows(
        f"SELECT rowid, {SESSION_COLUMNS} FROM workout_sessions WHERE status = 'completed' AND deleted_at IS NULL "
        "ORDER BY completed_at, id"
    )
    sets_by_session: dict[int, list[LoggedSet]] = {}
    metadata: dict[str | None, Mapping[str, Any]] = {None: NO_METADATA}
    make = tuple.__new__  # LoggedSet's own __new__ costs a Python call per set
    key, found = None, []
    for session, exercise_id, weight, reps, seconds, distance, rpe, text in db.rows(
        "SELECT ws.rowid, st.exercise_id, st.weight, st.reps, st.seconds, st.distance, st.rpe, NULLIF(st.metadata, '{}')"
        " FROM workout_sets st JOIN workout_sessions ws ON ws.id = st.session_id"
        " WHERE st.deleted_at IS NULL AND st.is_warmup = 0 AND ws.status = 'completed' AND ws.deleted_at IS NULL"
        " ORDER BY ws.rowid, st.set_index"
    ):
        if session != key:
            key, found = session, []
            sets_by_session[key] = found
        meta = metadata.get(text)
        if meta is None:
            meta = metadata[text] = MappingProxyType(db.decode_json(text))
        found.append(make(LoggedSet, (None, exercise_id, None, weight, reps, seconds, distance, rpe, False, meta,
                                      None, None)))
    for session in sessions:
        yield session_from_row(db, session[1:], tuple(sets_by_session.get(session[0], ())))

"""Where the shell meets the core: the store's rows in, the engine's answers out.

The CLI and the screens both go through `Training`, and only through it (the
layer contracts in tests/test_layers.py forbid them the store), so a rule is
never applied in two places. The engine stays pure; this class does the I/O
around it. Its methods are blocking: the screens call them from thread workers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, NamedTuple

from flux_tui.brain.models import ASSIGNABLE_PATTERNS, Brain, Catalog, Exercise, catalog_from_list
# What `flux-tui plan` needs, and no more: the fold, the records and the change summary are
# imported by the methods that use them (each engine module creates frozen dataclasses, ~0.5 ms
# apiece on Python 3.11, and `plan` is measured against `--help`).
from flux_tui.engine.plan import Plan, recommend
from flux_tui.engine.state import State, state_to_dict
from flux_tui.errors import StoreRefused
from flux_tui.store import Store
from flux_tui.store.history import HistoryViews
from flux_tui.timefmt import local_today, utc_now

if TYPE_CHECKING:
    from flux_tui.engine.bodyweight import Loads, Weighing
    from flux_tui.engine.change import StateChange
    from flux_tui.engine.simulation import ForecastDay
    from flux_tui.engine.stats import Calendar, Comparison, ExerciseRecords, TrendPoint, WeeklyVolume
    from flux_tui.engine.history import LoggedSet, SessionRecord
    from flux_tui.records import ImportCounts, SessionRow
    from flux_tui.store.outbox import Outbox

UNITS = ("kg", "lb")
WEEKS_SHOWN = 16  # weeks of the weekly-sets plot
LAST_SETS_LOOKED_AT = 30  # an exercise's newest sets searched for one at the slot's rep range (a few sessions)


DATA_DIR = Path(__file__).parent / "data"


def default_brain_text() -> str:
    return (DATA_DIR / "brain.yaml").read_text(encoding="utf-8")


def catalog_text() -> str:
    return (DATA_DIR / "catalog.yaml").read_text(encoding="utf-8")


# Sources whose sessions carry no archetype of their own: the import classifies them.
CLASSIFIED_SOURCES = frozenset({"strong", "hevy", "fitnotes"})


def load_shipped_catalog() -> Catalog:
    from flux_tui.brain.validate import load_catalog_text

    return load_catalog_text(catalog_text(), "catalog.yaml")


class FinishedSession(NamedTuple):
    """What finishing a session did: the session as stored, the state around it, the next plan."""

    session: SessionRecord
    before: State
    after: State
    change: StateChange
    next_plan: Plan


class RebuildResult(NamedTuple):
    """The state folded over the whole history, and whether it equals the stored one."""

    state: State
    matched: bool


class CustomCount(NamedTuple):
    """One of the user's own exercises and its live sets (the mapping screen's row)."""

    id: str
    name: str
    pattern: str
    sets: int


class ExerciseMapping(NamedTuple):
    """One exercise mapped: to a pattern (it keeps its name), or merged `into` a catalog exercise."""

    exercise_id: str
    pattern: str | None = None
    into: str | None = None


@dataclass(frozen=True)
class Today:
    """What the Today screen shows, read in one call (also while Textual starts: see ui/opening.py)."""

    plan: Plan
    caps: dict[str, float]  # pattern -> debt cap
    unit: str
    last: SessionRow | None
    active_id: str | None
    pending: int | None  # outbox entries; None when sync is not configured


class Training:
    def __init__(self, store: Store, default_unit: str = "kg") -> None:
        self._store = store
        self.default_unit = default_unit  # the settings file's unit, until one is chosen in the app
        self._brain: Brain | None = None
        self._catalog: Catalog | None = None
        self._state: State | None = None
        self._data_version: int | None = None
        self._history_mark: int | None = None  # the history version the state was read at
        # Called after each change the user makes (a set logged, deleted or restored, a session
        # finished, abandoned or noted), on the thread that made it: the app syncs soon after.
        self.on_change: Callable[[], None] | None = None

    @classmethod
    def open(cls, path: Path, seed_if_empty: bool = True, default_unit: str = "kg") -> "Training":
        training = cls(Store.open(path), default_unit)
        try:
            if seed_if_empty and not training.seeded():
                training.seed()
        except BaseException:
            training.close()  # else the connection lingers until garbage collection closes it
            raise
        return training

    def close(self) -> None:
        self._store.close()

    @property
    def path(self) -> Path:
        """The store's file."""
        return self._store.path

    @property
    def outbox(self) -> Outbox:
        """The store's sync side, for flux_tui.remote (the only layer that may use it)."""
        return self._store.outbox

    def seeded(self) -> bool:
        return self._store.configs.exists()

    # --- what the engine needs, read once (again when another process committed) ----------

    def _load(self) -> None:
        derived = self._store.derived
        brain, catalog, state = derived.inputs()
        if state is None:  # stored by an older FLUX: fold the history again and store it, once
            with self._store.transaction() as conn:
                state = derived.rebuild(conn)
        mark = derived.mark()
        if not mark.clean:
            # The history changed without the state being derived (a store just migrated, a Brain
            # that could not be read then): show the fold of the history, not the stale state.
            from flux_tui.engine.fold import rebuild_state

            state = rebuild_state(brain, catalog, self._store.sessions.fold_input())
        self._brain, self._state, self._catalog = brain, state, catalog
        self._history_mark = mark.history_version

    def changed_elsewhere(self) -> bool:
        """Whether another process committed since this one last read (what Today shows may be old)."""
        return self._store.db.data_version() != self._data_version

    def _fresh(self) -> None:
        """Forget what was read when another process (another app, a command) has committed since."""
        version = self._store.db.data_version()
        if version != self._data_version:
            self._data_version = version
            self._forget()

    def _inputs(self) -> tuple[Brain, Catalog, State]:
        """The Brain, catalog and state (read, and forgotten, together), as of the latest commit."""
        self._fresh()
        if self._brain is None:
            self._load()
        return self._brain, self._catalog, self._state

    @property
    def brain(self) -> Brain:
        return self._inputs()[0]

    @property
    def catalog(self) -> Catalog:
        return self._inputs()[1]

    @property
    def state(self) -> State:
        return self._inputs()[2]

    def _forget(self) -> None:
        self._brain = self._catalog = self._state = None

    # --- seeding ----------------------------------------------------------------

    def seed(self, brain_text: str | None = None, filename: str = "brain.yaml") -> bool:
        """Validate the Brain, then store it with the catalog and the state derived over the
        stored history, in one transaction: a Brain refused changes nothing. Returns whether
        anything changed (seeding twice changes nothing)."""
        from flux_tui.brain.models import brain_to_dict
        from flux_tui.engine.state import initial_state

        shipped = load_shipped_catalog()
        brain = self.check_brain(brain_text if brain_text is not None else default_brain_text(), filename, shipped)
        sections = brain_to_dict(brain)
        version = sections.pop("version")
        changed = self._store.seed(_catalog_rows(shipped), version, sections, state_to_dict(initial_state(brain)))
        self._forget()
        return changed

    def check_brain(self, text: str, filename: str, shipped: Catalog | None = None) -> Brain:
        """The Brain in `text`, validated against the shipped catalog and the user's own exercises
        (BrainInvalid naming file:line:col otherwise); writes nothing."""
        from flux_tui.brain.validate import load_brain_text

        shipped = shipped if shipped is not None else load_shipped_catalog()
        catalog = {**shipped, **catalog_from_list([e for e in self._store.exercises.all() if e["is_custom"]])}
        return load_brain_text(text, filename, catalog)

    # --- the day's plan and the session ----------------------------------------

    def plan(self, now: datetime | None = None, readiness: int | None = None) -> Plan:
        return recommend(*self._inputs(), now or utc_now(), readiness=readiness)

    def today(self, now: datetime | None = None, sync_configured: bool = False) -> Today:
        """Today's plan, the debt caps, the unit, the last session, the session left active, changes pending."""
        active = self.active_session()
        last = self._store.history.last_completed()
        if last is not None:
            last = self._counting_bodyweight([last])[0]
        return Today(
            plan=self.plan(now), caps={p: t.cap for p, t in self.brain.logic.patterns.items()}, unit=self.unit(),
            last=last, active_id=active[0].id if active else None,
            pending=self.pending_changes() if sync_configured else None)

    def forecast(self, days: int, now: datetime | None = None, readiness: int | None = None,
                 brain_text: str | None = None, filename: str = "brain.yaml") -> tuple[ForecastDay, ...]:
        """The next `days` days, a session each at the time of day of `now`, each done as prescribed.

        With `brain_text`, under that Brain instead (checked against this store's catalog; its state
        is folded from this store's history): nothing is stored either way.
        """
        from flux_tui.engine.simulation import daily, forecast

        brain, state = self.brain, self.state
        if brain_text is not None:
            from flux_tui.brain.validate import load_brain_text
            from flux_tui.engine.fold import rebuild_state

            brain = load_brain_text(brain_text, filename, self.catalog)
            state = rebuild_state(brain, self.catalog, self._store.sessions.completed())
        # In the local zone: each day's `date` is the one the user lives (its `at` keeps the offset).
        return forecast(brain, self.catalog, state, daily((now or utc_now()).astimezone(), days), readiness)

    def start_session(self, plan: Plan, now: datetime | None = None) -> str:
        return self._store.sessions.start(plan.archetype, plan.anchor_pattern, plan.to_dict(), now or utc_now())

    def log_set(self, session_id: str, exercise_id: str, **values: Any) -> tuple[LoggedSet, list[str]]:
        """Commit the set, then tell which records it beats (the store write comes first)."""
        from flux_tui.engine.records import detect_prs

        if exercise_id not in self.catalog:
            raise StoreRefused(f"unknown exercise '{exercise_id}'")
        logged = self._store.sessions.log_set(session_id, exercise_id, **values)
        self._changed()
        return logged, detect_prs(self.state, self.catalog, logged)

    def finish_session(self, session_id: str, now: datetime | None = None) -> FinishedSession:
        """Complete the session; the store folds it into the state in the same transaction."""
        from flux_tui.engine.change import describe_change

        completed, before, after = self._store.sessions.finish(session_id, now or utc_now())
        self._changed()
        # `after` is what the transaction stored. The Brain and catalog stay: reading them again
        # would cost the next set's commit ~4 ms (its p99 is measured against 5 ms).
        self._fresh()
        if self._brain is not None:
            self._state, self._history_mark = after, self._store.derived.history_version()
        return FinishedSession(
            session=completed, before=before, after=after,
            change=describe_change(self.brain, before, after), next_plan=self.plan(now),
        )

    def abandon_session(self, session_id: str, now: datetime | None = None) -> None:
        self._store.sessions.abandon(session_id, now or utc_now())
        self._changed()

    def active_session(self) -> tuple[SessionRecord, Plan] | None:
        """The session left active (a crash, a closed terminal) with its sets and its plan: as started,
        with the changes made since (`save_session_plan`)."""
        from flux_tui.engine.plan import plan_from_dict

        found = self._store.sessions.active()
        if found is None:
            return None
        record, plan = found
        return record, plan_from_dict(
            plan or {"archetype": record.archetype, "anchor_pattern": record.anchor_pattern, "slots": []})

    def save_session_plan(self, session_id: str, plan: Plan) -> None:
        """Store the session's plan as it now stands (a swap, an added exercise or set, a skip), so a
        restart shows those too, before any set of them is logged."""
        self._store.sessions.set_plan(session_id, plan.to_dict())

    def delete_set(self, set_id: str) -> None:
        """Soft-delete a set; a set of a completed session changes the state, derived in the same commit."""
        self._store.sessions.delete_set(set_id)
        self._forget()
        self._changed()

    def restore_set(self, set_id: str) -> None:
        """Undo `delete_set`."""
        self._store.sessions.undelete_set(set_id)
        self._forget()
        self._changed()

    def set_notes(self, session_id: str, notes: str) -> None:
        self._store.sessions.set_notes(session_id, notes)
        self._changed()

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    def set_title(self, session_id: str, title: str) -> None:
        self._store.sessions.set_title(session_id, title)

    def set_exercise_note(self, session_id: str, exercise_id: str, note: str) -> None:
        self._store.sessions.set_exercise_note(session_id, exercise_id, note)

    def last_exercise_notes(self, exercise_ids: Iterable[str], session_id: str) -> dict[str, str]:
        """The note each exercise had last time (the newest other session with one): shown in the form."""
        return self._store.history.last_exercise_notes(list(exercise_ids), session_id)

    def last_sets(self, exercise_ids: Iterable[str],
                  rep_ranges: Mapping[str, tuple[int, int] | None] | None = None) -> dict[str, LoggedSet]:
        """The most recent working set of each exercise (for prefilling the set form); with a rep range
        for an exercise, its most recent working set within that range (none: not found)."""
        found = {}
        ranges = rep_ranges or {}
        for exercise_id in dict.fromkeys(exercise_ids):
            wanted = ranges.get(exercise_id)
            for _, logged in self._store.history.exercise_sets(exercise_id, LAST_SETS_LOOKED_AT):
                if logged.is_warmup:
                    continue
                if wanted is None or (logged.reps is not None and wanted[0] <= logged.reps <= wanted[1]):
                    found[exercise_id] = logged
                    break
        return found

    # --- settings kept in the store -----------------------------------------------

    def unit(self) -> str:
        """The unit weights are shown and typed in ('kg' or 'lb'); the store always keeps kilograms.
        Chosen in the app or with `flux-tui unit`; until then the settings file's."""
        return self._store.settings.weight_unit() or self.default_unit

    def set_unit(self, unit: str) -> None:
        if unit not in UNITS:
            raise StoreRefused(f"unknown unit '{unit}' (kg or lb)")
        self._store.settings.set("unit", unit)

    def remembered_rests(self) -> dict[str, int]:
        """Exercise -> the rest (seconds) a session's timer last set for it, on any synced device."""
        return self._store.rests.remembered()

    def remember_rest(self, exercise_id: str, seconds: int) -> None:
        """The rest a session changed for this exercise (timer +/-): its rest from now on, synced."""
        self._store.rests.remember(exercise_id, seconds)

    def pending_changes(self) -> int:
        """Changes waiting in the outbox for the next sync."""
        return self._store.outbox.size()

    # --- rows the server refused (`flux-tui refused`; docs/sync.md) ----------------------

    def refused_rows(self) -> list[dict[str, Any]]:
        return self._store.outbox.refused()

    def refused_row(self, ref: str) -> dict[str, Any]:
        """One refused row (by id, a start of it, or table/id) with its values as stored."""
        return self._store.outbox.find_refused(ref)

    def fix_refused(self, ref: str, values: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """Correct a refused row with `values` (none: as it is) and send it again at the next sync, if the
        whole row is now within the server's bounds. Returns (the row's entry, the problems left)."""
        from flux_tui.store.bounds import problems

        entry = self.refused_row(ref)
        if values:
            self._store.outbox.edit_refused(entry["table"], entry["id"], values)
            self._forget()
            return entry, []
        left = problems(entry["table"], entry["row"])
        if not left:
            self._store.outbox.retry_refused([(entry["table"], entry["id"])])
        return entry, left

    def drop_refused(self, ref: str) -> tuple[dict[str, Any], int]:
        entry = self.refused_row(ref)
        deleted = self._store.outbox.drop_refused(entry["table"], entry["id"])
        self._forget()
        return entry, deleted

    # --- history ----------------------------------------------------------------------

    def history_count(self) -> int:
        """Completed and abandoned sessions (index-only: ~0.1 ms at 100k sets, ~2.5 ms at 1M)."""
        return self._store.history.count_sessions()

    def history_page(self, offset: int, limit: int, total: int | None = None) -> list[SessionRow]:
        """A page of the history list, newest first (~1-3 ms at any offset of a million-set history)."""
        return self._counting_bodyweight(self._store.history.sessions(limit, offset, total=total))

    def history_rows(self, session_ids: Iterable[str]) -> list[SessionRow]:
        """These sessions as history rows, in the order given."""
        return self._counting_bodyweight(self._store.history.sessions_by_ids(list(session_ids)))

    def _counting_bodyweight(self, rows: list[SessionRow]) -> list[SessionRow]:
        """The rows with the volume of their bodyweight exercises' sets at the bodyweight of each set's
        time: the store tallies Σ weight × reps in SQL (its tally table stays a plain function of the
        sets, so a weighing logged later changes nothing stored), the engine adds the bodyweight's
        share from these rows' bodyweight sets (one query for the page)."""
        from dataclasses import replace

        from flux_tui.engine.bodyweight import bodyweight_share

        loads = self.loads()
        if not rows or not loads.log:
            return rows
        sets = self._store.history.working_sets_of([r.id for r in rows], sorted(loads.bodyweight_ids))
        return [replace(r, volume_kg=r.volume_kg + bodyweight_share(sets[r.id], loads)) if r.id in sets else r
                for r in rows]

    def sessions_with(self, exercise_id: str) -> list[str]:
        """Ids of the history's sessions holding this exercise, newest first. One pass over the
        exercise's sets (~8 ms at 100k, ~60 ms at 1M) on a read-only connection of its own."""
        with self._store.db.reader() as db:
            return HistoryViews(db).session_ids_with(exercise_id)

    def recent_sessions(self, limit: int) -> list[SessionRow]:
        """The newest sessions (completed and abandoned), for `flux-tui history`."""
        return self._counting_bodyweight(self._store.history.sessions_page(limit=limit))

    def session(self, session_id: str) -> SessionRecord | None:
        """One session with its live sets."""
        return self._store.sessions.get(session_id)

    def all_sessions(self) -> Iterator[SessionRecord]:
        """Every live session of any status with its sets, oldest first (export)."""
        return self._store.sessions.all()

    def exercise_set_count(self, exercise_id: str) -> int:
        return self._store.history.count_exercise_sets(exercise_id)

    def exercise_sets(self, exercise_id: str, offset: int, limit: int,
                      total: int | None = None) -> list[tuple[datetime, LoggedSet]]:
        """A page of one exercise's sets, newest first, each with its session's start."""
        return self._store.history.exercise_sets(exercise_id, limit, offset, total=total)

    def e1rm_series(self, exercise_id: str) -> list[tuple[datetime, float]]:
        """(session start, best e1RM kg) per completed session with a loaded working set, oldest first
        (~3 ms at 100k sets, ~80 ms at 1M, on a read-only connection of its own). A bodyweight exercise's
        load is the bodyweight logged by each set's time plus the weight added (engine/bodyweight.py)."""
        return [(p.started_at, p.e1rm) for p in self.exercise_trend(exercise_id)]

    def exercise_trend(self, exercise_id: str, since: date | None = None) -> list[TrendPoint]:
        """Per completed session with a loaded working set of this exercise, oldest first (from the
        local date `since`, or all): the best e1RM and the top set (on a read-only connection of its
        own). A bodyweight exercise's load is the bodyweight logged by each set's time plus the weight
        added: its sets are read one by one, not the heaviest per rep count."""
        from flux_tui.engine.stats import exercise_trend

        loads = self.loads()
        start = _window_start(since) if since is not None else None
        with self._store.db.reader() as db:
            if loads.counts_bodyweight(exercise_id):
                working = [(session_id, started_at, loads.load(s), s.reps)
                           for session_id, started_at, s in stats_views(db).working_sets(exercise_id, start)
                           if loads.load(s)]
            else:
                working = HistoryViews(db).exercise_working_sets(exercise_id, start)
        points = exercise_trend(working)
        return [p for p in points if since is None or p.started_at.date() >= since]

    def weekly_pattern_sets(self, weeks: int = WEEKS_SHOWN) -> tuple[list[str], dict[tuple[str, str], int]]:
        """The Mondays (local, YYYY-MM-DD) of the `weeks` weeks ending with the newest session's, and the
        hard sets per (week, pattern) in them; ([], {}) with no history."""
        from flux_tui.engine.stats import first_day, weekly_volume
        from flux_tui.timefmt import local_start

        latest = self._store.history.sessions(1)
        if not latest:
            return [], {}
        last_day = local_start(latest[0]).date()
        with self._store.db.reader() as db:
            sessions = stats_views(db).session_tallies(_window_start(first_day(last_day, weeks)))
        volume = weekly_volume(sessions, self.catalog, self.brain, last_day, weeks)
        return [w.isoformat() for w in volume.weeks], {
            (w.isoformat(), pattern): int(n) for pattern, counts in volume.patterns.items()
            for w, n in zip(volume.weeks, counts) if n}

    # --- statistics (engine/stats.py over store/stats.py) ------------------------------------

    def calendar(self, today: date | None = None, weeks: int | None = None) -> Calendar:
        """Hard sets and sessions per local day, over the weeks ending with today's."""
        from flux_tui.engine.stats import CALENDAR_WEEKS, calendar, first_day

        today, weeks = today or local_today(), weeks or CALENDAR_WEEKS
        with self._store.db.reader() as db:
            sessions = stats_views(db).session_tallies(_window_start(first_day(today, weeks)))
        return calendar(sessions, self.catalog, today, weeks)

    def weekly_volume(self, today: date | None = None, weeks: int | None = None) -> WeeklyVolume:
        """Hard sets per pattern and muscle per local week, with the Brain's weekly targets."""
        from flux_tui.engine.stats import VOLUME_WEEKS, first_day, weekly_volume

        today, weeks = today or local_today(), weeks or VOLUME_WEEKS
        with self._store.db.reader() as db:
            sessions = stats_views(db).session_tallies(_window_start(first_day(today, weeks)))
        return weekly_volume(sessions, self.catalog, self.brain, today, weeks)

    def records(self) -> dict[str, ExerciseRecords]:
        """Every exercise's records (best e1RM, heaviest load at 1-12 reps, best session volume), dated;
        a bodyweight exercise's count the bodyweight at each set's time."""
        from flux_tui.engine.stats import bests_of_sets, records

        loads = self.loads()
        with self._store.db.reader() as db:
            views = stats_views(db)
            plain = [e for e in views.exercises_done() if not loads.counts_bodyweight(e)]
            load_bests, volume_bests = views.load_bests(plain), views.volume_bests(plain)
            # A bodyweight exercise's heaviest set depends on the bodyweight when each was logged, which no
            # index orders: its working sets are read and ranked by the engine (their count, not the history's).
            for exercise_id in sorted(loads.bodyweight_ids) if loads.log else ():
                bests, volume = bests_of_sets(exercise_id, views.working_sets(exercise_id), loads)
                load_bests += bests
                volume_bests += [volume] if volume is not None else []
        return records(load_bests, volume_bests)

    def exercises_with_records(self) -> list[str]:
        """Ids of the exercises that have records (a loaded working set; a bodyweight exercise's counts
        the bodyweight once one is logged), by name."""
        loads = self.loads()
        with self._store.db.reader() as db:
            views = stats_views(db)
            done = set(views.exercises_done())
            if loads.log:
                done |= set(views.exercises_with_reps(sorted(loads.bodyweight_ids)))
        catalog = self.catalog
        return sorted(done, key=lambda e: (catalog[e].name if e in catalog else e).casefold())

    def compare(self, exercise_id: str, session_id: str | None = None) -> Comparison | None:
        """The exercise in a session (its newest completed one by default) beside the previous time it
        was done; None when it was never done in a completed session."""
        from flux_tui.engine.stats import compare, session_side

        with self._store.db.reader() as db:
            views = stats_views(db)
            found = (views.exercise_sessions(exercise_id, 1) if session_id is None
                     else views.exercise_in_session(exercise_id, session_id))
            if not found:
                return None
            previous = views.exercise_sessions(exercise_id, 1, before=found[0][0])
        loads = self.loads()
        return compare(exercise_id, session_side(*found[0], loads),
                       session_side(*previous[0], loads) if previous else None)

    def prior_best_e1rm(self, exercise_ids: Iterable[str], before: datetime) -> dict[str, float]:
        """Each exercise's best e1RM (kg) from working sets logged before `before` (those with any); a
        bodyweight exercise's at the bodyweight of each set's time."""
        from flux_tui.engine.records import e1rm

        loads = self.loads()
        best: dict[str, float] = {}
        with self._store.db.reader() as db:
            views = HistoryViews(db)
            for exercise_id in dict.fromkeys(exercise_ids):
                if loads.counts_bodyweight(exercise_id):
                    estimates = [loads.e1rm(s) for _, _, s in stats_views(db).working_sets(exercise_id, before=before)]
                    known = [e for e in estimates if e is not None]
                else:
                    known = [e1rm(weight, reps) for weight, reps in views.prior_working_sets(exercise_id, before)]
                if known:
                    best[exercise_id] = max(known)
        return best

    # --- the bodyweight log ----------------------------------------------------------

    def log_bodyweight(self, kg: float, when: datetime | None = None) -> Weighing:
        """Commit one weighing (kg, at `when` or now); its day is the local day where it was taken. Out of
        limits.py's bounds: OutOfBounds (a StoreRefused) naming them, nothing stored."""
        return self._store.bodyweights.log(kg, when or utc_now())

    def bodyweight_series(self) -> list[Weighing]:
        """Every weighing, oldest first (each with `.local_day`, the day it was taken where it was)."""
        return self._store.bodyweights.series()

    def loads(self) -> Loads:
        """What each set moves for e1RM and volume (engine/bodyweight.py): the bodyweight log and which
        exercises move the lifter (load_type bodyweight, counted in reps: a hold has no volume or e1RM
        to add it to, and its sets need not be read). Read afresh each time: a weighing logged since
        counts at once, for past sets too (docs/brain.md, "Bodyweight")."""
        from flux_tui.engine.bodyweight import BODYWEIGHT_LOAD, BodyweightLog, Loads

        return Loads((e.id for e in self.catalog.values()
                      if e.load_type == BODYWEIGHT_LOAD and e.tracking in ("reps", "weight_reps")),
                     BodyweightLog(self.bodyweight_series()))

    def delete_bodyweight(self, weighing_id: str) -> bool:
        return self._store.bodyweights.delete(weighing_id)

    # --- the catalog -----------------------------------------------------------------

    def exercises(self) -> list[dict[str, Any]]:
        """Every live exercise in the store as a plain dict (`is_custom` for the user's own)."""
        return self._store.exercises.all()

    def create_exercise(self, name: str, pattern: str, tracking: str, load_type: str, increment: float) -> Exercise:
        """The user's own exercise, stored (and queued for sync) and usable at once: a custom_ id of its
        own; a name the catalog already has is refused (pick that one instead)."""
        import typing
        import uuid

        from flux_tui.brain.models import ExercisePattern, LoadType, Tracking

        name = " ".join(name.split())
        if not name:
            raise StoreRefused("a new exercise needs a name")
        if find_exercise(self.catalog, name) is not None:
            raise StoreRefused(f"'{name}' is already in the catalog")
        for what, value, allowed in (("pattern", pattern, typing.get_args(ExercisePattern)),
                                     ("tracking", tracking, typing.get_args(Tracking)),
                                     ("load type", load_type, typing.get_args(LoadType))):
            flat = {a for arg in allowed for a in (typing.get_args(arg) or (arg,))}
            if value not in flat:
                raise StoreRefused(f"unknown {what} '{value}'")
        exercise_id = "custom_" + uuid.uuid4().hex
        self._store.exercises.add_custom([{"id": exercise_id, "name": name, "pattern": pattern, "tracking": tracking,
                                           "load_type": load_type, "increment": increment}])
        self._forget()
        return self.catalog[exercise_id]

    def assign_pattern(self, exercise_id: str, pattern: str) -> None:
        """Give the user's own exercise a movement pattern; the store derives the state again with it."""
        self._store.exercises.assign_pattern(exercise_id, pattern)
        self._forget()

    def unmapped(self, all_custom: bool = False) -> list[CustomCount]:
        """The user's own exercises with no pattern (`all_custom`: every one not merged), each with
        its live sets, most sets first: what the mapping screen and `flux-tui exercises map` list."""
        return [CustomCount(*row) for row in self._store.exercises.custom_set_counts(unassigned_only=not all_custom)]

    def check_mapping(self, exercise_id: str, pattern: str | None = None, into: str | None = None) -> str | None:
        """What is wrong with mapping this exercise (a pattern, or a catalog exercise to merge
        into), in a sentence; None when it can be applied."""
        exercise = self.catalog.get(exercise_id)
        if exercise is None or not exercise.is_custom:
            return f"'{exercise_id}' is not one of your own exercises (or it was merged already)"
        if (pattern is None) == (into is None):
            return "map to either a pattern or an exercise"
        if pattern is not None:
            return None if pattern in ASSIGNABLE_PATTERNS else \
                f"unknown pattern '{pattern}' (one of: {', '.join(ASSIGNABLE_PATTERNS)})"
        target = self.catalog.get(into)
        if target is None or target.is_custom:
            return f"no catalog exercise '{into}' (see `flux-tui exercises list`)"
        brain = self.brain
        if exercise_id in {e for ids in brain.selections.values() for e in ids} | \
                {p.exercise for p in brain.conditioning.values()}:
            return f"the Brain names '{exercise.name}' in its selections; change the Brain before merging it"
        return None

    def apply_mappings(self, mappings: Iterable[ExerciseMapping]) -> None:
        """Give each exercise its pattern or merge it into its catalog exercise, all in one
        transaction (the state is derived once, over the whole history, before it commits);
        StoreRefused naming the first mapping that cannot be applied, and nothing changes."""
        mappings = list(mappings)
        for mapping in mappings:
            problem = self.check_mapping(*mapping)
            if problem is not None:
                raise StoreRefused(problem)
        try:
            with self._store.transaction():
                for exercise_id, pattern, into in mappings:
                    if into is not None:
                        self._store.exercises.merge(exercise_id, into)
                    else:
                        self._store.exercises.assign_pattern(exercise_id, pattern)
        finally:
            self._forget()

    # --- history-wide operations ------------------------------------------------

    def rebuild(self, save: bool = False) -> RebuildResult:
        """Fold the engine over every completed session; report whether it matches the stored state.

        The store derives the state with every write, so a difference means the file was changed
        by something else (or damaged); `save` stores the rebuilt one.
        """
        from flux_tui.engine.fold import rebuild_state

        with self._store.db.snapshot():  # the stored state and the history as of one commit
            brain, catalog, stored = self._store.derived.inputs()
            history = list(self._store.sessions.fold_input())
        rebuilt = rebuild_state(brain, catalog, history)
        matched = stored is not None and state_to_dict(rebuilt) == state_to_dict(stored)
        if save and not matched:
            with self._store.db.transaction() as conn:
                self._store.derived.rebuild(conn)
            self._forget()
        return RebuildResult(rebuilt, matched)

    def refold(self) -> bool:
        """Sessions arrived from another device (sync): the store derived the state in the pull's
        transaction; forget what was read and tell whether the history changed since it was."""
        before = self._history_mark
        self._forget()
        self._load()
        return before is None or self._history_mark != before

    def import_sessions(self, sessions: Iterable[SessionRecord], custom_exercises: Iterable[Mapping[str, Any]] = (),
                        source: str = "flux", brain: tuple[str, str] | None = None) -> ImportCounts:
        """Add what is new; the store derives the state over the whole history in the same transaction.

        `brain`: (YAML text, file name) of a Brain that comes with the history (a FLUX JSON file),
        seeded in that same transaction: the file goes in whole or not at all.
        """
        custom_exercises, sessions = self._with_final_custom_ids(list(custom_exercises), list(sessions))
        if source in CLASSIFIED_SOURCES:
            sessions = self._classified(sessions, custom_exercises)
        unknown = sorted({s.exercise_id for record in sessions for s in record.sets}
                         - set(self.catalog) - {e["id"] for e in custom_exercises})
        if unknown:
            raise StoreRefused(f"unknown exercise id(s): {', '.join(unknown)}; nothing was imported")
        with self._store.transaction():
            if brain is not None:
                self.seed(*brain)
            counts = self._store.bulk.import_sessions(sessions, custom_exercises, source)
        self._forget()
        return counts

    def _classified(self, sessions: list[SessionRecord], customs: list[dict[str, Any]]) -> list[SessionRecord]:
        """Other apps' sessions have no archetype: each gets one from its own sets by the Brain's rule
        (engine/classify.py, docs/brain.md "Imported sessions"); the file's own exercises count by the
        pattern their name gave them."""
        from flux_tui.engine.classify import classify_session

        brain = self.brain
        catalog = {**self.catalog, **catalog_from_list(customs)} if customs else self.catalog
        return [record._replace(**classify_session(brain, catalog, record.sets)._asdict()) for record in sessions]

    def rollback_unfinished(self) -> None:
        """After an interrupt: roll back a write it left open, so what is read next was committed."""
        self._store.db.rollback_unfinished()

    def history_version(self) -> int:
        """Moves with every committed change to what the state is a fold of (to tell whether a write landed)."""
        return self._store.derived.history_version()

    def _with_final_custom_ids(self, customs: list[Mapping[str, Any]], sessions: list[SessionRecord]
                               ) -> tuple[list[dict[str, Any]], list[SessionRecord]]:
        """Give importers' provisional custom ids (`custom_<slug>`) their store-wide form.

        The server needs `custom_` + 32 hex digits, unique across users: derive it
        from this store's namespace, so the same file imported again maps the same.
        """
        renamed = {e["id"]: final_custom_id(self._store.settings.custom_namespace(), e["id"]) for e in customs}
        renamed = {old: new for old, new in renamed.items() if old != new}
        if not renamed:
            return [dict(e) for e in customs], sessions
        customs = [{**e, "id": renamed.get(e["id"], e["id"])} for e in customs]
        sessions = [
            record._replace(
                sets=tuple(s._replace(exercise_id=renamed[s.exercise_id]) if s.exercise_id in renamed else s
                           for s in record.sets),
                exercise_notes={renamed.get(ex, ex): note for ex, note in record.exercise_notes.items()},
            )
            for record in sessions
        ]
        return customs, sessions

    def reset(self) -> Path:
        """The clean slate: history, configs, catalog, the outbox, and the sync cursors (the next
        sync starts over and pulls the account's rows again). Returns the copy of the store kept first."""
        kept = self._store.bulk.reset()
        self._store.settings.forget_sync_state()
        self._forget()
        return kept

    def integrity_check(self) -> str:
        """SQLite's own verdict on the file ('ok' when sound)."""
        return self._store.db.integrity_check()


def stats_views(db: Any) -> Any:
    """The statistics' queries on `db` (a reader); imported here, off the start-up path."""
    from flux_tui.store.stats import StatsViews

    return StatsViews(db)


def _window_start(first: date) -> datetime:
    """A UTC moment before every session whose local date is `first` or later (local dates run up to
    18 h ahead of UTC: a day earlier covers them; the engine keeps the window by local date)."""
    return datetime.combine(first - timedelta(days=1), time(), tzinfo=timezone.utc)


def list_backups(path: Path) -> list[Path]:
    """The automatic backups of the store at `path`, oldest first."""
    from flux_tui.store import db

    return db.list_backups(path)


def restore_backup(source: Path, path: Path) -> Path | None:
    """Replace the store at `path` with the backup `source`; returns the copy kept of the replaced store."""
    from flux_tui.store import db

    return db.restore_backup(source, path)


def _catalog_rows(catalog: Catalog) -> list[dict[str, Any]]:
    return [
        {"id": e.id, "name": e.name, "pattern": e.pattern, "modality": e.modality, "tracking": e.tracking,
         "load_type": e.load_type, "increment": e.increment, "aliases": list(e.aliases),
         "primary_muscles": list(e.primary_muscles), "secondary_muscles": list(e.secondary_muscles), "ratio": e.ratio}
        for e in catalog.values()
    ]


CUSTOM_ID = re.compile(r"custom_[0-9a-f]{32}")


def final_custom_id(namespace: str, provisional: str) -> str:
    """`custom_` + 32 hex digits; an id already in that form is kept."""
    if CUSTOM_ID.fullmatch(provisional):
        return provisional
    import uuid

    return "custom_" + uuid.uuid5(uuid.UUID(namespace), provisional).hex


def find_exercise(catalog: Catalog, name: str) -> str | None:
    """The id of the exercise called `name` (its id, its name or one of its aliases, any case)."""
    wanted = name.strip().casefold()
    if wanted in catalog:
        return wanted
    for exercise in catalog.values():
        if exercise.name.casefold() == wanted or any(alias.casefold() == wanted for alias in exercise.aliases):
            return exercise.id
    return None

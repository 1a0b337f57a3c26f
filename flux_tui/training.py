"""Where the shell meets the core: the store's rows in, the engine's answers out.

The CLI and the screens both go through `Training`, so a rule is never applied
in two places. The engine stays pure; this class does the I/O around it.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, NamedTuple

from flux_tui.brain.models import Brain, Catalog, brain_from_dict, catalog_from_list
# What `flux-tui plan` needs, and no more: the fold, the records and the change summary are
# imported by the methods that use them (each engine module creates frozen dataclasses, ~0.5 ms
# apiece on Python 3.11, and `plan` is measured against `--help`).
from flux_tui.engine.plan import Plan, recommend
from flux_tui.engine.state import State, initial_state, state_from_dict, state_to_dict
from flux_tui.store import Store, StoreError
from flux_tui.store.timefmt import utc_now

if TYPE_CHECKING:
    from flux_tui.engine.change import StateChange
    from flux_tui.engine.history import LoggedSet, SessionRecord
    from flux_tui.store import ImportCounts


DATA_DIR = Path(__file__).parent / "data"


def default_brain_text() -> str:
    return (DATA_DIR / "brain.yaml").read_text(encoding="utf-8")


def catalog_text() -> str:
    return (DATA_DIR / "catalog.yaml").read_text(encoding="utf-8")


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


class NotSeeded(StoreError):
    pass


class Training:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._brain: Brain | None = None
        self._catalog: Catalog | None = None
        self._state: State | None = None

    @classmethod
    def open(cls, path: Path, seed_if_empty: bool = True) -> "Training":
        training = cls(Store.open(path))
        try:
            if seed_if_empty and training.store.load_config() is None:
                training.seed()
        except BaseException:
            training.close()  # else the connection lingers until garbage collection closes it
            raise
        return training

    def close(self) -> None:
        self.store.close()

    # --- what the engine needs, read once ------------------------------------

    def _load(self) -> None:
        config = self.store.load_config()
        if config is None:
            raise NotSeeded(f"{self.store.path}: no Brain stored yet; run `flux-tui seed`")
        try:
            brain = brain_from_dict({"version": config.brain_version, **config.sections})
            state = state_from_dict(config.state)
            catalog = catalog_from_list(self.store.exercises())
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreError(f"{self.store.path}: the stored Brain or state is damaged ({type(exc).__name__}: {exc});"
                             " run `flux-tui seed` to store a valid Brain again, or `flux-tui restore`") from exc
        # Start-up does not re-validate the Brain (pydantic is too slow for that path), so check the
        # references the engine follows blindly: a damaged row must not surface as a KeyError later.
        missing = sorted({e for ids in brain.selections.values() for e in ids} - set(catalog)
                         | {p.exercise for p in brain.conditioning.values()} - set(catalog))
        if missing:
            raise StoreError(f"{self.store.path}: the stored Brain names exercises the store does not have"
                             f" ({', '.join(missing)}); run `flux-tui seed` to store a valid Brain again")
        self._brain, self._state, self._catalog = brain, state, catalog

    @property
    def brain(self) -> Brain:
        if self._brain is None:
            self._load()
        return self._brain

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._load()
        return self._catalog

    @property
    def state(self) -> State:
        if self._state is None:
            self._load()
        return self._state

    def _forget(self) -> None:
        self._brain = self._catalog = self._state = None

    # --- seeding ----------------------------------------------------------------

    def seed(self, brain_text: str | None = None, filename: str = "brain.yaml") -> bool:
        """Validate and store the Brain and the catalog; returns whether anything changed.

        The state is rebuilt over the stored history with the (possibly new)
        Brain, so seeding twice changes nothing.
        """
        from flux_tui.brain.models import brain_to_dict
        from flux_tui.brain.validate import load_brain_text
        from flux_tui.engine.fold import rebuild_state

        shipped = load_shipped_catalog()
        changed = self.store.upsert_catalog(_catalog_rows(shipped)) > 0
        catalog = catalog_from_list(self.store.exercises())
        brain = load_brain_text(brain_text if brain_text is not None else default_brain_text(), filename, catalog)
        state = rebuild_state(brain, catalog, self.store.completed_sessions())
        sections = brain_to_dict(brain)
        version = sections.pop("version")
        changed = self.store.save_config(version, sections, state_to_dict(state)) or changed
        self._forget()
        return changed

    # --- the day's plan and the session ----------------------------------------

    def plan(self, now: datetime | None = None, readiness: int | None = None) -> Plan:
        return recommend(self.brain, self.catalog, self.state, now or utc_now(), readiness=readiness)

    def start_session(self, plan: Plan, now: datetime | None = None) -> str:
        return self.store.start_session(plan.archetype, plan.anchor_pattern, plan.to_dict(), now or utc_now())

    def log_set(self, session_id: str, exercise_id: str, **values: Any) -> tuple[LoggedSet, list[str]]:
        """Commit the set, then tell which records it beats (the store write comes first)."""
        from flux_tui.engine.records import detect_prs

        if exercise_id not in self.catalog:
            raise StoreError(f"unknown exercise '{exercise_id}'")
        logged = self.store.log_set(session_id, exercise_id, **values)
        return logged, detect_prs(self.state, self.catalog, logged)

    def finish_session(self, session_id: str, now: datetime | None = None) -> FinishedSession:
        from flux_tui.engine.change import describe_change
        from flux_tui.engine.fold import apply_session
        from flux_tui.engine.history import SessionRecord

        now = now or utc_now()
        active = self.store.session(session_id)
        if active is None or active.status != "active":
            raise StoreError(f"session {session_id} is not active")
        completed = SessionRecord(
            id=active.id, started_at=active.started_at, completed_at=now, archetype=active.archetype,
            anchor_pattern=active.anchor_pattern, status="completed", notes=active.notes, sets=active.sets,
        )
        before = self.state
        after = apply_session(self.brain, self.catalog, before, completed)
        self.store.finish_session(session_id, now, state_to_dict(after))
        self._state = after
        return FinishedSession(
            session=completed, before=before, after=after,
            change=describe_change(self.brain, before, after), next_plan=self.plan(now),
        )

    def abandon_session(self, session_id: str, now: datetime | None = None) -> None:
        self.store.abandon_session(session_id, now or utc_now())

    def active_session(self) -> tuple[SessionRecord, dict[str, Any]] | None:
        """The session left active (a crash, a closed terminal) with its sets and the plan it started from."""
        found = self.store.active_session()
        if found is None:
            return None
        record, plan = found
        return record, plan or {"archetype": record.archetype, "anchor_pattern": record.anchor_pattern, "slots": []}

    def delete_set(self, set_id: str) -> None:
        self.store.delete_set(set_id)

    def restore_set(self, set_id: str) -> None:
        """Undo `delete_set`."""
        self.store.undelete_set(set_id)

    def set_notes(self, session_id: str, notes: str) -> None:
        self.store.set_notes(session_id, notes)

    def last_sets(self, exercise_ids: Iterable[str]) -> dict[str, LoggedSet]:
        """The most recent working set of each exercise (for prefilling the set form)."""
        found = {}
        for exercise_id in dict.fromkeys(exercise_ids):
            recent = [s for _, s in self.store.exercise_sets(exercise_id, 5) if not s.is_warmup]
            if recent:
                found[exercise_id] = recent[0]
        return found

    # --- history-wide operations ------------------------------------------------

    def rebuild(self, save: bool = False, history: Iterable[SessionRecord] | None = None) -> RebuildResult:
        """Fold the engine over every completed session; report whether it matches the stored state.

        `history`: the whole history when the caller already holds it exactly as stored.
        """
        from flux_tui.engine.fold import rebuild_state

        sessions = self.store.completed_sessions() if history is None else history
        rebuilt = rebuild_state(self.brain, self.catalog, sessions)
        matched = state_to_dict(rebuilt) == state_to_dict(self.state)
        if save and not matched:
            self.store.save_state(state_to_dict(rebuilt))
            self._state = rebuilt
        return RebuildResult(rebuilt, matched)

    def import_sessions(self, sessions: Iterable[SessionRecord], custom_exercises: Iterable[Mapping[str, Any]] = (),
                        source: str = "flux") -> ImportCounts:
        """Add what is new, then rebuild the state over the whole history."""
        custom_exercises, sessions = self._with_final_custom_ids(list(custom_exercises), list(sessions))
        unknown = sorted({s.exercise_id for record in sessions for s in record.sets}
                         - set(self.catalog) - {e["id"] for e in custom_exercises})
        if unknown:
            raise StoreError(f"unknown exercise id(s): {', '.join(unknown)}; nothing was imported")
        had_history = self.store.count_sessions(statuses=("completed",)) > 0
        counts = self.store.import_sessions(sessions, custom_exercises, source)
        self._catalog = None
        self._state = None
        went_in_whole = (counts.sessions_added == len(sessions)
                         and counts.sets_added == sum(len(record.sets) for record in sessions))
        if had_history or not went_in_whole:
            self.rebuild(save=True)
        else:
            # The store holds exactly these sessions and nothing else: fold them as held (sets in
            # the store's order) instead of reading 100k rows straight back.
            self.rebuild(save=True, history=[
                record._replace(sets=tuple(sorted(record.sets, key=lambda s: s.set_index)))
                for record in sessions])
        return counts

    def _with_final_custom_ids(self, customs: list[Mapping[str, Any]], sessions: list[SessionRecord]
                               ) -> tuple[list[dict[str, Any]], list[SessionRecord]]:
        """Give importers' provisional custom ids (`custom_<slug>`) their store-wide form.

        The server needs `custom_` + 32 hex digits, unique across users: derive it
        from this store's namespace, so the same file imported again maps the same.
        """
        renamed = {e["id"]: final_custom_id(self.store.custom_namespace(), e["id"]) for e in customs}
        renamed = {old: new for old, new in renamed.items() if old != new}
        if not renamed:
            return [dict(e) for e in customs], sessions
        customs = [{**e, "id": renamed.get(e["id"], e["id"])} for e in customs]
        sessions = [
            record._replace(sets=tuple(
                s._replace(exercise_id=renamed[s.exercise_id]) if s.exercise_id in renamed else s
                for s in record.sets
            ))
            for record in sessions
        ]
        return customs, sessions

    def reset(self) -> None:
        self.store.reset()
        self._forget()

    def initial_state(self) -> State:
        return initial_state(self.brain)


def _catalog_rows(catalog: Catalog) -> list[dict[str, Any]]:
    return [
        {"id": e.id, "name": e.name, "pattern": e.pattern, "modality": e.modality, "tracking": e.tracking,
         "load_type": e.load_type, "increment": e.increment, "aliases": list(e.aliases)}
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

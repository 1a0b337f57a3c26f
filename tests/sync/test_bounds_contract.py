"""One validation contract: what the local store accepts, the server accepts; what it refuses, the server
refuses too. Hypothesis draws rows (a valid base row with one bounded column drawn from a wide range: edges,
just past them, NaN, Infinity, huge exponents, NUL characters, long texts, deep JSON) and writes each
through the store's own write paths (a typed set, notes, a new session, an import, a custom exercise, a
Brain). Every row the store accepts is pushed by the real Syncer through the real PostgREST and must go
in; every value it refuses is posted to PostgREST as it is and must be refused there as well.

Fast suite: a few dozen rows (a fixed seed); `-m slow`: thousands."""

from __future__ import annotations

import math
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.errors import StoreRefused
from flux_tui.limits import LIMITS, Json, Number, Slug, Text, TextList
from flux_tui.store.bounds import CHOICES
from tests.supabase.test_limits import Writer

pytestmark = pytest.mark.stack

FAST, SLOW = 25, 1500
SIZES = [pytest.param(FAST, id="fast"), pytest.param(SLOW, id="slow", marks=pytest.mark.slow)]
# what each write path can set (the rest of LIMITS is covered by another path, or by none: `state` is the
# engine's, `exercises.id` is chosen by FLUX, `set_index` by the store)
SET_COLUMNS = ("weight", "reps", "seconds", "distance", "rpe", "metadata")
IMPORTED = ("anchor_pattern", "notes", "utc_offset", "archetype", "status", "source", "title", "exercise_notes")
EXERCISE = ("name", "pattern", "modality", "increment", "aliases", "primary_muscles", "secondary_muscles", "ratio",
            "tracking", "load_type")
# A Brain's sections are the engine's input (the store folds the history with them before it commits), so
# only a validated Brain reaches them: their size and shape are proven by tests/store/test_bounds.py's probes.
BRAIN = ("brain_version",)
TARGETS = ([("workout_sets", c) for c in SET_COLUMNS] + [("workout_sessions", c) for c in IMPORTED]
           + [("workout_sessions", "plan")] + [("exercises", c) for c in EXERCISE]
           + [("user_configs", c) for c in BRAIN])

odd_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


def numbers(limit: Number):
    edges = [limit.low, limit.high, math.nextafter(limit.low, -math.inf), math.nextafter(limit.high, math.inf),
             limit.low - 1, limit.high + 1, 0]
    if limit.integer:
        return st.one_of(st.sampled_from([int(e) for e in edges if math.isfinite(e)]),
                         st.integers(int(limit.low) - 10, int(limit.high) + 10))
    return st.one_of(st.sampled_from(edges), st.floats(limit.low, limit.high),
                     st.floats(allow_nan=True, allow_infinity=True))


def sized(n: int) -> str:
    return "ü" * n


def texts(limit):
    high = limit.high
    lengths = st.sampled_from([0, 1, high - 1, high, high + 1])
    slug_ish = st.from_regex(r"[a-z0-9_ A]{1,12}", fullmatch=True)
    return st.one_of(lengths.map(lambda n: "a" * n), lengths.map(sized), slug_ish, odd_text,
                     st.just("   "), st.just("a\x00b"))


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
              st.sampled_from([1e300, -1e300, 1.5e-7, 5e-324]), odd_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(odd_text, inner, max_size=4)),
    max_leaves=12)


def jsons(limit: Json):
    big = st.integers(limit.max_bytes - 40, limit.max_bytes + 40).map(lambda n: {"k": "x" * (n - 9)})
    return st.one_of(st.dictionaries(odd_text, json_values, max_size=5), big, json_values,
                     st.just({"k": [1e300] * 60}))


def text_lists(limit: TextList):
    item = texts(Text(limit.low, limit.high, ""))
    return st.one_of(st.lists(item, max_size=4), st.integers(limit.max_items - 1, limit.max_items + 1)
                     .map(lambda n: ["a"] * n), json_values)


def values_for(table: str, column: str):
    if (table, column) in CHOICES:
        return st.one_of(st.sampled_from(CHOICES[(table, column)]), odd_text)
    limit = LIMITS[(table, column)]
    if isinstance(limit, Number):
        return numbers(limit)
    if isinstance(limit, (Text, Slug)):
        return texts(limit)
    if isinstance(limit, Json):
        return jsons(limit)
    return text_lists(limit)


cases = st.sampled_from(TARGETS).flatmap(lambda tc: st.tuples(st.just(tc), values_for(*tc)))


class Contract:
    """One device and one account for a whole run: rows accumulate, each example syncs its own."""

    def __init__(self, device, writer: Writer) -> None:
        self.d = device
        self.writer = writer
        self.accepted = self.refused = 0
        self.day = datetime(2024, 1, 1, 9, tzinfo=timezone.utc)

    def write(self, table: str, column: str, value) -> None:
        """Through the store's own write path for that column; StoreRefused when the store says no."""
        store = self.d.store
        self.day += timedelta(hours=3)
        if table == "workout_sets":
            sid = store.sessions.start("performance", "squat", None, self.day)
            try:
                store.sessions.log_set(sid, "back_squat", **{column: value}, logged_at=self.day)
            finally:
                store.sessions.finish(sid, self.day + timedelta(minutes=30))
        elif table == "workout_sessions" and column == "plan":
            sid = store.sessions.start("performance", "squat", value, self.day)
            store.sessions.finish(sid, self.day + timedelta(minutes=30))
        elif table == "workout_sessions":
            fields = {"archetype": "performance", "anchor_pattern": "squat", "status": "completed", "notes": "",
                      "title": "", "exercise_notes": {}}
            source = value if column == "source" else "flux"
            if column != "source":
                fields[column] = value
            record = SessionRecord(str(uuid.uuid4()), self.day, self.day + timedelta(hours=1), **fields,
                                   sets=(LoggedSet(str(uuid.uuid4()), "back_squat", 0, weight=50.0, reps=5),))
            store.bulk.import_sessions([record], source=source)
            if record.status == "active":          # imported as the one active session: close it for the next
                store.sessions.abandon(record.id, self.day + timedelta(hours=1))
        elif table == "exercises":
            exercise = {"id": "custom_" + uuid.uuid4().hex, "name": "Probe lift", "tracking": "reps",
                        "load_type": "none", column: value}
            if column in ("aliases", "primary_muscles", "secondary_muscles") and not isinstance(value, list):
                raise StoreRefused("the store's write path takes a list")      # the path cannot carry it
            store.exercises.add_custom([exercise])
        else:
            config = store.configs.load()
            with store.transaction() as conn:
                store.configs.save(value, config.sections, config.state, conn)

    def check(self, case) -> None:
        (table, column), value = case
        try:
            self.write(table, column, value)
        except (StoreRefused, TypeError, ValueError):
            self.refused += 1
            self.server_refuses(table, column, value)
            return
        self.accepted += 1
        report = self.d.sync()
        assert report.rejected == [], f"the store accepted {table}.{column} = {value!r}; the server: {report.rejected}"
        assert report.pending == 0

    def server_refuses(self, table: str, column: str, value) -> None:
        if isinstance(LIMITS.get((table, column)), TextList) and isinstance(value, list) \
                and any(isinstance(item, list) for item in value):
            # The one place the server is looser: its CHECK's jsonpath runs in lax mode, which unwraps a
            # nested array ([["a"]] passes). The store refuses it: the safe side of the contract.
            return
        try:
            response = self.writer.post(table, self.writer.row(table, column, value))
        except ValueError:
            return            # httpx cannot even encode it (a lone surrogate): nothing could send it
        assert response.status_code != 201, f"the store refused {table}.{column} = {value!r}; the server took it"


@pytest.mark.parametrize("examples", SIZES)
def test_every_row_the_store_accepts_the_server_accepts_and_the_reverse(supabase_stack, user, devices, examples):
    email, password, _ = user
    device = devices().login(email, password)
    device.sync()
    contract = Contract(device, Writer(supabase_stack))

    @settings(max_examples=examples, deadline=None, database=None, derandomize=examples == FAST,
              suppress_health_check=list(HealthCheck))
    @given(cases)
    def prop(case):
        contract.check(case)

    prop()
    assert contract.accepted >= examples // 5 and contract.refused >= examples // 5, vars(contract)
    print(f"bounds contract: {contract.accepted} rows accepted and pushed, {contract.refused} refused by both")

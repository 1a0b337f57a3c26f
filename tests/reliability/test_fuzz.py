"""Bad input, property-based: every reader answers with its result or its own error, never another exception.

Each property runs FAST examples in the default run and 10,000 under -m slow.
The count actually run is recorded in the figures (hypothesis may stop early
when a strategy's space is exhausted; the figure says what ran).
"""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime, timedelta, timezone

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flux_tui.brain.validate import BrainInvalid, load_brain_text, load_catalog_text
from flux_tui.engine import apply_session, initial_state, rebuild_state
from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.importers import ImportFormatError, ImportResult, parse_text
from flux_tui.importers.flux_json import FluxDocument, FluxJsonError, dump, load
from flux_tui.training import catalog_text, default_brain_text

FAST = 200
SLOW = 10_000
SIZES = [pytest.param(FAST, id="fast"), pytest.param(SLOW, id="10k", marks=pytest.mark.slow)]
CATALOG = load_catalog_text(catalog_text(), "catalog.yaml")
BRAIN_TEXT = default_brain_text()
BRAIN_DATA = yaml.safe_load(BRAIN_TEXT)
WHERE = re.compile(r"^brain\.yaml:\d+:\d+: ")


def run_property(examples, strategy, check):
    """Run `check` over `examples` draws of `strategy`; returns how many ran."""
    ran = [0]

    @settings(max_examples=examples, deadline=None, database=None, derandomize=examples == FAST,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def prop(value):
        ran[0] += 1
        check(value)

    prop()
    return ran[0]


# --- the Brain loader ---------------------------------------------------------------------

yaml_ish = st.text(alphabet=st.sampled_from(list("abcdeflogicpatrns: -[]{},'\"\n\t#&*!|>%@`0123456789.")), max_size=300)


def _brain_or_invalid(text):
    try:
        load_brain_text(text, "brain.yaml", CATALOG)
    except BrainInvalid as exc:
        assert exc.errors
        for error in exc.errors:
            assert WHERE.match(str(error)), str(error)
            assert error.line >= 1 and error.column >= 1


@pytest.mark.parametrize("examples", SIZES)
def test_any_text_gives_a_brain_or_brain_invalid(examples, figures):
    ran = run_property(examples, st.one_of(st.text(max_size=400), yaml_ish), _brain_or_invalid)
    figures.add(inputs=ran)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, prefix + (i,))


BRAIN_PATHS = [p for p in _paths(BRAIN_DATA) if p]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                    st.text(max_size=12), st.sampled_from(["squat", "back_squat", "performance", "anchor", ""]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=6)
mutation = st.tuples(st.sampled_from(["delete", "replace", "rename", "add", "duplicate-text"]),
                     st.sampled_from(BRAIN_PATHS), values, st.text(min_size=1, max_size=8))


def _mutate(data, op, path, value, name):
    data = copy.deepcopy(data)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    if op == "delete":
        del parent[key]
    elif op == "replace":
        parent[key] = value
    elif op == "rename" and isinstance(parent, dict):
        parent[name] = parent.pop(key)
    elif op == "add" and isinstance(parent, dict):
        parent[name] = value
    elif isinstance(parent, list):
        parent.insert(key, value)
    return data


def _check_mutated_brain(ops):
    data = BRAIN_DATA
    for op in ops:
        try:
            data = _mutate(data, *op)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the path
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    _brain_or_invalid(text)


@pytest.mark.parametrize("examples", SIZES)
def test_a_default_brain_mutated_gives_a_brain_or_file_line_col_errors(examples, figures):
    examples = 100 if examples == FAST else examples  # each one dumps and validates a whole Brain (~40 ms)
    ran = run_property(examples, st.lists(mutation, min_size=1, max_size=4), _check_mutated_brain)
    figures.add(inputs=ran)


# --- FLUX JSON ----------------------------------------------------------------------------

T0 = datetime(2026, 1, 5, 18, 0, tzinfo=timezone.utc)


def _valid_document():
    sets = tuple(LoggedSet(id=f"s{i}", exercise_id="back_squat", set_index=i, weight=100.0, reps=5, rpe=8.0,
                           metadata={"k": i}, logged_at=T0) for i in range(3))
    sessions = [SessionRecord(id=f"x{n}", started_at=T0 + timedelta(days=n), completed_at=T0 + timedelta(days=n, hours=1),
                              archetype="performance", anchor_pattern="squat", status="completed", sets=sets)
                for n in range(2)]
    return json.loads(dump(sessions, [{"id": "custom_x", "name": "X", "tracking": "reps"}], None))


VALID_DOC = _valid_document()
DOC_PATHS = [p for p in _paths(VALID_DOC) if p]


def _doc_or_error(text):
    try:
        document = load(text, "history.json")
    except FluxJsonError as exc:
        assert str(exc).startswith("history.json"), str(exc)
        assert "\n" not in str(exc)
        return
    assert isinstance(document, FluxDocument)
    for record in document.sessions:
        assert record.started_at.tzinfo is not None
        for s in record.sets:
            assert s.weight is None or s.weight >= 0
            assert s.rpe is None or 0 <= s.rpe <= 10


@pytest.mark.parametrize("examples", SIZES)
def test_any_text_gives_a_flux_document_or_flux_json_error(examples, figures):
    ran = run_property(examples, st.one_of(st.text(max_size=300), st.builds(json.dumps, values)), _doc_or_error)
    figures.add(inputs=ran)


@pytest.mark.parametrize("examples", SIZES)
def test_a_valid_flux_document_mutated_gives_a_document_or_an_error_naming_the_place(examples, figures):
    doc_mutation = st.tuples(st.sampled_from(["delete", "replace", "rename", "add", "insert"]),
                             st.sampled_from(DOC_PATHS), values, st.text(min_size=1, max_size=8))

    def check(ops):
        data = VALID_DOC
        for op in ops:
            try:
                data = _mutate(data, *op)
            except (KeyError, IndexError, TypeError):
                continue
        _doc_or_error(json.dumps(data))

    ran = run_property(examples, st.lists(doc_mutation, min_size=1, max_size=4), check)
    figures.add(inputs=ran)


# --- CSV importers ------------------------------------------------------------------------

HEADERS = {
    "strong": "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE",
    "hevy": "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,"
            "weight_kg,reps,distance_km,duration_seconds,rpe",
    "fitnotes": "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment",
}
cells = st.one_of(st.text(max_size=10), st.sampled_from(["2024-01-05 18:00:00", "Squat (Barbell)", "Back Squat", "100",
                                                         "5", "-3", "1e9", "nan", "1h 2m", "warmup", "", "\"", "kg"]))


def _csv_row(values_):
    return ",".join('"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\n;') else v for v in values_)


def _import_or_error(args):
    kind, text, unit = args
    try:
        result = parse_text(kind, text, unit=unit, catalog=CATALOG)
    except ImportFormatError as exc:
        assert str(exc)
        return
    assert isinstance(result, ImportResult)
    for record in result.sessions:
        for s in record.sets:
            for value in (s.weight, s.reps, s.seconds, s.distance):
                assert value is None or value >= 0, (kind, s)
    for error in result.errors:
        assert error.line >= 1


@pytest.mark.parametrize("examples", SIZES)
def test_any_csv_gives_records_with_row_errors_or_an_import_format_error(examples, figures):
    kinds = st.sampled_from(["strong", "hevy", "fitnotes", "auto"])
    structured = st.builds(
        lambda kind, rows, sep: HEADERS[kind if kind != "auto" else "strong"].replace(",", sep) + "\n"
        + "\n".join(_csv_row(r).replace(",", sep) for r in rows),
        kinds, st.lists(st.lists(cells, min_size=0, max_size=16), max_size=6), st.sampled_from([",", ";"]),
    )
    ran = run_property(
        examples, st.tuples(kinds, st.one_of(st.text(max_size=300), structured), st.sampled_from(["kg", "lb"])),
        _import_or_error,
    )
    figures.add(inputs=ran)


# --- the set-entry parser ---------------------------------------------------------------------


@pytest.mark.parametrize("examples", SIZES)
def test_any_set_form_gives_a_set_in_bounds_or_field_errors(examples, figures):
    from flux_tui.ui.set_input import (INTERVAL_METRICS, MAX_DISTANCE_M, MAX_REPS, MAX_SECONDS, MAX_WEIGHT_KG,
                                       TRACKING_FIELDS, FieldError, ParsedSet, parse_set_form)

    names = sorted({f for fs in TRACKING_FIELDS.values() for f in fs} | set(INTERVAL_METRICS) | {"rpe", "warmup", "x"})
    typed = st.one_of(st.none(), st.text(max_size=20), st.sampled_from(
        ["5", "100", "102.5", "1,5", "0", "-1", "1:30", "1:00:00", "99:99", "yes", "no", " 8 ", "1e3", "٣", "nan",
         "inf", "10.", ".5", "", "300", "301"]))
    forms = st.tuples(st.dictionaries(st.sampled_from(names), typed, max_size=8),
                      st.sampled_from([*TRACKING_FIELDS, "bogus"]), st.sampled_from(["kg", "lb", "st"]))

    def check(args):
        fields, tracking, unit = args
        result = parse_set_form(fields, tracking, unit)
        if isinstance(result, list):
            assert result and all(isinstance(e, FieldError) and e.message for e in result)
            return
        assert isinstance(result, ParsedSet)
        assert result.weight is None or 0 <= result.weight <= MAX_WEIGHT_KG + 1e-9
        assert result.reps is None or 1 <= result.reps <= MAX_REPS
        assert result.seconds is None or 0 < result.seconds <= MAX_SECONDS
        assert result.distance is None or 0 < result.distance <= MAX_DISTANCE_M
        assert result.rpe is None or 1 <= result.rpe <= 10
        for value in result.values().values():
            assert not (isinstance(value, float) and value != value), "NaN reached a set"

    ran = run_property(examples, forms, check)
    figures.add(inputs=ran)


# --- the state engine -----------------------------------------------------------------------------

BRAIN = load_brain_text(BRAIN_TEXT, "brain.yaml", CATALOG)
EXERCISES = sorted(CATALOG)
metadata = st.dictionaries(st.sampled_from(["rounds_completed", "avg_watts", "distance", "seconds", "calories", "x"]),
                           st.one_of(st.integers(-5, 500), st.floats(allow_nan=True), st.text(max_size=3),
                                     st.booleans(), st.none()), max_size=3)
logged = st.builds(
    LoggedSet, id=st.uuids().map(str), exercise_id=st.sampled_from(EXERCISES + ["deleted_custom"]),
    set_index=st.integers(0, 50), weight=st.one_of(st.none(), st.floats(0, 500)),
    reps=st.one_of(st.none(), st.integers(0, 50)), seconds=st.one_of(st.none(), st.floats(0, 3600)),
    distance=st.one_of(st.none(), st.floats(0, 10_000)), rpe=st.one_of(st.none(), st.floats(0, 10)),
    is_warmup=st.booleans(), metadata=metadata,
)
session = st.builds(
    lambda offset, length, archetype, anchor, status, sets: SessionRecord(
        id=f"s{offset}", started_at=T0 + timedelta(hours=offset), archetype=archetype, anchor_pattern=anchor,
        completed_at=T0 + timedelta(hours=offset + length) if status == "completed" else None, status=status,
        sets=tuple(sets)),
    st.integers(-10_000, 100_000), st.floats(0, 5), st.sampled_from(["performance", "recovery"]),
    st.sampled_from([None, *BRAIN.logic.patterns]), st.sampled_from(["completed", "completed", "active", "abandoned"]),
    st.lists(logged, max_size=8),
)


def _state_in_bounds(state):
    for pattern, debt in state.pattern_debts.items():
        cap = BRAIN.logic.patterns[pattern].cap
        assert 0.0 <= debt <= cap, (pattern, debt, cap)
    for name, level in state.conditioning_levels.items():
        assert 1 <= level <= len(BRAIN.conditioning[name].levels), (name, level)
    assert all(n >= 0 for n in state.conditioning_failures.values())
    assert state.performance_streak >= 0
    for pattern, index in state.rotation.items():
        assert 0 <= index < max(1, len(BRAIN.selections.get(pattern, ()))), (pattern, index)


def _check_history(history):
    state = initial_state(BRAIN)
    ordered = sorted((s for s in history if s.status == "completed"), key=lambda s: (s.completed_at, s.id))
    for record in ordered:
        state = apply_session(BRAIN, CATALOG, state, record)
        _state_in_bounds(state)
    for record in history:
        if record.status != "completed":
            assert apply_session(BRAIN, CATALOG, state, record) is state
    rebuilt = rebuild_state(BRAIN, CATALOG, history)
    _state_in_bounds(rebuilt)
    assert rebuilt == state  # the incremental fold and a rebuild agree, float for float


@pytest.mark.parametrize("examples", SIZES)
def test_random_histories_fold_without_error_and_stay_in_bounds(examples, figures):
    histories = st.lists(session, max_size=6, unique_by=lambda s: s.id)
    ran = run_property(examples, histories, _check_history)
    figures.add(inputs=ran)

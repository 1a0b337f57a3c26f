"""Checking a Brain (or the catalog) written as YAML, with file:line:col errors.

The text is composed into YAML nodes (not loaded) so every value keeps its
position; pydantic then checks the shape and cross-references are checked by
hand. Every problem becomes one `BrainError`, rendered as

    brain.yaml:14:7: sessions.performance.slots[2].sets: must be at least 1

pydantic is imported inside the functions: this module is only used when a
Brain is seeded, edited or validated, never on the start-up path.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Iterable

import yaml

from flux_tui.brain.models import (
    ARCHETYPES,
    COMPOUND_PATTERNS,
    Brain,
    Catalog,
    Exercise,
    brain_from_dict,
    brain_to_dict,
    catalog_from_list,
)

__all__ = [
    "BrainError",
    "BrainInvalid",
    "CatalogInvalid",
    "load_brain_text",
    "load_catalog_text",
    "brain_to_dict",
    "brain_from_dict",
    "catalog_from_list",
]

Path = tuple[str | int, ...]

# Input bounds, checked before anything is built: a Brain is a few kilobytes, so these are
# generous, and they keep a hostile file (a huge list, a billion-laughs alias bomb, deep
# nesting) from costing seconds or gigabytes before it is refused.
MAX_BYTES = 1_000_000
MAX_NODES = 100_000  # values after alias expansion
MAX_DEPTH = 32


@dataclass(frozen=True)
class BrainError:
    filename: str
    line: int  # 1-based
    column: int  # 1-based
    path: str  # "sessions.performance.slots[2].sets"; "" for the whole document
    message: str

    def __str__(self) -> str:
        where = f"{self.filename}:{self.line}:{self.column}: "
        return f"{where}{self.path}: {self.message}" if self.path else f"{where}{self.message}"


class BrainInvalid(ValueError):
    def __init__(self, errors: list[BrainError]):
        self.errors = errors
        super().__init__("\n".join(map(str, errors)))


class CatalogInvalid(BrainInvalid):
    pass


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- YAML nodes -> plain data, remembering where everything was -------------------


class _Positions:
    """path -> (line, column) of each value, and of each mapping key."""

    def __init__(self) -> None:
        self.values: dict[Path, tuple[int, int]] = {}
        self.keys: dict[Path, tuple[int, int]] = {}

    def value(self, path: Path) -> tuple[int, int]:
        # Walk up until a known position: errors can point below what exists
        # (a missing key) and then belong to the nearest existing mapping.
        while path not in self.values:
            path = path[:-1]
        return self.values[path]

    def key(self, path: Path) -> tuple[int, int]:
        return self.keys.get(path) or self.value(path)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class TooBig(Exception):
    """The document exceeds an input bound; converting it stops at once."""

    def __init__(self, at: tuple[int, int], message: str) -> None:
        super().__init__(message)
        self.at = at


class _Composer:
    def __init__(self, filename: str):
        self.filename = filename
        self.positions = _Positions()
        self.errors: list[BrainError] = []
        self._scalars = yaml.constructor.SafeConstructor()
        self._active: set[int] = set()  # guards against recursive aliases
        self.unreadable: set[Path] = set()  # values already reported; the shape check stays quiet there
        self.nodes = 0

    def error(self, at: tuple[int, int], path: Path, message: str) -> None:
        self.errors.append(BrainError(self.filename, at[0], at[1], format_path(path), message))

    def convert(self, node: yaml.Node, path: Path) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise TooBig(_mark(node), f"more than {MAX_NODES:,} values (aliases counted where they are used)")
        if len(path) > MAX_DEPTH:
            raise TooBig(_mark(node), f"nested more than {MAX_DEPTH} levels deep")
        self.positions.values[path] = _mark(node)
        if isinstance(node, yaml.ScalarNode):
            try:
                return self._scalars.construct_object(node)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
                # An unknown tag (`!x 1`) or a tagged value that is not one (`!!int abc`).
                problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
                self.error(_mark(node), path, f"invalid YAML: {problem}")
                self.unreadable.add(path)
                return None
        if id(node) in self._active:
            self.error(_mark(node), path, "recursive alias")
            return None
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
            return self._mapping(node, path)
        finally:
            self._active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(_mark(key_node), path, "keys must be plain names")
                continue
            key = key_node.value
            child = path + (key,)
            if key in first_line:
                self.error(_mark(key_node), child, f"duplicate key (first defined on line {first_line[key]})")
                continue
            first_line[key] = _mark(key_node)[0]
            self.positions.keys[child] = _mark(key_node)
            out[key] = self.convert(value_node, child)
        return out


def _compose(
    text: str, filename: str, expected: type, what: str, exc_type: type[BrainInvalid]
) -> tuple[Any, _Composer]:
    """Parse `text`; raise at once for bad YAML, an empty file or a wrong top level.

    Duplicate keys are only recorded (the first value is kept) so that the
    shape check can still report everything else in the same run.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise exc_type([BrainError(filename, 1, 1, "", f"the file is larger than {MAX_BYTES // 1_000_000} MB;"
                                   f" expected {what} of a few kilobytes")])
    composer = _Composer(filename)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "cannot be parsed"
        if exc.problem and exc.context and exc.context_mark:
            # Where the unclosed construct began is usually where the fix goes.
            start = exc.context_mark
            problem += f" ({exc.context} started at line {start.line + 1}, column {start.column + 1})"
        raise exc_type([BrainError(filename, line, column, "", f"invalid YAML: {problem}")]) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (a control character, say): not a MarkedYAMLError.
        at = max(0, min(exc.position, len(text)))
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        message = f"invalid YAML: character {character!r} is not allowed"
        raise exc_type([BrainError(filename, line, column, "", message)]) from None
    if root is None:
        raise exc_type([BrainError(filename, 1, 1, "", f"the file is empty; expected {what}")])
    try:
        data = composer.convert(root, ())
    except TooBig as exc:
        raise exc_type([BrainError(filename, *exc.at, "", f"too large: {exc}")]) from None
    if not isinstance(data, expected):
        composer.error(_mark(root), (), f"the top level must be {what}")
        _raise_if_errors(composer, exc_type)
    return data, composer


# --- pydantic errors -> plain messages -------------------------------------------------


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


_SIMPLE = {
    "extra_forbidden": "unknown key",
    "unexpected_keyword_argument": "unknown key",
    "missing": "required key missing",
    "missing_keyword_argument": "required key missing",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "dict_type": "must be a mapping",
    "dataclass_type": "must be a mapping",
    "dataclass_args_type": "must be a mapping",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
}


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in _SIMPLE:
        return _SIMPLE[kind]
    if kind == "greater_than_equal":
        return f"must be at least {_number(ctx['ge'])}"
    if kind == "greater_than":
        return f"must be greater than {_number(ctx['gt'])}"
    if kind == "less_than_equal":
        return f"must be at most {_number(ctx['le'])}"
    if kind == "less_than":
        return f"must be less than {_number(ctx['lt'])}"
    if kind == "literal_error":
        return f"must be one of: {ctx['expected'].replace(chr(39), '')}"
    if kind == "too_short":
        n = ctx["min_length"]
        return f"must have at least {n} item{'s' if n != 1 else ''}"
    if kind == "too_long":
        return f"must have at most {ctx['max_length']} items"
    return error["msg"][0].lower() + error["msg"][1:]


def _pydantic_errors(tp: type, data: Any, composer: _Composer) -> Any:
    """Validate `data` as `tp`; on failure record each error at its position and return None."""
    import pydantic

    try:
        return pydantic.TypeAdapter(tp).validate_python(data)
    except pydantic.ValidationError as exc:
        raw = exc.errors(include_url=False)
    locs = [tuple(e["loc"]) for e in raw]
    for error, loc in zip(raw, locs):
        if loc in composer.unreadable:
            continue
        # A list whose items failed is also reported as "too short" by pydantic; that's noise.
        if error["type"] == "too_short" and any(o[: len(loc)] == loc and len(o) > len(loc) for o in locs):
            continue
        if loc and loc[-1] == "[key]":
            path = loc[:-1]
            composer.error(composer.positions.key(path), path, f"unknown key; {_message(error)}")
        elif error["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
            composer.error(composer.positions.key(loc), loc, _message(error))
        else:
            composer.error(composer.positions.value(loc), loc, _message(error))
    return None


def _check_values(value: Any, raw: Any, path: Path, composer: _Composer) -> None:
    """What the types leave open, field by field: a number is written as a number (pydantic
    would take `true` or `"5"`), within the range its field declares; a list within its
    length limits (see `within` and `count` in models.py). Defaults are not checked."""
    for f in fields(value):
        if isinstance(raw, dict) and f.name in raw:
            _check_field(getattr(value, f.name), raw[f.name], path + (f.name,), f.metadata, composer)


def _check_field(value: Any, raw: Any, path: Path, metadata: Any, composer: _Composer) -> None:
    limits = metadata.get("count")
    if limits is not None and value is not None and not limits[0] <= len(value) <= limits[1]:
        low, high = limits
        composer.error(composer.positions.value(path), path,
                       f"must have at most {high} item{'s' if high != 1 else ''}" if len(value) > high
                       else f"must have at least {low} item{'s' if low != 1 else ''}")
    _check_inside(value, raw, path, metadata.get("range"), composer)


def _check_inside(value: Any, raw: Any, path: Path, bounds: tuple[float, float] | None,
                  composer: _Composer) -> None:
    if is_dataclass(value):
        _check_values(value, raw, path, composer)
    elif isinstance(value, tuple) and isinstance(raw, list):
        for i, (item, raw_item) in enumerate(zip(value, raw)):
            _check_inside(item, raw_item, path + (i,), bounds, composer)
    elif isinstance(value, dict) and isinstance(raw, dict):
        for key, item in value.items():
            _check_inside(item, raw.get(key), path + (key,), bounds, composer)
    elif isinstance(raw, bool) and not isinstance(value, bool):
        composer.error(composer.positions.value(path), path, f"must be a number, not {str(raw).lower()}")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not isinstance(raw, (int, float)):
            composer.error(composer.positions.value(path), path, "must be a number, not text")
        elif bounds is not None and not bounds[0] <= value <= bounds[1]:
            low, high = bounds
            composer.error(composer.positions.value(path), path,
                           f"must be at least {_number(low)}" if value < low else f"must be at most {_number(high)}")


def _raise_if_errors(composer: _Composer, exc_type: type[BrainInvalid]) -> None:
    if composer.errors:
        errors = sorted(composer.errors, key=lambda e: (e.line, e.column))
        raise exc_type(errors)


# --- the catalog ---------------------------------------------------------------------


def load_catalog_text(text: str, filename: str) -> Catalog:
    """Parse and check the exercise catalog (a YAML list of exercises)."""
    data, composer = _compose(text, filename, list, "a list of exercises", CatalogInvalid)
    items = _pydantic_errors(tuple[Exercise, ...], data, composer)
    _raise_if_errors(composer, CatalogInvalid)
    for i, (exercise, raw) in enumerate(zip(items, data)):
        _check_values(exercise, raw, (i,), composer)
    _raise_if_errors(composer, CatalogInvalid)
    seen: dict[str, int] = {}
    for i, exercise in enumerate(items):
        if exercise.id in seen:
            at = composer.positions.value((i, "id"))
            composer.error(at, (i, "id"), f"duplicate id '{exercise.id}' (also item {seen[exercise.id]})")
        seen.setdefault(exercise.id, i)
    _raise_if_errors(composer, CatalogInvalid)
    return {e.id: e for e in items}


# --- the Brain -----------------------------------------------------------------------


def load_brain_text(text: str, filename: str, catalog: Catalog) -> Brain:
    """Parse and check a Brain; raise `BrainInvalid` listing every problem found."""
    data, composer = _compose(
        text, filename, dict, "a mapping with version, logic, selections, sessions, conditioning", BrainInvalid
    )
    brain = _pydantic_errors(Brain, data, composer)
    _raise_if_errors(composer, BrainInvalid)
    _check_values(brain, data, (), composer)
    _raise_if_errors(composer, BrainInvalid)
    for path, message, *at_key in _cross_check(brain, catalog):
        composer.error(composer.positions.key(path) if at_key else composer.positions.value(path), path, message)
    _raise_if_errors(composer, BrainInvalid)
    return brain


# Which catalog tracking units can carry a slot's prescription: a set must be loggable as prescribed.
TRACKING_FOR = {
    "reps": frozenset({"weight_reps", "reps"}),
    "seconds": frozenset({"seconds", "weight_seconds"}),
    "distance": frozenset({"weight_distance", "distance_seconds"}),
}


# Schemes that compute loads from reps (an e1RM, a training max): a slot choosing one needs loaded reps.
# The Brain-wide default scheme is not checked: where it cannot apply, the slot progresses by `double`.
LOADED_SCHEMES = frozenset({"rpe", "percent"})
MAX_WEEK_SETS = 20  # sets in one week of the percent scheme
MAX_TRANSFER_SOURCES = 5  # source patterns one pattern's transfer may try


def _loaded_scheme_problems(brain: Brain, catalog: Catalog, template: Any, slot: Any, path: Path
                            ) -> Iterable[tuple[Path, str]]:
    if slot.reps is None:
        yield path, f"the {slot.scheme} scheme needs a rep range (reps)"
        return
    candidates = template.anchor_patterns if slot.pattern == "anchor" else (slot.pattern,)
    for exercise_id in dict.fromkeys(e for p in candidates for e in brain.selections.get(p, ())):
        exercise = catalog.get(exercise_id)
        if exercise is not None and exercise.tracking != "weight_reps" \
                and exercise_id not in brain.logic.progression.exercises:
            yield path, (f"'{exercise_id}' (a selection this slot can pick) is tracked as {exercise.tracking}:"
                         f" the {slot.scheme} scheme needs weight and reps (give it its own scheme under"
                         " logic.progression.exercises)")


AT_KEY = True  # a third item in a cross-check problem: it is about the key, so point at the key


def _cross_check(brain: Brain, catalog: Catalog) -> Iterable[tuple]:
    """What the types cannot say: references between sections and to the catalog.

    Each problem is (path, message), or (path, message, AT_KEY) when a mapping key is at fault."""
    # Every compound pattern is tracked. An accessory pattern may be left out (its sets then pay
    # no debt), unless a session template uses it: what the Brain schedules, it tracks.
    for pattern in COMPOUND_PATTERNS:
        if pattern not in brain.logic.patterns:
            yield ("logic", "patterns", pattern), "required key missing"
    for archetype in ARCHETYPES:
        template = brain.template(archetype)
        used = [(("sessions", archetype, "anchor_patterns", i), p) for i, p in enumerate(template.anchor_patterns)]
        used += [(("sessions", archetype, "slots", i, "pattern"), slot.pattern) for i, slot in enumerate(template.slots)]
        for path, pattern in used:
            if pattern != "anchor" and pattern not in brain.logic.patterns:
                yield path, f"pattern '{pattern}' has no target in logic.patterns"

    for pattern, ids in brain.selections.items():
        seen: set[str] = set()
        for i, exercise_id in enumerate(ids):
            path = ("selections", pattern, i)
            exercise = catalog.get(exercise_id)
            if exercise is None:
                yield path, f"unknown exercise '{exercise_id}'"
            elif exercise.pattern != pattern:
                yield path, f"'{exercise_id}' is a {exercise.pattern} exercise, not {pattern}"
            elif exercise_id in seen:
                yield path, f"'{exercise_id}' is listed twice"
            seen.add(exercise_id)

    progression = brain.logic.progression
    for exercise_id, scheme in progression.exercises.items():
        path = ("logic", "progression", "exercises", exercise_id)
        exercise = catalog.get(exercise_id)
        if exercise is None:
            yield path, f"unknown exercise '{exercise_id}'", AT_KEY
        elif scheme in LOADED_SCHEMES and exercise.tracking != "weight_reps":
            yield path, f"'{exercise_id}' is tracked as {exercise.tracking}: the {scheme} scheme needs weight and reps"
    for pattern in brain.logic.rotation:
        if pattern not in brain.selections:
            yield ("logic", "rotation", pattern), f"no selections for pattern '{pattern}'", AT_KEY
    for i, week in enumerate(progression.weeks):
        if not 1 <= len(week) <= MAX_WEEK_SETS:
            yield ("logic", "progression", "weeks", i), (
                "a week needs at least 1 set" if not week else f"a week has at most {MAX_WEEK_SETS} sets")
    for i, pattern in enumerate(brain.logic.fixed):
        if pattern not in brain.selections:
            yield ("logic", "fixed", i), f"no selections for pattern '{pattern}'"
        elif pattern in brain.logic.rotation:
            yield ("logic", "fixed", i), f"'{pattern}' cannot be fixed and rotate (logic.rotation.{pattern})"
    for pattern, sources in progression.transfer.items():
        path = ("logic", "progression", "transfer", pattern)
        if not 1 <= len(sources) <= MAX_TRANSFER_SOURCES:
            yield path, ("needs at least 1 source" if not sources else
                         f"has at most {MAX_TRANSFER_SOURCES} sources")
        seen_sources: set[str] = set()
        for i, transfer in enumerate(sources):
            if transfer.source == pattern:
                # within a pattern the catalog ratios already transfer
                yield path + (i, "source"), "must be another pattern"
            elif transfer.source in seen_sources:
                yield path + (i, "source"), f"'{transfer.source}' is listed twice"
            seen_sources.add(transfer.source)

    for archetype in ARCHETYPES:
        template = brain.template(archetype)
        base = ("sessions", archetype)
        has_anchor_slot = any(slot.pattern == "anchor" for slot in template.slots)
        if has_anchor_slot:
            for i, pattern in enumerate(template.anchor_patterns):
                if pattern not in brain.selections:
                    yield base + ("anchor_patterns", i), f"no selections for pattern '{pattern}'"
        for i, slot in enumerate(template.slots):
            path = base + ("slots", i)
            if slot.pattern != "anchor" and slot.pattern not in brain.selections:
                yield path + ("pattern",), f"no selections for pattern '{slot.pattern}'"
            given = [k for k in ("reps", "seconds", "distance") if getattr(slot, k) is not None]
            if len(given) != 1:
                yield path, "needs exactly one of reps, seconds or distance"
            if slot.reps is not None and slot.reps[0] > slot.reps[1]:
                yield path + ("reps",), "the low end must not exceed the high end"
            if len(given) == 1:
                candidates = template.anchor_patterns if slot.pattern == "anchor" else (slot.pattern,)
                for exercise_id in (e for p in candidates for e in brain.selections.get(p, ())):
                    exercise = catalog.get(exercise_id)
                    if exercise is not None and exercise.tracking not in TRACKING_FOR[given[0]]:
                        yield path + (given[0],), (f"'{exercise_id}' (a selection this slot can pick) is tracked"
                                                   f" as {exercise.tracking}, so it cannot be prescribed {given[0]}")
            if slot.scheme in LOADED_SCHEMES:
                yield from _loaded_scheme_problems(brain, catalog, template, slot, path + ("scheme",))
        groups = [slot.group for slot in template.slots]
        for i, group in enumerate(groups):
            if group is not None and groups.count(group) == 1:
                yield base + ("slots", i, "group"), f"group '{group}' has no other slot in this session to pair with"
        for i, name in enumerate(template.conditioning):
            if name not in brain.conditioning:
                yield base + ("conditioning", i), f"unknown protocol '{name}'"

    used_by: dict[str, str] = {}
    for name, protocol in brain.conditioning.items():
        base = ("conditioning", name)
        exercise = catalog.get(protocol.exercise)
        if exercise is None:
            yield base + ("exercise",), f"unknown exercise '{protocol.exercise}'"
        elif exercise.pattern != "conditioning":
            yield base + ("exercise",), f"'{protocol.exercise}' is not a conditioning exercise"
        elif protocol.exercise in used_by:
            yield base + ("exercise",), f"'{protocol.exercise}' is already used by protocol '{used_by[protocol.exercise]}'"
        used_by.setdefault(protocol.exercise, name)
        if protocol.start_level > len(protocol.levels):
            yield base + ("start_level",), f"must be at most {len(protocol.levels)} (the number of levels)"
        for i, level in enumerate(protocol.levels):
            if protocol.success.metric not in level.target:
                yield base + ("levels", i, "target"), f"needs the success metric '{protocol.success.metric}'"

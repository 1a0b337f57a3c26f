"""Map other apps' exercise names onto the catalog, or at least onto a movement pattern.

The index is built once per import from what the caller hands in (id -> exercise,
an object or a dict with `name`, `aliases`, `pattern`, `load_type`, ...); nothing
here reads a file except `load_catalog`, a convenience for scripts and tests.
Every name is matched once (cached), so the cost does not grow with the rows.

A name is read as *movement words* plus *equipment* (`words`):

- casefolded, accents dropped, punctuation and hyphens turned into spaces,
  apostrophes dropped, plural `s`/`es` stripped per word;
- equipment, in parentheses or anywhere else ("DB", "BB", "KB", "EZ", "Smith",
  "Machine", "Cable", "Band", ...) is taken out of the movement words;
- spelling variants are made one ("Pull-up" / "Pullup" / "Pull Up", "OHP" /
  "Overhead Press", "Bicep Curl" / "Curl", "Flye" / "Fly");
- word order is ignored: the words are sorted.

`NameIndex.match(name, category)` then tries, in order:

1. **catalog**: the name is one of an exercise's names or aliases (the same
   words and equipment; or no equipment named, or the one the exercise's
   `load_type` implies). The set gets that exercise.
2. **variant**: the name is a known movement with other equipment or with
   words that do not change the movement (grip, stance, tempo, "seated",
   "single arm"; `MODIFIERS`): "Romanian Deadlift (Kettlebell)",
   "Wide Grip Seated Row (Cable)". Every known exercise of that movement must
   share one pattern (a FitNotes `Category` may settle a tie).
3. **rule**: an isolation movement named by its head words: anything "curl"
   (elbow flexion; "leg curl" knee flexion; "wrist curl" grip), "pushdown",
   "lateral raise", "calf", "shrug", "crunch", ... (`_RULES`). Never a compound:
   a name with a compound word (squat, press, row, ...) is not ruled on, so an
   unknown "Zercher Squat" stays unassigned rather than guessed.
4. **category**: FitNotes' `Category` for isolation work (Biceps, Triceps, Abs,
   Cardio) when the name has no compound word.

2-4 give a pattern and a known exercise to borrow muscles from, not an exercise:
the importer keeps the name as the user's own exercise with that pattern, so a
kettlebell RDL's loads never mix with the barbell RDL's records. Anything else
is `unassigned`. A key that two catalog exercises claim is dropped (ambiguous),
never guessed.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any, Mapping, NamedTuple

__all__ = ["NameIndex", "Match", "Known", "build_name_index", "map_name", "name_key", "words", "custom_id", "equipment_of",
           "load_catalog", "MODIFIERS", "COMPOUND_WORDS"]

_PUNCT_TABLE = {ord(c): " " for c in "-_/\\.,;:!?()[]{}+*#\"|<>=~^%@$°"}
_PUNCT_TABLE.update({ord(c): None for c in "'`’‘´"})
_PUNCT_TABLE[ord("&")] = " and "

# Phrases -> one equipment kind. A kind maps to a catalog load type in _KIND_LOAD.
_EQUIPMENT_PHRASES = {
    "barbell": "barbell", "bb": "barbell", "barbel": "barbell", "olympic bar": "barbell",
    "dumbbell": "dumbbell", "db": "dumbbell", "dumbell": "dumbbell", "dumbel": "dumbbell",
    "kettlebell": "kettlebell", "kb": "kettlebell", "kettle bell": "kettlebell",
    "ez bar": "ez_bar", "ez curl bar": "ez_bar", "ezbar": "ez_bar", "ez": "ez_bar", "ez curl": "ez_bar curl",
    "trap bar": "trap_bar", "hex bar": "trap_bar", "trapbar": "trap_bar",
    "safety bar": "safety_bar", "safety squat bar": "safety_bar", "ssb": "safety_bar",
    "smith machine": "smith", "smith": "smith",
    "cable": "cable", "pulley": "cable", "cable machine": "cable",
    "machine": "machine", "lever": "machine", "hammer strength": "machine", "plate loaded": "machine",
    "machine plate": "machine", "selectorized": "machine", "nautilus": "machine",
    "band": "band", "banded": "band", "resistance band": "band", "mini band": "band",
    "bodyweight": "bodyweight", "body weight": "bodyweight", "bw": "bodyweight",
    "weighted": "weighted", "assisted": "assisted",
    "plate": "plate",
    "ring": "rings", "gymnastic ring": "rings", "trx": "rings", "suspension": "rings",
    "stability ball": "ball", "swiss ball": "ball", "fitball": "ball", "exercise ball": "ball", "bosu": "ball",
    "medicine ball": "medicine_ball", "med ball": "medicine_ball",
    "sled": "sled",
}
_KIND_LOAD = {
    "barbell": "barbell", "ez_bar": "barbell", "trap_bar": "barbell", "safety_bar": "barbell",
    "dumbbell": "dumbbell", "kettlebell": "kettlebell", "smith": "machine", "cable": "cable", "machine": "machine",
    "band": "band", "bodyweight": "bodyweight", "weighted": "bodyweight", "assisted": "machine", "plate": "none",
    "rings": "bodyweight", "ball": "bodyweight", "medicine_ball": "none", "sled": "sled",
}
# A catalog load type -> the equipment kind a name would write for it.
_LOAD_KIND = {"barbell": "barbell", "dumbbell": "dumbbell", "kettlebell": "kettlebell", "machine": "machine",
              "cable": "cable", "band": "band", "bodyweight": "bodyweight", "sled": "sled"}

# Spellings made one. Applied to the word list, longest phrase first.
_PHRASES = {
    "pull up": "pullup", "pull ups": "pullup", "chin up": "chinup", "push up": "pushup", "sit up": "situp",
    "step up": "stepup", "pull down": "pulldown", "lat pull down": "lat pulldown", "push down": "pushdown",
    "pull over": "pullover", "pull through": "pullthrough", "skull crusher": "skullcrusher",
    "skull crush": "skullcrusher", "dead lift": "deadlift", "hyper extension": "hyperextension",
    "hyper": "hyperextension", "kick back": "kickback", "cross over": "crossover", "cross cable": "crossover",
    "wood chop": "woodchop", "woodchopper": "woodchop", "wood chopper": "woodchop", "roll out": "rollout",
    "ohp": "overhead press", "rdl": "romanian deadlift", "sldl": "stiff leg deadlift", "sl dl": "stiff leg deadlift",
    "dl": "deadlift", "bss": "bulgarian split squat", "ghr": "glute ham raise", "hspu": "handstand pushup",
    "cgbp": "close grip bench press", "straight leg": "stiff leg", "stiff legged": "stiff leg",
    "bicep curl": "curl", "biceps curl": "curl", "bicep": "biceps", "tricep": "triceps",
    "triceps pushdown": "pushdown", "triceps push down": "pushdown", "triceps dip": "dip", "chest dip": "dip",
    "parallel bar dip": "dip", "parallel bar": "", "chest fly": "fly", "pec fly": "fly", "flye": "fly",
    "butterfly": "pec deck", "pec dec": "pec deck", "peck deck": "pec deck",
    "lat raise": "lateral raise", "side raise": "lateral raise", "side lateral raise": "lateral raise",
    "side delt raise": "lateral raise", "deltoid": "delt", "rear deltoid": "rear delt",
    "hamstring curl": "leg curl", "quad extension": "leg extension", "knee extension": "leg extension",
    "heel raise": "calf raise", "calve": "calf",
    "one arm": "singlearm", "1 arm": "singlearm", "unilateral": "singlearm", "single arm": "singlearm",
    "single leg": "singleleg", "one leg": "singleleg", "1 leg": "singleleg",
    "narrow grip": "close grip", "reverse grip": "underhand", "supinated": "underhand", "pronated": "overhand",
    "iso lateral": "isolateral", "t bar": "tbar", "straight arm": "straightarm",
    # notes people add to a name ("Bench press Backup", "Row - Elbows Out"), not part of the movement
    "back up": "", "backup": "", "old data": "", "old": "", "elbow out": "", "elbow in": "",  # words are singular here
    "high handle": "", "low handle": "",
}
_MAX_PHRASE = max(len(p.split()) for p in (*_PHRASES, *_EQUIPMENT_PHRASES))
_FILLER = frozenset({"and", "the", "with", "on", "of", "a", "an", "to", "for", "in", "at", "per", "from", "exercise",
                     "x", "degree", "deg"})
_IRREGULAR = {"calves": "calf", "flies": "fly", "flyes": "fly", "ups": "up", "abs": "ab",
              "biceps": "biceps", "triceps": "triceps", "press": "press", "presses": "press"}

# Words that do not change the movement, only how it is done: dropped when a name is
# matched as a variant (step 2), never when it is matched exactly (step 1). Words that can
# change the pattern ("reverse" fly, "lateral" raise, "leg" curl, "upright" row, "high" row)
# or the exercise ("bench" press, "floor" press, "chest" press) are not among them.
MODIFIERS = frozenset({
    "standing", "seated", "sitting", "lying", "kneeling", "prone", "supine", "half", "tall",
    "flat", "incline", "decline", "bar", "handle", "attachment", "rope", "straight", "vbar", "v",
    "grip", "close", "wide", "neutral", "underhand", "overhand", "hammer", "mixed", "hook", "stance",
    "singlearm", "alternating", "alternate", "alt", "both", "each", "side", "left", "right", "l", "r", "double",
    "pause", "paused", "tempo", "slow", "eccentric", "negative", "explosive", "speed", "strict", "heavy", "light",
    "partial", "full", "rom", "competition", "comp", "top", "backoff", "volume", "warmup", "amrap", "dropset",
    "supported", "elevated", "feet", "isolateral", "iso", "bilateral", "deficit", "block", "pin", "free", "bent",
    "over",
})
# Dropped too, but only when the name is no known movement with them kept: a "Paused Front
# Squat" is a front squat first, a squat second.
SOFT_MODIFIERS = frozenset({"front", "power", "hang", "rack", "box", "sumo"})
# Movement words so generic that, left alone, they name no movement ("Press", "Raise").
_GENERIC = frozenset({("press",), ("raise",), ("extension",), ("pull",), ("push",), ("hold",), ("fly",)})

# A name holding one of these is a compound movement: only steps 1-2 may map it.
COMPOUND_WORDS = frozenset({
    "squat", "deadlift", "lunge", "clean", "snatch", "jerk", "thruster", "row", "pullup", "chinup", "pulldown",
    "bench", "press", "pushup", "dip", "swing", "carry", "walk", "hinge", "muscle", "getup", "get", "split",
    "stepup", "thrust", "bridge", "morning", "pullover", "pullthrough",
})

# Isolation head words -> (words that must all be there, words that must not, the catalog exercise
# whose pattern and muscles an unknown name with them gets). First rule that fits wins.
# `safe` rules also fire beside a compound word ("Calf Press", "Tate Press").
_RULES: tuple[tuple[frozenset[str], frozenset[str], str, bool], ...] = tuple(
    (frozenset(need.split()), frozenset(avoid.split()), base, safe) for need, avoid, base, safe in (
        ("neck", "", "neck_flexion", True),
        ("shrug", "", "barbell_shrug", True),
        ("calf", "", "standing_calf_raise", True),
        ("tibialis", "", "tibialis_raise", True),
        ("wrist", "", "wrist_curl", True),
        ("forearm", "", "wrist_curl", True),
        ("pinch", "", "plate_pinch", True),
        ("gripper", "", "gripper", True),
        ("skullcrusher", "", "skullcrusher", True),
        ("straightarm", "", "straight_arm_pulldown", True),  # a lat movement, whatever its name says
        ("pushdown", "", "triceps_pushdown", True),
        ("triceps", "", "triceps_pushdown", False),  # a "Triceps Push Up" is a push-up
        ("french press", "", "overhead_triceps_extension_barbell", True),
        ("curl leg", "", "lying_leg_curl", False),
        ("curl singleleg", "", "lying_leg_curl", False),
        ("curl nordic", "", "nordic_curl", False),
        ("curl", "", "dumbbell_curl", False),
        ("extension leg", "", "leg_extension", False),
        ("extension singleleg", "", "leg_extension", False),
        ("kickback", "glute hip", "dumbbell_kickback", False),
        ("raise lateral", "", "lateral_raise", False),
        ("raise front", "", "front_raise", False),
        ("raise rear", "", "rear_delt_fly", False),
        ("raise delt", "", "lateral_raise", False),
        ("fly rear", "", "rear_delt_fly", False),
        ("fly reverse", "", "rear_delt_fly", False),
        ("fly delt", "", "rear_delt_fly", False),
        ("apart", "", "band_pull_apart", False),
        ("fly", "", "dumbbell_fly", False),
        ("crossover", "", "cable_fly", False),
        ("pec deck", "", "pec_deck", False),
        ("abduction", "", "hip_abduction_machine", False),
        ("abductor", "", "hip_abduction_machine", False),
        ("adduction", "", "hip_adduction_machine", False),
        ("adductor", "", "hip_adduction_machine", False),
        ("clamshell", "", "band_hip_abduction", False),
        ("crunch", "", "crunch", False),
        ("situp", "", "sit_up", False),
        ("raise leg", "", "lying_leg_raise", False),
        ("raise knee", "", "hanging_knee_raise", False),
        ("twist", "", "russian_twist", False),
        ("woodchop", "", "cable_woodchop", False),
        ("oblique", "", "oblique_crunch", False),
        ("plank", "", "plank", False),
        ("rollout", "", "ab_wheel_rollout", False),
    ))
# A name made only of these words is cardio (no compound word can hide in it).
_CARDIO = frozenset({
    "run", "running", "jog", "jogging", "sprint", "treadmill", "bike", "biking", "cycling", "cycle", "spin",
    "spinning", "elliptical", "trainer", "cross", "stair", "stairmaster", "stepper", "climber", "swim", "swimming",
    "walk", "walking", "hike", "hiking", "incline", "outdoor", "indoor", "rowing", "rower", "erg", "ergometer",
    "concept2", "ski", "skierg", "assault", "air", "echo", "stationary", "recumbent", "upright", "zone", "cardio",
    "easy", "interval", "intervals", "hiit", "steady", "state", "liss", "brisk", "fast", "road", "trail", "mountain",
})
# FitNotes categories that say which pattern isolation work belongs to (step 4), and which
# patterns a category allows when a variant's known movements disagree (tie-break).
_CATEGORY_BASE = {"biceps": "dumbbell_curl", "triceps": "triceps_pushdown", "abs": "crunch",
                  "calves": "standing_calf_raise", "forearms": "wrist_curl", "traps": "barbell_shrug",
                  "neck": "neck_flexion"}
_CATEGORY_PATTERNS = {
    "chest": {"horizontal_push"},
    "back": {"horizontal_pull", "vertical_pull", "hinge", "shrug"},
    "legs": {"squat", "hinge", "single_leg", "knee_flexion", "knee_extension", "calf", "hip_abduction_adduction"},
    "shoulders": {"vertical_push", "shoulder_isolation", "shrug"},
    "biceps": {"elbow_flexion"},
    "triceps": {"elbow_extension"},
    "abs": {"core", "trunk_flexion_rotation"},
    "cardio": {"conditioning"},
}


def _fold(text: str) -> str:
    """Casefold and drop accents ("Übung" -> "ubung"); keeps non-Latin letters."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if len(word) >= 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _split(name: str) -> tuple[list[str], list[str]]:
    """(words outside parentheses, words inside), folded and singular, nothing else changed."""
    folded = _fold(name)
    outside: list[str] = []
    inside: list[str] = []
    depth = 0
    buf: list[str] = []
    for ch in folded:
        if ch == "(":
            (inside if depth else outside).append("".join(buf))
            buf = []
            depth += 1
        elif ch == ")" and depth:
            inside.append("".join(buf))
            buf = []
            depth -= 1
        else:
            buf.append(ch)
    (inside if depth else outside).append("".join(buf))

    def split_words(chunks: list[str]) -> list[str]:
        out: list[str] = []
        for chunk in chunks:
            out.extend(_singular(w) for w in chunk.translate(_PUNCT_TABLE).split())
        return out

    return split_words(outside), split_words(inside)


def name_key(name: str) -> str:
    """The ordered key custom ids are made from: parenthesised words first, then the rest.

    Kept as it was when custom ids were first given out, so the same name keeps its id."""
    outside, inside = _split(name)
    return " ".join(inside + outside)


def _rewrite(tokens: list[str]) -> tuple[list[str], set[str]]:
    """Spellings made one and equipment taken out: (movement words, equipment kinds)."""
    out: list[str] = []
    kinds: set[str] = set()
    i = 0
    n = len(tokens)
    while i < n:
        for size in range(min(_MAX_PHRASE, n - i), 0, -1):
            phrase = " ".join(tokens[i:i + size])
            if phrase in _EQUIPMENT_PHRASES:
                kind, *rest = _EQUIPMENT_PHRASES[phrase].split()  # "ez curl" is the EZ bar and a curl
                kinds.add(kind)
                out.extend(rest)
                i += size
                break
            if phrase in _PHRASES:
                out.extend(_PHRASES[phrase].split())
                i += size
                break
        else:
            word = tokens[i]
            if word not in _FILLER and not word.isdigit():
                out.append(word)
            i += 1
    if "smith" in kinds:
        kinds.discard("machine")  # "Smith Machine" names one piece of equipment
    return out, kinds


def words(name: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """A name as (sorted movement words, equipment kinds): what matching compares."""
    outside, inside = _split(name)
    movement, kinds = _rewrite(outside + inside)
    return tuple(sorted(movement)), frozenset(kinds)


def equipment_of(name: str) -> str | None:
    """The load type the name's equipment implies ("Curl (Dumbbell)", "DB Curl" -> "dumbbell"), if any."""
    _, kinds = words(name)
    loads = {_KIND_LOAD[k] for k in kinds}
    if len(loads) > 1:
        loads.discard("bodyweight")  # "Weighted Pull Up (Machine)" is the machine's
    return next(iter(loads)) if len(loads) == 1 else None


def _get(obj: Any, attr: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(attr, default)
    return getattr(obj, attr, default)


class Match(NamedTuple):
    """What a name stands for.

    exercise_id: the catalog (or the user's own) exercise it names, or None.
    pattern:     its movement pattern, 'unassigned' when nothing is known.
    base_id:     the known exercise a variant, rule or category took its pattern and muscles from.
    equipment:   the load type the name's equipment implies, when it differs from base_id's.
    how:         catalog | variant | rule | category | none
    """

    exercise_id: str | None
    pattern: str
    base_id: str | None = None
    equipment: str | None = None
    how: str = "none"


_NONE = Match(None, "unassigned")
_BARBELL = frozenset({"barbell"})
Key = tuple[tuple[str, ...], frozenset[str]]


def _claim(table: dict[Any, set[str]], key: Any, ex_id: str) -> None:
    table.setdefault(key, set()).add(ex_id)


def _unique(table: dict[Any, set[str]]) -> dict[Any, str]:
    return {k: next(iter(v)) for k, v in table.items() if len(v) == 1 and k[0]}


class Known(NamedTuple):
    """What a name matched by its movement borrows from the known exercise."""

    load_type: str
    increment: float
    primary_muscles: tuple[str, ...]
    secondary_muscles: tuple[str, ...]


class NameIndex:
    """Lookup tables from normalised names to exercise ids, with a per-name cache."""

    __slots__ = ("_exact", "_stated", "_derived", "_bare", "_movements", "_broad", "_order", "_pattern", "_load",
                 "_catalog", "_cache")

    def __init__(self, catalog: Mapping[str, Any]):
        self._exact: dict[str, str] = {}
        stated: dict[Key, set[str]] = {}    # words and equipment as an alias writes them
        derived: dict[Key, set[str]] = {}   # with the equipment the load type implies added or left out
        bare: dict[Key, set[str]] = {}      # an alias without its equipment, for names that give none
        barbell: set[str] = set()           # exercises with an alias that names a plain barbell
        movements: dict[tuple[str, ...], set[str]] = {}  # variant step: words less the modifiers
        broad: dict[tuple[str, ...], set[str]] = {}      # ...less the soft modifiers too
        self._order: dict[str, int] = {}
        self._pattern: dict[str, str] = {}
        self._load: dict[str, str] = {}
        for position, (ex_id, ex) in enumerate(catalog.items()):
            self._order[ex_id] = position
            pattern = _get(ex, "pattern") or "unassigned"
            load = _get(ex, "load_type") or "none"
            self._pattern[ex_id] = pattern
            self._load[ex_id] = load
            own_kind = _LOAD_KIND.get(load)
            known = not _get(ex, "is_custom", False) and pattern != "unassigned"
            for n in (_get(ex, "name") or ex_id, *(_get(ex, "aliases") or ())):
                if not isinstance(n, str):
                    continue
                self._exact.setdefault(n.strip().casefold(), ex_id)
                movement, kinds = words(n)
                _claim(stated, (movement, kinds), ex_id)
                if not kinds and own_kind:
                    _claim(derived, (movement, frozenset({own_kind})), ex_id)
                elif kinds:
                    _claim(bare, (movement, frozenset()), ex_id)
                    if kinds == _BARBELL:
                        barbell.add(ex_id)
                if known:
                    _claim(movements, _core(movement), ex_id)
                    _claim(broad, _core(movement, SOFT_MODIFIERS), ex_id)
        self._stated = _unique(stated)
        self._derived = _unique(derived)
        # A name without equipment ("Bench Press") means the barbell form when the movement has one.
        self._bare = {k: next(iter(v)) if len(v) == 1 else next(iter(v & barbell)) for k, v in bare.items()
                      if k[0] and (len(v) == 1 or len(v & barbell) == 1)}
        self._movements = {k: v for k, v in movements.items() if k}
        self._broad = {k: v for k, v in broad.items() if k}
        self._catalog = catalog
        self._cache: dict[tuple[str, str], Match] = {}

    def exercise(self, ex_id: str) -> Known:
        """Load type, increment and muscles of a catalog exercise (a `Match.base_id`)."""
        ex = self._catalog[ex_id]
        return Known(self._load[ex_id], float(_get(ex, "increment") or 0.0),
                     tuple(_get(ex, "primary_muscles") or ()), tuple(_get(ex, "secondary_muscles") or ()))

    def lookup(self, name: str) -> str | None:
        """The catalog id `name` names (step 1 only), or None."""
        return self.match(name).exercise_id

    def match(self, name: str, category: str = "") -> Match:
        """What `name` stands for; `category` is FitNotes' Category cell, if any."""
        cache_key = (name, category)
        try:
            return self._cache[cache_key]
        except KeyError:
            pass
        found = self._match(name, category.strip().casefold())
        self._cache[cache_key] = found
        return found

    def _match(self, name: str, category: str) -> Match:
        hit = self._exact.get(name.strip().casefold())
        if hit:
            return Match(hit, self._pattern[hit], how="catalog")
        movement, kinds = words(name)
        if not movement:
            return _NONE
        key = (movement, kinds)
        hit = self._stated.get(key) or self._derived.get(key) or (None if kinds else self._bare.get(key))
        if hit:
            return Match(hit, self._pattern[hit], how="catalog")
        equipment = equipment_of(name)
        variant = (self._variant(self._movements.get(_core(movement)), equipment, category)
                   or self._variant(self._broad.get(_core(movement, SOFT_MODIFIERS)), equipment, category))
        if variant is not None:
            return variant
        return self._rule(set(movement), equipment, category)

    def _variant(self, ids: set[str] | None, equipment: str | None, category: str) -> Match | None:
        if not ids:
            return None
        patterns = {self._pattern[i] for i in ids}
        if len(patterns) > 1:
            allowed = _CATEGORY_PATTERNS.get(category, set())
            ids = {i for i in ids if self._pattern[i] in allowed}
            patterns = {self._pattern[i] for i in ids}
            if len(patterns) != 1:
                return None
        ranked = sorted(ids, key=lambda i: (self._load[i] != equipment, self._order[i]))
        base = ranked[0]
        noted = equipment if equipment is not None and equipment != self._load[base] else None
        return Match(None, self._pattern[base], base, noted, "variant")

    def _rule(self, movement: set[str], equipment: str | None, category: str) -> Match:
        compound = not movement.isdisjoint(COMPOUND_WORDS)
        for need, avoid, base, safe in _RULES:
            if need <= movement and movement.isdisjoint(avoid) and (safe or not compound) and base in self._pattern:
                return self._borrow(base, equipment, "rule")
        if movement <= _CARDIO or category == "cardio":
            return Match(None, "conditioning", None, equipment, "rule" if category != "cardio" else "category")
        base = _CATEGORY_BASE.get(category)
        if base is not None and not compound and base in self._pattern:
            return self._borrow(base, equipment, "category")
        return _NONE

    def _borrow(self, base: str, equipment: str | None, how: str) -> Match:
        noted = equipment if equipment is not None and equipment != self._load[base] else None
        return Match(None, self._pattern[base], base, noted, how)


def _core(movement: tuple[str, ...], soft: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The movement words less those that do not change the movement (and less `soft` ones)."""
    core = tuple(w for w in movement if w not in MODIFIERS and w not in soft)
    return () if core in _GENERIC else core


def build_name_index(catalog: Mapping[str, Any]) -> NameIndex:
    return NameIndex(catalog)


def map_name(name: str, catalog: Mapping[str, Any] | NameIndex) -> str | None:
    """The catalog id that `name` (another app's exercise name) stands for, or None.

    `catalog` is id -> exercise (object or dict with `name` and `aliases`), or a
    prebuilt `NameIndex` (build one when mapping many names)."""
    index = catalog if isinstance(catalog, NameIndex) else NameIndex(catalog)
    return index.lookup(name)


def custom_id(name: str) -> str:
    """A stable id for an exercise that did not map: `custom_<slug>`.

    The slug is the ordered key in ASCII ("Übung (Kabel)" -> `custom_kabel_ubung`);
    names with no ASCII letters or digits left get `custom_` + 10 hex digits of
    the key's SHA-1. Names with the same key share one id."""
    key = name_key(name)
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    slug = "_".join("".join(ch if ch.isalnum() else " " for ch in ascii_key).split())
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    if not slug:
        return f"custom_{digest}"
    if len(slug) > 60:
        return f"custom_{slug[:48].rstrip('_')}_{digest}"
    if ascii_key != key:  # non-ASCII letters dropped: keep names that differ only there apart
        return f"custom_{slug}_{digest[:6]}"
    return f"custom_{slug}"


def load_catalog(path: str | None = None) -> dict[str, dict[str, Any]]:
    """Read a catalog YAML (default: the shipped one) into id -> dict. Not used by the parsers."""
    import yaml

    from pathlib import Path

    target = Path(path) if path is not None else Path(__file__).resolve().parent.parent / "data" / "catalog.yaml"
    text = target.read_text(encoding="utf-8")
    return {item["id"]: item for item in yaml.safe_load(text)}

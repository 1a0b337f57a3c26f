"""Map other apps' exercise names onto the catalog.

The table is built from what the caller hands in (a mapping id -> exercise, where
an exercise is an object or a dict with `name` and `aliases`); nothing here reads
a file except `load_catalog`, a convenience for scripts and tests.

Lookup, in order (the first unambiguous hit wins):

1. the *ordered key*: casefolded, accents dropped, punctuation and hyphens turned
   into spaces, apostrophes dropped, plural `s`/`es` stripped per word, and the
   words in parentheses moved to the front, so "Bench Press (Barbell)" and
   "Barbell Bench Press" both read `barbell bench press`;
2. the *bag key*: the same words sorted and glued without spaces, which also
   matches "Pullup" / "Pull Up" and "Press Bench"-style reorderings;
3. the name without its parenthesised equipment, when the catalog entry it then
   matches has that equipment as its `load_type` ("Pistol Squat (Bodyweight)").

A key that two catalog entries claim is dropped (ambiguous), never guessed.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any, Mapping

__all__ = ["NameIndex", "build_name_index", "map_name", "name_key", "custom_id", "equipment_of", "load_catalog"]

_EQUIPMENT = {
    "barbell": "barbell",
    "dumbbell": "dumbbell",
    "kettlebell": "kettlebell",
    "machine": "machine",
    "smith machine": "machine",
    "cable": "cable",
    "band": "band",
    "bodyweight": "bodyweight",
    "weighted": "bodyweight",
    "assisted": "machine",
    "sled": "sled",
}

_PUNCT_TABLE = {ord(c): " " for c in "-_/\\.,;:!?()[]{}&+*#\"|<>=~^%@$"}
_PUNCT_TABLE.update({ord(c): None for c in "'`’‘´"})


def _fold(text: str) -> str:
    """Casefold and drop accents ("Übung" -> "ubung"); keeps non-Latin letters."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if len(word) >= 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _split(name: str) -> tuple[list[str], list[str]]:
    """(words outside parentheses, words inside), normalised."""
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

    def words(chunks: list[str]) -> list[str]:
        out: list[str] = []
        for chunk in chunks:
            out.extend(_singular(w) for w in chunk.translate(_PUNCT_TABLE).split())
        return out

    return words(outside), words(inside)


def name_key(name: str) -> str:
    """The ordered key: parenthesised words first, then the rest."""
    outside, inside = _split(name)
    return " ".join(inside + outside)


def _bag_key(name: str) -> str:
    outside, inside = _split(name)
    return "".join(sorted(inside + outside))


def equipment_of(name: str) -> str | None:
    """The load type named in parentheses ("Curl (Dumbbell)" -> "dumbbell"), if any."""
    _, inside = _split(name)
    joined = " ".join(inside)
    if joined in _EQUIPMENT:
        return _EQUIPMENT[joined]
    for word in inside:
        if word in _EQUIPMENT:
            return _EQUIPMENT[word]
    return None


def _get(obj: Any, attr: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(attr, default)
    return getattr(obj, attr, default)


class NameIndex:
    """Lookup tables from normalised names to exercise ids, with a per-name cache."""

    __slots__ = ("_exact", "_ordered", "_bag", "_load", "_cache")

    def __init__(self, catalog: Mapping[str, Any]):
        self._exact: dict[str, str] = {}
        ordered: dict[str, set[str]] = {}
        bag: dict[str, set[str]] = {}
        self._load: dict[str, str | None] = {}
        for ex_id, ex in catalog.items():
            names = [_get(ex, "name") or ex_id, *(_get(ex, "aliases") or ())]
            self._load[ex_id] = _get(ex, "load_type")
            for n in names:
                if not isinstance(n, str):
                    continue
                self._exact.setdefault(n.strip().casefold(), ex_id)
                ordered.setdefault(name_key(n), set()).add(ex_id)
                bag.setdefault(_bag_key(n), set()).add(ex_id)
        self._ordered = {k: next(iter(v)) for k, v in ordered.items() if len(v) == 1 and k}
        self._bag = {k: next(iter(v)) for k, v in bag.items() if len(v) == 1 and k}
        self._cache: dict[str, str | None] = {}

    def lookup(self, name: str) -> str | None:
        """The catalog id for `name`, or None when it does not map."""
        try:
            return self._cache[name]
        except KeyError:
            pass
        found = self._lookup(name)
        self._cache[name] = found
        return found

    def _lookup(self, name: str) -> str | None:
        hit = self._exact.get(name.strip().casefold())
        if hit:
            return hit
        outside, inside = _split(name)
        hit = self._ordered.get(" ".join(inside + outside)) or self._bag.get("".join(sorted(inside + outside)))
        if hit:
            return hit
        equipment = equipment_of(name)
        if equipment and outside:
            base = self._ordered.get(" ".join(outside)) or self._bag.get("".join(sorted(outside)))
            if base and self._load.get(base) == equipment:
                return base
        return None


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

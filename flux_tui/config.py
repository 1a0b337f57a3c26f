"""The settings file: `config.toml` in the platform's config directory (`$FLUX_HOME/config.toml` when set).

    units = "lb"                       # the unit until one is chosen in the app (`w`) or with `flux-tui unit`
    theme = "textual-light"
    effort = "rir"                     # how the set form asks for effort: "rpe" (default) or "rir"
    [rest]                             # seconds of rest when a slot names none (else the Brain's)
    performance = 180
    recovery = 90
    [plates]                           # the plates you own, per side, and the bar
    kg = [25, 20, 15, 10, 5, 2.5, 1.25]
    lb = [45, 35, 25, 10, 5, 2.5]
    bar_kg = 20
    bar_lb = 45
    [keymap]                           # binding id -> key (`flux-tui keys` lists the ids)
    "today.start" = "b"

Environment variables override the file: FLUX_UNITS, FLUX_THEME, FLUX_REST__PERFORMANCE,
FLUX_PLATES__KG='[20, 10]', FLUX_KEYMAP='{"today.start": "b"}'.

Validated with pydantic-settings, which costs ~190 ms to import: as much as a bare
Textual start. So a start without a file (and without those variables) never
imports it, and a start with one validates it only when the file or the
variables changed since the last validation; the validated result is kept as
JSON in the data directory, keyed by their hash (as the Brain is validated
once, at seed, and stored as JSON). A bad file gives `file:line: key: problem`
lines and the defaults: the app starts anyway and says so once.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

CONFIG_FILENAME = "config.toml"
CACHE_FILENAME = "config.validated.json"
ENV_PREFIX = "FLUX_"
# The FLUX_* variables that are settings (FLUX_HOME and FLUX_DEBUG are not).
ENV_FIELDS = ("UNITS", "THEME", "EFFORT", "REST", "PLATES", "KEYMAP")
CACHE_VERSION = 2


@dataclass(frozen=True)
class Plates:
    kg: tuple[float, ...] = (25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25)
    lb: tuple[float, ...] = (45.0, 35.0, 25.0, 10.0, 5.0, 2.5)
    bar_kg: float = 20.0
    bar_lb: float = 45.0

    def bar(self, unit: str) -> float:
        return self.bar_lb if unit == "lb" else self.bar_kg

    def sizes(self, unit: str) -> tuple[float, ...]:
        return self.lb if unit == "lb" else self.kg


@dataclass(frozen=True)
class Preferences:
    """What the settings file says (the defaults where it says nothing), and what was wrong with it."""

    units: str = "kg"
    theme: str | None = None
    effort: str = "rpe"  # "rpe" | "rir": how the set form asks for effort (stored as RPE either way)
    rest_performance: int | None = None  # None: the Brain's
    rest_recovery: int | None = None
    plates: Plates = field(default_factory=Plates)
    keymap: dict[str, str] = field(default_factory=dict)
    keymap_where: dict[str, str] = field(default_factory=dict)  # binding id -> "file:line" (for messages)
    problems: tuple[str, ...] = ()  # `file:line: key: problem`, one a line; the rest are defaults then

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Preferences":
        plates = Plates(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.pop("plates").items()})
        return cls(plates=plates, **{k: tuple(v) if k == "problems" else v for k, v in data.items()})


def config_path() -> Path:
    home = os.environ.get("FLUX_HOME")
    if home:
        return Path(home).expanduser() / CONFIG_FILENAME
    from platformdirs import user_config_path

    return user_config_path("flux-tui", appauthor=False) / CONFIG_FILENAME


def _settings_env() -> dict[str, str]:
    return {name: value for name, value in os.environ.items()
            if name.startswith(ENV_PREFIX) and name[len(ENV_PREFIX):].split("__")[0] in ENV_FIELDS}


def load_preferences(path: Path | None = None) -> Preferences:
    """The preferences, validated at most once per change of the file or the FLUX_* variables."""
    path = path or config_path()
    env = _settings_env()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raw = None
    except OSError as exc:
        return Preferences(problems=(f"{path}: cannot be read ({exc.strerror}); using the defaults",))
    if raw is None and not env:
        return Preferences()  # the plain start: no file, no variables, no pydantic
    import hashlib

    key = hashlib.sha256(json.dumps([CACHE_VERSION, str(path), raw.hex() if raw else None, sorted(env.items())])
                         .encode()).hexdigest()
    cache = _cache_path()
    cached = _read_cache(cache, key)
    if cached is not None:
        return cached
    preferences = validate(path, raw, env)
    _write_cache(cache, key, preferences)
    return preferences


def _cache_path() -> Path:
    from flux_tui.settings import data_dir

    return data_dir() / CACHE_FILENAME


def _read_cache(cache: Path, key: str) -> Preferences | None:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return Preferences.from_json(data["preferences"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no cache yet, or one from another version: validate again


def _write_cache(cache: Path, key: str, preferences: Preferences) -> None:
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(cache.name + ".partial")
        partial.write_text(json.dumps({"key": key, "preferences": preferences.to_json()}), encoding="utf-8")
        os.replace(partial, cache)
    except OSError:
        pass  # validated again next time


# --- validation (pydantic-settings, imported only here) -----------------------------------------

def validate(path: Path, raw: bytes | None, env: dict[str, str]) -> Preferences:
    """Parse and check the file and the variables; on any problem, the defaults and the problems."""
    import tomllib

    text = ""
    data: dict[str, Any] = {}
    if raw is not None:
        try:
            text = raw.decode("utf-8")
            data = tomllib.loads(text)
        except UnicodeDecodeError:
            return Preferences(problems=(f"{path}: not UTF-8 text; using the defaults",))
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
            line = f":{found.group(1)}" if found else ""
            return Preferences(problems=(f"{path}{line}: {message}; using the defaults",))
    import pydantic

    model = _settings_model()
    try:
        checked = model(**data)
    except pydantic.ValidationError as invalid:
        return Preferences(problems=tuple(_problem(path, text, env, error) for error in invalid.errors()))
    return Preferences(
        keymap_where={binding_id: _where(path, text, env, ("keymap", binding_id)) for binding_id in checked.keymap},
        units=checked.units, theme=checked.theme, effort=checked.effort, rest_performance=checked.rest.performance,
        rest_recovery=checked.rest.recovery,
        plates=Plates(tuple(checked.plates.kg), tuple(checked.plates.lb), checked.plates.bar_kg,
                      checked.plates.bar_lb),
        keymap=dict(checked.keymap))


def _settings_model() -> type:
    from typing import Literal

    from pydantic import BaseModel, ConfigDict, Field
    from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

    defaults = Plates()

    class Strict(BaseModel):
        model_config = ConfigDict(extra="forbid")

    class Rest(Strict):
        performance: int | None = Field(None, ge=10, le=1800)
        recovery: int | None = Field(None, ge=10, le=1800)

    class PlateSet(Strict):
        kg: list[float] = Field(list(defaults.kg), max_length=20)
        lb: list[float] = Field(list(defaults.lb), max_length=20)
        bar_kg: float = Field(defaults.bar_kg, ge=0, le=50)
        bar_lb: float = Field(defaults.bar_lb, ge=0, le=110)

    class FluxSettings(BaseSettings):
        model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="forbid")

        units: Literal["kg", "lb"] = "kg"
        theme: str | None = Field(None, min_length=1)
        effort: Literal["rpe", "rir"] = "rpe"
        rest: Rest = Rest()
        plates: PlateSet = PlateSet()
        keymap: dict[str, str] = {}

        @classmethod
        def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                       env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
                                       file_secret_settings: PydanticBaseSettingsSource
                                       ) -> tuple[PydanticBaseSettingsSource, ...]:
            return env_settings, init_settings  # the environment wins over the file (handed in as init)

    return FluxSettings


def _problem(path: Path, text: str, env: dict[str, str], error: dict[str, Any]) -> str:
    loc = tuple(str(part) for part in error["loc"])
    dotted = ".".join(loc)
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = "not a setting FLUX knows"
    return f"{_where(path, text, env, loc)}: {dotted}: {message}"


def _where(path: Path, text: str, env: dict[str, str], loc: tuple[str, ...]) -> str:
    """`file:line` of the key at `loc`, or the environment variable that set it."""
    variable = ENV_PREFIX + "__".join(loc[:2]).upper()
    for name in (variable, ENV_PREFIX + loc[0].upper()):
        if name in env:
            return name
    line = key_line(text, loc)
    return f"{path}:{line}" if line else str(path)


_HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$")
_KEY_PART = re.compile(r'"[^"]*"|\'[^\']*\'|[^.\s]+')


def _key_parts(key: str) -> tuple[str, ...]:
    return tuple(part.strip("\"'") for part in _KEY_PART.findall(key))


def key_line(text: str, loc: tuple[str, ...]) -> int | None:
    """The line (1-based) of the TOML key at `loc` (("keymap", "today.start"), ("units",)), found in
    the text, as tomllib reports no positions; the line of its table's header when the key is not there."""
    table: tuple[str, ...] = ()
    header_line = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = _key_parts(header.group(1))
            if header_line is None and table == loc[:len(table)]:
                header_line = number
            continue
        if "=" not in line or line.lstrip().startswith("#"):
            continue
        full = table + _key_parts(line.split("=", 1)[0])
        if full == loc[:len(full)]:  # the key, or an inline table holding it (rest = {performance = 5})
            return number
    return header_line

"""`__repr__`, `__eq__` and `__hash__` shared by the core's frozen dataclasses.

On Python 3.11 `@dataclass(frozen=True)` writes six methods per class as source
text and compiles each one with `exec`; with the rest of its work a class costs
~0.3-0.5 ms to create, and every command that reads the Brain creates some twenty
of them before doing anything (`flux-tui plan` is measured against `flux-tui
--help`). Three of the six (`__init__`, and `__setattr__`/`__delattr__`, which make
it frozen) must be per class; these three need not be. The core's classes are
declared

    @dataclass(frozen=True, repr=False, eq=False)
    class Slot(Frozen):
        ...

and behave as a plain frozen dataclass would: the same repr, equality between
instances of the same class comparing the fields as a tuple, and a hash of that
tuple. These methods are rarely called (tests, debugging, the odd set of
records), so walking `fields()` per call costs nothing that matters. (Each class
has a docstring: without one, `dataclass` builds one from `inspect.signature`.)
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any


class Frozen:
    __slots__ = ()

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
        return f"{type(self).__qualname__}({shown})"

    def _compared(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in fields(self) if f.compare)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._compared() == other._compared()  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, f.name) for f in fields(self) if (f.compare if f.hash is None else f.hash)))

"""Plates: what goes on each side of a barbell for a load, and the nearest load that can be built.

Pure. Weights are in the unit of the plate inventory (the settings file keeps one for kg and one
for lb): a plate list names the sizes owned, each as many times as wanted (a full gym's rack).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple, Sequence

_SCALE = 1000  # grams (or thousandths of a pound): plate arithmetic in integers, exact


class PlateLoad(NamedTuple):
    total: float  # what the bar and plates weigh
    per_side: tuple[float, ...]  # heaviest first
    note: str  # why `total` is not the load asked for; "" when it is

    def text(self, unit: str) -> str:
        """'2 × 20 + 2.5 kg per side': the plates on one side, grouped."""
        if not self.per_side:
            return "empty bar"
        return " + ".join(f"{n} × {_num(p)}" if n > 1 else _num(p) for p, n in self._groups()) + f" {unit} per side"

    def short(self) -> str:
        """'2×20+2.5' (per side, no unit): for a table cell."""
        return "+".join(f"{n}×{_num(p)}" if n > 1 else _num(p) for p, n in self._groups()) or "bar"

    def _groups(self) -> list[tuple[float, int]]:
        groups: list[tuple[float, int]] = []
        for plate in self.per_side:
            if groups and groups[-1][0] == plate:
                groups[-1] = (plate, groups[-1][1] + 1)
            else:
                groups.append((plate, 1))
        return groups


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _per_side_sums(plates: Sequence[int], limit: int) -> dict[int, tuple[int, ...]]:
    """Every per-side sum up to `limit` that the plates make, each with the fewest plates (heaviest first)."""
    best: dict[int, tuple[int, ...]] = {0: ()}
    for total in range(1, limit + 1):
        choice: tuple[int, ...] | None = None
        for plate in plates:
            rest = best.get(total - plate) if plate <= total else None
            if rest is not None:
                candidate = tuple(sorted((plate, *rest), reverse=True))
                if choice is None or len(candidate) < len(choice) or (len(candidate) == len(choice)
                                                                     and candidate > choice):
                    choice = candidate
        if choice is not None:
            best[total] = choice
    return best


def load_plates(target: float, bar: float, plates: Sequence[float]) -> PlateLoad:
    """The plates per side for `target` on a `bar`; a load that cannot be built becomes the nearest one
    that can (the lighter of two equally near), with a note saying so."""
    return _load_plates(target, bar, tuple(plates))


@lru_cache(maxsize=256)  # the session's table asks for its few loads on every redraw, cursor move and enter
def _load_plates(target: float, bar: float, plates: tuple[float, ...]) -> PlateLoad:
    sizes = sorted({round(p * _SCALE) for p in plates if p > 0}, reverse=True)
    bar_units, wanted = round(bar * _SCALE), round(target * _SCALE)
    if wanted <= bar_units or not sizes:
        note = "" if wanted == bar_units else (f"{_num(target)} is less than the bar ({_num(bar)})"
                                               if wanted < bar_units else "no plates in the settings")
        return PlateLoad(bar, (), note)
    per_side = (wanted - bar_units) / 2
    # The table runs in steps of the greatest common step of the plates (1.25 kg: a few hundred entries).
    from math import gcd

    step = 0
    for size in sizes:
        step = gcd(step, size)
    limit = int(per_side // step) + max(sizes) // step + 1
    sums = _per_side_sums([s // step for s in sizes], limit)
    nearest = min(sums, key=lambda n: (abs(n * step - per_side), n))
    side = tuple(p * step / _SCALE for p in sums[nearest])
    total = (bar_units + 2 * nearest * step) / _SCALE
    note = "" if total * _SCALE == wanted else f"{_num(target)} cannot be built with these plates: {_num(total)}"
    return PlateLoad(total, side, note)

"""Load arithmetic: the RPE table, e1RM estimates from a set, loads for a number of reps, rounding.

Records (records.py) use Epley, what other trackers show. Loads use the RPE
table, which accounts for effort: a set of 5 at RPE 8 is the 7-rep column at
RPE 10 (two reps in reserve).
"""

from __future__ import annotations

import math

# % of 1RM for 1-12 reps at RPE 10 (Tuchscherer's chart).
_AT_RPE_10 = (1.0, 0.955, 0.922, 0.892, 0.863, 0.837, 0.811, 0.786, 0.762, 0.739, 0.707, 0.680)
_LAST = len(_AT_RPE_10)


def _column(reps_to_failure: float) -> float:
    """% of 1RM for a set taken to failure after `reps_to_failure` reps (fractional: interpolated).

    Past the table, Epley's curve continues from its last column: monotone, and never zero.
    """
    if reps_to_failure <= 1.0:
        return 1.0
    if reps_to_failure >= _LAST:
        return _AT_RPE_10[-1] * (1 + _LAST / 30) / (1 + reps_to_failure / 30)
    low = int(reps_to_failure)
    fraction = reps_to_failure - low
    below = _AT_RPE_10[low - 1]
    return below + (_AT_RPE_10[low] - below) * fraction


# (reps, rpe) -> % of 1RM, memoised: the fold estimates every working set of the history, and
# histories repeat a few dozen combinations. Bounded so odd imported values cannot grow it.
_MEMO: dict[tuple[float, float], float] = {}
_MEMO_LIMIT = 10_000


def percent_of_max(reps: float, rpe: float) -> float:
    """The fraction of 1RM that allows `reps` reps at `rpe` (RPE = 10 - reps in reserve)."""
    key = (reps, rpe)
    found = _MEMO.get(key)
    if found is None:
        found = _column(reps + 10.0 - rpe)
        if len(_MEMO) < _MEMO_LIMIT:
            _MEMO[key] = found
    return found


def estimate_max(weight: float, reps: float, rpe: float) -> float:
    """e1RM from one set of `reps` at `weight` and `rpe`."""
    return weight / percent_of_max(reps, rpe)


def load_for(max_estimate: float, reps: float, rpe: float) -> float:
    """The weight for `reps` reps at `rpe`, given an e1RM (not rounded)."""
    return max_estimate * percent_of_max(reps, rpe)


def round_to(weight: float, step: float) -> float:
    """The nearest multiple of `step` (halves round up), never below one step for a positive weight."""
    if weight <= 0.0:
        return 0.0
    steps = max(1.0, math.floor(weight / step + 0.5))
    return round(steps * step, 6)

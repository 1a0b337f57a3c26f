"""What the session screen shows, computed from the plan and the logged sets. Pure.

A session is a list of blocks (one per planned slot, then the conditioning
block, then exercises added on the way). Logged sets come from the store and
are assigned to the first block of their exercise; a set of an exercise no
block holds (an added exercise after a restart, say) makes a block of its own,
so every logged set is always shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Sequence

from flux_tui import units
from flux_tui.brain.models import Exercise
from flux_tui.engine.history import LoggedSet, working_totals


@dataclass
class Block:
    exercise_id: str
    exercise_name: str
    tracking: str
    pattern: str | None
    slot: dict[str, Any]  # a plan slot (Plan.to_dict()['slots'][i]) or the conditioning block
    kind: str = "strength"  # "strength" | "conditioning"
    planned: int = 1  # working sets planned (moves with add / skip)
    added: bool = False  # not in the plan

    @property
    def rest_seconds(self) -> int | None:
        if self.kind == "conditioning":
            return None
        return self.slot.get("rest_seconds")


@dataclass(frozen=True)
class Row:
    block: int
    label: str  # "1", "2", "W" for a warm-up
    logged: LoggedSet | None  # None: still to do
    prescribed: str
    done: str
    current: bool = False


@dataclass
class SessionModel:
    blocks: list[Block]
    unit: str = "kg"
    sets: list[LoggedSet] = field(default_factory=list)  # in set_index order
    catalog: Mapping[str, Exercise] = field(default_factory=dict)

    @classmethod
    def from_plan(cls, plan: Mapping[str, Any], catalog: Mapping[str, Exercise], unit: str,
                  sets: Sequence[LoggedSet] = ()) -> "SessionModel":
        blocks = []
        for slot in plan.get("slots", ()):
            exercise = catalog.get(slot["exercise"])
            blocks.append(Block(
                exercise_id=slot["exercise"], exercise_name=slot.get("exercise_name") or slot["exercise"],
                tracking=exercise.tracking if exercise else "weight_reps", pattern=slot.get("pattern"),
                slot=dict(slot), planned=int(slot.get("sets", 1)),
            ))
        conditioning = plan.get("conditioning")
        if conditioning:
            exercise = catalog.get(conditioning["exercise"])
            blocks.append(Block(
                exercise_id=conditioning["exercise"],
                exercise_name=conditioning.get("exercise_name") or conditioning["exercise"],
                tracking=exercise.tracking if exercise else "intervals", pattern="conditioning",
                slot=dict(conditioning), kind="conditioning", planned=1,
            ))
        model = cls(blocks, unit, catalog=catalog)
        model.set_logged(sets)
        return model

    # --- sets -----------------------------------------------------------------

    def set_logged(self, sets: Sequence[LoggedSet]) -> None:
        """Replace the logged sets (as read back from the store); blocks for unplanned exercises appear."""
        self.sets = sorted(sets, key=lambda s: s.set_index)
        known = {b.exercise_id for b in self.blocks}
        for logged in self.sets:
            if logged.exercise_id not in known:
                self.blocks.append(self._block_for(logged.exercise_id, planned=0))
                known.add(logged.exercise_id)

    def _block_for(self, exercise_id: str, planned: int = 1) -> Block:
        exercise = self.catalog.get(exercise_id)
        name = exercise.name if exercise else exercise_id
        tracking = exercise.tracking if exercise else "weight_reps"
        pattern = exercise.pattern if exercise else None
        kind = "conditioning" if tracking == "intervals" else "strength"
        return Block(exercise_id, name, tracking, pattern, {"sets": planned}, kind=kind, planned=planned, added=True)

    def block_sets(self, index: int) -> list[LoggedSet]:
        block = self.blocks[index]
        first = next(i for i, b in enumerate(self.blocks) if b.exercise_id == block.exercise_id)
        return [s for s in self.sets if s.exercise_id == block.exercise_id] if first == index else []

    def working_done(self, index: int) -> int:
        return sum(1 for s in self.block_sets(index) if not s.is_warmup)

    def pending(self, index: int) -> int:
        return max(0, self.blocks[index].planned - self.working_done(index))

    # --- changes the person makes -------------------------------------------------

    def swap(self, index: int, exercise_id: str) -> None:
        """Put another exercise in this block; sets already logged stay with their exercise."""
        old = self.blocks[index]
        done = self.working_done(index)
        exercise = self.catalog.get(exercise_id)
        slot = {**old.slot, "exercise": exercise_id, "exercise_name": exercise.name if exercise else exercise_id}
        if old.kind == "strength":
            slot["load"] = None
            slot.pop("target_reps", None)
        new = replace(old, exercise_id=exercise_id, exercise_name=slot["exercise_name"], slot=slot,
                      tracking=exercise.tracking if exercise else old.tracking)
        if done:
            # The logged sets keep a block of their own; the new exercise takes what is left.
            self.blocks[index] = replace(old, planned=done)
            new.planned = max(1, old.planned - done)
            self.blocks.insert(index + 1, new)
        else:
            self.blocks[index] = new

    def add_exercise(self, exercise_id: str, sets: int = 3) -> int:
        existing = next((i for i, b in enumerate(self.blocks) if b.exercise_id == exercise_id), None)
        if existing is not None:
            self.blocks[existing].planned += 1
            return existing
        block = self._block_for(exercise_id, planned=sets if self._tracking(exercise_id) != "intervals" else 1)
        self.blocks.append(block)
        return len(self.blocks) - 1

    def _tracking(self, exercise_id: str) -> str:
        exercise = self.catalog.get(exercise_id)
        return exercise.tracking if exercise else "weight_reps"

    def add_set(self, index: int) -> None:
        self.blocks[index].planned += 1

    def skip_set(self, index: int) -> bool:
        """One planned set fewer; False when there is no set left to skip."""
        if self.pending(index) == 0:
            return False
        self.blocks[index].planned -= 1
        return True

    # --- what the screen shows ------------------------------------------------------

    def prescribed_text(self, index: int) -> str:
        block = self.blocks[index]
        if block.kind == "conditioning":
            if "prescription" in block.slot:
                p = block.slot["prescription"]
                return f"{p['rounds']} × {p['work_seconds']}s/{p['rest_seconds']}s L{block.slot.get('level', '?')}"
            return "intervals"
        if any(block.slot.get(k) is not None for k in ("reps", "seconds", "distance")):
            return units.single_prescription_text(block.slot, self.unit)
        return "—"

    def active_block(self) -> int | None:
        """The block being worked: the last logged set's, while it has sets to do; else the first with any."""
        if self.sets:
            last = self.sets[-1].exercise_id
            index = next((i for i, b in enumerate(self.blocks) if b.exercise_id == last), None)
            if index is not None and self.pending(index):
                return index
        return next((i for i in range(len(self.blocks)) if self.pending(i)), None)

    def rows(self) -> list[Row]:
        rows: list[Row] = []
        active = self.active_block()
        current_found = False
        for index, block in enumerate(self.blocks):
            prescribed = self.prescribed_text(index)
            number = 0
            for logged in self.block_sets(index):
                if logged.is_warmup:
                    label = "W"
                else:
                    number += 1
                    label = str(number)
                rows.append(Row(index, label, logged, prescribed if not logged.is_warmup else "warm-up",
                                units.set_text(logged, self.unit)))
            for _ in range(self.pending(index)):
                number += 1
                current = index == active and not current_found
                current_found = current_found or current
                rows.append(Row(index, str(number), None, prescribed, "", current))
        return rows

    def totals(self) -> tuple[int, float]:
        """(working sets, volume in kg) so far."""
        return working_totals(self.sets)

    # --- the set form ------------------------------------------------------------------

    def prefill(self, index: int, last: LoggedSet | None = None, timer_rounds: int | None = None) -> dict[str, str]:
        """Form values for the block's next set: this session's last set of it, else the
        prescription, else last time's numbers (`last`, a LoggedSet from history)."""
        block = self.blocks[index]
        done = [s for s in self.block_sets(index) if not s.is_warmup]
        if block.kind == "conditioning" or block.tracking == "intervals":
            p = block.slot.get("prescription", {})
            values = {"rounds_completed": str(timer_rounds if timer_rounds is not None else p.get("rounds", ""))}
            for key, target in p.get("target", {}).items():
                values[key] = units.number(float(target), 1)
            if done:
                values.update({k: units.number(float(v), 1) for k, v in done[-1].metadata.items()
                               if isinstance(v, (int, float)) and k != "rounds_completed"})
            return values
        source = done[-1] if done else None
        slot = block.slot
        values: dict[str, str] = {}
        weight = None
        if source is not None:
            weight = source.weight
        elif slot.get("load") is not None:
            weight = slot["load"]
        elif last is not None:
            weight = last.weight
        elif self._load_type(block.exercise_id) == "barbell":
            weight = 20.0 if self.unit == "kg" else 45 * units.KG_PER_LB  # the empty bar
        values["weight"] = units.weight_field(weight, self.unit)
        if source is not None:
            reps, seconds, distance = source.reps, source.seconds, source.distance
        else:
            rng = slot.get("reps")
            reps = slot.get("target_reps") or (rng[0] if rng else None)
            seconds, distance = slot.get("seconds"), slot.get("distance")
            if last is not None:
                reps = reps or last.reps
                seconds = seconds or last.seconds
                distance = distance or last.distance
        values["reps"] = "" if reps is None else str(reps)
        values["seconds"] = "" if seconds is None else units.number(float(seconds), 1)
        values["distance"] = "" if distance is None else units.number(float(distance), 1)
        return values

    def _load_type(self, exercise_id: str) -> str | None:
        exercise = self.catalog.get(exercise_id)
        return exercise.load_type if exercise else None

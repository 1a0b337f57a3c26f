"""What the session screen shows, computed from the plan and the logged sets. Pure.

A session is a list of blocks (one per planned slot, then the conditioning
block, then exercises added on the way). Logged sets come from the store and
are assigned to the first block of their exercise; a set of an exercise no
block holds (an added exercise after a restart, say) makes a block of its own,
so every logged set is always shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, Sequence, Union

from flux_tui import units
from flux_tui.brain.models import Exercise
from flux_tui.engine.bodyweight import PLAIN, Loads, working_totals
from flux_tui.engine.history import SET_TYPE_WORDS, LoggedSet
from flux_tui.engine.plan import Plan, PlannedConditioning, PlannedSlot
from flux_tui.engine.plates import PlateLoad
from flux_tui.engine.progression import Work

LOADED = ("barbell", "dumbbell", "kettlebell", "machine", "cable", "sled")  # load types a set states a weight of
ADDED = "added"  # the scheme of a slot the person added during the session (no prescription)
Slot = Union[PlannedSlot, PlannedConditioning]


@dataclass
class Block:
    exercise_id: str
    exercise_name: str
    tracking: str
    pattern: str | None
    slot: Slot | None  # the plan's slot or conditioning block; None: added, nothing prescribed
    kind: str = "strength"  # "strength" | "conditioning"
    planned: int = 1  # working sets planned (moves with add / skip)
    added: bool = False  # not in the plan
    warmups: tuple[Work, ...] = ()  # the ramp before the first working set (engine/warmup.py)

    @property
    def rest_seconds(self) -> int | None:
        if isinstance(self.slot, PlannedSlot) and self.slot.rest_seconds > 0:
            return self.slot.rest_seconds
        return None

    @property
    def group(self) -> str:
        """The superset/circuit letter of the plan's slot; "" when ungrouped."""
        return self.slot.group if isinstance(self.slot, PlannedSlot) else ""

    @property
    def rep_range(self) -> tuple[int, int] | None:
        return self.slot.reps if isinstance(self.slot, PlannedSlot) else None


@dataclass(frozen=True)
class Row:
    block: int
    label: str  # "1", "2", "W" for a warm-up
    logged: LoggedSet | None  # None: still to do
    prescribed: str
    done: str
    current: bool = False  # the next set to do (where the cursor goes after a log)
    warmup: Work | None = None  # a planned warm-up still to do: its load and reps
    plates: str = ""  # a barbell load's plates per side ('2×20+2.5')


@dataclass
class SessionModel:
    blocks: list[Block]
    unit: str = "kg"
    sets: list[LoggedSet] = field(default_factory=list)  # in set_index order
    catalog: Mapping[str, Exercise] = field(default_factory=dict)
    # kg -> the plates for a barbell load in the user's unit (settings); None: plates not shown
    plates: Callable[[float], PlateLoad] | None = None
    loads: Loads = PLAIN  # what each set moves, for the volume (Training.loads: the bodyweight counted)

    @classmethod
    def from_plan(cls, plan: Plan, catalog: Mapping[str, Exercise], unit: str,
                  sets: Sequence[LoggedSet] = ()) -> "SessionModel":
        blocks = []
        for slot in plan.slots:
            exercise = catalog.get(slot.exercise)
            tracking = exercise.tracking if exercise else "weight_reps"
            added = slot.scheme == ADDED
            blocks.append(Block(
                exercise_id=slot.exercise, exercise_name=slot.exercise_name, tracking=tracking,
                pattern=slot.pattern or (exercise.pattern if exercise else None), slot=None if added else slot,
                kind="conditioning" if tracking == "intervals" else "strength", planned=slot.sets, added=added,
            ))
        conditioning = plan.conditioning
        if conditioning is not None:
            exercise = catalog.get(conditioning.exercise)
            blocks.append(Block(
                exercise_id=conditioning.exercise, exercise_name=conditioning.exercise_name,
                tracking=exercise.tracking if exercise else "intervals", pattern="conditioning",
                slot=conditioning, kind="conditioning", planned=1,
            ))
        model = cls(blocks, unit, catalog=catalog)
        model.set_logged(sets)
        return model

    def to_plan(self, base: Plan) -> Plan:
        """The session as it stands (swaps, added exercises and sets, skips): what is stored with it,
        so a restart shows it again. The conditioning block is the plan's, or the first one added."""
        slots: list[PlannedSlot] = []
        conditioning: PlannedConditioning | None = None
        for block in self.blocks:
            if isinstance(block.slot, PlannedConditioning) and conditioning is None:
                conditioning = block.slot._replace(exercise=block.exercise_id, exercise_name=block.exercise_name)
            elif isinstance(block.slot, PlannedSlot):
                slots.append(block.slot._replace(sets=block.planned))
            else:
                slots.append(PlannedSlot(
                    pattern=block.pattern or "", exercise=block.exercise_id, exercise_name=block.exercise_name,
                    sets=block.planned, reps=None, seconds=None, distance=None, load=None, target_reps=None,
                    rpe=0.0, rest_seconds=0, is_anchor=False, scheme=ADDED, work=(), note=""))
        return base._replace(slots=tuple(slots), conditioning=conditioning)

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
        return Block(exercise_id, name, tracking, pattern, None, kind=kind, planned=planned, added=True)

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
        name = exercise.name if exercise else exercise_id
        slot = old.slot
        if isinstance(slot, PlannedSlot):
            # the old exercise's loads do not transfer: the reps and the rest stay, the loads go
            slot = slot._replace(exercise=exercise_id, exercise_name=name, load=None, target_reps=None, note="",
                                 work=tuple(Work(None, None, w.amrap) for w in slot.work))
        elif isinstance(slot, PlannedConditioning):
            slot = slot._replace(exercise=exercise_id, exercise_name=name)
        new = replace(old, exercise_id=exercise_id, exercise_name=name, slot=slot,
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
        slot = self.blocks[index].slot
        if isinstance(slot, PlannedConditioning):
            return f"{slot.rounds} × {slot.work_seconds}s/{slot.rest_seconds}s L{slot.level}"
        if self.blocks[index].kind == "conditioning":
            return "intervals"
        if isinstance(slot, PlannedSlot) and (slot.reps, slot.seconds, slot.distance) != (None, None, None):
            return units.single_prescription_text(slot.to_dict(), self.unit)
        return "—"

    def active_block(self) -> int | None:
        """The block being worked: the last logged set's, while it has sets to do; else the first with any.
        After a working set of a grouped block: the next block of its group with a set to do (round-robin)."""
        if self.sets:
            last = self.sets[-1]
            index = next((i for i, b in enumerate(self.blocks) if b.exercise_id == last.exercise_id), None)
            if index is not None and self.blocks[index].group and not last.is_warmup:
                following = self.next_in_group(index)
                if following is not None:
                    return following
            if index is not None and self.pending(index):
                return index
        return next((i for i in range(len(self.blocks)) if self.pending(i)), None)

    def next_in_group(self, index: int) -> int | None:
        """The group's next block after `index` (slot order, wrapping round) with a working set to do."""
        members = [i for i, b in enumerate(self.blocks) if b.group == self.blocks[index].group]
        at = members.index(index)
        return next((i for i in members[at + 1:] + members[:at + 1] if self.pending(i)), None)

    def round_over(self, index: int) -> bool:
        """Whether a working set just logged on block `index` ends a round: always for an ungrouped block;
        for a grouped one, unless the group's next block to do comes later in slot order (no rest within)."""
        if not self.blocks[index].group:
            return True
        following = self.next_in_group(index)
        return following is None or following <= index

    def pending_warmups(self, index: int) -> tuple[Work, ...]:
        """The planned warm-ups still to do: none once a working set is logged; one fewer per warm-up logged."""
        sets = self.block_sets(index)
        if any(not s.is_warmup for s in sets):
            return ()
        return self.blocks[index].warmups[sum(1 for s in sets if s.is_warmup):]

    def plates_text(self, index: int, kg: float | None) -> str:
        if self.plates is None or kg is None or self._load_type(self.blocks[index].exercise_id) != "barbell":
            return ""
        return self.plates(kg).short()

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
                kind = logged.kind
                rows.append(Row(index, label, logged, prescribed if kind == "working" else SET_TYPE_WORDS[kind],
                                units.set_text(logged, self.unit), plates=self.plates_text(index, logged.weight)))
            todo = [(w, "W") for w in self.pending_warmups(index)]
            for _ in range(self.pending(index)):
                number += 1
                todo.append((None, str(number)))
            slot = block.slot
            for warmup, label in todo:
                current = index == active and not current_found
                current_found = current_found or current
                if warmup is not None:
                    text = f"warm-up {warmup.reps} @ {units.weight_text(warmup.load, self.unit)}"
                    load = warmup.load
                else:
                    text, load = prescribed, slot.load if isinstance(slot, PlannedSlot) else None
                rows.append(Row(index, label, None, text, "", current, warmup, self.plates_text(index, load)))
        return rows

    def totals(self) -> tuple[int, float]:
        """(working sets, volume in kg) so far."""
        return working_totals(self.sets, self.loads)

    # --- the set form ------------------------------------------------------------------

    def prefill(self, index: int, last: LoggedSet | None = None, timer_rounds: int | None = None) -> dict[str, str]:
        """Form values for the block's next set: this exercise's last working set (this session's, else
        `last`, the history's at the slot's rep range), else the prescription. A weight nothing gives is
        left blank (`needs_weight` says so) — never a guess like an empty bar."""
        block = self.blocks[index]
        done = [s for s in self.block_sets(index) if not s.is_warmup]
        slot = block.slot
        if block.kind == "conditioning" or block.tracking == "intervals":
            values: dict[str, str] = {}
            if isinstance(slot, PlannedConditioning):
                values["rounds_completed"] = str(timer_rounds if timer_rounds is not None else slot.rounds)
                values.update({key: units.number(float(target), 1) for key, target in slot.target.items()})
            else:
                values["rounds_completed"] = "" if timer_rounds is None else str(timer_rounds)
            if done:
                values.update({k: units.number(float(v), 1) for k, v in done[-1].metadata.items()
                               if isinstance(v, (int, float)) and k != "rounds_completed"})
            return values
        source = done[-1] if done else last
        planned = slot if isinstance(slot, PlannedSlot) else None
        if source is not None:
            weight, reps, seconds, distance = source.weight, source.reps, source.seconds, source.distance
        else:
            weight = planned.load if planned else None
            rng = planned.reps if planned else None
            reps = (planned.target_reps if planned else None) or (rng[0] if rng else None)
            seconds = planned.seconds if planned else None
            distance = planned.distance if planned else None
        return {
            "weight": units.weight_field(weight, self.unit),
            "reps": "" if reps is None else str(reps),
            "seconds": "" if seconds is None else units.number(float(seconds), 1),
            "distance": "" if distance is None else units.number(float(distance), 1),
        }

    def weighted(self, index: int) -> bool:
        """Whether a set of this block must say its weight: a loaded exercise (not bodyweight, band…)."""
        block = self.blocks[index]
        return "weight" in block.tracking and self._load_type(block.exercise_id) in LOADED

    def needs_weight(self, index: int, values: Mapping[str, str]) -> bool:
        """Whether the form should ask for a working weight: a loaded exercise with none known."""
        return self.weighted(index) and not values.get("weight")

    def next_set_type(self, index: int) -> str:
        """The type the form starts at: AMRAP where the plan prescribes this set as one."""
        slot = self.blocks[index].slot
        done = self.working_done(index)
        if isinstance(slot, PlannedSlot) and done < len(slot.work) and slot.work[done].amrap:
            return "amrap"
        return "working"

    def _load_type(self, exercise_id: str) -> str | None:
        exercise = self.catalog.get(exercise_id)
        return exercise.load_type if exercise else None

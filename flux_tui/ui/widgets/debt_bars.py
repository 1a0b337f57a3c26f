"""Pattern debts as bars: hard sets owed against each pattern's cap."""

from __future__ import annotations

from typing import Mapping

from rich.text import Text
from textual.widgets import Static

from flux_tui.units import pattern_text


def bar(fraction: float, width: int) -> Text:
    fraction = 0.0 if fraction < 0 else (1.0 if fraction > 1 else fraction)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if part else ""
    filled = "█" * full + partial
    style = "red" if fraction >= 0.75 else ("yellow" if fraction >= 0.4 else "green")
    return Text.assemble((filled, style), ("·" * (width - len(filled)), "dim"))


ACCESSORIES_SHOWN = 4  # the accessory patterns owing the largest share of their cap; the rest are counted


class DebtBars(Static):
    DEFAULT_CSS = "DebtBars { height: auto; }"

    def show(self, debts: Mapping[str, float], caps: Mapping[str, float], bar_width: int = 10) -> None:
        """Every compound pattern, in the model's order, then the most-owed accessory patterns."""
        from flux_tui.brain.models import COMPOUND_PATTERNS, PATTERNS

        order = {p: i for i, p in enumerate(PATTERNS)}
        tracked = sorted(caps, key=lambda p: order.get(p, len(order)))
        compound = [p for p in tracked if p in COMPOUND_PATTERNS]
        accessory = sorted((p for p in tracked if p not in COMPOUND_PATTERNS),
                           key=lambda p: (-(debts.get(p, 0.0) / caps[p] if caps[p] else 0.0), order.get(p, 0)))
        rows = []
        for pattern in compound + accessory[:ACCESSORIES_SHOWN]:
            cap = caps[pattern]
            debt = debts.get(pattern, 0.0)
            rows.append((pattern_text(pattern), bar(debt / cap if cap else 0.0, bar_width), f"{debt:.1f}/{cap:g}"))
        hidden = len(accessory) - ACCESSORIES_SHOWN
        footnote = f"+{hidden} accessory" if hidden > 0 else None
        # Columns as plain padded text: a Rich Table here was measured and drawn twice a frame, the
        # largest part of Today's first paint (docs/performance.md, "Start-up to 1.3× again").
        name_width = max([len(name) for name, _, _ in rows] + [len(footnote or "")])
        owed_width = max((len(owed) for _, _, owed in rows), default=0)
        lines = [Text.assemble(name.ljust(name_width), " ", drawn, " ", owed.rjust(owed_width))
                 for name, drawn, owed in rows]
        if footnote is not None:
            lines.append(Text.assemble((footnote.ljust(name_width), "dim"), " " * (bar_width + owed_width + 2)))
        self.update(Text("\n", no_wrap=True, overflow="ellipsis").join(lines))

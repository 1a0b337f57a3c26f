"""A keyboard-driven list of any length, rendered through Textual's line API.

Textual's `DataTable` builds every row up front (seconds at 100,000 rows).
`VirtualList` instead sets `virtual_size` to the row count and, in
`render_line(y)`, asks its `PagedRows` for the row at `scroll_y + y` only; rows
come from the store a page at a time (by offset) and the recent pages stay in an
LRU cache, as do the rendered lines. A key press therefore costs the same at a
thousand rows and at a million: at most one page query and a screenful of lines.

Fetching in `render_line` is a blocking store call on the UI thread. That is on
purpose: every page query the history screens give it walks an index and costs
~1-3 ms at any depth of a million-set history (migration 0002), less than
rendering the screen; a worker would add a blank frame per page for no gain.
Anything slower (filters, plots) is run in a thread worker by the screens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, ClassVar, Generic, Sequence, TypeVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from flux_tui.ui import bindings

T = TypeVar("T")

PAGE_SIZE = 64
PAGES_CACHED = 32


class PagedRows(Generic[T]):
    """`count` rows read a page at a time through `fetch(offset, limit)`, recent pages kept."""

    def __init__(self, fetch: Callable[[int, int], Sequence[T]], count: int, page_size: int = PAGE_SIZE,
                 pages_cached: int = PAGES_CACHED) -> None:
        self._fetch = fetch
        self.count = count
        self.page_size = page_size
        self._pages: LRUCache[int, Sequence[T]] = LRUCache(pages_cached)
        self.fetches = 0  # pages read so far (tests and benchmarks look)

    @classmethod
    def of(cls, items: Sequence[T]) -> "PagedRows[T]":
        """Rows already in memory (a session's sets)."""
        return cls(lambda offset, limit: items[offset:offset + limit], len(items))

    def __len__(self) -> int:
        return self.count

    def get(self, index: int) -> T | None:
        if not 0 <= index < self.count:
            return None
        number, within = divmod(index, self.page_size)
        page = self._pages.get(number)
        if page is None:
            page = self._fetch(number * self.page_size, self.page_size)
            self.fetches += 1
            self._pages.set(number, page)
        return page[within] if within < len(page) else None

    def prefetch(self, index: int) -> None:
        """Read the page holding `index` now, if it is a row and not cached."""
        if 0 <= index < self.count and self._pages.get(index // self.page_size) is None:
            self.get(index)


class VirtualList(ScrollView, Generic[T], can_focus=True):
    """Rows from a `PagedRows`, one line each, drawn by `formatter(row, index) -> Text`, with a cursor."""

    DEFAULT_CSS = """
    VirtualList {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        scrollbar-size-vertical: 1;
    }
    VirtualList > .virtual-list--cursor {
        background: $block-cursor-blurred-background;
    }
    VirtualList:focus > .virtual-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    VirtualList > .virtual-list--muted { color: $text-muted; }
    VirtualList > .virtual-list--warning { color: $text-warning; }
    VirtualList > .virtual-list--accent { color: $text-accent; text-style: bold; }
    VirtualList > .virtual-list--success { color: $text-success; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-list--cursor", "virtual-list--muted", "virtual-list--warning", "virtual-list--accent",
        "virtual-list--success",
    }

    BINDINGS = bindings.VIRTUAL_LIST

    cursor: reactive[int] = reactive(0, init=False)

    @dataclass
    class Selected(Message):
        """Enter (or a second click) on a row."""

        virtual_list: VirtualList
        index: int
        row: object

        @property
        def control(self) -> "VirtualList":
            return self.virtual_list

    def __init__(self, formatter: Callable[[T, int], Text], rows: PagedRows[T] | None = None, *,
                 empty: str = "Nothing here yet.", name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._formatter = formatter
        self._rows: PagedRows[T] | None = rows
        self.empty = empty
        self._lines: LRUCache[tuple[int, int, bool, bool], Strip] = LRUCache(256)
        self._styles: dict[str, Style] = {}
        self._prefetch_pending = False

    # --- data -----------------------------------------------------------------

    @property
    def rows(self) -> PagedRows[T] | None:
        return self._rows

    @property
    def row_count(self) -> int:
        return 0 if self._rows is None else len(self._rows)

    def set_rows(self, rows: PagedRows[T] | None, cursor: int = 0) -> None:
        """Show other rows (a new filter): the cursor goes to `cursor`, the view to the top."""
        self._rows = rows
        self._lines.clear()
        self.virtual_size = Size(0, self.row_count)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.set_reactive(VirtualList.cursor, self.validate_cursor(cursor))
        self._keep_cursor_in_view()
        self.refresh()

    def refresh_rows(self) -> None:
        """Draw again (the formatter's inputs changed); rows stay cached."""
        self._lines.clear()
        self.refresh()

    @property
    def highlighted(self) -> T | None:
        return None if self._rows is None else self._rows.get(self.cursor)

    def on_mount(self) -> None:
        self.virtual_size = Size(0, self.row_count)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._lines.clear()

    def style(self, name: str) -> Style:
        """A rich Style from the component classes: 'muted', 'warning', 'accent', 'success'."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(f"virtual-list--{name}", partial=name != "cursor")
        return style

    # --- the cursor -------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.row_count - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._keep_cursor_in_view()
        self.refresh_lines(old)
        self.refresh_lines(new)

    def _keep_cursor_in_view(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_page_down(self) -> None:
        # Move the view a page and the cursor with it, so it stays at the same line on screen.
        page = self._page()
        self.scroll_to(y=self.scroll_y + page, animate=False, immediate=True)
        self.cursor += page

    def action_cursor_page_up(self) -> None:
        page = self._page()
        self.scroll_to(y=self.scroll_y - page, animate=False, immediate=True)
        self.cursor -= page

    def action_cursor_first(self) -> None:
        self.cursor = 0

    def action_cursor_last(self) -> None:
        self.cursor = self.row_count - 1

    def action_select(self) -> None:
        row = self.highlighted
        if row is not None:
            self.post_message(self.Selected(self, self.cursor, row))

    async def _on_click(self, event: events.Click) -> None:
        index = round(self.scroll_y) + event.y
        if 0 <= index < self.row_count:
            again = index == self.cursor
            self.cursor = index
            if again or event.chain >= 2:
                self.action_select()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh_lines(self.cursor)

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh_lines(self.cursor)

    def refresh_lines(self, y_start: int, line_count: int = 1) -> None:  # type: ignore[override]
        for index in range(y_start, y_start + line_count):
            for key in [k for k in self._lines.keys() if k[0] == index]:
                self._lines.discard(key)
        super().refresh_lines(y_start, line_count)

    # --- rendering ----------------------------------------------------------------

    def _prefetch(self) -> None:
        """After a frame is out, read the pages just above and below the view (idle time, not a key's)."""
        self._prefetch_pending = False
        if self._rows is not None:
            top, height = round(self.scroll_y), self._page()
            self._rows.prefetch(top + 2 * height)
            self._rows.prefetch(top - height)

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self._styles.get("")
        if base is None:
            base = self._styles[""] = self.rich_style
        if not self._prefetch_pending and self.row_count:
            self._prefetch_pending = True
            self.call_after_refresh(self._prefetch)
        if self.row_count == 0:
            if y == 0 and self.empty:
                text = Text(" " + self.empty, style=base + self.style("muted"), no_wrap=True)
                return Strip(list(text.render(self.app.console)), text.cell_len).crop_extend(0, width, base)
            return Strip.blank(width, base)
        if index >= self.row_count:
            return Strip.blank(width, base)
        selected = index == self.cursor
        key = (index, width, selected, self.has_focus)
        strip = self._lines.get(key)
        if strip is None:
            row = self._rows.get(index) if self._rows is not None else None
            text = Text("…") if row is None else self._formatter(row, index)
            style = base + self.style("cursor") if selected else base
            text = text.copy()
            text.stylize_before(style)
            text.no_wrap = True
            strip = Strip(list(text.render(self.app.console)), text.cell_len).crop_extend(0, width, style)
            self._lines.set(key, strip)
        return strip

"""The mapping screen, driven with Pilot on a real store holding a real export (tests/mapping/real_history.py)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList

from flux_tui.training import Training
from flux_tui.ui.screens.mapping import MappingScreen, PatternPickerScreen
from flux_tui.ui.screens.picker import PickerScreen
from tests.mapping.real_history import UNMAPPED, by_name, import_real

from .conftest import make_app, read_store, screen_text, settle


@pytest.fixture
def real_store(store_path):
    training = Training.open(store_path)
    try:
        import_real(training)
    finally:
        training.close()
    return store_path


def notes(app) -> str:
    return " | ".join(n.message for n in app._notifications)


def listed(app) -> list[str]:
    options = app.screen.query_one("#mapping-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def open_mapping(app, pilot, *keys: str) -> None:
    await settle(app, pilot)
    for key in ("m", *keys):
        await pilot.press(key)
        await settle(app, pilot)


async def type_text(pilot, text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)


def stored(path):
    training = read_store(path)
    try:
        return {row.name: row for row in training.unmapped(all_custom=True)}, training.catalog
    finally:
        training.close()


@pytest.mark.parametrize("where", [(), ("h",)], ids=["today", "history"])
async def test_the_screen_lists_the_unmapped_names_most_sets_first(real_store, clock, where):
    app = make_app(real_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key in where:
            await pilot.press(key)
            await settle(app, pilot)
        await open_mapping(app, pilot)
        assert isinstance(app.screen, MappingScreen)
        rows = listed(app)
        assert [row.split("  ", 1)[1].strip() for row in (r.strip() for r in rows)] == \
            sorted(UNMAPPED, key=lambda n: -UNMAPPED[n])
        assert rows[0].split()[0] == "18"
        assert f"3 names with no pattern · {sum(UNMAPPED.values())} sets" in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, MappingScreen)


async def test_filter_then_merge_into_a_catalog_exercise_found_by_search(real_store, clock):
    app = make_app(real_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mapping(app, pilot, "slash")
        await type_text(pilot, "leg")
        await settle(app, pilot)
        assert [r.split("  ", 1)[1].strip() for r in (x.strip() for x in listed(app))] == ["Leg Press (Custom)"]
        await pilot.press("enter")          # back to the list
        await pilot.press("enter")          # merge: the catalog search opens
        await settle(app, pilot)
        assert isinstance(app.screen, PickerScreen)
        await type_text(pilot, "leg press")
        await settle(app, pilot)
        options = app.screen.query_one("#picker-options", OptionList)
        assert options.get_option_at_index(options.highlighted).id == "leg_press"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MappingScreen)
        assert "Leg Press (Custom) (3 sets) merged into Leg Press" in notes(app)
    mine, catalog = stored(real_store)
    assert "Leg Press (Custom)" not in mine
    assert "Leg Press (Custom)" in catalog["leg_press"].aliases


async def test_give_a_pattern_found_by_search(real_store, clock):
    app = make_app(real_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mapping(app, pilot, "down", "p")   # the second row: Incline Press
        assert isinstance(app.screen, PatternPickerScreen)
        await type_text(pilot, "vert push")
        await settle(app, pilot)
        assert app.screen.query_one("#picker-options", OptionList).option_count == 1
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MappingScreen)
        assert "Incline Press" not in " ".join(listed(app))
        assert len(listed(app)) == 2
        assert "2 names with no pattern" in screen_text(app)
    mine, catalog = stored(real_store)
    assert mine["Incline Press"].pattern == "vertical_push"
    assert catalog[mine["Incline Press"].id].name == "Incline Press"


@pytest.mark.parametrize("key", ["enter", "p"])
async def test_cancel_changes_nothing(real_store, clock, key):
    before, _ = stored(real_store)
    app = make_app(real_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mapping(app, pilot, key)
        assert isinstance(app.screen, PickerScreen)
        await type_text(pilot, "squat")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, MappingScreen)
        assert len(listed(app)) == 3
    after, _ = stored(real_store)
    assert after == before


async def test_all_shows_every_exercise_of_yours_with_its_pattern(real_store, clock):
    app = make_app(real_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mapping(app, pilot, "a")
        mine, _ = stored(real_store)
        assert len(listed(app)) == len(mine) > 3
        assert any("(knee flexion)" in row.casefold() or "knee" in row.casefold() for row in listed(app))


async def test_nothing_to_map(store_path, clock):
    app = make_app(store_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mapping(app, pilot)
        assert "Nothing to map" in screen_text(app)
        await pilot.press("enter", "p")  # no row: nothing opens
        await settle(app, pilot)
        assert isinstance(app.screen, MappingScreen)


async def test_a_failed_mapping_is_reported(real_store, clock, monkeypatch):
    from flux_tui.errors import StoreRefused

    def refuse(self, mappings):
        raise StoreRefused("the disk said no")

    monkeypatch.setattr(Training, "apply_mappings", refuse)
    app = make_app(real_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mapping(app, pilot, "p")
        await pilot.press("enter")
        await settle(app, pilot)
        assert any("Could not map the exercise" in n.title and "the disk said no" in n.message
                   for n in app._notifications)
        assert len(listed(app)) == 3


async def test_the_likely_catalog_exercise_is_offered_first(real_store, clock):
    """`Lat Pulldown (Custom)` is merged into Lat Pulldown with m, enter, enter."""
    app = make_app(real_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mapping(app, pilot, "enter")
        options = app.screen.query_one("#picker-options", OptionList)
        assert options.get_option_at_index(0).id == "lat_pulldown"
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Lat Pulldown (Custom) (18 sets) merged into Lat Pulldown" in notes(app)
    mine, catalog = stored(real_store)
    assert "Lat Pulldown (Custom)" not in mine and "Lat Pulldown (Custom)" in catalog["lat_pulldown"].aliases

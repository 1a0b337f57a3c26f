"""`flux-tui exercises map`: the mapping file written, read back, filled in, refused."""

from __future__ import annotations

import hashlib

import pytest
import yaml

from tests.mapping.real_history import FILE, UNMAPPED


@pytest.fixture
def imported(cli, flux_home):
    assert cli("import", "strong", str(FILE), "--unit", "lb").status == 0
    return flux_home / "flux.sqlite3"


def _snapshot(cli):
    """What a mapping could change: every exercise, the history's sets, the state."""
    return (cli("exercises", "--json").json(), cli("history", "--json", "--limit", "100").json(),
            cli("state", "--json").json())


def test_the_file_lists_the_unmapped_names_with_their_sets_most_first(cli, imported):
    written = cli("exercises", "map")
    assert written.status == 0
    document = yaml.safe_load(written.out)
    assert list(document) == sorted(UNMAPPED, key=lambda n: -UNMAPPED[n])
    assert all(document[name] == {"sets": sets, "exercise": None, "pattern": None} for name, sets in UNMAPPED.items())
    every = yaml.safe_load(cli("exercises", "map", "--all").out)
    mine = {e["name"] for e in cli("exercises", "--json").json() if e["is_custom"]}
    assert set(every) == mine and set(UNMAPPED) < mine


@pytest.mark.parametrize("every", [False, True])
def test_the_file_written_then_read_back_changes_nothing(cli, imported, tmp_path, every):
    path = tmp_path / "map.yaml"
    assert cli("exercises", "map", "-o", str(path), *(["--all"] if every else [])).status == 0
    before, digest = _snapshot(cli), hashlib.sha256(path.read_bytes()).hexdigest()
    applied = cli("exercises", "map", str(path), "--json")
    assert applied.status == 0 and applied.json()["changes"] == []
    assert _snapshot(cli) == before
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_a_filled_in_file_previews_then_applies(cli, imported, tmp_path):
    path = tmp_path / "map.yaml"
    assert cli("exercises", "map", "-o", str(path)).status == 0
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["Lat Pulldown (Custom)"]["exercise"] = "Lat Pulldown"   # by name
    document["Leg Press (Custom)"]["exercise"] = "leg_press"          # by id
    document["Incline Press"]["pattern"] = "horizontal_push"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    before = _snapshot(cli)

    preview = cli("exercises", "map", str(path), "--dry-run")
    assert preview.status == 0
    assert "Lat Pulldown (Custom) (18 sets) → merged into Lat Pulldown (lat_pulldown)" in preview.out
    assert "Incline Press (9 sets) → pattern horizontal_push" in preview.out
    assert "would change 3 exercises" in preview.out
    assert _snapshot(cli) == before

    assert cli("exercises", "map", str(path)).status == 0
    exercises, history, _ = _snapshot(cli)
    mine = {e["name"]: e for e in exercises if e["is_custom"]}
    assert "Lat Pulldown (Custom)" not in mine and "Leg Press (Custom)" not in mine
    assert mine["Incline Press"]["pattern"] == "horizontal_push"
    lat = next(e for e in exercises if e["id"] == "lat_pulldown")
    assert "Lat Pulldown (Custom)" in lat["aliases"]
    used = [s["exercise"] for session in history for s in session["sets"]]
    assert used.count("lat_pulldown") >= 18 and not set(used) & {e["id"] for e in before[0]
                                                                   if e["name"] in ("Lat Pulldown (Custom)",
                                                                                    "Leg Press (Custom)")}
    assert cli("state", "--rebuild", "--json").json()["matched"] is True
    # the same file again: every name is mapped as it says
    again = cli("exercises", "map", str(path), "--json")
    assert again.status == 0 and again.json()["changes"] == []
    assert list(yaml.safe_load(cli("exercises", "map").out) or {}) == []


def test_unknown_targets_are_named_by_line_and_nothing_changes(cli, imported, tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text('"Lat Pulldown (Custom)":\n'        # 1
                    "  sets: 18\n"                       # 2
                    "  exercise: Lat Pulldwn\n"          # 3
                    "  pattern:\n"                       # 4
                    '"Incline Press":\n'                 # 5
                    "  exercise: horizontal_push\n"      # 6 a pattern where an exercise goes
                    '"Leg Press (Custom)":\n'            # 7
                    "  pattern: legs\n"                  # 8
                    '"No Such Exercise":\n'              # 9
                    "  pattern: squat\n", encoding="utf-8")
    before = _snapshot(cli)
    refused = cli("exercises", "map", str(path))
    assert refused.status != 0
    assert f"{path}:3: unknown catalog exercise 'Lat Pulldwn'" in refused.err
    assert f"{path}:6: unknown catalog exercise 'horizontal_push'" in refused.err
    assert f"{path}:8: unknown pattern 'legs'" in refused.err
    assert f"{path}:9: no exercise of your own called 'No Such Exercise'" in refused.err
    assert "nothing was changed" in refused.err and "Traceback" not in refused.err
    assert _snapshot(cli) == before


@pytest.mark.parametrize("text, line, problem", [
    ("a: [\n", 2, "not YAML"),
    ("- Incline Press\n", 1, "maps exercise names"),
    ('"Incline Press": squat\n', 1, "each entry is a name"),
    ('"Incline Press":\n  pattern: squat\n  exercise: leg_press\n', 2, "not both"),
    ('"Incline Press":\n  patern: squat\n', 2, "unknown key 'patern'"),
    ('"Incline Press":\n  pattern: squat\n"Incline Press":\n  pattern: hinge\n', 3, "listed twice"),
])
def test_a_malformed_file_is_refused_with_its_line(cli, imported, tmp_path, text, line, problem):
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    refused = cli("exercises", "map", str(path))
    assert refused.status == 1
    first = refused.err.splitlines()[0]
    assert first.startswith(f"flux-tui: {path}:{line}: ") and problem in first


def test_writing_over_an_existing_file_is_refused(cli, imported, tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text("mine\n", encoding="utf-8")
    refused = cli("exercises", "map", "-o", str(path))
    assert refused.status == 1 and "already exists" in refused.err
    assert path.read_text(encoding="utf-8") == "mine\n"


def test_assign_still_gives_a_pattern_and_the_map_file_then_omits_the_name(cli, imported):
    assert cli("exercises", "assign", "Incline Press", "horizontal_push").status == 0
    assert "Incline Press" not in yaml.safe_load(cli("exercises", "map").out)

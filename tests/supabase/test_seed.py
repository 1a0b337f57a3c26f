"""supabase/seed.sql is generated from flux_tui/data/catalog.yaml: they must agree.

Both files are parsed independently (the seed by a small SQL literal reader,
not by the generator), so a hand edit of either one fails here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "flux_tui" / "data" / "catalog.yaml"
SEED = ROOT / "supabase" / "seed.sql"

_TOKEN = re.compile(r"""\s*(?:'((?:[^']|'')*)'(::jsonb)?|(null|true|false)|(-?\d+(?:\.\d+)?))\s*(,|\))""", re.I)


def parse_seed(text: str) -> tuple[list[str], list[dict]]:
    """Read the columns and VALUES rows of the seed's one INSERT."""
    m = re.search(r"insert into public\.exercises \(([^)]*)\) values\s*(.*?)\non conflict", text, re.S | re.I)
    assert m, "seed.sql: no `insert into public.exercises (...) values ... on conflict` statement"
    columns = [c.strip() for c in m.group(1).split(",")]
    body, rows, pos = m.group(2), [], 0
    while True:
        start = body.find("(", pos)
        if start < 0:
            break
        pos, values = start + 1, []
        while True:
            t = _TOKEN.match(body, pos)
            assert t, f"seed.sql: cannot read a value at {body[pos:pos + 60]!r}"
            text_value, jsonb, word, number, end = t.groups()
            if text_value is not None:
                v = text_value.replace("''", "'")
                values.append(json.loads(v) if jsonb else v)
            elif word is not None:
                values.append({"null": None, "true": True, "false": False}[word.lower()])
            else:
                values.append(float(number))
            pos = t.end()
            if end == ")":
                break
        rows.append(dict(zip(columns, values, strict=True)))
    return columns, rows


def catalog_rows() -> list[dict]:
    return [
        {
            "id": e["id"], "name": e["name"], "pattern": e["pattern"], "modality": e.get("modality"),
            "tracking": e["tracking"], "load_type": e["load_type"],
            "increment": float(e.get("increment", 0)), "aliases": list(e.get("aliases") or []),
            "primary_muscles": list(e.get("primary_muscles") or []),
            "secondary_muscles": list(e.get("secondary_muscles") or []),
            "ratio": None if e.get("ratio") is None else float(e["ratio"]),
            "user_id": None, "is_custom": False,
        }
        for e in yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    ]


def test_seed_matches_catalog():
    _, seed = parse_seed(SEED.read_text(encoding="utf-8"))
    catalog = catalog_rows()
    assert len(catalog) >= 250
    assert all(r["primary_muscles"] for r in catalog), "every catalog exercise names a primary muscle"
    assert any(r["ratio"] is not None for r in catalog) and any(r["ratio"] is None for r in catalog)
    assert [r["id"] for r in seed] == [r["id"] for r in catalog], "ids differ or are out of order"
    for s, c in zip(seed, catalog):
        assert s == c, f"{c['id']}: seed.sql {s} != catalog.yaml {c}"


def test_catalog_ids_are_unique_slugs_not_in_the_custom_namespace():
    ids = [r["id"] for r in catalog_rows()]
    assert len(ids) == len(set(ids))
    for i in ids:
        assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", i), i
        assert not i.startswith("custom_"), f"{i}: custom_ is reserved for users' exercises"


def test_generator_is_up_to_date():
    proc = subprocess.run([sys.executable, str(ROOT / "supabase" / "scripts" / "generate_seed.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.stack
def test_seeded_database_holds_the_catalog(supabase_stack):
    out = supabase_stack.psql(
        "select json_agg(json_build_object('id', id, 'name', name, 'pattern', pattern, 'modality', modality,"
        " 'tracking', tracking, 'load_type', load_type, 'increment', increment, 'aliases', aliases,"
        " 'primary_muscles', primary_muscles, 'secondary_muscles', secondary_muscles, 'ratio', ratio,"
        " 'user_id', user_id, 'is_custom', is_custom) order by id) from public.exercises where user_id is null")
    in_db = json.loads(out)
    assert in_db == sorted(catalog_rows(), key=lambda r: r["id"])

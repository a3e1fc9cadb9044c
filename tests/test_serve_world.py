"""The bundled map outline and the script that builds it (scripts/build_world.py)."""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORLD = ROOT / "src" / "dateline" / "serve" / "static" / "world.json"


def build_world():
    spec = importlib.util.spec_from_file_location("build_world", ROOT / "scripts" / "build_world.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_script_turns_topojson_into_projected_paths_keyed_by_iso3():
    module = build_world()
    # A square "Japan" (ISO numeric 392) from 130 to 140 E, 30 to 40 N, quantised 0..10.
    topology = {
        "type": "Topology", "transform": {"scale": [1, 1], "translate": [130, 30]},
        "arcs": [[[0, 0], [10, 0], [0, 10], [-10, 0], [0, -10]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0]], "id": "392", "properties": {"name": "Japan"}},
            {"type": "Polygon", "arcs": [[0]], "id": "010", "properties": {"name": "Antarctica"}},
        ]}},
    }
    world = module.build(topology)
    assert list(world["countries"]) == ["JPN"]  # Antarctica is left out
    path = world["countries"]["JPN"]["d"]
    assert path.startswith("M310 60") and path.endswith("Z")  # lon 130 -> x 310, lat 30 -> y 60
    assert "320 50" in path


def test_a_ring_across_the_antimeridian_continues_east():
    module = build_world()
    ring = [(179.0, 65.0), (-179.0, 65.0), (-179.0, 60.0), (179.0, 60.0)]
    assert [lon for lon, _ in module.unwrap(ring)] == [179.0, 181.0, 181.0, 179.0]


def test_bundled_outline_is_compact_and_complete():
    world = json.loads(WORLD.read_text(encoding="utf-8"))
    assert "Natural Earth" in world["source"]
    countries = world["countries"]
    assert len(countries) > 170 and WORLD.stat().st_size < 100_000
    assert {"JPN", "RUS", "UKR", "USA", "FRA", "BRA", "CHN", "IND", "NGA"} <= set(countries)
    for code, country in countries.items():
        assert re.fullmatch(r"[A-Z]{3}", code) and country["name"]
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", country["d"])]
        assert numbers and all(-1 <= n <= 545 for n in numbers)

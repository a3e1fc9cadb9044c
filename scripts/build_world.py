"""Build the map outline the web page draws: src/dateline/serve/static/world.json.

    python scripts/build_world.py [TOPOJSON]

The source is Natural Earth's 1:110m admin-0 countries (public domain) as the npm package
``world-atlas`` (ISC) ships it, TopoJSON. With no argument the script fetches that package
with ``npm pack world-atlas@2.0.2`` (the npm registry) into a temporary folder.

The output is compact on purpose (the page loads it on first render): each country becomes
one SVG path in an equirectangular projection (x = lon + 180, y = 90 - lat, so the map is a
360 x 180 box), coordinates rounded to 0.1 degree, points closer than that dropped, and rings
smaller than a few tenths of a square degree dropped; Antarctica is left out. Countries are keyed by ISO 3166-1
alpha-3 (converted from Natural Earth's numeric ids with pycountry), the code the events'
``location_country`` uses, so clicking a country can filter to it.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "dateline" / "serve" / "static" / "world.json"
PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/countries-110m.json"
# Natural Earth ids with no ISO numeric code: Kosovo and Northern Cyprus ("-99" or missing).
SPECIAL = {"Kosovo": "XKX", "N. Cyprus": "CYN", "Somaliland": "SOL"}
MIN_AREA = 0.3  # square degrees
TOLERANCE = 0.2  # degrees: Douglas-Peucker keeps every point farther than this from the line


def fetch() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        tarball = next(Path(tmp).glob("world-atlas-*.tgz"))
        with tarfile.open(tarball) as tar:
            handle = tar.extractfile(MEMBER)
            assert handle is not None
            return json.load(handle)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs (delta-encoded, quantised) as absolute lon/lat points."""
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def area(points: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]))) / 2


def simplify(points: list[tuple[float, float]], tolerance: float = TOLERANCE) -> list[tuple[float, float]]:
    """Douglas-Peucker: drop points within ``tolerance`` of the line through their neighbours."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        best, index = 0.0, -1
        for i in range(first + 1, last):
            x0, y0 = points[i]
            if length == 0:
                distance = ((x0 - x1) ** 2 + (y0 - y1) ** 2) ** 0.5
            else:
                distance = abs((x2 - x1) * (y1 - y0) - (x1 - x0) * (y2 - y1)) / length
            if distance > best:
                best, index = distance, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, k in zip(points, keep) if k]


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring crossing the antimeridian (Russia's far east, Fiji) continues east of 180
    degrees instead of drawing a line across the whole map; the part past the edge is cut off."""
    if all(abs(a[0] - b[0]) < 180 for a, b in zip(points, points[1:])):
        return points
    return [(lon + 360 if lon < 0 else lon, lat) for lon, lat in points]


def path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for points in map(unwrap, rings):
        if area(points) < MIN_AREA:
            continue
        projected: list[tuple[float, float]] = []
        for lon, lat in simplify(points):
            point = (round(lon + 180, 1), round(90 - lat, 1))
            if not projected or point != projected[-1]:
                projected.append(point)
        if len(projected) < 4:
            continue
        coords = " ".join(f"{x:g} {y:g}" for x, y in projected)
        parts.append(f"M{coords}Z")
    return "".join(parts)


def iso3(geometry: dict) -> str | None:
    import pycountry

    name = geometry.get("properties", {}).get("name", "")
    if name in SPECIAL:
        return SPECIAL[name]
    code = geometry.get("id")
    if code is None:
        return None
    country = pycountry.countries.get(numeric=str(code).zfill(3))
    return country.alpha_3 if country else None


def build(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    countries = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings = [ring(r, arcs) for polygon in polygons for r in polygon]
        d = path(rings)
        code = iso3(geometry)
        if not d or not code or code == "ATA":  # Antarctica: no events, a fifth of the map
            continue
        name = geometry.get("properties", {}).get("name", code)
        if code in countries:  # a second piece under one code
            countries[code]["d"] += d
        else:
            countries[code] = {"name": name, "d": d}
    return {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via world-atlas 2.0.2 (ISC)",
        "projection": "equirectangular: x = lon + 180, y = 90 - lat (a 360 x 180 box)",
        "countries": dict(sorted(countries.items())),
    }


def main() -> None:
    topology = json.loads(Path(sys.argv[1]).read_text()) if len(sys.argv) > 1 else fetch()
    world = build(topology)
    OUT.write_text(json.dumps(world, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} kB, {len(world['countries'])} countries)")


if __name__ == "__main__":
    main()

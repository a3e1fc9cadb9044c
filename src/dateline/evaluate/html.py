"""How well HTML reading finds an article's body: scored against gold body text.

Two corpora under ``../shared/data/html``:

* ``scrapinghub-article-extraction-benchmark``: 181 pages with a human ``articleBody``
  (``ground-truth.json``). Scored the way that benchmark scores: text is cut into ``\\w+``
  tokens, tokens into overlapping 4-token shingles; per page, true positives, false positives
  and false negatives are shingle-count overlaps normalised by their sum (so a long page weighs
  no more than a short one); precision and recall are means over pages, F1 is their harmonic
  mean. A page with nothing extracted counts 0 towards recall and nothing towards precision.
* ``newspaper4k-tests/fulltext-*``: 157 pages with the text newspaper4k's own test suite expects.
  That text is another extractor's output, not a human judgement, so it is a second opinion on
  agreement rather than a gold standard; scored the same way.

Page metadata is checked on ``newspaper4k-tests/head``: 20 pages whose ``metadata/*.json``
holds the title and (for 16 of them) the publication date: the share of pages where
``read_html`` gives exactly that title (white space normalised) and that day.

The extractor scored is ``dateline.read.html.extract_body``, the very function ``read_html``
uses, with its settings.
"""
from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import InputError
from ..read.dates import normalise_date
from ..read.html import extract_body, read_html
from ..read.text import decode_bytes

SCRAPINGHUB = "scrapinghub-article-extraction-benchmark"
NEWSPAPER4K = "newspaper4k-tests"
SHINGLE_TOKENS = 4
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


@dataclass
class CorpusScore:
    """Body-text scores over one corpus."""

    name: str
    pages: int = 0
    empty: int = 0
    per_page: list[tuple[float, float, float]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Mean over pages where something was extracted (as the benchmark averages)."""
        values = [_ratio(tp, fp, fn, tp + fp) for tp, fp, fn in self.per_page if tp + fp > 0]
        return statistics.mean(values) if values else 0.0

    @property
    def recall(self) -> float:
        """Mean over pages with a gold body."""
        values = [_ratio(tp, fp, fn, tp + fn) for tp, fp, fn in self.per_page if tp + fn > 0]
        return statistics.mean(values) if values else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        return (
            f"{self.name:<42} pages={self.pages:<4} empty={self.empty:<3} "
            f"precision={self.precision:.3f} recall={self.recall:.3f} F1={self.f1:.3f}"
        )


@dataclass
class MetadataScore:
    """Title and publication-date agreement with page metadata."""

    titles: int = 0
    titles_right: int = 0
    dates: int = 0
    dates_right: int = 0

    @property
    def title_accuracy(self) -> float:
        return self.titles_right / self.titles if self.titles else 0.0

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.dates if self.dates else 0.0

    def line(self) -> str:
        return (
            f"{'newspaper4k-tests/head metadata':<42} title={self.titles_right}/{self.titles} "
            f"({self.title_accuracy:.3f}) date={self.dates_right}/{self.dates} ({self.date_accuracy:.3f})"
        )


@dataclass
class HtmlScores:
    """Scores per corpus, and the printable report."""

    corpora: list[CorpusScore]
    metadata: MetadataScore | None = None

    def by_name(self, name: str) -> CorpusScore:
        return next(c for c in self.corpora if c.name == name)

    def report(self) -> str:
        lines = ["HTML main-text extraction (trafilatura), 4-token shingle overlap with gold body"]
        lines += [c.line() for c in self.corpora]
        if self.metadata is not None:
            lines.append(self.metadata.line())
        return "\n".join(lines)


def _ratio(tp: float, fp: float, fn: float, denominator: float) -> float:
    # An exact match scores 1 even in the degenerate one-shingle case.
    return 1.0 if fp == fn == 0 else tp / denominator


def shingles(text: str, n: int = SHINGLE_TOKENS) -> Counter[tuple[str, ...]]:
    """Overlapping ``n``-token shingles of ``text`` (one shorter shingle if the text is short)."""
    tokens = _TOKEN_RE.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_overlap(gold: str, extracted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of shingle counts for one page, normalised to sum to 1 (or all 0)."""
    gold_shingles, extracted_shingles = shingles(gold), shingles(extracted)
    tp = sum((gold_shingles & extracted_shingles).values())
    fp = sum((extracted_shingles - gold_shingles).values())
    fn = sum((gold_shingles - extracted_shingles).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score_pages(
    name: str, pages: Iterable[tuple[str, str]], extractor: Callable[[str], str] = extract_body
) -> CorpusScore:
    """Score ``extractor`` over ``(html, gold_text)`` pairs."""
    score = CorpusScore(name)
    for html, gold in pages:
        extracted = extractor(html)
        score.pages += 1
        if not extracted.strip():
            score.empty += 1
        score.per_page.append(page_overlap(gold, extracted))
    return score


def _html_of(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"\x1f\x8b"):
        data = gzip.decompress(data)
    try:
        return decode_bytes(data, str(path))
    except InputError:
        return ""


def scrapinghub_pages(root: Path, limit: int | None = None) -> Iterator[tuple[str, str]]:
    """``(html, articleBody)`` pairs of the scrapinghub benchmark, in id order."""
    corpus = root / SCRAPINGHUB
    truth = json.loads((corpus / "ground-truth.json").read_text("utf-8"))
    for count, key in enumerate(sorted(truth)):
        if limit is not None and count >= limit:
            return
        yield _html_of(corpus / "html" / f"{key}.html.gz"), truth[key].get("articleBody") or ""


def newspaper4k_pages(root: Path, limit: int | None = None) -> Iterator[tuple[str, str]]:
    """``(html, expected text)`` pairs of newspaper4k's full-text tests, in name order."""
    count = 0
    for folder in sorted((root / NEWSPAPER4K).glob("fulltext-*")):
        for html_path in sorted((folder / "html").glob("*.html*")):
            stem = html_path.name.split(".html")[0]
            text_path = folder / "text" / f"{stem}.txt"
            if not text_path.is_file():
                continue
            if limit is not None and count >= limit:
                return
            count += 1
            yield _html_of(html_path), text_path.read_text("utf-8", errors="replace")


def score_metadata(root: Path, limit: int | None = None) -> MetadataScore:
    """Title and date of ``read_html`` against newspaper4k's page metadata."""
    score = MetadataScore()
    head = root / NEWSPAPER4K / "head"
    for count, meta_path in enumerate(sorted((head / "metadata").glob("*.json"))):
        if limit is not None and count >= limit:
            break
        html_path = head / "html" / f"{meta_path.stem}.html.gz"
        if not html_path.is_file():
            continue
        meta = json.loads(meta_path.read_text("utf-8"))
        try:
            article = read_html(_html_of(html_path), str(html_path))
        except InputError:
            article = None
        if meta.get("title"):
            score.titles += 1
            found = " ".join(article.title.split()) if article else ""
            score.titles_right += found == " ".join(meta["title"].split())
        if meta.get("publish_date"):
            score.dates += 1
            score.dates_right += bool(article) and article.published == normalise_date(meta["publish_date"])
    return score


def evaluate_html(root: Path, *, limit: int | None = None) -> HtmlScores:
    """Score HTML body extraction on the corpora present under ``root`` (``../shared/data/html``)."""
    if not root.is_dir():
        raise InputError(str(root), "no such directory (expected ../shared/data/html)")
    corpora = []
    if (root / SCRAPINGHUB / "ground-truth.json").is_file():
        corpora.append(score_pages(SCRAPINGHUB, scrapinghub_pages(root, limit)))
    if (root / NEWSPAPER4K).is_dir():
        corpora.append(score_pages(f"{NEWSPAPER4K} (agreement)", newspaper4k_pages(root, limit)))
    if not corpora:
        raise InputError(str(root), f"holds neither {SCRAPINGHUB} nor {NEWSPAPER4K}")
    metadata = score_metadata(root, limit) if (root / NEWSPAPER4K / "head" / "metadata").is_dir() else None
    return HtmlScores(corpora, metadata)

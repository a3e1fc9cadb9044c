"""Coding an archive in bulk: ``dateline batch`` (in process or on Spark) and ``dateline load``.

``ingest`` reads, codes and stores one article at a time, each in one transaction: right for a
feed, slow for thirty years of wire copy. A batch splits the work the way large jobs are split:

1. **read** (``read_inputs``): the same readers as ingest (JSONL, text, HTML, feeds,
   directories); a story whose content was already read in this batch is dropped, as ingest
   would skip it, and an id read twice keeps its last version, as ingest's replacement would.
2. **code** (``code_partition``): the same pipeline as ``dateline code``, one partition of
   articles at a time, in this process (``engine="local"``) or in Spark's ``mapPartitions``
   (``dateline.bulk.spark``). A story whose coding fails becomes a row of ``errors/``, with its
   input and the reason; the batch goes on.
3. **write**: Parquet datasets ``articles/``, ``events/``, ``mentions/`` and ``errors/``,
   partitioned by the month of the story's publication (``month=2019-06``, ``month=unknown``),
   so an article and its events always share a partition. Their columns are the record's
   columns of ``records.py`` (``schemas``), documented in ``docs/scaling.md``.
4. **load** (``dateline.bulk.load``): PostgreSQL ``COPY``, a month per transaction, resumable.

Everything is deterministic: the same inputs give the same rows with the same ids, whichever
engine and however many partitions.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from ..errors import DatelineError, InputError
from ..records import (
    ARTICLE_COLUMNS, EVENT_COLUMNS, MENTION_COLUMNS, Article, Column, article_row, event_row,
    mention_rows,
)

DATASETS = ("articles", "events", "mentions", "errors")
UNKNOWN_MONTH = "unknown"
#: Articles parsed together by spaCy (``nlp.pipe``); the same batch size as ``pipeline.analyse``.
PARSE_BATCH = 32

#: Columns each dataset adds to the record's own (all documented in docs/scaling.md).
#: ``seq`` is the story's position in the input and ``ordinal`` the event's position in its
#: story: a load inserts in that order, so deduplication elects the representatives ingest would.
_EXTRA: dict[str, tuple[Column, ...]] = {
    "articles": (Column("seq", "int", "position of the story in the batch's input"),),
    "events": (Column("seq", "int", "position of the story in the batch's input"),
               Column("ordinal", "int", "position of the event among its story's events")),
    "mentions": (Column("seq", "int", "position of the story in the batch's input"),),
    "errors": (),
}
ERROR_COLUMNS: tuple[Column, ...] = (
    Column("origin", "text", "the file (and line) the input came from"),
    Column("article_id", "text", "the story's id, when it was read"),
    Column("stage", "text", "read or code"),
    Column("reason", "text", "what went wrong"),
    Column("input", "text", "the input: the story as JSON (code), or null (read: see origin)"),
)
_MONTH = Column("month", "text", "partition: YYYY-MM of publication, or unknown")


def columns(dataset: str) -> tuple[Column, ...]:
    """A dataset's columns, in file order (the partition column ``month`` last)."""
    base = {"articles": ARTICLE_COLUMNS, "events": EVENT_COLUMNS, "mentions": MENTION_COLUMNS,
            "errors": ERROR_COLUMNS}[dataset]
    return (*base, *_EXTRA[dataset], _MONTH)


def arrow_schema(dataset: str) -> Any:
    """The Parquet schema of a dataset, from ``records.py`` (text → string, int → int64,
    real → double)."""
    import pyarrow as pa

    types = {"text": pa.string(), "int": pa.int64(), "real": pa.float64()}
    return pa.schema([(c.name, types[c.type]) for c in columns(dataset)])


def month_of(article: Article) -> str:
    published = article.published or ""
    return published[:7] if len(published) >= 7 and published[4] == "-" else UNKNOWN_MONTH


@dataclass
class BatchReport:
    """What a batch did; ``ok`` is False when some input could not be read or coded."""

    read: int = 0
    duplicates: int = 0
    articles: int = 0
    not_coded: int = 0
    events: int = 0
    errors: int = 0
    seconds: float = 0.0
    engine: str = "local"
    error_lines: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def summary(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        return (f"{self.read} articles read, {self.duplicates} duplicates dropped,"
                f" {self.articles} written ({self.not_coded} not coded), {self.events} events,"
                f" {self.errors} errors, {self.seconds:.1f} s ({rate:.1f} stories/s, {self.engine})")


def read_inputs(paths: Sequence[str | Path], *, date: str | None = None
                ) -> tuple[list[Article], list[dict[str, Any]], int]:
    """Every article of the inputs (deduplicated as ingest would), read errors, duplicates dropped.

    Ingest skips a story whose content is already stored (the first copy wins) and replaces a
    story whose id comes again with other content (the last version wins); a batch decides
    the same here, before any coding, so no work is spent on copies.
    """
    from ..read import read_all

    by_hash: dict[str, str] = {}
    by_id: dict[str, Article] = {}
    errors: list[dict[str, Any]] = []
    duplicates = 0
    for item in read_all(paths, date=date):
        if isinstance(item, InputError):
            errors.append({"origin": item.origin, "article_id": None, "stage": "read",
                           "reason": item.reason, "input": None, "month": UNKNOWN_MONTH})
            continue
        digest = item.content_hash
        if digest in by_hash:
            duplicates += 1
            continue
        if item.id in by_id:
            # A corrected story: the new version replaces the old one (and frees its hash).
            duplicates += 1
            del by_hash[by_id.pop(item.id).content_hash]
        by_hash[digest] = item.id
        by_id[item.id] = item
    return list(by_id.values()), errors, duplicates


def code_partition(articles: Iterable[Article], seqs: Iterable[int], *, use_model: bool = True,
                   dictionaries: tuple[str, ...] = (), verb_dictionary: str | None = None
                   ) -> Iterator[tuple[str, dict[str, Any]]]:
    """Code a partition of articles into dataset rows: ``(dataset, row)`` pairs, in order.

    The spaCy pipeline and the knowledge base are the process's own (``nlp.load`` and
    ``pipeline.knowledge_base`` are built once per process and cached), so a Spark executor
    builds them on its first partition and reuses them for every later one. A batch of
    stories that fails is retried one story at a time, so one bad story costs only itself.
    """
    from .. import pipeline

    items = list(zip(articles, seqs))
    for start in range(0, len(items), PARSE_BATCH):
        chunk = items[start:start + PARSE_BATCH]
        try:
            analyses = list(pipeline.analyse([a for a, _ in chunk], use_model=use_model,
                                             dictionaries=dictionaries, verb_dictionary=verb_dictionary))
            results: list[Any] = list(zip(analyses, (s for _, s in chunk)))
        except Exception:  # noqa: BLE001 - retried one by one below, each failure reported
            results = []
            for article, seq in chunk:
                try:
                    results.append((next(pipeline.analyse([article], use_model=use_model,
                                                          dictionaries=dictionaries,
                                                          verb_dictionary=verb_dictionary)), seq))
                except Exception as exc:  # noqa: BLE001 - one story's failure is its error row
                    results.append((exc, article, seq))
        for result in results:
            if len(result) == 3:
                exc, article, seq = result
                yield "errors", {
                    "origin": article.origin, "article_id": article.id, "stage": "code",
                    "reason": f"{type(exc).__name__}: {exc}",
                    "input": json.dumps(article.to_dict(), ensure_ascii=False, default=str),
                    "month": month_of(article),
                }
                continue
            analysis, seq = result
            yield from analysis_rows(analysis, seq)


def analysis_rows(analysis: Any, seq: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """One analysed story as rows of ``articles``, ``events`` and ``mentions``.

    Two events of one story can share an id (the same clause found twice); the store keeps
    the first, and so does a batch.
    """
    article = analysis.article
    month = month_of(article)
    yield "articles", {**article_row(article, analysis.coded, analysis.skipped_reason),
                       "seq": seq, "month": month}
    seen: set[str] = set()
    for ordinal, event in enumerate(analysis.events):
        if event.event_id in seen:
            continue
        seen.add(event.event_id)
        yield "events", {**event_row(event), "seq": seq, "ordinal": ordinal, "month": month}
        mention_seen: set[tuple[int, int]] = set()
        for mention in mention_rows(event):
            span = (mention["start"], mention["end"])
            if span not in mention_seen:
                mention_seen.add(span)
                yield "mentions", {**mention, "seq": seq, "month": month}


def prepare_out(out: Path) -> None:
    """Make ``out`` ready for a batch: our dataset folders of an earlier run go (a rerun
    replaces them), and a folder holding anything else is refused rather than mixed into."""
    out.mkdir(parents=True, exist_ok=True)
    for entry in out.iterdir():
        if entry.name not in (*DATASETS, "_batch.json", "_SUCCESS"):
            raise DatelineError(f"{out}: holds {entry.name!r}, not only a batch's output: give an"
                                " empty or new folder")
    for name in DATASETS:
        shutil.rmtree(out / name, ignore_errors=True)
    (out / "_batch.json").unlink(missing_ok=True)


def run(paths: Sequence[str | Path], out: str | Path, *, engine: str = "local",
        master: str = "local[2]", date: str | None = None, use_model: bool = True,
        dictionaries: Sequence[str] = (), verb_dictionary: str | None = None,
        partitions: int | None = None) -> BatchReport:
    """Read, code and write a batch (see the module docstring); returns what it did."""
    if engine not in ("local", "spark"):
        raise DatelineError(f"unknown engine {engine!r}: use local or spark")
    started = time.perf_counter()
    out = Path(out)
    articles, read_errors, duplicates = read_inputs(paths, date=date)
    prepare_out(out)
    options = {"use_model": use_model, "dictionaries": tuple(str(d) for d in dictionaries),
               "verb_dictionary": str(verb_dictionary) if verb_dictionary else None}
    if engine == "spark":
        from . import spark

        counts = spark.run(articles, read_errors, out, master=master, partitions=partitions, **options)
    else:
        from . import local

        counts = local.run(articles, read_errors, out, **options)
    report = BatchReport(read=len(articles) + duplicates, duplicates=duplicates,
                         articles=counts["articles"], not_coded=counts["not_coded"],
                         events=counts["events"], errors=counts["errors"], engine=engine,
                         seconds=time.perf_counter() - started)
    report.error_lines = [f"{e['origin']}: {e['reason']}" for e in read_errors]
    # The batch's identity: what it holds (the stories, in order), not when or where it ran.
    digest = hashlib.sha256("\n".join(a.content_hash for a in articles).encode()).hexdigest()[:24]
    (out / "_batch.json").write_text(json.dumps({
        "batch_id": digest, "inputs": [str(p) for p in paths], "engine": engine, "articles": report.articles,
        "events": report.events, "errors": report.errors, "duplicates": duplicates,
    }, indent=1) + "\n", encoding="utf-8")
    (out / "_SUCCESS").touch()
    return report

"""Reading, coding and storing whole batches: what ``dateline ingest`` and ``dateline code`` do.

A batch never stops at a bad input: readers yield an ``InputError`` for each file or line they
cannot read, and the good articles of the batch are still coded and stored. Articles already in
the store (same content) are skipped before parsing, so a rerun costs little and adds nothing.
With ``workers > 1`` the parse runs in that many processes, each with its own spaCy pipeline;
articles travel in small chunks and at most a few chunks are in flight, so memory stays flat
however large the input.

Ctrl-C ends a batch cleanly: workers ignore SIGINT (only the parent decides to stop, so no
worker prints a traceback), the article being stored is rolled back whole, and ``ingest``
returns its report with ``interrupted`` set, so the caller can say what was stored. A database
that fails mid-batch (locked, read-only, full) ends it the same way, with ``stopped_by`` set.
"""
from __future__ import annotations

import multiprocessing as mp
import signal
import threading
from collections import deque
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from . import pipeline
from .errors import InputError, StoreError
from .what.ontology import patterns_for
from .pipeline import Analysis
from .read import read_all
from .records import Article
from .store import Store

CHUNK = 16


@dataclass
class IngestReport:
    """What a batch did; ``ok`` is False when any input could not be read."""

    read: int = 0
    added: int = 0
    already_stored: int = 0
    not_coded: int = 0
    events: int = 0
    errors: list[InputError] = field(default_factory=list)
    interrupted: bool = False
    #: The database failure that stopped the batch (locked, read-only, full), if one did.
    stopped_by: StoreError | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and not self.interrupted and self.stopped_by is None

    def summary(self) -> str:
        parts = [
            f"{self.read} articles read",
            f"{self.added} added",
            f"{self.already_stored} already stored",
            f"{self.not_coded} not coded",
            f"{self.events} events",
        ]
        if self.errors:
            parts.append(f"{len(self.errors)} inputs failed")
        if self.interrupted:
            parts.append("interrupted")
        if self.stopped_by is not None:
            parts.append("stopped by a database error")
        return ", ".join(parts)


def _ignore_interrupts() -> None:
    """Worker start-up: Ctrl-C reaches the whole process group, but only the parent stops."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _analyse_chunk(articles: list[Article], use_model: bool = True, dictionaries: tuple[str, ...] = (),
                   verb_dictionary: str | None = None) -> list[Analysis]:
    """Worker side: analyse a chunk and drop the spaCy Doc (it does not need to travel back)."""
    results = list(pipeline.analyse(articles, use_model=use_model, dictionaries=dictionaries,
                                    verb_dictionary=verb_dictionary))
    for result in results:
        result.doc = None
    return results


def analyse_stream(articles: Iterable[Article], workers: int = 1, use_model: bool = True,
                   dictionaries: Sequence[str] = (), verb_dictionary: str | None = None) -> Iterator[Analysis]:
    """Analyses in input order, in this process or in ``workers`` processes.

    ``use_model=False`` codes with the clause rules alone; ``dictionaries`` are user actor
    dictionaries merged over the built-in knowledge base and ``verb_dictionary`` a user verb
    dictionary added to the clause rules (in every worker).
    """
    dictionaries = tuple(str(d) for d in dictionaries)
    if dictionaries:
        pipeline.knowledge_base(dictionaries)  # a bad dictionary fails here, before any work
    if verb_dictionary:
        patterns_for(str(verb_dictionary))
    if workers <= 1:
        yield from pipeline.analyse(articles, use_model=use_model, dictionaries=dictionaries,
                                    verb_dictionary=verb_dictionary)
        return
    iterator = iter(articles)
    context = mp.get_context("spawn" if mp.get_start_method(allow_none=True) == "spawn" else "fork")
    with context.Pool(workers, initializer=_ignore_interrupts) as pool:
        in_flight: deque = deque()
        while True:
            while len(in_flight) < workers * 2:
                chunk = list(islice(iterator, CHUNK))
                if not chunk:
                    break
                in_flight.append(pool.apply_async(_analyse_chunk, (chunk, use_model, dictionaries, verb_dictionary)))
            if not in_flight:
                return
            yield from in_flight.popleft().get()


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    *,
    date: str | None = None,
    workers: int = 1,
    on_article: Callable[[Analysis], None] | None = None,
    on_error: Callable[[InputError], None] | None = None,
    use_model: bool = True,
    dictionaries: Sequence[str] = (),
    verb_dictionary: str | None = None,
) -> IngestReport:
    """Read, code and store every input; report what happened."""
    report = IngestReport()

    def fresh() -> Iterator[Article]:
        for item in read_all(paths, date=date):
            if isinstance(item, InputError):
                report.errors.append(item)
                if on_error:
                    on_error(item)
                continue
            report.read += 1
            if store.has(item):
                report.already_stored += 1
                continue
            yield item

    try:
        with _DeferredInterrupts() as guard:
            _store_all(analyse_stream(fresh(), workers=workers, use_model=use_model, dictionaries=dictionaries,
                                      verb_dictionary=verb_dictionary), store, report, on_article, guard)
    except KeyboardInterrupt:
        report.interrupted = True
    except StoreError as exc:
        # Articles stored before the failure stay stored; the report says how many.
        report.stopped_by = exc
    return report


class _DeferredInterrupts:
    """Ctrl-C stops a batch at once, except between storing an article and counting it.

    A KeyboardInterrupt after the COMMIT but before ``report.added += 1`` would leave the
    summary one short of the store; inside ``critical`` the signal is only noted, and raised
    when the article is stored and counted. (Only in the main thread: signal handlers live there.)
    """

    def __init__(self) -> None:
        self.critical = False
        self.pending = False
        self._previous: Any = None

    def __enter__(self) -> "_DeferredInterrupts":
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _handle(self, signum: int, frame: Any) -> None:
        if self.critical:
            self.pending = True
        else:
            raise KeyboardInterrupt

    def leave_critical(self) -> None:
        self.critical = False
        if self.pending:
            self.pending = False
            raise KeyboardInterrupt


def _store_all(
    analyses: Iterable[Analysis],
    store: Store,
    report: IngestReport,
    on_article: Callable[[Analysis], None] | None,
    guard: _DeferredInterrupts,
) -> None:
    for analysis in analyses:
        guard.critical = True
        result = store.add(
            analysis.article,
            coded=analysis.coded,
            actors=analysis.actors,
            places=analysis.places,
            times=analysis.times,
            events=analysis.events,
            skipped_reason=analysis.skipped_reason,
        )
        if result.added:
            report.added += 1
            report.events += result.events
        else:
            report.already_stored += 1
        if not analysis.coded:
            report.not_coded += 1
        guard.leave_critical()
        if on_article:
            on_article(analysis)


def code(
    paths: Sequence[str | Path],
    *,
    date: str | None = None,
    workers: int = 1,
    on_error: Callable[[InputError], None] | None = None,
    use_model: bool = True,
    dictionaries: Sequence[str] = (),
    verb_dictionary: str | None = None,
) -> Iterator[Analysis]:
    """Analyses of every input without a database (``dateline code``)."""

    def articles() -> Iterator[Article]:
        for item in read_all(paths, date=date):
            if isinstance(item, InputError):
                if on_error:
                    on_error(item)
                continue
            yield item

    yield from analyse_stream(articles(), workers=workers, use_model=use_model, dictionaries=dictionaries,
                              verb_dictionary=verb_dictionary)

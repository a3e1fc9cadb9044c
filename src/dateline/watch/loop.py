"""One round of watching, and the loop of rounds (``dateline watch``).

A round, in three steps:

1. **Poll.** Every feed that is due (not backing off) is fetched, all at once across hosts
   within the fetcher's per-host limits, with ``If-None-Match`` / ``If-Modified-Since`` from its
   last good answer. A 304 costs nothing more.
2. **Take in.** An answer is read with the project's feed readers (``dateline.read.feeds``);
   items not seen before (by feed and GUID, by canonical URL, or by content) are saved as
   pending in the same transaction as the feed's new validators (see ``state`` for why).
3. **Store.** Every pending item, this round's and any a killed run left behind, becomes a
   story: with ``fetch_pages`` its page is fetched (or re-read from the archive), archived,
   and read with the HTML reader (``dateline.read.html``); without it, or when the page cannot
   be used, the feed's own title and summary are the story. It is coded by the pipeline and
   stored (as ``dateline ingest`` stores a story), then the item is marked stored.

Nothing stops a round but the store itself failing. A feed that cannot be fetched or read is
recorded with its reason and polled again only after an exponential backoff (or the server's
``Retry-After`` if longer); a page that fails for now (429, 5xx, timeout) leaves its item
pending for a later round, up to ``page_attempts`` tries, after which the feed's text is used;
a page that cannot be used at all (404, robots.txt, no article text) falls back at once.
"""
from __future__ import annotations

import random
import re
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol, Sequence

from ..errors import DatelineError, InputError
from ..records import Article
from ..store import Store
from . import state
from .fetch import Clock, FetchError, Fetcher, Politeness, Response, SystemClock, backoff_delay

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9,"
    " application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
#: Coding batch size: small, so stories reach the store as they come rather than 32 at once.
CODE_BATCH = 4

_URL_RE = re.compile(r"^https?://\S+$", re.I)
_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)
_DECLARED_RE = re.compile(rb"""(?:encoding|charset)\s*=\s*["']?[A-Za-z0-9_.:\-]+""", re.I)


@dataclass
class FeedSpec:
    """A feed to watch: its URL and the name it is reported by."""

    url: str
    name: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.url


def parse_duration(text: str) -> float:
    """``90s``, ``15m``, ``1h``, ``1d`` or plain seconds, as seconds."""
    match = _DURATION_RE.match(text)
    if not match or float(match.group(1)) <= 0:
        raise DatelineError(f"{text!r} is not a duration (e.g. 90s, 15m, 1h)")
    unit = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2).lower()]
    return float(match.group(1)) * unit


def load_feed_list(args: Sequence[str]) -> list[FeedSpec]:
    """Feeds from URLs and files listing them, in order, each URL once.

    A list file has one feed per line: its URL and, before or after it, an optional name;
    blank lines and ``#`` comments are skipped. A line without a URL is an ``InputError``
    naming the file and line.
    """
    feeds: list[FeedSpec] = []
    for arg in args:
        if _URL_RE.match(arg):
            feeds.append(FeedSpec(arg))
            continue
        path = Path(arg)
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except FileNotFoundError:
            raise InputError(arg, "no such file (give feed URLs or a file listing them)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(arg, f"cannot be read ({exc})") from exc
        for number, line in enumerate(lines, start=1):
            line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
            if not line:
                continue
            words = line.split()
            urls = [w for w in words if _URL_RE.match(w)]
            if len(urls) != 1:
                raise InputError(f"{arg}:{number}", "expected one feed URL (http:// or https://) and an optional name")
            name = " ".join(w for w in words if w is not urls[0]) or None
            feeds.append(FeedSpec(urls[0], name))
    seen: set[str] = set()
    unique = [f for f in feeds if not (f.url in seen or seen.add(f.url))]
    if not unique:
        raise DatelineError("no feeds to watch")
    return unique


@dataclass
class FeedProblem:
    """A feed that failed this round, by name."""

    name: str
    url: str
    reason: str

    def __str__(self) -> str:
        where = self.name if self.name == self.url else f"{self.name} ({self.url})"
        return f"{where}: {self.reason}"


@dataclass
class RoundReport:
    """What one round did: the numbers of the log line, and the problems by name."""

    round: int = 0
    started: float = 0.0
    seconds: float = 0.0
    feeds: int = 0
    polled: int = 0
    not_modified: int = 0
    backing_off: int = 0
    new_items: int = 0
    stored: int = 0
    already_stored: int = 0
    from_feed_text: int = 0
    pending: int = 0
    events: int = 0
    feed_errors: list[FeedProblem] = field(default_factory=list)
    item_problems: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return len(self.feed_errors)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["errors"] = self.errors
        data["feed_errors"] = [asdict(p) for p in self.feed_errors]
        return data

    def line(self) -> str:
        return (
            f"round {self.round}: {self.polled} feeds polled ({self.not_modified} not modified,"
            f" {self.backing_off} backing off), {self.new_items} new items, {self.stored} stored"
            f" ({self.already_stored} already stored, {self.from_feed_text} from feed text),"
            f" {self.pending} pending, {self.events} events, {self.errors} errors"
        )


class Progress(Protocol):
    def update(self, n: int = 1) -> Any: ...

    def close(self) -> Any: ...


class Watcher:
    """Polls a list of feeds into a store, round after round, politely and exactly once."""

    def __init__(
        self,
        store: Store,
        feeds: Sequence[FeedSpec],
        *,
        fetch_pages: bool = False,
        politeness: Politeness | None = None,
        clock: Clock | None = None,
        rng: random.Random | None = None,
        fetcher: Fetcher | None = None,
        threads: int = 4,
        feed_backoff: float = 300.0,
        feed_backoff_cap: float = 86_400.0,
        page_attempts: int = 3,
    ) -> None:
        self.store = store
        self.conn = store.conn
        self.feeds = list(feeds)
        self.fetch_pages = fetch_pages
        self.clock = clock or SystemClock()
        self.rng = rng or random.Random()
        self.fetcher = fetcher or Fetcher(politeness, clock=self.clock, rng=self.rng)
        self.threads = threads
        self.feed_backoff = feed_backoff
        self.feed_backoff_cap = feed_backoff_cap
        self.page_attempts = page_attempts
        self.rounds = 0
        state.register_feeds(self.conn, [(f.url, f.name) for f in self.feeds])

    def close(self) -> None:
        self.fetcher.close()

    # -- the loop ------------------------------------------------------------------------

    def run(
        self,
        every: float,
        *,
        rounds: int | None = None,
        on_round: Callable[[RoundReport], None] | None = None,
        progress: Callable[[int], Progress] | None = None,
    ) -> None:
        """Rounds every ``every`` seconds (from the start of one to the next), for ever or ``rounds``."""
        done = 0
        while rounds is None or done < rounds:
            started = self.clock.now()
            report = self.round(progress=progress)
            if on_round:
                on_round(report)
            done += 1
            if rounds is None or done < rounds:
                self.clock.sleep(max(0.0, started + every - self.clock.now()))

    def round(self, *, progress: Callable[[int], Progress] | None = None) -> RoundReport:
        """Poll the due feeds, take in their new items, store every pending story."""
        self.rounds += 1
        report = RoundReport(round=self.rounds, started=self.clock.now(), feeds=len(self.feeds))
        with ThreadPoolExecutor(max_workers=self.threads) as pool:
            try:
                self._poll(pool, report)
                self._store_pending(pool, report, progress)
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        report.pending = state.count_pending(self.conn)
        report.seconds = round(self.clock.now() - report.started, 3)
        return report

    # -- 1 and 2: poll and take in ---------------------------------------------------------

    def _poll(self, pool: ThreadPoolExecutor, report: RoundReport) -> None:
        now = self.clock.now()
        due: list[tuple[FeedSpec, Future]] = []
        for feed in self.feeds:
            current = state.feed_state(self.conn, feed.url)
            if current is not None and current.next_poll > now:
                report.backing_off += 1
                continue
            headers = {"Accept": FEED_ACCEPT}
            if current is not None and current.etag:
                headers["If-None-Match"] = current.etag
            if current is not None and current.last_modified:
                headers["If-Modified-Since"] = current.last_modified
            due.append((feed, pool.submit(_get, self.fetcher, feed.url, headers)))
        for feed, future in due:
            report.polled += 1
            result = future.result()
            now = self.clock.now()
            if isinstance(result, FetchError):
                self._feed_failed(feed, result.reason, result.retry_after, report)
            elif result.not_modified:
                report.not_modified += 1
                state.feed_not_modified(self.conn, feed.url, now)
            else:
                self._take_in(feed, result, report)

    def _take_in(self, feed: FeedSpec, response: Response, report: RoundReport) -> None:
        articles, problems = read_feed_response(response, feed.label)
        if not articles:
            reason = problems[0].reason if problems else "no items"
            self._feed_failed(feed, reason, None, report)
            return
        report.item_problems.extend(str(p) for p in problems)
        new: list[tuple[str, str | None, str | None, Article]] = []
        taken: set[str] = set()  # keys and URLs of this answer's items (feeds repeat items)
        for article in articles:
            guid = article.extra.get("guid")
            guid = str(guid) if guid is not None else None
            url = state.canonical_url(article.url)
            key = state.item_key(feed.url, guid, url, article.content_hash)
            if key in taken or (url and url in taken):
                continue
            if state.known(self.conn, key, url, article.content_hash):
                continue
            taken.update(k for k in (key, url) if k)
            new.append((key, guid, url, article))
        report.new_items += state.feed_fetched(
            self.conn, feed.url, self.clock.now(),
            etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"),
            new_items=new,
        )

    def _feed_failed(self, feed: FeedSpec, reason: str, retry_after: float | None, report: RoundReport) -> None:
        now = self.clock.now()
        current = state.feed_state(self.conn, feed.url)
        failures = (current.failures if current else 0) + 1
        wait = backoff_delay(failures, self.feed_backoff, self.feed_backoff_cap, self.rng)
        if retry_after is not None:
            wait = max(wait, retry_after)
        state.feed_failed(self.conn, feed.url, reason, now, now + wait)
        report.feed_errors.append(FeedProblem(feed.label, feed.url, reason))

    # -- 3: store ----------------------------------------------------------------------------

    def _store_pending(
        self, pool: ThreadPoolExecutor, report: RoundReport, progress: Callable[[int], Progress] | None
    ) -> None:
        items = state.pending_items(self.conn, self.clock.now())
        if not items:
            return
        # Imported here: spaCy loads only when there is something to code (`dateline feeds` is quick).
        from .. import pipeline

        pages: dict[str, Future] = {}
        if self.fetch_pages:
            for item in items:
                if item.url and not item.page_hash:
                    pages[item.key] = pool.submit(_get, self.fetcher, item.article.url or item.url, {})
        bar = progress(len(items)) if progress else None
        queue: deque[tuple[state.PendingItem, str | None]] = deque()

        def stories() -> Iterator[Article]:
            for item in items:
                article, note = self._story(item, pages.get(item.key), report)
                if article is None:
                    if bar:
                        bar.update(1)
                    continue
                if self.store.has(article):
                    # Stored before the kill that interrupted an earlier round, or the same
                    # story reached us through another feed: mark it, do not code it again.
                    state.item_stored(self.conn, item.key, article, self.clock.now(), note)
                    report.already_stored += 1
                    if bar:
                        bar.update(1)
                    continue
                queue.append((item, note))
                yield article

        try:
            for analysis in pipeline.analyse(stories(), batch_size=CODE_BATCH):
                item, note = queue.popleft()
                result = _add(self.store, analysis)
                state.item_stored(self.conn, item.key, analysis.article, self.clock.now(), note)
                if result.added:
                    report.stored += 1
                    report.events += result.events
                else:
                    report.already_stored += 1
                if bar:
                    bar.update(1)
        finally:
            if bar:
                bar.close()

    def _story(
        self, item: state.PendingItem, page: Future | None, report: RoundReport
    ) -> tuple[Article | None, str | None]:
        """The story of a pending item, and a note when its page could not be used.

        None when the page failed for now and the item should wait for a later round.
        """
        if not self.fetch_pages or not item.url:
            return item.article, None
        if item.page_hash:
            archived = state.archived_page(self.conn, item.page_hash)
            if archived is not None:
                return self._read_page(item, *archived, report)
        if page is None:
            return item.article, None
        result = page.result()
        if isinstance(result, FetchError):
            if result.transient and item.attempts + 1 < self.page_attempts:
                wait = backoff_delay(item.attempts + 1, 60.0, 3600.0, self.rng)
                if result.retry_after is not None:
                    wait = max(wait, result.retry_after)
                state.item_retry(self.conn, item.key, result.reason, self.clock.now() + wait)
                report.item_problems.append(f"{result.url}: {result.reason} (will try again)")
                return None, None
            return self._fallback(item, f"page not used: {result.reason}", report)
        content_type = result.headers.get("content-type")
        state.archive_page(self.conn, item.key, result.url, result.content, content_type, self.clock.now())
        return self._read_page(item, result.url, result.content, content_type, report)

    def _read_page(
        self, item: state.PendingItem, url: str, data: bytes, content_type: str | None, report: RoundReport
    ) -> tuple[Article | None, str | None]:
        from ..read.html import read_html
        from ..read.text import gunzip_if_needed

        feed_item = item.article
        date = feed_item.published if feed_item.published_from == "metadata" else None
        try:
            text = decode_body(gunzip_if_needed(data, url), _charset(content_type), url)
            article = read_html(text, url, date=date)
        except InputError as exc:
            return self._fallback(item, f"page not used: {exc.reason}", report)
        except Exception as exc:  # noqa: BLE001 - a parser failing on one page must not end the round
            return self._fallback(item, f"page not used: {type(exc).__name__}: {exc}", report)
        article.url = article.url or url
        extra = {k: v for k, v in feed_item.extra.items() if k in ("guid", "feed_title", "feed_link", "tags")}
        article.extra.update(extra, feed_item=feed_item.origin, link=feed_item.url)
        return article, None

    def _fallback(self, item: state.PendingItem, note: str, report: RoundReport) -> tuple[Article, str]:
        report.from_feed_text += 1
        report.item_problems.append(f"{item.article.url}: {note}; the feed's text is stored instead")
        return item.article, note


def _add(store: Store, analysis: Any) -> Any:
    """Store a coded story as ``dateline.batch.ingest`` does: the article and all found in it."""
    return store.add(
        analysis.article, coded=analysis.coded, actors=analysis.actors, places=analysis.places,
        times=analysis.times, events=analysis.events, skipped_reason=analysis.skipped_reason,
    )


def _get(fetcher: Fetcher, url: str, headers: dict[str, str]) -> Response | FetchError:
    """A fetch that returns its error rather than raising it (for a thread pool)."""
    try:
        return fetcher.get(url, headers)
    except FetchError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - a bug in one fetch must not end the round
        return FetchError(url, f"{type(exc).__name__}: {exc}")


def read_feed_response(response: Response, origin: str) -> tuple[list[Article], list[InputError]]:
    """The items of a fetched feed with the project's readers; problems by feed name and item."""
    from ..read import sniff_kind
    from ..read.feeds import read_feed, read_json_feed
    from ..read.text import gunzip_if_needed

    try:
        text = decode_body(gunzip_if_needed(response.content, origin), response.charset, origin)
    except InputError as exc:
        return [], [exc]
    kind = sniff_kind(text, "feed")
    if kind not in ("feed", "json_feed"):
        looks = "an HTML page" if kind == "html" else "JSON but not a JSON Feed" if kind == "jsonl" else "plain text"
        return [], [InputError(origin, f"not a feed (the answer is {looks})")]
    reader = read_json_feed if kind == "json_feed" else read_feed
    articles: list[Article] = []
    problems: list[InputError] = []
    try:
        for item in reader(text, origin):
            (problems if isinstance(item, InputError) else articles).append(item)  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001 - a parser failing on one feed must not end the round
        problems.append(InputError(origin, f"could not be read ({type(exc).__name__}: {exc})"))
    return articles, problems


def decode_body(data: bytes, declared: str | None, origin: str) -> str:
    """Text of a body: UTF-8 when it is, else the header's charset when the document names none,
    else the project's decoder (the document's own declaration, then a guess).

    Servers often label Latin-1 feeds as UTF-8 and UTF-8 pages as Latin-1: valid UTF-8 is
    almost never anything else, so it is tried first, and a wrong label costs nothing.
    """
    from ..read.text import decode_bytes

    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        if declared and not _DECLARED_RE.search(data[:2048]):
            try:
                text = data.decode(declared)
            except (LookupError, UnicodeDecodeError):
                pass
            else:
                if text.strip():
                    return text
    return decode_bytes(data, origin)


def _charset(content_type: str | None) -> str | None:
    return Response("", 200, b"", {"content-type": content_type or ""}).charset

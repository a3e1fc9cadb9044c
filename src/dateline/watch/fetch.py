"""Fetching over HTTP the way a polite crawler does, on httpx.

What a news server sees from us, and why:

* one user agent that names dateline, and robots.txt honoured for it (a ``Disallow`` is never
  fetched, a ``Crawl-delay`` slows us down). As RFC 9309 says, a robots.txt that is missing
  (4xx) allows everything and one that cannot be fetched (5xx, network error) forbids
  everything until it can be;
* at most ``host_concurrency`` requests in flight per host and ``host_delay`` seconds between
  the starts of two requests to the same host, whatever the number of threads;
* connect and read timeouts, a cap on the decoded body (a gzip bomb or an endless stream is cut
  off, not buffered), and redirects followed by hand up to a limit so that every hop is checked
  against its host's robots.txt and delay;
* on 429 and 5xx (and timeouts, dropped connections) a few retries, each after the server's
  ``Retry-After`` when it gives one, else after an exponential backoff with jitter; a wait
  longer than ``max_retry_wait`` is not slept but handed back to the caller (``FetchError``
  with ``retry_after``), which backs the whole feed off across rounds instead.

Time is read and slept through a ``Clock`` so tests can check the waits without waiting.
gzip and deflate bodies are decoded by httpx, brotli ones too (the ``brotli`` package).
"""
from __future__ import annotations

import email.utils
import random
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from typing import Mapping, Protocol
from urllib.parse import urlsplit

import httpx

from .. import __version__

USER_AGENT = f"dateline/{__version__} (news event coder; +https://pypi.org/project/dateline/)"
#: The token robots.txt rules are matched against.
ROBOTS_AGENT = "dateline"
#: Seconds before a robots.txt that could not be fetched is tried again.
ROBOTS_RETRY = 300.0


class Clock(Protocol):
    """Wall-clock seconds and sleeping: ``time`` in use, a fake in tests."""

    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


@dataclass
class Politeness:
    """How hard we may press on servers; the defaults suit a few dozen news sites."""

    user_agent: str = USER_AGENT
    host_concurrency: int = 2
    host_delay: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    retries: int = 2
    backoff_base: float = 2.0
    max_retry_wait: float = 30.0
    robots_ttl: float = 86_400.0


class FetchError(Exception):
    """A URL that could not be fetched; ``transient`` when trying again later may work."""

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        status: int | None = None,
        transient: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.transient = transient
        self.retry_after = retry_after


@dataclass
class Response:
    """A finished response: ``url`` is the final one after redirects, ``content`` decoded."""

    url: str
    status: int
    content: bytes
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header declares (servers are often wrong about it)."""
        content_type = self.headers.get("content-type", "")
        for part in content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ")
        return None


def backoff_delay(failures: int, base: float, cap: float, rng: random.Random) -> float:
    """Seconds to wait after ``failures`` failures in a row: doubling, capped, with jitter.

    "Equal jitter": half the doubled delay is fixed and half is random, so clients that failed
    together do not come back together, and the wait still grows with each failure.
    """
    delay = min(cap, base * 2 ** max(0, failures - 1))
    return delay / 2 + rng.random() * delay / 2


def parse_retry_after(value: str | None, now: float) -> float | None:
    """``Retry-After`` as seconds from ``now``: either delay-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now)


class _HostGate:
    """Per-host limits: a semaphore for concurrency and the earliest time of the next start."""

    def __init__(self, concurrency: int) -> None:
        self.semaphore = threading.BoundedSemaphore(max(1, concurrency))
        self.lock = threading.Lock()
        self.next_start = 0.0


@dataclass
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None
    allow_all: bool
    fetched_at: float
    problem: str | None = None
    #: Unreachable robots.txt is asked again after ``ROBOTS_RETRY`` seconds, not a day.
    transient: bool = False


class Fetcher:
    """A polite HTTP client shared by the threads of one watch process."""

    def __init__(
        self,
        politeness: Politeness | None = None,
        *,
        clock: Clock | None = None,
        rng: random.Random | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.politeness = politeness or Politeness()
        self.clock = clock or SystemClock()
        self.rng = rng or random.Random()
        p = self.politeness
        self.client = httpx.Client(
            headers={"User-Agent": p.user_agent, "Accept-Encoding": "gzip, deflate, br"},
            timeout=httpx.Timeout(p.read_timeout, connect=p.connect_timeout),
            follow_redirects=False,
            transport=transport,
        )
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, _Robots] = {}
        self._lock = threading.Lock()
        self._robots_locks: dict[str, threading.Lock] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the public call -----------------------------------------------------------------

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        """GET ``url`` (following redirects), retrying transient failures; 304 is a result."""
        p = self.politeness
        attempt = 0
        while True:
            try:
                return self._follow(url, dict(headers or {}))
            except FetchError as exc:
                if not exc.transient or attempt >= p.retries:
                    raise
                attempt += 1
                wait = exc.retry_after
                if wait is None:
                    wait = backoff_delay(attempt, p.backoff_base, p.max_retry_wait, self.rng)
                if wait > p.max_retry_wait:
                    raise
                self.clock.sleep(wait)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of ``url``'s host lets us fetch it."""
        robots = self._robots_for(url)
        if robots.allow_all:
            return True
        if robots.parser is None:
            return False
        return robots.parser.can_fetch(ROBOTS_AGENT, url)

    # -- internals -----------------------------------------------------------------------

    def _follow(self, url: str, headers: dict[str, str]) -> Response:
        current = url
        for _hop in range(self.politeness.max_redirects + 1):
            if not self.allowed(current):
                robots = self._robots[_origin(current)]
                if robots.problem:
                    raise FetchError(current, robots.problem, transient=robots.transient)
                raise FetchError(current, "forbidden by robots.txt")
            response, location = self._request(current, headers)
            if location is None:
                return response
            current = location
        raise FetchError(url, f"more than {self.politeness.max_redirects} redirects")

    def _request(self, url: str, headers: Mapping[str, str]) -> tuple[Response, str | None]:
        """One request through the host gate: a response, or the next URL of a redirect."""
        gate = self._gate(url)
        gate.semaphore.acquire()
        try:
            self._wait_turn(url, gate)
            return self._send(url, headers)
        finally:
            gate.semaphore.release()

    def _send(self, url: str, headers: Mapping[str, str]) -> tuple[Response, str | None]:
        p = self.politeness
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if response.is_redirect and response.next_request is not None:
                    return Response(str(response.url), status, b"", response.headers), str(
                        response.next_request.url
                    )
                if status == 429 or status >= 500:
                    retry_after = parse_retry_after(response.headers.get("retry-after"), self.clock.now())
                    raise FetchError(
                        url, f"HTTP {status} {response.reason_phrase}".strip(), status=status,
                        transient=True, retry_after=retry_after,
                    )
                if status >= 400:
                    raise FetchError(url, f"HTTP {status} {response.reason_phrase}".strip(), status=status)
                if status == 304:
                    return Response(str(response.url), status, b"", response.headers), None
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > p.max_bytes and "content-encoding" not in response.headers:
                    raise FetchError(url, f"body of {declared} bytes is over the {p.max_bytes}-byte cap")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > p.max_bytes:
                        raise FetchError(url, f"body is over the {p.max_bytes}-byte cap")
                    chunks.append(chunk)
                return Response(str(response.url), status, b"".join(chunks), response.headers), None
        except httpx.TimeoutException as exc:
            kind = type(exc).__name__.replace("Timeout", "").lower() or "request"
            raise FetchError(url, f"timed out ({kind})", transient=True) from exc
        except httpx.DecodingError as exc:
            raise FetchError(url, f"body cannot be decoded ({exc})") from exc
        except httpx.TransportError as exc:
            raise FetchError(url, f"connection failed ({type(exc).__name__}: {exc})", transient=True) from exc
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"not a valid URL ({exc})") from exc

    def _gate(self, url: str) -> _HostGate:
        origin = _origin(url)
        with self._lock:
            gate = self._gates.get(origin)
            if gate is None:
                gate = self._gates[origin] = _HostGate(self.politeness.host_concurrency)
            return gate

    def _wait_turn(self, url: str, gate: _HostGate) -> None:
        """Reserve the host's next start slot and sleep until it comes."""
        delay = self.politeness.host_delay
        robots = self._robots.get(_origin(url))
        if robots is not None and robots.parser is not None:
            crawl_delay = robots.parser.crawl_delay(ROBOTS_AGENT)
            if crawl_delay:
                delay = max(delay, float(crawl_delay))
        with gate.lock:
            now = self.clock.now()
            start = max(now, gate.next_start)
            gate.next_start = start + delay
        self.clock.sleep(start - now)

    def _robots_for(self, url: str) -> _Robots:
        origin = _origin(url)
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch of robots.txt per host, however many threads ask
            robots = self._robots.get(origin)
            ttl = ROBOTS_RETRY if robots is not None and robots.transient else self.politeness.robots_ttl
            if robots is None or self.clock.now() - robots.fetched_at > ttl:
                robots = self._robots[origin] = self._fetch_robots(origin)
            return robots

    def _fetch_robots(self, origin: str) -> _Robots:
        now = self.clock.now()
        url = f"{origin}/robots.txt"
        current = url
        try:
            for _hop in range(self.politeness.max_redirects + 1):
                response, location = self._request(current, {})
                if location is None:
                    break
                current = location
            else:
                return _Robots(None, True, now)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                return _Robots(None, True, now)
            problem = f"robots.txt cannot be fetched ({exc.reason}), so nothing is"
            return _Robots(None, False, now, problem, transient=True)
        parser = urllib.robotparser.RobotFileParser(url)
        parser.parse(response.content.decode("utf-8", errors="replace").splitlines())
        return _Robots(parser, False, now)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()

"""The polite fetcher against a real local server: conditional requests, Retry-After and backoff
(on an injected clock, so the waits are checked without being slept), per-host delay, robots.txt,
timeouts, the body cap, redirects, and gzip / brotli / mislabelled bodies."""
from __future__ import annotations

import gzip
import random
import threading

import pytest

from dateline.watch.fetch import FetchError, Fetcher, Politeness, backoff_delay, parse_retry_after
from dateline.watch.loop import decode_body, read_feed_response
from watch_site import Site


class FakeClock:
    """Time that moves only when slept; every sleep is recorded."""

    def __init__(self) -> None:
        self.t = 1_000_000.0
        self.sleeps: list[float] = []
        self.lock = threading.Lock()

    def now(self) -> float:
        with self.lock:
            return self.t

    def sleep(self, seconds: float) -> None:
        with self.lock:
            if seconds > 0:
                self.sleeps.append(seconds)
                self.t += seconds


@pytest.fixture(scope="module")
def site(shared):
    with Site(shared) as running:
        yield running


def fetcher(**options) -> tuple[Fetcher, FakeClock]:
    clock = FakeClock()
    options.setdefault("host_delay", 0.0)
    return Fetcher(Politeness(**options), clock=clock, rng=random.Random(7)), clock


def test_conditional_request_gets_304(site):
    client, _ = fetcher()
    first = client.get(site.url("/feeds/rss-parser-tests/heise.atom"))
    assert first.status == 200 and first.headers["etag"]
    site.clear()
    again = client.get(
        site.url("/feeds/rss-parser-tests/heise.atom"),
        {"If-None-Match": first.headers["etag"], "If-Modified-Since": first.headers["last-modified"]},
    )
    assert again.not_modified and again.content == b""
    (request,) = [r for r in site.requests if r["path"].startswith("/feeds/")]
    assert request["headers"]["If-None-Match"] == first.headers["etag"]
    assert request["headers"]["User-Agent"].startswith("dateline/")


def test_retry_after_is_honoured_on_the_injected_clock(site):
    client, clock = fetcher(retries=2)
    response = client.get(site.url("/flaky/2/rss-parser-tests/heise.atom"))
    assert response.status == 200
    assert clock.sleeps == [1.0, 1.0]  # the server's Retry-After: 1, twice, and no other wait


def test_5xx_backs_off_exponentially_with_jitter_then_gives_up(site):
    client, clock = fetcher(retries=3, backoff_base=2.0, max_retry_wait=60.0)
    with pytest.raises(FetchError) as caught:
        client.get(site.url("/status/500"))
    assert caught.value.transient and caught.value.status == 500
    assert len(clock.sleeps) == 3
    for attempt, wait in enumerate(clock.sleeps, start=1):
        full = 2.0 * 2 ** (attempt - 1)
        assert full / 2 <= wait <= full, (attempt, wait)
    assert clock.sleeps[0] < clock.sleeps[2]
    assert site.paths("/status/500").count("/status/500") == 4


def test_long_retry_after_is_handed_back_not_slept(site):
    client, clock = fetcher(retries=2, max_retry_wait=30.0)
    with pytest.raises(FetchError) as caught:
        client.get(site.url("/status/429"))
    assert caught.value.retry_after == 120.0 and caught.value.status == 429
    assert clock.sleeps == []


def test_backoff_delay_grows_and_is_capped():
    rng = random.Random(1)
    waits = [backoff_delay(n, 10.0, 100.0, rng) for n in range(1, 8)]
    for n, wait in enumerate(waits, start=1):
        full = min(100.0, 10.0 * 2 ** (n - 1))
        assert full / 2 <= wait <= full
    assert waits[-1] <= 100.0
    assert parse_retry_after("120", 0.0) == 120.0
    assert parse_retry_after("Wed, 01 Jan 2025 00:02:00 GMT", 1735689600.0) == 120.0
    assert parse_retry_after("soon", 0.0) is None


def test_requests_to_one_host_are_spaced_by_the_host_delay(site):
    client, clock = fetcher(host_delay=5.0)
    for name in ("heise.atom", "guardian.rss", "encoding.rss"):
        client.get(site.url(f"/feeds/rss-parser-tests/{name}"))
    # robots.txt, then three feeds: four requests, three gaps of five seconds.
    assert clock.sleeps == [5.0, 5.0, 5.0]


def test_robots_crawl_delay_raises_the_host_delay(shared):
    with Site(shared, robots=b"User-agent: dateline\nCrawl-delay: 7\nDisallow: /private/\n") as slow:
        client, clock = fetcher(host_delay=1.0)
        client.get(slow.url("/feeds/rss-parser-tests/heise.atom"))
        client.get(slow.url("/feeds/rss-parser-tests/guardian.rss"))
    # robots.txt itself is fetched at the plain delay; after it the site's 7 seconds rule.
    assert clock.sleeps == [1.0, 7.0]


def test_host_concurrency_is_bounded(site):
    client, _ = fetcher(host_concurrency=2)
    real = client._send
    inside, peak, lock = [0], [0], threading.Lock()

    def counting(url, headers):
        with lock:
            inside[0] += 1
            peak[0] = max(peak[0], inside[0])
        try:
            return real(url, headers)
        finally:
            with lock:
                inside[0] -= 1

    client._send = counting
    threads = [threading.Thread(target=client.get, args=(site.url("/slow/0.3/rss-parser-tests/heise.atom"),))
               for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak[0] == 2


def test_robots_txt_forbids_a_path_and_it_is_never_requested(site):
    client, _ = fetcher()
    site.clear()
    with pytest.raises(FetchError, match="robots.txt"):
        client.get(site.url("/private/feed.xml"))
    assert client.allowed(site.url("/feeds/rss-parser-tests/heise.atom"))
    assert site.paths("/private/") == []


def test_unreachable_robots_txt_forbids_everything(shared):
    with Site(shared, robots_status=503) as down:
        client, _ = fetcher(retries=0)
        with pytest.raises(FetchError, match="robots.txt cannot be fetched") as caught:
            client.get(down.url("/feeds/rss-parser-tests/heise.atom"))
        assert caught.value.transient
        assert down.paths("/feeds/") == []
    with Site(shared, robots_status=404) as missing:
        client, _ = fetcher()
        assert client.get(missing.url("/feeds/rss-parser-tests/heise.atom")).status == 200


def test_read_timeout(site):
    client, _ = fetcher(read_timeout=0.3, retries=0)
    with pytest.raises(FetchError, match="timed out") as caught:
        client.get(site.url("/slow/2/rss-parser-tests/heise.atom"))
    assert caught.value.transient


def test_body_cap(site):
    client, _ = fetcher(max_bytes=100_000)
    with pytest.raises(FetchError, match="cap"):
        client.get(site.url("/big.xml"))
    # The cap counts decoded bytes: a small gzip body that inflates past it is cut off too.
    with pytest.raises(FetchError, match="cap"):
        client.get(site.url("/feeds/jmanuelbr-chrome-extension-mocks/20minutos.xml"))


def test_redirects_are_followed_up_to_a_limit(site):
    client, _ = fetcher(max_redirects=3)
    response = client.get(site.url("/moved/rss-parser-tests/heise.atom"))
    assert response.status == 200 and response.url.endswith("/feeds/rss-parser-tests/heise.atom")
    with pytest.raises(FetchError, match="more than 3 redirects"):
        client.get(site.url("/loop"))


def test_gzip_brotli_and_mislabelled_pages_decode_to_the_original(site, shared):
    client, _ = fetcher()
    for n in range(4):  # pages go gzip, brotli, deflate, and plain but labelled Latin-1
        response = client.get(site.url(f"/site/example.com/encoding-test-{n}"))
        index = site.page_index(f"/site/example.com/encoding-test-{n}")
        raw = gzip.decompress(site.pages[index].read_bytes())
        assert response.content == raw
        text = decode_body(response.content, response.charset, response.url)
        assert text == raw.decode("utf-8")


def test_latin1_feed_labelled_utf8_reads_right(site):
    client, _ = fetcher()
    response = client.get(site.url("/feeds/rss-parser-tests/uolNoticias.rss"))
    assert response.charset == "utf-8"
    articles, problems = read_feed_response(response, "uol")
    assert articles and not problems
    text = " ".join(a.text for a in articles)
    assert "ç" in text or "ã" in text
    assert "\ufffd" not in text and "Ã" not in text


def test_answers_that_are_not_feeds_are_named(site):
    client, _ = fetcher()
    for path, reason in (("/garbage.xml", "not a feed"), ("/broken.xml", "")):
        articles, problems = read_feed_response(client.get(site.url(path)), f"feed {path}")
        assert not articles and problems and str(problems[0]).startswith(f"feed {path}: ")
        assert reason in problems[0].reason


def test_connection_refused_is_a_transient_error():
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client, clock = fetcher(retries=1, backoff_base=2.0)
    with pytest.raises(FetchError, match="connection failed") as caught:
        client.get(f"http://127.0.0.1:{port}/feed.xml")
    assert caught.value.transient  # a server that is down may be up in the next round
    assert "robots.txt cannot be fetched" in caught.value.reason


@pytest.mark.parametrize("path", [
    "jmanuelbr-chrome-extension-mocks/elpais.xml",       # not well-formed
    "jmanuelbr-chrome-extension-mocks/europapress.xml",  # not well-formed
    "rss-parser-tests/uolNoticias.rss",                  # Latin-1, no XML declaration
    "trafilatura-resources/npr-technology-feed.json",    # JSON Feed
    "rss-parser-tests/heise.atom",                       # Atom
])
def test_malformed_and_other_real_feeds_served_over_http_are_read(site, path):
    client, _ = fetcher()
    response = client.get(site.url(f"/feeds/{path}"))
    articles, problems = read_feed_response(response, path)
    assert len(articles) >= 10 and not [p for p in problems if "#item" not in p.origin]
    assert all(a.origin.startswith(f"{path}#item ") for a in articles)

"""A small news web on 127.0.0.1 for the watch tests: real feeds and pages, real misbehaviour.

Feeds are the files of ../shared/data/feeds (the malformed ones included) with every link
pointing back to this server (``/site/HOST/PATH``); each such page is one of the real article
pages of ../shared/data/html, the same page for the same link for the server's lifetime, sent
gzip-, brotli-, deflate- or un-encoded and sometimes with a wrong charset label. On demand it answers 304,
429 with Retry-After, 500, slowly, with redirects (and a redirect loop), with a robots.txt that
forbids /private/, and with a feed whose items change from one round to the next.
"""
from __future__ import annotations

import gzip
import hashlib
import re
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import brotli

LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT"
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
_URL_RE = re.compile(rb"https?://([A-Za-z0-9.-]+\.[A-Za-z]{2,})(?::\d+)?")


class Site:
    """The server; ``url(path)`` addresses it, ``requests`` logs what clients asked."""

    def __init__(self, shared: Path, *, robots_status: int = 200, robots: bytes = ROBOTS) -> None:
        self.feeds_dir = shared / "feeds"
        self.pages = sorted((shared / "html" / "scrapinghub-article-extraction-benchmark" / "html").glob("*.html.gz"))
        self.robots_status = robots_status
        self.robots = robots
        self.lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self.page_of: dict[str, int] = {}
        self.changing_round = 0
        self.flaky_left: dict[str, int] = {}
        handler = type("Handler", (_Handler,), {"site": self})
        self.server = _Server(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Site":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self, prefix: str = "") -> list[str]:
        with self.lock:
            return [r["path"] for r in self.requests if r["path"].startswith(prefix)]

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()

    # -- content ---------------------------------------------------------------------------

    def feed_bytes(self, relative: str) -> bytes | None:
        path = (self.feeds_dir / relative).resolve()
        if not path.is_file() or self.feeds_dir.resolve() not in path.parents:
            return None
        prefix = f"http://127.0.0.1:{self.port}/site/".encode()
        return _URL_RE.sub(lambda m: prefix + m.group(1).lower(), path.read_bytes())

    def page_index(self, link: str) -> int:
        with self.lock:
            if link not in self.page_of:
                self.page_of[link] = len(self.page_of) % len(self.pages)
            return self.page_of[link]

    def changing_feed(self) -> bytes:
        """Round r lists stories r+1 .. r+3; story 2 gets a corrected title in later rounds."""
        start = self.changing_round + 1
        items = []
        for n in range(start, start + 3):
            title = f"Story {n}" + (" (corrected)" if n == 2 and self.changing_round else "")
            link = self.url(f"/private/story-{n}") if n == 3 else self.url(f"/site/example.org/story-{n}")
            items.append(
                f"<item><title>{title}</title><link>{link}</link><guid>story-{n}</guid>"
                f"<pubDate>Mon, 0{n} Jun 2019 10:00:00 GMT</pubDate>"
                f"<description>Japan and Russia held talks on a peace treaty in Tokyo, item {n}."
                f"</description></item>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Changing</title>'
            f"<link>{self.url('/')}</link>{''.join(items)}</channel></rss>"
        ).encode()


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up (a size cap, a timeout, a kill) are part of the tests, not news."""
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        site = self.site
        with site.lock:
            site.requests.append({"path": self.path, "headers": dict(self.headers.items()), "time": time.time()})
        path = self.path
        if path == "/robots.txt":
            if site.robots_status != 200:
                return self._send(site.robots_status, b"unavailable")
            return self._send(200, site.robots, "text/plain")
        if path.startswith("/feeds/"):
            return self._feed(path[len("/feeds/"):])
        if path.startswith("/moved/"):
            return self._send(301, b"", headers={"Location": "/feeds/" + path[len("/moved/"):]})
        if path == "/loop":
            return self._send(302, b"", headers={"Location": "/loop"})
        if path.startswith("/status/"):
            code = int(path.split("/")[2])
            headers = {"Retry-After": "120"} if code == 429 else {}
            return self._send(code, f"status {code}".encode(), headers=headers)
        if path.startswith("/flaky/"):
            _, _, count, rest = path.split("/", 3)
            with site.lock:
                left = site.flaky_left.setdefault(path, int(count))
                site.flaky_left[path] = left - 1
            if left > 0:
                return self._send(429, b"slow down", headers={"Retry-After": "1"})
            return self._feed(rest)
        if path.startswith("/slow/"):
            _, _, seconds, rest = path.split("/", 3)
            time.sleep(float(seconds))
            return self._feed(rest)
        if path == "/garbage.xml":
            return self._send(200, b"<html><body><h1>Welcome to our new site</h1></body></html>", "text/html")
        if path == "/broken.xml":
            return self._send(200, b"<?xml version='1.0'?><rss><channel><title>Cut off", "application/rss+xml")
        if path == "/big.xml":
            return self._send(200, b"<rss>" + b" " * 2_000_000 + b"</rss>", "application/rss+xml")
        if path.startswith("/private/"):
            return self._feed("rss-parser-tests/guardian.rss")
        if path == "/flaky-page.xml":
            link = site.url("/site/flaky.example/story")
            return self._conditional(
                f'<rss version="2.0"><channel><title>Flaky</title><item><title>Talks in Tokyo</title>'
                f"<link>{link}</link><description>Japan and Russia met.</description></item></channel></rss>".encode(),
                "application/rss+xml",
            )
        if path == "/changing.xml":
            return self._conditional(site.changing_feed(), "application/rss+xml; charset=utf-8")
        if path.startswith("/site/"):
            return self._page(path)
        return self._send(404, b"not found")

    def _feed(self, relative: str) -> None:
        body = self.site.feed_bytes(relative)
        if body is None:
            return self._send(404, b"no such feed")
        if relative.endswith(".json"):
            content_type = "application/feed+json"
        elif "uolNoticias" in relative:
            content_type = "application/rss+xml; charset=utf-8"  # wrong: the feed is Latin-1
        else:
            content_type = "application/rss+xml"
        self._conditional(body, content_type)

    def _conditional(self, body: bytes, content_type: str) -> None:
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", headers=headers)
        if "gzip" in (self.headers.get("Accept-Encoding") or ""):
            headers["Content-Encoding"] = "gzip"
            body = gzip.compress(body)
        self._send(200, body, content_type, headers)

    def _page(self, path: str) -> None:
        if path.endswith("/missing"):
            return self._send(404, b"gone")
        if path.startswith("/site/flaky.example/"):
            with self.site.lock:
                left = self.site.flaky_left.setdefault(path, 1)
                self.site.flaky_left[path] = left - 1
            if left > 0:
                return self._send(503, b"try later")
        index = self.site.page_index(path)
        raw = gzip.decompress(self.site.pages[index].read_bytes())
        headers: dict[str, str] = {}
        content_type = "text/html; charset=utf-8"
        if index % 4 == 0:
            headers["Content-Encoding"] = "gzip"
            body = gzip.compress(raw)
        elif index % 4 == 1:
            headers["Content-Encoding"] = "br"
            body = brotli.compress(raw, quality=4)
        elif index % 4 == 2:
            headers["Content-Encoding"] = "deflate"
            body = zlib.compress(raw)
        else:
            body = raw
            content_type = "text/html; charset=iso-8859-1"  # a wrong label on a UTF-8 page
        self._send(200, body, content_type, headers)

    def _send(self, status: int, body: bytes, content_type: str = "text/plain",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if status != 304:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

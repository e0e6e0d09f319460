"""A real HTTP server on 127.0.0.1 for the fetch and feed tests, with well-behaved and hostile endpoints.

``HostileServer`` runs ``http.server.ThreadingHTTPServer`` in a daemon thread and records every
request (path and headers), so tests count what reached the server. Import the fixture with
``from tests.http_fixtures import http_server  # noqa: F401``.
"""

import contextlib
import gzip
import hashlib
import io
import os
import shutil
import ssl
import subprocess
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# shared/ sits beside the repo (as in tests/conftest.py); NEWS_SHARED overrides it.
FEEDS_DIR = Path(os.environ.get("NEWS_SHARED", ROOT.parent / "shared")) / "bench-data" / "feeds"

PAGE = """<!doctype html><html><head><title>{title}</title></head>
<body><article><h1>{title}</h1><p>Café {n}: a paragraph of article text with some accents é à ü.</p></article></body></html>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>http://127.0.0.1/page/1</link></item>
</channel></rss>"""


def rss(title: str, items: list[tuple[str, str]], pub_date: str = "Tue, 03 Jan 2017 14:11:52 GMT") -> bytes:
    """A small RSS 2.0 feed: items are (title, link); a None link leaves the <link> out."""
    parts = [f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{title}</title>'
             "<link>http://example.invalid/</link><description>test</description>"]
    for item_title, link in items:
        link_xml = f"<link>{link}</link>" if link is not None else ""
        parts.append(f"<item><title>{item_title}</title>{link_xml}<pubDate>{pub_date}</pubDate>"
                     "<author>Ana Pérez</author></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def _gzip_bomb(megabytes: int) -> bytes:
    out = io.BytesIO()
    zero = bytes(1 << 20)
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        for _ in range(megabytes):
            gz.write(zero)
    return out.getvalue()


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing (pytest output stays clean) and sends whole responses with
    ``_send``: status, Content-Type (none if empty), extra headers, Content-Length, body."""

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", headers=None):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def local_server(handler: type[BaseHTTPRequestHandler]):
    """A ThreadingHTTPServer on 127.0.0.1 (ephemeral port: ``server.server_port``) serving ``handler``
    in a daemon thread (daemon request threads too) for the ``with`` block; shut down and closed after."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class _Handler(QuietHandler):
    server_version = "hostile/1.0"

    def send_response(self, code, message=None):
        self.server.owner.record_status(self.path, code)
        super().send_response(code, message)

    def do_GET(self):  # noqa: C901 - one branch per endpoint, on purpose
        srv: HostileServer = self.server.owner
        path = self.path.split("?", 1)[0]
        srv.record(self.path, dict(self.headers))
        base = srv.base
        try:
            if path == "/robots.txt":
                if srv.robots_status != 200:
                    self._send(srv.robots_status, b"no robots here")
                else:
                    self._send(200, srv.robots_prefix + b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif path == "/feed.xml":
                body = rss("Test Feed Ü", [
                    ("Première page", f"{base}/page/1"),
                    ("Second page", "/page/2"),  # relative: resolved against the feed URL
                    ("Behind robots", f"{base}/private/secret"),
                    ("Local file", "file:///etc/passwd"),
                    ("Gone", f"{base}/status/404"),
                    ("No link at all", None),
                ])
                etag = '"feed-v1"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self._send(200, body, "application/rss+xml; charset=utf-8", {"ETag": etag})
            elif path == "/stray-feed.xml":  # declared UTF-8 with one stray byte: feedparser falls back to cp1252
                body = rss("Stadtzeitung – Nachrichten", [("Straßenbahn fährt wieder", f"{base}/utf8page/1")])
                self._send(200, body.replace(b"<description>test", b"<description>test \xff"),
                           "application/rss+xml; charset=utf-8")
            elif path.startswith("/utf8page/"):  # a UTF-8 page with its own title and site name
                body = (
                    '<html><head><meta charset="utf-8"><meta property="og:site_name" content="Stadtzeitung">'
                    "<title>Straßenbahn fährt wieder | Stadtzeitung</title></head><body><article>"
                    "<h1>Straßenbahn fährt wieder</h1><p>Nach zwei Jahren Bauzeit fährt die Straßenbahn wieder "
                    "durch die Altstadt, teilten die Verkehrsbetriebe am Montag mit.</p>"
                    "<p>Fahrgäste müssen sich allerdings auf geänderte Haltestellen einstellen.</p></article>"
                    "</body></html>"
                ).encode("utf-8")
                self._send(200, body, "text/html")
            elif path.startswith("/page/"):
                n = path.rsplit("/", 1)[1]
                body = PAGE.format(title=f"Page {n}", n=n).encode("iso-8859-1")
                last_modified = "Mon, 02 Jan 2017 10:00:00 GMT"
                if self.headers.get("If-Modified-Since") == last_modified:
                    self.send_response(304)
                    self.end_headers()
                    return
                self._send(200, body, "text/html; charset=ISO-8859-1", {"Last-Modified": last_modified})
            elif path.startswith("/private/"):
                self._send(200, b"<html>secret</html>")
            elif path.startswith("/status/"):
                self._send(int(path.rsplit("/", 1)[1]), b"error page")
            elif path == "/flaky":  # 503 + Retry-After the first time per key, then 200
                key = self.path
                if srv.hits[key] == 1:
                    self._send(503, b"busy", headers={"Retry-After": "1"})
                else:
                    self._send(200, b"<html><body>recovered</body></html>")
            elif path.startswith("/slow/"):  # holds the request 0.15 s: concurrency is observable
                srv.enter()
                try:
                    time.sleep(0.15)
                finally:
                    # left before the reply is written: the client may start its next request as
                    # soon as it has read this one, which must not count as a third in flight
                    srv.leave()
                self._send(200, b"<html>slow</html>")
            elif path == "/chunked":  # HTTP/1.1 chunked transfer encoding, gzip inside
                body = gzip.compress(("<html>" + "chunké " * 2000 + "</html>").encode("utf-8"))
                self.protocol_version = "HTTP/1.1"
                self.close_connection = True
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Transfer-Encoding", "chunked")
                self.send_header("Connection", "close")
                self.end_headers()
                for i in range(0, len(body), 1000):
                    piece = body[i:i + 1000]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.write(b"0\r\n\r\n")
            elif path == "/plain":
                self._send(200, "plain text ünïcode".encode("utf-8"), "text/plain; charset=utf-8")
            elif path == "/pdf":
                self._send(200, b"%PDF-1.4", "application/pdf")
            elif path == "/gzip-bomb":
                self._send(200, srv.bomb, "text/html", {"Content-Encoding": "gzip"})
            elif path == "/gzip-ok":
                self._send(200, gzip.compress("<html>petit é</html>".encode("utf-8")), "text/html; charset=utf-8",
                           {"Content-Encoding": "gzip"})
            elif path == "/trickle":  # headers at once, then one byte every 0.2 s
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "600")
                self.end_headers()
                for _ in range(600):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    srv.add_sent(path, 1)
                    time.sleep(0.2)
            elif path == "/huge":  # 60 MB, no Content-Length: only a streaming cap stops it
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                chunk = b"a" * 65536
                for _ in range(60 * 16):
                    self.wfile.write(chunk)
                    srv.add_sent(path, len(chunk))
            elif path == "/huge-declared":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(60 << 20))
                self.end_headers()
                chunk = b"a" * 65536
                for _ in range(60 * 16):
                    self.wfile.write(chunk)
                    srv.add_sent(path, len(chunk))
            elif path == "/redirect-metadata":
                self._send(302, b"", headers={"Location": "http://169.254.169.254/latest/meta-data/"})
            elif path == "/redirect-decimal":
                self._send(302, b"", headers={"Location": f"http://2130706433:{srv.port}/page/9"})
            elif path == "/redirect-file":
                self._send(302, b"", headers={"Location": "file:///etc/passwd"})
            elif path == "/redirect-ok":
                self._send(301, b"", headers={"Location": "/page/7"})
            elif path == "/loop-a":
                self._send(302, b"", headers={"Location": "/loop-b"})
            elif path == "/loop-b":
                self._send(302, b"", headers={"Location": "/loop-a"})
            elif path.startswith("/chain/"):
                n = int(path.rsplit("/", 1)[1])
                self._send(302, b"", headers={"Location": f"/chain/{n + 1}"})
            elif path == "/entity-bomb.xml":
                self._send(200, BILLION_LAUGHS, "application/rss+xml")
            elif path == "/not-a-feed.xml":
                self._send(200, b"this is not XML at all <<<", "application/xml")
            elif path == "/empty-feed.xml":
                self._send(200, rss("Empty", []), "application/rss+xml")
            elif path.startswith("/real/"):
                name = path.rsplit("/", 1)[1]
                self._send(200, (FEEDS_DIR / name).read_bytes(), "application/xml")  # no charset: sniffed
            else:
                self._send(404, b"not found")
        except (BrokenPipeError, ConnectionResetError):
            srv.add_sent(path + "#aborted", 1)


class HostileServer:
    """ThreadingHTTPServer on 127.0.0.1 (ephemeral port) in a daemon thread, recording requests."""

    def __init__(self, bomb_megabytes: int = 16, tls_dir: Path | None = None, robots_status: int = 200,
                 robots_prefix: bytes = b""):
        self.robots_status = robots_status
        self.robots_prefix = robots_prefix
        self.bomb = _gzip_bomb(bomb_megabytes)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        scheme = "http"
        if tls_dir is not None:  # a self-signed certificate for 127.0.0.1 (not trusted by clients)
            if not shutil.which("openssl"):
                pytest.skip("openssl not available")
            cert, key = tls_dir / "cert.pem", tls_dir / "key.pem"
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                            "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert, key)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
            scheme = "https"
        self._httpd.daemon_threads = True
        self._httpd.owner = self
        self.port = self._httpd.server_address[1]
        self.base = f"{scheme}://127.0.0.1:{self.port}"
        self._lock = threading.Lock()
        self.requests: list[tuple[str, dict]] = []
        self.hits: Counter = Counter()
        self.sent: Counter = Counter()
        self.statuses: list[tuple[str, int]] = []  # (path, status) of every response
        self.arrivals: list[tuple[str, float]] = []  # (path, monotonic time) of every request
        self.in_flight = 0
        self.peak_in_flight = 0
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def record(self, path: str, headers: dict) -> None:
        with self._lock:
            self.requests.append((path, headers))
            self.hits[path] += 1
            self.arrivals.append((path, time.monotonic()))

    def enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def record_status(self, path: str, code: int) -> None:
        with self._lock:
            self.statuses.append((path, code))

    def add_sent(self, path: str, n: int) -> None:
        with self._lock:
            self.sent[path] += n

    def count(self, path: str) -> int:
        with self._lock:
            return self.hits[path]

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._httpd.shutdown()
        self._httpd.server_close()


class NewsSite:
    """A news site on 127.0.0.1 for the streaming tests: a feed that grows between polls and its pages.

    ``/feed.xml`` lists ``entries`` (paths, changeable under ``lock`` between polls) with an ETag:
    a conditional GET of an unchanged feed gets 304 (counted in ``not_modified``). ``/page/<n>``
    serves story n (``page_text(n)``); ``/copy/<n>`` serves story n's text again under another URL
    (a republication: a dedup must drop it as an exact duplicate of the first arrival); any other
    path is a 404. ``hits`` counts the requests per path. Use as a context manager."""

    def __init__(self, entries: list[str], page_text, feed_title: str = "Stream Feed"):
        self.entries = list(entries)
        self.hits: dict[str, int] = {}
        self.not_modified = 0
        self.lock = threading.Lock()
        site = self

        class Handler(QuietHandler):
            def do_GET(self):
                with site.lock:
                    site.hits[self.path] = site.hits.get(self.path, 0) + 1
                    entries = list(site.entries)
                if self.path == "/feed.xml":
                    body = rss(feed_title, [(f"Story {e.rsplit('/', 1)[-1]}", site.url(e)) for e in entries])
                    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                    if self.headers.get("If-None-Match") == etag:
                        with site.lock:
                            site.not_modified += 1
                        self.send_response(304)
                        self.send_header("ETag", etag)
                        self.end_headers()
                        return
                    return self._send(200, body, "application/rss+xml", {"ETag": etag})
                kind, _, n = self.path.strip("/").partition("/")
                if kind in ("page", "copy") and n.isdigit():
                    html = f"<html><body><article><h1>Story {n}</h1><p>{page_text(int(n))}</p></article></body></html>"
                    return self._send(200, html.encode(), "text/html; charset=utf-8")
                self._send(404, b"not found", "text/plain")

        self._handler = Handler
        self._serving = None
        self.port = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        self._serving = local_server(self._handler)
        self.port = self._serving.__enter__().server_port
        return self

    def __exit__(self, *exc):
        self._serving.__exit__(*exc)


@pytest.fixture(scope="module")
def http_server():
    """A running HostileServer for the module's tests."""
    with HostileServer() as server:
        yield server


FAST_FETCH_CONFIG = {
    "user_agent": "newsbeam-test/0.1 (+https://example.invalid/newsbeam)",
    "obey_robots": True,
    "robots_max_bytes": 10000,
    "max_crawl_delay_seconds": 0.1,
    "per_host_interval_seconds": 0,
    "per_host_concurrency": 8,
    "connect_timeout_seconds": 1,
    "read_timeout_seconds": 0.5,
    "deadline_seconds": 1.0,
    "max_bytes": 1_000_000,
    "max_redirects": 4,
    "retries": 2,
    "backoff_base_seconds": 0.01,
    "backoff_max_seconds": 0.05,
    "retry_after_max_seconds": 0.2,
    "page_content_types": ["text/html", "application/xhtml+xml", "application/xml", "text/xml", "text/plain"],
    "feed_content_types": ["application/rss+xml", "application/atom+xml", "application/xml", "text/xml"],
}

# For the stream tests on a real runner (NewsSite pages; timeouts are not what they test): the fast
# config with timeouts a loaded 2-core machine keeps. The runner's Python workers (LOOPBACK) and
# the site's server threads share the test process, so under load a 1 KB page can take more than
# FAST_FETCH_CONFIG's 0.5 s read timeout to start: in the Flink stream test at load 21, /page/7 was
# a `fetch:timeout` reject ("no response headers ... read timeout=0.5") and missing from articles.
LOADED_FETCH_CONFIG = {**FAST_FETCH_CONFIG, "connect_timeout_seconds": 10, "read_timeout_seconds": 10,
                       "deadline_seconds": 30}

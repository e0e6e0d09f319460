"""The HTTP client of the fetch stage: our own client on urllib3 (no library fetches for us).

``HttpClient.get(url, kind) -> Fetched`` or raises ``FetchError`` (its ``reason`` becomes the
Rejected reason). Per request it:
- accepts only http/https; resolves the host with ``socket.getaddrinfo`` and refuses any
  loopback, private, link-local, multicast, reserved or unspecified address (numeric disguises
  such as ``2130706433``, ``0x7f000001``, ``0177.0.0.1`` or ``127.1`` resolve to what they hide
  and are refused the same way), unless the host is in ``allow_hosts``; then connects to the
  vetted address itself (TLS still verifies the real host name), so a DNS answer that changes
  between check and connect (rebinding) is not used;
- follows redirects by hand, each hop vetted again, with a cap and loop detection;
- obeys robots.txt (fetched once per host and kept; read up to ``robots_max_bytes``, the rest
  ignored; 4xx = no restrictions; 5xx or unreachable = disallowed as RFC 9309 says, but not
  kept: that error is retried like a 503; ``Crawl-delay`` raises the host's interval);
- refuses a bad TLS certificate (``tls_error``, not retried);
- spaces requests to one host (``per_host_interval_seconds``) and caps concurrent requests to
  it (``per_host_concurrency``) - both PER WORKER PROCESS (the client is shared by the DoFn
  instances of a process through ``apache_beam.utils.shared``), not across the whole job;
- retries 429, 5xx and connection failures with exponential backoff and full jitter, honouring
  Retry-After (capped);
- enforces a connect timeout, a per-read timeout and a total deadline per request (each
  redirect hop; the clock starts when the host's rate limit lets the request go) while
  streaming (reads are single ``recv``s, so a server trickling a byte a second is cut at the
  deadline); caps the body while streaming (Content-Length checked first) and while inflating
  (gzip/deflate decoded by us with ``max_length``, so a gzip bomb is cut off, never inflated);
- checks the Content-Type against the allowed list for pages or feeds;
- with an ``http_cache`` location (``HttpCache``: a local directory with plain files, or a
  ``gs://``-style location through Beam's FileSystems), sends If-None-Match /
  If-Modified-Since and reuses the stored body on 304.

Also here: the pure helpers it is built from (URL and address vetting, Retry-After, content types,
capped decompression, ``HttpCache``) and ``validate_fetch_config`` for the ``fetch:`` section.
No Beam in this module: the fetch stage (``transforms/fetch.py``) wraps the client in DoFns.
"""

from __future__ import annotations

import email.utils
import errno
import hashlib
import ipaddress
import json
import os
import random
import socket
import tempfile
import threading
import time
import urllib.robotparser
import zlib
from typing import NamedTuple, Optional, Sequence
from urllib.parse import quote, urljoin, urlsplit

from apache_beam.io.filesystems import FileSystems

from transforms.settings import ConfigError, FetchSettings

__all__ = [
    "CappedDecoder",
    "FetchError",
    "Fetched",
    "HttpCache",
    "HttpClient",
    "backoff_delay",
    "content_type_allowed",
    "is_public_address",
    "parse_content_type",
    "parse_retry_after",
    "resolve_vetted",
    "split_url",
    "validate_fetch_config",
]

_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024


class _HeaderDeadline(threading.local):
    """The deadline (time.monotonic()) of the request this thread is making, for the connection."""

    value: float | None = None


_HEADER_DEADLINE = _HeaderDeadline()


def _deadline_connection(base):
    """A urllib3 connection class whose response line and headers must arrive before the
    request's total deadline: urllib3's read timeout applies to each recv, so a server sending one
    header byte per second was never cut. A timer shuts the socket down at the deadline."""

    class DeadlineConnection(base):
        def getresponse(self, *args, **kwargs):
            deadline = _HEADER_DEADLINE.value
            sock = getattr(self, "sock", None)
            timer = None
            if deadline is not None and sock is not None:
                def expire():
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

                timer = threading.Timer(max(0.0, deadline - time.monotonic()), expire)
                timer.daemon = True
                timer.start()
            try:
                return super().getresponse(*args, **kwargs)
            finally:
                if timer is not None:
                    timer.cancel()

    DeadlineConnection.__name__ = f"Deadline{base.__name__}"
    return DeadlineConnection


class Fetched(NamedTuple):
    """A successful fetch."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int  # 200 (or 304 when the body came from the HTTP cache)
    body: bytes
    media_type: str  # lower-case, no parameters ("" if the server sent none)
    charset: str  # from the Content-Type header, "" if none
    attempts: int
    from_cache: bool = False


def _connect_failure(exc: Exception, target) -> "FetchError":
    """urllib3's NewConnectionError (the TCP connect failed at once, not by waiting) -> FetchError.

    urllib3 derives it from ConnectTimeoutError, but nothing timed out: a refused connection
    (ECONNREFUSED: nothing listens on the port, or a firewall rejects) is ``connect_refused``;
    another socket error (network or host unreachable...) is ``connection_error``. Both are
    retried like ``connect_timeout`` (a server being restarted refuses for a moment)."""
    cause = exc.__cause__ or exc.__context__
    where = f"[{target.host}]:{target.port}" if ":" in target.host else f"{target.host}:{target.port}"
    if isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) == errno.ECONNREFUSED:
        return FetchError("connect_refused", f"connection refused by {where} (nothing listening on that port?)",
                          retryable=True)
    shown = f"{type(cause).__name__}: {cause}" if cause is not None else str(exc)
    return FetchError("connection_error", f"could not connect to {where}: {shown}", retryable=True)


class FetchError(Exception):
    """A fetch that gave no usable body; ``reason`` becomes the Rejected reason."""

    def __init__(self, reason: str, detail: str = "", *, attempts: int = 1, status: int = 0,
                 retryable: bool = False, retry_after: Optional[float] = None):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.attempts = attempts
        self.status = status
        self.retryable = retryable  # 429, 5xx, connection failures
        self.retry_after = retry_after  # the server's Retry-After, seconds

    def describe(self, url: str) -> str:
        status = f"status={self.status} " if self.status else ""
        return f"{status}attempts={self.attempts} url={url} {self.detail}".strip()



# ---- pure helpers -----------------------------------------------------------------------------


def parse_content_type(header: str) -> tuple[str, str]:
    """'text/html; charset="UTF-8"' -> ('text/html', 'utf-8')."""
    if not header:
        return "", ""
    parts = header.split(";")
    media = parts[0].strip().lower()
    charset = ""
    for param in parts[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("'\"").strip().lower()
    return media, charset


def parse_retry_after(value: str | None, now: float | None = None) -> Optional[float]:
    """Retry-After (delta-seconds or HTTP-date) -> seconds to wait, None if absent or invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def backoff_delay(attempt: int, base: float, cap: float, retry_after: Optional[float], retry_after_cap: float,
                  rng=random) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based): full-jitter exponential, or Retry-After."""
    if retry_after is not None:
        return min(retry_after, retry_after_cap)
    return rng.uniform(0, min(cap, base * (2 ** (attempt - 1))))


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address; False for loopback, private, link-local, etc."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
        elif ip in ipaddress.ip_network("64:ff9b::/96"):  # NAT64: the IPv4 address is the low 32 bits
            ip = ipaddress.ip_address(int(ip) & 0xFFFFFFFF)
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def _allowed_by_list(host: str, addresses: Sequence[str], allow_hosts: Sequence[str]) -> bool:
    """A host name or IP literal matches an entry spelled the same; a CIDR entry ("10.0.0.0/8")
    matches when all resolved addresses fall in it. "127.0.0.1" does not let "2130706433" through."""
    for entry in allow_hosts:
        entry = entry.strip().lower().strip("[]")
        if not entry:
            continue
        if entry == host:
            return True
        if "/" in entry:
            try:
                network = ipaddress.ip_network(entry, strict=False)
            except ValueError:
                continue
            if addresses and all(ipaddress.ip_address(a.split("%", 1)[0]) in network for a in addresses):
                return True
    return False


def resolve_vetted(host: str, port: int, allow_hosts: Sequence[str] = ()) -> str:
    """Resolve ``host`` and return the address to connect to; FetchError blocked_address/dns_error.

    Every resolved address must be public (unless the host, or all its addresses, are allowed):
    one private answer among public ones is refused too.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("dns_error", f"{host}: {exc}") from None
    except ValueError as exc:  # e.g. an embedded NUL
        raise FetchError("bad_url", f"{host!r}: {exc}") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError("dns_error", f"{host}: no address")
    if _allowed_by_list(host, addresses, allow_hosts):
        return addresses[0]
    blocked = [a for a in addresses if not is_public_address(a)]
    if blocked:
        raise FetchError("blocked_address", f"{host} resolves to non-public {blocked[0]}")
    return addresses[0]


class Target(NamedTuple):
    scheme: str
    host: str  # lower-case, IDNA-encoded, no brackets
    port: int
    request_uri: str  # path + query, no fragment
    host_header: str


def split_url(url: str) -> Target:
    """Check scheme and shape of a URL; FetchError unsupported_scheme / bad_url."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchError("bad_url", str(exc)) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError("unsupported_scheme", f"scheme {scheme or '(none)'!r}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchError("bad_url", "no host")
    try:
        host = host.encode("idna").decode("ascii").lower() if not host.isascii() else host.lower()
    except UnicodeError as exc:
        raise FetchError("bad_url", f"host {host!r}: {exc}") from None
    if parts.username or parts.password:
        raise FetchError("bad_url", "credentials in URL refused")
    port = port or (443 if scheme == "https" else 80)
    path = parts.path or "/"
    uri = quote(path + (f"?{parts.query}" if parts.query else ""), safe="/:@!$&'()*+,;=?%~")
    shown = f"[{host}]" if ":" in host else host
    default = (scheme == "http" and port == 80) or (scheme == "https" and port == 443)
    return Target(scheme, host, port, uri, shown if default else f"{shown}:{port}")


def content_type_allowed(media_type: str, allowed: Sequence[str]) -> bool:
    """Is the media type in the allowed list? (an absent Content-Type is allowed: many servers omit it)"""
    return not media_type or media_type in allowed


class CappedDecoder:
    """Content-Encoding decoder that never produces more than ``limit`` bytes (gzip bomb guard)."""

    def __init__(self, encoding: str, limit: int):
        encoding = (encoding or "identity").strip().lower()
        if encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = None  # zlib or raw deflate: decided on the first bytes
        elif encoding in ("identity", ""):
            self._z = False
        else:
            raise FetchError("bad_content_encoding", f"Content-Encoding {encoding!r}")
        self._limit = limit
        self._out = bytearray()

    def _check(self):
        if len(self._out) > self._limit:
            raise FetchError("too_large", f"decoded body over {self._limit} bytes")

    def feed(self, chunk: bytes) -> None:
        if self._z is False:
            self._out += chunk
            self._check()
            return
        if self._z is None:
            zlib_header = len(chunk) >= 2 and (chunk[0] & 0x0F) == 8 and ((chunk[0] << 8) | chunk[1]) % 31 == 0
            self._z = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        data = chunk
        try:
            while data:
                room = self._limit - len(self._out) + 1
                self._out += self._z.decompress(data, room)
                self._check()
                data = self._z.unconsumed_tail
        except zlib.error as exc:
            raise FetchError("bad_content_encoding", f"corrupt compressed body: {exc}") from None

    def partial(self) -> bytes:
        """What was decoded so far (for a body that is used truncated)."""
        return bytes(self._out)

    def finish(self) -> bytes:
        if self._z not in (None, False):
            try:
                self._out += self._z.flush()
            except zlib.error as exc:
                raise FetchError("bad_content_encoding", f"corrupt compressed body: {exc}") from None
            self._check()
        return bytes(self._out)


# ---- HTTP cache (conditional GET between runs) ------------------------------------------------


class HttpCache:
    """ETag / Last-Modified cache: one file per URL, ``<sha256(url)>.http`` = JSON line + body.

    A local directory is written with plain files, atomically (temp file + ``os.replace``), so
    concurrent workers never read half an entry. A remote location (``gs://...``: any scheme Beam's
    ``FileSystems`` knows) is written with ``FileSystems.create``, whose objects appear whole on
    close. For scheduled runs on a cluster use a remote location: a worker's local disk is gone
    with the worker.
    """

    _MAGIC = b"newsbeam-http-cache-1\n"

    def __init__(self, directory: str, use_filesystems: bool | None = None):
        self._dir = directory
        self._remote = ("://" in directory) if use_filesystems is None else use_filesystems
        if not self._remote:
            os.makedirs(directory, exist_ok=True)

    def _path(self, url: str) -> str:
        key = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        return FileSystems.join(self._dir, key + ".http") if self._remote else os.path.join(self._dir, key + ".http")

    def get(self, url: str) -> Optional[dict]:
        """The stored entry for ``url`` (meta fields and ``body``), None if absent or unreadable."""
        path = self._path(url)
        try:
            if self._remote:
                if not FileSystems.exists(path):
                    return None
                with FileSystems.open(path, compression_type="uncompressed") as fh:
                    data = fh.read()
            else:
                with open(path, "rb") as fh:
                    data = fh.read()
            if not data.startswith(self._MAGIC):
                return None
            meta_line, _, body = data[len(self._MAGIC):].partition(b"\n")
            meta = json.loads(meta_line)
        except (OSError, ValueError):
            return None
        if meta.get("url") != url or len(body) != meta.get("length"):
            return None
        meta["body"] = body
        return meta

    def validators(self, url: str) -> dict:
        """Conditional-request headers for ``url`` ({} if nothing is stored)."""
        meta = self.get(url)
        headers = {}
        if meta and meta.get("etag"):
            headers["If-None-Match"] = meta["etag"]
        if meta and meta.get("last_modified"):
            headers["If-Modified-Since"] = meta["last_modified"]
        return headers

    def put(self, url: str, body: bytes, etag: str, last_modified: str, content_type: str) -> None:
        meta = {"url": url, "etag": etag, "last_modified": last_modified, "content_type": content_type,
                "length": len(body), "stored": time.time()}
        data = self._MAGIC + json.dumps(meta).encode("utf-8") + b"\n" + body
        path = self._path(url)
        if self._remote:
            with FileSystems.create(path, mime_type="application/octet-stream", compression_type="uncompressed") as fh:
                fh.write(data)
            return
        fd, tmp = tempfile.mkstemp(dir=self._dir, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)


# ---- the client -------------------------------------------------------------------------------


class _HostState:
    def __init__(self, concurrency: int):
        self.lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(concurrency)
        self.next_start = 0.0
        self.robots = None  # RobotFileParser once robots.txt was read (or found absent)
        self.crawl_delay = 0.0


class HttpClient:
    """Our HTTP client: vetted addresses, robots, per-host politeness, retries, caps (see module doc)."""

    def __init__(self, config: dict, allow_hosts: Sequence[str] = (), http_cache: str | None = None):
        self._c = dict(config)
        self._allow = [h.strip().lower() for h in allow_hosts if h.strip()]
        self._cache = HttpCache(http_cache) if http_cache else None
        self._hosts: dict = {}
        self._hosts_lock = threading.Lock()
        self._pools: dict = {}
        self._pools_lock = threading.Lock()
        self._rng = random.Random()
        self._ua_token = self._c["user_agent"].split("/", 1)[0].strip() or "*"

    # -- politeness -----------------------------------------------------------------------------
    def _host(self, key: str) -> _HostState:
        with self._hosts_lock:
            state = self._hosts.get(key)
            if state is None:
                state = self._hosts[key] = _HostState(int(self._c["per_host_concurrency"]))
            return state

    def _wait_turn(self, state: _HostState) -> None:
        interval = max(float(self._c["per_host_interval_seconds"]), state.crawl_delay)
        with state.lock:
            now = time.monotonic()
            start = max(now, state.next_start)
            state.next_start = start + interval
        if start > now:
            time.sleep(start - now)

    # -- one HTTP exchange ----------------------------------------------------------------------
    def _pool(self, target: Target, address: str):
        import urllib3

        key = (target.scheme, address, target.port, target.host)
        with self._pools_lock:
            pool = self._pools.get(key)
            if pool is None:
                kwargs = dict(maxsize=int(self._c["per_host_concurrency"]), block=False, retries=False)
                if target.scheme == "https":
                    pool = urllib3.HTTPSConnectionPool(
                        address, target.port, server_hostname=target.host, assert_hostname=target.host,
                        cert_reqs="CERT_REQUIRED", **kwargs)
                else:
                    pool = urllib3.HTTPConnectionPool(address, target.port, **kwargs)
                pool.ConnectionCls = _deadline_connection(pool.ConnectionCls)
                self._pools[key] = pool
            return pool

    def _exchange(self, url: str, kind: str, extra_headers: dict) -> tuple[int, dict, bytes]:
        """One request to one URL (no redirects followed): (status, headers, body). Body capped."""
        import urllib3

        target = split_url(url)
        address = resolve_vetted(target.host, target.port, self._allow)
        state = self._host(f"{target.scheme}://{target.host_header}")
        limit = int(self._c["robots_max_bytes"] if kind == "robots" else self._c["max_bytes"])
        read_timeout = float(self._c["read_timeout_seconds"])
        headers = {
            "Host": target.host_header,
            "User-Agent": self._c["user_agent"],
            "Accept-Encoding": "gzip, deflate",
            "Accept": "*/*",
            **extra_headers,
        }
        with state.slots:
            self._wait_turn(state)
            # The deadline starts once it is our turn: waiting for the host's rate limit is not
            # the server's fault. It bounds this hop (headers and the whole body).
            # The deadline covers the connection, the status line and the headers (a timer shuts
            # the socket down: _deadline_connection) and then the body (checked per chunk).
            total = float(self._c["deadline_seconds"])
            deadline = time.monotonic() + total
            timeout = urllib3.Timeout(connect=min(float(self._c["connect_timeout_seconds"]), total),
                                      read=min(read_timeout, total))
            _HEADER_DEADLINE.value = deadline
            try:
                resp = self._pool(target, address).urlopen(
                    "GET", target.request_uri, headers=headers, redirect=False, retries=False,
                    preload_content=False, decode_content=False, timeout=timeout, assert_same_host=False)
            except urllib3.exceptions.SSLError as exc:  # a bad certificate does not improve on retry
                raise FetchError("tls_error", str(exc)[:500]) from None
            except urllib3.exceptions.NewConnectionError as exc:  # a subclass of ConnectTimeoutError: first
                raise _connect_failure(exc, target) from None
            except urllib3.exceptions.ConnectTimeoutError as exc:
                raise FetchError("connect_timeout", str(exc), retryable=True) from None
            except urllib3.exceptions.ReadTimeoutError as exc:
                raise FetchError("timeout", f"no response headers: {exc}") from None
            except (urllib3.exceptions.HTTPError, OSError) as exc:
                if time.monotonic() >= deadline:
                    raise FetchError("timeout", f"total deadline of {total:g} s passed before the response "
                                                "headers were complete") from None
                raise FetchError("connection_error", f"{type(exc).__name__}: {exc}", retryable=True) from None
            finally:
                _HEADER_DEADLINE.value = None
            complete = False
            try:
                status = resp.status
                resp_headers = {k.lower(): v for k, v in resp.headers.items()}
                if status != 200 and not (200 < status < 300 and status not in (204, 205)):
                    return status, resp_headers, b""  # no use for error bodies: never read them
                if kind != "robots":
                    media, _ = parse_content_type(resp_headers.get("content-type", ""))
                    allowed = self._c["feed_content_types" if kind == "feed" else "page_content_types"]
                    if not content_type_allowed(media, allowed):
                        raise FetchError("bad_content_type", f"Content-Type {media!r}", status=status)
                length = resp_headers.get("content-length", "")
                if length.isdigit() and int(length) > limit and kind != "robots":
                    raise FetchError("too_large", f"Content-Length {length} over {limit}", status=status)
                body = self._read_body(resp, resp_headers.get("content-encoding", ""), limit, deadline, read_timeout,
                                       truncate=kind == "robots")  # RFC 9309: obey the first 500 KiB
                complete = not (kind == "robots" and len(body) >= limit)
                return status, resp_headers, body
            finally:
                if not complete:
                    resp.close()  # never drain: an abandoned bomb, trickle or error page goes with its socket
                resp.release_conn()  # a fully read keep-alive connection goes back to the pool

    @staticmethod
    def _read_body(resp, encoding: str, limit: int, deadline: float, read_timeout: float, truncate: bool = False) -> bytes:
        """The body, decoded and capped at ``limit`` (FetchError too_large, or cut there if ``truncate``)."""
        decoder = CappedDecoder(encoding, limit)
        raw_total = 0
        sock = getattr(getattr(resp, "connection", None), "sock", None)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError("timeout", f"total deadline passed after {raw_total} bytes")
            if sock is not None:
                sock.settimeout(min(read_timeout, remaining))
            try:
                chunk = resp.read1(_CHUNK, decode_content=False)  # one recv: the deadline is checked per chunk
            except Exception as exc:  # urllib3 wraps socket timeouts and resets in several types
                name = type(exc).__name__
                if "Timeout" in name or isinstance(exc, (socket.timeout, TimeoutError)):
                    raise FetchError("timeout", f"read stalled after {raw_total} bytes") from None
                raise FetchError("connection_error", f"{name}: {exc}", retryable=True) from None
            if not chunk:
                break
            raw_total += len(chunk)
            try:
                if raw_total > limit:
                    raise FetchError("too_large", f"body over {limit} bytes (cut while streaming)")
                decoder.feed(chunk)
            except FetchError as exc:
                if truncate and exc.reason == "too_large":
                    return decoder.partial()[:limit]
                raise
        return decoder.finish()

    # -- robots.txt -----------------------------------------------------------------------------
    def _check_robots(self, url: str) -> None:
        """Raise FetchError unless robots.txt allows ``url``.

        A parsed robots.txt (or a 4xx, meaning no restrictions) is kept for the client's life. An
        unreachable one (5xx, network error) means "disallow" (RFC 9309) but is not kept: the
        error is retryable, and the page's retry asks for robots.txt again.
        """
        if not self._c["obey_robots"]:
            return
        target = split_url(url)
        base = f"{target.scheme}://{target.host_header}"
        state = self._host(base)
        if state.robots is None:
            state.robots = self._load_robots(base + "/robots.txt", state)
        if not state.robots.can_fetch(self._ua_token, url):
            raise FetchError("robots_disallowed", f"robots.txt of {base} disallows it")

    def _load_robots(self, robots_url: str, state: _HostState) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            status, _, body, _ = self._follow(robots_url, "robots")
        except FetchError as exc:
            if exc.reason in ("blocked_address", "dns_error", "unsupported_scheme", "bad_url", "too_many_redirects",
                              "redirect_loop"):
                parser.parse([])  # nothing to obey; the page's own request meets the real problem
                return parser
            raise FetchError(exc.reason, f"robots.txt: {exc.detail}", retryable=exc.retryable) from None
        if 400 <= status < 500 and status != 429:
            parser.allow_all = True  # RFC 9309: 4xx (404 included) = no restrictions; 429 is "busy" like 5xx
            return parser
        if not 200 <= status < 300:
            raise FetchError("robots_unreachable", f"robots.txt status {status}", retryable=True)
        parser.parse(body.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(self._ua_token)
        if delay:
            state.crawl_delay = min(float(delay), float(self._c["max_crawl_delay_seconds"]))
        return parser

    # -- redirects and retries ------------------------------------------------------------------
    def _follow(self, url: str, kind: str) -> tuple[int, dict, bytes, str]:
        """Follow redirects by hand, vetting every hop: (status, headers, body, final_url)."""
        seen = {url}
        current = url
        for _hop in range(int(self._c["max_redirects"]) + 1):
            if kind != "robots":
                self._check_robots(current)
            conditional = self._cache.validators(current) if (self._cache and kind != "robots") else {}
            status, headers, body = self._exchange(current, kind, conditional)
            if status in _REDIRECTS:
                location = headers.get("location", "").strip()
                if not location:
                    raise FetchError("http_" + str(status), "redirect without Location", status=status)
                nxt = urljoin(current, location)
                split_url(nxt)  # scheme check before anything else
                if nxt in seen:
                    raise FetchError("redirect_loop", f"{current} -> {nxt}", status=status)
                seen.add(nxt)
                current = nxt
                continue
            if kind == "robots":
                return status, headers, body, current
            if status == 304 and conditional:
                cached = self._cache.get(current)
                if cached is not None:
                    headers = {**headers, "content-type": cached.get("content_type", "")}
                    return 304, headers, cached["body"], current
            if 200 <= status < 300 and status not in (204, 205):
                if self._cache and (headers.get("etag") or headers.get("last-modified")):
                    self._cache.put(current, body, headers.get("etag", ""), headers.get("last-modified", ""),
                                    headers.get("content-type", ""))
                return status, headers, body, current
            retryable = status == 429 or status >= 500
            retry_after = parse_retry_after(headers.get("retry-after")) if retryable else None
            raise FetchError(f"http_{status}", "", status=status, retryable=retryable, retry_after=retry_after)
        raise FetchError("too_many_redirects", f"more than {self._c['max_redirects']} redirects")

    def get(self, url: str, kind: str = "page") -> Fetched:
        """GET a page (kind "page") or a feed (kind "feed"); raises FetchError with attempts set."""
        retries = int(self._c["retries"])
        attempt = 0
        while True:
            attempt += 1
            try:
                status, headers, body, final = self._follow(url, kind)
            except FetchError as exc:
                exc.attempts = attempt
                if not exc.retryable or attempt > retries:
                    raise
                wait = backoff_delay(
                    attempt, float(self._c["backoff_base_seconds"]), float(self._c["backoff_max_seconds"]),
                    exc.retry_after,
                    float(self._c["retry_after_max_seconds"]), self._rng)
                time.sleep(wait)
                continue
            media, charset = parse_content_type(headers.get("content-type", ""))
            return Fetched(url, final, status, body, media, charset, attempt, from_cache=status == 304)


# ---- config ------------------------------------------------------------------------------------

def validate_fetch_config(config: dict) -> dict:
    """The ``fetch:`` config section (``FetchSettings``), checked (ConfigError), as a plain picklable dict."""
    out = FetchSettings.parse(config).as_dict()
    if not out["user_agent"].strip():
        raise ConfigError("fetch.user_agent must not be empty")
    for key in ("page_content_types", "feed_content_types"):
        value = out[key]
        if not value or not all("/" in v for v in value):
            raise ConfigError(f"fetch.{key} must be a non-empty list of media types")
        out[key] = [v.strip().lower() for v in value]
    return out

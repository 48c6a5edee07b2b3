"""Fetch a document over HTTP(S), with a content-addressed cache and conditional requests.

* Only ``http`` and ``https`` URLs are fetched; any other scheme (``file``, ``ftp``, ``data`` ...)
  is rejected before a connection is made, also when a redirect leads to one.
* Redirects are followed. The body is streamed and the download aborted with ``too_large`` as soon
  as it exceeds :attr:`FetchSettings.max_bytes` (a ``Content-Length`` over the limit is refused
  before the body is read). The limit applies to the decoded body, so a compressed response
  cannot expand past it.
* :attr:`FetchSettings.timeout_seconds` is a wall-clock deadline for the whole fetch: resolving
  the host, connecting, TLS, every redirect, the headers and the body. Every socket read and write
  is given at most the time left, so a server trickling its body (or its headers) a byte at a time
  is cut off at the deadline (``fetch_failed``, "timed out"). Host names are resolved in a helper
  thread so that a slow resolver cannot outlast the deadline either.
* Addresses: every connection (the URL and each redirect hop) goes to an address the fetcher
  resolved and checked itself; loopback, link-local, private, shared (CGNAT), multicast, reserved
  and unspecified addresses (IPv4, IPv6 and IPv4-mapped IPv6) are refused with
  ``address_not_allowed`` unless :attr:`FetchSettings.allow_private_addresses` is set
  (environment ``SOURCES_ALLOW_PRIVATE_URLS=1``). A host with any such address is refused, and
  since the checked address is the one connected to, DNS rebinding cannot slip past the check.
  Proxy environment variables (``HTTP_PROXY`` ...) are not used: connections are direct.
* Every other failure (network error, timeout, TLS, too many redirects, a status other than 2xx
  and 304) raises ``fetch_failed`` with the status code or the network error in the message.

Cache (when ``cache_dir`` is given): each body is stored once as ``cache_dir/<sha256>``;
``cache_dir/index.json`` maps each URL to the hash of its last body, with the response's
``ETag`` / ``Last-Modified``, content type and final URL. A later fetch of the same URL sends
``If-None-Match`` / ``If-Modified-Since``; a ``304 Not Modified`` returns the cached body with
``from_cache=True``. A cached body whose hash no longer matches is ignored and fetched again.

A cached copy is never used as a silent fallback: when the network fails, :func:`fetch_url` raises
``fetch_failed`` even if the URL was fetched before (the message says a cached copy exists). The
caller decides whether stale content is acceptable and can then read it with :func:`cached_copy`.

The index is rewritten atomically (temporary file and rename); concurrent writers to one cache
directory may lose each other's index entries (never bodies), which only costs a refetch.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import json
import os
import socket
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpcore
import httpx

from extract.errors import DocumentError
from extract.settings import FetchSettings

ALLOWED_SCHEMES = ("http", "https")
INDEX_FILE = "index.json"


@dataclass(frozen=True)
class FetchedDocument:
    """A fetched body and where it came from."""

    url: str
    final_url: str
    content: bytes
    content_type: str | None
    sha256: str
    from_cache: bool


def _check_scheme(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise DocumentError("fetch_failed", f"not a valid URL: {url!r} ({exc})") from exc
    scheme = parsed.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"{scheme}://" if scheme else "no scheme"
        raise DocumentError(
            "fetch_failed",
            f"only http:// and https:// URLs can be fetched; {url!r} has {shown}",
        )
    if not parsed.host:
        raise DocumentError("fetch_failed", f"the URL {url!r} has no host")
    return parsed


# --------------------------------------------------------------------------------------------
# Deadline and address checks (a network backend for httpcore)
# --------------------------------------------------------------------------------------------


class _Deadline:
    """A monotonic deadline; ``bound`` caps an operation's timeout at the time left."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def bound(self, timeout: float | None, error: type[Exception]) -> float:
        left = self.remaining()
        if left <= 0:
            raise error(f"the deadline of {self.seconds:g} s has passed")
        return left if timeout is None else min(timeout, left)


def _address_problem(address: str) -> str | None:
    """Why connecting to ``address`` is not allowed by default (None when it is public)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None:
            return _address_problem(str(embedded))
    for attribute, kind in (
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_unspecified", "unspecified"),
        ("is_multicast", "multicast"),
        ("is_private", "private"),
        ("is_reserved", "reserved"),
    ):
        if getattr(ip, attribute):
            return kind
    return None if ip.is_global else "not globally routable"


def _resolve(host: str, port: int, deadline: _Deadline) -> list[str]:
    """The addresses of ``host``, resolved in a helper thread within the deadline."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]").split("%", 1)[0]))]
    except ValueError:
        pass
    found: list[Any] = []

    def lookup() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as exc:
            found.append(exc)

    worker = threading.Thread(target=lookup, name="fetch-resolve", daemon=True)
    worker.start()
    worker.join(deadline.bound(None, httpcore.ConnectTimeout))
    if not found:
        raise httpcore.ConnectTimeout(f"resolving {host} took longer than the deadline")
    if isinstance(found[0], OSError):
        raise httpcore.ConnectError(f"cannot resolve {host}: {found[0]}")
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in found[0]:
        if sockaddr[0] not in addresses:
            addresses.append(str(sockaddr[0]))
    return addresses


class _GuardedStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the fetch's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.bound(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.bound(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._stream.start_tls(
            ssl_context, server_hostname, self._deadline.bound(timeout, httpcore.ConnectTimeout)
        )
        return _GuardedStream(stream, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves, checks the addresses, connects to a checked one; streams keep the deadline."""

    def __init__(self, deadline: _Deadline, allow_private: bool) -> None:
        self._deadline = deadline
        self._allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        addresses = _resolve(host, port, self._deadline)
        if not self._allow_private:
            for address in addresses:
                problem = _address_problem(address)
                if problem is not None:
                    shown = host if host == address else f"{host} ({address})"
                    raise DocumentError(
                        "address_not_allowed",
                        f"{shown} is a {problem} address; URLs to loopback, link-local and "
                        "private addresses are refused (set SOURCES_ALLOW_PRIVATE_URLS=1 or "
                        "FetchSettings.allow_private_addresses to allow them)",
                    )
        failure: Exception | None = None
        for address in addresses:
            try:
                stream = super().connect_tcp(
                    address,
                    port,
                    timeout=self._deadline.bound(timeout, httpcore.ConnectTimeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return _GuardedStream(stream, self._deadline)
        raise failure or httpcore.ConnectError(f"no address for {host}")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, max(self._deadline.remaining(), 0.0)))


def _transport(deadline: _Deadline, allow_private: bool) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx takes no network backend; httpcore's pool does (pinned versions, covered by tests).
    pool = transport._pool
    if not isinstance(pool, httpcore.ConnectionPool):  # pragma: no cover - no proxy is set
        raise RuntimeError("unexpected httpx transport without a connection pool")
    pool._network_backend = _GuardedBackend(deadline, allow_private)
    return transport


# --------------------------------------------------------------------------------------------
# Cache
# --------------------------------------------------------------------------------------------


def _read_index(cache_dir: Path) -> dict[str, dict[str, Any]]:
    path = cache_dir / INDEX_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_atomic(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _cached_body(cache_dir: Path, entry: dict[str, Any]) -> bytes | None:
    """The cached body an index entry points to, if it is there and intact."""
    sha = entry.get("sha256")
    if not isinstance(sha, str) or len(sha) != 64:
        return None
    try:
        body = (cache_dir / sha).read_bytes()
    except OSError:
        return None
    return body if hashlib.sha256(body).hexdigest() == sha else None


def cached_copy(url: str, cache_dir: Path) -> FetchedDocument | None:
    """The body last fetched from ``url``, without any network access (``from_cache=True``).

    For callers that decide, after :func:`fetch_url` failed, that a possibly stale copy will do.
    """
    entry = _read_index(cache_dir).get(url)
    if not isinstance(entry, dict):
        return None
    body = _cached_body(cache_dir, entry)
    if body is None:
        return None
    return FetchedDocument(
        url=url,
        final_url=str(entry.get("final_url") or url),
        content=body,
        content_type=entry.get("content_type"),
        sha256=str(entry["sha256"]),
        from_cache=True,
    )


def _store(cache_dir: Path, document: FetchedDocument, response: httpx.Response) -> None:
    body_path = cache_dir / document.sha256
    if not body_path.exists():
        _write_atomic(body_path, document.content)
    index = _read_index(cache_dir)
    entry: dict[str, Any] = {
        "sha256": document.sha256,
        "final_url": document.final_url,
        "content_type": document.content_type,
    }
    for header, key in (("etag", "etag"), ("last-modified", "last_modified")):
        if response.headers.get(header):
            entry[key] = response.headers[header]
    index[document.url] = entry
    _write_atomic(
        cache_dir / INDEX_FILE,
        json.dumps(index, indent=1, sort_keys=True).encode("utf-8"),
    )


# --------------------------------------------------------------------------------------------
# Fetching
# --------------------------------------------------------------------------------------------


def _network_error(url: str, exc: Exception, cached: bool, timeout: float) -> DocumentError:
    if isinstance(exc, httpx.TimeoutException):
        what = f"timed out after {timeout:g} s ({type(exc).__name__})"
    elif isinstance(exc, httpx.TooManyRedirects):
        what = "too many redirects"
    else:
        detail = str(exc) or type(exc).__name__
        what = f"network error: {detail}"
    note = "; a cached copy exists but was not used" if cached else ""
    return DocumentError("fetch_failed", f"could not fetch {url}: {what}{note}")


def _read_body(
    response: httpx.Response, url: str, settings: FetchSettings, deadline: _Deadline
) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.strip().isdigit() and int(declared) > settings.max_bytes:
        raise DocumentError(
            "too_large",
            f"{url} is {int(declared):,} bytes, over the limit of {settings.max_bytes:,} bytes",
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():  # each piece as it arrives: the deadline is checked often
        size += len(chunk)
        if size > settings.max_bytes:
            raise DocumentError(
                "too_large",
                f"{url} is over the limit of {settings.max_bytes:,} bytes; download aborted",
            )
        if deadline.remaining() <= 0:
            raise httpx.ReadTimeout("the download took too long", request=response.request)
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_url(url: str, settings: FetchSettings, cache_dir: Path | None) -> FetchedDocument:
    """Fetch ``url`` (see the module docstring for limits, errors and caching)."""
    _check_scheme(url)
    entry: dict[str, Any] | None = None
    cached_body: bytes | None = None
    if cache_dir is not None:
        found = _read_index(cache_dir).get(url)
        if isinstance(found, dict):
            cached_body = _cached_body(cache_dir, found)
            entry = found if cached_body is not None else None

    headers = {"User-Agent": settings.user_agent}
    if entry is not None:
        if entry.get("etag"):
            headers["If-None-Match"] = str(entry["etag"])
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = str(entry["last_modified"])

    hops: list[str] = []

    def refuse_other_schemes(request: httpx.Request) -> None:
        """Redirects are requests too: one to another scheme is refused like the URL would be."""
        target = str(request.url)
        hops.append(target)
        if request.url.scheme.lower() not in ALLOWED_SCHEMES:
            raise DocumentError(
                "fetch_failed",
                f"{url} redirected to {target}; only http:// and https:// URLs can be fetched",
            )

    timeout = settings.timeout_seconds
    deadline = _Deadline(timeout)
    try:
        with (
            httpx.Client(
                timeout=httpx.Timeout(timeout),
                follow_redirects=True,
                headers=headers,
                event_hooks={"request": [refuse_other_schemes]},
                transport=_transport(deadline, settings.allow_private_addresses),
                trust_env=False,
            ) as client,
            client.stream("GET", url) as response,
        ):
            final_url = str(response.url)
            content_type = response.headers.get("content-type")
            if response.status_code == 304:
                if cached_body is None or entry is None:
                    raise DocumentError(
                        "fetch_failed",
                        f"{url} answered 304 Not Modified but there is no cached copy",
                    )
                return FetchedDocument(
                    url=url,
                    final_url=str(entry.get("final_url") or final_url),
                    content=cached_body,
                    content_type=entry.get("content_type"),
                    sha256=str(entry["sha256"]),
                    from_cache=True,
                )
            if not response.is_success:
                reason = response.reason_phrase or "error"
                raise DocumentError(
                    "fetch_failed",
                    f"{url} answered HTTP {response.status_code} {reason}"
                    + (f" (after redirects, at {final_url})" if final_url != url else ""),
                )
            body = _read_body(response, url, settings, deadline)
    except httpx.HTTPError as exc:
        raise _network_error(url, exc, cached_body is not None, timeout) from exc
    except httpx.StreamError as exc:
        raise _network_error(url, exc, cached_body is not None, timeout) from exc
    except DocumentError as exc:
        if exc.reason != "address_not_allowed":
            raise
        hop = f" (redirected to {hops[-1]})" if len(hops) > 1 else ""
        raise DocumentError(exc.reason, f"{url}{hop}: {exc.message}") from exc

    document = FetchedDocument(
        url=url,
        final_url=final_url,
        content=body,
        content_type=content_type,
        sha256=hashlib.sha256(body).hexdigest(),
        from_cache=False,
    )
    if cache_dir is not None:
        _store(cache_dir, document, response)
    return document

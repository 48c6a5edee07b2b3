"""fetch_url against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from extract import fetch
from extract.errors import DocumentError
from extract.fetch import cached_copy, fetch_url
from extract.settings import FetchSettings

PAGE = "<html><body><p>Open models now run 63% of production AI workloads.</p></body></html>"
PAGE_BYTES = PAGE.encode("utf-8")
ETAG = '"v1"'
FAST = FetchSettings(timeout_seconds=2.0, max_bytes=10_000, allow_private_addresses=True)


class _Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if "Content-Length" not in (headers or {}) and status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        _Handler.requests.append((self.path, dict(self.headers.items())))
        html = {"Content-Type": "text/html; charset=utf-8"}
        if self.path == "/page":
            if self.headers.get("If-None-Match") == ETAG:
                self._send(304, headers={"ETag": ETAG})
            else:
                self._send(200, PAGE_BYTES, {**html, "ETag": ETAG})
        elif self.path == "/dated":
            stamp = "Wed, 21 Oct 2025 07:28:00 GMT"
            if self.headers.get("If-Modified-Since") == stamp:
                self._send(304)
            else:
                self._send(200, PAGE_BYTES, {**html, "Last-Modified": stamp})
        elif self.path == "/plain":
            self._send(200, PAGE_BYTES, html)
        elif self.path == "/redirect":
            self._send(302, headers={"Location": "/plain"})
        elif self.path == "/to-file":
            self._send(302, headers={"Location": "file:///etc/passwd"})
        elif self.path == "/slow":
            time.sleep(1.0)
            self._send(200, PAGE_BYTES, html)
        elif self.path == "/trickle":  # headers at once, then one byte every 0.2 s for a minute
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "300")
            self.end_headers()
            try:
                for _ in range(300):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:  # the client hung up: what the test expects
                pass
        elif self.path.startswith("/redirect-to/"):
            self._send(302, headers={"Location": "http://" + self.path[len("/redirect-to/") :]})
        elif self.path == "/big":
            self._send(200, b"x" * 50_000, html)
        elif self.path == "/big-unannounced":  # no Content-Length: only streaming can stop it
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"x" * 1_000)
        else:
            self._send(404, b"not found", {"Content-Type": "text/plain"})


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_fetch_success_without_cache(server: str) -> None:
    fetched = fetch_url(f"{server}/plain", FAST, None)
    assert fetched.content == PAGE_BYTES
    assert fetched.sha256 == hashlib.sha256(PAGE_BYTES).hexdigest()
    assert fetched.content_type == "text/html; charset=utf-8"
    assert fetched.url == fetched.final_url == f"{server}/plain"
    assert not fetched.from_cache


def test_redirects_are_followed(server: str) -> None:
    fetched = fetch_url(f"{server}/redirect", FAST, None)
    assert fetched.final_url == f"{server}/plain"
    assert fetched.url == f"{server}/redirect"
    assert fetched.content == PAGE_BYTES


def test_body_cached_by_hash_and_revalidated_with_etag(server: str, tmp_path: Path) -> None:
    url = f"{server}/page"
    first = fetch_url(url, FAST, tmp_path)
    assert not first.from_cache
    assert (tmp_path / first.sha256).read_bytes() == PAGE_BYTES
    index = json.loads((tmp_path / "index.json").read_text())
    assert index[url]["sha256"] == first.sha256
    assert index[url]["etag"] == ETAG

    _Handler.requests.clear()
    second = fetch_url(url, FAST, tmp_path)
    assert second.from_cache
    assert second.content == PAGE_BYTES
    assert second.sha256 == first.sha256
    assert second.content_type == "text/html; charset=utf-8"
    ((path, headers),) = _Handler.requests
    assert path == "/page"
    assert headers["If-None-Match"] == ETAG


def test_revalidation_with_last_modified(server: str, tmp_path: Path) -> None:
    url = f"{server}/dated"
    assert not fetch_url(url, FAST, tmp_path).from_cache
    assert fetch_url(url, FAST, tmp_path).from_cache


def test_corrupt_cached_body_is_fetched_again(server: str, tmp_path: Path) -> None:
    url = f"{server}/page"
    first = fetch_url(url, FAST, tmp_path)
    (tmp_path / first.sha256).write_bytes(b"tampered")
    again = fetch_url(url, FAST, tmp_path)
    assert not again.from_cache
    assert again.content == PAGE_BYTES


def test_timeout_is_fetch_failed(server: str) -> None:
    started = time.monotonic()
    with pytest.raises(DocumentError) as error:
        fetch_url(f"{server}/slow", replace(FAST, timeout_seconds=0.2), None)
    assert error.value.reason == "fetch_failed"
    assert "timed out" in error.value.message
    assert time.monotonic() - started < 0.9


@pytest.mark.parametrize("path", ["/big", "/big-unannounced"])
def test_size_limit_aborts_with_too_large(server: str, path: str, tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as error:
        fetch_url(f"{server}{path}", FAST, tmp_path)
    assert error.value.reason == "too_large"
    assert "10,000" in error.value.message
    assert not (tmp_path / "index.json").exists()


def test_http_error_status_is_fetch_failed_with_the_code(server: str) -> None:
    with pytest.raises(DocumentError) as error:
        fetch_url(f"{server}/missing", FAST, None)
    assert error.value.reason == "fetch_failed"
    assert "404" in error.value.message


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/report.pdf", "data:text/html,<p>x</p>", "report.pdf"],
)
def test_non_http_schemes_are_rejected(url: str) -> None:
    with pytest.raises(DocumentError) as error:
        fetch_url(url, FAST, None)
    assert error.value.reason == "fetch_failed"
    assert "http" in error.value.message


def test_redirect_to_another_scheme_is_rejected(server: str) -> None:
    with pytest.raises(DocumentError) as error:
        fetch_url(f"{server}/to-file", FAST, None)
    assert error.value.reason == "fetch_failed"
    assert "file://" in error.value.message


def test_network_failure_never_falls_back_to_the_cache(server: str, tmp_path: Path) -> None:
    # Fetch once into the cache, then make the same URL unreachable by copying its index entry
    # to an address where nothing listens.
    url = f"{server}/page"
    fetch_url(url, FAST, tmp_path)
    dead_url = f"http://127.0.0.1:{_free_port()}/page"
    index_path = tmp_path / "index.json"
    index = json.loads(index_path.read_text())
    index[dead_url] = index[url]
    index_path.write_text(json.dumps(index))

    with pytest.raises(DocumentError) as error:
        fetch_url(dead_url, FAST, tmp_path)
    assert error.value.reason == "fetch_failed"
    assert "cached copy exists but was not used" in error.value.message
    # the caller may decide to use the stale copy explicitly
    stale = cached_copy(dead_url, tmp_path)
    assert stale is not None
    assert stale.from_cache
    assert stale.content == PAGE_BYTES


# --------------------------------------------------------------------------------------------
# Finding 6: the deadline holds for the whole request
# --------------------------------------------------------------------------------------------


def test_a_trickling_body_is_cut_off_at_the_deadline(server: str) -> None:
    """A server sending a byte every 0.2 s kept a run 245 s against a 30 s limit."""
    started = time.monotonic()
    with pytest.raises(DocumentError) as error:
        fetch_url(f"{server}/trickle", FAST, None)  # FAST: a 2 s deadline
    elapsed = time.monotonic() - started
    assert error.value.reason == "fetch_failed"
    assert "timed out after 2 s" in error.value.message
    assert 1.9 <= elapsed < 3.0


# --------------------------------------------------------------------------------------------
# Finding 3: URLs to loopback, link-local and private addresses
# --------------------------------------------------------------------------------------------

STRICT = replace(FAST, allow_private_addresses=False)


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "[::1]", "169.254.169.254", "10.0.0.1", "192.168.1.1", "0.0.0.0"],
)
def test_private_addresses_are_refused_by_default(host: str, server: str) -> None:
    port = server.rsplit(":", 1)[1]
    _Handler.requests.clear()
    with pytest.raises(DocumentError) as error:
        fetch_url(f"http://{host}:{port}/plain", STRICT, None)
    assert error.value.reason == "address_not_allowed"
    assert "SOURCES_ALLOW_PRIVATE_URLS" in error.value.message
    assert not _Handler.requests  # refused before connecting


def test_private_addresses_are_allowed_with_the_flag_or_the_environment(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert fetch_url(f"{server}/plain", FAST, None).content == PAGE_BYTES
    monkeypatch.setenv("SOURCES_ALLOW_PRIVATE_URLS", "1")
    assert FetchSettings().allow_private_addresses
    monkeypatch.setenv("SOURCES_ALLOW_PRIVATE_URLS", "0")
    assert not FetchSettings().allow_private_addresses


def test_every_redirect_hop_is_checked(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first hop is allowed (127.0.0.1 is made to count as public), the redirect's is not."""
    real = fetch._address_problem
    monkeypatch.setattr(fetch, "_address_problem", lambda a: None if a == "127.0.0.1" else real(a))
    port = server.rsplit(":", 1)[1]
    with pytest.raises(DocumentError) as error:
        fetch_url(f"{server}/redirect-to/127.0.0.2:{port}/plain", STRICT, None)
    assert error.value.reason == "address_not_allowed"
    assert "redirected to http://127.0.0.2" in error.value.message


def test_the_checked_address_is_the_one_connected_to(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: whatever a name resolved to before, the connection goes to an address the
    fetcher itself resolved and checked."""
    resolved: list[str] = []
    real = fetch._resolve

    def resolve(host: str, port: int, deadline):  # type: ignore[no-untyped-def]
        addresses = real(host, port, deadline)
        resolved.extend(addresses)
        return addresses

    monkeypatch.setattr(fetch, "_resolve", resolve)
    with pytest.raises(DocumentError):
        fetch_url(f"http://localhost:{server.rsplit(':', 1)[1]}/plain", STRICT, None)
    assert resolved and all(fetch._address_problem(a) == "loopback" for a in resolved)


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:127.0.0.1", "loopback"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private"),
        ("100.64.0.1", "not globally routable"),
        ("224.0.0.1", "multicast"),
    ],
)
def test_address_classification(address: str, problem: str | None) -> None:
    assert fetch._address_problem(address) == problem

"""The one way genai talks to the network: polite, bounded GET requests.

Every request goes through ``Client.get``: a timeout, a User-Agent that says
who is asking, at least ``min_interval`` seconds between two requests to the
same host (kept in a small file in the cache folder, so that separate runs
respect it too), retries with exponential backoff on 429 and 503 (honouring
``Retry-After``), a cap on the size of an answer, and every failure as one
``NetworkError`` sentence. Only http and https are spoken; no file:// or
ftp:// handler is installed, so no address can read local files.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import os
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from genai_catalog import paths
from genai_catalog.errors import BadRequest, NetworkError
from genai_catalog.version import __version__

USER_AGENT = f"genai-catalog/{__version__} (a command-line catalog of generative AI; Python urllib)"
ENV_TIMEOUT = "GENAI_HTTP_TIMEOUT"
DEFAULT_TIMEOUT = 20.0
MIN_INTERVAL = 3.0
RETRY_STATUSES = frozenset({429, 503})
# A Retry-After longer than this is not waited for: the service is down for now.
MAX_RETRY_AFTER = 120.0
MAX_BYTES = 20 * 1024 * 1024
_THROTTLE_FOLDER = "net"
# The pace file is never followed through a symlink: it lives in a shared cache folder.
_PACE_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class Clock:
    """Wall time and sleeping, injectable so that tests never wait."""

    now: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep


CLOCK = Clock()


def default_timeout() -> float:
    """Seconds to wait for an answer: ``$GENAI_HTTP_TIMEOUT``, else 20."""
    text = os.environ.get(ENV_TIMEOUT, "")
    try:
        value = float(text)
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if 0 < value <= 600 else DEFAULT_TIMEOUT


def check_url(url: str, setting: str = "the address") -> str:
    """``url`` if it is an http(s) address with a host; a clear error otherwise."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadRequest(f"{setting} must be an http:// or https:// URL, not {url!r}")
    return url


def _throttle_dir() -> Path | None:
    folder = paths.cache_dir()
    return folder / _THROTTLE_FOLDER if folder is not None else None


@dataclass
class Client:
    """GET requests with a timeout, a rate limit per host, retries and a size cap."""

    timeout: float = field(default_factory=default_timeout)
    retries: int = 3
    backoff: float = 3.0  # seconds before the first retry; doubled for each next one
    min_interval: float = MIN_INTERVAL
    max_bytes: int = MAX_BYTES
    clock: Clock | None = None  # None: the module's CLOCK, looked up at each call
    throttle_dir: Path | None = field(default_factory=_throttle_dir)
    _last: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def _clock(self) -> Clock:
        return self.clock or CLOCK

    def get(self, url: str, *, accept: str = "*/*") -> bytes:
        """The body of a successful answer to GET ``url``; ``NetworkError`` otherwise."""
        check_url(url)
        host = urllib.parse.urlsplit(url).netloc
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
        attempt = 0
        while True:
            self._wait_turn(host)
            try:
                return self._fetch(request, host)
            except urllib.error.HTTPError as exc:
                status = exc.code
                delay = _retry_after(exc.headers.get("Retry-After"), self._clock.now())
                exc.close()
                if status not in RETRY_STATUSES:
                    raise NetworkError(f"{host} answered HTTP {status} ({_reason(exc)})") from None
                if attempt >= self.retries:
                    raise NetworkError(
                        f"{host} answered HTTP {status} ({_reason(exc)}) {attempt + 1} times; "
                        "try again later"
                    ) from None
                wait = delay if delay is not None else self.backoff * 2**attempt
                if wait > MAX_RETRY_AFTER:
                    raise NetworkError(
                        f"{host} answered HTTP {status} ({_reason(exc)}) and asks to wait "
                        f"{wait:.0f} s; try again later"
                    ) from None
                attempt += 1
                self._clock.sleep(wait)

    def _fetch(self, request: urllib.request.Request, host: str) -> bytes:
        try:
            with _opener().open(request, timeout=self.timeout) as answer:
                body: bytes = answer.read(self.max_bytes + 1)
        except urllib.error.HTTPError:
            raise
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise NetworkError(_failure(exc, host, self.timeout)) from None
        except ValueError as exc:  # an address urllib cannot even send, such as a bad port
            raise NetworkError(f"cannot reach {host}: {exc}") from None
        if len(body) > self.max_bytes:
            raise NetworkError(
                f"{host} sent more than {self.max_bytes:,} bytes; refusing the answer"
            )
        return body

    # ---- the rate limit

    def _wait_turn(self, host: str) -> None:
        """Sleep until ``min_interval`` has passed since the last request to ``host``.

        The slot is reserved before sleeping (the file holds the time the next
        request may start), so two processes that look at once do not both go.
        """
        now = self._clock.now()
        last = self._reserve(host, now)
        wait = min(max(0.0, last + self.min_interval - now), self.min_interval)
        self._last[host] = now + wait
        if wait > 0:
            self._clock.sleep(wait)

    def _reserve(self, host: str, now: float) -> float:
        """The time of the last request to ``host``, recording ours in its place."""
        remembered = self._last.get(host, 0.0)
        if self.throttle_dir is None:
            return remembered
        try:
            self.throttle_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            name = self.throttle_dir / (_safe_name(host) + ".last")
            flags = (
                os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            )
            fd = os.open(name, flags, 0o600)
        except OSError:
            return remembered  # no cache folder to share: this process still keeps its pace
        try:
            with _locked(fd):
                try:
                    stored = float(os.read(fd, 64).decode("ascii").strip() or 0)
                except (ValueError, UnicodeDecodeError):
                    stored = 0.0
                last = max(stored, remembered)
                start = max(now, min(last + self.min_interval, now + self.min_interval))
                os.lseek(fd, 0, os.SEEK_SET)
                os.ftruncate(fd, 0)
                os.write(fd, f"{start:.3f}\n".encode("ascii"))
        except OSError:
            return remembered
        finally:
            os.close(fd)
        return last


def _safe_name(host: str) -> str:
    return "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in host.lower())[:100]


@contextlib.contextmanager
def _locked(fd: int) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: the reservation still narrows the race
        yield None
        return
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield None
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


# ---- urllib, limited to http and https


def _opener() -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def _reason(exc: urllib.error.HTTPError) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(exc.code).phrase
    except ValueError:
        return str(exc.reason or "unknown status")


def _failure(exc: BaseException, host: str, timeout: float) -> str:
    """One sentence for a request that got no HTTP answer."""
    reason: object = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, socket.gaierror):
        return f"cannot reach {host}: the host name does not resolve (is the network up?)"
    if isinstance(reason, ConnectionRefusedError):
        return f"cannot reach {host}: the connection was refused"
    if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in str(reason):
        return f"{host} did not answer within {timeout:g} s"
    if isinstance(reason, ssl.SSLError):
        return f"cannot reach {host}: the secure connection failed ({reason.reason or reason})"
    if isinstance(reason, ConnectionError):
        return f"cannot reach {host}: the connection was broken off"
    if isinstance(reason, http.client.HTTPException):
        return f"cannot reach {host}: the answer was cut short or garbled"
    if isinstance(reason, OSError) and reason.strerror:
        return f"cannot reach {host}: {reason.strerror.lower()}"
    return f"cannot reach {host}: {reason}"

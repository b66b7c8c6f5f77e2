"""The HTTP seam, against a local server: timeouts, retries, the rate limit, every failure."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from genai_catalog import __version__, net
from genai_catalog.errors import BadRequest, NetworkError


class FakeClock:
    """Time that moves only when someone sleeps; every sleep is recorded."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self.t = start
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.t += seconds

    @property
    def clock(self) -> net.Clock:
        return net.Clock(now=self.now, sleep=self.sleep)


@pytest.fixture
def fake() -> FakeClock:
    return FakeClock()


def client(fake: FakeClock, tmp_path: Path, **kwargs: object) -> net.Client:
    return net.Client(clock=fake.clock, throttle_dir=tmp_path / "net", **kwargs)  # type: ignore[arg-type]


def test_get_returns_the_body_and_names_itself(
    httpserver: HTTPServer, fake: FakeClock, tmp_path: Path
) -> None:
    httpserver.expect_request("/q", headers={"User-Agent": net.USER_AGENT}).respond_with_data("hi")
    assert client(fake, tmp_path).get(httpserver.url_for("/q")) == b"hi"
    assert f"genai-catalog/{__version__}" in net.USER_AGENT
    assert fake.sleeps == []  # the first request to a host never waits


def test_503_then_success_backs_off_and_retries(
    httpserver: HTTPServer, fake: FakeClock, tmp_path: Path
) -> None:
    httpserver.expect_ordered_request("/q").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/q").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/q").respond_with_data("ok")
    assert client(fake, tmp_path, min_interval=0).get(httpserver.url_for("/q")) == b"ok"
    assert fake.sleeps == [3.0, 6.0]  # exponential backoff


def test_429_waits_as_long_as_retry_after_says(
    httpserver: HTTPServer, fake: FakeClock, tmp_path: Path
) -> None:
    httpserver.expect_ordered_request("/q").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request("/q").respond_with_data("ok")
    assert client(fake, tmp_path, min_interval=0).get(httpserver.url_for("/q")) == b"ok"
    assert fake.sleeps == [7.0]


def test_retry_after_as_an_http_date(
    httpserver: HTTPServer, fake: FakeClock, tmp_path: Path
) -> None:
    from email.utils import formatdate

    when = formatdate(fake.t + 30, usegmt=True)
    httpserver.expect_ordered_request("/q").respond_with_data(
        "", status=503, headers={"Retry-After": when}
    )
    httpserver.expect_ordered_request("/q").respond_with_data("ok")
    assert client(fake, tmp_path, min_interval=0).get(httpserver.url_for("/q")) == b"ok"
    assert fake.sleeps == [30.0]


def test_a_service_that_stays_busy_gives_up(
    httpserver: HTTPServer, fake: FakeClock, tmp_path: Path
) -> None:
    httpserver.expect_request("/q").respond_with_data("busy", status=503)
    with pytest.raises(NetworkError) as caught:
        client(fake, tmp_path, min_interval=0, retries=2).get(httpserver.url_for("/q"))
    host = f"{httpserver.host}:{httpserver.port}"
    assert str(caught.value) == (
        f"{host} answered HTTP 503 (Service Unavailable) 3 times; try again later"
    )
    assert fake.sleeps == [3.0, 6.0]


def test_a_retry_after_too_long_is_not_waited_for(
    httpserver: HTTPServer, fake: FakeClock, tmp_path: Path
) -> None:
    httpserver.expect_request("/q").respond_with_data(
        "", status=429, headers={"Retry-After": "3600"}
    )
    with pytest.raises(NetworkError, match=r"asks to wait 3600 s; try again later$"):
        client(fake, tmp_path, min_interval=0).get(httpserver.url_for("/q"))
    assert fake.sleeps == []


def test_http_errors_are_one_sentence(
    httpserver: HTTPServer, fake: FakeClock, tmp_path: Path
) -> None:
    httpserver.expect_request("/q").respond_with_data("no", status=404)
    httpserver.expect_request("/boom").respond_with_data("no", status=500)
    host = f"{httpserver.host}:{httpserver.port}"
    http = client(fake, tmp_path, min_interval=0)
    with pytest.raises(NetworkError) as caught:
        http.get(httpserver.url_for("/q"))
    assert str(caught.value) == f"{host} answered HTTP 404 (Not Found)"
    with pytest.raises(NetworkError) as caught:
        http.get(httpserver.url_for("/boom"))
    assert str(caught.value) == f"{host} answered HTTP 500 (Internal Server Error)"


def test_a_slow_answer_times_out(httpserver: HTTPServer, fake: FakeClock, tmp_path: Path) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response("late")

    httpserver.expect_request("/q").respond_with_handler(slow)
    host = f"{httpserver.host}:{httpserver.port}"
    with pytest.raises(NetworkError) as caught:
        client(fake, tmp_path, timeout=0.2).get(httpserver.url_for("/q"))
    assert str(caught.value) == f"{host} did not answer within 0.2 s"


def test_the_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(net.ENV_TIMEOUT, "0.5")
    assert net.Client().timeout == 0.5
    monkeypatch.setenv(net.ENV_TIMEOUT, "soon")
    assert net.Client().timeout == net.DEFAULT_TIMEOUT


def test_a_refused_connection(fake: FakeClock, tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(NetworkError) as caught:
        client(fake, tmp_path).get(f"http://127.0.0.1:{port}/q")
    assert str(caught.value) == f"cannot reach 127.0.0.1:{port}: the connection was refused"


def test_a_host_name_that_does_not_resolve(
    fake: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_dns(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(NetworkError) as caught:
        client(fake, tmp_path).get("https://export.arxiv.org/api/query?id_list=1")
    assert str(caught.value) == (
        "cannot reach export.arxiv.org: the host name does not resolve (is the network up?)"
    )


def test_an_oversized_answer_is_refused(
    httpserver: HTTPServer, fake: FakeClock, tmp_path: Path
) -> None:
    httpserver.expect_request("/q").respond_with_data("x" * 2000)
    with pytest.raises(NetworkError, match="sent more than 1,000 bytes; refusing the answer"):
        client(fake, tmp_path, max_bytes=1000).get(httpserver.url_for("/q"))


def test_only_http_and_https(fake: FakeClock, tmp_path: Path) -> None:
    with pytest.raises(
        BadRequest, match="must be an http:// or https:// URL, not 'file:///etc/passwd'"
    ):
        client(fake, tmp_path).get("file:///etc/passwd")


def test_a_redirect_to_a_local_file_is_not_followed(
    httpserver: HTTPServer, fake: FakeClock, tmp_path: Path
) -> None:
    httpserver.expect_request("/q").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    with pytest.raises(NetworkError, match=r"answered HTTP 302 \(Found\)$"):
        client(fake, tmp_path).get(httpserver.url_for("/q"))


def test_requests_to_one_host_are_spaced_three_seconds_apart(
    httpserver: HTTPServer, fake: FakeClock, tmp_path: Path
) -> None:
    httpserver.expect_request("/q").respond_with_data("ok")
    http = client(fake, tmp_path)
    http.get(httpserver.url_for("/q"))
    fake.t += 1.0  # one second later
    http.get(httpserver.url_for("/q"))
    assert fake.sleeps == [2.0]


def test_separate_processes_share_the_pace_through_the_cache_folder(
    httpserver: HTTPServer, fake: FakeClock, tmp_path: Path
) -> None:
    httpserver.expect_request("/q").respond_with_data("ok")
    client(fake, tmp_path).get(httpserver.url_for("/q"))
    client(fake, tmp_path).get(httpserver.url_for("/q"))  # a new client: another run
    assert fake.sleeps == [3.0]
    files = list((tmp_path / "net").iterdir())
    assert [f.name for f in files] == [f"127.0.0.1_{httpserver.port}.last"]


def test_a_garbled_pace_file_does_not_stop_requests(
    httpserver: HTTPServer, fake: FakeClock, tmp_path: Path
) -> None:
    httpserver.expect_request("/q").respond_with_data("ok")
    folder = tmp_path / "net"
    folder.mkdir()
    (folder / f"127.0.0.1_{httpserver.port}.last").write_bytes(b"\xff garbage")
    assert client(fake, tmp_path).get(httpserver.url_for("/q")) == b"ok"
    assert fake.sleeps == []

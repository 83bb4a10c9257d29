"""Request heads held to a size and a time, on a real server: an endless header, a client
that sends nothing, a head that trickles in; a large body in one read is no head."""

from __future__ import annotations

import asyncio
import json

import pytest

from server import Settings, create_app
from tests.serving import serving
from transport.heads import HeadWithBody


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"request_timeout_seconds": 0.5})


async def exchange(address: str, *pieces: bytes, pause: float = 0.1) -> bytes:
    """Sends each piece in turn, then reads the answer until the server closes."""
    host, port = address.split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        for piece in pieces:
            writer.write(piece)
            await writer.drain()
            await asyncio.sleep(pause)
        async with asyncio.timeout(10):
            return await reader.read()
    finally:
        writer.close()


def answer(raw: bytes) -> tuple[bytes, dict[str, object]]:
    head, _, body = raw.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0], json.loads(body)


async def test_a_head_larger_than_the_limit_is_refused_with_431(settings: Settings) -> None:
    # given a server allowing a head far more time than it takes to send, so that only the
    # size can stop it on a loaded machine, and a header that never ends, in reads of 48 KiB
    patient = settings.model_copy(update={"request_timeout_seconds": 30})
    start = b"GET /healthz HTTP/1.1\r\nHost: zhdj.test\r\nX-Endless: "
    async with serving(create_app(patient), patient) as address:
        raw = await exchange(address, start, b"a" * 48 * 1024, b"a" * 48 * 1024)
    # then the server stops reading it, says why, and closes
    status, body = answer(raw)
    assert status == b"HTTP/1.1 431 Request Header Fields Too Large"
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"  # type: ignore[index]


async def test_a_connection_that_sends_nothing_is_closed_with_408(live_server: str) -> None:
    raw = await exchange(live_server)
    status, body = answer(raw)
    assert status == b"HTTP/1.1 408 Request Timeout"
    assert "did not arrive" in body["errors"][0]["message"]  # type: ignore[index]


async def test_a_head_that_trickles_in_is_cut_off(live_server: str) -> None:
    # a line every 0.1 s, and no end of the head within the 0.5 s allowed
    trickle = [b"GET /healthz HTTP/1.1\r\n", *[b"X-Slow: 1\r\n"] * 3]
    raw = await exchange(live_server, *trickle, pause=0.1)
    assert raw.startswith(b"HTTP/1.1 408 Request Timeout")


async def test_a_large_body_in_one_read_is_not_mistaken_for_a_head(live_server: str) -> None:
    body = json.dumps({"query": "{ __typename }", "padding": "x" * 500_000}).encode()
    request = (
        b"POST /graphql HTTP/1.1\r\nHost: zhdj.test\r\nContent-Type: application/json\r\n"
        b"Connection: close\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    status, answered = answer(await exchange(live_server, request))
    assert status == b"HTTP/1.1 200 OK"
    assert answered["data"] == {"__typename": "Query"}


async def test_keep_alive_requests_each_get_their_own_time(live_server: str) -> None:
    one = b"GET /healthz HTTP/1.1\r\nHost: zhdj.test\r\n\r\n"
    last = b"GET /healthz HTTP/1.1\r\nHost: zhdj.test\r\nConnection: close\r\n\r\n"
    raw = await exchange(live_server, one, one, one, last, pause=0.2)
    assert raw.count(b"HTTP/1.1 200 OK") == 4


async def test_a_stalled_head_after_a_keep_alive_answer_is_cut_at_its_own_time(
    live_server: str,
) -> None:
    # given a first head completed 0.3 s in (the clock of the connection's start would run out
    # at 0.5 s), then a second head that stops after its request line
    first, rest = b"GET /healthz HTTP/1.1\r\n", b"Host: zhdj.test\r\n\r\n"
    raw = await exchange(live_server, first, rest, b"GET /healthz HTTP/1.1\r\n", pause=0.3)
    # then the first is answered, and the second refused 0.5 s after that answer
    assert raw.startswith(b"HTTP/1.1 200 OK")
    assert b"HTTP/1.1 408 Request Timeout" in raw


class Recorded:
    """A transport that records what is written, call by call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, bytes]] = []

    def write(self, data: bytes) -> None:
        self.calls.append(("write", data))

    def writelines(self, pieces: tuple[bytes, ...]) -> None:
        self.calls.append(("writelines", b"".join(pieces)))

    def close(self) -> None:
        self.calls.append(("close", b""))

    def is_closing(self) -> bool:
        return False


class Cycle:
    """What HeadWithBody reads of uvicorn's request-response cycle."""

    def __init__(self, *, expects_continue: bool = False) -> None:
        self.waiting_for_100_continue = expects_continue
        self.ended = 0
        self.on_response = self.end

    def end(self) -> None:
        self.ended += 1


def wrapped(cycle: Cycle) -> tuple[Recorded, HeadWithBody]:
    transport = Recorded()
    return transport, HeadWithBody(transport, cycle)  # type: ignore[arg-type]


def test_a_response_head_goes_out_with_the_body_in_one_write() -> None:
    # given a cycle whose response head is written, then its body
    cycle = Cycle()
    transport, writer = wrapped(cycle)
    writer.write(b"HTTP/1.1 200 OK\r\n\r\n")
    assert transport.calls == []
    writer.write(b"{}")
    # then both go in one call, and a later chunk on its own
    writer.write(b"more")
    assert transport.calls == [("writelines", b"HTTP/1.1 200 OK\r\n\r\n{}"), ("write", b"more")]


def test_a_continue_goes_out_at_once_and_the_head_after_it_is_held() -> None:
    cycle = Cycle(expects_continue=True)
    transport, writer = wrapped(cycle)
    writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    cycle.waiting_for_100_continue = False  # as uvicorn sets it once the response starts
    writer.write(b"HTTP/1.1 200 OK\r\n\r\n")
    writer.write(b"{}")
    assert transport.calls == [
        ("write", b"HTTP/1.1 100 Continue\r\n\r\n"),
        ("writelines", b"HTTP/1.1 200 OK\r\n\r\n{}"),
    ]


def test_a_head_without_a_body_goes_out_when_the_response_ends() -> None:
    # given the answer to a HEAD request: a head, no body write
    cycle = Cycle()
    transport, writer = wrapped(cycle)
    writer.write(b"HTTP/1.1 200 OK\r\n\r\n")
    # when uvicorn ends the response, the head is written, then uvicorn's own callback runs
    cycle.on_response()
    assert transport.calls == [("write", b"HTTP/1.1 200 OK\r\n\r\n")]
    assert cycle.ended == 1


def test_a_held_head_is_written_before_the_connection_closes() -> None:
    cycle = Cycle()
    transport, writer = wrapped(cycle)
    writer.write(b"HTTP/1.1 200 OK\r\n\r\n")
    writer.close()
    assert transport.calls == [("write", b"HTTP/1.1 200 OK\r\n\r\n"), ("close", b"")]


async def test_a_head_request_is_answered_with_its_head(live_server: str) -> None:
    raw = await exchange(
        live_server, b"HEAD /healthz HTTP/1.1\r\nHost: zhdj.test\r\nConnection: close\r\n\r\n"
    )
    assert raw.startswith(b"HTTP/1.1 200 OK\r\n")
    assert raw.endswith(b"\r\n\r\n")

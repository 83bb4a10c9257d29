"""Request heads held to a size and a time, on a real server: an endless header, a client
that sends nothing, a head that trickles in; a large body in one read is no head."""

from __future__ import annotations

import asyncio
import json

import pytest

from server import Settings


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


async def test_a_head_larger_than_the_limit_is_refused_with_431(live_server: str) -> None:
    # given a header that never ends, sent in reads of 48 KiB
    start = b"GET /healthz HTTP/1.1\r\nHost: zhdj.test\r\nX-Endless: "
    raw = await exchange(live_server, start, b"a" * 48 * 1024, b"a" * 48 * 1024)
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

"""A request's headers read in one pass as Starlette reads them; an answer's shape."""

from __future__ import annotations

from graphql import GraphQLError
from starlette.datastructures import Headers
from strawberry.types import ExecutionResult

from transport.answers import Answer, Head, shaped

RAW = [
    (b"content-type", b"application/json"),
    (b"x-forwarded-for", b"10.0.0.1"),
    (b"authorization", b"Bearer first"),
    (b"cookie", b"a=1"),
    (b"authorization", b"Bearer second"),
    (b"x-forwarded-for", b"10.0.0.2, 10.0.0.3"),
    (b"cookie", b"b=2"),
    (b"accept", "caf\u00e9".encode("latin-1")),
]


def test_a_head_reads_the_headers_as_starlette_does() -> None:
    # given a request with repeated headers and a Latin-1 value
    scope = {"headers": RAW}
    headers = Headers(scope=scope)

    # when its head is read
    head = Head(scope, b"x-forwarded-for")

    # then each header is Starlette's first value, the proxy's header every value
    for name in ("content-type", "authorization", "accept", "content-length"):
        assert head.values.get(name) == headers.get(name)
    assert head.proxied == headers.getlist("x-forwarded-for")
    assert head.cookie == headers.get("cookie")


def test_an_answer_starts_undecided_and_bare() -> None:
    answer = Answer()
    assert answer.status_code is None
    assert (answer.body, answer.raw_headers) == (b"", [])
    answer.headers["Retry-After"] = "5"
    assert answer.raw_headers == [(b"retry-after", b"5")]


def test_a_request_error_has_no_data_entry_and_the_graphql_media_type_when_asked() -> None:
    answer = Answer()
    result = ExecutionResult(data=None, errors=[GraphQLError("bad", extensions={"code": "X"})])

    shape = shaped(result, answer, "application/graphql-response+json")

    assert "data" not in shape
    assert (answer.status_code, answer.media_type) == (400, "application/graphql-response+json")


def test_a_rate_limited_answer_waits_the_longest_retry() -> None:
    answer = Answer()
    errors = [
        GraphQLError(
            "slow down", path=["a"], extensions={"code": "RATE_LIMITED", "retryAfter": 2.5}
        ),
        GraphQLError("slow down", path=["b"], extensions={"code": "RATE_LIMITED", "retryAfter": 7}),
    ]
    shape = shaped(ExecutionResult(data={"a": None}, errors=errors), answer, "")
    assert shape["data"] == {"a": None}
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "7"

"""``POST /v1/check`` reads a clean batch in one pass (service/check_body.py): the same answers.

The reference is the slow, obvious way the service read every body before: ``json.loads``, then
each item by the batch reader (``parse_record``). For any batch, of tickets near the schema,
broken ones, items that are not objects, lone surrogates and extra members, both ways must give
the same request (or the same refusal) and byte for byte the same answer.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from fuzz.strategies import seed_tickets, ticket_data
from hotline_rules.engine.ticket import Ticket
from hotline_rules.service import answers
from hotline_rules.service.check_body import read_check_body
from hotline_rules.service.guard import _SURROGATE_ESCAPE, dumps
from hotline_rules.service.models import CheckRequest
from hotline_rules.service.profiles import ProfileSet
from hotline_rules.service.settings import Settings
from service_support import AS_OF, example_tickets, read_json

PROFILES = ProfileSet.load(Settings().profile_dirs)

items = st.one_of(
    st.sampled_from(seed_tickets()),  # as the examples are: most of a real batch
    ticket_data(extreme_years=True).map(lambda pair: pair[0]),
    st.sampled_from([None, 3, "x", [], [{}], {"id": 7}, {"id": "a", "events": "no"}]),
)


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    """A check request, mostly a batch, written as a client would (sometimes ASCII-escaped)."""
    request: dict[str, Any] = {"profile": draw(st.sampled_from(["moushi", "haikou", "nowhere"]))}
    request["tickets"] = draw(st.lists(items, max_size=6))
    if draw(st.booleans()):
        request["as_of"] = draw(st.sampled_from([AS_OF, "2026-10-20T00:00:00", "soon"]))
    if draw(st.booleans()):
        request["view"] = draw(st.sampled_from(["full", "verdict", "brief"]))
    if draw(st.integers(0, 10)) == 0:
        request["ticket"] = {"id": "one"}
    if draw(st.integers(0, 20)) == 0:
        request["extra"] = 1
    text = json.dumps(request, ensure_ascii=draw(st.booleans()), allow_nan=True)
    return text.encode("utf-8", "surrogatepass")


def answer(data: Any, surrogate_free: bool) -> tuple[str, Any]:
    """What the service makes of the request data: its refusal, or its answer's bytes."""
    try:
        request = CheckRequest.model_validate(data)
    except ValidationError as exc:
        return "refused", exc.errors(include_url=False)
    if request.tickets is None:
        return "one", request.ticket
    try:
        out = answers.check_batch(
            PROFILES,
            "same-id",
            request.profile,
            request.tickets,
            request.as_of or AS_OF,
            full=request.view == "full",
            text_checked=surrogate_free,
        )
    except Exception as exc:  # an error answer (unknown profile, naive as_of): the same one
        return "error", (type(exc).__name__, getattr(exc, "code", None))
    return "answer", dumps(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_a_batch_read_in_one_pass_gets_the_answer_of_the_slow_reading(body: bytes) -> None:
    free = _SURROGATE_ESCAPE.search(body) is None
    slow = json.loads(body)
    fast = read_check_body(body, surrogate_free=free)
    assert answer(fast, free) == answer(slow, free)


def test_the_example_tickets_take_the_one_pass_reading() -> None:
    """Every example ticket, sent as a batch, is read by the model with the body (else the fast
    way would be dead code), and judged as the slow way judges it."""
    batch = [read_json(path) for _, path in example_tickets()]
    body = json.dumps({"profile": "moushi", "tickets": batch, "as_of": AS_OF}).encode()
    fast = read_check_body(body, surrogate_free=True)
    assert all(isinstance(t, Ticket) for t in fast["tickets"])
    assert answer(fast, True) == answer(json.loads(body), True)


def test_a_repeated_member_is_read_as_json_loads_reads_it() -> None:
    """JSON lets a member repeat; json.loads keeps the last, and so must the one-pass reading."""
    body = (
        b'{"profile": "moushi", "tickets": [{"id": "a", "id": "b", "events": [{"type": '
        b'"received", "type": "dispatched", "at": "2026-09-30T10:00:00+08:00"}]}], '
        b'"as_of": "2026-10-20T00:00:00+08:00", "profile": "haikou"}'
    )
    fast = read_check_body(body, surrogate_free=True)
    assert isinstance(fast["tickets"][0], Ticket)
    assert (fast["profile"], fast["tickets"][0].id, fast["tickets"][0].events[0].type) == (
        "haikou",
        "b",
        "dispatched",
    )
    assert answer(fast, True) == answer(json.loads(body), True)


@pytest.mark.parametrize(
    "body",
    [
        b'{"profile": "moushi", "tickets": [{"id": "a\\udc00"}]}',  # a lone surrogate: slow way
        b'{"profile": "moushi", "ticket": {"id": "a"}}',  # one ticket: as FastAPI reads it
        b'{"profile": "moushi", "tickets": [], "bad": 1}',  # refused: the usual error
        b'{"profile": "moushi", "tickets": [{"id": 1e400}]}',  # json.loads reads inf
    ],
)
def test_other_bodies_are_read_as_fastapi_reads_them(body: bytes) -> None:
    assert read_check_body(body, surrogate_free=b"\\ud" not in body) == json.loads(body)


def test_a_body_that_is_not_json_raises_what_json_loads_raises() -> None:
    with pytest.raises(json.JSONDecodeError):
        read_check_body(b'{"profile": "moushi", "tickets": [', surrogate_free=True)


# ---- the answer's writing: pydantic-core where it can, json.dumps where it cannot -------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300)
@given(json_values)
def test_dumps_writes_what_json_dumps_means(value: Any) -> None:
    written = dumps(value)
    assert json.loads(written) == json.loads(json.dumps(value))
    assert written.decode("utf-8")  # always UTF-8, even for a lone surrogate (escaped)


def test_dumps_writes_the_answers_byte_for_byte_as_json_dumps() -> None:
    """Every example ticket's answer, both views: not one byte differs from json.dumps."""
    batch = [read_json(path) for _, path in example_tickets()]
    for full in (True, False):
        out = answers.check_batch(PROFILES, "id", "moushi", batch, AS_OF, full=full)
        slow = json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode()
        assert dumps(out) == slow


def test_a_lone_surrogate_is_written_back_as_its_escape() -> None:
    assert dumps({"id": "a\udc00"}) == b'{"id":"a\\udc00"}'


# ---- where the reading runs ---------------------------------------------------------------------


@pytest.mark.parametrize("copies", [1, 400])
def test_a_large_batch_is_read_off_the_event_loop(copies: int) -> None:
    """A large body is read in a worker thread (the loop keeps answering), a small one inline."""
    import asyncio
    from unittest import mock

    from fastapi.testclient import TestClient

    from hotline_rules.service import check_body
    from hotline_rules.service.app import create_app

    on_loop: list[bool] = []
    real = check_body.read_check_body

    def spy(body: bytes, *, surrogate_free: bool) -> Any:
        try:
            asyncio.get_running_loop()
            on_loop.append(True)
        except RuntimeError:
            on_loop.append(False)
        return real(body, surrogate_free=surrogate_free)

    batch = [read_json(path) for _, path in example_tickets()] * copies
    body = json.dumps({"profile": "moushi", "tickets": batch, "as_of": AS_OF}).encode()
    assert (len(body) > check_body.ON_LOOP_BYTES) == (copies > 1)
    with mock.patch.object(check_body, "read_check_body", spy):
        client = TestClient(create_app(Settings(), PROFILES))
        r = client.post("/v1/check", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    assert r.json()["counts"]["judged"] == len(batch)
    assert on_loop == [copies == 1]

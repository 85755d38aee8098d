"""Event times: the fast reading agrees with pydantic's on every input, valid or not.

``zones.shared_instant`` reads the usual ``2026-09-30T16:40:00+08:00`` straight into the
shared zone and declines anything else, which pydantic (``AwareDatetime``) then parses.
Both ways must give the same ticket: equal values, the same value types, the same fields
set, the same shared ``timezone`` object per offset. The reference below is the slow way
alone (the fast reading switched off); generated tickets mix ordinary values with every
kind of oddity a platform export holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import AwareDatetime, TypeAdapter, ValidationError

from hotline_rules.engine import ticket as ticket_module
from hotline_rules.engine.ticket import Rejected, Ticket, iter_jsonl, parse_ticket_json
from hotline_rules.errors import InputError
from hotline_rules.time.zones import fixed_zone, shared_instant

WORDS = st.sampled_from(["received", "dispatched", "completed", "投诉", "", "自然资源局", "x y"])
ODD = st.one_of(
    st.none(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.lists(WORDS, max_size=2),
    st.dictionaries(WORDS, WORDS, max_size=2),
    st.text(max_size=6),
)


@st.composite
def instants(draw: st.DrawFn) -> Any:
    """Mostly ``YYYY-MM-DDTHH:MM:SS+HH:MM``; sometimes nearly so, sometimes not at all."""
    ordinary = draw(
        st.builds(
            lambda y, mo, d, h, mi, s, off: (
                f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{off}"
            ),
            st.integers(1, 9999),
            st.integers(0, 13),
            st.integers(0, 32),
            st.integers(0, 25),
            st.integers(0, 61),
            st.integers(0, 61),
            st.sampled_from(
                [
                    "+08:00",
                    "Z",
                    "+00:00",
                    "-00:00",
                    "-05:30",
                    "+23:59",
                    "+24:00",
                    "+08:60",
                    "",
                    "+0800",
                    "+08",
                    "z",
                    "+٠٨:٠٠",
                    " +08:00",
                ]
            ),
        )
    )
    if draw(st.integers(0, 3)):
        return draw(
            st.datetimes(
                timezones=st.sampled_from([fixed_zone(timedelta(hours=h)) for h in (8, 0, -5)])
            ).map(lambda d: d.replace(microsecond=0).isoformat())
        )
    return draw(
        st.one_of(
            st.just(ordinary),
            st.just(ordinary.replace("T", " ")),
            st.just(ordinary.replace("-", "/", 1)),
            st.just(ordinary[:16] + ordinary[19:]),
            st.just(ordinary[:19] + ".5" + ordinary[19:]),
            st.text(max_size=26),
            ODD,
        )
    )


def maybe(values: st.SearchStrategy[Any], odd: float = 0.1) -> st.SearchStrategy[Any]:
    return st.one_of(values, ODD) if odd else values


@st.composite
def events(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 30)) == 0:
        return draw(ODD)
    e: dict[str, Any] = {"type": draw(st.one_of(WORDS, ODD)), "at": draw(instants())}
    for key, values in (
        ("unit", st.one_of(st.none(), WORDS)),
        ("reason", st.one_of(st.none(), WORDS)),
        ("satisfaction", st.one_of(st.none(), WORDS)),
        ("note", st.one_of(st.none(), st.text(max_size=5))),
        ("evidence", st.lists(WORDS, max_size=3)),
        ("report", st.one_of(st.none(), st.lists(WORDS, max_size=3))),
        (
            "length",
            st.sampled_from(
                ["10个工作日", "3日", "2小时", "10 days", "十个工作日", "5", "abc", "0个工作日"]
            ),
        ),
    ):
        if draw(st.booleans()):
            e[key] = draw(st.one_of(values, ODD) if draw(st.integers(0, 8)) == 0 else values)
    if draw(st.integers(0, 40)) == 0:
        e["extra"] = 1
    if draw(st.integers(0, 20)) == 0:
        del e[draw(st.sampled_from(["type", "at"]))]
    return e


@st.composite
def tickets(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 50)) == 0:
        return draw(ODD)
    t: dict[str, Any] = {
        "id": draw(
            st.one_of(st.text(max_size=5), ODD)
            if draw(st.integers(0, 10)) == 0
            else st.text(max_size=5)
        )
    }
    for key in (
        "kind",
        "urgency",
        "complexity",
        "channel",
        "requester",
        "handling",
        "screening_reason",
    ):
        if draw(st.booleans()):
            t[key] = draw(st.one_of(st.none(), WORDS) if draw(st.integers(0, 10)) else ODD)
    if draw(st.booleans()):
        t["tags"] = draw(st.lists(WORDS, max_size=3) if draw(st.integers(0, 10)) else ODD)
    if draw(st.booleans()):
        t["repeat_count"] = draw(st.integers(-1, 10**20) if draw(st.integers(0, 5)) else ODD)
    if draw(st.booleans()):
        t["personal"] = draw(
            st.one_of(st.none(), st.dictionaries(WORDS, st.text(max_size=4), max_size=2))
            if draw(st.integers(0, 10))
            else ODD
        )
    if draw(st.integers(0, 10)):
        t["events"] = draw(st.lists(events(), max_size=6))
    elif draw(st.booleans()):
        t["events"] = draw(ODD)
    if draw(st.integers(0, 40)) == 0:
        t["extra"] = "x"
    return t


def slowly(read: Callable[[], Any]) -> Any:
    """``read()`` with the fast reading of times switched off: pydantic parses every time."""
    with mock.patch.object(ticket_module, "shared_instant", lambda text: None):
        return read()


def assert_same(fast: Ticket, slow: Ticket) -> None:
    """Equal, and equal in every way a caller could notice."""
    assert fast == slow
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.model_dump_json() == slow.model_dump_json()
    for a, b in zip(fast.events, slow.events, strict=True):
        assert {k: type(v) for k, v in vars(a).items()} == {k: type(v) for k, v in vars(b).items()}
        assert a.at.tzinfo is b.at.tzinfo, (a.at, b.at)
        assert a.at.tzinfo is fixed_zone(a.at.utcoffset() or timedelta(0))
        assert a.at.fold == b.at.fold


AWARE = TypeAdapter(AwareDatetime)


@settings(max_examples=1500)
@given(instants())
def test_shared_instant_reads_what_pydantic_reads_or_declines(text: Any) -> None:
    if not isinstance(text, str):
        return
    fast = shared_instant(text)
    try:
        slow = AWARE.validate_json(json.dumps(text))
    except ValidationError:
        assert fast is None, f"read what pydantic refuses: {text!r}"
        return
    if fast is not None:
        assert fast == slow and fast.utcoffset() == slow.utcoffset()
        assert fast.isoformat() == slow.isoformat()
        assert fast.tzinfo is fixed_zone(slow.utcoffset() or timedelta(0))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(tickets())
def test_tickets_from_python_data_are_read_as_pydantic_reads_them(data: Any) -> None:
    try:
        slow = slowly(lambda: Ticket.model_validate(data))
    except ValidationError:
        with pytest.raises(ValidationError):
            Ticket.model_validate(data)
        return
    assert_same(Ticket.model_validate(data), slow)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(tickets(), st.booleans())
def test_tickets_from_json_are_read_as_pydantic_reads_them(data: Any, as_bytes: bool) -> None:
    text: str | bytes = json.dumps(data, ensure_ascii=False)
    if as_bytes:
        text = text.encode("utf-8", "surrogatepass")
    try:
        slow = slowly(lambda: parse_ticket_json(text))
    except InputError as exc:
        with pytest.raises(InputError) as fast_exc:
            parse_ticket_json(text)
        assert (fast_exc.value.message_en, fast_exc.value.code) == (exc.message_en, exc.code)
        return
    assert_same(parse_ticket_json(text), slow)


def test_ordinary_times_take_the_fast_reading() -> None:
    """Every time in the bundled example export is read the fast way (else it is dead code)."""
    from pathlib import Path

    export = Path(__file__).resolve().parents[1] / "examples/exports/haikou.jsonl"
    for raw in export.read_bytes().splitlines()[:200]:
        for event in json.loads(raw)["events"]:
            assert shared_instant(event["at"]) is not None, event["at"]


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30T09:00:00+08:00",
        "2026-02-03T24:00:00+08:00",
        "2026-02-03T09:00:00+08:60",
        "2026-02-03T09:00:00+24:00",
        "2026-02-03T09:00:00",
        "2026-02-03t09:00:00+08:00",
        "２０２６-02-03T09:00:00+08:00",
    ],
)
def test_what_the_fast_reading_declines(text: str) -> None:
    assert shared_instant(text) is None


def test_invalid_utf8_line_is_rejected_and_the_stream_goes_on() -> None:
    rows = list(iter_jsonl([b'{"id": "a\xff"}', b'{"id": "b"}']))
    assert isinstance(rows[0], Rejected) and rows[0].line == 1
    assert isinstance(rows[1], Ticket) and rows[1].id == "b"

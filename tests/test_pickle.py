"""An ``Evaluation`` pickles: ``audit --workers N --tickets`` sends evaluations back from workers.

A finding writes its sentences only when they are read (most findings of an audit are counted,
never read), so it holds functions that write them. Those must pickle, and must stay unwritten
across the pickle: ``functools.partial`` of module-level functions, never a lambda or a closure.
Checked on the example work orders (``examples/tickets``, each under every bundled profile) and on
the demo generator's orders (``audit/demo.py``), for every profile in ``profiles/``.
"""

from __future__ import annotations

import ast
import json
import pickle
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline_rules.audit.demo import demo_tickets, make_ticket
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.results import Evaluation, Finding, Severity
from hotline_rules.engine.ticket import Ticket, load_ticket_file, parse_ticket
from hotline_rules.profile import load_profile
from hotline_rules.resources import bundled_profiles_dir

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "tickets"
PROFILES = sorted(p.stem for p in bundled_profiles_dir().glob("*.yaml"))
TICKET_FILES = sorted(p for p in EXAMPLES.glob("*.json") if not p.name.endswith(".expected.json"))
LAZY = frozenset({"deadline.breached", "supervision.triggered"})
"""The finding codes whose messages are written when read (the rest are plain text)."""


@cache
def engine(profile: str) -> Engine:
    return Engine(profile)


@cache
def example(path: Path) -> Ticket:
    return load_ticket_file(path)


def evaluate(profile: str, ticket: Ticket, as_of: datetime) -> Evaluation:
    """As the audit evaluates: by the profile version in force for the ticket."""
    return engine(profile).engine_for(ticket, as_of).evaluate(ticket, as_of)


def span(ticket: Ticket) -> tuple[datetime, datetime]:
    times = [e.at for e in ticket.events]
    return min(times), max(times)


def round_trips(ev: Evaluation) -> None:
    """Pickled before and after its messages are read, ``ev`` comes back equal, same JSON."""
    early = pickle.loads(pickle.dumps(ev, pickle.HIGHEST_PROTOCOL))  # messages not yet written
    text = json.dumps(ev.to_dict(), ensure_ascii=False)  # writes them in ``ev``
    assert json.dumps(early.to_dict(), ensure_ascii=False) == text
    assert early == ev
    late = pickle.loads(pickle.dumps(ev))  # default protocol, messages written
    assert late == ev and json.dumps(late.to_dict(), ensure_ascii=False) == text
    assert [(f.message_zh, f.message_en) for f in late.findings] == [
        (f.message_zh, f.message_en) for f in ev.findings
    ]


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(TICKET_FILES),
    st.sampled_from(PROFILES),
    st.floats(0.0, 1.0),
    st.integers(0, 60 * 24 * 60),
)
def test_an_example_order_round_trips_under_every_profile(
    path: Path, profile: str, share: float, after: int
) -> None:
    """Any example order, judged by any profile at any moment of its history or after it."""
    ticket = example(path)
    first, last = span(ticket)
    as_of = first + (last - first) * share + timedelta(minutes=after * share)
    round_trips(evaluate(profile, ticket, as_of))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PROFILES), st.integers(0, 2**32 - 1), st.integers(-3 * 24, 45 * 24))
def test_a_demo_order_round_trips(profile: str, seed: int, hours: int) -> None:
    """The demo generator's orders, at its own ``as_of`` or some hours before or after it."""
    data, as_of = make_ticket(random.Random(seed), load_profile(profile).profile, seed % 1000)
    ticket = parse_ticket(data)
    as_of = max(as_of + timedelta(hours=hours), span(ticket)[0])
    round_trips(evaluate(profile, ticket, as_of))


def every_kind() -> Iterator[tuple[str, Finding]]:
    """Findings of every code the example and demo orders produce, under every profile."""
    for profile in PROFILES:
        for path in TICKET_FILES:
            ticket = example(path)
            _, last = span(ticket)
            for as_of in (last + timedelta(hours=1), last + timedelta(days=30)):
                for f in evaluate(profile, ticket, as_of).findings:
                    yield profile, f
        for data, as_of in demo_tickets(load_profile(profile).profile, 400, seed=20250101):
            for f in evaluate(profile, parse_ticket(data), as_of).findings:
                yield profile, f


def test_a_finding_of_every_kind_pickles_with_its_message_unwritten() -> None:
    """A lambda (or closure) as a message would not pickle: this fails for any code produced."""
    kinds: dict[tuple[str, str], Finding] = {}
    for profile, f in every_kind():
        kinds.setdefault((profile, f.code), f)
    codes = {code for _, code in kinds}
    assert codes >= LAZY  # the lazily written ones are exercised
    assert len(codes) >= 15
    for (profile, code), f in sorted(kinds.items()):
        unwritten = not isinstance(f._zh, str), not isinstance(f._en, str)
        assert unwritten == ((code in LAZY),) * 2, (profile, code)
        back = pickle.loads(pickle.dumps(f))
        # the messages cross the pickle still unwritten (the audit counts, it does not read)
        assert (not isinstance(back._zh, str), not isinstance(back._en, str)) == unwritten
        assert back == f, (profile, code)
        assert back.to_dict() == f.to_dict()


def test_no_finding_is_built_with_a_lambda_message() -> None:
    """A static check over src/, for the kinds no example or demo order produces."""
    bad = []
    for path in sorted((ROOT / "src" / "hotline_rules").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name in ("Finding", "finding") and any(
                isinstance(a, ast.Lambda) for a in (*node.args, *(k.value for k in node.keywords))
            ):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bad == []


def test_findings_compare_by_value() -> None:
    """Equal when everything, messages as read, is equal; a written and an unwritten message
    compare by their text."""
    a = Finding("x.y", Severity.INFO, "中", "en", "r", details={"k": 1})
    b = Finding("x.y", Severity.INFO, lambda: "中", "en", "r", details={"k": 1})
    assert a == b
    assert a != Finding("x.y", Severity.INFO, "中", "other", "r", details={"k": 1})
    assert a != Finding("x.y", Severity.WARNING, "中", "en", "r", details={"k": 1})
    assert a != Finding("x.y", Severity.INFO, "中", "en", "r", details={"k": 2})
    assert a != "x.y"
    with pytest.raises(TypeError):
        hash(a)
    assert isinstance(b._zh, str)  # comparing read it
    unwritten = Finding("x.y", Severity.INFO, lambda: "中", "en")
    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        pickle.dumps(unwritten)  # what this file guards against

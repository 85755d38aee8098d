"""Realistic-looking demo work orders for a profile: ``hotline-rules demo``.

Varied on purpose, so that an audit of the output shows every KPI and every
accountability circumstance: kinds, urgencies, channels, tags, contact
attempts, returns (approved or not), re-dispatches, extensions (some too late
or too long), supervision, completions with and without full closure reports,
replies and revisits, received over a span of months. A few records carry
instants in UTC or events out of order, as real exports do. Every ticket also
carries made-up personal data, so that the privacy rule of the outputs is
exercised. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hotline_rules import vocabulary as v
from hotline_rules.profile.schema import Profile

CST = timezone(timedelta(hours=8))
FIRST = datetime(2025, 1, 1, tzinfo=CST)
LAST = datetime(2026, 12, 20, tzinfo=CST)
"""Tickets are received between these instants; their events may run into the next year."""

UNITS = (
    "住房和城乡建设局",
    "水务局",
    "市场监督管理局",
    "生态环境局",
    "交通运输局",
    "公安局",
    "自然资源和规划局",
    "城市管理局",
    "卫生健康委员会",
    "人力资源和社会保障局",
    "教育局",
    "供电公司",
)
# Extension lengths, natural and working-day units; 4个工作小时 cannot be counted without office
# hours (no bundled profile sets them): the engine reports ``clock.uncountable`` for it.
LENGTHS = (
    "1个工作日",
    "2个工作日",
    "5个工作日",
    "10个工作日",
    "15个工作日",
    "3日",
    "2小时",
    "当日",
    "4个工作小时",
)


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明")


def demo_tickets(
    profile: Profile,
    n: int,
    *,
    seed: int = 20250101,
    first: datetime = FIRST,
    last: datetime = LAST,
) -> Iterator[tuple[dict[str, Any], datetime]]:
    """``n`` demo tickets of ``profile`` as JSON data, each with an instant worth evaluating it at."""
    rng = random.Random(f"{seed}:{profile.meta.id}")
    for k in range(n):
        yield make_ticket(rng, profile, k, first=first, last=last)


def _minutes(rng: random.Random, lo: float, hi: float) -> timedelta:
    return timedelta(minutes=rng.uniform(lo, hi))


def make_ticket(
    rng: random.Random,
    profile: Profile,
    n: int,
    *,
    first: datetime = FIRST,
    last: datetime = LAST,
) -> tuple[dict[str, Any], datetime]:
    """One varied work order of ``profile`` as JSON data, and the ``as_of`` to evaluate it at."""
    voc = profile.vocabulary

    def word(shared: Iterable[str], extra: Iterable[str], none: float = 0.15) -> str | None:
        if rng.random() < none:
            return None
        words: list[str] = sorted({*shared, *extra})
        return rng.choice(words)

    tags = sorted({*v.TAGS, *voc.tags})
    data: dict[str, Any] = {
        "id": f"{profile.meta.id}-{n:06d}",
        "kind": word(v.KINDS, voc.kinds, 0.05),
        "urgency": word(v.URGENCIES, voc.urgencies, 0.3),
        "complexity": word(v.COMPLEXITIES, voc.complexities, 0.4),
        "channel": word(v.CHANNELS, voc.channels, 0.05),
        "requester": word(v.REQUESTERS, voc.requesters, 0.1),
        "handling": word(v.HANDLINGS, voc.handlings, 0.2),
        "tags": rng.sample(tags, rng.choice((0, 0, 0, 1, 1, 2))),
        "repeat_count": rng.choice((1, 1, 1, 1, 2, 3)),
    }
    data["personal"] = {  # made up: the outputs must never show it
        "name": rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN, rng.choice((1, 2)))),
        "phone": "1" + "".join(str(rng.randint(0, 9)) for _ in range(10)),
    }
    if profile.screening and rng.random() < 0.02:
        data["screening_reason"] = rng.choice([s.id for s in profile.screening])

    span = (last - first).total_seconds()
    at = first + timedelta(seconds=rng.uniform(0, span))
    if rng.random() < 0.75:  # most calls come in the daytime
        at = at.replace(hour=rng.randint(8, 19), minute=rng.randint(0, 59))
    events: list[dict[str, Any]] = []

    def add(kind: str, unit: str | None = None, **extra: Any) -> None:
        e: dict[str, Any] = {"type": kind, "at": at}
        if unit is not None:
            e["unit"] = unit
        e.update({k: val for k, val in extra.items() if val is not None})
        events.append(e)

    add("received")
    if data.get("screening_reason"):
        return _finish(rng, data, events)
    unit = rng.choice(UNITS)
    at += _minutes(rng, 3, 180)
    add("dispatched", unit)

    def handle(unit: str) -> None:
        """One unit's work after a dispatch: sign, contact, profile-specific events, each timed
        from the dispatch; afterwards ``at`` is the latest of them."""
        nonlocal at
        base = latest = at

        def after(delay: timedelta) -> None:
            nonlocal at, latest
            at = at + delay
            latest = max(latest, at)

        if rng.random() < 0.6:
            at = base
            after(_minutes(rng, 2, 150))
            add("signed_for", unit)
        for extra_event in voc.events:  # the profile's own events (front desk, written reply)
            if rng.random() < 0.85:
                at = base
                after(_minutes(rng, 3, 30 if rng.random() < 0.8 else 600))
                add(extra_event, unit)
        at = base
        r = rng.random()
        if r < 0.75:
            for _ in range(rng.choice((0, 0, 0, 1, 2))):
                after(_minutes(rng, 3, 12))
                add("contact_attempted", unit)
            q = rng.random()  # within half an hour, the same day, or days later
            after(_minutes(rng, *((2, 25) if q < 0.6 else (25, 480) if q < 0.85 else (480, 4320))))
            add("contacted", unit)
        elif r < 0.85:
            for _ in range(rng.randint(1, 3)):
                after(_minutes(rng, 5, 180))
                add("contact_attempted", unit)
            if rng.random() < 0.7:
                after(_minutes(rng, 5, 60))
                add("sms_sent", unit)
        at = latest

    handle(unit)
    if profile.returns and rng.random() < 0.12:  # a return, approved or not
        reasons = [r.id for rule in profile.returns for r in rule.allowed_reasons] or ["other"]
        proofs = sorted({e.id for rule in profile.returns for e in rule.evidence})
        at += _minutes(rng, 10, 36 * 60)
        add(
            "return_requested",
            unit,
            reason=rng.choice(reasons) if rng.random() < 0.8 else "not_ours",
            evidence=rng.sample(proofs, rng.randint(0, len(proofs))) if proofs else None,
        )
        at += _minutes(rng, 30, 24 * 60)
        if rng.random() < 0.6:
            add("return_approved", unit)
            at += _minutes(rng, 5, 8 * 60)
            unit = rng.choice([u for u in UNITS if u != unit])
            add("redispatched", unit)
            handle(unit)
        else:
            add("return_rejected", unit)
    elif rng.random() < 0.05:  # re-dispatched by the office
        at += _minutes(rng, 60, 3 * 24 * 60)
        unit = rng.choice([u for u in UNITS if u != unit])
        add("redispatched", unit)
        handle(unit)
    if rng.random() < 0.15:  # an extension
        at += _minutes(rng, 24 * 60, 12 * 24 * 60)
        length = rng.choice(LENGTHS)
        add("extension_requested", unit, length=length)
        at += _minutes(rng, 60, 2 * 24 * 60)
        r = rng.random()
        if r < 0.75:
            add("extension_approved", unit, length=length if rng.random() < 0.9 else None)
        elif r < 0.9:
            add("extension_rejected", unit)
    if rng.random() < 0.06:
        at += _minutes(rng, 24 * 60, 10 * 24 * 60)
        add("supervision_issued")
    if rng.random() < 0.8:
        at += _minutes(rng, 60, 20 * 24 * 60)
        elements = [e.id for rule in profile.closure_report for e in rule.elements]
        report = None
        if elements and rng.random() < 0.4:
            report = rng.sample(elements, rng.randint(len(elements) // 2, len(elements)))
        add("completed", unit, report=report)
        if rng.random() < 0.75:
            at += _minutes(rng, 10, 2 * 24 * 60)
            add("reply_sent", unit)
        if rng.random() < 0.6:
            at += _minutes(rng, 60, 5 * 24 * 60)
            add("revisit", satisfaction=rng.choice(sorted(v.SATISFACTIONS)))
            if rng.random() < 0.04:
                at += _minutes(rng, 60, 24 * 60)
                add("reopened", unit)
        if rng.random() < 0.5:
            at += _minutes(rng, 10, 24 * 60)
            add("archived", unit)
    return _finish(rng, data, events)


def _finish(
    rng: random.Random, data: dict[str, Any], events: list[dict[str, Any]]
) -> tuple[dict[str, Any], datetime]:
    first, last = events[0]["at"], events[-1]["at"]
    if rng.random() < 0.5:  # looked at some days after the last event
        as_of = last + _minutes(rng, 0, 15 * 24 * 60)
    else:  # looked at while it is still going on
        as_of = first + timedelta(seconds=rng.uniform(0, (last - first).total_seconds() + 60))
    minutes = []
    for e in events:
        at = e["at"].replace(second=0, microsecond=0)
        minutes.append(at)
        if rng.random() < 0.05:  # some exports give instants in UTC
            at = at.astimezone(UTC)
        e["at"] = at.isoformat()
    if rng.random() < 0.1:  # some exports list events out of order (the parser sorts them)
        rng.shuffle(events)
    else:  # as platforms export them: in time order (stable, as the parser would sort them)
        events = [events[i] for i in sorted(range(len(events)), key=minutes.__getitem__)]
    data["events"] = events
    return data, as_of.replace(microsecond=0)


__all__ = ["FIRST", "LAST", "LENGTHS", "UNITS", "demo_tickets", "make_ticket"]

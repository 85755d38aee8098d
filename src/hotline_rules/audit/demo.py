"""Demo work orders for a profile that look like a real office's month: ``hotline-rules demo``.

Calibrated so that an audit of the output reads like a real ledger, not an alarm: most orders
are handled within every time limit of the profile, a few percent are overdue, supervised (督办),
reworked (重办, reopened after the revisit), returned (退单) or extended (延期), and a handful of
units (:attr:`Calibration.weak_units`) are much worse than the rest. Real ledgers show such
shares: one unit's year had 5% of its orders supervised and 4% reworked. The shares are the
fields of :class:`Calibration`; :data:`DEFAULT` is what ``hotline-rules demo`` and the bundled
exports (``examples/exports/*.jsonl``, seed 20250101) use.

The generator reads the profile, so that "on time" means on time under that profile's rules:
each event that stops one of its clocks is placed before the clock could fall due (a natural
time no longer than the limit: 2个工作日 is at least two days), unless the ticket was drawn late.
Tags that an accountability circumstance or veto looks for (列为黑榜, 干扰阻碍调查...) are rare, and
mostly on the weak units. Every KPI and circumstance still gets something to count.

A few records carry instants in UTC or events out of order, as real exports do. Every ticket
carries made-up personal data, so that the privacy rule of the outputs is exercised.
Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from typing import Any

from hotline_rules import vocabulary as v
from hotline_rules.profile.schema import ClockRule, Profile
from hotline_rules.time.duration import Duration, Unit

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
_UNIT_WEIGHTS = (12, 6, 10, 5, 7, 6, 4, 16, 6, 8, 5, 5)
"""How busy each unit is (城市管理、住建、市场监管 take the most calls)."""

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


@dataclass(frozen=True)
class Calibration:
    """The shares the demo is drawn with: each a probability per ticket unless it says otherwise."""

    late: float = 0.025
    """An ordinary unit's ticket misses one or more of its time limits."""
    weak_units: int = 2
    """How many units (drawn per profile) are much worse than the rest."""
    weak_late: float = 0.2
    """A weak unit's ticket misses one or more of its time limits."""
    never_completed: float = 0.01
    """A ticket is never completed (still open when the export is audited)."""
    returned: float = 0.03
    """The unit asks to return the ticket (退单); 60% are approved and re-dispatched."""
    bad_return: float = 0.15
    """Of returns: a reason the profile does not allow, or evidence missing."""
    redispatched: float = 0.02
    """The office re-dispatches the ticket to another unit on its own."""
    extended: float = 0.03
    """An extension is asked for (only under a profile with extension rules)."""
    supervised: float = 0.04
    """The office issues a supervision notice (督办); weak units three times as often."""
    revisited: float = 0.7
    """The requester is called back after completion and asked how satisfied they are."""
    unsatisfied: float = 0.04
    """Of revisits: unsatisfied (basically satisfied: twice as many); weak units four times."""
    reworked: float = 0.04
    """Of revisits: the ticket is reopened and handled again (重办)."""
    tagged: float = 0.08
    """The ticket carries an ordinary tag (涉及多部门, 领导批办...)."""
    misconduct: float = 0.002
    """An ordinary unit's ticket carries a tag an accountability circumstance looks for."""
    weak_misconduct: float = 0.03
    """A weak unit's ticket carries a tag an accountability circumstance looks for."""
    repeat: float = 0.07
    """The requester called about the same problem before (a second or third call)."""
    emergency: float = 0.02
    """The ticket is an emergency (紧急); 10% more are urgent (较为紧急)."""
    screened: float = 0.02
    """The ticket is screened out (不予受理) when the profile has screening reasons."""


DEFAULT = Calibration()

_KIND_WEIGHTS = {
    "consultation": 35,
    "help": 25,
    "complaint": 22,
    "report": 6,
    "suggestion": 8,
    "praise": 4,
}
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明")


def weak_units(profile: Profile, calibration: Calibration = DEFAULT) -> tuple[str, ...]:
    """The units of ``profile``'s demo that are much worse than the rest (the same every run)."""
    return _weak(profile.meta.id, calibration.weak_units)


@cache
def _weak(profile_id: str, how_many: int) -> tuple[str, ...]:
    pick = random.Random(f"weak:{profile_id}")
    return tuple(sorted(pick.sample(UNITS, min(how_many, len(UNITS)))))


def demo_tickets(
    profile: Profile,
    n: int,
    *,
    seed: int = 20250101,
    first: datetime = FIRST,
    last: datetime = LAST,
    calibration: Calibration = DEFAULT,
) -> Iterator[tuple[dict[str, Any], datetime]]:
    """``n`` demo tickets of ``profile`` as JSON data, each with an instant worth evaluating it at."""
    rng = random.Random(f"{seed}:{profile.meta.id}")
    for k in range(n):
        yield make_ticket(rng, profile, k, first=first, last=last, calibration=calibration)


def _minutes(rng: random.Random, lo: float, hi: float) -> timedelta:
    return timedelta(minutes=rng.uniform(lo, hi))


def safe_span(start: datetime, duration: Duration, counting: Any = None) -> timedelta:
    """A natural span after ``start`` that never reaches the limit's due instant.

    Natural time runs at least as fast as working time, so ``N个工作日`` (or ``N日``) is never due
    before N days have passed, nor ``N个工作小时`` before N hours; a limit that ends at the close of
    business is given one day less and the rest of its first day.
    """
    unit, amount = duration.unit, duration.amount
    if unit is Unit.MINUTES:
        return timedelta(minutes=amount)
    if unit in (Unit.HOURS, Unit.WORKING_HOURS):
        return timedelta(hours=amount)
    to_midnight = datetime.combine(
        start.date() + timedelta(days=1), datetime.min.time(), start.tzinfo
    )
    rest_of_day = to_midnight - start
    if unit is Unit.SAME_DAY:
        return rest_of_day
    ends = str(getattr(counting, "ends_at", "end_of_day"))
    if ends.endswith("close_of_business"):
        return timedelta(days=max(amount - 1, 0)) + rest_of_day
    return timedelta(days=amount)


class _Timeline:
    """The events of one ticket as they are made, each placed against the profile's clocks."""

    def __init__(
        self, rng: random.Random, clocks: list[ClockRule], facts: Mapping[str, Any], late: bool
    ) -> None:
        self.rng = rng
        self.clocks = [c for c in clocks if c.when.test(facts)]
        self.late = late
        self.events: list[dict[str, Any]] = []
        self.started: dict[str, datetime] = {}

    def due(self, kind: str) -> tuple[datetime, datetime] | None:
        """The earliest instant any applicable clock that ``kind`` stops could fall due, and its start."""
        best: tuple[datetime, datetime] | None = None
        for c in self.clocks:
            start = self.started.get(c.starts_on)
            if kind in c.stops_on and start is not None:
                due = start + safe_span(start, c.duration, c.counting)
                if best is None or due < best[0]:
                    best = (due, start)
        return best

    def place(self, now: datetime, natural: timedelta, kind: str) -> datetime:
        """When ``kind`` happens after ``now``: ``natural`` later, kept within (or, for a late
        ticket, past) the limit of every clock it stops."""
        at = now + natural
        found = self.due(kind)
        if found is None:
            return at
        due, start = found
        if self.late and self.rng.random() < 0.4:
            return max(at, due + (due - start) * self.rng.uniform(0.1, 1.0) + timedelta(minutes=1))
        if due <= now:
            return at  # already late through an earlier event: nothing to keep
        return min(at, now + (due - now) * self.rng.uniform(0.15, 0.95))

    def add(self, kind: str, at: datetime, unit: str | None = None, **extra: Any) -> None:
        e: dict[str, Any] = {"type": kind, "at": at}
        if unit is not None:
            e["unit"] = unit
        e.update({k: val for k, val in extra.items() if val is not None})
        self.events.append(e)
        self.started[kind] = at
        if kind in ("redispatched", "return_approved"):  # clocks from dispatch start again
            self.started["dispatched"] = at


def _weighted(rng: random.Random, words: Iterable[str], weights: Mapping[str, float]) -> str:
    pool = sorted(words)
    return rng.choices(pool, [weights.get(w, 1.0) for w in pool])[0]


def _accountability_tags(profile: Profile) -> set[str]:
    """Tags some accountability circumstance or veto needs (rare in a real month)."""
    acc = profile.accountability
    out: set[str] = set()
    for when in [c.when for c in acc.circumstances] + [veto.when for veto in acc.vetoes]:
        out |= set(when.needs_any_tag or ())
    return out


def make_ticket(
    rng: random.Random,
    profile: Profile,
    n: int,
    *,
    first: datetime = FIRST,
    last: datetime = LAST,
    calibration: Calibration = DEFAULT,
) -> tuple[dict[str, Any], datetime]:
    """One work order of ``profile`` as JSON data, and the ``as_of`` to evaluate it at."""
    cal = calibration
    voc = profile.vocabulary
    unit = rng.choices(UNITS, _UNIT_WEIGHTS)[0]
    weak = unit in weak_units(profile, cal)

    def word(
        shared: Iterable[str], extra: Iterable[str], none: float, **weights: float
    ) -> str | None:
        if rng.random() < none:
            return None
        return _weighted(rng, {*shared, *extra}, weights)

    misconduct = sorted(_accountability_tags(profile) & {*v.TAGS, *voc.tags})
    ordinary = sorted({*v.TAGS, *voc.tags} - set(misconduct))
    tags: set[str] = set()
    if ordinary and rng.random() < cal.tagged:
        tags.add(rng.choice(ordinary))
    if misconduct and rng.random() < (cal.weak_misconduct if weak else cal.misconduct):
        tags.update(rng.sample(misconduct, min(len(misconduct), rng.choice((1, 1, 1, 2)))))
    urgency_roll = rng.random()
    urgency = (
        "emergency"
        if urgency_roll < cal.emergency
        else "urgent"
        if urgency_roll < cal.emergency + 0.1
        else word(v.URGENCIES, voc.urgencies, 0.5, emergency=0, urgent=0)
    )
    repeat_roll = rng.random()
    data: dict[str, Any] = {
        "id": f"{profile.meta.id}-{n:06d}",
        "kind": word(v.KINDS, voc.kinds, 0.02, **_KIND_WEIGHTS),
        "urgency": urgency,
        "complexity": word(
            v.COMPLEXITIES, voc.complexities, 0.3, simple=8, complex=2, difficult=0.5
        ),
        "channel": word(v.CHANNELS, voc.channels, 0.02, hotline_12345=12),
        "requester": word(v.REQUESTERS, voc.requesters, 0.05, citizen=9),
        "handling": word(v.HANDLINGS, voc.handlings, 0.2, transfer=4, immediate=2),
        "tags": sorted(tags),
        "repeat_count": 3 if repeat_roll < cal.repeat / 4 else 2 if repeat_roll < cal.repeat else 1,
    }
    data["personal"] = {  # made up: the outputs must never show it
        "name": rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN, rng.choice((1, 2)))),
        "phone": "1" + "".join(str(rng.randint(0, 9)) for _ in range(10)),
    }
    if profile.screening and rng.random() < cal.screened:
        data["screening_reason"] = rng.choice([s.id for s in profile.screening])

    facts = {
        k: data[k] for k in ("kind", "urgency", "complexity", "channel", "requester", "handling")
    }
    facts["tags"] = frozenset(tags)
    facts["repeat_count"] = data["repeat_count"]
    late = rng.random() < (cal.weak_late if weak else cal.late)
    line = _Timeline(rng, list(profile.clocks), facts, late)

    span = (last - first).total_seconds()
    at = first + timedelta(seconds=rng.uniform(0, span))
    if rng.random() < 0.75:  # most calls come in the daytime
        at = at.replace(hour=rng.randint(8, 19), minute=rng.randint(0, 59))
    line.add("received", at)
    if data.get("screening_reason"):
        return _finish(rng, data, line.events)
    at = line.place(at, _minutes(rng, 3, 120), "dispatched")
    line.add("dispatched", at, unit)

    intervals = [
        safe_span(at, r.retry_min_interval)
        for r in profile.first_contact
        if r.retry_min_interval is not None
    ]
    spacing = max([timedelta(minutes=3), *intervals]) + timedelta(minutes=1)

    def handle(unit: str) -> None:
        """One unit's work after a dispatch: sign, contact, profile-specific events, each timed
        from the dispatch; afterwards ``at`` is the latest of them."""
        nonlocal at
        base = latest = at

        def put(kind: str, natural: timedelta, **extra: Any) -> None:
            nonlocal latest
            when = line.place(base, natural, kind)
            line.add(kind, when, unit, **extra)
            latest = max(latest, when)

        if rng.random() < 0.9 or line.due("signed_for"):
            put("signed_for", _minutes(rng, 2, 90))
        for extra_event in sorted(
            voc.events
        ):  # the profile's own events (front desk, written reply)
            if line.due(extra_event) or rng.random() < 0.5:
                put(extra_event, _minutes(rng, 3, 30 if rng.random() < 0.8 else 600))
        r = rng.random()
        if r < 0.985 or (not line.due("sms_sent") and r < 0.995):
            for k in range(rng.choice((0, 0, 0, 0, 1, 2))):
                line.add("contact_attempted", base + spacing * (k + 1), unit)
            q = rng.random()  # within half an hour, the same day, or days later
            put(
                "contacted",
                _minutes(rng, *((5, 25) if q < 0.7 else (25, 240) if q < 0.95 else (240, 720))),
            )
        else:  # nobody answers: attempts, then a text message
            for k in range(rng.randint(1, 3)):
                line.add("contact_attempted", base + spacing * (k + 1), unit)
            put("sms_sent", spacing * 4 + _minutes(rng, 1, 20))
        at = latest

    handle(unit)
    if profile.returns and rng.random() < cal.returned:  # a return, approved or not
        reasons = [r.id for rule in profile.returns for r in rule.allowed_reasons] or ["other"]
        proofs = sorted({e.id for rule in profile.returns for e in rule.evidence})
        bad = rng.random() < cal.bad_return
        at = line.place(at, _minutes(rng, 10, 24 * 60), "return_requested")
        line.add(
            "return_requested",
            at,
            unit,
            reason="not_ours" if bad and rng.random() < 0.5 else rng.choice(reasons),
            evidence=(rng.sample(proofs, rng.randint(0, len(proofs) - 1)) if bad else proofs)
            if proofs
            else None,
        )
        at += _minutes(rng, 30, 8 * 60)
        if rng.random() < 0.6 and not bad:
            line.add("return_approved", at, unit)
            at += _minutes(rng, 5, 60)
            unit = rng.choice([u for u in UNITS if u != unit])
            line.add("redispatched", at, unit)
            handle(unit)
        else:
            line.add("return_rejected", at, unit)
    elif rng.random() < cal.redispatched:  # re-dispatched by the office
        at += _minutes(rng, 60, 24 * 60)
        unit = rng.choice([u for u in UNITS if u != unit])
        line.add("redispatched", at, unit)
        handle(unit)
    if profile.extensions and rng.random() < cal.extended:  # an extension, asked in time
        completion = line.due("completed")  # asked before the limit it extends falls due
        if completion is not None and completion[0] > at:
            at += (completion[0] - at) * rng.uniform(0.2, 0.8)
        else:
            at += _minutes(rng, 12 * 60, 3 * 24 * 60)
        longest = [str(e.max_each) for e in profile.extensions if e.max_each is not None]
        length = rng.choice(longest) if longest and rng.random() < 0.9 else rng.choice(LENGTHS)
        line.add("extension_requested", at, unit, length=length)
        at += _minutes(rng, 30, 8 * 60)
        if rng.random() < 0.85:
            line.add("extension_approved", at, unit, length=length)
        else:
            line.add("extension_rejected", at, unit)
    if rng.random() < cal.supervised * (3 if weak else 1):
        completion = line.due("completed")  # urged while the limit still runs, if it does
        if completion is not None and completion[0] > at:
            at += (completion[0] - at) * rng.uniform(0.3, 0.9)
        else:
            at += _minutes(rng, 4 * 60, 3 * 24 * 60)
        line.add("supervision_issued", at)
    if rng.random() >= cal.never_completed * (3 if weak else 1):
        at = line.place(at, _minutes(rng, 4 * 60, 12 * 24 * 60), "completed")
        elements = [e.id for rule in profile.closure_report for e in rule.elements]
        report = None
        if elements:  # most closure reports are complete, a few leave something out
            report = (
                elements
                if rng.random() < (0.85 if weak else 0.97)
                else rng.sample(elements, max(1, len(elements) - 1))
            )
        line.add("completed", at, unit, report=report)
        at = line.place(at, _minutes(rng, 10, 24 * 60), "reply_sent")
        line.add("reply_sent", at, unit)
        archived = False
        if line.due("archived"):  # a limit runs from the reply: reported back in time
            at = line.place(at, _minutes(rng, 10, 12 * 60), "archived")
            line.add("archived", at, unit)
            archived = True
        if rng.random() < cal.revisited:
            at += _minutes(rng, 60, 3 * 24 * 60)
            bad_mood = cal.unsatisfied * (4 if weak else 1)
            roll = rng.random()
            mood = (
                "unsatisfied"
                if roll < bad_mood
                else "basically_satisfied"
                if roll < 3 * bad_mood
                else "satisfied"
            )
            line.add("revisit", at, satisfaction=mood)
            if rng.random() < cal.reworked * (2 if mood == "unsatisfied" else 1):
                at += _minutes(rng, 60, 24 * 60)
                line.add("reopened", at, unit)
        if not archived and rng.random() < 0.5:
            at = line.place(at, _minutes(rng, 10, 24 * 60), "archived")
            line.add("archived", at, unit)
    return _finish(rng, data, line.events)


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


__all__ = [
    "DEFAULT",
    "FIRST",
    "LAST",
    "LENGTHS",
    "UNITS",
    "Calibration",
    "demo_tickets",
    "make_ticket",
    "safe_span",
    "weak_units",
]

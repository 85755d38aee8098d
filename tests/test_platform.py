"""The platform's own deadline checked against the regulation's, orders not judged, snapshots.

The reference is the slow obvious count: walk the days after the dispatch, one by one, asking
the calendar whether each is a working day, and stop at the fifth (某市: 5个工作日, the start
day not counted, due at 24:00 of the last day)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from engine_support import engine
from hotline_rules.audit import platform
from hotline_rules.audit.auditor import Auditor
from hotline_rules.engine.ticket import Ticket
from hotline_rules.time.calendar import WorkCalendar

CST = timezone(timedelta(hours=8))
AS_OF = datetime(2026, 12, 31, tzinfo=CST)


def law_due(dispatched: date, n: int = 5) -> datetime:
    """The reference: n working days after the dispatch day, counted one day at a time."""
    calendar = WorkCalendar.default()
    d, left = dispatched, n
    while left:
        d += timedelta(days=1)
        if calendar.is_working_day(d):
            left -= 1
    return datetime.combine(d + timedelta(days=1), time(0), CST)  # 24:00 of the last day


def order(dispatched: datetime, platform_due: datetime | None, **more: object) -> Ticket:
    data: dict[str, object] = {
        "id": "P-1",
        "requester": "citizen",
        "events": [
            {"type": "received", "at": dispatched - timedelta(minutes=30)},
            {"type": "dispatched", "at": dispatched, "unit": "区住建局"},
        ],
        **more,
    }
    if platform_due is not None:
        data["platform_due"] = {"completion": platform_due}
    return Ticket.model_validate(data)


DAYS = st.dates(date(2026, 1, 5), date(2026, 11, 30))


@settings(max_examples=80, deadline=None)
@given(DAYS, st.integers(8, 17), st.integers(-3, 3))
def test_a_platform_deadline_is_flagged_exactly_when_it_differs(
    day: date, hour: int, shift: int
) -> None:
    dispatched = datetime.combine(day, time(hour), CST)
    right = law_due(day)
    given_due = right + timedelta(days=shift)
    t = order(dispatched, given_due)
    e = engine("moushi")
    ev = e.evaluate(t, AS_OF)
    found = platform.findings(t, ev, platform.durations_of(e.profile))
    if shift == 0:
        assert found == []
        return
    (f,) = found
    assert f.code == "platform.deadline_differs"
    assert f.details is not None
    assert f.details["due"] == right.isoformat()
    assert f.details["platform_due"] == given_due.isoformat()
    assert f.details["direction"] == ("later" if shift > 0 else "earlier")
    assert f.details["difference_seconds"] == shift * 86400
    assert f.details["limit"] == "5个工作日" and f.rule_id == "completion.citizen"
    assert ("晚" if shift > 0 else "早") in f.message_zh and f"{abs(shift)} 天" in f.message_zh


def test_the_audit_counts_by_direction_and_orders_not_judged() -> None:
    e = engine("moushi")
    auditor = Auditor(e, as_of=AS_OF)
    monday = datetime(2026, 3, 2, 10, tzinfo=CST)
    right = law_due(monday.date())
    feeds = [
        order(monday, right, id="same"),
        order(monday, right + timedelta(days=1), id="late"),
        order(monday, right - timedelta(days=1), id="early"),
        order(monday, None, id="none"),
        order(monday, right, id="who", requester=None),  # no completion clock applies
        Ticket.model_validate(
            {
                "id": "undispatched",
                "requester": "citizen",
                "events": [{"type": "received", "at": monday}],
            }
        ),
    ]
    seen: list[str] = []
    auditor.on_evaluated = lambda t, ev: seen.append(t.id)
    for t in feeds:
        auditor.feed(t)
    r = auditor.finish()
    s = platform.summary(r)
    assert s["platform"] == {
        "compared": 3,
        "differs": 2,
        "platform_later": 1,
        "platform_earlier": 1,
        "not_compared": 1,  # "who": no completion clock to compare with
    }
    assert s["not_judged"] == {"no_completion_clock": 1, "not_started": 1}
    assert seen == [t.id for t in feeds]
    reason = platform.not_judged(feeds[4], e.evaluate(feeds[4], AS_OF))
    assert reason is not None and "requester" in reason[1]


def test_a_snapshot_is_told_with_the_orders_overdue_only_after_it() -> None:
    e = engine("moushi")
    export_day = datetime(2026, 3, 20, 18, tzinfo=CST)
    old = order(datetime(2026, 3, 2, 10, tzinfo=CST), None, id="old")  # overdue before the export
    fresh = order(datetime(2026, 3, 19, 10, tzinfo=CST), None, id="fresh")  # due after it
    last = order(export_day, None, id="last")
    for as_of, told in (
        (datetime(2026, 3, 21, tzinfo=CST), None),
        (datetime(2026, 4, 30, tzinfo=CST), 2),
    ):
        auditor = Auditor(e, as_of=as_of)
        for t in (old, fresh, last):
            auditor.feed(t)
        r = auditor.finish()
        s = platform.snapshot(r)
        if told is None:
            assert s is None and platform.snapshot_zh(r) is None
            continue
        assert s == {"newest_day": "2026-03-20", "days_after": 41, "overdue_after_export": told}
        zh = platform.snapshot_zh(r)
        assert zh is not None and "快照" in zh and "--as-of 2026-03-21T00:00:00+08:00" in zh
        assert r.export_checks["open_overdue"] == 3


def test_counters_merge_by_addition() -> None:
    """Each counter is a dict of ints: two halves of an export add up to the whole."""
    e = engine("moushi")
    monday = datetime(2026, 3, 2, 10, tzinfo=CST)
    right = law_due(monday.date())
    tickets = [
        order(monday + timedelta(days=i), right + timedelta(days=i % 3), id=f"T{i}")
        for i in range(8)
    ]

    def run(part: list[Ticket]) -> SimpleNamespace:
        a = Auditor(e, as_of=AS_OF)
        for t in part:
            a.feed(t)
        r = a.finish()
        return SimpleNamespace(
            export_checks=r.export_checks,
            open_overdue_by_due=r.open_overdue_by_due,
            last_event_days=r.last_event_days,
        )

    whole, first, second = run(tickets), run(tickets[:3]), run(tickets[3:])
    for name in ("export_checks", "open_overdue_by_due", "last_event_days"):
        a, b = getattr(first, name), getattr(second, name)
        added = {k: a.get(k, 0) + b.get(k, 0) for k in {*a, *b}}
        assert added == getattr(whole, name)

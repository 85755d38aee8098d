"""Language v2 clocks: inclusive counting (含本数) and a clock stopped by all of several events."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.calendar_years import LAST_ANNOUNCED_YEAR
from tests.engine_support import ticket
from tests.lang_v2_support import load_body

from hotline_rules.engine.engine import Engine
from hotline_rules.errors import DurationError
from hotline_rules.profile import ProfileError
from hotline_rules.time.deadline import Counting, DeadlineCalculator
from hotline_rules.time.duration import parse_duration

CALC = DeadlineCalculator()
INCLUSIVE = Counting(inclusive=True)
SHANGHAI = CALC.zone


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_the_issue_example_ten_working_days_inclusive() -> None:
    # 10日内（指工作日，含本数）: received 30 September 2026 10:00, the 30th is day one
    start = at("2026-09-30T10:00:00+08:00")
    ten = parse_duration("10个工作日")
    assert CALC.due_instant(start, ten)[0] == at("2026-10-21T00:00:00+08:00")
    assert CALC.due_instant(start, ten, INCLUSIVE)[0] == at("2026-10-20T00:00:00+08:00")
    due = CALC.due(start, ten, INCLUSIVE)
    assert due.due == at("2026-10-20T00:00:00+08:00")  # 24:00 on 19 October
    assert due.steps()[0].startswith("含本数")


days_in_announced_years = st.dates(date(2025, 1, 1), date(LAST_ANNOUNCED_YEAR, 10, 31))


@given(days_in_announced_years, st.integers(1, 20), st.integers(0, 23))
def test_inclusive_working_days_is_exclusive_shifted_by_one_working_day(
    day: date, n: int, hour: int
) -> None:
    start = datetime.combine(day, time(hour), tzinfo=SHANGHAI)
    working = CALC.calendar.is_working_day(day)
    inclusive = CALC.due_instant(start, parse_duration(f"{n}个工作日"), INCLUSIVE)[0]
    # a working start day is day one: one working day less; a day off is never counted
    shorter = n - 1 if working else n
    if shorter == 0:
        expected = datetime.combine(day + timedelta(days=1), time(0), tzinfo=SHANGHAI)
    else:
        expected = CALC.due_instant(start, parse_duration(f"{shorter}个工作日"))[0]
    assert inclusive == expected
    assert inclusive == CALC.due(start, f"{n}个工作日", INCLUSIVE).due  # both paths agree


@given(days_in_announced_years, st.integers(1, 40))
def test_inclusive_natural_days_end_one_day_earlier(day: date, n: int) -> None:
    start = datetime.combine(day, time(15), tzinfo=SHANGHAI)
    exclusive = CALC.due_instant(start, parse_duration(f"{n}日"))[0]
    assert CALC.due_instant(start, parse_duration(f"{n}日"), INCLUSIVE)[0] == exclusive - timedelta(
        days=1
    )


def test_han_ben_shu_in_the_duration_text_points_to_counting() -> None:
    with pytest.raises(DurationError) as info:
        parse_duration("10个工作日（含本数）")
    assert info.value.code == "duration.inclusive_in_text"
    assert "inclusive" in info.value.message_en


CLOCK = """\
clocks:
  - id: completion.all
    clock: completion
    stops_on: [completed, reply_sent]
    stops_when: all
    duration: 10个工作日
    counting: {inclusive: true}
    cite: {article: 第七条, text: 10个工作日内（含本数）办理完毕并答复诉求群众}
"""


def test_inclusive_is_refused_for_hours(tmp_path: Path) -> None:
    body = CLOCK.replace("10个工作日", "2小时", 1)
    with pytest.raises(ProfileError) as info:
        load_body(tmp_path, body)
    assert info.value.code == "counting.inclusive_unit"


def test_stops_when_all_needs_two_events(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as info:
        load_body(tmp_path, CLOCK.replace("[completed, reply_sent]", "[completed]"))
    assert info.value.code == "clock.stops_when_all_needs_two"


def _judge(tmp_path: Path, *events: tuple[str, str]) -> object:
    engine = Engine(load_body(tmp_path, CLOCK))
    base = [
        ("received", "2026-09-30T09:00:00+08:00"),
        ("dispatched", "2026-09-30T10:00:00+08:00", "U"),
    ]
    t = ticket("T-1", [*base, *((kind, when, "U") for kind, when in events)])
    (clock,) = engine.evaluate(t, at("2026-11-30T00:00:00+08:00")).clocks
    return clock


def test_completed_but_never_answered_is_overdue(tmp_path: Path) -> None:
    clock = _judge(tmp_path, ("completed", "2026-10-12T10:00:00+08:00"))
    assert clock.state == "breached" and clock.stopped_at is None  # type: ignore[attr-defined]
    assert clock.due == at("2026-10-20T00:00:00+08:00")  # type: ignore[attr-defined]


def test_the_clock_stops_at_the_last_of_the_events(tmp_path: Path) -> None:
    clock = _judge(
        tmp_path,
        ("reply_sent", "2026-10-09T10:00:00+08:00"),
        ("completed", "2026-10-12T10:00:00+08:00"),
    )
    assert clock.state == "met"  # type: ignore[attr-defined]
    assert clock.stopped_at == at("2026-10-12T10:00:00+08:00")  # type: ignore[attr-defined]
    late = _judge(
        tmp_path,
        ("completed", "2026-10-12T10:00:00+08:00"),
        ("reply_sent", "2026-10-20T09:00:00+08:00"),
    )
    assert late.state == "breached"  # type: ignore[attr-defined]
    assert late.stopped_by.type == "reply_sent"  # type: ignore[attr-defined]


CAPPED = """\
clocks:
  - id: completion.enterprise
    clock: completion
    stops_on: [completed]
    duration: 15个工作日
    cite: {article: 第七条, text: 对企业诉求应在15个工作日内办理完毕}
extensions:
  - id: extension.capped
    max_overall: 30个工作日
    cite: {article: 示例, text: 延期后办理总时限不超过30个工作日}
"""


def test_an_extension_past_the_whole_limit_from_the_start_is_refused(tmp_path: Path) -> None:
    engine = Engine(load_body(tmp_path, CAPPED))
    base = [
        ("received", "2026-03-02T09:00:00+08:00"),
        ("dispatched", "2026-03-02T10:00:00+08:00", "U"),
        ("extension_requested", "2026-03-10T10:00:00+08:00", "U", {"length": "10个工作日"}),
        ("extension_approved", "2026-03-10T11:00:00+08:00", "U", {"length": "10个工作日"}),
    ]
    ok = engine.evaluate(ticket("T-1", base), at("2026-03-11T00:00:00+08:00"))
    assert "extension.beyond_cap" not in ok.codes()
    (clock,) = ok.clocks
    assert clock.extensions == ("10 working_days",)
    more = [
        *base,
        ("extension_requested", "2026-03-20T10:00:00+08:00", "U", {"length": "10个工作日"}),
        ("extension_approved", "2026-03-20T11:00:00+08:00", "U", {"length": "10个工作日"}),
    ]
    ev = engine.evaluate(ticket("T-1", more), at("2026-03-21T00:00:00+08:00"))
    (beyond,) = [f for f in ev.findings if f.code == "extension.beyond_cap"]
    assert beyond.severity == "violation" and beyond.rule_id == "extension.capped"
    (clock,) = ev.clocks
    assert clock.extensions == ("10 working_days",)  # the second one does not move the due
    answer = engine.may_extend(ticket("T-1", base), at("2026-03-20T10:00:00+08:00"), "10个工作日")
    assert answer.allowed is False

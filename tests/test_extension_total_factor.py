"""``max_total_factor``: all extensions of one clock together, as a multiple of its limit.

"两次延期合计不超过原办理时限": with a limit of 5个工作日 and factor 1, the extended due may
be at most the 24:00 of the 5th working day after the last day of the original period,
whatever units the extensions were asked in. Checked against a slow reference that walks
the calendar day by day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from calendar_years import LAST_ANNOUNCED_YEAR
from engine_support import ticket
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.rules.extensions import check_request, factor_cap
from hotline_rules.profile.schema import ExtensionRule
from hotline_rules.profile.summary import rows
from hotline_rules.time.calendar import WorkCalendar
from hotline_rules.time.deadline import Counting, DeadlineCalculator
from hotline_rules.time.duration import Duration, Unit

ZONE = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar.default()
CALC = DeadlineCalculator(CAL, zone=ZONE)
READINGS = Path(__file__).resolve().parents[1] / "examples" / "profiles" / "readings"
CITE = {"article": "示例", "text": "两次延期合计不超过原办理时限"}


def _rule(factor: float, **more: object) -> ExtensionRule:
    return ExtensionRule.model_validate(
        {"id": "ext.x", "max_total_factor": factor, "cite": CITE, **more}
    )


# ---- the slow, obvious reference -------------------------------------------------------------


def _working_days_on(day: date, n: int) -> date:
    """The ``n``-th working day after ``day``, one day at a time."""
    while n > 0:
        day += timedelta(days=1)
        if CAL.is_working_day(day):
            n -= 1
    return day


def _after(last: date, d: Duration) -> date:
    """The last day of a period of ``d`` counted on after the day ``last``."""
    if d.unit is Unit.WORKING_DAYS:
        return _working_days_on(last, d.amount)
    return last + timedelta(days=d.amount)


def _midnight_after(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=ZONE)


def _reference_too_long(
    start: datetime, limit: int, factor: float, lengths: list[Duration]
) -> bool:
    original_last = _working_days_on(start.date(), limit)
    cap = max(1, int(limit * factor))
    reached = original_last
    for d in lengths:
        reached = _after(reached, d)
    return _midnight_after(reached) > _midnight_after(_working_days_on(original_last, cap))


# ---- the property -------------------------------------------------------------------------------

lengths_st = st.lists(
    st.builds(
        Duration,
        st.integers(min_value=1, max_value=8),
        st.sampled_from([Unit.WORKING_DAYS, Unit.DAYS]),
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=150, deadline=None)
@given(
    minute=st.integers(min_value=0, max_value=270 * 24 * 60),
    limit=st.integers(min_value=1, max_value=10),
    factor=st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0]),
    lengths=lengths_st,
)
def test_total_factor_matches_the_day_by_day_reference(
    minute: int, limit: int, factor: float, lengths: list[Duration]
) -> None:
    start = datetime(LAST_ANNOUNCED_YEAR, 1, 1, tzinfo=ZONE) + timedelta(minutes=minute)
    original = Duration(limit, Unit.WORKING_DAYS)
    counting = Counting()
    due = CALC.due(start, original, counting).due
    assert due == _midnight_after(_working_days_on(start.date(), limit))
    found = check_request(
        _rule(factor),
        calc=CALC,
        at=start,
        length=lengths[-1],
        due=due,  # only the cap is judged here: request time and current due do not matter
        original=original,
        counting=counting,
        approved_so_far=len(lengths) - 1,
        total_so_far=lengths[:-1],
        start=start,
    )
    too_long = [f for f in found if f.code == "extension.too_long"]
    assert bool(too_long) == _reference_too_long(start, limit, factor, lengths)


def test_five_working_days_allow_five_in_total_and_not_a_minute_more() -> None:
    # start Monday 2026-11-02 (no holiday near): 5个工作日 -> Mon 11-09 00:00; factor 1:
    # at most 5 more working days -> Mon 11-16 00:00
    start = datetime(2026, 11, 2, 9, 0, tzinfo=ZONE)
    five = Duration(5, Unit.WORKING_DAYS)
    due = CALC.due(start, five, Counting()).due

    def verdict(lengths: list[Duration]) -> list[str]:
        return [
            f.code
            for f in check_request(
                _rule(1),
                calc=CALC,
                at=start,
                length=lengths[-1],
                due=due,
                original=five,
                counting=Counting(),
                approved_so_far=0,
                total_so_far=lengths[:-1],
                start=start,
            )
        ]

    wd = Unit.WORKING_DAYS
    assert verdict([Duration(2, wd), Duration(3, wd)]) == []
    assert verdict([Duration(3, wd), Duration(3, wd)]) == ["extension.too_long"]
    # 7 natural days from Sunday 11-08 end Sunday 11-15 24:00 = 11-16 00:00: exactly the cap
    assert verdict([Duration(7, Unit.DAYS)]) == []
    assert verdict([Duration(8, Unit.DAYS)]) == ["extension.too_long"]


def test_without_the_field_nothing_is_capped() -> None:
    """The same request with no max_total_factor is allowed: the field is what refuses it."""
    start = datetime(2026, 11, 2, 9, 0, tzinfo=ZONE)
    five = Duration(5, Unit.WORKING_DAYS)
    due = CALC.due(start, five, Counting()).due
    rule = ExtensionRule.model_validate({"id": "ext.x", "cite": CITE})
    found = check_request(
        rule,
        calc=CALC,
        at=start,
        length=Duration(5, Unit.WORKING_DAYS),
        due=due,
        original=five,
        counting=Counting(),
        approved_so_far=1,
        total_so_far=[Duration(5, Unit.WORKING_DAYS)],
        start=start,
    )
    assert found == []


def test_cap_is_the_limit_times_the_factor_rounded_down_at_least_one() -> None:
    assert factor_cap(1, Duration(5, Unit.WORKING_DAYS)) == Duration(5, Unit.WORKING_DAYS)
    assert factor_cap(0.5, Duration(5, Unit.WORKING_DAYS)) == Duration(2, Unit.WORKING_DAYS)
    assert factor_cap(0.1, Duration(2, Unit.HOURS)) == Duration(1, Unit.HOURS)


@pytest.mark.parametrize("bad", [0, -1])
def test_factor_must_be_positive(bad: float) -> None:
    with pytest.raises(ValidationError):
        _rule(bad)


def test_factor_may_stand_beside_a_fixed_total() -> None:
    """Both caps hold at once (the tighter one decides): a text may say both."""
    rule = _rule(1, max_total="10个工作日")
    assert rule.max_total_factor == 1 and rule.max_total is not None


def test_may_extend_answers_with_the_total_cap() -> None:
    """Engine.may_extend (the service's and the CLI's question) applies the cap too: after one
    2个工作日 extension of a 2个工作日 limit, even one more working day is too much."""
    unit = "高陵区住房和城乡建设局"
    length = {"length": "2个工作日"}
    t = ticket(
        "GL-X",
        [
            ("dispatched", "2026-09-30T16:40:00+08:00", unit),
            ("extension_requested", "2026-10-09T10:00:00+08:00", unit, length),
            ("extension_approved", "2026-10-09T15:00:00+08:00", unit, length),
        ],
        kind="complaint",
    )
    at = datetime(2026, 10, 12, 10, 0, tzinfo=ZONE)
    assert Engine("gaoling").may_extend(t, at, "1个工作日").allowed
    answer = Engine(READINGS / "gaoling_extensions_together.yaml").may_extend(t, at, "1个工作日")
    assert not answer.allowed
    assert [f.code for f in answer.findings] == ["extension.too_long"]
    assert (answer.findings[0].details or {})["cap_due"] == "2026-10-13T00:00:00+08:00"


def test_show_says_the_total_cap_in_chinese() -> None:
    profile = Engine(READINGS / "gaoling_extensions_together.yaml").profile
    table = {rule_id: text for _section, rule_id, text, _ in rows(profile)}
    assert table["extension.complex"] == "至多2次，每次≤原时限×1，各次合计≤原时限×1"

"""``stops_on`` of ownership rules: which recorded event ends the ruling's clock.

The default (the re-dispatch that carries the ruling out) keeps the verdicts of profiles
written before the field; a profile whose platform records the ruling itself names it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from tests.lang_v2_support import BASE_CLOCK, load_body

from engine_support import ticket
from hotline_rules.engine.results import ClockState
from hotline_rules.engine.rules.ownership import check
from hotline_rules.engine.ticket import Ticket
from hotline_rules.errors import ProfileError
from hotline_rules.profile.schema import OwnershipRule
from hotline_rules.profile.summary import summary
from hotline_rules.time.calendar import WorkCalendar
from hotline_rules.time.deadline import DeadlineCalculator
from hotline_rules.vocabulary import EVENTS

CALC = DeadlineCalculator(WorkCalendar.default())
CITE = {"article": "示例", "text": "1个工作日内反馈认定结果"}


def _rule(**more: Any) -> OwnershipRule:
    body = {"id": "own.x", "after_returns": 2, "forum": "联席会议", "duration": "1个工作日"}
    return OwnershipRule.model_validate({**body, "cite": CITE, **more})


def _ticket() -> Ticket:
    # 2026-11-02 is a Monday far from any holiday: due 11-04 00:00 (one working day, 11-03)
    return ticket(
        "OWN-1",
        [
            ("dispatched", "2026-11-02T09:00:00+08:00", "甲局"),
            ("return_approved", "2026-11-02T10:00:00+08:00", "甲局"),
            ("redispatched", "2026-11-02T11:00:00+08:00", "乙局"),
            ("return_approved", "2026-11-02T14:00:00+08:00", "乙局"),
            ("ownership_ruled", "2026-11-03T16:00:00+08:00"),
            ("redispatched", "2026-11-05T09:00:00+08:00", "甲局"),
        ],
    )


def _clock(rule: OwnershipRule) -> tuple[ClockState, datetime | None]:
    as_of = datetime.fromisoformat("2026-11-06T00:00:00+08:00")
    t = _ticket()
    (c,), _ = check([rule], list(t.events), as_of, CALC, {})
    return c.state, c.stopped_at


def test_default_is_the_redispatch() -> None:
    assert _rule().stops_on == ("redispatched",)
    assert _clock(_rule()) == (
        ClockState.BREACHED,
        datetime.fromisoformat("2026-11-05T09:00:00+08:00"),
    )


def test_a_recorded_ruling_stops_the_clock() -> None:
    assert _clock(_rule(stops_on=["ownership_ruled"])) == (
        ClockState.MET,
        datetime.fromisoformat("2026-11-03T16:00:00+08:00"),
    )


def test_the_first_of_several_stop_events_counts() -> None:
    state, stopped = _clock(_rule(stops_on=["redispatched", "ownership_ruled"]))
    assert (state, stopped) == (ClockState.MET, datetime.fromisoformat("2026-11-03T16:00:00+08:00"))


def test_the_chinese_name_is_accepted() -> None:
    assert _rule(stops_on=["认定承办主体"]).stops_on == ("ownership_ruled",)


def test_an_unknown_word_is_refused() -> None:
    with pytest.raises(ValidationError):
        _rule(stops_on=["ruling_done"])


OWNERSHIP = (
    BASE_CLOCK
    + """\
ownership:
  - id: ownership.ruling
    after_returns: 2
    forum: 联席会议
    duration: 1个工作日
    stops_on: []
    cite: {article: 示例, text: 1个工作日内反馈认定结果}
"""
)


def test_an_empty_list_is_refused_with_its_code_and_line(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as info:
        load_body(tmp_path, OWNERSHIP)
    assert info.value.code == "ownership.no_stop_event"
    assert "stops_on 至少列出一个停止认定时限的事件" in str(info.value)
    assert info.value.location is not None and info.value.location.line is not None


def test_show_names_the_stop_event_in_chinese() -> None:
    names = dict(EVENTS)
    assert summary(_rule(), names).endswith("1个工作日内认定（至重新派单）")
    assert summary(_rule(stops_on=["ownership_ruled"]), names).endswith("（至认定承办主体）")

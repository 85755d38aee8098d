"""When a warning begins (docs/zh/deadlines.md, 预警从何时开始): each rule stated there, checked.

A profile of one clock, dispatched Wed 30 Sep 2026 16:00; 15 working days end on Tue 27 Oct
(1-7 Oct National Day, 10 Oct a make-up working Saturday). Counting back 2 working days from
27 Oct: 26 Oct (Mon), 23 Oct (Fri).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from hotline_rules.engine.engine import Engine
from hotline_rules.engine.ticket import parse_ticket
from hotline_rules.profile import load_profile_file

PROFILE = """\
apiVersion: hotline_rules/v1
meta:
  id: warn
  name_zh: 预警测试
  name_en: warnings
  jurisdiction: 测试市
  issuer: 测试市热线办
  document: {{title: 测试办法}}
  source_file: none.txt
calendar:
  zone: Asia/Shanghai
  office_hours: {{default: "09:00-12:00, 13:30-17:30"}}
clocks:
  - id: completion.all
    clock: completion
    stops_on: [completed]
    duration: {duration}
    warn_before: [{warn}]
    counting: {counting}
    cite: {{article: 第一条, text: 规定时限内办结}}
"""

TICKET = parse_ticket(
    {
        "id": "W-1",
        "events": [{"type": "dispatched", "at": "2026-09-30T16:00:00+08:00", "unit": "甲局"}],
    }
)


def _engine(tmp_path: Path, duration: str, warn: str, counting: str = "{}") -> Engine:
    path = tmp_path / "warn.yaml"
    path.write_text(
        PROFILE.format(duration=duration, warn=warn, counting=counting), encoding="utf-8"
    )
    return Engine(load_profile_file(path))


def _warns(engine: Engine, at: str) -> bool:
    (clock,) = engine.evaluate(TICKET, datetime.fromisoformat(at)).clocks
    return clock.warning


@pytest.mark.parametrize(
    ("counting", "due", "last_quiet", "first_warned"),
    [
        # end of day: from 24:00 of the 2nd working day back, i.e. two whole working days left
        (
            "{}",
            "2026-10-28T00:00:00+08:00",
            "2026-10-23T23:59:59+08:00",
            "2026-10-24T00:00:00+08:00",
        ),
        # close of business: the same time of day, 2 working days back
        (
            "{ends_at: close_of_business}",
            "2026-10-27T17:30:00+08:00",
            "2026-10-23T17:29:59+08:00",
            "2026-10-23T17:30:00+08:00",
        ),
        # elapsed: the start's time of day kept, 2 working days back
        (
            "{style: elapsed}",
            "2026-10-27T16:00:00+08:00",
            "2026-10-23T15:59:59+08:00",
            "2026-10-23T16:00:00+08:00",
        ),
    ],
)
def test_working_day_warnings(
    tmp_path: Path, counting: str, due: str, last_quiet: str, first_warned: str
) -> None:
    engine = _engine(tmp_path, "15个工作日", "2个工作日", counting)
    (clock,) = engine.evaluate(TICKET, datetime.fromisoformat(last_quiet)).clocks
    assert clock.due == datetime.fromisoformat(due)
    assert not _warns(engine, last_quiet)
    assert _warns(engine, first_warned)


def test_hour_warnings_count_round_the_clock(tmp_path: Path) -> None:
    engine = _engine(tmp_path, "24小时", "2小时")
    assert not _warns(engine, "2026-10-01T13:59:59+08:00")
    assert _warns(engine, "2026-10-01T14:00:00+08:00")


def test_natural_day_warnings_are_n_times_24_hours(tmp_path: Path) -> None:
    engine = _engine(tmp_path, "5日", "1日")  # due 6 Oct 00:00 (end of 5 Oct)
    assert not _warns(engine, "2026-10-04T23:59:59+08:00")
    assert _warns(engine, "2026-10-05T00:00:00+08:00")

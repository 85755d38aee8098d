"""Issue 14, "Output": what explain and show say about the readings.

- ``explain`` with two or more extensions prints, at each approval, the due instant that
  approval set, not the final one;
- a clock ended late by a return approval (or a re-dispatch) never "才完成": nothing was done;
- the haikou heading names its three documents once each, not 《《…》》;
- a monthly threshold says that tickets count in the month they were received.

Due instants by hand from the 2026 notice: 9月30日 dispatch, 2个工作日 -> 10月8日、9日 ->
10月10日00:00; +2个工作日 -> 10日（六，上班）、12日 -> 10月13日00:00; +2 -> 13日、14日 -> 10月15日00:00.
"""

from __future__ import annotations

from datetime import datetime

from engine_support import engine, ticket
from hotline_rules.engine.explain import explain_lines
from hotline_rules.engine.ticket import Ticket
from hotline_rules.profile.summary import summary

UNIT = "高陵区住房和城乡建设局"


def _explain(profile: str, t: Ticket, as_of: str) -> list[str]:
    eng = engine(profile)
    when = datetime.fromisoformat(as_of)
    return explain_lines(eng, eng.evaluate(t, when), t)


def _gaoling(*events: tuple[str, str, dict[str, str] | None]) -> Ticket:
    base = [
        ("received", "2026-09-30T16:12:00+08:00", None),
        ("dispatched", "2026-09-30T16:40:00+08:00", UNIT),
        ("signed_for", "2026-09-30T17:05:00+08:00", UNIT),
    ]
    evs = [*base, *((kind, at, UNIT, *((extra,) if extra else ())) for kind, at, extra in events)]
    return ticket("GL-OUT", evs, kind="complaint")


def test_each_extension_approval_shows_the_due_it_set() -> None:
    two_days = {"length": "2个工作日"}
    t = _gaoling(
        ("extension_requested", "2026-10-09T10:00:00+08:00", two_days),
        ("extension_approved", "2026-10-09T15:00:00+08:00", two_days),
        ("extension_requested", "2026-10-12T10:00:00+08:00", two_days),
        ("extension_approved", "2026-10-12T15:00:00+08:00", two_days),
        ("completed", "2026-10-14T17:00:00+08:00", None),
    )
    lines = [
        line for line in _explain("gaoling", t, "2026-10-20T00:00:00+08:00") if "延期通过" in line
    ]
    assert len(lines) == 2
    assert "延长后截止 2026-10-13 00:00+08:00" in lines[0]
    assert "延长后截止 2026-10-15 00:00+08:00" in lines[1]


def test_a_clock_ended_late_by_a_return_was_not_completed() -> None:
    t = _gaoling(
        ("return_requested", "2026-10-12T10:00:00+08:00", {"reason": "not_own"}),
        ("return_approved", "2026-10-13T10:00:00+08:00", None),
    )
    lines = _explain("gaoling", t, "2026-10-13T12:00:00+08:00")
    due = next(line for line in lines if "2026-10-10 00:00+08:00 “办结”时限" in line)
    assert "才完成" not in due
    assert "退单通过" in due and "仍未完成" in due and "超时" in due
    # a clock that was completed late still says so
    late = _gaoling(("completed", "2026-10-12T10:00:00+08:00", None))
    lines = _explain("gaoling", late, "2026-10-13T12:00:00+08:00")
    assert any("实际 2026-10-12 10:00+08:00 才完成" in line for line in lines)


def test_the_haikou_heading_names_each_document_once() -> None:
    t = ticket(
        "HK-1",
        [
            ("received", "2026-05-06T09:00:00+08:00"),
            ("dispatched", "2026-05-06T09:05:00+08:00", "海口市水务局"),
        ],
        kind="complaint",
    )
    heading = _explain("haikou", t, "2026-05-06T10:00:00+08:00")[0]
    assert "《《" not in heading and "》》" not in heading
    assert heading.count("《") == heading.count("》") == 3
    # one document keeps its 书名号
    other = _explain("gaoling", _gaoling(), "2026-10-01T00:00:00+08:00")[0]
    assert "依据《西安市高陵区12345市民热线管理办法》（gaoling）" in other


def test_a_monthly_threshold_says_it_counts_by_month_of_receipt() -> None:
    profile = engine("haikou").profile
    rule = profile.rule("circumstance.aggravated.overdue_monthly")
    assert rule is not None
    text = summary(rule, profile.word_names())
    assert "每月≥5件（按受理时间所在的月计）" in text

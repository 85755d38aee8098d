"""Engine against profile gaoling (西安市高陵区12345市民热线管理办法), rule by rule.

Every due instant below was worked out by hand from the regulation (shared/seeds/gaoling.txt)
and the 2026 holiday notice, never copied from the engine's output:

* 2026 calendar around National Day: 9月19日（六）休, 9月20日（日）调休上班, 9月25日至27日中秋休,
  9月30日（三）上班, 10月1日（四）至7日（三）国庆休, 10月8日（四）、9日（五）上班,
  10月10日（六）调休上班, 10月11日（日）休, 10月12日（一）起照常.
* 第九条: 2小时 (round the clock), 1个工作日 (咨询类), 2个工作日 (诉求类); start day not counted,
  the period ends at 24:00 of its last working day, written as the next day's 00:00;
  延期不超过规定时限的一倍、不多于2次; 退件 within 2个小时 of receiving the item.
* 第十七条: 退单两次以上（含两次）→ 联席会议, 1个工作日内反馈认定结果.

A rule is covered when a ticket satisfies it and a ticket breaks it; ``cov`` collects that at
import time and the last test checks that every rule id of the profile is covered (or listed in
``NOT_TICKET_RULES`` with a reason).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from engine_support import (
    EXAMPLES,
    Coverage,
    assert_matches_expected,
    at,
    clock,
    codes,
    engine,
    evaluate,
    example,
    family,
    fired,
    instant,
    iso,
    load_expected,
    ticket,
)
from hotline_rules.cli import app
from hotline_rules.engine.results import ClockState, Evaluation, Severity

PROFILE = "gaoling"

ZHUJIAN = "高陵区住房和城乡建设局"
JINGWEI = "高陵区泾渭街道办事处"
LUYUAN = "高陵区鹿苑街道办事处"

# ---- coverage bookkeeping ---------------------------------------------------------------

cov = Coverage(PROFILE)

NOT_TICKET_RULES: dict[str, str] = {
    # gaoling has no duty_roster, first_contact or closure_report rules: every rule id of the
    # profile can be judged from a ticket (kpis, assessment, accountability on evaluation.facts).
}


def run(
    events: list[tuple[Any, ...]], as_of: str, *, kind: str | None = "complaint", **attrs: Any
) -> Evaluation:
    """Evaluate a ticket whose events use the short ``at`` form."""
    evs = [(e[0], at(e[1]), *e[2:]) for e in events]
    if kind is not None:
        attrs["kind"] = kind
    return evaluate(PROFILE, ticket("GL-T", evs, **attrs), as_of)


# A complaint dispatched to 区住建局 at 16:40 on the last working day before National Day.
DISPATCH = [("received", "09-30 16:12"), ("dispatched", "09-30 16:40", ZHUJIAN)]
SIGNED = [*DISPATCH, ("signed_for", "09-30 17:05", ZHUJIAN)]


# ---- the example work order -------------------------------------------------------------


def test_example_work_order_matches_the_hand_worked_expectation() -> None:
    t, expected = example(PROFILE)
    assert expected["profile"] == PROFILE
    ev = engine(PROFILE).evaluate(t, instant(expected["as_of"]))
    assert_matches_expected(
        [c.to_dict() for c in ev.clocks],
        [f.to_dict() for f in ev.findings],
        expected,
        notes=("why",),
    )


def test_example_through_the_command_line() -> None:
    expected = load_expected(PROFILE)
    path = str(EXAMPLES / expected["ticket"])
    args = ["check", path, "-p", PROFILE, "--as-of", expected["as_of"], "-f", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert_matches_expected(out["clocks"], out["findings"], expected, notes=("why",))


def test_example_expected_file_is_written_in_local_time() -> None:
    expected = load_expected(PROFILE)
    for c in expected["clocks"]:
        assert c["start"].endswith("+08:00") and c["due"].endswith("+08:00")
        assert not c["due"].endswith("T24:00:00+08:00")


# ---- clocks: 第九条第一款 ----------------------------------------------------------------


@cov.satisfies("sign_for")
def test_sign_for_met_at_exactly_two_hours() -> None:
    ev = run([*DISPATCH, ("signed_for", "09-30 18:40", ZHUJIAN)], at("10-08 12:00"))
    c = clock(ev, "sign_for")
    assert c.state is ClockState.MET
    assert iso(c.due) == "2026-09-30T18:40:00+08:00"
    assert "sign_for" not in {f.rule_id for f in ev.findings}


def test_sign_for_stopped_by_a_return_request_within_two_hours() -> None:
    ev = run(
        [*DISPATCH, ("return_requested", "09-30 18:00", ZHUJIAN, {"reason": "not_own"})],
        at("09-30 20:00"),
    )
    c = clock(ev, "sign_for")
    assert c.state is ClockState.MET
    assert iso(c.stopped_at) == "2026-09-30T18:00:00+08:00"


def test_sign_for_runs_round_the_clock_into_the_holiday() -> None:
    ev = run([("dispatched", "09-30 23:30", ZHUJIAN)], at("09-30 23:45"))
    c = clock(ev, "sign_for")
    assert c.state is ClockState.RUNNING
    assert iso(c.due) == "2026-10-01T01:30:00+08:00"  # 小时 are elapsed hours, holidays included


@cov.breaks("sign_for")
def test_sign_for_breached_one_minute_late() -> None:
    ev = run([*DISPATCH, ("signed_for", "09-30 18:41", ZHUJIAN)], at("10-08 12:00"))
    c = clock(ev, "sign_for")
    assert c.state is ClockState.BREACHED
    assert iso(c.due) == "2026-09-30T18:40:00+08:00"
    breach = [f for f in ev.findings if f.code == "deadline.breached" and f.rule_id == "sign_for"]
    assert len(breach) == 1 and breach[0].severity is Severity.VIOLATION
    assert breach[0].cite is not None and breach[0].cite.article == "第九条"


def test_sign_for_breached_while_still_unsigned() -> None:
    assert clock(run(DISPATCH, at("09-30 18:40")), "sign_for").state is ClockState.RUNNING
    late = run(DISPATCH, "2026-09-30T18:40:01+08:00")
    assert clock(late, "sign_for").state is ClockState.BREACHED
    assert "deadline.breached" in codes(late, "sign_for")


def test_sign_for_restarts_for_the_next_unit() -> None:
    ev = run(
        [
            *DISPATCH,
            ("return_requested", "09-30 17:50", ZHUJIAN, {"reason": "not_own"}),
            ("return_approved", "09-30 18:05", ZHUJIAN),
            ("redispatched", "10-08 09:10", JINGWEI),
        ],
        at("10-08 10:00"),
    )
    assert clock(ev, "sign_for", ZHUJIAN).state is ClockState.MET
    c = clock(ev, "sign_for", JINGWEI)
    assert c.state is ClockState.RUNNING
    assert iso(c.due) == "2026-10-08T11:10:00+08:00"


@cov.satisfies("first_contact.consultation")
def test_first_contact_consultation_met_on_the_first_working_day_after_the_holiday() -> None:
    ev = run(
        [*SIGNED, ("contacted", "10-08 23:59", ZHUJIAN)], at("10-12 00:00"), kind="consultation"
    )
    c = clock(ev, "first_contact.consultation")
    assert c.state is ClockState.MET
    # 9月30日不计, 10月1日至7日休, 1个工作日 = 10月8日, ends 24:00
    assert iso(c.due) == "2026-10-09T00:00:00+08:00"


def test_first_contact_consultation_stopped_by_a_reply() -> None:
    ev = run(
        [*SIGNED, ("reply_sent", "10-08 11:00", ZHUJIAN)], at("10-12 00:00"), kind="consultation"
    )
    assert clock(ev, "first_contact.consultation").state is ClockState.MET


@cov.breaks("first_contact.consultation")
def test_first_contact_consultation_breached() -> None:
    late = run(
        [*SIGNED, ("contacted", "10-09 08:30", ZHUJIAN)], at("10-12 00:00"), kind="consultation"
    )
    c = clock(late, "first_contact.consultation")
    assert c.state is ClockState.BREACHED
    assert iso(c.due) == "2026-10-09T00:00:00+08:00"
    assert "deadline.breached" in codes(late, "first_contact.consultation")
    # an attempt that reaches nobody is not contact
    tried = run(
        [*SIGNED, ("contact_attempted", "10-08 10:00", ZHUJIAN)],
        "2026-10-09T00:00:01+08:00",
        kind="consultation",
    )
    assert clock(tried, "first_contact.consultation").state is ClockState.BREACHED


@cov.satisfies("completion.consultation")
def test_completion_consultation_met() -> None:
    ev = run(
        [*SIGNED, ("completed", "10-08 23:59", ZHUJIAN)], at("10-12 00:00"), kind="consultation"
    )
    c = clock(ev, "completion.consultation")
    assert c.state is ClockState.MET
    assert iso(c.due) == "2026-10-09T00:00:00+08:00"
    assert [x.rule_id for x in ev.clocks if x.clock == "completion"] == ["completion.consultation"]


@cov.breaks("completion.consultation")
def test_completion_consultation_breached() -> None:
    ev = run(
        [*SIGNED, ("completed", "10-09 09:00", ZHUJIAN)], at("10-12 00:00"), kind="consultation"
    )
    c = clock(ev, "completion.consultation")
    assert c.state is ClockState.BREACHED
    assert iso(c.due) == "2026-10-09T00:00:00+08:00"
    assert "deadline.breached" in codes(ev, "completion.consultation")
    assert ev.facts["overdue"] is True


def test_completion_consultation_dispatched_during_the_holiday() -> None:
    ev = run([("dispatched", "10-03 10:00", ZHUJIAN)], at("10-05 00:00"), kind="consultation")
    # 10月3日不计, next working day 10月8日 is the one working day
    assert iso(clock(ev, "completion.consultation").due) == "2026-10-09T00:00:00+08:00"


@cov.satisfies("completion.appeal")
def test_completion_appeal_met() -> None:
    ev = run([*SIGNED, ("completed", "10-09 17:00", ZHUJIAN)], at("10-12 00:00"))
    c = clock(ev, "completion.appeal")
    assert c.state is ClockState.MET
    # 2个工作日: 10月8日、10月9日, ends 10月9日24时
    assert iso(c.due) == "2026-10-10T00:00:00+08:00"
    assert codes(ev) == []


@cov.breaks("completion.appeal")
def test_completion_appeal_breached_on_the_makeup_saturday() -> None:
    ev = run([*SIGNED, ("completed", "10-10 09:00", ZHUJIAN)], at("10-12 00:00"))
    c = clock(ev, "completion.appeal")
    assert c.state is ClockState.BREACHED
    assert iso(c.due) == "2026-10-10T00:00:00+08:00"
    assert "deadline.breached" in codes(ev, "completion.appeal")


@pytest.mark.parametrize("kind", ["help", "complaint", "report", "suggestion", "praise", None])
def test_completion_appeal_applies_to_every_kind_but_consultation(kind: str | None) -> None:
    ev = run(SIGNED, at("10-08 12:00"), kind=kind)
    assert [c.rule_id for c in ev.clocks if c.clock == "completion"] == ["completion.appeal"]
    assert not any(c.rule_id == "first_contact.consultation" for c in ev.clocks)


def test_completion_appeal_counts_the_makeup_sunday() -> None:
    ev = run([("dispatched", "09-19 10:00", LUYUAN)], at("09-19 12:00"))
    # 9月19日（六）不计; 9月20日（日）调休上班 1, 9月21日 2
    assert iso(clock(ev, "completion.appeal").due) == "2026-09-22T00:00:00+08:00"


def test_completion_appeal_restarts_for_the_next_unit() -> None:
    ev = run(
        [
            *DISPATCH,
            ("return_requested", "09-30 17:50", ZHUJIAN, {"reason": "not_own"}),
            ("return_approved", "09-30 18:05", ZHUJIAN),
            ("redispatched", "10-09 16:30", JINGWEI),
        ],
        at("10-12 12:00"),
    )
    c = clock(ev, "completion.appeal", JINGWEI)
    # 10月9日不计; 10月10日（六）调休上班 1, 10月11日（日）休, 10月12日 2
    assert iso(c.due) == "2026-10-13T00:00:00+08:00"
    assert c.state is ClockState.RUNNING


# ---- extensions: 第九条第二款 ------------------------------------------------------------


def ext(short_req: str, short_ok: str, length: str, unit: str = ZHUJIAN) -> list[tuple[Any, ...]]:
    return [
        ("extension_requested", short_req, unit, {"length": length}),
        ("extension_approved", short_ok, unit, {"length": length}),
    ]


@cov.satisfies("extension.complex")
def test_extension_complex_twice_by_the_original_limit() -> None:
    ev = run(
        [
            *SIGNED,
            *ext("10-09 10:00", "10-09 15:00", "2个工作日"),
            *ext("10-12 10:00", "10-12 15:00", "2个工作日"),
            ("completed", "10-14 17:00", ZHUJIAN),
        ],
        at("10-20 00:00"),
    )
    assert family(ev, "extension.") == []
    c = clock(ev, "completion.appeal")
    assert iso(c.original_due) == "2026-10-10T00:00:00+08:00"
    # +2: 10月10日（六，调休上班）、10月12日 -> 10月13日00:00; +2: 10月13日、14日 -> 10月15日00:00
    assert iso(c.due) == "2026-10-15T00:00:00+08:00"
    assert len(c.extensions) == 2
    assert c.state is ClockState.MET


def test_extension_complex_consultation_by_one_working_day() -> None:
    ev = run(
        [*SIGNED, *ext("10-08 10:00", "10-08 11:00", "1个工作日")],
        at("10-08 12:00"),
        kind="consultation",
    )
    assert family(ev, "extension.") == []
    assert iso(clock(ev, "completion.consultation").due) == "2026-10-10T00:00:00+08:00"
    # the first-contact clock is not a completion clock and is not extended
    assert iso(clock(ev, "first_contact.consultation").due) == "2026-10-09T00:00:00+08:00"


@cov.breaks("extension.complex")
def test_extension_complex_a_third_time_is_too_many() -> None:
    ev = run(
        [
            *SIGNED,
            *ext("10-09 10:00", "10-09 15:00", "2个工作日"),
            *ext("10-12 10:00", "10-12 15:00", "2个工作日"),
            *ext("10-14 10:00", "10-14 15:00", "1个工作日"),
        ],
        at("10-14 16:00"),
    )
    assert codes(ev, "extension.complex") == ["extension.too_many"]


@pytest.mark.parametrize(
    ("kind", "length"), [("complaint", "3个工作日"), ("consultation", "2个工作日")]
)
def test_extension_complex_longer_than_the_original_limit(kind: str, length: str) -> None:
    ev = run([*SIGNED, *ext("10-08 10:00", "10-08 11:00", length)], at("10-08 12:00"), kind=kind)
    assert codes(ev, "extension.complex") == ["extension.too_long"]


def test_extension_complex_asked_after_the_limit_is_too_late() -> None:
    ev = run(
        [*SIGNED, *ext("10-10 09:00", "10-10 10:00", "2个工作日")], at("10-10 11:00")
    )  # due 10月10日00:00
    assert "extension.too_late" in codes(ev, "extension.complex")


def test_extension_complex_asked_at_the_due_instant_is_in_time() -> None:
    ev = run(
        [
            *SIGNED,
            ("extension_requested", "10-10 00:00", ZHUJIAN, {"length": "2个工作日"}),
            ("extension_approved", "10-10 09:00", ZHUJIAN, {"length": "2个工作日"}),
        ],
        at("10-10 10:00"),
    )
    assert family(ev, "extension.") == []


def test_a_late_extension_does_not_rescue_an_expired_limit() -> None:
    """应当在规定办结时限内申请延期：a limit that has run out cannot be extended.

    The profile says so itself (extension.long_cycle note: 期限届满后无从延长). Asked on
    10月10日 09:00 after the limit ended at 10月10日00:00, the extension is void, so a
    completion on 10月12日 is late: the clock is breached at its original due instant.
    """
    ev = run(
        [
            *SIGNED,
            *ext("10-10 09:00", "10-10 10:00", "2个工作日"),
            ("completed", "10-12 10:00", ZHUJIAN),
        ],
        at("10-20 00:00"),
    )
    assert "extension.too_late" in codes(ev, "extension.complex")
    c = clock(ev, "completion.appeal")
    assert c.state is ClockState.BREACHED
    assert iso(c.due) == "2026-10-10T00:00:00+08:00"
    assert ev.facts["overdue"] is True


@cov.satisfies("extension.long_cycle")
def test_extension_long_cycle_three_long_extensions() -> None:
    ev = run(
        [
            *SIGNED,
            *ext("10-09 09:00", "10-09 16:00", "10个工作日"),
            *ext("10-22 09:00", "10-22 16:00", "5个工作日"),
            *ext("10-29 09:00", "10-29 16:00", "10个工作日"),
        ],
        at("10-30 00:00"),
        tags={"long_cycle"},
    )
    assert family(ev, "extension.") == []
    # from 10月9日24时: +10 -> 10月10日,12-16日,19-22日 -> 10月23日00:00
    # +5 -> 10月23日,26-29日 -> 10月30日00:00; +10 -> 10月30日,11月2-6日,9-12日 -> 11月13日00:00
    c = clock(ev, "completion.appeal")
    assert iso(c.due) == "2026-11-13T00:00:00+08:00"
    assert len(c.extensions) == 3


@cov.breaks("extension.long_cycle")
def test_extension_long_cycle_asked_after_the_limit() -> None:
    ev = run(
        [*SIGNED, *ext("10-10 09:00", "10-10 16:00", "10个工作日")],
        at("10-10 17:00"),
        tags={"long_cycle"},
    )
    assert codes(ev, "extension.long_cycle") == ["extension.too_late"]
    assert codes(ev, "extension.complex") == []


# ---- returns: 第九条第三款 ---------------------------------------------------------------


def returned(short: str, reason: str | None = "not_own", unit: str = ZHUJIAN) -> tuple[Any, ...]:
    extra: dict[str, Any] = {"reason": reason} if reason is not None else {}
    return ("return_requested", short, unit, extra)


@cov.satisfies("return.not_own")
def test_return_not_own_at_the_end_of_the_two_hours() -> None:
    ev = run([*DISPATCH, returned("09-30 18:40")], at("09-30 19:00"))
    assert family(ev, "return.") == []


def test_return_not_own_window_restarts_on_redispatch() -> None:
    ev = run(
        [
            *DISPATCH,
            returned("09-30 17:50"),
            ("return_approved", "09-30 18:05", ZHUJIAN),
            ("redispatched", "10-08 09:10", JINGWEI),
            returned("10-08 11:10", unit=JINGWEI),
        ],
        at("10-08 12:00"),
    )
    assert family(ev, "return.") == []


def test_return_not_own_needs_no_evidence() -> None:
    """The regulation names no material to attach (依据有关规定 points outside the text)."""
    ev = run([*DISPATCH, returned("09-30 17:00")], at("09-30 19:00"))
    assert "return.evidence_missing" not in codes(ev)


@cov.breaks("return.not_own")
def test_return_not_own_window_missed_by_one_second() -> None:
    t = ticket(
        "GL-R",
        [
            ("dispatched", "2026-09-30T16:40:00+08:00", ZHUJIAN),
            ("return_requested", "2026-09-30T18:40:01+08:00", ZHUJIAN, {"reason": "not_own"}),
        ],
        kind="complaint",
    )
    ev = evaluate(PROFILE, t, "2026-10-08T00:00:00+08:00")
    assert codes(ev, "return.not_own") == ["return.window_missed"]


def test_return_not_own_window_counts_from_the_redispatch() -> None:
    ev = run(
        [
            *DISPATCH,
            returned("09-30 17:50"),
            ("return_approved", "09-30 18:05", ZHUJIAN),
            ("redispatched", "10-08 09:10", JINGWEI),
            returned("10-08 11:11", unit=JINGWEI),
        ],
        at("10-08 12:00"),
    )
    assert codes(ev, "return.not_own") == ["return.window_missed"]


@pytest.mark.parametrize("reason", ["workload", None])
def test_return_not_own_reason_not_allowed(reason: str | None) -> None:
    ev = run([*DISPATCH, returned("09-30 17:00", reason=reason)], at("09-30 19:00"))
    assert codes(ev, "return.not_own") == ["return.reason_not_allowed"]


# ---- ownership: 第十七条 ----------------------------------------------------------------


def two_returns(second: str, approved: str) -> list[tuple[Any, ...]]:
    return [
        *DISPATCH,
        returned("09-30 17:50"),
        ("return_approved", "09-30 18:05", ZHUJIAN),
        ("redispatched", "10-09 09:00", JINGWEI),
        returned(second, unit=JINGWEI),
        ("return_approved", approved, JINGWEI),
    ]


@cov.satisfies("ownership.joint_meeting")
def test_ownership_ruled_on_the_makeup_saturday() -> None:
    ev = run(
        [*two_returns("10-09 10:30", "10-09 11:00"), ("redispatched", "10-10 17:00", ZHUJIAN)],
        at("10-12 00:00"),
    )
    c = clock(ev, "ownership.joint_meeting")
    # 10月9日不计; 10月10日（六）调休上班 is the one working day
    assert iso(c.due) == "2026-10-11T00:00:00+08:00"
    assert iso(c.start) == "2026-10-09T11:00:00+08:00"  # the second approved return
    assert c.state is ClockState.MET
    assert codes(ev, "ownership.joint_meeting") == ["ownership.ruling_due"]
    # the ruled unit's clocks start afresh from the ruling's dispatch
    ruled = [c for c in ev.clocks if c.unit == ZHUJIAN and iso(c.start) == at("10-10 17:00")]
    assert {c.rule_id: iso(c.due) for c in ruled} == {
        "sign_for": "2026-10-10T19:00:00+08:00",
        # 10月10日不计; 10月11日（日）休, 10月12日 1, 10月13日 2
        "completion.appeal": "2026-10-14T00:00:00+08:00",
    }


@cov.breaks("ownership.joint_meeting")
def test_ownership_ruling_late_across_the_holiday() -> None:
    ev = run(
        [
            *DISPATCH,
            returned("09-30 17:00"),
            ("return_approved", "09-30 17:20", ZHUJIAN),
            ("redispatched", "09-30 17:30", LUYUAN),
            returned("09-30 18:00", unit=LUYUAN),
            ("return_approved", "09-30 18:20", LUYUAN),
            ("redispatched", "10-09 09:00", ZHUJIAN),
        ],
        at("10-12 00:00"),
    )
    c = clock(ev, "ownership.joint_meeting")
    # 9月30日不计, 10月1日至7日休, the one working day is 10月8日
    assert iso(c.due) == "2026-10-09T00:00:00+08:00"
    assert c.state is ClockState.BREACHED
    assert sorted(codes(ev, "ownership.joint_meeting")) == [
        "deadline.breached",
        "ownership.ruling_due",
    ]


def test_ownership_ruling_still_missing() -> None:
    ev = run(two_returns("10-09 10:30", "10-09 11:00"), "2026-10-11T00:00:01+08:00")
    assert clock(ev, "ownership.joint_meeting").state is ClockState.BREACHED


def test_ownership_not_triggered_by_one_return() -> None:
    ev = run(
        [*DISPATCH, returned("09-30 17:50"), ("return_approved", "09-30 18:05", ZHUJIAN)],
        at("10-20 00:00"),
    )
    assert not any(c.clock == "ownership_ruling" for c in ev.clocks)
    assert codes(ev, "ownership.joint_meeting") == []


def test_ownership_not_triggered_when_both_returns_were_rejected() -> None:
    """退单两次 means the ticket was returned twice; requests the office rejected are no returns.

    The profile reads 第十七条 as approved returns (its note: 取已获准的退单次数 returns 达到2次).
    Here 区住建局 asked twice and was refused twice: it keeps the ticket, nobody disputes
    ownership, and there is nothing for the 联席会议 to rule on.
    """
    ev = run(
        [
            *DISPATCH,
            returned("09-30 17:00"),
            ("return_rejected", "09-30 17:30", ZHUJIAN),
            returned("09-30 18:00"),
            ("return_rejected", "09-30 18:30", ZHUJIAN),
            ("completed", "10-09 16:00", ZHUJIAN),
        ],
        at("10-12 00:00"),
    )
    assert ev.facts["returns"] == 0
    assert not any(c.clock == "ownership_ruling" for c in ev.clocks)
    assert codes(ev, "ownership.joint_meeting") == []


# ---- supervision: 第十条、第十八条、第十九条 --------------------------------------------

IN_TIME = at("10-08 12:00")  # completion.appeal due 10月10日00:00
JUST_LATE = "2026-10-10T00:00:01+08:00"
DONE = [*SIGNED, ("completed", "10-09 10:00", ZHUJIAN)]
DONE_LATE = [*SIGNED, ("completed", "10-12 10:00", ZHUJIAN)]


def revisit(satisfaction: str) -> tuple[Any, ...]:
    return ("revisit", "10-09 15:00", None, {"satisfaction": satisfaction})


# (rule id, case name, events, as_of, attributes, fires)
SUPERVISION_CASES: list[tuple[str, str, list[Any], str, dict[str, Any], bool]] = [
    ("supervision.focus_general", "slow", SIGNED, IN_TIME, {"tags": {"slow_progress"}}, True),
    ("supervision.focus_general", "assigned", SIGNED, IN_TIME, {"tags": {"committee_assigned"}}, True),
    ("supervision.focus_general", "difficult", SIGNED, IN_TIME, {"complexity": "difficult"}, True),
    ("supervision.focus_general", "complex", SIGNED, IN_TIME, {"complexity": "complex"}, False),
    ("supervision.leader_assigned", "tag", SIGNED, IN_TIME, {"tags": {"leader_assigned"}}, True),
    ("supervision.leader_assigned", "received", SIGNED, IN_TIME, {"tags": {"leader_received"}}, False),
    ("supervision.leader_or_deputies_received", "leader", SIGNED, IN_TIME, {"tags": {"leader_received"}}, True),
    ("supervision.leader_or_deputies_received", "deputies", SIGNED, IN_TIME, {"tags": {"deputies_received"}}, True),
    ("supervision.leader_or_deputies_received", "assigned", SIGNED, IN_TIME, {"tags": {"leader_assigned"}}, False),
    ("supervision.overdue_unexcused", "open", SIGNED, JUST_LATE, {}, True),
    ("supervision.overdue_unexcused", "at_due", SIGNED, at("10-10 00:00"), {}, False),
    ("supervision.overdue_unexcused", "excused", SIGNED, JUST_LATE, {"tags": {"excused_delay"}}, False),
    ("supervision.overdue_unexcused", "done_late", DONE_LATE, at("10-20 00:00"), {}, False),
    ("supervision.not_reported_or_untrue", "not_reported", SIGNED, IN_TIME, {"tags": {"not_reported"}}, True),
    ("supervision.not_reported_or_untrue", "untrue", DONE, IN_TIME, {"tags": {"result_untrue"}}, True),
    ("supervision.not_reported_or_untrue", "plain", DONE, at("10-20 00:00"), {}, False),
    ("supervision.cross_region_or_department", "region", SIGNED, IN_TIME, {"tags": {"cross_region"}}, True),
    ("supervision.cross_region_or_department", "depts", SIGNED, IN_TIME, {"tags": {"multi_department"}}, True),
    ("supervision.cross_region_or_department", "plain", SIGNED, IN_TIME, {}, False),
    ("supervision.mass_incident_risk", "both", SIGNED, IN_TIME, {"tags": {"major_public_interest", "mass_incident_risk"}}, True),
    ("supervision.mass_incident_risk", "risk_only", SIGNED, IN_TIME, {"tags": {"mass_incident_risk"}}, False),
    ("supervision.unresolved_unsatisfied", "all_three", [*DONE, revisit("unsatisfied")], at("10-20 00:00"), {"tags": {"reasonable_demand_unresolved", "unit_responsible"}}, True),
    ("supervision.unresolved_unsatisfied", "not_unit", [*DONE, revisit("unsatisfied")], at("10-20 00:00"), {"tags": {"reasonable_demand_unresolved"}}, False),
    ("supervision.unresolved_unsatisfied", "basically", [*DONE, revisit("basically_satisfied")], at("10-20 00:00"), {"tags": {"reasonable_demand_unresolved", "unit_responsible"}}, False),
    ("supervision.shirking", "tag", SIGNED, IN_TIME, {"tags": {"shirking"}}, True),
    ("supervision.shirking", "plain", SIGNED, IN_TIME, {}, False),
    ("supervision.other", "tag", SIGNED, IN_TIME, {"tags": {"other_supervision_needed"}}, True),
    ("supervision.other", "plain", SIGNED, IN_TIME, {}, False),
    # 结案时间紧迫 is the office's judgement (closing_urgent), not the ticket's urgency
    ("supervision.method.phone_or_online", "urgent", SIGNED, IN_TIME, {"urgency": "urgent"}, False),
    ("supervision.method.phone_or_online", "closing", SIGNED, IN_TIME, {"tags": {"closing_urgent"}}, True),
    ("supervision.method.phone_or_online", "done", DONE, at("10-20 00:00"), {"tags": {"closing_urgent"}}, False),
    ("supervision.method.phone_or_online", "normal", SIGNED, IN_TIME, {"urgency": "normal"}, False),
    ("supervision.method.urge", "in_time", SIGNED, IN_TIME, {"tags": {"progress_check_needed"}}, True),
    ("supervision.method.urge", "overdue", SIGNED, JUST_LATE, {"tags": {"progress_check_needed"}}, False),
    ("supervision.method.urge", "untagged", SIGNED, IN_TIME, {}, False),
    ("supervision.method.notice", "overdue", SIGNED, JUST_LATE, {"tags": {"excused_delay"}}, True),
    ("supervision.method.notice", "flawed", DONE, at("10-20 00:00"), {"tags": {"process_flawed"}}, True),
    ("supervision.method.notice", "leader", SIGNED, IN_TIME, {"tags": {"leader_assigned"}}, True),
    ("supervision.method.notice", "done_late", DONE_LATE, at("10-20 00:00"), {}, False),
    ("supervision.method.notice", "in_time", SIGNED, IN_TIME, {}, False),
    ("supervision.method.coordination_meeting", "tag", DONE, IN_TIME, {"tags": {"statements_disagree"}}, True),
    ("supervision.method.coordination_meeting", "plain", DONE, IN_TIME, {}, False),
    ("supervision.method.revisit_unsatisfied", "unsatisfied", [*DONE, revisit("unsatisfied")], at("10-20 00:00"), {}, True),
    ("supervision.method.revisit_unsatisfied", "basically", [*DONE, revisit("basically_satisfied")], at("10-20 00:00"), {}, False),
    ("supervision.method.revisit_unsatisfied", "open", [*SIGNED, revisit("unsatisfied")], IN_TIME, {}, False),
]  # fmt: skip

for _rule_id, _name, _events, _as_of, _attrs, _fires in SUPERVISION_CASES:
    cov.mark(_rule_id, satisfied=_fires, broken=not _fires)


@pytest.mark.parametrize(
    ("rule_id", "events", "as_of", "attrs", "fires"),
    [pytest.param(r, e, a, x, f, id=f"{r}-{n}") for r, n, e, a, x, f in SUPERVISION_CASES],
)
def test_supervision_trigger(
    rule_id: str, events: list[Any], as_of: str, attrs: dict[str, Any], fires: bool
) -> None:
    ev = run(events, as_of, **attrs)
    assert (rule_id in fired(ev)) is fires
    if fires:
        found = [f for f in ev.findings if f.rule_id == rule_id]
        assert [f.code for f in found] == ["supervision.triggered"]
        assert found[0].severity is Severity.INFO
        assert found[0].cite is not None and found[0].cite.article in (
            "第十条",
            "第十八条",
            "第十九条",
        )


def test_a_plain_ticket_handled_in_time_triggers_no_supervision() -> None:
    ev = run([*DONE, revisit("satisfied")], at("10-20 00:00"))
    assert fired(ev) == set()
    assert codes(ev) == []


# ---- screening: 第六条第二款 ------------------------------------------------------------

SCREENING_IDS = [r.id for r in engine(PROFILE).profile.screening]
cov.mark(*SCREENING_IDS, satisfied=True, broken=True)


def test_screening_lists_the_eleven_items_of_article_6() -> None:
    assert len(SCREENING_IDS) == 11


@pytest.mark.parametrize("reason", SCREENING_IDS)
def test_screening_reason_listed(reason: str) -> None:
    ev = run([("received", "09-30 16:12")], at("09-30 17:00"), screening_reason=reason)
    found = [f for f in ev.findings if f.code.startswith("screening.")]
    assert [(f.code, f.rule_id) for f in found] == [("screening.not_acceptable", reason)]
    assert found[0].cite is not None and found[0].cite.article == "第六条"


@pytest.mark.parametrize("reason", SCREENING_IDS)
def test_screening_reason_misspelt_is_unknown(reason: str) -> None:
    bare = reason.removeprefix("screening.")  # an integrator's likely slip
    ev = run([("received", "09-30 16:12")], at("09-30 17:00"), screening_reason=bare)
    assert family(ev, "screening.") == ["screening.unknown_reason"]


def test_no_screening_reason_no_screening_finding() -> None:
    assert family(run(DISPATCH, at("09-30 17:00")), "screening.") == []


# ---- kpis, assessment, accountability: conditions on evaluation.facts --------------------


def rule(rule_id: str) -> Any:
    found = engine(PROFILE).profile.rule(rule_id)
    assert found is not None, rule_id
    return found


ON_TIME_SATISFIED = [*DONE, revisit("satisfied")]
LATE_UNSATISFIED = [*DONE_LATE, ("revisit", "10-13 10:00", None, {"satisfaction": "unsatisfied"})]


@cov.satisfies("kpi.on_time_completion")
def test_kpi_on_time_completion_counts_an_on_time_ticket() -> None:
    kpi = rule("kpi.on_time_completion")
    facts = run(ON_TIME_SATISFIED, at("10-20 00:00")).facts
    assert kpi.denominator(facts) and kpi.numerator(facts)


@cov.breaks("kpi.on_time_completion")
def test_kpi_on_time_completion_excludes_a_late_ticket() -> None:
    kpi = rule("kpi.on_time_completion")
    late = run(LATE_UNSATISFIED, at("10-20 00:00")).facts
    assert kpi.denominator(late) and not kpi.numerator(late)
    still_open = run(SIGNED, IN_TIME).facts
    assert not kpi.denominator(still_open)
    # an extension approved in time keeps a ticket on time
    extended = run(
        [
            *SIGNED,
            *ext("10-09 10:00", "10-09 15:00", "2个工作日"),
            ("completed", "10-12 10:00", ZHUJIAN),
        ],
        at("10-20 00:00"),
    ).facts
    assert kpi.numerator(extended)


@cov.satisfies("kpi.satisfaction")
@pytest.mark.parametrize("satisfaction", ["satisfied", "basically_satisfied"])
def test_kpi_satisfaction_counts_satisfied(satisfaction: str) -> None:
    kpi = rule("kpi.satisfaction")
    facts = run([*DONE, revisit(satisfaction)], at("10-20 00:00")).facts
    assert kpi.denominator(facts) and kpi.numerator(facts)


@cov.breaks("kpi.satisfaction")
def test_kpi_satisfaction_excludes_unsatisfied_and_unvisited() -> None:
    kpi = rule("kpi.satisfaction")
    facts = run([*DONE, revisit("unsatisfied")], at("10-20 00:00")).facts
    assert kpi.denominator(facts) and not kpi.numerator(facts)
    unvisited = run(DONE, at("10-20 00:00")).facts
    assert not kpi.denominator(unvisited)


@cov.satisfies("assessment.performance")
def test_assessment_metrics_all_count_a_good_ticket() -> None:
    assessment = rule("assessment.performance")
    assert assessment.metrics == ("kpi.on_time_completion", "kpi.satisfaction")
    assert assessment.thresholds_set is False and all(
        g.min_score is None for g in assessment.grades
    )
    facts = run(ON_TIME_SATISFIED, at("10-20 00:00")).facts
    assert all(rule(m).numerator(facts) for m in assessment.metrics)


@cov.breaks("assessment.performance")
def test_assessment_metrics_count_a_bad_ticket_against_the_unit() -> None:
    assessment = rule("assessment.performance")
    facts = run(LATE_UNSATISFIED, at("10-20 00:00")).facts
    assert all(rule(m).denominator(facts) for m in assessment.metrics)
    assert not any(rule(m).numerator(facts) for m in assessment.metrics)


@cov.satisfies("accountability.ruling_not_executed")
def test_accountability_ruling_not_executed_applies() -> None:
    circ = rule("accountability.ruling_not_executed")
    facts = run(
        [*two_returns("10-09 10:30", "10-09 11:00"), ("redispatched", "10-10 17:00", ZHUJIAN)],
        at("10-20 00:00"),
        tags={"unreasonable_refusal", "duty_failure"},
    ).facts
    assert circ.when(facts)
    assert circ.tier == "per_assessment_rules" and circ.applies_to == "unit"


@cov.breaks("accountability.ruling_not_executed")
def test_accountability_ruling_not_executed_needs_both_refusal_and_duty_failure() -> None:
    circ = rule("accountability.ruling_not_executed")
    for tags in ({"unreasonable_refusal"}, {"duty_failure"}, set()):
        facts = run(SIGNED, IN_TIME, tags=tags).facts
        assert not circ.when(facts), tags


@cov.satisfies("veto.misconduct")
@pytest.mark.parametrize(
    "tags",
    [
        {"shirking", "adverse_impact"},
        {"falsified", "serious_consequence"},
        {"data_maintenance_faulty", "adverse_impact"},
        {"personal_data_leaked", "serious_consequence"},
    ],
)
def test_veto_misconduct_applies(tags: set[str]) -> None:
    facts = run(DONE, at("10-20 00:00"), tags=tags).facts
    assert rule("veto.misconduct").when(facts)


@cov.breaks("veto.misconduct")
@pytest.mark.parametrize(
    "tags", [{"shirking"}, {"adverse_impact"}, {"slow_progress", "serious_consequence"}, set()]
)
def test_veto_misconduct_needs_conduct_and_consequence(tags: set[str]) -> None:
    facts = run(DONE, at("10-20 00:00"), tags=tags).facts
    assert not rule("veto.misconduct").when(facts)


# ---- bad input: findings, never an exception ---------------------------------------------


def test_event_before_receipt() -> None:
    ev = run(
        [("received", "09-30 16:12"), ("dispatched", "09-30 16:00", ZHUJIAN)], at("09-30 17:00")
    )
    found = [f for f in ev.findings if f.code == "ticket.event_before_receipt"]
    assert len(found) == 1 and found[0].evidence[0].type == "dispatched"


def test_unknown_event_type() -> None:
    ev = run([*DISPATCH, ("teleported", "09-30 17:00", ZHUJIAN)], at("09-30 18:00"))
    assert codes(ev).count("ticket.unknown_event") == 1
    assert clock(ev, "sign_for").state is ClockState.RUNNING  # ignored, stops nothing


def test_extension_approved_never_requested() -> None:
    ev = run(
        [*SIGNED, ("extension_approved", "10-09 10:00", ZHUJIAN, {"length": "2个工作日"})],
        at("10-09 12:00"),
    )
    assert codes(ev, "extension.complex") == ["extension.approved_without_request"]
    assert iso(clock(ev, "completion.appeal").due) == "2026-10-13T00:00:00+08:00"


def test_a_returning_units_extension_request_is_not_the_next_units_request() -> None:
    """区住建局 asked for more time, then returned the ticket; 泾渭街道's extension is approved
    on 10月8日 although 泾渭街道 never asked. 应当在规定办结时限内申请延期: a request made on
    9月30日 for another unit's limit, before 泾渭街道's limit even began, is not its request.
    """
    ev = run(
        [
            *DISPATCH,
            ("extension_requested", "09-30 17:00", ZHUJIAN, {"length": "2个工作日"}),
            returned("09-30 17:10"),
            ("return_approved", "09-30 17:20", ZHUJIAN),
            ("redispatched", "10-08 09:00", JINGWEI),
            ("extension_approved", "10-08 10:00", JINGWEI, {"length": "2个工作日"}),
        ],
        at("10-08 12:00"),
    )
    assert "extension.approved_without_request" in codes(ev, "extension.complex")


def test_event_for_a_unit_never_dispatched() -> None:
    ev = run([*DISPATCH, ("signed_for", "09-30 17:00", LUYUAN)], at("09-30 18:00"))
    found = [f for f in ev.findings if f.code == "ticket.unknown_unit"]
    assert len(found) == 1 and found[0].evidence[0].unit == LUYUAN


def test_all_bad_input_at_once_does_not_raise() -> None:
    ev = run(
        [
            ("received", "09-30 16:12"),
            ("dispatched", "09-30 16:00", ZHUJIAN),
            ("teleported", "09-30 16:30", ZHUJIAN),
            ("signed_for", "09-30 16:50", LUYUAN),
            ("extension_approved", "10-08 10:00", ZHUJIAN),
            ("completed", "10-12 10:00", ZHUJIAN),
        ],
        at("10-20 00:00"),
        screening_reason="not_a_reason",
    )
    for code in (
        "ticket.event_before_receipt",
        "ticket.unknown_event",
        "ticket.unknown_unit",
        "extension.approved_without_request",
        "extension.length_missing",
        "screening.unknown_reason",
    ):
        assert code in codes(ev), code


# ---- every rule of the profile is covered -----------------------------------------------


def test_every_rule_of_the_profile_is_satisfied_and_broken_by_some_test() -> None:
    cov.assert_complete(NOT_TICKET_RULES)

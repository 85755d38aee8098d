"""Engine against profile moushi (某市12345政务服务便民热线工作规则), rule by rule.

Every due instant below was worked out by hand from the regulation (shared/seeds/moushi.txt)
and the 2026 holiday notice, never copied from the engine's output:

* 2026 calendar: 9月19日（六）休, 9月20日（日）调休上班, 9月25日（五）至27日中秋休,
  10月1日（四）至7日（三）国庆休, 10月8日（四）、9日（五）上班, 10月10日（六）调休上班,
  10月11日（日）休, then ordinary weeks (10月17/18日, 24/25日, 31日/11月1日, 7/8日 weekends).
* 第七条: 群众诉求5个工作日, 企业诉求15个工作日, 延期一般不超过10个工作日, 答复当天反馈;
  start day not counted, the period ends at 24:00 of its last day, written as the next day's 00:00.
* 第八条: six cases that start 督办.

``cov`` collects, at import time, which rules a test satisfies and breaks; the last test
checks that every rule id of the profile is covered (or listed in ``NOT_TICKET_RULES``).
"""

from __future__ import annotations

import json
from datetime import datetime
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
    iso,
    load_expected,
    ticket,
)
from hotline_rules.cli import app
from hotline_rules.engine.results import ClockState, Evaluation, Severity
from hotline_rules.engine.ticket import load_ticket_file

PROFILE = "moushi"

ZIGUI = "某市自然资源和规划局"
SHICHANG = "某市市场监督管理局"

cov = Coverage(PROFILE)

NOT_TICKET_RULES: dict[str, str] = {
    # moushi has no duty_roster rules (第九条 工作例会 is not encoded): every rule id of the
    # profile can be judged from a ticket or from evaluation.facts.
}


def run(
    events: list[tuple[Any, ...]], as_of: str, *, requester: str | None = "citizen", **attrs: Any
) -> Evaluation:
    evs = [(e[0], at(e[1]), *e[2:]) for e in events]
    if requester is not None:
        attrs["requester"] = requester
    attrs.setdefault("kind", "help")
    return evaluate(PROFILE, ticket("MS-T", evs, **attrs), as_of)


DISPATCH = [("received", "09-30 15:05"), ("dispatched", "09-30 16:40", SHICHANG)]


# ---- the example work order -------------------------------------------------------------


def test_example_work_order_matches_the_hand_worked_expectation() -> None:
    t, expected = example(PROFILE)
    assert expected["profile"] == PROFILE
    ev = engine(PROFILE).evaluate(t, datetime.fromisoformat(expected["as_of"]))
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


def test_example_extension_was_within_the_limit() -> None:
    t = load_ticket_file(EXAMPLES / "moushi.json")
    ev = engine(PROFILE).evaluate(t, datetime.fromisoformat("2026-11-02T00:00:00+08:00"))
    c = clock(ev, "completion.enterprise")
    # 15个工作日 from 9月18日（五）: 9月20日（日）调休 ... 10月15日 -> 10月16日00:00
    assert iso(c.original_due) == "2026-10-16T00:00:00+08:00"
    assert c.extensions == ("10 working_days",)


# ---- clocks: 第七条 ---------------------------------------------------------------------


@cov.satisfies("completion.citizen")
def test_completion_citizen_met() -> None:
    # 办理完毕并答复诉求群众, and the result fed back the same day (feedback.same_day)
    events = [
        ("completed", "10-13 23:50", SHICHANG),
        ("reply_sent", "10-13 23:55", SHICHANG),
        ("archived", "10-13 23:59", SHICHANG),
    ]
    ev = run([*DISPATCH, *events], at("10-20 00:00"))
    c = clock(ev, "completion.citizen")
    assert c.state is ClockState.MET
    # 9月30日不计; 10月8日 1, 9日 2, 10日（六，调休上班） 3, 12日 4, 13日 5
    assert iso(c.due) == "2026-10-14T00:00:00+08:00"
    assert codes(ev) == []
    assert [x.rule_id for x in ev.clocks if x.clock == "completion"] == ["completion.citizen"]


@cov.breaks("completion.citizen")
def test_completion_citizen_completed_but_never_answered_is_breached() -> None:
    # 第七条 “办理完毕并答复诉求群众”: the reply is part of the limit (stops_when: all)
    ev = run([*DISPATCH, ("completed", "10-13 10:00", SHICHANG)], at("10-20 00:00"))
    c = clock(ev, "completion.citizen")
    assert c.state is ClockState.BREACHED
    assert ev.facts["completed"] is True and ev.facts["overdue"] is True
    late_reply = run(
        [
            *DISPATCH,
            ("completed", "10-13 10:00", SHICHANG),
            ("reply_sent", "10-14 09:00", SHICHANG),
        ],
        at("10-20 00:00"),
    )
    c = clock(late_reply, "completion.citizen")
    assert (c.state, iso(c.stopped_at)) == (ClockState.BREACHED, "2026-10-14T09:00:00+08:00")


def test_completion_citizen_stops_at_the_later_of_completion_and_reply() -> None:
    ev = run(
        [
            *DISPATCH,
            ("reply_sent", "10-12 09:00", SHICHANG),
            ("completed", "10-13 16:00", SHICHANG),
        ],
        at("10-20 00:00"),
    )
    c = clock(ev, "completion.citizen")
    assert (c.state, iso(c.stopped_at)) == (ClockState.MET, "2026-10-13T16:00:00+08:00")


@cov.breaks("completion.citizen")
def test_completion_citizen_breached() -> None:
    ev = run([*DISPATCH, ("completed", "10-14 08:30", SHICHANG)], at("10-20 00:00"))
    c = clock(ev, "completion.citizen")
    assert c.state is ClockState.BREACHED
    assert iso(c.due) == "2026-10-14T00:00:00+08:00"
    assert "deadline.breached" in codes(ev, "completion.citizen")


def test_completion_citizen_counts_the_makeup_sunday_and_skips_mid_autumn() -> None:
    ev = run([("dispatched", "09-18 15:20", SHICHANG)], at("09-18 16:00"))
    # 9月18日（五）不计; 9月20日（日）调休 1, 21日 2, 22日 3, 23日 4, 24日 5
    assert iso(clock(ev, "completion.citizen").due) == "2026-09-25T00:00:00+08:00"


def test_completion_citizen_warns_one_working_day_before() -> None:
    # due 10月14日00:00, last day 10月13日: the warning starts when only 10月13日 is left
    before = run(DISPATCH, "2026-10-12T23:59:59+08:00")
    assert clock(before, "completion.citizen").warning is False
    on = run(DISPATCH, at("10-13 00:00"))
    assert clock(on, "completion.citizen").warning is True
    assert clock(on, "completion.citizen").state is ClockState.RUNNING


@cov.satisfies("completion.enterprise")
def test_completion_enterprise_met() -> None:
    ev = run(
        [
            *DISPATCH,
            ("completed", "10-27 17:00", SHICHANG),
            ("reply_sent", "10-27 17:30", SHICHANG),
        ],
        at("11-02 00:00"),
        requester="enterprise",
    )
    c = clock(ev, "completion.enterprise")
    assert c.state is ClockState.MET
    # 10月8日、9日、10日（六）, 12-16日, 19-23日, 26日、27日 = 15 -> 10月28日00:00
    assert iso(c.due) == "2026-10-28T00:00:00+08:00"
    assert [x.rule_id for x in ev.clocks if x.clock == "completion"] == ["completion.enterprise"]


@cov.breaks("completion.enterprise")
def test_completion_enterprise_breached() -> None:
    ev = run(
        [*DISPATCH, ("completed", "10-28 09:00", SHICHANG)],
        at("11-02 00:00"),
        requester="enterprise",
    )
    c = clock(ev, "completion.enterprise")
    assert c.state is ClockState.BREACHED
    assert iso(c.due) == "2026-10-28T00:00:00+08:00"
    breach = [f for f in ev.findings if f.code == "deadline.breached"]
    assert [f.rule_id for f in breach] == ["completion.enterprise"]
    assert breach[0].cite is not None and breach[0].cite.article == "第七条"


def test_completion_enterprise_warns_two_working_days_before() -> None:
    # last day 10月27日（二）; two working days left from 10月26日（一）, i.e. after 10月23日24时
    before = run(DISPATCH, "2026-10-23T23:59:59+08:00", requester="enterprise")
    assert clock(before, "completion.enterprise").warning is False
    on = run(DISPATCH, at("10-24 00:00"), requester="enterprise")
    assert clock(on, "completion.enterprise").warning is True


def test_no_completion_clock_without_a_requester_category() -> None:
    """第七条 sets limits for 群众 and 企业 only; the profile leaves other tickets without one."""
    ev = run(DISPATCH, at("10-08 12:00"), requester=None)
    assert [c for c in ev.clocks if c.clock == "completion"] == []


@cov.satisfies("feedback.same_day")
def test_feedback_same_day_met_before_midnight() -> None:
    ev = run(
        [
            *DISPATCH,
            ("completed", "10-13 14:00", SHICHANG),
            ("reply_sent", "10-13 23:30", SHICHANG),
            ("archived", "10-13 23:59", SHICHANG),
        ],
        at("10-20 00:00"),
    )
    c = clock(ev, "feedback.same_day")
    assert c.state is ClockState.MET
    assert iso(c.start) == "2026-10-13T23:30:00+08:00"
    assert iso(c.due) == "2026-10-14T00:00:00+08:00"  # 当天 = until 24:00 of the reply's day


@cov.breaks("feedback.same_day")
def test_feedback_same_day_breached_next_morning() -> None:
    ev = run(
        [
            *DISPATCH,
            ("completed", "10-13 14:00", SHICHANG),
            ("reply_sent", "10-13 15:00", SHICHANG),
            ("archived", "10-14 08:00", SHICHANG),
        ],
        at("10-20 00:00"),
    )
    c = clock(ev, "feedback.same_day")
    assert c.state is ClockState.BREACHED
    assert iso(c.due) == "2026-10-14T00:00:00+08:00"
    assert "deadline.breached" in codes(ev, "feedback.same_day")


def test_feedback_same_day_counts_holidays_too() -> None:
    ev = run([*DISPATCH, ("reply_sent", "09-30 17:00", SHICHANG)], "2026-10-01T00:00:01+08:00")
    assert clock(ev, "feedback.same_day").state is ClockState.BREACHED
    assert iso(clock(ev, "feedback.same_day").due) == "2026-10-01T00:00:00+08:00"


# ---- extensions: 第七条 -----------------------------------------------------------------


def ext(req: str, ok: str, length: str, unit: str = SHICHANG) -> list[tuple[Any, ...]]:
    return [
        ("extension_requested", req, unit, {"length": length}),
        ("extension_approved", ok, unit, {"length": length}),
    ]


@cov.satisfies("extension.special_complex")
def test_extension_special_complex_ten_working_days_for_an_enterprise() -> None:
    ev = run(
        [
            *DISPATCH,
            *ext("10-20 10:00", "10-21 09:00", "10个工作日"),
            ("completed", "11-10 16:00", SHICHANG),
            ("reply_sent", "11-10 16:30", SHICHANG),
        ],
        at("11-20 00:00"),
        requester="enterprise",
    )
    assert family(ev, "extension.") == []
    c = clock(ev, "completion.enterprise")
    assert iso(c.original_due) == "2026-10-28T00:00:00+08:00"
    # from 10月27日24时: 10月28-30日 3, 11月2-6日 8, 11月9日、10日 10 -> 11月11日00:00
    assert iso(c.due) == "2026-11-11T00:00:00+08:00"
    assert c.state is ClockState.MET


def test_extension_special_complex_for_a_citizen_asked_at_the_due_instant() -> None:
    ev = run(
        [
            *DISPATCH,
            ("extension_requested", "10-14 00:00", SHICHANG, {"length": "10个工作日"}),
            ("extension_approved", "10-14 09:00", SHICHANG, {"length": "10个工作日"}),
        ],
        at("10-14 10:00"),
    )
    assert family(ev, "extension.") == []
    # from 10月13日24时: 10月14-16日 3, 19-23日 8, 26日、27日 10 -> 10月28日00:00
    assert iso(clock(ev, "completion.citizen").due) == "2026-10-28T00:00:00+08:00"


@cov.breaks("extension.special_complex")
def test_extension_special_complex_eleven_working_days_is_too_long() -> None:
    ev = run([*DISPATCH, *ext("10-12 10:00", "10-12 15:00", "11个工作日")], at("10-12 16:00"))
    found = [f for f in ev.findings if f.rule_id == "extension.special_complex"]
    assert [f.code for f in found] == ["extension.too_long"]


def test_extension_special_complex_asked_after_the_limit() -> None:
    ev = run([*DISPATCH, *ext("10-14 09:00", "10-14 15:00", "5个工作日")], at("10-14 16:00"))
    assert codes(ev, "extension.special_complex") == ["extension.too_late"]


def test_extension_special_complex_approved_without_a_length() -> None:
    ev = run(
        [
            *DISPATCH,
            ("extension_requested", "10-12 10:00", SHICHANG),
            ("extension_approved", "10-12 15:00", SHICHANG),
        ],
        at("10-12 16:00"),
    )
    assert codes(ev, "extension.special_complex") == ["extension.length_missing"]
    assert iso(clock(ev, "completion.citizen").due) == "2026-10-14T00:00:00+08:00"


def test_extension_special_complex_sets_no_count_limit() -> None:
    ev = run(
        [
            *DISPATCH,
            *ext("10-12 10:00", "10-12 15:00", "2个工作日"),
            *ext("10-15 10:00", "10-15 15:00", "2个工作日"),
            *ext("10-19 10:00", "10-19 15:00", "2个工作日"),
        ],
        at("10-19 16:00"),
    )
    assert family(ev, "extension.") == []
    # 10月14日00:00 +2 -> 10月16日00:00 (14日、15日); +2 -> 10月20日00:00 (16日、19日);
    # +2 -> 10月22日00:00 (20日、21日)
    assert iso(clock(ev, "completion.citizen").due) == "2026-10-22T00:00:00+08:00"


# ---- supervision: 第八条 ----------------------------------------------------------------

IN_TIME = at("10-12 12:00")  # completion.citizen due 10月14日00:00
DONE = [
    *DISPATCH,
    ("completed", "10-12 10:00", SHICHANG),
    ("reply_sent", "10-12 10:30", SHICHANG),
    ("archived", "10-12 11:00", SHICHANG),
]


def revisit(satisfaction: str) -> tuple[Any, ...]:
    return ("revisit", "10-13 10:00", None, {"satisfaction": satisfaction})


SUPERVISION_CASES: list[tuple[str, str, list[Any], str, dict[str, Any], bool]] = [
    ("supervision.overdue", "open", DISPATCH, "2026-10-14T00:00:01+08:00", {}, True),
    ("supervision.overdue", "enterprise", DISPATCH, "2026-10-28T00:00:01+08:00", {"requester": "enterprise"}, True),
    ("supervision.overdue", "at_due", DISPATCH, at("10-14 00:00"), {}, False),
    ("supervision.overdue", "done_late", [*DISPATCH, ("completed", "10-15 10:00", SHICHANG)], at("10-20 00:00"), {}, False),
    ("supervision.repeated_reports_unhandled", "tag", DONE, IN_TIME, {"tags": {"repeated_reports_unhandled"}}, True),
    ("supervision.repeated_reports_unhandled", "repeat_count_only", DONE, IN_TIME, {"repeat_count": 3}, False),
    ("supervision.refused_within_duty", "tag", DISPATCH, IN_TIME, {"tags": {"unreasonable_refusal"}}, True),
    ("supervision.refused_within_duty", "plain", DISPATCH, IN_TIME, {}, False),
    ("supervision.poor_quality_adverse_impact", "shirking", DONE, IN_TIME, {"tags": {"adverse_impact", "shirking"}}, True),
    ("supervision.poor_quality_adverse_impact", "falsified", DONE, IN_TIME, {"tags": {"adverse_impact", "falsified"}}, True),
    ("supervision.poor_quality_adverse_impact", "unsatisfied", [*DONE, revisit("unsatisfied")], at("10-20 00:00"), {"tags": {"adverse_impact"}}, True),
    ("supervision.poor_quality_adverse_impact", "impact_only", [*DONE, revisit("satisfied")], at("10-20 00:00"), {"tags": {"adverse_impact"}}, False),
    ("supervision.poor_quality_adverse_impact", "no_impact", [*DONE, revisit("unsatisfied")], at("10-20 00:00"), {"tags": {"shirking"}}, False),
    ("supervision.lead_or_joint_refused", "tag", DISPATCH, IN_TIME, {"tags": {"lead_unit_refused"}}, True),
    ("supervision.lead_or_joint_refused", "multi", DISPATCH, IN_TIME, {"tags": {"multi_department"}}, False),
    ("supervision.reply_inconsistent", "impact", DONE, IN_TIME, {"tags": {"reply_inconsistent", "adverse_impact"}}, True),
    ("supervision.reply_inconsistent", "serious", DONE, IN_TIME, {"tags": {"reply_inconsistent", "serious_consequence"}}, True),
    ("supervision.reply_inconsistent", "alone", DONE, IN_TIME, {"tags": {"reply_inconsistent"}}, False),
    # 第八条首句: 未按相关要求办结、办结质量不高、诉求人满意度低 -> 受理部门视情况提请
    ("supervision.referral", "late", [*DISPATCH, ("completed", "10-14 08:30", SHICHANG), ("reply_sent", "10-14 08:40", SHICHANG)], at("10-20 00:00"), {}, True),
    ("supervision.referral", "unsatisfied", [*DONE, revisit("unsatisfied")], at("10-20 00:00"), {}, True),
    ("supervision.referral", "untrue", DONE, IN_TIME, {"tags": {"result_untrue"}}, True),
    ("supervision.referral", "satisfied", [*DONE, revisit("satisfied")], at("10-20 00:00"), {}, False),
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
        assert found[0].cite is not None and found[0].cite.article == "第八条"


def test_a_ticket_handled_in_time_triggers_no_supervision() -> None:
    ev = run([*DONE, revisit("satisfied")], at("10-20 00:00"))
    assert fired(ev) == set()
    assert codes(ev) == []


# ---- closure report: 第七条 征求诉求人对办理结果的意见 ---------------------------------------


@cov.satisfies("closure_report.requester_opinion")
@cov.breaks("closure_report.requester_opinion")
def test_the_result_fed_back_carries_the_requesters_opinion() -> None:
    def with_report(report: list[str]) -> Evaluation:
        done = [("completed", "10-12 10:00", SHICHANG, {"report": report})]
        return run([*DISPATCH, *done, *DONE[3:]], at("10-20 00:00"))

    assert codes(with_report(["requester_opinion"]), "closure_report.requester_opinion") == []
    assert codes(with_report([]), "closure_report.requester_opinion") == [
        "closure.report_incomplete"
    ]
    # an export without the report's elements says nothing either way
    assert codes(run(DONE, at("10-20 00:00")), "closure_report.requester_opinion") == []


# ---- kpis: conditions on evaluation.facts ------------------------------------------------


def kpi(rule_id: str) -> Any:
    found = engine(PROFILE).profile.rule(rule_id)
    assert found is not None, rule_id
    return found


@cov.satisfies("kpi.on_time_completion")
def test_kpi_on_time_completion_counts_an_on_time_ticket() -> None:
    facts = run(DONE, at("10-20 00:00")).facts
    k = kpi("kpi.on_time_completion")
    assert k.denominator(facts) and k.numerator(facts)
    extended = run(
        [
            *DISPATCH,
            *ext("10-12 10:00", "10-12 15:00", "3个工作日"),
            ("completed", "10-16 10:00", SHICHANG),
            ("reply_sent", "10-16 10:30", SHICHANG),
        ],
        at("10-20 00:00"),
    ).facts
    assert k.numerator(extended)


@cov.breaks("kpi.on_time_completion")
def test_kpi_on_time_completion_counts_late_and_overdue_open_tickets() -> None:
    k = kpi("kpi.on_time_completion")
    late = run([*DISPATCH, ("completed", "10-14 08:30", SHICHANG)], at("10-20 00:00")).facts
    assert k.denominator(late) and not k.numerator(late)
    # past its due (10月14日00:00) and never completed: below the line, not above it
    overdue_open = run(DISPATCH, at("10-20 00:00")).facts
    assert k.denominator(overdue_open) and not k.numerator(overdue_open)
    # still within its limit: not judged yet
    running = run(DISPATCH, at("10-12 00:00")).facts
    assert not k.denominator(running)


# ---- 第六条：首接负责（units.first_receiving）---------------------------------------------------


def _credited(*events: tuple[Any, ...]) -> str | None:
    from hotline_rules.engine.units import credited_unit

    t = ticket("MS-FIRST", [("received", "2026-03-02T09:00:00+08:00"), *events])
    return credited_unit(t, engine(PROFILE).profile)


@cov.satisfies("units.first_receiving")
def test_units_the_first_receiving_unit_is_credited() -> None:
    """第六条：市住建局首接，又派给市城管局（未标角色）：计入市住建局，不是最后派给的单位。"""
    assert (
        _credited(
            ("dispatched", "2026-03-02T10:00:00+08:00", "市住建局", {"role": "first_receiving"}),
            ("dispatched", "2026-03-02T11:00:00+08:00", "市城管局"),
        )
        == "市住建局"
    )


@cov.breaks("units.first_receiving")
def test_units_a_marked_unit_whose_return_was_approved_is_not_credited() -> None:
    """第六条“在本单位职责范围内”：标为首接的市住建局退单获准，计入改派后的市城管局。"""
    assert (
        _credited(
            ("dispatched", "2026-03-02T10:00:00+08:00", "市住建局", {"role": "first_receiving"}),
            ("return_approved", "2026-03-02T15:00:00+08:00", "市住建局"),
            ("redispatched", "2026-03-02T15:10:00+08:00", "市城管局"),
        )
        == "市城管局"
    )


# ---- bad input ---------------------------------------------------------------------------


def test_unknown_event_and_unknown_unit_do_not_raise() -> None:
    ev = run(
        [
            *DISPATCH,
            ("escalated_to_mayor", "10-08 10:00", SHICHANG),
            ("completed", "10-09 10:00", ZIGUI),
        ],
        at("10-20 00:00"),
    )
    assert "ticket.unknown_event" in codes(ev)
    assert "ticket.unknown_unit" in codes(ev)


# ---- every rule of the profile is covered -----------------------------------------------


def test_every_rule_of_the_profile_is_satisfied_and_broken_by_some_test() -> None:
    cov.assert_complete(NOT_TICKET_RULES)


def test_a_second_dispatch_to_another_unit_counts_as_a_redispatch() -> None:
    """Without a "redispatched" event, a "dispatched" to another unit still moves the clock to it."""
    t = ticket(
        "MS-REDISPATCH",
        [
            ("received", "2026-03-02T09:00:00+08:00"),
            ("dispatched", "2026-03-02T10:00:00+08:00", "市住建局"),
            ("dispatched", "2026-03-03T10:00:00+08:00", "市城管局"),
            ("completed", "2026-03-09T16:00:00+08:00", "市城管局"),
            ("reply_sent", "2026-03-09T16:30:00+08:00", "市城管局"),
        ],
        requester="citizen",
    )
    ev = evaluate("moushi", t, "2026-03-20T00:00:00+08:00")
    first = clock(ev, "completion.citizen", "市住建局")
    second = clock(ev, "completion.citizen", "市城管局")
    # 3月3日（二）起 5个工作日：4、5、6、9、10日 → 3月11日0时
    assert second.due is not None and second.due.isoformat() == "2026-03-11T00:00:00+08:00"
    assert second.state.value == "met"
    assert (
        first.stopped_at is not None and first.stopped_at.isoformat() == "2026-03-03T10:00:00+08:00"
    )


def test_next_due_is_the_first_open_clock() -> None:
    events = [
        ("received", "2026-03-02T09:00:00+08:00"),
        ("dispatched", "2026-03-02T10:00:00+08:00", "市住建局"),
    ]
    eng = engine("moushi")
    open_ticket = ticket("MS-NEXT", events, requester="citizen")
    nxt = eng.next_due(open_ticket, datetime.fromisoformat("2026-03-04T00:00:00+08:00"))
    # 5 working days from 3月2日 (not counted): 3、4、5、6、9日 -> 3月10日0时
    assert nxt is not None and nxt.rule_id == "completion.citizen"
    assert nxt.due is not None and nxt.due.isoformat() == "2026-03-10T00:00:00+08:00"
    done = ticket(
        "MS-DONE",
        [
            *events,
            ("completed", "2026-03-03T10:00:00+08:00", "市住建局"),
            ("reply_sent", "2026-03-03T10:30:00+08:00", "市住建局"),
            ("archived", "2026-03-03T11:00:00+08:00", "市住建局"),
        ],
        requester="citizen",
    )
    assert eng.next_due(done, datetime.fromisoformat("2026-03-04T00:00:00+08:00")) is None

"""The engine on hebi tickets (鹤壁市政务服务平台咨询投诉建议处理暂行办法), rule by rule.

Every due instant below is worked out by hand from the 2026 holiday notice
(中秋节 9月25日至27日放假; 国庆节 10月1日至7日放假，9月20日（周日）、10月10日（周六）上班),
with the start day not counted and 24:00 written as the next day's 00:00
(DESIGN.md, "Time: the conventions"). Nothing here is read back from the engine.

Working days used below:
  9月 22 23 24 28 29 30 | 10月 8 9 10(六) 12 13 14 15 16 19 20 21 22 23 26 27 28 29 30 |
  11月 2 3 4 5 6 9 10 11

For every rule of the profile there is a ticket that satisfies it and one that
breaks it (``@cov.satisfies`` / ``@cov.breaks``); the last test checks that no rule is
left without both.
"""

from __future__ import annotations

from typing import Any

import pytest

from engine_support import (
    EXAMPLES,
    Coverage,
    assert_matches_expected,
    clock,
    codes,
    engine,
    evaluate,
    example,
    fired,
    ticket,
)
from engine_support import instant as at
from hotline_rules.engine.results import ClockState, Evaluation, Severity
from hotline_rules.engine.ticket import Ticket, load_ticket_file
from hotline_rules.profile.schema import Assessment, Circumstance, Kpi

PROFILE = "hebi"

PLATFORM = "鹤壁市12345政务热线平台"
HALL = "鹤壁市行政服务中心咨询投诉台"
UNIT = "鹤壁市住房和城乡建设局"
OTHER_UNIT = "鹤壁市自然资源和规划局"
MARKET = "鹤壁市市场监督管理局"

RECEIVED = "2026-09-30T09:30:00+08:00"  # 周三，国庆节前最后一个工作日
DISPATCHED = "2026-09-30T10:00:00+08:00"

# ---- which rules have a satisfying and a breaking ticket --------------------------------

cov = Coverage(PROFILE)

NOT_TICKET_RULES = {
    "duty.online_platform": (
        "第二条 省一体化在线政务服务平台7×24小时接收：平台的接收时段，工单数据中没有值班记录，"
        "任何时刻收到的工单都同样受理，无从由工单判断"
    ),
    "duty.hotline_12345": (
        "第二条 市12345政务热线平台7×24小时接收：同上，是平台接收时段而非工单时限"
    ),
}


def hb(events: list[tuple[Any, ...]], ticket_id: str = "HB-1", **attrs: Any) -> Ticket:
    """A 12345 转办 complaint of a complex matter unless ``attrs`` say otherwise."""
    base: dict[str, Any] = {
        "kind": "complaint",
        "urgency": "normal",
        "complexity": "complex",
        "channel": "hotline_12345",
        "requester": "citizen",
        "handling": "transfer",
    }
    base.update(attrs)
    return ticket(ticket_id, events, **base)


def received_and_dispatched(
    received: str = RECEIVED, dispatched: str = DISPATCHED, unit: str = UNIT
) -> list[tuple[Any, ...]]:
    return [("received", received, PLATFORM), ("dispatched", dispatched, unit)]


# ---- the example work order -----------------------------------------------------------------


def test_example_matches_hand_worked_expectation() -> None:
    t, expected = example(PROFILE)
    assert expected["profile"] == PROFILE
    ev = engine(PROFILE).evaluate(t, at(expected["as_of"]))
    assert_matches_expected(
        [c.to_dict() for c in ev.clocks], [f.to_dict() for f in ev.findings], expected
    )


def test_example_is_the_distinctive_ticket() -> None:
    t = load_ticket_file(EXAMPLES / "hebi.json")
    assert (t.channel, t.handling) == ("hotline_12345", "joint")
    assert all(e.at.utcoffset() is not None for e in t.events)


def test_example_before_the_extension_would_be_urged() -> None:
    # 同一工单若没有延期：牵头单位原截止10月27日0时，11月6日仍未办结即超期，平台应催办
    t = load_ticket_file(EXAMPLES / "hebi.json")
    events = [e for e in t.events if not e.type.startswith("extension_")]
    t2 = t.model_copy(update={"events": tuple(events)})
    ev = engine(PROFILE).evaluate(t2, at("2026-11-06T12:00:00+08:00"))
    c = clock(ev, "completion.hotline_joint", UNIT)
    assert (c.due, c.state) == (at("2026-10-27T00:00:00+08:00"), ClockState.BREACHED)
    assert "supervision.hotline_overdue_urge" in fired(ev)


# ---- clocks -----------------------------------------------------------------------------------

_ONLINE_0929 = received_and_dispatched("2026-09-29T13:30:00+08:00", "2026-09-29T14:00:00+08:00")
_HALL_RECEIVED = [("received", RECEIVED, HALL)]

# (rule_id, attributes, events before the stop, stop event, stop unit, due by hand, met, late)
CLOCK_CASES: list[tuple[str, dict[str, Any], list[tuple[Any, ...]], str, str, str, str, str]] = [
    (
        # 第六条（一）“1”：表述不清，9月30日转交，次一工作日10月8日
        "first_contact.online_unclear",
        {"channel": "online_platform", "kind": "consultation", "tags": ["unclear_request"]},
        received_and_dispatched(),
        "contacted",
        UNIT,
        "2026-10-09T00:00:00+08:00",
        "2026-10-08T10:00:00+08:00",
        "2026-10-09T10:00:00+08:00",
    ),
    (
        # “5”：9月29日转交，9月30日，10月8、9、10、12日
        "completion.online",
        {"channel": "online_platform", "complexity": "simple"},
        _ONLINE_0929,
        "completed",
        UNIT,
        "2026-10-13T00:00:00+08:00",
        "2026-10-12T17:00:00+08:00",
        "2026-10-13T09:00:00+08:00",
    ),
    (
        # “15”：9月29日转交，9月30日，10月8、9、10、12、13、14、15、16、19、20、21、22、23、26日
        "completion.online_complex",
        {"channel": "online_platform", "complexity": "difficult"},
        _ONLINE_0929,
        "completed",
        UNIT,
        "2026-10-27T00:00:00+08:00",
        "2026-10-26T18:00:00+08:00",
        "2026-10-27T09:00:00+08:00",
    ),
    (
        # 转办10个工作日：10月8、9、10、12、13、14、15、16、19、20日（12345网站）
        "completion.hotline_transfer",
        {"channel": "web"},
        received_and_dispatched(),
        "completed",
        UNIT,
        "2026-10-21T00:00:00+08:00",
        "2026-10-20T17:00:00+08:00",
        "2026-10-21T08:30:00+08:00",
    ),
    (
        # 协办15个工作日：……10月20日(10)、21、22、23、26、27日(15)
        "completion.hotline_joint",
        {"handling": "joint"},
        received_and_dispatched(),
        "completed",
        UNIT,
        "2026-10-28T00:00:00+08:00",
        "2026-10-27T16:00:00+08:00",
        "2026-10-28T10:00:00+08:00",
    ),
    (
        "reply.hotline_transfer",
        {},
        received_and_dispatched(),
        "reply_sent",
        UNIT,
        "2026-10-21T00:00:00+08:00",
        "2026-10-20T17:30:00+08:00",
        "2026-10-22T09:00:00+08:00",
    ),
    (
        # 第六条（二）1（3）“同时报告政务热线平台”：与反馈同在10个工作日内
        "platform_report.hotline_transfer",
        {},
        received_and_dispatched(),
        "platform_reported",
        UNIT,
        "2026-10-21T00:00:00+08:00",
        "2026-10-20T17:35:00+08:00",
        "2026-10-21T09:00:00+08:00",
    ),
    (
        "reply.hotline_joint",
        {"channel": "web", "handling": "joint"},
        received_and_dispatched(),
        "written_reply_sent",
        UNIT,
        "2026-10-28T00:00:00+08:00",
        "2026-10-27T11:00:00+08:00",
        "2026-10-28T09:00:00+08:00",
    ),
    (
        # 大厅口头投诉，较为复杂：受理起5个工作日，10月8、9、10、12、13日
        "reply.hall_complaint_complex",
        {"channel": "service_hall", "handling": None},
        _HALL_RECEIVED,
        "reply_sent",
        HALL,
        "2026-10-14T00:00:00+08:00",
        "2026-10-13T16:00:00+08:00",
        "2026-10-14T09:00:00+08:00",
    ),
    (
        "completion.hall_written_complaint",
        {"channel": "service_hall", "handling": None, "tags": ["written_complaint"]},
        _HALL_RECEIVED,
        "completed",
        HALL,
        "2026-10-14T00:00:00+08:00",
        "2026-10-13T15:00:00+08:00",
        "2026-10-15T10:00:00+08:00",
    ),
    (
        "reply.hall_written_complaint",
        {"channel": "service_hall", "handling": None, "tags": ["written_complaint"]},
        _HALL_RECEIVED,
        "written_reply_sent",
        HALL,
        "2026-10-14T00:00:00+08:00",
        "2026-10-13T16:00:00+08:00",
        "2026-10-14T09:00:00+08:00",
    ),
    (
        # 大厅建议：转交市场监管局（9月30日）后5个工作日
        "feedback.hall_suggestion",
        {"channel": "service_hall", "kind": "suggestion", "handling": None, "complexity": None},
        [("received", RECEIVED, HALL), ("dispatched", "2026-09-30T11:00:00+08:00", MARKET)],
        "reply_sent",
        MARKET,
        "2026-10-14T00:00:00+08:00",
        "2026-10-13T10:00:00+08:00",
        "2026-10-16T10:00:00+08:00",
    ),
]
cov.mark(*(c[0] for c in CLOCK_CASES), satisfied=True, broken=True)
_IDS = [c[0] for c in CLOCK_CASES]
_ARGS = ("rule_id", "attrs", "before", "stop", "unit", "due", "met_at", "late_at")


@pytest.mark.parametrize(_ARGS, CLOCK_CASES, ids=_IDS)
def test_clock_met(
    rule_id: str,
    attrs: dict[str, Any],
    before: list[tuple[Any, ...]],
    stop: str,
    unit: str,
    due: str,
    met_at: str,
    late_at: str,
) -> None:
    t = hb([*before, (stop, met_at, unit)], **attrs)
    ev = evaluate(PROFILE, t, "2026-11-30T00:00:00+08:00")
    c = clock(ev, rule_id)
    assert c.due == at(due)
    assert c.state is ClockState.MET
    assert c.stopped_at == at(met_at)
    assert "deadline.breached" not in codes(ev, rule_id)
    assert [x.rule_id for x in ev.clocks if x.clock == c.clock] == [rule_id]


@pytest.mark.parametrize(_ARGS, CLOCK_CASES, ids=_IDS)
def test_clock_breached(
    rule_id: str,
    attrs: dict[str, Any],
    before: list[tuple[Any, ...]],
    stop: str,
    unit: str,
    due: str,
    met_at: str,
    late_at: str,
) -> None:
    t = hb([*before, (stop, late_at, unit)], **attrs)
    ev = evaluate(PROFILE, t, "2026-11-30T00:00:00+08:00")
    c = clock(ev, rule_id)
    assert c.due == at(due)
    assert c.state is ClockState.BREACHED
    assert c.overdue_by == at(late_at) - at(due)
    breached = [f for f in ev.findings if f.code == "deadline.breached" and f.rule_id == rule_id]
    assert len(breached) == 1
    assert breached[0].severity is Severity.VIOLATION
    assert breached[0].cite is not None and breached[0].cite.article == "第六条"


def test_written_complaint_needs_a_written_reply() -> None:
    # 电话答复（reply_sent）不能停止书面答复时限
    t = hb(
        [*_HALL_RECEIVED, ("reply_sent", "2026-10-12T10:00:00+08:00", HALL)],
        channel="service_hall",
        handling=None,
        tags=["written_complaint"],
    )
    ev = evaluate(PROFILE, t, "2026-10-20T00:00:00+08:00")
    c = clock(ev, "reply.hall_written_complaint")
    assert (c.state, c.stopped_at) == (ClockState.BREACHED, None)
    # 书面投诉不适用口头投诉的答复时限
    assert [x.rule_id for x in ev.clocks if x.clock == "reply"] == ["reply.hall_written_complaint"]


def test_hall_complaint_two_departments_even_if_simple() -> None:
    t = hb(_HALL_RECEIVED, channel="service_hall", handling=None, complexity="simple")
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    assert [c.rule_id for c in ev.clocks] == []  # 简单口头投诉：“尽可能当场答复”，无数字时限
    t = hb(
        _HALL_RECEIVED,
        channel="service_hall",
        handling=None,
        complexity="simple",
        tags=["multi_department"],
    )
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    assert clock(ev, "reply.hall_complaint_complex").due == at("2026-10-14T00:00:00+08:00")


@pytest.mark.parametrize(
    "attrs",
    [
        {"tags": ["unclear_request", "statutory_time_limit"]},  # 法律另有规定，从其规定
        {"tags": []},  # 表述清楚，无需先行联系
    ],
)
def test_online_first_contact_does_not_apply(attrs: dict[str, Any]) -> None:
    t = hb(received_and_dispatched(), channel="online_platform", complexity="simple", **attrs)
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    assert [c.rule_id for c in ev.clocks if c.clock == "first_contact"] == []


def test_online_statutory_time_limit_has_no_completion_clock() -> None:
    t = hb(received_and_dispatched(), channel="online_platform", tags=["statutory_time_limit"])
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    assert ev.clocks == ()


@pytest.mark.parametrize("handling", ["immediate", "direct", "escalated"])
def test_no_completion_clock_for_other_handlings(handling: str) -> None:
    ev = evaluate(PROFILE, hb(received_and_dispatched(), handling=handling), RECEIVED)
    assert [c.rule_id for c in ev.clocks] == []


def test_joint_meeting_redispatch_restarts_the_clock() -> None:
    # 9月22日先转自然资源和规划局，9月29日联席会议明确住建局牵头
    t = hb(
        [
            ("received", "2026-09-22T09:40:00+08:00", PLATFORM),
            ("dispatched", "2026-09-22T11:05:00+08:00", OTHER_UNIT),
            ("redispatched", "2026-09-29T16:00:00+08:00", UNIT),
        ],
        handling="joint",
    )
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    first = clock(ev, "completion.hotline_joint", OTHER_UNIT)
    # 9月23、24、28、29、30日，10月8、9、10、12、13、14、15、16、19、20日
    assert first.due == at("2026-10-21T00:00:00+08:00")
    assert first.stopped_at == at("2026-09-29T16:00:00+08:00")
    lead = clock(ev, "completion.hotline_joint", UNIT)
    # 9月30日，10月8、9、10、12、13、14、15、16、19、20、21、22、23、26日
    assert (lead.start, lead.due, lead.state) == (
        at("2026-09-29T16:00:00+08:00"),
        at("2026-10-27T00:00:00+08:00"),
        ClockState.RUNNING,
    )


# ---- extensions ---------------------------------------------------------------------------


def _joint_extended(asked: str, approved: str, length: str = "10个工作日", **attrs: Any) -> Ticket:
    base: dict[str, Any] = {"handling": "joint"}
    base.update(attrs)
    return hb(
        [
            *received_and_dispatched(),
            ("extension_requested", asked, UNIT, {"length": length}),
            ("extension_approved", approved, UNIT, {"length": length}),
        ],
        **base,
    )


def ext_codes(ev: Evaluation) -> list[str]:
    return [c for c in ev.codes() if c.startswith("extension.")]


@cov.satisfies("extension.hotline_joint_special")
def test_joint_extension_moves_completion_and_reply() -> None:
    # 原截止10月28日0时（最后一日10月27日）；加10个工作日：10月28、29、30日，11月2、3、4、5、6、9、10日
    t = _joint_extended("2026-10-26T10:00:00+08:00", "2026-10-27T09:00:00+08:00")
    ev = evaluate(PROFILE, t, "2026-10-29T00:00:00+08:00")
    assert ext_codes(ev) == []
    for rule_id in ("completion.hotline_joint", "reply.hotline_joint"):
        c = clock(ev, rule_id)
        assert c.original_due == at("2026-10-28T00:00:00+08:00")
        assert c.due == at("2026-11-11T00:00:00+08:00"), rule_id
        assert c.state is ClockState.RUNNING


@cov.satisfies("extension.hotline_joint_special")
def test_joint_extension_asked_in_time_approved_after_the_due_instant() -> None:
    # 期限内报请，市政府领导在原期限届满后才同意：仍是期限内的申请；
    # “适当延长”无上限，延长20个工作日也不违规：……11月10日(10)、11、12、13、16、17、18、19、20、23、24日(20)
    t = _joint_extended(
        "2026-10-27T15:00:00+08:00", "2026-10-29T10:00:00+08:00", length="20个工作日"
    )
    ev = evaluate(PROFILE, t, "2026-10-30T00:00:00+08:00")
    assert ext_codes(ev) == []
    assert clock(ev, "completion.hotline_joint").due == at("2026-11-25T00:00:00+08:00")
    assert "deadline.breached" not in ev.codes()


@cov.breaks("extension.hotline_joint_special")
def test_joint_extension_asked_after_the_due_instant() -> None:
    t = _joint_extended("2026-10-28T09:00:00+08:00", "2026-10-29T10:00:00+08:00")
    ev = evaluate(PROFILE, t, "2026-10-30T00:00:00+08:00")
    found = [(f.code, f.rule_id) for f in ev.findings if f.code.startswith("extension.")]
    # completion 与 reply 两个时限共用一次申请，只报一次
    assert found == [("extension.too_late", "extension.hotline_joint_special")]


def test_extension_of_a_transfer_ticket_has_no_rule() -> None:
    # 转办件（10个工作日）条文没有延期规定：延期无效，截止时刻不变，并应提示没有延期依据
    t = _joint_extended(
        "2026-10-12T10:00:00+08:00", "2026-10-13T09:00:00+08:00", handling="transfer"
    )
    ev = evaluate(PROFILE, t, "2026-10-14T00:00:00+08:00")
    assert clock(ev, "completion.hotline_transfer").due == at("2026-10-21T00:00:00+08:00")
    assert "extension.no_rule" in ev.codes()


def test_may_extend_joint() -> None:
    t = hb(received_and_dispatched(), handling="joint")
    answer = engine(PROFILE).may_extend(t, at("2026-10-26T10:00:00+08:00"), "10个工作日")
    assert answer.allowed is True
    assert answer.approval == ("市政府领导",)
    assert answer.cite is not None and answer.cite.item == "第（二）项第1目（4）"
    assert answer.details["new_due"] == "2026-11-11T00:00:00+08:00"
    late = engine(PROFILE).may_extend(t, at("2026-10-28T09:00:00+08:00"), "10个工作日")
    assert late.allowed is False
    assert [f.code for f in late.findings] == ["extension.too_late"]


# ---- supervision ----------------------------------------------------------------------------

_OPEN = received_and_dispatched()
_DONE_LATE = [*_OPEN, ("completed", "2026-10-22T09:00:00+08:00", UNIT)]
_WRITTEN = {"channel": "service_hall", "handling": None, "tags": ["written_complaint"]}

# (rule_id, (attrs, events) that fire, (attrs, events) that do not, as_of)
SUPERVISION_CASES: list[
    tuple[str, tuple[dict[str, Any], list[Any]], tuple[dict[str, Any], list[Any]], str]
] = [
    (
        "supervision.online_quality_check_failed",
        ({"channel": "online_platform", "tags": ["quality_check_failed"]}, _OPEN),
        ({"channel": "hotline_12345", "tags": ["quality_check_failed"]}, _OPEN),
        "2026-10-09T00:00:00+08:00",
    ),
    (
        "supervision.hotline_escalated",
        ({"handling": "escalated"}, _OPEN),
        ({"handling": "joint"}, _OPEN),
        "2026-10-09T00:00:00+08:00",
    ),
    (
        # 转办件10月21日0时到期，10月22日仍未办结：催办；已（逾期）办结的不再催办
        "supervision.hotline_overdue_urge",
        ({}, _OPEN),
        ({}, _DONE_LATE),
        "2026-10-22T12:00:00+08:00",
    ),
    (
        "supervision.hotline_review_improper",
        ({"tags": ["review_requested", "review_confirmed_improper"]}, _OPEN),
        ({"tags": ["review_requested"]}, _OPEN),
        "2026-10-09T00:00:00+08:00",
    ),
    (
        # 书面投诉10月14日0时到期仍未处理完毕；按时办结的不触发
        "supervision.hall_complaint_overdue",
        (_WRITTEN, _HALL_RECEIVED),
        (_WRITTEN, [*_HALL_RECEIVED, ("completed", "2026-10-13T15:00:00+08:00", HALL)]),
        "2026-10-15T00:00:00+08:00",
    ),
]
cov.mark(*(c[0] for c in SUPERVISION_CASES), satisfied=True, broken=True)


@pytest.mark.parametrize(
    ("rule_id", "firing", "quiet", "as_of"),
    SUPERVISION_CASES,
    ids=[c[0] for c in SUPERVISION_CASES],
)
def test_supervision_fires(
    rule_id: str,
    firing: tuple[dict[str, Any], list[Any]],
    quiet: tuple[dict[str, Any], list[Any]],
    as_of: str,
) -> None:
    attrs, events = firing
    ev = evaluate(PROFILE, hb(events, **attrs), as_of)
    assert fired(ev) == {rule_id}
    f = next(f for f in ev.findings if f.rule_id == rule_id and f.code == "supervision.triggered")
    assert f.severity is Severity.INFO
    assert f.cite is not None and f.cite.article == "第六条"


@pytest.mark.parametrize(
    ("rule_id", "firing", "quiet", "as_of"),
    SUPERVISION_CASES,
    ids=[c[0] for c in SUPERVISION_CASES],
)
def test_supervision_does_not_fire(
    rule_id: str,
    firing: tuple[dict[str, Any], list[Any]],
    quiet: tuple[dict[str, Any], list[Any]],
    as_of: str,
) -> None:
    attrs, events = quiet
    ev = evaluate(PROFILE, hb(events, **attrs), as_of)
    assert rule_id not in fired(ev)


def test_overdue_urge_actions() -> None:
    ev = evaluate(PROFILE, hb(_OPEN), "2026-10-22T12:00:00+08:00")
    f = next(f for f in ev.findings if f.rule_id == "supervision.hotline_overdue_urge")
    assert f.details["actions"] == ["urge"]
    assert ev.facts["overdue"] is True


@cov.breaks("supervision.hall_oral_complaint_overdue")
def test_oral_hall_complaint_reply_breach_triggers_supervision() -> None:
    # 口头投诉的“规定时间”是答复时限：答复超时且未处理完毕，指导督办科说明情况并追踪（breached 含 reply）
    ev = evaluate(PROFILE, hb(_HALL_RECEIVED, channel="service_hall"), "2026-10-15T00:00:00+08:00")
    assert clock(ev, "reply.hall_complaint_complex").state is ClockState.BREACHED
    assert fired(ev) == {"supervision.hall_oral_complaint_overdue"}


@cov.satisfies("supervision.hall_oral_complaint_overdue")
def test_oral_hall_complaint_replied_in_time_is_not_tracked() -> None:
    t = hb(
        [*_HALL_RECEIVED, ("reply_sent", "2026-10-13T16:00:00+08:00", HALL)], channel="service_hall"
    )
    ev = evaluate(PROFILE, t, "2026-10-20T00:00:00+08:00")
    assert fired(ev) == set()


# ---- screening -----------------------------------------------------------------------------

SCREENING_IDS = [
    "screening.harmful_content",
    "screening.no_concrete_content",
    "screening.outside_scope",
    "screening.other_unlawful",
]
cov.mark(*SCREENING_IDS, satisfied=True, broken=True)


@pytest.mark.parametrize("reason", SCREENING_IDS)
def test_screening_listed_reason(reason: str) -> None:
    t = hb([("received", RECEIVED, PLATFORM)], screening_reason=reason)
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    found = [f for f in ev.findings if f.code.startswith("screening.")]
    assert [(f.code, f.rule_id) for f in found] == [("screening.not_acceptable", reason)]
    assert found[0].cite is not None and found[0].cite.article == "第五条"


@pytest.mark.parametrize("reason", ["screening.repeat_caller", "no_concrete_content"])
def test_screening_unknown_reason(reason: str) -> None:
    t = hb([("received", RECEIVED, PLATFORM)], screening_reason=reason)
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    found = [f for f in ev.findings if f.code.startswith("screening.")]
    assert [(f.code, f.rule_id, f.severity) for f in found] == [
        ("screening.unknown_reason", None, Severity.WARNING)
    ]


# ---- KPIs, assessment, accountability: conditions on the facts ------------------------------


def _rule(rule_id: str) -> Any:
    return engine(PROFILE).profile.rule(rule_id)


_DONE_ON_TIME = [*_OPEN, ("completed", "2026-10-20T16:00:00+08:00", UNIT)]
_AS_OF_KPI = "2026-10-31T00:00:00+08:00"


def _revisit(satisfaction: str) -> tuple[Any, ...]:
    return ("revisit", "2026-10-23T10:00:00+08:00", None, {"satisfaction": satisfaction})


# (kpi id, (attrs, events) satisfying the numerator, (attrs, events) not, is the latter counted)
KPI_CASES: list[
    tuple[str, tuple[dict[str, Any], list[Any]], tuple[dict[str, Any], list[Any]], bool]
] = [
    # 被投诉率：投诉计入分子（越低越好）
    ("kpi.complaint_rate", ({}, _OPEN), ({"kind": "consultation"}, _OPEN), True),
    # 按期办结率：超时未办结的也计入分母
    ("kpi.on_time_completion", ({}, _DONE_ON_TIME), ({}, _OPEN), True),
    (
        "kpi.revisit_satisfaction",
        ({}, [*_DONE_ON_TIME, _revisit("satisfied")]),
        ({}, [*_DONE_ON_TIME, _revisit("unsatisfied")]),
        True,
    ),
]
cov.mark(*(c[0] for c in KPI_CASES), satisfied=True, broken=True)


@pytest.mark.parametrize(
    ("rule_id", "good", "bad", "bad_counted"), KPI_CASES, ids=[c[0] for c in KPI_CASES]
)
def test_kpi_conditions(
    rule_id: str,
    good: tuple[dict[str, Any], list[Any]],
    bad: tuple[dict[str, Any], list[Any]],
    bad_counted: bool,
) -> None:
    kpi = _rule(rule_id)
    assert isinstance(kpi, Kpi)
    ev_good = evaluate(PROFILE, hb(good[1], **good[0]), _AS_OF_KPI)
    ev_bad = evaluate(PROFILE, hb(bad[1], **bad[0]), _AS_OF_KPI)
    assert (kpi.numerator(ev_good.facts), kpi.denominator(ev_good.facts)) == (True, True)
    assert kpi.numerator(ev_bad.facts) is False
    assert kpi.denominator(ev_bad.facts) is bad_counted


def test_on_time_completion_uses_the_extended_limit() -> None:
    # “经批准延期的，以延长后的期限判断是否超时”：10月28日0时原到期，延至11月11日0时，11月6日办结为按期
    t = hb(
        [
            *_OPEN,
            ("extension_requested", "2026-10-26T10:00:00+08:00", UNIT, {"length": "10个工作日"}),
            ("extension_approved", "2026-10-27T09:00:00+08:00", UNIT, {"length": "10个工作日"}),
            ("completed", "2026-11-06T17:00:00+08:00", UNIT),
        ],
        handling="joint",
    )
    ev = evaluate(PROFILE, t, "2026-11-20T00:00:00+08:00")
    kpi = _rule("kpi.on_time_completion")
    assert (kpi.numerator(ev.facts), kpi.denominator(ev.facts)) == (True, True)


@cov.satisfies("assessment.annual_performance")
@cov.breaks("assessment.annual_performance")
def test_assessment_metrics_on_a_good_and_a_bad_ticket() -> None:
    # 考核用同条三项统计指标；好的工单在每项上都计为好，差的工单在每项上都计为差
    assessment = _rule("assessment.annual_performance")
    assert isinstance(assessment, Assessment)
    assert set(assessment.metrics) == {
        "kpi.complaint_rate",
        "kpi.on_time_completion",
        "kpi.revisit_satisfaction",
    }
    assert assessment.periods == ("year",)
    assert assessment.grades == () and assessment.thresholds_set is False  # 条文未定等次
    good = evaluate(
        PROFILE, hb([*_DONE_ON_TIME, _revisit("satisfied")], kind="consultation"), _AS_OF_KPI
    )
    bad = evaluate(PROFILE, hb([*_DONE_LATE, _revisit("unsatisfied")]), _AS_OF_KPI)
    for metric in assessment.metrics:
        kpi = _rule(metric)
        assert isinstance(kpi, Kpi)
        assert kpi.denominator(good.facts) and kpi.denominator(bad.facts), metric
        assert kpi.numerator(good.facts) is kpi.higher_is_better, metric
        assert kpi.numerator(bad.facts) is not kpi.higher_is_better, metric


@cov.satisfies("accountability.privacy_breach")
@pytest.mark.parametrize("breach", ["confidentiality_breached", "personal_data_leaked"])
def test_privacy_breach_with_serious_consequence(breach: str) -> None:
    circumstance = _rule("accountability.privacy_breach")
    assert isinstance(circumstance, Circumstance)
    ev = evaluate(PROFILE, hb(_OPEN, tags=[breach, "serious_consequence"]), _AS_OF_KPI)
    assert circumstance.when(ev.facts) is True
    assert (circumstance.applies_to, circumstance.judgement) == ("staff", True)


@cov.breaks("accountability.privacy_breach")
@pytest.mark.parametrize(
    "tags", [["confidentiality_breached"], ["serious_consequence"], ["adverse_impact"]]
)
def test_privacy_breach_without_serious_consequence(tags: list[str]) -> None:
    # “违反此规定造成严重后果的”才问责
    circumstance = _rule("accountability.privacy_breach")
    ev = evaluate(PROFILE, hb(_OPEN, tags=tags), _AS_OF_KPI)
    assert circumstance.when(ev.facts) is False


# ---- every rule is covered ---------------------------------------------------------------


def test_every_rule_has_a_satisfying_and_a_breaking_ticket() -> None:
    cov.assert_complete(NOT_TICKET_RULES)

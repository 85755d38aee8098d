"""The engine on qingpu_water tickets (青水〔2020〕32号), rule by rule.

Every due instant below is worked out by hand from the 2026 holiday notice
(国庆节 10月1日至7日放假，9月20日（周日）、10月10日（周六）上班; 中秋节 9月25日至27日放假),
with the start day not counted and 24:00 written as the next day's 00:00
(DESIGN.md, "Time: the conventions"). Nothing here is read back from the engine.

Working days used below:
  9月 28 29 30 | 10月 8 9 10(六) 12 13 14 15 16 19 20 21 22 23 26 27 28 29 30 |
  11月 2 3 4 5 6 9 10 11 12 13 16 17 18 19 20 23 24 25 26 27 30 | 12月 1 2

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
from hotline_rules.profile.schema import Kpi

PROFILE = "qingpu_water"

OFFICE = "青浦区水务局综合管理科"  # 三级承办单位（第四条）
UNIT = "青浦区供排水管理所"  # 四级承办单位
OTHER_UNIT = "青浦区河道管理所"

RECEIVED = "2026-09-30T15:40:00+08:00"  # 周三，国庆节前最后一个工作日
DISPATCHED = "2026-09-30T16:20:00+08:00"

ALL_ELEMENTS = [
    "first_contact",
    "site_inspection",
    "facts_found",
    "demand_assessment",
    "handling_and_basis",
    "result",
    "reply_to_citizen",
    "satisfaction",
    "other_remarks",
    "handler_and_leader",
]
ALL_EVIDENCE = [
    "site_check",
    "return_basis",
    "suggested_unit",
    "recording",
    "legal_article",
    "document_number",
]

# ---- which rules have a satisfying and a breaking ticket --------------------------------

cov = Coverage(PROFILE)

NOT_TICKET_RULES = {
    "duty.round_the_clock": (
        "第四条 局综合管理科全年7×24小时工作运行：值班安排，工单数据中没有值班记录，无从判断；"
        "其效果（非工作日收件的“当日转派”）见 test_dispatch_same_day_on_a_holiday"
    ),
}


def qp(events: list[tuple[Any, ...]], ticket_id: str = "QP-1", **attrs: Any) -> Ticket:
    """A 12345 difficult complaint unless ``attrs`` say otherwise."""
    base: dict[str, Any] = {
        "kind": "complaint",
        "urgency": "normal",
        "complexity": "difficult",
        "channel": "hotline_12345",
        "requester": "citizen",
    }
    base.update(attrs)
    return ticket(ticket_id, events, **base)


def received_and_dispatched(
    received: str = RECEIVED, dispatched: str = DISPATCHED
) -> list[tuple[Any, ...]]:
    return [("received", received, OFFICE), ("dispatched", dispatched, UNIT)]


# ---- the example work order -----------------------------------------------------------------


def test_example_matches_hand_worked_expectation() -> None:
    t, expected = example(PROFILE)
    assert expected["profile"] == PROFILE
    ev = engine(PROFILE).evaluate(t, at(expected["as_of"]))
    assert_matches_expected(
        [c.to_dict() for c in ev.clocks], [f.to_dict() for f in ev.findings], expected
    )


def test_example_is_the_distinctive_ticket() -> None:
    """The example is what the brief says it is: 12345, difficult, SMS after retries, ten elements."""
    t = load_ticket_file(EXAMPLES / "qingpu_water.json")
    assert (t.channel, t.complexity) == ("hotline_12345", "difficult")
    types = [e.type for e in t.events]
    assert types.count("contact_attempted") >= 2
    assert types.index("sms_sent") > max(i for i, x in enumerate(types) if x == "contact_attempted")
    assert "extension_rejected" in types
    completed = next(e for e in t.events if e.type == "completed")
    assert sorted(completed.report or ()) == sorted(ALL_ELEMENTS)
    assert all(e.at.utcoffset() is not None for e in t.events)


# ---- clocks -----------------------------------------------------------------------------------

# (rule_id, attributes, events before the stop, stop event, due by hand, met stop, late stop)
CLOCK_CASES: list[tuple[str, dict[str, Any], list[tuple[Any, ...]], str, str, str, str]] = [
    (
        # 9月30日收件，“当日”止于9月30日24时
        "dispatch.same_day",
        {},
        [("received", RECEIVED, OFFICE)],
        "dispatched",
        "2026-10-01T00:00:00+08:00",
        "2026-09-30T16:20:00+08:00",
        "2026-10-08T09:00:00+08:00",
    ),
    (
        # 9月30日转派，次一工作日10月8日（1-7日放假），止于10月8日24时
        "first_contact.one_working_day",
        {},
        received_and_dispatched(),
        "contacted",
        "2026-10-09T00:00:00+08:00",
        "2026-10-08T11:00:00+08:00",
        "2026-10-09T08:30:00+08:00",
    ),
    (
        # 紧急求助：收件次日起1个工作日 = 10月8日；即使标为疑难也按1个工作日（第十二条）
        "completion.hotline_12345.urgent_help",
        {"kind": "help", "urgency": "urgent", "complexity": "difficult"},
        received_and_dispatched(),
        "completed",
        "2026-10-09T00:00:00+08:00",
        "2026-10-08T18:00:00+08:00",
        "2026-10-09T09:30:00+08:00",
    ),
    (
        # 9月29日（周二）收件，3个工作日：9月30日、10月8日、10月9日
        "completion.hotline_12345.complex",
        {"kind": "consultation", "complexity": "complex"},
        received_and_dispatched("2026-09-29T10:00:00+08:00", "2026-09-29T11:00:00+08:00"),
        "completed",
        "2026-10-10T00:00:00+08:00",
        "2026-10-09T17:00:00+08:00",
        "2026-10-10T10:00:00+08:00",  # 10月10日周六调休上班，当日办结已超时
    ),
    (
        # 10个工作日：10月8、9、10、12、13、14、15、16、19、20日
        "completion.hotline_12345.difficult",
        {},
        received_and_dispatched(),
        "completed",
        "2026-10-21T00:00:00+08:00",
        "2026-10-20T16:30:00+08:00",
        "2026-10-21T09:00:00+08:00",
    ),
    (
        # 12319：1个自然日，10月1日（国庆）即最后一日，不顺延
        "completion.hotline_12319.urgent_help",
        {"channel": "hotline_12319", "kind": "help", "urgency": "emergency"},
        received_and_dispatched(),
        "completed",
        "2026-10-02T00:00:00+08:00",
        "2026-10-01T20:00:00+08:00",
        "2026-10-02T08:00:00+08:00",
    ),
    (
        # 12319：3个自然日，10月1、2、3日，不顺延
        "completion.hotline_12319.complex",
        {"channel": "hotline_12319", "complexity": "complex"},
        received_and_dispatched(),
        "completed",
        "2026-10-04T00:00:00+08:00",
        "2026-10-03T11:00:00+08:00",
        "2026-10-08T09:00:00+08:00",
    ),
    (
        # 12319：5个自然日，10月1日至5日，不顺延
        "completion.hotline_12319.difficult",
        {"channel": "hotline_12319"},
        received_and_dispatched(),
        "completed",
        "2026-10-06T00:00:00+08:00",
        "2026-10-05T16:00:00+08:00",
        "2026-10-08T09:00:00+08:00",
    ),
]
cov.mark(*(c[0] for c in CLOCK_CASES), satisfied=True, broken=True)

_STOP_UNIT = {"dispatched": UNIT, "contacted": UNIT, "completed": UNIT}


@pytest.mark.parametrize(
    ("rule_id", "attrs", "before", "stop", "due", "met_at", "late_at"),
    CLOCK_CASES,
    ids=[c[0] for c in CLOCK_CASES],
)
def test_clock_met(
    rule_id: str,
    attrs: dict[str, Any],
    before: list[tuple[Any, ...]],
    stop: str,
    due: str,
    met_at: str,
    late_at: str,
) -> None:
    t = qp([*before, (stop, met_at, _STOP_UNIT[stop])], **attrs)
    ev = evaluate(PROFILE, t, "2026-11-30T00:00:00+08:00")
    c = clock(ev, rule_id)
    assert c.due == at(due)
    assert c.state is ClockState.MET
    assert c.stopped_at == at(met_at)
    assert "deadline.breached" not in codes(ev, rule_id)
    # the rules of one clock are exclusive: only this one applies
    assert [x.rule_id for x in ev.clocks if x.clock == c.clock] == [rule_id]


@pytest.mark.parametrize(
    ("rule_id", "attrs", "before", "stop", "due", "met_at", "late_at"),
    CLOCK_CASES,
    ids=[c[0] for c in CLOCK_CASES],
)
def test_clock_breached(
    rule_id: str,
    attrs: dict[str, Any],
    before: list[tuple[Any, ...]],
    stop: str,
    due: str,
    met_at: str,
    late_at: str,
) -> None:
    t = qp([*before, (stop, late_at, _STOP_UNIT[stop])], **attrs)
    ev = evaluate(PROFILE, t, "2026-11-30T00:00:00+08:00")
    c = clock(ev, rule_id)
    assert c.due == at(due)
    assert c.state is ClockState.BREACHED
    assert c.overdue_by == at(late_at) - at(due)
    breached = [f for f in ev.findings if f.code == "deadline.breached" and f.rule_id == rule_id]
    assert len(breached) == 1
    # “原则上当日转派”只是预警；其余时限为强制
    want = Severity.WARNING if rule_id == "dispatch.same_day" else Severity.VIOLATION
    assert breached[0].severity is want
    assert breached[0].cite is not None and breached[0].cite.article.startswith("第")


def test_clock_still_open_after_due_is_breached() -> None:
    # 疑难工单到期（10月21日0时）仍未办结
    t = qp([*received_and_dispatched(), ("contacted", "2026-10-08T10:00:00+08:00", UNIT)])
    ev = evaluate(PROFILE, t, "2026-10-21T00:00:00+08:00")
    assert clock(ev, "completion.hotline_12345.difficult").state is ClockState.RUNNING
    ev = evaluate(PROFILE, t, "2026-10-21T00:00:01+08:00")
    assert clock(ev, "completion.hotline_12345.difficult").state is ClockState.BREACHED
    assert ev.facts["overdue"] is True


def test_dispatch_same_day_on_a_holiday() -> None:
    # 第四条7×24小时运行：国庆假期内收件，仍须当日转派，止于10月3日24时
    t = qp(
        [
            ("received", "2026-10-03T10:00:00+08:00", OFFICE),
            ("dispatched", "2026-10-03T21:00:00+08:00", UNIT),
        ]
    )
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    c = clock(ev, "dispatch.same_day")
    assert (c.due, c.state) == (at("2026-10-04T00:00:00+08:00"), ClockState.MET)


def test_dispatch_same_day_not_for_complex_assignment() -> None:
    t = qp(
        [
            ("received", RECEIVED, OFFICE),
            ("dispatched", "2026-10-09T10:00:00+08:00", UNIT),
        ],
        tags=["complex_assignment"],
    )
    ev = evaluate(PROFILE, t, "2026-10-10T00:00:00+08:00")
    assert [c.rule_id for c in ev.clocks if c.clock == "dispatch"] == []


def test_dispatch_same_day_stopped_by_direct_answer_or_return_upstream() -> None:
    # 第八条第（一）项：直接答复或直接退回上级热线，无需转派
    for stop in ("completed", "returned_upstream"):
        t = qp([("received", RECEIVED, OFFICE), (stop, "2026-09-30T17:00:00+08:00", OFFICE)])
        ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
        assert clock(ev, "dispatch.same_day").state is ClockState.MET, stop


def test_first_contact_restarts_for_the_next_unit() -> None:
    # 退单后改派：新承办单位自收到改派起重新计算1个工作日（10月8日改派 → 10月9日24时）
    t = qp(
        [
            *received_and_dispatched(),
            ("return_requested", "2026-10-08T09:30:00+08:00", UNIT, {"reason": "not_our_function"}),
            ("return_approved", "2026-10-08T14:00:00+08:00", UNIT),
            ("redispatched", "2026-10-08T15:00:00+08:00", OTHER_UNIT),
            ("contacted", "2026-10-09T10:00:00+08:00", OTHER_UNIT),
        ]
    )
    ev = evaluate(PROFILE, t, "2026-10-12T00:00:00+08:00")
    c = clock(ev, "first_contact.one_working_day", OTHER_UNIT)
    assert (c.start, c.due, c.state) == (
        at("2026-10-08T15:00:00+08:00"),
        at("2026-10-10T00:00:00+08:00"),
        ClockState.MET,
    )
    # 办结时限不重新起算（continue）：仍为收件起10个工作日
    assert clock(ev, "completion.hotline_12345.difficult").due == at("2026-10-21T00:00:00+08:00")


def test_a_simple_report_takes_the_three_day_limit() -> None:
    # 首句“12345工单按照1310时限办结”说的是全部工单：非疑难举报落在3个工作日一档（取舍见配置）
    t = qp(received_and_dispatched(), kind="report", complexity="simple")
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    c = clock(ev, "completion.hotline_12345.complex")
    assert c.due == at("2026-10-11T00:00:00+08:00")


def test_simple_consultation_takes_the_three_day_limit() -> None:
    t = qp(received_and_dispatched(), kind="consultation", complexity="simple")
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    c = clock(ev, "completion.hotline_12345.complex")
    # 9月30日收件：10月8、9日，10月10日（周六上班），止于10月10日24时
    assert c.due == at("2026-10-11T00:00:00+08:00")


# ---- extensions ---------------------------------------------------------------------------


def _extended(
    asked: str, length: str, decided: str, decision: str = "extension_approved"
) -> Ticket:
    return qp(
        [
            *received_and_dispatched(),
            ("contacted", "2026-10-08T10:00:00+08:00", UNIT),
            ("extension_requested", asked, UNIT, {"length": length}),
            (decision, decided, UNIT, {"length": length}),
        ]
    )


def ext_codes(ev: Evaluation) -> list[str]:
    return [c for c in ev.codes() if c.startswith("extension.")]


@cov.satisfies("extension.completion")
@pytest.mark.parametrize(
    ("length", "new_due"),
    [
        # 原到期10月20日（最后一日）起加15个工作日：10月21日……11月10日
        ("15个工作日", "2026-11-11T00:00:00+08:00"),
        # 加30个工作日：……11月10日(15)、11-13、16-20、23-27、30日(29)、12月1日(30)
        ("30个工作日", "2026-12-02T00:00:00+08:00"),
    ],
)
def test_extension_allowed_moves_the_due_instant(length: str, new_due: str) -> None:
    t = _extended("2026-10-09T10:00:00+08:00", length, "2026-10-10T11:00:00+08:00")
    ev = evaluate(PROFILE, t, "2026-10-12T00:00:00+08:00")
    assert ext_codes(ev) == []
    c = clock(ev, "completion.hotline_12345.difficult")
    assert c.original_due == at("2026-10-21T00:00:00+08:00")
    assert c.due == at(new_due)
    assert c.state is ClockState.RUNNING
    assert ev.facts["extensions"] == 1


@cov.satisfies("extension.completion")
def test_extension_on_the_last_day_before_the_five_day_window() -> None:
    # 10月13日申请：当日及其后工作日 13、14、15、16、19、20 共6个，尚不在“到期前5个工作日内”
    t = _extended("2026-10-13T17:00:00+08:00", "15个工作日", "2026-10-13T18:00:00+08:00")
    ev = evaluate(PROFILE, t, "2026-10-14T00:00:00+08:00")
    assert ext_codes(ev) == []
    assert clock(ev, "completion.hotline_12345.difficult").due == at("2026-11-11T00:00:00+08:00")


@cov.breaks("extension.completion")
def test_extension_within_five_working_days_is_too_late() -> None:
    # 10月14日申请：14、15、16、19、20日，已在到期前5个工作日内，“不再办理”
    t = _extended("2026-10-14T08:30:00+08:00", "15个工作日", "2026-10-14T15:00:00+08:00")
    ev = evaluate(PROFILE, t, "2026-10-15T00:00:00+08:00")
    assert ext_codes(ev) == ["extension.too_late"]
    f = next(f for f in ev.findings if f.code == "extension.too_late")
    assert f.rule_id == "extension.completion"
    assert f.severity is Severity.VIOLATION


@cov.breaks("extension.completion")
def test_refused_late_extension_request_is_reported() -> None:
    # 示例工单的情形：10月15日申请、当日被驳回。申请本身违反“到期前5个工作日内不再办理”，
    # 应报 extension.too_late；驳回后截止时刻不变。
    t = _extended(
        "2026-10-15T09:30:00+08:00",
        "15个工作日",
        "2026-10-15T16:45:00+08:00",
        decision="extension_rejected",
    )
    ev = evaluate(PROFILE, t, "2026-10-16T00:00:00+08:00")
    c = clock(ev, "completion.hotline_12345.difficult")
    assert c.due == at("2026-10-21T00:00:00+08:00")
    assert c.extensions == ()
    assert [(f.code, f.rule_id) for f in ev.findings if f.code.startswith("extension.")] == [
        ("extension.too_late", "extension.completion")
    ]


@cov.breaks("extension.completion")
def test_extension_after_the_due_instant_is_too_late() -> None:
    t = _extended("2026-10-21T09:00:00+08:00", "15个工作日", "2026-10-21T15:00:00+08:00")
    ev = evaluate(PROFILE, t, "2026-10-22T00:00:00+08:00")
    assert ext_codes(ev) == ["extension.too_late"]


@cov.breaks("extension.completion")
def test_second_extension_is_too_many() -> None:
    # “已延期过一次的工单不得再次延期”
    t = qp(
        [
            *received_and_dispatched(),
            ("extension_requested", "2026-10-09T10:00:00+08:00", UNIT, {"length": "15个工作日"}),
            ("extension_approved", "2026-10-10T11:00:00+08:00", UNIT, {"length": "15个工作日"}),
            ("extension_requested", "2026-10-12T10:00:00+08:00", UNIT, {"length": "15个工作日"}),
            ("extension_approved", "2026-10-13T11:00:00+08:00", UNIT, {"length": "15个工作日"}),
        ]
    )
    ev = evaluate(PROFILE, t, "2026-10-14T00:00:00+08:00")
    assert ext_codes(ev) == ["extension.too_many"]


@cov.breaks("extension.completion")
def test_extension_length_not_a_choice() -> None:
    # 只能从15、30、60、90个工作日中选一档
    t = _extended("2026-10-09T10:00:00+08:00", "20个工作日", "2026-10-10T11:00:00+08:00")
    ev = evaluate(PROFILE, t, "2026-10-12T00:00:00+08:00")
    assert ext_codes(ev) == ["extension.not_a_choice"]


@cov.breaks("extension.completion")
def test_three_day_ticket_cannot_be_extended() -> None:
    # 复杂事项3个工作日（9月29日收件，最后一日10月9日）：9月30日申请时剩 9月30日、10月8日、10月9日，
    # 自收件起即在到期前5个工作日内
    t = qp(
        [
            *received_and_dispatched("2026-09-29T10:00:00+08:00", "2026-09-29T11:00:00+08:00"),
            ("extension_requested", "2026-09-30T09:00:00+08:00", UNIT, {"length": "15个工作日"}),
            ("extension_approved", "2026-09-30T15:00:00+08:00", UNIT, {"length": "15个工作日"}),
        ],
        kind="consultation",
        complexity="complex",
    )
    ev = evaluate(PROFILE, t, "2026-10-08T00:00:00+08:00")
    assert ext_codes(ev) == ["extension.too_late"]


# ---- may_extend: the integrator's question ------------------------------------------------


def test_may_extend_early_in_a_difficult_ticket() -> None:
    t = qp([*received_and_dispatched(), ("contacted", "2026-10-08T10:00:00+08:00", UNIT)])
    answer = engine(PROFILE).may_extend(t, at("2026-10-09T10:00:00+08:00"), "15个工作日")
    assert answer.allowed is True
    assert answer.findings == ()
    assert answer.rule_id == "extension.completion"
    assert answer.approval == ("局综合管理科初审", "上级热线审核")
    assert answer.cite is not None
    assert (answer.cite.article, answer.cite.item) == ("第九条", "第（三）项第2目")
    assert answer.details["clock"] == "completion.hotline_12345.difficult"
    assert answer.details["due"] == "2026-10-21T00:00:00+08:00"
    assert answer.details["new_due"] == "2026-11-11T00:00:00+08:00"


def test_may_extend_refused_within_five_working_days() -> None:
    t = qp([*received_and_dispatched(), ("contacted", "2026-10-08T10:00:00+08:00", UNIT)])
    answer = engine(PROFILE).may_extend(t, at("2026-10-14T09:00:00+08:00"), "15个工作日")
    assert answer.allowed is False
    assert [f.code for f in answer.findings] == ["extension.too_late"]
    assert answer.approval == ("局综合管理科初审", "上级热线审核")
    assert answer.cite is not None and answer.cite.article == "第九条"


def test_may_extend_refused_for_a_length_not_listed() -> None:
    t = qp(received_and_dispatched())
    answer = engine(PROFILE).may_extend(t, at("2026-10-09T10:00:00+08:00"), "10个工作日")
    assert answer.allowed is False
    assert [f.code for f in answer.findings] == ["extension.not_a_choice"]


def test_may_extend_refused_after_one_extension() -> None:
    t = _extended("2026-10-09T10:00:00+08:00", "15个工作日", "2026-10-10T11:00:00+08:00")
    answer = engine(PROFILE).may_extend(t, at("2026-10-12T10:00:00+08:00"), "15个工作日")
    assert answer.allowed is False
    assert [f.code for f in answer.findings] == ["extension.too_many"]
    assert answer.details["due"] == "2026-11-11T00:00:00+08:00"


# ---- returns ------------------------------------------------------------------------------


def _returned(
    requested: str,
    reason: str | None = "not_our_function",
    evidence: list[str] | None = None,
    **attrs: Any,
) -> Ticket:
    extra: dict[str, Any] = {"evidence": ALL_EVIDENCE if evidence is None else evidence}
    if reason is not None:
        extra["reason"] = reason
    return qp(
        [*received_and_dispatched(), ("return_requested", requested, UNIT, extra)],
        **attrs,
    )


def ret_findings(ev: Evaluation) -> list[tuple[str, str | None]]:
    return [(f.code, f.rule_id) for f in ev.findings if f.code.startswith("return.")]


SIMPLE = {"kind": "consultation", "complexity": "simple"}


@cov.satisfies("return.simple")
def test_return_simple_inside_window() -> None:
    # 简单事项：9月30日转派，1个工作日止于10月8日24时
    t = _returned("2026-10-08T15:00:00+08:00", **SIMPLE)
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    assert ret_findings(ev) == []


@cov.satisfies("return.simple")
def test_return_simple_applies_to_complex_tickets_too() -> None:
    # “简单事项/疑难事项”两分：复杂（非疑难）事项按1个工作日
    t = _returned("2026-10-08T23:59:00+08:00", kind="complaint", complexity="complex")
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    assert ret_findings(ev) == []


@cov.breaks("return.simple")
def test_return_simple_window_missed() -> None:
    t = _returned("2026-10-09T09:00:00+08:00", **SIMPLE)
    ev = evaluate(PROFILE, t, "2026-10-10T00:00:00+08:00")
    assert ret_findings(ev) == [("return.window_missed", "return.simple")]
    f = next(f for f in ev.findings if f.code == "return.window_missed")
    assert f.details["deemed_accepted"] is True  # “逾期不退，视作接单”


@cov.breaks("return.simple")
def test_return_simple_reason_not_allowed() -> None:
    t = _returned("2026-10-08T15:00:00+08:00", reason="workload_too_high", **SIMPLE)
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    assert ret_findings(ev) == [("return.reason_not_allowed", "return.simple")]


@cov.breaks("return.simple")
def test_return_simple_evidence_missing() -> None:
    given = [e for e in ALL_EVIDENCE if e not in ("recording", "site_check")]
    t = _returned("2026-10-08T15:00:00+08:00", evidence=given, **SIMPLE)
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    assert ret_findings(ev) == [("return.evidence_missing", "return.simple")]
    f = next(f for f in ev.findings if f.code == "return.evidence_missing")
    assert sorted(f.details["missing"]) == ["recording", "site_check"]


@cov.breaks("return.simple")
@pytest.mark.parametrize(
    ("tag", "case"),
    [
        ("upper_return_refused", "upper_refused_or_verification"),
        ("upper_verification_redispatch", "upper_refused_or_verification"),
        ("upper_designated_lead", "upper_designated_lead"),
    ],
)
def test_return_simple_forbidden(tag: str, case: str) -> None:
    t = _returned("2026-10-08T15:00:00+08:00", tags=[tag], **SIMPLE)
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    assert ret_findings(ev) == [("return.not_allowed", "return.simple")]
    f = next(f for f in ev.findings if f.code == "return.not_allowed")
    assert f.details["case"] == case
    assert f.severity is Severity.VIOLATION


@cov.breaks("return.simple")
def test_second_return_is_a_warning_in_principle() -> None:
    # “原则上不得二次退单”：第二次退单为预警
    t = qp(
        [
            *received_and_dispatched(),
            (
                "return_requested",
                "2026-10-08T09:30:00+08:00",
                UNIT,
                {"reason": "not_our_function", "evidence": ALL_EVIDENCE},
            ),
            ("return_approved", "2026-10-08T14:00:00+08:00", UNIT),
            ("redispatched", "2026-10-08T15:00:00+08:00", OTHER_UNIT),
            (
                "return_requested",
                "2026-10-09T10:00:00+08:00",
                OTHER_UNIT,
                {"reason": "not_our_function", "evidence": ALL_EVIDENCE},
            ),
        ],
        **SIMPLE,
    )
    ev = evaluate(PROFILE, t, "2026-10-10T00:00:00+08:00")
    # 第二家单位的退单期限自改派（10月8日）起算，止于10月9日24时，未逾期
    assert ret_findings(ev) == [("return.not_allowed", "return.simple")]
    f = next(f for f in ev.findings if f.code == "return.not_allowed")
    assert f.severity is Severity.WARNING


def test_return_with_a_law_but_no_document_needs_no_document_number() -> None:
    # 第九条第（二）项第3目：“有法律依据的应写明所依法条，有文件规定的应写明文号及相关内容”。
    # 只依法律、不依文件退单时，不应要求文号。
    given = ["site_check", "return_basis", "suggested_unit", "recording", "legal_article"]
    t = _returned("2026-10-08T15:00:00+08:00", evidence=given, **SIMPLE)
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    assert ret_findings(ev) == []


@cov.satisfies("return.difficult")
def test_return_difficult_inside_three_working_days() -> None:
    # 疑难事项：10月8、9、10日（周六上班），止于10月10日24时
    t = _returned("2026-10-10T11:00:00+08:00")
    ev = evaluate(PROFILE, t, "2026-10-11T00:00:00+08:00")
    assert ret_findings(ev) == []


@cov.breaks("return.difficult")
def test_return_difficult_window_missed() -> None:
    t = _returned("2026-10-12T09:00:00+08:00")
    ev = evaluate(PROFILE, t, "2026-10-13T00:00:00+08:00")
    assert ret_findings(ev) == [("return.window_missed", "return.difficult")]


@cov.breaks("return.difficult")
def test_return_difficult_without_reason() -> None:
    t = _returned("2026-10-09T09:00:00+08:00", reason=None)
    ev = evaluate(PROFILE, t, "2026-10-10T00:00:00+08:00")
    assert ret_findings(ev) == [("return.reason_not_allowed", "return.difficult")]


# ---- may_return: the integrator's question ------------------------------------------------


def test_may_return_allowed() -> None:
    t = qp(received_and_dispatched(), **SIMPLE)
    answer = engine(PROFILE).may_return(
        t, at("2026-10-08T15:00:00+08:00"), "not_our_function", tuple(ALL_EVIDENCE)
    )
    assert answer.allowed is True
    assert answer.findings == ()
    assert answer.rule_id == "return.simple"
    assert answer.approval == ("本单位分管领导", "局综合管理科")
    assert answer.cite is not None
    assert (answer.cite.article, answer.cite.item) == ("第九条", "第（二）项第3目")
    assert answer.details["window_due"] == "2026-10-09T00:00:00+08:00"
    assert set(answer.evidence_needed) >= {"现场核查情况（含现场照片）", "录音"}


def test_may_return_refused_after_the_window() -> None:
    t = qp(received_and_dispatched(), **SIMPLE)
    answer = engine(PROFILE).may_return(
        t, at("2026-10-09T09:00:00+08:00"), "not_our_function", tuple(ALL_EVIDENCE)
    )
    assert answer.allowed is False
    assert [f.code for f in answer.findings] == ["return.window_missed"]
    assert answer.approval == ("本单位分管领导", "局综合管理科")
    assert answer.cite is not None and answer.cite.article == "第九条"


def test_may_return_refused_without_evidence() -> None:
    t = qp(received_and_dispatched())
    answer = engine(PROFILE).may_return(
        t, at("2026-10-10T11:00:00+08:00"), "key_elements_missing", ("site_check",)
    )
    assert answer.allowed is False
    assert [f.code for f in answer.findings] == ["return.evidence_missing"]
    assert answer.rule_id == "return.difficult"
    assert answer.details["window_due"] == "2026-10-11T00:00:00+08:00"
    assert answer.approval == ("本单位分管领导", "局综合管理科")


def test_may_return_window_of_the_redispatched_unit() -> None:
    # 改派后的单位自改派起算：10月9日改派，疑难3个工作日为10月10、12、13日
    t = qp(
        [
            *received_and_dispatched(),
            ("return_requested", "2026-10-08T09:30:00+08:00", UNIT),
            ("return_approved", "2026-10-08T14:00:00+08:00", UNIT),
            ("redispatched", "2026-10-09T10:00:00+08:00", OTHER_UNIT),
        ]
    )
    answer = engine(PROFILE).may_return(
        t, at("2026-10-13T16:00:00+08:00"), "not_our_function", tuple(ALL_EVIDENCE)
    )
    assert answer.details["window_due"] == "2026-10-14T00:00:00+08:00"
    assert [(f.code, f.severity) for f in answer.findings] == [
        ("return.not_allowed", Severity.WARNING)
    ]
    assert answer.allowed is True  # 二次退单“原则上”不得：预警，不是禁止


# ---- supervision ----------------------------------------------------------------------------

_COMPLETED_UNSATISFIED = [
    *received_and_dispatched(),
    ("completed", "2026-10-09T16:00:00+08:00", UNIT),
    ("revisit", "2026-10-12T10:00:00+08:00", None, {"satisfaction": "unsatisfied"}),
]
_COMPLETED_SATISFIED = [
    *received_and_dispatched(),
    ("completed", "2026-10-09T16:00:00+08:00", UNIT),
    ("revisit", "2026-10-12T10:00:00+08:00", None, {"satisfaction": "satisfied"}),
]

# (rule_id, firing ticket (attrs, events), a close ticket that does not fire)
SUPERVISION_CASES: list[
    tuple[str, tuple[dict[str, Any], list[Any]], tuple[dict[str, Any], list[Any]]]
] = [
    (
        "focus.leader_instructed",
        ({"tags": ["leader_assigned"]}, received_and_dispatched()),
        ({"tags": ["multi_department"]}, received_and_dispatched()),
    ),
    (
        "focus.hotline_12345_review",
        ({"tags": ["review_requested"]}, received_and_dispatched()),
        ({"tags": ["review_requested"], "channel": "hotline_12319"}, received_and_dispatched()),
    ),
    (
        "focus.untrue_or_flawed",
        ({"tags": ["process_flawed"]}, received_and_dispatched()),
        ({}, received_and_dispatched()),
    ),
    (
        "focus.repeat_calls_unsatisfied",
        ({"repeat_count": 2}, _COMPLETED_UNSATISFIED),
        ({"repeat_count": 2}, _COMPLETED_SATISFIED),
    ),
    (
        "focus.other",
        ({"tags": ["other_supervision_needed"]}, received_and_dispatched()),
        ({}, received_and_dispatched()),
    ),
    (
        "complex_difficult.historical",
        ({"tags": ["historical_issue"]}, received_and_dispatched()),
        ({}, received_and_dispatched()),
    ),
    (
        # “5次以上”含5次
        "complex_difficult.repeat_complaints",
        ({"repeat_count": 5}, received_and_dispatched()),
        ({"repeat_count": 4}, received_and_dispatched()),
    ),
    (
        "complex_difficult.multi_department",
        (
            {"tags": ["multi_department", "bureau_coordination_needed"]},
            received_and_dispatched(),
        ),
        ({"tags": ["multi_department"]}, received_and_dispatched()),
    ),
]
cov.mark(*(c[0] for c in SUPERVISION_CASES), satisfied=True, broken=True)


@pytest.mark.parametrize(
    ("rule_id", "firing", "quiet"), SUPERVISION_CASES, ids=[c[0] for c in SUPERVISION_CASES]
)
def test_supervision_fires(
    rule_id: str,
    firing: tuple[dict[str, Any], list[Any]],
    quiet: tuple[dict[str, Any], list[Any]],
) -> None:
    attrs, events = firing
    ev = evaluate(PROFILE, qp(events, **attrs), "2026-10-13T00:00:00+08:00")
    assert fired(ev) == {rule_id}
    f = next(f for f in ev.findings if f.rule_id == rule_id)
    assert f.severity is Severity.INFO
    assert f.cite is not None and f.cite.article in ("第十条", "第十三条")


@pytest.mark.parametrize(
    ("rule_id", "firing", "quiet"), SUPERVISION_CASES, ids=[c[0] for c in SUPERVISION_CASES]
)
def test_supervision_does_not_fire(
    rule_id: str,
    firing: tuple[dict[str, Any], list[Any]],
    quiet: tuple[dict[str, Any], list[Any]],
) -> None:
    attrs, events = quiet
    ev = evaluate(PROFILE, qp(events, **attrs), "2026-10-13T00:00:00+08:00")
    assert rule_id not in fired(ev)


def test_repeat_calls_by_several_people_unsatisfied() -> None:
    # 多人来电（标记）且回访不满意，同样是“重复多人多次来电”
    t = qp(_COMPLETED_UNSATISFIED, tags=["multiple_callers"])
    ev = evaluate(PROFILE, t, "2026-10-13T00:00:00+08:00")
    assert fired(ev) == {"focus.repeat_calls_unsatisfied"}
    # 首次来电、不满意、无多人标记：不触发
    ev = evaluate(PROFILE, qp(_COMPLETED_UNSATISFIED), "2026-10-13T00:00:00+08:00")
    assert fired(ev) == set()


def test_no_screening_reasons_in_this_regulation() -> None:
    t = qp(received_and_dispatched(), screening_reason="no_concrete_content")
    ev = evaluate(PROFILE, t, "2026-10-09T00:00:00+08:00")
    assert "screening.unknown_reason" in ev.codes()


# ---- first contact -----------------------------------------------------------------------


def contact_codes(ev: Evaluation) -> list[str]:
    return [f.code for f in ev.findings if f.code.startswith("contact.")]


@cov.satisfies("first_contact.retry_and_sms")
def test_retries_an_hour_apart_then_sms() -> None:
    # 间隔恰为1小时也符合“不少于1个小时”
    t = qp(
        [
            *received_and_dispatched(),
            ("contact_attempted", "2026-10-08T09:00:00+08:00", UNIT),
            ("contact_attempted", "2026-10-08T10:00:00+08:00", UNIT),
            ("contact_attempted", "2026-10-08T11:30:00+08:00", UNIT),
            ("sms_sent", "2026-10-08T12:00:00+08:00", UNIT),
        ]
    )
    ev = evaluate(PROFILE, t, "2026-10-12T00:00:00+08:00")
    assert contact_codes(ev) == []
    c = clock(ev, "first_contact.one_working_day")
    assert (c.state, c.stopped_at) == (ClockState.MET, at("2026-10-08T12:00:00+08:00"))


@cov.satisfies("first_contact.retry_and_sms")
def test_retry_then_contacted() -> None:
    t = qp(
        [
            *received_and_dispatched(),
            ("contact_attempted", "2026-10-08T09:00:00+08:00", UNIT),
            ("contacted", "2026-10-08T10:15:00+08:00", UNIT),
        ]
    )
    ev = evaluate(PROFILE, t, "2026-10-12T00:00:00+08:00")
    assert contact_codes(ev) == []


@cov.breaks("first_contact.retry_and_sms")
def test_retry_too_soon_is_a_warning() -> None:
    t = qp(
        [
            *received_and_dispatched(),
            ("contact_attempted", "2026-10-08T09:00:00+08:00", UNIT),
            ("contact_attempted", "2026-10-08T09:40:00+08:00", UNIT),
            ("contacted", "2026-10-08T10:30:00+08:00", UNIT),
        ]
    )
    ev = evaluate(PROFILE, t, "2026-10-12T00:00:00+08:00")
    assert contact_codes(ev) == ["contact.retry_too_soon"]
    f = next(f for f in ev.findings if f.code == "contact.retry_too_soon")
    assert f.rule_id == "first_contact.retry_and_sms"
    assert f.severity is Severity.WARNING  # “建议”间隔不少于1小时


@cov.breaks("first_contact.retry_and_sms")
def test_never_reached_and_no_sms() -> None:
    t = qp(
        [
            *received_and_dispatched(),
            ("contact_attempted", "2026-10-08T09:00:00+08:00", UNIT),
            ("contact_attempted", "2026-10-08T10:30:00+08:00", UNIT),
        ]
    )
    ev = evaluate(PROFILE, t, "2026-10-12T00:00:00+08:00")
    assert contact_codes(ev) == ["contact.sms_missing"]
    f = next(f for f in ev.findings if f.code == "contact.sms_missing")
    assert (f.rule_id, f.severity) == ("first_contact.retry_and_sms", Severity.VIOLATION)
    assert clock(ev, "first_contact.one_working_day").state is ClockState.BREACHED
    assert ev.facts["first_contact_late"] is True


def test_contact_is_judged_per_unit_after_a_return() -> None:
    # 供排水管理所9:00联系未果，随即退单获准，9:30改派河道管理所，后者9:40第一次联系未果。
    # 12:00时：河道管理所的先行联系时限（10月8日改派 → 10月9日24时）仍在进行，尚未“始终无法联系”，
    # 不应报 contact.sms_missing；它9:40的联系是本单位第一次联系，不是距他单位9:00那次的“重试”，
    # 也不应报 contact.retry_too_soon（第九条第（一）项说的是同一承办单位的再次尝试）。
    t = qp(
        [
            *received_and_dispatched(),
            ("contact_attempted", "2026-10-08T09:00:00+08:00", UNIT),
            (
                "return_requested",
                "2026-10-08T09:10:00+08:00",
                UNIT,
                {"reason": "not_our_function", "evidence": ALL_EVIDENCE},
            ),
            ("return_approved", "2026-10-08T09:20:00+08:00", UNIT),
            ("redispatched", "2026-10-08T09:30:00+08:00", OTHER_UNIT),
            ("contact_attempted", "2026-10-08T09:40:00+08:00", OTHER_UNIT),
        ],
        **SIMPLE,
    )
    ev = evaluate(PROFILE, t, "2026-10-08T12:00:00+08:00")
    c = clock(ev, "first_contact.one_working_day", OTHER_UNIT)
    assert (c.state, c.due) == (ClockState.RUNNING, at("2026-10-10T00:00:00+08:00"))
    assert contact_codes(ev) == []


def test_sms_not_yet_missing_while_the_clock_runs() -> None:
    t = qp(
        [
            *received_and_dispatched(),
            ("contact_attempted", "2026-10-08T09:00:00+08:00", UNIT),
        ]
    )
    ev = evaluate(PROFILE, t, "2026-10-08T20:00:00+08:00")
    assert contact_codes(ev) == []


# ---- closure report ----------------------------------------------------------------------


def _completed(report: list[str] | None) -> Ticket:
    extra = {} if report is None else {"report": report}
    return qp([*received_and_dispatched(), ("completed", "2026-10-20T16:30:00+08:00", UNIT, extra)])


@cov.satisfies("closure_report.ten_elements")
def test_closure_report_with_all_ten_elements() -> None:
    ev = evaluate(PROFILE, _completed(ALL_ELEMENTS), "2026-10-21T00:00:00+08:00")
    assert [c for c in ev.codes() if c.startswith("closure.")] == []


@cov.breaks("closure_report.ten_elements")
def test_closure_report_incomplete() -> None:
    report = [e for e in ALL_ELEMENTS if e not in ("satisfaction", "handler_and_leader")]
    ev = evaluate(PROFILE, _completed(report), "2026-10-21T00:00:00+08:00")
    found = [f for f in ev.findings if f.code.startswith("closure.")]
    assert [(f.code, f.rule_id) for f in found] == [
        ("closure.report_incomplete", "closure_report.ten_elements")
    ]
    assert found[0].details["missing"] == ["satisfaction", "handler_and_leader"]
    assert "市民满意度情况" in found[0].message_zh


def test_completion_without_report_data_is_not_judged() -> None:
    ev = evaluate(PROFILE, _completed(None), "2026-10-21T00:00:00+08:00")
    assert [c for c in ev.codes() if c.startswith("closure.")] == []


# ---- KPIs: conditions on the facts of a satisfying and a non-satisfying ticket ------------


def _kpi(rule_id: str) -> Kpi:
    rule = engine(PROFILE).profile.rule(rule_id)
    assert isinstance(rule, Kpi)
    return rule


_CONTACT_ON_TIME = [*received_and_dispatched(), ("contacted", "2026-10-08T10:00:00+08:00", UNIT)]
_CONTACT_LATE = [*received_and_dispatched(), ("contacted", "2026-10-09T10:00:00+08:00", UNIT)]
_DONE_ON_TIME = [*_CONTACT_ON_TIME, ("completed", "2026-10-20T16:30:00+08:00", UNIT)]
_DONE_LATE = [*_CONTACT_ON_TIME, ("completed", "2026-10-21T09:00:00+08:00", UNIT)]
_AS_OF_KPI = "2026-10-31T00:00:00+08:00"

# (kpi id, satisfying events, non-satisfying events, is the non-satisfying one in the denominator)
KPI_CASES: list[tuple[str, list[Any], list[Any], bool]] = [
    ("kpi.first_contact_rate", _CONTACT_ON_TIME, _CONTACT_LATE, True),
    ("kpi.timely_handling_rate", _DONE_ON_TIME, _DONE_LATE, True),
    # 超时未办结的也计入分母
    ("kpi.timely_completion_rate", _DONE_ON_TIME, _CONTACT_ON_TIME, True),
    (
        "kpi.feedback_rate",
        [*_DONE_ON_TIME, ("reply_sent", "2026-10-21T10:00:00+08:00", UNIT)],
        _DONE_ON_TIME,
        True,
    ),
    (
        "kpi.satisfaction_rate",
        [
            *_DONE_ON_TIME,
            ("revisit", "2026-10-23T10:00:00+08:00", None, {"satisfaction": "basically_satisfied"}),
        ],
        [
            *_DONE_ON_TIME,
            ("revisit", "2026-10-23T10:00:00+08:00", None, {"satisfaction": "unsatisfied"}),
        ],
        True,
    ),
]
cov.mark(*(c[0] for c in KPI_CASES), satisfied=True, broken=True)


@pytest.mark.parametrize(
    ("rule_id", "good", "bad", "bad_counted"), KPI_CASES, ids=[c[0] for c in KPI_CASES]
)
def test_kpi_conditions(rule_id: str, good: list[Any], bad: list[Any], bad_counted: bool) -> None:
    kpi = _kpi(rule_id)
    ev_good = evaluate(PROFILE, qp(good), _AS_OF_KPI)
    ev_bad = evaluate(PROFILE, qp(bad), _AS_OF_KPI)
    assert kpi.denominator(ev_good.facts) is True
    assert kpi.numerator(ev_good.facts) is True
    assert kpi.numerator(ev_bad.facts) is False
    assert kpi.denominator(ev_bad.facts) is bad_counted


def test_kpi_denominators_leave_out_what_cannot_be_judged_yet() -> None:
    # 未到期未办结：不计入及时办结率分母；未回访：不计入满意率分母；未办结：不计入反馈率分母
    ev = evaluate(PROFILE, qp(_CONTACT_ON_TIME), "2026-10-15T00:00:00+08:00")
    assert _kpi("kpi.timely_completion_rate").denominator(ev.facts) is False
    assert _kpi("kpi.satisfaction_rate").denominator(ev.facts) is False
    assert _kpi("kpi.feedback_rate").denominator(ev.facts) is False


# ---- every rule is covered ---------------------------------------------------------------


def test_every_rule_has_a_satisfying_and_a_breaking_ticket() -> None:
    cov.assert_complete(NOT_TICKET_RULES)

"""The qingpu_water profile against its regulation (青水〔2020〕32号).

Every expected value below is written by hand from the text of
shared/seeds/qingpu_water.txt, not read back from the profile.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hotline_rules.profile import load_profile
from hotline_rules.profile.schema import (
    ClockRule,
    ExtensionRule,
    FirstContactRule,
    Kpi,
    Profile,
    ReturnRule,
    SupervisionTrigger,
)

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "qingpu_water.txt"


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile("qingpu_water").profile


def _rule(profile: Profile, rule_id: str, cls: type) -> Any:
    rule = profile.rule(rule_id)
    assert isinstance(rule, cls), f"{rule_id} is {type(rule).__name__}, expected {cls.__name__}"
    return rule


# ---- meta and the shape of the profile ----------------------------------------------------


def test_meta(profile: Profile) -> None:
    assert profile.meta.id == "qingpu_water"
    assert profile.meta.document.number == "青水〔2020〕32号"
    assert profile.meta.issuer == "上海市青浦区水务局"
    assert profile.meta.source_file == "qingpu_water.txt"
    # 第十四条“自印发日起实施”；落款“2020420”
    assert profile.meta.document.issued == date(2020, 4, 20)
    assert profile.meta.effective_from == date(2020, 4, 20)


EXPECTED_RULES = {
    "clocks": {
        "dispatch.same_day",
        "first_contact.one_working_day",
        "completion.hotline_12345.urgent_help",
        "completion.hotline_12345.complex",
        "completion.hotline_12345.difficult",
        "completion.hotline_12319.urgent_help",
        "completion.hotline_12319.complex",
        "completion.hotline_12319.difficult",
    },
    "extensions": {"extension.completion"},
    "returns": {"return.simple", "return.difficult"},
    "supervision": {
        "focus.leader_instructed",
        "focus.hotline_12345_review",
        "focus.untrue_or_flawed",
        "focus.repeat_calls_unsatisfied",
        "focus.other",
        "complex_difficult.historical",
        "complex_difficult.repeat_complaints",
        "complex_difficult.multi_department",
    },
    "first_contact": {"first_contact.retry_and_sms"},
    "closure_report": {"closure_report.ten_elements"},
    "kpis": {
        "kpi.first_contact_rate",
        "kpi.timely_handling_rate",
        "kpi.timely_completion_rate",
        "kpi.feedback_rate",
        "kpi.satisfaction_rate",
    },
    "duty_roster": {"duty.round_the_clock"},
}


def test_rule_ids_by_section(profile: Profile) -> None:
    found: dict[str, set[str]] = {}
    for section, rule in profile.rules():
        found.setdefault(section, set()).add(rule.id)
    assert found == EXPECTED_RULES
    assert len(profile.rules()) == 27


def test_every_rule_cites_an_article(profile: Profile) -> None:
    for _, rule in profile.rules():
        assert re.match(r"^第[一二三四五六七八九十百]+条", rule.cite.article), rule.id
        assert rule.cite.text.strip(), rule.id


def _norm(text: str) -> str:
    # the seed has ASCII punctuation, the profile full-width: compare after NFKC
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_every_quote_is_verbatim_from_the_regulation(profile: Profile) -> None:
    if not SEED.is_file():
        pytest.skip(f"seed text not available at {SEED}")
    seed = _norm(SEED.read_text(encoding="utf-8"))
    quotes: list[tuple[str, str]] = []
    for _, rule in profile.rules():
        quotes.append((rule.id, rule.cite.text))
        for attr in ("allowed_reasons", "evidence", "elements", "forbidden"):
            quotes.extend((f"{rule.id}.{item.id}", item.text) for item in getattr(rule, attr, ()))
    missing = [(where, text) for where, text in quotes if _norm(text) not in seed]
    assert missing == []


def test_cite_articles(profile: Profile) -> None:
    article = {rule.id: rule.cite.article for _, rule in profile.rules()}
    assert article["dispatch.same_day"] == "第八条"
    assert article["duty.round_the_clock"] == "第四条"
    assert {article[i] for i in EXPECTED_RULES["kpis"]} == {"第七条"}
    assert {article[i] for i in EXPECTED_RULES["supervision"] if i.startswith("focus.")} == {
        "第十条"
    }
    assert {
        article[i] for i in EXPECTED_RULES["supervision"] if i.startswith("complex_difficult.")
    } == {"第十三条"}
    for rule_id in (
        EXPECTED_RULES["returns"]
        | EXPECTED_RULES["extensions"]
        | EXPECTED_RULES["first_contact"]
        | EXPECTED_RULES["closure_report"]
        | {r for r in EXPECTED_RULES["clocks"] if r != "dispatch.same_day"}
    ):
        assert article[rule_id] == "第九条", rule_id


def test_vocabulary_additions(profile: Profile) -> None:
    assert set(profile.vocabulary.clocks) == {"dispatch"}
    assert set(profile.vocabulary.events) == {"returned_upstream"}
    assert {
        "complex_assignment",
        "upper_return_refused",
        "upper_verification_redispatch",
        "upper_designated_lead",
        "multiple_callers",
        "other_supervision_needed",
        "bureau_coordination_needed",
    } == set(profile.vocabulary.tags)


def test_unencoded_covers_every_article_not_encoded(profile: Profile) -> None:
    unencoded = [u.article for u in profile.unencoded]
    for art in (
        "第一条",
        "第二条",
        "第三条",
        "第五条",
        "第六条",
        "第十一条",
        "第十二条",
        "第十四条",
    ):
        assert art in unencoded, art
    encoded = {rule.cite.article for _, rule in profile.rules()}
    assert encoded == {"第四条", "第七条", "第八条", "第九条", "第十条", "第十三条"}
    cannot = [
        u for u in profile.unencoded if u.reason.startswith("profile language cannot express")
    ]
    assert {u.article for u in cannot} == {
        "第七条第（三）项（不纳入测评件、转办工单的审核）、第（五）项",
    }
    for u in profile.unencoded:
        assert u.reason.strip(), u.article


# ---- 第八条第（三）项：当日转派 -----------------------------------------------------------------


def test_dispatch_same_day(profile: Profile) -> None:
    rule = _rule(profile, "dispatch.same_day", ClockRule)
    assert rule.clock == "dispatch"
    assert str(rule.duration) == "same_day"
    assert rule.duration.zh == "当日"
    assert rule.starts_on == "received"
    assert set(rule.stops_on) == {"dispatched", "completed", "returned_upstream"}
    assert rule.cite.item == "第（三）项"
    assert rule.binding is False  # 原则上“当日分类、当日转派”
    assert rule.when({"channel": "hotline_12345", "tags": set()})
    assert rule.when({})
    # 如遇复杂情况，由局综合管理科汇报局分管领导，明确承办单位后转派：no same-day limit
    assert not rule.when({"tags": {"complex_assignment"}})


# ---- 第九条第（一）项：先行联系 -----------------------------------------------------------------


def test_first_contact_clock(profile: Profile) -> None:
    rule = _rule(profile, "first_contact.one_working_day", ClockRule)
    assert rule.clock == "first_contact"
    assert str(rule.duration) == "1 working_days"
    assert rule.starts_on == "dispatched"
    assert set(rule.stops_on) == {"contacted", "sms_sent"}
    assert rule.on_redispatch == "restart"
    assert rule.binding is True
    assert rule.when({"channel": "hotline_12319"})


def test_first_contact_retries(profile: Profile) -> None:
    rule = _rule(profile, "first_contact.retry_and_sms", FirstContactRule)
    assert rule.clock == "first_contact"
    assert str(rule.retry_min_interval) == "1 hours"  # 不少于1个小时
    assert rule.binding is False  # “建议”
    assert rule.fallback == "sms"  # 应发送短信告知诉求人
    assert rule.cite.item == "第（一）项"


# ---- 第九条第（三）项第1目：1310 / 135 ------------------------------------------------------------

COMPLETION = {
    "completion.hotline_12345.urgent_help": ("1 working_days", "hotline_12345"),
    "completion.hotline_12345.complex": ("3 working_days", "hotline_12345"),
    "completion.hotline_12345.difficult": ("10 working_days", "hotline_12345"),
    "completion.hotline_12319.urgent_help": ("1 days", "hotline_12319"),
    "completion.hotline_12319.complex": ("3 days", "hotline_12319"),
    "completion.hotline_12319.difficult": ("5 days", "hotline_12319"),
}


@pytest.mark.parametrize(("rule_id", "expected"), sorted(COMPLETION.items()))
def test_completion_durations(profile: Profile, rule_id: str, expected: tuple[str, str]) -> None:
    duration, channel = expected
    rule = _rule(profile, rule_id, ClockRule)
    assert rule.clock == "completion"
    assert str(rule.duration) == duration
    assert rule.starts_on == "received"  # 收件之日起：本局收件
    # 第八条第（一）项：直接退回上级热线（returned_upstream）后工单已不在本局，办结时限随之停止
    assert rule.stops_on == ("completed", "returned_upstream")
    assert rule.on_redispatch == "continue"
    assert rule.counting.ends_at == "end_of_day"
    assert rule.counting.rollover is False  # 12319“时间为自然日”；12345 为工作日，不适用
    assert rule.cite.item == "第（三）项第1目"
    assert rule.binding is True
    assert rule.when({"channel": channel, "kind": "complaint", "complexity": "difficult"}) == (
        rule_id.endswith(".difficult")
    )
    assert rule.note


def test_12345_counts_whole_working_days(profile: Profile) -> None:
    for rule_id in COMPLETION:
        if "12345" in rule_id:
            assert _rule(profile, rule_id, ClockRule).counting.style == "calendar"


TICKETS: list[tuple[dict[str, Any], str | None]] = [
    # 12345 “1310”
    (
        {"channel": "hotline_12345", "urgency": "emergency", "kind": "help"},
        "completion.hotline_12345.urgent_help",
    ),
    (
        {"channel": "hotline_12345", "urgency": "urgent", "kind": "help", "complexity": "simple"},
        "completion.hotline_12345.urgent_help",
    ),
    (
        {
            "channel": "hotline_12345",
            "urgency": "emergency",
            "kind": "help",
            "complexity": "difficult",
        },
        "completion.hotline_12345.urgent_help",
    ),
    (
        {
            "channel": "hotline_12345",
            "urgency": "normal",
            "kind": "complaint",
            "complexity": "complex",
        },
        "completion.hotline_12345.complex",
    ),
    (
        {"channel": "hotline_12345", "kind": "consultation", "complexity": "simple"},
        "completion.hotline_12345.complex",
    ),
    ({"channel": "hotline_12345", "kind": "suggestion"}, "completion.hotline_12345.complex"),
    (
        {"channel": "hotline_12345", "urgency": "normal", "kind": "help", "complexity": "complex"},
        "completion.hotline_12345.complex",
    ),
    (
        {
            "channel": "hotline_12345",
            "urgency": "emergency",
            "kind": "complaint",
            "complexity": "complex",
        },
        "completion.hotline_12345.complex",
    ),
    (
        {"channel": "hotline_12345", "kind": "complaint", "complexity": "difficult"},
        "completion.hotline_12345.difficult",
    ),
    (
        {"channel": "hotline_12345", "kind": "report", "complexity": "difficult"},
        "completion.hotline_12345.difficult",
    ),
    (
        {
            "channel": "hotline_12345",
            "urgency": "urgent",
            "kind": "consultation",
            "complexity": "difficult",
        },
        "completion.hotline_12345.difficult",
    ),
    # 12319 “135”, natural days
    (
        {"channel": "hotline_12319", "urgency": "emergency", "kind": "help"},
        "completion.hotline_12319.urgent_help",
    ),
    (
        {"channel": "hotline_12319", "kind": "complaint", "complexity": "complex"},
        "completion.hotline_12319.complex",
    ),
    (
        {"channel": "hotline_12319", "kind": "help", "complexity": "difficult"},
        "completion.hotline_12319.difficult",
    ),
    # “12345工单按照1310时限办结”: every 12345 order, 举报 and 表扬 too (the 3-day tier)
    (
        {"channel": "hotline_12345", "kind": "report", "complexity": "simple"},
        "completion.hotline_12345.complex",
    ),
    ({"channel": "hotline_12345", "kind": "praise"}, "completion.hotline_12345.complex"),
    ({"channel": "hotline_12319", "kind": "praise"}, "completion.hotline_12319.complex"),
    # no limit in the text for other sources: not invented
    ({"channel": "online_platform", "urgency": "emergency", "kind": "help"}, None),
    ({"kind": "complaint", "complexity": "difficult"}, None),
]


@pytest.mark.parametrize(("facts", "expected"), TICKETS)
def test_exactly_the_right_completion_clock(
    profile: Profile, facts: dict[str, Any], expected: str | None
) -> None:
    applying = [c.id for c in profile.clocks_named("completion") if c.when(facts)]
    assert applying == ([] if expected is None else [expected])


# ---- 第九条第（三）项第2目：延期 ------------------------------------------------------------------


def test_extension(profile: Profile) -> None:
    rule = _rule(profile, "extension.completion", ExtensionRule)
    assert rule.clocks == ("completion",)
    assert [str(c) for c in rule.choices] == [
        "15 working_days",
        "30 working_days",
        "60 working_days",
        "90 working_days",
    ]
    assert rule.max_each is None
    assert rule.added_to == "original_due"  # 在原办理期限基础上增加
    assert rule.max_count == 1  # 已延期过一次的工单不得再次延期
    assert str(rule.no_request_within) == "5 working_days"  # 到期前5个工作日内不再办理
    assert rule.request_within_limit is True
    assert rule.approval == ("局综合管理科初审", "上级热线审核")
    assert rule.cite.item == "第（三）项第2目"
    assert rule.when({"channel": "hotline_12345"})
    assert rule.when({"channel": "hotline_12319"})


# ---- 第九条第（二）项：退单 -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "window", "complexity_true", "complexity_false"),
    [
        ("return.simple", "1 working_days", ["simple", "complex", None], ["difficult"]),
        ("return.difficult", "3 working_days", ["difficult"], ["simple", "complex", None]),
    ],
)
def test_return_windows(
    profile: Profile,
    rule_id: str,
    window: str,
    complexity_true: list[str | None],
    complexity_false: list[str | None],
) -> None:
    rule = _rule(profile, rule_id, ReturnRule)
    assert str(rule.window) == window
    assert rule.window_starts_on == "dispatched"
    assert rule.approval == ("本单位分管领导", "局综合管理科")
    assert rule.missed_window == "deemed_accepted"  # 逾期不退，视作接单
    assert rule.max_returns == 1  # 不得二次退单
    assert rule.in_principle is True  # 原则上
    assert rule.clock_on_redispatch == "continue"
    assert rule.cite.item == "第（二）项第3目"
    for c in complexity_true:
        assert rule.when({} if c is None else {"complexity": c}), c
    for c in complexity_false:
        assert not rule.when({} if c is None else {"complexity": c}), c


def test_exactly_one_return_window_per_ticket(profile: Profile) -> None:
    for facts in (
        {},
        {"complexity": "simple"},
        {"complexity": "complex"},
        {"complexity": "difficult"},
    ):
        assert len([r for r in profile.returns if r.when(facts)]) == 1, facts


@pytest.mark.parametrize("rule_id", ["return.simple", "return.difficult"])
def test_return_reasons_forbidden_and_evidence(profile: Profile, rule_id: str) -> None:
    rule = _rule(profile, rule_id, ReturnRule)
    assert [r.text for r in rule.allowed_reasons] == [
        "反映内容确定不属于本部门职能范围的",
        "反映事项关键要素经核实不全而无法办理的",
        "同一反映人反映相同问题，且首次工单已办理延期并仍处于办理时限内的",
        "其他不在受理范围内的",
    ]
    assert [e.text for e in rule.evidence] == [
        "现场核查情况（含现场照片）",
        "退单依据",
        "建议处置部门",
        "录音",
        "有法律依据的应写明所依法条",
        "有文件规定的应写明文号及相关内容",
    ]
    forbidden = {f.id: f.when for f in rule.forbidden}
    assert set(forbidden) == {"upper_refused_or_verification", "upper_designated_lead"}
    refused = forbidden["upper_refused_or_verification"]
    assert refused({"tags": {"upper_return_refused"}})
    assert refused({"tags": {"upper_verification_redispatch"}})
    assert not refused({"tags": {"upper_designated_lead"}})
    assert not refused({})
    lead = forbidden["upper_designated_lead"]
    assert lead({"tags": {"upper_designated_lead"}})
    assert not lead({"tags": {"upper_return_refused"}})


# ---- 第九条第（四）项：办结报告 -------------------------------------------------------------------


def test_closure_report_ten_elements(profile: Profile) -> None:
    (rule,) = profile.closure_report
    assert [e.text for e in rule.elements] == [
        "先行联系情况",
        "现场查看情况",
        "事实认定情况",
        "诉求认定情况",
        "工单办理情况及相关规定、政策依据",
        "办理结果",
        "答复市民情况",
        "市民满意度情况",
        "需要说明的其他情况",
        "经办人、负责人信息",
    ]
    assert rule.when({"channel": "hotline_12319"})


# ---- 第十条、第十三条：监督与复杂疑难事项 -----------------------------------------------------------

SUPERVISION: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("focus.leader_instructed", {"tags": {"leader_assigned"}}, {"tags": {"multi_department"}}),
    (
        "focus.hotline_12345_review",
        {"channel": "hotline_12345", "tags": {"review_requested"}},
        {"channel": "hotline_12319", "tags": {"review_requested"}},
    ),
    ("focus.untrue_or_flawed", {"tags": {"process_flawed"}}, {"tags": set()}),
    ("focus.untrue_or_flawed", {"tags": {"result_untrue"}}, {}),
    (
        "focus.repeat_calls_unsatisfied",
        {"repeat_count": 2, "satisfaction": "unsatisfied"},
        {"repeat_count": 1, "satisfaction": "unsatisfied"},
    ),
    (
        "focus.repeat_calls_unsatisfied",
        {"repeat_count": 1, "tags": {"multiple_callers"}, "satisfaction": "unsatisfied"},
        {"repeat_count": 3, "tags": {"multiple_callers"}, "satisfaction": "basically_satisfied"},
    ),
    ("focus.other", {"tags": {"other_supervision_needed"}}, {"tags": {"leader_assigned"}}),
    ("complex_difficult.historical", {"tags": {"historical_issue"}}, {"complexity": "difficult"}),
    ("complex_difficult.repeat_complaints", {"repeat_count": 5}, {"repeat_count": 4}),
    ("complex_difficult.repeat_complaints", {"repeat_count": 9, "kind": "help"}, {}),
    (
        "complex_difficult.multi_department",
        {"tags": {"multi_department", "bureau_coordination_needed"}},
        {"tags": {"multi_department"}},
    ),
]


@pytest.mark.parametrize(("rule_id", "true_facts", "false_facts"), SUPERVISION)
def test_supervision_triggers(
    profile: Profile, rule_id: str, true_facts: dict[str, Any], false_facts: dict[str, Any]
) -> None:
    rule = _rule(profile, rule_id, SupervisionTrigger)
    assert rule.when(true_facts)
    assert not rule.when(false_facts)


def test_supervision_actions(profile: Profile) -> None:
    for rule in profile.supervision:
        if rule.id.startswith("focus."):
            assert rule.actions == ("focus_supervision",), rule.id
            assert rule.by == "局综合管理科"
        else:
            # 批办单、协调会
            assert rule.actions == ("approval_sheet", "coordination_meeting"), rule.id
            assert rule.by is not None and "批办单" in rule.by and "协调会" in rule.by
    judged = {r.id for r in profile.supervision if r.judgement}
    assert judged == {
        "focus.untrue_or_flawed",
        "focus.other",
        "complex_difficult.historical",
        "complex_difficult.multi_department",
    }


def test_five_or_more_includes_five(profile: Profile) -> None:
    rule = _rule(profile, "complex_difficult.repeat_complaints", SupervisionTrigger)
    assert rule.when.source == {"repeat_count": {"at_least": 5}}
    assert [n for n in range(1, 8) if rule.when({"repeat_count": n})] == [5, 6, 7]


# ---- 第七条第（二）项：指标 -----------------------------------------------------------------------


def test_kpi_names(profile: Profile) -> None:
    assert [k.name_zh for k in profile.kpis] == [
        "先行联系率",
        "及时处置率",
        "及时办结率",
        "处理反馈率",
        "市民满意率",
    ]
    for kpi in profile.kpis:
        assert kpi.defined_by_regulation is False, kpi.id
        assert kpi.note, kpi.id  # the profile's own 口径
        assert kpi.higher_is_better is True


def test_kpi_definitions(profile: Profile) -> None:
    done_on_time = {"completed": True, "overdue": False, "first_contact_late": False}
    late_open = {"completed": False, "overdue": True, "first_contact_late": False}
    k = {r.id: r for r in profile.kpis}
    assert isinstance(k["kpi.timely_completion_rate"], Kpi)

    rate = k["kpi.timely_completion_rate"]
    assert rate.numerator(done_on_time) and rate.denominator(done_on_time)
    assert not rate.numerator(late_open) and rate.denominator(late_open)
    assert not rate.denominator({"completed": False, "overdue": False})

    contact = k["kpi.first_contact_rate"]
    assert contact.numerator({"first_contact_late": False})
    assert not contact.numerator({"first_contact_late": True})

    handling = k["kpi.timely_handling_rate"]
    assert handling.numerator(done_on_time)
    assert not handling.numerator(late_open)
    assert not handling.numerator({"overdue": False, "first_contact_late": True})

    feedback = k["kpi.feedback_rate"]
    assert feedback.numerator({"completed": True, "reported": True})
    assert not feedback.numerator({"completed": True, "reported": False})
    assert not feedback.denominator({"completed": False})

    satisfied = k["kpi.satisfaction_rate"]
    assert satisfied.numerator({"satisfaction": "basically_satisfied"})
    assert not satisfied.numerator({"satisfaction": "unsatisfied"})
    assert satisfied.denominator({"satisfaction": "unsatisfied"})
    assert not satisfied.denominator({})


# ---- 第四条：7×24 --------------------------------------------------------------------------------


def test_duty_round_the_clock(profile: Profile) -> None:
    (window,) = profile.duty_roster
    assert (window.start, window.end) == ("00:00", "24:00")
    assert window.days == "every_day"
    assert window.next_day is False
    assert window.who == "局综合管理科（三级承办单位）"
    assert window.cite.article == "第四条"

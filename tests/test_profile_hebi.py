"""The hebi profile (鹤壁市政务服务平台咨询投诉建议处理暂行办法) against its text.

Every number below is written by hand from shared/seeds/hebi.txt, not read
back from the profile: a changed time limit in the YAML must fail here.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hotline_rules.profile import load_profile
from hotline_rules.profile.schema import ClockRule, Profile

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "hebi.txt"
ARTICLE_RE = re.compile(r"^第[一二三四五六七八九十百]+条")
HOTLINE = "hotline_12345"


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile("hebi").profile


def clock_rule(profile: Profile, rule_id: str) -> ClockRule:
    rule = profile.rule(rule_id)
    assert isinstance(rule, ClockRule), rule_id
    return rule


def applicable(profile: Profile, clock: str, facts: dict[str, Any]) -> list[str]:
    return [r.id for r in profile.clocks_named(clock) if r.when(facts)]


# ---- meta ---------------------------------------------------------------------------------


def test_meta(profile: Profile) -> None:
    meta = profile.meta
    assert meta.id == "hebi"
    assert meta.issuer == "鹤壁市政务服务和大数据管理局"
    assert meta.document.title == "鹤壁市政务服务平台咨询投诉建议处理暂行办法"
    assert meta.document.issued == date(2020, 8, 17)
    assert meta.effective_from == date(2020, 8, 17)  # 第十二条 发布之日起暂行
    assert meta.effective_until is None
    assert meta.source_file == "hebi.txt"
    assert len(meta.based_on) == 2
    assert "国办电政函〔2019〕233号" in meta.based_on[0]
    assert "豫大数据〔2020〕23号" in meta.based_on[1]


def test_rule_ids(profile: Profile) -> None:
    assert {r.id for _, r in profile.rules()} == {
        "first_contact.online_unclear",
        "completion.online",
        "completion.online_complex",
        "completion.hotline_transfer",
        "completion.hotline_joint",
        "reply.hotline_transfer",
        "reply.hotline_joint",
        "reply.hall_complaint_complex",
        "completion.hall_written_complaint",
        "reply.hall_written_complaint",
        "feedback.hall_suggestion",
        "extension.hotline_joint_special",
        "supervision.online_quality_check_failed",
        "supervision.hotline_escalated",
        "supervision.hotline_overdue_urge",
        "supervision.hotline_review_improper",
        "supervision.hall_complaint_overdue",
        "supervision.hall_oral_complaint_overdue",
        "platform_report.hotline_transfer",
        "screening.harmful_content",
        "screening.no_concrete_content",
        "screening.outside_scope",
        "screening.other_unlawful",
        "kpi.complaint_rate",
        "kpi.on_time_completion",
        "kpi.revisit_satisfaction",
        "assessment.annual_performance",
        "duty.online_platform",
        "duty.hotline_12345",
        "accountability.privacy_breach",
    }


def test_rule_count_by_section(profile: Profile) -> None:
    counts: dict[str, int] = {}
    for section, _ in profile.rules():
        counts[section] = counts.get(section, 0) + 1
    assert counts == {
        "clocks": 12,
        "extensions": 1,
        "supervision": 6,
        "screening": 4,
        "kpis": 3,
        "duty_roster": 2,
        "accountability.circumstances": 1,
        "assessment": 1,
    }


# ---- citations ----------------------------------------------------------------------------


def test_every_rule_cites_an_article(profile: Profile) -> None:
    for _, rule in profile.rules():
        assert ARTICLE_RE.match(rule.cite.article), rule.id
        assert rule.cite.text.strip(), rule.id


@pytest.mark.skipif(not SEED.is_file(), reason="seed text not beside the checkout")
def test_cited_words_are_the_regulations(profile: Profile) -> None:
    seed = SEED.read_text(encoding="utf-8")
    for _, rule in profile.rules():
        assert rule.cite.text in seed, rule.id
    for reason in profile.screening:
        assert reason.text in seed, reason.id


def test_every_article_is_encoded_or_explained(profile: Profile) -> None:
    articles = [
        "第一条",
        "第二条",
        "第三条",
        "第四条",
        "第五条",
        "第六条",
        "第七条",
        "第八条",
        "第九条",
        "第十条",
        "第十一条",
        "第十二条",
    ]
    cited = {r.cite.article for _, r in profile.rules()}
    unencoded = [u.article for u in profile.unencoded]
    for article in articles:
        covered = article in cited or any(
            u == article or u.startswith(article + "（") or u.startswith(article + "第")
            for u in unencoded
        )
        assert covered, article
    for u in profile.unencoded:
        assert u.reason.strip(), u.article


def test_language_gaps_are_named(profile: Profile) -> None:
    gaps = {u.article for u in profile.unencoded if "profile language cannot express" in u.reason}
    assert gaps == {
        "第六条第（一）项第1目（紧急类、能够立即解决的）",
        "第六条第（一）项第1目（法律、行政法规另有规定的，从其规定）",
        "第六条第（一）项第2目（主管领导审阅、质检后反馈）",
        "第六条第（二）项第1目（1）即办",
        "第六条第（二）项第1目（2）直办",
        "第六条第（三）项第1目",
        "第六条第（三）项第2目（1）口头投诉当场答复",
    }


# ---- time limits --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "clock", "duration", "starts_on", "stops_on"),
    [
        # 第六条(一) “1、5、15”
        (
            "first_contact.online_unclear",
            "first_contact",
            "1 working_days",
            "dispatched",
            ("contacted",),
        ),
        ("completion.online", "completion", "5 working_days", "dispatched", ("completed",)),
        (
            "completion.online_complex",
            "completion",
            "15 working_days",
            "dispatched",
            ("completed",),
        ),
        # 第六条(二) 转办 10个工作日, 协办 15个工作日, 回复按期限
        (
            "completion.hotline_transfer",
            "completion",
            "10 working_days",
            "dispatched",
            ("completed",),
        ),
        ("completion.hotline_joint", "completion", "15 working_days", "dispatched", ("completed",)),
        (
            "reply.hotline_transfer",
            "reply",
            "10 working_days",
            "dispatched",
            ("reply_sent", "written_reply_sent"),
        ),
        (
            "reply.hotline_joint",
            "reply",
            "15 working_days",
            "dispatched",
            ("reply_sent", "written_reply_sent"),
        ),
        # 第六条(三) 大厅: 复杂或两个以上部门的投诉 5个工作日, 书面投诉 5个工作日书面答复, 建议 5个工作日反馈
        (
            "reply.hall_complaint_complex",
            "reply",
            "5 working_days",
            "received",
            ("reply_sent", "written_reply_sent"),
        ),
        (
            "completion.hall_written_complaint",
            "completion",
            "5 working_days",
            "received",
            ("completed",),
        ),
        (
            "reply.hall_written_complaint",
            "reply",
            "5 working_days",
            "received",
            ("written_reply_sent",),
        ),
        (
            "feedback.hall_suggestion",
            "feedback",
            "5 working_days",
            "dispatched",
            ("reply_sent", "written_reply_sent"),
        ),
    ],
)
def test_clock(
    profile: Profile,
    rule_id: str,
    clock: str,
    duration: str,
    starts_on: str,
    stops_on: tuple[str, ...],
) -> None:
    rule = clock_rule(profile, rule_id)
    assert rule.clock == clock
    assert str(rule.duration) == duration
    assert rule.starts_on == starts_on
    assert rule.stops_on == stops_on
    assert rule.counting.ends_at == "end_of_day"
    assert rule.counting.style == "calendar"
    assert rule.warn_before == ()  # the text sets no warnings
    assert rule.note, rule_id  # each one records how it was read


def test_chinese_forms_of_durations(profile: Profile) -> None:
    assert clock_rule(profile, "first_contact.online_unclear").duration.zh == "1个工作日"
    assert clock_rule(profile, "completion.hotline_transfer").duration.zh == "10个工作日"
    assert clock_rule(profile, "completion.hotline_joint").duration.zh == "15个工作日"


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"channel": "online_platform"}, "completion.online"),
        ({"channel": "online_platform", "complexity": "simple"}, "completion.online"),
        ({"channel": "online_platform", "complexity": "complex"}, "completion.online_complex"),
        ({"channel": "online_platform", "complexity": "difficult"}, "completion.online_complex"),
        (
            {"channel": "online_platform", "tags": {"unclear_request"}, "kind": "complaint"},
            "completion.online",
        ),
        ({"channel": HOTLINE, "handling": "transfer"}, "completion.hotline_transfer"),
        ({"channel": HOTLINE, "handling": "joint"}, "completion.hotline_joint"),
        ({"channel": "web", "handling": "joint"}, "completion.hotline_joint"),
        (
            {"channel": HOTLINE, "handling": "transfer", "complexity": "complex"},
            "completion.hotline_transfer",
        ),
        (
            {"channel": "service_hall", "kind": "complaint", "tags": {"written_complaint"}},
            "completion.hall_written_complaint",
        ),
        (
            {
                "channel": "service_hall",
                "kind": "complaint",
                "complexity": "complex",
                "tags": {"written_complaint", "multi_department"},
            },
            "completion.hall_written_complaint",
        ),
    ],
)
def test_exactly_one_completion_rule(
    profile: Profile, facts: dict[str, Any], expected: str
) -> None:
    assert applicable(profile, "completion", facts) == [expected]


@pytest.mark.parametrize(
    "facts",
    [
        {"channel": HOTLINE, "handling": "immediate"},  # 即办: 即时答复, no number
        {"channel": HOTLINE, "handling": "direct"},  # 直办: 立即转交, no number
        {"channel": HOTLINE, "handling": "escalated"},  # 呈办: no time limit
        {"channel": "service_hall", "kind": "consultation"},  # 现场解答
        # an oral complaint at the hall has a reply limit only
        {"channel": "service_hall", "kind": "complaint", "complexity": "complex"},
        # 法律、行政法规另有规定的，从其规定
        {"channel": "online_platform", "tags": {"statutory_time_limit"}},
        {"channel": "online_platform", "complexity": "complex", "tags": {"statutory_time_limit"}},
    ],
)
def test_no_completion_rule(profile: Profile, facts: dict[str, Any]) -> None:
    assert applicable(profile, "completion", facts) == []


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"channel": HOTLINE, "handling": "transfer"}, ["reply.hotline_transfer"]),
        ({"channel": HOTLINE, "handling": "joint"}, ["reply.hotline_joint"]),
        ({"channel": HOTLINE, "handling": "immediate"}, []),
        (
            {"channel": "service_hall", "kind": "complaint", "complexity": "complex"},
            ["reply.hall_complaint_complex"],
        ),
        (
            {"channel": "service_hall", "kind": "complaint", "tags": {"multi_department"}},
            ["reply.hall_complaint_complex"],
        ),
        # a simple oral complaint: 尽可能当场做出答复, no number
        ({"channel": "service_hall", "kind": "complaint", "complexity": "simple"}, []),
        (
            {"channel": "service_hall", "kind": "complaint", "tags": {"written_complaint"}},
            ["reply.hall_written_complaint"],
        ),
        (
            {
                "channel": "service_hall",
                "kind": "complaint",
                "tags": {"written_complaint", "multi_department"},
            },
            ["reply.hall_written_complaint"],
        ),
        ({"channel": "service_hall", "kind": "suggestion"}, []),
        ({"channel": "online_platform"}, []),
    ],
)
def test_reply_rules(profile: Profile, facts: dict[str, Any], expected: list[str]) -> None:
    assert applicable(profile, "reply", facts) == expected


def test_feedback_on_suggestions_at_the_hall_only(profile: Profile) -> None:
    assert applicable(profile, "feedback", {"channel": "service_hall", "kind": "suggestion"}) == [
        "feedback.hall_suggestion"
    ]
    assert applicable(profile, "feedback", {"channel": HOTLINE, "kind": "suggestion"}) == []
    assert applicable(profile, "feedback", {"channel": "service_hall", "kind": "complaint"}) == []


def test_first_contact_only_for_unclear_online_requests(profile: Profile) -> None:
    unclear = {"channel": "online_platform", "tags": {"unclear_request"}}
    assert applicable(profile, "first_contact", unclear) == ["first_contact.online_unclear"]
    assert applicable(profile, "first_contact", {"channel": "online_platform"}) == []
    assert (
        applicable(profile, "first_contact", {"channel": HOTLINE, "tags": {"unclear_request"}})
        == []
    )
    statutory = {"channel": "online_platform", "tags": {"unclear_request", "statutory_time_limit"}}
    assert applicable(profile, "first_contact", statutory) == []


# ---- extension ----------------------------------------------------------------------------


def test_joint_extension_has_no_number(profile: Profile) -> None:
    (ext,) = profile.extensions
    assert ext.id == "extension.hotline_joint_special"
    assert ext.max_each is None  # 适当延长: no number
    assert ext.max_count is None
    assert ext.max_total is None
    assert ext.choices == ()
    assert ext.clocks == ("completion", "reply")
    assert ext.approval == ("市政府领导",)
    assert "情况特别复杂" in ext.requirements
    assert ext.when({"channel": HOTLINE, "handling": "joint"})
    assert not ext.when({"channel": HOTLINE, "handling": "transfer"})
    assert not ext.when({"channel": "online_platform", "handling": "joint"})
    assert ext.note


# ---- supervision --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "actions", "true_facts", "false_facts"),
    [
        (
            "supervision.hotline_overdue_urge",
            ("urge",),
            {"channel": HOTLINE, "handling": "transfer", "overdue": True, "completed": False},
            {"channel": HOTLINE, "handling": "transfer", "overdue": True, "completed": True},
        ),
        (
            "supervision.online_quality_check_failed",
            ("return_for_redo",),
            {"channel": "online_platform", "tags": {"quality_check_failed"}},
            {"channel": "online_platform", "tags": set()},
        ),
        (
            "supervision.hotline_escalated",
            ("government_supervision",),
            {"channel": HOTLINE, "handling": "escalated"},
            {"channel": HOTLINE, "handling": "joint"},
        ),
        (
            "supervision.hotline_review_improper",
            ("return_for_redo",),
            {"channel": HOTLINE, "tags": {"review_requested", "review_confirmed_improper"}},
            {"channel": HOTLINE, "tags": {"review_requested"}, "satisfaction": "unsatisfied"},
        ),
        (
            "supervision.hall_complaint_overdue",
            ("explain_delay", "track_until_done"),
            {"channel": "service_hall", "kind": "complaint", "overdue": True, "completed": False},
            {"channel": "service_hall", "kind": "complaint", "overdue": False, "completed": False},
        ),
    ],
)
def test_supervision(
    profile: Profile,
    rule_id: str,
    actions: tuple[str, ...],
    true_facts: dict[str, Any],
    false_facts: dict[str, Any],
) -> None:
    rule = next(r for r in profile.supervision if r.id == rule_id)
    assert rule.actions == actions
    assert rule.when(true_facts)
    assert not rule.when(false_facts)
    assert rule.note


def test_urge_is_for_the_hotline_only(profile: Profile) -> None:
    rule = next(r for r in profile.supervision if r.id == "supervision.hotline_overdue_urge")
    assert rule.when({"channel": "web", "overdue": True, "completed": False})
    assert not rule.when({"channel": "online_platform", "overdue": True, "completed": False})
    assert not rule.when({"channel": HOTLINE, "overdue": False, "completed": False})


def test_judgement_flags(profile: Profile) -> None:
    judged = {r.id for r in profile.supervision if r.judgement}
    assert judged == {"supervision.hotline_review_improper"}


# ---- screening ----------------------------------------------------------------------------


def test_four_screening_reasons(profile: Profile) -> None:
    reasons = {r.cite.item: r.text for r in profile.screening}
    assert reasons == {
        "第（一）项": "危害国家安全、破坏民族团结、煽动非法集会、扰乱社会秩序、封建迷信的",
        "第（二）项": "缺乏具体内容、诉求不明、无理纠缠、侮辱谩骂、重复投诉的",
        "第（三）项": "涉及信访、纪检监察、行政复议、涉法涉诉等非政务服务范围的",
        "第（四）项": "其他违反国家法律法规和有关规定的",
    }
    assert all(r.cite.article == "第五条" for r in profile.screening)


# ---- KPIs, assessment ---------------------------------------------------------------------


def test_kpis(profile: Profile) -> None:
    kpis = {k.id: k for k in profile.kpis}
    assert {k.name_zh for k in kpis.values()} == {
        "被投诉率",
        "咨询投诉建议按期办结率",
        "抽查回访满意率",
    }
    for kpi in kpis.values():
        assert kpi.defined_by_regulation is False
        assert kpi.cite.article == "第九条"
        assert kpi.note
    assert kpis["kpi.complaint_rate"].higher_is_better is False
    assert kpis["kpi.on_time_completion"].higher_is_better is True

    rate = kpis["kpi.complaint_rate"]
    assert rate.numerator({"kind": "complaint"})
    assert not rate.numerator({"kind": "consultation"})
    assert rate.denominator({"kind": "suggestion"})

    on_time = kpis["kpi.on_time_completion"]
    assert on_time.numerator({"completed": True, "overdue": False})
    assert not on_time.numerator({"completed": True, "overdue": True})
    assert on_time.denominator({"completed": False, "overdue": True})  # late and still open
    assert not on_time.denominator({"completed": False, "overdue": False})  # not yet due

    sat = kpis["kpi.revisit_satisfaction"]
    assert sat.numerator({"satisfaction": "basically_satisfied"})
    assert not sat.numerator({"satisfaction": "unsatisfied"})
    assert sat.denominator({"satisfaction": "unsatisfied"})
    assert not sat.denominator({})  # not revisited


def test_assessment(profile: Profile) -> None:
    a = profile.assessment
    assert a is not None
    assert a.periods == ("year",)  # 纳入年终绩效考核
    assert a.thresholds_set is False
    assert a.grades == ()
    assert set(a.metrics) == {k.id for k in profile.kpis}


# ---- duty roster, accountability ----------------------------------------------------------


def test_duty_roster_7x24(profile: Profile) -> None:
    assert {w.id for w in profile.duty_roster} == {"duty.online_platform", "duty.hotline_12345"}
    for w in profile.duty_roster:
        assert (w.start, w.end, w.days, w.next_day) == ("00:00", "24:00", "every_day", False)
        assert w.cite.article == "第二条"


def test_privacy_accountability(profile: Profile) -> None:
    (c,) = profile.accountability.circumstances
    assert c.id == "accountability.privacy_breach"
    assert c.cite.article == "第十一条"
    assert c.judgement is True
    assert c.tier is None  # 第十一条 names no tier: "依纪依规追究有关人员责任"
    assert c.applies_to == "staff"
    assert c.threshold is None
    assert c.when({"tags": {"personal_data_leaked", "serious_consequence"}})
    assert c.when({"tags": {"confidentiality_breached", "serious_consequence"}})
    assert not c.when({"tags": {"personal_data_leaked"}})  # 造成严重后果的 only
    assert not c.when({"tags": {"serious_consequence"}})
    assert profile.accountability.vetoes == ()


# ---- vocabulary ---------------------------------------------------------------------------


def test_own_vocabulary(profile: Profile) -> None:
    v = profile.vocabulary
    assert set(v.tags) == {
        "unclear_request",
        "statutory_time_limit",
        "quality_check_failed",
        "review_confirmed_improper",
        "written_complaint",
        "confidentiality_breached",
    }
    assert set(v.events) == {"written_reply_sent", "platform_reported"}
    assert set(v.supervision_actions) == {"return_for_redo", "explain_delay", "track_until_done"}
    assert set(v.clocks) == {"platform_report"}
    assert v.channels == {}

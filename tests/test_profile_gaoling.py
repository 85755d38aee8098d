"""Profile gaoling: 西安市高陵区12345市民热线管理办法 (2020-12-24), encoded in profiles/gaoling.yaml.

Every number below was copied by hand from the regulation (shared/seeds/gaoling.txt), not from
the profile: 第九条 2小时、1个工作日、2个工作日、不超过规定时限的一倍、不多于2次、退件2个小时；
第十七条 退单两次以上（含两次）、1个工作日；第六条 eleven 不予受理 items; 第十八条 nine 督办 items.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hotline_rules.profile import load_profile

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "gaoling.txt"

PROFILE = load_profile("gaoling").profile

EXPECTED_IDS = {
    "clocks": {
        "sign_for",
        "first_contact.consultation",
        "completion.consultation",
        "completion.appeal",
    },
    "extensions": {"extension.complex", "extension.long_cycle"},
    "returns": {"return.not_own"},
    "ownership": {"ownership.joint_meeting"},
    "supervision": {
        "supervision.focus_general",
        "supervision.leader_assigned",
        "supervision.leader_or_deputies_received",
        "supervision.overdue_unexcused",
        "supervision.not_reported_or_untrue",
        "supervision.cross_region_or_department",
        "supervision.mass_incident_risk",
        "supervision.unresolved_unsatisfied",
        "supervision.shirking",
        "supervision.other",
        "supervision.method.phone_or_online",
        "supervision.method.urge",
        "supervision.method.notice",
        "supervision.method.coordination_meeting",
        "supervision.method.revisit_unsatisfied",
    },
    "screening": {
        "screening.outside_jurisdiction",
        "screening.emergency_lines",
        "screening.other_organs",
        "screening.legal_channels",
        "screening.secrets_privacy",
        "screening.party_discipline",
        "screening.already_handled",
        "screening.malicious_or_empty",
        "screening.incomplete",
        "screening.consumer_mediation",
        "screening.other_unsuitable",
    },
    "kpis": {"kpi.on_time_completion", "kpi.satisfaction"},
    "accountability.circumstances": {"accountability.ruling_not_executed"},
    "accountability.vetoes": {"veto.misconduct"},
    "assessment": {"assessment.performance"},
}

ARTICLE_RE = re.compile(r"^第[一二三四五六七八九十百]+条")


def rule(rule_id: str) -> Any:  # each section has its own rule type
    found = PROFILE.rule(rule_id)
    assert found is not None, rule_id
    return found


# ---- meta and the set of rules ----------------------------------------------------------------


def test_meta() -> None:
    meta = PROFILE.meta
    assert meta.id == "gaoling"
    assert meta.name_zh == "西安市高陵区12345市民热线管理办法"
    assert meta.issuer == "西安市高陵区人民政府办公室"
    assert meta.document.issued == date(2020, 12, 24)
    assert meta.effective_from == date(2020, 12, 24)  # 第三十三条 自公布之日起施行
    assert meta.effective_until is None
    assert meta.source_file == "gaoling.txt"
    assert len(meta.based_on) == 1
    assert "市政办发〔2017〕88号" in meta.based_on[0]
    assert "西安12345市民热线综合服务平台管理办法" in meta.based_on[0]
    assert PROFILE.calendar.zone == "Asia/Shanghai"
    assert PROFILE.calendar.office_hours is None  # the text sets none


def test_rule_ids_by_section_are_exactly_these() -> None:
    found: dict[str, set[str]] = {}
    for section, r in PROFILE.rules():
        found.setdefault(section, set()).add(r.id)
    assert found == EXPECTED_IDS
    assert len(PROFILE.rules()) == 39


def test_every_rule_cites_an_article_with_its_words() -> None:
    for _, r in PROFILE.rules():
        assert ARTICLE_RE.match(r.cite.article), r.id
        assert r.cite.text.strip(), r.id
        assert r.cite.document is None, r.id


@pytest.mark.skipif(not SEED.is_file(), reason="the seed text lives beside the repository")
def test_every_quotation_is_verbatim() -> None:
    seed = SEED.read_text(encoding="utf-8")
    for _, r in PROFILE.rules():
        for part in r.cite.text.split("……"):  # …… joins two items of one article
            assert part in seed, (r.id, part)
    for r in PROFILE.screening:
        assert r.text in seed, r.id


def _number(zh: str) -> int:
    digits = dict(zip("一二三四五六七八九", range(1, 10), strict=True))
    if zh.startswith("十"):
        zh = "一" + zh
    if "十" in zh:
        tens, _, units = zh.partition("十")
        return digits[tens] * 10 + (digits[units] if units else 0)
    return digits[zh]


def _articles(label: str) -> set[int]:
    found = [_number(n) for n in re.findall(r"第([一二三四五六七八九十]+)条", label)]
    if "至" in label and len(found) == 2:
        return set(range(found[0], found[1] + 1))
    return set(found[:1])


def test_every_article_is_encoded_or_listed_as_unencoded() -> None:
    encoded: set[int] = set()
    for _, r in PROFILE.rules():
        encoded |= _articles(r.cite.article)
    listed: set[int] = set()
    for u in PROFILE.unencoded:
        assert u.reason.strip(), u.article
        listed |= _articles(u.article)
    assert encoded | listed == set(range(1, 34))  # 第一条 … 第三十三条
    assert encoded == {6, 9, 10, 17, 18, 19, 21, 22}
    # Articles encoded only in part name the part left out.
    partial = {u.article for u in PROFILE.unencoded if _articles(u.article) & encoded}
    assert partial == {
        "第六条第一款",
        "第九条第二款（法律、法规、规章规定的办理时限严于本办法的，从其规定）",
        "第二十一条（制度建设、事项办理情况、知识库信息维护）",
    }


def test_what_the_language_cannot_express_is_said_so() -> None:
    cannot = [u for u in PROFILE.unencoded if "profile language cannot express" in u.reason]
    assert [u.article[:5] for u in cannot] == ["第九条第二"]


# ---- 第九条: clocks ---------------------------------------------------------------------------


def test_sign_for_two_hours_round_the_clock_from_dispatch() -> None:
    r = rule("sign_for")
    assert r.clock == "sign_for"
    assert str(r.duration) == "2 hours"  # 2小时, not 2 working_hours
    assert r.starts_on == "dispatched"
    assert r.stops_on == ("signed_for", "return_requested")
    assert r.on_redispatch == "restart"
    assert r.when({}) is True
    assert (r.cite.article, r.cite.item) == ("第九条", "第一款")
    assert "working_hours" in r.note and "dispatched" in r.note


def test_consultation_contact_and_completion_are_two_clocks_of_one_working_day() -> None:
    contact = rule("first_contact.consultation")
    done = rule("completion.consultation")
    assert (contact.clock, done.clock) == ("first_contact", "completion")
    assert str(contact.duration) == "1 working_days"
    assert str(done.duration) == "1 working_days"
    assert contact.stops_on == ("contacted", "reply_sent")
    assert done.stops_on == ("completed",)
    for r in (contact, done):
        assert r.starts_on == "dispatched"
        assert r.counting.ends_at == "end_of_day"
        assert r.counting.style == "calendar"
        assert r.when({"kind": "consultation"}) is True
        assert r.when({"kind": "complaint"}) is False
        assert r.cite.text == "1个工作日内联系群众并办结咨询类事项"
    assert "两个时限" in contact.note


def test_appeals_complete_in_two_working_days() -> None:
    r = rule("completion.appeal")
    assert r.clock == "completion"
    assert str(r.duration) == "2 working_days"
    assert r.starts_on == "dispatched"
    assert r.stops_on == ("completed",)
    for kind in ("help", "complaint", "report", "suggestion", "praise"):
        assert r.when({"kind": kind}) is True, kind
    assert r.when({"kind": "consultation"}) is False
    assert r.cite.text == "2个工作日内办结诉求类事项"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("consultation", "1 working_days"),
        ("help", "2 working_days"),
        ("complaint", "2 working_days"),
        ("report", "2 working_days"),
        ("suggestion", "2 working_days"),
        ("praise", "2 working_days"),
    ],
)
def test_exactly_one_completion_clock_per_kind(kind: str, expected: str) -> None:
    matching = [r for r in PROFILE.clocks_named("completion") if r.when({"kind": kind})]
    assert [str(r.duration) for r in matching] == [expected]


def test_no_invented_warnings() -> None:
    for r in PROFILE.clocks:
        assert r.warn_before == (), r.id


# ---- 第九条: extensions and returns -----------------------------------------------------------


def test_ordinary_extension_once_the_limit_at_most_twice() -> None:
    r = rule("extension.complex")
    assert r.clocks == ("completion",)
    assert r.max_count == 2  # 延期不多于2次
    assert r.max_each_factor == 1  # 不超过规定时限的一倍
    assert r.max_each is None
    assert r.max_total is None
    assert r.choices == ()
    assert r.added_to == "current_due"
    assert r.request_within_limit is True  # 应当在规定办结时限内申请延期
    assert r.approval == ()
    assert (r.cite.article, r.cite.item) == ("第九条", "第二款")
    assert r.when({}) is True
    assert r.when({"tags": {"long_cycle"}}) is False


def test_long_cycle_extension_has_its_own_approval_chain() -> None:
    r = rule("extension.long_cycle")
    assert r.clocks == ("completion",)
    assert r.max_count is None
    assert r.max_each is None
    assert r.max_each_factor is None
    assert r.approval == ("承办单位主要领导确认", "报区热线办")
    assert "依据有关规定提出书面申请" in r.requirements
    assert r.when({"tags": {"long_cycle"}}) is True
    assert r.when({}) is False
    assert (r.cite.article, r.cite.item) == ("第九条", "第二款")


def test_return_within_two_hours_with_the_deputy_leader() -> None:
    r = rule("return.not_own")
    assert str(r.window) == "2 hours"  # 接收到该事项后2个小时内
    assert r.window_starts_on == "dispatched"
    assert r.approval == ("承办单位分管领导确认", "报区热线办")
    assert [reason.id for reason in r.allowed_reasons] == ["not_own"]
    assert r.max_returns is None
    assert r.missed_window == "none"
    assert r.in_principle is False
    assert r.clock_on_redispatch == "restart"
    assert (r.cite.article, r.cite.item) == ("第九条", "第三款")


# ---- 第十七条: ownership ----------------------------------------------------------------------


def test_joint_meeting_after_two_returns_rules_in_one_working_day() -> None:
    r = rule("ownership.joint_meeting")
    assert r.after_returns == 2  # 退单两次以上（含两次）
    assert r.forum == "联席会议"
    assert str(r.duration) == "1 working_days"
    assert r.cite.article == "第十七条"


def test_ruling_not_executed_is_referred_to_the_assessment_rules() -> None:
    r = rule("accountability.ruling_not_executed")
    assert r.tier == "per_assessment_rules"
    assert r.applies_to == "unit"
    assert r.judgement is True
    assert r.threshold is None
    assert r.when({"tags": {"unreasonable_refusal", "duty_failure"}}) is True
    assert r.when({"tags": {"unreasonable_refusal"}}) is False
    assert (r.cite.article, r.cite.item) == ("第十七条", "第（四）项")


# ---- 第十条、第十八条、第十九条: supervision -------------------------------------------------------

SUPERVISION_CASES = [
    # id, item, actions, judgement, facts that trigger, facts that do not
    (
        "supervision.focus_general",
        ("第十条", None),
        ("focus_supervision",),
        True,
        {"tags": {"committee_assigned"}},
        {"tags": {"leader_assigned"}, "complexity": "complex"},
    ),
    (
        "supervision.leader_assigned",
        ("第十八条", "第（一）项"),
        ("focus_supervision",),
        False,
        {"tags": {"leader_assigned"}, "overdue": False},
        {"tags": {"deputies_received"}, "overdue": False},
    ),
    (
        "supervision.leader_or_deputies_received",
        ("第十八条", "第（二）项"),
        ("focus_supervision",),
        False,
        {"tags": {"deputies_received"}},
        {"tags": {"leader_assigned"}},
    ),
    (
        "supervision.overdue_unexcused",
        ("第十八条", "第（三）项"),
        ("focus_supervision",),
        False,
        {"overdue": True, "overdue_unexcused": True, "completed": False},
        {"overdue": True, "overdue_unexcused": False, "completed": False},
    ),
    (
        "supervision.not_reported_or_untrue",
        ("第十八条", "第（四）项"),
        ("focus_supervision",),
        True,
        {"tags": {"result_untrue"}},
        {"tags": {"process_flawed"}},
    ),
    (
        "supervision.cross_region_or_department",
        ("第十八条", "第（五）项"),
        ("focus_supervision",),
        False,
        {"tags": {"multi_department"}},
        {"tags": set(), "complexity": "complex"},
    ),
    (
        "supervision.mass_incident_risk",
        ("第十八条", "第（六）项"),
        ("focus_supervision",),
        True,
        {"tags": {"major_public_interest", "mass_incident_risk"}},
        {"tags": {"mass_incident_risk"}},
    ),
    (
        "supervision.unresolved_unsatisfied",
        ("第十八条", "第（七）项"),
        ("focus_supervision",),
        True,
        {
            "satisfaction": "unsatisfied",
            "tags": {"reasonable_demand_unresolved", "unit_responsible"},
        },
        {"satisfaction": "unsatisfied", "tags": {"reasonable_demand_unresolved"}},
    ),
    (
        "supervision.shirking",
        ("第十八条", "第（八）项"),
        ("focus_supervision",),
        True,
        {"tags": {"shirking"}},
        {"tags": {"falsified"}},
    ),
    (
        "supervision.other",
        ("第十八条", "第（九）项"),
        ("focus_supervision",),
        True,
        {"tags": {"other_supervision_needed"}},
        {"tags": set()},
    ),
    (
        "supervision.method.phone_or_online",
        ("第十九条", "第（一）项"),
        ("phone_or_online",),
        True,
        {"tags": {"closing_urgent"}, "completed": False},
        {"urgency": "urgent", "tags": set(), "completed": False},
    ),
    (
        "supervision.method.urge",
        ("第十九条", "第（二）项"),
        ("urge",),
        True,
        {"in_time_limit": True, "completed": False, "tags": {"progress_check_needed"}},
        {"in_time_limit": False, "completed": False, "tags": {"progress_check_needed"}},
    ),
    (
        "supervision.method.notice",
        ("第十九条", "第（二）项"),
        ("supervision_notice",),
        False,
        {"overdue": True, "completed": False, "tags": set()},
        {"overdue": True, "completed": True, "tags": set()},
    ),
    (
        "supervision.method.coordination_meeting",
        ("第十九条", "第（三）项"),
        ("coordination_meeting", "onsite_investigation"),
        True,
        {"tags": {"statements_disagree"}},
        {"tags": {"result_untrue"}},
    ),
    (
        "supervision.method.revisit_unsatisfied",
        ("第十九条", "第（四）项"),
        ("organized_supervision",),
        False,
        {"completed": True, "satisfaction": "unsatisfied"},
        {"completed": True, "satisfaction": "basically_satisfied"},
    ),
]


def test_supervision_cases_cover_every_trigger() -> None:
    assert {case[0] for case in SUPERVISION_CASES} == EXPECTED_IDS["supervision"]


@pytest.mark.parametrize(
    ("rule_id", "cite", "actions", "judgement", "yes", "no"),
    SUPERVISION_CASES,
    ids=[case[0] for case in SUPERVISION_CASES],
)
def test_supervision_trigger(
    rule_id: str,
    cite: tuple[str, str | None],
    actions: tuple[str, ...],
    judgement: bool,
    yes: dict[str, object],
    no: dict[str, object],
) -> None:
    r = rule(rule_id)
    assert (r.cite.article, r.cite.item) == cite
    assert r.actions == actions
    assert r.judgement is judgement
    assert r.by == "区热线办"
    assert r.when(yes) is True
    assert r.when(no) is False


def test_eighteen_has_nine_items() -> None:
    items = [r.cite.item for r in PROFILE.supervision if r.cite.article == "第十八条"]
    assert items == [f"第（{n}）项" for n in "一二三四五六七八九"]


@pytest.mark.parametrize(
    "facts",
    [
        {"tags": {"leader_assigned"}},
        {"tags": {"result_untrue"}},
        {"tags": {"process_flawed"}},
        {"overdue": True, "completed": False},
    ],
)
def test_supervision_notice_for_each_case_of_nineteen_two(facts: dict[str, object]) -> None:
    assert rule("supervision.method.notice").when(facts) is True


# ---- 第六条: screening ------------------------------------------------------------------------


def test_eleven_reasons_not_to_accept() -> None:
    items = [(r.cite.article, r.cite.item) for r in PROFILE.screening]
    numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]
    assert items == [("第六条", f"第二款第（{n}）项") for n in numerals]
    for r in PROFILE.screening:
        assert r.text == r.cite.text, r.id
    assert rule("screening.emergency_lines").text == (
        "110、119、120、122、96333等紧急服务专线处理的事项"
    )


# ---- 第二十一条、第二十二条: KPIs, assessment, veto --------------------------------------------------


def test_on_time_completion_rate() -> None:
    r = rule("kpi.on_time_completion")
    assert r.name_zh == "按时办结率"
    assert r.defined_by_regulation is False
    assert r.higher_is_better is True
    assert r.numerator({"completed": True, "overdue": False}) is True
    assert r.numerator({"completed": True, "overdue": True}) is False
    assert r.denominator({"completed": True, "overdue": True}) is True
    assert r.denominator({"completed": False}) is False
    assert r.note


def test_satisfaction_rate() -> None:
    r = rule("kpi.satisfaction")
    assert r.name_zh == "群众满意度"
    assert r.defined_by_regulation is False
    assert r.numerator({"satisfaction": "basically_satisfied"}) is True
    assert r.numerator({"satisfaction": "unsatisfied"}) is False
    assert r.denominator({"satisfaction": "unsatisfied"}) is True
    assert r.denominator({}) is False  # not revisited: not counted
    assert r.note


def test_assessment_sets_no_thresholds() -> None:
    a = PROFILE.assessment
    assert a is not None
    assert a.thresholds_set is False
    assert a.grades == ()
    assert a.periods == ()  # 只说“定期”
    assert a.scale is None
    assert a.metrics == ("kpi.on_time_completion", "kpi.satisfaction")
    kpi_ids = {k.id for k in PROFILE.kpis}
    assert set(a.metrics) <= kpi_ids
    assert a.cite.article == "第二十一条"


def test_one_vote_veto() -> None:
    (veto,) = PROFILE.accountability.vetoes
    assert veto.id == "veto.misconduct"
    assert veto.cite.article == "第二十二条"
    assert "一票否决" in veto.consequence
    assert "移送有关部门处理" in veto.consequence
    assert veto.judgement is True
    assert veto.when({"tags": {"falsified", "adverse_impact"}}) is True
    assert veto.when({"tags": {"data_maintenance_faulty", "serious_consequence"}}) is True
    assert veto.when({"tags": {"falsified"}}) is False  # no 不良影响 or 严重后果
    assert veto.when({"tags": {"adverse_impact"}}) is False  # no listed conduct


def test_no_invented_accountability_tiers() -> None:
    acc = PROFILE.accountability
    assert acc.tiers == ()
    assert acc.unit_methods == ()
    assert acc.staff_methods == ()


# ---- notes and vocabulary ---------------------------------------------------------------------


def test_ambiguous_rules_say_what_was_chosen() -> None:
    for rule_id in (
        "sign_for",
        "first_contact.consultation",
        "completion.appeal",
        "extension.complex",
        "extension.long_cycle",
        "return.not_own",
        "ownership.joint_meeting",
        "supervision.overdue_unexcused",
        "supervision.method.notice",
        "kpi.on_time_completion",
        "kpi.satisfaction",
        "assessment.performance",
        "veto.misconduct",
    ):
        assert rule(rule_id).note, rule_id


def test_own_vocabulary() -> None:
    vocab = PROFILE.vocabulary
    assert vocab.supervision_actions == {"organized_supervision": "区热线办组织督办"}
    assert set(vocab.tiers) == {"per_assessment_rules"}
    assert {
        "leader_received",
        "unit_responsible",
        "other_supervision_needed",
        "long_cycle",
        "statements_disagree",
        "progress_check_needed",
    } <= set(vocab.tags)
    assert vocab.clocks == {}
    assert vocab.events == {}

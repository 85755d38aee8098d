"""The haikou profile says what the news report of the three 海口 documents says, and no more.

Every expected value below is written by hand from shared/seeds/haikou.txt, not
read back from the profile. The source is a news report without article
numbers, so the profile cites paragraphs of the report: ``cite.article`` is
``报道第N段`` (N = the line of haikou.txt, one paragraph a line),
``cite.item`` is ``第N种情形`` for the nine aggravating circumstances (their
order in the report), and ``cite.document`` names which of the three
documents the passage belongs to, or is left out where the report does not
say (paragraphs 2 and 3).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from hotline_rules.profile import load_profile
from hotline_rules.profile.schema import Circumstance, ClockRule, DutyWindow, Kpi

PROFILE = load_profile("haikou").profile
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "haikou.txt"
SEED_PARAGRAPHS = 61

MEASURES = "12345热线监督考核问责暂行办法"
FIRST_RESPONSIBILITY = "12345热线首问责任制度"
DUTY = "12345热线成员单位负责人轮流值班制度"

ARTICLE = re.compile(r"^报道第([1-9]\d?)段$")
ITEM = re.compile(r"^第([1-9])种情形$")

EXPECTED_IDS = {
    "clocks": {
        "first_contact.emergency",
        "first_contact.first_responsible",
        "front_desk_contact.first_responsible",
    },
    "returns": {"return.first_responsible"},
    "kpis": {
        "kpi.immediate_reply",
        "kpi.on_time_completion",
        "kpi.first_time_satisfaction",
        "kpi.overdue_completion",
        "kpi.repeat_tickets",
    },
    "duty_roster": {
        "duty.system_login",
        "duty.rotation",
        "duty.online_morning",
        "duty.online_afternoon",
    },
    "accountability.circumstances": {
        "circumstance.aggravated.emergency_not_responded",
        "circumstance.aggravated.overdue_monthly",
        "circumstance.aggravated.rejected_office_opinion",
        "circumstance.aggravated.supervision_not_followed",
        "circumstance.aggravated.data_leaked",
        "circumstance.aggravated.petition_or_mass_incident",
        "circumstance.aggravated.obstructed_investigation",
        "circumstance.aggravated.blacklisted_monthly",
        "circumstance.aggravated.other_serious",
    },
    "assessment": {"assessment"},
}

# rule id -> (document, paragraph of the report, item)
EXPECTED_CITES: dict[str, tuple[str | None, str, str | None]] = {
    "first_contact.emergency": (None, "报道第3段", None),
    "first_contact.first_responsible": (FIRST_RESPONSIBILITY, "报道第33段", None),
    "front_desk_contact.first_responsible": (FIRST_RESPONSIBILITY, "报道第33段", None),
    "return.first_responsible": (FIRST_RESPONSIBILITY, "报道第32段", None),
    "kpi.immediate_reply": (MEASURES, "报道第14段", None),
    "kpi.on_time_completion": (MEASURES, "报道第14段", None),
    "kpi.first_time_satisfaction": (MEASURES, "报道第14段", None),
    "kpi.overdue_completion": (MEASURES, "报道第14段", None),
    "kpi.repeat_tickets": (MEASURES, "报道第14段", None),
    "duty.system_login": (None, "报道第2段", None),
    "duty.rotation": (DUTY, "报道第6段", None),
    "duty.online_morning": (DUTY, "报道第6段", None),
    "duty.online_afternoon": (DUTY, "报道第6段", None),
    "circumstance.aggravated.emergency_not_responded": (MEASURES, "报道第19段", "第1种情形"),
    "circumstance.aggravated.overdue_monthly": (MEASURES, "报道第20段", "第2种情形"),
    "circumstance.aggravated.rejected_office_opinion": (MEASURES, "报道第21段", "第3种情形"),
    "circumstance.aggravated.supervision_not_followed": (MEASURES, "报道第22段", "第4种情形"),
    "circumstance.aggravated.data_leaked": (MEASURES, "报道第23段", "第5种情形"),
    "circumstance.aggravated.petition_or_mass_incident": (MEASURES, "报道第24段", "第6种情形"),
    "circumstance.aggravated.obstructed_investigation": (MEASURES, "报道第25段", "第7种情形"),
    "circumstance.aggravated.blacklisted_monthly": (MEASURES, "报道第26段", "第8种情形"),
    "circumstance.aggravated.other_serious": (MEASURES, "报道第27段", "第9种情形"),
    "assessment": (MEASURES, "报道第14段", None),
}

# paragraph -> words (traditional, as in the damaged seed) that must be on that line
SEED_MARKERS = {
    2: "24小時",
    3: "30分鐘",
    6: "08:30",
    14: "百分制",
    15: "不達標",
    16: "不予問責",
    17: "10種",
    19: "緊急類辦件",
    20: "5件以上",
    21: "拒不采納",
    22: "督辦要求",
    23: "泄露訴求人信息",
    24: "上訪",
    25: "干擾",
    26: "黑榜辦件2次",
    27: "情節",
    32: "原則上不得退回辦件",
    33: "30分鐘",
}


def _rule(rule_id: str) -> Any:
    rule = PROFILE.rule(rule_id)
    assert rule is not None, rule_id
    return rule


def _circumstance(rule_id: str) -> Circumstance:
    rule = _rule(rule_id)
    assert isinstance(rule, Circumstance)
    return rule


def _clock(rule_id: str) -> ClockRule:
    rule = _rule(rule_id)
    assert isinstance(rule, ClockRule)
    return rule


def _duty(rule_id: str) -> DutyWindow:
    rule = _rule(rule_id)
    assert isinstance(rule, DutyWindow)
    return rule


# ---- meta, ids, citations ---------------------------------------------------------------


def test_meta() -> None:
    meta = PROFILE.meta
    assert meta.id == "haikou"
    assert meta.jurisdiction == "海口市"
    assert meta.source_file == "haikou.txt"
    # The report gives no year, no document number, no date in force: none is invented.
    assert meta.document.number is None
    assert meta.document.issued is None
    assert meta.effective_from is None
    for title in (MEASURES, FIRST_RESPONSIBILITY, DUTY):
        assert title in meta.document.title
    assert meta.based_on == (
        "海南省“庸懒散奢贪”行为问责办法（试行）",
        "海口市绩效考核办法",
        "海口12345市政府热线管理办法",
    )


def test_rule_ids_are_exactly_the_expected_ones() -> None:
    found: dict[str, set[str]] = {}
    for section, rule in PROFILE.rules():
        found.setdefault(section, set()).add(rule.id)
    assert found == EXPECTED_IDS
    assert len(PROFILE.rules()) == 23


def test_sections_left_empty() -> None:
    assert PROFILE.extensions == ()
    assert PROFILE.ownership == ()
    assert PROFILE.supervision == ()
    assert PROFILE.screening == ()
    assert PROFILE.first_contact == ()
    assert PROFILE.closure_report == ()
    assert PROFILE.accountability.vetoes == ()


@pytest.mark.parametrize("rule_id", sorted(EXPECTED_CITES))
def test_cite_follows_the_documented_pattern(rule_id: str) -> None:
    cite = _rule(rule_id).cite
    document, article, item = EXPECTED_CITES[rule_id]
    assert (cite.document, cite.article, cite.item) == (document, article, item)
    match = ARTICLE.match(cite.article)
    assert match and 1 <= int(match.group(1)) <= SEED_PARAGRAPHS
    assert cite.item is None or ITEM.match(cite.item)
    assert cite.text.strip()


def test_every_rule_is_in_the_cite_table() -> None:
    assert {rule.id for _, rule in PROFILE.rules()} == set(EXPECTED_CITES)


def test_accountability_cites() -> None:
    acc = PROFILE.accountability
    assert acc.tiers_cite is not None and acc.methods_cite is not None
    assert (acc.tiers_cite.document, acc.tiers_cite.article) == (MEASURES, "报道第16段")
    assert (acc.methods_cite.document, acc.methods_cite.article) == (MEASURES, "报道第17段")


@pytest.mark.skipif(not SEED.is_file(), reason="shared/seeds/haikou.txt is not beside the repo")
def test_cited_paragraphs_say_what_is_cited() -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert len([ln for ln in lines if ln.strip()]) == SEED_PARAGRAPHS
    for paragraph, words in SEED_MARKERS.items():
        assert words in lines[paragraph - 1], (paragraph, words)
    cited = {
        int(a.removeprefix("报道第").removesuffix("段")) for _, a, _ in EXPECTED_CITES.values()
    }
    assert cited <= set(SEED_MARKERS)


# ---- vocabulary, calendar ------------------------------------------------------------------


def test_vocabulary_additions() -> None:
    vocab = PROFILE.vocabulary
    assert vocab.clocks == {"front_desk_contact": "与热线话务前台联系"}
    assert vocab.events == {"front_desk_contacted": "已与热线话务前台联系"}
    assert vocab.tags == {
        "handled_against_rules": "不按规定处理办件",
        "other_serious": "其他情节严重",
        "overdue_by_platform": "平台记为逾期（按报道未载明的规定时限）",
    }
    # 紧急类 is the shared urgency 'emergency', not a new kind.
    assert vocab.kinds == {}
    assert vocab.urgencies == {}


def test_calendar_sets_no_office_hours() -> None:
    # The 在线接办 hours are duty hours (duty_roster), not office hours.
    assert PROFILE.calendar.zone == "Asia/Shanghai"
    assert PROFILE.calendar.office_hours is None


# ---- clocks --------------------------------------------------------------------------------


def test_emergency_first_contact_is_30_minutes() -> None:
    rule = _clock("first_contact.emergency")
    assert rule.clock == "first_contact"
    assert str(rule.duration) == "30 minutes"
    assert rule.duration.zh == "30分钟"
    assert "30分钟" in rule.cite.text
    assert rule.starts_on == "dispatched"
    assert rule.stops_on == ("contacted",)
    assert rule.priority == 1
    assert rule.when({"urgency": "emergency"}) is True
    assert rule.when({"urgency": "normal"}) is False
    assert rule.when({}) is False


def test_first_responsible_unit_contacts_requester_within_30_minutes() -> None:
    rule = _clock("first_contact.first_responsible")
    assert rule.clock == "first_contact"
    assert str(rule.duration) == "30 minutes"
    assert "30分钟" in rule.cite.text
    assert rule.starts_on == "dispatched"
    assert rule.stops_on == ("contacted",)
    assert rule.on_redispatch == "restart"
    assert rule.priority == 0
    assert rule.when({}) is True
    assert rule.when({"urgency": "normal", "kind": "complaint"}) is True


def test_first_responsible_unit_contacts_front_desk_within_30_minutes() -> None:
    rule = _clock("front_desk_contact.first_responsible")
    assert rule.clock == "front_desk_contact"
    assert str(rule.duration) == "30 minutes"
    assert rule.starts_on == "dispatched"
    assert rule.stops_on == ("front_desk_contacted",)
    assert rule.when({}) is True


def test_emergency_rule_wins_for_first_contact() -> None:
    named = PROFILE.clocks_named("first_contact")
    assert [r.id for r in named] == ["first_contact.emergency", "first_contact.first_responsible"]


def test_no_invented_clocks() -> None:
    # 及时签收、及时报结果、规定时限内办理: no number in the report, so no clock.
    for clock in ("sign_for", "completion", "reply", "feedback", "return_window"):
        assert PROFILE.clocks_named(clock) == []
    assert all(not rule.warn_before for rule in PROFILE.clocks)


# ---- returns -------------------------------------------------------------------------------


def test_first_responsible_unit_does_not_return_in_principle() -> None:
    rule = _rule("return.first_responsible")
    assert rule.max_returns == 0
    assert rule.in_principle is True
    assert rule.window is None
    assert [(r.id, r.text) for r in rule.allowed_reasons] == [
        ("wholly_outside_duty", "如有充分理由说明完全不属于本单位职责范围内的")
    ]
    assert [(e.id, e.text) for e in rule.evidence] == [
        ("return_reasons", "应当及时将退回理由报热线管理机构")
    ]
    assert rule.approval == ("热线管理机构",)
    assert rule.clock_on_redispatch == "restart"
    assert rule.forbidden == ()
    assert rule.cite.text.startswith("首问责任单位原则上不得退回办件。")


# ---- KPIs and assessment -------------------------------------------------------------------

KPI_DIRECTION = {
    "kpi.immediate_reply": ("即时答复率", True),
    "kpi.on_time_completion": ("按时办结率", True),
    "kpi.first_time_satisfaction": ("一次满意率", True),
    "kpi.overdue_completion": ("逾期办结率", False),
    "kpi.repeat_tickets": ("重复办件率", False),
}


@pytest.mark.parametrize("rule_id", sorted(KPI_DIRECTION))
def test_kpi(rule_id: str) -> None:
    rule = _rule(rule_id)
    assert isinstance(rule, Kpi)
    name, higher = KPI_DIRECTION[rule_id]
    assert rule.name_zh == name
    assert rule.higher_is_better is higher
    assert rule.defined_by_regulation is False
    assert rule.note  # the profile's own definition is explained
    assert name in rule.cite.text


def test_kpi_definitions_on_hand_made_tickets() -> None:
    on_time = _rule("kpi.on_time_completion")
    assert on_time.numerator({"completed": True, "overdue": False}) is True
    assert on_time.numerator({"completed": True, "overdue": True}) is False
    overdue = _rule("kpi.overdue_completion")
    assert overdue.numerator({"completed": True, "overdue": True}) is True
    assert overdue.denominator({"completed": False}) is False
    repeat = _rule("kpi.repeat_tickets")
    assert repeat.numerator({"repeat_count": 2}) is True
    assert repeat.numerator({"repeat_count": 1}) is False
    satisfied = _rule("kpi.first_time_satisfaction")
    assert satisfied.numerator({"satisfaction": "basically_satisfied"}) is True
    assert satisfied.numerator({"satisfaction": "unsatisfied"}) is False
    assert satisfied.denominator({}) is False  # not revisited: not counted
    immediate = _rule("kpi.immediate_reply")
    assert immediate.numerator({"handling": "immediate"}) is True
    assert immediate.numerator({"handling": "transfer"}) is False


def test_assessment() -> None:
    a = PROFILE.assessment
    assert a is not None
    assert a.periods == ("month", "year")
    assert a.scale == "百分制"
    assert a.metrics == (
        "kpi.immediate_reply",
        "kpi.on_time_completion",
        "kpi.first_time_satisfaction",
        "kpi.overdue_completion",
        "kpi.repeat_tickets",
    )
    assert [g.name for g in a.grades] == ["优秀", "良好", "达标", "不达标"]


def test_grades_have_no_invented_thresholds() -> None:
    a = PROFILE.assessment
    assert a is not None
    assert a.thresholds_set is False
    assert all(g.min_score is None for g in a.grades)


def test_grade_consequences() -> None:
    a = PROFILE.assessment
    assert a is not None
    by_name = {g.name: g.consequences for g in a.grades}
    assert len(by_name["优秀"]) == 1 and "通报表彰" in by_name["优秀"][0]
    assert "经济奖励" in by_name["优秀"][0]
    assert by_name["良好"] == ()
    assert len(by_name["达标"]) == 1 and "不得参与海口的各类评先评优" in by_name["达标"][0]
    assert len(by_name["不达标"]) == 2
    assert "不得参与海口的各类评先评优" in by_name["不达标"][0]
    assert "约谈" in by_name["不达标"][1]


# ---- accountability --------------------------------------------------------------------------


def test_tiers_and_methods() -> None:
    acc = PROFILE.accountability
    assert acc.tiers == ("general", "aggravated", "mitigated_or_exempt", "none")
    assert acc.unit_methods == ("责令限期整改", "责令做出书面检查", "责令道歉", "通报批评")
    # The report says 10 ways for staff and names these six; the rest are in unencoded.
    assert acc.staff_methods == (
        "通报批评",
        "诫勉谈话",
        "停职检查",
        "责令辞职",
        "免职",
        "解聘或辞退",
    )


def test_nine_aggravated_circumstances() -> None:
    circumstances = PROFILE.accountability.circumstances
    assert len(circumstances) == 9
    assert all(c.tier == "aggravated" for c in circumstances)
    assert all(c.applies_to == "both" for c in circumstances)
    assert [c.cite.item for c in circumstances] == [f"第{n}种情形" for n in range(1, 10)]


def test_overdue_threshold_is_5_a_month() -> None:
    c = _circumstance("circumstance.aggravated.overdue_monthly")
    assert c.threshold is not None
    assert (c.threshold.count, c.threshold.period) == (5, "month")
    assert "5件以上（含5件）" in c.cite.text
    assert c.judgement is False


def test_blacklist_threshold_is_2_a_month() -> None:
    c = _circumstance("circumstance.aggravated.blacklisted_monthly")
    assert c.threshold is not None
    assert (c.threshold.count, c.threshold.period) == (2, "month")
    assert "2次" in c.cite.text
    assert c.judgement is False


def test_only_two_circumstances_count_per_period() -> None:
    with_threshold = {c.id for c in PROFILE.accountability.circumstances if c.threshold is not None}
    assert with_threshold == {
        "circumstance.aggravated.overdue_monthly",
        "circumstance.aggravated.blacklisted_monthly",
    }
    judged = {c.id for c in PROFILE.accountability.circumstances if c.judgement}
    assert judged == set(EXPECTED_IDS["accountability.circumstances"]) - with_threshold


# circumstance -> (facts that make it hold, facts that do not)
CIRCUMSTANCE_FACTS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "circumstance.aggravated.emergency_not_responded": (
        {"urgency": "emergency", "first_contact_late": True, "tags": {"serious_consequence"}},
        {"urgency": "emergency", "first_contact_late": False, "tags": {"serious_consequence"}},
    ),
    "circumstance.aggravated.overdue_monthly": (
        {"overdue_unexcused": True},
        {"overdue": True, "overdue_unexcused": False, "tags": {"excused_delay"}},
    ),
    "circumstance.aggravated.rejected_office_opinion": (
        {"tags": {"rejected_office_opinion"}},
        {"tags": {"shirking"}},
    ),
    "circumstance.aggravated.supervision_not_followed": (
        {"supervised": True, "tags": {"supervision_not_followed"}},
        {"supervised": False, "tags": {"supervision_not_followed"}},
    ),
    "circumstance.aggravated.data_leaked": (
        {"tags": {"personal_data_leaked", "adverse_impact"}},
        {"tags": {"personal_data_leaked"}},
    ),
    "circumstance.aggravated.petition_or_mass_incident": (
        {"tags": {"handled_against_rules", "petition_triggered"}},
        {"tags": {"petition_triggered"}},
    ),
    "circumstance.aggravated.obstructed_investigation": (
        {"tags": {"obstructed_investigation"}},
        {"tags": {"adverse_impact"}},
    ),
    "circumstance.aggravated.blacklisted_monthly": (
        {"tags": {"blacklisted"}},
        {"tags": set()},
    ),
    "circumstance.aggravated.other_serious": (
        {"tags": {"other_serious"}},
        {"tags": {"serious_consequence"}},
    ),
}


@pytest.mark.parametrize("rule_id", sorted(CIRCUMSTANCE_FACTS))
def test_circumstance_conditions(rule_id: str) -> None:
    yes, no = CIRCUMSTANCE_FACTS[rule_id]
    rule = _circumstance(rule_id)
    assert rule.when(yes) is True
    assert rule.when(no) is False
    assert rule.when({}) is False


def test_petition_circumstance_takes_any_adverse_impact() -> None:
    rule = _circumstance("circumstance.aggravated.petition_or_mass_incident")
    assert rule.when({"tags": {"handled_against_rules", "adverse_impact"}}) is True
    assert rule.when({"tags": {"handled_against_rules"}}) is False


def test_emergency_circumstance_needs_an_emergency() -> None:
    rule = _circumstance("circumstance.aggravated.emergency_not_responded")
    facts = {"urgency": "normal", "first_contact_late": True, "tags": {"serious_consequence"}}
    assert rule.when(facts) is False


# ---- duty roster ---------------------------------------------------------------------------


def test_rotation_runs_0830_to_0830_next_day_every_day() -> None:
    d = _duty("duty.rotation")
    assert (d.start, d.end, d.next_day, d.days) == ("08:30", "08:30", True, "every_day")
    assert d.who is not None and "主要负责人" in d.who and "分管领导" in d.who
    assert "包含双休日、节假日" in d.cite.text


def test_online_hours_are_led_by_the_principal() -> None:
    morning = _duty("duty.online_morning")
    afternoon = _duty("duty.online_afternoon")
    assert (morning.start, morning.end, morning.next_day, morning.days) == (
        "09:00",
        "11:30",
        False,
        "every_day",
    )
    assert (afternoon.start, afternoon.end, afternoon.next_day, afternoon.days) == (
        "15:00",
        "17:00",
        False,
        "every_day",
    )
    assert morning.who == afternoon.who == "值班单位主要负责人"


def test_units_watch_the_system_round_the_clock() -> None:
    d = _duty("duty.system_login")
    assert (d.start, d.end, d.next_day, d.days) == ("00:00", "24:00", False, "every_day")
    assert d.who == "各职能单位"
    assert "24小时" in d.cite.text


# ---- notes and unencoded -----------------------------------------------------------------


def test_ambiguous_rules_carry_a_note() -> None:
    without_note = {rule.id for _, rule in PROFILE.rules() if not rule.note}
    assert without_note == set()


def test_unencoded_passages() -> None:
    unencoded = {u.article: u.reason for u in PROFILE.unencoded}
    assert all(a.startswith("报道第") for a in unencoded)
    assert all(r.strip() for r in unencoded.values())
    assert "profile language cannot express" in unencoded["报道第10段"]
    assert "sign_for" in unencoded["报道第2段（及时签收办件、办理答复）"]
    assert "10种问责方式" in unencoded["报道第17段（对工作人员的其余问责方式）"]
    for article in (
        "报道第1段",
        "报道第9段",
        "报道第13段",
        "报道第14段（结合随机抽查满意度、办件监督等情况进行综合考评）",
        "报道第16段（一般问责、从轻或免于问责、不予问责的情形）",
        "报道第31段",
        "报道第34段至第54段",
    ):
        assert article in unencoded

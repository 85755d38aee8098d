"""Language v2 in the engine: rework rounds, response clocks, resolution, findings as facts,
screening by facts, unit roles, and conditions a rule kind can never read."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.engine_support import ticket
from tests.lang_v2_support import load_body

from hotline_rules.engine.engine import Engine
from hotline_rules.engine.results import Evaluation
from hotline_rules.engine.units import credited_unit
from hotline_rules.profile import ProfileError, load_profile_file
from hotline_rules.profile.kpis import kpi_gaps

LANG_V2 = Path(__file__).parent / "data" / "profiles" / "lang_v2.yaml"
ENGINE = Engine(load_profile_file(LANG_V2))
PROFILE = ENGINE.profile
AS_OF = datetime.fromisoformat("2026-12-01T00:00:00+08:00")
T0 = datetime.fromisoformat("2026-03-02T09:00:00+08:00")  # a Monday


def _at(hours: float) -> str:
    return (T0 + timedelta(hours=hours)).isoformat()


def judge(*events: tuple[Any, ...], **attrs: Any) -> Evaluation:
    attrs.setdefault("requester", "citizen")
    return ENGINE.evaluate(ticket("T-1", list(events), **attrs), AS_OF)


def completions(ev: Evaluation) -> list[Any]:
    return [c for c in ev.clocks if c.clock == "completion"]


ROUND_ONE = [
    ("received", _at(0)),
    ("dispatched", _at(1), "U"),
    ("completed", _at(24), "U"),
    ("reply_sent", _at(25), "U"),
    ("revisit", _at(26), None, {"satisfaction": "unsatisfied", "resolved": False}),
]


def test_rework_starts_a_new_round_and_its_rating_is_the_one_assessed() -> None:
    first = judge(*ROUND_ONE)
    assert [c.state for c in completions(first)] == ["met"]
    assert first.facts["satisfaction"] == "unsatisfied" and first.facts["resolved"] is False
    sent_back = judge(*ROUND_ONE, ("reopened", _at(27), "U"))
    one, two = completions(sent_back)
    assert one == completions(first)[0]  # the first round keeps its record
    assert two.start == datetime.fromisoformat(_at(27)) and two.unit == "U"
    assert two.state == "breached" and two.stopped_at is None  # open since March
    facts = sent_back.facts
    assert facts["reworks"] == 1 and facts["completed"] is False
    assert facts["satisfaction"] is None and facts["resolved"] is None  # not rated again yet
    done = judge(
        *ROUND_ONE,
        ("reopened", _at(27), "U"),
        ("completed", _at(48), "U"),
        ("reply_sent", _at(49), "U"),
        ("revisit", _at(50), None, {"satisfaction": "satisfied", "resolved": True}),
    )
    assert [c.state for c in completions(done)] == ["met", "met"]
    assert done.facts["satisfaction"] == "satisfied" and done.facts["resolved"] is True


def test_without_a_rework_section_reopened_changes_nothing_as_in_v1(tmp_path: Path) -> None:
    text = LANG_V2.read_text(encoding="utf-8")
    start = text.index("rework:")
    end = text.index("units:")
    path = tmp_path / "lang_v2.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    ev = Engine(load_profile_file(path)).evaluate(
        ticket("T-1", [*ROUND_ONE, ("reopened", _at(27), "U")], requester="citizen"), AS_OF
    )
    assert len(completions(ev)) == 1
    assert ev.facts["completed"] is True and ev.facts["satisfaction"] == "unsatisfied"


@given(
    done_after=st.integers(1, 400),
    reopen_after=st.integers(0, 400),
    second_after=st.one_of(st.none(), st.integers(1, 400)),
)
def test_a_rework_round_never_shortens_the_first_rounds_record(
    done_after: int, reopen_after: int, second_after: int | None
) -> None:
    base = [("received", _at(0)), ("dispatched", _at(1), "U")]
    closed = [("completed", _at(1 + done_after), "U"), ("reply_sent", _at(1 + done_after), "U")]
    reopen_at = 1 + done_after + reopen_after
    more: list[tuple[Any, ...]] = [("reopened", _at(reopen_at), "U")]
    if second_after is not None:
        t = reopen_at + second_after
        more += [("completed", _at(t), "U"), ("reply_sent", _at(t), "U")]
    alone = completions(judge(*base, *closed))
    reworked = completions(judge(*base, *closed, *more))
    assert reworked[0] == alone[0]
    assert len(reworked) == 2
    assert reworked[1].start >= alone[0].stopped_at


def test_response_stops_at_contact_or_arrival() -> None:
    ev = judge(
        ("received", _at(0)),
        ("dispatched", _at(0.1), "U"),
        ("arrived_on_site", _at(0.4), "U"),
        urgency="emergency",
    )
    (response,) = [c for c in ev.clocks if c.clock == "response"]
    assert response.state == "met" and response.stopped_by.type == "arrived_on_site"
    assert "kpi.response" not in kpi_gaps(PROFILE)


def test_an_improper_return_is_a_fact_circumstances_can_read() -> None:
    ev = judge(
        ("received", _at(0)),
        ("dispatched", _at(1), "U"),
        ("return_requested", _at(2), "U"),
        kind="consultation",
    )
    assert "return.not_allowed" in ev.facts["findings"]
    (circumstance,) = PROFILE.accountability.circumstances
    assert circumstance.when.test(ev.facts)
    assert circumstance.consequences == ("circulated_criticism", "points_deducted")
    quiet = judge(("received", _at(0)), ("dispatched", _at(1), "U"), kind="help")
    assert not circumstance.when.test(quiet.facts)


def test_a_case_not_to_accept_that_was_dispatched_is_reported() -> None:
    ev = judge(("received", _at(0)), ("dispatched", _at(1), "U"), tags=["state_secret"])
    assert "screening.accepted_anyway" in ev.codes()
    held = judge(("received", _at(0)), tags=["state_secret"])
    assert "screening.accepted_anyway" not in held.codes()


def test_a_co_handling_dispatch_leaves_the_lead_units_clock() -> None:
    ev = judge(
        ("received", _at(0)),
        ("dispatched", _at(1), "LEAD", {"role": "first_receiving"}),
        ("dispatched", _at(2), "CO", {"role": "co"}),
        ("completed", _at(24), "LEAD"),
        ("reply_sent", _at(25), "LEAD"),
    )
    (clock,) = completions(ev)
    assert clock.unit == "LEAD" and clock.state == "met"


def test_the_declared_unit_is_credited() -> None:
    t = ticket(
        "T-1",
        [
            ("received", _at(0)),
            ("dispatched", _at(1), "FIRST", {"role": "first_receiving"}),
            ("dispatched", _at(2), "OTHER", {"role": "lead"}),
        ],
    )
    assert credited_unit(t, PROFILE) == "FIRST"
    untagged = ticket("T-2", [("dispatched", _at(1), "A"), ("redispatched", _at(2), "B")])
    assert credited_unit(untagged, PROFILE) == "B"  # no roles: the v1 rule, the last unit
    assert credited_unit(ticket("T-3", [("received", _at(0))]), PROFILE) is None


@pytest.mark.parametrize(
    ("section", "fact"),
    [
        ("clocks", "returns: {at_least: 1}"),
        ("clocks", "overdue: true"),
        ("extensions", "completed: true"),
    ],
)
def test_a_condition_its_rule_can_never_read_is_refused(
    tmp_path: Path, section: str, fact: str
) -> None:
    if section == "clocks":
        body = f"""\
clocks:
  - id: completion.x
    clock: completion
    when: {{{fact}}}
    stops_on: [completed]
    duration: 3日
    cite: {{article: 第一条, text: 3日}}
"""
    else:
        body = f"""\
extensions:
  - id: extension.x
    when: {{{fact}}}
    cite: {{article: 第一条, text: 延期}}
"""
    with pytest.raises(ProfileError) as info:
        load_body(tmp_path, body)
    err = info.value
    assert err.code == "condition.fact_not_visible"
    assert "repeat_count" in err.message_en and "kind" in err.message_en  # what it may read
    assert err.location.line is not None


def test_lint_reads_a_screening_condition(tmp_path: Path) -> None:
    from hotline_rules.profile.lint import lint_profile

    body = """\
screening:
  - id: screening.never
    text: 永远不成立的情形
    when: {kind: {in: [help], not_in: [help]}}
    cite: {article: 第一条, text: 不予受理}
"""
    found = lint_profile(load_body(tmp_path, body).profile)
    assert [(x.code, x.rule_id) for x in found] == [
        ("lint.condition_never_true", "screening.never")
    ]
    # the v2 example lints clean, but for its placeholder articles (示例) beside real ones
    assert {x.code for x in lint_profile(PROFILE)} <= {"lint.cite_article_style"}


def test_a_rework_id_used_twice_is_refused_at_the_second(tmp_path: Path) -> None:
    body = """\
clocks:
  - id: rework.x
    clock: completion
    stops_on: [completed]
    duration: 3日
    cite: {article: 第一条, text: 3日}
rework:
  id: rework.x
  cite: {article: 第二条, text: 重办}
"""
    with pytest.raises(ProfileError) as info:
        load_body(tmp_path, body)
    assert info.value.code == "profile.duplicate_rule_id"
    assert info.value.location.path == "rework.id"


def test_explain_names_roles_ratings_and_the_second_round() -> None:
    from hotline_rules.engine.explain import explain_lines

    t = ticket(
        "T-1",
        [
            ("received", _at(0)),
            ("dispatched", _at(1), "甲局", {"role": "first_receiving"}),
            ("dispatched", _at(1.1), "乙局", {"role": "co"}),
            ("completed", _at(24), "甲局"),
            ("reply_sent", _at(25), "甲局"),
            ("revisit", _at(26), None, {"satisfaction": "unsatisfied", "resolved": False}),
            ("reopened", _at(27), "甲局"),
        ],
        requester="citizen",
    )
    text = "\n".join(explain_lines(ENGINE, ENGINE.evaluate(t, AS_OF), t))
    assert "派单（甲局，首接负责）" in text and "派单（乙局，协办）" in text
    assert "回访，不满意，未解决" in text
    assert "重新办理（甲局）。开始计算“办结”时限 5个工作日" in text


def test_supervisions_and_reworks_are_counted() -> None:
    ev = judge(
        ("received", _at(0)),
        ("dispatched", _at(1), "U"),
        ("supervision_issued", _at(50)),
        ("supervision_issued", _at(80)),
    )
    assert ev.facts["supervisions"] == 2 and ev.facts["supervised"] is True
    assert ev.facts["reworks"] == 0

"""Suites can name a ``units:`` rule (the unit a ticket is credited to) and a ``rework:`` rule (the
event that started a clock's round), and coverage counts them.

Before, no expectation could name either, so a profile using them stayed below 100% coverage.
The profile is ``tests/data/profiles/lang_v2.yaml`` (``units.first_receiving``,
``rework.unsatisfied``). 2026-03-02 is a Monday (2026 notice: no holiday that week).
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from hotline_rules.suites import Runner, Status, SuiteError, coverage, load_suite
from hotline_rules.suites.json_schema import render, schema_file
from hotline_rules.suites.report import case_text
from hotline_rules.suites.runner import CaseResult, named_rules

LANG_V2 = Path(__file__).resolve().parent / "data" / "profiles" / "lang_v2.yaml"

HEAD = """\
apiVersion: hotline_rules/test/v1
profile: {profile}
as_of: 2026-03-31T00:00:00+08:00
fixtures:
  tickets:
    两个单位:
      kind: help
      requester: citizen
      events:
        - {type: received, at: 2026-03-02T09:00:00+08:00}
        - {type: dispatched, at: 2026-03-02T10:00:00+08:00, unit: 甲局, role: first_receiving}
        - {type: dispatched, at: 2026-03-02T10:05:00+08:00, unit: 乙局}
    重办:
      kind: help
      requester: citizen
      events:
        - {type: received, at: 2026-03-02T09:00:00+08:00}
        - {type: dispatched, at: 2026-03-02T10:00:00+08:00, unit: 甲局}
        - {type: completed, at: 2026-03-03T10:00:00+08:00, unit: 甲局}
        - {type: reply_sent, at: 2026-03-03T11:00:00+08:00, unit: 甲局}
        - {type: revisit, at: 2026-03-04T10:00:00+08:00, satisfaction: unsatisfied}
        - {type: reopened, at: 2026-03-04T11:00:00+08:00, unit: 甲局}
    未派单:
      kind: help
      requester: citizen
      events:
        - {type: received, at: 2026-03-02T09:00:00+08:00}
cases:
"""


def _write(tmp_path: Path, cases: str, profile: str = "lang_v2.yaml") -> Path:
    shutil.copy(LANG_V2, tmp_path / "lang_v2.yaml")
    path = tmp_path / "x.test.yaml"
    body = textwrap.indent(textwrap.dedent(cases), "  ")
    path.write_text(HEAD.replace("{profile}", profile) + body, encoding="utf-8")
    return path


def _run(tmp_path: Path, cases: str, profile: str = "lang_v2.yaml") -> list[CaseResult]:
    return Runner().run_suite(load_suite(_write(tmp_path, cases, profile))).results


def _load_error(tmp_path: Path, cases: str) -> SuiteError:
    with pytest.raises(SuiteError) as info:
        load_suite(_write(tmp_path, cases))
    return info.value


# ---- units ---------------------------------------------------------------------------------


def test_the_credited_unit_is_the_first_receiving_one_and_names_the_units_rule(
    tmp_path: Path,
) -> None:
    (r,) = _run(
        tmp_path,
        """\
        - name: 首接负责单位计入
          ticket: 两个单位
          expect:
            units: {rule: units.first_receiving, unit: 甲局}
        """,
    )
    assert r.status is Status.PASSED, case_text(r)
    assert r.covered == {"units.first_receiving"}
    assert r.answer is not None and r.answer["credited_unit"] == "甲局"


def test_a_wrong_credited_unit_fails_with_both_units_and_the_dispatches(tmp_path: Path) -> None:
    """The v1 rule (last dispatched) would credit 乙局: a suite saying so fails under first_receiving."""
    (r,) = _run(
        tmp_path,
        """\
        - name: 误以为计入最后派给的单位
          ticket: 两个单位
          expect:
            units: {rule: units.first_receiving, unit: 乙局}
        """,
    )
    assert r.status is Status.FAILED
    assert [(m.subject, m.field, m.expected, m.actual) for m in r.mismatches] == [
        ("计入单位", "单位 unit", "乙局", "甲局")
    ]
    assert r.covered == frozenset()  # a failing case covers nothing
    assert r.trace[0] == "计入单位：按 first_receiving（规则 units.first_receiving，第六条）"
    assert list(r.trace[1:]) == [
        "  2026-03-02T10:00:00+08:00 dispatched 甲局（first_receiving）",
        "  2026-03-02T10:05:00+08:00 dispatched 乙局",
    ]


def test_without_a_role_the_last_dispatched_unit_is_credited(tmp_path: Path) -> None:
    (r, never) = _run(
        tmp_path,
        """\
        - name: 派单未标角色，按最后派给的单位
          ticket: 两个单位
          set: {id: 无角色}
          events_add:
            - {type: redispatched, at: 2026-03-02T11:00:00+08:00, unit: 丙局}
          expect:
            units: {rule: units.first_receiving, unit: 甲局}
        - name: 从未派单，不计入任何单位
          ticket: 未派单
          expect:
            units: {unit: null}
        """,
    )
    assert r.status is Status.PASSED, case_text(r)
    assert never.status is Status.PASSED, case_text(never)
    assert never.covered == frozenset()  # no rule named: the unit only


def test_the_units_rule_named_must_be_the_profiles(tmp_path: Path) -> None:
    err = _load_error(
        tmp_path,
        """\
        - name: 规则种类不对
          ticket: 两个单位
          expect:
            units: {rule: rework.unsatisfied, unit: 甲局}
        """,
    )
    assert err.code == "suite.wrong_rule_kind"
    assert err.message_zh == "规则“rework.unsatisfied”属于 rework，不是计入单位规则"
    err = _load_error(
        tmp_path,
        """\
        - name: 编号写错
          ticket: 两个单位
          expect:
            units: {rule: units.first_receving, unit: 甲局}
        """,
    )
    assert err.code == "suite.unknown_rule"
    assert "units.first_receiving" in err.message_zh


def test_units_are_expected_of_a_ticket_case_only(tmp_path: Path) -> None:
    err = _load_error(
        tmp_path,
        """\
        - name: 统计用例不能写 units
          audit: {tickets: [两个单位]}
          expect:
            units: {unit: 甲局}
        """,
    )
    assert err.code == "suite.misplaced_key"
    assert err.message_zh == "统计（audit）用例不能写 units"


def test_a_units_expectation_needs_its_unit(tmp_path: Path) -> None:
    err = _load_error(
        tmp_path,
        """\
        - name: 没写单位
          ticket: 两个单位
          expect:
            units: {rule: units.first_receiving}
        """,
    )
    assert err.code == "suite.missing"


def test_a_profile_without_units_credits_the_last_dispatched_unit(tmp_path: Path) -> None:
    (r,) = _run(
        tmp_path,
        """\
        - name: 没有 units 规则的配置计入最后派给的单位
          ticket: 两个单位
          expect:
            units: {unit: 乙局}
        """,
        profile="gaoling",
    )
    assert r.status is Status.PASSED, case_text(r)


# ---- rework --------------------------------------------------------------------------------


def test_the_second_round_names_the_rework_rule_that_started_it(tmp_path: Path) -> None:
    (r,) = _run(
        tmp_path,
        """\
        - name: 发回重办开始第二轮
          ticket: 重办
          expect:
            clocks:
              - {rule: completion.citizen, round: 2, rework: rework.unsatisfied,
                 start: 2026-03-04T11:00:00+08:00, due: 2026-03-12T00:00:00+08:00}
        """,
    )
    assert r.status is Status.PASSED, case_text(r)
    assert r.covered == {"completion.citizen", "rework.unsatisfied"}


def test_a_round_not_started_by_the_rework_fails(tmp_path: Path) -> None:
    (r,) = _run(
        tmp_path,
        """\
        - name: 第一轮不是重办起算的
          ticket: 重办
          expect:
            clocks:
              - {rule: completion.citizen, round: 1, rework: rework.unsatisfied}
        """,
    )
    assert r.status is Status.FAILED
    assert [(m.field, m.expected, m.actual) for m in r.mismatches] == [
        (
            "发回重办 rework",
            "由 reopened 起算（rework.unsatisfied）",
            "由 dispatched（2026-03-02T10:00:00+08:00）起算",
        )
    ]


def test_the_rework_rule_named_must_be_a_rework_rule(tmp_path: Path) -> None:
    err = _load_error(
        tmp_path,
        """\
        - name: 规则种类不对
          ticket: 重办
          expect:
            clocks:
              - {rule: completion.citizen, round: 2, rework: units.first_receiving}
        """,
    )
    assert err.code == "suite.wrong_rule_kind"
    assert err.location.path == "cases[0].expect.clocks[0].rework"
    err = _load_error(
        tmp_path,
        """\
        - name: 没有的时限不能由重办起算
          ticket: 重办
          expect:
            clocks:
              - {rule: completion.citizen, round: 3, absent: true, rework: rework.unsatisfied}
        """,
    )
    assert err.code == "suite.absent_with_fields"


def test_a_profile_without_rework_fails_a_case_naming_one(tmp_path: Path) -> None:
    """The id is checked against the suite's profile when it loads: gaoling has no rework."""
    with pytest.raises(SuiteError) as info:
        load_suite(
            _write(
                tmp_path,
                """\
                - name: 某市没有发回重办规则
                  ticket: 重办
                  expect:
                    clocks:
                      - {rule: completion.consultation, round: 2, rework: rework.unsatisfied}
                """,
                profile="gaoling",
            )
        )
    assert info.value.code == "suite.unknown_rule"
    assert info.value.location.path == "cases[0].expect.clocks[0].rework"


# ---- coverage and schema ----------------------------------------------------------------------


def test_coverage_counts_units_and_rework_rules(tmp_path: Path) -> None:
    """Was: both always uncovered, whatever the suite said."""
    cases = """\
        - name: 首接负责单位计入
          ticket: 两个单位
          expect:
            units: {rule: units.first_receiving, unit: 甲局}
        - name: 发回重办开始第二轮
          ticket: 重办
          expect:
            clocks:
              - {rule: completion.citizen, round: 2, rework: rework.unsatisfied}
        """
    suite = load_suite(_write(tmp_path, cases))
    results = Runner().run_suite(suite).results
    assert all(r.status is Status.PASSED for r in results), [case_text(r) for r in results]
    uncovered = {u.rule_id for u in coverage(suite.profile, results).uncovered}
    assert "units.first_receiving" not in uncovered
    assert "rework.unsatisfied" not in uncovered
    assert {"units.first_receiving", "rework.unsatisfied"} <= named_rules(
        results[0].case.case.expect  # type: ignore[arg-type]
    ) | named_rules(results[1].case.case.expect)  # type: ignore[arg-type]


def test_the_shipped_test_schema_knows_units_and_rework() -> None:
    assert schema_file().read_text(encoding="utf-8") == render(), (
        "run: python -m hotline_rules.suites.json_schema"
    )
    defs = json.loads(render())["$defs"]
    assert set(defs["UnitsExpect"]["properties"]) == {"rule", "unit"}
    assert defs["UnitsExpect"]["required"] == ["unit"]
    assert "units" in defs["Expect"]["properties"]
    assert "rework" in defs["ClockExpect"]["properties"]

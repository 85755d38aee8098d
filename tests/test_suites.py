"""Profile test suites: loading (located errors, pinned), running (diffs, traces) and coverage."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline_rules.errors import InputError
from hotline_rules.profile import ProfileError
from hotline_rules.suites import (
    CaseKind,
    Runner,
    Status,
    SuiteError,
    coverage,
    load_suite,
)
from hotline_rules.suites.report import case_text
from hotline_rules.suites.runner import CaseResult, SuiteResult, named_rules

ROOT = Path(__file__).resolve().parent.parent
MOUSHI_SUITE = ROOT / "profiles" / "tests" / "moushi.test.yaml"

HEAD = """\
apiVersion: hotline_rules/test/v1
profile: {profile}
as_of: 2026-10-20T00:00:00+08:00
fixtures:
  tickets:
    群众求助:
      requester: citizen
      kind: help
      events:
        - {type: received, at: 2026-09-30T15:05:00+08:00}
        - {type: dispatched, at: 2026-09-30T16:40:00+08:00, unit: 某市市场监督管理局}
cases:
"""


def write(tmp_path: Path, cases: str, *, profile: str = "moushi", head: str = HEAD) -> Path:
    """A suite file of ``cases`` (YAML, indented as list items under ``cases:``)."""
    path = tmp_path / "x.test.yaml"
    body = textwrap.indent(textwrap.dedent(cases), "  ")
    path.write_text(head.replace("{profile}", profile) + body, encoding="utf-8")
    return path


def run(tmp_path: Path, cases: str, **kw: str) -> SuiteResult:
    return Runner().run_suite(load_suite(write(tmp_path, cases, **kw)))


def only(result: SuiteResult) -> CaseResult:
    assert len(result.results) == 1
    return result.results[0]


def load_error(tmp_path: Path, cases: str, **kw: str) -> SuiteError:
    with pytest.raises(SuiteError) as info:
        load_suite(write(tmp_path, cases, **kw))
    return info.value


# ---- the bundled suite -------------------------------------------------------------------------


def test_the_moushi_suite_passes_and_covers_every_rule() -> None:
    suite = load_suite(MOUSHI_SUITE)
    assert suite.profile.profile.meta.id == "moushi"
    # the profile beside tests/: by name when the registry finds that very file (an editable
    # install), else by its path (an installed copy elsewhere must not stand in for it)
    beside = MOUSHI_SUITE.resolve().parent.parent / "moushi.yaml"
    assert suite.profile_ref in ("moushi", str(beside))
    assert [f.resolve() for f in suite.profile.files] == [beside]
    result = Runner().run_suite(suite)
    bad = [case_text(r) for r in result.results if not r.ok]
    assert bad == []
    cov = coverage(suite.profile, result.results)
    assert cov.uncovered == [] and cov.percent == 100.0
    assert len(cov.rules) == len(suite.profile.profile.rules())


def test_the_moushi_suite_starts_with_the_schema_modeline() -> None:
    first = MOUSHI_SUITE.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/test.schema.json"


def break_moushi(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the moushi profile and suite with one number changed in the profile."""
    profiles = tmp_path / "profiles"
    (profiles / "tests").mkdir(parents=True)
    text = (ROOT / "profiles" / "moushi.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    (profiles / "moushi.yaml").write_text(text.replace(old, new), encoding="utf-8")
    shutil.copy(MOUSHI_SUITE, profiles / "tests" / "moushi.test.yaml")
    return profiles / "tests" / "moushi.test.yaml"


def test_breaking_a_number_in_the_profile_fails_a_case_with_a_readable_diff(
    tmp_path: Path,
) -> None:
    suite = load_suite(break_moushi(tmp_path, "duration: 5个工作日", "duration: 6个工作日"))
    assert suite.profile.path == tmp_path / "profiles" / "moushi.yaml"  # the copy beside tests/
    result = Runner().run_suite(suite)
    failed = {r.case.name: r for r in result.results if r.status is Status.FAILED}
    assert "群众诉求5个工作日内办结" in failed
    text = case_text(failed["群众诉求5个工作日内办结"])
    assert text.startswith("失败：群众诉求5个工作日内办结（")
    assert (
        "  时限 completion.citizen · 截止 due\n"
        "    期望 expected: 2026-10-14T00:00:00+08:00\n"
        "    实际 actual:   2026-10-15T00:00:00+08:00\n"
    ) in text
    # the trace: the timeline with the rule behind the step ...
    assert "开始计算“办结”时限 6个工作日，截止 2026-10-15 00:00+08:00（第七条）" in text
    # ... and how the due instant was derived, days skipped and why
    assert "  推算 completion.citizen（某市市场监督管理局）的截止时刻：6个工作日，第七条" in text
    assert "    跳过 2026-10-01..07 国庆节" in text
    assert "    第6个工作日为 2026-10-14" in text
    # a failing case covers nothing
    assert failed["群众诉求5个工作日内办结"].covered == frozenset()


def test_breaking_the_extension_limit_fails_the_extension_cases(tmp_path: Path) -> None:
    suite = load_suite(break_moushi(tmp_path, "max_each: 10个工作日", "max_each: 9个工作日"))
    result = Runner().run_suite(suite)
    failed = {r.case.name for r in result.results if r.status is Status.FAILED}
    assert {"询问：群众诉求可申请延期10个工作日", "企业诉求延期10个工作日"} <= failed
    cov = coverage(suite.profile, result.results)
    assert [u.rule_id for u in cov.uncovered] == []  # still named by the too-long cases


# ---- load errors, at their line, in both languages -------------------------------------------


def test_a_case_without_expect_is_an_error_at_its_line(tmp_path: Path) -> None:
    err = load_error(tmp_path, "  - name: 空\n    ticket: 群众求助\n")
    assert err.code == "suite.no_expectation"
    assert (err.location.line, err.location.column) == (13, 5)
    assert err.message_zh == "用例“空”没有任何期望（expect），运行它什么也检验不了"
    assert err.message_en == "case '空' has no expectation (expect), so it would test nothing"


def test_an_empty_expect_is_no_expectation(tmp_path: Path) -> None:
    err = load_error(
        tmp_path, "  - name: 空\n    ticket: 群众求助\n    expect: {findings: {include: []}}\n"
    )
    assert err.code == "suite.no_expectation"
    assert (err.location.line, err.location.path) == (15, "cases[0].expect")


def test_a_duplicate_case_name_is_an_error_at_the_second(tmp_path: Path) -> None:
    case = "  - name: 甲\n    ticket: 群众求助\n    expect: {facts: {completed: false}}\n"
    err = load_error(tmp_path, case + case)
    assert err.code == "suite.duplicate_case"
    assert err.location.line == 16
    assert err.message_zh == "用例名称“甲”重复（第一次出现在第 13 行）"
    assert err.message_en == "duplicate case name '甲' (first at line 13)"


def test_an_unknown_fixture_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    err = load_error(
        tmp_path, "  - name: 甲\n    ticket: 群众求\n    expect: {facts: {completed: false}}\n"
    )
    assert err.code == "suite.unknown_fixture"
    assert (err.location.line, err.location.column) == (14, 13)
    assert err.message_zh == "没有名为“群众求”的工单夹具，是不是“群众求助”？（已有：群众求助）"
    assert (
        err.message_en
        == "no ticket fixture named '群众求'; did you mean '群众求助'? (known: 群众求助)"
    )


def test_an_unknown_rule_id_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    err = load_error(
        tmp_path,
        "  - name: 甲\n    ticket: 群众求助\n    expect:\n      clocks: [{rule: completion.citizn}]\n",
    )
    assert err.code == "suite.unknown_rule"
    assert (err.location.line, err.location.column) == (16, 23)
    assert (
        err.message_zh == "配置 moushi 中没有规则“completion.citizn”，是不是“completion.citizen”？"
    )
    assert (
        err.message_en
        == "profile moushi has no rule 'completion.citizn'; did you mean 'completion.citizen'?"
    )


def test_a_rule_of_the_wrong_kind_is_an_error(tmp_path: Path) -> None:
    err = load_error(
        tmp_path,
        "  - name: 甲\n    ticket: 群众求助\n    expect:\n      clocks: [{rule: supervision.overdue}]\n",
    )
    assert err.code == "suite.wrong_rule_kind"
    assert err.message_zh == "规则“supervision.overdue”属于 supervision，不是时限规则"
    assert err.message_en == "rule 'supervision.overdue' is in supervision, not a clock rule"


def test_an_unknown_key_is_an_error_at_the_key_with_a_suggestion(tmp_path: Path) -> None:
    err = load_error(
        tmp_path,
        "  - name: 甲\n    ticket: 群众求助\n    expect:\n      clocks: [{rule: completion.citizen, stat: met}]\n",
    )
    assert err.code == "suite.extra_forbidden"
    assert (err.location.line, err.location.column) == (16, 43)
    assert err.message_zh == "不认识的字段“stat”，是不是“state”？；实际为：'met'"


def test_an_instant_without_offset_is_refused(tmp_path: Path) -> None:
    err = load_error(
        tmp_path,
        "  - name: 甲\n    ticket: 群众求助\n    as_of: 2026-10-20T00:00:00\n    expect: {facts: {completed: false}}\n",
    )
    assert err.code == "suite.naive_instant"
    assert (err.location.line, err.location.path) == (15, "cases[0].as_of")
    assert (
        err.message_zh
        == "时间 2026-10-20T00:00:00 没有时区，不能猜测（应写作 2026-10-20T00:00:00+08:00）"
    )


def test_a_date_where_an_instant_is_needed_is_refused(tmp_path: Path) -> None:
    err = load_error(
        tmp_path,
        "  - name: 甲\n    ticket: 群众求助\n    as_of: 2026-10-20\n    expect: {facts: {completed: false}}\n",
    )
    assert err.code == "suite.bad_instant"
    assert err.message_zh == "这里要写时刻而不是日期：2026-10-20（如 2026-10-20T00:00:00+08:00）"


def test_an_unknown_fact_is_an_error(tmp_path: Path) -> None:
    err = load_error(
        tmp_path, "  - name: 甲\n    ticket: 群众求助\n    expect: {facts: {overdu: true}}\n"
    )
    assert err.code == "suite.unknown_fact"
    assert err.message_zh == "不认识的事实“overdu”，是不是“overdue”？"


def test_an_unknown_profile_is_an_error_at_the_profile_line(tmp_path: Path) -> None:
    err = load_error(
        tmp_path,
        "  - name: 甲\n    ticket: 群众求助\n    expect: {facts: {completed: false}}\n",
        profile="moush",
    )
    assert err.code == "suite.profile_not_found"
    assert err.location.line == 2
    assert err.message_zh.startswith("找不到被测配置：没有名为“moush”的配置")


def test_an_unknown_profile_says_how_to_name_a_draft(tmp_path: Path) -> None:
    err = load_error(
        tmp_path,
        "  - name: 甲\n    ticket: 群众求助\n    expect: {facts: {completed: false}}\n",
        profile="moushi_draft",
    )
    assert err.code == "suite.profile_not_found"
    assert err.hint_zh == (
        "修改稿请写文件路径（相对本测试文件），或把测试文件放在修改稿旁边的 tests/ 目录里"
    )
    assert err.hint_en == (
        "for a draft, write its file path (relative to this test file), "
        "or put the test file in a tests/ directory beside the draft"
    )
    assert "  处理办法：修改稿请写文件路径（相对本测试文件）" in err.render("zh")


def test_both_ways_the_hint_names_find_a_draft(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    (drafts / "tests").mkdir(parents=True)
    draft = (ROOT / "examples" / "profiles" / "moushi_3days.yaml").read_text(encoding="utf-8")
    (drafts / "moushi_3days.yaml").write_text(draft, encoding="utf-8")
    case = "  - name: 甲\n    ticket: 群众求助\n    expect: {facts: {completed: false}}\n"
    beside = drafts / "tests" / "x.test.yaml"
    beside.write_text(HEAD.replace("{profile}", "moushi_3days") + case, encoding="utf-8")
    assert load_suite(beside).profile.profile.meta.id == "moushi_3days"
    by_path = tmp_path / "x.test.yaml"
    by_path.write_text(
        HEAD.replace("{profile}", "drafts/moushi_3days.yaml") + case, encoding="utf-8"
    )
    assert load_suite(by_path).profile.profile.meta.id == "moushi_3days"


def test_an_invalid_profile_raises_the_profile_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: hotline_rules/v1\nmeta: {id: bad}\n", encoding="utf-8")
    with pytest.raises(ProfileError):
        load_suite(
            write(
                tmp_path,
                "  - name: 甲\n    ticket: 群众求助\n    expect: {facts: {completed: false}}\n",
                profile="bad.yaml",
            )
        )


def test_audit_expectations_in_a_ticket_case_are_misplaced(tmp_path: Path) -> None:
    err = load_error(
        tmp_path,
        "  - name: 甲\n    ticket: 群众求助\n    expect:\n      kpis: [{rule: kpi.on_time_completion}]\n",
    )
    assert err.code == "suite.misplaced_key"
    assert err.message_zh == "工单（ticket）用例不能写 kpis"
    assert err.hint_zh is not None and "统计用例：kpis" in err.hint_zh


def test_audit_expectations_without_a_ticket_need_audit(tmp_path: Path) -> None:
    err = load_error(
        tmp_path, "  - name: 甲\n    expect:\n      kpis: [{rule: kpi.on_time_completion}]\n"
    )
    assert err.code == "suite.nothing_to_run"
    assert err.message_zh == (
        "用例“甲”没有写 ticket（工单夹具名称）、audit 或 ask.on_duty"
        "（kpis、circumstances、vetoes、assessment 需要 audit）"
    )


def test_an_answer_needs_a_question_and_a_question_an_answer(tmp_path: Path) -> None:
    err = load_error(
        tmp_path, "  - name: 甲\n    ticket: 群众求助\n    expect: {answer: {allowed: true}}\n"
    )
    assert (err.code, err.message_zh) == (
        "suite.answer_without_ask",
        "expect.answer 需要 ask.return 或 ask.extend",
    )
    err = load_error(
        tmp_path,
        "  - name: 甲\n    ticket: 群众求助\n    ask: {extend: {at: 2026-10-12T10:00:00+08:00, length: 2个工作日}}\n"
        "    expect: {facts: {completed: false}}\n",
    )
    assert err.code == "suite.ask_without_answer"


def test_ask_takes_exactly_one_question(tmp_path: Path) -> None:
    err = load_error(
        tmp_path,
        "  - name: 甲\n    ticket: 群众求助\n    ask: {}\n    expect: {facts: {completed: false}}\n",
    )
    assert (err.code, err.message_zh) == (
        "suite.ask_one",
        "ask 下应恰好写一项：return、extend 或 on_duty",
    )


def test_an_absent_clock_takes_no_other_fields(tmp_path: Path) -> None:
    err = load_error(
        tmp_path,
        "  - name: 甲\n    ticket: 群众求助\n    expect:\n      clocks: [{rule: completion.citizen, absent: true, state: met}]\n",
    )
    assert err.code == "suite.absent_with_fields"


def test_a_case_without_an_instant_is_an_error(tmp_path: Path) -> None:
    head = HEAD.replace("as_of: 2026-10-20T00:00:00+08:00\n", "")
    err = load_error(
        tmp_path,
        "  - name: 甲\n    ticket: 群众求助\n    expect: {facts: {completed: false}}\n",
        head=head,
    )
    assert err.code == "suite.no_as_of"
    assert err.location.line == 12


def test_the_api_version_is_checked(tmp_path: Path) -> None:
    head = HEAD.replace("hotline_rules/test/v1", "hotline_rules/v1")
    err = load_error(
        tmp_path,
        "  - name: 甲\n    ticket: 群众求助\n    expect: {facts: {completed: false}}\n",
        head=head,
    )
    assert err.code == "suite.literal_error"
    assert err.location.line == 1


# ---- fixtures --------------------------------------------------------------------------------


def test_set_and_events_add_vary_a_fixture_without_changing_it(tmp_path: Path) -> None:
    suite = load_suite(
        write(
            tmp_path,
            """\
              - name: 企业
                ticket: 群众求助
                set: {requester: enterprise, tags: [adverse_impact]}
                events_add:
                  - {type: completed, at: 2026-10-09T10:00:00+08:00, unit: 某市市场监督管理局}
                expect: {facts: {completed: true}}
              - name: 原样
                ticket: 群众求助
                expect: {facts: {completed: false}}
            """,
        )
    )
    changed, plain = suite.cases
    assert changed.ticket is not None and plain.ticket is not None
    assert changed.ticket.id == plain.ticket.id == "群众求助"  # id defaults to the fixture name
    assert (changed.ticket.requester, changed.ticket.tags) == ("enterprise", {"adverse_impact"})
    assert [e.type for e in changed.ticket.events] == ["received", "dispatched", "completed"]
    assert (plain.ticket.requester, plain.ticket.tags) == ("citizen", frozenset())
    assert len(plain.ticket.events) == 2


def test_an_audit_ticket_can_be_counted_several_times(tmp_path: Path) -> None:
    suite = load_suite(
        write(
            tmp_path,
            """\
              - name: 三张
                audit:
                  tickets: [{ticket: 群众求助, times: 3}]
                expect:
                  kpis: [{rule: kpi.on_time_completion, denominator: 0}]
            """,
        )
    )
    (case,) = suite.cases
    assert case.kind is CaseKind.AUDIT
    assert [t.id for t in case.audit_tickets] == ["群众求助", "群众求助#2", "群众求助#3"]


# ---- running: what each expectation checks ------------------------------------------------------


def test_a_clock_mismatch_names_the_field_and_both_values(tmp_path: Path) -> None:
    r = only(
        run(
            tmp_path,
            """\
              - name: 甲
                ticket: 群众求助
                expect:
                  clocks: [{rule: completion.citizen, state: met, due: 2026-10-15T00:00:00+08:00}]
            """,
        )
    )
    assert r.status is Status.FAILED
    assert [m.to_dict() for m in r.mismatches] == [
        {
            "subject": "时限 completion.citizen",
            "field": "状态 state",
            "expected": "met（按时）",
            "actual": "breached（超时）",
        },
        {
            "subject": "时限 completion.citizen",
            "field": "截止 due",
            "expected": "2026-10-15T00:00:00+08:00",
            "actual": "2026-10-14T00:00:00+08:00",
        },
    ]
    assert r.trace[0] == "工单经过（hotline-rules explain）："
    assert "推算 completion.citizen（某市市场监督管理局）的截止时刻：5个工作日，第七条" in r.trace


def test_a_missing_clock_and_an_absent_one(tmp_path: Path) -> None:
    r = only(
        run(
            tmp_path,
            """\
              - name: 甲
                ticket: 群众求助
                expect:
                  clocks:
                    - {rule: completion.enterprise}
                    - {rule: completion.citizen, absent: true}
            """,
        )
    )
    assert [(m.subject, m.expected, m.actual) for m in r.mismatches] == [
        (
            "时限 completion.enterprise",
            "有这个时限",
            "没有；该工单的时限：completion.citizen（某市市场监督管理局）",
        ),
        ("时限 completion.citizen", "没有这个时限", "有：某市市场监督管理局 breached（超时）"),
    ]


def test_findings_include_and_exclude(tmp_path: Path) -> None:
    r = only(
        run(
            tmp_path,
            """\
              - name: 甲
                ticket: 群众求助
                expect:
                  findings:
                    include: [{code: deadline.breached, rule: feedback.same_day}]
                    exclude: [{rule: supervision.overdue}]
            """,
        )
    )
    include, exclude = r.mismatches
    assert include.subject == "发现 deadline.breached，规则 feedback.same_day"
    assert include.actual == (
        "没有出现；实际的发现：deadline.breached（completion.citizen）、"
        "supervision.triggered（supervision.referral）、supervision.triggered（supervision.overdue）"
    )
    assert exclude.subject == "发现 规则 supervision.overdue"
    assert exclude.actual.startswith("出现了：supervision.triggered（supervision.overdue，info）：")


def test_facts_are_compared_as_written(tmp_path: Path) -> None:
    r = only(
        run(
            tmp_path,
            """\
              - name: 甲
                ticket: 群众求助
                expect: {facts: {overdue: false, breached: [completion], returns: 0}}
            """,
        )
    )
    assert [(m.subject, m.expected, m.actual) for m in r.mismatches] == [
        ("事实 overdue", "false", "true")
    ]


def test_an_answer_mismatch(tmp_path: Path) -> None:
    r = only(
        run(
            tmp_path,
            """\
              - name: 甲
                ticket: 群众求助
                ask: {extend: {at: 2026-10-12T10:00:00+08:00, length: 10个工作日}}
                expect:
                  answer:
                    allowed: false
                    new_due: 2026-10-27T00:00:00+08:00
                    findings: {include: [{code: extension.too_long}]}
            """,
        )
    )
    assert [(m.field, m.expected, m.actual) for m in r.mismatches] == [
        ("是否允许 allowed", "否", "是"),
        ("new_due", "2026-10-27T00:00:00+08:00", "2026-10-28T00:00:00+08:00"),
        ("出现", "应出现", "没有出现；实际的发现：无"),
    ]
    assert r.trace[:2] == (
        "答复（延期询问，2026-10-12T10:00:00+08:00）：",
        "  允许，依据规则 extension.special_complex（第七条）",
    )


def test_an_engine_error_is_an_error_not_a_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suite = load_suite(
        write(
            tmp_path,
            "  - name: 甲\n    ticket: 群众求助\n    expect: {facts: {completed: false}}\n",
        )
    )
    runner = Runner()
    engine = runner.engine(suite.cases[0].profile_ref)

    def refuse(*args: object) -> None:
        raise InputError("无法评估", "cannot evaluate", code="test.refused")

    monkeypatch.setattr(engine, "evaluate", refuse)
    r = runner.run_case(suite.cases[0])
    assert r.status is Status.ERROR and not r.ok
    assert r.error is not None and "错误 [test.refused]：无法评估" in r.error
    assert case_text(r).splitlines()[1:3] == [
        "  引擎拒绝了该用例的输入 / the engine refused the input:",
        "    错误 [test.refused]：无法评估",
    ]


def test_a_clock_that_cannot_be_counted_fails_with_the_engine_finding(tmp_path: Path) -> None:
    r = only(
        run(
            tmp_path,
            """\
              - name: 二一〇〇年
                ticket: 群众求助
                events_add:
                  - {type: redispatched, at: 2100-03-02T10:00:00+08:00, unit: 某市住建局}
                as_of: 2100-03-03T00:00:00+08:00
                expect:
                  clocks: [{rule: completion.citizen, unit: 某市住建局}]
            """,
        )
    )
    assert r.status is Status.FAILED
    assert any("无法计算时限" in line for line in r.trace)


def test_a_skipped_case_is_not_run_and_covers_nothing(tmp_path: Path) -> None:
    r = only(
        run(
            tmp_path,
            """\
              - name: 甲
                ticket: 群众求助
                skip: 等待条文修订
                expect: {clocks: [{rule: completion.citizen, state: met}]}
            """,
        )
    )
    assert (r.status, r.skip_reason, r.covered) == (Status.SKIPPED, "等待条文修订", frozenset())
    assert r.ok


# ---- audit and duty cases -----------------------------------------------------------------------

GAOLING_HEAD = """\
apiVersion: hotline_rules/test/v1
profile: gaoling
as_of: 2026-11-30T00:00:00+08:00
fixtures:
  tickets:
    拒不执行:
      kind: complaint
      tags: [unreasonable_refusal, duty_failure]
      events:
        - {type: received, at: 2026-10-09T09:00:00+08:00}
        - {type: dispatched, at: 2026-10-09T10:00:00+08:00, unit: 区住建局}
    推诿造成不良影响:
      kind: complaint
      tags: [shirking, adverse_impact]
      events:
        - {type: received, at: 2026-10-12T09:00:00+08:00}
        - {type: dispatched, at: 2026-10-12T10:00:00+08:00, unit: 区城管局}
        - {type: completed, at: 2026-10-13T10:00:00+08:00, unit: 区城管局}
        - {type: revisit, at: 2026-10-14T10:00:00+08:00, satisfaction: unsatisfied}
cases:
"""


def test_an_audit_case_checks_kpis_circumstances_vetoes_and_assessment(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        """\
          - name: 十月
            audit:
              period: 2026-10
              tickets: [拒不执行, 推诿造成不良影响]
            expect:
              kpis:
                - {rule: kpi.on_time_completion, unit: 区城管局, numerator: 1, denominator: 1}
                - {rule: kpi.satisfaction, numerator: 0, denominator: 1}
              circumstances:
                - {rule: accountability.ruling_not_executed, unit: 区住建局, count: 1}
                - {rule: accountability.ruling_not_executed, unit: 区城管局, fired: false}
              vetoes:
                - {rule: veto.misconduct, unit: 区城管局, period: 2026-10}
              assessment:
                rule: assessment.performance
                unit: 区城管局
                metrics:
                  kpi.on_time_completion: {numerator: 1, denominator: 1}
                graded: false
          - name: 十一月没有受理
            audit:
              period: 2026-11
              tickets: [拒不执行]
            expect:
              vetoes: [{rule: veto.misconduct, fired: false}]
              kpis: [{rule: kpi.on_time_completion, numerator: 0, denominator: 0}]
        """,
        head=GAOLING_HEAD,
    )
    assert [case_text(r) for r in result.results if not r.ok] == []
    first = result.results[0]
    assert first.covered == {
        "kpi.on_time_completion",
        "kpi.satisfaction",
        "accountability.ruling_not_executed",
        "veto.misconduct",
        "assessment.performance",
    }
    assert result.results[1].covered == {"kpi.on_time_completion"}  # fired: false names nothing


def test_audit_mismatches_and_trace(tmp_path: Path) -> None:
    r = only(
        run(
            tmp_path,
            """\
              - name: 十月
                audit: {tickets: [拒不执行]}
                expect:
                  kpis: [{rule: kpi.on_time_completion, denominator: 2}]
                  vetoes: [{rule: veto.misconduct}]
                  circumstances: [{rule: accountability.ruling_not_executed, fired: false}]
                  assessment:
                    rule: assessment.performance
                    metrics: {kpi.satisfaction: {numerator: 1, denominator: 1}}
                    graded: true
            """,
            head=GAOLING_HEAD,
        )
    )
    assert [(m.subject, m.field, m.expected, m.actual) for m in r.mismatches] == [
        # the one ticket is past its due and still open: below the line (issue 14)
        ("指标 kpi.on_time_completion", "分母 denominator", "2", "1"),
        (
            "问责情形 accountability.ruling_not_executed",
            "触发 fired",
            "否",
            "是（区住建局 2026-10 1 件）",
        ),
        ("一票否决 veto.misconduct", "触发 fired", "是", "否"),
        ("考核 assessment.performance", "指标 kpi.satisfaction", "1/1", "0/0"),
        ("考核 assessment.performance", "能否评定等次 graded", "是", "否（条文未规定分数线）"),
    ]
    assert r.trace[0] == "统计了 1 张工单（读入 1，期间外 0）："
    assert "  工单：拒不执行" in r.trace


HAIKOU_HEAD = """\
apiVersion: hotline_rules/test/v1
profile: haikou
cases:
"""


def test_a_duty_case_expects_exactly_the_windows_on_duty(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        """\
          - name: 国庆节上午11点
            ask: {on_duty: 2026-10-03T11:00:00+08:00}
            expect:
              on_duty: [duty.system_login, duty.rotation, duty.online_morning]
          - name: 国庆节中午
            ask: {on_duty: 2026-10-03T12:00:00+08:00}
            expect:
              on_duty: [duty.online_morning]
        """,
        head=HAIKOU_HEAD,
    )
    ok, bad = result.results
    assert ok.status is Status.PASSED
    assert ok.covered == {"duty.system_login", "duty.rotation", "duty.online_morning"}
    assert [(m.subject, m.expected, m.actual) for m in bad.mismatches] == [
        (
            "值班 2026-10-03T12:00:00+08:00",
            "duty.online_morning",
            "duty.system_login、duty.rotation",
        )
    ]
    assert bad.trace[0] == "值班表（Asia/Shanghai）："


def test_a_duty_case_takes_no_ticket(tmp_path: Path) -> None:
    err = load_error(
        tmp_path,
        "  - name: 甲\n    ticket: 群众求助\n    ask: {on_duty: 2026-10-03T11:00:00+08:00}\n"
        "    expect: {on_duty: []}\n",
    )
    assert (err.code, err.message_zh) == (
        "suite.misplaced_key",
        "值班（ask.on_duty）用例不能写 ticket",
    )


# ---- coverage ------------------------------------------------------------------------------------


def test_coverage_counts_only_rules_named_by_passing_cases(tmp_path: Path) -> None:
    suite = load_suite(
        write(
            tmp_path,
            """\
              - name: 通过
                ticket: 群众求助
                expect:
                  clocks: [{rule: completion.citizen, state: breached}]
                  findings: {exclude: [{rule: feedback.same_day}]}
              - name: 失败
                ticket: 群众求助
                expect: {clocks: [{rule: completion.enterprise}]}
            """,
        )
    )
    result = Runner().run_suite(suite)
    cov = coverage(suite.profile, result.results)
    assert cov.covered == {"completion.citizen"}  # an exclude pattern shows no rule at work
    uncovered = {u.rule_id: u for u in cov.uncovered}
    assert "feedback.same_day" in uncovered and "completion.enterprise" in uncovered
    ref = uncovered["completion.enterprise"]
    assert ref.section == "clocks"
    assert ref.file is not None and ref.file.endswith("profiles/moushi.yaml")
    lines = (ROOT / "profiles" / "moushi.yaml").read_text(encoding="utf-8").splitlines()
    assert ref.line is not None and lines[ref.line - 1] == "  - id: completion.enterprise"
    assert round(cov.percent, 1) == round(100 / 14, 1)


_MOUSHI = load_suite(MOUSHI_SUITE)
_MOUSHI_RESULTS = Runner().run_suite(_MOUSHI).results


@settings(max_examples=30, deadline=None)
@given(st.sets(st.integers(0, len(_MOUSHI_RESULTS) - 1)))
def test_coverage_of_a_selection_is_the_union_of_its_cases(picked: set[int]) -> None:
    chosen = [_MOUSHI_RESULTS[i] for i in sorted(picked)]
    cov = coverage(_MOUSHI.profile, chosen)
    expected: set[str] = set()
    for r in chosen:
        assert r.case.case.expect is not None
        expected |= named_rules(r.case.case.expect)
    assert cov.covered == expected
    assert cov.covered <= coverage(_MOUSHI.profile, _MOUSHI_RESULTS).covered
    assert 0.0 <= cov.percent <= 100.0


# ---- profile versions ------------------------------------------------------------------------------


def test_a_case_can_pin_the_version_it_is_judged_by(tmp_path: Path) -> None:
    """examples/versions: 5个工作日 until 2026-06-30, 3个工作日 from 2026-07-01."""
    profile = ROOT / "examples" / "versions" / "sample_city.yaml"
    head = f"""\
apiVersion: hotline_rules/test/v1
profile: {profile}
as_of: 2026-07-20T00:00:00+08:00
fixtures:
  tickets:
    七月一日受理:
      kind: complaint
      events:
        - {{type: received, at: 2026-07-01T00:00:00+08:00}}
        - {{type: dispatched, at: 2026-07-01T09:00:00+08:00, unit: 示例市城管局}}
        - {{type: completed, at: 2026-07-08T10:00:00+08:00, unit: 示例市城管局}}
cases:
"""
    result = run(
        tmp_path,
        """\
          - name: 按受理之日施行的新版（3个工作日：2、3、6日）
            ticket: 七月一日受理
            expect:
              clocks: [{rule: completion.all, state: breached, due: 2026-07-07T00:00:00+08:00}]
          - name: 指定按原版（5个工作日：2、3、6、7、8日）
            ticket: 七月一日受理
            version: 2026-06-30
            expect:
              clocks: [{rule: completion.all, state: met, due: 2026-07-09T00:00:00+08:00}]
        """,
        head=head,
    )
    assert [case_text(r) for r in result.results if not r.ok] == []
    assert [r.case.profile_ref for r in result.results] == [str(profile), f"{profile}@2026-06-30"]


def test_an_extension_in_a_failure_trace_is_written_in_chinese(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        """\
        - name: 企业诉求延期10个工作日
          ticket: 群众求助
          as_of: 2026-11-20T00:00:00+08:00
          set: {requester: enterprise}
          events_add:
            - {type: extension_requested, at: 2026-10-20T10:00:00+08:00, unit: 某市市场监督管理局, length: 10个工作日}
            - {type: extension_approved, at: 2026-10-21T09:00:00+08:00, unit: 某市市场监督管理局, length: 10个工作日}
          expect:
            clocks: [{rule: completion.enterprise, due: 2026-11-12T00:00:00+08:00}]
        """,
    )
    text = case_text(only(result))
    assert "  延期 10个工作日，延期后截止 2026-11-11T00:00:00+08:00" in text
    assert "working_days" not in text

"""Run the cases of a suite and say, field by field, what was expected and what came.

A case passes when every expectation it states holds; anything it does not
state is not checked. A failing case carries its mismatches and the engine's
trace (the ticket's timeline with the rules behind each step, and how each
due instant in question was derived), so a policy officer can see why
without reading code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from hotline_rules.audit.auditor import Auditor, AuditResult
from hotline_rules.engine.engine import Answer, Engine
from hotline_rules.engine.explain import explain_lines
from hotline_rules.engine.results import ClockResult, ClockState, Evaluation, Finding
from hotline_rules.engine.ticket import Ticket
from hotline_rules.engine.units import credited_unit
from hotline_rules.errors import HotlineRulesError
from hotline_rules.profile.kpis import kpi_gaps
from hotline_rules.profile.schema import ClockRule, Profile, Rework
from hotline_rules.suites.loader import CaseKind, LoadedCase, LoadedSuite
from hotline_rules.suites.model import (
    AnswerExpect,
    ClockExpect,
    Expect,
    FindingExpect,
    FindingsExpect,
    FiredExpect,
    UnitsExpect,
)
from hotline_rules.time.duration import parse_duration
from hotline_rules.vocabulary import CLOCK_STATES


class Status(StrEnum):
    """How a case ended."""

    PASSED = "passed"
    FAILED = "failed"
    """An expectation did not hold."""
    ERROR = "error"
    """The engine refused the case's input (e.g. a year no holiday notice covers)."""
    SKIPPED = "skipped"


STATUS_ZH = {
    Status.PASSED: "通过",
    Status.FAILED: "失败",
    Status.ERROR: "出错",
    Status.SKIPPED: "跳过",
}


@dataclass(frozen=True)
class Mismatch:
    """One expectation that did not hold: about what, which field, expected and actual."""

    subject: str
    field: str
    expected: str
    actual: str

    def to_dict(self) -> dict[str, str]:
        return {
            "subject": self.subject,
            "field": self.field,
            "expected": self.expected,
            "actual": self.actual,
        }


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one case."""

    case: LoadedCase
    status: Status
    mismatches: tuple[Mismatch, ...] = ()
    trace: tuple[str, ...] = ()
    covered: frozenset[str] = frozenset()
    """Rule ids the case's expectations name (empty unless it passed)."""
    error: str | None = None
    skip_reason: str | None = None
    answer: dict[str, Any] | None = None
    """What the engine said, passing or not (``test --format json``): a ticket case's
    evaluation (clocks, findings, facts) and its answer to ``ask`` (allowed, rule, details)."""

    @property
    def ok(self) -> bool:
        return self.status in (Status.PASSED, Status.SKIPPED)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.case.name,
            "file": self.case.file,
            "line": self.case.line,
            "kind": self.case.kind.value,
            "status": self.status.value,
            "mismatches": [m.to_dict() for m in self.mismatches],
            "trace": list(self.trace),
            "covered": sorted(self.covered),
            "error": self.error,
            "skip_reason": self.skip_reason,
            "engine": self.answer,
        }


@dataclass
class SuiteResult:
    """The outcomes of the cases of one suite that were selected."""

    suite: LoadedSuite
    results: list[CaseResult] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status is status)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


def named_rules(expect: Expect) -> frozenset[str]:
    """Rule ids named by the expectations that show a rule at work (coverage).

    ``exclude`` patterns, ``absent`` clocks and ``fired: false`` do not count: they also hold when
    the rule never runs at all.
    """
    ids: set[str] = {c.rule for c in expect.clocks if not c.absent}
    ids.update(c.rework for c in expect.clocks if c.rework and not c.absent)
    if expect.units is not None and expect.units.rule:
        ids.add(expect.units.rule)
    if expect.findings is not None:
        ids.update(f.rule for f in expect.findings.include if f.rule)
    if expect.answer is not None:
        if expect.answer.rule:
            ids.add(expect.answer.rule)
        if expect.answer.findings is not None:
            ids.update(f.rule for f in expect.answer.findings.include if f.rule)
    ids.update(k.rule for k in expect.kpis)
    ids.update(c.rule for c in (*expect.circumstances, *expect.vetoes) if c.fired)
    if expect.assessment is not None:
        ids.add(expect.assessment.rule)
        ids.update(expect.assessment.metrics)
    ids.update(expect.on_duty or ())
    return frozenset(ids)


def selected(cases: Iterable[LoadedCase], filters: Sequence[str]) -> list[LoadedCase]:
    """Cases whose name contains any of ``filters`` (all cases when there is none)."""
    if not filters:
        return list(cases)
    return [c for c in cases if any(f in c.name for f in filters)]


class Runner:
    """Runs cases; keeps one engine per profile (and version) for the whole run."""

    def __init__(self) -> None:
        self._engines: dict[str, Engine] = {}

    def engine(self, ref: str) -> Engine:
        found = self._engines.get(ref)
        if found is None:
            found = self._engines[ref] = Engine(ref)
        return found

    def run_suite(self, suite: LoadedSuite, filters: Sequence[str] = ()) -> SuiteResult:
        out = SuiteResult(suite)
        for case in selected(suite.cases, filters):
            out.results.append(self.run_case(case))
        return out

    def run_case(self, case: LoadedCase) -> CaseResult:
        if case.case.skip is not None:
            return CaseResult(case, Status.SKIPPED, skip_reason=case.case.skip)
        expect = case.case.expect
        assert expect is not None  # the loader refuses a case without one
        said: dict[str, Any] | None = None
        try:
            engine = self.engine(case.profile_ref)
            if case.kind is CaseKind.DUTY:
                mismatches, trace = _run_duty(engine, case, expect)
            elif case.kind is CaseKind.AUDIT:
                mismatches, trace = _run_audit(engine, case, expect)
            else:
                said = {}
                mismatches, trace = _run_ticket(engine, case, expect, said)
        except HotlineRulesError as exc:
            return CaseResult(case, Status.ERROR, error=exc.render())
        if mismatches:
            return CaseResult(case, Status.FAILED, tuple(mismatches), tuple(trace), answer=said)
        return CaseResult(case, Status.PASSED, covered=named_rules(expect), answer=said)


# ---- ticket cases ---------------------------------------------------------------------------


def _run_ticket(
    engine: Engine, case: LoadedCase, expect: Expect, said: dict[str, Any] | None = None
) -> tuple[list[Mismatch], list[str]]:
    """Mismatches and trace of a ticket case; ``said`` receives the engine's own answers
    (``evaluation``, ``answer``) whether the case passes or not."""
    said = {} if said is None else said
    ticket = case.ticket
    assert ticket is not None
    mismatches: list[Mismatch] = []
    trace: list[str] = []
    ev: Evaluation | None = None
    if expect.units is not None:
        judge = engine.engine_for(ticket, case.as_of)
        said["credited_unit"] = credited_unit(ticket, judge.profile)
        found_units = check_units(judge.profile, ticket, expect.units)
        if found_units:
            mismatches += found_units
            trace += units_trace(judge.profile, ticket)
    if case.as_of is not None and (expect.clocks or expect.findings or expect.facts):
        ev = engine.evaluate(ticket, case.as_of)
        said["evaluation"] = ev.to_dict()
        rework = engine.engine_for(ticket, case.as_of).profile.rework
        failed_clocks: list[ClockResult] = []
        for c in expect.clocks:
            found, candidates = check_clock(ev.clocks, c, rework)
            mismatches += found
            if found:
                failed_clocks += candidates
        if expect.findings is not None:
            mismatches += check_findings(ev.findings, expect.findings, "")
        for name, want in (expect.facts or {}).items():
            got = ev.facts.get(name)
            if _norm(got) != _norm(want):
                mismatches.append(Mismatch(f"事实 {name}", "值", _show(want), _show(got)))
        if mismatches:
            trace += explain(engine, ev, ticket)
            trace += derivations(engine, failed_clocks)
    ask = case.case.ask
    if ask is not None and expect.answer is not None:
        answer: Answer
        if ask.return_ is not None:
            r = ask.return_
            answer = engine.may_return(ticket, r.at, reason=r.reason, evidence=r.evidence)
            at = r.at
        else:
            assert ask.extend is not None
            answer = engine.may_extend(ticket, ask.extend.at, ask.extend.length)
            at = ask.extend.at
        said["answer"] = answer.to_dict()
        found = check_answer(answer, expect.answer)
        if found:
            mismatches += found
            trace.append(f"答复（{'退单' if ask.return_ is not None else '延期'}询问，{_t(at)}）：")
            trace.append(
                f"  {'允许' if answer.allowed else '不允许'}，依据规则 {answer.rule_id or '—'}"
                + (f"（{answer.cite.label()}）" if answer.cite else "")
            )
            trace += [f"  {_finding_line(f)}" for f in answer.findings]
            for key, value in answer.details.items():
                trace.append(f"  {key}: {value}")
            if ev is None:
                trace += explain(engine, engine.evaluate(ticket, at), ticket)
    return mismatches, trace


def check_units(profile: Profile, ticket: Ticket, exp: UnitsExpect) -> list[Mismatch]:
    """Mismatches of a ``units`` expectation: the rule named is the profile's, and the ticket is
    credited to the unit expected (``credited_unit``, as the audit credits KPIs and breaches)."""
    out: list[Mismatch] = []
    rule = profile.units
    if exp.rule is not None and (rule is None or rule.id != exp.rule):
        out.append(
            Mismatch(
                "计入单位",
                "规则 rule",
                exp.rule,
                rule.id if rule is not None else "本配置（该版本）没有 units 规则",
            )
        )
    got = credited_unit(ticket, profile)
    if got != exp.unit:
        out.append(Mismatch("计入单位", "单位 unit", _unit(exp.unit), _unit(got)))
    return out


def units_trace(profile: Profile, ticket: Ticket) -> list[str]:
    """How the credited unit was found: the profile's ``units.credit`` and each dispatch's role."""
    rule = profile.units
    credit = rule.credit if rule is not None else "last_dispatched"
    lines = [
        f"计入单位：按 {credit}"
        + (f"（规则 {rule.id}，{rule.cite.label()}）" if rule is not None else "（默认）")
    ]
    for e in ticket.events:
        if e.type in ("dispatched", "redispatched"):
            lines.append(
                f"  {_t(e.at)} {e.type} {e.unit or '—'}" + (f"（{e.role}）" if e.role else "")
            )
    return lines


def _unit(unit: str | None) -> str:
    return unit if unit is not None else "无（未派单）"


def check_clock(
    clocks: Sequence[ClockResult], exp: ClockExpect, rework: Rework | None = None
) -> tuple[list[Mismatch], list[ClockResult]]:
    """Mismatches of one clock expectation (none when some clock of the rule matches).

    ``rework`` is the profile's (the version judging the ticket): ``exp.rework`` holds when it is
    that rule and its event started the clock.
    """
    subject = f"时限 {exp.rule}" + (f"（{exp.unit}）" if exp.unit else "")
    candidates = [
        c for c in clocks if c.rule_id == exp.rule and (exp.unit is None or c.unit == exp.unit)
    ]
    if exp.round is not None:  # the n-th clock of the rule (a rework's rounds, in order)
        subject += f" 第{exp.round}轮"
        candidates = candidates[exp.round - 1 : exp.round]
    if exp.absent:
        if not candidates:
            return [], []
        shown = "、".join(f"{c.unit or '—'} {_state(c.state)}" for c in candidates)
        return [Mismatch(subject, "存在", "没有这个时限", f"有：{shown}")], candidates
    if not candidates:
        present = "、".join(f"{c.rule_id}（{c.unit or '—'}）" for c in clocks) or "无"
        return [Mismatch(subject, "存在", "有这个时限", f"没有；该工单的时限：{present}")], []
    best: list[Mismatch] | None = None
    for c in candidates:
        diffs: list[Mismatch] = []
        for name, label in _CLOCK_FIELDS:
            want = getattr(exp, name)
            if want is None:
                continue
            got = getattr(c, name)
            if name == "state":
                if got is not want:
                    diffs.append(Mismatch(subject, label, _state(want), _state(got)))
            elif name == "warning":
                if got != want:
                    diffs.append(Mismatch(subject, label, _yes(want), _yes(got)))
            elif got is None or got != want:
                diffs.append(Mismatch(subject, label, _iso(want), _iso(got)))
        if exp.rework is not None:
            diffs += _rework_diffs(subject, c, exp.rework, rework)
        if not diffs:
            return [], []
        if best is None or len(diffs) < len(best):
            best = diffs
    assert best is not None
    if len(candidates) > 1:
        units = "、".join(c.unit or "—" for c in candidates)
        best = [
            Mismatch(
                m.subject,
                m.field,
                m.expected,
                f"{m.actual}（共 {len(candidates)} 个：{units}；可写 unit 指定）",
            )
            for m in best
        ]
    return best, candidates


def _rework_diffs(
    subject: str, c: ClockResult, wanted: str, rework: Rework | None
) -> list[Mismatch]:
    """A clock expected to start a rework's round: the profile's rework rule is ``wanted`` and
    the clock was started by its event."""
    label = "发回重办 rework"
    if rework is None or rework.id != wanted:
        have = (
            f"配置的发回重办规则为 {rework.id}" if rework is not None else "本配置没有 rework 规则"
        )
        return [Mismatch(subject, label, wanted, have)]
    by = c.started_by
    if by is None or by.type != rework.event:
        started = f"由 {by.type}（{_t(by.at)}）起算" if by is not None else "未起算"
        return [Mismatch(subject, label, f"由 {rework.event} 起算（{wanted}）", started)]
    return []


_CLOCK_FIELDS = (
    ("state", "状态 state"),
    ("start", "起算 start"),
    ("due", "截止 due"),
    ("original_due", "延期前截止 original_due"),
    ("stopped_at", "停止 stopped_at"),
    ("warning", "预警 warning"),
)


def _matches(f: Finding, p: FindingExpect) -> bool:
    if p.code is not None and f.code != p.code:
        return False
    if p.rule is not None and f.rule_id != p.rule:
        return False
    if p.severity is not None and f.severity is not p.severity:
        return False
    return p.unit is None or any(e.unit == p.unit for e in f.evidence)


def _pattern(p: FindingExpect) -> str:
    parts = [
        x
        for x in (p.code, p.rule and f"规则 {p.rule}", p.unit, p.severity and p.severity.value)
        if x
    ]
    return "，".join(parts)


def check_findings(findings: Sequence[Finding], exp: FindingsExpect, prefix: str) -> list[Mismatch]:
    """Mismatches of ``include`` (must appear) and ``exclude`` (must not) patterns."""
    out: list[Mismatch] = []
    for p in exp.include:
        if not any(_matches(f, p) for f in findings):
            present = "、".join(f"{f.code}（{f.rule_id or '—'}）" for f in findings) or "无"
            out.append(
                Mismatch(
                    f"{prefix}发现 {_pattern(p)}",
                    "出现",
                    "应出现",
                    f"没有出现；实际的发现：{present}",
                )
            )
    for p in exp.exclude:
        hits = [f for f in findings if _matches(f, p)]
        if hits:
            shown = "；".join(_finding_line(f) for f in hits)
            out.append(
                Mismatch(f"{prefix}发现 {_pattern(p)}", "不出现", "不应出现", f"出现了：{shown}")
            )
    return out


def check_answer(answer: Answer, exp: AnswerExpect) -> list[Mismatch]:
    """Mismatches of the answer to ``ask``."""
    out: list[Mismatch] = []
    if exp.allowed is not None and answer.allowed != exp.allowed:
        out.append(Mismatch("答复", "是否允许 allowed", _yes(exp.allowed), _yes(answer.allowed)))
    if exp.rule is not None and answer.rule_id != exp.rule:
        out.append(Mismatch("答复", "依据规则 rule", exp.rule, answer.rule_id or "无"))
    for name in ("new_due", "window_due"):
        want = getattr(exp, name)
        if want is None:
            continue
        raw = answer.details.get(name)
        got = datetime.fromisoformat(raw) if raw else None
        if got is None or got != want:
            out.append(Mismatch("答复", name, _iso(want), _iso(got)))
    if exp.findings is not None:
        out += check_findings(answer.findings, exp.findings, "答复中的")
    return out


# ---- audit and duty cases -------------------------------------------------------------------


def _computable_mismatch(subject: str, wanted: bool, why: tuple[str, str] | None) -> Mismatch:
    """A KPI expected computable (or not) that the profile says otherwise of (``kpi_gaps``)."""
    if wanted:
        return Mismatch(
            subject, "能否计算 computable", "能计算", f"无法计算：{why[0] if why else ''}"
        )
    return Mismatch(subject, "能否计算 computable", "无法计算", "本配置能计算该指标")


def _run_audit(
    engine: Engine, case: LoadedCase, expect: Expect
) -> tuple[list[Mismatch], list[str]]:
    assert case.case.audit is not None and case.as_of is not None
    auditor = Auditor(engine, as_of=case.as_of, period=case.case.audit.period)
    for t in case.audit_tickets:
        auditor.add(t)
    result = auditor.finish()
    out: list[Mismatch] = []
    gaps = kpi_gaps(engine.profile)
    for k in expect.kpis:
        subject = f"指标 {k.rule}" + _scope(k.unit, k.period)
        if k.computable is not None and k.computable == (k.rule in gaps):
            out.append(_computable_mismatch(subject, k.computable, gaps.get(k.rule)))
        num, den = kpi_totals(result, k.rule, k.unit, k.period)
        if k.numerator is not None and num != k.numerator:
            out.append(Mismatch(subject, "分子 numerator", str(k.numerator), str(num)))
        if k.denominator is not None and den != k.denominator:
            out.append(Mismatch(subject, "分母 denominator", str(k.denominator), str(den)))
        if k.rate is not None:
            got = kpi_rate(result, k.rule, k.unit, k.period)
            if got is None or abs(got - k.rate) > _RATE_TOLERANCE:
                shown = "无（分母为 0）" if got is None else f"{got:.4g}"
                out.append(Mismatch(subject, "比率 rate", f"{k.rate:.4g}", shown))
    for kind, label, items in (
        ("circumstance", "问责情形", expect.circumstances),
        ("veto", "一票否决", expect.vetoes),
    ):
        for x in items:
            out += _check_fired(result, kind, label, x)
    a = expect.assessment
    if a is not None:
        rule = engine.profile.assessment
        assert rule is not None  # the loader checked the rule id is the assessment's
        subject = f"考核 {a.rule}" + _scope(a.unit, None)
        for metric, want in a.metrics.items():
            if metric not in rule.metrics:
                used = "、".join(rule.metrics) or "无"
                out.append(
                    Mismatch(
                        subject, f"指标 {metric}", "考核使用该指标", f"考核未使用；所用指标：{used}"
                    )
                )
                continue
            if want.computable is not None and want.computable == (metric in gaps):
                out.append(_computable_mismatch(subject, want.computable, gaps.get(metric)))
                continue
            if want.computable is False:
                continue
            num, den = kpi_totals(result, metric, a.unit, None)
            if (num, den) != (want.numerator, want.denominator):
                out.append(
                    Mismatch(
                        subject,
                        f"指标 {metric}",
                        f"{want.numerator}/{want.denominator}",
                        f"{num}/{den}",
                    )
                )
        if a.graded is not None and a.graded != rule.thresholds_set:
            out.append(
                Mismatch(
                    subject,
                    "能否评定等次 graded",
                    _yes(a.graded),
                    _yes(rule.thresholds_set)
                    + ("" if rule.thresholds_set else "（条文未规定分数线）"),
                )
            )
    trace = audit_trace(result, case.audit_tickets) if out else []
    return out, trace


_RATE_TOLERANCE = 5e-5
"""A rate matches when within this of the one written (suites write rates to four places)."""


def kpi_rate(
    result: AuditResult, rule_id: str, unit: str | None, period: str | None
) -> float | None:
    """A KPI's rate over the audited tickets: for a year (``2026``) or a quarter (``2026-Q1``)
    the one unit's figure, its months combined as the profile says (``assessment.combine``);
    otherwise the pooled rate of the counts :func:`kpi_totals` sums."""
    if period is not None and (len(period) == 4 or "Q" in period) and unit is not None:
        grain = "year" if len(period) == 4 else "quarter"
        for fig in result.figures(grain):
            if fig.unit == unit and fig.period == period:
                return fig.rate(rule_id, result.combine)
        return None
    num, den = kpi_totals(result, rule_id, unit, period)
    return num / den if den else None


def kpi_totals(
    result: AuditResult, rule_id: str, unit: str | None, period: str | None
) -> tuple[int, int]:
    """A KPI's numerator and denominator summed over units and months (filtered)."""
    num = den = 0
    for (u, month), up in result.units.items():
        if unit is not None and u != unit:
            continue
        if period is not None and not month.startswith(period):
            continue
        tally = up.kpis.get(rule_id)
        if tally is not None:
            num += tally.numerator
            den += tally.denominator
    return num, den


def _check_fired(result: AuditResult, kind: str, label: str, x: FiredExpect) -> list[Mismatch]:
    hits = [
        f
        for f in result.fired
        if f.rule_id == x.rule
        and f.kind == kind
        and (x.unit is None or f.unit == x.unit)
        and (x.period is None or f.period.startswith(x.period) or x.period.startswith(f.period))
    ]
    subject = f"{label} {x.rule}" + _scope(x.unit, x.period)
    out: list[Mismatch] = []
    if bool(hits) != x.fired:
        shown = "、".join(f"{f.unit} {f.period} {f.count} 件" for f in hits)
        out.append(
            Mismatch(
                subject,
                "触发 fired",
                _yes(x.fired),
                _yes(bool(hits)) + (f"（{shown}）" if shown else ""),
            )
        )
    if x.count is not None:
        got = sum(f.count for f in hits)
        if got != x.count:
            out.append(Mismatch(subject, "件数 count", str(x.count), str(got)))
    return out


def audit_trace(result: AuditResult, tickets: Sequence[Ticket]) -> list[str]:
    """What the audit counted, per unit and month, and what fired."""
    lines = [
        f"统计了 {result.tickets_evaluated} 张工单（读入 {result.rows_read}，期间外 {result.outside_period}）："
    ]
    for (unit, month), up in sorted(result.units.items()):
        kpis = (
            "；".join(f"{k} {t.numerator}/{t.denominator}" for k, t in up.kpis.items()) or "无指标"
        )
        lines.append(f"  {unit} {month}：{up.tickets} 张，违规 {up.violations} 项；{kpis}")
    for f in result.fired:
        lines.append(
            f"  触发 {f.rule_id}（{f.unit} {f.period}，{f.count} 件，{f.article}）：{'、'.join(f.tickets)}"
        )
    if not result.fired:
        lines.append("  没有触发问责情形或一票否决。")
    lines.append("  工单：" + "、".join(t.id for t in tickets))
    return lines


def _run_duty(engine: Engine, case: LoadedCase, expect: Expect) -> tuple[list[Mismatch], list[str]]:
    ask = case.case.ask
    assert ask is not None and ask.on_duty is not None and expect.on_duty is not None
    got = [w.id for w in engine.on_duty(ask.on_duty)]
    want = list(expect.on_duty)
    if sorted(got) == sorted(want):
        return [], []
    subject = f"值班 {_t(ask.on_duty)}"
    trace = [f"值班表（{engine.calc.zone}）："]
    for w in engine.profile.duty_roster:
        days = "每天" if w.days == "every_day" else "工作日"
        end = ("次日" if w.next_day else "") + w.end
        trace.append(f"  {w.id}：{days} {w.start}–{end}（{w.cite.label()}）")
    return [
        Mismatch(subject, "在岗时段 on_duty", "、".join(want) or "无", "、".join(got) or "无")
    ], trace


# ---- traces ---------------------------------------------------------------------------------


def explain(engine: Engine, ev: Evaluation, ticket: Ticket) -> list[str]:
    """The ticket's timeline in Chinese, the rules behind each step (``hotline-rules explain``)."""

    return [
        "工单经过（hotline-rules explain）：",
        *("  " + line for line in explain_lines(engine, ev, ticket)),
    ]


def derivations(engine: Engine, clocks: Iterable[ClockResult]) -> list[str]:
    """How each clock's due instant was found: days skipped and why, extensions added."""
    out: list[str] = []
    seen: set[tuple[str, str | None, datetime | None]] = set()
    for c in clocks:
        key = (c.rule_id, c.unit, c.start)
        if key in seen or c.start is None:
            continue
        seen.add(key)
        rule = engine.profile.rule(c.rule_id)
        if not isinstance(rule, ClockRule):
            continue
        due = engine.compiled.due(rule, c.start, allow_estimated=True)
        out.append(
            f"推算 {c.rule_id}（{c.unit or '—'}）的截止时刻：{rule.duration.zh}，{rule.cite.label()}"
        )
        out += [f"  {step}" for step in due.steps("zh")]
        if c.extensions:
            lengths = "、".join(parse_duration(x).zh for x in c.extensions)  # "10 working_days"
            out.append(f"  延期 {lengths}，延期后截止 {_iso(c.due)}")
    return out


# ---- formatting -----------------------------------------------------------------------------


def _finding_line(f: Finding) -> str:
    cite = f"（{f.cite.label()}）" if f.cite else ""
    return f"{f.code}（{f.rule_id or '—'}，{f.severity.value}）：{f.message_zh}{cite}"


def _scope(unit: str | None, period: str | None) -> str:
    parts = [x for x in (unit, period) if x]
    return f"（{'，'.join(parts)}）" if parts else ""


def _t(d: datetime) -> str:
    return d.isoformat()


def _iso(d: datetime | None) -> str:
    return d.isoformat() if d is not None else "无"


def _state(s: ClockState) -> str:
    return f"{s.value}（{CLOCK_STATES[s]}）"


def _yes(b: bool) -> str:
    return "是" if b else "否"


def _norm(v: Any) -> Any:
    if isinstance(v, (set, frozenset, list, tuple)):
        return sorted(str(x) for x in v)
    return v


def _show(v: Any) -> str:
    if v is None:
        return "无"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (set, frozenset, list, tuple)):
        return "[" + ", ".join(sorted(str(x) for x in v)) + "]"
    return str(v)


__all__ = [
    "STATUS_ZH",
    "CaseResult",
    "Mismatch",
    "Runner",
    "Status",
    "SuiteResult",
    "check_answer",
    "check_clock",
    "check_findings",
    "check_units",
    "derivations",
    "explain",
    "kpi_rate",
    "kpi_totals",
    "named_rules",
    "selected",
]

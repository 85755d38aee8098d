"""A suite can say that a KPI is not computable for its profile (`computable: false`), instead
of writing 0/0, which would claim a measured figure the regulation never defines (issue 14)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from hotline_rules.suites import Runner, Status, SuiteError, load_suite

HEAD = """\
apiVersion: hotline_rules/test/v1
profile: haikou
as_of: 2026-06-01T00:00:00+08:00
fixtures:
  tickets:
    五月办结:
      kind: complaint
      events:
        - {type: received, at: 2026-05-06T09:00:00+08:00}
        - {type: dispatched, at: 2026-05-06T10:00:00+08:00, unit: 海口市水务局}
        - {type: completed, at: 2026-05-08T10:00:00+08:00, unit: 海口市水务局}
cases:
"""


def _run(tmp_path: Path, expect: str) -> tuple[Status, list[str]]:
    case = f"""\
    - name: 指标能否计算
      audit: {{tickets: [五月办结]}}
      expect:
        {textwrap.indent(textwrap.dedent(expect), "        ").strip()}
    """
    path = tmp_path / "c.test.yaml"
    path.write_text(HEAD + textwrap.dedent(case), encoding="utf-8")
    (result,) = Runner().run_suite(load_suite(path)).results
    return result.status, [
        f"{m.subject} {m.field}: {m.expected} / {m.actual}" for m in result.mismatches
    ]


def test_a_kpi_the_profile_cannot_compute_is_expected_so(tmp_path: Path) -> None:
    status, why = _run(tmp_path, "kpis: [{rule: kpi.on_time_completion, computable: false}]")
    assert status is Status.PASSED, why


def test_expecting_the_opposite_fails_either_way(tmp_path: Path) -> None:
    status, why = _run(tmp_path, "kpis: [{rule: kpi.on_time_completion, computable: true}]")
    assert status is Status.FAILED and "无法计算" in why[0], why
    status, why = _run(tmp_path, "kpis: [{rule: kpi.immediate_reply, computable: false}]")
    assert status is Status.FAILED and "本配置能计算该指标" in why[0], why


def test_an_assessment_metric_may_be_not_computable(tmp_path: Path) -> None:
    expect = """\
    assessment:
      rule: assessment
      metrics:
        kpi.on_time_completion: {computable: false}
        kpi.immediate_reply: {numerator: 0, denominator: 1}
    """
    status, why = _run(tmp_path, expect)
    assert status is Status.PASSED, why
    status, why = _run(tmp_path, expect.replace("kpi.on_time_completion", "kpi.repeat_tickets"))
    assert status is Status.FAILED and "本配置能计算该指标" in why[0], why


@pytest.mark.parametrize(
    "expect",
    [
        "kpis: [{rule: kpi.on_time_completion, computable: false, numerator: 0}]",
        "kpis: [{rule: kpi.on_time_completion, computable: false, rate: 0}]",
        "assessment: {rule: assessment, metrics: {kpi.on_time_completion: {computable: false, denominator: 0}}}",
        "assessment: {rule: assessment, metrics: {kpi.immediate_reply: {numerator: 1}}}",
    ],
)
def test_a_figure_beside_not_computable_is_refused_when_the_suite_loads(
    tmp_path: Path, expect: str
) -> None:
    with pytest.raises(SuiteError) as info:
        _run(tmp_path, expect)
    assert "computable" in str(info.value) or "numerator" in str(info.value)

"""KPIs: a numerator that never holds inside its denominator."""

from __future__ import annotations

from collections.abc import Iterator

from hotline_rules.profile.lint.context import Context
from hotline_rules.profile.lint.enumeration import ALL_FACTS
from hotline_rules.profile.lint.findings import Lint, LintSeverity


def check_kpis(ctx: Context) -> Iterator[Lint]:
    """A KPI whose numerator never holds inside its denominator: always 0 %."""
    for kpi in ctx.profile.kpis:
        both = [kpi.numerator, kpi.denominator]
        space = ctx.space(both, ALL_FACTS, kpi, (*ctx.paths[kpi.id], "numerator"))
        if space is None:
            continue
        some_den = some_both = False
        for facts in space:
            if kpi.denominator.test(facts):
                some_den = True
                if kpi.numerator.test(facts):
                    some_both = True
                    break
        if some_den and not some_both:
            yield ctx.lint(
                "lint.kpi_always_zero",
                LintSeverity.WARNING,
                kpi,
                (*ctx.paths[kpi.id], "numerator"),
                f"指标“{kpi.id}”（{kpi.name_zh}）的分子在分母范围内永远不成立，比率恒为 0",
                f"the numerator of KPI '{kpi.id}' ({kpi.name_en}) never holds inside its "
                "denominator: the rate is always 0",
                "分子应是分母中的一部分工单，检查两者的条件是否矛盾。",
                "the numerator counts some of the denominator's tickets; look for a "
                "contradiction between the two.",
            )


__all__ = ["check_kpis"]

"""Quarterly and yearly figures per unit, as ``audit`` and ``merge`` print them."""

from __future__ import annotations

from rich.table import Table

from hotline_rules.audit.auditor import AuditResult
from hotline_rules.cli.common import plain, stdout
from hotline_rules.engine.engine import Engine

_GRAIN_ZH = {"quarter": "季度", "year": "年度"}


def print_figures(result: AuditResult, engine: Engine) -> None:
    """Quarterly and yearly figures per unit, as the profile's ``assessment`` makes them."""
    kpis = engine.profile.kpis
    mean = result.combine == "mean"
    how = "各月比率的平均数" if mean else "各月分子、分母相加"
    console = stdout()
    for grain in result.grains:
        if grain == "month":
            continue
        table = Table(title=f"{_GRAIN_ZH[grain]}指标（{how}）/ {grain} figures ({result.combine})")
        table.add_column("单位", overflow="fold")
        table.add_column("期间")
        table.add_column("月数", justify="right")
        table.add_column("工单", justify="right")
        table.add_column("违规", justify="right")
        for kpi in kpis:
            table.add_column(plain(kpi.name_zh), justify="right")
        for fig in result.figures(grain):
            cells = [
                plain(fig.unit),
                plain(fig.period),
                plain(len(fig.months)),
                plain(fig.tickets),
                plain(fig.violations),
            ]
            for kpi in kpis:
                rate = fig.rate(kpi.id, result.combine)
                t = fig.kpis.get(kpi.id)
                if rate is None or t is None:
                    cells.append(plain("—"))
                elif mean:
                    n = len(fig.rates.get(kpi.id, ()))
                    cells.append(plain(f"{rate:.1%}（{n} 个月平均）"))
                else:
                    cells.append(plain(f"{t.numerator}/{t.denominator} = {rate:.1%}"))
            table.add_row(*cells)
        console.print(table)


__all__ = ["print_figures"]

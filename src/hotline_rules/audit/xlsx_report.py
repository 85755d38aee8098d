"""The audit as an Excel workbook (``audit --xlsx``), because offices circulate Excel.

One sheet per table, each with its header row frozen and number formats set (counts as
integers, rates as percentages): 摘要 (the overall figures, as in the terminal summary), 单位排名
(units worst first), 单位月度指标 (units × months × KPIs, numerator and denominator, long form so
a pivot table reads it, with the ids of the tickets against each figure), 指标背后的工单 (per KPI,
overall and per unit: how many tickets count against the figure and the smallest of their ids),
问责情形, 督办与认定, 问题工单 (the tickets behind the figures and their timelines, no personal
data), 无法读取 (rejected rows by reason, then the first ones).

The figures are :mod:`hotline_rules.audit.summary`'s, so they match the terminal, the HTML and
``--format json``. A rate that cannot be computed (zero denominator, or a KPI the profile cannot
compute) is the text "—" with the reason beside it, never 0% or 100%.

Written with openpyxl in write-only mode (rows streamed to the file, so memory stays flat for a
large export); openpyxl is in the ``[excel]`` extra and imported only here. Text read from an
export is written as text, never as a formula (``=HYPERLINK(...)`` stays a string), with control
characters and lone surrogates made visible as in the other outputs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from hotline_rules.audit.auditor import AuditResult, unit_of
from hotline_rules.audit.summary import (
    Figure,
    Summary,
    against_words,
    gaps_of,
    local_time,
    month_rows,
    summarize,
)
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.explain import explain_lines
from hotline_rules.engine.results import Evaluation, Severity
from hotline_rules.engine.ticket import Ticket
from hotline_rules.errors import InputError
from hotline_rules.profile.schema import Profile

# what XML 1.0 cannot hold, and the invisible characters the other outputs escape
_UNWRITABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)
COUNT = "#,##0"
RATE = "0.0%"
POINTS = '+0.0" 个百分点";-0.0" 个百分点";0.0" 个百分点"'
"""A change of rate, written in percentage points (the fraction times 100)."""
REJECTED_ROWS = 1000


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _clean(text: str) -> str:
    return _UNWRITABLE.sub(_visible, text)


def _openpyxl() -> Any:
    """openpyxl, or a clear error naming the extra to install."""
    try:
        import openpyxl
    except ImportError:
        raise InputError(
            "写出 Excel 报告需要 openpyxl：请安装 pip install 'hotline-rules[excel]'",
            "writing an Excel report needs openpyxl: pip install 'hotline-rules[excel]'",
            code="report.excel_writer_missing",
        ) from None
    return openpyxl


class _Sheet:
    """One write-only sheet: a frozen header row, then rows of typed cells."""

    def __init__(self, book: Any, title: str, headers: Sequence[str], widths: Sequence[int]):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        self._cell = WriteOnlyCell
        self.ws = book.create_sheet(title)
        self.ws.freeze_panes = "A2"
        for i, width in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self._bold = Font(bold=True)
        self._fill = PatternFill("solid", fgColor="F5F7FA")
        self._wrap = Alignment(wrap_text=True, vertical="top")
        head = []
        for h in headers:
            c = self._cell(self.ws, value=h)
            c.font, c.fill = self._bold, self._fill
            head.append(c)
        self.ws.append(head)

    def row(self, *values: Any, formats: Mapping[int, str] | None = None) -> None:
        cells = []
        for i, v in enumerate(values):
            if isinstance(v, str):
                c = self._cell(self.ws, value=_clean(v))
                c.data_type = "s"  # text stays text: "=..." is never a formula
                if "\n" in v:
                    c.alignment = self._wrap
            else:
                c = self._cell(self.ws, value=v)
                if formats and i in formats and v is not None:
                    c.number_format = formats[i]
            cells.append(c)
        self.ws.append(cells)


def _rate(figure: Figure) -> float | str:
    rate = figure.rate
    return "—" if rate is None else rate


def write_xlsx(
    path: Path,
    result: AuditResult,
    engine: Engine,
    tickets: Mapping[str, tuple[Ticket, Evaluation]] | None = None,
    *,
    previous: AuditResult | None = None,
) -> None:
    """Write the workbook to ``path``.

    ``tickets``: the tickets behind the figures with their evaluation (``summary.look_again``),
    listed with their timelines on 问题工单; ``previous``: the audit of the period before.
    """
    openpyxl = _openpyxl()
    p = engine.profile
    zone = engine.calc.zone
    s = summarize(result, p, zone, previous=previous)
    book = openpyxl.Workbook(write_only=True)
    _summary_sheet(book, s, result, p)
    _ranking_sheet(book, s)
    _months_sheet(book, result, p)
    _against_sheet(book, s)
    _fired_sheet(book, s)
    _duties_sheet(book, s)
    _tickets_sheet(book, engine, tickets or {})
    _rejected_sheet(book, result)
    book.save(path)


def _summary_sheet(book: Any, s: Summary, result: AuditResult, p: Profile) -> None:
    sheet = _Sheet(
        book,
        "摘要",
        ["项目", "分子", "分母", "比率", f"趋势（{s.trend_zh}）", "依据", "说明"],
        [22, 10, 10, 10, 16, 40, 60],
    )
    zone = s.as_of.tzinfo
    sheet.row(
        "配置",
        None,
        None,
        None,
        None,
        p.meta.name_zh,
        f"{p.meta.id}（sha256 {s.profile_sha256[:12]}）",
    )
    sheet.row("期间", None, None, None, None, s.period_label, "")
    sheet.row("评估时刻", None, None, None, None, local_time(result.as_of, zone), str(zone))
    counts = {
        "读取行数": result.rows_read,
        **{_ACCOUNT[k]: v for k, v in s.accounting.items() if k in _ACCOUNT},
    }
    for name, n in counts.items():
        sheet.row(name, n, None, None, None, "", "", formats={1: COUNT})
    sheet.row("违规（项）", s.violations, None, None, None, "", "", formats={1: COUNT})
    sheet.row(
        "其中超时（项）", s.overdue, None, None, None, "", "deadline.breached", formats={1: COUNT}
    )
    sheet.row(
        "达到门槛的问责情形（项）", len(s.fired), None, None, None, "", "", formats={1: COUNT}
    )
    if s.estimated_tickets:
        sheet.row(
            "推定的工单（张）",
            s.estimated_tickets,
            None,
            None,
            None,
            "",
            "截止时刻依赖尚无放假通知的年份",
            formats={1: COUNT},
        )
    for k in s.kpis:
        f = k.overall
        change = k.trend.change if k.trend is not None else None
        note = f.reason_zh or (
            "" if k.defined_by_regulation else f"口径：{k.note or '本配置的口径'}"
        )
        if f.estimated_denominator:
            note = f"推定 {f.estimated_numerator}/{f.estimated_denominator}；" + note
        sheet.row(
            k.name_zh,
            f.numerator,
            f.denominator,
            _rate(f),
            change * 100 if change is not None else "—",
            f"{k.article}：{k.text}",
            note,
            formats={1: COUNT, 2: COUNT, 3: RATE, 4: POINTS},
        )


_ACCOUNT = {
    "tickets_evaluated": "评估工单（张）",
    "outside_period": "不在期间内（张）",
    "estimated_excluded": "推定而排除（张）",
    "rejected": "无法读取（行）",
    "blank": "空行",
    "comment": "注释行",
}


def _ranking_sheet(book: Any, s: Summary) -> None:
    headers = ["名次", "单位", "工单", "违规", "超时"]
    for k in s.kpis:
        headers += [f"{k.name_zh}", f"{k.name_zh} 分子", f"{k.name_zh} 分母"]
    sheet = _Sheet(book, "单位排名", headers, [6, 24, 8, 8, 8] + [12, 10, 10] * len(s.kpis))
    formats = {i: COUNT for i in (0, 2, 3, 4)}
    for j in range(len(s.kpis)):
        formats[5 + 3 * j] = RATE
        formats[6 + 3 * j] = formats[7 + 3 * j] = COUNT
    for u in s.units:
        row: list[Any] = [u.rank, u.unit, u.tickets, u.violations, u.overdue]
        for k in s.kpis:
            f = u.kpis[k.id]
            row += [_rate(f), f.numerator, f.denominator]
        sheet.row(*row, formats=formats)


def _months_sheet(book: Any, result: AuditResult, p: Profile) -> None:
    sheet = _Sheet(
        book,
        "单位月度指标",
        [
            "单位",
            "月份",
            "工单",
            "违规",
            "超时",
            "指标",
            "指标名称",
            "分子",
            "分母",
            "比率",
            "推定分子",
            "推定分母",
            "拉低（或推高）比率的工单",
            "其编号（最小的几张）",
            "说明",
        ],
        [24, 9, 8, 8, 8, 26, 14, 8, 8, 9, 9, 9, 10, 40, 50],
    )
    gaps = gaps_of(p)
    formats = {
        2: COUNT,
        3: COUNT,
        4: COUNT,
        7: COUNT,
        8: COUNT,
        9: RATE,
        10: COUNT,
        11: COUNT,
        12: COUNT,
    }
    for unit, month, up in month_rows(result):
        overdue = up.findings.get("deadline.breached", 0)
        for k in p.kpis:
            f = Figure.of(up.kpis.get(k.id), gaps.get(k.id))
            sheet.row(
                unit,
                month,
                up.tickets,
                up.violations,
                overdue,
                k.id,
                k.name_zh,
                f.numerator,
                f.denominator,
                _rate(f),
                f.estimated_numerator,
                f.estimated_denominator,
                f.against_count,
                "、".join(f.against),
                f.reason_zh or "",
                formats=formats,
            )
        if not p.kpis:
            sheet.row(unit, month, up.tickets, up.violations, overdue, formats=formats)


def _against_sheet(book: Any, s: Summary) -> None:
    """Per KPI, overall then per unit (worst first): the tickets counting against its figure."""
    sheet = _Sheet(
        book,
        "指标背后的工单",
        [
            "指标",
            "指标名称",
            "哪些工单",
            "单位",
            "分子",
            "分母",
            "比率",
            "张数",
            "工单（编号最小的几张）",
        ],
        [26, 14, 30, 24, 8, 8, 9, 8, 80],
    )
    formats = {4: COUNT, 5: COUNT, 6: RATE, 7: COUNT}
    for k in s.kpis:
        if k.overall.rate is None:
            continue
        what = against_words(k.higher_is_better)
        rows = [("全部单位", k.overall)] + [(u.unit, u.kpis[k.id]) for u in s.units]
        for unit, f in rows:
            if f.rate is None:
                continue
            sheet.row(
                k.id,
                k.name_zh,
                what,
                unit,
                f.numerator,
                f.denominator,
                _rate(f),
                f.against_count,
                "、".join(f.against),
                formats=formats,
            )


def _fired_sheet(book: Any, s: Summary) -> None:
    sheet = _Sheet(
        book,
        "问责情形",
        ["期间", "单位", "情形", "规则", "件数", "门槛", "等次", "依据", "条文", "工单（示例）"],
        [9, 24, 30, 36, 8, 8, 14, 26, 50, 40],
    )
    for f in s.fired:
        sheet.row(
            f.period,
            f.unit,
            f.name_zh,
            f.rule_id,
            f.count,
            f.threshold if f.threshold is not None else "—",
            f.tier_zh,
            f.article,
            f.text,
            "、".join(f.tickets),
            formats={4: COUNT, 5: COUNT},
        )


def _duties_sheet(book: Any, s: Summary) -> None:
    sheet = _Sheet(
        book,
        "督办与认定",
        ["事项", "规则", "件数", "依据", "条文", "工单（示例）"],
        [30, 36, 8, 26, 50, 40],
    )
    for d in s.duties:
        sheet.row(
            d.name_zh,
            d.rule_id,
            d.count,
            d.article,
            d.text,
            "、".join(d.tickets),
            formats={2: COUNT},
        )


def _tickets_sheet(
    book: Any, engine: Engine, tickets: Mapping[str, tuple[Ticket, Evaluation]]
) -> None:
    sheet = _Sheet(
        book, "问题工单", ["工单", "单位", "违规", "发现的问题", "经过"], [22, 24, 8, 40, 100]
    )
    for tid, (ticket, ev) in sorted(tickets.items()):
        codes = [f.code for f in ev.findings if f.severity is Severity.VIOLATION]
        sheet.row(
            tid,
            unit_of(ticket),
            len(codes),
            "、".join(dict.fromkeys(codes)),
            "\n".join(explain_lines(engine, ev, ticket)),
            formats={2: COUNT},
        )


def _rejected_sheet(book: Any, result: AuditResult) -> None:
    sheet = _Sheet(
        book, "无法读取", ["原因代码", "行数", "行号", "工单", "原因"], [26, 8, 8, 22, 80]
    )
    for code, n in sorted(result.rejected_by_code.items()):
        sheet.row(code, n, None, None, None, formats={1: COUNT})
    for r in _first(result.rejected, REJECTED_ROWS):
        sheet.row(r.code, None, r.line or None, r.ticket_id or "—", r.reason_zh, formats={2: COUNT})


def _first(rows: Iterable[Any], n: int) -> list[Any]:
    return list(rows)[:n]


__all__ = ["write_xlsx"]

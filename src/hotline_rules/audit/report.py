"""A self-contained HTML report of an audit: tables, inline SVG charts, citations.

One file, no scripts, no fonts or images fetched from anywhere: it opens
offline in any browser and prints cleanly, for the monthly meeting's screen.

Every value read from an export or a profile goes through :func:`escape`: HTML-escaped, and
control characters, bidi overrides and lone surrogates written as visible escapes (``\\x1b``,
``\\udc00``), so the file can always be written as UTF-8 and shows what was there. Times are
shown in the profile's zone with their offset.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from typing import Any

from hotline_rules.audit.auditor import AuditResult
from hotline_rules.engine.engine import Engine

# the characters cli/common.py's ``shown`` escapes for a terminal
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_UNPRINTABLE_BUT_LINES = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(value: object, *, keep_newlines: bool = False) -> str:
    """``value`` as HTML text: escaped, with invisible and unwritable characters made visible."""
    pattern = _UNPRINTABLE_BUT_LINES if keep_newlines else _UNPRINTABLE
    return html.escape(pattern.sub(_visible, str(value)))


_CSS = """
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:1100px;color:#1f2933;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #e4e7eb;padding-bottom:.3rem}
.meta{color:#616e7c;font-size:.9rem}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{background:#f5f7fa;border-radius:8px;padding:.8rem 1.2rem;min-width:9rem}.card b{display:block;font-size:1.6rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}th,td{border-bottom:1px solid #e4e7eb;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f7fa}td.num{text-align:right;font-variant-numeric:tabular-nums}.bad{color:#c62828;font-weight:600}
.cite{color:#616e7c;font-size:.85rem}svg text{font-size:12px;fill:#1f2933}.note{color:#616e7c;font-size:.85rem}
@media print{body{margin:0}h2{page-break-after:avoid}}
"""


def _bar_chart(
    title: str, rows: list[tuple[str, float, str]], *, max_value: float | None = None, color: str
) -> str:
    """Horizontal bars: (label, value, shown text)."""
    if not rows:
        return f"<p class='note'>{escape(title)}：无数据</p>"
    width, label_w, bar_h, gap = 760, 220, 18, 6
    top = max_value if max_value is not None else max((v for _, v, _ in rows), default=1) or 1
    height = len(rows) * (bar_h + gap) + 10
    parts = [
        f"<svg role='img' aria-label='{escape(title)}' width='{width}' height='{height}' viewBox='0 0 {width} {height}'>"
    ]
    for i, (label, value, shown) in enumerate(rows):
        y = i * (bar_h + gap) + 5
        w = max(0.0, (width - label_w - 90) * (value / top))
        parts.append(
            f"<text x='{label_w - 8}' y='{y + 13}' text-anchor='end'>{escape(label[:16])}</text>"
        )
        parts.append(
            f"<rect x='{label_w}' y='{y}' width='{w:.1f}' height='{bar_h}' rx='3' fill='{color}'/>"
        )
        parts.append(f"<text x='{label_w + w + 6:.1f}' y='{y + 13}'>{escape(shown)}</text>")
    parts.append("</svg>")
    return f"<figure><figcaption><b>{escape(title)}</b></figcaption>{''.join(parts)}</figure>"


def _line_chart(title: str, points: list[tuple[str, float]]) -> str:
    """A small line chart of a rate by month."""
    if len(points) < 2:
        return ""
    width, height, pad = 760, 200, 40
    xs = [pad + i * (width - 2 * pad) / (len(points) - 1) for i in range(len(points))]
    # the scale runs from 0 to a little above the highest month (rates near 15 % would
    # otherwise be a flat line at the bottom of a 0-100 % chart); its top is labelled
    top = min(1.0, max(0.05, max(v for _, v in points) * 1.25))
    ys = [height - pad - v / top * (height - 2 * pad) for _, v in points]
    path = " ".join(
        f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}"
        for i, (x, y) in enumerate(zip(xs, ys, strict=True))
    )
    step = max(1, -(-len(points) // 12))  # label at most about 12 months, so labels never overlap
    dots = "".join(
        f"<circle cx='{x:.1f}' cy='{y:.1f}' r='3' fill='#1565c0'/>"
        + (
            f"<text x='{x:.1f}' y='{height - 12}' text-anchor='middle'>{escape(m[2:] if len(m) == 7 else m)}</text>"
            f"<text x='{x:.1f}' y='{y - 8:.1f}' text-anchor='middle'>{v:.0%}</text>"
            if i % step == 0 or (i == len(points) - 1 and i % step > step // 2)
            else ""  # the last month too, unless it would crowd the one labelled before it
        )
        for i, ((m, v), x, y) in enumerate(zip(points, xs, ys, strict=True))
    )
    return (
        f"<figure><figcaption><b>{escape(title)}</b></figcaption>"
        f"<svg role='img' aria-label='{escape(title)}' width='{width}' height='{height}' viewBox='0 0 {width} {height}'>"
        f"<line x1='{pad}' y1='{height - pad}' x2='{width - pad}' y2='{height - pad}' stroke='#cbd2d9'/>"
        f"<line x1='{pad}' y1='{pad}' x2='{width - pad}' y2='{pad}' stroke='#eef1f4'/>"
        f"<text x='{pad - 6}' y='{pad + 4}' text-anchor='end' fill='#7b8794'>{top:.0%}</text>"
        f"<text x='{pad - 6}' y='{height - pad + 4}' text-anchor='end' fill='#7b8794'>0%</text>"
        f"<path d='{path}' fill='none' stroke='#1565c0' stroke-width='2'/>{dots}</svg></figure>"
    )


REJECTED_SHOWN = 200
"""How many rejected rows the report lists (all are counted by reason code)."""


def _accounting_zh(result: AuditResult) -> str:
    a = result.accounting
    excluded = f" + 推定而排除 {a['estimated_excluded']} 张" if result.exclude_estimated else ""
    return (
        f"读取 {a['rows_read']} 行 = 评估 {a['tickets_evaluated']} 张 + 不在期间内 {a['outside_period']} 张"
        f"{excluded} + 无法读取 {a['rejected']} 行 + 空行 {a['blank']} 行 + 注释 {a['comment']} 行"
        + ("" if result.balanced else "（不平衡：请报告此问题）")
    )


def render_html(
    result: AuditResult, engine: Engine, timelines: dict[str, list[str]] | None = None
) -> str:
    """The report as one HTML document."""
    p = engine.profile
    names = p.word_names()
    units: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"tickets": 0, "violations": 0, "breached": 0}
    )
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    primary = p.kpis[0] if p.kpis else None
    unit_rate: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (unit, month), up in result.units.items():
        u = units[unit]
        u["tickets"] += up.tickets
        u["violations"] += up.violations
        u["breached"] += up.findings.get("deadline.breached", 0)
        if primary is not None and primary.id in up.kpis:
            t = up.kpis[primary.id]
            unit_rate[unit][0] += t.numerator
            unit_rate[unit][1] += t.denominator
            months[month][0] += t.numerator
            months[month][1] += t.denominator
    out = [
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>{escape(p.meta.name_zh)} 审计报告</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(p.meta.name_zh)}</h1>",
        f"<p class='meta'>审计报告 · 评估时刻 {escape(result.as_of.astimezone(engine.calc.zone).isoformat())}"
        + (f" · 期间 {escape(result.period)}" if result.period else "")
        + f" · 配置 {escape(p.meta.id)}（sha256 {escape(result.profile_sha256[:12])}）"
        + f" · 日历 holidays {escape(str(result.calendar.get('holidays')))}"
        + (f" · 编码 {escape(result.encoding)}" if result.encoding else "")
        + "</p>",
        "<div class='cards'>",
        f"<div class='card'>读取行数<b>{result.rows_read}</b></div>",
        f"<div class='card'>评估工单<b>{result.tickets_evaluated}</b></div>",
        f"<div class='card'>无法读取<b class='{'bad' if result.rows_rejected else ''}'>{result.rows_rejected}</b></div>",
        f"<div class='card'>违规<b class='bad'>{sum(u['violations'] for u in units.values())}</b></div>",
        f"<div class='card'>触发问责情形<b>{len(result.fired)}</b></div>",
        "</div>",
        f"<p class='note'>{escape(_accounting_zh(result))}</p>",
    ]
    if result.tickets_estimated:
        out.append(
            f"<p class='note'>其中 {result.tickets_estimated} 张的截止时刻依赖尚无放假通知的年份，为推定结果；"
            "下表以“推定”注明工单数及各指标分子/分母中推定的件数。</p>"
        )
    if result.exclude_estimated and result.estimated_excluded:
        out.append(
            f"<p class='note'>另有 {result.estimated_excluded} 张的截止时刻依赖尚无放假通知的年份，"
            "已按 --exclude-estimated 不计入本报告。</p>"
        )
    if primary is not None:
        rows = sorted(
            ((u, n / d, f"{n}/{d} = {n / d:.1%}") for u, (n, d) in unit_rate.items() if d),
            key=lambda r: r[1],
        )
        out.append("<h2>各单位指标</h2>")
        out.append(_bar_chart(f"{primary.name_zh}（按单位）", rows, max_value=1.0, color="#2e7d32"))
        trend = [(m, n / d) for m, (n, d) in sorted(months.items()) if d]
        out.append(_line_chart(f"{primary.name_zh}（按月）", trend))
        if not primary.defined_by_regulation:
            out.append(
                f"<p class='note'>口径说明：{escape(primary.note or '条文未定义计算口径，为本配置的口径。')}</p>"
            )
    overdue = sorted(
        ((u, float(v["breached"]), str(v["breached"])) for u, v in units.items()),
        key=lambda r: -r[1],
    )
    out.append(_bar_chart("超时件数（按单位）", overdue, color="#c62828"))
    out.append("<h2>指标明细</h2><table><tr><th>单位</th><th>月份</th><th>工单</th><th>违规</th>")
    out += [f"<th>{escape(k.name_zh)}</th>" for k in p.kpis]
    out.append("</tr>")
    for (unit, month), up in sorted(result.units.items()):
        estimated = f"（推定 {up.estimated}）" if up.estimated else ""
        cells = [
            f"<td>{escape(unit)}</td><td>{escape(month)}</td><td class='num'>{up.tickets}{estimated}</td><td class='num'>{up.violations}</td>"
        ]
        for k in p.kpis:
            tally = up.kpis.get(k.id)
            marked = (
                f"（推定 {tally.estimated_numerator}/{tally.estimated_denominator}）"
                if tally is not None and tally.estimated_denominator
                else ""
            )
            cells.append(
                f"<td class='num'>{tally.numerator}/{tally.denominator} = {tally.rate:.1%}{marked}</td>"
                if tally is not None and tally.rate is not None
                else "<td class='num'>—</td>"
            )
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    out.append("<h2>问责情形</h2>")
    if not p.accountability.circumstances and not p.accountability.vetoes:
        out.append("<p>本办法没有规定问责情形。</p>")
    elif not result.fired:
        out.append("<p>没有触发问责情形。</p>")
    else:
        out.append(
            "<table><tr><th>单位</th><th>期间</th><th>情形</th><th>件数</th><th>等次</th><th>依据</th><th>工单（示例）</th></tr>"
        )
        for f in result.fired:
            tier = names.get(f.tier, f.tier) if f.tier else "条文未规定"
            threshold = f"（门槛 {f.threshold}）" if f.threshold else ""
            out.append(
                f"<tr><td>{escape(f.unit)}</td><td>{escape(f.period)}</td><td>{escape(f.rule_id)}</td>"
                f"<td class='num'>{f.count}{threshold}</td><td>{escape(tier)}</td>"
                f"<td><span class='cite'>{escape(f.article)}：“{escape(f.text)}”</span></td>"
                f"<td>{escape('、'.join(f.tickets[:8]))}</td></tr>"
            )
        out.append("</table>")
    if result.duties:
        out.append(
            "<h2>督办与认定</h2><table><tr><th>规则</th><th>件数</th><th>依据</th><th>工单（示例）</th></tr>"
        )
        for rule_id, m in sorted(result.duties.items(), key=lambda kv: -kv[1].count):
            rule = p.rule(rule_id)
            cite = f"{rule.cite.label()}：“{rule.cite.text}”" if rule else ""
            out.append(
                f"<tr><td>{escape(rule_id)}</td><td class='num'>{m.count}</td>"
                f"<td><span class='cite'>{escape(cite)}</span></td><td>{escape('、'.join(m.sample[:8]))}</td></tr>"
            )
        out.append("</table>")
    if p.assessment is not None and not p.assessment.thresholds_set:
        out.append("<p class='note'>考核等次：本办法未规定各等次的分数线，本报告不评定等次。</p>")
    if timelines:
        out.append("<h2>问题工单经过</h2>")
        for tid, lines in timelines.items():
            out.append(
                f"<h3>{escape(tid)}</h3><pre style='white-space:pre-wrap'>{chr(10).join(escape(line) for line in lines)}</pre>"
            )
    if result.rows_rejected:
        out.append("<h2>无法读取的行</h2><table><tr><th>原因代码</th><th>行数</th></tr>")
        for code, n in sorted(result.rejected_by_code.items()):
            out.append(f"<tr><td>{escape(code)}</td><td class='num'>{n}</td></tr>")
        out.append("</table>")
        shown = result.rejected[:REJECTED_SHOWN]
        out.append("<table><tr><th>行号</th><th>原因代码</th><th>工单</th><th>原因</th></tr>")
        for r in shown:
            out.append(
                f"<tr><td class='num'>{r.line or '—'}</td><td>{escape(r.code)}</td>"
                f"<td>{escape(r.ticket_id or '—')}</td><td>{escape(r.reason_zh)}</td></tr>"
            )
        out.append("</table>")
        if result.rows_rejected > len(shown):
            out.append(
                f"<p class='note'>以上列出前 {len(shown)} 行，另有 {result.rows_rejected - len(shown)} 行未列出"
                "（用 --rejects 文件 可写出每一行）。</p>"
            )
    out.append(
        "<p class='note'>除非以 --include-personal-data 明确要求，本报告不含诉求人姓名、电话、地址等个人信息。</p></body></html>"
    )
    return "\n".join(out)


__all__ = ["REJECTED_SHOWN", "escape", "render_html"]

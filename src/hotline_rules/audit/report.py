"""A self-contained HTML report of an audit, for the director's meeting: ranked, charted, cited.

One file, no scripts, no fonts or images fetched from anywhere: it opens offline in any browser
and prints on A4 (a print stylesheet: page size and margins, charts scaled to the page, no table
row or chart split across pages). The figures are those of :mod:`hotline_rules.audit.summary`, so
the terminal, the HTML and the Excel workbook agree: every KPI of the profile charted per unit and
per month, a ranking worst first with trend arrows, each figure with its article, and links from
each count to the timelines of the tickets behind it (no personal data unless asked for). A KPI's
figure, overall and per unit, links to the tickets that count against it (the misses of a rate
where higher is better, the tickets in the numerator of one where lower is better): the first few
by id named and linked to their timelines, the rest behind their count.

Every value read from an export or a profile goes through :func:`escape`: HTML-escaped, and
control characters, bidi overrides and lone surrogates written as visible escapes (``\\x1b``,
``\\udc00``), so the file can always be written as UTF-8 and shows what was there. Times are
shown in the profile's zone with their offset.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

from hotline_rules.audit import auditor
from hotline_rules.audit import platform as export_checks
from hotline_rules.audit.auditor import AuditResult
from hotline_rules.audit.summary import (
    KPI_SHOWN,
    PER_UNIT,
    Figure,
    KpiLine,
    Summary,
    Trend,
    against_words,
    gaps_of,
    local_time,
    month_rows,
    summarize,
)
from hotline_rules.engine.engine import Engine
from hotline_rules.profile.schema import Profile

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
*{box-sizing:border-box}
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:2rem auto;max-width:1180px;color:#1f2933;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #e4e7eb;padding-bottom:.3rem}
h3{font-size:1rem;margin:1.2rem 0 .4rem}
.meta{color:#52606d;font-size:.9rem;margin:.2rem 0}.cards{display:flex;gap:.8rem;flex-wrap:wrap;margin:1rem 0}
.card{background:#f5f7fa;border-radius:8px;padding:.6rem 1rem;min-width:8.5rem}.card b{display:block;font-size:1.5rem}
table{border-collapse:collapse;width:100%;font-size:.88rem;margin:.5rem 0}
th,td{border-bottom:1px solid #e4e7eb;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f5f7fa;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.bad{color:#b71c1c;font-weight:600}.good{color:#1b5e20}.dim{color:#7b8794}
.cite{color:#52606d;font-size:.82rem}.note{color:#52606d;font-size:.85rem}
.up-good,.down-good{color:#1b5e20;font-weight:600}.up-bad,.down-bad{color:#b71c1c;font-weight:600}.flat{color:#52606d}
figure{margin:.6rem 0 1rem;break-inside:avoid;page-break-inside:avoid}figcaption{font-size:.92rem;margin-bottom:.2rem}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
svg{width:100%;height:auto;display:block}svg text{font-size:12px;fill:#1f2933}
a{color:#0b5cad;text-decoration:none}a:hover{text-decoration:underline}
pre.timeline{white-space:pre-wrap;background:#f8f9fb;border-left:3px solid #cbd2d9;padding:.4rem .6rem;font-size:.82rem;margin:.2rem 0 .8rem}
nav.toc{font-size:.88rem;margin:.6rem 0}nav.toc a{margin-right:.8rem}
tr{break-inside:avoid;page-break-inside:avoid}
table.kpis .name{white-space:nowrap;width:7.5em}table.kpis .fig{text-align:right;width:13em;font-variant-numeric:tabular-nums}
table.kpis .trend{width:11em}
@media (max-width:800px){.pair{grid-template-columns:1fr}}
@page{size:A4;margin:12mm 11mm}
table.kpis .fig .note{display:block;text-align:left}
table.kpis .fig a.against{display:block;font-size:.82rem;text-align:right}
a.rate{color:inherit;border-bottom:1px dotted #7b8794}a.rate:hover{text-decoration:none;border-bottom-style:solid}
details{display:inline}details summary{display:inline;cursor:pointer;color:#0b5cad}details summary::after{content:' ▸'}details[open] summary::after{content:' ▾'}
table.against .ids{width:60%}
@media print{
html{font-size:8.5pt}body{margin:0;max-width:none;padding:0}
h1{font-size:14pt}h2{font-size:11pt;margin-top:10pt;break-after:avoid;page-break-after:avoid}
h3{break-after:avoid;page-break-after:avoid}
nav.toc{display:none}.card{padding:3pt 7pt;min-width:0}.card b{font-size:12pt}
table{font-size:7.5pt}th,td{padding:1.5pt 3pt}thead{display:table-header-group}
.pair{grid-template-columns:1fr 1fr;gap:6pt}a{color:inherit}
section.timelines{break-before:page;page-break-before:always}
pre.timeline{font-size:7.5pt}
}
"""

BAR_COLOR = "#2e7d32"
BAD_COLOR = "#c62828"
LINE_COLOR = "#1565c0"


def _bar_chart(
    title: str,
    rows: Sequence[tuple[str, float | None, str]],
    *,
    max_value: float | None = None,
    color: str = BAR_COLOR,
) -> str:
    """Horizontal bars: (label, value or None for "—", shown text)."""
    if not rows:
        return f"<p class='note'>{escape(title)}：无数据</p>"
    width, label_w, bar_h, gap = 560, 150, 16, 5
    values = [v for _, v, _ in rows if v is not None]
    top = max_value if max_value is not None else (max(values, default=0.0) or 1.0)
    height = len(rows) * (bar_h + gap) + 8
    parts = [
        f"<svg role='img' aria-label='{escape(title)}' viewBox='0 0 {width} {height}'"
        f" preserveAspectRatio='xMinYMin meet'>"
    ]
    for i, (label, value, shown) in enumerate(rows):
        y = i * (bar_h + gap) + 4
        w = 0.0 if value is None else max(0.0, (width - label_w - 130) * (value / top))
        short = label if len(label) <= 10 else label[:9] + "…"
        parts.append(
            f"<text x='{label_w - 6}' y='{y + 12}' text-anchor='end'>{escape(short)}</text>"
        )
        if value is not None:
            parts.append(
                f"<rect x='{label_w}' y='{y}' width='{w:.1f}' height='{bar_h}' rx='2' fill='{color}'/>"
            )
        fill = " fill='#7b8794'" if value is None else ""
        parts.append(f"<text x='{label_w + w + 5:.1f}' y='{y + 12}'{fill}>{escape(shown)}</text>")
    parts.append("</svg>")
    return f"<figure><figcaption><b>{escape(title)}</b></figcaption>{''.join(parts)}</figure>"


def _line_chart(title: str, points: Sequence[tuple[str, float | None]]) -> str:
    """A line chart of a rate by month; a month without a rate breaks the line."""
    if sum(v is not None for _, v in points) < 2:
        return f"<p class='note'>{escape(title)}：不足两个月有数据，不画趋势。</p>" if title else ""
    width, height, pad = 560, 200, 40
    xs = [pad + i * (width - 2 * pad) / (len(points) - 1) for i in range(len(points))]
    # the scale runs from 0 to a little above the highest month (rates near 15 % would
    # otherwise be a flat line at the bottom of a 0-100 % chart); its top is labelled
    top = min(1.0, max(0.05, max(v for _, v in points if v is not None) * 1.25))
    ys = [None if v is None else height - pad - v / top * (height - 2 * pad) for _, v in points]
    path, pen = [], "M"
    for x, y in zip(xs, ys, strict=True):
        if y is None:
            pen = "M"
            continue
        path.append(f"{pen}{x:.1f},{y:.1f}")
        pen = "L"
    step = max(1, -(-len(points) // 12))  # label at most about 12 months, so labels never overlap
    dots = []
    for i, ((m, v), x, y) in enumerate(zip(points, xs, ys, strict=True)):
        labelled = i % step == 0 or (i == len(points) - 1 and i % step > step // 2)
        if y is not None:
            dots.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='3' fill='{LINE_COLOR}'/>")
        if labelled:  # the last month too, unless it would crowd the one labelled before it
            label = m[2:] if len(m) == 7 else m
            dots.append(
                f"<text x='{x:.1f}' y='{height - 12}' text-anchor='middle'>{escape(label)}</text>"
            )
            if y is not None and v is not None:
                dots.append(
                    f"<text x='{x:.1f}' y='{y - 8:.1f}' text-anchor='middle'>{v:.0%}</text>"
                )
    return (
        f"<figure><figcaption><b>{escape(title)}</b></figcaption>"
        f"<svg role='img' aria-label='{escape(title)}' viewBox='0 0 {width} {height}'"
        f" preserveAspectRatio='xMinYMin meet'>"
        f"<line x1='{pad}' y1='{height - pad}' x2='{width - pad}' y2='{height - pad}' stroke='#cbd2d9'/>"
        f"<line x1='{pad}' y1='{pad}' x2='{width - pad}' y2='{pad}' stroke='#eef1f4'/>"
        f"<text x='{pad - 6}' y='{pad + 4}' text-anchor='end' fill='#7b8794'>{top:.0%}</text>"
        f"<text x='{pad - 6}' y='{height - pad + 4}' text-anchor='end' fill='#7b8794'>0%</text>"
        f"<path d='{' '.join(path)}' fill='none' stroke='{LINE_COLOR}' stroke-width='2'/>"
        f"{''.join(dots)}</svg></figure>"
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


def _trend_cell(trend: Trend | None, *, short: bool = False) -> str:
    """The trend, coloured good or bad; ``short``: the arrow alone (the words in its tooltip)."""
    if trend is None or trend.change is None:
        return "<span class='dim'>—</span>"
    arrow = trend.arrow
    if arrow == "→":
        css = "flat"
    else:
        css = ("up" if arrow == "↑" else "down") + ("-good" if trend.better else "-bad")
    tip = f"{trend.current} 对比 {trend.previous}" + (f"：{trend.shown()}" if short else "")
    text = trend.arrow if short else trend.shown()
    return f"<span class='{css}' title='{escape(tip)}'>{escape(text)}</span>"


def _figure_cell(figure: Figure) -> str:
    if figure.rate is None:
        return f"<td class='num dim' title='{escape(figure.reason_zh or '')}'>—</td>"
    return f"<td class='num'>{escape(figure.shown())}</td>"


class _Anchors:
    """Fragment ids for tickets and units: ids from an export may hold any character."""

    def __init__(self, *, timelines: bool = True) -> None:
        self.tickets: dict[str, str] = {}
        self.units: dict[str, str] = {}
        self.figures: dict[tuple[str, str | None], str] = {}
        self.timelines = timelines
        """Whether the report has timelines (grouped under a heading per unit, the links' target)."""

    def unit_link(self, unit: str) -> str:
        """The unit's name, a link to its tickets' timelines when the report has them (a merged
        result's report has none: the name alone, never a link to nowhere)."""
        if not self.timelines:
            return escape(unit)
        return f"<a href='#{self.unit(unit)}'>{escape(unit)}</a>"

    def figure(self, kpi_id: str, unit: str | None = None) -> str:
        """The list of tickets against a KPI's figure, overall (``unit`` None) or a unit's."""
        return self.figures.setdefault((kpi_id, unit), f"f{len(self.figures) + 1}")

    def ticket(self, ticket_id: str) -> str:
        return self.tickets.setdefault(ticket_id, f"t{len(self.tickets) + 1}")

    def unit(self, unit: str) -> str:
        return self.units.setdefault(unit, f"u{len(self.units) + 1}")


def _ticket_links(ids: Sequence[str], anchors: _Anchors, known: Mapping[str, object]) -> str:
    """Ticket ids, each a link to its timeline when the report has it."""
    out = []
    for tid in ids:
        if tid in known:
            out.append(f"<a href='#{anchors.ticket(tid)}'>{escape(tid)}</a>")
        else:
            out.append(escape(tid))
    return "、".join(out)


def render_html(
    result: AuditResult,
    engine: Engine,
    timelines: dict[str, list[str]] | None = None,
    *,
    previous: AuditResult | None = None,
    units: Mapping[str, str] | None = None,
) -> str:
    """The report as one HTML document.

    ``timelines``: ticket id -> its timeline in sentences (``explain_lines``), for the tickets
    behind the figures, grouped under their unit by ``units`` (ticket id -> unit); ``previous``:
    the audit of the period before, for the trend of an audit of one period.
    """
    p = engine.profile
    zone = engine.calc.zone
    s = summarize(result, p, zone, previous=previous)
    timelines = timelines or {}
    anchors = _Anchors(timelines=bool(timelines))
    for unit in s.units:
        anchors.unit(unit.unit)
    title = f"{p.meta.name_zh} 审计报告"
    out = [
        "<!doctype html>",
        "<html lang='zh-CN'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{escape(p.meta.name_zh)}</h1>",
        f"<p class='meta'>审计报告 · 期间 {escape(s.period_label)} · 评估时刻 {escape(local_time(result.as_of, zone))}"
        f"（{escape(str(zone))}）</p>",
        f"<p class='meta'>配置 {escape(p.meta.id)}（sha256 {escape(result.profile_sha256[:12])}）"
        f" · 日历 holidays {escape(str(result.calendar.get('holidays')))}"
        + (f" · 编码 {escape(result.encoding)}" if result.encoding else "")
        + "</p></header>",
        "<nav class='toc'><a href='#kpis'>总体指标</a><a href='#ranking'>单位排名</a>"
        "<a href='#charts'>各项指标图</a><a href='#accountability'>问责情形</a>"
        "<a href='#against'>指标背后的工单</a><a href='#detail'>明细</a>"
        "<a href='#tickets'>问题工单</a></nav>",
        "<div class='cards'>",
        f"<div class='card'>读取行数<b>{result.rows_read}</b></div>",
        f"<div class='card'>评估工单<b>{s.tickets}</b></div>",
        f"<div class='card'>违规<b class='{'bad' if s.violations else ''}'>{s.violations}</b></div>",
        f"<div class='card'>其中超时<b class='{'bad' if s.overdue else ''}'>{s.overdue}</b></div>",
        f"<div class='card'>问责情形<b class='{'bad' if s.fired else ''}'>{len(s.fired)}</b></div>",
        f"<div class='card'>无法读取<b class='{'bad' if result.rows_rejected else ''}'>{result.rows_rejected}</b></div>",
        "</div>",
        f"<p class='note'>{escape(_accounting_zh(result))}</p>",
    ]
    if result.tickets_estimated:
        out.append(
            f"<p class='note'>其中 {result.tickets_estimated} 张的截止时刻依赖尚无放假通知的年份，为推定结果；"
            "各表以“推定”注明工单数及各指标分子/分母中推定的件数。</p>"
        )
    if result.exclude_estimated and result.estimated_excluded:
        out.append(
            f"<p class='note'>另有 {result.estimated_excluded} 张的截止时刻依赖尚无放假通知的年份，"
            "已按 --exclude-estimated 不计入本报告。</p>"
        )
    # the platform's own deadlines against the profile's, orders not judged, a snapshot export
    out += [f"<p class='note'>{escape(zh)}</p>" for zh, _ in export_checks.notes(result)]
    out += _kpi_section(s, anchors)
    out += _ranking_section(s, anchors)
    out += _chart_sections(s)
    out += _accountability_section(s, anchors, timelines)
    out += _against_section(s, anchors, timelines)
    out += _detail_section(result, p)
    out += _timeline_section(s, anchors, timelines, units or {})
    out += _rejected_section(result)
    out.append(
        "<footer><p class='note'>除非以 --include-personal-data 明确要求，本报告不含诉求人姓名、电话、地址等个人信息。"
        f"时刻均为配置时区（{escape(str(zone))}）的时刻，并注明时差。</p></footer></body></html>"
    )
    return "\n".join(out)


def _against_link(figure: Figure, k: KpiLine, anchors: _Anchors, unit: str | None = None) -> str:
    """The link to the tickets against a figure, or "" when none counts against it."""
    return f"#{anchors.figure(k.id, unit)}" if figure.against_count else ""


def _kpi_section(s: Summary, anchors: _Anchors) -> list[str]:
    out = ["<section id='kpis'><h2>总体指标</h2>"]
    if not s.kpis:
        return [*out, "<p>本配置没有规定指标。</p></section>"]
    out.append(
        "<table class='kpis'><thead><tr><th class='name'>指标</th><th class='fig'>分子/分母 = 比率</th>"
        f"<th class='trend'>趋势<br><span class='note'>{escape(s.trend_zh)}</span></th><th>依据</th></tr></thead><tbody>"
    )
    for k in s.kpis:
        figure = k.overall
        shown = (
            escape(figure.shown())
            if figure.rate is not None
            else f"—<br><span class='note'>{escape(figure.reason_zh or '')}</span>"
        )
        href = _against_link(figure, k, anchors) if figure.rate is not None else ""
        if href:
            what = "拉低" if k.higher_is_better else "推高"
            shown = (
                f"<a class='rate' href='{href}' title='{escape(against_words(k.higher_is_better))}'>"
                f"{shown}</a><a class='against' href='{href}'>{what}比率的 {figure.against_count} 张 ›</a>"
            )
        basis = f"<span class='cite'>{escape(k.article)}：“{escape(k.text)}”</span>"
        if not k.defined_by_regulation:
            basis += f"<br><span class='note'>口径：{escape(k.note or '条文未定义计算口径，为本配置的口径。')}</span>"
        better = "越高越好" if k.higher_is_better else "越低越好"
        out.append(
            f"<tr><td class='name'>{escape(k.name_zh)}<br><span class='note'>{better}</span></td>"
            f"<td class='fig'>{shown}</td><td class='trend'>{_trend_cell(k.trend)}</td><td>{basis}</td></tr>"
        )
    out.append("</tbody></table></section>")
    return out


def _ranking_section(s: Summary, anchors: _Anchors) -> list[str]:
    out = [
        "<section id='ranking'><h2>各单位排名</h2>",
        "<p class='note'>最差在前：先比违规项数，再比超时项数，再比各项指标。"
        f"箭头为该单位 {escape(s.trend_zh)} 的变化；"
        + ("点单位名看其问题工单的经过，" if anchors.timelines else "")
        + "点比率看拉低（或推高）它的工单。</p>",
        "<table><thead><tr><th class='num'>名次</th><th>单位</th><th class='num'>工单</th>"
        "<th class='num'>违规</th><th class='num'>超时</th>",
    ]
    out += [f"<th class='num'>{escape(k.name_zh)}</th>" for k in s.kpis]
    out.append("</tr></thead><tbody>")
    for u in s.units:
        tickets = f"{u.tickets}" + (f"（推定 {u.estimated}）" if u.estimated else "")
        cells = [
            f"<td class='num'>{u.rank}</td>",
            f"<td>{anchors.unit_link(u.unit)}</td>",
            f"<td class='num'>{escape(tickets)}</td>",
            f"<td class='num{' bad' if u.violations else ''}'>{u.violations}</td>",
            f"<td class='num{' bad' if u.overdue else ''}'>{u.overdue}</td>",
        ]
        for k in s.kpis:
            figure = u.kpis[k.id]
            if figure.rate is None:
                cells.append(f"<td class='num dim' title='{escape(figure.reason_zh or '')}'>—</td>")
                continue
            arrow = u.trends.get(k.id)
            mark = ""
            if arrow is not None and arrow.change is not None:
                mark = " " + _trend_cell(arrow, short=True)
            tip = f"{figure.numerator}/{figure.denominator}"
            href = _against_link(figure, k, anchors, u.unit)
            rate = (
                f"<a class='rate' href='{href}'>{figure.percent()}</a>"
                if href
                else figure.percent()
            )
            cells.append(f"<td class='num' title='{escape(tip)}'>{rate}{mark}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></section>")
    return out


def _chart_sections(s: Summary) -> list[str]:
    out = ["<section id='charts'><h2>各项指标：按单位、按月</h2>"]
    for k in s.kpis:
        out.append(f"<h3>{escape(k.name_zh)}</h3>")
        out.append(f"<p class='cite'>{escape(k.article)}：“{escape(k.text)}”</p>")
        if k.overall.missing_zh is not None:
            out.append(f"<p class='note'>—：{escape(k.overall.missing_zh)}</p>")
            continue
        rows: list[tuple[str, float | None, str]] = []
        for u in s.units:
            f = u.kpis[k.id]
            rows.append(
                (
                    u.unit,
                    f.rate,
                    f"{f.numerator}/{f.denominator} = {f.percent()}"
                    if f.rate is not None
                    else "—（分母为 0）",
                )
            )
        worst_first = sorted(
            rows,
            key=lambda r: (r[1] is None, (r[1] or 0.0) if k.higher_is_better else -(r[1] or 0.0)),
        )
        points = [(m, f.rate) for m, f in s.monthly.get(k.id, ()) if m != "—"]
        out.append("<div class='pair'>")
        out.append(_bar_chart(f"{k.name_zh}（按单位，差者在上）", worst_first, max_value=1.0))
        out.append(_line_chart(f"{k.name_zh}（按月，全部单位）", points))
        out.append("</div>")
    out.append("<h3>违规与超时</h3><div class='pair'>")
    violations = [(u.unit, float(u.violations), f"{u.violations}") for u in s.units]
    out.append(_bar_chart("违规项数（按单位）", violations, color=BAD_COLOR))
    overdue = sorted(
        ((u.unit, float(u.overdue), f"{u.overdue}") for u in s.units), key=lambda r: -(r[1] or 0)
    )
    out.append(_bar_chart("其中超时项数（按单位）", overdue, color=BAD_COLOR))
    out.append("</div>")
    out.append("</section>")
    return out


def _accountability_section(
    s: Summary, anchors: _Anchors, timelines: Mapping[str, list[str]]
) -> list[str]:
    out = ["<section id='accountability'><h2>达到门槛的问责情形</h2>"]
    if s.no_accountability:
        out.append("<p>本办法没有规定问责情形。</p>")
    elif not s.fired:
        out.append("<p>没有达到门槛的问责情形。</p>")
    else:
        out.append(
            "<table><thead><tr><th>期间</th><th>单位</th><th>情形</th><th class='num'>件数</th><th>等次</th>"
            "<th>依据</th><th>工单</th></tr></thead><tbody>"
        )
        for f in s.fired:
            threshold = f"（门槛 {f.threshold}）" if f.threshold else ""
            out.append(
                f"<tr><td>{escape(f.period)}</td><td>{anchors.unit_link(f.unit)}</td>"
                f"<td>{escape(f.name_zh)}</td><td class='num'>{f.count}{threshold}</td><td>{escape(f.tier_zh)}</td>"
                f"<td><span class='cite'>{escape(f.article)}：“{escape(f.text)}”</span></td>"
                f"<td>{_ticket_links(f.tickets[:8], anchors, timelines)}</td></tr>"
            )
        out.append("</tbody></table>")
    if s.duties:
        out.append(
            "<h3>应由热线办督办、认定的工单</h3><table><thead><tr><th>事项</th><th class='num'>件数</th>"
            "<th>依据</th><th>工单（示例）</th></tr></thead><tbody>"
        )
        for d in s.duties:
            out.append(
                f"<tr><td>{escape(d.name_zh)}</td><td class='num'>{d.count}</td>"
                f"<td><span class='cite'>{escape(d.article)}：“{escape(d.text)}”</span></td>"
                f"<td>{_ticket_links(d.tickets[:8], anchors, timelines)}</td></tr>"
            )
        out.append("</tbody></table>")
    if s.grades_unset:
        out.append("<p class='note'>考核等次：本办法未规定各等次的分数线，本报告不评定等次。</p>")
    out.append("</section>")
    return out


def _against_section(
    s: Summary, anchors: _Anchors, timelines: Mapping[str, list[str]]
) -> list[str]:
    """Per KPI, the tickets against its figure: all units, then each unit (worst first)."""
    out = [
        "<section id='against'><h2>指标背后的工单</h2>",
        "<p class='note'>点上文指标的比率来到这里"
        + ("，点工单编号看其经过" if anchors.timelines else "（本报告没有附工单经过）")
        + "。每个比率先列编号最小的几张，"
        f"其余点“另 … 张”展开（每个比率最多保留编号最小的 {auditor.SAMPLE} 张的编号）。"
        "全部名单：审计时加 <code>--tickets 工单.csv</code>，按指标编号筛选"
        " <code>kpis_against</code> 一列。</p>",
    ]
    listed = False
    for k in s.kpis:
        if k.overall.rate is None or not k.overall.against_count:
            continue
        listed = True
        out.append(f"<h3>{escape(k.name_zh)}：{escape(against_words(k.higher_is_better))}</h3>")
        out.append(
            "<table class='against'><thead><tr><th>单位</th><th class='num'>比率</th>"
            "<th class='num'>张数</th><th class='ids'>工单</th></tr></thead><tbody>"
        )
        rows: list[tuple[str | None, Figure, int]] = [(None, k.overall, KPI_SHOWN)]
        rows += [(u.unit, u.kpis[k.id], PER_UNIT) for u in s.units if u.kpis[k.id].against_count]
        for unit, figure, inline in rows:
            name = "全部单位" if unit is None else unit
            out.append(
                f"<tr id='{anchors.figure(k.id, unit)}'><td>{escape(name)}</td>"
                f"<td class='num'>{escape(figure.numerator)}/{escape(figure.denominator)}"
                f" = {figure.percent()}</td><td class='num'>{figure.against_count}</td>"
                f"<td class='ids'>{_some_tickets(figure, inline, anchors, timelines)}</td></tr>"
            )
        out.append("</tbody></table>")
    if not listed:
        out.append("<p>没有拉低（或推高）指标的工单。</p>")
    out.append("</section>")
    return out


def _some_tickets(
    figure: Figure, inline: int, anchors: _Anchors, timelines: Mapping[str, list[str]]
) -> str:
    """The first ``inline`` ids, linked; the rest of the kept ids behind their count."""
    kept = figure.against
    text = _ticket_links(kept[:inline], anchors, timelines)
    rest = figure.against_count - len(kept[:inline])
    if rest <= 0:
        return text
    more = _ticket_links(kept[inline:], anchors, timelines)
    unkept = figure.against_count - len(kept)
    if unkept:
        more += f"{'、' if more else ''}……（另 {unkept} 张未列编号）"
    return f"{text} <details><summary>另 {rest} 张</summary>{more}</details>"


def _detail_section(result: AuditResult, p: Profile) -> list[str]:
    kpis = list(p.kpis)
    gaps = gaps_of(p)
    out = [
        "<section id='detail'><h2>各单位各月明细</h2><table><thead><tr><th>单位</th><th>月份</th>"
        "<th class='num'>工单</th><th class='num'>违规</th><th class='num'>超时</th>"
    ]
    out += [f"<th class='num'>{escape(k.name_zh)}</th>" for k in kpis]
    out.append("</tr></thead><tbody>")
    for unit, month, up in month_rows(result):
        estimated = f"（推定 {up.estimated}）" if up.estimated else ""
        cells = [
            f"<td>{escape(unit)}</td><td>{escape(month)}</td><td class='num'>{up.tickets}{estimated}</td>"
            f"<td class='num'>{up.violations}</td><td class='num'>{up.findings.get('deadline.breached', 0)}</td>"
        ]
        for k in kpis:
            cells.append(_figure_cell(Figure.of(up.kpis.get(k.id), gaps.get(k.id))))
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    out.append(
        "<p class='note'>—：分母为 0（该月没有计入分母的工单），或本配置无法计算该指标（原因见总体指标）。</p>"
    )
    out.append("</section>")
    return out


def _timeline_section(
    s: Summary, anchors: _Anchors, timelines: Mapping[str, list[str]], units: Mapping[str, str]
) -> list[str]:
    out = ["<section id='tickets' class='timelines'><h2>问题工单的经过</h2>"]
    if not timelines:
        out.append("<p class='note'>本报告没有附工单经过。</p></section>")
        return out
    out.append(
        "<p class='note'>各单位的前几张违规工单，以及上文问责情形、督办事项、指标背后所列的工单；"
        "时刻为配置时区的时刻并注明时差，不含诉求人的个人信息。</p>"
    )
    by_unit: dict[str, list[str]] = {}
    for tid in timelines:
        by_unit.setdefault(units.get(tid, ""), []).append(tid)
    placed: set[str] = set()
    for u in s.units:
        ids = sorted(by_unit.get(u.unit, []))
        out.append(f"<h3 id='{anchors.unit(u.unit)}'>{escape(u.unit)}</h3>")
        if not ids:
            out.append("<p class='note'>没有违规工单。</p>")
            continue
        for tid in ids:
            placed.add(tid)
            out.append(_timeline(tid, timelines[tid], anchors))
    rest = sorted(set(timelines) - placed)
    if rest:
        out.append("<h3>其他</h3>")
        out += [_timeline(tid, timelines[tid], anchors) for tid in rest]
    out.append("</section>")
    return out


def _timeline(tid: str, lines: Sequence[str], anchors: _Anchors) -> str:
    body = "\n".join(escape(line) for line in lines)
    return f"<h4 id='{anchors.ticket(tid)}'>{escape(tid)}</h4><pre class='timeline'>{body}</pre>"


def _rejected_section(result: AuditResult) -> list[str]:
    if not result.rows_rejected:
        return []
    out = [
        "<section id='rejected'><h2>无法读取的行</h2><table><thead><tr><th>原因代码</th>"
        "<th class='num'>行数</th></tr></thead><tbody>"
    ]
    for code, n in sorted(result.rejected_by_code.items()):
        out.append(f"<tr><td>{escape(code)}</td><td class='num'>{n}</td></tr>")
    out.append("</tbody></table>")
    shown = result.rejected[:REJECTED_SHOWN]
    out.append(
        "<table><thead><tr><th class='num'>行号</th><th>原因代码</th><th>工单</th><th>原因</th></tr></thead><tbody>"
    )
    for r in shown:
        out.append(
            f"<tr><td class='num'>{r.line or '—'}</td><td>{escape(r.code)}</td>"
            f"<td>{escape(r.ticket_id or '—')}</td><td>{escape(r.reason_zh)}</td></tr>"
        )
    out.append("</tbody></table>")
    if result.rows_rejected > len(shown):
        out.append(
            f"<p class='note'>以上列出前 {len(shown)} 行，另有 {result.rows_rejected - len(shown)} 行未列出"
            "（用 --rejects 文件 可写出每一行）。</p>"
        )
    out.append("</section>")
    return out


__all__ = ["REJECTED_SHOWN", "escape", "render_html"]

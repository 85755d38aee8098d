"""What a director reads first: an audit's figures ranked and explained, as data.

An :class:`~hotline_rules.audit.auditor.AuditResult` holds counts per unit and month; a 热线办's
director needs the overall rates, the units worst first, the circumstances that reached their
thresholds, and whether things got better. :func:`summarize` works those out once, so the
terminal summary, the HTML report and the Excel workbook show the same figures.

Honest figures: a rate whose denominator is zero, or that the profile cannot compute (a KPI
reading a clock the profile never sets, :func:`hotline_rules.profile.kpis.kpi_gaps`), is a
:class:`Figure` without a rate and with the reason, shown "—", never 0% or 100%. Names are
Chinese: KPIs and tiers from the profile and the vocabulary, circumstances and duties by the words
of the article they encode.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from hotline_rules.audit.auditor import (
    Auditor,
    AuditResult,
    Matches,
    Tally,
    UnitPeriod,
    period_key,
    unit_of,
)
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.results import Evaluation, Severity
from hotline_rules.engine.ticket import Ticket
from hotline_rules.errors import HotlineRulesError
from hotline_rules.profile.kpis import kpi_gaps
from hotline_rules.profile.schema import Profile

_MONTH = re.compile(r"\d{4}-\d{2}")

SAME = 0.005
"""A change of rate smaller than half a percentage point is shown as steady (→)."""


@dataclass(frozen=True)
class Figure:
    """A rate as counted: numerator over denominator, or no rate and the reason why."""

    numerator: int = 0
    denominator: int = 0
    estimated_numerator: int = 0
    estimated_denominator: int = 0
    missing_zh: str | None = None
    """Why there is no rate (the profile cannot compute it), when there is none for that reason."""
    missing_en: str | None = None
    against: tuple[str, ...] = ()
    """The smallest ids of the tickets counting against the KPI (:attr:`Tally.against`)."""
    against_count: int = 0
    """How many tickets count against it (``against`` holds at most ``SAMPLE`` of them)."""
    lower_is_better: bool = False
    """True when those are the tickets in the numerator (a return or complaint rate)."""

    @property
    def rate(self) -> float | None:
        """numerator / denominator; None when the profile cannot compute it or nothing counted."""
        if self.missing_zh is not None or not self.denominator:
            return None
        return self.numerator / self.denominator

    @property
    def reason_zh(self) -> str | None:
        """Why the rate is "—" (None when there is a rate)."""
        if self.missing_zh is not None:
            return self.missing_zh
        return None if self.denominator else "分母为 0：没有计入分母的工单"

    @property
    def reason_en(self) -> str | None:
        if self.missing_en is not None:
            return self.missing_en
        return None if self.denominator else "denominator is 0: no ticket counted below the line"

    def percent(self) -> str:
        """``17.6%``, or ``—``."""
        rate = self.rate
        return "—" if rate is None else f"{rate:.1%}"

    def shown(self) -> str:
        """``351/2000 = 17.6%`` (with the estimated share), or ``—（原因）``."""
        rate = self.rate
        if rate is None:
            return f"—（{self.reason_zh}）"
        text = f"{self.numerator}/{self.denominator} = {rate:.1%}"
        if self.estimated_denominator:
            text += f"（推定 {self.estimated_numerator}/{self.estimated_denominator}）"
        return text

    def __add__(self, other: Figure) -> Figure:
        against = Matches(self.against_count, list(self.against)).merged(
            Matches(other.against_count, list(other.against))
        )
        return Figure(
            self.numerator + other.numerator,
            self.denominator + other.denominator,
            self.estimated_numerator + other.estimated_numerator,
            self.estimated_denominator + other.estimated_denominator,
            self.missing_zh or other.missing_zh,
            self.missing_en or other.missing_en,
            tuple(against.sample),
            against.count,
            self.lower_is_better or other.lower_is_better,
        )

    @classmethod
    def of(cls, tally: Tally | None, gap: tuple[str, str] | None = None) -> Figure:
        """A tally as a figure (none counted: 0/0); ``gap``: why the profile cannot compute it."""
        zh, en = gap if gap is not None else (None, None)
        if tally is None:
            return cls(missing_zh=zh, missing_en=en)
        return cls(
            tally.numerator,
            tally.denominator,
            tally.estimated_numerator,
            tally.estimated_denominator,
            zh,
            en,
            tuple(tally.against.sample),
            tally.against.count,
            tally.lower_is_better,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "rate": self.rate,
            "estimated_numerator": self.estimated_numerator,
            "estimated_denominator": self.estimated_denominator,
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
            "against": {
                "count": self.against_count,
                "tickets": list(self.against),
                "in_numerator": self.lower_is_better,
            },
        }


def against_words(higher_is_better: bool) -> str:
    """What the tickets against a KPI are: outside its numerator, or in it (lower is better)."""
    if higher_is_better:
        return "分母中未计入分子的工单（拉低比率）"
    return "计入分子的工单（推高比率）"


@dataclass(frozen=True)
class Trend:
    """A rate against the same rate of the period before."""

    current: str
    previous: str
    change: float | None
    """The rate now minus the rate before (a fraction); None when either has no rate."""
    better: bool | None
    """True when the change is for the better (by the KPI's ``higher_is_better``), None: steady
    or unknown."""

    @property
    def arrow(self) -> str:
        """↑, ↓ or → (the direction of the rate, not of the judgement), or — without a change."""
        if self.change is None:
            return "—"
        if abs(self.change) < SAME:
            return "→"
        return "↑" if self.change > 0 else "↓"

    def shown(self) -> str:
        """``↑ 2.1 个百分点（好转）`` or ``—``."""
        if self.change is None:
            return "—"
        points = f"{abs(self.change) * 100:.1f} 个百分点"
        if self.arrow == "→":
            return f"→ 持平（{points}）"
        return f"{self.arrow} {points}（{'好转' if self.better else '变差'}）"


@dataclass(frozen=True)
class KpiLine:
    """One KPI of the profile over the whole audit, with its article and its trend."""

    id: str
    name_zh: str
    name_en: str
    higher_is_better: bool
    article: str
    text: str
    defined_by_regulation: bool
    note: str | None
    overall: Figure
    trend: Trend | None


@dataclass(frozen=True)
class UnitLine:
    """One unit over the audited months, with its place in the ranking (1 = worst)."""

    rank: int
    unit: str
    tickets: int
    violations: int
    overdue: int
    """Time limits breached (``deadline.breached`` findings)."""
    estimated: int
    kpis: Mapping[str, Figure]
    trends: Mapping[str, Trend]
    """Per KPI id: this unit's rate against its own rate the period before."""
    worst_kpi: str | None
    """The KPI on which this unit falls furthest behind the overall rate, if any."""
    worst_gap: float
    """How far behind, as a fraction (0.05: five percentage points worse than overall)."""


@dataclass(frozen=True)
class FiredLine:
    """A circumstance or veto that reached its threshold for a unit in a period."""

    rule_id: str
    name_zh: str
    kind: str
    unit: str
    period: str
    count: int
    threshold: int | None
    tier_zh: str
    article: str
    text: str
    tickets: tuple[str, ...]


@dataclass(frozen=True)
class DutyLine:
    """Tickets the office itself must act on (supervision, ownership rulings), by rule."""

    rule_id: str
    name_zh: str
    count: int
    article: str
    text: str
    tickets: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    """Everything the summary shows, worked out once for the terminal, HTML and Excel."""

    profile_id: str
    profile_name_zh: str
    profile_sha256: str
    as_of: datetime
    """In the profile's zone (shown with its offset)."""
    period: str | None
    months: tuple[str, ...]
    """The months counted, in order (tickets without a receipt time are under ``—``)."""
    accounting: Mapping[str, int]
    balanced: bool
    tickets: int
    violations: int
    overdue: int
    estimated_tickets: int
    exclude_estimated: bool
    estimated_excluded: int
    kpis: tuple[KpiLine, ...]
    units: tuple[UnitLine, ...]
    fired: tuple[FiredLine, ...]
    duties: tuple[DutyLine, ...]
    rejected_by_code: Mapping[str, int]
    rows_rejected: int
    trend_zh: str
    """What the trend compares (``2026-12 对比 2026-11``), or why there is none."""
    monthly: Mapping[str, tuple[tuple[str, Figure], ...]] = field(default_factory=dict)
    """Per KPI id: the overall figure of each month, in order."""
    no_accountability: bool = False
    """The profile sets no circumstance and no veto (so none can fire)."""
    grades_unset: bool = False
    """The profile's assessment names grades without thresholds (so none is given)."""

    @property
    def period_label(self) -> str:
        """``2026-10``, or ``全部（2025-01 至 2026-12）``."""
        if self.period:
            return self.period
        dated = [m for m in self.months if _MONTH.fullmatch(m)]
        if not dated:
            return "全部"
        return f"全部（{dated[0]} 至 {dated[-1]}）" if len(dated) > 1 else f"全部（{dated[0]}）"

    def to_dict(self) -> dict[str, Any]:
        """The summary with stable field names (JSON, tests)."""
        return {
            "profile": self.profile_id,
            "as_of": self.as_of.isoformat(),
            "period": self.period,
            "months": list(self.months),
            "tickets": self.tickets,
            "violations": self.violations,
            "overdue": self.overdue,
            "trend": self.trend_zh,
            "kpis": [
                {
                    "id": k.id,
                    "name_zh": k.name_zh,
                    "article": k.article,
                    **k.overall.to_dict(),
                    "trend": None
                    if k.trend is None
                    else {"change": k.trend.change, "better": k.trend.better},
                }
                for k in self.kpis
            ],
            "units": [
                {
                    "rank": u.rank,
                    "unit": u.unit,
                    "tickets": u.tickets,
                    "violations": u.violations,
                    "overdue": u.overdue,
                    "kpis": {k: f.to_dict() for k, f in u.kpis.items()},
                }
                for u in self.units
            ],
            "fired": [
                {"rule_id": f.rule_id, "name_zh": f.name_zh, "unit": f.unit, "period": f.period}
                for f in self.fired
            ],
        }


def short_name(rule: Any, limit: int = 24) -> str:
    """A rule's Chinese name: its own name if it has one, else the words of its article, cut."""
    for attr in ("name_zh", "name"):
        name = getattr(rule, attr, None)
        if isinstance(name, str) and name:
            return name
    text = re.sub(r"\s+", "", str(getattr(getattr(rule, "cite", None), "text", "") or ""))
    text = text.strip("；;。，,：: ")
    if not text:
        return str(getattr(rule, "id", ""))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def gaps_of(profile: Profile) -> dict[str, tuple[str, str]]:
    """KPIs the profile cannot compute, with the reason (:func:`kpi_gaps`)."""
    return kpi_gaps(profile)


def month_rows(result: AuditResult) -> list[tuple[str, str, UnitPeriod]]:
    """(unit, month, counts) of the result, months only (quarters and years are sums of them)."""
    return [
        (unit, period, up)
        for (unit, period), up in sorted(result.units.items())
        if _MONTH.fullmatch(period) or period == "—"
    ]


def _figures(
    rows: Iterable[UnitPeriod], kpi_ids: Iterable[str], gaps: Mapping[str, tuple[str, str]]
) -> dict[str, Figure]:
    out = {k: Figure.of(None, gaps.get(k)) for k in kpi_ids}
    for up in rows:
        for k in out:
            tally = up.kpis.get(k)
            if tally is not None:
                out[k] = out[k] + Figure.of(tally)
    return out


def _trend(now: Figure, before: Figure, better_up: bool, current: str, previous: str) -> Trend:
    a, b = now.rate, before.rate
    if a is None or b is None:
        return Trend(current, previous, None, None)
    change = a - b
    better = None if abs(change) < SAME else (change > 0) == better_up
    return Trend(current, previous, change, better)


def _badness(rate: float | None, higher_is_better: bool) -> float:
    """A rate turned so that larger is worse (no rate: neither good nor bad, sorts last)."""
    if rate is None:
        return -1.0
    return -rate if higher_is_better else rate


def summarize(
    result: AuditResult,
    profile: Profile,
    zone: tzinfo | None = None,
    *,
    previous: AuditResult | None = None,
) -> Summary:
    """The summary of ``result`` under ``profile`` (times in ``zone``, the profile's).

    The trend compares the last month counted with the month before it; ``previous``, the audit
    of the period before (``--period`` leaves it out of ``result``), is compared instead when
    given.
    """
    gaps = gaps_of(profile)
    kpis = list(profile.kpis)
    ids = [k.id for k in kpis]
    rows = month_rows(result)
    months = tuple(sorted({m for _, m, _ in rows}))
    overall = _figures((up for _, _, up in rows), ids, gaps)
    monthly = {
        k: tuple(
            (m, f)
            for m in months
            for f in [_figures((up for _, mm, up in rows if mm == m), [k], gaps)[k]]
        )
        for k in ids
    }
    dated = [m for m in months if _MONTH.fullmatch(m)]
    # the trend: this period against the one before (``previous``), or the last month counted
    # against the month before it; ``now_rows`` and ``before_rows`` are what each side counts
    now_rows: list[tuple[str, str, UnitPeriod]] = []
    before_rows: list[tuple[str, str, UnitPeriod]] = []
    now_label = prev_label = ""
    if previous is not None and previous.units:
        now_rows, before_rows = rows, month_rows(previous)
        now_label, prev_label = result.period or "本期", previous.period or "上期"
    elif len(dated) >= 2:
        now_label, prev_label = dated[-1], dated[-2]
        now_rows = [r for r in rows if r[1] == now_label]
        before_rows = [r for r in rows if r[1] == prev_label]
    trends: dict[str, Trend] = {}
    if now_rows or before_rows:
        now = _figures((up for _, _, up in now_rows), ids, gaps)
        before = _figures((up for _, _, up in before_rows), ids, gaps)
        for k in kpis:
            trends[k.id] = _trend(
                now[k.id], before[k.id], k.higher_is_better, now_label, prev_label
            )
        trend_zh = f"{now_label} 对比 {prev_label}"
    else:
        trend_zh = "只统计了一个期间，导出中没有上期可比"

    per_unit: dict[str, list[UnitPeriod]] = {}
    for unit, _, up in rows:
        per_unit.setdefault(unit, []).append(up)
    higher = {k.id: k.higher_is_better for k in kpis}
    lines: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for unit, ups in per_unit.items():
        figures = _figures(ups, ids, gaps)
        worst: str | None = None
        gap = 0.0
        for kpi_id in ids:
            mine, all_ = figures[kpi_id].rate, overall[kpi_id].rate
            if mine is None or all_ is None:
                continue
            behind = (all_ - mine) if higher[kpi_id] else (mine - all_)
            if behind > gap:
                worst, gap = kpi_id, behind
        unit_trends: dict[str, Trend] = {}
        if now_rows or before_rows:
            now_u = _figures((up for u, _, up in now_rows if u == unit), ids, gaps)
            before_u = _figures((up for u, _, up in before_rows if u == unit), ids, gaps)
            for k in kpis:
                unit_trends[k.id] = _trend(
                    now_u[k.id], before_u[k.id], k.higher_is_better, now_label, prev_label
                )
        violations = sum(up.violations for up in ups)
        overdue = sum(up.findings.get("deadline.breached", 0) for up in ups)
        # worst first: violations, then overdue, then each rate (worst first), then the name
        key = (
            -violations,
            -overdue,
            tuple(-_badness(figures[k].rate, higher[k]) for k in ids),
            unit,
        )
        lines.append(
            (
                key,
                {
                    "unit": unit,
                    "tickets": sum(up.tickets for up in ups),
                    "violations": violations,
                    "overdue": overdue,
                    "estimated": sum(up.estimated for up in ups),
                    "kpis": figures,
                    "trends": unit_trends,
                    "worst_kpi": worst,
                    "worst_gap": gap,
                },
            )
        )
    lines.sort(key=lambda kv: kv[0])
    units = tuple(UnitLine(rank=i, **d) for i, (_, d) in enumerate(lines, 1))

    names = profile.word_names()
    acc = profile.accountability
    by_id = {r.id: r for r in (*acc.circumstances, *acc.vetoes)}
    fired = tuple(
        FiredLine(
            f.rule_id,
            short_name(by_id[f.rule_id]) if f.rule_id in by_id else f.rule_id,
            f.kind,
            f.unit,
            f.period,
            f.count,
            f.threshold,
            names.get(f.tier, f.tier) if f.tier else "条文未规定",
            f.article,
            f.text,
            tuple(f.tickets),
        )
        for f in sorted(result.fired, key=lambda f: (f.period, -f.count, f.unit, f.rule_id))
    )
    duties = []
    for rule_id, m in sorted(result.duties.items(), key=lambda kv: (-kv[1].count, kv[0])):
        rule = profile.rule(rule_id)
        duties.append(
            DutyLine(
                rule_id,
                short_name(rule) if rule is not None else rule_id,
                m.count,
                rule.cite.label() if rule is not None else "",
                rule.cite.text if rule is not None else "",
                tuple(m.sample),
            )
        )
    local = result.as_of.astimezone(zone) if zone is not None else result.as_of
    assessment = getattr(profile, "assessment", None)
    return Summary(
        profile_id=profile.meta.id,
        profile_name_zh=profile.meta.name_zh,
        profile_sha256=result.profile_sha256,
        as_of=local,
        period=result.period,
        months=months,
        accounting=result.accounting,
        balanced=result.balanced,
        tickets=sum(u.tickets for u in units),
        violations=sum(u.violations for u in units),
        overdue=sum(u.overdue for u in units),
        estimated_tickets=result.tickets_estimated,
        exclude_estimated=result.exclude_estimated,
        estimated_excluded=result.estimated_excluded,
        kpis=tuple(
            KpiLine(
                k.id,
                k.name_zh,
                k.name_en,
                k.higher_is_better,
                k.cite.label(),
                k.cite.text,
                k.defined_by_regulation,
                k.note,
                overall[k.id],
                trends.get(k.id),
            )
            for k in kpis
        ),
        units=units,
        fired=fired,
        duties=tuple(duties),
        rejected_by_code=dict(sorted(result.rejected_by_code.items())),
        rows_rejected=result.rows_rejected,
        trend_zh=trend_zh,
        monthly=monthly,
        no_accountability=not acc.circumstances and not acc.vetoes,
        grades_unset=assessment is not None and not assessment.thresholds_set,
    )


def previous_period(period: str | None) -> str | None:
    """The period before ``period``: ``2026-01`` → ``2025-12``, ``2026-Q1`` → ``2025-Q4``,
    ``2026`` → ``2025``; None for none (the whole export has its months to compare)."""
    if not period:
        return None
    if _MONTH.fullmatch(period):
        year, month = int(period[:4]), int(period[5:])
        return f"{year - 1:04d}-12" if month == 1 else f"{year:04d}-{month - 1:02d}"
    quarter = re.fullmatch(r"(\d{4})-Q([1-4])", period)
    if quarter:
        year, q = int(quarter.group(1)), int(quarter.group(2))
        return f"{year - 1:04d}-Q4" if q == 1 else f"{year:04d}-Q{q - 1}"
    if re.fullmatch(r"\d{4}", period) and int(period) > 1:
        return f"{int(period) - 1:04d}"
    return None


PER_UNIT = 3
"""How many problem tickets of each unit a report shows the timeline of, and how many of the
tickets against each unit's KPI figure it names inline (each linked to its timeline)."""

KPI_SHOWN = 5
"""How many of the tickets against a KPI's overall figure a report names inline; the rest are
behind their count (their smallest ids listed, up to ``SAMPLE``, without timelines)."""

LOOKED_UP = 400
"""At most this many tickets are kept for their timelines, however many figures point at them."""


def look_again(
    reopen: Callable[[], Iterable[Any]],
    engine: Engine,
    result: AuditResult,
    period_before: str | None,
    *,
    want_tickets: bool = True,
    per_unit: int = PER_UNIT,
) -> tuple[AuditResult | None, dict[str, tuple[Ticket, Evaluation]]]:
    """Read the export again for what the counts alone do not hold.

    - the audit of ``period_before`` (the trend of an audit of one period), when given;
    - with ``want_tickets``, the tickets behind the figures, with their evaluation: those a fired
      circumstance or a duty names, those a report names against each KPI figure
      (:func:`against_shown`), and the first ``per_unit`` tickets with a violation of each unit
      in the audited period (at most :data:`LOOKED_UP` in all, the named ones first).

    Only tickets are looked at (rejected and skipped lines were counted the first time); a
    ticket is evaluated only when it is wanted, so this costs a reading of the export, not a
    second audit. An export that cannot be read again gives what was found before it failed.
    """
    named_first: list[str] = []
    if want_tickets:
        for f in result.fired:
            named_first += f.tickets
        for m in result.duties.values():
            named_first += m.sample
        named_first += against_shown(result, per_unit=per_unit)
    wanted = set(list(dict.fromkeys(named_first))[:LOOKED_UP])
    spare = LOOKED_UP - len(wanted)  # unnamed tickets (a unit's first violations) that may join
    previous = (
        Auditor(
            engine,
            as_of=result.as_of,
            period=period_before,
            exclude_estimated=result.exclude_estimated,
        )
        if period_before is not None
        else None
    )
    found: dict[str, tuple[Ticket, Evaluation]] = {}
    shown: dict[str, int] = {}
    units_left = {u for u, _, _ in month_rows(result)} if want_tickets else set()
    try:
        items = reopen()
        for item in items:
            if not isinstance(item, Ticket):
                continue
            if previous is not None:
                previous.feed(item)
            if not want_tickets or len(found) >= LOOKED_UP:
                if previous is None:
                    break
                continue
            named = item.id in wanted
            unit = unit_of(item)
            if not named and unit not in units_left:
                if previous is None and not units_left and wanted.issubset(found):
                    break
                continue
            if not named and not _in_period(item, engine, result.period):
                continue
            try:
                ev = engine.evaluate(item, result.as_of)
            except HotlineRulesError:
                continue
            if named:
                found[item.id] = (item, ev)
            if unit in units_left and any(f.severity is Severity.VIOLATION for f in ev.findings):
                if not named:
                    if spare <= 0:
                        units_left.clear()
                        continue
                    spare -= 1
                    found[item.id] = (item, ev)
                shown[unit] = shown.get(unit, 0) + 1
                if shown[unit] >= per_unit:
                    units_left.discard(unit)
        close = getattr(items, "close", None)
        if callable(close):
            close()
    except (OSError, HotlineRulesError):
        pass  # the first reading's figures stand; only the extras are missing
    return (previous.finish() if previous is not None else None), found


def against_shown(
    result: AuditResult, *, overall: int = KPI_SHOWN, per_unit: int = PER_UNIT
) -> list[str]:
    """The tickets a report names against each KPI figure, most wanted first: the ``overall``
    smallest ids against each KPI over all units, then the ``per_unit`` smallest against each
    unit's figure (the same ids :func:`summarize`'s figures hold, so every link finds its
    timeline)."""
    total: dict[str, Matches] = {}
    by_unit: dict[tuple[str, str], Matches] = {}
    for unit, _, up in month_rows(result):
        for kpi, tally in up.kpis.items():
            total[kpi] = total.get(kpi, Matches()).merged(tally.against)
            by_unit[(unit, kpi)] = by_unit.get((unit, kpi), Matches()).merged(tally.against)
    out = [tid for kpi in sorted(total) for tid in total[kpi].sample[:overall]]
    out += [tid for key in sorted(by_unit) for tid in by_unit[key].sample[:per_unit]]
    return list(dict.fromkeys(out))


def _in_period(ticket: Ticket, engine: Engine, period: str | None) -> bool:
    """Whether the audit of ``period`` counted ``ticket`` (received in it)."""
    if period is None:
        return True
    received = ticket.received_at
    if received is None:
        return False
    local = received.astimezone(engine.calc.zone)
    month = period_key(local, "month")
    if "-Q" in period:
        return period_key(local, "quarter") == period
    return month.startswith(period)


def local_time(at: datetime, zone: tzinfo | None = None) -> str:
    """``2026-12-31 00:00+08:00``: an instant in the profile's zone, with its offset."""
    local = at.astimezone(zone) if zone is not None else at
    offset = local.strftime("%z")
    return (
        f"{local:%Y-%m-%d %H:%M}{offset[:3]}:{offset[3:]}" if offset else f"{local:%Y-%m-%d %H:%M}"
    )


__all__ = [
    "KPI_SHOWN",
    "PER_UNIT",
    "DutyLine",
    "Figure",
    "FiredLine",
    "KpiLine",
    "Summary",
    "Trend",
    "UnitLine",
    "against_shown",
    "against_words",
    "gaps_of",
    "local_time",
    "look_again",
    "month_rows",
    "previous_period",
    "short_name",
    "summarize",
]

"""One-line Chinese summaries of rules, for ``show`` and ``diff`` tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hotline_rules.profile.fields import Rule
from hotline_rules.profile.schema import (
    Assessment,
    Circumstance,
    ClockRule,
    ClosureReportRule,
    DutyWindow,
    ExtensionRule,
    FirstContactRule,
    Kpi,
    OwnershipRule,
    Profile,
    ReturnRule,
    Rework,
    ScreeningReason,
    SupervisionTrigger,
    UnitCredit,
    VetoRule,
)

SECTION_ZH = {
    "clocks": "时限",
    "extensions": "延期",
    "returns": "退单",
    "ownership": "争议认定",
    "supervision": "督办",
    "screening": "不予受理",
    "first_contact": "先行联系",
    "closure_report": "办结报告",
    "kpis": "指标",
    "duty_roster": "值班",
    "accountability.circumstances": "问责情形",
    "accountability.vetoes": "一票否决",
    "assessment": "考核",
    "rework": "发回重办",
    "units": "计入单位",
}

_CREDIT_ZH = {
    "last_dispatched": "最后派给的单位",
    "lead": "主办单位",
    "first_receiving": "首接负责单位",
}

_COUNTING_ZH = {
    ("end_of_day", "calendar"): "",
    ("close_of_business", "calendar"): "，截止于下班时间",
    ("end_of_day", "elapsed"): "，保留起算时刻",
    ("close_of_business", "elapsed"): "，保留起算时刻",
}


def summary(rule: Rule, names: Mapping[str, str] | None = None) -> str:
    """What the rule says, in one short Chinese line (``names``: words to Chinese)."""
    names = names or {}

    def zh(words: Iterable[str]) -> str:
        return "、".join(names.get(w, w) for w in words)

    if isinstance(rule, ClockRule):
        c = rule.counting
        extra = (
            ("，含本数" if c.inclusive else "")
            + _COUNTING_ZH[(c.ends_at.value, c.style.value)]
            + ("，末日顺延" if c.rollover else "")
        )
        stops = (  # 办理完毕并答复: all of them, as the regulations write it
            "并".join(names.get(w, w) for w in rule.stops_on)
            if rule.stops_when == "all"
            else zh(rule.stops_on)
        )
        return f"{rule.duration.zh}{extra}（{zh([rule.starts_on])}起，至{stops}）"
    if isinstance(rule, ExtensionRule):
        parts = []
        if rule.max_count is not None:
            parts.append(f"至多{rule.max_count}次")
        if rule.choices:
            parts.append("可选 " + "/".join(d.zh for d in rule.choices))
        if rule.max_each is not None:
            parts.append(f"每次≤{rule.max_each.zh}")
        if rule.max_each_factor is not None:
            parts.append(f"每次≤原时限×{rule.max_each_factor:g}")
        if rule.max_total is not None:
            parts.append(f"累计≤{rule.max_total.zh}")
        if rule.max_total_factor is not None:
            parts.append(f"各次合计≤原时限×{rule.max_total_factor:g}")
        if rule.max_overall is not None:
            parts.append(f"连同延期自起算时起≤{rule.max_overall.zh}")
        if rule.no_request_within is not None:
            parts.append(f"到期前{rule.no_request_within.zh}内不受理")
        return "，".join(parts) or "条文未设限制"
    if isinstance(rule, ReturnRule):
        parts = [f"{rule.window.zh}内申请" if rule.window else "无申请期限"]
        if rule.max_returns is not None:
            parts.append(("原则上" if rule.in_principle else "") + f"至多{rule.max_returns}次")
        if rule.missed_window == "deemed_accepted":
            parts.append("逾期视作接单")
        return "，".join(parts)
    if isinstance(rule, OwnershipRule):
        limit = f"，{rule.duration.zh}内认定（至{zh(rule.stops_on)}）" if rule.duration else ""
        return f"退单{rule.after_returns}次（含）以上→{rule.forum}{limit}"
    if isinstance(rule, SupervisionTrigger):
        return f"{rule.when.describe(names)} → {zh(rule.actions)}"
    if isinstance(rule, ScreeningReason):
        return rule.text + (f"（据事实判断：{rule.when.describe(names)}）" if rule.when else "")
    if isinstance(rule, FirstContactRule):
        retry = (
            f"重试间隔≥{rule.retry_min_interval.zh}" if rule.retry_min_interval else "无重试要求"
        )
        return f"{retry}；联系不上：{'发短信' if rule.fallback == 'sms' else '无'}"
    if isinstance(rule, ClosureReportRule):
        return f"{len(rule.elements)}项必备内容"
    if isinstance(rule, Kpi):
        needs = f"（需时限：{zh(rule.needs_clocks)}）" if rule.needs_clocks else ""
        return (
            f"{rule.name_zh}：{rule.numerator.describe(names)} / {rule.denominator.describe(names)}"
            + needs
        )
    if isinstance(rule, Circumstance):
        per = ""
        if rule.threshold:  # the audit counts a ticket in the period it was received: say so
            period = zh([rule.threshold.period])
            per = f"，每{period}≥{rule.threshold.count}件（按受理时间所在的{period}计）"
        tier = zh([rule.tier]) if rule.tier else "条文未规定等次"
        then = ""
        if rule.consequences:
            then = "；后果：" + zh(rule.consequences)
            if rule.points is not None:
                then += f"（每件扣{rule.points:g}分）"
        return f"{rule.when.describe(names)}{per} → {tier}{then}"
    if isinstance(rule, VetoRule):
        return f"{rule.when.describe(names)} → {rule.consequence}"
    if isinstance(rule, Assessment):
        grades = "、".join(g.name for g in rule.grades)
        periods = zh(rule.periods) or "未写周期"
        combine = "各月之和" if rule.combine == "sum" else "各月比率的平均"
        made = f"（季度、年度为{combine}）" if {"quarter", "year"} & set(rule.periods) else ""
        return f"{periods}{made} {rule.scale or ''} 等次：{grades or '未设'}" + (
            "" if rule.thresholds_set else "（条文未规定分数线）"
        )
    if isinstance(rule, Rework):
        limit = rule.duration.zh if rule.duration else "原时限"
        return f"{zh([rule.event])}后，{zh(rule.clocks)}重新起算{limit}；以最后一轮的办理与回访为准"
    if isinstance(rule, UnitCredit):
        return f"指标与超时计入{_CREDIT_ZH[rule.credit]}；协办单位不改变主办单位的时限"
    if isinstance(rule, DutyWindow):
        return f"{rule.name} {rule.start}–{'次日' if rule.next_day else ''}{rule.end}"
    return ""


def rows(profile: Profile) -> list[tuple[str, str, str, str]]:
    """(section in Chinese, rule id, summary, citation) for every rule of the profile."""
    names = profile.word_names()
    return [
        (SECTION_ZH.get(section, section), rule.id, summary(rule, names), rule.cite.label())
        for section, rule in profile.rules()
    ]


__all__ = ["SECTION_ZH", "rows", "summary"]

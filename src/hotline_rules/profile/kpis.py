"""Which KPIs a profile can compute, and why not the others.

A rate whose ingredients the profile never produces must not be shown as a measured figure:
``on_time_completion`` over a profile with no completion clock would read 100% for every unit,
since nothing can be overdue (a text that sets no completion limit). A KPI cannot be
computed when it declares clocks it needs (``needs_clocks``) that the profile lacks, or when its
numerator or denominator reads a fact that only a clock gives (``overdue`` needs ``completion``,
``first_contact_late`` needs ``first_contact``, ``breached: {has: reply}`` needs ``reply``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from hotline_rules.profile.schema import Kpi, Profile

CLOCK_FACTS: Mapping[str, str] = {
    "overdue": "completion",
    "overdue_unexcused": "completion",
    "in_time_limit": "completion",
    "first_contact_late": "first_contact",
    "sign_for_late": "sign_for",
}
"""Facts that only a clock of this name can make true (or false for a reason)."""


def clocks_read(source: Any) -> Iterator[str]:
    """Every clock a condition's source depends on, through the facts above or ``breached``."""
    if not isinstance(source, Mapping):
        return
    for key, value in source.items():
        if key in ("any", "all"):
            for branch in value if isinstance(value, list) else ():
                yield from clocks_read(branch)
        elif key == "not":
            yield from clocks_read(value)
        elif key in CLOCK_FACTS:
            yield CLOCK_FACTS[key]
        elif key == "breached":
            yield from _words(value)


def _words(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        yield from (w for w in value if isinstance(w, str))
    elif isinstance(value, Mapping):
        for operand in value.values():
            yield from _words(operand)


def clocks_needed(kpi: Kpi) -> tuple[str, ...]:
    """The clocks ``kpi`` needs: those it declares, then those its conditions read, once each."""
    found = [*kpi.needs_clocks]
    found += clocks_read(kpi.numerator.source)
    found += clocks_read(kpi.denominator.source)
    return tuple(dict.fromkeys(found))


def kpi_gaps(profile: Profile) -> dict[str, tuple[str, str]]:
    """KPI id -> (reason_zh, reason_en) for every KPI ``profile`` cannot compute.

    A KPI is computable when the profile has at least one clock rule of every clock it needs.
    """
    have = {c.clock for c in profile.clocks}
    names = profile.word_names()
    gaps: dict[str, tuple[str, str]] = {}
    for kpi in profile.kpis:
        missing = [c for c in clocks_needed(kpi) if c not in have]
        if not missing:
            continue
        zh = "、".join(f"{c}（{names.get(c, c)}）" for c in missing)
        en = ", ".join(missing)
        gaps[kpi.id] = (
            f"指标“{kpi.name_zh}”需要时限 {zh}，本配置没有这样的时限规则，无法计算（不报告为 100%）",
            f"KPI '{kpi.name_en}' needs the clock(s) {en}, which this profile does not set: "
            "not computable (never reported as 100%)",
        )
    return gaps


__all__ = ["CLOCK_FACTS", "clocks_needed", "clocks_read", "kpi_gaps"]

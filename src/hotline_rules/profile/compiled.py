"""A profile made ready to answer: its calendar indexed, its clocks grouped, once.

``CompiledProfile`` is what the engine and the ``deadline --profile`` command
use: building it does the slow work (calendar index, office-hour prefix sums),
so each question after that is arithmetic and lookups.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import cached_property
from typing import Any

from hotline_rules.errors import InputError
from hotline_rules.profile.loader import LoadedProfile
from hotline_rules.profile.schema import ClockRule, Profile
from hotline_rules.time.calendar import WorkCalendar
from hotline_rules.time.deadline import DeadlineCalculator, Due


class CompiledProfile:
    """A loaded profile plus its deadline calculator."""

    def __init__(self, loaded: LoadedProfile) -> None:
        self.loaded = loaded
        self.profile: Profile = loaded.profile

    @cached_property
    def calculator(self) -> DeadlineCalculator:
        """The calculator with this profile's zone, office hours and local calendar."""
        cal = self.profile.calendar
        base = self.loaded.path.parent
        dirs = [base / d for d in cal.notices]
        if dirs or cal.local_days_off or cal.local_workdays:
            calendar = WorkCalendar.from_notice_dirs(
                *dirs, local_days_off=cal.local_days_off, local_workdays=cal.local_workdays
            )
        else:
            calendar = WorkCalendar.default()
        return DeadlineCalculator(
            calendar,
            zone=cal.zone,
            office_hours=cal.office_hours,
            allow_estimated=cal.allow_estimated,
        )

    def select_clock(self, clock: str, facts: Mapping[str, Any]) -> ClockRule:
        """The clock rule that applies: by rule id, or by clock name among those whose condition holds.

        Several matching rules of one clock are settled by ``priority``; a tie is an
        error that names them, never a silent pick.
        """
        by_id = next((c for c in self.profile.clocks if c.id == clock), None)
        if by_id is not None:
            return by_id
        candidates = self.profile.clocks_named(clock)
        if not candidates:
            names = sorted({c.clock for c in self.profile.clocks})
            raise InputError(
                f"配置“{self.profile.meta.id}”没有时限“{clock}”（可用：{'、'.join(names)}）",
                f"profile '{self.profile.meta.id}' has no clock '{clock}' (known: {', '.join(names)})",
                code="clock.unknown",
            )
        matching = [c for c in candidates if c.when(facts)]
        if not matching:
            shown = "；".join(f"{c.id}：{c.when.describe()}" for c in candidates)
            raise InputError(
                f"没有适用于该工单的“{clock}”时限规则。各规则的适用条件：{shown}",
                f"no '{clock}' rule applies to these facts; the rules apply to: {shown}",
                code="clock.no_rule_applies",
                hint_zh="用 --set 补充工单属性，如 --set kind=consultation --set channel=hotline_12345。",
                hint_en="give the ticket's attributes with --set, e.g. --set kind=consultation.",
            )
        top = [c for c in matching if c.priority == matching[0].priority]
        if len(top) > 1:
            raise InputError(
                f"有多条“{clock}”时限规则同时适用：{'、'.join(c.id for c in top)}",
                f"several '{clock}' rules apply: {', '.join(c.id for c in top)}",
                code="clock.ambiguous",
                hint_zh="补充工单属性以区分，或在配置中用 priority 指明优先规则。",
                hint_en="give more attributes, or set priority in the profile.",
            )
        return top[0]

    def due(self, rule: ClockRule, start: datetime, *, allow_estimated: bool | None = None) -> Due:
        """When ``rule`` falls due for a clock started at ``start``."""
        return self.calculator.due(
            start, rule.duration, rule.counting, allow_estimated=allow_estimated
        )


__all__ = ["CompiledProfile"]

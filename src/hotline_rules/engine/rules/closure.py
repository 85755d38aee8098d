"""Closure reports (办结报告): the elements the regulation requires."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hotline_rules.engine.results import EventRef, Finding
from hotline_rules.engine.rules.common import finding
from hotline_rules.engine.ticket import Event
from hotline_rules.profile.schema import ClosureReportRule


def check(
    rules: Sequence[ClosureReportRule], events: Sequence[Event], facts: Mapping[str, Any]
) -> list[Finding]:
    """``closure.report_incomplete`` for a completion whose report lacks required elements.

    Only completions that carry their report's elements are judged: an export
    without report data says nothing either way.
    """
    out: list[Finding] = []
    for rule in rules:
        if not rule.when(facts):
            continue
        for i, e in enumerate(events):
            if e.type != "completed" or e.report is None:
                continue
            missing = [el for el in rule.elements if el.id not in e.report]
            if missing:
                out.append(
                    finding(
                        "closure.report_incomplete",
                        "办结报告缺少：" + "；".join(el.text for el in missing),
                        "closure report lacks: " + ", ".join(el.id for el in missing),
                        rule,
                        evidence=(EventRef.of(i, e),),
                        missing=[el.id for el in missing],
                    )
                )
    return out


__all__ = ["check"]

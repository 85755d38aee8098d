"""Supervision (督办) triggers, and screening (不予受理) reasons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from hotline_rules.engine.results import Finding, Severity
from hotline_rules.engine.rules.common import finding
from hotline_rules.profile.fields import Cite
from hotline_rules.profile.schema import ScreeningReason, SupervisionTrigger


def triggered(
    triggers: Sequence[SupervisionTrigger], facts: Mapping[str, Any], names: Mapping[str, str]
) -> list[Finding]:
    """A ``supervision.triggered`` finding for each trigger whose condition holds."""
    out: list[Finding] = []
    tags = facts.get("tags") or frozenset()
    for t in triggers:
        needs = t.when.needs_any_tag
        if needs is not None and needs.isdisjoint(tags):
            continue  # cannot hold: saves evaluating most triggers on untagged tickets
        if t.when.test(facts):
            out.append(
                Finding(
                    "supervision.triggered",
                    Severity.INFO,
                    partial(_due_zh, t.actions, t.cite, names),
                    partial(_due_en, t.actions, t.cite),
                    t.id,
                    t.cite,
                    (),
                    {"actions": list(t.actions), "by": t.by},
                )
            )
    return out


def _due_zh(actions: Sequence[str], cite: Cite, names: Mapping[str, str]) -> str:
    return f"应督办（{'、'.join(names.get(a, a) for a in actions)}）：{cite.text}"


def _due_en(actions: Sequence[str], cite: Cite) -> str:
    return f"supervision due ({', '.join(actions)}): {cite.label()}"


def screening(reasons: Sequence[ScreeningReason], reason_id: str | None) -> list[Finding]:
    """The finding for a ticket screened out (不予受理), checked against the listed reasons."""
    if reason_id is None:
        return []
    rule = next((r for r in reasons if r.id == reason_id), None)
    if rule is None:
        known = "、".join(r.id for r in reasons) or "无"
        return [
            finding(
                "screening.unknown_reason",
                f"不予受理的理由“{reason_id}”不是本办法列明的情形（列明的有：{known}）",
                f"screening reason '{reason_id}' is not one the regulation lists",
                None,
                severity=Severity.WARNING,
            )
        ]
    return [
        finding(
            "screening.not_acceptable",
            f"不予受理：{rule.text}",
            f"not acceptable: {rule.cite.label()}",
            rule,
            severity=Severity.INFO,
        )
    ]


def screened_by_facts(
    reasons: Sequence[ScreeningReason], facts: Mapping[str, Any], dispatched: bool
) -> list[Finding]:
    """A ticket the facts show to be a case not to accept (a reason with ``when``), which was
    dispatched all the same: ``screening.accepted_anyway``."""
    if not dispatched:
        return []
    return [
        finding(
            "screening.accepted_anyway",
            f"属不予受理的情形（{r.text}），却已派单办理",
            f"a case not to be accepted ({r.cite.label()}) was dispatched all the same",
            r,
            severity=Severity.WARNING,
        )
        for r in reasons
        if r.when is not None and r.when.test(facts)
    ]


__all__ = ["screened_by_facts", "screening", "triggered"]

"""Clocks: one no rule defines, a warning or stop that cannot work, a no-op ``on_redispatch``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from hotline_rules.profile.fields import Rule
from hotline_rules.profile.lint.context import Context
from hotline_rules.profile.lint.findings import Lint, LintSeverity
from hotline_rules.profile.lint.lengths import not_shorter
from hotline_rules.yaml_source import PathKey

_UNIT_STARTS: Final = frozenset({"dispatched", "redispatched"})
"""Start events of the clocks a re-dispatch can restart (see ``rules/clocks.py``)."""


def undefined_clock(ctx: Context, rule: Rule, path: PathKey, clock: str, defined: set[str]) -> Lint:
    """The lint for ``rule`` naming ``clock``, which no clock rule defines (``defined`` ones do)."""
    known = "、".join(sorted(defined)) or "无"
    return ctx.lint(
        "lint.clock_not_defined",
        LintSeverity.WARNING,
        rule,
        path,
        f"规则“{rule.id}”所指的时限“{clock}”没有任何时限规则（clocks 中已有：{known}），该规则不会起作用",
        f"rule '{rule.id}' refers to the clock '{clock}', which no clock rule defines "
        f"(clocks: {', '.join(sorted(defined)) or 'none'}); it has no effect",
        "检查时限名称的拼写，或在 clocks 中补上该时限。",
        "check the clock's spelling, or add the clock under clocks.",
    )


def check_clock_shape(ctx: Context) -> Iterator[Lint]:
    """A warning as long as the limit itself; a clock no event can stop."""
    for i, r in enumerate(ctx.profile.clocks):
        for k, w in enumerate(r.warn_before):
            if not_shorter(w, r.duration):
                yield ctx.lint(
                    "lint.warn_before_too_long",
                    LintSeverity.WARNING,
                    r,
                    ("clocks", i, "warn_before", k),
                    f"时限规则“{r.id}”在到期前{w.zh}预警，不短于时限本身（{r.duration.zh}），一开始就会预警",
                    f"clock rule '{r.id}' warns {w} before the due instant, no less than the limit "
                    f"itself ({r.duration}): it warns from the start",
                    "预警提前量应短于时限，例如时限 5个工作日、预警 1个工作日。",
                    "warn a shorter time ahead than the limit, e.g. 1 working day for 5.",
                )
        if r.starts_on in r.stops_on:
            yield ctx.lint(
                "lint.clock_stops_on_start",
                LintSeverity.WARNING,
                r,
                ("clocks", i, "stops_on"),
                f"时限规则“{r.id}”的起算事件“{ctx.word(r.starts_on)}”也是它的停止事件："
                "第二次发生时会停止第一次起算的时限",
                f"clock rule '{r.id}' starts and stops on '{r.starts_on}': its second occurrence "
                "stops the clock the first one started",
                "检查 starts_on 与 stops_on 是否写反或写错。",
                "check starts_on and stops_on for a mix-up.",
            )
        elif all(s == "received" for s in r.stops_on):
            yield ctx.lint(
                "lint.clock_cannot_stop",
                LintSeverity.WARNING,
                r,
                ("clocks", i, "stops_on"),
                f"时限规则“{r.id}”只在“受理”时停止，而受理是工单的第一个事件，"
                f"在“{ctx.word(r.starts_on)}”起算之后不会再发生：该时限永远不会按时完成",
                f"clock rule '{r.id}' stops only on 'received', the ticket's first event, which "
                f"cannot follow '{r.starts_on}': the clock can never be met",
                "检查 stops_on 是否写成了起算事件。",
                "check whether stops_on names the starting event by mistake.",
            )


def check_redispatch(ctx: Context) -> Iterator[Lint]:
    """``on_redispatch`` written on a clock that no re-dispatch restarts: it does nothing.

    The engine restarts only a unit's clock (one started by ``dispatched``, or by
    ``redispatched`` itself); a clock started by ``received`` runs on whoever handles the
    ticket, so ``restart`` would not happen and ``continue`` is what happens anyway.
    """
    for i, r in enumerate(ctx.profile.clocks):
        if "on_redispatch" not in r.model_fields_set or r.starts_on in _UNIT_STARTS:
            continue
        start = ctx.word(r.starts_on)
        if r.on_redispatch == "restart":
            zh = (
                f"时限规则“{r.id}”写了 on_redispatch: restart，但它自“{start}”起算，不是承办单位的时限："
                "重新派单时不会重新起算，这一项不起作用"
            )
            en = (
                f"clock rule '{r.id}' says on_redispatch: restart, but it starts on "
                f"'{r.starts_on}', not at a unit's dispatch: a re-dispatch does not restart it, "
                "so the setting has no effect"
            )
        else:
            zh = (
                f"时限规则“{r.id}”写了 on_redispatch: {r.on_redispatch}，但它自“{start}”起算，"
                "不是承办单位的时限，重新派单本来就不影响它：这一项不起作用"
            )
            en = (
                f"clock rule '{r.id}' says on_redispatch: {r.on_redispatch}, but it starts on "
                f"'{r.starts_on}', not at a unit's dispatch, so a re-dispatch never affects it: "
                "the setting has no effect"
            )
        yield ctx.lint(
            "lint.redispatch_no_effect",
            LintSeverity.INFO,
            r,
            ("clocks", i, "on_redispatch"),
            zh,
            en,
            "只有自派单（dispatched）起算的时限才按 on_redispatch 重新起算或接续；"
            "要让改派后重新起算，把 starts_on 改为 dispatched；否则可删去这一行（写与不写，结果相同）。",
            "only a clock started by dispatched restarts or continues as on_redispatch says; "
            "to restart it on re-dispatch, start it on dispatched; otherwise the line can go "
            "(the result is the same with or without it).",
        )


__all__ = ["check_clock_shape", "check_redispatch", "undefined_clock"]

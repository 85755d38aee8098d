"""Rules that compete for a ticket: clock rules by priority, returns and extensions by order."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from typing import Any

from hotline_rules.profile.fields import Rule
from hotline_rules.profile.lint.context import Context
from hotline_rules.profile.lint.enumeration import TICKET_FACTS, FactSpace
from hotline_rules.profile.lint.findings import Lint, LintSeverity
from hotline_rules.profile.schema import ClockRule, ExtensionRule, ReturnRule


def _limits(rule: ClockRule) -> dict[str, Any]:
    """What makes two rules of one clock give different due instants."""
    return rule.model_dump(exclude={"id", "cite", "note", "when", "priority", "warn_before"})


def check_clock_selection(ctx: Context) -> Iterator[Lint]:
    """Per clock name: rules no ticket selects, rules always outranked, ties that overlap."""
    groups: dict[str, list[ClockRule]] = {}
    for rule in ctx.profile.clocks:
        groups.setdefault(rule.clock, []).append(rule)
    for clock, rules in groups.items():
        space = FactSpace.of((r.when for r in rules), TICKET_FACTS, ctx.vocab)
        if space is None:
            continue
        holds: set[str] = set()
        wins: set[str] = set()
        outranked_by: dict[str, set[str]] = {r.id: set() for r in rules}
        ties: dict[tuple[int, int], dict[str, Any]] = {}
        for facts in space:
            matching = [(i, r) for i, r in enumerate(rules) if r.when.test(facts)]
            if not matching:
                continue
            top = max(r.priority for _, r in matching)
            winners = [(i, r) for i, r in matching if r.priority == top]
            for _, r in matching:
                holds.add(r.id)
                if r.priority == top:
                    wins.add(r.id)
                else:
                    outranked_by[r.id].update(w.id for _, w in winners)
            for (i, _), (j, _) in combinations(winners, 2):
                ties.setdefault((i, j), facts)
        clock_zh = ctx.word(clock)
        for r in rules:
            path = (*ctx.paths[r.id], "when")
            if r.id not in holds:
                if r.when.facts_used - TICKET_FACTS:
                    continue  # reported by check_unavailable, which says why
                yield ctx.lint(
                    "lint.clock_unreachable",
                    LintSeverity.WARNING,
                    r,
                    path,
                    f"时限规则“{r.id}”的条件（{r.when.describe(ctx.names)}）对任何工单都不可能成立，"
                    "没有工单会适用这条时限",
                    f"no ticket can select clock rule '{r.id}': its condition can never be true",
                    "检查条件中相互矛盾之处：同一事实既要“属于”又要“不属于”、空列表、无法同时满足的数值范围。",
                    "look for parts that contradict each other: in and not_in the same word, an "
                    "empty list, numeric ranges that cannot meet.",
                )
            elif r.id not in wins:
                over = sorted(outranked_by[r.id], key=ctx.order.__getitem__)
                yield ctx.lint(
                    "lint.clock_shadowed",
                    LintSeverity.WARNING,
                    r,
                    path,
                    f"时限规则“{r.id}”适用的每张工单，都同时适用优先级更高的“{'、'.join(over)}”，"
                    f"因此“{clock_zh}”时限永远不会按“{r.id}”计算",
                    f"every ticket that clock rule '{r.id}' selects is also selected by the higher "
                    f"priority {', '.join(over)}, so the '{clock}' clock is never counted by '{r.id}'",
                    "如果两条规则针对不同的工单，请收窄优先级高的那条的条件；否则删去被覆盖的这条。",
                    "narrow the higher-priority rule's condition if the two are meant for different "
                    "tickets; otherwise remove this one.",
                    over,
                )
        for (i, j), facts in ties.items():
            a, b = rules[i], rules[j]
            ex_zh, ex_en = ctx.example(facts, a.when.facts_used | b.when.facts_used)
            same = _limits(a) == _limits(b)
            if same:
                yield ctx.lint(
                    "lint.clock_duplicate",
                    LintSeverity.INFO,
                    b,
                    (*ctx.paths[b.id], "when"),
                    f"时限规则“{b.id}”与“{a.id}”的时限相同，且有工单两条都适用（例如：{ex_zh}），"
                    f"这些工单会有两个相同的“{clock_zh}”时限，超时会记两次",
                    f"clock rules '{b.id}' and '{a.id}' set the same limit and both select some "
                    f"tickets (e.g. {ex_en}); those tickets get the '{clock}' clock twice, and a "
                    "breach counts twice",
                    "合并两条规则（cite 可写在 note 中说明另一处条文），或让两条的条件互斥。",
                    "merge the two rules (name the other article in the note), or make their "
                    "conditions exclusive.",
                    (a.id,),
                )
            else:
                yield ctx.lint(
                    "lint.clock_ambiguous",
                    LintSeverity.WARNING,
                    b,
                    (*ctx.paths[b.id], "when"),
                    f"时限规则“{b.id}”（{b.duration.zh}）与“{a.id}”（{a.duration.zh}）优先级相同、时限不同，"
                    f"且有工单两条都适用（例如：{ex_zh}），这些工单的“{clock_zh}”时限无法确定",
                    f"clock rules '{b.id}' ({b.duration}) and '{a.id}' ({a.duration}) have the same "
                    f"priority and different limits, and both select some tickets (e.g. {ex_en}); "
                    f"which '{clock}' limit applies to them is ambiguous",
                    "让两条规则的条件互斥，或用 priority 指明哪条优先（数值大的优先）。",
                    "make the conditions exclusive, or set priority on the one that wins "
                    "(higher wins).",
                    (a.id,),
                )


def check_first_match(ctx: Context) -> Iterator[Lint]:
    """Returns and extensions: the engine takes the first rule that applies; later ones may never."""
    p = ctx.profile
    groups: list[list[ReturnRule] | list[ExtensionRule]] = [list(p.returns)] if p.returns else []
    for clock in dict.fromkeys(c for x in p.extensions for c in x.clocks):
        groups.append([x for x in p.extensions if clock in x.clocks])
    used: dict[str, bool] = {}
    taken_by: dict[str, set[str]] = {}
    for rules in groups:
        space = FactSpace.of((r.when for r in rules), TICKET_FACTS, ctx.vocab)
        if space is None:
            for r in rules:
                used[r.id] = True
            continue
        for facts in space:
            first: Rule | None = None
            for r in rules:
                if r.when.test(facts):
                    if first is None:
                        first = r
                        used[r.id] = True
                    else:
                        used.setdefault(r.id, False)
                        taken_by.setdefault(r.id, set()).add(first.id)
    for rule in (*p.returns, *p.extensions):
        if used.get(rule.id) is False:
            over = sorted(taken_by[rule.id], key=ctx.order.__getitem__)
            section_zh = "退单" if isinstance(rule, ReturnRule) else "延期"
            yield ctx.lint(
                "lint.rule_shadowed",
                LintSeverity.WARNING,
                rule,
                (*ctx.paths[rule.id], "when"),
                f"{section_zh}规则按先后取第一条适用的；“{rule.id}”适用的每张工单，排在前面的"
                f"“{'、'.join(over)}”都已适用，因此“{rule.id}”永远不会被采用",
                f"the first {'return' if section_zh == '退单' else 'extension'} rule that applies "
                f"is used; every ticket '{rule.id}' applies to is already taken by {', '.join(over)} "
                f"listed before it, so '{rule.id}' is never used",
                "把条件更具体的规则排在前面，或收窄前面规则的条件。",
                "list the more specific rule first, or narrow the condition of the earlier one.",
                over,
            )


__all__ = ["check_clock_selection", "check_first_match"]

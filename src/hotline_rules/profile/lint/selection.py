"""Rules that compete for a ticket: clock rules by priority, returns and extensions by order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Final

from hotline_rules.profile.fields import Rule
from hotline_rules.profile.lint.context import Context
from hotline_rules.profile.lint.enumeration import TICKET_FACTS
from hotline_rules.profile.lint.findings import Lint, LintSeverity
from hotline_rules.profile.schema import ClockRule, ExtensionRule, ReturnRule

MAX_RELATED: Final = 10
"""Most rules a tie finding names as related (a rule may tie with hundreds of copies of itself)."""


def _limits(rule: ClockRule) -> str:
    """What makes two rules of one clock give different due instants, as a comparable key."""
    dumped = rule.model_dump(exclude={"id", "cite", "note", "when", "priority", "warn_before"})
    return json.dumps(dumped, sort_keys=True, default=str)


def check_clock_selection(ctx: Context) -> Iterator[Lint]:
    """Per clock name: rules no ticket selects, rules always outranked, ties that overlap.

    A tie is reported for each pair of rules, at the later one, for its first
    :data:`MAX_RELATED` partners: the findings, and the work per combination of facts, grow
    with the number of rules, not with its square (a profile with a thousand copies of one
    rule once produced half a million findings).
    """
    groups: dict[str, list[ClockRule]] = {}
    for rule in ctx.profile.clocks:
        groups.setdefault(rule.clock, []).append(rule)
    for clock, rules in groups.items():
        first = rules[0]
        space = ctx.space(
            (r.when for r in rules), TICKET_FACTS, first, (*ctx.paths[first.id], "when")
        )
        if space is None:
            continue
        keys = [_limits(r) for r in rules]
        holds: set[str] = set()
        wins: set[str] = set()
        outranked_by: dict[str, set[str]] = {r.id: set() for r in rules}
        # rule index -> {earlier rule index it ties with: an example of facts}, a few each
        ties: dict[int, dict[int, dict[str, Any]]] = {}
        overflow: set[int] = set()
        for facts in space:
            matching = [(i, r) for i, r in enumerate(rules) if r.when.test(facts)]
            if not matching:
                continue
            top = max(r.priority for _, r in matching)
            winners = [(i, r) for i, r in matching if r.priority == top]
            top_ids = [w.id for _, w in winners[:MAX_RELATED]]
            for _, r in matching:
                holds.add(r.id)
                if r.priority == top:
                    wins.add(r.id)
                elif len(outranked_by[r.id]) < MAX_RELATED:
                    outranked_by[r.id].update(top_ids)
            if len(winners) > 1:
                _note_ties(winners, facts, keys, ties, overflow)
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
        for j, partners in ties.items():
            b = rules[j]
            last = list(partners)[-1]
            for i, facts in partners.items():
                a = rules[i]
                ex_zh, ex_en = ctx.example(facts, a.when.facts_used | b.when.facts_used)
                more_zh, more_en = ("", "")
                if i == last and j in overflow:
                    more_zh = f"；它可能还与更多规则重叠，只列出前 {MAX_RELATED} 条"
                    more_en = (
                        f"; it may overlap more rules: only the first {MAX_RELATED} are listed"
                    )
                if keys[i] == keys[j]:
                    yield ctx.lint(
                        "lint.clock_duplicate",
                        LintSeverity.INFO,
                        b,
                        (*ctx.paths[b.id], "when"),
                        f"时限规则“{b.id}”与“{a.id}”的时限相同，且有工单两条都适用（例如：{ex_zh}），"
                        f"这些工单会有两个相同的“{clock_zh}”时限，超时会记两次{more_zh}",
                        f"clock rules '{b.id}' and '{a.id}' set the same limit and both select some "
                        f"tickets (e.g. {ex_en}); those tickets get the '{clock}' clock twice, and a "
                        f"breach counts twice{more_en}",
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
                        f"且有工单两条都适用（例如：{ex_zh}），这些工单的“{clock_zh}”时限无法确定{more_zh}",
                        f"clock rules '{b.id}' ({b.duration}) and '{a.id}' ({a.duration}) have the same "
                        f"priority and different limits, and both select some tickets (e.g. {ex_en}); "
                        f"which '{clock}' limit applies to them is ambiguous{more_en}",
                        "让两条规则的条件互斥，或用 priority 指明哪条优先（数值大的优先）。",
                        "make the conditions exclusive, or set priority on the one that wins "
                        "(higher wins).",
                        (a.id,),
                    )


def _note_ties(
    winners: list[tuple[int, ClockRule]],
    facts: dict[str, Any],
    keys: list[str],
    ties: dict[int, dict[int, dict[str, Any]]],
    overflow: set[int],
) -> None:
    """Note, for each winner of one combination of facts, the earlier winners it ties with.

    Each rule keeps its first :data:`MAX_RELATED` partners (``overflow`` marks those that had
    more), and only the first :data:`MAX_RELATED` winners of the first :data:`MAX_RELATED`
    limits are looked at: with fewer winners than that (every real profile) this is every
    pair, and with thousands of copies of one rule it is still linear in their number.
    """
    tracked: dict[str, list[int]] = {}  # limit -> its first few winners so far
    for k, (j, _) in enumerate(winners):
        if k:
            partners = ties.setdefault(j, {})
            listed = 0
            for i in sorted(i for seen in tracked.values() for i in seen):
                if i not in partners and len(partners) < MAX_RELATED:
                    partners[i] = facts
                listed += i in partners
            if listed < k:  # earlier winners it ties with that are not listed
                overflow.add(j)
        same = tracked.get(keys[j])
        if same is None:
            if len(tracked) < MAX_RELATED:
                tracked[keys[j]] = [j]
        elif len(same) < MAX_RELATED:
            same.append(j)


def check_first_match(ctx: Context) -> Iterator[Lint]:
    """Returns and extensions: the engine takes the first rule that applies; later ones may never."""
    p = ctx.profile
    groups: list[list[ReturnRule] | list[ExtensionRule]] = [list(p.returns)] if p.returns else []
    by_clock: dict[str, list[ExtensionRule]] = {}
    for x in p.extensions:
        for clock in dict.fromkeys(x.clocks):
            by_clock.setdefault(clock, []).append(x)
    groups.extend(by_clock.values())
    used: dict[str, bool] = {}
    taken_by: dict[str, set[str]] = {}
    for rules in groups:
        where = (*ctx.paths[rules[0].id], "when")
        space = ctx.space((r.when for r in rules), TICKET_FACTS, rules[0], where)
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
                        taken = taken_by.setdefault(r.id, set())
                        if len(taken) < MAX_RELATED:
                            taken.add(first.id)
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


__all__ = ["MAX_RELATED", "check_clock_selection", "check_first_match"]

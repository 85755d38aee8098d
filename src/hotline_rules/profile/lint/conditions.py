"""Each condition on its own: never true, always true.

(A condition reading a fact its section never has is no longer a lint: the profile refuses it
when it loads, ``condition.fact_not_visible``.)"""

from __future__ import annotations

from collections.abc import Iterator

from hotline_rules.profile.lint.context import Context
from hotline_rules.profile.lint.enumeration import decide_in
from hotline_rules.profile.lint.findings import Lint, LintSeverity
from hotline_rules.profile.schema import ClockRule


def check_never_or_always(ctx: Context) -> Iterator[Lint]:
    """A condition that can never be true, or that is written out and always true."""
    for site in ctx.sites():
        if site.condition.facts_used - site.known:
            continue  # reported by check_unavailable, which says why
        space = ctx.space([site.condition], site.known, site.rule, site.path)
        if space is None:
            continue
        decided = decide_in(space, site.condition)
        text = site.condition.describe(ctx.names)
        if not decided.sometimes and not isinstance(site.rule, ClockRule):
            yield ctx.lint(
                "lint.condition_never_true",
                LintSeverity.WARNING,
                site.rule,
                site.path,
                f"规则“{site.rule.id}”的条件（{text}）对任何工单都不可能成立，该规则永远不会适用",
                f"the condition of '{site.rule.id}' can never be true for any ticket; the rule never applies",
                "检查条件中相互矛盾之处：同一事实既要“属于”又要“不属于”、空列表、无法同时满足的数值范围。",
                "look for parts that contradict each other: in and not_in the same word, an empty "
                "list, numeric ranges that cannot meet.",
            )
        elif decided.always and site.condition.source:
            yield ctx.lint(
                "lint.condition_always_true",
                LintSeverity.INFO,
                site.rule,
                site.path,
                f"规则“{site.rule.id}”的条件（{text}）对所有工单都成立，等于没有条件",
                f"the condition of '{site.rule.id}' holds for every ticket; it restricts nothing",
                "适用于全部工单时请省略条件（或写 {}）；否则检查是否漏写了限定。",
                "leave the condition out (or write {}) when the rule applies to every ticket; "
                "otherwise look for the part that is missing.",
            )


__all__ = ["check_never_or_always"]

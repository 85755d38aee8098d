"""The questions lint left undecided: said once, so that silence never reads as "all is well"."""

from __future__ import annotations

from collections.abc import Iterator

from hotline_rules.profile.lint.context import Context
from hotline_rules.profile.lint.enumeration import MAX_COMBINATIONS, MAX_TESTS
from hotline_rules.profile.lint.findings import Lint, LintSeverity

SHOWN: int = 10
"""Most rules the finding names (in ``related``)."""


def check_not_decided(ctx: Context) -> Iterator[Lint]:
    """One finding when some questions were too large to decide (run it after every other check)."""
    if not ctx.undecided:
        return
    rule, path = ctx.undecided[0]
    n = len(ctx.undecided)
    related = list(dict.fromkeys(r.id for r, _ in ctx.undecided[1:] if r.id != rule.id))
    yield ctx.lint(
        "lint.not_decided",
        LintSeverity.INFO,
        rule,
        path,
        f"有 {n} 处条件判断因组合太多而未做（如规则“{rule.id}”的条件）：一个问题超过 {MAX_COMBINATIONS} "
        f"种取值组合，或整个配置超过 {MAX_TESTS} 次条件求值。lint 不猜测，这些地方即使有问题也不会报告",
        f"{n} condition question(s) were not decided (e.g. the condition of '{rule.id}'): over "
        f"{MAX_COMBINATIONS} combinations of values for one question, or over {MAX_TESTS} condition "
        "tests for the whole profile. Lint never guesses: problems there are not reported",
        "条件写到的标记或取值太多时，拆成几条规则；配置太大时，用 extends 拆成几个文件，或删去重复的规则。",
        "split a condition that names very many tags or values into several rules; split a very "
        "large profile into files that extend one another, or remove repeated rules.",
        related[:SHOWN],
    )


__all__ = ["check_not_decided"]

"""Extensions: longer than any sensible period, factors too large, clocks that do not exist."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from hotline_rules.profile.lint.clocks import undefined_clock
from hotline_rules.profile.lint.context import Context
from hotline_rules.profile.lint.findings import Lint, LintSeverity
from hotline_rules.profile.lint.lengths import working_days
from hotline_rules.profile.schema import ExtensionRule
from hotline_rules.time.duration import Duration, Unit
from hotline_rules.yaml_source import PathKey

# ---- bounds (choices, documented in docs/zh/lint.md) ---------------------------------------

LONG_EXTENSION: Final = Duration(60, Unit.WORKING_DAYS)
"""An extension longer than this (about three months) is reported as ``info``: some
regulations allow it (90 working days for engineering works), most never do."""

TOO_LONG_EXTENSION: Final = Duration(250, Unit.WORKING_DAYS)
"""An extension longer than this (about a year of working days) is a ``warning``:
no hotline regulation gives a year more, so it is most likely a typo (``100`` for ``10``)."""

MAX_EXTENSION_FACTOR: Final = 3.0
"""``max_each_factor`` above this is a ``warning`` ("不超过规定时限的一倍" is 1)."""


def check_extensions(ctx: Context) -> Iterator[Lint]:
    """Extensions longer than any sensible period, factors too large, clocks that do not exist."""
    defined = {c.clock for c in ctx.profile.clocks}
    for i, x in enumerate(ctx.profile.extensions):
        lengths: list[tuple[PathKey, Duration]] = []
        if x.max_each is not None:
            lengths.append((("extensions", i, "max_each"), x.max_each))
        if x.max_total is not None:
            lengths.append((("extensions", i, "max_total"), x.max_total))
        lengths += [(("extensions", i, "choices", k), d) for k, d in enumerate(x.choices)]
        for path, d in lengths:
            yield from _extension_length(ctx, x, path, d)
        if x.max_each_factor is not None and x.max_each_factor > MAX_EXTENSION_FACTOR:
            yield ctx.lint(
                "lint.extension_factor_too_large",
                LintSeverity.WARNING,
                x,
                ("extensions", i, "max_each_factor"),
                f"延期规则“{x.id}”允许每次延长原时限的 {x.max_each_factor:g} 倍，"
                f"超过 {MAX_EXTENSION_FACTOR:g} 倍",
                f"extension rule '{x.id}' allows {x.max_each_factor:g} times the original limit "
                f"each time, more than {MAX_EXTENSION_FACTOR:g}",
                "“不超过规定时限的一倍”写 1；请核对条文。",
                "'no more than once the time limit' is 1; check the text.",
            )
        for k, clock in enumerate(x.clocks):
            if clock not in defined:
                yield undefined_clock(ctx, x, ("extensions", i, "clocks", k), clock, defined)
    for i, fc in enumerate(ctx.profile.first_contact):
        if fc.clock not in defined:
            yield undefined_clock(ctx, fc, ("first_contact", i, "clock"), fc.clock, defined)


def _extension_length(ctx: Context, x: ExtensionRule, path: PathKey, d: Duration) -> Iterator[Lint]:
    if working_days(d) > working_days(TOO_LONG_EXTENSION):
        yield ctx.lint(
            "lint.extension_too_long",
            LintSeverity.WARNING,
            x,
            path,
            f"延期规则“{x.id}”允许延长{d.zh}，超过一年（约{TOO_LONG_EXTENSION.zh}）",
            f"extension rule '{x.id}' allows {d}, more than a year (about {TOO_LONG_EXTENSION})",
            "多半是笔误（如把 10 写成 100）；请核对条文。",
            "most likely a typo (100 for 10); check the text.",
        )
    elif working_days(d) > working_days(LONG_EXTENSION):
        yield ctx.lint(
            "lint.extension_long",
            LintSeverity.INFO,
            x,
            path,
            f"延期规则“{x.id}”允许延长{d.zh}，超过{LONG_EXTENSION.zh}（约三个月），较少见",
            f"extension rule '{x.id}' allows {d}, more than {LONG_EXTENSION} (about three "
            "months), which is unusual",
            "请核对条文确实如此。",
            "check that the text says so.",
        )


__all__ = [
    "LONG_EXTENSION",
    "MAX_EXTENSION_FACTOR",
    "TOO_LONG_EXTENSION",
    "check_extensions",
]

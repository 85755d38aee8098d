"""Running lint: every check in the order its findings are gathered, then sorted by place."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Final

from hotline_rules.profile.lint.citations import check_citations
from hotline_rules.profile.lint.clocks import check_clock_shape, check_redispatch
from hotline_rules.profile.lint.conditions import check_never_or_always
from hotline_rules.profile.lint.context import Context
from hotline_rules.profile.lint.extensions import check_extensions
from hotline_rules.profile.lint.findings import Lint
from hotline_rules.profile.lint.kpis import check_kpis
from hotline_rules.profile.lint.meta import check_file_name
from hotline_rules.profile.lint.selection import check_clock_selection, check_first_match
from hotline_rules.profile.lint.undecided import check_not_decided
from hotline_rules.profile.loader import LoadedProfile, Provenance
from hotline_rules.profile.schema import Profile

Check = Callable[[Context], Iterator[Lint]]


def lint(loaded: LoadedProfile) -> list[Lint]:
    """Everything lint notices in a loaded profile, located in its files, in file order."""
    files = [str(f) for f in loaded.files]
    return lint_profile(loaded.profile, loaded.provenance, files=files, path=loaded.path)


def lint_profile(
    profile: Profile,
    provenance: Provenance | None = None,
    *,
    files: Sequence[str] = (),
    path: str | Path | None = None,
) -> list[Lint]:
    """Everything lint notices in ``profile`` (located when ``provenance`` is given).

    ``path`` is the profile's own file (its name is checked against ``meta.id``).
    Sorted by place: the base profile's ``files`` first, then line and column;
    without a place, in rule order.
    """
    ctx = Context(profile, provenance, None if path is None else Path(path))
    found: list[Lint] = []
    for check in CHECKS:
        found.extend(check(ctx))
    rank = {f: n for n, f in enumerate(files)}

    def place(x: Lint) -> tuple[int, int, int, int, str, str]:
        loc = x.location
        return (
            rank.get(loc.file or "", len(rank)),
            loc.line or 0,
            loc.column or 0,
            ctx.order.get(x.rule_id or "", -1),
            loc.path or "",
            x.code,
        )

    return sorted(found, key=place)


CHECKS: Final[tuple[Check, ...]] = (
    check_citations,
    check_never_or_always,
    check_clock_selection,
    check_clock_shape,
    check_first_match,
    check_extensions,
    check_kpis,
    check_redispatch,
    check_file_name,
    check_not_decided,
)
"""Every check, in the order their findings are gathered (then sorted by rule); the last one
reports the questions the others left undecided."""

CODES: Final = (
    "lint.cite_missing",
    "lint.cite_article_style",
    "lint.condition_never_true",
    "lint.condition_always_true",
    "lint.clock_unreachable",
    "lint.clock_shadowed",
    "lint.clock_ambiguous",
    "lint.clock_duplicate",
    "lint.warn_before_too_long",
    "lint.clock_stops_on_start",
    "lint.clock_cannot_stop",
    "lint.rule_shadowed",
    "lint.extension_too_long",
    "lint.extension_long",
    "lint.extension_factor_too_large",
    "lint.clock_not_defined",
    "lint.kpi_always_zero",
    "lint.redispatch_no_effect",
    "lint.id_not_file_name",
    "lint.not_decided",
)
"""Every code lint can report (stable; documented in docs/zh/lint.md)."""


__all__ = ["CHECKS", "CODES", "Check", "lint", "lint_profile"]

"""Lint a profile: what validates but is likely wrong.

Validation (``profile/loader.py``) refuses what cannot be read; lint points at
what reads fine and is still probably a mistake: a clock no ticket can
select, two rules of one clock that both apply with different limits, a
condition that can never be true, an extension of years, a rule that cites
nothing. Each finding is a :class:`Lint` with a stable dotted code, a
severity (``warning``: most likely wrong; ``info``: unusual, check it against
the text), the rule, ``file:line:column`` from the profile's provenance, and
what to do about it, in Chinese and English. Every check is a pure function
of the loaded profile.

- ``findings``: what a lint is (:class:`Lint`, :class:`LintSeverity`) and :func:`count`.
- ``enumeration``: whether a condition can hold, decided exactly by enumerating the fact
  values that matter (:class:`FactSpace`, :func:`decide`).
- ``context``: the profile walked once: where each rule is, each condition with the facts it
  can read, words and their names; the checks build their lints through it.
- ``conditions``: each condition on its own: never true, always true (a fact its section
  never has is refused when the profile loads, ``condition.fact_not_visible``).
- ``selection``: rules that compete for a ticket: clock rules by priority, returns and
  extensions by order.
- ``extensions``: extensions too long, factors too large, clocks an extension or a first
  contact rule names that no clock rule defines.
- ``clocks``: the lint for a clock no rule defines, a clock's own shape (warning, stop
  events), ``on_redispatch`` where it has no effect.
- ``lengths``: durations compared across units, roughly (lint has no calendar).
- ``kpis``: a KPI that is always 0 %.
- ``meta``: ``meta.id`` against the file's name.
- ``citations``: rules that cite nothing, articles written unlike the rest of the document.
- ``undecided``: one finding naming the questions too large to decide (``lint.not_decided``).
- ``run``: every check in order (:data:`CHECKS`, :data:`CODES`), :func:`lint` and
  :func:`lint_profile`.

May import: ``hotline_rules.profile``, ``hotline_rules.time`` and the foundation modules
(``errors``, ``vocabulary``, ``resources``, ``yaml_source``). Never ``engine``, ``audit``,
``suites``, ``service`` or ``cli``.
"""

from __future__ import annotations

from hotline_rules.profile.lint.enumeration import (
    ALL_FACTS,
    MAX_COMBINATIONS,
    TICKET_FACTS,
    Decided,
    FactSpace,
    decide,
)
from hotline_rules.profile.lint.enumeration import (
    _complete as _complete,  # not public: a test holds it to engine.facts.derive
)
from hotline_rules.profile.lint.extensions import (
    LONG_EXTENSION,
    MAX_EXTENSION_FACTOR,
    TOO_LONG_EXTENSION,
)
from hotline_rules.profile.lint.findings import Lint, LintSeverity, count
from hotline_rules.profile.lint.run import CHECKS, CODES, lint, lint_profile

__all__ = [
    "ALL_FACTS",
    "CHECKS",
    "CODES",
    "LONG_EXTENSION",
    "MAX_COMBINATIONS",
    "MAX_EXTENSION_FACTOR",
    "TICKET_FACTS",
    "TOO_LONG_EXTENSION",
    "Decided",
    "FactSpace",
    "Lint",
    "LintSeverity",
    "count",
    "decide",
    "lint",
    "lint_profile",
]

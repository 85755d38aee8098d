"""Suites: each profile's test cases in Chinese, beside it in ``profiles/tests/``.

Holds the language (``model``), loading with located errors (``loader``), running with readable
diffs (``runner``), rule coverage (``coverage``), JUnit XML (``junit``) and the pytest plugin that
collects ``*.test.yaml`` files (``pytest_plugin``).

May import: ``audit`` (a case may audit an export), ``engine``, ``profile``, ``time`` and the
foundation modules. Never ``service`` or ``cli``.
"""

from __future__ import annotations

from hotline_rules.suites.coverage import Coverage, RuleRef, coverage, rule_refs
from hotline_rules.suites.loader import (
    CaseKind,
    LoadedCase,
    LoadedSuite,
    SuiteError,
    find_suites,
    load_suite,
)
from hotline_rules.suites.runner import CaseResult, Mismatch, Runner, Status, SuiteResult

__all__ = [
    "CaseKind",
    "CaseResult",
    "Coverage",
    "LoadedCase",
    "LoadedSuite",
    "Mismatch",
    "RuleRef",
    "Runner",
    "Status",
    "SuiteError",
    "SuiteResult",
    "coverage",
    "find_suites",
    "load_suite",
    "rule_refs",
]

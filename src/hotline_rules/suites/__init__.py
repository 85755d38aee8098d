"""Profile test suites: the language (``model``), loading with located errors (``loader``),
running with readable diffs (``runner``), rule coverage (``coverage``) and JUnit XML (``junit``)."""

from __future__ import annotations

from .coverage import Coverage, RuleRef, coverage, rule_refs
from .loader import CaseKind, LoadedCase, LoadedSuite, SuiteError, find_suites, load_suite
from .runner import CaseResult, Mismatch, Runner, Status, SuiteResult

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

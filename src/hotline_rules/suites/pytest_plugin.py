"""pytest plugin: collect profile test suites (``*.test.yaml``) as test items.

Registered under the ``pytest11`` entry point, so an integrator's existing
``pytest --junitxml=...`` run also runs the suites of their profiles, one
item per case, with no extra step. A failing case shows the same diff and
trace as ``hotline-rules test``; ``skip:`` becomes a pytest skip; a suite file
that cannot be loaded is a collection error at its file:line. Only files that
declare ``apiVersion: hotline_rules/test/v1`` are collected (other tools name
files ``*.test.yaml`` too).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hotline_rules.errors import HotlineRulesError
from hotline_rules.suites.loader import LoadedCase, is_suite_file, load_suite
from hotline_rules.suites.report import case_text
from hotline_rules.suites.runner import CaseResult, Runner

_RUNNER = pytest.StashKey[Runner]()


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    """Collect ``*.test.yaml`` files that are hotline_rules test suites."""
    if is_suite_file(file_path):
        suite: SuiteFile = SuiteFile.from_parent(parent, path=file_path)
        return suite
    return None


def _runner(config: pytest.Config) -> Runner:
    """One runner (one engine per profile) for the whole session."""
    runner = config.stash.get(_RUNNER, None)
    if runner is None:
        runner = config.stash[_RUNNER] = Runner()
    return runner


class SuiteFile(pytest.File):
    """A suite file: its cases are the items."""

    def collect(self) -> Iterator[pytest.Item]:
        try:
            loaded = load_suite(self.path)
        except HotlineRulesError as exc:
            raise self.CollectError(exc.render()) from None
        for case in loaded.cases:
            yield SuiteCase.from_parent(self, name=case.name, case=case)


class CaseFailed(Exception):
    """A case whose expectations did not hold (or whose input the engine refused)."""

    def __init__(self, result: CaseResult) -> None:
        super().__init__(result.case.name)
        self.result = result


class SuiteCase(pytest.Item):
    """One case of a suite."""

    def __init__(self, *, case: LoadedCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        if case.case.skip is not None:
            self.add_marker(pytest.mark.skip(reason=case.case.skip))

    def runtest(self) -> None:
        result = _runner(self.config).run_case(self.case)
        if not result.ok:
            raise CaseFailed(result)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str | Any:
        if isinstance(excinfo.value, CaseFailed):
            return case_text(excinfo.value.result)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, f"{self.path.name}: {self.case.name}"


__all__ = ["CaseFailed", "SuiteCase", "SuiteFile", "pytest_collect_file"]

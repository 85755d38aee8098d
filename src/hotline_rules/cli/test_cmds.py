"""``hotline-rules test``: run the profiles' test suites, report diffs, coverage and JUnit XML.

Exit codes: 0 every selected case passed; 4 a case failed, no case ran (unless
``--allow-empty``), or coverage is below ``--min-coverage``; 2 a suite file is
invalid; 3 the profile a suite tests is invalid. A CI job must never go green
because nothing ran.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from hotline_rules.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_INVALID_PROFILE,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    app,
    emit_json,
    fail,
    plain,
    shown,
    stdout,
)
from hotline_rules.errors import HotlineRulesError
from hotline_rules.profile import LoadedProfile, ProfileError
from hotline_rules.profile.summary import SECTION_ZH
from hotline_rules.suites.coverage import Coverage, coverage
from hotline_rules.suites.junit import junit_xml
from hotline_rules.suites.loader import LoadedSuite, load_suite, resolve_targets
from hotline_rules.suites.report import case_lines, rule_location, shown_path
from hotline_rules.suites.runner import Runner, Status, SuiteResult

EXIT_TESTS_FAILED = 4
"""A case failed, nothing ran, or coverage is below the threshold."""


@app.command("test")
def test_cmd(
    targets: Annotated[
        list[str] | None,
        typer.Argument(
            help="配置名称、测试文件或目录；省略时运行 profiles/tests/ 下全部 / profile names, files or directories",
            show_default=False,
        ),
    ] = None,
    filters: Annotated[
        list[str] | None,
        typer.Option(
            "--filter",
            "-k",
            help="只运行名称包含该文字的用例（可多次）/ run cases whose name contains this",
        ),
    ] = None,
    show_coverage: Annotated[
        bool,
        typer.Option("--coverage", help="列出没有用例覆盖的规则 / list rules no case covers"),
    ] = False,
    min_coverage: Annotated[
        float | None,
        typer.Option(
            "--min-coverage",
            min=0,
            max=100,
            help="规则覆盖率低于该百分比时失败 / fail below this rule coverage (percent)",
        ),
    ] = None,
    allow_empty: Annotated[
        bool,
        typer.Option(
            "--allow-empty", help="没有运行任何用例也算通过 / zero cases run is not a failure"
        ),
    ] = False,
    junit: Annotated[
        Path | None,
        typer.Option("--junit-xml", help="另写一份 JUnit XML 报告 / also write JUnit XML here"),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            "-p",
            help="用这份配置（如修改稿）代替用例文件所写的配置 / run the cases against this profile (a draft) instead of the one they name",
        ),
    ] = None,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.both,
) -> None:
    """运行配置的测试用例。 Run the profiles' test suites; exit 4 on a failure or when nothing ran."""
    try:
        paths = resolve_targets(targets or [])
    except HotlineRulesError as exc:
        fail(exc, fmt, lang)
    suites: list[LoadedSuite] = []
    errors: list[tuple[Path, HotlineRulesError]] = []
    for path in paths:
        try:
            suites.append(load_suite(path, profile=profile))
        except HotlineRulesError as exc:
            errors.append((path, exc))
    runner = Runner()
    results = [runner.run_suite(s, filters or ()) for s in suites]
    covs = _coverages(results)
    ran = sum(1 for sr in results for r in sr.results if r.status is not Status.SKIPPED)
    failed = sum(1 for sr in results for r in sr.results if not r.ok)
    low = [c for c in covs if min_coverage is not None and c.percent < min_coverage]

    if errors:
        code = (
            EXIT_INVALID_PROFILE
            if any(isinstance(e, ProfileError) for _, e in errors)
            else EXIT_BAD_INPUT
        )
    elif failed or (ran == 0 and not allow_empty) or low:
        code = EXIT_TESTS_FAILED
    else:
        code = 0

    if junit is not None:
        junit.write_text(junit_xml(results, errors), encoding="utf-8")
    if fmt is Format.json:
        emit_json(_json(results, errors, covs, ran, failed, code, min_coverage))
    else:
        _text(results, errors, covs, ran, show_coverage, min_coverage, allow_empty, lang)
    if code:
        raise typer.Exit(code)


def _coverages(results: list[SuiteResult]) -> list[Coverage]:
    """Coverage per profile file, over every suite of that profile."""
    by_profile: dict[Path, tuple[LoadedProfile, list[Any]]] = {}
    grouped: dict[Path, list[Any]] = defaultdict(list)
    for sr in results:
        key = sr.suite.profile.path.resolve()
        by_profile.setdefault(key, (sr.suite.profile, grouped[key]))
        grouped[key] += sr.results
    return [coverage(loaded, grouped[key]) for key, (loaded, _) in by_profile.items()]


def _json(
    results: list[SuiteResult],
    errors: list[tuple[Path, HotlineRulesError]],
    covs: list[Coverage],
    ran: int,
    failed: int,
    code: int,
    min_coverage: float | None,
) -> dict[str, Any]:
    counts = {s.value: 0 for s in Status}
    for sr in results:
        for r in sr.results:
            counts[r.status.value] += 1
    return {
        "ok": code == 0,
        "exit_code": code,
        "summary": {"cases": sum(counts.values()), "ran": ran, "failed_or_error": failed, **counts},
        "min_coverage": min_coverage,
        "suites": [
            {
                "file": shown_path(sr.suite.path),
                "name": sr.suite.name,
                "profile": sr.suite.profile.profile.meta.id,
                "profile_file": shown_path(sr.suite.profile.path),
                "cases": [r.to_dict() | {"file": shown_path(r.case.file)} for r in sr.results],
            }
            for sr in results
        ],
        "errors": [{**exc.to_dict(), "suite": shown_path(path)} for path, exc in errors],
        "coverage": [
            {
                **c.to_dict(),
                "uncovered": [
                    {**u.to_dict(), "file": rule_location(u.file, None)} for u in c.uncovered
                ],
            }
            for c in covs
        ],
    }


def _text(
    results: list[SuiteResult],
    errors: list[tuple[Path, HotlineRulesError]],
    covs: list[Coverage],
    ran: int,
    show_coverage: bool,
    min_coverage: float | None,
    allow_empty: bool,
    lang: Lang,
) -> None:
    console = stdout()
    for sr in results:
        for r in sr.results:
            if r.status in (Status.FAILED, Status.ERROR):
                for line in case_lines(r):
                    console.print(plain(line))
                console.print()
    cov_of = {c.profile_id: c for c in covs}
    table = Table(title="测试结果 / test results")
    for col in ("测试文件 file", "配置 profile", "通过", "失败", "跳过", "规则覆盖"):
        table.add_column(col, overflow="fold")
    for sr in results:
        pid = sr.suite.profile.profile.meta.id
        c = cov_of.get(pid)
        failed = sr.count(Status.FAILED) + sr.count(Status.ERROR)
        table.add_row(
            plain(shown_path(sr.suite.path)),
            plain(pid),
            str(sr.count(Status.PASSED)),
            Text(str(failed), style="red") if failed else "0",
            str(sr.count(Status.SKIPPED)),
            f"{c.percent:.0f}%（{len(c.rules) - len(c.uncovered)}/{len(c.rules)}）" if c else "—",
        )
    if results:
        console.print(table)
    for sr in results:
        for r in sr.results:
            if r.status is Status.SKIPPED:
                console.print(plain(f"跳过 skipped：{r.case.name}：{r.skip_reason}"))
    if show_coverage:
        for c in covs:
            if not c.uncovered:
                console.print(
                    plain(f"{c.profile_id}：每条规则都有用例覆盖。 Every rule is covered.")
                )
                continue
            t = Table(title=plain(f"{c.profile_id}：没有用例覆盖的规则 / rules no case covers"))
            for col in ("规则 rule", "类别 section", "位置 where"):
                t.add_column(col, overflow="fold")
            for u in c.uncovered:
                t.add_row(
                    plain(u.rule_id),
                    plain(SECTION_ZH.get(u.section, u.section)),
                    plain(rule_location(u.file, u.line)),
                )
            console.print(t)
    total = sum(len(sr.results) for sr in results)
    passed = sum(sr.count(Status.PASSED) for sr in results)
    failed = sum(sr.count(Status.FAILED) + sr.count(Status.ERROR) for sr in results)
    skipped = sum(sr.count(Status.SKIPPED) for sr in results)
    console.print(
        f"{total} 个用例：{passed} 通过，{failed} 失败，{skipped} 跳过。"
        f" {total} cases: {passed} passed, {failed} failed, {skipped} skipped."
    )
    if errors:
        console.print(
            f"{len(errors)} 个测试文件无法加载。 {len(errors)} test file(s) could not be loaded."
        )
        for _, exc in errors:  # on stderr, after the summary on stdout
            print(shown(exc.render(lang.value), keep_newlines=True), file=sys.stderr)
    if ran == 0 and not errors:
        if allow_empty:
            console.print("没有运行任何用例（--allow-empty）。 No case ran (--allow-empty).")
        else:
            console.print(
                "没有运行任何用例，视为失败（确需如此请加 --allow-empty）。"
                " No case ran, which is a failure (pass --allow-empty if that is intended)."
            )
    if min_coverage is not None:
        for c in covs:
            if c.percent < min_coverage:
                console.print(
                    plain(
                        f"{c.profile_id} 的规则覆盖率 {c.percent:.1f}% 低于要求的 {min_coverage:g}%。"
                        f" Rule coverage of {c.profile_id} is {c.percent:.1f}%, below {min_coverage:g}%."
                    )
                )


__all__ = ["EXIT_TESTS_FAILED", "test_cmd"]

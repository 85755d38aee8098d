"""``hotline-rules lint``: what validates but is likely wrong, with its rule, line and a fix."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from hotline_rules.cli.common import (
    EXIT_INVALID_PROFILE,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    app,
    emit_json,
    plain,
    shown,
    stdout,
)
from hotline_rules.errors import HotlineRulesError
from hotline_rules.profile import default_registry
from hotline_rules.profile.lint import Lint, LintSeverity, count, lint

EXIT_LINT = 4
"""Exit code when lint found something at or above ``--fail-on``."""

SEVERITY_ZH = {LintSeverity.WARNING: "警告", LintSeverity.INFO: "提示"}


class FailOn(StrEnum):
    """The least severity that makes ``lint`` exit with 4."""

    warning = "warning"
    info = "info"
    never = "never"


def _fails(items: list[Lint], fail_on: FailOn) -> bool:
    if fail_on is FailOn.never:
        return False
    if fail_on is FailOn.info:
        return bool(items)
    return any(x.severity is LintSeverity.WARNING for x in items)


def shown_path(file: str | None) -> str:
    """A file as people want to read it: relative to the current directory when inside it."""
    if not file:
        return ""
    try:
        return os.path.relpath(file) if Path(file).resolve().is_relative_to(Path.cwd()) else file
    except ValueError:  # another drive (Windows)
        return file


def _where(x: Lint) -> str:
    loc = x.location
    if not loc.file:
        return loc.path or ""
    out = shown_path(loc.file)
    if loc.line is not None:
        out += f":{loc.line}"
        if loc.column is not None:
            out += f":{loc.column}"
    return out


@app.command("lint")
def lint_cmd(
    names: Annotated[
        list[str] | None,
        typer.Argument(help="配置名称或文件路径；省略时检查全部内置配置 / default: all bundled"),
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            help="何种级别以退出码 4 结束：warning（默认）、info、never / exit 4 from this severity",
        ),
    ] = FailOn.warning,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.both,
) -> None:
    """检查能通过校验、但多半有误的配置写法。 Lint profiles: what validates but is likely wrong.

    Exit codes: 0 nothing at or above --fail-on, 4 something is, 3 a profile is invalid.
    """
    registry = default_registry()
    targets = names or registry.names()
    reports: list[dict[str, Any]] = []
    found: list[Lint] = []
    for name in targets:
        try:
            loaded = registry.load(name)
        except HotlineRulesError as exc:
            reports.append({"profile": name, "valid": False, "error": exc, "lints": []})
            continue
        items = lint(loaded)
        found += items
        reports.append(
            {
                "profile": name,
                "valid": True,
                "id": loaded.profile.meta.id,
                "file": str(loaded.path),
                "lints": items,
            }
        )
    invalid = [r for r in reports if not r["valid"]]
    totals = count(found)
    if fmt is Format.json:
        emit_json(
            {
                "fail_on": fail_on.value,
                "counts": totals,
                "profiles": [_json(r) for r in reports],
            }
        )
    else:
        _print(reports, totals, lang)
    if invalid:
        raise typer.Exit(EXIT_INVALID_PROFILE)
    if _fails(found, fail_on):
        raise typer.Exit(EXIT_LINT)


def _json(report: dict[str, Any]) -> dict[str, Any]:
    if not report["valid"]:
        return {"profile": report["profile"], "valid": False, "error": report["error"].to_dict()}
    items: list[Lint] = report["lints"]
    return {
        "profile": report["profile"],
        "valid": True,
        "id": report["id"],
        "file": report["file"],
        "counts": count(items),
        "lints": [x.to_dict() for x in items],
    }


def _print(reports: list[dict[str, Any]], totals: dict[str, int], lang: Lang) -> None:
    console = stdout()
    english = lang is Lang.en
    for r in reports:
        if not r["valid"]:
            console.print(
                Text.assemble(("✗", "red"), shown(f" {r['profile']}：配置无效 / invalid profile"))
            )
            print(shown(r["error"].render(lang.value), keep_newlines=True), file=sys.stderr)
            continue
        items: list[Lint] = r["lints"]
        if not items:
            console.print(
                Text.assemble(
                    ("✓", "green"), shown(f" {r['profile']}：没有发现问题 / nothing found")
                )
            )
            continue
        c = count(items)
        console.print(
            Text.assemble(
                ("!", "yellow"),
                shown(
                    f" {r['profile']}：{c['warning']} 条警告，{c['info']} 条提示"
                    f" / {c['warning']} warning(s), {c['info']} info"
                ),
            )
        )
        table = Table(show_lines=True)
        table.add_column("级别", no_wrap=True)
        table.add_column("规则 rule", overflow="fold")
        table.add_column("位置 where", overflow="fold")
        table.add_column("说明 message", overflow="fold")
        for x in items:
            message, hint = (x.message_en, x.hint_en) if english else (x.message_zh, x.hint_zh)
            fix = "how to fix" if english else "处理办法"
            table.add_row(
                SEVERITY_ZH[x.severity] if not english else x.severity.value,
                plain(x.rule_id or ""),
                plain(_where(x)),
                plain(f"{message}\n{fix}：{hint}\n{x.code}", keep_newlines=True),
            )
        console.print(table)
    valid = sum(1 for r in reports if r["valid"])
    console.print(
        f"共检查 {valid} 个配置：{totals['warning']} 条警告，{totals['info']} 条提示。"
        f" {valid} profile(s): {totals['warning']} warning(s), {totals['info']} info."
    )


__all__ = ["EXIT_LINT", "FailOn", "lint_cmd", "shown_path"]

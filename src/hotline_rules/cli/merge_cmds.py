"""``hotline-rules merge``: saved audit results (``audit --format json``) merged into one."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from hotline_rules.audit.auditor import AuditResult
from hotline_rules.cli.common import (
    EXIT_BAD_INPUT,
    Lang,
    LangOpt,
    app,
    emit_json,
    fail,
    shown,
    table_format,
)
from hotline_rules.engine.engine import Engine
from hotline_rules.errors import HotlineRulesError, InputError, Location


@app.command("merge")
def merge_cmd(
    parts: Annotated[
        list[Path],
        typer.Argument(help="各部分的审计结果（audit --format json 的输出）/ saved audit results"),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text | json | csv")] = "text",
    html: Annotated[
        Path | None, typer.Option("--html", help="另存一份 HTML 报告 / also write an HTML report")
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            "-p",
            help="用于显示名称的配置（默认按结果中的配置名查找）/ profile for names (default: the results')",
        ),
    ] = None,
    lang: LangOpt = Lang.both,
) -> None:
    """合并几份审计结果（如各月、各区、各台机器）：计数相加，问责门槛在合并后判定。
    Merge saved audit results: counts add, thresholds are judged after the merge."""
    out_format = table_format(fmt, lang)
    from hotline_rules.audit.merge import check_compatible, merge

    try:
        results = [read_result(p) for p in parts]
        for path, other in zip(parts[1:], results[1:], strict=True):
            try:
                check_compatible(results[0], other)
            except InputError as exc:  # name the part that differs from the first
                raise InputError(
                    exc.message_zh, exc.message_en, code=exc.code, location=Location(str(path))
                ) from exc
        result = merge(results)
        engine = Engine(profile or result.profile_id) if fmt != "json" or html is not None else None
    except HotlineRulesError as exc:
        fail(exc, out_format, lang)
    if html is not None and engine is not None:
        from hotline_rules.audit.report import render_html

        html.write_text(render_html(result, engine, {}), encoding="utf-8")
        print(
            f"HTML 报告已写入 {shown(html)} / HTML report written to {shown(html)}", file=sys.stderr
        )
    if fmt == "json":
        emit_json(result.to_dict())
    elif engine is not None:
        from hotline_rules.cli.audit_cmds import print_result, to_csv

        if fmt == "csv":
            sys.stdout.write(to_csv(result, engine))
        else:
            print_result(result, engine)
            from hotline_rules.cli.figures import print_figures

            print_figures(result, engine)
    if result.all_rejected:
        raise typer.Exit(EXIT_BAD_INPUT)


def read_result(path: Path) -> AuditResult:
    """A saved ``audit --format json``; a file that is not one is an error naming it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return AuditResult.from_dict(data)
    except OSError as exc:
        raise InputError(
            f"无法读取审计结果：{exc.strerror}",
            f"cannot read the audit result: {exc.strerror}",
            code="merge.unreadable",
            location=Location(str(path)),
        ) from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(
            "这不是 audit --format json 保存的审计结果（或已损坏）",
            "this is not an audit result saved by audit --format json (or it is damaged)",
            code="merge.not_a_result",
            location=Location(str(path)),
        ) from exc


__all__ = ["read_result"]

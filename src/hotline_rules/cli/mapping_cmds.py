"""``hotline-rules mapping suggest EXPORT``: a draft mapping from an export's header."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hotline_rules.cli.common import Format, Lang, LangOpt, app, fail, shown
from hotline_rules.errors import HotlineRulesError, InputError, Location

mapping_app = typer.Typer(
    help="导出文件的映射（列名、取值、时间写法）/ export mappings: columns, values, time formats",
    no_args_is_help=True,
)
app.add_typer(mapping_app, name="mapping")


@mapping_app.command("suggest")
def suggest_cmd(
    export: Annotated[
        Path,
        typer.Argument(
            help="CSV 或 Excel 导出（- 为标准输入）/ a CSV or Excel export (- for stdin)"
        ),
    ],
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="Excel 的工作表：名称或序号 / the Excel sheet: name or index"),
    ] = None,
    header_row: Annotated[
        int | None,
        typer.Option("--header-row", min=1, help="表头所在的行号 / the header's line"),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="CSV 的编码（默认自动识别）/ the CSV's encoding"),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="写入该文件（不覆盖已有文件）/ write here (never over a file)"
        ),
    ] = None,
    lang: LangOpt = Lang.both,
) -> None:
    """按表头起草映射文件，每一项都注明猜测的理由。 Draft a mapping from the export's header, each guess commented."""
    from hotline_rules.audit.exports import read_header
    from hotline_rules.audit.suggest import suggest

    try:
        header = read_header(export, sheet=sheet, header_row=header_row, encoding=encoding)
        if out is not None and out.exists():
            raise InputError(
                f"{out} 已存在，不覆盖：请换一个文件名",
                f"{out} exists and is not overwritten: choose another name",
                code="usage.file_exists",
                location=Location(str(out)),
            )
    except HotlineRulesError as exc:
        fail(exc, Format.text, lang)
    draft = suggest(header)
    if out is None:
        print(shown(draft.text, keep_newlines=True), end="")
        return
    out.write_text(draft.text, encoding="utf-8")
    print(f"映射草稿已写入 {shown(out)} / draft mapping written to {shown(out)}")


__all__ = ["mapping_app"]

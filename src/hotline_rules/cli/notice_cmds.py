"""``notice``: check notice files (``notice check FILE...``, or ``notice FILE...`` as before) and
import a notice as published (``notice import TEXT [SUPPLEMENT...]``)."""

from __future__ import annotations

import sys
from calendar import Calendar
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from hotline_rules.cli.common import (
    WEEKDAY_ZH,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    app,
    default_command_group,
    emit_json,
    fail,
    plain,
    shown,
    stdout,
)
from hotline_rules.errors import HotlineRulesError, InputError, NoticeError
from hotline_rules.time.notices import load_notice_file, load_notice_files

notice_app = typer.Typer(
    cls=default_command_group("check"),
    help="放假通知：检查通知文件（notice FILE…），或从通知原文导入（notice import TEXT）。 "
    "Holiday notices: check notice files, or import a notice as published.",
    no_args_is_help=True,
)
app.add_typer(notice_app, name="notice")


@notice_app.command("check")
def notice_check_cmd(
    files: Annotated[
        list[Path],
        typer.Argument(help="放假通知文件 / notice files to check", exists=True, dir_okay=False),
    ],
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.both,
) -> None:
    """检查放假通知文件并列出其内容。 Check holiday notice files and summarise them."""
    try:
        loaded = load_notice_files(files)
    except HotlineRulesError as exc:
        fail(exc, fmt, lang)
    if fmt is Format.json:
        emit_json(
            [
                {
                    "file": nf.file,
                    "sha256": nf.sha256,
                    "notice": nf.notice.model_dump(mode="json", by_alias=True),
                }
                for nf in loaded
            ]
        )
        return
    from rich.text import Text

    console = stdout()
    zh = lang is not Lang.en
    for nf in loaded:
        n = nf.notice
        number = f" {n.document_number}" if n.document_number else ""
        console.print(
            Text.assemble((shown(nf.file), "bold"), shown(f": {n.title}{number} ({n.issued})"))
        )
        for entry in n.holidays:
            span = (entry.days_off.last - entry.days_off.first).days + 1
            makeup = "、".join(d.isoformat() for d in entry.makeup_workdays) or (
                "无" if zh else "none"
            )
            if zh:
                console.print(
                    plain(
                        f"  {entry.name}：{entry.days_off.first} 至 {entry.days_off.last} 放假，共{span}天；调休上班：{makeup}"
                    )
                )
            else:
                console.print(
                    plain(
                        f"  {entry.name_en or entry.name}: off {entry.days_off.first}..{entry.days_off.last} ({span} days); makeup workdays: {makeup}"
                    )
                )
    console.print(f"通过检查：{len(loaded)} 个文件。" if zh else f"OK: {len(loaded)} file(s).")


def _read_text(path: str) -> tuple[str, str]:
    """The text of ``path`` (``-`` for standard input), UTF-8 or GB18030, and its name."""
    if path == "-":
        raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        name = "<stdin>"
    else:
        p = Path(path)
        if not p.is_file():
            raise InputError(
                f"找不到通知原文文件“{path}”",
                f"the notice text '{path}' is not a file",
                code="notice_text.no_file",
                hint_zh="把通知全文（标题到落款日期）存成 .txt 文件，或用 - 从标准输入读入。",
                hint_en="save the whole notice (title to date) as a .txt file, or pass - for stdin.",
            )
        if p.stat().st_size > 1_000_000:
            raise InputError(
                f"“{path}”超过 1 MB，不像一份放假通知",
                f"'{path}' is over 1 MB: not a holiday notice",
                code="notice_text.too_large",
            )
        raw = p.read_bytes()
        name = path
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding), name
        except UnicodeDecodeError:
            continue
    raise InputError(
        f"“{name}”既不是 UTF-8 也不是 GB18030 编码的文字",
        f"'{name}' is neither UTF-8 nor GB18030 text",
        code="notice_text.encoding",
    )


@notice_app.command("import")
def notice_import_cmd(
    text: Annotated[
        str,
        typer.Argument(
            help="通知原文（.txt），- 为标准输入 / the notice as published, - for stdin"
        ),
    ],
    supplements: Annotated[
        list[str] | None,
        typer.Argument(
            help="同一年的补充通知（调整、延长），按发布顺序 / supplementary notices of the year"
        ),
    ] = None,
    write: Annotated[
        bool,
        typer.Option("--write", help="写入日历目录（默认只显示）/ write the notice file"),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已有的同名文件 / overwrite an existing file")
    ] = False,
    to: Annotated[
        Path,
        typer.Option(
            "--to",
            help="写入的目录 / where --write puts the file",
            file_okay=False,
        ),
    ] = Path("profiles/calendars"),
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.both,
) -> None:
    """从通知原文读出放假安排，逐项核对，列成日历；加 --write 写成通知文件。
    Read a notice as published, check it, show it as a calendar; --write saves the notice file.
    """
    from hotline_rules.time.notice_text import import_notice

    try:
        main_text, main_name = _read_text(text)
        extra = [_read_text(s) for s in supplements or []]
        read = import_notice(main_text, file=main_name, supplements=extra)
    except HotlineRulesError as exc:
        fail(exc, fmt, lang)
    errors = read.errors
    if errors:
        if fmt is Format.json:
            emit_json(
                {
                    "error": [p.to_dict() for p in errors],
                    "warnings": [w.to_dict() for w in read.warnings],
                }
            )
        for p in errors:
            print(_render_problem(read, p, lang), file=sys.stderr)
        print(
            f"未导入：{len(errors)} 处错误，请对照通知原文改正后再导入。"
            if lang is not Lang.en
            else f"Not imported: {len(errors)} error(s); correct them against the notice and import again.",
            file=sys.stderr,
        )
        raise typer.Exit(2)
    try:
        notice = read.notice()
        yaml_text = read.to_yaml()
        target = to / f"cn-{notice.year}.yaml"
        if write:
            if not to.is_dir():
                raise InputError(
                    f"没有日历目录“{to}”",
                    f"there is no calendars directory '{to}'",
                    code="notice_text.no_directory",
                    hint_zh="在源代码目录中运行（写入 profiles/calendars/），或用 --to 指定目录。",
                    hint_en="run it in the checkout (profiles/calendars/), or name one with --to.",
                )
            if target.exists() and not force:
                raise NoticeError(
                    f"{target} 已存在，未覆盖",
                    f"{target} exists and was not overwritten",
                    code="notice_text.file_exists",
                    hint_zh="先看看两者有何不同；确要替换，加 --force。",
                    hint_en="compare the two first; to replace it, add --force.",
                )
            target.write_text(yaml_text, encoding="utf-8")
            load_notice_file(target)  # the file written reads back as a notice
    except HotlineRulesError as exc:
        fail(exc, fmt, lang)
    if fmt is Format.json:
        data = read.to_dict()
        data["file"] = str(target) if write else None
        emit_json(data)
        return
    _print_import(read, notice, lang)
    zh = lang is not Lang.en
    if write:
        print(f"已写入 {target}。" if zh else f"Written: {target}.")
    else:
        print(
            f"未写入文件；核对无误后加 --write 写入 {target}。"
            if zh
            else f"Nothing written; when it matches the notice, add --write to write {target}."
        )


def _render_problem(read: object, p: object, lang: Lang) -> str:
    from hotline_rules.time.notice_text import NoticeProblem, ReadNotice

    assert isinstance(read, ReadNotice) and isinstance(p, NoticeProblem)
    if p.file is not None:  # from a supplementary notice
        return p.error(p.file, p.text).render(lang.value)
    line = read.lines[p.line - 1] if 0 < p.line <= len(read.lines) else None
    return p.error(read.file, line).render(lang.value)


def _print_import(read: object, notice: object, lang: Lang) -> None:
    from hotline_rules.time.notice_text import ReadNotice
    from hotline_rules.time.notices import HolidayNotice

    assert isinstance(read, ReadNotice) and isinstance(notice, HolidayNotice)
    zh = lang is not Lang.en
    n = notice
    number = f" {n.document_number}" if n.document_number else ""
    print(
        shown(
            f"{read.file}：{n.title}{number}（{n.issued}）"
            if zh
            else f"{read.file}: {n.title}{number} ({n.issued})"
        )
    )
    for title in read.supplements:
        print(shown(f"  补充通知：{title}" if zh else f"  supplement: {title}"))

    def day(d: date) -> str:
        return (
            f"{d.isoformat()}（周{WEEKDAY_ZH[d.weekday()]}）" if zh else f"{d.isoformat()} ({d:%a})"
        )

    for h in n.holidays:
        span = (h.days_off.last - h.days_off.first).days + 1
        makeup = "、".join(day(d) for d in h.makeup_workdays) or ("无" if zh else "none")
        if zh:
            print(
                shown(
                    f"  {h.name}：{day(h.days_off.first)} 至 {day(h.days_off.last)} 放假，共{span}天；调休上班：{makeup}"
                )
            )
        else:
            print(
                shown(
                    f"  {h.name_en or h.name}: off {day(h.days_off.first)} to {day(h.days_off.last)}, {span} days; makeup workdays: {makeup}"
                )
            )
    off = {d: h.name for h in n.holidays for d in h.days_off.days()}
    work = {d: h.name for h in n.holidays for d in h.makeup_workdays}
    months = sorted({(d.year, d.month) for d in [*off, *work]})
    print(
        "日历（休＝放假，班＝调休上班）："
        if zh
        else "Calendar (off = day off, W = makeup workday):"
    )
    header = (
        "  ".join(WEEKDAY_ZH)
        if zh
        else " ".join(f"{w:<3}" for w in ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"))
    )
    for year, month in months:
        print(f"  {year}年{month}月" if zh else f"  {year}-{month:02d}")
        print(f"    {header}")
        for week in Calendar().monthdatescalendar(year, month):
            cells = []
            for d in week:
                if d.month != month:
                    cells.append("    ")
                elif d in off:
                    cells.append(f"{d.day:>2}{'休' if zh else 'x '}")
                elif d in work:
                    cells.append(f"{d.day:>2}{'班' if zh else 'W '}")
                else:
                    cells.append(f"{d.day:>2}  ")
            print(("    " + "".join(cells)).rstrip())
    for w in read.warnings:
        line = read.lines[w.line - 1] if 0 < w.line <= len(read.lines) else ""
        print(
            shown(f"  [提示] 第{w.line}行：{w.message_zh}：{line.strip()}")
            if zh
            else shown(f"  [note] line {w.line}: {w.message_en}: {line.strip()}")
        )
    total_off = len(off)
    print(
        f"核对无误：{len(n.holidays)} 项，放假 {total_off} 天，调休上班 {len(work)} 天；每个星期几都与日期相符，"
        "每个法定节假日都已放假。"
        if zh
        else f"Checked: {len(n.holidays)} holidays, {total_off} days off, {len(work)} makeup "
        "workdays; every weekday matches its date and every statutory holiday is a day off."
    )


__all__ = ["notice_app", "notice_check_cmd", "notice_import_cmd"]

"""Verbs about profiles: ``validate``, ``profiles``, ``show``, ``resolve``, ``schema``, ``diff``."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hotline_rules.cli.common import (
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
from hotline_rules.errors import HotlineRulesError, InputError, Location
from hotline_rules.profile import LoadedProfile, default_registry
from hotline_rules.profile.loader import Provenance
from hotline_rules.profile.summary import SECTION_ZH, rows, summary
from hotline_rules.vocabulary import CLOCK_STATES
from hotline_rules.yaml_source import PathKey

if TYPE_CHECKING:  # diff --replay runs the engine on an export; the other verbs never load it
    from rich.text import Text

    from hotline_rules.audit.impact import ImpactResult
    from hotline_rules.engine.results import ClockResult

ProfileArg = Annotated[
    str, typer.Argument(help="配置名称（如 citywide）或文件路径 / profile name or path")
]


def _load(name: str, fmt: Format, lang: Lang) -> LoadedProfile:
    try:
        return default_registry().load(name)
    except HotlineRulesError as exc:
        fail(exc, fmt, lang)


@app.command("validate")
def validate_cmd(
    names: Annotated[
        list[str] | None,
        typer.Argument(help="配置名称或路径；省略时检查全部内置配置 / default: all"),
    ] = None,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.both,
) -> None:
    """检查配置文件是否有效。 Validate profiles (all bundled ones by default); exit 3 if any is invalid."""
    registry = default_registry()
    targets = names or registry.names()
    results: list[dict[str, Any]] = []
    for name in targets:
        try:
            chain = registry.versions(name)  # every version, and the checks between them
        except HotlineRulesError as exc:
            results.append(
                {
                    "profile": name,
                    "ok": False,
                    "error": exc.to_dict(),
                    "text": exc.render(lang.value),
                }
            )
            continue
        several = len(chain) > 1
        gaps = {a - timedelta(days=1): (a, b) for a, b in chain.gaps}  # by the day before
        for v in chain:
            entry: dict[str, Any] = {
                "profile": v.name if several else name,
                "ok": True,
                "rules": len(v.loaded.profile.rules()),
                "file": str(v.loaded.path),
                "effective_from": v.label,
                "effective_until": _iso(v.effective_until),
            }
            if several:
                entry["span_zh"] = v.span_zh()
                gap = gaps.get(v.effective_until) if v.effective_until else None
                entry["gap_after"] = [gap[0].isoformat(), gap[1].isoformat()] if gap else None
            results.append(entry)
    bad = [r for r in results if not r["ok"]]
    if fmt is Format.json:
        emit_json([{k: v for k, v in r.items() if k not in ("text", "span_zh")} for r in results])
    else:
        # plain print: a name or path is shown as written (no markup read into it), and validate,
        # run by CI jobs on every commit, does not pay for rich
        for r in results:
            if r["ok"]:
                span = f"（{r['span_zh']}）" if "span_zh" in r else ""
                print(shown(f"✓ {r['profile']}：{r['rules']} 条规则 / rules{span}"))
                if r.get("gap_after"):
                    a, b = r["gap_after"]
                    print(
                        shown(
                            f"! {a} 至 {b} 没有施行中的版本（这期间受理的工单按 {r['profile']} 评估并提示）"
                            f" / no version in force from {a} to {b}"
                        )
                    )
            else:
                print(shown(f"✗ {r['profile']}"))
        for r in bad:
            print(shown(r["text"], keep_newlines=True), file=sys.stderr)
        print(
            f"{len(results) - len(bad)} 个有效，{len(bad)} 个无效。 {len(results) - len(bad)} valid, {len(bad)} invalid."
        )
    if bad:
        raise typer.Exit(EXIT_INVALID_PROFILE)


@app.command("profiles")
def profiles_cmd(fmt: FormatOpt = Format.text, lang: LangOpt = Lang.both) -> None:
    """列出全部配置。 List the profiles on the search path."""
    registry = default_registry()
    listing: list[dict[str, Any]] = []
    for name in registry.names():
        entry: dict[str, Any] = {"name": name, "file": str(registry.path_of(name))}
        try:
            p = registry.load(name).profile
            chain = registry.versions(name)
            entry.update(
                name_zh=p.meta.name_zh,
                name_en=p.meta.name_en,
                jurisdiction=p.meta.jurisdiction,
                rules=len(p.rules()),
                valid=True,
                versions=[
                    {
                        "name": v.name,
                        "file": str(v.loaded.path),
                        "effective_from": v.label,
                        "effective_until": _iso(v.effective_until),
                        "span_zh": v.span_zh(),
                    }
                    for v in chain
                ],
            )
        except HotlineRulesError as exc:
            entry.update(valid=False, error=exc.code)
        listing.append(entry)
    if fmt is Format.json:
        emit_json(
            [
                {
                    **e,
                    "versions": [
                        {k: x for k, x in v.items() if k != "span_zh"} for v in e["versions"]
                    ],
                }
                if e["valid"]
                else e
                for e in listing
            ]
        )
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title="配置 / profiles")
    for col in ("名称 name", "文件 document", "适用 jurisdiction", "规则 rules", "施行 in force"):
        table.add_column(col)
    for e in listing:
        if e["valid"]:
            spans = "\n".join(
                v["span_zh"]
                if len(e["versions"]) == 1
                else f"{v['effective_from']}：{v['span_zh']}"
                for v in e["versions"]
            )
            table.add_row(
                plain(e["name"]),
                plain(e["name_zh"]),
                plain(e["jurisdiction"]),
                plain(e["rules"]),
                plain(spans, keep_newlines=True),
            )
        else:
            invalid = Text(f"无效 invalid: {shown(e['error'])}", style="red")
            table.add_row(plain(e["name"]), invalid, "", "", "")
    stdout().print(table)


@app.command("show")
def show_cmd(name: ProfileArg, fmt: FormatOpt = Format.text, lang: LangOpt = Lang.both) -> None:
    """以中文表格列出配置的每条时限与规则。 Every time limit and rule of a profile, as a table."""
    loaded = _load(name, fmt, lang)
    p = loaded.profile
    if fmt is Format.json:
        emit_json(p.model_dump(mode="json", by_alias=True))
        return
    from rich.table import Table
    from rich.text import Text

    console = stdout()
    console.print(Text.assemble((shown(p.meta.name_zh), "bold"), shown(f"（{p.meta.id}）")))
    doc = p.meta.document
    console.print(plain(f"{p.meta.issuer} {doc.number or ''} {doc.issued or ''}".strip()))
    if p.meta.effective_from:
        console.print(plain(f"施行：{p.meta.effective_from}"))
    others = _versions_line(name, loaded)
    if others:
        console.print(plain(others))

    table = Table(show_lines=False)
    table.add_column("类别", no_wrap=True)
    table.add_column("规则编号", overflow="fold")
    table.add_column("内容", overflow="fold")
    table.add_column("依据", overflow="fold")
    for section, rule_id, text, cite in rows(p):
        table.add_row(plain(section), plain(rule_id), _lines(text), _lines(cite))
    console.print(table)
    acc = p.accountability
    if acc.unit_methods or acc.staff_methods:
        console.print(plain(f"问责方式（单位）：{'、'.join(acc.unit_methods) or '未规定'}"))
        console.print(plain(f"问责方式（个人）：{'、'.join(acc.staff_methods) or '未规定'}"))
    if p.unencoded:
        console.print(
            plain(
                f"未编码条文 {len(p.unencoded)} 条："
                + "；".join(f"{u.article}（{u.reason}）" for u in p.unencoded)
            )
        )


def _lines(text: str) -> Text:
    """A table cell of several lines, each shown as written (never read as markup)."""
    return plain(text, keep_newlines=True)


def _versions_line(name: str, loaded: LoadedProfile) -> str | None:
    """The profile's versions, the one shown marked, when it has several."""
    try:
        chain = default_registry().versions(name)
    except HotlineRulesError:
        return None  # the shown file loaded; the chain's own errors are validate's to report
    if chain.pinned:
        (v,) = chain.versions
        return f"版本 / version：{v.name}（{v.span_zh()}）"
    if len(chain) < 2:
        return None
    shown = [f"{v.name}（{v.span_zh()}{'，本表' if v.loaded is loaded else ''}）" for v in chain]
    return f"版本 / versions：{'；'.join(shown)}；其他版本用 show {chain.name}@施行日期 查看"


@app.command("resolve")
def resolve_cmd(name: ProfileArg, fmt: FormatOpt = Format.text, lang: LangOpt = Lang.both) -> None:
    """打印合并 extends 后的配置，并注明每个值的来源。 The merged profile, each value with its file:line."""
    loaded = _load(name, fmt, lang)
    if fmt is Format.json:
        origins = {
            _json_path(path): f"{file}:{line}"
            for path, (file, line, _col) in loaded.provenance.positions.items()
        }
        emit_json(
            {
                # YAML dates (effective_from ...) as ISO text, like every date in our JSON
                "profile": json.loads(json.dumps(loaded.data, default=str)),
                "files": [str(f) for f in loaded.files],
                "origins": origins,
            }
        )
        return
    out: list[str] = [f"# 合并自 / merged from: {' <- '.join(str(f) for f in loaded.files)}"]
    _emit_yaml(loaded.data, loaded.provenance, (), 0, out)
    print(shown("\n".join(out), keep_newlines=True))


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _json_path(path: PathKey) -> str:
    return "/" + "/".join(str(p) for p in path)


def _origin(prov: Provenance, path: PathKey) -> str:
    pos = prov.positions.get(path)
    if pos is None:
        return ""
    file, line, _ = pos
    return f"  # {file.rsplit('/', 1)[-1]}:{line}"


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _emit_yaml(node: Any, prov: Provenance, path: PathKey, indent: int, out: list[str]) -> None:
    pad = "  " * indent
    if isinstance(node, dict):
        for key, value in node.items():
            sub = (*path, key)
            if isinstance(value, (dict, list)) and value:
                out.append(f"{pad}{key}:{_origin(prov, sub)}")
                _emit_yaml(value, prov, sub, indent + 1, out)
            else:
                shown = "{}" if value == {} else "[]" if value == [] else _scalar(value)
                out.append(f"{pad}{key}: {shown}{_origin(prov, sub)}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            sub = (*path, i)
            if isinstance(value, (dict, list)) and value:
                out.append(f"{pad}-{_origin(prov, sub)}")
                _emit_yaml(value, prov, sub, indent + 1, out)
            else:
                out.append(f"{pad}- {_scalar(value)}{_origin(prov, sub)}")


@app.command("schema")
def schema_cmd(
    ticket: Annotated[
        bool, typer.Option("--ticket", help="工单格式的 JSON Schema / the ticket format's")
    ] = False,
    test: Annotated[
        bool,
        typer.Option("--test", help="测试文件（*.test.yaml）的 JSON Schema / test files'"),
    ] = False,
    mapping: Annotated[
        bool,
        typer.Option("--mapping", help="导出映射文件的 JSON Schema / export mapping files'"),
    ] = False,
) -> None:
    """打印配置文件（或 --ticket 工单、--test 测试文件）的 JSON Schema。 Print the JSON Schema of profiles (or tickets, test files)."""
    from hotline_rules.engine.ticket import ticket_json_schema
    from hotline_rules.profile.json_schema import profile_json_schema
    from hotline_rules.suites.json_schema import suite_json_schema

    if ticket + test + mapping > 1:
        raise typer.BadParameter(
            "--ticket、--test、--mapping 只能选一个 / give one of --ticket, --test, --mapping"
        )
    if mapping:
        from hotline_rules.audit.mapping import mapping_json_schema

        schema = mapping_json_schema()
    else:
        schema = (
            ticket_json_schema()
            if ticket
            else suite_json_schema()
            if test
            else profile_json_schema()
        )
    print(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True))


@app.command("diff")
def diff_cmd(
    a: Annotated[str, typer.Argument(help="配置 A（原配置）/ profile A, the old one")],
    b: Annotated[str, typer.Argument(help="配置 B（新配置）/ profile B, the new one")],
    replay: Annotated[
        Path | None,
        typer.Option(
            "--replay",
            help="用这份工单导出（.jsonl 或 .csv）比较两个配置下的裁定 / replay this export under both",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="重放的评估时刻（默认现在）/ evaluate the replay as of (default: now)"
        ),
    ] = None,
    sample: Annotated[
        int,
        typer.Option("--sample", min=0, help="列出几张裁定改变的工单 / changed tickets to list"),
    ] = 10,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping", help="CSV 列名与取值的映射文件（YAML）/ column and value mapping for CSV"
        ),
    ] = None,
    changed_only: Annotated[
        bool, typer.Option("--changed-only", help="只列出不同的规则 / only rows that differ")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="不显示进度条 / no progress bar")
    ] = False,
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.both,
) -> None:
    """并排比较两个配置（两地或两个版本）；--replay 重放工单导出，看哪些工单的裁定改变。

    Two profiles' rules side by side (two cities or two versions); with --replay,
    which tickets of an export change verdict under B.
    """
    la, lb = _load(a, fmt, lang), _load(b, fmt, lang)
    pa, pb = la.profile, lb.profile
    label_a, label_b = diff_labels(la, lb)
    table_rows = diff_rows(pa, pb)
    impact = _replay(la, lb, replay, as_of, sample, mapping, quiet, fmt, lang) if replay else None
    if impact is not None:
        impact.old, impact.new = label_a, label_b
    if fmt is Format.json:
        out: dict[str, Any] = {
            "a": pa.meta.id,
            "b": pb.meta.id,
            "a_label": label_a,
            "b_label": label_b,
            "rows": [
                {"section": s, "key": k, "a": va, "b": vb, "same": va == vb}
                for s, k, va, vb in table_rows
            ],
        }
        if impact is not None:
            out["replay"] = {"export": str(replay), **impact.to_dict()}
        emit_json(out)
        return
    listed = [r for r in table_rows if r[2] != r[3]] if changed_only else table_rows
    from zoneinfo import ZoneInfo

    from rich.table import Table

    table = Table(title=plain(f"{pa.meta.name_zh}  ⇄  {pb.meta.name_zh}"))
    for col in ("类别", "规则/时限", label_a, label_b):
        table.add_column(plain(col))
    for section, key, va, vb in listed:
        style = "" if va == vb else "yellow"
        table.add_row(plain(section), plain(key), _lines(va or "—"), _lines(vb or "—"), style=style)
    stdout().print(table)
    changed = sum(1 for _, _, va, vb in table_rows if va != vb)
    stdout().print(
        f"{len(table_rows)} 行，其中 {changed} 行不同。 {len(table_rows)} rows, {changed} differ."
    )
    if impact is not None:
        zone = ZoneInfo(pb.calendar.zone)
        print_impact(impact, str(replay), {**pa.word_names(), **pb.word_names()}, zone)


def diff_labels(la: LoadedProfile, lb: LoadedProfile) -> tuple[str, str]:
    """Column labels for the two sides: the ids, or, for two versions of one profile (same id),
    ``id@effective_from``, else the file names, else the paths."""
    ida, idb = la.profile.meta.id, lb.profile.meta.id
    if ida != idb:
        return ida, idb
    da, db = la.profile.meta.effective_from, lb.profile.meta.effective_from
    if da != db:
        return (f"{ida}@{da}" if da else ida), (f"{idb}@{db}" if db else idb)
    if la.path.name != lb.path.name:
        return la.path.name, lb.path.name
    return str(la.path), str(lb.path)


def _replay(
    la: LoadedProfile,
    lb: LoadedProfile,
    export: Path,
    as_of: str | None,
    sample: int,
    mapping: Path | None,
    quiet: bool,
    fmt: Format,
    lang: Lang,
) -> ImpactResult:
    """Evaluate every ticket of ``export`` under both profiles, streaming, with a progress bar."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from hotline_rules.audit.exports import Mapping
    from hotline_rules.audit.impact import Replayer
    from hotline_rules.cli.audit_cmds import open_reader
    from hotline_rules.engine.engine import Engine
    from hotline_rules.time.deadline import parse_instant

    try:
        when = parse_instant(as_of) if as_of else datetime.now(UTC)
        columns = Mapping.load(mapping) if mapping is not None else None
        total = export.stat().st_size
        replayer = Replayer(Engine(la), Engine(lb), as_of=when, sample=sample)
    except OSError as exc:
        fail(
            InputError(
                f"无法读取工单导出：{exc.strerror}",
                f"cannot read the export: {exc.strerror}",
                code="replay.unreadable",
                location=Location(str(export)),
            ),
            fmt,
            lang,
        )
    except HotlineRulesError as exc:
        fail(exc, fmt, lang)
    show = not quiet and sys.stderr.isatty()
    with Progress(
        TextColumn("[bold]重放 replay[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("行 rows"),
        console=Console(stderr=True),
        disable=not show,
        transient=True,
    ) as progress:
        # rows are counted against a rough estimate from the file size (the bar is a guide)
        task = progress.add_task("replay", total=max(1, total // 900))
        try:
            reader = open_reader(export, columns, None)
            try:
                for n, item in enumerate(reader, 1):
                    replayer.feed(item)  # a ticket, a rejected row, or a blank or comment line
                    if show and n % 500 == 0:
                        progress.update(task, completed=n)
            finally:
                close = getattr(reader, "close", None)
                if callable(close):
                    close()
        except HotlineRulesError as exc:  # the whole file unreadable (encoding, columns)
            fail(exc, fmt, lang)
        except OSError as exc:
            fail(
                InputError(
                    f"无法读取工单导出：{exc.strerror}",
                    f"cannot read the export: {exc.strerror}",
                    code="replay.unreadable",
                    location=Location(str(export)),
                ),
                fmt,
                lang,
            )
    return replayer.finish()


def print_impact(
    result: ImpactResult, export: str, names: dict[str, str], zone: tzinfo | None = None
) -> None:
    """The replay for people: counts, violations gained and lost per rule, changed tickets.

    Times are shown in ``zone`` (the new profile's) with their offset; values as written.
    """
    from rich.table import Table

    from hotline_rules.audit.impact import CHANGE_ZH, Change

    console = stdout()
    c = result.counts
    as_of = result.as_of.astimezone(zone) if zone is not None else result.as_of
    skipped = result.blank_lines + result.comment_lines
    console.print(
        plain(
            f"重放 {export}（评估时刻 {as_of.isoformat()}）：读取 {result.rows_read} 行，"
            f"评估 {result.tickets_evaluated} 张，无法读取 {result.rows_rejected} 行"
            + (f"，空行或注释 {skipped} 行" if skipped else "")
            + "。"
        )
    )
    for r in result.rejected[:5]:
        who = f"（{r.ticket_id}）" if r.ticket_id else ""
        console.print(plain(f"  无法读取：第 {r.line} 行{who}：{r.reason_zh}"))
    if result.rows_rejected > 5:
        console.print(
            f"  ……共 {result.rows_rejected} 行，见 --format json 的 replay.rejected（前 20 行）"
        )
    console.print(
        f"裁定改变 {result.verdict_changed} 张：新增违规 {c[Change.NEWLY_VIOLATING]} 张，"
        f"不再违规 {c[Change.NO_LONGER_VIOLATING]} 张，违规不同 {c[Change.DIFFERENT_VIOLATIONS]} 张；"
        f"裁定不变、截止时刻变动 {c[Change.DUE_MOVED]} 张；不变 {c[Change.UNCHANGED]} 张。"
    )
    console.print(
        f"Verdict changed for {result.verdict_changed}: newly violating "
        f"{c[Change.NEWLY_VIOLATING]}, no longer violating {c[Change.NO_LONGER_VIOLATING]}, "
        f"different violations {c[Change.DIFFERENT_VIOLATIONS]}; due moved only "
        f"{c[Change.DUE_MOVED]}; unchanged {c[Change.UNCHANGED]}."
    )
    if result.estimated_total:
        e = result.estimated
        changed = sum(n for k, n in e.items() if k.verdict_changed)
        console.print(
            f"其中 {result.estimated_total} 张的截止时刻依赖尚无放假通知的年份，为推定结果"
            f"（裁定改变 {changed} 张，截止时刻变动 {e[Change.DUE_MOVED]} 张，不变 {e[Change.UNCHANGED]} 张）；"
            "该年通知补入 profiles/calendars/ 后，结论可能不同。"
        )
        console.print(
            f"Of these, {result.estimated_total} depend on a year no holiday notice covers and are "
            f"estimated (verdict changed {changed}, due moved {e[Change.DUE_MOVED]}, "
            f"unchanged {e[Change.UNCHANGED]}); they may change once that year's notice is added."
        )
    if result.by_rule:
        per_rule = Table(title="各规则的违规增减 / violations gained and lost, by rule")
        for col in ("规则 rule", "代码 code", "新增 gained", "减少 lost"):
            per_rule.add_column(col, overflow="fold")
        for (code, rule_id), d in sorted(
            result.by_rule.items(), key=lambda kv: (kv[0][1] or "", kv[0][0])
        ):
            per_rule.add_row(plain(rule_id or "—"), plain(code), str(d.added), str(d.removed))
        console.print(per_rule)
    if not result.sample:
        return
    table = Table(
        title=f"裁定改变的工单（前 {len(result.sample)} 张）/ tickets whose verdict changed",
        show_lines=True,
    )
    table.add_column("工单 ticket", overflow="fold", no_wrap=True)
    table.add_column("变化 change", overflow="fold", no_wrap=True)
    table.add_column(plain(f"原 {result.old}"), overflow="fold", ratio=1)
    table.add_column(plain(f"新 {result.new}"), overflow="fold", ratio=1)
    for t in result.sample:
        table.add_row(
            plain(t.ticket_id),
            CHANGE_ZH[t.change] + ("\n（推定）" if t.estimated else ""),
            _side(t.before, [(k.clock, k.unit, k.before) for k in t.clocks], names, zone),
            _side(t.after, [(k.clock, k.unit, k.after) for k in t.clocks], names, zone),
        )
    console.print(table)


def _side(
    violations: frozenset[tuple[str, str | None, str | None]],
    clocks: list[tuple[str, str | None, ClockResult | None]],
    names: dict[str, str],
    zone: tzinfo | None = None,
) -> Text:
    """One side of a changed ticket: its violations, then the clocks that differ."""
    from rich.text import Text

    from hotline_rules.engine.explain import shown_time

    lines = [
        f"违规：{rule_id or code}" + (f"（{unit}）" if unit else "")
        for code, rule_id, unit in sorted(violations, key=lambda v: (v[1] or "", v[0], v[2] or ""))
    ] or ["无违规"]
    for clock, unit, c in clocks:
        lines.append(names.get(clock, clock) + "时限" + (f"（{unit}）" if unit else "") + "：")
        if c is None:
            lines.append("  无此时限")
        else:
            due = shown_time(c.due, zone or c.due.tzinfo or UTC) if c.due else "—"
            lines.append(f"  截止 {due}，{CLOCK_STATES[c.state]}")
    return Text(shown("\n".join(lines), keep_newlines=True))


def diff_rows(pa: Any, pb: Any) -> list[tuple[str, str, str, str]]:
    """Rows (section, rule id or clock, A's summary, B's summary).

    Rules are paired by id (two versions of one profile share ids); the time
    limits are also paired by clock name and condition, so two cities compare.
    """
    out: list[tuple[str, str, str, str]] = []
    names = {**pa.word_names(), **pb.word_names()}
    clocks_a = {(c.clock, c.when.describe(names)): c for c in pa.clocks}
    clocks_b = {(c.clock, c.when.describe(names)): c for c in pb.clocks}
    for key in sorted(set(clocks_a) | set(clocks_b)):
        ca, cb = clocks_a.get(key), clocks_b.get(key)
        out.append(
            (
                "时限 " + names.get(key[0], key[0]),
                key[1],
                summary(ca, names) if ca else "",
                summary(cb, names) if cb else "",
            )
        )
    rules_a = {r.id: (s, r) for s, r in pa.rules() if s != "clocks"}
    rules_b = {r.id: (s, r) for s, r in pb.rules() if s != "clocks"}
    for rule_id in [*rules_a, *(i for i in rules_b if i not in rules_a)]:
        sa, ra = rules_a.get(rule_id, ("", None))
        sb, rb = rules_b.get(rule_id, ("", None))
        section = SECTION_ZH.get(sa or sb, sa or sb)
        out.append(
            (section, rule_id, summary(ra, names) if ra else "", summary(rb, names) if rb else "")
        )
    return out


__all__ = ["diff_labels", "diff_rows", "print_impact"]

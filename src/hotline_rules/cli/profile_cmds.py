"""Verbs about profiles: ``validate``, ``profiles``, ``show``, ``resolve``, ``schema``, ``diff``."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from ..errors import HotlineRulesError
from ..profile import LoadedProfile, default_registry
from ..profile.json_schema import profile_json_schema
from ..profile.loader import Provenance
from ..profile.summary import SECTION_ZH, rows, summary
from ..yaml_source import PathKey
from .common import (
    EXIT_INVALID_PROFILE,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    app,
    emit_json,
    fail,
    stdout,
)

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
            loaded = registry.load(name)
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
        results.append(
            {
                "profile": name,
                "ok": True,
                "rules": len(loaded.profile.rules()),
                "file": str(loaded.path),
            }
        )
    bad = [r for r in results if not r["ok"]]
    if fmt is Format.json:
        emit_json([{k: v for k, v in r.items() if k != "text"} for r in results])
    else:
        console = stdout()
        for r in results:
            if r["ok"]:
                console.print(f"[green]✓[/green] {r['profile']}：{r['rules']} 条规则 / rules")
            else:
                console.print(f"[red]✗[/red] {r['profile']}")
        for r in bad:
            print(r["text"], file=sys.stderr)
        console.print(
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
            entry.update(
                name_zh=p.meta.name_zh,
                name_en=p.meta.name_en,
                jurisdiction=p.meta.jurisdiction,
                rules=len(p.rules()),
                valid=True,
            )
        except HotlineRulesError as exc:
            entry.update(valid=False, error=exc.code)
        listing.append(entry)
    if fmt is Format.json:
        emit_json(listing)
        return
    table = Table(title="配置 / profiles")
    for col in ("名称 name", "文件 document", "适用 jurisdiction", "规则 rules"):
        table.add_column(col)
    for e in listing:
        if e["valid"]:
            table.add_row(e["name"], e["name_zh"], e["jurisdiction"], str(e["rules"]))
        else:
            table.add_row(e["name"], f"[red]无效 invalid: {e['error']}[/red]", "", "")
    stdout().print(table)


@app.command("show")
def show_cmd(name: ProfileArg, fmt: FormatOpt = Format.text, lang: LangOpt = Lang.both) -> None:
    """以中文表格列出配置的每条时限与规则。 Every time limit and rule of a profile, as a table."""
    loaded = _load(name, fmt, lang)
    p = loaded.profile
    if fmt is Format.json:
        emit_json(p.model_dump(mode="json", by_alias=True))
        return
    console = stdout()
    console.print(f"[bold]{p.meta.name_zh}[/bold]（{p.meta.id}）")
    doc = p.meta.document
    console.print(f"{p.meta.issuer} {doc.number or ''} {doc.issued or ''}".strip())
    if p.meta.effective_from:
        console.print(f"施行：{p.meta.effective_from}")
    table = Table(show_lines=False)
    table.add_column("类别", no_wrap=True)
    table.add_column("规则编号", overflow="fold")
    table.add_column("内容", overflow="fold")
    table.add_column("依据", overflow="fold")
    for section, rule_id, text, cite in rows(p):
        table.add_row(section, rule_id, text, cite)
    console.print(table)
    acc = p.accountability
    if acc.unit_methods or acc.staff_methods:
        console.print(f"问责方式（单位）：{'、'.join(acc.unit_methods) or '未规定'}")
        console.print(f"问责方式（个人）：{'、'.join(acc.staff_methods) or '未规定'}")
    if p.unencoded:
        console.print(
            f"未编码条文 {len(p.unencoded)} 条："
            + "；".join(f"{u.article}（{u.reason}）" for u in p.unencoded)
        )


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
            {"profile": loaded.data, "files": [str(f) for f in loaded.files], "origins": origins}
        )
        return
    out: list[str] = [f"# 合并自 / merged from: {' <- '.join(str(f) for f in loaded.files)}"]
    _emit_yaml(loaded.data, loaded.provenance, (), 0, out)
    print("\n".join(out))


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
) -> None:
    """打印配置文件（或 --ticket 工单、--test 测试文件）的 JSON Schema。 Print the JSON Schema of profiles (or tickets, test files)."""
    from ..suites.json_schema import suite_json_schema
    from ..ticket import ticket_json_schema

    if ticket and test:
        raise typer.BadParameter(
            "--ticket 与 --test 只能选一个 / give --ticket or --test, not both"
        )
    schema = (
        ticket_json_schema() if ticket else suite_json_schema() if test else profile_json_schema()
    )
    print(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True))


@app.command("diff")
def diff_cmd(
    a: Annotated[str, typer.Argument(help="配置 A / profile A")],
    b: Annotated[str, typer.Argument(help="配置 B / profile B")],
    fmt: FormatOpt = Format.text,
    lang: LangOpt = Lang.both,
) -> None:
    """并排比较两个配置（两地或两个版本）。 Two profiles' rules side by side (two cities or two versions)."""
    pa, pb = _load(a, fmt, lang).profile, _load(b, fmt, lang).profile
    table_rows = diff_rows(pa, pb)
    if fmt is Format.json:
        emit_json(
            {
                "a": pa.meta.id,
                "b": pb.meta.id,
                "rows": [
                    {"section": s, "key": k, "a": va, "b": vb, "same": va == vb}
                    for s, k, va, vb in table_rows
                ],
            }
        )
        return
    table = Table(title=f"{pa.meta.name_zh}  ⇄  {pb.meta.name_zh}")
    for col in ("类别", "规则/时限", pa.meta.id, pb.meta.id):
        table.add_column(col)
    for section, key, va, vb in table_rows:
        style = "" if va == vb else "yellow"
        table.add_row(section, key, va or "—", vb or "—", style=style)
    stdout().print(table)
    changed = sum(1 for _, _, va, vb in table_rows if va != vb)
    stdout().print(
        f"{len(table_rows)} 行，其中 {changed} 行不同。 {len(table_rows)} rows, {changed} differ."
    )


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


__all__ = ["diff_rows"]

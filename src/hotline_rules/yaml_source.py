"""Read YAML the safe way, keeping the line and column of every value.

PyYAML's ``safe_load`` forgets where a value came from, silently keeps the
last of two duplicate keys, and follows YAML 1.1 (``NO`` is false, ``9:00``
is the number 540). Policy staff edit these files by hand, so this loader
refuses those traps with an error at the exact line, and remembers positions
so that a schema error later can point at the line too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from hotline_rules.errors import MAX_ERRORS, HotlineRulesError, Location, YamlError, gather

MAX_FILE_BYTES = 2 * 1024 * 1024
"""A profile or notice is a few kilobytes; anything this large is a mistake or an attack."""

MAX_NODES = 200_000
"""Limit on values built, aliases expanded: stops "billion laughs" alias bombs."""

PathKey = tuple[str | int, ...]

KEY = "\x00key"
"""Path suffix under which the position of a mapping key (not its value) is kept."""

_KEY_FIRST = frozenset({"extra_forbidden", "condition.unknown_fact", "condition.unknown_operator"})
"""Error types whose fix is the key itself: point at the key, not at its value."""

_BOOL_WORDS = {"true", "false", "True", "False", "TRUE", "FALSE"}
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")


@dataclass(frozen=True)
class SourceDocument:
    """A parsed YAML file: plain Python data plus the position of every node."""

    data: Any
    file: str
    lines: tuple[str, ...]
    positions: dict[PathKey, tuple[int, int]] = field(repr=False)

    def locate(self, path: Iterable[str | int], *, at_key: bool = False) -> Location:
        """Return the location of ``path`` (its key with ``at_key``), or of its nearest ancestor."""
        key = tuple(path)
        if at_key and (*key, KEY) in self.positions:
            line, column = self.positions[(*key, KEY)]
            return Location(self.file, line, column, format_path(key))
        while key and key not in self.positions:
            key = key[:-1]
        line, column = self.positions.get(key, (1, 1))
        return Location(self.file, line, column, format_path(tuple(path)))

    def source_line(self, line: int) -> str | None:
        """Return the text of 1-based ``line``."""
        return self.lines[line - 1] if 0 < line <= len(self.lines) else None

    def error(
        self,
        path: Iterable[str | int],
        message_zh: str,
        message_en: str,
        *,
        code: str,
        hint_zh: str | None = None,
        hint_en: str | None = None,
        cls: type[HotlineRulesError] = YamlError,
        at_key: bool = False,
    ) -> HotlineRulesError:
        """Build an error of ``cls`` located at ``path`` in this file."""
        loc = self.locate(path, at_key=at_key)
        return cls(
            message_zh,
            message_en,
            code=code,
            hint_zh=hint_zh,
            hint_en=hint_en,
            location=loc,
            source_line=self.source_line(loc.line or 0),
        )


def format_path(path: PathKey) -> str:
    """Render ``("holidays", 2, "days_off")`` as ``holidays[2].days_off``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it (10x faster on a profile); errors are reported
by the pure-Python one, whose messages and marks the tests pin."""


def load_yaml_file(path: str | Path, *, max_bytes: int = MAX_FILE_BYTES) -> SourceDocument:
    """Read and parse ``path``; raise :class:`YamlError` with file:line:column on any trap."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise YamlError(
            f"无法读取文件：{exc.strerror}",
            f"cannot read the file: {exc.strerror}",
            code="yaml.unreadable",
            location=Location(str(p)),
        ) from exc
    if len(raw) > max_bytes:
        raise YamlError(
            f"文件过大（{len(raw)} 字节，上限 {max_bytes} 字节）",
            f"file too large ({len(raw)} bytes, limit {max_bytes})",
            code="yaml.too_large",
            location=Location(str(p)),
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlError(
            "文件不是 UTF-8 编码",
            "file is not UTF-8 encoded",
            code="yaml.encoding",
            hint_zh="请用 UTF-8 编码另存该文件。",
            hint_en="save the file as UTF-8.",
            location=Location(str(p)),
        ) from exc
    return load_yaml_text(text, file=str(p))


def load_yaml_text(text: str, *, file: str = "<string>") -> SourceDocument:
    """Parse YAML ``text`` (see :func:`load_yaml_file`)."""
    lines = tuple(text.splitlines())
    try:
        try:
            node = yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:  # say it as the pure-Python parser does: same words, same place
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "syntax error"
        raise YamlError(
            f"YAML 语法错误：{problem}",
            f"YAML syntax error: {problem}",
            code="yaml.syntax",
            hint_zh="检查缩进（只用空格）、冒号后的空格和引号是否成对。",
            hint_en="check indentation (spaces only), the space after each colon, and quotes.",
            location=Location(file, line, column),
            source_line=lines[line - 1] if line and 0 < line <= len(lines) else None,
        ) from exc
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        raise YamlError("YAML 错误", f"YAML error: {exc}", location=Location(file)) from exc
    builder = _Builder(file, lines)
    data = None if node is None else builder.build(node, ())
    return SourceDocument(data, file, lines, builder.positions)


class _Builder:
    """Turn a composed node tree into plain data, recording positions and refusing traps."""

    def __init__(self, file: str, lines: tuple[str, ...]) -> None:
        self.file = file
        self.lines = lines
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def fail(
        self, node: yaml.Node, zh: str, en: str, code: str, hint_zh: str, hint_en: str
    ) -> YamlError:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        return YamlError(
            zh,
            en,
            code=code,
            hint_zh=hint_zh,
            hint_en=hint_en,
            location=Location(self.file, line, col),
            source_line=self.lines[line - 1] if 0 < line <= len(self.lines) else None,
        )

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(
                node,
                f"文件展开后的值超过 {MAX_NODES} 个（锚点/别名嵌套过深？）",
                f"more than {MAX_NODES} values after expanding aliases (alias bomb?)",
                "yaml.too_many_nodes",
                "去掉嵌套的锚点（&）和别名（*）。",
                "remove nested anchors (&) and aliases (*).",
            )
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self.build_scalar(node)

    def build_mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        self.constructor.flatten_mapping(node)  # resolve YAML merge keys (<<) like safe_load
        out: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(
                    key_node,
                    "键必须是简单的文字",
                    "a key must be a plain scalar",
                    "yaml.complex_key",
                    "把键写成普通文字。",
                    "write the key as plain text.",
                )
            key = self.build_scalar(key_node)
            if isinstance(key, (bool, float)) or key is None:
                key = key_node.value  # `no:` or `1.5:` as a key means the text, not a value
            if key in first_seen:
                raise self.fail(
                    key_node,
                    f"重复的键 “{key}”（第一次出现在第 {first_seen[key]} 行）；YAML 会悄悄只保留后一个",
                    f"duplicate key '{key}' (first at line {first_seen[key]}); YAML would silently keep the last",
                    "yaml.duplicate_key",
                    "删除或合并其中一个。",
                    "delete or merge one of them.",
                )
            first_seen[key] = key_node.start_mark.line + 1
            self.positions[(*path, key, KEY)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            out[key] = self.build(value_node, (*path, key))
        return out

    def build_scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except ValueError as exc:  # a date-shaped value that is no date: 2027-02-30
            raise self.fail(
                node,
                f"“{node.value}” 不是有效的日期或时间（{exc}）",
                f"'{node.value}' is not a valid date or time ({exc})",
                "yaml.invalid_date",
                "检查年、月、日：该月有没有这一天？写作 YYYY-MM-DD。",
                "check the year, month and day: does that month have that day? Write YYYY-MM-DD.",
            ) from exc
        if not node.style:  # plain, unquoted (None, or "" from libyaml): the YAML 1.1 traps live here
            text = node.value
            if isinstance(value, bool) and text not in _BOOL_WORDS:
                raise self.fail(
                    node,
                    f"“{text}” 在 YAML 中会被当成 {value}（是/否），很可能不是本意",
                    f"'{text}' would be read as the boolean {str(value).lower()}, probably not what you meant",
                    "yaml.ambiguous_boolean",
                    f'如果是文字，请加引号："{text}"；如果是是/否，请写 true 或 false。',
                    f'quote it ("{text}") if it is text; write true or false if it is a yes/no.',
                )
            if (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and _SEXAGESIMAL.match(text)
            ):
                raise self.fail(
                    node,
                    f"“{text}” 没有加引号，YAML 会把它当作六十进制数 {value}",
                    f"unquoted '{text}' is read by YAML as the base-60 number {value}",
                    "yaml.sexagesimal_number",
                    f'时间要加引号："{text}"。',
                    f'quote times: "{text}".',
                )
        return value


# Chinese renderings of the pydantic error types that policy staff meet most.
_PYDANTIC_ZH: dict[str, str] = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不认识的字段（拼写错误？）",
    "date_from_datetime_parsing": "不是有效日期，应写作 YYYY-MM-DD",
    "date_parsing": "不是有效日期，应写作 YYYY-MM-DD",
    "date_type": "应为日期，写作 YYYY-MM-DD",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "dict_type": "应为键值对",
    "model_type": "应为键值对",
    "literal_error": "取值不在允许的范围内",
    "enum": "取值不在允许的范围内",
    "greater_than": "数值太小",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "too_short": "条目太少",
}


def bilingual(
    code: str,
    zh: str,
    en: str,
    *,
    at: tuple[str | int, ...] = (),
    at_key: bool = False,
) -> PydanticCustomError:
    """A validation failure in both languages, for validators to raise.

    ``at`` is the path below the validated model where the fault lies (a model
    validator cannot say it otherwise), so the error points at that very line;
    ``at_key`` points at that key rather than at its value.
    """
    return PydanticCustomError(code, "{en}", {"zh": zh, "en": en, "at": at, "at_key": at_key})


def validation_error(
    exc: ValidationError,
    doc: SourceDocument,
    *,
    cls: type[HotlineRulesError],
    code_prefix: str,
    known_fields: Iterable[str] = (),
    schema: dict[str, Any] | None = None,
    limit: int = MAX_ERRORS,
) -> HotlineRulesError:
    """Turn pydantic's errors into one located, bilingual error: the first, the others in ``more``.

    An unknown key gets a "did you mean" among the keys allowed at that very place
    (read from ``schema``, the file's JSON Schema; else among ``known_fields``),
    never the unknown key itself.
    """
    errors = exc.errors(include_url=False)
    # A failed item also makes its container fail ("too_short" after the item is dropped):
    # report the item, not the echo at its parent.
    locs = [e["loc"] for e in errors]
    errors = [
        e
        for e in errors
        if not any(len(o) > len(e["loc"]) and o[: len(e["loc"])] == e["loc"] for o in locs)
    ] or errors
    # A misspelt key shows up twice: as an unknown key and as the missing one it meant.
    # The unknown key is where the fix is, so report it first (the sort keeps file order).
    errors.sort(key=lambda e: {"extra_forbidden": 0, "missing": 2}.get(e["type"], 1))
    built = [
        doc.error(path, zh, en, code=code, cls=cls, at_key=at_key)
        for path, zh, en, code, at_key in (
            _describe(e, code_prefix, known_fields, schema) for e in errors
        )
    ]
    return gather(built, limit)


def _describe(
    e: Any,
    code_prefix: str,
    known_fields: Iterable[str],
    schema: dict[str, Any] | None,
) -> tuple[PathKey, str, str, str, bool]:
    """One pydantic error as (path, zh, en, code, at_key)."""
    path: PathKey = tuple(p for p in e["loc"] if isinstance(p, (str, int)))
    ctx = e.get("ctx") or {}
    if "zh" in ctx and "en" in ctx:  # our own checks: PydanticCustomError with both languages
        at_key = bool(ctx.get("at_key")) or e["type"] in _KEY_FIRST
        return (*path, *ctx.get("at", ())), str(ctx["zh"]), str(ctx["en"]), e["type"], at_key
    zh = _PYDANTIC_ZH.get(e["type"], e["msg"])
    en = e["msg"].removeprefix("Value error, ")
    if e["type"] == "missing" and path and isinstance(path[-1], str):
        zh, en = f"缺少必填字段“{path[-1]}”", f"required field '{path[-1]}' is missing"
    if e["type"] == "extra_forbidden" and path and isinstance(path[-1], str):
        zh, en = _unknown_key(path, zh, en, known_fields, schema)
    if e["type"] in ("value_error", "assertion_error"):
        zh = e["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if "expected" in ctx:
        zh += f"（应为：{ctx['expected']}）"
    if e["type"] != "missing" and "input" in e:
        shown = repr(e["input"])
        if len(shown) <= 60:
            zh += f"；实际为：{shown}"
            en += f"; found: {shown}"
    return path, zh, en, f"{code_prefix}.{e['type']}", e["type"] in _KEY_FIRST


def _unknown_key(
    path: PathKey,
    zh: str,
    en: str,
    known_fields: Iterable[str],
    schema: dict[str, Any] | None,
) -> tuple[str, str]:
    """The message for an unknown key: a close key allowed here, never the key itself."""
    name = str(path[-1])
    here = fields_at(schema, path[:-1]) if schema is not None else None
    candidates = sorted((here if here is not None else set(known_fields)) - {name})
    close = difflib.get_close_matches(name, candidates, n=1)
    if close:
        return (
            f"不认识的字段“{name}”，是不是“{close[0]}”？",
            f"unknown field '{name}'; did you mean '{close[0]}'?",
        )
    if here:
        return (
            f"这里不能写“{name}”；可写的字段：{'、'.join(sorted(here))}",
            f"'{name}' is not allowed here; allowed: {', '.join(sorted(here))}",
        )
    return zh, en


def fields_at(schema: dict[str, Any], path: PathKey) -> set[str] | None:
    """The keys a mapping at ``path`` may have, read from a JSON Schema (None when unknown)."""
    defs = schema.get("$defs", {})
    nodes = _expand([schema], defs)
    for part in path:
        nxt: list[dict[str, Any]] = []
        for node in nodes:
            if isinstance(part, int):
                items = node.get("items")
                if isinstance(items, dict):
                    nxt.append(items)
                prefix = node.get("prefixItems")
                if isinstance(prefix, list) and part < len(prefix):
                    nxt.append(prefix[part])
            else:
                props = node.get("properties", {})
                if part in props:
                    nxt.append(props[part])
                elif isinstance(node.get("additionalProperties"), dict):
                    nxt.append(node["additionalProperties"])
        nodes = _expand(nxt, defs)
        if not nodes:
            return None
    keys = {k for node in nodes for k in node.get("properties", {})}
    return keys or None


def _expand(nodes: list[dict[str, Any]], defs: dict[str, Any]) -> list[dict[str, Any]]:
    """Resolve ``$ref`` and flatten ``anyOf``/``oneOf``/``allOf`` into the schemas they allow."""
    out: list[dict[str, Any]] = []
    todo = list(nodes)
    seen = 0
    while todo and seen < 1000:
        seen += 1
        node = todo.pop(0)
        if not isinstance(node, dict):
            continue
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            todo.append(defs.get(ref.removeprefix("#/$defs/"), {}))
            continue
        alts = [a for k in ("anyOf", "oneOf", "allOf") for a in node.get(k, ())]
        if alts:
            todo.extend(alts)
            if "properties" not in node and "items" not in node:
                continue
        out.append(node)
    return out


__all__ = [
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "SourceDocument",
    "bilingual",
    "fields_at",
    "format_path",
    "load_yaml_file",
    "load_yaml_text",
    "validation_error",
]

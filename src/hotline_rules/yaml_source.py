"""Read YAML the safe way, keeping the line and column of every value.

PyYAML's ``safe_load`` forgets where a value came from, silently keeps the
last of two duplicate keys, and follows YAML 1.1 (``NO`` is false, ``9:00``
is the number 540). Policy staff edit these files by hand, so this loader
refuses those traps with an error at the exact line, and remembers positions
so that a schema error later can point at the line too.

The files may also be careless or hostile, so nothing in one may end in a
traceback, a hang or a memory blowup: the size is checked before the file is
read; any tag (``!foo``, ``!!python/...``, on a value, a list or a mapping), a
merge key (``<<``) of anything but mappings, a key that is a list or a mapping,
a control character, nesting deeper than :data:`MAX_DEPTH` and more than
:data:`MAX_NODES` values (written, or expanded through aliases and merges) are
each an error at their line and column, with a stable code.
"""

from __future__ import annotations

import difflib
import re
import stat
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
"""Limit on the values a file holds (parser events) and on the values built from it, aliases
and merges (``<<``) expanded: stops "billion laughs" and merge bombs early."""

MAX_DEPTH = 50
"""Deepest nesting of lists and mappings (a profile needs about 10). Checked while parsing, at
each opening bracket or indent, so nothing deeper is ever read or walked recursively."""

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

_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters refused in a file and in a value: control characters (tab, line feed and carriage
return aside), lone surrogates, U+FFFE and U+FFFF. YAML refuses most of them in the file without
saying where; a quoted escape ("\\x01", "\\udc00") would carry them into a value, and from there
into every report written later. Written as the set refused, not as the complement of YAML's
printable set: the same characters (tests/test_yaml_source.py checks every code point), and
compiled in 1 ms instead of 9 on every start of the CLI."""

_MERGE_TAG = "tag:yaml.org,2002:merge"
_SHOWN = 60
"""Longest piece of a value quoted in a message."""


def load_yaml_file(
    path: str | Path, *, max_bytes: int = MAX_FILE_BYTES, cls: type[YamlError] = YamlError
) -> SourceDocument:
    """Read and parse ``path``; raise ``cls`` (a :class:`YamlError`) with file:line:column on any trap.

    The size is checked before anything is read, and at most ``max_bytes + 1`` bytes are read
    whatever the size the file claims; only a regular file is opened (a pipe or a device could
    block or never end).
    """
    p = Path(path)
    try:
        info = p.stat()
        if not stat.S_ISREG(info.st_mode):
            raise cls(
                "不是普通文件（是目录、管道或设备）",
                "not a regular file (a directory, a pipe or a device)",
                code="yaml.not_a_file",
                location=Location(str(p)),
            )
        if info.st_size > max_bytes:
            raise _too_large(cls, p, info.st_size, max_bytes)
        with p.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise cls(
            f"无法读取文件：{exc.strerror}",
            f"cannot read the file: {exc.strerror}",
            code="yaml.unreadable",
            location=Location(str(p)),
        ) from exc
    if len(raw) > max_bytes:  # it grew after stat, or its size lied (a /proc file)
        raise _too_large(cls, p, None, max_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise cls(
            "文件不是 UTF-8 编码",
            "file is not UTF-8 encoded",
            code="yaml.encoding",
            hint_zh="请用 UTF-8 编码另存该文件。",
            hint_en="save the file as UTF-8.",
            location=Location(str(p)),
        ) from exc
    return load_yaml_text(text, file=str(p), cls=cls)


def _too_large(cls: type[YamlError], p: Path, size: int | None, limit: int) -> YamlError:
    shown_zh = f"{size} 字节" if size is not None else f"超过 {limit} 字节"
    shown_en = f"{size} bytes" if size is not None else f"over {limit} bytes"
    return cls(
        f"文件过大（{shown_zh}，上限 {limit} 字节）",
        f"file too large ({shown_en}, limit {limit})",
        code="yaml.too_large",
        location=Location(str(p)),
    )


def load_yaml_text(
    text: str, *, file: str = "<string>", cls: type[YamlError] = YamlError
) -> SourceDocument:
    """Parse YAML ``text`` (see :func:`load_yaml_file`)."""
    lines = tuple(text.splitlines())
    bad = _UNPRINTABLE.search(text)
    if bad is not None:
        raise _bad_character(cls, text, bad.start(), file)
    try:
        try:
            node = _Composer(text, _FAST_LOADER, file, lines, cls).run()
        except yaml.YAMLError:  # say it as the pure-Python parser does: same words, same place
            node = _Composer(text, yaml.SafeLoader, file, lines, cls).run()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "syntax error"
        raise cls(
            f"YAML 语法错误：{problem}",
            f"YAML syntax error: {problem}",
            code="yaml.syntax",
            hint_zh="检查缩进（只用空格）、冒号后的空格和引号是否成对。",
            hint_en="check indentation (spaces only), the space after each colon, and quotes.",
            location=Location(file, line, column),
            source_line=lines[line - 1] if line and 0 < line <= len(lines) else None,
        ) from exc
    except yaml.YAMLError as exc:  # pragma: no cover - the characters it refuses are refused above
        raise cls(
            "YAML 错误", f"YAML error: {exc}", code="yaml.syntax", location=Location(file)
        ) from exc
    builder = _Builder(file, lines, cls)
    data = None if node is None else builder.build(node, ())
    return SourceDocument(data, file, lines, builder.positions)


def _bad_character(cls: type[YamlError], text: str, index: int, file: str) -> YamlError:
    """The error for an unprintable character at ``index`` of the file's text."""
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    shown = _UNPRINTABLE.sub("\ufffd", text[start : end if end >= 0 else len(text)])
    code = ord(text[index])
    return cls(
        f"文件中有不可见的控制字符或无效字符 U+{code:04X}（常由复制粘贴带入）",
        f"the file contains an invisible control or invalid character U+{code:04X} "
        "(often pasted in from elsewhere)",
        code="yaml.control_character",
        hint_zh="删除该字符（可重新输入这一行）；制表符、换行可以保留。",
        hint_en="delete the character (retype the line); tabs and line breaks are fine.",
        location=Location(file, line, index - start + 1),
        source_line=shown.rstrip("\r"),
    )


def _shown(text: str) -> str:
    """``text`` cut to a length a message can quote."""
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _tag_text(tag: str) -> str:
    """A tag as it was written: ``!!python/name:x`` rather than ``tag:yaml.org,2002:python/name:x``."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,") else tag


class _Composer:
    """Build the node tree from the parser's events without recursion, refusing traps on the way.

    PyYAML's own composer (and libyaml's) call themselves once per level: a file nested a few
    thousand deep ends in RecursionError (or overflows the C stack). This one keeps its own stack,
    so the depth is checked at each opening bracket or indent, before anything deeper is read.
    Tags are refused here too: an explicit tag is only visible in the events.
    """

    def __init__(
        self, text: str, loader: Any, file: str, lines: tuple[str, ...], cls: type[YamlError]
    ) -> None:
        self.text = text
        self.loader_cls = loader
        self.file = file
        self.lines = lines
        self.cls = cls

    def fail(self, mark: Any, zh: str, en: str, code: str, hint_zh: str, hint_en: str) -> YamlError:
        line, col = mark.line + 1, mark.column + 1
        return self.cls(
            zh,
            en,
            code=code,
            hint_zh=hint_zh,
            hint_en=hint_en,
            location=Location(self.file, line, col),
            source_line=self.lines[line - 1] if 0 < line <= len(self.lines) else None,
        )

    def too_many(self, mark: Any) -> YamlError:
        return self.fail(
            mark,
            f"文件中的值超过 {MAX_NODES} 个",
            f"more than {MAX_NODES} values in the file",
            "yaml.too_many_nodes",
            "一个配置用不到这么多值：文件是不是弄错了？",
            "no profile holds this many values: is this the right file?",
        )

    def run(self) -> yaml.Node | None:
        loader = self.loader_cls(self.text)
        try:
            return self._run(loader)
        finally:
            loader.dispose()

    def _run(self, loader: Any) -> yaml.Node | None:
        root: yaml.Node | None = None
        stack: list[yaml.Node] = []  # the collections still open, outermost first
        pending: list[yaml.Node | None] = []  # per open mapping: a key waiting for its value
        open_ids: set[int] = set()
        anchors: dict[str, yaml.Node] = {}
        document: Any = None
        node: yaml.Node

        def attach(node: yaml.Node) -> None:
            nonlocal root
            if not stack:
                root = node
                return
            parent = stack[-1]
            if isinstance(parent, yaml.SequenceNode):
                parent.value.append(node)
            elif pending[-1] is None:
                pending[-1] = node
            else:
                parent.value.append((pending[-1], node))
                pending[-1] = None

        resolve = loader.resolve
        get_event = loader.get_event
        made = 0
        while True:
            event = get_event()
            kind = type(event)
            made += 1
            if made > MAX_NODES:  # parser events: one per value, two per list or mapping
                raise self.too_many(event.start_mark)
            if kind is yaml.ScalarEvent and event.tag is None and event.anchor is None:
                # the common case first: a plain value, no tag, no anchor
                attach(
                    yaml.ScalarNode(
                        resolve(yaml.ScalarNode, event.value, event.implicit),
                        event.value,
                        event.start_mark,
                        event.end_mark,
                        style=event.style,
                    )
                )
                continue
            if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                node = stack.pop()
                open_ids.discard(id(node))
                node.end_mark = event.end_mark
                if kind is yaml.MappingEndEvent:
                    pending.pop()
                attach(node)
                continue
            if event is None or kind is yaml.StreamEndEvent:
                return root
            if kind is yaml.StreamStartEvent or kind is yaml.DocumentEndEvent:
                continue
            if kind is yaml.DocumentStartEvent:
                if document is not None:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream",
                        document,
                        "but found another document",
                        event.start_mark,
                    )
                document = event.start_mark
                continue
            if kind is yaml.AliasEvent:
                target = anchors.get(event.anchor)
                if target is None:
                    raise yaml.composer.ComposerError(
                        None, None, f"found undefined alias {event.anchor!r}", event.start_mark
                    )
                if id(target) in open_ids:
                    raise self.fail(
                        event.start_mark,
                        f"别名 *{event.anchor} 指向包含它自身的锚点 &{event.anchor}（循环引用）",
                        f"alias *{event.anchor} refers to the anchor &{event.anchor} that contains it (a cycle)",
                        "yaml.recursive_alias",
                        "别名只能引用已经写完的值。",
                        "an alias may only refer to a value that is complete.",
                    )
                attach(target)
                continue
            if event.tag is not None:
                tag = _tag_text(event.tag)
                raise self.fail(
                    event.start_mark,
                    f"配置文件中不能使用 YAML 标签“{_shown(tag)}”",
                    f"YAML tags are not allowed: '{_shown(tag)}'",
                    "yaml.tag_not_allowed",
                    f'删除标签；如果它是文字的一部分，请给整个值加引号（"{_shown(tag)} …"）。',
                    f'remove the tag; if it is part of the text, quote the whole value ("{_shown(tag)} ...").',
                )
            if event.anchor is not None and event.anchor in anchors:
                raise yaml.composer.ComposerError(
                    f"found duplicate anchor {event.anchor!r}; first occurrence",
                    anchors[event.anchor].start_mark,
                    "second occurrence",
                    event.start_mark,
                )
            if kind is yaml.ScalarEvent:
                tag = resolve(yaml.ScalarNode, event.value, event.implicit)
                node = yaml.ScalarNode(
                    tag, event.value, event.start_mark, event.end_mark, style=event.style
                )
                anchors[event.anchor] = node
                attach(node)
                continue
            if len(stack) >= MAX_DEPTH:
                raise self.fail(
                    event.start_mark,
                    f"嵌套超过 {MAX_DEPTH} 层（列表和键值对套得太深）",
                    f"nested more than {MAX_DEPTH} levels deep (lists and mappings)",
                    "yaml.too_deep",
                    "配置文件用不到这么深的嵌套：检查括号 [ ] { } 是否成对、缩进是否正确。",
                    "no profile needs this much nesting: check that brackets pair up, and the indentation.",
                )
            if kind is yaml.SequenceStartEvent:
                tag = resolve(yaml.SequenceNode, None, event.implicit)
                node = yaml.SequenceNode(
                    tag, [], event.start_mark, None, flow_style=event.flow_style
                )
            else:
                tag = resolve(yaml.MappingNode, None, event.implicit)
                node = yaml.MappingNode(
                    tag, [], event.start_mark, None, flow_style=event.flow_style
                )
                pending.append(None)
            if event.anchor is not None:
                anchors[event.anchor] = node
            stack.append(node)
            open_ids.add(id(node))


class _Builder:
    """Turn a composed node tree into plain data, recording positions and refusing traps."""

    def __init__(self, file: str, lines: tuple[str, ...], cls: type[YamlError]) -> None:
        self.file = file
        self.lines = lines
        self.cls = cls
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.count = 0
        self.constructor = yaml.SafeLoader("")
        self.flattened: dict[int, list[tuple[Any, yaml.Node, yaml.Node]]] = {}
        """Each merged mapping's pairs, worked out once (by node identity)."""

    def fail(
        self, node: yaml.Node, zh: str, en: str, code: str, hint_zh: str, hint_en: str
    ) -> YamlError:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        return self.cls(
            zh,
            en,
            code=code,
            hint_zh=hint_zh,
            hint_en=hint_en,
            location=Location(self.file, line, col),
            source_line=self.lines[line - 1] if 0 < line <= len(self.lines) else None,
        )

    def counted(self, node: yaml.Node, n: int = 1) -> None:
        """Count ``n`` more values built or merged; refuse a file that expands beyond ``MAX_NODES``."""
        self.count += n
        if self.count > MAX_NODES:
            raise self.fail(
                node,
                f"文件展开后的值超过 {MAX_NODES} 个（锚点/别名或合并键 << 嵌套过深？）",
                f"more than {MAX_NODES} values after expanding aliases and merges (alias bomb?)",
                "yaml.too_many_nodes",
                "去掉嵌套的锚点（&）、别名（*）和合并键（<<）。",
                "remove nested anchors (&), aliases (*) and merge keys (<<).",
            )

    def too_deep(self, node: yaml.Node) -> YamlError:
        return self.fail(
            node,
            f"展开别名后嵌套超过 {MAX_DEPTH} 层",
            f"nested more than {MAX_DEPTH} levels deep once aliases are expanded",
            "yaml.too_deep",
            "少用层层引用的别名（*）和合并键（<<）。",
            "use fewer aliases (*) and merge keys (<<) that refer to one another.",
        )

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.counted(node)
        if len(path) > MAX_DEPTH:  # an alias can take a value deeper than it is written
            raise self.too_deep(node)
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self.build_scalar(node)

    def build_mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key, key_node, value_node in self.pairs(node, 0):
            self.positions[(*path, key, KEY)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            out[key] = self.build(value_node, (*path, key))
        return out

    def pairs(self, node: yaml.MappingNode, depth: int) -> list[tuple[Any, yaml.Node, yaml.Node]]:
        """The (key, key node, value node) of a mapping with its merge keys (``<<``) resolved.

        As YAML's merge key says: the mapping's own keys win, then the merged mappings in the
        order they are listed. Every merged pair is counted each time it is merged, so a merge
        bomb stops early; each mapping's own pairs are worked out once.
        """
        known = self.flattened.get(id(node))
        if known is not None:
            return known
        own: dict[Any, tuple[yaml.Node, yaml.Node]] = {}
        sources: list[yaml.MappingNode] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(
                    key_node,
                    "键必须是简单的文字",
                    "a key must be a plain scalar",
                    "yaml.key_not_scalar",
                    "把键写成普通文字。",
                    "write the key as plain text.",
                )
            if key_node.tag == _MERGE_TAG:
                sources.extend(self.merged(value_node))
                continue
            key = self.build_scalar(key_node)
            if isinstance(key, (bool, float)) or key is None:
                key = key_node.value  # `no:` or `1.5:` as a key means the text, not a value
            if key in own:
                first = own[key][0].start_mark.line + 1
                raise self.fail(
                    key_node,
                    f"重复的键 “{_shown(str(key))}”（第一次出现在第 {first} 行）；YAML 会悄悄只保留后一个",
                    f"duplicate key '{_shown(str(key))}' (first at line {first}); YAML would silently keep the last",
                    "yaml.duplicate_key",
                    "删除或合并其中一个。",
                    "delete or merge one of them.",
                )
            own[key] = (key_node, value_node)
        if sources and depth >= MAX_DEPTH:
            raise self.too_deep(node)
        merged: dict[Any, tuple[yaml.Node, yaml.Node]] = {}
        for source in sources:
            pairs = self.pairs(source, depth + 1)
            self.counted(source, len(pairs))
            for key, key_node, value_node in pairs:
                if key not in own:
                    merged.setdefault(key, (key_node, value_node))
        result = [(key, k, v) for key, (k, v) in (merged | own).items()]
        self.flattened[id(node)] = result
        return result

    def merged(self, value: yaml.Node) -> list[yaml.MappingNode]:
        """The mappings a merge key (``<<``) brings in: one mapping, or a list of mappings."""
        if isinstance(value, yaml.MappingNode):
            return [value]
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        wrong = next((item for item in items if not isinstance(item, yaml.MappingNode)), None)
        if wrong is None:
            return list(items)
        found_zh, found_en = (
            ("文字", "a scalar") if isinstance(wrong, yaml.ScalarNode) else ("列表", "a list")
        )
        raise self.fail(
            wrong,
            f"合并键 << 只能合并键值对（或键值对的列表），这里是{found_zh}",
            f"a merge key << takes a mapping (or a list of mappings), not {found_en}",
            "yaml.bad_merge",
            "写成 <<: *锚点名，锚点所指的是一组键值对；或删掉 <<。",
            "write <<: *anchor where the anchor names a mapping, or remove the <<.",
        )

    def build_scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:
            text = _shown(node.value)
            if node.tag.endswith(":timestamp"):  # a date-shaped value that is no date: 2027-02-30
                raise self.fail(
                    node,
                    f"“{text}” 不是有效的日期或时间（{exc}）",
                    f"'{text}' is not a valid date or time ({exc})",
                    "yaml.invalid_date",
                    "检查年、月、日：该月有没有这一天？写作 YYYY-MM-DD。",
                    "check the year, month and day: does that month have that day? Write YYYY-MM-DD.",
                ) from exc
            raise self.fail(  # an integer of thousands of digits
                node,
                f"“{text}” 不是可用的数（{exc}）",
                f"'{text}' is not a usable number ({exc})",
                "yaml.invalid_number",
                "数字太长；如果它是文字（如编号），请加引号。",
                "the number is too long; quote it if it is text (an id, say).",
            ) from exc
        if isinstance(value, str):
            bad = _UNPRINTABLE.search(value)
            if bad is not None:  # written as an escape in quotes: "\x01", "\udc00"
                code = ord(bad.group())
                raise self.fail(
                    node,
                    f"值中有不可见的控制字符或无效字符 U+{code:04X}（由引号中的转义写法产生）",
                    f"the value contains an invisible control or invalid character U+{code:04X} "
                    "(from an escape in quotes)",
                    "yaml.control_character",
                    "删除引号中的 \\x…、\\u… 之类的转义。",
                    "remove the escape (\\x.., \\u..) from the quoted text.",
                )
        if (
            not node.style
        ):  # plain, unquoted (None, or "" from libyaml): the YAML 1.1 traps live here
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
    "MAX_DEPTH",
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

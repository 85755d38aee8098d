"""One row per work order: the history spread over columns, read through the mapping's ``events:``.

A platform's export to a unit has one row per order, with a column for each step's time
(接收时间, 回复时间, 答复时间 ...), one column whose value says what another column's time was
(回复类型: 回复, 回退 or 申请延期), facts (紧急程度), tags (工单类型=重办单, 【紧急】 inside the
request text), and the platform's own deadline (办结时限). :class:`WideRows` turns each row into a
``Ticket`` or a ``Rejected`` naming the line, the column and the value; what can be read past
(a value read as unknown under ``unknown_values: warn``, a platform deadline that cannot be read)
is counted in :class:`ReadWarnings`, never dropped without a word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from hotline_rules.audit.mapping import (
    TICKET_FIELDS,
    Mapping,
    TimeRead,
    WideEvent,
    end_of_day_if_date,
)
from hotline_rules.engine.ticket import Rejected, Ticket, parse_record
from hotline_rules.errors import InputError, Location
from hotline_rules.vocabulary import SATISFACTIONS

WARNING_EXAMPLES: Final = 100
"""How many warnings are kept with their line, column and value (every one is counted)."""


@dataclass
class ReadWarnings:
    """What reading let pass with a warning: counted by code, the first ones kept with their place."""

    counts: dict[str, int] = field(default_factory=dict)
    examples: list[dict[str, Any]] = field(default_factory=list)

    def add(self, code: str, line: int, column: str, value: str, zh: str, en: str) -> None:
        self.counts[code] = self.counts.get(code, 0) + 1
        if len(self.examples) < WARNING_EXAMPLES:
            self.examples.append(
                {
                    "code": code,
                    "line": line,
                    "column": column,
                    "value": value,
                    "message_zh": zh,
                    "message_en": en,
                }
            )

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        """Stable keys: counts by code and the first :data:`WARNING_EXAMPLES` warnings."""
        return {"counts": dict(sorted(self.counts.items())), "examples": list(self.examples)}


_BUILT_IN: dict[str, dict[str, str]] = {
    "satisfaction": {
        "满意": "satisfied",
        "基本满意": "basically_satisfied",
        "不满意": "unsatisfied",
    },
    "resolved": {"是": "true", "否": "false", "已解决": "true", "未解决": "false"},
    "role": {
        "主办": "lead",
        "协办": "co",
        "首接": "first_receiving",
        "首接负责": "first_receiving",
    },
}
"""The words platforms commonly write for an event's rating, resolution and role, read without a
``values`` entry; the mapping's own ``values.satisfaction`` / ``resolved`` / ``role`` come first."""

_KNOWN: dict[str, frozenset[str]] = {
    "satisfaction": frozenset(SATISFACTIONS),
    "resolved": frozenset(("true", "false")),
    "role": frozenset(("lead", "co", "first_receiving")),
}


class Unmapped(Exception):
    """A value outside its field's value map, in a row whose mapping says ``reject``."""

    def __init__(self, rejected: Rejected) -> None:
        self.rejected = rejected


def unmapped_value(
    mapping: Mapping,
    warnings: ReadWarnings,
    line: int,
    column: str,
    name: str,
    raw: str,
    ticket_id: str | None,
) -> None:
    """A value its field's value map lacks: raise :class:`Unmapped` (``reject``), or count a warning."""
    known = "、".join(mapping.values.get(name, {})) or "（无）"
    zh = f"第 {line} 行“{column}”列的值“{raw}”不在映射文件 values.{name} 中（已有：{known}）"
    en = f"line {line}: the value '{raw}' of column '{column}' is not under values.{name} in the mapping"
    if mapping.unknown_values == "reject":
        raise Unmapped(
            Rejected(
                line,
                zh + "；请在映射文件中补上它对应的词",
                en + "; add the word it stands for to the mapping",
                ticket_id,
                "record.unmapped_value",
            )
        )
    warnings.add(
        "mapping.unknown_value", line, column, raw, zh + "，按未知处理", en + ", read as unknown"
    )


def missing_columns(
    mapping: Mapping, columns: Sequence[str], file: str | None, line: int | None
) -> None:
    """Raise an ``export.missing_column`` error naming each column the mapping reads that the header lacks."""
    have = set(columns)
    lacking = [c for c in mapping.named_columns() if c not in have]
    if lacking:
        shown = "、".join(c or "（空）" for c in columns) or "（无）"
        raise InputError(
            f"映射文件写到的列在表头里没有：{'、'.join(lacking)}。找到的列：{shown}",
            f"columns the mapping names are not in the header: {', '.join(lacking)}."
            f" Columns found: {', '.join(columns)}",
            code="export.missing_column",
            hint_zh="检查列名是否与表头一字不差（全角括号、空格），或用 hotline-rules mapping suggest 起草映射。",
            hint_en="check that each name matches the header exactly (full-width brackets, spaces),"
            " or draft a mapping with hotline-rules mapping suggest.",
            location=Location(file, line),
        )


class WideRows:
    """Rows of a one-row-per-order export -> tickets, every column read as the mapping says."""

    def __init__(
        self,
        mapping: Mapping,
        columns: Sequence[str],
        *,
        file: str | None,
        years: tuple[int, int] | None,
        warnings: ReadWarnings,
    ) -> None:
        self.mapping = mapping
        self.file = file
        self.years = years
        self.warnings = warnings
        index = {c: i for i, c in enumerate(columns) if c}
        self._index = index
        self._fields = [
            (index[c], c, f)
            for c, f in mapping.columns.items()
            if c in index and f in TICKET_FIELDS and f != "id"
        ]
        self._personal = [
            (index[c], c) for c, f in mapping.columns.items() if f == "personal" and c in index
        ]
        ids = [c for c, f in mapping.columns.items() if f == "id" and c in index]
        self._id = index[ids[0]] if ids else None
        zone = mapping.zone()
        self._events = [(e, TimeRead(e.formats, zone)) for e in mapping.events]
        self._due = {
            clock: (column, TimeRead(formats, zone))
            for clock, (column, formats) in mapping.platform_due.items()
        }
        self._masked = mapping.masked

    def _cell(self, cells: Sequence[str], column: str | None) -> str:
        if column is None:
            return ""
        i = self._index.get(column)
        if i is None or i >= len(cells):
            return ""
        text = cells[i].strip()
        return "" if text in self._masked else text

    def read(self, line: int, cells: Sequence[str]) -> Ticket | Rejected:
        """One row: a ticket, or the reason it cannot be one (its line, column and value)."""
        tid = cells[self._id].strip() if self._id is not None and self._id < len(cells) else ""
        if not tid or tid in self._masked:
            return Rejected(
                line, "工单编号为空", "the ticket id is empty", None, "record.missing_field"
            )
        try:
            return self._read(line, cells, tid)
        except Unmapped as exc:
            return exc.rejected

    def _read(self, line: int, cells: Sequence[str], tid: str) -> Ticket | Rejected:
        m = self.mapping
        data: dict[str, Any] = {"id": tid}
        tags: list[str] = []
        for i, column, name in self._fields:
            raw = cells[i].strip() if i < len(cells) else ""
            if not raw or raw in self._masked:
                continue
            if name == "tags":
                tags += [t for t in (x.strip() for x in raw.replace("；", ";").split(";")) if t]
                continue
            if name == "repeat_count":
                data[name] = int(raw) if raw.isdigit() and len(raw) < 10 else raw
                continue
            value = m.known_value(name, raw)
            if value is None:
                unmapped_value(m, self.warnings, line, column, name, raw, tid)
                continue
            data[name] = value
        for name, value in m.defaults.items():
            data.setdefault(name, value)
        personal = {c: text for i, c in self._personal if (text := self._cell(cells, c))}
        if personal:
            data["personal"] = personal
        for rule in m.tags:
            text = self._cell(cells, rule.column)
            if text and rule.test(text):
                if rule.tag is not None:
                    tags.append(rule.tag)
                for name, value in rule.sets:
                    data[name] = value
        if tags:
            data["tags"] = tags
        events: list[dict[str, Any]] = []
        for spec, read in self._events:
            raw = self._cell(cells, spec.column)
            if not raw:
                continue
            at = read(raw)
            if isinstance(at, str):
                return self._bad_time(line, tid, spec.column, raw, at)
            kinds = self._types(spec, cells, line, tid)
            attributes = self._attributes(spec, cells, line, tid) if kinds else {}
            for kind in kinds:
                events.append({**self._event(spec, kind, at, cells), **attributes})
        data["events"] = events
        due: dict[str, datetime] = {}
        for clock, (column, read) in self._due.items():
            raw = self._cell(cells, column)
            if not raw:
                continue
            at = read(raw)
            if isinstance(at, str):
                self.warnings.add(
                    "mapping.bad_platform_due",
                    line,
                    column,
                    raw,
                    f"第 {line} 行“{column}”列的平台截止时间“{raw}”无法识别，未作比较",
                    f"line {line}: the platform deadline '{raw}' of column '{column}' cannot be read;"
                    " not compared",
                )
                continue
            due[clock] = end_of_day_if_date(at)
        if due:
            data["platform_due"] = due
        return parse_record(data, line, file=self.file, years=self.years, text_checked=True)

    def _types(self, spec: WideEvent, cells: Sequence[str], line: int, tid: str) -> tuple[str, ...]:
        if spec.type_column is None:
            return spec.types
        value = self._cell(cells, spec.type_column)
        found = spec.type_map.get(value)
        if found is not None:
            return found
        shown = "、".join(spec.type_map) or "（无）"
        zh = (
            f"第 {line} 行“{spec.type_column}”列的值“{value or '（空）'}”不在 events 的 types 中"
            f"（已有：{shown}），“{spec.column}”的时间是什么事件无从判断"
        )
        en = (
            f"line {line}: the value '{value}' of column '{spec.type_column}' is not under the"
            f" event's types, so the event of column '{spec.column}' is unknown"
        )
        if self.mapping.unknown_values == "reject":
            raise Unmapped(Rejected(line, zh, en, tid, "record.unmapped_value"))
        self.warnings.add(
            "mapping.unknown_value",
            line,
            spec.type_column,
            value,
            zh + "，该事件未读取",
            en + "; not read",
        )
        return ()

    def _attributes(
        self, spec: WideEvent, cells: Sequence[str], line: int, tid: str
    ) -> dict[str, Any]:
        """A revisit's rating and resolution, a dispatch's role, each read from its column through
        the mapping's ``values`` (a value outside them: rejected or warned, as any other)."""
        out: dict[str, Any] = {}
        for name, column in (
            ("satisfaction", spec.satisfaction_column),
            ("resolved", spec.resolved_column),
            ("role", spec.role_column),
        ):
            raw = self._cell(cells, column)
            if not raw or column is None:
                continue
            # the mapping's own words first (a profile may have words of its own), then the
            # common ones, then a value already written as one of our words
            word = self.mapping.values.get(name, {}).get(raw) or _BUILT_IN[name].get(raw)
            if word is None and raw in _KNOWN[name]:
                word = raw
            if word is None:
                unmapped_value(self.mapping, self.warnings, line, column, name, raw, tid)
                continue
            out[name] = {"true": True, "false": False}.get(word, word)
        return out

    def _event(
        self, spec: WideEvent, kind: str, at: datetime, cells: Sequence[str]
    ) -> dict[str, Any]:
        event: dict[str, Any] = {"type": kind, "at": at}
        unit = self._cell(cells, spec.unit_column) or spec.unit
        if unit:
            event["unit"] = unit
        reason = self._cell(cells, spec.reason_column)
        if reason:
            event["reason"] = reason
        length = self._cell(cells, spec.length_column)
        if length and kind.startswith("extension_"):
            number = length.removesuffix(".0")
            event["length"] = number + spec.length_unit if number.isdigit() else length
        notes = [self._cell(cells, spec.note_column)]
        until = self._cell(cells, spec.until_column)
        if until:
            notes.append(f"申请延期至 {until}")
        note = "；".join(n for n in notes if n)
        if note:
            event["note"] = note
        return event

    def _bad_time(self, line: int, tid: str, column: str, raw: str, why: str) -> Rejected:
        if why == "naive":
            return Rejected(
                line,
                f'“{column}”列的时间“{raw}”没有时区：请在映射文件中写明 assume_offset（如 "+08:00"）',
                f"the time '{raw}' of column '{column}' has no offset: declare assume_offset in the"
                ' mapping (e.g. "+08:00")',
                tid,
                "record.time_naive",
            )
        return Rejected(
            line,
            f"“{column}”列的时间“{raw}”无法识别：请把它的写法加入映射文件的 time_formats"
            '（如 "%Y/%m/%d %H:%M:%S"）',
            f"the time '{raw}' of column '{column}' cannot be read: add its format to time_formats"
            ' in the mapping (e.g. "%Y/%m/%d %H:%M:%S")',
            tid,
            "record.time_invalid",
        )


__all__ = [
    "WARNING_EXAMPLES",
    "ReadWarnings",
    "Unmapped",
    "WideRows",
    "missing_columns",
    "unmapped_value",
]

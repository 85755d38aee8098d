"""The mapping file: how a platform's export (its columns, its words, its times) maps onto tickets.

Every platform names its columns its own way, writes times its own way and spreads a work
order over one row (wide) or many (one row per event). A small YAML file says which is which,
in the platform's own words, and is checked when it is read (a located, bilingual error for each
mistake; ``hotline-rules schema --mapping`` prints its JSON Schema for editors). The reference
for policy staff is ``docs/zh/mapping.md``.

``MappingFile`` is the file as written (pydantic, so the schema and the errors come from one
place); :class:`Mapping` is what the readers use, built once from it: regular expressions
compiled, value maps merged, time formats resolved per column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from hotline_rules.engine.ticket import Event, Ticket
from hotline_rules.errors import InputError
from hotline_rules.yaml_source import bilingual, load_yaml_file, validation_error

TICKET_FIELDS: Final = tuple(
    name for name in Ticket.model_fields if name not in ("personal", "events", "platform_due")
)
"""A ticket's attributes a column may hold, read off the model (personal data, events and the
platform's due instants have columns of their own kind), so a field the model gains is mappable
the day it is added."""
EVENT_FIELDS: Final = tuple(f.name for f in fields(Event))
"""An event's fields a column of a one-row-per-event export may hold, read off the model."""
COLUMN_FIELDS: Final = frozenset({*TICKET_FIELDS, *EVENT_FIELDS, "events", "personal"})
"""What a column of ``columns:`` may be mapped to."""
DEFAULT_FIELDS: Final = frozenset(TICKET_FIELDS) - {"id", "tags", "repeat_count"}
"""What ``defaults:`` may give a value to (a ticket's attributes the export does not have)."""

_OFFSET_RE = re.compile(r"^[+-]\d{2}:\d{2}$")
_HAS_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")
_NUMBER = re.compile(r"[+-]?\d+(\.\d*)?", re.ASCII)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}([T ]|$)", re.ASCII)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _text_keys(value: Any) -> Any:
    """YAML may read a key or value as a number or a boolean (``1: emergency``): keep it as text."""
    if isinstance(value, dict):
        return {
            str(k): v if isinstance(v, dict | list) else ("" if v is None else str(v))
            for k, v in value.items()
        }
    return value


def _formats(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _check_formats(formats: list[str]) -> list[str]:
    for f in formats:
        if "%" not in f:
            raise bilingual(
                "mapping.bad_time_formats",
                f'time_formats 应为 strptime 格式的列表，如 ["%Y/%m/%d %H:%M:%S"]；“{f}”不含 %',
                f'time_formats is a list of strptime formats, e.g. ["%Y/%m/%d %H:%M:%S"]; "{f}" has no %',
            )
    return formats


Formats = Annotated[
    list[Annotated[str, Field(min_length=1)]],
    Field(description="strptime 格式，依次尝试 / strptime formats, tried in order"),
]


class EventColumn(_Model):
    """A column that holds the time of an event (one row per work order)."""

    column: str = Field(description="时间所在的列 / the column holding the event's time")
    type: str | list[str] | None = Field(
        None,
        description="事件类型（固定）；写成列表则同一时刻记几个事件 / the event type (fixed); a list"
        " gives several events at that instant",
    )
    type_column: str | None = Field(
        None,
        description="事件类型取决于这一列的值（如 回复类型）/ the type depends on this column's value",
    )
    types: dict[str, str | list[str]] = Field(
        default_factory=dict,
        description="type_column 的值 -> 事件类型 / type_column's value -> event type(s)",
    )
    unit: str | None = Field(None, description="承办单位（固定）/ the unit (fixed)")
    unit_column: str | None = Field(None, description="承办单位所在的列 / the unit's column")
    reason_column: str | None = Field(None, description="理由所在的列 / the reason's column")
    length_column: str | None = Field(
        None, description="延期长度所在的列 / the extension length's column"
    )
    length_unit: str = Field(
        "个工作日",
        description="长度只写了数字时补上的单位，如 个工作日、日 / the unit added to a bare number",
    )
    until_column: str | None = Field(
        None,
        description="申请延期至（新的截止日期），记入事件备注 / the requested new due date, kept"
        " in the event's note",
    )
    note_column: str | None = Field(None, description="备注所在的列 / the note's column")
    satisfaction_column: str | None = Field(
        None,
        description="回访满意度所在的列，值按 values.satisfaction 对照 / the revisit's rating,"
        " read through values.satisfaction",
    )
    resolved_column: str | None = Field(
        None,
        description="回访时诉求是否解决所在的列（是/否、已解决/未解决，或按 values.resolved）"
        " / whether the request was resolved, at a revisit",
    )
    role_column: str | None = Field(
        None,
        description="派单时承办角色所在的列（主办/协办/首接，或按 values.role）/ the role a dispatch"
        " gives: lead, co, first_receiving",
    )
    formats: Formats = Field(default_factory=list)

    _types = field_validator("types", mode="before")(_text_keys)
    _fmts = field_validator("formats", mode="before")(_formats)

    @field_validator("formats")
    @classmethod
    def _fmt_ok(cls, v: list[str]) -> list[str]:
        return _check_formats(v)

    @model_validator(mode="after")
    def _one_type(self) -> EventColumn:
        if (self.type is None) == (self.type_column is None):
            raise bilingual(
                "mapping.event_type",
                f"列“{self.column}”的事件：type（固定类型）与 type_column（按另一列定类型）须写且只写一个",
                f"the event of column '{self.column}': give exactly one of type (fixed) and"
                " type_column (the type read from another column)",
            )
        if self.type_column is not None and not self.types:
            raise bilingual(
                "mapping.event_type",
                f"写了 type_column“{self.type_column}”，还须用 types 写明它的每个值是什么事件",
                f"type_column '{self.type_column}' needs types: which event each of its values is",
            )
        return self


class TagRule(_Model):
    """A tag given to a work order when a column holds a value, or a text holds a pattern."""

    column: str = Field(description="读取的列 / the column read")
    equals: str | None = Field(None, description="列的值等于它时 / when the value is this")
    contains: str | None = Field(None, description="列的文字含有它时 / when the text contains this")
    pattern: str | None = Field(
        None, description="列的文字匹配这个正则表达式时 / when the text matches this regex"
    )
    tag: str | None = Field(None, description="加上的标记 / the tag given")
    set: dict[str, str] = Field(
        default_factory=dict,
        description="同时（或改为）设定的工单字段，如 {urgency: emergency} / fields set",
    )

    @model_validator(mode="after")
    def _one_test(self) -> TagRule:
        tests = [t for t in (self.equals, self.contains, self.pattern) if t is not None]
        if len(tests) != 1:
            raise bilingual(
                "mapping.tag_rule",
                f"列“{self.column}”的标记规则：equals、contains、pattern 须写且只写一个",
                f"the tag rule on column '{self.column}': give exactly one of equals, contains,"
                " pattern",
            )
        if self.tag is None and not self.set:
            raise bilingual(
                "mapping.tag_rule",
                f"列“{self.column}”的标记规则没有写 tag（或 set）",
                f"the tag rule on column '{self.column}' gives no tag (nor set)",
            )
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise bilingual(
                    "mapping.bad_pattern",
                    f"pattern 不是有效的正则表达式：{exc}",
                    f"pattern is not a valid regular expression: {exc}",
                    at=("pattern",),
                ) from None
        for name in self.set:
            if name not in DEFAULT_FIELDS:
                raise bilingual(
                    "mapping.unknown_field",
                    f"set 里的“{name}”不是可设定的工单字段（可用：{'、'.join(sorted(DEFAULT_FIELDS))}）",
                    f"'{name}' under set is not a ticket field that can be set",
                    at=("set", name),
                    at_key=True,
                )
        return self


class DueColumn(_Model):
    """The platform's own due instant of a clock, in a column (``办结时限``)."""

    column: str = Field(description="平台截止时间所在的列 / the column of the platform's deadline")
    formats: Formats = Field(default_factory=list)

    _fmts = field_validator("formats", mode="before")(_formats)

    @field_validator("formats")
    @classmethod
    def _fmt_ok(cls, v: list[str]) -> list[str]:
        return _check_formats(v)


class MappingFile(_Model):
    """A mapping file as written (``--mapping``): see docs/zh/mapping.md."""

    columns: dict[str, str] = Field(
        default_factory=dict, description="平台的列 -> 工单字段 / the platform's column -> field"
    )
    values: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="每个字段：平台的用词 -> 共用词汇 / per field: the platform's word -> ours",
    )
    unknown_values: Literal["reject", "warn"] = Field(
        "reject",
        description="值不在 values 中：reject 拒收该行（默认），warn 计为警告并当作未知 / a value"
        " outside values: reject the row (default), or warn and read it as unknown",
    )
    defaults: dict[str, str] = Field(
        default_factory=dict,
        description="导出里没有的工单字段的取值，如 {requester: citizen} / values of fields the"
        " export lacks",
    )
    assume_offset: str | None = Field(
        None, description='不带时区的时间按此时区读取，如 "+08:00" / offset of local times'
    )
    time_formats: Formats = Field(default_factory=list)
    header_row: int | None = Field(
        None, description="表头所在的行号（从 1 起；默认自动找）/ the header's line (from 1)"
    )
    sheet: str | int | None = Field(
        None, description="Excel 的工作表：名称或序号（从 0 起）/ the sheet: name or index (from 0)"
    )
    masked: list[str] = Field(
        default_factory=list,
        description="表示“不详”的值（如脱敏的 ******）/ values meaning unknown (masked)",
    )
    events: list[EventColumn] = Field(
        default_factory=list,
        description="每行一张工单：哪一列是哪个事件的时间 / one row per order: event time columns",
    )
    tags: list[TagRule] = Field(default_factory=list, description="标记规则 / tag rules")
    platform_due: dict[str, str | DueColumn] = Field(
        default_factory=dict,
        description="平台给出的截止时间：时限（clock）-> 列 / the platform's deadline per clock",
    )

    _values = field_validator("values", mode="before")(
        lambda v: {str(k): _text_keys(m) for k, m in v.items()} if isinstance(v, dict) else v
    )
    _cols = field_validator("columns", "defaults", mode="before")(_text_keys)
    _fmts = field_validator("time_formats", "masked", mode="before")(_formats)

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, columns: dict[str, str]) -> dict[str, str]:
        for column, target in columns.items():
            if target not in COLUMN_FIELDS:
                raise bilingual(
                    "mapping.unknown_field",
                    f"列“{column}”映射到了不认识的字段“{target}”（可用：{'、'.join(sorted(COLUMN_FIELDS))}）",
                    f"column '{column}' maps to the unknown field '{target}'",
                    at=(column,),
                )
        return columns

    @field_validator("defaults")
    @classmethod
    def _default_fields(cls, defaults: dict[str, str]) -> dict[str, str]:
        for name in defaults:
            if name not in DEFAULT_FIELDS:
                raise bilingual(
                    "mapping.unknown_field",
                    f"defaults 里的“{name}”不是可设定的工单字段（可用：{'、'.join(sorted(DEFAULT_FIELDS))}）",
                    f"'{name}' under defaults is not a ticket field that can be given",
                    at=(name,),
                    at_key=True,
                )
        return defaults

    @field_validator("assume_offset", mode="before")
    @classmethod
    def _offset(cls, v: Any) -> Any:
        if v is not None and not _OFFSET_RE.match(str(v)):
            raise bilingual(
                "mapping.bad_offset",
                f'assume_offset 应写成 "+08:00" 的形式，实际为 {v!r}',
                f'assume_offset is written like "+08:00", got {v!r}',
            )
        return None if v is None else str(v)

    @field_validator("header_row", mode="before")
    @classmethod
    def _header_row(cls, v: Any) -> Any:
        if v is not None and (type(v) is not int or v < 1):
            raise bilingual(
                "mapping.bad_header_row",
                f"header_row 应为表头所在的行号（从 1 起），实际为 {v!r}",
                f"header_row is the line of the header (from 1), got {v!r}",
            )
        return v

    @field_validator("time_formats", mode="before")
    @classmethod
    def _time_formats(cls, v: Any) -> Any:
        if not isinstance(v, list) or not all(isinstance(f, str) and "%" in f for f in v):
            raise bilingual(
                "mapping.bad_time_formats",
                'time_formats 应为 strptime 格式的列表，如 ["%Y/%m/%d %H:%M:%S"]',
                'time_formats is a list of strptime formats, e.g. ["%Y/%m/%d %H:%M:%S"]',
            )
        return v

    @field_validator("sheet", mode="before")
    @classmethod
    def _sheet(cls, v: Any) -> Any:
        if isinstance(v, bool) or (isinstance(v, int) and v < 0):
            raise bilingual(
                "mapping.bad_sheet",
                f"sheet 应为工作表的名称或序号（从 0 起），实际为 {v!r}",
                f"sheet is the sheet's name or index (from 0), got {v!r}",
            )
        return v


def mapping_json_schema() -> dict[str, Any]:
    """The JSON Schema of mapping files (``hotline-rules schema --mapping``)."""
    schema = MappingFile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "hotline_rules export mapping / 导出映射文件"
    return schema


# ---- what the readers use -------------------------------------------------------------------


@dataclass(frozen=True)
class WideEvent:
    """An event column, ready to read: formats resolved, types as tuples."""

    column: str
    types: tuple[str, ...] = ()
    type_column: str | None = None
    type_map: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unit: str | None = None
    unit_column: str | None = None
    reason_column: str | None = None
    length_column: str | None = None
    length_unit: str = "个工作日"
    until_column: str | None = None
    note_column: str | None = None
    satisfaction_column: str | None = None
    resolved_column: str | None = None
    role_column: str | None = None
    formats: tuple[str, ...] = ()

    def columns(self) -> tuple[str, ...]:
        """Every column this event reads."""
        named = (
            self.column,
            self.type_column,
            self.unit_column,
            self.reason_column,
            self.length_column,
            self.until_column,
            self.note_column,
            self.satisfaction_column,
            self.resolved_column,
            self.role_column,
        )
        return tuple(c for c in named if c)


@dataclass(frozen=True)
class WideTag:
    """A tag rule, its test compiled."""

    column: str
    test: Any  # Callable[[str], bool]
    tag: str | None
    sets: tuple[tuple[str, str], ...]
    shown: str


@dataclass(frozen=True)
class Mapping:
    """How a platform's columns, words and times map onto the ticket format (``Mapping.load``)."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    assume_offset: str | None = None
    header_row: int | None = None
    """The line of the header, when title rows stand above it (found when not given)."""
    time_formats: tuple[str, ...] = ()
    """``strptime`` formats the export writes times in, tried before ISO 8601."""
    sheet: str | int | None = None
    """An Excel file's sheet: by name, or by index from 0 (default: the first)."""
    masked: frozenset[str] = frozenset()
    """Values that mean "unknown" (a masked ``******``): read as an empty cell."""
    unknown_values: str = "reject"
    """A value outside its field's value map: ``reject`` the row, or ``warn`` and read it as unknown."""
    defaults: dict[str, str] = field(default_factory=dict)
    events: tuple[WideEvent, ...] = ()
    """Event columns of an export with one row per work order (wide)."""
    tags: tuple[WideTag, ...] = ()
    platform_due: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    """Clock id -> (column, its formats): the platform's own due instants."""

    @classmethod
    def load(cls, path: str | Path) -> Mapping:
        """Read and check a mapping file (YAML); every mistake is a located ``InputError``."""
        doc = load_yaml_file(path)
        data = doc.data if doc.data is not None else {}
        if not isinstance(data, dict):
            raise doc.error(
                (),
                "映射文件应为“键: 值”的形式（columns、values、events ……）",
                "a mapping file is a YAML mapping (columns, values, events, ...)",
                code="mapping.invalid",
                cls=InputError,
            )
        try:
            written = MappingFile.model_validate(data)
        except ValidationError as exc:
            raise validation_error(
                exc,
                doc,
                cls=InputError,
                code_prefix="mapping",
                schema=mapping_json_schema(),
            ) from None
        return cls.of(written)

    @classmethod
    def of(cls, m: MappingFile) -> Mapping:
        """The readers' mapping from a checked file."""
        base = tuple(m.time_formats)

        def types(v: str | list[str]) -> tuple[str, ...]:
            return (v,) if isinstance(v, str) else tuple(v)

        events = tuple(
            WideEvent(
                column=e.column,
                types=types(e.type) if e.type is not None else (),
                type_column=e.type_column,
                type_map={k: types(v) for k, v in e.types.items()},
                unit=e.unit,
                unit_column=e.unit_column,
                reason_column=e.reason_column,
                length_column=e.length_column,
                length_unit=e.length_unit,
                until_column=e.until_column,
                note_column=e.note_column,
                satisfaction_column=e.satisfaction_column,
                resolved_column=e.resolved_column,
                role_column=e.role_column,
                formats=(*e.formats, *base),
            )
            for e in m.events
        )
        tags = tuple(_tag(t) for t in m.tags)
        due = {
            clock: (c, base) if isinstance(c, str) else (c.column, (*c.formats, *base))
            for clock, c in m.platform_due.items()
        }
        return cls(
            dict(m.columns),
            {k: dict(v) for k, v in m.values.items()},
            m.assume_offset,
            m.header_row,
            base,
            sheet=m.sheet,
            masked=frozenset(m.masked),
            unknown_values=m.unknown_values,
            defaults=dict(m.defaults),
            events=events,
            tags=tags,
            platform_due=due,
        )

    @property
    def wide(self) -> bool:
        """One row per work order, events in their own columns (``events:`` given)."""
        return bool(self.events)

    def named_columns(self) -> tuple[str, ...]:
        """Every column the wide part of the mapping reads (each must be in the header)."""
        out: list[str] = []
        for e in self.events:
            out += e.columns()
        out += [t.column for t in self.tags]
        out += [c for c, _ in self.platform_due.values()]
        return tuple(dict.fromkeys(out))

    def field_of(self, column: str) -> str:
        return self.columns.get(column, column)

    def value(self, name: str, raw: str) -> str:
        return self.values.get(name, {}).get(raw, raw)

    def known_value(self, name: str, raw: str) -> str | None:
        """``raw`` in the words of the shared vocabulary, or None when the field's value map (if it
        has one) knows neither it nor it as a word of ours (an unmapped value)."""
        words = self.values.get(name)
        if words is None:
            return raw
        found = words.get(raw)
        if found is not None:
            return found
        return raw if raw in words.values() else None

    def instant(self, raw: str) -> str:
        """A time as the export writes it -> ISO 8601 text (with the declared offset).

        A number is left as it is: it is not a time (the ticket reader says so).
        """
        raw = raw.strip()
        if not raw or _NUMBER.fullmatch(raw):
            return raw
        for fmt in self.time_formats:
            try:
                read = datetime.strptime(raw, fmt)
            except ValueError:
                continue
            text = read.isoformat()
            if read.tzinfo is None and self.assume_offset:
                text += self.assume_offset
            return text
        if self.assume_offset and _ISO_DAY.match(raw) and not _HAS_OFFSET.search(raw):
            return raw.replace(" ", "T", 1) + self.assume_offset
        return raw

    def zone(self) -> timezone | None:
        """The declared offset as a ``timezone`` (None when none is declared)."""
        if self.assume_offset is None:
            return None
        sign = -1 if self.assume_offset[0] == "-" else 1
        hours, minutes = int(self.assume_offset[1:3]), int(self.assume_offset[4:6])
        return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _tag(t: TagRule) -> WideTag:
    if t.equals is not None:
        want = t.equals
        test: Any = want.__eq__
        shown = f"= {want}"
    elif t.contains is not None:
        part = t.contains
        test = lambda text: part in text  # noqa: E731
        shown = f"含 {part}"
    else:
        test = re.compile(t.pattern or "").search
        shown = f"~ {t.pattern}"
    return WideTag(t.column, test, t.tag, tuple(t.set.items()), shown)


_SLASHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?: (\d{1,2}):(\d{1,2}):(\d{1,2}))?", re.ASCII)
"""``2020/11/27 16:20:14`` and ``2020/12/4``: what ``%Y/%m/%d %H:%M:%S`` and ``%Y/%m/%d`` read,
read without ``strptime`` (a third of a wide export's reading time went to it)."""


class TimeRead:
    """Times of one column read: the formats tried, ISO 8601 first; a bad one says why."""

    __slots__ = ("_slashed", "formats", "zone")

    def __init__(self, formats: tuple[str, ...], zone: timezone | None) -> None:
        self.formats = formats
        self.zone = zone
        self._slashed = (
            "%Y/%m/%d %H:%M:%S" in formats,
            "%Y/%m/%d" in formats,
        )

    def _fast(self, raw: str) -> datetime | None:
        """A slashed time, when its format is declared (the same as ``strptime`` would read)."""
        m = _SLASHED.fullmatch(raw)
        if m is None:
            return None
        y, mo, d, h, mi, sec = m.groups()
        if (h is None and not self._slashed[1]) or (h is not None and not self._slashed[0]):
            return None
        try:
            if h is None:
                return datetime(int(y), int(mo), int(d))
            return datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec))
        except ValueError:
            return None

    def __call__(self, raw: str) -> datetime | str:
        """The instant, or the reason it cannot be read (``naive`` or ``invalid``)."""
        read: datetime | None = None
        try:
            read = datetime.fromisoformat(raw)
        except ValueError:
            read = self._fast(raw) if raw[4:5] == "/" else None
        if read is None:
            for fmt in self.formats:
                try:
                    read = datetime.strptime(raw, fmt)
                    break
                except ValueError:
                    continue
        if read is None:
            return "invalid"
        if read.tzinfo is None:
            if self.zone is None:
                return "naive"
            read = read.replace(tzinfo=self.zone)
        return read


def end_of_day_if_date(at: datetime) -> datetime:
    """A deadline written as a day (``2020/12/4``) or as that day's midnight (``2020/12/4
    0:00:00``) means by the end of that day: 24:00, written as the next day's 00:00 (DESIGN.md).

    A platform that meant the very start of a day would write the day before; no export seen
    does, so midnight is read as the day's end.
    """
    if at.hour == at.minute == at.second == at.microsecond == 0:
        return at + timedelta(days=1)
    return at


__all__ = [
    "COLUMN_FIELDS",
    "EVENT_FIELDS",
    "TICKET_FIELDS",
    "DueColumn",
    "EventColumn",
    "Mapping",
    "MappingFile",
    "TagRule",
    "TimeRead",
    "WideEvent",
    "WideTag",
    "end_of_day_if_date",
    "mapping_json_schema",
]

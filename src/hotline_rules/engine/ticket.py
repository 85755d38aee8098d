"""The input: a work order (工单), its attributes and its events.

Read from Python objects, from JSON (one ticket) or from JSON Lines (many).
Every timestamp must carry its offset: a naive one is refused, never guessed,
and a number (an epoch) is not a time. Events are put in time order whatever
order they are listed in (events at the same instant keep their listed order).

In a batch a record is the unit of failure: :func:`parse_record` turns one line
or row into a :class:`Ticket` or a :class:`Rejected` with a stable ``code``
(:data:`RECORD_CODES`), never into an exception that ends the batch. It also
checks what the model alone does not: years within the calendar's range, text
that can be written out again (no lone surrogates), nesting and size.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import Annotated, Any, AnyStr, Final, Literal

import pydantic_core
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic.dataclasses import dataclass as pydantic_dataclass
from pydantic_core import PydanticCustomError

from hotline_rules.errors import InputError, Location
from hotline_rules.time.duration import DurationText
from hotline_rules.time.zones import in_shared_zone, shared_instant


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


_NUMBER = re.compile(r"\s*[+-]?\d+(\.\d*)?\s*", re.ASCII)


_AWARE: Final = TypeAdapter(AwareDatetime)
"""The slow, thorough reading of a time that :func:`shared_instant` does not take."""


def _event_time(value: Any) -> datetime:
    """An event's instant in the shared ``timezone`` of its offset (see zones.py).

    The usual ``2026-09-30T16:40:00+08:00`` is read straight into the shared zone;
    anything else is parsed and checked by pydantic (``AwareDatetime``, whose errors
    pass through unchanged), then moved into it. A plain validator, not a wrap one: the
    usual case then costs one Python call and no handler (a tenth of reading a ticket
    from JSON). ``tests/test_ticket_times.py`` holds the two ways to the same result.
    A number, or text that is only a number, is refused: pydantic would read it as
    seconds since 1970 in UTC, a guess no export means (``time_not_text``).
    """
    if type(value) is str:
        fast = shared_instant(value)
        if fast is not None:
            return fast
        if _NUMBER.fullmatch(value):
            raise PydanticCustomError("time_not_text", "a time is text, not a number")
    elif not isinstance(value, datetime):
        raise PydanticCustomError("time_not_text", "a time is text, not a number")
    return in_shared_zone(_AWARE.validate_python(value))


EventTime = Annotated[
    datetime,
    PlainValidator(_event_time, json_schema_input_type=AwareDatetime),
    # written as pydantic writes an AwareDatetime (a plain validator alone makes pydantic's
    # serializer expect a datetime where its own handler has already written text, and warn)
    PlainSerializer(
        lambda at: _AWARE.dump_python(at, mode="json"), return_type=str, when_used="json"
    ),
]


# A pydantic dataclass, not a BaseModel: it validates the same way, but reading its fields
# is several times faster (BaseModel defines __getattr__, which keeps CPython 3.11 from
# specialising attribute access), and the engine reads event fields more than anything else.
@pydantic_dataclass(frozen=True, config=ConfigDict(extra="forbid"))
class Event:
    """Something that happened to a ticket, when, and (for some events) what it carries."""

    type: str = Field(
        description="事件类型，如 dispatched、completed / event type (DESIGN.md vocabulary)"
    )
    at: EventTime = Field(description="发生时刻，ISO 8601 带时区 / when, with offset")
    unit: str | None = Field(None, description="承办单位 / unit concerned")
    reason: str | None = Field(None, description="退单理由编号 / return reason id")
    evidence: tuple[str, ...] = Field((), description="所附材料编号 / evidence attached (ids)")
    length: DurationText | None = Field(None, description="延期长度 / extension length")
    satisfaction: str | None = Field(None, description="回访满意度 / satisfaction at a revisit")
    resolved: bool | None = Field(
        None, description="回访时诉求是否已解决（解决率）/ resolved, at a revisit"
    )
    role: Literal["lead", "co", "first_receiving"] | None = Field(
        None,
        description="派单时的承办角色：lead 主办、co 协办、first_receiving 首接负责 / the role a dispatch gives",
    )
    report: tuple[str, ...] | None = Field(
        None, description="办结报告包含的要素编号 / closure report elements present"
    )
    note: str | None = Field(None, description="备注 / note")


class Ticket(_Model):
    """A work order: attributes from the shared vocabulary, tags, and its events in time order."""

    id: str = Field(description="工单编号 / ticket id")
    kind: str | None = Field(None, description="诉求类型 / kind")
    urgency: str | None = None
    complexity: str | None = None
    channel: str | None = None
    requester: str | None = None
    handling: str | None = None
    tags: frozenset[str] = Field(frozenset(), description="标记 / tags")
    repeat_count: int = Field(
        1, ge=0, description="同一问题来电次数（含本次）/ times raised, this one included"
    )
    screening_reason: str | None = Field(
        None, description="不予受理的理由编号 / screening reason id"
    )
    personal: dict[str, str] | None = Field(
        None,
        description="诉求人姓名、电话、地址等（默认不输出）/ requester's personal data, never output by default",
    )
    events: tuple[Event, ...] = Field((), description="事件 / events")
    platform_due: dict[str, EventTime] | None = Field(
        None,
        description="平台自己给出的各时限截止时刻（时限 -> 时刻），供与本办法核对"
        " / the platform's own due instant per clock, checked against the regulation's",
    )

    @model_validator(mode="after")
    def _in_time_order(self) -> Ticket:
        events = self.events
        previous = None
        for e in events:  # the usual case: in order, nothing to sort
            at = e.at
            if previous is not None and at < previous:
                # sorted() is stable: events at the same instant keep their listed order
                object.__setattr__(self, "events", tuple(sorted(events, key=_at)))
                break
            previous = at
        return self

    @property
    def received_at(self) -> datetime | None:
        """The instant of the ``received`` event, or of the first event."""
        for e in self.events:
            if e.type == "received":
                return e.at
        return self.events[0].at if self.events else None


_at = attrgetter("at")  # the sort key: an event's instant


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record of a batch that could not be read: where it was and why.

    ``line`` is the line as the file counts lines (1-based; for a CSV record spanning several
    lines, its first); ``code`` is a stable dotted reason code (``record.json_invalid``,
    ``record.duplicate_id``, ...) that a program may branch on, the messages say it to a person.
    The readers' codes are listed in :data:`RECORD_CODES`. ``ticket_id`` is text that can be
    written out (a lone surrogate in it is shown escaped, ``\\udc00``).
    """

    line: int
    reason_zh: str
    reason_en: str
    ticket_id: str | None = None
    code: str = "record.invalid"

    def to_dict(self) -> dict[str, Any]:
        """Stable field names, for the JSON of every command that reads a batch."""
        return {
            "line": self.line,
            "code": self.code,
            "ticket_id": self.ticket_id,
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
        }


@dataclass(frozen=True, slots=True)
class Skipped:
    """A line of a batch that holds no record by design: blank, or a comment. Counted, not judged."""

    line: int
    kind: str = "blank"
    """``blank`` (nothing but spaces, or only empty cells), or ``comment`` (a comment line, or a
    title row above a CSV header, such as ``市民热线工单``)."""


def parse_ticket(data: Any, *, file: str | None = None, line: int | None = None) -> Ticket:
    """Validate one ticket given as Python data; errors name the field, in Chinese and English."""
    try:
        return Ticket.model_validate(data)
    except ValidationError as exc:
        raise _ticket_error(exc, file, line) from exc


def parse_ticket_json(
    text: str | bytes, *, file: str | None = None, line: int | None = None
) -> Ticket:
    """Validate one ticket given as JSON text."""
    try:
        return Ticket.model_validate_json(text)
    except ValidationError as exc:
        raise _ticket_error(exc, file, line, text) from exc


def load_ticket_file(path: str | Path) -> Ticket:
    """Read one ticket from a JSON file."""
    p = Path(path)
    try:
        text = p.read_bytes()
    except OSError as exc:
        raise InputError(
            f"无法读取工单文件：{exc.strerror}",
            f"cannot read the ticket file: {exc.strerror}",
            code="ticket.unreadable",
            location=Location(str(p)),
        ) from exc
    return parse_ticket_json(text, file=str(p))


MAX_LINE_BYTES: Final = 1 << 20
"""A line longer than this (1 MiB, its newline included) is rejected unread (``record.too_large``):
read with ``readline(limit)``, so a huge line never sits in memory whole."""

RECORD_CODES: Final[Mapping[str, tuple[str, str]]] = {
    "record.json_invalid": ("这一行不是有效的 JSON", "the line is not valid JSON"),
    "record.not_object": (
        "这一行不是 JSON 对象（应为 {...}）",
        "the line is not a JSON object ({...})",
    ),
    "record.too_deep": (
        "嵌套过深（超过 200 层）",
        "nested too deep (more than 200 levels)",
    ),
    "record.too_large": (
        "一行或一条记录过长（超过 1 MiB），或一个工单的事件过多",
        "a line or record longer than 1 MiB, or a ticket with too many events",
    ),
    "record.bad_encoding": (
        "含有按文件的编码无法解码的字节",
        "holds bytes that are not valid in the file's encoding",
    ),
    "record.bad_text": (
        "含有孤立的代理码元（如 \\udc00），无法原样写出",
        "holds a lone surrogate (such as \\udc00) that cannot be written out",
    ),
    "record.time_not_text": (
        "时间写成了数字（时间戳），应为带时区的 ISO 8601 文本",
        "a time given as a number (an epoch); a time is ISO 8601 text with an offset",
    ),
    "record.time_naive": ("时间没有时区，不作猜测", "a time without an offset, never guessed"),
    "record.time_invalid": ("无法识别的时间", "a time that cannot be read"),
    "record.time_out_of_range": (
        "年份不在日历的范围之内（如 1 年、1900 年、9999 年）",
        "a year outside the calendar's range (such as 1, 1900 or 9999)",
    ),
    "record.missing_field": (
        "缺少必填字段（如工单编号）",
        "a required field (such as id) is missing",
    ),
    "record.unknown_field": ("不认识的字段", "an unknown field"),
    "record.wrong_type": (
        "字段的类型不对（如 events 不是数组、id 不是文本）",
        "a field of the wrong type (events not an array, id not text, ...)",
    ),
    "record.invalid": (
        "其他不合要求的值（如不认识的时长写法）",
        "any other value not accepted (such as a length that cannot be read)",
    ),
    "record.split_ticket": (
        "每行一个事件的 CSV 中，同一工单的行不相连",
        "in a CSV with one row per event, the rows of one ticket are not together",
    ),
    "record.unmapped_value": (
        "值不在映射文件的 values 中（如紧急程度“较急”没有对应的词）",
        "a value outside the mapping's values (an urgency the value map lacks, say)",
    ),
    "csv.bad_row": (
        "CSV 结构错误：引号不配对、列数不对",
        "a CSV structure error: unbalanced quotes, a wrong number of columns",
    ),
}
"""Every reason code a reader gives a :class:`Rejected`, with its meaning in Chinese and English
(listed in docs/zh/audit.md, 哪些是拒收，哪些是警告). ``record.duplicate_id`` is the auditor's."""

_RECORD_CODE: Final = {
    "ticket.invalid_json": "record.json_invalid",
    "ticket.not_object": "record.not_object",
    "ticket.too_deep": "record.too_deep",
    "ticket.bad_encoding": "record.bad_encoding",
    "ticket.bad_text": "record.bad_text",
    "ticket.time_not_text": "record.time_not_text",
    "ticket.naive_datetime": "record.time_naive",
    "ticket.time_invalid": "record.time_invalid",
    "ticket.missing_field": "record.missing_field",
    "ticket.unknown_field": "record.unknown_field",
    "ticket.wrong_type": "record.wrong_type",
}
"""A ticket error's code (``parse_ticket``) -> the code of the rejected record."""


@cache
def calendar_years() -> tuple[int, int]:
    """The first and last year of the national calendar (``WorkCalendar.default()``).

    An event outside them cannot be judged (and years such as 1 or 9999 overflow date
    arithmetic): a reader rejects it (``record.time_out_of_range``).
    """
    from hotline_rules.time.calendar import WorkCalendar  # loaded only when a batch is read

    calendar = WorkCalendar.default()
    return calendar.first_date.year, calendar.last_date.year


def bounded_lines(readline: Callable[[int], AnyStr], limit: int) -> Iterator[AnyStr | None]:
    """Lines from ``readline`` (bytes or text), ``None`` for a line longer than ``limit``.

    The long line's rest is read in pieces of ``limit`` and dropped: memory stays within
    ``limit`` whatever the file holds. Each item is one line as the file counts lines.
    """
    while True:
        line = readline(limit + 1)
        if not line:
            return
        if len(line) <= limit:
            yield line
            continue
        end = line[-1:]
        while end not in ("\n", b"\n"):
            piece = readline(limit)
            if not piece:
                break
            end = piece[-1:]
        yield None


def iter_jsonl(
    lines: Iterable[str | bytes | None],
    *,
    file: str | None = None,
    years: tuple[int, int] | None = None,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[Ticket | Rejected | Skipped]:
    """Tickets of a JSON Lines stream; a bad line yields a ``Rejected`` and the stream goes on.

    ``lines`` is an iterable of lines or an open file (binary or text); a file is read with
    ``readline(max_line_bytes)``, so an oversize line is rejected without being held whole
    (an iterable may give ``None`` for such a line, as :func:`bounded_lines` does).
    Blank lines yield a ``Skipped``: every line of the file is accounted for. A UTF-8 BOM
    before the first line is dropped. ``years`` (first, last) bounds the events' years
    (default: :func:`calendar_years`).
    """
    readline = getattr(lines, "readline", None)
    source: Iterable[str | bytes | None] = (
        bounded_lines(readline, max_line_bytes) if callable(readline) else lines
    )
    for n, raw in enumerate(source, 1):
        if raw is None or len(raw) > max_line_bytes:
            yield too_large(n, max_line_bytes)
            continue
        if n == 1:
            raw = (
                raw.removeprefix(b"\xef\xbb\xbf")
                if isinstance(raw, bytes)
                else raw.removeprefix("\ufeff")
            )
        if not raw.strip():
            yield Skipped(n)
            continue
        yield parse_record(raw, n, file=file, years=years)


def too_large(line: int, limit: int) -> Rejected:
    """The ``Rejected`` of a line (or CSV record) longer than ``limit``."""
    size = f"{limit / (1 << 20):g} MiB" if limit >= 1 << 20 else f"{limit} 字节"
    size_en = size.replace("字节", "bytes")
    return Rejected(
        line,
        f"这一行超过 {size}，未读取",
        f"the line is longer than {size_en} and was not read",
        None,
        "record.too_large",
    )


def parse_record(
    source: str | bytes | Mapping[str, Any],
    line: int,
    *,
    file: str | None = None,
    years: tuple[int, int] | None = None,
    text_checked: bool = False,
) -> Ticket | Rejected:
    """One record of a batch, as JSON text or as data: a ``Ticket``, or a ``Rejected`` saying why.

    Never raises for bad input: a record is the unit of failure. Beyond the model's own
    checks, events must lie in ``years`` (default :func:`calendar_years`) and data given as
    Python strings must hold no lone surrogate (``text_checked=True``: the caller has made
    sure already, as the CSV reader does cell by cell). ``line`` is the line as the file
    counts lines.
    """
    try:
        if isinstance(source, str | bytes | bytearray):
            ticket = Ticket.model_validate_json(source)
        else:
            ticket = Ticket.model_validate(source)
            where = None if text_checked else _bad_text(ticket)
            if where is not None:
                return Rejected(
                    line,
                    f"{where}：含有孤立的代理码元，无法原样写出",
                    f"{where}: holds a lone surrogate that cannot be written out",
                    _safe_text(ticket.id),
                    "record.bad_text",
                )
    except ValidationError as exc:
        error = _ticket_error(exc, file, line, source)
        return Rejected(
            line,
            error.message_zh,
            error.message_en,
            _id_of(source),
            _RECORD_CODE.get(error.code, "record.invalid"),
        )
    except (RecursionError, OverflowError, ValueError, TypeError) as exc:  # a last defence
        return Rejected(
            line,
            f"无法读取：{_shown(exc)}",
            f"cannot read: {_shown(exc)}",
            _id_of(source),
            "record.invalid",
        )
    return within_calendar(ticket, line, years=years)


def within_calendar(
    ticket: Ticket, line: int, *, years: tuple[int, int] | None = None
) -> Ticket | Rejected:
    """``ticket``, or a ``Rejected`` when an event lies outside ``years`` (default
    :func:`calendar_years`): the check :func:`parse_record` makes beyond the model's own, for a
    caller that had the model read the record (as the service reads a whole batch at once)."""
    first, last = years or calendar_years()
    for e in ticket.events:
        if not first <= e.at.year <= last:
            return Rejected(
                line,
                f"事件 {_shown(e.type)} 的时间 {e.at.isoformat()} 不在日历的范围（{first}–{last} 年）之内",
                f"event {_shown(e.type)} at {e.at.isoformat()} lies outside the calendar's"
                f" range ({first}-{last})",
                _safe_text(ticket.id),
                "record.time_out_of_range",
            )
    return ticket


_SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogate(text: str) -> bool:
    """True when ``text`` holds a lone surrogate (it cannot be encoded, so never written out)."""
    return not text.isascii() and _SURROGATE.search(text) is not None


def _safe_text(text: str) -> str:
    """``text`` with lone surrogates written as escapes (``\\udc00``): safe to write out."""
    if has_surrogate(text):
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _shown(value: Any, limit: int = 60) -> str:
    """A value as a message may quote it: text, short, no lone surrogate."""
    text = _safe_text(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


_TICKET_TEXT: Final = (
    "id",
    "kind",
    "urgency",
    "complexity",
    "channel",
    "requester",
    "handling",
    "screening_reason",
)
_EVENT_TEXT: Final = ("type", "unit", "reason", "satisfaction", "note")


def _texts(ticket: Ticket) -> Iterator[Any]:
    """Every value of ``ticket`` that may be text, in the order of :func:`_text_fields`."""
    for name in _TICKET_TEXT:
        yield getattr(ticket, name)
    yield from ticket.tags
    for kv in (ticket.personal or {}).items():
        yield from kv
    for e in ticket.events:
        for name in _EVENT_TEXT:
            yield getattr(e, name)
        yield from e.evidence
        yield from e.report or ()


def _text_fields(ticket: Ticket) -> Iterator[tuple[str, Any]]:
    """:func:`_texts` with the path of each, for the message of the rare ticket that needs one."""
    for name in _TICKET_TEXT:
        yield name, getattr(ticket, name)
    yield from (("tags", t) for t in ticket.tags)
    yield from (("personal", x) for kv in (ticket.personal or {}).items() for x in kv)
    for i, e in enumerate(ticket.events):
        yield from ((f"events.{i}.{name}", getattr(e, name)) for name in _EVENT_TEXT)
        yield from ((f"events.{i}.evidence", x) for x in e.evidence)
        yield from ((f"events.{i}.report", x) for x in e.report or ())


def _bad_text(ticket: Ticket) -> str | None:
    """The path of the first string of ``ticket`` that holds a lone surrogate, or None.

    One search over all the text joined is the usual answer; the paths (an f-string per field,
    most of this function's cost when it was built for every ticket) only when it finds one."""
    texts = [v for v in _texts(ticket) if isinstance(v, str)]
    if not has_surrogate("\x00".join(texts)):
        return None
    return next(path for path, v in _text_fields(ticket) if isinstance(v, str) and has_surrogate(v))


def _id_of(source: Any) -> str | None:
    """The ``id`` of a record that could not be read, when it can be found cheaply and safely."""
    data = source
    if isinstance(source, str | bytes | bytearray):
        try:  # pydantic's parser: bounded nesting, no RecursionError
            data = pydantic_core.from_json(source)
        except ValueError:
            return None
    if not isinstance(data, Mapping):
        return None
    found = data.get("id")
    if isinstance(found, str):
        return _safe_text(found) if found else None
    if isinstance(found, int) and not isinstance(found, bool):
        return str(found)
    return None


def _ticket_error(
    exc: ValidationError, file: str | None, line: int | None, source: Any = None
) -> InputError:
    try:
        first = exc.errors(include_url=False)[0]
    except UnicodeError:  # pydantic cannot render a message quoting a lone surrogate
        return InputError(
            "含有孤立的代理码元（如 \\udc00），无法原样写出",
            "holds a lone surrogate (such as \\udc00) that cannot be written out",
            code="ticket.bad_text",
            location=Location(file, line),
        )
    path = ".".join(str(p) for p in first["loc"])
    kind = first["type"]
    msg = str(first["msg"])
    column: int | None = None
    if kind == "timezone_aware":
        zh = f"{path}：时间没有时区，不能猜测（应写成 2026-09-30T16:00:00+08:00）"
        en = (
            f"{path}: the time has no offset and is never guessed (write 2026-09-30T16:00:00+08:00)"
        )
        code = "ticket.naive_datetime"
    elif kind == "time_not_text":
        shown = _shown(first.get("input"))
        zh = (
            f"{path}：时间写成了数字 {shown}，不当作时间戳猜测"
            "（应写成带时区的 ISO 8601 文本，如 2026-09-30T16:00:00+08:00）"
        )
        en = (
            f"{path}: the time is the number {shown}, never read as an epoch"
            " (write ISO 8601 text with an offset, e.g. 2026-09-30T16:00:00+08:00)"
        )
        code = "ticket.time_not_text"
    elif kind.startswith(("datetime_", "date_")) and path.endswith(".at"):
        shown = _shown(first.get("input"))
        zh = f"{path}：无法识别的时间“{shown}”（应写成带时区的 ISO 8601 时间，如 2026-09-30T16:00:00+08:00）"
        en = f"{path}: cannot read the time '{shown}' (write ISO 8601 with an offset, e.g. 2026-09-30T16:00:00+08:00)"
        code = "ticket.time_invalid"
    elif kind == "json_invalid" and "recursion limit" in msg:
        zh, en, code = (
            "JSON 嵌套过深（超过 200 层），未读取",
            "the JSON is nested too deep (over 200 levels) and was not read",
            "ticket.too_deep",
        )
    elif kind == "json_invalid" and _not_utf8(source):
        zh, en, code = (
            "这一行不是有效的 UTF-8 文本（含有无法解码的字节）",
            "the line is not valid UTF-8 (it holds bytes that cannot be decoded)",
            "ticket.bad_encoding",
        )
    elif (kind == "json_invalid" and "surrogate" in msg) or kind == "string_unicode":
        zh, en, code = (
            "含有孤立的代理码元（如 \\udc00），无法原样写出",
            "holds a lone surrogate (such as \\udc00) that cannot be written out",
            "ticket.bad_text",
        )
    elif kind == "json_invalid":
        problem, at_line, at_column = _json_problem(msg)
        if at_line is not None and (line is None or at_line == 1):
            line = at_line if line is None else line  # a file's line, or the record's own
            column = at_column
            zh = f"不是有效的 JSON：第 {line} 行第 {column} 列，{_json_problem_zh(problem)}"
            en = f"not valid JSON: line {line}, column {column}: {problem}"
        else:
            zh = f"不是有效的 JSON：{_json_problem_zh(problem)}（{msg}）"
            en = f"not valid JSON: {msg}"
        code = "ticket.invalid_json"
    elif kind in ("model_type", "model_attributes_type") and not first["loc"]:
        shown = _JSON_TYPES.get(type(first.get("input")).__name__, "?")
        zh, en, code = (
            f"不是 JSON 对象（应为 {{...}}，实际为 {shown}）",
            f"not a JSON object (expected {{...}}, got {shown})",
            "ticket.not_object",
        )
    elif kind in _TYPES:
        zh_want, en_want = _TYPES[kind]
        got = _JSON_TYPES.get(type(first.get("input")).__name__, "?")
        zh, en, code = (
            f"{path}：应为{zh_want}，实际为 {got}",
            f"{path}: expected {en_want}, got {got}",
            "ticket.wrong_type",
        )
    elif kind == "missing":
        zh, en, code = (
            f"{path}：缺少必填字段",
            f"{path}: required field missing",
            "ticket.missing_field",
        )
    elif kind == "extra_forbidden":
        zh, en, code = f"{path}：不认识的字段", f"{path}: unknown field", "ticket.unknown_field"
    else:
        zh = f"{path}：{msg}"
        en = f"{path}: {msg}"
        code = f"ticket.{kind}"
    more = exc.error_count() - 1
    if more:
        zh += f"（另有 {more} 处错误）"
        en += f" (and {more} more)"
    return InputError(zh, en, code=code, location=Location(file, line, column, path or None))


_JSON_AT: Final = re.compile(r"^(?:Invalid JSON: )?(.*) at line (\d+) column (\d+)$", re.DOTALL)
_JSON_PROBLEMS_ZH: Final = (
    ("EOF while parsing", "内容在此处意外结束（缺少右括号、右引号或值）"),
    ("trailing comma", "多余的逗号（最后一项之后不能有逗号）"),
    ("expected value", "此处应有一个值"),
    ("key must be a string", "此处应有用双引号括起的字段名"),
    ("expected `,` or `}`", "此处应有逗号或右花括号 }"),
    ("expected `,` or `]`", "此处应有逗号或右方括号 ]"),
    ("expected `:`", "此处应有冒号"),
    ("trailing characters", "JSON 之后还有多余的内容"),
    ("invalid escape", "无效的转义（反斜杠之后）"),
    ("control character", "字符串中有控制字符（如未转义的换行）"),
    ("invalid number", "无效的数字"),
    ("number out of range", "数字超出范围"),
    ("expected ident", "无法识别的词（只认 true、false、null）"),
)
"""The JSON parser's problems (pydantic-core's words) in Chinese, by how each begins."""


def _json_problem(msg: str) -> tuple[str, int | None, int | None]:
    """pydantic's ``Invalid JSON: <problem> at line L column C`` -> (problem, L, C); the column
    at least 1 (the parser says 0 for the start of a line)."""
    found = _JSON_AT.match(msg)
    if found is None:
        return msg.removeprefix("Invalid JSON: "), None, None
    return found[1], int(found[2]), max(1, int(found[3]))


def _json_problem_zh(problem: str) -> str:
    return next((zh for en, zh in _JSON_PROBLEMS_ZH if problem.startswith(en)), problem)


_TYPES: Final = {
    "string_type": ("文本", "text"),
    "tuple_type": ("数组", "an array"),
    "list_type": ("数组", "an array"),
    "frozen_set_type": ("数组", "an array"),
    "set_type": ("数组", "an array"),
    "dict_type": ("对象（{...}）", "an object ({...})"),
    "int_type": ("整数", "an integer"),
    "int_parsing": ("整数", "an integer"),
}
"""Pydantic's type errors -> what was expected, in words (the field is named by its path)."""

_JSON_TYPES: Final = {
    "list": "array",
    "str": "string",
    "int": "number",
    "float": "number",
    "bool": "boolean",
    "NoneType": "null",
}


def _not_utf8(source: Any) -> bool:
    if not isinstance(source, bytes | bytearray):
        return False
    try:
        source.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def ticket_json_schema() -> dict[str, Any]:
    """The JSON Schema of the ticket format (``hotline-rules schema --ticket``)."""
    schema = Ticket.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "hotline_rules ticket / 工单"
    return schema


__all__ = [
    "MAX_LINE_BYTES",
    "RECORD_CODES",
    "Event",
    "Rejected",
    "Skipped",
    "Ticket",
    "bounded_lines",
    "calendar_years",
    "has_surrogate",
    "iter_jsonl",
    "load_ticket_file",
    "parse_record",
    "parse_ticket",
    "parse_ticket_json",
    "ticket_json_schema",
    "too_large",
    "within_calendar",
]

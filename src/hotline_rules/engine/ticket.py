"""The input: a work order (工单), its attributes and its events.

Read from Python objects, from JSON (one ticket) or from JSON Lines (many).
Every timestamp must carry its offset: a naive one is refused, never guessed.
Events are put in time order whatever order they are listed in (events at
the same instant keep their listed order).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic.dataclasses import dataclass as pydantic_dataclass

from hotline_rules.errors import InputError, Location
from hotline_rules.time.duration import DurationText
from hotline_rules.time.zones import in_shared_zone, shared_instant


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _event_time(value: Any, handler: ValidatorFunctionWrapHandler) -> datetime:
    """An event's instant in the shared ``timezone`` of its offset (see zones.py).

    The usual ``2026-09-30T16:40:00+08:00`` is read straight into the shared zone;
    anything else is parsed and checked by pydantic (``AwareDatetime``), then moved
    into it. ``tests/test_ticket_times.py`` holds the two ways to the same result.
    """
    if type(value) is str:
        fast = shared_instant(value)
        if fast is not None:
            return fast
    return in_shared_zone(handler(value))


EventTime = Annotated[AwareDatetime, WrapValidator(_event_time)]


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
    """``blank`` or ``comment``."""


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
        raise _ticket_error(exc, file, line) from exc


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


def iter_jsonl(
    lines: Iterable[str | bytes], *, file: str | None = None
) -> Iterator[Ticket | Rejected]:
    """Tickets of a JSON Lines stream; a bad line yields a ``Rejected`` and the stream goes on."""
    for n, raw in enumerate(lines, 1):
        # bytes stay bytes: pydantic reads UTF-8 itself, and a bad byte is a rejected row
        text = raw
        if not text.strip():
            continue
        try:
            yield parse_ticket_json(text, file=file, line=n)
        except InputError as exc:
            ticket_id = None
            with contextlib.suppress(ValueError, AttributeError):
                ticket_id = str(json.loads(text).get("id"))
            yield Rejected(n, exc.message_zh, exc.message_en, ticket_id)


def _ticket_error(exc: ValidationError, file: str | None, line: int | None) -> InputError:
    first = exc.errors(include_url=False)[0]
    path = ".".join(str(p) for p in first["loc"])
    kind = first["type"]
    if kind == "timezone_aware":
        zh = f"{path}：时间没有时区，不能猜测（应写成 2026-09-30T16:00:00+08:00）"
        en = (
            f"{path}: the time has no offset and is never guessed (write 2026-09-30T16:00:00+08:00)"
        )
        code = "ticket.naive_datetime"
    elif kind == "json_invalid":
        zh, en, code = (
            f"不是有效的 JSON：{first['msg']}",
            f"not valid JSON: {first['msg']}",
            "ticket.invalid_json",
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
        zh = f"{path}：{first['msg']}"
        en = f"{path}: {first['msg']}"
        code = f"ticket.{kind}"
    more = len(exc.errors()) - 1
    if more:
        zh += f"（另有 {more} 处错误）"
        en += f" (and {more} more)"
    return InputError(zh, en, code=code, location=Location(file, line, None, path or None))


def ticket_json_schema() -> dict[str, Any]:
    """The JSON Schema of the ticket format (``hotline-rules schema --ticket``)."""
    schema = Ticket.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "hotline_rules ticket / 工单"
    return schema


__all__ = [
    "Event",
    "Rejected",
    "Skipped",
    "Ticket",
    "iter_jsonl",
    "load_ticket_file",
    "parse_ticket",
    "parse_ticket_json",
    "ticket_json_schema",
]

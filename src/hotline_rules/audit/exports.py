"""Read platform exports: JSON Lines, or CSV with one row per ticket or one row per event.

Every platform names its columns its own way; a small YAML mapping file says
which of its columns is which field, and which of its words is which
vocabulary word::

    columns:            # the platform's column -> our field
      工单编号: id
      诉求类型: kind
      事件: type
      时间: at
      承办单位: unit
    values:             # the platform's words -> ours, per field
      kind: {投诉: complaint, 咨询: consultation}
      type: {派单: dispatched, 办结: completed}
    assume_offset: "+08:00"   # the export writes local times without an offset

``assume_offset`` is a declaration, not a guess: without it, a time without an
offset is a rejected row like any other bad input.

CSV, one row per ticket: the columns are ticket fields, ``tags`` separated by
``;`` (or ``、``), and ``events`` a JSON array. One row per event: the columns
``type`` and ``at`` (and ``unit``, ``reason``, ``evidence``, ``length``,
``satisfaction``, ``report``) describe an event; the ticket's fields are read
from its first row. A ticket's rows must be next to each other (exports are
grouped by ticket): the reader streams, so memory does not grow with the file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from hotline_rules.engine.ticket import Rejected, Ticket, iter_jsonl, parse_ticket
from hotline_rules.errors import InputError
from hotline_rules.yaml_source import load_yaml_file

TICKET_FIELDS = (
    "id",
    "kind",
    "urgency",
    "complexity",
    "channel",
    "requester",
    "handling",
    "tags",
    "repeat_count",
    "screening_reason",
)
EVENT_FIELDS = (
    "type",
    "at",
    "unit",
    "reason",
    "evidence",
    "length",
    "satisfaction",
    "report",
    "note",
)
_LIST_FIELDS = ("tags", "evidence", "report")
_OFFSET_RE = re.compile(r"^[+-]\d{2}:\d{2}$")
_HAS_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")


@dataclass(frozen=True)
class Mapping:
    """How a platform's columns and words map onto the ticket format."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    assume_offset: str | None = None

    @classmethod
    def load(cls, path: str | Path) -> Mapping:
        """Read a mapping file (YAML), checking that it names only known fields."""
        doc = load_yaml_file(path)
        data = doc.data or {}
        known = {*TICKET_FIELDS, *EVENT_FIELDS, "events", "personal"}
        if not isinstance(data, dict) or set(data) - {"columns", "values", "assume_offset"}:
            raise doc.error(
                (),
                "映射文件只能有 columns、values、assume_offset 三项",
                "a mapping file has only columns, values and assume_offset",
                code="mapping.invalid",
                cls=InputError,
            )
        columns = {str(k): str(v) for k, v in (data.get("columns") or {}).items()}
        for column, target in columns.items():
            if target not in known:
                raise doc.error(
                    ("columns", column),
                    f"列“{column}”映射到了不认识的字段“{target}”（可用：{'、'.join(sorted(known))}）",
                    f"column '{column}' maps to the unknown field '{target}'",
                    code="mapping.unknown_field",
                    cls=InputError,
                )
        values = {
            str(k): {str(a): str(b) for a, b in (v or {}).items()}
            for k, v in (data.get("values") or {}).items()
        }
        offset = data.get("assume_offset")
        if offset is not None and not _OFFSET_RE.match(str(offset)):
            raise doc.error(
                ("assume_offset",),
                f'assume_offset 应写成 "+08:00" 的形式，实际为 {offset!r}',
                f'assume_offset is written like "+08:00", got {offset!r}',
                code="mapping.bad_offset",
                cls=InputError,
            )
        return cls(columns, values, str(offset) if offset is not None else None)

    def field_of(self, column: str) -> str:
        return self.columns.get(column, column)

    def value(self, name: str, raw: str) -> str:
        return self.values.get(name, {}).get(raw, raw)

    def instant(self, raw: str) -> str:
        raw = raw.strip()
        if self.assume_offset and raw and not _HAS_OFFSET.search(raw):
            return raw.replace(" ", "T", 1) + self.assume_offset
        return raw


def read_export(path: str | Path, mapping: Mapping | None = None) -> Iterator[Ticket | Rejected]:
    """Tickets (and rejected rows) of an export, by its suffix: ``.jsonl``/``.json`` or ``.csv``."""
    p = Path(path)
    if p.suffix.lower() == ".csv":
        with p.open(encoding="utf-8-sig", newline="") as handle:
            yield from read_csv(handle, mapping or Mapping())
        return
    with p.open("rb") as raw:
        yield from iter_jsonl(raw, file=str(p))


def read_csv(
    handle: Iterable[str] | io.TextIOBase | BinaryIO, mapping: Mapping
) -> Iterator[Ticket | Rejected]:
    """Tickets of a CSV export, one row per ticket or one row per event (see the module doc)."""
    reader = csv.reader(handle)  # type: ignore[arg-type]
    try:
        header = next(reader)
    except StopIteration:
        return
    fields = [mapping.field_of(h.strip()) for h in header]
    if "type" in fields and "at" in fields:
        yield from _per_event(reader, fields, mapping)
    else:
        yield from _per_ticket(reader, fields, mapping)


def _split(raw: str) -> list[str]:
    return [x.strip() for x in re.split(r"[;；、,，]", raw) if x.strip()]


def _ticket_data(row: dict[str, str], mapping: Mapping) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in TICKET_FIELDS:
        raw = row.get(name, "").strip()
        if not raw:
            continue
        if name == "tags":
            data[name] = [mapping.value("tags", t) for t in _split(raw)]
        elif name == "repeat_count":
            data[name] = int(raw) if raw.isdigit() else raw
        else:
            data[name] = mapping.value(name, raw)
    return data


def _event_data(row: dict[str, str], mapping: Mapping) -> dict[str, Any]:
    event: dict[str, Any] = {}
    for name in EVENT_FIELDS:
        raw = row.get(name, "").strip()
        if not raw:
            continue
        if name == "at":
            event[name] = mapping.instant(raw)
        elif name in _LIST_FIELDS:
            event[name] = _split(raw)
        else:
            event[name] = mapping.value(name, raw)
    return event


def _per_ticket(
    reader: Iterator[list[str]], fields: list[str], mapping: Mapping
) -> Iterator[Ticket | Rejected]:
    for line, values in enumerate(reader, 2):
        row = dict(zip(fields, values, strict=False))
        data = _ticket_data(row, mapping)
        try:
            events = json.loads(row.get("events") or "[]")
            for e in events:
                if isinstance(e, dict) and isinstance(e.get("at"), str):
                    e["at"] = mapping.instant(e["at"])
                    if "type" in e:
                        e["type"] = mapping.value("type", e["type"])
            data["events"] = events
            yield parse_ticket(data, line=line)
        except (ValueError, InputError) as exc:
            yield _rejected(line, data.get("id"), exc)


def _per_event(
    reader: Iterator[list[str]], fields: list[str], mapping: Mapping
) -> Iterator[Ticket | Rejected]:
    current: dict[str, Any] | None = None
    first_line = 0
    finished: set[str] = set()
    for line, values in enumerate(reader, 2):
        row = dict(zip(fields, values, strict=False))
        tid = row.get("id", "").strip()
        if current is not None and tid != current["id"]:
            yield _build(current, first_line)
            finished.add(current["id"])
            current = None
        if current is None:
            if tid in finished:
                yield Rejected(
                    line,
                    f"工单 {tid} 的事件行不连续（导出须按工单排列）",
                    f"the rows of ticket {tid} are not together (exports must be grouped by ticket)",
                    tid,
                )
                continue
            current = {**_ticket_data(row, mapping), "id": tid, "events": []}
            first_line = line
        current["events"].append(_event_data(row, mapping))
    if current is not None:
        yield _build(current, first_line)


def _build(data: dict[str, Any], line: int) -> Ticket | Rejected:
    try:
        return parse_ticket(data, line=line)
    except InputError as exc:
        return _rejected(line, data.get("id"), exc)


def _rejected(line: int, ticket_id: Any, exc: Exception) -> Rejected:
    if isinstance(exc, InputError):
        return Rejected(line, exc.message_zh, exc.message_en, str(ticket_id) if ticket_id else None)
    return Rejected(
        line, f"无法读取：{exc}", f"cannot read: {exc}", str(ticket_id) if ticket_id else None
    )


__all__ = ["EVENT_FIELDS", "TICKET_FIELDS", "Mapping", "read_csv", "read_export"]

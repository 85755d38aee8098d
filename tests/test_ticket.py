"""The ticket input: JSON, JSON Lines with rejected lines, naive times refused, events ordered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hotline_rules.engine.ticket import (
    Rejected,
    Ticket,
    iter_jsonl,
    load_ticket_file,
    parse_ticket,
    parse_ticket_json,
    ticket_json_schema,
)
from hotline_rules.errors import InputError

BASE = {
    "id": "T-1",
    "kind": "complaint",
    "events": [
        {"type": "dispatched", "at": "2026-09-30T16:40:00+08:00", "unit": "区住建局"},
        {"type": "received", "at": "2026-09-30T16:00:00+08:00"},
        {"type": "completed", "at": "2026-10-08T10:00:00+08:00", "unit": "区住建局"},
    ],
}


def test_events_are_put_in_time_order() -> None:
    t = parse_ticket(BASE)
    assert [e.type for e in t.events] == ["received", "dispatched", "completed"]
    assert t.received_at is not None and t.received_at.isoformat() == "2026-09-30T16:00:00+08:00"


def test_events_at_the_same_instant_keep_their_listed_order() -> None:
    same = "2026-09-30T16:40:00+08:00"
    t = parse_ticket({"id": "T", "events": [{"type": "b", "at": same}, {"type": "a", "at": same}]})
    assert [e.type for e in t.events] == ["b", "a"]


def test_naive_timestamp_is_refused_with_its_field() -> None:
    data = json.loads(json.dumps(BASE))
    data["events"][1]["at"] = "2026-09-30T16:00:00"
    with pytest.raises(InputError) as info:
        parse_ticket(data)
    assert info.value.code == "ticket.naive_datetime"
    assert "events.1.at" in info.value.message_en
    assert "时区" in info.value.message_zh


def test_unknown_field_and_missing_id() -> None:
    with pytest.raises(InputError) as info:
        parse_ticket({**BASE, "colour": "red"})
    assert info.value.code == "ticket.unknown_field"
    with pytest.raises(InputError) as info:
        parse_ticket({"events": []})
    assert info.value.code == "ticket.missing_field"


def test_extension_length_is_parsed() -> None:
    t = parse_ticket(
        {
            "id": "T",
            "events": [
                {
                    "type": "extension_requested",
                    "at": "2026-09-30T16:40:00+08:00",
                    "length": "15个工作日",
                }
            ],
        }
    )
    assert str(t.events[0].length) == "15 working_days"


def test_jsonl_reports_bad_lines_and_goes_on() -> None:
    good = json.dumps(BASE, ensure_ascii=False)
    naive = good.replace("+08:00", "", 1)
    lines = [good, "not json", "", naive, good.replace('"T-1"', '"T-2"')]
    out = list(iter_jsonl(lines, file="x.jsonl"))
    tickets = [o for o in out if isinstance(o, Ticket)]
    rejected = [o for o in out if isinstance(o, Rejected)]
    assert [t.id for t in tickets] == ["T-1", "T-2"]
    assert [(r.line, r.ticket_id) for r in rejected] == [(2, None), (4, "T-1")]
    assert "JSON" in rejected[0].reason_en
    assert rejected[1].reason_zh  # Chinese reason present
    assert len(tickets) + len(rejected) == 4  # every non-empty line accounted for


def test_ticket_file(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(BASE, ensure_ascii=False), encoding="utf-8")
    assert load_ticket_file(path).id == "T-1"
    with pytest.raises(InputError) as info:
        load_ticket_file(tmp_path / "missing.json")
    assert info.value.code == "ticket.unreadable"


def test_ticket_schema_lists_event_fields() -> None:
    schema = ticket_json_schema()
    assert "events" in schema["properties"]
    assert "Event" in schema["$defs"] and "at" in schema["$defs"]["Event"]["properties"]


@pytest.mark.parametrize(
    ("text", "where", "zh", "en"),
    [
        ('{"id": "x",\n "events": [1,]}', (2, 15), "多余的逗号", "trailing comma"),
        ('{"id": "x" "kind": "a"}', (1, 12), "此处应有逗号或右花括号", "expected `,` or `}`"),
        ('{"id": "x", kind: 1}', (1, 13), "此处应有用双引号括起的字段名", "key must be a string"),
        ('{"id": "x",\n', (2, 1), "内容在此处意外结束", "EOF while parsing"),
    ],
)
def test_bad_json_in_a_ticket_file_is_located_by_line_and_column(
    text: str, where: tuple[int, int], zh: str, en: str
) -> None:
    """As a profile's YAML error is: file:line:column, and what was expected there, zh and en."""
    with pytest.raises(InputError) as caught:
        parse_ticket_json(text, file="t.json")
    error = caught.value
    assert error.code == "ticket.invalid_json"
    assert (error.location.line, error.location.column) == where
    assert f"第 {where[0]} 行第 {where[1]} 列" in error.message_zh and zh in error.message_zh
    assert f"line {where[0]}, column {where[1]}: {en}" in error.message_en


def test_bad_json_in_a_batch_is_located_at_the_files_line() -> None:
    """A JSON Lines record is one line: the file's line number, the column within it."""
    lines = ['{"id": "a", "events": []}\n', '{"id": "b" "kind": 1}\n']
    rejected = list(iter_jsonl(lines, file="x.jsonl"))[1]
    assert isinstance(rejected, Rejected)
    assert (rejected.line, rejected.code) == (2, "record.json_invalid")
    assert "第 2 行第 12 列，此处应有逗号或右花括号" in rejected.reason_zh
    assert "line 2, column 12: expected `,` or `}`" in rejected.reason_en

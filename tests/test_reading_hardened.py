"""Reading exports as a hostile or careless user would write them (issue 12, items 1, 4 and 5).

A record is the unit of failure: each bad line or row becomes a ``Rejected`` with a stable code
and its line as the file counts lines, the rest of the batch is read, and every line is
accounted for (tickets + rejected + skipped). What makes a whole file unreadable (an unknown
encoding, a CSV without its id or time column) is an ``InputError`` before any record is read.
Exports are shaped like a real office's: GBK CSVs from Excel, a title row above a Chinese
header, times written ``2020/11/27 16:20:14``.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from hotline_rules.audit.exports import (
    MAX_RECORD_LINES,
    SAMPLE_BYTES,
    Mapping,
    detect_encoding,
    open_export,
    read_csv,
    read_export,
)
from hotline_rules.engine.ticket import (
    RECORD_CODES,
    Rejected,
    Skipped,
    Ticket,
    bounded_lines,
    calendar_years,
    iter_jsonl,
    parse_record,
    parse_ticket,
)
from hotline_rules.errors import InputError
from hotline_rules.time.calendar import WorkCalendar

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "exports"

GOOD = {
    "id": "T-1",
    "kind": "complaint",
    "events": [
        {"type": "received", "at": "2026-03-02T09:00:00+08:00"},
        {"type": "dispatched", "at": "2026-03-02T10:00:00+08:00", "unit": "市住建局"},
    ],
}


def good(ticket_id: str = "T-1") -> bytes:
    return json.dumps({**GOOD, "id": ticket_id}, ensure_ascii=False).encode("utf-8")


def with_event_at(at: Any) -> bytes:
    return json.dumps({"id": "T-9", "events": [{"type": "received", "at": at}]}).encode()


def kinds(items: list[Any]) -> list[tuple[str, Any]]:
    """Each item as (class, code or id or kind): what a test compares."""
    out: list[tuple[str, Any]] = []
    for i in items:
        if isinstance(i, Rejected):
            out.append(("rejected", i.code))
        elif isinstance(i, Skipped):
            out.append(("skipped", i.kind))
        else:
            out.append(("ticket", i.id))
    return out


def one_rejected(line: bytes) -> Rejected:
    """The line alone is rejected, and a good line after it is still read."""
    items = list(iter_jsonl([line, good("AFTER")]))
    assert isinstance(items[0], Rejected), items[0]
    assert isinstance(items[1], Ticket) and items[1].id == "AFTER"
    assert items[0].line == 1 and items[0].reason_zh and items[0].reason_en
    return items[0]


# ---- a record is the unit of failure: JSON Lines ---------------------------------------------


def test_a_line_nested_5000_deep_is_rejected_not_a_recursion_error() -> None:
    # before: RecursionError (json.loads of the line, looking for its id, after pydantic refused it)
    r = one_rejected(b"[" * 5000 + b"]" * 5000)
    assert r.code == "record.too_deep"
    r = one_rejected(b'{"id": "D-1", "note": ' + b"[" * 5000 + b"]" * 5000 + b"}")
    assert r.code == "record.too_deep"
    assert "200" in r.reason_zh


def test_a_lone_surrogate_in_an_id_is_rejected_at_read_and_can_be_written_out() -> None:
    # before: read as a ticket, then UnicodeEncodeError when the JSON/HTML report was written
    r = one_rejected(b'{"id": "a\\udc00", "events": []}')
    assert r.code == "record.bad_text"
    # given as Python data (a caller's dicts), the same check
    r = parse_record({"id": "a\udc00", "events": []}, 7)
    assert isinstance(r, Rejected) and (r.code, r.line) == ("record.bad_text", 7)
    assert r.ticket_id == "a\\udc00"  # escaped: the rejection itself can be written out
    json.dumps(r.to_dict(), ensure_ascii=False).encode("utf-8")
    r = parse_record(
        {"id": "b", "events": [{"type": "received", "at": GOOD_AT, "note": "\ud800"}]}, 1
    )
    assert isinstance(r, Rejected) and "events.0.note" in r.reason_en
    # a surrogate pair is an ordinary character (an emoji), not a lone surrogate
    t = parse_record(b'{"id": "ok\\ud83d\\ude00", "events": []}', 1)
    assert isinstance(t, Ticket) and t.id == "ok\U0001f600"


GOOD_AT = "2026-03-02T09:00:00+08:00"


@pytest.mark.parametrize(
    "at",
    ["0001-01-01T00:00:00+08:00", "9999-12-31T23:00:00-08:00", "1900-01-01T08:00:00+08:00"],
)
def test_an_event_outside_the_calendars_years_is_rejected(at: str) -> None:
    # before: evaluated as a normal ticket (and an OverflowError on some paths for years 1 and 9999)
    r = one_rejected(with_event_at(at))
    assert (r.code, r.ticket_id) == ("record.time_out_of_range", "T-9")
    first, last = calendar_years()
    assert f"{first}" in r.reason_en and f"{last}" in r.reason_en


def test_the_accepted_years_are_the_default_calendars_range() -> None:
    calendar = WorkCalendar.default()
    first, last = calendar.first_date.year, calendar.last_date.year
    assert calendar_years() == (first, last)
    assert isinstance(one_rejected(with_event_at(f"{last + 1}-01-01T00:00:00+08:00")), Rejected)
    assert isinstance(one_rejected(with_event_at(f"{first - 1}-12-31T23:59:59+08:00")), Rejected)
    for year in (first, last):
        assert isinstance(parse_record(with_event_at(f"{year}-06-01T09:00:00+08:00"), 1), Ticket)
    # a caller with a wider calendar says so
    assert isinstance(
        parse_record(with_event_at("1999-06-01T09:00:00+08:00"), 1, years=(1990, 2050)), Ticket
    )


def test_a_null_or_non_array_events_value_is_rejected() -> None:
    r = one_rejected(b'{"id": "N-1", "events": null}')
    assert (r.code, r.ticket_id) == ("record.wrong_type", "N-1")
    assert r.reason_zh == "events：应为数组，实际为 null"
    assert one_rejected(b'{"id": "N-2", "events": {"type": "x"}}').code == "record.wrong_type"


@pytest.mark.parametrize("line", [b"[1, 2]", b'"T-1"', b"null", b"42", b"true"])
def test_a_line_that_is_not_an_object_is_rejected(line: bytes) -> None:
    r = one_rejected(line)
    assert r.code == "record.not_object"
    assert r.reason_en.startswith("not a JSON object")


@pytest.mark.parametrize("at", [1700000000, 1700000000.5, "1700000000", " 1700000000 ", True])
def test_an_epoch_number_is_not_a_time(at: Any) -> None:
    # before: pydantic read 1700000000 as seconds since 1970 in UTC
    r = one_rejected(with_event_at(at))
    assert r.code == "record.time_not_text"
    assert "ISO 8601" in r.reason_en
    with pytest.raises(InputError) as info:
        parse_ticket({"id": "E", "events": [{"type": "received", "at": at}]})
    assert info.value.code == "ticket.time_not_text"


def test_a_time_that_cannot_be_read_says_so_in_chinese() -> None:
    r = one_rejected(with_event_at("2020/11/27 16:20:14"))
    assert r.code == "record.time_invalid"
    assert r.reason_zh.startswith("events.0.at：无法识别的时间“2020/11/27 16:20:14”")
    assert one_rejected(with_event_at("2026-03-02T09:00:00")).code == "record.time_naive"


def test_invalid_utf8_rejects_the_line_not_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(good("A") + b"\n" + b'{"id": "\xb9\xa4\xb5\xa5"}\n' + good("B") + b"\n")
    with open_export(path) as reader:
        items = list(reader)
        assert reader.encoding == "utf-8"
    assert kinds(items) == [
        ("ticket", "A"),
        ("rejected", "record.bad_encoding"),
        ("ticket", "B"),
    ]
    assert items[1].line == 2  # type: ignore[union-attr]


def test_an_oversize_line_is_rejected_and_never_read_whole(tmp_path: Path) -> None:
    huge = b'{"id": "H", "note": "' + b"x" * 3_000_000 + b'"}'
    path = tmp_path / "huge.jsonl"
    path.write_bytes(good("A") + b"\n" + huge + b"\n" + good("B") + b"\n")
    items = list(iter_jsonl(path.open("rb")))
    assert kinds(items) == [("ticket", "A"), ("rejected", "record.too_large"), ("ticket", "B")]
    assert items[1].line == 2  # type: ignore[union-attr]
    assert "1 MiB" in items[1].reason_en  # type: ignore[union-attr]
    # streaming: no read asks for more than the cap (plus one byte), whatever the line's length
    asked: list[int] = []
    source = io.BytesIO(huge + b"\n" + good("C") + b"\n")

    def readline(size: int) -> bytes:
        asked.append(size)
        got = source.readline(size)
        assert len(got) <= 1001
        return got

    assert list(bounded_lines(readline, 1000)) == [None, good("C") + b"\n"]
    assert max(asked) == 1001
    # the same through open_export with a smaller cap, and a huge last line without a newline
    path.write_bytes(good("A") + b"\n" + huge)
    with open_export(path, max_line_bytes=4096) as reader:
        assert kinds(list(reader)) == [("ticket", "A"), ("rejected", "record.too_large")]


def test_blank_lines_are_skipped_and_counted_and_a_bom_is_not_a_record(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + good("A") + b"\n\n   \n" + good("B") + b"\n")
    with open_export(path) as reader:
        items = list(reader)
        assert (reader.encoding, reader.format, reader.lines_read) == ("utf-8-sig", "jsonl", 4)
    assert kinds(items) == [
        ("ticket", "A"),
        ("skipped", "blank"),
        ("skipped", "blank"),
        ("ticket", "B"),
    ]
    assert [i.line for i in items if isinstance(i, Skipped)] == [2, 3]
    # read_export, as existing callers use it, passes over skipped lines
    assert [t.id for t in read_export(path) if isinstance(t, Ticket)] == ["A", "B"]
    assert not any(isinstance(i, Skipped) for i in read_export(path))


def test_a_mixed_batch_keeps_every_good_ticket_and_accounts_for_every_line(tmp_path: Path) -> None:
    bad = [
        b"[" * 5000,
        b'{"id": "\\udc00"}',
        with_event_at("0001-01-01T00:00:00+08:00"),
        with_event_at("9999-12-31T23:00:00+08:00"),
        with_event_at(1700000000),
        b'{"id": "x", "events": null}',
        b"[]",
        b'{"id": "\xff"}',
        b"",
        b"not json",
        b'{"id": "x", "bogus": 1}',
        b'{"events": []}',
    ]
    lines = []
    for n, line in enumerate(bad):
        lines += [good(f"G-{n}"), line]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    with open_export(path) as reader:
        items = list(reader)
    assert [i.id for i in items if isinstance(i, Ticket)] == [f"G-{n}" for n in range(len(bad))]
    assert len(items) == len(lines)  # one item per line: nothing lost, nothing doubled
    codes = [i.code for i in items if isinstance(i, Rejected)]
    assert codes == [
        "record.too_deep",
        "record.bad_text",
        "record.time_out_of_range",
        "record.time_out_of_range",
        "record.time_not_text",
        "record.wrong_type",
        "record.not_object",
        "record.bad_encoding",
        "record.json_invalid",
        "record.unknown_field",
        "record.missing_field",
    ]
    assert set(codes) <= set(RECORD_CODES)
    for r in items:
        if isinstance(r, Rejected):
            json.dumps(r.to_dict(), ensure_ascii=False).encode("utf-8")  # writable, always


# ---- encodings ----------------------------------------------------------------------------

OFFICE_MAPPING = Mapping(
    columns={
        "工单号": "id",
        "紧急程度": "urgency",
        "事件": "type",
        "时间": "at",
        "承办单位": "unit",
    },
    values={
        "urgency": {"一般": "normal", "紧急": "urgent"},
        "type": {"受理": "received", "办结": "completed"},
    },
    assume_offset="+08:00",
    time_formats=("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S"),
)
OFFICE_ROWS = [
    ["工单号", "紧急程度", "事件", "时间", "承办单位"],
    ["2020112700001", "一般", "受理", "2020/11/27 16:20:14", ""],
    ["2020112700001", "一般", "办结", "2020-11-30 09:48:07", "城管局"],
    ["2020112700002", "紧急", "受理", "2020/12/4 0:00:00", ""],
]


def office_csv(title: bool = True) -> str:
    """An office's export as Excel writes it: a title row, a Chinese header, CRLF line ends."""
    rows = ([["某市12345工单", "", "", "", ""]] if title else []) + OFFICE_ROWS
    return "".join(",".join(r) + "\r\n" for r in rows)


def check_office(items: list[Any]) -> None:
    tickets = [i for i in items if isinstance(i, Ticket)]
    assert [t.id for t in tickets] == ["2020112700001", "2020112700002"], kinds(items)
    first = tickets[0]
    assert first.urgency == "normal" and [e.type for e in first.events] == ["received", "completed"]
    assert first.events[0].at.isoformat() == "2020-11-27T16:20:14+08:00"
    assert first.events[1].at.isoformat() == "2020-11-30T09:48:07+08:00"
    assert tickets[1].events[0].at.isoformat() == "2020-12-04T00:00:00+08:00"


@pytest.mark.parametrize(
    ("encoding", "found"),
    [
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-be-bom", "utf-16"),
    ],
)
def test_office_csv_in_each_encoding_is_detected(tmp_path: Path, encoding: str, found: str) -> None:
    # before: GBK and UTF-16 were a UnicodeDecodeError traceback
    path = tmp_path / "export.csv"
    if encoding == "utf-16-be-bom":
        path.write_bytes(codecs.BOM_UTF16_BE + office_csv().encode("utf-16-be"))
    else:
        path.write_text(office_csv(), encoding=encoding, newline="")
    with open_export(path, OFFICE_MAPPING) as reader:
        items = list(reader)
        assert (reader.format, reader.encoding, reader.encoding_detected) == ("csv", found, True)
        assert reader.columns == tuple(OFFICE_ROWS[0])
        assert reader.header_line == 2
    assert items[0] == Skipped(1, "comment")  # the title row, counted
    check_office(items)


def test_detection_of_short_gbk_text_prefers_gb18030() -> None:
    # charset-normalizer finds big5, cp949 and gb18030 equally good for a few Chinese words
    assert detect_encoding("工单编号,诉求类型\nMS-1,投诉\n".encode("gbk")) == "gb18030"
    assert detect_encoding("id,events\nT-1,中文\n".encode("gbk")) == "gb18030"
    assert detect_encoding(b"id,events\n") == "utf-8"
    assert detect_encoding("工单".encode()[:-1]) == "utf-8"  # a character cut by the sample's end
    assert detect_encoding(codecs.BOM_UTF16_LE + "工单".encode("utf-16-le")) == "utf-16"


def test_encoding_is_judged_from_a_bounded_sample_and_a_later_bad_row_is_rejected(
    tmp_path: Path,
) -> None:
    path = tmp_path / "late.csv"
    head = "工单号,事件,时间\r\n"
    filler = "".join(f"F-{n},受理,2020-11-27 10:00:00\r\n" for n in range(4000))
    assert len(filler.encode()) > SAMPLE_BYTES
    late = "L-1,受理,2020-11-27 10:00:00\r\n".encode("gbk")
    path.write_bytes(
        (head + filler).encode("utf-8")
        + late
        + b"L-2,\xe5\x8f\x97\xe7\x90\x86,2020-11-27 10:00:00\r\n"
    )
    with open_export(path, OFFICE_MAPPING) as reader:
        items = list(reader)
        assert reader.encoding == "utf-8"
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [(r.line, r.code) for r in rejected] == [(4002, "record.bad_encoding")]
    assert "utf-8" in rejected[0].reason_en
    assert kinds(items[-1:]) == [("ticket", "L-2")]
    assert sum(isinstance(i, Ticket) for i in items) == 4001


def test_a_forced_encoding_is_used_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(office_csv(), encoding="gbk", newline="")
    with open_export(path, OFFICE_MAPPING, encoding="GBK") as reader:
        check_office(list(reader))
        assert (reader.encoding, reader.encoding_detected) == ("gbk", False)
    check_office(list(read_export(path, OFFICE_MAPPING, encoding="gb18030")))
    with pytest.raises(InputError) as info:
        open_export(path, OFFICE_MAPPING, encoding="gbk2")
    assert info.value.code == "export.unknown_encoding"
    # forced UTF-8 on a file with a BOM: the BOM is not part of the first column's name
    path.write_text(office_csv(title=False), encoding="utf-8-sig", newline="")
    with open_export(path, OFFICE_MAPPING, encoding="utf-8") as reader:
        check_office(list(reader))
        assert reader.encoding == "utf-8-sig"
    # forced wrongly: the header does not decode, and the error says what to do
    path.write_text(office_csv(title=False), encoding="gbk", newline="")
    with pytest.raises(InputError) as info:
        open_export(path, OFFICE_MAPPING, encoding="utf-8")
    assert info.value.code == "export.bad_encoding" and "--encoding" in info.value.message_en
    str(info.value).encode("utf-8")  # printable: no undecoded byte in the message


def test_a_byte_invalid_in_gbk_rejects_its_row_only(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    body = office_csv(title=False).encode("gbk")
    bad = b"2020112700003,\xff\xff,\xca\xdc\xc0\xed,2020/11/27 16:20:14,\r\n"
    path.write_bytes(body + bad + "2020112700004,一般,受理,2020/11/27 16:20:14,\r\n".encode("gbk"))
    # forced: a corrupt byte in the sample could mislead the detector (see the next test)
    with open_export(path, OFFICE_MAPPING, encoding="gb18030") as reader:
        items = list(reader)
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [(r.line, r.code) for r in rejected] == [(5, "record.bad_encoding")]
    assert "gb18030" in rejected[0].reason_zh
    assert [t.id for t in items if isinstance(t, Ticket)][-1] == "2020112700004"


def test_a_misread_header_names_the_encoding_it_was_read_in(tmp_path: Path) -> None:
    # two stray bytes in the sample rule GB18030 out for the detector: the header is garbled,
    # and the error says in which encoding it was read, so a person forces the right one
    path = tmp_path / "export.csv"
    path.write_bytes(office_csv(title=False).encode("gbk") + b"\xff\xff\r\n")
    with pytest.raises(InputError) as info:
        open_export(path, OFFICE_MAPPING)
    assert info.value.code == "export.missing_column"
    assert "--encoding" in info.value.message_en and "read as" in info.value.message_en


def test_an_excel_file_is_refused_by_name_not_read_as_json_lines(tmp_path: Path) -> None:
    # before: an .xlsx was read as JSON Lines: 147 lines rejected, exit 0
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    with pytest.raises(InputError) as info:
        open_export(path)
    # an Excel file is read directly now (issue 18); a damaged one is one clear error
    assert info.value.code == "export.bad_excel"
    assert "Excel" in info.value.message_zh


# ---- CSV sanity -----------------------------------------------------------------------------

EVENTS_MAPPING = Mapping(
    columns={"工单编号": "id", "事件": "type", "时间": "at", "承办单位": "unit", "备注": "note"},
    values={"type": {"受理": "received", "派单": "dispatched", "办结": "completed"}},
    assume_offset="+08:00",
)
HEAD = "工单编号,事件,时间,承办单位,备注\n"


def event_rows(*ids: str) -> str:
    return "".join(f"{i},受理,2026-03-02 09:00,,\n" for i in ids)


def read_csv_text(tmp_path: Path, text: str, mapping: Mapping = EVENTS_MAPPING) -> list[Any]:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8", newline="")
    with open_export(path, mapping) as reader:
        return list(reader)


def test_an_unbalanced_quote_rejects_its_row_and_reading_goes_on(tmp_path: Path) -> None:
    # before: the open quote swallowed every row after it into one field
    text = (
        HEAD
        + 'A,受理,2026-03-02 09:00,,"两行的\n备注"\n'  # a legit quoted field over lines 2-3
        + event_rows("B")  # line 4
        + 'C,受理,2026-03-02 09:00,,"引号没有闭合\n'  # line 5
        + event_rows("D", "E", "F")  # lines 6-8
    )
    items = read_csv_text(tmp_path, text)
    assert kinds(items) == [
        ("ticket", "A"),
        ("rejected", "csv.bad_row"),
        ("ticket", "B"),
        ("ticket", "D"),
        ("ticket", "E"),
        ("ticket", "F"),
    ]
    assert items[1].line == 5  # the line as the file counts lines, not the record number (4)
    assert "引号" in items[1].reason_zh and "next line" in items[1].reason_en
    assert items[0].events[0].note == "两行的\n备注"


def test_a_quote_left_open_is_cut_off_after_a_bounded_number_of_lines(tmp_path: Path) -> None:
    # the field closes at last, far below: without the cap, every row between would be one field
    n = MAX_RECORD_LINES + 200
    text = (
        HEAD
        + 'OPEN,受理,2026-03-02 09:00,,"开了引号\n'
        + event_rows(*(f"R-{i}" for i in range(n)))
        + 'Z,受理,2026-03-02 09:00,,结尾"\n'
    )
    items = read_csv_text(tmp_path, text)
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [(r.line, r.code) for r in rejected] == [(2, "csv.bad_row")]
    assert f"{MAX_RECORD_LINES + 1}" in rejected[0].reason_zh
    assert [t.id for t in items if isinstance(t, Ticket)] == [f"R-{i}" for i in range(n)] + ["Z"]


def test_a_row_with_the_wrong_number_of_columns_is_rejected_by_its_line(tmp_path: Path) -> None:
    text = (
        HEAD
        + event_rows("A")
        + "B,受理,2026-03-02 09:00\n"  # too few
        + "C,受理,2026-03-02 09:00,,,多出来的\n"  # one too many, not empty
        + "D,受理,2026-03-02 09:00,,,\n"  # an extra empty cell (Excel pads rows): read
        + event_rows("E")
    )
    items = read_csv_text(tmp_path, text)
    assert kinds(items) == [
        ("rejected", "csv.bad_row"),
        ("rejected", "csv.bad_row"),
        ("ticket", "A"),
        ("ticket", "D"),
        ("ticket", "E"),
    ]
    assert [(r.line, r.ticket_id) for r in items[:2]] == [(3, "B"), (4, "C")]
    assert "3 columns, the header 5" in items[0].reason_en


def test_a_missing_id_column_is_a_file_error_naming_the_columns_and_the_mapping_line(
    tmp_path: Path,
) -> None:
    # before: every row was merged into one ticket with an empty id
    path = tmp_path / "export.csv"
    path.write_text("编号,事件,时间\n" + event_rows("A", "B"), encoding="gbk")
    with pytest.raises(InputError) as info:
        open_export(path, EVENTS_MAPPING)
    err = info.value
    assert (err.code, err.location.line) == ("export.missing_column", 1)
    assert (
        "找到的列（按 gb18030 读取；如乱码，请用 --encoding 指定编码）：编号、事件、时间"
        in err.message_zh
    )
    assert "Columns found (read as gb18030; if garbled, give the encoding with --encoding):" in (
        err.message_en
    )
    assert err.message_en.endswith(": 编号, 事件, 时间")
    assert err.hint_zh is not None and "编号: id" in err.hint_zh
    with pytest.raises(InputError):
        list(read_export(path, EVENTS_MAPPING))


def test_a_missing_time_column_is_a_file_error(tmp_path: Path) -> None:
    # before: event rows without a time became tickets without events
    path = tmp_path / "export.csv"
    path.write_text("工单编号,事件,受理时刻\nA,受理,2026-03-02 09:00\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        open_export(path, EVENTS_MAPPING)
    assert info.value.code == "export.missing_column"
    assert "时间（at）" in info.value.message_zh
    assert info.value.hint_zh is not None and "<列名>: at" in info.value.hint_zh
    path.write_text("工单编号,诉求类型\nA,投诉\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        open_export(path, EVENTS_MAPPING)
    assert "events" in info.value.message_en and "type and at" in info.value.message_en
    path.write_text("工单编号,时间,时间2\nA,2026-03-02 09:00,2026-03-02 09:00\n", encoding="utf-8")
    with pytest.raises(InputError) as info:  # two columns for one field
        open_export(path, Mapping(columns={"工单编号": "id", "时间": "at", "时间2": "at"}))
    assert info.value.code == "export.duplicate_column"


def test_title_rows_found_or_declared(tmp_path: Path) -> None:
    text = "某市12345工单,,,,\n,,,,\n" + HEAD + event_rows("A")
    items = read_csv_text(tmp_path, text)
    assert kinds(items) == [("skipped", "comment"), ("skipped", "blank"), ("ticket", "A")]
    # two cells filled above the header: only the mapping can say where the header is
    text = "某市12345工单,导出于 2020-12-01,,,\n" + HEAD + event_rows("A")
    with pytest.raises(InputError):
        read_csv_text(tmp_path, text)
    declared = Mapping(EVENTS_MAPPING.columns, EVENTS_MAPPING.values, "+08:00", header_row=2)
    assert kinds(read_csv_text(tmp_path, text, declared)) == [
        ("skipped", "comment"),
        ("ticket", "A"),
    ]


def test_a_split_ticket_is_rejected_naming_the_line_it_started_on(tmp_path: Path) -> None:
    text = HEAD + event_rows("A", "A", "B", "A", "C")
    items = read_csv_text(tmp_path, text)
    # a ticket comes when its last row has been read: B ends when A comes back
    assert kinds(items) == [
        ("ticket", "A"),
        ("ticket", "B"),
        ("rejected", "record.split_ticket"),
        ("ticket", "C"),
    ]
    split = items[2]
    assert (split.line, split.ticket_id) == (5, "A")
    assert "第 2 行" in split.reason_zh and "line 2" in split.reason_en


def test_the_reader_says_where_each_item_starts(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(HEAD + event_rows("A", "A", "A") + "\n" + event_rows("B"), encoding="utf-8")
    with open_export(path, EVENTS_MAPPING) as reader:
        seen = [(kinds([item])[0], reader.line) for item in reader]
        assert reader.lines_read == 6
    # the blank line comes before A: a ticket comes when its last row has been read
    assert seen == [(("skipped", "blank"), 5), (("ticket", "A"), 2), (("ticket", "B"), 6)]


def test_empty_id_rows_and_bad_events_cells_are_rejected(tmp_path: Path) -> None:
    items = read_csv_text(tmp_path, HEAD + ",受理,2026-03-02 09:00,,\n" + event_rows("A"))
    assert kinds(items) == [("rejected", "record.missing_field"), ("ticket", "A")]
    events = json.dumps([{"type": "received", "at": GOOD_AT}]).replace('"', '""')
    wide = f'id,events\nW-1,null\nW-2,5\nW-3,{"[" * 5000}\nW-4,not json\nW-5,"{events}"\nW-6,\n'
    items = read_csv_text(tmp_path, wide, Mapping())
    assert kinds(items) == [
        ("rejected", "record.wrong_type"),
        ("rejected", "record.wrong_type"),
        ("rejected", "record.too_deep"),
        ("rejected", "record.json_invalid"),
        ("ticket", "W-5"),
        ("ticket", "W-6"),
    ]
    assert [i.ticket_id for i in items[:4]] == ["W-1", "W-2", "W-3", "W-4"]


def test_csv_epoch_and_out_of_range_times_are_rejected(tmp_path: Path) -> None:
    text = HEAD + "A,受理,1700000000,,\n" + "B,受理,1900-01-01 00:00,,\n" + event_rows("C")
    items = read_csv_text(tmp_path, text)
    assert kinds(items) == [
        ("rejected", "record.time_not_text"),
        ("rejected", "record.time_out_of_range"),
        ("ticket", "C"),
    ]


def test_read_csv_takes_lines_or_a_text_file() -> None:
    text = HEAD + event_rows("A") + "\n"
    from_lines = list(read_csv(text.splitlines(keepends=True), EVENTS_MAPPING))
    from_file = list(read_csv(io.StringIO(text, newline=""), EVENTS_MAPPING))
    assert kinds(from_lines) == kinds(from_file) == [("skipped", "blank"), ("ticket", "A")]


def test_mapping_header_row_and_time_formats(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        'columns: {工单号: id}\nheader_row: 2\ntime_formats: ["%Y/%m/%d %H:%M:%S"]\n',
        encoding="utf-8",
    )
    m = Mapping.load(path)
    assert (m.header_row, m.time_formats) == (2, ("%Y/%m/%d %H:%M:%S",))
    for bad, code in (
        ("header_row: 0\n", "mapping.bad_header_row"),
        ("time_formats: [1]\n", "mapping.bad_time_formats"),
    ):
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(InputError) as info:
            Mapping.load(path)
        assert info.value.code == code
    assert Mapping(assume_offset="+08:00").instant("1700000000") == "1700000000"
    assert Mapping(assume_offset="+08:00").instant("2020/11/27 16:20:14") == "2020/11/27 16:20:14"


def test_existing_platform_export_reads_as_before() -> None:
    mapping = Mapping.load(DATA / "platform-mapping.yaml")
    with open_export(DATA / "platform-events.csv", mapping) as reader:
        items = list(reader)
        assert reader.encoding == "utf-8"
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [(r.line, r.code) for r in rejected] == [
        (10, "record.split_ticket"),
        (11, "record.time_invalid"),
    ]


def test_the_office_fixture_reads_with_every_line_accounted_for() -> None:
    """tests/data/exports/office-gbk.csv: GBK from Excel, a title row, slash times, bad rows."""
    mapping = Mapping.load(DATA / "office-mapping.yaml")
    with open_export(DATA / "office-gbk.csv", mapping) as reader:
        located = [(reader.line, kinds([item])[0]) for item in reader]
        assert (reader.encoding, reader.header_line, reader.lines_read) == ("gb18030", 2, 12)
    assert located == [
        (1, ("skipped", "comment")),
        (3, ("ticket", "2020112700001")),
        (7, ("rejected", "csv.bad_row")),  # '"市住建局' opens a quote that never closes
        (6, ("ticket", "2020112700002")),
        (10, ("skipped", "blank")),
        (8, ("ticket", "2020112700003")),
        (11, ("rejected", "record.time_not_text")),  # 1606615200
        (12, ("rejected", "record.split_ticket")),  # 2020112700001 again, after others
    ]
    # every line but the header is an item: 12 lines = 1 header + 3 tickets over 7 rows + 4 more
    tickets = [i for i in read_export(DATA / "office-gbk.csv", mapping) if isinstance(i, Ticket)]
    assert [e.at.isoformat() for e in tickets[0].events] == [
        "2020-11-27T16:20:14+08:00",
        "2020-11-27T16:45:00+08:00",
        "2020-11-30T09:48:07+08:00",
    ]


def test_the_codes_are_listed_in_the_audit_doc() -> None:
    doc = (ROOT / "docs" / "zh" / "audit.md").read_text(encoding="utf-8")
    section = doc.split("## 哪些是拒收，哪些是警告", 1)[1].split("\n## ", 1)[0]
    for code, (zh, _) in RECORD_CODES.items():
        row = next((r for r in section.splitlines() if r.startswith(f"| `{code}` |")), None)
        assert row is not None, code
        assert zh.split("（")[0] in row, (code, row)
    exports_src = (ROOT / "src" / "hotline_rules" / "audit" / "exports.py").read_text("utf-8")
    for code in sorted(set(re.findall(r'"(export\.[a-z_]+)"', exports_src))):
        assert f"| `{code}` |" in section, code


# ---- regressions found by fuzzing the readers ----------------------------------------------


def test_a_surrogate_in_a_value_pydantic_quotes_is_rejected_not_a_unicode_error() -> None:
    # pydantic cannot render the message of an unreadable length that quotes a lone surrogate
    data = {"id": "T", "events": [{"type": "received", "at": GOOD_AT, "length": "\udc00"}]}
    r = parse_record(data, 3)
    assert isinstance(r, Rejected) and (r.code, r.line) == ("record.bad_text", 3)
    with pytest.raises(InputError) as info:
        parse_ticket(data)
    assert info.value.code == "ticket.bad_text"


def test_utf16_forced_on_a_file_without_a_bom_reads_little_endian(tmp_path: Path) -> None:
    # Python's utf-16 codec refuses a stream without a BOM (a UnicodeError, not a decode error)
    path = tmp_path / "export.csv"
    path.write_bytes(office_csv().encode("utf-16-le"))
    with open_export(path, OFFICE_MAPPING, encoding="utf-16") as reader:
        check_office(list(reader))
        assert reader.encoding == "utf-16-le"


def test_a_csv_of_blank_lines_without_a_header_is_refused_not_held(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(",,,\n" * 5000 + HEAD + event_rows("A"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        open_export(path, EVENTS_MAPPING)
    assert (info.value.code, info.value.location.line) == ("export.no_header", 1001)
    path.write_text(",,,\n" * 500 + HEAD + event_rows("A"), encoding="utf-8")
    items = read_csv_text(tmp_path, path.read_text(encoding="utf-8"))
    assert kinds(items)[-1] == ("ticket", "A") and len(items) == 501


def test_an_oversize_csv_line_is_rejected_alone_inside_or_outside_a_record(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    long_note = "长" * 5000
    path.write_text(
        HEAD
        + event_rows("A")
        + f"B,受理,2026-03-02 09:00,,{long_note}\n"  # line 3: over the cap
        + f'C,受理,2026-03-02 09:00,,"两行\n{long_note}"\n'  # lines 4-5: the second over the cap
        + event_rows("D"),
        encoding="utf-8",
    )
    with open_export(path, EVENTS_MAPPING, max_line_bytes=4096) as reader:
        items = list(reader)
    rejected = [(i.line, i.code) for i in items if isinstance(i, Rejected)]
    assert rejected == [(3, "record.too_large"), (4, "csv.bad_row"), (5, "record.too_large")]
    assert [t.id for t in items if isinstance(t, Ticket)] == ["A", "D"]


def test_a_utf8_export_with_one_damaged_cell_is_still_utf8() -> None:
    # found by bench/fuzz.py: refused whole (export.unknown_encoding) or read as ptcp154/cp855
    good = "工单号,接收时间,承办单位\n" + "".join(
        f"T{i},2026-03-0{i % 9 + 1}T09:00:00+08:00,海口市交通运输局\n" for i in range(6)
    )
    sample = good.encode("utf-8") + "T9,坏,".encode() + b"\xed\xb0\x80\n"
    assert detect_encoding(sample) == "utf-8"


def test_a_short_gb18030_export_is_gb18030() -> None:
    # found by bench/fuzz.py: header and one row were read as johab, every word garbled
    sample = "工单号,接收时间,承办单位\nT1,2026/3/2 9:00:00,交通局\n".encode("gb18030")
    assert detect_encoding(sample) == "gb18030"


def test_gb18030_text_is_not_mistaken_for_damaged_utf8() -> None:
    text = "".join(f"T{i},小区路灯不亮，请尽快维修处理\n" for i in range(40))
    assert detect_encoding(text.encode("gb18030")) == "gb18030"


@pytest.mark.parametrize(
    ("where", "ticket"),
    [
        ("tags", {"id": "t", "tags": ["ok", "x\udc00"]}),
        ("personal", {"id": "t", "personal": {"name": "\udfff"}}),
        (
            "events.1.evidence",
            {
                "id": "t",
                "events": [
                    {"type": "received", "at": GOOD_AT},
                    {"type": "return_requested", "at": GOOD_AT, "evidence": ["a", "\ud800b"]},
                ],
            },
        ),
        (
            "events.0.report",
            {
                "id": "t",
                "events": [
                    {"type": "completed", "at": GOOD_AT, "report": ["\udc80"]},
                ],
            },
        ),
        (
            "events.0.unit",
            {
                "id": "t",
                "events": [
                    {"type": "dispatched", "at": GOOD_AT, "unit": "某局\udc00"},
                ],
            },
        ),
    ],
)
def test_a_lone_surrogate_anywhere_is_found_and_named(where: str, ticket: dict[str, Any]) -> None:
    """The search runs over every text at once and names the path only when it finds one: both
    walks of the ticket (values, then values with paths) must cover the same fields."""
    r = parse_record(ticket, 3)
    assert isinstance(r, Rejected) and r.code == "record.bad_text", r
    assert r.reason_en.startswith(f"{where}:"), r.reason_en

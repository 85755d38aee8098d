"""Excel workbooks read directly: cells as a CSV of the sheet would hold them, sheets by name or
index, row numbers as Excel shows them, openpyxl when calamine is missing, clear errors."""

from __future__ import annotations

import builtins
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from hotline_rules.audit import excel, export_demo
from hotline_rules.audit.excel import cell_text
from hotline_rules.audit.exports import open_export
from hotline_rules.audit.mapping import Mapping
from hotline_rules.engine.ticket import Rejected, Skipped, Ticket
from hotline_rules.errors import InputError

LONG = Mapping(
    {"编号": "id", "事件": "type", "时间": "at", "单位": "unit"},
    {"type": {"受理": "received", "派单": "dispatched", "办结": "completed"}},
    "+08:00",
)


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    first = True
    for name, rows in sheets.items():
        ws = book.active if first else book.create_sheet(name)
        assert ws is not None
        ws.title = name
        first = False
        for r in rows:
            ws.append(r)
    book.save(path)
    return path


EVENTS = [
    ["编号", "事件", "时间", "单位"],
    [1001.0, "受理", datetime(2026, 3, 2, 9, 0), None],  # an id typed as a number, a typed date
    [1001.0, "派单", "2026-03-02 10:00", "区住建局"],  # a time as text
    [1001.0, "办结", datetime(2026, 3, 5, 16, 30), "区住建局"],
]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("文字", "文字"),
        (2020112700001.0, "2020112700001"),
        (3.5, "3.5"),
        (7, "7"),
        (True, "true"),
        (datetime(2020, 11, 27, 16, 20, 14), "2020-11-27T16:20:14"),
        (date(2020, 12, 4), "2020-12-04"),
        (time(9, 30), "09:30:00"),
        (timedelta(days=2), "2 days, 0:00:00"),
    ],
)
def test_cells_read_as_a_csv_of_the_sheet_would_hold_them(value: Any, text: str) -> None:
    assert cell_text(value) == text


def test_a_sheet_of_one_row_per_event_reads_like_the_csv(tmp_path: Path) -> None:
    path = workbook(tmp_path / "e.xlsx", {"工单": EVENTS})
    with open_export(path, LONG) as reader:
        items = list(reader)
        assert (reader.format, reader.sheet, reader.encoding, reader.header_line) == (
            "xlsx",
            "工单",
            None,
            1,
        )
    (t,) = items
    assert isinstance(t, Ticket) and t.id == "1001"
    assert [(e.type, e.at.isoformat()) for e in t.events] == [
        ("received", "2026-03-02T09:00:00+08:00"),
        ("dispatched", "2026-03-02T10:00:00+08:00"),
        ("completed", "2026-03-05T16:30:00+08:00"),
    ]


def test_sheets_by_name_or_index_and_a_missing_one_names_those_there_are(tmp_path: Path) -> None:
    path = workbook(tmp_path / "e.xlsx", {"说明": [["本表为导出"]], "工单": EVENTS})
    for sheet in ("工单", 1, "1"):
        with open_export(path, LONG, sheet=sheet) as reader:
            assert reader.sheet == "工单" and sum(isinstance(i, Ticket) for i in reader) == 1
    with pytest.raises(InputError) as info:
        open_export(path, LONG, sheet="明细")
    assert info.value.code == "export.no_sheet" and "说明、工单" in info.value.message_zh


def test_rows_are_numbered_as_excel_shows_them(tmp_path: Path) -> None:
    # two empty rows, a title, the header on row 4: a rejected row names Excel's row number
    path = workbook(
        tmp_path / "e.xlsx",
        {"工单": [[], [], ["某市12345工单"], *EVENTS, [1002.0, "受理", "昨天", None]]},
    )
    with open_export(path, LONG) as reader:
        items = [(reader.line, i) for i in reader]
        assert reader.header_line == 4
    assert [(line, type(i).__name__) for line, i in items] == [
        (1, "Skipped"),
        (2, "Skipped"),
        (3, "Skipped"),
        (5, "Ticket"),
        (8, "Rejected"),
    ]
    assert isinstance(items[-1][1], Rejected) and items[-1][1].ticket_id == "1002"


def test_openpyxl_reads_the_same_when_calamine_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = list(export_demo.demo_rows(30, seed=2, typed_dates=True))
    path = tmp_path / "e.xlsx"
    export_demo.write_xlsx(path, rows)
    m = tmp_path / "m.yaml"
    m.write_text(export_demo.MAPPING, encoding="utf-8")
    mapping = Mapping.load(m)
    with open_export(path, mapping) as reader:
        fast = [(reader.line, i) for i in reader]
        assert reader._sheet is not None and reader._sheet.reader == "calamine"
    real_import = builtins.__import__

    def no_calamine(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "python_calamine":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_calamine)
    with open_export(path, mapping) as reader:
        slow = [(reader.line, i) for i in reader]
        assert reader._sheet is not None and reader._sheet.reader == "openpyxl"
    assert slow == fast
    assert sum(isinstance(i, Ticket) for _, i in fast) == 30


def test_a_big_sheet_is_streamed_by_openpyxl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workbook(tmp_path / "e.xlsx", {"工单": EVENTS})
    monkeypatch.setattr(excel, "CALAMINE_MAX_BYTES", 10)
    with open_export(path, LONG) as reader:
        assert reader._sheet is not None and reader._sheet.reader == "openpyxl"
        assert sum(isinstance(i, Ticket) for i in reader) == 1


def test_without_a_reader_an_excel_file_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workbook(tmp_path / "e.xlsx", {"工单": EVENTS})
    real_import = builtins.__import__

    def none(name: str, *args: Any, **kwargs: Any) -> Any:
        if name in ("python_calamine", "openpyxl"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", none)
    with pytest.raises(InputError) as info:
        open_export(path, LONG)
    assert info.value.code == "export.excel_reader_missing"
    assert "hotline-rules[excel]" in info.value.message_zh


@pytest.mark.parametrize("head", [b"PK\x03\x04" + bytes(300), b"\xd0\xcf\x11\xe0" + bytes(600)])
def test_a_damaged_workbook_is_one_clear_error(tmp_path: Path, head: bytes) -> None:
    path = tmp_path / "e.xlsx"
    path.write_bytes(head)
    with pytest.raises(InputError) as info:
        open_export(path, LONG)
    assert info.value.code == "export.bad_excel" and "Excel" in info.value.message_zh


def test_a_workbook_without_the_id_column_names_the_columns_found(tmp_path: Path) -> None:
    path = workbook(tmp_path / "e.xlsx", {"工单": [["单号", "时间"], ["A", "2026-03-02 09:00"]]})
    with pytest.raises(InputError) as info:
        open_export(path, Mapping())
    assert info.value.code == "export.missing_column" and "单号" in info.value.message_zh


def test_blank_rows_inside_the_sheet_are_counted(tmp_path: Path) -> None:
    path = workbook(tmp_path / "e.xlsx", {"工单": [EVENTS[0], EVENTS[1], [None, None], EVENTS[2]]})
    with open_export(path, LONG) as reader:
        kinds = [(reader.line, type(i).__name__) for i in reader]
    assert ("blank" in [i.kind for i in [Skipped(3)]]) and (3, "Skipped") in kinds

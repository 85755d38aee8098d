"""One row per work order: events, tags, facts and the platform's deadline read from columns,
every row accounted for, every value outside the mapping named with its line and column."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline_rules.audit import export_demo
from hotline_rules.audit.exports import open_export
from hotline_rules.audit.mapping import Mapping
from hotline_rules.engine.ticket import Rejected, Skipped, Ticket
from hotline_rules.errors import InputError

MAPPING = """\
assume_offset: "+08:00"
time_formats: ["%Y/%m/%d %H:%M:%S", "%Y/%m/%d"]
masked: ["******"]
columns: {单号: id, 紧急程度: urgency, 联系人: personal}
values: {urgency: {一般: normal, 紧急: emergency}}
events:
  - column: 接收时间
    type: dispatched
    unit: 区住建局
  - column: 回复时间
    type_column: 回复类型
    types: {回复: completed, 回退: return_requested, 申请延期: [extension_requested, extension_approved]}
    reason_column: 理由
    length_column: 延期天数
    until_column: 延期至
tags:
  - {column: 工单类型, equals: 重办单, tag: rework}
  - {column: 描述, pattern: "【紧急】", tag: flagged_urgent, set: {urgency: emergency}}
platform_due:
  completion: 办结时限
"""
HEADER = [
    "单号",
    "接收时间",
    "回复类型",
    "回复时间",
    "理由",
    "延期天数",
    "延期至",
    "紧急程度",
    "工单类型",
    "描述",
    "联系人",
    "办结时限",
]


def write(
    tmp_path: Path, rows: list[list[str]], mapping: str = MAPPING, title: bool = True
) -> tuple[Path, Mapping]:
    m = tmp_path / "m.yaml"
    m.write_text(mapping, encoding="utf-8")
    path = tmp_path / "e.csv"
    buf = io.StringIO()
    writer = csv.writer(buf)
    if title:
        writer.writerow(["某单位工单台账"])
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="gb18030")
    return path, Mapping.load(m)


def row(**cells: str) -> list[str]:
    base = {"单号": "A-1", "接收时间": "2026/3/2 10:00:00", "紧急程度": "一般", "联系人": "张先生"}
    base.update(cells)
    return [base.get(h, "") for h in HEADER]


def read(path: Path, mapping: Mapping) -> tuple[list[tuple[int, Any]], Any]:
    with open_export(path, mapping) as reader:
        out = []
        for item in reader:
            out.append((reader.line, item))
        return out, reader


def only_ticket(items: list[tuple[int, Any]]) -> Ticket:
    tickets = [i for _, i in items if isinstance(i, Ticket)]
    assert len(tickets) == 1, items
    return tickets[0]


def test_events_types_units_reasons_lengths_from_their_columns(tmp_path: Path) -> None:
    path, m = write(
        tmp_path,
        [
            row(单号="R", 回复类型="回退", 回复时间="2026/3/2 15:00:00", 理由="不属于本单位职责"),
            row(
                单号="E",
                回复类型="申请延期",
                回复时间="2026/3/4 9:00:00",
                延期天数="5",
                延期至="2026/3/16",
            ),
            row(单号="C", 回复类型="回复", 回复时间="2026-03-05 16:00:00"),
        ],
    )
    items, reader = read(path, m)
    tickets = {i.id: i for _, i in items if isinstance(i, Ticket)}
    assert reader.format == "csv" and reader.encoding == "gb18030" and reader.header_line == 2
    r = tickets["R"].events
    assert [(e.type, e.unit) for e in r] == [("dispatched", "区住建局"), ("return_requested", None)]
    assert r[1].reason == "不属于本单位职责"
    e = tickets["E"].events
    assert [x.type for x in e] == ["dispatched", "extension_requested", "extension_approved"]
    assert e[1].length is not None and e[1].length.zh == "5个工作日"
    assert e[1].note == "申请延期至 2026/3/16"
    c = tickets["C"].events
    assert c[1].type == "completed" and c[1].at.isoformat() == "2026-03-05T16:00:00+08:00"
    assert tickets["C"].personal == {"联系人": "张先生"}


def test_tags_set_facts_and_masked_values_are_unknown(tmp_path: Path) -> None:
    path, m = write(
        tmp_path,
        [
            row(
                工单类型="重办单",
                描述="【紧急】路灯不亮",
                联系人="******",
                回复时间="******",
                回复类型="回复",
            )
        ],
    )
    t = only_ticket(read(path, m)[0])
    assert t.tags == frozenset({"rework", "flagged_urgent"})
    assert t.urgency == "emergency"  # set by the tag rule over the column's 一般
    assert t.personal is None
    assert [e.type for e in t.events] == ["dispatched"]


@pytest.mark.parametrize(
    ("raw", "due"),
    [
        ("2020/12/4 0:00:00", "2020-12-05T00:00:00+08:00"),  # midnight: by the end of the day
        ("2020/12/4", "2020-12-05T00:00:00+08:00"),  # a day: the same
        ("2020-12-04 00:00:00", "2020-12-05T00:00:00+08:00"),
        ("2020/12/4 17:30:00", "2020-12-04T17:30:00+08:00"),  # an instant stays
    ],
)
def test_a_platform_deadline_written_as_a_day_means_its_end(
    tmp_path: Path, raw: str, due: str
) -> None:
    path, m = write(tmp_path, [row(接收时间="2020/11/27 16:20:14", 办结时限=raw)])
    t = only_ticket(read(path, m)[0])
    assert t.platform_due is not None and t.platform_due["completion"].isoformat() == due


def test_an_unreadable_platform_deadline_is_a_warning_not_a_lost_order(tmp_path: Path) -> None:
    path, m = write(tmp_path, [row(办结时限="下周五")])
    items, reader = read(path, m)
    t = only_ticket(items)
    assert t.platform_due is None
    assert reader.warnings.counts == {"mapping.bad_platform_due": 1}
    example = reader.warnings.examples[0]
    assert (example["line"], example["column"], example["value"]) == (3, "办结时限", "下周五")


def test_a_value_outside_the_map_is_rejected_at_its_line_and_column(tmp_path: Path) -> None:
    path, m = write(
        tmp_path,
        [
            row(单号="OK"),
            row(单号="X", 紧急程度="较急"),
            row(单号="Y", 回复类型="转办", 回复时间="2026/3/3 9:00:00"),
        ],
    )
    items, _ = read(path, m)
    rejected = [(line, i) for line, i in items if isinstance(i, Rejected)]
    assert [(line, r.code, r.ticket_id) for line, r in rejected] == [
        (4, "record.unmapped_value", "X"),
        (5, "record.unmapped_value", "Y"),
    ]
    assert "第 4 行“紧急程度”列的值“较急”" in rejected[0][1].reason_zh
    assert "'较急'" in rejected[0][1].reason_en and "紧急程度" in rejected[0][1].reason_en
    assert "“回复类型”列的值“转办”" in rejected[1][1].reason_zh


def test_with_warn_the_value_is_unknown_and_counted(tmp_path: Path) -> None:
    path, m = write(
        tmp_path,
        [row(紧急程度="较急"), row(单号="Y", 回复类型="转办", 回复时间="2026/3/3 9:00:00")],
        MAPPING + "unknown_values: warn\n",
    )
    items, reader = read(path, m)
    tickets = [i for _, i in items if isinstance(i, Ticket)]
    assert [t.urgency for t in tickets] == [None, "normal"]
    assert [e.type for e in tickets[1].events] == ["dispatched"]  # the unknown event is not read
    assert reader.warnings.counts == {"mapping.unknown_value": 2}
    assert [(w["line"], w["column"], w["value"]) for w in reader.warnings.examples] == [
        (3, "紧急程度", "较急"),
        (4, "回复类型", "转办"),
    ]


@pytest.mark.parametrize(
    ("mapping", "raw", "code", "words"),
    [
        (MAPPING, "2020年11月27日", "record.time_invalid", "time_formats"),
        (
            MAPPING.replace('assume_offset: "+08:00"\n', ""),
            "2020/11/27 16:20:14",
            "record.time_naive",
            "assume_offset",
        ),
    ],
)
def test_a_time_that_cannot_be_read_names_the_column_and_the_fix(
    tmp_path: Path, mapping: str, raw: str, code: str, words: str
) -> None:
    path, m = write(tmp_path, [row(接收时间=raw)], mapping)
    items, _ = read(path, m)
    ((line, r),) = [(line, i) for line, i in items if isinstance(i, Rejected)]
    assert (line, r.code, r.ticket_id) == (3, code, "A-1")
    assert "接收时间" in r.reason_zh and raw in r.reason_zh and words in r.reason_zh


def test_a_column_the_mapping_names_must_be_in_the_header(tmp_path: Path) -> None:
    path, m = write(
        tmp_path, [row()], MAPPING.replace("column: 回复时间", "column: 回复（回退或申请）时间")
    )
    with pytest.raises(InputError) as info:
        open_export(path, m)
    assert info.value.code == "export.missing_column"
    assert "回复（回退或申请）时间" in info.value.message_zh and "找到的列" in info.value.message_zh
    assert info.value.location.line == 2


def test_a_title_of_two_cells_needs_header_row(tmp_path: Path) -> None:
    m = tmp_path / "m.yaml"
    m.write_text(MAPPING + "header_row: 3\n", encoding="utf-8")
    path = tmp_path / "e.csv"
    path.write_text(
        "某单位工单台账,2026年3月\n导出人,某某\n"
        + ",".join(HEADER)
        + "\n"
        + ",".join(row())
        + "\n",
        encoding="utf-8",
    )
    items, reader = read(path, Mapping.load(m))
    assert reader.header_line == 3
    assert [type(i).__name__ for _, i in items] == ["Skipped", "Skipped", "Ticket"]


# ---- the three formats of the demo export ----------------------------------------------------------


def test_xlsx_xls_and_gb18030_csv_give_the_same_tickets(tmp_path: Path) -> None:
    rows = list(export_demo.demo_rows(60, seed=7, unmapped=2, typed_dates=True))
    paths = [tmp_path / "e.xlsx", tmp_path / "e.xls", tmp_path / "e.csv"]
    export_demo.write_xlsx(paths[0], rows)
    export_demo.write_xls(paths[1], rows)
    export_demo.write_csv(paths[2], rows)
    m = tmp_path / "m.yaml"
    m.write_text(export_demo.MAPPING, encoding="utf-8")
    mapping = Mapping.load(m)
    seen = []
    for path in paths:
        items, _ = read(path, mapping)
        kinds = [(line, type(i).__name__, getattr(i, "code", None)) for line, i in items]
        # every row accounted for: the title row, 58 orders, 2 rejected at their lines
        assert kinds[0] == (1, "Skipped", None)
        assert [k for k in kinds if k[1] == "Rejected"] == [
            (3, "Rejected", "record.unmapped_value"),
            (4, "Rejected", "record.unmapped_value"),
        ]
        assert sum(k[1] == "Ticket" for k in kinds) == 58
        assert [line for line, _ in items] == [1, *range(3, 63)]
        seen.append([i.model_dump() for _, i in items if isinstance(i, Ticket)])
    assert seen[0] == seen[1] == seen[2]
    extended = [t for t in seen[0] if any(e["type"] == "extension_approved" for e in t["events"])]
    returned = [t for t in seen[0] if any(e["type"] == "return_requested" for e in t["events"])]
    assert extended and returned
    assert all(t["platform_due"]["completion"].time().isoformat() == "00:00:00" for t in seen[0])


# ---- every row accounted for, whatever the cells hold ------------------------------------------

CELL = st.sampled_from(
    [
        "",
        "一般",
        "紧急",
        "较急",
        "回复",
        "回退",
        "申请延期",
        "转办",
        "******",
        "2026/3/2 10:00:00",
        "2026-03-03 09:00:00",
        "2026/3/4",
        "明天",
        "5",
        "x,y",
        '"',
    ]
)
"""Cells of a generated row (a line break inside a cell makes a record of two lines, whose
structure errors the CSV reader resyncs on; tests/test_reading_hardened.py covers those)."""


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(CELL, min_size=0, max_size=len(HEADER) + 2), max_size=12))
def test_every_row_becomes_exactly_one_item_at_its_line(
    tmp_path_factory: pytest.TempPathFactory, cells: list[list[str]]
) -> None:
    tmp_path = tmp_path_factory.mktemp("wide")
    rows = [[f"ID-{n}", *r[1:]] if r else [] for n, r in enumerate(cells)]
    path, m = write(tmp_path, rows)
    with open_export(path, m) as reader:
        items = [(reader.line, item) for item in reader]
        lines_in_file = reader.lines_read
    assert all(isinstance(i, Ticket | Rejected | Skipped) for _, i in items)
    lines = [line for line, _ in items]
    assert lines == sorted(set(lines))  # one item per record, in file order
    assert lines[0] == 1 and set(lines) <= set(range(1, lines_in_file + 1))
    assert lines == [1, *range(3, 3 + len(cells))]  # the title row, then each row: one item
    for _, i in items:
        if isinstance(i, Ticket):
            assert all(e.at.tzinfo is not None for e in i.events)
            assert i.urgency in (None, "normal", "emergency")


def test_the_example_export_audits_as_the_docs_say() -> None:
    root = Path(__file__).resolve().parents[1] / "examples" / "exports"
    from hotline_rules.audit import platform
    from hotline_rules.audit.auditor import audit
    from hotline_rules.engine.engine import Engine

    mapping = Mapping.load(root / "wide-mapping.yaml")
    engine = Engine("moushi")
    as_of = datetime.fromisoformat("2026-10-31T00:00:00+08:00")
    for name in ("wide.xlsx", "wide.xls", "wide-gb18030.csv"):
        with open_export(root / name, mapping) as reader:
            result = audit(reader, engine, as_of=as_of)
        assert result.balanced
        assert (
            result.rows_read,
            result.tickets_evaluated,
            result.rows_rejected,
            result.comment_lines,
        ) == (41, 39, 1, 1)
        s = platform.summary(result)
        assert s["platform"] == {
            "compared": 39,
            "differs": 22,
            "platform_later": 22,
            "platform_earlier": 0,
            "not_compared": 0,
        }
        assert s["snapshot"] == {
            "newest_day": "2026-10-16",
            "days_after": 15,
            "overdue_after_export": 3,
        }


def test_a_reply_before_the_receipt_is_a_data_finding(tmp_path: Path) -> None:
    from hotline_rules.engine.engine import Engine

    (first,) = export_demo.demo_rows(1, seed=3)
    first.update({"录入时间": "2026-09-20 10:00:00", "接收时间": "2026-09-20 10:30:00"})
    first.update({"回复类型": "回复", "回复（回退或申请）时间": "2026-09-19 9:00:00"})
    path = tmp_path / "e.csv"
    export_demo.write_csv(path, [first])
    m = tmp_path / "m.yaml"
    m.write_text(export_demo.MAPPING, encoding="utf-8")
    t = only_ticket(read(path, Mapping.load(m))[0])
    assert t.events[0].type == "completed"  # put in time order: before the receipt
    ev = Engine("moushi").evaluate(t, datetime.fromisoformat("2026-10-31T00:00:00+08:00"))
    assert "ticket.event_before_receipt" in ev.codes()

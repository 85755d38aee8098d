"""A revisit's rating and resolution and a dispatch's role, read from their own columns of a
one-row-per-order export (回访满意度, 是否解决, 承办方式): language v2's `resolved` and `role`
reach the engine from a real export, not only from JSON."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from hotline_rules.audit.exports import open_export
from hotline_rules.audit.mapping import Mapping
from hotline_rules.engine.ticket import Rejected, Ticket

MAPPING = """\
assume_offset: "+08:00"
time_formats: ["%Y/%m/%d %H:%M:%S"]
columns: {单号: id}
values: {satisfaction: {很满意: satisfied}, role: {牵头: lead}}
unknown_values: {unknown}
events:
  - column: 派单时间
    type: dispatched
    unit_column: 承办单位
    role_column: 承办方式
  - column: 回访时间
    type: revisit
    satisfaction_column: 回访满意度
    resolved_column: 是否解决
"""
HEADER = ["单号", "派单时间", "承办单位", "承办方式", "回访时间", "回访满意度", "是否解决"]


def _read(tmp_path: Path, rows: list[list[str]], unknown: str = "reject") -> list[Any]:
    (tmp_path / "m.yaml").write_text(MAPPING.replace("{unknown}", unknown), encoding="utf-8")
    buf = io.StringIO()
    csv.writer(buf).writerows([HEADER, *rows])
    path = tmp_path / "e.csv"
    path.write_text(buf.getvalue(), encoding="gb18030")
    with open_export(path, Mapping.load(tmp_path / "m.yaml")) as reader:
        return list(reader)


def _row(**cells: str) -> list[str]:
    base = {"单号": "A", "派单时间": "2026/3/2 10:00:00", "承办单位": "区住建局"}
    base.update(cells)
    return [base.get(h, "") for h in HEADER]


def test_rating_resolution_and_role_reach_the_events(tmp_path: Path) -> None:
    items = _read(
        tmp_path,
        [
            _row(
                单号="A",
                承办方式="主办",
                回访时间="2026/3/9 10:00:00",
                回访满意度="不满意",
                是否解决="否",
            ),
            _row(
                单号="B",
                承办方式="协办",
                回访时间="2026/3/9 11:00:00",
                回访满意度="很满意",
                是否解决="已解决",
            ),
            _row(单号="C", 承办方式="牵头", 回访时间="2026/3/9 12:00:00", 回访满意度="satisfied"),
            _row(单号="D"),  # no role, no revisit: nothing invented
        ],
    )
    tickets = {t.id: t for t in items if isinstance(t, Ticket)}
    assert len(tickets) == 4, items
    a, b, c, d = (tickets[k].events for k in "ABCD")
    assert (a[0].role, a[1].satisfaction, a[1].resolved) == ("lead", "unsatisfied", False)
    assert (b[0].role, b[1].satisfaction, b[1].resolved) == ("co", "satisfied", True)
    assert (c[0].role, c[1].satisfaction, c[1].resolved) == ("lead", "satisfied", None)
    assert [e.type for e in d] == ["dispatched"] and d[0].role is None


def test_a_word_nobody_mapped_is_rejected_at_its_line_and_column(tmp_path: Path) -> None:
    items = _read(
        tmp_path,
        [
            _row(单号="A", 回访时间="2026/3/9 10:00:00", 是否解决="部分解决"),
            _row(单号="B", 承办方式="督办"),
        ],
    )
    rejected = [r for r in items if isinstance(r, Rejected)]
    assert [(r.line, r.code) for r in rejected] == [
        (2, "record.unmapped_value"),
        (3, "record.unmapped_value"),
    ]
    assert "是否解决" in rejected[0].reason_zh and "部分解决" in rejected[0].reason_zh
    assert "承办方式" in rejected[1].reason_zh and "督办" in rejected[1].reason_zh


def test_with_warn_the_word_is_unknown_and_the_order_still_read(tmp_path: Path) -> None:
    items = _read(
        tmp_path, [_row(单号="A", 回访时间="2026/3/9 10:00:00", 是否解决="部分解决")], "warn"
    )
    (ticket,) = items
    assert isinstance(ticket, Ticket) and ticket.events[1].resolved is None


def test_a_one_row_per_event_export_maps_resolved_and_role_too(tmp_path: Path) -> None:
    """Its columns are the model's own fields (mapping.EVENT_FIELDS is read off Event), so the
    fields language v2 added are mappable there as well: they were not while the list was
    written by hand."""
    (tmp_path / "m.yaml").write_text(
        'assume_offset: "+08:00"\n'
        "columns: {单号: id, 事件: type, 时间: at, 单位: unit, 角色: role, 解决: resolved}\n"
        "values: {type: {派单: dispatched, 回访: revisit}, role: {主办: lead},"
        ' resolved: {是: "true", 否: "false"}}\n',
        encoding="utf-8",
    )
    rows = [
        ["单号", "事件", "时间", "单位", "角色", "解决"],
        ["A", "派单", "2026-03-02 10:00:00", "区住建局", "主办", ""],
        ["A", "回访", "2026-03-09 10:00:00", "", "", "否"],
    ]
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    (tmp_path / "e.csv").write_text(buf.getvalue(), encoding="utf-8")
    with open_export(tmp_path / "e.csv", Mapping.load(tmp_path / "m.yaml")) as reader:
        (ticket,) = list(reader)
    assert isinstance(ticket, Ticket), ticket
    assert (ticket.events[0].role, ticket.events[1].resolved) == ("lead", False)

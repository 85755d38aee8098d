"""A synthetic platform export of one row per work order: ``.xlsx``, ``.xls`` and GB18030 CSV.

The shape is that of a city platform's export to one of its units (seen, not shipped): a title
row above the header, the history spread over columns, times in two text formats in one file,
the deadline as a date written at midnight, masked personal fields in confidential orders, and
回复类型 saying whether 回复时间 is a reply, a return or an extension request. Everything in it
is made up (names, phone numbers, addresses, requests); no real personal data.

The platform's deadline (办结时限) is counted the way a platform with a faulty holiday table
would: working days are the calendar's, except that weekend makeup days (调休上班) are forgotten,
so orders dispatched near a holiday get a deadline a day or two late; ``platform_errors`` adds
a share of plainly wrong ones. ``unmapped`` rows carry an urgency no value map knows (``较急``).
The same ``seed`` gives the same rows.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from hotline_rules.time.calendar import WorkCalendar

TITLE: Final = "市民热线工单"
COLUMNS: Final = (
    "工单号",
    "接收时间",
    "问题描述",
    "转办意见",
    "办结时限",
    "联系人",
    "联系电话",
    "地址",
    "紧急程度",
    "是否保密",
    "是否回复",
    "办理轨迹",
    "受理类型",
    "信息来源",
    "来电类别",
    "录入时间",
    "一级分类",
    "二级分类",
    "三级分类",
    "四级分类",
    "五级分类",
    "工单类型",
    "回复类型",
    "回复（回退或申请）时间",
    "回复（回退或申请）部门",
    "办理情况或回退（延期）理由",
    "申请延期至",
    "申请延期天数",
    "答复时间",
    "下级单位",
    "下级回复时间",
)
"""The header of the export, in order."""

MASK: Final = "******"

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_REQUESTS = (
    ("小区楼道灯长期不亮，夜间出行不便", "城乡建设", "物业管理", "公共设施"),
    ("道路井盖破损，存在安全隐患", "城乡建设", "市政设施", "井盖"),
    ("施工噪音扰民，夜间仍在施工", "生态环境", "噪声污染", "建筑施工"),
    ("小区供暖温度不达标", "城乡建设", "供热", "温度"),
    ("商户占道经营，影响通行", "城市管理", "市容秩序", "占道经营"),
    ("自来水水压过低", "城乡建设", "供水", "水压"),
)
_SUB_UNITS = ("某街道办事处", "某镇人民政府", "某社区居委会")


def _text_time(at: datetime, slash: bool) -> str:
    """Two ways the same export writes a time: ``2020/11/27 16:20:14`` and ``2020-11-21 09:48:07``."""
    if slash:
        return f"{at.year}/{at.month}/{at.day} {at.hour}:{at.minute:02d}:{at.second:02d}"
    return at.strftime("%Y-%m-%d %H:%M:%S")


def _midnight(d: date) -> str:
    """A deadline as the platform writes it: the last day, at 0:00:00 (meaning its end)."""
    return f"{d.year}/{d.month}/{d.day} 0:00:00"


def platform_day(calendar: WorkCalendar, start: date, n: int) -> date:
    """The last day of ``n`` working days after ``start`` as a platform that forgot makeup
    Saturdays counts them (holidays known, 调休上班 weekend days taken as days off)."""
    d = start
    left = n
    while left:
        d += timedelta(days=1)
        if d.weekday() < 5 and calendar.is_working_day(d, allow_estimated=True):
            left -= 1
    return d


def demo_rows(
    n: int = 200,
    *,
    seed: int = 1,
    start: date = date(2026, 9, 14),
    days: int = 28,
    unit: str = "某区住建局",
    working_days: int = 5,
    platform_errors: float = 0.03,
    unmapped: int = 0,
    typed_dates: bool = False,
) -> Iterator[dict[str, Any]]:
    """``n`` rows (column -> value) of a wide export, orders received over ``days`` from ``start``.

    ``typed_dates``: 录入时间 as a ``datetime`` (a cell Excel typed as a date) rather than text.
    """
    rng = random.Random(seed)
    calendar = WorkCalendar.default()
    for i in range(n):
        day = start + timedelta(days=rng.randrange(days))
        received = datetime(
            day.year, day.month, day.day, rng.randrange(8, 18), rng.randrange(60), rng.randrange(60)
        )
        dispatched = received + timedelta(minutes=rng.randrange(5, 90))
        request, first, second, third = rng.choice(_REQUESTS)
        urgent = rng.random() < 0.15
        secret = rng.random() < 0.1
        rework = rng.random() < 0.08
        due_day = platform_day(calendar, dispatched.date(), working_days)
        if rng.random() < platform_errors:
            due_day += timedelta(days=rng.choice((-1, 1, 2)))
        outcome = rng.random()
        slash = rng.random() < 0.5
        row: dict[str, Any] = dict.fromkeys(COLUMNS, "")
        row.update(
            {
                "工单号": f"GD{start:%Y%m%d}{i + 1:05d}",
                "接收时间": _text_time(dispatched, slash),
                "问题描述": ("【紧急】" if urgent and rng.random() < 0.5 else "") + request,
                "转办意见": "请按时限办理并答复诉求人",
                "办结时限": _midnight(due_day),
                "联系人": MASK if secret else rng.choice(_SURNAMES) + rng.choice(("先生", "女士")),
                "联系电话": MASK if secret else f"1380000{rng.randrange(10000):04d}",
                "地址": MASK if secret else f"某区某街道{rng.randrange(1, 200)}号",
                "紧急程度": "紧急" if urgent else "一般",
                "是否保密": "是" if secret else "否",
                "是否回复": "否",
                "受理类型": rng.choice(("投诉", "求助", "咨询")),
                "信息来源": rng.choice(("来电", "接诉即办来电", "网站")),
                "来电类别": "市民来电",
                "录入时间": received if typed_dates else _text_time(received, not slash),
                "一级分类": first,
                "二级分类": second,
                "三级分类": third,
                "工单类型": "重办单" if rework else "办理单",
            }
        )
        if i < unmapped:
            row["紧急程度"] = "较急"
        track = [
            f"{_text_time(received, True)} 受理",
            f"{_text_time(dispatched, True)} 转办 {unit}",
        ]
        if outcome < 0.72:  # replied (completed): mostly on time, some late
            late = rng.random() < 0.15
            done_day = calendar.add_working_days(
                dispatched.date(),
                working_days + rng.randrange(1, 4) if late else rng.randrange(1, working_days + 1),
                allow_estimated=True,
            )
            done = datetime(
                done_day.year, done_day.month, done_day.day, rng.randrange(8, 18), rng.randrange(60)
            )
            done = max(done, dispatched + timedelta(hours=1))
            row.update(
                {
                    "回复类型": "回复",
                    "回复（回退或申请）时间": _text_time(done, slash),
                    "回复（回退或申请）部门": unit,
                    "办理情况或回退（延期）理由": "已现场核实并处理完毕",
                    "答复时间": _text_time(
                        max(dispatched, done - timedelta(minutes=rng.randrange(10, 120))), slash
                    ),
                    "是否回复": "是",
                }
            )
            track.append(f"{_text_time(done, True)} 回复")
        elif outcome < 0.82:  # returned
            back = dispatched + timedelta(hours=rng.randrange(1, 30))
            row.update(
                {
                    "回复类型": "回退",
                    "回复（回退或申请）时间": _text_time(back, slash),
                    "回复（回退或申请）部门": unit,
                    "办理情况或回退（延期）理由": "不属于本单位职责范围",
                }
            )
            track.append(f"{_text_time(back, True)} 回退")
        elif outcome < 0.92:  # an extension asked for within the limit
            asked = dispatched + timedelta(days=rng.randrange(1, 4), hours=rng.randrange(0, 5))
            more = rng.choice((3, 5, 10))
            until = calendar.add_working_days(due_day, more, allow_estimated=True)
            row.update(
                {
                    "回复类型": "申请延期",
                    "回复（回退或申请）时间": _text_time(asked, slash),
                    "回复（回退或申请）部门": unit,
                    "办理情况或回退（延期）理由": "涉及多个部门，需协调处理",
                    "申请延期至": f"{until.year}/{until.month}/{until.day}",
                    "申请延期天数": more,
                }
            )
            track.append(f"{_text_time(asked, True)} 申请延期")
        if rng.random() < 0.2:
            row["下级单位"] = rng.choice(_SUB_UNITS)
            row["下级回复时间"] = _text_time(dispatched + timedelta(days=1), slash)
        row["办理轨迹"] = "；".join(track)
        yield row


def _cells(row: dict[str, Any]) -> list[Any]:
    return [row.get(c, "") for c in COLUMNS]


def write_csv(
    path: Path,
    rows: Iterator[dict[str, Any]] | Sequence[dict[str, Any]],
    *,
    encoding: str = "gb18030",
    title: str | None = TITLE,
) -> int:
    """Write the rows as a CSV Excel would save in a Chinese office (GB18030, a title row)."""
    n = 0
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        if title:
            writer.writerow([title])
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    ""
                    if v is None
                    else v.strftime("%Y-%m-%d %H:%M:%S")
                    if isinstance(v, datetime)
                    else v
                    for v in _cells(row)
                ]
            )
            n += 1
    return n


def write_xlsx(
    path: Path,
    rows: Iterator[dict[str, Any]] | Sequence[dict[str, Any]],
    *,
    title: str | None = TITLE,
    sheet: str = "工单",
) -> int:
    """Write the rows as an ``.xlsx`` (openpyxl, write-only: memory stays flat)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    if title:
        ws.append([title])
    ws.append(list(COLUMNS))
    n = 0
    for row in rows:
        ws.append(_cells(row))
        n += 1
    book.save(path)
    return n


def write_xls(
    path: Path,
    rows: Iterator[dict[str, Any]] | Sequence[dict[str, Any]],
    *,
    title: str | None = TITLE,
    sheet: str = "工单",
) -> int:
    """Write the rows as a legacy ``.xls`` (xlwt: a test and demo writer only; 65,535 rows at most)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    dated = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm:ss")
    r = 0
    if title:
        ws.write(r, 0, title)
        r += 1
    for c, name in enumerate(COLUMNS):
        ws.write(r, c, name)
    n = 0
    for row in rows:
        r += 1
        for c, value in enumerate(_cells(row)):
            if isinstance(value, datetime):
                ws.write(r, c, value, dated)
            elif value != "":
                ws.write(r, c, value)
        n += 1
    book.save(str(path))
    return n


MAPPING: Final = """\
# 一个热线平台导出（每行一张工单）的映射：docs/zh/mapping.md 的例子
assume_offset: "+08:00"
time_formats: ["%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d"]
masked: ["******"]
columns:
  工单号: id
  紧急程度: urgency
  受理类型: kind
  信息来源: channel
  联系人: personal
  联系电话: personal
  地址: personal
values:
  urgency: {一般: normal, 紧急: emergency}
  kind: {投诉: complaint, 求助: help, 咨询: consultation}
  channel: {来电: hotline_12345, 接诉即办来电: hotline_12345, 网站: web}
defaults:
  requester: citizen
events:
  - column: 录入时间
    type: received
  - column: 接收时间
    type: dispatched
    unit: 某区住建局
  - column: 回复（回退或申请）时间
    type_column: 回复类型
    types:
      回复: [completed, archived]
      回退: return_requested
      申请延期: [extension_requested, extension_approved]
    unit_column: 回复（回退或申请）部门
    reason_column: 办理情况或回退（延期）理由
    length_column: 申请延期天数
    length_unit: 个工作日
    until_column: 申请延期至
  - column: 答复时间
    type: reply_sent
tags:
  - column: 工单类型
    equals: 重办单
    tag: rework
  - column: 问题描述
    contains: 【紧急】
    tag: flagged_urgent
platform_due:
  completion: 办结时限
"""
"""The mapping of the demo export, as docs/zh/mapping.md builds it."""


__all__ = [
    "COLUMNS",
    "MAPPING",
    "MASK",
    "TITLE",
    "demo_rows",
    "platform_day",
    "write_csv",
    "write_examples",
    "write_xls",
    "write_xlsx",
]


def write_examples(folder: Path, n: int = 40, seed: int = 24) -> list[Path]:
    """The committed examples: ``wide.xlsx``, ``wide.xls``, ``wide-gb18030.csv`` (the same rows,
    one of them with an urgency no value map knows) and ``wide-mapping.yaml``."""
    rows = list(demo_rows(n, seed=seed, unmapped=1, typed_dates=True))
    paths = [folder / "wide.xlsx", folder / "wide.xls", folder / "wide-gb18030.csv"]
    write_xlsx(paths[0], rows)
    write_xls(paths[1], rows)
    write_csv(paths[2], rows)
    mapping = folder / "wide-mapping.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return [*paths, mapping]


if __name__ == "__main__":  # python -m hotline_rules.audit.export_demo examples/exports
    import sys

    for written in write_examples(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(written)

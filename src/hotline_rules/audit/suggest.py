"""A draft mapping from an export's header: ``hotline-rules mapping suggest EXPORT``.

A new user should start from a mapping that is 80% right, not from a blank page. Each column
name is matched against the words platforms use (受理时间, 派单时间, 回复时间, 退单, 延期,
办结时限, 承办单位, 紧急程度 ...), most specific first; a column whose values say what another
column's time means (回复类型: 回复 / 回退 / 申请延期) becomes an event whose type is read from it;
values of the fact columns (紧急程度) are listed from the first rows so the value map is there
to complete; time formats are found by trying common ones on the sample. Every guess is written
with a comment saying why, and what was not recognised is listed at the end, so the draft is
read and corrected, never trusted blindly. The words are the platforms' vocabulary, not any one
city's: they live here as data, in :data:`RULES`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from hotline_rules.audit.exports import Header

RULES: Final[tuple[tuple[str, tuple[str, ...], str], ...]] = (
    # (role, words in the column name (any), why in Chinese); the first rule that matches wins
    ("id", ("工单号", "工单编号", "工单编码", "受理编号", "单号", "编号"), "列名是工单编号"),
    ("type_column", ("回复类型", "办理类型", "操作类型", "环节"), "列名说明另一列的时间是什么事件"),
    (
        "platform_due",
        ("办结时限", "到期时间", "截止时间", "办理时限", "限办时间", "应办结时间"),
        "列名是平台给出的办结期限",
    ),
    ("extension_length", ("延期天数", "延长天数", "延期时长"), "列名是延期的长度"),
    ("extension_until", ("申请延期至", "延期至", "延长至"), "列名是申请延期到的日期"),
    ("extension_time", ("延期时间", "申请延期时间", "延时时间"), "列名是申请延期的时间"),
    ("return_time", ("退单时间", "回退时间", "退回时间"), "列名是退单的时间"),
    ("rework_time", ("重办派单时间", "重办时间", "重新派单时间"), "列名是重办派单的时间"),
    (
        "reply_time",
        ("回复（回退或申请）时间", "回复时间", "回单时间", "反馈时间"),
        "列名是承办单位回复的时间",
    ),
    ("completed_time", ("办结时间", "办理完成时间", "完成时间"), "列名是办结的时间"),
    ("archived_time", ("结案时间", "归档时间", "办结归档时间"), "列名是结案（归档）的时间"),
    ("reply_sent_time", ("答复时间", "回复市民时间", "答复诉求人时间"), "列名是答复诉求人的时间"),
    ("revisit_time", ("回访时间",), "列名是回访的时间"),
    (
        "dispatched_time",
        ("派单时间", "转办时间", "交办时间", "下派时间", "接收时间", "签收时间"),
        "列名是派给承办单位（承办单位接收）的时间",
    ),
    (
        "received_time",
        ("录入时间", "受理时间", "来电时间", "登记时间", "创建时间", "来件时间"),
        "列名是热线受理（录入）的时间",
    ),
    (
        "unit",
        (
            "回复（回退或申请）部门",
            "责任部门",
            "承办单位",
            "承办部门",
            "处理部门",
            "主办单位",
            "办理单位",
        ),
        "列名是承办单位",
    ),
    ("urgency", ("紧急程度", "缓急程度", "紧急度", "是否紧急"), "列名是紧急程度"),
    ("kind", ("受理类型", "诉求类型", "诉求类别", "工单类别"), "列名是诉求类型"),
    ("channel", ("信息来源", "来源渠道", "来源"), "列名是诉求来源"),
    ("rework_flag", ("工单类型", "是否重办"), "列名说明是否重办"),
    ("return_flag", ("是否退单", "是否回退"), "列名说明是否退单"),
    ("supervision_flag", ("是否提交督办", "是否督办"), "列名说明是否督办"),
    ("satisfaction", ("满意度", "回访结果", "评价"), "列名是满意度"),
    (
        "personal",
        ("联系人", "联系电话", "电话", "地址", "姓名", "诉求人"),
        "列名是诉求人的个人信息",
    ),
    ("reason", ("理由", "原因"), "列名是理由"),
    ("request", ("问题描述", "诉求内容", "来电内容", "工单内容", "事项描述"), "列名是诉求内容"),
)
"""Column-name words of common platform exports and ledgers, by what they are."""

TYPE_WORDS: Final = (
    ("回退", "return_requested"),
    ("退单", "return_requested"),
    ("延期", "extension_requested"),
    ("回复", "completed"),
    ("办结", "completed"),
)
"""Words in a type column's values (回复类型) and the event each stands for."""

URGENCY_WORDS: Final = (
    ("特急", "emergency"),
    ("紧急", "emergency"),
    ("较急", "urgent"),
    ("一般", "normal"),
    ("普通", "normal"),
)
KIND_WORDS: Final = (
    ("投诉", "complaint"),
    ("举报", "report"),
    ("求助", "help"),
    ("咨询", "consultation"),
    ("建议", "suggestion"),
    ("意见", "suggestion"),
    ("表扬", "praise"),
)
TIME_FORMATS: Final = (
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
)
"""Time formats tried on the sample (ISO 8601 is read without being named)."""


@dataclass
class Suggestion:
    """A draft mapping: the guesses by role (role -> column) and the YAML text with comments."""

    guesses: dict[str, str] = field(default_factory=dict)
    unrecognised: list[str] = field(default_factory=list)
    text: str = ""


def _q(text: str) -> str:
    """A YAML scalar (JSON quoting is valid YAML and safe for any column name)."""
    return json.dumps(text, ensure_ascii=False)


def _role(column: str) -> tuple[str, str] | None:
    for role, words, why in RULES:
        for w in words:
            if w in column:
                return role, f"{why}（含“{w}”）"
    return None


def _values(rows: Sequence[Sequence[str]], index: int, limit: int = 12) -> list[str]:
    seen = Counter(r[index].strip() for r in rows if index < len(r) and r[index].strip())
    return [v for v, _ in seen.most_common(limit)]


def _word(value: str, table: tuple[tuple[str, str], ...]) -> str | None:
    return next((ours for w, ours in table if w in value), None)


def _formats(rows: Sequence[Sequence[str]], indexes: list[int]) -> list[str]:
    """The formats the sample's time cells are written in (ISO 8601 needs none)."""
    found: list[str] = []
    for i in indexes:
        for value in _values(rows, i, 50):
            if value == "******":
                continue
            try:
                datetime.fromisoformat(value)
                continue
            except ValueError:
                pass
            fmt = next((f for f in TIME_FORMATS if _parses(value, f)), None)
            if fmt is not None and fmt not in found:
                found.append(fmt)
    return found


def _parses(value: str, fmt: str) -> bool:
    try:
        datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


def suggest(header: Header) -> Suggestion:
    """A draft mapping for the export whose header (and first rows) ``header`` holds."""
    columns = [c for c in header.columns if c]
    rows = header.rows
    index = {c: i for i, c in enumerate(header.columns) if c}
    roles: dict[str, list[tuple[str, str]]] = {}
    out = Suggestion()
    for c in columns:
        found = _role(c)
        if found is None:
            out.unrecognised.append(c)
            continue
        roles.setdefault(found[0], []).append((c, found[1]))
    first = {role: cols[0][0] for role, cols in roles.items()}
    out.guesses = dict(first)
    masked = any("******" in cell for r in rows for cell in r)
    time_roles = [r for r in roles if r.endswith("_time")] + ["platform_due"]
    time_cols = [index[c] for r in time_roles for c, _ in roles.get(r, [])]
    formats = _formats(rows, time_cols)
    lines: list[str] = [
        "# 由 hotline-rules mapping suggest 起草：每一项都是猜测，请逐项核对（说明见 docs/zh/mapping.md）。",
        "# Drafted by hotline-rules mapping suggest: every entry is a guess; check each one.",
    ]
    if header.line and header.line > 1:
        lines.append(f"header_row: {header.line}   # 表头在第 {header.line} 行（上面是标题行）")
    if header.sheet is not None:
        lines.append(f"sheet: {_q(header.sheet)}   # Excel 工作表")
    lines.append('assume_offset: "+08:00"   # 导出的时间不带时区：按北京时间读取（请核对）')
    if formats:
        lines.append(
            f"time_formats: {json.dumps(formats, ensure_ascii=False)}   # 在前几行里见到的时间写法"
        )
    if masked:
        lines.append('masked: ["******"]   # 保密工单的个人信息被遮盖：当作未知')
    lines.append("columns:")
    for role, field_name in (
        ("id", "id"),
        ("urgency", "urgency"),
        ("kind", "kind"),
        ("channel", "channel"),
        ("satisfaction", "satisfaction"),
    ):
        for c, why in roles.get(role, [])[:1]:
            lines.append(f"  {_q(c)}: {field_name}   # {why}")
    for c, why in roles.get("personal", []):
        lines.append(f"  {_q(c)}: personal   # {why}（默认不输出）")
    if "id" not in first:
        lines.append('  "<工单编号列>": id   # 没有认出工单编号列：请填写')
    values: list[str] = []
    for role, table in (("urgency", URGENCY_WORDS), ("kind", KIND_WORDS)):
        if role in first:
            seen = _values(rows, index[first[role]])
            pairs = [f"{_q(v)}: {_word(v, table) or '?'}" for v in seen]
            if pairs:
                values.append(
                    f"  {role}: {{{', '.join(pairs)}}}   # 前几行见到的值；? 请填写共用词汇"
                )
    if values:
        lines.append("values:")
        lines += values
    lines.append("defaults:")
    lines.append("  requester: citizen   # 导出没有诉求人类别：按群众诉求（企业诉求请另行映射）")
    lines.append("events:")
    unit = first.get("unit")
    if "received_time" in first:
        lines += [
            f"  - column: {_q(first['received_time'])}",
            "    type: received",
            f"    # {roles['received_time'][0][1]}",
        ]
    if "dispatched_time" in first:
        lines += [
            f"  - column: {_q(first['dispatched_time'])}",
            "    type: dispatched",
            f"    # {roles['dispatched_time'][0][1]}",
        ]
        if unit:
            lines.append(
                f"    unit_column: {_q(unit)}   # 承办单位；该列为空时可再写 unit: 本单位名称"
            )
        else:
            lines.append('    unit: "<本单位名称>"   # 没有认出承办单位列：请填写')
    if "reply_time" in first and "type_column" in first:
        type_col = first["type_column"]
        seen = _values(rows, index[type_col])
        lines += [
            f"  - column: {_q(first['reply_time'])}",
            f"    type_column: {_q(type_col)}   # 这一列的值说明时间是回复、回退还是申请延期",
            "    types:",
        ]
        for v in seen:
            ours = _word(v, TYPE_WORDS)
            if ours == "extension_requested":
                lines.append(
                    f"      {_q(v)}: [extension_requested, extension_approved]   # 平台只记申请：按批准计（请核对）"
                )
            else:
                lines.append(f"      {_q(v)}: {ours or '?'}")
        if unit:
            lines.append(f"    unit_column: {_q(unit)}")
        for role, key in (
            ("reason", "reason_column"),
            ("extension_length", "length_column"),
            ("extension_until", "until_column"),
        ):
            if role in first:
                lines.append(f"    {key}: {_q(first[role])}")
        if "extension_length" in first:
            lines.append("    length_unit: 个工作日   # 延期天数按工作日计（请核对）")
    elif "reply_time" in first:
        lines += [
            f"  - column: {_q(first['reply_time'])}",
            "    type: completed",
            f"    # {roles['reply_time'][0][1]}",
        ]
    for role, kind in (
        ("completed_time", "completed"),
        ("return_time", "return_requested"),
        ("extension_time", "[extension_requested, extension_approved]"),
        ("rework_time", "redispatched"),
        ("reply_sent_time", "reply_sent"),
        ("revisit_time", "revisit"),
        ("archived_time", "archived"),
    ):
        if role in first:
            lines += [
                f"  - column: {_q(first[role])}",
                f"    type: {kind}",
                f"    # {roles[role][0][1]}",
            ]
            if (
                role == "extension_time"
                and "extension_length" in first
                and "type_column" not in first
            ):
                lines.append(f"    length_column: {_q(first['extension_length'])}")
    tags: list[str] = []
    if "rework_flag" in first:
        c = first["rework_flag"]
        seen = _values(rows, index[c])
        hit = next((v for v in seen if "重办" in v or v in ("是", "Y", "1")), "重办单")
        tags += [f"  - column: {_q(c)}", f"    equals: {_q(hit)}", "    tag: rework   # 重办"]
    if "request" in first:
        c = first["request"]
        if any("【紧急】" in r[index[c]] for r in rows if index[c] < len(r)):
            tags += [
                f"  - column: {_q(c)}",
                '    contains: "【紧急】"',
                "    tag: flagged_urgent   # 诉求内容里标着【紧急】",
            ]
    if tags:
        lines.append("tags:")
        lines += tags
    if "platform_due" in first:
        lines += [
            "platform_due:",
            f"  completion: {_q(first['platform_due'])}   # {roles['platform_due'][0][1]}：与本办法的办结时限核对",
        ]
    spare = [c for cols in roles.values() for c, _ in cols[1:] if cols[0][0] != c]
    spare = [c for c in spare if c not in {c for c, _ in roles.get("personal", [])}]
    if spare:
        lines.append("# 像是同一类、但未用的列（需要时替换上面的列）：" + "、".join(spare))
    if out.unrecognised:
        lines.append("# 没有认出的列（未映射，不读取）：" + "、".join(out.unrecognised))
    out.text = "\n".join(lines) + "\n"
    return out


__all__ = ["RULES", "Suggestion", "suggest"]

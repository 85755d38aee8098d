"""The mapping file: what it may say, the located errors for what it must not, its JSON Schema,
and the draft ``mapping suggest`` writes from a header."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline_rules.audit import export_demo
from hotline_rules.audit.exports import Header, open_export, read_header
from hotline_rules.audit.mapping import Mapping, TimeRead, mapping_json_schema
from hotline_rules.audit.suggest import suggest
from hotline_rules.engine.ticket import Rejected, Skipped, Ticket
from hotline_rules.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


def load(tmp_path: Path, text: str) -> Mapping:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    return Mapping.load(path)


def error(tmp_path: Path, text: str) -> InputError:
    with pytest.raises(InputError) as info:
        load(tmp_path, text)
    return info.value


def test_the_demo_mapping_loads_into_what_the_readers_use(tmp_path: Path) -> None:
    m = load(tmp_path, export_demo.MAPPING)
    assert m.wide and m.columns["工单号"] == "id"
    reply = next(e for e in m.events if e.type_column == "回复类型")
    assert reply.type_map["申请延期"] == ("extension_requested", "extension_approved")
    assert reply.type_map["回退"] == ("return_requested",)
    assert reply.formats == m.time_formats  # the file's formats, after the column's own
    assert m.platform_due == {"completion": ("办结时限", m.time_formats)}
    assert m.masked == frozenset({"******"}) and m.defaults == {"requester": "citizen"}
    assert [t.tag for t in m.tags] == ["rework", "flagged_urgent"]
    assert "回复（回退或申请）时间" in m.named_columns()


@pytest.mark.parametrize(
    ("text", "code", "line", "words"),
    [
        ("columns:\n  编号: idd\n", "mapping.unknown_field", 2, "idd"),
        ('assume_offset: "8"\n', "mapping.bad_offset", 1, "+08:00"),
        ("header_row: 0\n", "mapping.bad_header_row", 1, "header_row"),
        ("time_formats: [1]\n", "mapping.bad_time_formats", 1, "strptime"),
        ("sheet: -1\n", "mapping.bad_sheet", 1, "sheet"),
        ("colums: {}\n", "mapping.extra_forbidden", 1, "columns"),  # did you mean
        ("events:\n  - column: 时间\n", "mapping.event_type", 2, "type"),
        (
            "events:\n  - column: 时间\n    type: received\n    type_column: 类型\n",
            "mapping.event_type",
            2,
            "只写一个",
        ),
        ("events:\n  - column: 时间\n    type_column: 类型\n", "mapping.event_type", 2, "types"),
        ("tags:\n  - column: 描述\n    tag: x\n", "mapping.tag_rule", 2, "equals"),
        (
            "tags:\n  - column: 描述\n    pattern: '['\n    tag: x\n",
            "mapping.bad_pattern",
            3,
            "正则",
        ),
        ("defaults:\n  id: x\n", "mapping.unknown_field", 2, "id"),
        ("unknown_values: ignore\n", "mapping.literal_error", 1, "reject"),
        ("- a\n", "mapping.invalid", 1, "columns"),
    ],
)
def test_each_mistake_is_located_and_bilingual(
    tmp_path: Path, text: str, code: str, line: int, words: str
) -> None:
    err = error(tmp_path, text)
    assert err.code == code
    assert err.location.line == line
    assert err.message_zh and err.message_en
    assert words in err.message_zh + err.message_en


def test_yaml_numbers_and_booleans_in_value_maps_are_text(tmp_path: Path) -> None:
    m = load(tmp_path, "values:\n  urgency: {1: emergency, 2: normal}\n")
    assert m.values == {"urgency": {"1": "emergency", "2": "normal"}}


def test_the_json_schema_accepts_the_demo_mapping_and_refuses_a_typo() -> None:
    schema = mapping_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load(export_demo.MAPPING), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"colums": {}}, schema)


def test_the_docs_worked_example_mapping_is_the_demo_mapping() -> None:
    doc = (ROOT / "docs" / "zh" / "mapping.md").read_text(encoding="utf-8")
    block = doc.split("```yaml\n# 一个热线平台导出", 1)[1].split("```", 1)[0]
    assert "# 一个热线平台导出" + block == export_demo.MAPPING
    committed = (ROOT / "examples" / "exports" / "wide-mapping.yaml").read_text(encoding="utf-8")
    assert committed == export_demo.MAPPING


# ---- mapping suggest --------------------------------------------------------------------------


def demo_header(tmp_path: Path) -> Header:
    path = tmp_path / "e.csv"
    export_demo.write_csv(path, export_demo.demo_rows(60, seed=5))
    return read_header(path)


def test_suggest_names_the_right_columns_for_the_demo_export(tmp_path: Path) -> None:
    draft = suggest(demo_header(tmp_path))
    g = draft.guesses
    assert g["id"] == "工单号"
    assert g["received_time"] == "录入时间"
    assert g["dispatched_time"] == "接收时间"
    assert g["reply_time"] == "回复（回退或申请）时间"
    assert g["type_column"] == "回复类型"  # return and extension are read from it
    assert g["extension_length"] == "申请延期天数"
    assert g["extension_until"] == "申请延期至"
    assert g["platform_due"] == "办结时限"
    assert g["unit"] == "回复（回退或申请）部门"
    assert g["urgency"] == "紧急程度"
    assert '"回退": return_requested' in draft.text
    assert '"申请延期": [extension_requested, extension_approved]' in draft.text
    assert "一级分类" in draft.unrecognised


def test_the_suggested_mapping_reads_the_export_with_no_change(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    export_demo.write_csv(path, export_demo.demo_rows(60, seed=5))
    draft = suggest(read_header(path))
    mapping = load(tmp_path, draft.text)
    with open_export(path, mapping) as reader:
        items = list(reader)
    assert sum(isinstance(i, Ticket) for i in items) == 60
    assert [type(i) for i in items if not isinstance(i, Ticket)] == [Skipped]  # the title row
    assert not any(isinstance(i, Rejected) for i in items)
    first = next(i for i in items if isinstance(i, Ticket))
    assert {"received", "dispatched"} <= {e.type for e in first.events}
    assert first.platform_due and "completion" in first.platform_due


def test_suggest_on_a_unit_ledger_of_another_shape() -> None:
    header = Header(
        (
            "序号",
            "工单编号",
            "热线派单时间",
            "诉求内容",
            "责任部门",
            "责任部门回单时间",
            "12345到期时间",
            "是否提交督办",
            "是否延时",
            "延期时间",
            "是否重办",
            "重办派单时间",
            "结案时间",
            "是否退单",
        ),
        1,
        (
            (
                "1",
                "A-1",
                "2020-11-21 09:48:07",
                "【紧急】路灯不亮",
                "区住建局",
                "",
                "2020/12/4 0:00:00",
                "否",
                "否",
                "",
                "否",
                "",
                "",
                "否",
            ),
        ),
        "csv",
        "utf-8",
        None,
    )
    draft = suggest(header)
    g = draft.guesses
    assert (g["id"], g["dispatched_time"], g["reply_time"]) == (
        "工单编号",
        "热线派单时间",
        "责任部门回单时间",
    )
    assert (g["platform_due"], g["unit"], g["extension_time"]) == (
        "12345到期时间",
        "责任部门",
        "延期时间",
    )
    assert (g["rework_time"], g["archived_time"], g["return_flag"]) == (
        "重办派单时间",
        "结案时间",
        "是否退单",
    )
    assert "【紧急】" in draft.text
    assert yaml.safe_load(draft.text)["platform_due"] == {"completion": "12345到期时间"}


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(datetime(1990, 1, 1), datetime(2100, 12, 31)),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["%Y/%m/%d %H:%M:%S", "%Y/%m/%d"]),
)
def test_slashed_times_read_as_strptime_reads_them(
    at: datetime, pad: bool, day_only: bool, declared: str
) -> None:
    at = at.replace(microsecond=0)
    text = f"{at.year}/{at.month:02d}/{at.day:02d}" if pad else f"{at.year}/{at.month}/{at.day}"
    if not day_only:
        text += f" {at.hour}:{at.minute:02d}:{at.second:02d}"
    read = TimeRead((declared,), None)
    try:
        want: datetime | str = datetime.strptime(text, declared)
    except ValueError:
        want = "invalid"
    got = read(text)
    assert got == ("naive" if isinstance(want, datetime) else want)
    zoned = TimeRead((declared,), timezone(timedelta(hours=8)))(text)
    if isinstance(want, datetime):
        assert zoned == want.replace(tzinfo=timezone(timedelta(hours=8)))
    assert read("2020/2/30 1:00:00") == "invalid"

"""Every mistake of a file in one run, and "did you mean" that never suggests the rejected key.

A new user once needed six runs of ``validate`` to find six missing meta fields: the
error said "（另有 5 处错误）" and showed only the first. The first error keeps its code,
location and messages (callers read those); the others follow in ``more``.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline_rules.cli import app
from hotline_rules.errors import HotlineRulesError, InputError, Location, gather
from hotline_rules.profile import ProfileError, default_registry, load_profile_file
from hotline_rules.profile.json_schema import profile_json_schema
from hotline_rules.profile.loader import _field_names
from hotline_rules.suites import SuiteError, load_suite
from hotline_rules.yaml_source import fields_at

DATA = Path(__file__).parent / "data" / "profiles"
runner = CliRunner()

DRAFT = """\
apiVersion: hotline_rules/v1
extends: moushi
meta:
  id: draft
override:
  clocks:
    completion.citizen:
      duration: 3个工作日
"""

MISSING = ["name_zh", "name_en", "jurisdiction", "issuer", "document", "source_file"]


def _draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.yaml"
    path.write_text(DRAFT, encoding="utf-8")
    return path


# ---- the error family -----------------------------------------------------------------------


def _err(n: int) -> InputError:
    return InputError(f"第{n}处", f"no. {n}", code=f"x.e{n}", location=Location("f.yaml", n, 1))


def test_gather_keeps_the_first_as_the_error_and_lists_the_others() -> None:
    err = gather([_err(1), _err(2), _err(3)])
    assert (err.code, err.location.line) == ("x.e1", 1)
    assert (err.message_zh, err.message_en) == ("第1处（另有 2 处错误）", "no. 1 (and 2 more)")
    assert [e.code for e in err.more] == ["x.e2", "x.e3"]
    assert err.more_omitted == 0
    assert err.render("zh") == (
        "f.yaml:1:1: 错误 [x.e1]：第1处（另有 2 处错误）\n"
        "f.yaml:2:1: 错误 [x.e2]：第2处\n"
        "f.yaml:3:1: 错误 [x.e3]：第3处"
    )
    assert str(err) == err.render()  # the exception's text shows them all too
    data = err.to_dict()
    assert [m["code"] for m in data["more"]] == ["x.e2", "x.e3"]
    assert data["more_omitted"] == 0


def test_gather_caps_the_list_and_counts_the_rest() -> None:
    err = gather([_err(n) for n in range(1, 26)], limit=20)
    assert err.message_zh == "第1处（另有 24 处错误）"
    assert len(err.more) == 19 and err.more_omitted == 5
    assert err.render("zh").endswith(
        "f.yaml:20:1: 错误 [x.e20]：第20处\n……另有 5 处错误未列出（改正以上错误后再检查）"
    )
    assert err.render("en").endswith("... 5 more not shown (fix the above and check again)")
    assert err.to_dict()["more_omitted"] == 5


def test_a_single_error_is_unchanged() -> None:
    err = gather([_err(1)])
    assert err.message_zh == "第1处" and err.more == ()
    assert "more" not in err.to_dict()


# ---- profiles -------------------------------------------------------------------------------


def test_every_missing_meta_field_is_reported_at_once(tmp_path: Path) -> None:
    path = _draft(tmp_path)
    with pytest.raises(ProfileError) as info:
        default_registry().load(str(path))
    err = info.value
    assert err.code == "profile.missing"
    assert err.message_zh == "缺少必填字段“name_zh”（另有 5 处错误）"
    assert err.message_en == "required field 'name_zh' is missing (and 5 more)"
    assert [e.location.path for e in (err, *err.more)] == [f"meta.{f}" for f in MISSING]
    assert [e.message_zh for e in err.more] == [f"缺少必填字段“{f}”" for f in MISSING[1:]]
    assert all((e.location.file, e.location.line) == (str(path), 4) for e in err.more)


def test_validate_prints_every_error_with_its_line_and_caret(tmp_path: Path) -> None:
    path = _draft(tmp_path)
    result = runner.invoke(app, ["validate", str(path), "--lang", "zh"])
    assert result.exit_code == 3
    expected = "".join(
        f"{path}:4:3: meta.{f}: 错误 [profile.missing]：缺少必填字段“{f}”"
        + ("（另有 5 处错误）" if i == 0 else "")
        + "\n  |   id: draft\n  |   ^\n"
        for i, f in enumerate(MISSING)
    )
    assert result.stderr == expected


def test_validate_json_lists_every_error(tmp_path: Path) -> None:
    path = _draft(tmp_path)
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 3
    (entry,) = json.loads(result.stdout)
    error = entry["error"]
    assert error["path"] == "meta.name_zh"
    assert [m["path"] for m in error["more"]] == [f"meta.{f}" for f in MISSING[1:]]
    assert error["more"][0] == {
        "code": "profile.missing",
        "message_zh": "缺少必填字段“name_en”",
        "message_en": "required field 'name_en' is missing",
        "hint_zh": None,
        "hint_en": None,
        "file": str(path),
        "line": 4,
        "column": 3,
        "path": "meta.name_en",
    }
    assert error["more_omitted"] == 0


def test_more_than_twenty_errors_are_capped(tmp_path: Path) -> None:
    clocks = "".join(
        f"  - {{id: c{n}, clock: completion, stops_on: [completed], duraton: 1个工作日}}\n"
        for n in range(12)
    )
    path = tmp_path / "many.yaml"
    path.write_text(DRAFT.split("override:")[0] + "clocks:\n" + clocks, encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        default_registry().load(str(path))
    err = info.value
    total = 6 + 12 * 3  # meta; each clock: unknown duraton, missing duration and cite
    assert err.message_zh.endswith(f"（另有 {total - 1} 处错误）")
    assert len(err.more) == 19 and err.more_omitted == total - 20
    assert err.render("zh").endswith(f"……另有 {total - 20} 处错误未列出（改正以上错误后再检查）")


# ---- suites ---------------------------------------------------------------------------------

SUITE = """\
apiVersion: hotline_rules/test/v1
profile: moushi
as_of: 2026-10-20T00:00:00+08:00
fixtures:
  tickets:
    求助:
      requester: citizen
      kind: help
      events:
        - {type: dispatched, at: 2026-09-30T16:40:00+08:00, unit: 甲局}
cases:
"""


def _suite(tmp_path: Path, cases: str) -> Path:
    path = tmp_path / "x.test.yaml"
    path.write_text(SUITE + textwrap.indent(textwrap.dedent(cases), "  "), encoding="utf-8")
    return path


def test_every_schema_error_of_a_suite_is_reported(tmp_path: Path) -> None:
    path = _suite(
        tmp_path,
        """\
        - name: 甲
          ticket: 求助
          expect: {clocks: [{rule: completion.citizen, stat: met}]}
        - name: 乙
          ticket: 求助
          expect: {clocks: [{rule: completion.citizen, due: 2026-10-14}]}
        """,
    )
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    err = info.value
    assert err.code == "suite.extra_forbidden"
    assert err.message_zh == "不认识的字段“stat”，是不是“state”？；实际为：'met'（另有 1 处错误）"
    ((other),) = err.more
    assert (other.code, other.location.line) == ("suite.bad_instant", 17)


def test_every_faulty_case_of_a_suite_is_reported(tmp_path: Path) -> None:
    path = _suite(
        tmp_path,
        """\
        - name: 甲
          ticket: 求
          expect: {facts: {completed: false}}
        - name: 乙
          ticket: 求助
          expect: {facts: {completed: false}}
        - name: 丙
          ticket: 求助
          expect: {clocks: [{rule: completion.citizn}]}
        """,
    )
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    err = info.value
    assert err.code == "suite.unknown_fixture"
    assert err.message_zh == "没有名为“求”的工单夹具，是不是“求助”？（已有：求助）（另有 1 处错误）"
    (other,) = err.more
    assert other.code == "suite.unknown_rule"
    assert other.location.line == 20


def test_the_test_command_shows_every_error_in_text_and_json(tmp_path: Path) -> None:
    path = _suite(
        tmp_path,
        """\
        - name: 甲
          ticket: 求
          expect: {facts: {completed: false}}
        - name: 丙
          ticket: 求助
          expect: {clocks: [{rule: completion.citizn}]}
        """,
    )
    result = runner.invoke(app, ["test", str(path), "--lang", "zh"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{path}:13:13: cases[0].ticket: 错误 [suite.unknown_fixture]："
        "没有名为“求”的工单夹具，是不是“求助”？（已有：求助）（另有 1 处错误）\n"
        "  |     ticket: 求\n"
        "  |             ^\n"
        f"{path}:17:30: cases[1].expect.clocks[0].rule: 错误 [suite.unknown_rule]："
        "配置 moushi 中没有规则“completion.citizn”，是不是“completion.citizen”？\n"
        "  处理办法：用 hotline-rules show 查看配置的全部规则编号。\n"
        "  |     expect: {clocks: [{rule: completion.citizn}]}\n"
        "  | " + " " * 29 + "^\n"
    )
    result = runner.invoke(app, ["test", str(path), "--format", "json"])
    (error,) = json.loads(result.stdout)["errors"]
    assert error["code"] == "suite.unknown_fixture"
    assert [m["code"] for m in error["more"]] == ["suite.unknown_rule"]


# ---- did you mean ---------------------------------------------------------------------------


def test_events_under_set_says_where_events_go(tmp_path: Path) -> None:
    path = _suite(
        tmp_path,
        """\
        - name: 甲
          ticket: 求助
          set:
            events:
              - {type: completed, at: 2026-10-10T17:00:00+08:00, unit: 甲局}
          expect: {clocks: [{rule: completion.citizen, state: met}]}
        """,
    )
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    err = info.value
    assert err.code == "suite.set_events"
    assert (err.location.line, err.location.column, err.location.path) == (
        15,
        7,
        "cases[0].set.events",
    )
    assert err.message_zh == (
        "set 只修改工单的属性（id、kind、urgency、complexity、channel、requester、handling、tags、"
        "repeat_count、screening_reason），不能写 events；要给夹具追加事件，请在用例中写 events_add（与 set 同级）"
    )
    assert err.message_en == (
        "set changes the ticket's attributes (id, kind, urgency, complexity, channel, requester, "
        "handling, tags, repeat_count, screening_reason), not events; to add events to the "
        "fixture, write events_add in the case (beside set)"
    )
    assert "是不是" not in err.render()


def test_a_typo_under_set_suggests_an_attribute_set_takes(tmp_path: Path) -> None:
    path = _suite(
        tmp_path,
        """\
        - name: 甲
          ticket: 求助
          set: {requestor: enterprise}
          expect: {facts: {completed: false}}
        """,
    )
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    assert (
        info.value.message_zh
        == "不认识的字段“requestor”，是不是“requester”？；实际为：'enterprise'"
    )


def test_a_key_valid_elsewhere_lists_what_this_place_takes(tmp_path: Path) -> None:
    path = _suite(
        tmp_path,
        """\
        - name: 甲
          ticket: 求助
          expect: {clocks: [{rule: completion.citizen, severity: violation}]}
        """,
    )
    with pytest.raises(SuiteError) as info:
        load_suite(path)
    err = info.value
    assert err.code == "suite.extra_forbidden"
    assert err.message_zh.startswith("这里不能写“severity”；可写的字段：")
    assert "severity" not in err.message_zh.split("可写的字段：")[1]


def _with_meta_key(tmp_path: Path, name: str) -> Path:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "minimal.yaml"
    path.write_text(
        text.replace("  source_file: none.txt\n", f"  source_file: none.txt\n  {name}: 1\n"),
        encoding="utf-8",
    )
    return path


def test_a_profile_never_suggests_the_rejected_key_itself(tmp_path: Path) -> None:
    # every key of the profile language, put where most of them are not allowed (meta)
    meta = fields_at(profile_json_schema(), ("meta",))
    assert meta is not None and "name_zh" in meta
    checked = 0
    for name in sorted(_field_names() - meta):
        with pytest.raises(HotlineRulesError) as info:
            load_profile_file(_with_meta_key(tmp_path, name))
        err = info.value
        assert err.code == "profile.extra_forbidden", name
        assert f"是不是“{name}”" not in err.message_zh, name
        assert f"did you mean '{name}'" not in err.message_en, name
        close = (
            err.message_zh.split("是不是“")[1].split("”")[0] if "是不是" in err.message_zh else None
        )
        assert close is None or close in meta, (name, close)
        checked += 1
    assert checked > 50


def test_a_profile_typo_still_gets_its_suggestion() -> None:
    with pytest.raises(ProfileError) as info:
        load_profile_file(DATA / "broken" / "unknown_key.yaml")
    assert "did you mean 'duration'" in info.value.message_en

"""Lint: each check fires on a tiny profile that has the mistake, and stays quiet on one that does not."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hotline_rules.cli import app
from hotline_rules.engine.facts import derive
from hotline_rules.profile import ProfileError, Registry, default_registry, load_profile_file
from hotline_rules.profile.conditions import compile_condition
from hotline_rules.profile.facts import FACTS, SHARED_VOCABULARIES, FactType
from hotline_rules.profile.lint import (
    ALL_FACTS,
    CODES,
    TICKET_FACTS,
    FactSpace,
    Lint,
    LintSeverity,
    decide,
    lint,
    lint_profile,
)
from hotline_rules.profile.lint import _complete as complete_facts

ROOT = Path(__file__).resolve().parent.parent
VOCAB = {name: frozenset(words) for name, words in SHARED_VOCABULARIES.items()}

# ---- tiny profiles ------------------------------------------------------------------------------

META = {
    "id": "tiny",
    "name_zh": "测试配置",
    "name_en": "Tiny test profile",
    "jurisdiction": "测试市",
    "issuer": "测试市热线办",
    "document": {"title": "测试办法"},
    "source_file": "none.txt",
}


def cite(article: str = "第一条", text: str = "应当在规定时限内办结") -> dict[str, Any]:
    return {"article": article, "text": text}


def clock(
    rule_id: str,
    when: dict[str, Any] | None = None,
    duration: str = "2个工作日",
    name: str = "completion",
    **extra: Any,
) -> dict[str, Any]:
    rule: dict[str, Any] = {"id": rule_id, "clock": name, "stops_on": ["completed"]}
    if when is not None:
        rule["when"] = when
    rule.update(duration=duration, cite=cite(), **extra)
    return rule


def rule(rule_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": rule_id, **fields, "cite": fields.pop("cite", cite())}


def supervision(rule_id: str, when: dict[str, Any]) -> dict[str, Any]:
    return rule(rule_id, when=when, actions=["urge"])


def write(tmp_path: Path, name: str = "tiny", **sections: Any) -> Path:
    data: dict[str, Any] = {"apiVersion": "hotline_rules/v1", "meta": {**META, "id": name}}
    data["clocks"] = sections.pop("clocks", [clock("completion.all")])
    data.update(sections)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def found(tmp_path: Path, **sections: Any) -> list[tuple[str, str | None]]:
    return [(x.code, x.rule_id) for x in lint(load_profile_file(write(tmp_path, **sections)))]


def lints(tmp_path: Path, **sections: Any) -> list[Lint]:
    return lint(load_profile_file(write(tmp_path, **sections)))


# ---- each check: a profile that triggers it, and one that does not -------------------------------

TRIGGERS: list[tuple[str, dict[str, Any], list[tuple[str, str | None]]]] = [
    (
        "meta.id is not the file name",
        {"meta": {**META, "id": "tiny_draft"}},
        [("lint.id_not_file_name", None)],
    ),
    (
        "on_redispatch on a clock started by received",
        {
            "clocks": [
                clock("completion.all", starts_on="received", on_redispatch="restart"),
                clock("reply.all", name="reply", starts_on="received", on_redispatch="continue"),
            ]
        },
        [
            ("lint.redispatch_no_effect", "completion.all"),
            ("lint.redispatch_no_effect", "reply.all"),
        ],
    ),
    (
        "cite text empty",
        {
            "supervision": [
                rule("sup.x", when={"kind": "help"}, actions=["urge"], cite=cite(text=""))
            ]
        },
        [("lint.cite_missing", "sup.x")],
    ),
    (
        "cite text only punctuation",
        {"clocks": [{**clock("completion.all"), "cite": cite(text="“……”。")}]},
        [("lint.cite_missing", "completion.all")],
    ),
    (
        "cite article in another style",
        {
            "clocks": [
                clock("completion.help", {"kind": "help"}),
                clock("completion.other", {"kind": {"not_in": ["help"]}}),
                {**clock("reply.all", name="reply"), "cite": cite(article="第3条")},
            ]
        },
        [("lint.cite_article_style", "reply.all")],
    ),
    (
        "a condition naming 17 tags: 131,072 combinations, too many to decide",
        {"supervision": [supervision("sup.x", {"tags": {"has_any": sorted(VOCAB["tags"])[:17]}})]},
        [("lint.not_decided", "sup.x")],
    ),
    (
        "in and not_in the same word",
        {"supervision": [supervision("sup.x", {"kind": {"in": ["help"], "not_in": ["help"]}})]},
        [("lint.condition_never_true", "sup.x")],
    ),
    (
        "empty list",
        {"supervision": [supervision("sup.x", {"kind": []})]},
        [("lint.condition_never_true", "sup.x")],
    ),
    (
        "numeric ranges that cannot meet",
        {"supervision": [supervision("sup.x", {"returns": {"at_least": 3, "at_most": 2}})]},
        [("lint.condition_never_true", "sup.x")],
    ),
    (
        "overdue and still in time",
        {"supervision": [supervision("sup.x", {"overdue": True, "in_time_limit": True})]},
        [("lint.condition_never_true", "sup.x")],
    ),
    (
        "unexcused overdue that is not overdue",
        {"supervision": [supervision("sup.x", {"overdue_unexcused": True, "overdue": False})]},
        [("lint.condition_never_true", "sup.x")],
    ),
    (
        "a forbidden return that can never apply",
        {
            "returns": [
                rule(
                    "return.all",
                    forbidden=[
                        {
                            "id": "never",
                            "when": {"all": [{"urgency": "urgent"}, {"urgency": "emergency"}]},
                            "text": "紧急事项不得退单",
                        }
                    ],
                )
            ]
        },
        [("lint.condition_never_true", "return.all")],
    ),
    (
        "condition that is always true",
        {"supervision": [supervision("sup.x", {"kind": {"not_in": []}})]},
        [("lint.condition_always_true", "sup.x")],
    ),
    (
        "clock nobody can select",
        {
            "clocks": [
                clock("completion.all"),
                clock("completion.never", {"kind": {"in": ["help"], "not_in": ["help"]}}),
            ]
        },
        [("lint.clock_unreachable", "completion.never")],
    ),
    (
        "clock always outranked",
        {
            "clocks": [
                clock("completion.all", priority=1),
                clock("completion.complaint", {"kind": "complaint"}, "1个工作日"),
            ]
        },
        [("lint.clock_shadowed", "completion.complaint")],
    ),
    (
        "clock outranked by two rules together",
        {
            "clocks": [
                clock("completion.complaint", {"kind": "complaint"}, priority=1),
                clock("completion.others", {"kind": {"not_in": ["complaint"]}}, priority=1),
                clock("completion.all", duration="5个工作日"),
            ]
        },
        [("lint.clock_shadowed", "completion.all")],
    ),
    (
        "two limits for one ticket",
        {
            "clocks": [
                clock("completion.complaint", {"kind": "complaint"}),
                clock("completion.urgent", {"urgency": "urgent"}, "1个工作日"),
            ]
        },
        [("lint.clock_ambiguous", "completion.urgent")],
    ),
    (
        "the same limit twice",
        {
            "clocks": [
                clock("completion.complaint", {"kind": "complaint"}),
                clock("completion.urgent", {"urgency": "urgent"}),
            ]
        },
        [("lint.clock_duplicate", "completion.urgent")],
    ),
    (
        "warning as long as the limit",
        {"clocks": [clock("completion.all", warn_before=["2个工作日"])]},
        [("lint.warn_before_too_long", "completion.all")],
    ),
    (
        "warning longer than the limit, in another unit",
        {"clocks": [clock("completion.all", duration="2小时", warn_before=["1个工作日"])]},
        [("lint.warn_before_too_long", "completion.all")],
    ),
    (
        "clock starts and stops on the same event",
        {"clocks": [{**clock("completion.all"), "stops_on": ["dispatched", "completed"]}]},
        [("lint.clock_stops_on_start", "completion.all")],
    ),
    (
        "clock stops only on receipt",
        {"clocks": [{**clock("completion.all"), "stops_on": ["received"]}]},
        [("lint.clock_cannot_stop", "completion.all")],
    ),
    (
        "return rule after a catch-all",
        {"returns": [rule("return.all"), rule("return.complaint", when={"kind": "complaint"})]},
        [("lint.rule_shadowed", "return.complaint")],
    ),
    (
        "extension rule after a catch-all",
        {
            "extensions": [
                rule("ext.all", max_each="5个工作日"),
                rule("ext.complaint", when={"kind": "complaint"}, max_each="10个工作日"),
            ]
        },
        [("lint.rule_shadowed", "ext.complaint")],
    ),
    (
        "extension of more than a year",
        {"extensions": [rule("ext.x", max_each="300个工作日")]},
        [("lint.extension_too_long", "ext.x")],
    ),
    (
        "extension total of more than a year, in natural days",
        {"extensions": [rule("ext.x", max_each="10个工作日", max_total="400个自然日")]},
        [("lint.extension_too_long", "ext.x")],
    ),
    (
        "extension of three months",
        {"extensions": [rule("ext.x", choices=["15个工作日", "90个工作日"])]},
        [("lint.extension_long", "ext.x")],
    ),
    (
        "extension factor too large",
        {"extensions": [rule("ext.x", max_each_factor=4)]},
        [("lint.extension_factor_too_large", "ext.x")],
    ),
    (
        "extension of a clock nobody defines",
        {"extensions": [rule("ext.x", clocks=["completion", "compltion"])]},
        [("lint.clock_not_defined", "ext.x")],
    ),
    (
        "first contact without a first contact clock",
        {"first_contact": [rule("contact.x", fallback="sms")]},
        [("lint.clock_not_defined", "contact.x")],
    ),
    (
        "KPI whose numerator is outside its denominator",
        {
            "kpis": [
                rule(
                    "kpi.x",
                    name_zh="按时办结率",
                    name_en="on time",
                    numerator={"completed": False},
                    denominator={"completed": True},
                )
            ]
        },
        [("lint.kpi_always_zero", "kpi.x")],
    ),
]

CLEAN: list[tuple[str, dict[str, Any]]] = [
    ("the default tiny profile", {}),
    (
        "on_redispatch on a unit's clock, or left out on a clock started by received",
        {
            "clocks": [
                clock("completion.all", on_redispatch="continue"),
                clock("reply.all", name="reply", starts_on="received"),
                clock(
                    "sign_for.all",
                    name="sign_for",
                    starts_on="redispatched",
                    on_redispatch="restart",
                ),
            ]
        },
    ),
    (
        "citations in one style",
        {
            "clocks": [
                clock("completion.help", {"kind": "help"}),
                clock("completion.other", {"kind": {"not_in": ["help"]}}),
                {**clock("reply.all", name="reply"), "cite": cite(article="第三条", text="答复")},
            ]
        },
    ),
    (
        "two different styles, neither most (no style to hold others to)",
        {
            "clocks": [
                clock("completion.help", {"kind": "help"}),
                {**clock("reply.all", name="reply"), "cite": cite(article="第3条")},
            ]
        },
    ),
    ("supervision reads what happened", {"supervision": [supervision("sup.x", {"overdue": True})]}),
    (
        "a range that meets",
        {"supervision": [supervision("sup.x", {"returns": {"at_least": 2, "at_most": 2}})]},
    ),
    (
        "overdue and not completed",
        {"supervision": [supervision("sup.x", {"overdue": True, "completed": False})]},
    ),
    (
        "an empty condition is not 'always true'",
        {
            "kpis": [
                rule(
                    "kpi.x", name_zh="率", name_en="r", numerator={"overdue": False}, denominator={}
                )
            ]
        },
    ),
    (
        "priority settles an overlap",
        {
            "clocks": [
                clock("completion.complaint", {"kind": "complaint"}, priority=1),
                clock("completion.all", duration="5个工作日"),
            ]
        },
    ),
    (
        "exclusive conditions",
        {
            "clocks": [
                clock("completion.complaint", {"kind": "complaint"}),
                clock("completion.other", {"kind": {"not_in": ["complaint"]}}, "5个工作日"),
            ]
        },
    ),
    (
        "exclusive by urgency left unset",
        {
            "clocks": [
                clock("completion.urgent", {"urgency": ["urgent", "emergency"]}, "1个工作日"),
                clock("completion.normal", {"urgency": {"not_in": ["urgent", "emergency"]}}),
            ]
        },
    ),
    (
        "a warning shorter than the limit",
        {"clocks": [clock("completion.all", warn_before=["1个工作日"])]},
    ),
    (
        "specific return rule first",
        {"returns": [rule("return.complaint", when={"kind": "complaint"}), rule("return.all")]},
    ),
    (
        "extensions for two clocks",
        {
            "clocks": [clock("completion.all"), clock("reply.all", name="reply")],
            "extensions": [
                rule("ext.reply", clocks=["reply"], max_each="5个工作日"),
                rule("ext.all", clocks=["completion", "reply"], max_each="10个工作日"),
            ],
        },
    ),
    (
        "an extension of 60 working days",
        {"extensions": [rule("ext.x", choices=["60个工作日"], max_each_factor=1)]},
    ),
    (
        "first contact with its clock",
        {
            "clocks": [
                clock("completion.all"),
                clock("first_contact.all", name="first_contact", duration="1个工作日"),
            ],
            "first_contact": [rule("contact.x", fallback="sms")],
        },
    ),
]


@pytest.mark.parametrize(("why", "sections", "expected"), TRIGGERS, ids=[t[0] for t in TRIGGERS])
def test_check_fires(
    tmp_path: Path, why: str, sections: dict[str, Any], expected: list[tuple[str, str | None]]
) -> None:
    assert found(tmp_path, **sections) == expected


@pytest.mark.parametrize(("why", "sections"), CLEAN, ids=[c[0] for c in CLEAN])
def test_check_stays_quiet(tmp_path: Path, why: str, sections: dict[str, Any]) -> None:
    assert found(tmp_path, **sections) == []


def test_every_code_has_a_profile_that_triggers_it() -> None:
    assert {code for _, _, expected in TRIGGERS for code, _ in expected} == set(CODES)


def test_every_code_is_documented_for_policy_staff() -> None:
    doc = (ROOT / "docs" / "zh" / "lint.md").read_text(encoding="utf-8")
    assert [code for code in CODES if f"`{code}`" not in doc] == []


# ---- messages, severities, places ---------------------------------------------------------------


def test_ambiguous_clocks_are_explained_with_an_example(tmp_path: Path) -> None:
    (x,) = lints(
        tmp_path,
        clocks=[
            clock("completion.complaint", {"kind": "complaint"}),
            clock("completion.urgent", {"urgency": "urgent"}, "1个工作日"),
        ],
    )
    assert x.severity is LintSeverity.WARNING
    assert x.related == ("completion.complaint",)
    assert x.message_zh == (
        "时限规则“completion.urgent”（1个工作日）与“completion.complaint”（2个工作日）优先级相同、"
        "时限不同，且有工单两条都适用（例如：诉求类型为投诉，紧急程度为较为紧急），"
        "这些工单的“办结”时限无法确定"
    )
    assert x.message_en == (
        "clock rules 'completion.urgent' (1 working_days) and 'completion.complaint' "
        "(2 working_days) have the same priority and different limits, and both select some "
        "tickets (e.g. kind=complaint, urgency=urgent); which 'completion' limit applies to "
        "them is ambiguous"
    )
    assert x.hint_zh == "让两条规则的条件互斥，或用 priority 指明哪条优先（数值大的优先）。"


def test_shadowing_names_every_rule_that_takes_over(tmp_path: Path) -> None:
    (x,) = lints(
        tmp_path,
        clocks=[
            clock("completion.complaint", {"kind": "complaint"}, priority=1),
            clock("completion.others", {"kind": {"not_in": ["complaint"]}}, priority=1),
            clock("completion.all", duration="5个工作日"),
        ],
    )
    assert x.related == ("completion.complaint", "completion.others")
    assert x.message_zh == (
        "时限规则“completion.all”适用的每张工单，都同时适用优先级更高的"
        "“completion.complaint、completion.others”，因此“办结”时限永远不会按“completion.all”计算"
    )


def test_cite_missing_message(tmp_path: Path) -> None:
    items = lints(
        tmp_path,
        clocks=[{**clock("completion.late", {"kind": "help"}), "cite": cite(text=" ")}],
    )
    assert [(x.code, x.message_zh) for x in items] == [
        ("lint.cite_missing", "规则“completion.late”没有写明依据的原文（cite.text 为空）"),
    ]
    assert items[0].message_en == (
        "rule 'completion.late' does not say where it comes from: cite.text is empty"
    )


def test_a_fact_its_section_never_has_is_refused_when_loading(tmp_path: Path) -> None:
    # was the lint lint.fact_not_available; now validation refuses it (issue 19)
    with pytest.raises(ProfileError) as info:
        lints(tmp_path, clocks=[clock("completion.late", {"overdue": True})])
    assert info.value.code == "condition.fact_not_visible"


def test_lints_point_at_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "placed.yaml"
    path.write_text(
        """apiVersion: hotline_rules/v1
meta:
  id: placed
  name_zh: 测试
  name_en: Test
  jurisdiction: 测试市
  issuer: 测试市热线办
  document: {title: 测试办法}
  source_file: none.txt
clocks:
  - id: completion.all
    clock: completion
    stops_on: [completed]
    duration: 2个工作日
    cite: {article: 第一条, text: 两个工作日内办结}
extensions:
  - id: extension.all
    max_each: 300个工作日
    cite: {article: 第二条, text: 可以延期}
""",
        encoding="utf-8",
    )
    (x,) = lint(load_profile_file(path))
    assert x.where() == f"{path}:18:15"
    assert x.to_dict() == {
        "code": "lint.extension_too_long",
        "severity": "warning",
        "rule_id": "extension.all",
        "file": str(path),
        "line": 18,
        "column": 15,
        "path": "extensions[0].max_each",
        "message_zh": "延期规则“extension.all”允许延长300个工作日，超过一年（约250个工作日）",
        "message_en": "extension rule 'extension.all' allows 300 working_days, more than a year "
        "(about 250 working_days)",
        "hint_zh": "多半是笔误（如把 10 写成 100）；请核对条文。",
        "hint_en": "most likely a typo (100 for 10); check the text.",
        "related": [],
    }


def test_a_district_profile_is_linted_where_it_says_it(tmp_path: Path) -> None:
    write(tmp_path, "city", clocks=[clock("completion.all", warn_before=["1个工作日"])])
    (tmp_path / "district.yaml").write_text(
        """apiVersion: hotline_rules/v1
extends: city
meta:
  id: district
  name_zh: 区
  name_en: District
  jurisdiction: 区
  issuer: 区热线办
  document: {title: 区办法}
  source_file: none.txt
override:
  clocks:
    completion.all:
      warn_before: [3个工作日]
""",
        encoding="utf-8",
    )
    registry = Registry([tmp_path], bundled=False, plugins=False)
    (x,) = lint(registry.load("district"))
    assert x.code == "lint.warn_before_too_long"
    assert (x.location.file, x.location.line) == (str(tmp_path / "district.yaml"), 14)


def test_lints_are_in_file_order(tmp_path: Path) -> None:
    items = lints(
        tmp_path,
        clocks=[
            clock("completion.all", warn_before=["5个工作日"]),
            {**clock("reply.x", name="reply"), "cite": cite(text=" ")},
        ],
        extensions=[rule("ext.x", max_each="300个工作日")],
    )
    assert [x.code for x in items] == [
        "lint.warn_before_too_long",
        "lint.cite_missing",
        "lint.extension_too_long",
    ]
    lines = [x.location.line or 0 for x in items]
    assert lines == sorted(lines)


def test_without_provenance_lints_name_the_field_path(tmp_path: Path) -> None:
    loaded = load_profile_file(write(tmp_path, extensions=[rule("ext.x", max_each_factor=5)]))
    (x,) = lint_profile(loaded.profile)
    assert x.location.file is None
    assert x.where() == "extensions[0].max_each_factor"


# ---- the bundled profiles -------------------------------------------------------------------------


@pytest.mark.parametrize("name", default_registry().names())
def test_bundled_profiles_have_no_warnings(name: str) -> None:
    items = lint(default_registry().load(name))
    assert [x.code for x in items if x.severity is LintSeverity.WARNING] == []


def test_the_bundled_infos_are_qingpu_water_s() -> None:
    # The regulation does allow 15/30/60/90 working days (第九条第（三）项第2目): a real, unusual
    # value, reported as info so that a reader checks it once. Its completion clocks start on
    # received and say on_redispatch: continue, which is what happens to them anyway.
    items = [x for n in default_registry().names() for x in lint(default_registry().load(n))]
    assert {x.severity for x in items} == {LintSeverity.INFO}
    assert [(x.code, x.rule_id, x.location.path) for x in items] == [
        (
            "lint.redispatch_no_effect",
            f"completion.hotline_{line}.{kind}",
            f"clocks[{i}].on_redispatch",
        )
        for i, (line, kind) in enumerate(
            [
                (line, kind)
                for line in ("12345", "12319")
                for kind in ("urgent_help", "complex", "difficult")
            ],
            start=2,
        )
    ] + [("lint.extension_long", "extension.completion", "extensions[0].choices[3]")]


def test_redispatch_and_file_name_messages(tmp_path: Path) -> None:
    restart, cont = lints(
        tmp_path,
        clocks=[
            clock("completion.all", starts_on="received", on_redispatch="restart"),
            clock("reply.all", name="reply", starts_on="received", on_redispatch="continue"),
        ],
    )
    assert (restart.location.line, restart.location.path) == (21, "clocks[0].on_redispatch")
    assert restart.message_zh == (
        "时限规则“completion.all”写了 on_redispatch: restart，但它自“受理”起算，不是承办单位的时限："
        "重新派单时不会重新起算，这一项不起作用"
    )
    assert cont.message_zh == (
        "时限规则“reply.all”写了 on_redispatch: continue，但它自“受理”起算，不是承办单位的时限，"
        "重新派单本来就不影响它：这一项不起作用"
    )
    assert restart.hint_zh == (
        "只有自派单（dispatched）起算的时限才按 on_redispatch 重新起算或接续；"
        "要让改派后重新起算，把 starts_on 改为 dispatched；否则可删去这一行（写与不写，结果相同）。"
    )
    (named,) = lints(tmp_path, meta={**META, "id": "tiny_draft"})
    assert named.severity is LintSeverity.WARNING
    assert named.where() == f"{tmp_path / 'tiny.yaml'}:3:7"
    assert named.location.path == "meta.id"
    assert named.message_zh == (
        "meta.id 是“tiny_draft”，文件名却是 tiny.yaml：命令行、extends 和测试文件的 profile: "
        "按名称找配置时用的是文件名（tiny），报表、测试结果和 diff 显示的却是 meta.id，两者不同容易找错配置"
    )
    assert named.hint_zh == "把文件改名为 tiny_draft.yaml，或把 meta.id 改为 tiny。"


def test_a_version_file_is_named_for_its_profile(tmp_path: Path) -> None:
    text = write(tmp_path, meta={**META, "effective_from": "2027-01-01"}).read_text(
        encoding="utf-8"
    )
    version = tmp_path / "tiny@2027-01-01.yaml"
    version.write_text(text, encoding="utf-8")
    assert lint(load_profile_file(version)) == []


def test_the_example_draft_profile_lints_clean() -> None:
    loaded = default_registry().load(str(ROOT / "examples" / "profiles" / "moushi_3days.yaml"))
    assert lint(loaded) == []


# ---- deciding conditions: sound, never guessing -------------------------------------------------


def test_decide_reasons_over_vocabularies_and_counts() -> None:
    def d(source: dict[str, Any], **kw: Any) -> tuple[bool, bool] | None:
        got = decide(compile_condition(source, VOCAB), **kw)
        return None if got is None else (got.sometimes, got.always)

    assert d({"kind": {"in": ["help"], "not_in": ["help"]}}) == (False, False)
    assert d({"kind": {"not_in": ["help"]}}) == (True, False)
    assert d({"any": [{"kind": "help"}, {"kind": {"is_not": "help"}}]}) == (True, True)
    assert d({"returns": {"more_than": 2, "less_than": 4}}) == (True, False)  # 3
    assert d({"returns": {"more_than": 2, "less_than": 3}}) == (False, False)
    assert d({"returns": {"less_than": 0}}) == (False, False)  # counts are never negative
    assert d({"tags": {"has_all": ["leader_assigned"], "has_none": ["leader_assigned"]}}) == (
        False,
        False,
    )
    assert d({"breached": "completion", "overdue": False}) == (False, False)
    assert d({"first_contact_late": True, "breached": {"has_none": ["first_contact"]}}) == (
        False,
        False,
    )
    # A clock reads only the ticket's attributes: what happened later is "not given".
    assert d({"overdue": True}, known=TICKET_FACTS) == (False, False)
    assert d({"not": {"overdue": True}}, known=TICKET_FACTS) == (True, True)


def test_decide_leaves_too_large_questions_undecided() -> None:
    many = [w for w in sorted(VOCAB["tags"])][:17]  # 2**17 subsets
    cond = compile_condition({"tags": {"has_any": many}}, VOCAB)
    assert decide(cond) is None


_TESTED = [
    "kind",
    "urgency",
    "tags",
    "returns",
    "overdue",
    "in_time_limit",
    "overdue_unexcused",
    "first_contact_late",
    "breached",
    "completed",
]


def _words(fact: str) -> list[str]:
    words = sorted(VOCAB[FACTS[fact].vocabulary or ""])
    if fact == "breached":
        return ["completion", "first_contact", "sign_for"]
    if fact == "tags":
        return ["excused_delay", *words[:3]]
    return words[:3]


def _test(fact: str) -> st.SearchStrategy[Any]:
    kind = FACTS[fact].type
    if kind is FactType.BOOL:
        return st.booleans()
    if kind is FactType.INT:
        ops = st.sampled_from(["at_least", "at_most", "more_than", "less_than", "is", "is_not"])
        return st.integers(0, 4) | st.dictionaries(ops, st.integers(0, 4), min_size=1, max_size=2)
    w = st.sampled_from(_words(fact))
    lists = st.lists(w, max_size=3)
    if kind is FactType.ENUM:
        return w | st.fixed_dictionaries({"in": lists}) | st.fixed_dictionaries({"not_in": lists})
    return (
        w
        | st.fixed_dictionaries({"has_all": lists})
        | st.fixed_dictionaries({"has_none": lists, "has_any": lists})
    )


_leaf = st.sampled_from(_TESTED).flatmap(lambda f: _test(f).map(lambda v: {f: v}))
_conditions = st.recursive(
    _leaf,
    lambda c: (
        st.lists(c, min_size=1, max_size=3).map(lambda cs: {"any": cs})
        | c.map(lambda x: {"not": x})
        | st.tuples(c, c).map(lambda ab: {**ab[1], **ab[0]})
    ),
    max_leaves=5,
)


@st.composite
def _ticket_facts(draw: st.DrawFn) -> dict[str, Any]:
    """Facts as the engine derives them, from made-up events and judged clocks."""
    static = {
        "kind": draw(st.sampled_from([*_words("kind"), "praise", None])),
        "urgency": draw(st.sampled_from([*_words("urgency"), None])),
        "tags": draw(st.frozensets(st.sampled_from(_words("tags")), max_size=3)),
        "repeat_count": draw(st.integers(0, 3)),
    }
    events = [
        SimpleNamespace(type=t, satisfaction=None)
        for t in draw(st.lists(st.sampled_from(["return_approved", "completed"]), max_size=5))
    ]
    clocks = [
        SimpleNamespace(clock=c, state="breached")
        for c in draw(st.frozensets(st.sampled_from(_words("breached"))))
    ]
    return derive(static, events, clocks)  # type: ignore[arg-type]


@settings(max_examples=400, deadline=None)
@given(_conditions, _ticket_facts())
def test_decide_never_calls_a_condition_that_holds_impossible(
    source: dict[str, Any], facts: dict[str, Any]
) -> None:
    cond = compile_condition(source, VOCAB)
    decided = decide(cond, vocabularies=VOCAB)
    assert decided is not None
    if cond(facts):
        assert decided.sometimes
    else:
        assert not decided.always


@settings(max_examples=300, deadline=None)
@given(_conditions, _conditions, _ticket_facts())
def test_the_space_of_two_conditions_finds_every_overlap(
    a: dict[str, Any], b: dict[str, Any], facts: dict[str, Any]
) -> None:
    # What overlap, shadowing and first-match checks rest on: when a real ticket satisfies
    # both conditions, some combination of the enumerated space does too.
    ca, cb = compile_condition(a, VOCAB), compile_condition(b, VOCAB)
    space = FactSpace.of([ca, cb], ALL_FACTS, VOCAB)
    assert space is not None
    if ca(facts) and cb(facts):
        assert any(ca(f) and cb(f) for f in space)
    if ca(facts) and not cb(facts):
        assert any(ca(f) and not cb(f) for f in space)


@settings(max_examples=200, deadline=None)
@given(_ticket_facts())
def test_facts_that_follow_from_others_are_completed_as_derive_does(facts: dict[str, Any]) -> None:
    mine = {"breached": facts["breached"], "tags": facts["tags"]}
    complete_facts(mine)
    for name in (
        "overdue",
        "in_time_limit",
        "first_contact_late",
        "sign_for_late",
        "overdue_unexcused",
    ):
        assert mine[name] == facts[name], name


# ---- the command ------------------------------------------------------------------------------------

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_cli_lints_every_bundled_profile_by_default() -> None:
    code, out, _ = invoke("lint")
    assert code == 0
    for name in default_registry().names():
        assert name in out
    assert "✓ moushi：没有发现问题 / nothing found" in out
    assert "lint.extension_long" in out
    n = len(default_registry().names())
    assert out.rstrip().endswith(
        f"共检查 {n} 个配置：0 条警告，7 条提示。 {n} profile(s): 0 warning(s), 7 info."
    )


def test_cli_exit_codes_follow_fail_on(tmp_path: Path) -> None:
    info_only = str(
        write(tmp_path, "info_only", extensions=[rule("ext.x", choices=["90个工作日"])])
    )
    warned = str(write(tmp_path, "warned", extensions=[rule("ext.x", max_each="300个工作日")]))
    assert invoke("lint", info_only)[0] == 0
    assert invoke("lint", info_only, "--fail-on", "info")[0] == 4
    assert invoke("lint", warned)[0] == 4
    assert invoke("lint", warned, "--fail-on", "never")[0] == 0
    broken = str(ROOT / "tests" / "data" / "profiles" / "broken" / "unknown_key.yaml")
    code, _, err = invoke("lint", broken, warned)
    assert code == 3
    assert "错误 [" in err


def test_cli_table_shows_place_message_hint_and_code(tmp_path: Path) -> None:
    path = write(tmp_path, "warned", extensions=[rule("ext.x", max_each="300个工作日")])
    code, out, _ = invoke("lint", str(path))
    assert code == 4
    assert "! " + str(path) + "：1 条警告，0 条提示 / 1 warning(s), 0 info" in out
    assert "警告" in out and "ext.x" in out and "lint.extension_too_long" in out
    assert "处理办法：多半是笔误（如把 10 写成 100）；请核对条文。" in out
    code, out, _ = invoke("lint", str(path), "--lang", "en")
    assert "how to fix：most likely a typo (100 for 10); check the text." in out


def test_cli_json_is_one_document_with_stable_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "warned", extensions=[rule("ext.x", max_each="300个工作日")])
    code, out, _ = invoke("lint", str(path), "moushi", "--format", "json")
    assert code == 4
    data = json.loads(out)
    assert data["fail_on"] == "warning"
    assert data["counts"] == {"warning": 1, "info": 0}
    first, second = data["profiles"]
    assert first["id"] == "warned" and first["counts"] == {"warning": 1, "info": 0}
    assert set(first["lints"][0]) == {
        "code",
        "severity",
        "rule_id",
        "file",
        "line",
        "column",
        "path",
        "message_zh",
        "message_en",
        "hint_zh",
        "hint_en",
        "related",
    }
    assert second == {
        "profile": "moushi",
        "valid": True,
        "id": "moushi",
        "file": str(default_registry().path_of("moushi")),
        "counts": {"warning": 0, "info": 0},
        "lints": [],
    }


def test_cli_json_reports_an_invalid_profile(tmp_path: Path) -> None:
    broken = str(ROOT / "tests" / "data" / "profiles" / "broken" / "unknown_key.yaml")
    code, out, _ = invoke("lint", broken, "--format", "json")
    assert code == 3
    (entry,) = json.loads(out)["profiles"]
    assert entry["valid"] is False and entry["error"]["code"].startswith("profile.")

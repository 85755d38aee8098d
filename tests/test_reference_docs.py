"""docs/zh/reference.md: generated from the profile models, complete, and true."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel, Field, ValidationError

from hotline_rules.errors import DurationError
from hotline_rules.profile import Profile, default_registry, load_profile_file
from hotline_rules.profile.conditions import compile_condition
from hotline_rules.profile.facts import FACTS, SHARED_VOCABULARIES
from hotline_rules.profile.fields import ConditionField
from hotline_rules.profile.reference import (
    CONDITION_EXAMPLE,
    REGENERATE,
    UNIT_MEANINGS_ZH,
    VOCABULARIES,
    WORD_FIELDS,
    default_zh,
    duration_examples,
    markdown,
    operator_examples,
    sections,
    type_zh,
)
from hotline_rules.profile.schema import Circumstance, ClockRule, Vocabulary
from hotline_rules.time.duration import Duration, DurationText, Unit, parse_duration
from hotline_rules.time.notices import HolidayNotice
from hotline_rules.vocabulary import CLOCKS, EVENTS, SUPERVISION_ACTIONS, TIERS

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "zh" / "reference.md"
LANG_V2 = ROOT / "tests" / "data" / "profiles" / "lang_v2.yaml"
TEXT = markdown()


def test_reference_md_is_generated_from_the_models() -> None:
    assert REFERENCE.read_text(encoding="utf-8") == TEXT, f"regenerate: {REGENERATE}"


def test_every_field_of_every_section_is_listed() -> None:
    found = sections()
    assert found[0][0] is Profile
    notice = sections(HolidayNotice)
    assert [m.__name__ for m, _ in notice] == ["HolidayNotice", "HolidayEntry", "DateRange"]
    for model, _paths in [*found, *notice]:
        for name, info in model.model_fields.items():
            if info.exclude:
                assert f"| `{name}` |" not in _section_text(model), (model, name)
                continue
            assert f"| `{info.alias or name}` |" in _section_text(model), (model, name)


def _section_text(model: type[BaseModel]) -> str:
    start = TEXT.index(f'<a id="{model.__name__.lower()}"></a>')
    end = TEXT.find("<a id=", start + 1)
    return TEXT[start:end]


def test_every_link_points_at_an_anchor() -> None:
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', TEXT))
    links = set(re.findall(r"\]\(#([^)]+)\)", TEXT))
    assert links and links <= anchors, links - anchors
    assert len(anchors) == len(re.findall(r"<a id=", TEXT))  # no anchor twice


def test_every_fact_and_every_word_is_listed_with_its_chinese_name() -> None:
    for name, spec in FACTS.items():
        assert f"| `{name}` | " in TEXT and spec.zh in TEXT, name
    for vocab, _title, words in VOCABULARIES:
        block = TEXT[TEXT.index(f'<a id="vocab-{vocab}"></a>') :]
        for word, zh in words.items():
            assert f"| `{word}` | {zh} |" in block, (vocab, word)
    # every vocabulary a fact or a profile may extend has its section
    named = {vocab for vocab, _, _ in VOCABULARIES}
    assert set(SHARED_VOCABULARIES) <= named
    assert set(Vocabulary.model_fields) <= named


def test_a_short_vocabulary_is_inline_and_a_long_one_is_linked() -> None:
    clock = _section_text(ClockRule)
    assert "见[时限名称词汇表](#vocab-clocks)（8 个词）" in clock  # 8 clock names: linked
    assert (
        "见[事件词汇表](#vocab-events)（23 个词）；本地新词先在 `vocabulary.events` 中声明" in clock
    )
    circumstance = _section_text(Circumstance)
    assert "`interview`（约谈）" in circumstance  # 5 consequences: inline


def test_types_in_plain_chinese() -> None:
    assert type_zh(str) == "文字"
    assert type_zh(int) == "整数"
    assert type_zh(bool) == "是/否（`true` 或 `false`）"
    assert type_zh(date) == "日期，如 `2026-10-01`"
    assert type_zh(DurationText) == "[时限文字](#durations)，如“2个工作日”"
    assert type_zh(ConditionField) == "[条件](#conditions)"
    assert type_zh(tuple[str, ...]) == "列表，每项为文字"
    assert type_zh(Literal["restart", "continue"]) == "以下之一：`restart`、`continue`"
    assert type_zh(Literal["hotline_rules/v1"]) == "固定写 `hotline_rules/v1`"
    assert type_zh(ClockRule | None) == "[时限](#clockrule)"
    assert type_zh(dict[str, str]) == "对照表，每行写“文字: 文字”"
    fields = ClockRule.model_fields
    assert type_zh(fields["priority"].annotation) == "整数"
    assert "| `max_count` | 整数，≥ 0 | 可不写（空） |" in TEXT
    assert "| `stops_on` | 列表，每项为一个词（见说明） | **必填** |" in TEXT
    assert "| `tier` | 一个词（见说明） | **必填**（可写 `null`） |" in TEXT


def test_defaults_say_what_leaving_a_field_out_means() -> None:
    fields = ClockRule.model_fields
    assert default_zh(fields["duration"]) == "**必填**"
    assert default_zh(fields["when"]) == "可不写（全部工单）"
    assert default_zh(fields["starts_on"]) == "`dispatched`"
    assert default_zh(fields["binding"]) == "`true`"
    assert default_zh(fields["warn_before"]) == "可不写（无）"
    assert default_zh(fields["note"]) == "可不写（空）"
    assert default_zh(fields["counting"]) == "可不写（各项取默认值）"

    class M(BaseModel):
        clocks: tuple[str, ...] = Field(("completion", "reply"))

    assert default_zh(M.model_fields["clocks"]) == "`[completion, reply]`"


# ---- the claims the reference makes are true -------------------------------------------------


def test_the_condition_example_and_every_operator_example_compile() -> None:
    words = {name: frozenset(w) for name, w in SHARED_VOCABULARIES.items()}
    example = yaml.safe_load(CONDITION_EXAMPLE)["when"]
    assert compile_condition(example, words).facts_used >= {"kind", "returns", "tags"}
    ops = operator_examples()
    assert {op for op, *_ in ops} >= {"at_least", "in", "has_none", "any", "all", "not"}
    for op, used_for, _meaning, condition in ops:
        assert compile_condition(condition, words).facts_used, op
        # the example as printed (YAML flow style) reads back as the same condition
        row = re.search(rf"\| `{op}` \| {used_for} \| [^|]+ \| `([^`]+)` \|", TEXT)
        assert row is not None, op
        assert yaml.safe_load(row.group(1)) == condition, op


@pytest.mark.parametrize(("text", "unit"), duration_examples())
def test_every_duration_example_reads_as_its_unit(text: str, unit: Unit) -> None:
    assert parse_duration(text).unit is unit


@pytest.mark.parametrize("text", ["2", "0个工作日", "-1 days", "2个星期"])
def test_the_durations_the_reference_says_are_refused(text: str) -> None:
    with pytest.raises(DurationError):
        parse_duration(text)


def test_every_unit_has_a_row_and_a_meaning() -> None:
    for unit in Unit:
        assert UNIT_MEANINGS_ZH[unit]
        assert f"| `{unit.value}` | " in TEXT
    assert "| `working_days` | 2个工作日（`2 working_days`） | 工作日 |" in TEXT
    assert Duration(2, Unit.WORKING_DAYS).zh == "2个工作日"


# ---- WORD_FIELDS is exactly the set of fields the loader checks against a vocabulary ----------


def _instances(value: Any) -> list[BaseModel]:
    out: list[BaseModel] = []
    if isinstance(value, BaseModel):
        out.append(value)
        for name in type(value).model_fields:
            out.extend(_instances(getattr(value, name)))
    elif isinstance(value, (tuple, list)):
        for item in value:
            out.extend(_instances(item))
    return out


def _text_fields(model: type[BaseModel]) -> list[tuple[str, bool]]:
    """(field name, takes a list) of every plain text field."""
    out = []
    for name, info in model.model_fields.items():
        ann = info.annotation
        args = [a for a in get_args(ann) if a is not type(None)]
        if get_origin(ann) is not None and len(args) == 1 and get_origin(ann) is not tuple:
            ann = args[0]  # str | None
        if info.exclude or info.metadata:
            continue
        if ann is str:
            out.append((name, False))
        elif get_origin(ann) is tuple and get_args(ann) == (str, ...):
            out.append((name, True))
    return out


def _probe_cases() -> list[tuple[BaseModel, str, bool, dict[str, frozenset[str]]]]:
    cases = []
    seen: set[tuple[type[BaseModel], str]] = set()
    registry = default_registry()
    profiles = [registry.load(name).profile for name in registry.names()]
    profiles.append(load_profile_file(LANG_V2).profile)  # every v2 construct in one profile
    for profile in profiles:
        shared: dict[str, Any] = dict(SHARED_VOCABULARIES)
        shared.update(
            clocks=CLOCKS, events=EVENTS, supervision_actions=SUPERVISION_ACTIONS, tiers=TIERS
        )
        vocab = {
            name: frozenset(words) | frozenset(getattr(profile.vocabulary, name))
            for name, words in shared.items()
        }
        for instance in _instances(profile):
            for field, many in _text_fields(type(instance)):
                if (type(instance), field) not in seen:
                    seen.add((type(instance), field))
                    cases.append((instance, field, many, vocab))
    return cases


PROBES = _probe_cases()


def test_the_probes_reach_every_word_field() -> None:
    probed = {(type(i), f) for i, f, _, _ in PROBES}
    assert set(WORD_FIELDS) <= probed


@pytest.mark.parametrize(
    ("instance", "field", "many", "vocab"),
    PROBES,
    ids=[f"{type(i).__name__}.{f}" for i, f, _, _ in PROBES],
)
def test_a_field_is_listed_with_words_exactly_when_the_loader_checks_its_words(
    instance: BaseModel, field: str, many: bool, vocab: dict[str, frozenset[str]]
) -> None:
    data = instance.model_dump(by_alias=True, exclude_none=True)
    data[field] = ["zzz_no_such_word"] if many else "zzz_no_such_word"
    try:
        type(instance).model_validate(data, context={"vocabularies": vocab})
        codes: list[str] = []
    except ValidationError as exc:
        codes = [e["type"] for e in exc.errors()]
    checked = any(code.endswith(".unknown") for code in codes)
    assert checked == ((type(instance), field) in WORD_FIELDS), codes

"""The field reference of the profile language, for the policy staff who edit profiles.

``docs/zh/reference.md`` is generated from the models themselves (fields,
types, defaults, descriptions), from the words of ``vocabulary.py``, the
facts of ``facts.py``, the operators of ``conditions.py`` and the units of
``duration.py``, so it cannot drift from what the loader accepts; a test
fails when the file is out of date. Regenerate with
``python -m hotline_rules.profile.reference > docs/zh/reference.md``.

Only what the models cannot say is written here: a short Chinese
introduction per section, Chinese titles of the vocabularies, and the
descriptions a few fields do not carry yet.
"""

from __future__ import annotations

import types
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from hotline_rules import vocabulary as v
from hotline_rules.profile.conditions import _ENUM_OPS, _INT_OPS, _OP_ZH, _TAG_OPS, Condition
from hotline_rules.profile.facts import FACTS, SHARED_VOCABULARIES, FactSpec, FactType
from hotline_rules.profile.fields import RuleId, Word
from hotline_rules.profile.schema import (
    Circumstance,
    ClockRule,
    Kpi,
    OwnershipRule,
    Profile,
    ReturnRule,
    Rework,
    SupervisionTrigger,
    Threshold,
    Vocabulary,
)
from hotline_rules.time.duration import _EN_UNITS, _SAME_DAY, _ZH_UNITS, Duration, Unit
from hotline_rules.time.notices import HolidayNotice

REGENERATE = "python -m hotline_rules.profile.reference > docs/zh/reference.md"

# ---- what the models cannot say ------------------------------------------------------------

VOCABULARIES: tuple[tuple[str, str, Mapping[str, str]], ...] = (
    ("kinds", "诉求类型", v.KINDS),
    ("urgencies", "紧急程度", v.URGENCIES),
    ("complexities", "复杂程度", v.COMPLEXITIES),
    ("requesters", "诉求人类别", v.REQUESTERS),
    ("channels", "来源渠道", v.CHANNELS),
    ("handlings", "办理方式", v.HANDLINGS),
    ("satisfactions", "回访满意度", v.SATISFACTIONS),
    ("tags", "标记", v.TAGS),
    ("clocks", "时限名称", v.CLOCKS),
    ("events", "事件", v.EVENTS),
    ("supervision_actions", "督办方式", v.SUPERVISION_ACTIONS),
    ("tiers", "问责等次", v.TIERS),
    ("periods", "统计周期", v.PERIODS),
    ("consequences", "问责情形的后果", v.CONSEQUENCES),
    ("unit_roles", "承办角色（派单事件的 role）", v.UNIT_ROLES),
    ("finding_codes", "引擎认定的问题（事实 findings 的取值）", v.FINDING_CODES),
)
"""Every vocabulary a profile field or a fact takes words from: name, Chinese title, words."""

WORD_FIELDS: Mapping[tuple[type[BaseModel], str], str] = {
    (ClockRule, "clock"): "clocks",
    (ClockRule, "starts_on"): "events",
    (ClockRule, "stops_on"): "events",
    (ReturnRule, "window_starts_on"): "events",
    (OwnershipRule, "starts_on"): "events",
    (OwnershipRule, "stops_on"): "events",
    (SupervisionTrigger, "actions"): "supervision_actions",
    (Threshold, "period"): "periods",
    (Circumstance, "tier"): "tiers",
    (Kpi, "needs_clocks"): "clocks",
    (Circumstance, "consequences"): "consequences",
    (Rework, "event"): "events",
    (Rework, "clocks"): "clocks",
}
"""Fields whose value the loader checks against a vocabulary (a test keeps this list true)."""

_SECTIONS_ZH: dict[str, tuple[str, str]] = {
    "Profile": (
        "文件的最外层",
        "一个配置文件对应一部热线管理办法。文件最外层由下面这些项组成，每项的内容在后面各节分别说明。"
        "第一行 `# yaml-language-server: $schema=schema/profile.schema.json` 让编辑器边写边提示。",
    ),
    "Meta": ("基本信息", "这部办法是谁、在什么时候、以什么文号印发的，原文存在哪个文件里。"),
    "DocumentRef": ("文件", "办法本身：标题、文号、印发日期。"),
    "CalendarSection": (
        "日历",
        "时区、办公时间，以及本地与全国日历不同的日子（如台风停工）。不写则用全国日历和北京时间。",
    ),
    "OfficeHours": (
        "办公时间",
        '工作日的办公时段。“截止于下班时间”和“工作小时”按它计算。时间要加引号，如 `"09:00-12:00, 13:30-17:30"`。',
    ),
    "Season": ("季节作息", "每年某段日期（如夏季）替换默认办公时间。"),
    "LocalDay": (
        "本地休息日 / 本地工作日",
        "本地另行决定的一天：放假（如台风停工）或上班，并写明原因。",
    ),
    "Vocabulary": (
        "本配置新增的词",
        "共用词汇表（见文末“词汇表”）不够用时，在这里先声明新词及其中文名，再在规则中使用。写法：`词: 中文名`。",
    ),
    "ClockRule": (
        "时限",
        "一个办理时限：对哪些工单适用、从哪个事件起算、到哪个事件停止、多长、怎么计算。",
    ),
    "Cite": (
        "依据",
        "每条规则都必须注明出自哪一条：条、款或项，以及条文原话。这样任何结果都能回答“依据是什么”。",
    ),
    "Counting": (
        "计法",
        "时限怎样计算截止时刻。不写时按民法典第二百零一条、第二百零三条计算：起算日不计入，截止于最后一日24时。",
    ),
    "ExtensionRule": ("延期", "承办单位怎样申请延长办理时限：次数、长度、申请期限、审批。"),
    "ReturnRule": (
        "退单",
        "承办单位认为工单不属于本单位时怎样退回：申请期限、可退与不得退的情形、须附的材料。",
    ),
    "Item": ("条目", "条文列举的一项（一个退单理由、一份材料、办结报告的一项内容）。"),
    "ForbiddenReturn": ("不得退单的情形", "在什么情况下不允许退单。"),
    "OwnershipRule": (
        "承办主体争议认定",
        "多次退单、承办单位有争议时，何时启动认定（如联席会议），多长时间内认定。",
    ),
    "SupervisionTrigger": ("督办", "哪些情形热线办应当督办，以及督办方式。"),
    "ScreeningReason": ("不予受理", "条文规定不予受理的情形。"),
    "FirstContactRule": (
        "先行联系",
        "承办单位怎样先行联系诉求人：多次尝试的间隔，联系不上时怎么办。",
    ),
    "ClosureReportRule": ("办结报告", "办结时报告必须包含哪些内容。"),
    "Accountability": ("问责", "问责的等次、方式、情形和一票否决。"),
    "Circumstance": (
        "问责情形",
        "哪些工单计入一种问责情形，每个统计周期达到多少件时触发，问责等次。",
    ),
    "Threshold": ("触发件数", "每个统计周期达到多少件时触发。"),
    "VetoRule": ("一票否决", "直接导致考核不合格的情形。"),
    "Kpi": ("指标", "热线办据以排名的比率：分子是哪些工单，分母是哪些工单。"),
    "Assessment": ("考核", "考核周期、计分方式、所用指标和等次。条文没有给出分数线时，不得填写。"),
    "Grade": ("考核等次", "一个等次及其后果；分数线只在条文给出时填写。"),
    "DutyWindow": ("值班", "值班时段：从几点到几点，哪些日子，由谁值班。"),
    "Unencoded": (
        "未编码的条文",
        "没有编码成规则的条文，以及为什么（例如只是原则性规定，无法据以检查）。",
    ),
    "HolidayNotice": (
        "放假通知文件",
        "国务院办公厅的一份放假安排通知，一年一个文件，放在 `profiles/calendars/` 下"
        "（怎样添加见 [放假通知文件](calendars.md)）。",
    ),
    "HolidayEntry": (
        "一个节日",
        "通知中的一条：节日名称、放假调休区间、共几天、哪些周末调休上班，以及这一条的原文。",
    ),
    "DateRange": (
        "放假区间",
        "第一天和最后一天（含），写成 `{from: 2027-10-01, to: 2027-10-07}`。",
    ),
}
"""Chinese title and introduction of each section, by model name."""

_MISSING_DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("LocalDay", "date"): "日期 / the day",
    ("LocalDay", "name_en"): "英文原因 / why, in English",
    ("Accountability", "tiers_cite"): "问责等次的依据 / citation of the tiers",
    ("Accountability", "methods_cite"): "问责方式的依据 / citation of the methods",
    ("Kpi", "name_zh"): "指标中文名 / Chinese name",
    ("Kpi", "name_en"): "指标英文名 / English name",
    ("Kpi", "higher_is_better"): "数值越高越好；越低越好时写 false / false when lower is better",
    ("Grade", "name"): "等次名称，如 优秀 / grade name",
    ("DutyWindow", "name"): "值班名称，如 夜间值班 / name of the window",
    ("Unencoded", "article"): "条文，如 第三条 / article",
}
"""Descriptions the models do not carry yet; a description on the model wins."""

UNIT_MEANINGS_ZH: Mapping[Unit, str] = {
    Unit.MINUTES: "自起算时刻连续计算，不分昼夜、不论节假日（民法典第二百零一条第二款）",
    Unit.HOURS: "自起算时刻连续计算，不分昼夜、不论节假日（民法典第二百零一条第二款）",
    Unit.WORKING_HOURS: "只计工作日办公时间内的时间（配置须写 `calendar.office_hours`）",
    Unit.DAYS: "起算日不计入，截止于第N日24时；`counting.rollover: true` 时末日遇休息日顺延",
    Unit.WORKING_DAYS: "起算日不计入，截止于第N个工作日24时（或下班时间，见“计法”）",
    Unit.SAME_DAY: "截止于起算当日24时",
}
"""How each unit counts, in Chinese (see DESIGN.md, "Time: the conventions")."""

_PATTERNS: dict[str, str] = {
    r"^([01]\d|2[0-3]):[0-5]\d$": "时刻，如 `08:30`",
    r"^([01]\d|2[0-4]):[0-5]\d$": "时刻，如 `17:30`（可写 `24:00`）",
}
"""Plain Chinese for the few text patterns a field may require."""


def _pattern_of(annotated: Any) -> str:
    for meta in get_args(annotated)[1:]:
        for m in getattr(meta, "metadata", ()):
            if getattr(m, "pattern", None):
                return str(m.pattern)
    raise ValueError(annotated)


_RULE_ID_PATTERN = _pattern_of(RuleId)
_WORD_PATTERN = _pattern_of(Word)


# ---- the models, walked ------------------------------------------------------------------------


def _anchor(model: type[BaseModel]) -> str:
    return model.__name__.lower()


def _title(model: type[BaseModel]) -> str:
    return _SECTIONS_ZH.get(model.__name__, (model.__name__, ""))[0]


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        out.extend(_nested_models(arg))
    return out


def _fields(model: type[BaseModel]) -> Iterator[tuple[str, FieldInfo]]:
    """The fields a profile author writes (derived ones, excluded from output, are not)."""
    for name, info in model.model_fields.items():
        if info.exclude:
            continue
        yield name, info


def _key(name: str, info: FieldInfo) -> str:
    return info.alias or name


def sections(root: type[BaseModel] = Profile) -> list[tuple[type[BaseModel], list[str]]]:
    """Every model of a file (a profile, a notice), in the order a reader meets it, with paths."""
    order: list[type[BaseModel]] = []
    paths: dict[type[BaseModel], list[str]] = {}

    def walk(model: type[BaseModel], path: str) -> None:
        if model in paths:
            paths[model].append(path)
            return
        order.append(model)
        paths[model] = [path]
        for name, info in _fields(model):
            key = _key(name, info)
            for nested in _nested_models(info.annotation):
                many = get_origin(_strip_optional(info.annotation)) in (tuple, list, frozenset)
                walk(nested, f"{path}.{key}{'[]' if many else ''}".lstrip("."))

    walk(root, "")
    return [(m, paths[m]) for m in order]


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


# ---- cells ----------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(word: object) -> str:
    return f"`{word}`"


def _vocabulary(name: str) -> tuple[str, Mapping[str, str]]:
    for vocab, title, words in VOCABULARIES:
        if vocab == name:
            return title, words
    raise KeyError(name)


def words_cell(vocab: str) -> str:
    """The words of a vocabulary for a table cell: inline when few, else a link to the list."""
    title, words = _vocabulary(vocab)
    link = f"[{title}词汇表](#vocab-{vocab})"
    if len(words) <= 7:
        shown = "、".join(f"{_code(w)}（{zh}）" for w, zh in words.items())
        out = f"{shown}（{link}）"
    else:
        out = f"见{link}（{len(words)} 个词）"
    if vocab in Vocabulary.model_fields:
        out += f"；本地新词先在 `vocabulary.{vocab}` 中声明"
    return out


def type_zh(annotation: Any, metadata: Sequence[Any] = ()) -> str:
    """A field's type in plain Chinese (文字, 整数, 是/否, 日期, 时限文字, 条件, 列表…)."""
    annotation = _strip_optional(annotation)
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        inner: list[Any] = []
        for e in extra:
            inner.extend(getattr(e, "metadata", ()) if isinstance(e, FieldInfo) else [e])
        return type_zh(base, [*metadata, *inner])
    if origin in (tuple, list, frozenset):
        item = type_zh(get_args(annotation)[0])
        least = next((m.min_length for m in metadata if isinstance(m, MinLen)), 0)
        return f"列表，每项为{item}" + (f"（至少 {least} 项）" if least else "")
    if origin is dict:
        key, value = (type_zh(a).split("（")[0] for a in get_args(annotation))
        return f"对照表，每行写“{key}: {value}”"
    if origin is Literal:
        choices = get_args(annotation)
        if len(choices) == 1:
            return f"固定写 {_code(choices[0])}"
        return "以下之一：" + "、".join(_code(a) for a in choices)
    if isinstance(annotation, type):
        return _plain_type(annotation, metadata)
    raise TypeError(f"no plain Chinese for the type {annotation!r}")


def _plain_type(annotation: type, metadata: Sequence[Any]) -> str:
    if issubclass(annotation, BaseModel):
        return f"[{_title(annotation)}](#{_anchor(annotation)})"
    if issubclass(annotation, Enum):
        return "以下之一：" + "、".join(_code(m.value) for m in annotation)
    if annotation is Duration:
        return "[时限文字](#durations)，如“2个工作日”"
    if annotation is Condition:
        return "[条件](#conditions)"
    if annotation is bool:
        return "是/否（`true` 或 `false`）"
    if annotation is date:
        return "日期，如 `2026-10-01`"
    bounds = "".join(
        f"，{sign} {getattr(m, attr)}"
        for m in metadata
        for kind, attr, sign in ((Ge, "ge", "≥"), (Gt, "gt", ">"), (Le, "le", "≤"), (Lt, "lt", "<"))
        if isinstance(m, kind)
    )
    if annotation is int:
        return "整数" + bounds
    if annotation is float:
        return "数字（可带小数）" + bounds
    if annotation is str:
        pattern = next((str(m.pattern) for m in metadata if getattr(m, "pattern", None)), None)
        if pattern == _RULE_ID_PATTERN:
            return "编号（小写英文、数字、下划线，可用点分段）"
        if pattern == _WORD_PATTERN:
            return "词（小写英文、数字、下划线）"
        if pattern is not None:
            return _PATTERNS.get(pattern, f"文字，须符合 `{pattern}`")
        return "文字"
    raise TypeError(f"no plain Chinese for the type {annotation!r}")


def default_zh(info: FieldInfo) -> str:
    """Required, or what leaving the field out means."""
    if info.is_required():
        nullable = _strip_optional(info.annotation) is not info.annotation
        return "**必填**" + ("（可写 `null`）" if nullable else "")
    value: Any = info.default
    if value is PydanticUndefined and info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
    if value is None:
        return "可不写（空）"
    if isinstance(value, Condition):
        return "可不写（全部工单）" if not value.source else f"`{dict(value.source)}`"
    if isinstance(value, BaseModel):
        return "可不写（各项取默认值）"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, Enum):
        return _code(value.value)
    if isinstance(value, (tuple, list, dict, frozenset)):
        if not value:
            return "可不写（无）"
        return _code("[" + ", ".join(str(x) for x in value) + "]")
    return _code(value)


def description_zh(model: type[BaseModel], name: str, info: FieldInfo) -> str:
    """The field's bilingual description (中文 / English), with the words it may take."""
    text = info.description or _MISSING_DESCRIPTIONS.get((model.__name__, name), "")
    if not text and model is Vocabulary:
        text = f"新增{_vocabulary(name)[0]} / extra {name}"
    if not text:
        nested = _nested_models(info.annotation)
        text = _title(nested[0]) if nested else ""
    vocab = WORD_FIELDS.get((model, name))
    if vocab is not None:
        text += f"<br>可用的词：{words_cell(vocab)}"
    return text


# ---- conditions, facts, durations ------------------------------------------------------------

_FACT_TYPE_ZH = {
    FactType.ENUM: "一个词",
    FactType.INT: "整数",
    FactType.BOOL: "是/否",
    FactType.TAGS: "一组词（标记）",
}
_FACT_FORMS = {
    FactType.ENUM: "一个词；词的列表（其中之一）；或 " + "、".join(f"`{op}`" for op in _ENUM_OPS),
    FactType.INT: "一个整数（等于）；或 " + "、".join(f"`{op}`" for op in _INT_OPS),
    FactType.BOOL: "`true` 或 `false`",
    FactType.TAGS: "一个词（含）；词的列表（含任一）；或 "
    + "、".join(f"`{op}`" for op in _TAG_OPS),
}

CONDITION_EXAMPLE = """\
when:
  kind: [complaint, report]          # 诉求类型是投诉或举报
  urgency: emergency                 # 紧急
  returns: {at_least: 2}             # 已退单 2 次及以上
  tags: {has: leader_assigned}       # 带“领导批办/交办”标记
  any:                               # 下面任一成立
    - overdue_unexcused: true
    - tags: {has_any: [result_untrue, process_flawed]}
  not: {channel: service_hall}       # 不是服务大厅来件
"""
"""The worked condition shown at the top of the conditions section (a test compiles it)."""


def _first_fact(kind: FactType) -> FactSpec:
    return next(spec for spec in FACTS.values() if spec.type is kind)


def _some_words(spec: FactSpec, n: int) -> list[str]:
    return list(SHARED_VOCABULARIES[spec.vocabulary or ""])[:n]


def operator_examples() -> list[tuple[str, str, str, dict[str, Any]]]:
    """(operator, what it applies to, its meaning, an example) for every test a condition has."""
    out: list[tuple[str, str, str, dict[str, Any]]] = []
    number = _first_fact(FactType.INT)
    for op in _INT_OPS:
        out.append((op, "整数事实", _OP_ZH[op], {number.name: {op: 2}}))
    enum = _first_fact(FactType.ENUM)
    for op in _ENUM_OPS:
        words: Any = _some_words(enum, 2) if op in ("in", "not_in") else _some_words(enum, 1)[0]
        out.append((op, "取一个词的事实", _OP_ZH[op], {enum.name: {op: words}}))
    tags = _first_fact(FactType.TAGS)
    for op in _TAG_OPS:
        words = _some_words(tags, 1)[0] if op == "has" else _some_words(tags, 2)
        out.append((op, "标记类事实", _OP_ZH[op], {tags.name: {op: words}}))
    flag = _first_fact(FactType.BOOL)
    both = [{flag.name: True}, {number.name: {"at_least": 2}}]
    out.append(("any", "几个条件", "任一成立", {"any": both}))
    out.append(("all", "几个条件", "全部成立", {"all": both}))
    out.append(("not", "一个条件", "不成立", {"not": {enum.name: _some_words(enum, 1)[0]}}))
    return out


def _flow(value: Any) -> str:
    """YAML flow style, as profiles write short conditions: ``{returns: {at_least: 2}}``."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_flow(x)}" for k, x in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(x) for x in value) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def duration_examples() -> list[tuple[str, Unit]]:
    """Every spelling the duration reader accepts, as an example, with the unit it means."""
    out: list[tuple[str, Unit]] = []
    for word, unit in _ZH_UNITS.items():
        out.append((f"2{'个' if word in ('工作日', '自然日', '工作小时') else ''}{word}", unit))
    out += [("两个工作日", Unit.WORKING_DAYS), ("十五个工作日", Unit.WORKING_DAYS)]
    out += [("2个工作日内", Unit.WORKING_DAYS), ("半小时", Unit.MINUTES)]
    out += [(word, Unit.SAME_DAY) for word in sorted(_SAME_DAY) if not word.isascii()]
    return out


# ---- the document ---------------------------------------------------------------------------


def _model_table(model: type[BaseModel]) -> list[str]:
    out = ["| 字段 | 类型 | 必填 / 不写时 | 说明 |", "|---|---|---|---|"]
    for name, info in _fields(model):
        out.append(
            "| "
            + " | ".join(
                _cell(x)
                for x in (
                    _code(_key(name, info)),
                    _field_type(model, name, info),
                    default_zh(info),
                    description_zh(model, name, info),
                )
            )
            + " |"
        )
    return out


def _field_type(model: type[BaseModel], name: str, info: FieldInfo) -> str:
    text = type_zh(info.annotation, info.metadata)
    if (model, name) in WORD_FIELDS:
        text = text.replace("文字", "一个词（见说明）")
    return text


def _section(model: type[BaseModel], paths: list[str]) -> list[str]:
    title, intro = _SECTIONS_ZH.get(model.__name__, (model.__name__, ""))
    doc = (model.__doc__ or "").strip().splitlines()[0]
    where = "、".join(_code(p) for p in paths) if paths != [""] else "整个文件（最外层）"
    return [
        f'<a id="{_anchor(model)}"></a>',
        "",
        f"### {title}" + (f"（`{paths[0]}`）" if paths[0] else ""),
        "",
        *([intro, ""] if intro else []),
        f"位置：{where}。*{doc}*",
        "",
        *_model_table(model),
        "",
    ]


def _conditions() -> list[str]:
    out = [
        '<a id="conditions"></a>',
        "",
        "## 条件（`when` 等）怎么写",
        "",
        "条件是“事实: 取值”的键值对；几项写在一起表示**同时满足**。`any` 表示任一成立，`all` 表示全部成立，"
        "`not` 表示不成立。不写条件（或写 `{}`）表示适用于全部工单。事实名或取值写错时，加载配置就会报错并指出行号。",
        "",
        "```yaml",
        CONDITION_EXAMPLE.rstrip("\n"),
        "```",
        "",
        "| 写法 | 用于 | 含义 | 例子 |",
        "|---|---|---|---|",
    ]
    for op, used_for, meaning, example in operator_examples():
        out.append(f"| `{op}` | {used_for} | {_cell(meaning)} | `{_cell(_flow(example))}` |")
    out += [
        "",
        '<a id="facts"></a>',
        "",
        "### 条件可以用的事实",
        "",
        "| 事实 | 类型 | 含义 | 写法 | 可用的词 |",
        "|---|---|---|---|---|",
    ]
    for spec in FACTS.values():
        words = words_cell(spec.vocabulary) if spec.vocabulary else "—"
        out.append(
            f"| `{spec.name}` | {_FACT_TYPE_ZH[spec.type]} | {_cell(spec.zh)} / {_cell(spec.en)} "
            f"| {_cell(_FACT_FORMS[spec.type])} | {_cell(words)} |"
        )
    return [*out, ""]


def _durations() -> list[str]:
    out = [
        '<a id="durations"></a>',
        "",
        "## 时限怎么写",
        "",
        "时限写成“数量 + 单位”，中文、英文都可以。数量可以是阿拉伯数字或中文数字（两、十五、一百零五），"
        "“个”可写可不写，末尾的“内”“以内”“之内”会被忽略。怎样算截止时刻见 [计时规则](deadlines.md)。",
        "",
        "| 单位 | 标准写法 | 中文单位 | 英文单位 | 截止时刻 |",
        "|---|---|---|---|---|",
    ]
    for unit in Unit:
        zh_words = [w for w, u in _ZH_UNITS.items() if u is unit]
        en_words = [w for w, u in _EN_UNITS.items() if u is unit and " " not in w]
        if unit is Unit.SAME_DAY:
            zh_words = sorted(w for w in _SAME_DAY if not w.isascii())
            en_words = sorted(w for w in _SAME_DAY if w.isascii() and " " not in w)
        standard = Duration(0 if unit is Unit.SAME_DAY else 2, unit)
        out.append(
            f"| `{unit.value}` | {standard.zh}（`{standard}`） | "
            f"{'、'.join(zh_words)} | {', '.join(_code(w) for w in en_words)} | "
            f"{_cell(UNIT_MEANINGS_ZH.get(unit, ''))} |"
        )
    examples = "、".join(f"`{text}`" for text, _ in duration_examples())
    out += ["", f"都可以读懂的写法举例：{examples}。", ""]
    out += ["数量为 0 或负数、只写数字不写单位（如 `2`）、单位写错，加载配置时都会报错。", ""]
    return out


def _vocabularies() -> list[str]:
    out = [
        '<a id="vocabularies"></a>',
        "",
        "## 词汇表",
        "",
        "各地共用一套词，便于比较和迁移工单。共用词不够时，在配置的 `vocabulary` 中声明新词（见"
        f"[本配置新增的词](#{_anchor(Vocabulary)})）。",
        "",
    ]
    for name, title, words in VOCABULARIES:
        extend = (
            f"可在 `vocabulary.{name}` 中新增。"
            if name in Vocabulary.model_fields
            else "固定，不能新增。"
        )
        out += [
            f'<a id="vocab-{name}"></a>',
            "",
            f"### {title}（`{name}`）",
            "",
            extend,
            "",
            "| 词 | 中文名 |",
            "|---|---|",
            *(f"| `{w}` | {_cell(zh)} |" for w, zh in words.items()),
            "",
        ]
    return out


def markdown() -> str:
    """The whole ``docs/zh/reference.md``."""
    found = sections()
    notice = sections(HolidayNotice)
    out = [
        "# 配置文件字段参考",
        "",
        f"本文件由 `{REGENERATE}` 从程序中的定义生成，请勿手改；程序改动后重新生成（测试会检查是否一致）。",
        "",
        "*Field reference of the profile language, generated from the pydantic models; do not edit by hand.*",
        "",
        "怎样读、怎样改配置，先看 [配置文件怎么读、怎么改](profiles-guide.md)；本文逐项列出每一节的每一个字段："
        "类型、是否必填（不写时取什么值）、含义，以及只能从词汇表中取词的字段可用哪些词。"
        "路径中的 `[]` 表示“列表中的每一项”，如 `clocks[]` 是 `clocks` 下以“- ”开头的每一条规则。",
        "",
        "## 目录",
        "",
    ]
    for model, paths in found:
        label = f"`{paths[0]}` " if paths[0] else ""
        out.append(f"- [{label}{_title(model)}](#{_anchor(model)})")
    out += [
        "- [第二版新增的写法（附条文示例）](#v2-examples)",
        "- [条件怎么写](#conditions)（[可用的事实](#facts)）",
        "- [时限怎么写](#durations)",
        "- [词汇表](#vocabularies)",
        "- [放假通知文件的字段](#notice-files)",
    ]
    for model, paths in notice:
        label = f"`{paths[0]}` " if paths[0] else ""
        out.append(f"  - [{label}{_title(model)}](#{_anchor(model)})")
    out += ["", "## 配置文件各节的字段", ""]
    for model, paths in found:
        out += _section(model, paths)
    out += _v2_examples()
    out += _conditions()
    out += _durations()
    out += _vocabularies()
    out += ['<a id="notice-files"></a>', "", "## 放假通知文件的字段", ""]
    for model, paths in notice:
        out += _section(model, paths)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


# ---- language v2: one worked example per construct ---------------------------------------

V2_EXAMPLES: tuple[tuple[str, str, str, str], ...] = (
    (
        "办理完毕“并”答复：几个事件都发生才停止（`stops_when: all`）",
        "一部市级12345热线工作规则第七条：“对群众诉求一般应在5个工作日内办理完毕并答复诉求群众”。",
        "只写 `stops_on: [completed]` 时，办结而未答复的工单也算按时。写 `stops_when: all` 后，"
        "办结（completed）与答复（reply_sent）都发生才停止，停在后发生的那一个；只办结不答复，到期即超时。",
        """clocks:
  - id: completion.citizen
    clock: completion
    when: {requester: citizen}
    stops_on: [completed, reply_sent]
    stops_when: all
    duration: 5个工作日
    cite: {article: 第七条, text: 对群众诉求一般应在5个工作日内办理完毕并答复诉求群众}""",
    ),
    (
        "含本数：受理当日算第一日（`counting: {inclusive: true}`）",
        "常见条文写法：“10日内（指工作日，含本数）”。",
        "默认按民法典第二百零一条，起算日不计入。写 `inclusive: true` 后，起算日是工作日的，算第1个工作日"
        "（非工作日仍不计入）。9月30日（周三）10:00 受理，10个工作日：默认截止于10月20日24时，含本数截止于10月19日24时。"
        "只能用于“日”“工作日”；“含本数”不要写进 duration 的文字里（会报错并提示这样写）。",
        """clocks:
  - id: completion.inclusive
    clock: completion
    stops_on: [completed]
    duration: 10个工作日
    counting: {inclusive: true}
    cite: {article: 示例, text: 10日内（指工作日，含本数）办结}""",
    ),
    (
        "发回重办：新一轮办理以第二轮为准（`rework`）",
        "常见条文写法：“回访不满意的，发回重办，重办时限为5个工作日”。",
        "没有 `rework` 时，“重新办理”（reopened）不改变任何判定（与第一版相同）。写了以后：上一轮时限停止后发生该事件，"
        "所列时限重新起算（`duration` 不写则用原时限），第一轮的结果原样保留；是否办结、是否答复、满意度、是否解决"
        "只看最后一轮，`reworks` 记发回次数。测试用例中用 `round: 2` 指第二轮的时限。",
        """rework:
  id: rework.unsatisfied
  event: reopened
  clocks: [completion]
  duration: 5个工作日
  cite: {article: 示例, text: 回访不满意的，发回重办，重办时限为5个工作日}""",
    ),
    (
        "响应、解决、满意三率（`response` 时限，回访的 `resolved`）",
        "接诉即办城市常用的三项指标：响应率、解决率、满意率。",
        "响应（联系诉求人或到达现场）是独立于办结的时限，可按类别分别设置（30分钟至2小时）。回访事件可写 "
        "`resolved: true/false`，事实 `resolved` 取最后一次回访的结果。指标可声明所需的时限（`needs_clocks`）："
        "配置中没有该时限时，该指标报告为“无法计算”，不会显示为100%。按标记排除（如行政调解类不参与满意率）直接写在分母里。",
        """clocks:
  - id: response.urgent
    clock: response
    when: {urgency: emergency}
    stops_on: [contacted, arrived_on_site]
    duration: 30分钟
    cite: {article: 示例, text: 紧急诉求30分钟内联系诉求人或到达现场}
kpis:
  - id: kpi.response
    name_zh: 响应率
    name_en: response rate
    numerator: {not: {breached: {has: response}}}
    needs_clocks: [response]
    cite: {article: 示例, text: 响应率}
  - id: kpi.resolution
    name_zh: 解决率
    name_en: resolution rate
    numerator: {resolved: true}
    denominator: {any: [{resolved: true}, {resolved: false}]}
    cite: {article: 示例, text: 解决率}
  - id: kpi.satisfaction
    name_zh: 满意率
    name_en: satisfaction rate
    numerator: {satisfaction: [满意, 基本满意]}
    denominator: {satisfaction: [满意, 基本满意, 不满意], not: {tags: {has: excused_delay}}}
    cite: {article: 示例, text: 满意率}""",
    ),
    (
        "主办、协办、首接负责：指标和超时计入哪个单位（`units`）",
        "一部市级12345热线工作规则第六条：“涉及多个单位办理的事项，由首接责任单位牵头协调相关单位办理，并按时答复”；"
        "一部区级12345市民热线管理办法第十五条：“需多部门协同办理的，由主办部门牵头，协办部门应全力配合”。",
        "派单事件可写 `role: lead`（主办）、`co`（协办）、`first_receiving`（首接负责）。派给协办单位不改变主办单位的时限。"
        "`units.credit` 声明统计计入哪个单位：`last_dispatched`（最后派给的单位，第一版的做法，也是默认）、`lead`、`first_receiving`；"
        "工单没有标角色时仍按最后派给的单位。标为首接负责的单位此后退单获准的，不是首接负责单位"
        "（首接负责以“本单位职责范围内”为前提），改按下一个标为首接负责的单位，没有则按最后派给的单位。",
        """units:
  id: units.first_receiving
  credit: first_receiving
  cite: {article: 第六条, text: 涉及多个单位办理的事项，由首接责任单位牵头协调相关单位办理，并按时答复}""",
    ),
    (
        "问责情形读取引擎的认定，并写明自身的后果（`findings`、`consequences`）",
        "常见条文写法：“不当退单的，予以通报，每件扣0.5分”。",
        "条件可读事实 `findings`：本工单引擎认定的问题代码（如 `return.not_allowed` 不当退单、`deadline.breached` 超时），"
        "不必再手工打标记。问责情形可写 `consequences`（通报批评、约谈、扣分、书面说明、责令整改）和每件扣分 `points`。",
        """accountability:
  circumstances:
    - id: circumstance.improper_return
      when: {findings: {has: return.not_allowed}}
      tier: null
      consequences: [通报批评, 扣分]
      points: 0.5
      cite: {article: 示例, text: 不当退单的，予以通报，每件扣0.5分}""",
    ),
    (
        "考核周期与年度成绩的算法（`assessment.periods`、`combine`）",
        "常见条文写法：“按月考核，年度考核成绩为各月考核成绩的平均值”。",
        "`periods` 可写 month、quarter、year，审计按所列周期分别报告；`combine: sum`（默认）把各月分子分母相加，"
        "`combine: mean` 取各月比率的平均；`combine_cite` 写条文原话。",
        """assessment:
  id: assessment.units
  periods: [month, quarter, year]
  combine: mean
  combine_cite: {article: 示例, text: 年度考核成绩为各月考核成绩的平均值}
  cite: {article: 示例, text: 按月考核，季度、年度汇总}""",
    ),
    (
        "重办、催办的次数（`reworks`、`supervisions`）",
        "一份市政府便民服务热线工作制度（网上转载，未载明城市）“四、监督检查制度”第（四）项："
        "“催办两次仍未办理的，由于主观原因重办两次市民仍然不满意的，在《工作简报》上通报批评”。"
        "（本清单原未列出按次数的催办、重办，据此增加。）",
        "事实 `reworks` 是发回重办的次数，`supervisions` 是督办（催办）事件的次数，都可以按次数比较。",
        """accountability:
  circumstances:
    - id: circumstance.urged_twice
      when: {supervisions: {at_least: 2}, completed: false}
      tier: null
      consequences: [circulated_criticism]
      cite: {article: 四, item: （四）, text: 催办两次仍未办理的……在《工作简报》上通报批评}
    - id: circumstance.reworked_twice
      when: {reworks: {at_least: 2}, satisfaction: unsatisfied}
      tier: null
      consequences: [circulated_criticism]
      cite: {article: 四, item: （四）, text: 由于主观原因重办两次市民仍然不满意的，在《工作简报》上通报批评}""",
    ),
    (
        "其他：不予受理的可判断情形、延期后的总时限、中文词",
        "常见条文写法：“涉及国家秘密的不予受理”“延期后办理总时限不超过30个工作日”。",
        "不予受理的情形可写 `when`：符合而仍派单的工单报告 `screening.accepted_anyway`。延期规则的 `max_overall` 限制"
        "连同延期在内、自起算时起的总时限。凡要求写词汇表中词的地方，都可以写它的中文名（`kind: 咨询`、`stops_on: [办结, 答复]`）。"
        "时限、延期、退单规则的条件只能读工单本身的属性，读了办理过程中的事实（超时、退单次数……）会报错 "
        "`condition.fact_not_visible` 并列出可读的事实。",
        """vocabulary:
  tags: {state_secret: 涉及国家秘密}
screening:
  - id: screening.secret
    text: 涉及国家秘密的
    when: {tags: {has: 涉及国家秘密}}
    cite: {article: 示例, text: 涉及国家秘密的不予受理}
extensions:
  - id: extension.capped
    max_overall: 30个工作日
    cite: {article: 示例, text: 延期后办理总时限不超过30个工作日}""",
    ),
    (
        "各次延期合计不超过原时限的倍数",
        "常见条文写法：“可以延期两次，两次延期合计不超过原办理时限”（示例）。",
        "`max_total_factor: 1` 限制同一时限的各次延期合计不超过原时限的1倍，按原时限的单位计："
        "原时限5个工作日，各次延期合计至多5个工作日，即延期后的期限不晚于原期限最后一日之后第5个工作日的24时"
        "（按日历判断，延期按自然日申请也一样）。倍数乘出的不是整数时向下取整，至少为1。"
        "与固定时长的 `max_total`、每次的 `max_each_factor` 可以同时写，各自检查。超出时报告 `extension.too_long`。",
        """extensions:
  - id: extension.twice_together
    max_count: 2
    max_total_factor: 1
    added_to: current_due
    cite: {article: 示例, text: 可以延期两次，两次延期合计不超过原办理时限}""",
    ),
    (
        "争议认定时限停在记录的认定事件",
        "常见条文写法：“争议认定部门应当在1个工作日内反馈认定结果”（示例）。",
        "承办主体认定规则的 `stops_on` 列出停止认定时限的事件，其中任一事件先发生即停止。"
        "不写时为重新派单（`redispatched`）：工单数据里常常只有按认定结果的派发。平台记录认定本身的，"
        "写 `stops_on: [ownership_ruled]`（认定承办主体），派发的耽搁就不计入认定时限。",
        """ownership:
  - id: ownership.ruling
    after_returns: 2
    forum: 联席会议
    duration: 1个工作日
    stops_on: [ownership_ruled]
    cite: {article: 示例, text: 争议认定部门应当在1个工作日内反馈认定结果}""",
    ),
)
"""(title, the regulation's words and where, what it does, YAML): the worked examples of
docs/zh/reference.md; each YAML loads as a profile section (a test checks it)."""


def _v2_examples() -> list[str]:
    out = [
        '<a id="v2-examples"></a>',
        "",
        "## 第二版新增的写法（附条文示例）",
        "",
        "下面每种写法都有一份可以加载的完整示例配置（`tests/data/profiles/lang_v2.yaml`）和显示判定的测试用例"
        "（`tests/data/profiles/tests/lang_v2.test.yaml`）。第一版的配置不用改，判定不变。"
        "标“示例”的条文是常见写法，不是本项目种子文件的原文。",
        "",
    ]
    for title, words, what, yaml_text in V2_EXAMPLES:
        out += [f"### {title}", "", f"条文：{words}", "", what, "", "```yaml", yaml_text, "```", ""]
    return out


if __name__ == "__main__":
    print(markdown(), end="")

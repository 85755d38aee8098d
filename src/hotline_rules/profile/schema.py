"""The profile language: one jurisdiction's regulation as data.

Every section holds rules; every rule has a stable ``id`` and a ``cite``
(article, item, the quoted words). Durations are text (``2个工作日``) and
conditions are structured mappings over documented facts, both checked when
the profile loads. Field descriptions are in Chinese first, for the policy
staff who edit profiles; they also feed the JSON Schema their editor uses.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from datetime import date
from functools import cached_property
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from hotline_rules.profile.conditions import ALWAYS, Condition
from hotline_rules.profile.facts import FACTS, SHARED_VOCABULARIES, STATIC_FACTS, STATIC_SECTIONS
from hotline_rules.profile.fields import (
    Cite,
    ConditionField,
    Model,
    Rule,
    RuleId,
    Word,
    vocabularies,
    word_aliases,
)
from hotline_rules.time.calendar import LocalDay
from hotline_rules.time.deadline import Counting
from hotline_rules.time.duration import DurationText
from hotline_rules.time.office_hours import OfficeHours
from hotline_rules.vocabulary import (
    CLOCKS,
    CONSEQUENCES,
    EVENTS,
    FINDING_CODES,
    PERIODS,
    SUPERVISION_ACTIONS,
    TIERS,
    UNIT_ROLES,
    aliases,
)
from hotline_rules.yaml_source import bilingual

API_VERSION = "hotline_rules/v1"

_EXTENSION_EVENTS = ("extension_requested", "extension_approved", "extension_rejected")

RULE_SECTIONS = (
    "clocks",
    "extensions",
    "returns",
    "ownership",
    "supervision",
    "screening",
    "first_contact",
    "closure_report",
    "kpis",
    "duty_roster",
)
"""Top-level sections that are lists of rules (with ids), in file order."""

ACCOUNTABILITY_RULE_SECTIONS = ("circumstances", "vetoes")
"""Lists of rules inside ``accountability``."""

SINGLE_RULE_SECTIONS = ("assessment", "rework", "units")
"""Top-level sections that are one rule (with an id), not a list."""


# ---- meta, calendar, vocabulary ---------------------------------------------------------


class DocumentRef(Model):
    """The regulation itself."""

    title: str = Field(description="文件标题 / title")
    number: str | None = Field(None, description="文号，如 某政发〔2024〕1号 / document number")
    issued: date | None = Field(None, description="印发日期 / date issued")


class Meta(Model):
    """Who issued what, when it is in force, and where its text is."""

    id: RuleId = Field(
        description="配置编号，与文件名一致，如 citywide / profile id, same as the file name"
    )
    name_zh: str = Field(description="中文名称 / Chinese name")
    name_en: str = Field(description="英文名称 / English name")
    jurisdiction: str = Field(description="适用地区或单位 / jurisdiction")
    issuer: str = Field(description="制发机关 / issuing body")
    document: DocumentRef
    effective_from: date | None = Field(None, description="施行日期 / in force from")
    effective_until: date | None = Field(None, description="废止日期 / in force until")
    source_file: str = Field(description="原文文件名 / file of the source text")
    based_on: tuple[str, ...] = Field((), description="所依据的上位文件 / documents it is based on")
    notes: str | None = Field(
        None, description="关于原文与引用方式的说明 / notes on the source text and how it is cited"
    )


class CalendarSection(Model):
    """Time zone, office hours and local exceptions to the national calendar."""

    zone: str = Field("Asia/Shanghai", description="时区 / IANA time zone")
    office_hours: OfficeHours | None = Field(None, description="办公时间 / office hours")
    local_days_off: tuple[LocalDay, ...] = Field((), description="本地休息日 / local days off")
    local_workdays: tuple[LocalDay, ...] = Field((), description="本地工作日 / local working days")
    notices: tuple[str, ...] = Field(
        (),
        description="另加的放假通知目录（相对本文件）/ extra notice directories, relative to this file",
    )
    allow_estimated: bool = Field(
        False, description="允许按法定节日推定尚无通知的年份 / allow estimated years"
    )
    note: str | None = Field(None, description="取舍说明 / choices made, and why")

    @field_validator("zone")
    @classmethod
    def _zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise bilingual(
                "calendar.unknown_zone", f"未知时区“{v}”", f"unknown time zone '{v}'"
            ) from None
        return v


class Vocabulary(Model):
    """Words this profile adds to the shared vocabulary (word: 中文名)."""

    kinds: dict[Word, str] = Field(default_factory=dict, description="新增诉求类型 / extra kinds")
    urgencies: dict[Word, str] = Field(default_factory=dict)
    complexities: dict[Word, str] = Field(default_factory=dict)
    requesters: dict[Word, str] = Field(default_factory=dict)
    channels: dict[Word, str] = Field(
        default_factory=dict, description="新增来源渠道 / extra channels"
    )
    handlings: dict[Word, str] = Field(default_factory=dict)
    satisfactions: dict[Word, str] = Field(default_factory=dict)
    tags: dict[Word, str] = Field(default_factory=dict, description="新增标记 / extra tags")
    clocks: dict[Word, str] = Field(
        default_factory=dict, description="新增时限名称 / extra clock names"
    )
    events: dict[Word, str] = Field(default_factory=dict, description="新增事件 / extra events")
    supervision_actions: dict[Word, str] = Field(default_factory=dict)
    tiers: dict[Word, str] = Field(default_factory=dict)


def _word_in(vocab_name: str, shared: Mapping[str, str], value: str, info: ValidationInfo) -> str:
    """``value`` if it is a word of the vocabulary, the word if it is one's Chinese name
    (``办结`` -> ``completed``), else an error that suggests the closest word or name."""
    words = vocabularies(info).get(vocab_name)
    if words is None:
        words = frozenset(shared)
    if value in words:
        return value
    names = word_aliases(info).get(vocab_name) or aliases(shared)
    if value in names and names[value] in words:
        return names[value]
    close = difflib.get_close_matches(value, [*words, *names], n=1)
    hint = names.get(close[0], close[0]) if close else None
    raise bilingual(
        f"{vocab_name}.unknown",
        f"“{value}”不在词汇表 {vocab_name} 中"
        + (f"，是不是“{hint}”？" if hint else "")
        + f"（可用：{'、'.join(sorted(words))}）；新词请在 vocabulary.{vocab_name} 中声明",
        f"'{value}' is not in the vocabulary {vocab_name}"
        + (f"; did you mean '{hint}'?" if hint else "")
        + f" (known: {', '.join(sorted(words))}); declare new words under vocabulary.{vocab_name}",
    )


# ---- clocks ---------------------------------------------------------------------------


class ClockRule(Rule):
    """A time limit: which tickets, which event starts and stops it, how long, how counted."""

    clock: str = Field(
        description="时限名称：sign_for、first_contact、completion… / clock name from the vocabulary"
    )
    when: ConditionField = Field(
        default_factory=lambda: ALWAYS, description="适用于哪些工单 / which tickets it applies to"
    )
    starts_on: str = Field("dispatched", description="起算事件 / event that starts it")
    stops_on: tuple[str, ...] = Field(description="停止事件（任一）/ events that stop it (any)")
    stops_when: Literal["any", "all"] = Field(
        "any",
        description="any：任一停止事件发生即停止（默认）；all：所列事件全部发生后才停止，停于最后一个，"
        "如“办理完毕并答复诉求群众” stops_on: [completed, reply_sent] / any: the first stop event stops it; "
        "all: it stops when every one has happened (at the last)",
    )
    duration: DurationText = Field(description="时限 / the limit")
    counting: Counting = Field(Counting(), description="计法 / counting options")
    warn_before: tuple[DurationText, ...] = Field(
        (), description="到期前多久预警，如 [2小时] / warn when this much time is left"
    )
    on_redispatch: Literal["restart", "continue"] = Field(
        "restart", description="重新派单后：restart 新单位重新起算；continue 接续计算"
    )
    pausable: bool = Field(False, description="允许挂起（暂停计时）/ may be paused")
    binding: bool = Field(
        True,
        description="条文为强制时限；“原则上”“尽可能”等为 false，超时记为预警而非违规 / false: a breach is a warning",
    )
    priority: int = Field(
        0,
        description="同一时限有多条规则都适用时，取数值大的 / higher wins when several rules of a clock apply",
    )

    relevant_events: SkipJsonSchema[frozenset[str]] = Field(
        default=frozenset(), exclude=True, repr=False
    )
    """The event types that can change this clock; derived when the profile loads (never written)."""

    @model_validator(mode="after")
    def _inclusive_counts_days(self) -> ClockRule:
        if self.counting.inclusive and self.duration.unit.value not in ("days", "working_days"):
            raise bilingual(
                "counting.inclusive_unit",
                f"“含本数”（inclusive）只用于按日或工作日计的时限，本时限为 {self.duration.zh}",
                f"inclusive counting applies to days and working days only, not {self.duration}",
                at=("counting", "inclusive"),
            )
        if self.stops_when == "all" and len(set(self.stops_on)) < 2:
            raise bilingual(
                "clock.stops_when_all_needs_two",
                "stops_when: all 需要在 stops_on 中列出至少两个不同的事件",
                "stops_when: all needs at least two different events in stops_on",
                at=("stops_when",),
            )
        return self

    @model_validator(mode="after")
    def _derive_relevant_events(self) -> ClockRule:
        types = {self.starts_on, *self.stops_on, *_EXTENSION_EVENTS}
        if self.starts_on == "dispatched":
            types |= {"redispatched", "return_approved"}
        if self.pausable:
            types |= {"paused", "resumed"}
        # a plain attribute (not a pydantic private one): read on the hot path of every ticket
        object.__setattr__(self, "relevant_events", frozenset(types))
        return self

    @field_validator("clock")
    @classmethod
    def _clock(cls, v: str, info: ValidationInfo) -> str:
        return _word_in("clocks", CLOCKS, v, info)

    @field_validator("starts_on")
    @classmethod
    def _start(cls, v: str, info: ValidationInfo) -> str:
        return _word_in("events", EVENTS, v, info)

    @field_validator("stops_on")
    @classmethod
    def _stops(cls, v: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        return tuple(_word_in("events", EVENTS, word, info) for word in v)


# ---- extensions -------------------------------------------------------------------------


class ExtensionRule(Rule):
    """How a unit may ask for more time (延期)."""

    when: ConditionField = Field(
        default_factory=lambda: ALWAYS, description="适用于哪些工单 / which tickets"
    )
    clocks: tuple[str, ...] = Field(("completion",), description="可延长的时限 / clocks it extends")
    max_count: int | None = Field(
        None, ge=0, description="最多延期次数 / most extensions; null = not set"
    )
    max_each: DurationText | None = Field(None, description="每次最长 / longest single extension")
    max_each_factor: float | None = Field(
        None,
        gt=0,
        description="每次不超过原时限的倍数，如 1 表示“不超过规定时限的一倍” / at most this times the original limit",
    )
    choices: tuple[DurationText, ...] = Field(
        (), description="只能从中选择的延期长度 / the allowed lengths"
    )
    max_total: DurationText | None = Field(None, description="累计最长 / longest in total")
    max_total_factor: float | None = Field(
        None,
        gt=0,
        description="各次延期合计不超过原时限的倍数，如 1 表示“两次延期合计不超过原办理时限”；"
        "按原时限的单位计（5个工作日 × 1 = 合计至多5个工作日），判断延期后的期限是否晚于原期限再加这么长 "
        "/ all extensions of one clock together at most this times the original limit, in its unit",
    )
    max_overall: DurationText | None = Field(
        None,
        description="延期后的总办理时限（自时限起算时起）不超过，如“延期后办理总时限不超过30个工作日” "
        "/ the whole limit, extensions included, counted from the clock's start",
    )
    added_to: Literal["original_due", "current_due"] = Field(
        "original_due",
        description="照录条文措辞：“在原办理期限基础上增加”（original_due）或“在当前期限上增加”（current_due）。"
        "两者计法相同：延期都自当时有效的截止时刻起算，而非自批准之日起算 / records the text's wording; "
        "both count the extension on from the due instant in force, never from the approval",
    )
    request_within_limit: bool = Field(
        True, description="须在办结时限内申请 / must be asked before the due instant"
    )
    no_request_within: DurationText | None = Field(
        None,
        description="到期前多久内不再受理延期申请，如 5个工作日 / no request this close to the due instant",
    )
    approval: tuple[str, ...] = Field((), description="审批人/审核环节 / who approves, in order")
    requirements: tuple[str, ...] = Field(
        (), description="其他要求（如书面申请）/ other requirements"
    )

    @model_validator(mode="after")
    def _consistent(self) -> ExtensionRule:
        if self.choices and self.max_each is not None:
            raise bilingual(
                "extension.choices_and_max_each",
                "已列出可选延期长度（choices）时不要再写 max_each",
                "give either choices or max_each, not both",
                at=("max_each",),
            )
        return self


# ---- returns and ownership -----------------------------------------------------------------


class Item(Model):
    """A listed item of a regulation (a reason, a piece of evidence, an element)."""

    id: RuleId
    text: str = Field(description="原文 / the regulation's words")
    required: bool = Field(
        True,
        description="必须提供；“有…的应写明…”这类视情况而定的写 false（列出但不检查）"
        " / false for items the text requires only where they apply (listed, not checked)",
    )


class ForbiddenReturn(Model):
    """A case in which a return is not allowed."""

    id: RuleId
    when: ConditionField = Field(description="何种情况下不得退单 / when a return is not allowed")
    text: str = Field(description="原文 / the regulation's words")


class ReturnRule(Rule):
    """How and when a unit may return (退单/退件) a work order it believes is not its own."""

    when: ConditionField = Field(
        default_factory=lambda: ALWAYS, description="适用于哪些工单 / which tickets"
    )
    window: DurationText | None = Field(None, description="退单申请期限 / time to ask for a return")
    window_starts_on: str = Field(
        "dispatched", description="期限起算事件 / event that starts the window"
    )
    approval: tuple[str, ...] = Field((), description="审核人 / who must approve")
    allowed_reasons: tuple[Item, ...] = Field(
        (), description="可以退单的情形 / reasons a return may give"
    )
    forbidden: tuple[ForbiddenReturn, ...] = Field(
        (), description="不得退单的情形 / when returns are forbidden"
    )
    evidence: tuple[Item, ...] = Field((), description="须提供的材料 / evidence to attach")
    max_returns: int | None = Field(
        None, ge=0, description="每张工单最多退单次数 / most returns per ticket"
    )
    in_principle: bool = Field(
        False,
        description="条文为“原则上”：违反时为预警而非违规 / 'in principle': a breach is a warning",
    )
    missed_window: Literal["deemed_accepted", "late", "none"] = Field(
        "none",
        description="逾期未退：deemed_accepted 视作接单；late 记为逾期 / what a missed window means",
    )
    clock_on_redispatch: Literal["restart", "continue"] = Field(
        "restart",
        description="照录条文：改派后新承办单位时限重新起算（restart）或接续（continue）；"
        "计时以各时限规则的 on_redispatch 为准，两者应一致 / records the text; the clocks' "
        "own on_redispatch decides",
    )
    requirements: tuple[str, ...] = Field((), description="其他要求 / other requirements")

    @field_validator("window_starts_on")
    @classmethod
    def _start(cls, v: str, info: ValidationInfo) -> str:
        return _word_in("events", EVENTS, v, info)


class OwnershipRule(Rule):
    """When a disputed ticket goes to a ruling on who owns it (联席会议认定), and how fast."""

    after_returns: int = Field(
        ge=1, description="退单达到几次（含）时启动认定 / returns that trigger it"
    )
    forum: str = Field(description="认定方式，如 联席会议 / who rules")
    starts_on: str = Field(
        "return_approved",
        description="认定时限的起算事件（默认为第N次退单获批时）/ event that starts the ruling's clock",
    )

    stops_on: tuple[str, ...] = Field(
        ("redispatched",),
        description="认定时限的停止事件，其中任一事件先发生即停止。默认为重新派单（redispatched）："
        "认定结果的第一个可见痕迹是按认定结果派发；平台记录认定本身的，写 [ownership_ruled]（认定承办主体）"
        " / events that stop the ruling's clock (the first one counts); by default the re-dispatch "
        "that carries the ruling out",
    )

    @field_validator("starts_on")
    @classmethod
    def _start(cls, v: str, info: ValidationInfo) -> str:
        return _word_in("events", EVENTS, v, info)

    @field_validator("stops_on")
    @classmethod
    def _stops(cls, v: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if not v:  # a ruling clock nothing can stop would be late on every ticket
            raise bilingual(
                "ownership.no_stop_event",
                "stops_on 至少列出一个停止认定时限的事件（不写则为 redispatched）",
                "stops_on needs at least one event that stops the ruling's clock "
                "(leave it out for redispatched)",
            )
        return tuple(_word_in("events", EVENTS, word, info) for word in v)

    duration: DurationText | None = Field(None, description="反馈认定结果的时限 / time to rule")
    outcome: str | None = Field(None, description="认定后的处理 / what follows")


# ---- supervision, screening, contact, closure -------------------------------------------


class SupervisionTrigger(Rule):
    """A case the office must supervise (督办), and how."""

    when: ConditionField = Field(description="触发条件 / when it triggers")
    actions: tuple[str, ...] = Field(
        description="督办方式：urge 催办、supervision_notice 督办通知书… / actions"
    )
    by: str | None = Field(None, description="由谁督办 / who supervises")
    judgement: bool = Field(
        False,
        description="条件需人工认定（如“其他需要督办的事项”）/ the condition needs human judgement",
    )

    @field_validator("actions")
    @classmethod
    def _actions(cls, v: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        return tuple(_word_in("supervision_actions", SUPERVISION_ACTIONS, word, info) for word in v)


class ScreeningReason(Rule):
    """A reason not to accept a request at all (不予受理)."""

    text: str = Field(description="不予受理的情形 / the reason, in the regulation's words")
    when: ConditionField | None = Field(
        None,
        description="可由工单事实判断的情形（如 tags: {has: state_secret}）：符合而仍派单办理的，"
        "报告 screening.not_acceptable；不写则只按工单的 screening_reason 判断 / when the facts show "
        "the case: a ticket that matches and was dispatched all the same is reported",
    )


class FirstContactRule(Rule):
    """First contact with the requester: retries and the fallback when nobody answers."""

    when: ConditionField = Field(
        default_factory=lambda: ALWAYS, description="适用于哪些工单 / which tickets"
    )
    clock: str = Field("first_contact", description="计时所用的时限名称 / the clock that times it")
    retry_min_interval: DurationText | None = Field(
        None, description="两次尝试联系的最短间隔 / shortest gap between attempts"
    )
    fallback: Literal["sms", "none"] = Field(
        "none", description="始终联系不上时：sms 发送短信告知 / fallback"
    )
    binding: bool = Field(
        True,
        description="条文为强制（false 表示“建议”，违反时仅提示）/ false when the text only recommends",
    )


class ClosureReportRule(Rule):
    """What a closure report (办结报告) must contain."""

    when: ConditionField = Field(
        default_factory=lambda: ALWAYS, description="适用于哪些工单 / which tickets"
    )
    elements: tuple[Item, ...] = Field(min_length=1, description="必备内容 / required elements")


# ---- accountability, KPIs, assessment, duty ----------------------------------------------


class Threshold(Model):
    """How many matching tickets per period make a circumstance fire."""

    count: int = Field(ge=1, description="件数（含本数）/ count, inclusive")
    period: str = Field(description="统计周期：month、year… / period")

    @field_validator("period")
    @classmethod
    def _period(cls, v: str) -> str:
        if v not in PERIODS:
            raise bilingual(
                "period.unknown",
                f"不认识的统计周期“{v}”（可用：{'、'.join(PERIODS)}）",
                f"unknown period '{v}' (known: {', '.join(PERIODS)})",
            )
        return v


class Circumstance(Rule):
    """A circumstance that calls for accountability (问责情形), with its tier."""

    when: ConditionField = Field(description="哪些工单计入 / which tickets count")
    threshold: Threshold | None = Field(None, description="每周期达到多少件 / per-period threshold")
    tier: str | None = Field(
        description="问责等次：general、aggravated…；条文未规定时写 null / tier, null if the text sets none"
    )
    applies_to: Literal["unit", "staff", "both"] = Field(
        "both", description="对单位、个人或两者 / who"
    )
    judgement: bool = Field(False, description="需人工认定 / needs human judgement")
    consequences: tuple[str, ...] = Field(
        (),
        description="本情形自身的后果：circulated_criticism 通报批评、interview 约谈、points_deducted 扣分… "
        "/ what follows this circumstance itself",
    )
    points: float | None = Field(
        None,
        gt=0,
        description="每件扣多少分（consequences 含 points_deducted 时）/ points deducted per ticket",
    )

    @field_validator("consequences")
    @classmethod
    def _consequences(cls, v: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        return tuple(_word_in("consequences", CONSEQUENCES, word, info) for word in v)

    @model_validator(mode="after")
    def _points_need_deduction(self) -> Circumstance:
        if (self.points is not None) != ("points_deducted" in self.consequences):
            raise bilingual(
                "circumstance.points_without_deduction",
                "points（扣分分值）与 consequences 中的 points_deducted（扣分）须同时写或同时不写",
                "points and points_deducted in consequences go together",
                at=("points",),
            )
        return self

    @field_validator("tier")
    @classmethod
    def _tier(cls, v: str | None, info: ValidationInfo) -> str | None:
        return None if v is None else _word_in("tiers", TIERS, v, info)


class VetoRule(Rule):
    """One-vote veto (一票否决): conduct that fails the unit's assessment outright."""

    when: ConditionField = Field(description="触发条件 / when it applies")
    consequence: str = Field(description="后果 / consequence")
    judgement: bool = Field(True, description="需人工认定 / needs human judgement")


class Accountability(Model):
    """Accountability (问责): tiers, methods, circumstances, vetoes."""

    tiers: tuple[str, ...] = Field((), description="条文列出的问责等次 / tiers the text names")
    tiers_cite: Cite | None = None
    unit_methods: tuple[str, ...] = Field((), description="对单位的问责方式 / methods for units")
    staff_methods: tuple[str, ...] = Field(
        (), description="对工作人员的问责方式 / methods for staff"
    )
    methods_cite: Cite | None = None
    circumstances: tuple[Circumstance, ...] = Field((), description="问责情形 / circumstances")
    vetoes: tuple[VetoRule, ...] = Field((), description="一票否决 / one-vote vetoes")
    note: str | None = Field(None, description="取舍说明 / choices made, and why")


class Kpi(Rule):
    """A rate the office ranks units by: numerator tickets over denominator tickets."""

    name_zh: str
    name_en: str
    numerator: ConditionField = Field(description="分子：哪些工单 / tickets counted above the line")
    denominator: ConditionField = Field(
        default_factory=lambda: ALWAYS,
        description="分母：哪些工单 / tickets counted below the line",
    )
    higher_is_better: bool = True
    defined_by_regulation: bool = Field(
        False,
        description="条文是否给出计算口径（否则为本配置的口径，见 note）/ does the text define it",
    )
    needs_clocks: tuple[str, ...] = Field(
        (),
        description="计算本指标所需的时限（如 [completion]）；配置中没有这些时限时，本指标报告为“无法计算”，"
        "而不是 100% / clocks the KPI needs: without them it is reported as not computable, never as 100%",
    )

    @field_validator("needs_clocks")
    @classmethod
    def _needs(cls, v: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        return tuple(_word_in("clocks", CLOCKS, word, info) for word in v)


class Grade(Model):
    """An assessment grade, with its lower bound when the regulation sets one."""

    name: str
    min_score: float | None = Field(
        None, description="最低分；条文未规定时为 null / lower bound, null if not set"
    )
    consequences: tuple[str, ...] = Field((), description="后果 / what follows")


ASSESSMENT_PERIODS = ("month", "quarter", "year")
"""The periods an assessment may be made over (the audit reports each one the profile names)."""


class Assessment(Rule):
    """How units are assessed (考核): periods, how months make a year, scale, grades."""

    periods: tuple[Literal["month", "quarter", "year"], ...] = Field(
        (),
        description="考核周期：month 月度、quarter 季度、year 年度；审计按所列周期分别报告 / periods the audit reports",
    )
    combine: Literal["sum", "mean"] = Field(
        "sum",
        description="季度、年度指标如何由各月得出：sum 各月分子分母相加（默认，即全年工单合计）；"
        "mean 各月比率的平均数（条文写“各月平均”时）/ how a quarter or a year is made of its months: "
        "sum the months' counts (default) or average the months' rates",
    )
    combine_cite: Cite | None = Field(
        None, description="combine 的依据（条文原话）/ where the text says how months combine"
    )
    scale: str | None = Field(None, description="计分方式，如 百分制 / scale")
    metrics: tuple[RuleId, ...] = Field(
        (), description="考核所用指标（kpis 中的 id）/ KPI ids used"
    )
    grades: tuple[Grade, ...] = Field((), description="等次 / grades")
    thresholds_set: bool = Field(
        False,
        description="条文是否给出等次分数线；否则不得编造 / whether the text sets grade thresholds",
    )

    @model_validator(mode="after")
    def _no_invented_thresholds(self) -> Assessment:
        if not self.thresholds_set and any(g.min_score is not None for g in self.grades):
            raise bilingual(
                "assessment.invented_threshold",
                "条文未规定分数线（thresholds_set: false），不能填写 min_score",
                "the text sets no thresholds (thresholds_set: false); min_score must stay empty",
                at=("grades",),
            )
        return self


class DutyWindow(Rule):
    """A duty roster window (值班): from-to clock times, which days."""

    name: str
    start: str = Field(
        alias="from", pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="开始 HH:MM / start"
    )
    end: str = Field(
        alias="to", pattern=r"^([01]\d|2[0-4]):[0-5]\d$", description="结束 HH:MM / end"
    )
    next_day: bool = Field(False, description="结束于次日 / ends the next day")
    days: Literal["every_day", "working_days"] = Field(
        "every_day", description="哪些日子 / which days"
    )
    who: str | None = Field(None, description="值班人员 / who is on duty")


class Unencoded(Model):
    """An article that sets no checkable rule, and why it is not encoded."""

    article: str
    reason: str = Field(description="不编码的理由 / why it is not encoded")


# ---- rework, unit roles -----------------------------------------------------------------

_NOT_A_REWORK = frozenset(
    {"received", "dispatched", "redispatched", "completed", "reply_sent", "revisit"}
)


class Rework(Rule):
    """Rework (发回重办): an order sent back starts a new round of its clocks and facts."""

    event: str = Field(
        "reopened",
        description="发回重办的事件（默认 reopened 重新办理）/ the event that sends the order back",
    )
    clocks: tuple[str, ...] = Field(
        ("completion",),
        description="重办时重新起算的时限 / clocks that start a new round at the event",
    )
    duration: DurationText | None = Field(
        None,
        description="重办时限；不写则与原时限相同 / the new round's limit (default: the clock's own)",
    )

    @field_validator("event")
    @classmethod
    def _event(cls, v: str, info: ValidationInfo) -> str:
        v = _word_in("events", EVENTS, v, info)
        if v in _NOT_A_REWORK:
            raise bilingual(
                "rework.event_taken",
                f"事件“{v}”已有固定含义，不能作为发回重办的事件（可用 reopened 或自行声明的事件）",
                f"'{v}' already means something else; it cannot mark a rework (use reopened or an event of your own)",
            )
        return v

    @field_validator("clocks")
    @classmethod
    def _clocks(cls, v: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        return tuple(_word_in("clocks", CLOCKS, word, info) for word in v)


class UnitCredit(Rule):
    """Which unit a ticket's KPIs and breaches are credited to (主办、协办、首接负责)."""

    credit: Literal["last_dispatched", "lead", "first_receiving"] = Field(
        "last_dispatched",
        description="计入哪个单位：last_dispatched 最后派给的单位（v1 的做法）、lead 主办单位、"
        "first_receiving 首接负责单位；派单事件以 role 标明角色 / the unit credited",
    )


# ---- the profile ------------------------------------------------------------------------

_STATIC = frozenset(STATIC_FACTS)
_SECTION_ZH = {"clocks": "时限", "extensions": "延期", "returns": "退单"}


def _not_visible(
    section: str, rule_id: str, unseen: list[str], at: tuple[str | int, ...]
) -> Exception:
    may_zh = "、".join(f"{f}（{FACTS[f].zh}）" for f in STATIC_FACTS)
    shown_zh = "、".join(f"{f}（{FACTS[f].zh}）" for f in unseen)
    return bilingual(
        "condition.fact_not_visible",
        f"{_SECTION_ZH[section]}规则“{rule_id}”的条件读取了 {shown_zh}：这类规则按工单本身的属性选用，"
        f"那时这些事实还不存在，条件永远不会按所写的成立。可读的事实：{may_zh}；"
        "按办理情况（超时、退单次数等）的要求请写在督办、问责等章节",
        f"the condition of {section} rule '{rule_id}' reads {', '.join(unseen)}, which does not "
        f"exist yet when such a rule is chosen: it could never hold as written. It may read: "
        f"{', '.join(STATIC_FACTS)}; put conditions on what happened in supervision or accountability",
        at=at,
    )


class Profile(Model):
    """One jurisdiction's regulation, as policy staff encode it."""

    api_version: Literal["hotline_rules/v1"] = Field(
        alias="apiVersion", description="固定为 hotline_rules/v1"
    )
    extends: str | None = Field(None, description="在哪个配置的基础上修改 / base profile")
    meta: Meta
    calendar: CalendarSection = Field(CalendarSection())
    vocabulary: Vocabulary = Field(Vocabulary())
    clocks: tuple[ClockRule, ...] = Field((), description="时限 / time limits")
    extensions: tuple[ExtensionRule, ...] = Field((), description="延期 / extensions")
    returns: tuple[ReturnRule, ...] = Field((), description="退单 / returns")
    ownership: tuple[OwnershipRule, ...] = Field(
        (), description="承办主体争议认定 / ownership rulings"
    )
    supervision: tuple[SupervisionTrigger, ...] = Field(
        (), description="督办 / supervision triggers"
    )
    screening: tuple[ScreeningReason, ...] = Field((), description="不予受理 / screening reasons")
    first_contact: tuple[FirstContactRule, ...] = Field((), description="先行联系 / first contact")
    closure_report: tuple[ClosureReportRule, ...] = Field(
        (), description="办结报告 / closure report"
    )
    accountability: Accountability = Field(Accountability(), description="问责 / accountability")
    kpis: tuple[Kpi, ...] = Field((), description="指标 / KPIs")
    assessment: Assessment | None = Field(None, description="考核 / assessment")
    duty_roster: tuple[DutyWindow, ...] = Field((), description="值班 / duty roster")
    rework: Rework | None = Field(None, description="发回重办 / rework")
    units: UnitCredit | None = Field(
        None, description="单位角色与计入单位 / unit roles and the unit credited"
    )
    unencoded: tuple[Unencoded, ...] = Field(
        (), description="未编码的条文及理由 / articles not encoded, and why"
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> Profile:
        seen: dict[str, str] = {}
        for section, rule in self.rules():
            if rule.id in seen:
                raise bilingual(
                    "profile.duplicate_rule_id",
                    f"规则编号“{rule.id}”重复（{seen[rule.id]} 与 {section}）",
                    f"rule id '{rule.id}' is used twice ({seen[rule.id]} and {section})",
                    at=(section.split("[")[0],),
                )
            seen[rule.id] = section
        return self

    @model_validator(mode="after")
    def _conditions_read_what_their_rule_sees(self) -> Profile:
        """A clock, extension or return condition reads the ticket's attributes only: a fact of
        what happened since (overdue, returns...) does not exist when such a rule is chosen, so
        the condition could never hold as written. Refused, naming the facts it may read."""
        for section in STATIC_SECTIONS:
            for i, rule in enumerate(getattr(self, section)):
                sites: list[tuple[tuple[str | int, ...], Condition]] = [
                    ((section, i, "when"), rule.when)
                ]
                if isinstance(rule, ReturnRule):
                    sites += [
                        ((section, i, "forbidden", j, "when"), case.when)
                        for j, case in enumerate(rule.forbidden)
                    ]
                for at, condition in sites:
                    unseen = sorted(condition.facts_used - _STATIC)
                    if unseen:
                        raise _not_visible(section, rule.id, unseen, at)
        return self

    @model_validator(mode="after")
    def _rework_restarts_clocks_it_has(self) -> Profile:
        if self.rework is not None:
            have = {c.clock for c in self.clocks}
            for i, clock in enumerate(self.rework.clocks):
                if clock not in have:
                    raise bilingual(
                        "rework.no_such_clock",
                        f"发回重办要重新起算的时限“{clock}”在本配置的 clocks 中没有规则",
                        f"rework restarts the clock '{clock}', which no rule of clocks sets",
                        at=("rework", "clocks", i),
                    )
        return self

    def rules(self) -> list[tuple[str, Rule]]:
        """Every rule with the section it is in, in file order."""
        out: list[tuple[str, Rule]] = []
        for name in RULE_SECTIONS:
            out.extend((name, r) for r in getattr(self, name))
        out.extend(("accountability.circumstances", r) for r in self.accountability.circumstances)
        out.extend(("accountability.vetoes", r) for r in self.accountability.vetoes)
        if self.assessment is not None:
            out.append(("assessment", self.assessment))
        if self.rework is not None:
            out.append(("rework", self.rework))
        if self.units is not None:
            out.append(("units", self.units))
        return out

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with ``rule_id``, if any: a lookup, for ``explain`` and the reports ask it
        for every clock and finding (a scan each time made a big profile's explain quadratic)."""
        return self._rules_by_id.get(rule_id)

    @cached_property
    def _rules_by_id(self) -> dict[str, Rule]:
        by_id: dict[str, Rule] = {}
        for _, r in self.rules():
            by_id.setdefault(r.id, r)  # ids are unique (``_unique_ids``); the first, as a scan
        return by_id

    def word_names(self) -> dict[str, str]:
        """Every word this profile may use, with its Chinese name (shared words and its own)."""
        names: dict[str, str] = {}
        for words in (
            *SHARED_VOCABULARIES.values(),
            CLOCKS,
            EVENTS,
            SUPERVISION_ACTIONS,
            TIERS,
            PERIODS,
            CONSEQUENCES,
            UNIT_ROLES,
            FINDING_CODES,
        ):
            names.update(words)
        for field_name in Vocabulary.model_fields:
            names.update(getattr(self.vocabulary, field_name))
        return names

    def clocks_named(self, clock: str) -> list[ClockRule]:
        """Every clock rule of a vocabulary clock (``completion``), highest priority first."""
        return sorted((c for c in self.clocks if c.clock == clock), key=lambda c: -c.priority)


__all__ = [
    "ACCOUNTABILITY_RULE_SECTIONS",
    "API_VERSION",
    "ASSESSMENT_PERIODS",
    "RULE_SECTIONS",
    "SINGLE_RULE_SECTIONS",
    "Accountability",
    "Assessment",
    "CalendarSection",
    "Circumstance",
    "ClockRule",
    "ClosureReportRule",
    "Condition",
    "DocumentRef",
    "DutyWindow",
    "ExtensionRule",
    "FirstContactRule",
    "ForbiddenReturn",
    "Grade",
    "Item",
    "Kpi",
    "Meta",
    "OwnershipRule",
    "Profile",
    "ReturnRule",
    "Rework",
    "ScreeningReason",
    "SupervisionTrigger",
    "Threshold",
    "Unencoded",
    "UnitCredit",
    "VetoRule",
    "Vocabulary",
]

"""The test-suite language: a profile's cases, written by policy staff beside the profile.

A suite file (``profiles/tests/<profile>.test.yaml``) names its profile, holds
named ticket fixtures and a list of cases. Each case asks one question (a
ticket at an instant, "may it be returned or extended now?", an audit of some
tickets, who is on duty at an instant) and states only the expectations it
cares about. Keys are English like the profile's; names, values and
descriptions are Chinese. Field descriptions feed the JSON Schema the editor
uses (``profiles/schema/test.schema.json``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

from hotline_rules.engine.results import ClockState, Severity
from hotline_rules.engine.ticket import Event
from hotline_rules.profile.fields import RuleId
from hotline_rules.time.duration import DurationText
from hotline_rules.yaml_source import bilingual

API_VERSION = "hotline_rules/test/v1"


class Model(BaseModel):
    """Base of every suite model: frozen, unknown keys refused (a typo is an error, not a no-op)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def _instant(value: Any) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise bilingual(
                "suite.bad_instant",
                f"无法识别的时间“{value}”，应写作 2026-10-14T09:00:00+08:00",
                f"cannot read the instant '{value}'; write 2026-10-14T09:00:00+08:00",
            ) from None
    if isinstance(value, date) and not isinstance(value, datetime):
        raise bilingual(
            "suite.bad_instant",
            f"这里要写时刻而不是日期：{value}（如 {value}T00:00:00+08:00）",
            f"an instant is needed here, not a date: {value} (e.g. {value}T00:00:00+08:00)",
        )
    if not isinstance(value, datetime):
        raise bilingual(
            "suite.bad_instant",
            f"应为时刻（如 2026-10-14T09:00:00+08:00），实际为：{value!r}",
            f"expected an instant (like 2026-10-14T09:00:00+08:00); found: {value!r}",
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise bilingual(
            "suite.naive_instant",
            f"时间 {value.isoformat()} 没有时区，不能猜测（应写作 {value.isoformat()}+08:00）",
            f"the instant {value.isoformat()} has no offset and is never guessed "
            f"(write {value.isoformat()}+08:00)",
        )
    return value


Instant = Annotated[
    datetime,
    PlainValidator(_instant),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "时刻，ISO 8601 带时区，如 2026-10-14T00:00:00+08:00 / an instant with its offset",
            "examples": ["2026-10-14T00:00:00+08:00"],
        }
    ),
]
"""An instant with its offset; a naive one is refused, never guessed."""


def _period(value: Any) -> str:
    text = str(value)
    if isinstance(value, bool) or not text[:4].isdigit():
        raise bilingual(
            "suite.bad_period",
            f"统计期间应写作 2026 或 2026-10，实际为：{value!r}",
            f"a period is written 2026 or 2026-10; found: {value!r}",
        )
    return text


Period = Annotated[
    str,
    PlainValidator(_period),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "description": "期间：年（2026）或月（2026-10）/ a year or a month",
            "examples": ["2026-10", 2026],
        }
    ),
]

# ---- fixtures -------------------------------------------------------------------------------


class TicketFixture(Model):
    """A work order as in ``examples/tickets/*.json``; ``id`` defaults to the fixture's name."""

    id: str | None = Field(
        None, description="工单编号；省略时用夹具名称 / ticket id, default: the fixture name"
    )
    kind: str | None = Field(None, description="诉求类型 / kind")
    urgency: str | None = None
    complexity: str | None = None
    channel: str | None = None
    requester: str | None = None
    handling: str | None = None
    tags: tuple[str, ...] = Field((), description="标记 / tags")
    repeat_count: int = Field(1, ge=0, description="同一问题来电次数 / times raised")
    screening_reason: str | None = Field(
        None, description="不予受理的理由编号 / screening reason id"
    )
    personal: dict[str, str] | None = None
    events: tuple[Event, ...] = Field((), description="事件 / events")


class TicketPatch(Model):
    """Attributes a case changes on its fixture (``set:``); events are added with ``events_add``."""

    id: str | None = None
    kind: str | None = None
    urgency: str | None = None
    complexity: str | None = None
    channel: str | None = None
    requester: str | None = None
    handling: str | None = None
    tags: tuple[str, ...] | None = Field(None, description="替换全部标记 / replaces all tags")
    repeat_count: int | None = Field(None, ge=0)
    screening_reason: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_events(cls, data: Any) -> Any:
        """``set: {events: ...}`` is the natural guess; say where events go instead."""
        if isinstance(data, dict) and "events" in data:
            fields = "、".join(cls.model_fields)
            raise bilingual(
                "suite.set_events",
                f"set 只修改工单的属性（{fields}），不能写 events；"
                "要给夹具追加事件，请在用例中写 events_add（与 set 同级）",
                f"set changes the ticket's attributes ({', '.join(cls.model_fields)}), not events; "
                "to add events to the fixture, write events_add in the case (beside set)",
                at=("events",),
                at_key=True,
            )
        return data


class Fixtures(Model):
    """Named things cases refer to."""

    tickets: dict[str, TicketFixture] = Field(
        default_factory=dict, description="工单夹具，键为名称 / tickets by name"
    )


# ---- what a case asks ---------------------------------------------------------------------------


class AskReturn(Model):
    """May the unit ask to return the ticket (退单) at ``at``?"""

    at: Instant
    reason: str | None = Field(None, description="退单理由编号 / reason id")
    evidence: tuple[str, ...] = Field((), description="所附材料编号 / evidence ids")


class AskExtend(Model):
    """May the unit ask for ``length`` more time (延期) at ``at``?"""

    at: Instant
    length: DurationText


class Ask(Model):
    """A question asked before acting; exactly one of ``return``, ``extend``, ``on_duty``."""

    return_: AskReturn | None = Field(
        None, alias="return", description="可否退单 / may it be returned"
    )
    extend: AskExtend | None = Field(None, description="可否延期 / may it be extended")
    on_duty: Instant | None = Field(
        None, description="此刻哪些值班时段在岗 / which duty windows cover this instant"
    )

    @model_validator(mode="after")
    def _one(self) -> Ask:
        asked = [k for k in ("return_", "extend", "on_duty") if getattr(self, k) is not None]
        if len(asked) != 1:
            raise bilingual(
                "suite.ask_one",
                "ask 下应恰好写一项：return、extend 或 on_duty",
                "ask takes exactly one of return, extend, on_duty",
            )
        return self


class AuditTicket(Model):
    """A fixture counted in an audit, optionally changed, optionally several times."""

    ticket: str = Field(description="夹具名称 / fixture name")
    set_: TicketPatch | None = Field(None, alias="set", description="修改属性 / attributes changed")
    events_add: tuple[Event, ...] = Field((), description="追加事件 / events added")
    times: int = Field(1, ge=1, le=1000, description="计入几张（编号加 #2、#3…）/ how many copies")


class Audit(Model):
    """Audit some fixtures together: KPIs, accountability and assessment are judged over many tickets."""

    tickets: tuple[str | AuditTicket, ...] = Field(
        min_length=1, description="夹具名称，或 {ticket, set, events_add, times} / fixtures audited"
    )
    period: Period | None = Field(None, description="只统计该期间受理的工单 / period audited")


# ---- expectations --------------------------------------------------------------------------------


class ClockExpect(Model):
    """A clock that must be there, with the fields given (others are not checked)."""

    rule: RuleId = Field(description="时限规则编号 / clock rule id")
    unit: str | None = Field(None, description="承办单位 / unit")
    state: ClockState | None = Field(
        None, description="not_started、running、paused、met、breached"
    )
    start: Instant | None = Field(None, description="起算时刻 / start")
    due: Instant | None = Field(None, description="截止时刻（含延期）/ due, extensions included")
    original_due: Instant | None = Field(
        None, description="延期前的截止时刻 / due before extensions"
    )
    stopped_at: Instant | None = Field(None, description="停止计时的时刻 / when it stopped")
    warning: bool | None = Field(None, description="已进入预警 / in its warning period")
    round: int | None = Field(
        None,
        ge=1,
        description="第几轮：同一规则的第几个时限（发回重办后第二轮为 2）/ which of the rule's clocks, "
        "in order (the second round after a rework is 2)",
    )
    rework: RuleId | None = Field(
        None,
        description="发回重办规则编号：这一轮由该规则的事件（如 reopened）起算 / the rework rule "
        "whose event started this round",
    )
    absent: bool = Field(
        False,
        description="true：该工单不应有这个时限（不能再写其他字段）/ the clock must not exist",
    )

    @model_validator(mode="after")
    def _absent_alone(self) -> ClockExpect:
        if self.absent and self.model_fields_set - {"rule", "absent", "unit", "round"}:
            raise bilingual(
                "suite.absent_with_fields",
                "absent: true 表示没有这个时限，不能再写 state、due 等字段",
                "absent: true means there is no such clock; state, due, ... cannot be given",
            )
        return self


class UnitsExpect(Model):
    """Which unit the ticket is credited to (计入单位), as the audit credits its KPIs and breaches."""

    rule: RuleId | None = Field(
        None,
        description="计入单位规则编号（配置 units 的 id）；不写则只检查计入的单位 / the profile's "
        "units rule (omit to check the unit only)",
    )
    unit: str | None = Field(
        description="计入的单位；null 表示从未派单、不计入任何单位 / the unit credited (null: "
        "never dispatched)",
    )


class FindingExpect(Model):
    """A finding pattern: every field given must match."""

    code: str | None = Field(None, description="发现代码，如 deadline.breached / finding code")
    rule: RuleId | None = Field(None, description="规则编号 / rule id")
    unit: str | None = Field(None, description="所涉单位 / unit of its evidence")
    severity: Severity | None = Field(None, description="info、warning、violation")

    @model_validator(mode="after")
    def _something(self) -> FindingExpect:
        if self.code is None and self.rule is None and self.severity is None:
            raise bilingual(
                "suite.empty_finding",
                "至少写 code、rule、severity 之一",
                "give at least one of code, rule, severity",
            )
        return self


class FindingsExpect(Model):
    """Findings that must appear (``include``) and must not (``exclude``)."""

    include: tuple[FindingExpect, ...] = Field((), description="必须出现 / must appear")
    exclude: tuple[FindingExpect, ...] = Field((), description="不得出现 / must not appear")


class AnswerExpect(Model):
    """The answer to the case's ``ask: {return|extend}``."""

    allowed: bool | None = Field(None, description="是否允许 / allowed")
    rule: RuleId | None = Field(None, description="作答所依据的规则 / rule that answers")
    new_due: Instant | None = Field(
        None, description="延期后的截止时刻（extend）/ due after the extension"
    )
    window_due: Instant | None = Field(
        None, description="退单申请期限（return）/ end of the return window"
    )
    findings: FindingsExpect | None = Field(
        None, description="答复中的发现 / findings of the answer"
    )


class KpiExpect(Model):
    """A KPI's numerator and denominator over the audited tickets (of a unit, a period)."""

    rule: RuleId
    unit: str | None = None
    period: Period | None = None
    numerator: int | None = Field(None, ge=0)
    denominator: int | None = Field(None, ge=0)
    rate: float | None = Field(
        None,
        ge=0,
        le=1,
        description="比率（0 到 1）；期间为年（2026）或季度（2026-Q1）时按配置 assessment.combine 由各月得出 "
        "/ the rate; for a year or a quarter, made of the months as the profile's combine says",
    )
    computable: bool | None = Field(
        None,
        description="本配置能否计算该指标；false 时不得再写分子、分母、比率（无法计算不是 0/0）"
        " / whether the profile can compute it; with false, no numerator, denominator or rate",
    )

    @model_validator(mode="after")
    def _no_figure_for_what_cannot_be_computed(self) -> KpiExpect:
        _no_figures(self.computable, self.numerator, self.denominator, self.rate)
        return self


def _no_figures(computable: bool | None, *figures: object) -> None:
    """A KPI expected not computable has no figure to expect: writing 0/0 for it would say the
    opposite of what the case means (a figure the text does not define is not a measured 0)."""
    if computable is False and any(f is not None for f in figures):
        raise bilingual(
            "suite.kpi_not_computable",
            "写了 computable: false（本配置无法计算该指标），就不能再写分子、分母或比率",
            "computable: false (the profile cannot compute this KPI) takes no numerator,"
            " denominator or rate",
        )


class FiredExpect(Model):
    """Whether an accountability circumstance or veto fires (for a unit, in a period)."""

    rule: RuleId
    unit: str | None = None
    period: Period | None = None
    fired: bool = Field(True, description="是否触发 / fires")
    count: int | None = Field(None, ge=0, description="计入的工单数 / tickets counted")


class MetricExpect(Model):
    """A metric of the assessment, summed over the audited tickets, or not computable at all."""

    numerator: int | None = Field(None, ge=0)
    denominator: int | None = Field(None, ge=0)
    computable: bool | None = Field(
        None, description="本配置能否计算该指标 / whether the profile can compute it"
    )

    @model_validator(mode="after")
    def _figures_or_not_computable(self) -> MetricExpect:
        _no_figures(self.computable, self.numerator, self.denominator)
        if self.computable is not False and (self.numerator is None or self.denominator is None):
            raise bilingual(
                "suite.metric_incomplete",
                "考核指标须写分子和分母（numerator、denominator），或写 computable: false",
                "an assessment metric needs numerator and denominator, or computable: false",
            )
        return self


class AssessmentExpect(Model):
    """What the assessment (考核) of a unit rests on."""

    rule: RuleId
    unit: str | None = None
    metrics: dict[RuleId, MetricExpect] = Field(
        default_factory=dict, description="考核所用指标的分子分母 / metrics used"
    )
    graded: bool | None = Field(
        None,
        description="能否评定等次（条文给出分数线时才能）/ whether a grade can be given (thresholds set)",
    )


class Expect(Model):
    """Only what the case cares about; anything not written is not checked."""

    clocks: tuple[ClockExpect, ...] = Field((), description="时限 / clocks")
    findings: FindingsExpect | None = Field(None, description="发现 / findings")
    facts: dict[str, Any] | None = Field(None, description="事实，如 overdue: true / facts")
    answer: AnswerExpect | None = Field(None, description="ask 的答复 / the answer")
    on_duty: tuple[RuleId, ...] | None = Field(
        None, description="恰好这些值班时段在岗（可为空列表）/ exactly these duty windows"
    )
    kpis: tuple[KpiExpect, ...] = Field((), description="指标（audit）/ KPIs")
    circumstances: tuple[FiredExpect, ...] = Field((), description="问责情形（audit）")
    vetoes: tuple[FiredExpect, ...] = Field((), description="一票否决（audit）")
    assessment: AssessmentExpect | None = Field(None, description="考核（audit）")
    units: UnitsExpect | None = Field(
        None, description="计入单位（工单用例）/ the unit the ticket is credited to"
    )

    def is_empty(self) -> bool:
        f = self.findings
        return (
            not self.clocks
            and (f is None or (not f.include and not f.exclude))
            and not self.facts
            and self.answer is None
            and self.on_duty is None
            and not self.kpis
            and not self.circumstances
            and not self.vetoes
            and self.assessment is None
            and self.units is None
        )


# ---- case and suite ------------------------------------------------------------------------------


class Case(Model):
    """One question with its expected answer."""

    name: str = Field(min_length=1, description="用例名称，在本文件内唯一 / unique case name")
    description: str | None = Field(None, description="说明，如依据的条文和手算过程 / notes")
    ticket: str | None = Field(None, description="工单夹具名称 / fixture name")
    set_: TicketPatch | None = Field(
        None, alias="set", description="修改夹具属性 / attributes changed"
    )
    events_add: tuple[Event, ...] = Field((), description="在夹具事件之外追加 / events added")
    as_of: Instant | None = Field(
        None, description="评估时刻；省略时用文件的 as_of / evaluate as of"
    )
    version: date | None = Field(
        None, description="按该日施行的配置版本评估 / judge by the version in force that day"
    )
    ask: Ask | None = Field(None, description="办理前的询问 / a question before acting")
    audit: Audit | None = Field(None, description="多张工单一起统计 / audit several tickets")
    skip: str | None = Field(None, description="暂不运行，写明理由 / skipped, with the reason")
    expect: Expect | None = Field(None, description="期望 / expectations")


class Suite(Model):
    """A profile's test suite."""

    api_version: Literal["hotline_rules/test/v1"] = Field(
        alias="apiVersion", description="固定为 hotline_rules/test/v1"
    )
    profile: str = Field(
        description="被测配置：名称（如 citywide）或 .yaml 路径（相对本文件）/ profile name or path"
    )
    name: str | None = Field(None, description="测试集名称 / suite name")
    description: str | None = None
    as_of: Instant | None = Field(None, description="用例默认的评估时刻 / default as_of")
    fixtures: Fixtures = Field(Fixtures(), description="夹具 / fixtures")
    cases: tuple[Case, ...] = Field(description="用例 / cases")


__all__ = [
    "API_VERSION",
    "Ask",
    "AskExtend",
    "AskReturn",
    "AssessmentExpect",
    "Audit",
    "AuditTicket",
    "Case",
    "ClockExpect",
    "Expect",
    "FindingExpect",
    "FindingsExpect",
    "FiredExpect",
    "Fixtures",
    "Instant",
    "KpiExpect",
    "MetricExpect",
    "Suite",
    "TicketFixture",
    "TicketPatch",
    "UnitsExpect",
]

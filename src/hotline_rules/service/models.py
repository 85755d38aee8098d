"""The shapes of requests and answers: they make the OpenAPI document clients are generated from.

Answers are built as plain dicts by the same ``to_dict()`` the CLI's ``--format json`` prints
(``engine/results.py``, ``time/deadline.py``) and sent as they are; these models only describe
them, so the document and the JSON cannot drift apart unnoticed: the tests validate every answer
against the document. A ticket inside a request is described by the ticket's own schema but read
by the engine's reader, so that a bad ticket in a batch is one rejected record, never a failed
request, and its error has the same code and message as the CLI's.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

TICKET_REF = "#/components/schemas/Ticket"
"""Where the ticket's schema (``Ticket``, from ``engine/ticket.py``) sits in the document."""

TICKET_MARK = "x-hotline-ticket"
"""Marks where a ticket goes in a generated schema; ``openapi.py`` puts the ``$ref`` there."""

TicketJson = Annotated[dict[str, Any], WithJsonSchema({"type": "object", TICKET_MARK: True})]
"""A ticket as sent: read by ``parse_ticket`` / ``parse_record``, not by the request model."""

TicketItem = Annotated[Any, WithJsonSchema({"type": "object", TICKET_MARK: True})]
"""A ticket in a batch: anything, so that an item that is not even an object is one rejected
record (``record.not_object``), not a refused batch."""

Instant = Annotated[
    str,
    Field(
        description="ISO 8601 带时区，如 2026-09-30T16:00:00+08:00 / an instant with its offset",
        examples=["2026-10-20T00:00:00+08:00"],
        max_length=64,
    ),
]
ProfileName = Annotated[
    str,
    Field(
        description="配置编号（GET /v1/profiles）/ profile id",
        examples=["citywide"],
        min_length=1,
        max_length=200,
    ),
]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class View(StrEnum):
    full = "full"
    verdict = "verdict"


class CheckRequest(_Request):
    """One ticket (``ticket``) or a batch (``tickets``), judged at ``as_of``."""

    profile: ProfileName
    ticket: TicketJson | None = Field(None, description="一张工单 / one ticket")
    tickets: list[TicketItem] | None = Field(
        None,
        description="一批工单（每张单独判定，坏单不影响其他）/ a batch; a bad one is rejected alone",
    )
    as_of: Instant | None = Field(
        None, description="评估时刻（默认现在）/ judge as of (default now)"
    )
    view: View = Field(
        View.full,
        description=(
            "full：与 check --format json 相同；verdict：只有各时限状态与问题代码（批量筛查用，"
            "约小十倍）/ full: as check --format json; verdict: clock states and finding codes only"
        ),
    )


class ExplainRequest(_Request):
    """One ticket whose timeline is told in Chinese."""

    profile: ProfileName
    ticket: TicketJson
    as_of: Instant | None = Field(
        None, description="评估时刻（默认现在）/ judge as of (default now)"
    )


class MayReturnRequest(_Request):
    """May the unit ask, at ``at``, to return the ticket with this reason and evidence?"""

    profile: ProfileName
    ticket: TicketJson
    at: Instant | None = Field(None, description="申请时刻（默认现在）/ when (default now)")
    reason: str | None = Field(None, description="退单理由编号 / return reason id", max_length=200)
    evidence: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, description="所附材料编号 / evidence ids", max_length=100
    )


class MayExtendRequest(_Request):
    """May the unit ask, at ``at``, for ``length`` more time, and where would the due move?"""

    profile: ProfileName
    ticket: TicketJson
    at: Instant | None = Field(None, description="申请时刻（默认现在）/ when (default now)")
    length: str = Field(
        description="延期长度 / extension length", examples=["15个工作日"], max_length=64
    )


class EndsAt(StrEnum):
    end_of_day = "end_of_day"
    close_of_business = "close_of_business"


class Style(StrEnum):
    calendar = "calendar"
    elapsed = "elapsed"


FactValue = str | int | bool | list[Annotated[str, Field(max_length=200)]]


class DeadlineRequest(_Request):
    """A due instant: from ``start`` and ``add``, or from a profile's ``clock`` for a ticket's facts."""

    start: Instant
    add: str | None = Field(
        None,
        description="期限，如 2个工作日、30分钟 / time limit",
        examples=["2个工作日"],
        max_length=64,
    )
    profile: ProfileName | None = None
    clock: str | None = Field(
        None,
        description="时限名称或规则编号 / clock or rule id",
        examples=["completion"],
        max_length=200,
    )
    facts: dict[Annotated[str, Field(max_length=64)], FactValue] = Field(
        default_factory=dict,
        description='工单属性，如 {"requester": "enterprise"} / ticket facts',
        max_length=64,
    )
    ends_at: EndsAt = EndsAt.end_of_day
    style: Style = Style.calendar
    rollover: bool = False
    allow_estimated: bool = False
    office_hours: str | None = Field(
        None,
        description="办公时间 / office hours",
        examples=["09:00-12:00, 13:30-17:30"],
        max_length=400,
    )
    zone: str = Field("Asia/Shanghai", description="时区 / IANA time zone", max_length=64)


# ---- answers -------------------------------------------------------------------------------


class _Answer(BaseModel):
    model_config = ConfigDict(extra="allow")


class Cite(_Answer):
    article: str
    item: str | None = None
    text: str
    document: str | None = None


class EventRef(_Answer):
    index: int
    type: str
    at: str
    unit: str | None = None


class Severity(StrEnum):
    info = "info"
    warning = "warning"
    violation = "violation"


class ClockState(StrEnum):
    not_started = "not_started"
    running = "running"
    paused = "paused"
    met = "met"
    breached = "breached"


class Finding(_Answer):
    code: str
    severity: Severity
    message_zh: str
    message_en: str
    rule_id: str | None = None
    cite: Cite | None = None
    evidence: list[EventRef]
    details: dict[str, Any]


class Clock(_Answer):
    rule_id: str
    clock: str
    unit: str | None = None
    state: ClockState
    start: str | None = None
    due: str | None = None
    original_due: str | None = None
    stopped_at: str | None = None
    time_left_seconds: float | None = None
    overdue_by_seconds: float | None = None
    warning: bool
    estimated: bool
    binding: bool
    extensions: list[str]
    started_by: EventRef | None = None
    stopped_by: EventRef | None = None
    cite: Cite


class AfterAsOf(_Answer):
    events_after_as_of: int = Field(
        description="评估时刻之后、未计入的事件数 / events later than as_of"
    )
    events_after_as_of_zh: str | None = None
    events_after_as_of_en: str | None = None


class Evaluation(AfterAsOf):
    """The same JSON as ``hotline-rules check --format json``."""

    ticket_id: str
    profile: str
    profile_version: str | None = None
    as_of: str
    clocks: list[Clock]
    findings: list[Finding]
    facts: dict[str, Any]


class Explanation(AfterAsOf):
    """The same JSON as ``hotline-rules explain --format json``."""

    ticket_id: str
    profile: str
    profile_version: str | None = None
    timeline: list[str]


class Rejected(_Answer):
    """A ticket of a batch that could not be read or judged (``line``: its 1-based position)."""

    line: int
    code: str
    ticket_id: str | None = None
    reason_zh: str
    reason_en: str


class ClockVerdict(_Answer):
    rule_id: str
    unit: str | None = None
    state: ClockState
    due: str | None = None
    estimated: bool


class FindingVerdict(_Answer):
    code: str
    severity: Severity
    rule_id: str | None = None


class Verdict(_Answer):
    """``view: verdict``: what a bulk screen needs; the rest is in the ``full`` view."""

    ticket_id: str
    profile: str
    profile_version: str | None = None
    as_of: str
    clocks: list[ClockVerdict]
    findings: list[FindingVerdict]


class BatchItem(_Answer):
    index: int = Field(description="在 tickets 中的位置，从 0 起 / position in tickets, from 0")
    result: Evaluation | None = None
    verdict: Verdict | None = Field(None, description="view: verdict 时 / with view: verdict")
    rejected: Rejected | None = None


class BatchCounts(_Answer):
    tickets: int
    judged: int
    rejected: int
    with_violations: int
    estimated: int


class CalendarVersion(_Answer):
    """The calendar data a result was computed from (as ``calendar status`` reports it)."""

    holidays: str
    notices_sha256: str
    notices: list[dict[str, Any]]
    local_sha256: str
    official_years: list[int] | None = None


class Decision(_Answer):
    """What every answer carries so that a disputed verdict can be replayed."""

    decision_id: str = Field(description="本次答复的编号（UUID）/ this answer's id")
    profile_id: str | None = None
    profile_version: str | None = Field(
        None,
        description="判定所用的版本（effective_from）；一批工单版本不一时为空，见各结果 / the judging version",
    )
    profile_sha256: str | None = None
    calendar: CalendarVersion
    estimated: bool = Field(description="是否有结果依赖尚无通知的年份 / any result estimated")


class CheckAnswer(Decision):
    result: Evaluation | None = Field(None, description="一张工单时 / for one ticket")
    verdict: Verdict | None = Field(
        None, description="一张工单、view: verdict 时 / one, verdict view"
    )
    results: list[BatchItem] | None = Field(None, description="一批工单时 / for a batch")
    counts: BatchCounts | None = None


class ExplainAnswer(Decision):
    result: Explanation


class MayResult(_Answer):
    """The same JSON as ``Answer.to_dict()``: allowed or not, why, and the article."""

    allowed: bool
    findings: list[Finding]
    rule_id: str | None = None
    cite: Cite | None = None
    approval: list[str]
    evidence_needed: list[str]
    details: dict[str, Any]


class MayAnswer(Decision):
    result: MayResult


class Day(_Answer):
    date: str
    working: bool
    kind: str
    reason: str
    reason_en: str
    source: str
    official: bool


class DeadlineResult(_Answer):
    """The same JSON as ``hotline-rules deadline --format json``."""

    start: str
    add: str
    add_zh: str
    counting: dict[str, Any]
    zone: str
    due: str
    last_day: str | None = None
    estimated: bool
    estimated_years: list[int]
    skipped: list[dict[str, Any]]
    counted: list[dict[str, Any]]
    steps_zh: list[str]
    steps_en: list[str]
    calendar: CalendarVersion
    office_hours: str | None = None
    profile: str | None = None
    rule: dict[str, Any] | None = None


class DeadlineAnswer(Decision):
    result: DeadlineResult


class ProfileVersionOut(_Answer):
    name: str
    file: str
    effective_from: str | None = None
    effective_until: str | None = None
    span_zh: str


class ProfileListing(_Answer):
    id: str
    name_zh: str
    name_en: str
    jurisdiction: str
    rules: int
    sha256: str
    versions: list[ProfileVersionOut]


class ProfilesAnswer(_Answer):
    decision_id: str
    generation: int = Field(description="配置集的代数，每次重新加载加一 / +1 per reload")
    loaded_at: str
    profiles: list[ProfileListing]


class RuleZh(_Answer):
    section: str
    section_zh: str
    id: str
    summary_zh: str
    cite: Cite


class ProfileDetail(ProfileListing):
    decision_id: str
    issuer: str
    document: dict[str, Any]
    calendar: CalendarVersion
    rules_zh: list[RuleZh]


class CalendarAnswer(_Answer):
    decision_id: str
    year: int
    profile_id: str | None = None
    days: list[Day]
    working_days: int
    official: bool
    calendar: CalendarVersion


class Health(_Answer):
    status: str


class Ready(_Answer):
    status: str
    profiles: int
    generation: int
    loaded_at: str
    last_reload_error: ErrorDetail | None = None


class ReloadAnswer(_Answer):
    decision_id: str
    generation: int
    loaded_at: str
    profiles: list[str]
    rolling: bool = Field(
        description="多进程时：已核验，正在逐个替换进程 / workers: checked, being replaced one by one"
    )


class ErrorDetail(_Answer):
    """A ``HotlineRulesError`` as ``to_dict()`` writes it: the same as the CLI's ``{"error": ...}``."""

    code: str
    message_zh: str
    message_en: str
    hint_zh: str | None = None
    hint_en: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None
    more: list[ErrorDetail] | None = None
    more_omitted: int | None = None


class ErrorAnswer(_Answer):
    decision_id: str
    error: ErrorDetail


Ready.model_rebuild()

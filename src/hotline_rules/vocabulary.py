"""The shared vocabulary: one set of words for every jurisdiction (DESIGN.md, "The vocabulary").

Profiles may add their own values (``vocabulary:`` in a profile); these are
the shared ones, so that integrators can compare cities and move tickets
between profiles. Each value has its Chinese name beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

Words = MappingProxyType[str, str]


def _words(**pairs: str) -> Words:
    return MappingProxyType(dict(pairs))


KINDS: Final = _words(
    consultation="咨询",
    help="求助",
    complaint="投诉",
    report="举报",
    suggestion="建议/意见",
    praise="表扬",
)
URGENCIES: Final = _words(emergency="紧急", urgent="较为紧急", normal="一般")
COMPLEXITIES: Final = _words(simple="简单", complex="复杂", difficult="疑难")
REQUESTERS: Final = _words(citizen="群众", enterprise="企业")
CHANNELS: Final = _words(
    hotline_12345="12345热线",
    hotline_12319="12319城建热线",
    online_platform="一体化在线政务服务平台",
    service_hall="服务大厅",
    web="网站",
)
HANDLINGS: Final = _words(
    immediate="即办",
    direct="直办",
    transfer="转办",
    joint="协办",
    escalated="呈办",
)
CLOCKS: Final = _words(
    sign_for="签收/接收确认",
    first_contact="先行联系",
    return_window="退单申请期限",
    completion="办结",
    reply="答复",
    ownership_ruling="争议认定",
    feedback="反馈",
    response="响应",
)
EVENTS: Final = _words(
    received="受理",
    dispatched="派单",
    signed_for="签收",
    contact_attempted="尝试联系",
    contacted="联系上诉求人",
    sms_sent="发送短信",
    return_requested="申请退单",
    return_approved="退单通过",
    return_rejected="退单驳回",
    redispatched="重新派单",
    extension_requested="申请延期",
    extension_approved="延期通过",
    extension_rejected="延期驳回",
    supervision_issued="督办",
    paused="挂起",
    resumed="恢复",
    completed="办结",
    reply_sent="答复",
    revisit="回访",
    reopened="重新办理",
    archived="归档",
    arrived_on_site="到达现场",
    ownership_ruled="认定承办主体",
)
SATISFACTIONS: Final = _words(
    satisfied="满意", basically_satisfied="基本满意", unsatisfied="不满意"
)
TAGS: Final = _words(
    leader_assigned="领导批办/交办",
    deputies_received="“两代表一委员”接听",
    multi_department="涉及多部门",
    cross_region="跨区域",
    mass_incident_risk="可能引发群体性事件",
    major_public_interest="涉及市民重大利益",
    result_untrue="办理结果不实",
    process_flawed="办理程序存在问题",
    shirking="推诿、敷衍、拖延",
    not_reported="未按规定反馈办理结果",
    unreasonable_refusal="无正当理由拒不执行/拒不接受",
    reasonable_demand_unresolved="合理诉求未有效解决",
    review_requested="申请复查复核",
    blacklisted="列为黑榜",
    personal_data_leaked="泄露诉求人信息",
    serious_consequence="造成严重后果",
    adverse_impact="造成不良影响",
    obstructed_investigation="干扰阻碍调查",
    rejected_office_opinion="拒不采纳热线管理机构意见",
    supervision_not_followed="未按督办要求处理",
    petition_triggered="引发上访/群体性事件",
    excused_delay="有正当理由逾期",
    falsified="弄虚作假",
    lead_unit_refused="牵头单位拒不受理/协办单位拒不配合",
    repeated_reports_unhandled="多次或集中反映未合理处置",
    reply_inconsistent="答复与实际办理结果不一致",
    historical_issue="体制或历史遗留原因",
)
SEVERITIES: Final = _words(info="提示", warning="预警", violation="违规")
CLOCK_STATES: Final = _words(
    not_started="未开始", running="计时中", paused="已挂起", met="按时", breached="超时"
)
"""A clock's state (results.ClockState, a StrEnum: its members look these up directly)."""
TIERS: Final = _words(
    general="一般问责",
    aggravated="从重问责",
    mitigated_or_exempt="从轻或免于问责",
    none="不予问责",
)
SUPERVISION_ACTIONS: Final = _words(
    urge="催办",
    phone_or_online="电话督办/网络督办",
    supervision_notice="督办通知书",
    coordination_meeting="督办协调会",
    joint_meeting="联席会议",
    approval_sheet="批办单",
    onsite_investigation="实地调查督办",
    government_supervision="提请政府督查",
    focus_supervision="重点督办/重点监督",
)
PERIODS: Final = _words(day="日", week="周", month="月", quarter="季度", year="年")
UNIT_ROLES: Final = _words(lead="主办", co="协办", first_receiving="首接负责")
"""The role a dispatch gives a unit (``role`` of a dispatched event); a profile's ``units.credit``
names which one KPIs and breaches are credited to (or ``last_dispatched``)."""
CONSEQUENCES: Final = _words(
    circulated_criticism="通报批评",
    interview="约谈",
    points_deducted="扣分",
    written_explanation="书面说明",
    ordered_rectification="责令整改",
)
"""What follows a circumstance of its own (a circumstance's ``consequences``)."""
FINDING_CODES: Final = _words(
    **{
        "deadline.breached": "超时",
        "calendar.estimated": "截止时刻为推定",
        "clock.uncountable": "无法计算时限",
        "extension.too_late": "延期申请过晚",
        "extension.too_long": "延期过长",
        "extension.too_many": "延期次数过多",
        "extension.not_a_choice": "延期长度不在可选范围",
        "extension.approved_without_request": "延期未经申请即获批",
        "extension.length_missing": "延期未写明长度",
        "extension.no_rule": "无适用的延期规定",
        "extension.beyond_cap": "延期后超过总时限",
        "return.window_missed": "超过退单申请期限",
        "return.not_allowed": "不当退单（不得退单的情形）",
        "return.reason_not_allowed": "退单理由不在允许范围",
        "return.evidence_missing": "退单材料不全",
        "return.no_rule": "无适用的退单规定",
        "ownership.ruling_due": "争议认定超时",
        "contact.retry_too_soon": "再次联系间隔过短",
        "contact.sms_missing": "联系不上未发短信",
        "closure.report_incomplete": "办结报告内容不全",
        "screening.not_acceptable": "属不予受理情形",
        "screening.unknown_reason": "不认识的不予受理理由",
        "screening.accepted_anyway": "属不予受理情形却已派单",
        "supervision.triggered": "应当督办",
        "profile.not_in_force": "工单不在配置施行期间",
        "ticket.unknown_event": "不认识的事件",
        "ticket.event_before_receipt": "事件早于受理",
        "ticket.unknown_unit": "事件单位未被派单",
    }
)
"""The codes of the findings an evaluation can carry; a condition reads them as ``findings``
(``findings: {has: return.not_allowed}``: a circumstance that follows from the engine's verdict)."""


def aliases(words: Mapping[str, str]) -> dict[str, str]:
    """Chinese name -> word, for a vocabulary's words (``咨询`` -> ``consultation``).

    Policy staff write the Chinese they know; a profile accepts it wherever the word is asked
    for. A name with alternatives (``建议/意见``) gives each; a name two words share is left
    out (it could mean either).
    """
    found: dict[str, str | None] = {}
    for word, name in words.items():
        for part in {name, *name.replace("、", "/").split("/")}:
            part = part.strip()
            if part and part != word:
                found[part] = word if found.get(part, word) == word else None
    return {k: v for k, v in found.items() if v is not None}


__all__ = [
    "CHANNELS",
    "CLOCKS",
    "CLOCK_STATES",
    "COMPLEXITIES",
    "CONSEQUENCES",
    "EVENTS",
    "FINDING_CODES",
    "HANDLINGS",
    "KINDS",
    "PERIODS",
    "REQUESTERS",
    "SATISFACTIONS",
    "SEVERITIES",
    "SUPERVISION_ACTIONS",
    "TAGS",
    "TIERS",
    "UNIT_ROLES",
    "URGENCIES",
    "Words",
    "aliases",
]

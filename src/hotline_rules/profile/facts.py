"""The facts a condition in a profile may read about a work order.

Conditions (``when:`` in a profile) are checked against this list when the
profile loads: a misspelt fact or a value of the wrong type is an error at
its line, never a surprise at run time. The engine derives these facts from
a ticket and its events (``engine.facts``); each one is documented here in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from hotline_rules import vocabulary as v


class FactType(StrEnum):
    """The kind of value a fact holds, which decides the tests a condition may apply."""

    ENUM = "enum"
    """One word of a vocabulary (``kind: complaint``)."""
    INT = "int"
    """A whole number (``returns: {at_least: 2}``)."""
    BOOL = "bool"
    """Yes or no (``overdue: true``)."""
    TAGS = "tags"
    """A set of words (``tags: {has: leader_assigned}``)."""


@dataclass(frozen=True, slots=True)
class FactSpec:
    """One fact: its name, type, vocabulary (for enums and tags) and meaning."""

    name: str
    type: FactType
    zh: str
    en: str
    vocabulary: str | None = None
    """Name of the vocabulary whose words it takes (``kinds``, ``tags``...)."""
    unknown_possible: bool = False
    """A yes/no fact that may also be unknown (``resolved`` before any revisit says): then
    neither ``true`` nor ``false`` holds."""


_SPECS = (
    FactSpec("kind", FactType.ENUM, "诉求类型", "kind of request", "kinds"),
    FactSpec("urgency", FactType.ENUM, "紧急程度", "urgency", "urgencies"),
    FactSpec("complexity", FactType.ENUM, "复杂程度", "complexity", "complexities"),
    FactSpec(
        "requester",
        FactType.ENUM,
        "诉求人类别（群众/企业）",
        "who asks (citizen/enterprise)",
        "requesters",
    ),
    FactSpec("channel", FactType.ENUM, "来源渠道", "channel the request came through", "channels"),
    FactSpec("handling", FactType.ENUM, "办理方式", "how it is handled", "handlings"),
    FactSpec(
        "satisfaction",
        FactType.ENUM,
        "回访满意度",
        "satisfaction at the last revisit",
        "satisfactions",
    ),
    FactSpec(
        "tags",
        FactType.TAGS,
        "标记",
        "tags (leader assigned, multi-department, ...)",
        "tags",
    ),
    FactSpec(
        "repeat_count",
        FactType.INT,
        "同一诉求人就同一问题来电次数",
        "times the same person raised the same issue",
    ),
    FactSpec("returns", FactType.INT, "已退单次数", "returns approved so far"),
    FactSpec("return_requests", FactType.INT, "已申请退单次数", "returns requested so far"),
    FactSpec("redispatches", FactType.INT, "重新派单次数", "times re-dispatched"),
    FactSpec("extensions", FactType.INT, "已批准延期次数", "extensions approved so far"),
    FactSpec("overdue", FactType.BOOL, "办结超时", "completion overdue"),
    FactSpec(
        "breached",
        FactType.TAGS,
        "已超时的时限",
        "clocks that are breached (any clock name)",
        "clocks",
    ),
    FactSpec(
        "overdue_unexcused", FactType.BOOL, "无正当理由逾期", "overdue without an accepted excuse"
    ),
    FactSpec("completed", FactType.BOOL, "已办结", "completed"),
    FactSpec("reported", FactType.BOOL, "已反馈办理结果", "result reported to the office"),
    FactSpec("supervised", FactType.BOOL, "已被督办", "supervision issued"),
    FactSpec("first_contact_late", FactType.BOOL, "未按时先行联系/响应", "first contact late"),
    FactSpec("sign_for_late", FactType.BOOL, "未按时签收", "signed for late"),
    FactSpec("in_time_limit", FactType.BOOL, "仍在办理时限内", "still within the time limit"),
    FactSpec(
        "resolved",
        FactType.BOOL,
        "回访认定已解决",
        "resolved, at the last revisit (of the current round, with a rework)",
        unknown_possible=True,
    ),
    FactSpec("reworks", FactType.INT, "发回重办次数", "times sent back for rework"),
    FactSpec(
        "supervisions", FactType.INT, "已督办（催办）次数", "times supervised or urged so far"
    ),
    FactSpec(
        "findings",
        FactType.TAGS,
        "引擎认定的问题",
        "the codes of the engine's findings (return.not_allowed 不当退单, ...)",
        "finding_codes",
    ),
)

FACTS: Final = MappingProxyType({spec.name: spec for spec in _SPECS})
"""Every fact a condition may read, by name."""

SHARED_VOCABULARIES: Final = MappingProxyType(
    {
        "kinds": v.KINDS,
        "urgencies": v.URGENCIES,
        "complexities": v.COMPLEXITIES,
        "requesters": v.REQUESTERS,
        "channels": v.CHANNELS,
        "handlings": v.HANDLINGS,
        "satisfactions": v.SATISFACTIONS,
        "tags": v.TAGS,
        "clocks": v.CLOCKS,
    }
)
"""The vocabularies facts take their words from; a profile may add words to each."""

FIXED_VOCABULARIES: Final = MappingProxyType({"finding_codes": v.FINDING_CODES})
"""Vocabularies facts read that a profile cannot add to (the engine's own words)."""

STATIC_SECTIONS: Final = ("clocks", "extensions", "returns")
"""Sections whose conditions read only :data:`STATIC_FACTS` (the rest read every fact)."""


STATIC_FACTS: Final = (
    "kind",
    "urgency",
    "complexity",
    "channel",
    "requester",
    "handling",
    "tags",
    "repeat_count",
)
"""The facts a ticket's own attributes give, before any event is read.

Clock, extension and return conditions read only these (which limits apply is decided by what
the request is, not by what happened to it since); ``engine.facts.static_facts`` computes them
and a test holds the two together.
"""


__all__ = [
    "FACTS",
    "FIXED_VOCABULARIES",
    "SHARED_VOCABULARIES",
    "STATIC_FACTS",
    "STATIC_SECTIONS",
    "FactSpec",
    "FactType",
]

"""What an evaluation returns: clocks and findings, each with its rule and citation.

Immutable named tuples (built many times per ticket, and a frozen dataclass
costs several times more to build), each with ``to_dict()`` giving stable,
documented JSON keys.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from hotline_rules.engine.ticket import Event
from hotline_rules.profile.fields import Cite


class Severity(StrEnum):
    """How serious a finding is."""

    INFO = "info"
    """Something to know or to do (supervision due, a ruling due)."""
    WARNING = "warning"
    """A departure from a rule the text only states "in principle", or doubtful data."""
    VIOLATION = "violation"
    """A breach of a binding rule."""


_new_ref = tuple.__new__  # builds an EventRef without NamedTuple's keyword handling


class ClockState(StrEnum):
    """Where a clock stands at ``as_of``."""

    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    BREACHED = "breached"


class EventRef(NamedTuple):
    """An event cited as evidence: its position in time order, type and instant."""

    index: int  # type: ignore[assignment]  # shadows tuple.index on purpose: the event's position
    type: str
    at: datetime
    unit: str | None = None

    @classmethod
    def of(cls, index: int, event: Event) -> EventRef:
        return _new_ref(cls, (index, event.type, event.at, event.unit))

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "type": self.type,
            "at": self.at.isoformat(),
            "unit": self.unit,
        }


Text = str | Callable[[], str]
"""A message, or a function making it: most findings of an audit are counted, never read,
so their sentences are only written when someone asks. The function must pickle (a
module-level function, or a ``functools.partial`` of one, never a lambda or a closure): an
evaluation crosses processes (``audit --workers``) with its messages still unwritten."""


class Finding:
    """Something the rules say about the ticket: a breach, a duty triggered, doubtful data."""

    __slots__ = ("_en", "_zh", "cite", "code", "details", "evidence", "rule_id", "severity")

    def __init__(
        self,
        code: str,
        severity: Severity,
        message_zh: Text,
        message_en: Text,
        rule_id: str | None = None,
        cite: Cite | None = None,
        evidence: tuple[EventRef, ...] = (),
        details: dict[str, Any] | None = None,
    ) -> None:
        self.code = code
        self.severity = severity
        self._zh = message_zh
        self._en = message_en
        self.rule_id = rule_id
        self.cite = cite
        self.evidence = evidence
        self.details = details

    @property
    def message_zh(self) -> str:
        """The finding in Chinese."""
        if not isinstance(self._zh, str):
            self._zh = self._zh()
        return self._zh

    @property
    def message_en(self) -> str:
        """The finding in English."""
        if not isinstance(self._en, str):
            self._en = self._en()
        return self._en

    def __repr__(self) -> str:
        return f"Finding({self.code!r}, {self.severity.value!r}, rule_id={self.rule_id!r})"

    def __reduce__(self) -> tuple[type[Finding], tuple[Any, ...]]:
        """Pickle as the call that builds it, messages as they stand (written or not)."""
        return (
            Finding,
            (
                self.code,
                self.severity,
                self._zh,
                self._en,
                self.rule_id,
                self.cite,
                self.evidence,
                self.details,
            ),
        )

    def __eq__(self, other: object) -> bool:
        """Equal by value, messages compared as read: an unpickled finding equals its original."""
        if not isinstance(other, Finding):
            return NotImplemented
        return (
            self.code == other.code
            and self.severity == other.severity
            and self.rule_id == other.rule_id
            and self.cite == other.cite
            and self.evidence == other.evidence
            and (self.details or {}) == (other.details or {})
            and self.message_zh == other.message_zh
            and self.message_en == other.message_en
        )

    __hash__ = None  # type: ignore[assignment]  # equal by value, and details is a dict

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "rule_id": self.rule_id,
            "cite": self.cite.model_dump(mode="json") if self.cite else None,
            "evidence": [e.to_dict() for e in self.evidence],
            "details": self.details or {},
        }


class ClockResult(NamedTuple):
    """One clock of one unit: when it started, when it falls due, and where it stands."""

    rule_id: str
    clock: str
    unit: str | None
    state: ClockState
    start: datetime | None
    due: datetime | None
    original_due: datetime | None
    stopped_at: datetime | None
    as_of: datetime
    warning: bool
    estimated: bool
    binding: bool
    cite: Cite
    extensions: tuple[str, ...] = ()
    started_by: EventRef | None = None
    stopped_by: EventRef | None = None

    @property
    def time_left(self) -> timedelta | None:
        """Time until due at ``as_of`` (running or paused clocks only)."""
        if self.due is None or self.state not in (ClockState.RUNNING, ClockState.PAUSED):
            return None
        return self.due - self.as_of

    @property
    def overdue_by(self) -> timedelta | None:
        """How late: at the stop, or at ``as_of`` when still open."""
        if self.due is None or self.state is not ClockState.BREACHED:
            return None
        end = self.stopped_at or self.as_of
        return end - self.due

    def to_dict(self) -> dict[str, Any]:
        def iso(d: datetime | None) -> str | None:
            return d.isoformat() if d else None

        def secs(t: timedelta | None) -> float | None:
            return t.total_seconds() if t is not None else None

        return {
            "rule_id": self.rule_id,
            "clock": self.clock,
            "unit": self.unit,
            "state": self.state.value,
            "start": iso(self.start),
            "due": iso(self.due),
            "original_due": iso(self.original_due),
            "stopped_at": iso(self.stopped_at),
            "time_left_seconds": secs(self.time_left),
            "overdue_by_seconds": secs(self.overdue_by),
            "warning": self.warning,
            "estimated": self.estimated,
            "binding": self.binding,
            "extensions": list(self.extensions),
            "started_by": self.started_by.to_dict() if self.started_by else None,
            "stopped_by": self.stopped_by.to_dict() if self.stopped_by else None,
            "cite": self.cite.model_dump(mode="json"),
        }


class Evaluation(NamedTuple):
    """Every clock and finding of one ticket at ``as_of``, and the facts the rules read."""

    ticket_id: str
    profile_id: str
    as_of: datetime
    clocks: tuple[ClockResult, ...]
    findings: tuple[Finding, ...]
    facts: dict[str, Any]
    profile_version: str | None = None
    """The ``effective_from`` of the profile version that judged (None when undated)."""

    @property
    def violations(self) -> tuple[Finding, ...]:
        """Findings of severity ``violation``."""
        return tuple(f for f in self.findings if f.severity is Severity.VIOLATION)

    def codes(self) -> list[str]:
        """Finding codes in order (handy in tests)."""
        return [f.code for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        facts = {
            k: sorted(v) if isinstance(v, (set, frozenset)) else v for k, v in self.facts.items()
        }
        return {
            "ticket_id": self.ticket_id,
            "profile": self.profile_id,
            "profile_version": self.profile_version,
            "as_of": self.as_of.isoformat(),
            "clocks": [c.to_dict() for c in self.clocks],
            "findings": [f.to_dict() for f in self.findings],
            "facts": facts,
        }


__all__ = ["ClockResult", "ClockState", "Evaluation", "EventRef", "Finding", "Severity"]

"""The engine: one ticket's history in, every clock and finding out, each with its citation.

``Engine(profile)`` compiles once (calendar, office hours, rule lookups);
``evaluate(ticket, as_of)`` then runs the rule modules in ``rules/`` over the
events up to ``as_of``. A profile with several versions (``versions.py``) gets
one engine per version, and each ticket is judged by the version in force on
the local date it was received. The questions an integrator asks before acting
(``may_return``, ``may_extend``, ``next_due``) use the same rules.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from hotline_rules.engine.facts import derive, static_facts
from hotline_rules.engine.results import (
    ClockResult,
    ClockState,
    Evaluation,
    EventRef,
    Finding,
    Severity,
)
from hotline_rules.engine.rules import clocks as clock_rules
from hotline_rules.engine.rules import closure, contact, extensions, ownership, returns, supervision
from hotline_rules.engine.ticket import Event, Ticket
from hotline_rules.errors import InputError, NaiveDatetimeError
from hotline_rules.profile import LoadedProfile
from hotline_rules.profile.compiled import CompiledProfile
from hotline_rules.profile.fields import Cite
from hotline_rules.profile.registry import load_versions
from hotline_rules.profile.schema import DutyWindow, Profile
from hotline_rules.profile.versions import ProfileVersion, ProfileVersions
from hotline_rules.time.duration import Duration, parse_duration
from hotline_rules.time.zones import fixed_zone, in_shared_zone
from hotline_rules.vocabulary import EVENTS


@dataclass(frozen=True, slots=True)
class Answer:
    """The answer to "may I ... now?": allowed or not, why, what is needed, and the article."""

    allowed: bool
    findings: tuple[Finding, ...]
    rule_id: str | None
    cite: Cite | None
    approval: tuple[str, ...] = ()
    evidence_needed: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "allowed": self.allowed,
            "findings": [f.to_dict() for f in self.findings],
            "rule_id": self.rule_id,
            "cite": self.cite.model_dump(mode="json") if self.cite else None,
            "approval": list(self.approval),
            "evidence_needed": list(self.evidence_needed),
            "details": self.details,
        }


class Engine:
    """Evaluates tickets against one profile (each by its version in force). Build once, evaluate many.

    A name or path (``citywide``) brings every version of the profile;
    ``citywide@2027-01-01`` pins the version in force that day; a
    ``LoadedProfile`` or ``CompiledProfile`` is one version on its own.
    """

    def __init__(
        self,
        profile: CompiledProfile | LoadedProfile | ProfileVersions | ProfileVersion | str | Path,
    ) -> None:
        chain: ProfileVersions | None = None
        if isinstance(profile, (str, Path)):
            profile = load_versions(profile)
        if isinstance(profile, ProfileVersions):
            if len(profile) > 1:
                self._init_versions(profile)
                return
            chain, profile = profile, profile.versions[0]
        if isinstance(profile, ProfileVersion):
            version, profile = profile, CompiledProfile(profile.loaded)
        else:
            if isinstance(profile, LoadedProfile):
                profile = CompiledProfile(profile)
            version = ProfileVersion.of(profile.loaded)
        self.version = version
        """The version this engine judges by (for several versions: the latest)."""
        self.versions = chain or ProfileVersions(profile.profile.meta.id, (version,))
        """Every version this engine may judge by, oldest first."""
        self._by_version: tuple[Engine, ...] | None = None
        self._starts: list[datetime] = []
        self.compiled = profile
        self.profile: Profile = profile.profile
        self.calc = profile.calculator
        p = self.profile
        self._names = p.word_names()
        self._events = frozenset(EVENTS) | frozenset(p.vocabulary.events)
        self._allow_estimated = p.calendar.allow_estimated
        fixed = self.calc._fixed
        self._stamp_zone = fixed_zone(fixed) if fixed is not None else None
        self._applicable: dict[
            tuple[Any, ...], list[Any]
        ] = {}  # clock rules per attribute combination
        # the profile's sections, read once: reading a pydantic model's field is slow, and
        # evaluate() reads them for every ticket
        self._clocks = p.clocks
        self._extensions = p.extensions
        self._ownership = p.ownership
        self._return_rules = p.returns
        self._first_contact = p.first_contact
        self._closure_report = p.closure_report
        self._screening = p.screening
        self._supervision = p.supervision
        self._screening_by_facts = tuple(r for r in p.screening if r.when is not None)
        self._rework = p.rework
        self._rework_event = p.rework.event if p.rework is not None else None
        self._profile_id = p.meta.id
        self._label = version.label
        self._in_force_from = _midnight(version.effective_from, self.calc.zone)
        self._in_force_until = _midnight(_next_day(version.effective_until), self.calc.zone)
        self._dated = self._in_force_from is not None or self._in_force_until is not None

    def _init_versions(self, versions: ProfileVersions) -> None:
        engines = tuple(Engine(v) for v in versions)
        # Everything of the latest version's engine (profile, calculator, ...), so that a
        # question no ticket dates (the profile's name, its KPIs) gets today's answer.
        self.__dict__.update(engines[-1].__dict__)
        self.versions = versions
        self._by_version = engines
        self._starts = [e._in_force_from for e in engines[1:] if e._in_force_from is not None]

    # ---- evaluation ----------------------------------------------------------------------

    def evaluate(self, ticket: Ticket, as_of: datetime | None = None) -> Evaluation:
        """Every clock and finding of ``ticket`` at ``as_of`` (default: now).

        Judged by the version in force when the ticket was received; a ticket received
        when no version was in force is judged by the nearest earlier one (or the first)
        with a ``profile.not_in_force`` warning, so a batch goes on.
        """
        _in_range(ticket, as_of)
        if self._by_version is not None:
            return self.engine_for(ticket, as_of).evaluate(ticket, as_of)
        as_of = _aware(as_of)
        if self._stamp_zone is not None and as_of.tzinfo is not self._stamp_zone:
            as_of = as_of.astimezone(self._stamp_zone)  # same instant; cheap to compare with events
        p = self.profile
        events = ticket.events
        end = len(events)
        while end and events[end - 1].at > as_of:  # events are in time order: cut from the end
            end -= 1
        if end < len(events):
            events = events[:end]
        static = static_facts(ticket)
        types = {e.type for e in events}
        findings: list[Finding] = list(self._data_checks(ticket, events))

        run = clock_rules.run(
            self._clocks,
            events,
            as_of,
            self.calc,
            self._extensions,
            static,
            self._allow_estimated,
            self._applicable,
            types,
            self._rework,
        )
        ruling_clocks: list[ClockResult] = []
        ruling_findings: list[Finding] = []
        if self._ownership and "return_approved" in types:
            ruling_clocks, ruling_findings = ownership.check(
                self._ownership, events, as_of, self.calc, static
            )
        all_clocks = [*run.results, *ruling_clocks]
        facts = derive(static, events, all_clocks, self._rework_event)

        findings += run.findings
        if self._return_rules and "return_requested" in types:
            findings += returns.check_requests(self.profile.returns, self.calc, events, static)
        findings += ruling_findings
        if self._first_contact and "contact_attempted" in types:
            findings += contact.check(self._first_contact, events, all_clocks, facts)
        if self._closure_report and "completed" in types:
            findings += closure.check(self._closure_report, events, facts)
        if ticket.screening_reason is not None:
            findings += supervision.screening(self._screening, ticket.screening_reason)
        elif self._screening_by_facts:
            findings += supervision.screened_by_facts(
                self._screening_by_facts, facts, not _DISPATCHES.isdisjoint(types)
            )
        facts["findings"] = frozenset([f.code for f in findings])
        if self._supervision:
            findings += supervision.triggered(self._supervision, facts, self._names)
        if facts["extensions"] and not _extension_applies(p, run.results, static):
            findings.append(
                Finding(
                    "extension.no_rule",
                    Severity.WARNING,
                    "工单有延期记录，但本办法没有适用于该工单的延期规定",
                    "the ticket was extended but no extension rule of the regulation applies to it",
                )
            )
        if self._dated:  # inline: it runs per ticket, and is almost always in force
            evs = ticket.events
            received = evs[0].at if evs and evs[0].type == "received" else ticket.received_at
            lo, hi = self._in_force_from, self._in_force_until
            if received is not None and (
                (lo is not None and received < lo) or (hi is not None and received >= hi)
            ):
                findings.insert(0, self._not_in_force(received))
        return Evaluation(
            ticket.id,
            self._profile_id,
            as_of,
            tuple(all_clocks),
            tuple(findings),
            facts,
            self._label,
        )

    def engine_for(self, ticket: Ticket, as_of: datetime | None = None) -> Engine:
        """The engine of the version that judges ``ticket`` (this one, unless there are several).

        The version in force on the local date the ticket was received (a ticket
        without events: at ``as_of``, default now).
        """
        if self._by_version is None:
            return self
        return self.engine_at(ticket.received_at or _aware(as_of))

    def engine_at(self, at: datetime) -> Engine:
        """The engine of the version in force at instant ``at`` (its local date).

        Before the first version: the first; in a gap or after the last
        ``effective_until``: the last one to take effect before ``at``.
        """
        if self._by_version is None:
            return self
        return self._by_version[bisect_right(self._starts, _aware(at))]

    def _not_in_force(self, received: datetime) -> Finding:
        v = self.version
        day = received.astimezone(self.calc.zone).date()
        return Finding(
            "profile.not_in_force",
            Severity.WARNING,
            f"工单受理日 {day} 不在配置“{v.name}”的施行期间（{v.span_zh()}），仍按该版本评估",
            f"the ticket was received on {day}, outside the days profile '{v.name}' is in force ({v.span_en()}); judged by it all the same",
            details={
                "received_on": day.isoformat(),
                "version": v.name,
                "effective_from": v.label,
                "effective_until": v.effective_until.isoformat() if v.effective_until else None,
            },
        )

    def _data_checks(self, ticket: Ticket, events: Sequence[Event]) -> list[Finding]:
        """Doubtful input becomes a finding (never dropped, never a crash)."""
        out: list[Finding] = []
        # events are in time order, so nothing can precede a receipt that comes first
        received = None
        if events and events[0].type != "received":
            received = next((e.at for e in events if e.type == "received"), None)
        units: set[str] = set()
        known = self._events
        for i, e in enumerate(events):
            t, unit = e.type, e.unit
            if t not in known:
                out.append(
                    Finding(
                        "ticket.unknown_event",
                        Severity.WARNING,
                        f"不认识的事件类型“{e.type}”，已忽略（新事件请在配置 vocabulary.events 中声明）",
                        f"unknown event type '{e.type}', ignored (declare it under vocabulary.events)",
                        evidence=(EventRef.of(i, e),),
                    )
                )
            if received is not None and e.at < received:
                out.append(
                    Finding(
                        "ticket.event_before_receipt",
                        Severity.WARNING,
                        f"事件“{e.type}”发生在受理（{received.isoformat()}）之前，时间可能有误",
                        f"event '{e.type}' happens before receipt ({received.isoformat()}); check the time",
                        evidence=(EventRef.of(i, e),),
                    )
                )
            if t in _DISPATCHES and unit:
                units.add(unit)
            elif unit and units and unit not in units and t != "received":
                out.append(
                    Finding(
                        "ticket.unknown_unit",
                        Severity.WARNING,
                        f"事件“{e.type}”的单位“{e.unit}”从未被派单",
                        f"event '{e.type}' names unit '{e.unit}', which was never dispatched the ticket",
                        evidence=(EventRef.of(i, e),),
                    )
                )
        return out

    # ---- questions before acting -------------------------------------------------------

    def may_return(
        self,
        ticket: Ticket,
        at: datetime,
        reason: str | None = None,
        evidence: tuple[str, ...] = (),
    ) -> Answer:
        """May the unit ask to return the ticket at ``at``, with this reason and evidence?"""
        if self._by_version is not None:
            return self.engine_for(ticket, at).may_return(ticket, at, reason, evidence)
        at = _aware(at)
        events = [e for e in ticket.events if e.at <= at]
        facts = static_facts(ticket)
        rule = next((r for r in self.profile.returns if r.when(facts)), None)
        if rule is None:
            return Answer(
                False,
                (
                    Finding(
                        "return.no_rule",
                        Severity.WARNING,
                        "本办法没有适用于该工单的退单规定",
                        "the regulation has no return rule for this ticket",
                    ),
                ),
                None,
                None,
            )
        unit = next(
            (e.unit for e in reversed(events) if e.type in ("dispatched", "redispatched")), None
        )
        window_due = returns.window_due(rule, self.calc, events, unit)
        found = returns.check_request(
            rule,
            facts=facts,
            at=at,
            reason=reason,
            evidence_given=tuple(evidence),
            window_due=window_due,
            returns_so_far=sum(1 for e in events if e.type == "return_approved"),
        )
        return Answer(
            allowed=not any(f.severity is Severity.VIOLATION for f in found),
            findings=tuple(found),
            rule_id=rule.id,
            cite=rule.cite,
            approval=rule.approval,
            evidence_needed=tuple(e.text for e in rule.evidence),
            details={"window_due": _iso(window_due)},
        )

    def may_extend(self, ticket: Ticket, at: datetime, length: Duration | str) -> Answer:
        """May the unit ask at ``at`` for ``length`` more time, and where would the due move?"""
        if self._by_version is not None:
            return self.engine_for(ticket, at).may_extend(ticket, at, length)
        at = _aware(at)
        if not isinstance(length, Duration):
            length = parse_duration(length)
        evaluation = self.evaluate(ticket, at)
        facts = static_facts(ticket)
        for clock in evaluation.clocks:
            if clock.state not in (ClockState.RUNNING, ClockState.PAUSED, ClockState.BREACHED):
                continue
            if clock.stopped_at is not None or clock.due is None:
                continue
            rule = next(
                (x for x in self.profile.extensions if clock.clock in x.clocks and x.when(facts)),
                None,
            )
            clock_rule = next((c for c in self.profile.clocks if c.id == clock.rule_id), None)
            if rule is None or clock_rule is None:
                continue
            found = extensions.check_request(
                rule,
                calc=self.calc,
                at=at,
                length=length,
                due=clock.due,
                original=clock_rule.duration,
                counting=clock_rule.counting,
                approved_so_far=len(clock.extensions),
                total_so_far=[parse_duration(x) for x in clock.extensions],
                start=clock.start,
            )
            new_due = extensions.apply(self.calc, clock.due, length, clock_rule.counting)
            return Answer(
                allowed=not any(f.severity is Severity.VIOLATION for f in found),
                findings=tuple(found),
                rule_id=rule.id,
                cite=rule.cite,
                approval=rule.approval,
                details={"clock": clock.rule_id, "due": _iso(clock.due), "new_due": _iso(new_due)},
            )
        return Answer(
            False,
            (
                Finding(
                    "extension.no_rule",
                    Severity.WARNING,
                    "没有可以延期的进行中时限（或本办法没有延期规定）",
                    "no running clock may be extended (or the regulation provides no extension)",
                ),
            ),
            None,
            None,
        )

    def next_due(self, ticket: Ticket, as_of: datetime | None = None) -> ClockResult | None:
        """The open clock that falls due first at ``as_of``, if any."""
        evaluation = self.evaluate(ticket, as_of)
        open_clocks = [
            c
            for c in evaluation.clocks
            if c.due is not None and c.stopped_at is None and c.state is not ClockState.MET
        ]
        return min(open_clocks, key=lambda c: c.due or as_of, default=None)  # type: ignore[arg-type,return-value]

    def on_duty(self, at: datetime) -> tuple[DutyWindow, ...]:
        """The duty roster windows (值班) that cover ``at``: who should be answering then.

        The roster of the version in force at ``at`` (when the profile has versions).
        """
        from hotline_rules.engine.rules.duty import covering

        judge = self.engine_at(at)
        local = _aware(at).astimezone(judge.calc.zone)
        calendar = judge.calc.calendar
        return covering(
            judge.profile.duty_roster,
            local,
            lambda day: calendar.is_working_day(day, allow_estimated=True),
        )


_DISPATCHES = frozenset({"dispatched", "redispatched"})


def _extension_applies(p: Profile, clocks: list[ClockResult], facts: Mapping[str, Any]) -> bool:
    names = {c.clock for c in clocks}
    return any(x.when.test(facts) and names.intersection(x.clocks) for x in p.extensions)


FIRST_YEAR = 2
LAST_YEAR = 9998
"""The years an instant given to :meth:`Engine.evaluate` may carry (its own offset's year).

Any offset (under a day) moves such an instant into another zone without leaving ``datetime``'s
years 1 to 9999; a ticket received on 0001-01-01 at +14:00 or judged as of 9999-12-31 at -12:00
would otherwise end in an ``OverflowError`` (found by ``bench/fuzz.py``). A batch reader rejects
far more (``record.time_out_of_range``: the calendar's years); this is the engine's own guard,
for tickets and instants given to it directly."""


def _in_range(ticket: Ticket, as_of: datetime | None) -> None:
    """Refuse an ``as_of`` or an event outside :data:`FIRST_YEAR`..:data:`LAST_YEAR`.

    Events are in time order, so the first and the last event bound them all (a later event
    cannot lie a day before the first, where the overflow would be).
    """
    if as_of is not None and not FIRST_YEAR <= as_of.year <= LAST_YEAR:
        raise InputError(
            f"评估时刻 {as_of.isoformat()} 超出可以计算的年份（{FIRST_YEAR}–{LAST_YEAR} 年）",
            f"as_of {as_of.isoformat()} lies outside the years that can be computed"
            f" ({FIRST_YEAR}-{LAST_YEAR})",
            code="as_of.out_of_range",
        )
    events = ticket.events
    if events and not (events[0].at.year >= FIRST_YEAR and events[-1].at.year <= LAST_YEAR):
        at = events[0].at if events[0].at.year < FIRST_YEAR else events[-1].at
        raise InputError(
            f"工单的事件时间 {at.isoformat()} 超出可以计算的年份（{FIRST_YEAR}–{LAST_YEAR} 年）",
            f"the ticket has an event at {at.isoformat()}, outside the years that can be"
            f" computed ({FIRST_YEAR}-{LAST_YEAR})",
            code="ticket.time_out_of_range",
            hint_zh="检查事件时间的年份是否写错",
            hint_en="check the year of the event's time",
        )


def _aware(at: datetime | None) -> datetime:
    if at is None:
        return datetime.now(UTC)
    if at.tzinfo is None or at.utcoffset() is None:
        raise NaiveDatetimeError(
            f"as_of 时间 {at.isoformat()} 没有时区",
            f"as_of {at.isoformat()} has no time zone",
        )
    return at


def _iso(d: datetime | None) -> str | None:
    return d.isoformat() if d else None


def _next_day(d: date | None) -> date | None:
    return d + timedelta(days=1) if d is not None and d < date.max else None


def _midnight(d: date | None, zone: tzinfo) -> datetime | None:
    """The first instant of local day ``d``, in the shared zone of its offset.

    Event times use the same shared objects, and comparing datetimes whose ``tzinfo``
    is one object is ~40 times cheaper than across zones (this runs per ticket).
    """
    if d is None:
        return None
    return in_shared_zone(datetime.combine(d, time(0), tzinfo=zone))


__all__ = ["Answer", "Engine"]

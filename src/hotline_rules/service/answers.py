"""What each endpoint answers, as plain dicts: no HTTP here, so a test or a bench can call it.

Every verdict is the engine's own ``to_dict()`` (what ``check``, ``explain``, ``deadline`` print
with ``--format json``), wrapped with what makes it replayable: the decision id, the profile's
id, judging version and sha256, the calendar data version and whether anything was estimated.
Errors are the engine's :class:`HotlineRulesError`, raised; the application turns them into
4xx answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from hotline_rules.engine.engine import Engine
from hotline_rules.engine.explain import after_as_of_en, after_as_of_zh, events_after, explain_lines
from hotline_rules.engine.results import Evaluation
from hotline_rules.engine.ticket import (
    Rejected,
    Ticket,
    parse_record,
    parse_ticket,
    within_calendar,
)
from hotline_rules.errors import HotlineRulesError, InputError
from hotline_rules.profile.facts import FACTS, FactType
from hotline_rules.service.profiles import ProfileSet, ServedProfile
from hotline_rules.time.calendar import WorkCalendar
from hotline_rules.time.deadline import Counting, DeadlineCalculator, parse_instant
from hotline_rules.time.duration import parse_duration
from hotline_rules.time.office_hours import OfficeHours, format_intervals


def decision(
    decision_id: str,
    served: ServedProfile | None,
    calendar: WorkCalendar,
    *,
    version: str | None,
    estimated: bool,
) -> dict[str, Any]:
    """The members every answer starts with (see :class:`models.Decision`)."""
    return {
        "decision_id": decision_id,
        "profile_id": served.id if served else None,
        "profile_version": version,
        "profile_sha256": served.sha256 if served else None,
        "calendar": calendar.version.to_dict(),
        "estimated": estimated,
    }


def is_estimated(ev: Evaluation) -> bool:
    """Whether any clock of ``ev`` rests on a year no holiday notice covers."""
    return any(c.estimated for c in ev.clocks) or "calendar.estimated" in ev.codes()


def checked(engine: Engine, ev: Evaluation, ticket: Ticket) -> dict[str, Any]:
    """The JSON of ``hotline-rules check --format json``: the evaluation and the later events."""
    return {**ev.to_dict(), **after_as_of(engine, ev, ticket)}


def verdict(ev: Evaluation) -> dict[str, Any]:
    """The ``verdict`` view: clock states and finding codes, no sentences and no citations.

    A finding's sentences are written only when read (``engine/results.py``), so this view costs
    a small part of the full one, and its JSON is about a tenth of the size.
    """
    return {
        "ticket_id": ev.ticket_id,
        "profile": ev.profile_id,
        "profile_version": ev.profile_version,
        "as_of": ev.as_of.isoformat(),
        "clocks": [
            {
                "rule_id": c.rule_id,
                "unit": c.unit,
                "state": c.state.value,
                "due": c.due.isoformat() if c.due else None,
                "estimated": c.estimated,
            }
            for c in ev.clocks
        ],
        "findings": [
            {"code": f.code, "severity": f.severity.value, "rule_id": f.rule_id}
            for f in ev.findings
        ],
    }


def after_as_of(engine: Engine, ev: Evaluation, ticket: Ticket) -> dict[str, Any]:
    """The members about events later than ``as_of``, as the CLI writes them."""
    return {
        "events_after_as_of": len(events_after(ev, ticket)),
        "events_after_as_of_zh": after_as_of_zh(engine, ev, ticket),
        "events_after_as_of_en": after_as_of_en(engine, ev, ticket),
    }


def instant_or_now(text: str | None) -> datetime:
    """``text`` read as an instant with its offset, or now: one ``now`` for a whole batch."""
    return parse_instant(text) if text is not None else datetime.now(UTC)


def check_one(
    profiles: ProfileSet,
    decision_id: str,
    profile: str,
    ticket: Any,
    as_of: str | None,
    *,
    full: bool = True,
) -> dict[str, Any]:
    """``POST /v1/check`` with one ticket: a bad ticket is an error (400), as in the CLI.

    ``full=False``: the ``verdict`` view (:func:`verdict`) instead of the CLI's JSON.
    """
    engine, t, ev, head = _judged(profiles, decision_id, profile, ticket, as_of)
    return {**head, **({"result": checked(engine, ev, t)} if full else {"verdict": verdict(ev)})}


def _judged(
    profiles: ProfileSet, decision_id: str, profile: str, ticket: Any, as_of: str | None
) -> tuple[Engine, Ticket, Evaluation, dict[str, Any]]:
    """One ticket read and judged: the engine, the ticket, its evaluation and the decision."""
    served = profiles.get(profile)
    when = instant_or_now(as_of)
    t = parse_ticket(ticket)
    engine = served.engine
    ev = engine.evaluate(t, when)
    head = decision(
        decision_id,
        served,
        engine.engine_for(t, when).calc.calendar,
        version=ev.profile_version,
        estimated=is_estimated(ev),
    )
    return engine, t, ev, head


def check_batch(
    profiles: ProfileSet,
    decision_id: str,
    profile: str,
    tickets: Sequence[Any],
    as_of: str | None,
    *,
    full: bool = True,
    text_checked: bool = False,
) -> dict[str, Any]:
    """``POST /v1/check`` with ``tickets``: each judged alone; a bad one is a rejected record.

    A ticket the reader refuses keeps the reader's code (``record.missing_field`` ...); one the
    engine cannot judge becomes ``record.not_judged`` with the engine's code, as in an audit.
    ``text_checked``: the caller knows that no text holds a lone surrogate (the body has no
    surrogate escape), so the reader need not search every string for one. An item may be a
    :class:`Ticket` already (the model read it with the body): only the calendar's years are
    checked then.
    """
    served = profiles.get(profile)
    when = instant_or_now(as_of)
    engine = served.engine
    items: list[dict[str, Any]] = []
    versions: set[str | None] = set()
    judged = rejected = violations = estimated = 0
    for i, raw in enumerate(tickets):
        if isinstance(raw, Ticket):  # read by the model already (check_body.py)
            record: Ticket | Rejected = within_calendar(raw, i + 1)
        elif not isinstance(raw, Mapping):
            record = Rejected(
                i + 1,
                "这一项不是 JSON 对象（应为 {...}）",
                "the item is not a JSON object ({...})",
                None,
                "record.not_object",
            )
        else:
            record = parse_record(raw, i + 1, text_checked=text_checked)
        if isinstance(record, Ticket):
            try:
                ev = engine.evaluate(record, when)
            except HotlineRulesError as exc:
                record = Rejected(
                    i + 1,
                    f"无法评估（{exc.code}）：{exc.message_zh}",
                    f"cannot be judged ({exc.code}): {exc.message_en}",
                    record.id,
                    "record.not_judged",
                )
            else:
                judged += 1
                violations += bool(ev.violations)
                estimated += is_estimated(ev)
                versions.add(ev.profile_version)
                items.append(
                    {"index": i, "result": checked(engine, ev, record)}
                    if full
                    else {"index": i, "verdict": verdict(ev)}
                )
                continue
        rejected += 1
        items.append({"index": i, "rejected": record.to_dict()})
    return {
        **decision(
            decision_id,
            served,
            engine.calc.calendar,
            version=versions.pop() if len(versions) == 1 else None,
            estimated=estimated > 0,
        ),
        "results": items,
        "counts": {
            "tickets": len(tickets),
            "judged": judged,
            "rejected": rejected,
            "with_violations": violations,
            "estimated": estimated,
        },
    }


def explain(
    profiles: ProfileSet, decision_id: str, profile: str, ticket: Any, as_of: str | None
) -> dict[str, Any]:
    """``POST /v1/explain``: the JSON of ``hotline-rules explain --format json``."""
    engine, t, ev, head = _judged(profiles, decision_id, profile, ticket, as_of)
    return {
        **head,
        "result": {
            "ticket_id": ev.ticket_id,
            "profile": ev.profile_id,
            "profile_version": ev.profile_version,
            "timeline": explain_lines(engine, ev, t),
            **after_as_of(engine, ev, t),
        },
    }


def may_return(
    profiles: ProfileSet,
    decision_id: str,
    profile: str,
    ticket: Any,
    at: str | None,
    reason: str | None,
    evidence: Sequence[str],
) -> dict[str, Any]:
    """``POST /v1/may-return``: ``Engine.may_return``'s answer."""
    served = profiles.get(profile)
    when = instant_or_now(at)
    t = parse_ticket(ticket)
    judge = served.engine.engine_for(t, when)
    answer = served.engine.may_return(t, when, reason, tuple(evidence))
    return {
        **decision(
            decision_id, served, judge.calc.calendar, version=judge.version.label, estimated=False
        ),
        "result": answer.to_dict(),
    }


def may_extend(
    profiles: ProfileSet,
    decision_id: str,
    profile: str,
    ticket: Any,
    at: str | None,
    length: str,
) -> dict[str, Any]:
    """``POST /v1/may-extend``: ``Engine.may_extend``'s answer, with the due it would move to."""
    served = profiles.get(profile)
    when = instant_or_now(at)
    t = parse_ticket(ticket)
    judge = served.engine.engine_for(t, when)
    answer = served.engine.may_extend(t, when, parse_duration(length))
    estimated = is_estimated(served.engine.evaluate(t, when))
    return {
        **decision(
            decision_id,
            served,
            judge.calc.calendar,
            version=judge.version.label,
            estimated=estimated,
        ),
        "result": answer.to_dict(),
    }


def typed_facts(facts: Mapping[str, Any]) -> dict[str, object]:
    """JSON facts typed by the fact registry, as ``deadline --set`` types its text.

    Text is accepted for every fact (``"2"``, ``"true"``, ``"a,b"``), so that a client may send
    what a form holds; a value of the wrong kind is ``usage.bad_fact``.
    """
    out: dict[str, object] = {}
    for key, value in facts.items():
        spec = FACTS.get(key)
        if spec is None:
            raise _bad_fact(
                f"没有名为“{key}”的工单属性（可用：{'、'.join(FACTS)}）",
                f"no fact named '{key}' (facts: {', '.join(FACTS)})",
            )
        kind = spec.type
        if kind is FactType.TAGS:
            words = value.split(",") if isinstance(value, str) else value
            if not isinstance(words, list):
                raise _bad_fact(f"“{key}”应为文本数组", f"'{key}' takes a list of words")
            out[key] = frozenset(w.strip() for w in words if w.strip())
        elif kind is FactType.INT:
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise _bad_fact(f"“{key}”应为整数", f"'{key}' takes an integer")
            try:
                out[key] = int(value)
            except ValueError:
                raise _bad_fact(
                    f"“{key}”应为整数，实际为“{value}”", f"'{key}' takes an integer, got '{value}'"
                ) from None
        elif kind is FactType.BOOL:
            if isinstance(value, str) and value.lower() in ("true", "false"):
                value = value.lower() == "true"
            if not isinstance(value, bool):
                raise _bad_fact(f"“{key}”应为 true 或 false", f"'{key}' takes true or false")
            out[key] = value
        else:
            if not isinstance(value, str):
                raise _bad_fact(f"“{key}”应为文本", f"'{key}' takes a word")
            out[key] = value
    return out


def _bad_fact(zh: str, en: str) -> InputError:
    return InputError(zh, en, code="usage.bad_fact", location=None)


def deadline(profiles: ProfileSet, decision_id: str, body: Any) -> dict[str, Any]:
    """``POST /v1/deadline``: the JSON of ``hotline-rules deadline --format json``.

    With ``profile`` and ``clock`` the rule comes from the profile version in force at
    ``start`` (the CLI reads the plain file's version).
    """
    instant = parse_instant(body.start)
    hours = None
    served = None
    rule = None
    if body.profile is not None:
        if body.clock is None or body.add is not None:
            raise InputError(
                "使用 profile 时请用 clock 指明时限（不要同时给 add）",
                "with profile, name the clock with clock (and give no add)",
                code="usage.profile_needs_clock",
            )
        served = profiles.get(body.profile)
        judge = served.engine.engine_at(instant)
        compiled = judge.compiled
        rule = compiled.select_clock(body.clock, typed_facts(body.facts))
        result = compiled.due(rule, instant, allow_estimated=body.allow_estimated or None)
        calc = compiled.calculator
        version = judge.version.label
    else:
        if body.add is None:
            raise InputError(
                "请用 add 给出期限，或用 profile 与 clock 按配置计算",
                "give the limit with add, or use profile with clock",
                code="usage.missing_add",
            )
        duration = parse_duration(body.add)
        hours = OfficeHours.parse(body.office_hours) if body.office_hours else None
        calc = DeadlineCalculator(WorkCalendar.default(), zone=body.zone, office_hours=hours)
        counting = Counting(
            ends_at=body.ends_at.value, style=body.style.value, rollover=body.rollover
        )
        result = calc.due(instant, duration, counting, allow_estimated=body.allow_estimated)
        version = None
    data = result.to_dict()
    data["office_hours"] = format_intervals(hours.intervals(instant.date())) if hours else None
    if rule is not None:
        data["profile"] = body.profile
        data["rule"] = {
            "id": rule.id,
            "clock": rule.clock,
            "when": dict(rule.when.source),
            "cite": rule.cite.model_dump(mode="json"),
            "note": rule.note,
        }
    return {
        **decision(decision_id, served, calc.calendar, version=version, estimated=result.estimated),
        "result": data,
    }


def calendar_year(
    profiles: ProfileSet, decision_id: str, year: int, profile: str | None
) -> dict[str, Any]:
    """``GET /v1/calendar/{year}``: every day of the year, working or not and why."""
    served = profiles.get(profile) if profile is not None else None
    cal = served.engine.calc.calendar if served is not None else WorkCalendar.default()
    days = cal.days(date(year, 1, 1), date(year, 12, 31))
    return {
        "decision_id": decision_id,
        "year": year,
        "profile_id": served.id if served else None,
        "days": [d.to_dict() for d in days],
        "working_days": sum(d.working for d in days),
        "official": all(d.official for d in days),
        "calendar": cal.version.to_dict(),
    }


__all__ = [
    "calendar_year",
    "check_batch",
    "check_one",
    "checked",
    "deadline",
    "decision",
    "explain",
    "is_estimated",
    "may_extend",
    "may_return",
    "typed_facts",
    "verdict",
]

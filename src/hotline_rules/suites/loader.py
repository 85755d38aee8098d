"""Load a test suite: safe YAML, schema, then the checks that need the profile.

Everything that can be wrong with a suite is found here, before any case runs,
and reported at its file:line:column in Chinese and English: a case with no
expectation, an unknown fixture or rule id (or a rule of the wrong kind), a
duplicate case name, an unknown key, an instant without its offset. A broken
suite must never look like a passing one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hotline_rules.engine.ticket import Event, Ticket
from hotline_rules.errors import HotlineRulesError, Location, gather
from hotline_rules.profile import LoadedProfile, ProfileError, default_registry
from hotline_rules.profile.facts import FACTS
from hotline_rules.profile.registry import ProfileNotFoundError
from hotline_rules.resources import bundled_profiles_dir
from hotline_rules.suites.model import API_VERSION, Case, Suite, TicketFixture, TicketPatch
from hotline_rules.yaml_source import PathKey, SourceDocument, load_yaml_file, validation_error

SUFFIX = ".test.yaml"
"""How suite files are named: ``profiles/tests/<profile>.test.yaml``."""


class SuiteError(HotlineRulesError):
    """Raised when a test suite file is invalid (the profile it names may be fine)."""

    code = "suite.invalid"


class CaseKind(StrEnum):
    """What a case asks about, decided by its keys."""

    TICKET = "ticket"
    """A ticket at ``as_of`` (clocks, findings, facts), optionally ``ask: return|extend``."""
    AUDIT = "audit"
    """Several tickets audited together (KPIs, accountability, assessment)."""
    DUTY = "duty"
    """Who is on duty at an instant (``ask: {on_duty: ...}``)."""


# Which section of the profile each kind of expectation may name.
_CLOCK_SECTIONS = frozenset({"clocks", "ownership"})
_ANSWER_SECTIONS = frozenset({"returns", "extensions"})


@dataclass(frozen=True)
class LoadedCase:
    """A validated case, its tickets built, ready to run."""

    case: Case
    index: int
    kind: CaseKind
    file: str
    line: int
    profile_ref: str
    """What to hand the engine: the profile's name or path, with ``@version`` when pinned."""
    ticket: Ticket | None
    audit_tickets: tuple[Ticket, ...]
    as_of: datetime | None

    @property
    def name(self) -> str:
        return self.case.name


@dataclass(frozen=True)
class LoadedSuite:
    """A validated suite: where it is, its profile, and its cases."""

    path: Path
    suite: Suite
    profile: LoadedProfile
    profile_ref: str
    cases: tuple[LoadedCase, ...]

    @property
    def name(self) -> str:
        return self.suite.name or self.path.name


def load_suite(path: str | Path, *, profile: str | Path | None = None) -> LoadedSuite:
    """Load and check the suite at ``path``; raise :class:`SuiteError` (or ``ProfileError``).

    ``profile`` (a name or path) replaces the profile the suite names: run the cases
    of today's rules against a draft to see which of them the draft changes. Cases
    that pin a ``version:`` keep judging by that version of the named profile.
    """
    p = Path(path)
    doc = load_yaml_file(p)
    if not isinstance(doc.data, dict):
        raise doc.error(
            (),
            "测试文件应为键值对（apiVersion、profile、fixtures、cases）",
            "a test file must be a mapping (apiVersion, profile, fixtures, cases)",
            code="suite.not_a_mapping",
            cls=SuiteError,
        )
    try:
        suite = Suite.model_validate(doc.data)
    except ValidationError as exc:
        raise validation_error(
            exc, doc, cls=SuiteError, code_prefix="suite", schema=_schema()
        ) from exc
    return _Checker(p, doc, suite, None if profile is None else str(profile)).run()


def profile_reference(suite_path: Path, profile: str) -> str:
    """Resolve a suite's ``profile:``: a path (relative to the suite), the profile beside the
    ``tests/`` directory (``profiles/tests/x.test.yaml`` -> ``profiles/x.yaml``), or a name."""
    if profile.endswith((".yaml", ".yml")) or "/" in profile or "\\" in profile:
        return str(suite_path.parent / profile)
    beside = suite_path.resolve().parent.parent / f"{profile}.yaml"
    if suite_path.resolve().parent.name != "tests" or not beside.is_file():
        return profile
    on_path = default_registry().path_of(profile)
    if on_path is not None and on_path.resolve() == beside:
        return profile  # the registry finds the same file by name (keeps NAME@version working)
    return str(beside)


class _Checker:
    """The checks that need the whole file or the profile."""

    def __init__(
        self, path: Path, doc: SourceDocument, suite: Suite, override: str | None = None
    ) -> None:
        self.path = path
        self.doc = doc
        self.suite = suite
        self.named_ref = profile_reference(path, suite.profile)
        self.ref = override if override is not None else self.named_ref
        self.profile = self._load_profile(self.ref, ("profile",))
        self.sections = {r.id: s for s, r in self.profile.profile.rules()}

    def error(
        self,
        path: PathKey,
        zh: str,
        en: str,
        code: str,
        *,
        at_key: bool = False,
        hint_zh: str | None = None,
        hint_en: str | None = None,
    ) -> SuiteError:
        return self.doc.error(  # type: ignore[return-value]
            path,
            zh,
            en,
            code=code,
            cls=SuiteError,
            at_key=at_key,
            hint_zh=hint_zh,
            hint_en=hint_en,
        )

    def _load_profile(self, ref: str, where: PathKey) -> LoadedProfile:
        try:
            return default_registry().load(ref)
        except ProfileError:
            raise  # the profile itself is broken: exit 3, reported at the profile's line
        except ProfileNotFoundError as exc:
            raise self.error(
                where,
                f"找不到被测配置：{exc.message_zh}",
                f"the profile under test is not found: {exc.message_en}",
                "suite.profile_not_found",
                hint_zh="修改稿请写文件路径（相对本测试文件），或把测试文件放在修改稿旁边的 tests/ 目录里",
                hint_en=(
                    "for a draft, write its file path (relative to this test file), "
                    "or put the test file in a tests/ directory beside the draft"
                ),
            ) from exc

    def run(self) -> LoadedSuite:
        """Check every case; report every faulty case at once (one error each), in file order."""
        names: dict[str, int] = {}
        cases: list[LoadedCase] = []
        problems: list[SuiteError] = []
        for i, case in enumerate(self.suite.cases):
            here: PathKey = ("cases", i)
            line = self.doc.locate(here).line or 1
            try:
                if case.name in names:
                    raise self.error(
                        (*here, "name"),
                        f"用例名称“{case.name}”重复（第一次出现在第 {names[case.name]} 行）",
                        f"duplicate case name '{case.name}' (first at line {names[case.name]})",
                        "suite.duplicate_case",
                        hint_zh="每个用例的 name 在本文件内必须唯一。",
                        hint_en="every case name must be unique in its file.",
                    )
                names[case.name] = self.doc.locate((*here, "name")).line or line
                cases.append(self._case(i, case, line))
            except SuiteError as exc:
                problems.append(exc)
        if problems:
            raise gather(problems)
        return LoadedSuite(self.path, self.suite, self.profile, self.ref, tuple(cases))

    # ---- one case -----------------------------------------------------------------------

    def _case(self, i: int, case: Case, line: int) -> LoadedCase:
        here: PathKey = ("cases", i)
        expect = case.expect
        if expect is None or expect.is_empty():
            raise self.error(
                (*here, "expect") if expect is not None else here,
                f"用例“{case.name}”没有任何期望（expect），运行它什么也检验不了",
                f"case '{case.name}' has no expectation (expect), so it would test nothing",
                "suite.no_expectation",
                hint_zh="在 expect 下写明关心的结果，如 clocks、findings、answer。",
                hint_en="state what matters under expect: clocks, findings, answer, ...",
            )
        kind = self._kind(i, case)
        ref = self.ref
        profile = self.profile
        if case.version is not None:
            ref = f"{self.named_ref}@{case.version.isoformat()}"
            profile = self._load_profile(ref, (*here, "version"))
        sections = {r.id: s for s, r in profile.profile.rules()}
        self._check_rules(i, case, sections)
        as_of = case.as_of or self.suite.as_of
        ticket: Ticket | None = None
        audit_tickets: tuple[Ticket, ...] = ()
        if kind is CaseKind.TICKET:
            assert case.ticket is not None
            ticket = self._ticket(
                (*here, "ticket"), case.ticket, case.set_, case.events_add, (*here,)
            )
            if as_of is None and (expect.clocks or expect.findings or expect.facts):
                raise self.error(
                    here,
                    f"用例“{case.name}”没有评估时刻：请写 as_of（或在文件顶层写默认的 as_of）",
                    f"case '{case.name}' has no instant to evaluate at: give as_of (or a default at the top)",
                    "suite.no_as_of",
                )
        elif kind is CaseKind.AUDIT:
            assert case.audit is not None
            if as_of is None:
                raise self.error(
                    here,
                    f"统计用例“{case.name}”没有统计时刻：请写 as_of",
                    f"audit case '{case.name}' has no as_of",
                    "suite.no_as_of",
                )
            built: list[Ticket] = []
            for j, item in enumerate(case.audit.tickets):
                where: PathKey = (*here, "audit", "tickets", j)
                if isinstance(item, str):
                    built.append(self._ticket(where, item, None, (), where))
                    continue
                t = self._ticket((*where, "ticket"), item.ticket, item.set_, item.events_add, where)
                built.append(t)
                built.extend(
                    t.model_copy(update={"id": f"{t.id}#{n}"}) for n in range(2, item.times + 1)
                )
            audit_tickets = tuple(built)
        return LoadedCase(
            case=case,
            index=i,
            kind=kind,
            file=str(self.path),
            line=line,
            profile_ref=ref,
            ticket=ticket,
            audit_tickets=audit_tickets,
            as_of=as_of,
        )

    def _kind(self, i: int, case: Case) -> CaseKind:
        here: PathKey = ("cases", i)
        e = case.expect
        assert e is not None
        audit_keys = bool(e.kpis or e.circumstances or e.vetoes or e.assessment)
        duty = case.ask is not None and case.ask.on_duty is not None
        if case.audit is not None:
            kind = CaseKind.AUDIT
            wrong = [k for k in ("ticket", "ask") if getattr(case, k) is not None]
            wrong += [
                k
                for k in ("clocks", "findings", "facts", "answer", "on_duty", "units")
                if getattr(e, k)
            ]
        elif duty:
            kind = CaseKind.DUTY
            wrong = [k for k in ("ticket",) if getattr(case, k) is not None]
            wrong += [
                k for k in ("clocks", "findings", "facts", "answer", "units") if getattr(e, k)
            ]
            wrong += [k for k in ("kpis", "circumstances", "vetoes", "assessment") if getattr(e, k)]
        else:
            kind = CaseKind.TICKET
            if case.ticket is None:
                what = "kpis、circumstances、vetoes、assessment 需要 audit" if audit_keys else ""
                raise self.error(
                    here,
                    f"用例“{case.name}”没有写 ticket（工单夹具名称）、audit 或 ask.on_duty"
                    + (f"（{what}）" if what else ""),
                    f"case '{case.name}' names no ticket (a fixture), audit or ask.on_duty"
                    + (" (kpis, circumstances, vetoes and assessment need audit)" if what else ""),
                    "suite.nothing_to_run",
                )
            wrong = [
                k
                for k in ("kpis", "circumstances", "vetoes", "assessment", "on_duty")
                if getattr(e, k)
            ]
            if e.on_duty is not None and "on_duty" not in wrong:
                wrong.append("on_duty")
        if kind is not CaseKind.TICKET and (case.set_ is not None or case.events_add):
            wrong += [k for k, v in (("set", case.set_), ("events_add", case.events_add)) if v]
        if wrong:
            first = wrong[0]
            path: PathKey = (
                (*here, first)
                if first in ("ticket", "ask", "set", "events_add")
                else (*here, "expect", first)
            )
            label = {
                CaseKind.AUDIT: "统计（audit）",
                CaseKind.DUTY: "值班（ask.on_duty）",
                CaseKind.TICKET: "工单（ticket）",
            }[kind]
            label_en = {
                CaseKind.AUDIT: "an audit",
                CaseKind.DUTY: "a duty (ask.on_duty)",
                CaseKind.TICKET: "a ticket",
            }[kind]
            raise self.error(
                path,
                f"{label}用例不能写 {first}",
                f"{label_en} case cannot have {first}",
                "suite.misplaced_key",
                at_key=True,
                hint_zh="工单用例：clocks、findings、facts、answer、units；统计用例：kpis、circumstances、vetoes、assessment；值班用例：on_duty。",
                hint_en="ticket cases: clocks, findings, facts, answer, units; audit cases: kpis, circumstances, vetoes, assessment; duty cases: on_duty.",
            )
        if e.answer is not None and (
            case.ask is None or (case.ask.return_ is None and case.ask.extend is None)
        ):
            raise self.error(
                (*here, "expect", "answer"),
                "expect.answer 需要 ask.return 或 ask.extend",
                "expect.answer needs ask.return or ask.extend",
                "suite.answer_without_ask",
                at_key=True,
            )
        if case.ask is not None and (case.ask.return_ or case.ask.extend) and e.answer is None:
            raise self.error(
                (*here, "ask"),
                "写了 ask（退单或延期询问），却没有在 expect.answer 中写期望的答复",
                "ask (return or extend) is given but expect.answer is missing",
                "suite.ask_without_answer",
                at_key=True,
            )
        if e.answer is not None and case.ask is not None:
            if e.answer.new_due is not None and case.ask.extend is None:
                raise self.error(
                    (*here, "expect", "answer", "new_due"),
                    "new_due 只用于延期询问（ask.extend）",
                    "new_due is for ask.extend only",
                    "suite.misplaced_key",
                    at_key=True,
                )
            if e.answer.window_due is not None and case.ask.return_ is None:
                raise self.error(
                    (*here, "expect", "answer", "window_due"),
                    "window_due 只用于退单询问（ask.return）",
                    "window_due is for ask.return only",
                    "suite.misplaced_key",
                    at_key=True,
                )
        for name in e.facts or {}:
            if name not in FACTS:
                close = difflib.get_close_matches(name, list(FACTS), n=1)
                maybe_zh = f"，是不是“{close[0]}”？" if close else ""
                maybe_en = f"; did you mean '{close[0]}'?" if close else ""
                raise self.error(
                    (*here, "expect", "facts", name),
                    f"不认识的事实“{name}”{maybe_zh}",
                    f"unknown fact '{name}'{maybe_en}",
                    "suite.unknown_fact",
                    at_key=True,
                )
        return kind

    def _check_rules(self, i: int, case: Case, sections: dict[str, str]) -> None:
        e = case.expect
        assert e is not None
        base: PathKey = ("cases", i, "expect")
        refs: list[tuple[PathKey, str, frozenset[str] | None, str, str]] = []
        for j, c in enumerate(e.clocks):
            refs.append(((*base, "clocks", j, "rule"), c.rule, _CLOCK_SECTIONS, "时限", "clock"))
            if c.rework is not None:
                refs.append(
                    (
                        (*base, "clocks", j, "rework"),
                        c.rework,
                        frozenset({"rework"}),
                        "发回重办",
                        "rework",
                    )
                )
        if e.units is not None and e.units.rule is not None:
            refs.append(
                ((*base, "units", "rule"), e.units.rule, frozenset({"units"}), "计入单位", "units")
            )
        if e.findings is not None:
            for part in ("include", "exclude"):
                for j, f in enumerate(getattr(e.findings, part)):
                    if f.rule is not None:
                        refs.append(((*base, "findings", part, j, "rule"), f.rule, None, "", ""))
        if e.answer is not None:
            if e.answer.rule is not None:
                refs.append(
                    (
                        (*base, "answer", "rule"),
                        e.answer.rule,
                        _ANSWER_SECTIONS,
                        "退单或延期",
                        "return or extension",
                    )
                )
            if e.answer.findings is not None:
                for part in ("include", "exclude"):
                    for j, f in enumerate(getattr(e.answer.findings, part)):
                        if f.rule is not None:
                            refs.append(
                                (
                                    (*base, "answer", "findings", part, j, "rule"),
                                    f.rule,
                                    None,
                                    "",
                                    "",
                                )
                            )
        for j, k in enumerate(e.kpis):
            refs.append(((*base, "kpis", j, "rule"), k.rule, frozenset({"kpis"}), "指标", "KPI"))
        for j, circ in enumerate(e.circumstances):
            refs.append(
                (
                    (*base, "circumstances", j, "rule"),
                    circ.rule,
                    frozenset({"accountability.circumstances"}),
                    "问责情形",
                    "accountability circumstance",
                )
            )
        for j, v in enumerate(e.vetoes):
            refs.append(
                (
                    (*base, "vetoes", j, "rule"),
                    v.rule,
                    frozenset({"accountability.vetoes"}),
                    "一票否决",
                    "veto",
                )
            )
        if e.assessment is not None:
            refs.append(
                (
                    (*base, "assessment", "rule"),
                    e.assessment.rule,
                    frozenset({"assessment"}),
                    "考核",
                    "assessment",
                )
            )
            for metric in e.assessment.metrics:
                refs.append(
                    (
                        (*base, "assessment", "metrics", metric),
                        metric,
                        frozenset({"kpis"}),
                        "指标",
                        "KPI",
                    )
                )
        for j, rule_id in enumerate(e.on_duty or ()):
            refs.append(
                (
                    (*base, "on_duty", j),
                    rule_id,
                    frozenset({"duty_roster"}),
                    "值班时段",
                    "duty window",
                )
            )
        for path, rule_id, allowed, what_zh, what_en in refs:
            section = sections.get(rule_id)
            at_key = path[-2] == "metrics"
            if section is None:
                close = difflib.get_close_matches(rule_id, list(sections), n=1)
                maybe_zh = f"，是不是“{close[0]}”？" if close else ""
                maybe_en = f"; did you mean '{close[0]}'?" if close else ""
                raise self.error(
                    path,
                    f"配置 {self.profile.profile.meta.id} 中没有规则“{rule_id}”{maybe_zh}",
                    f"profile {self.profile.profile.meta.id} has no rule '{rule_id}'{maybe_en}",
                    "suite.unknown_rule",
                    at_key=at_key,
                    hint_zh="用 hotline-rules show 查看配置的全部规则编号。",
                    hint_en="list the profile's rule ids with `hotline-rules show`.",
                )
            if allowed is not None and section not in allowed:
                raise self.error(
                    path,
                    f"规则“{rule_id}”属于 {section}，不是{what_zh}规则",
                    f"rule '{rule_id}' is in {section}, not a {what_en} rule",
                    "suite.wrong_rule_kind",
                    at_key=at_key,
                )

    def _ticket(
        self,
        where: PathKey,
        name: str,
        patch: TicketPatch | None,
        events_add: Iterable[Event],
        changes_at: PathKey,
    ) -> Ticket:
        fixtures = self.suite.fixtures.tickets
        fixture = fixtures.get(name)
        if fixture is None:
            close = difflib.get_close_matches(name, list(fixtures), n=1)
            maybe_zh = f"，是不是“{close[0]}”？" if close else ""
            maybe_en = f"; did you mean '{close[0]}'?" if close else ""
            known = "、".join(fixtures) or "（无）"
            raise self.error(
                where,
                f"没有名为“{name}”的工单夹具{maybe_zh}（已有：{known}）",
                f"no ticket fixture named '{name}'{maybe_en} (known: {', '.join(fixtures) or 'none'})",
                "suite.unknown_fixture",
            )
        return build_ticket(name, fixture, patch, tuple(events_add))


def build_ticket(
    name: str, fixture: TicketFixture, patch: TicketPatch | None, events_add: tuple[Event, ...]
) -> Ticket:
    """The fixture as a ticket, with a case's changes: attributes set, events added."""
    data: dict[str, Any] = {k: getattr(fixture, k) for k in TicketFixture.model_fields}
    data["id"] = fixture.id or name
    if patch is not None:
        data.update({k: v for k, v in patch.model_dump(exclude_unset=True).items()})
    data["events"] = (*fixture.events, *events_add)
    data["tags"] = frozenset(data["tags"] or ())
    return Ticket.model_validate(data)


@cache
def _schema() -> dict[str, Any]:
    """The suite language's JSON Schema: which keys each place allows, for "did you mean"."""
    from hotline_rules.suites.json_schema import suite_json_schema

    return suite_json_schema()


def is_suite_file(path: Path) -> bool:
    """A ``*.test.yaml`` file that says it is one of ours (other tools use that suffix too)."""
    if not path.name.endswith(SUFFIX) or not path.is_file():
        return False
    try:
        head = path.read_bytes()[:4096].decode("utf-8-sig", errors="replace")
    except OSError:
        return False
    return API_VERSION in head


def find_suites(directory: Path) -> list[Path]:
    """The suite files in ``directory`` (not below it), sorted."""
    return sorted(p for p in directory.glob(f"*{SUFFIX}") if p.is_file())


def bundled_suites_dir() -> Path:
    """``profiles/tests/`` of the bundled profiles."""
    return bundled_profiles_dir() / "tests"


LOCAL_SUITES = Path("profiles") / "tests"
"""Suites of a checkout: run from a source tree, its own ``profiles/tests/`` comes first, so the
suites (and the profiles beside them) being edited are the ones tested, installed or not."""


def _suite_dirs() -> list[Path]:
    dirs = [LOCAL_SUITES] if LOCAL_SUITES.is_dir() else []
    return dirs + [d / "tests" for d in default_registry().directories]


def resolve_targets(targets: Iterable[str]) -> list[Path]:
    """Suite files for command-line targets: files, directories, or profile names.

    No target means every suite of ``profiles/tests/`` in the current directory, or
    else every bundled suite. A directory holding no suite but a ``tests/`` directory
    (``profiles/``) means the suites in ``tests/``. A name means ``<name>.test.yaml``
    in ``profiles/tests/`` of the current directory, or beside the profiles of the
    search path.
    """
    wanted = list(targets)
    if not wanted:
        local = find_suites(LOCAL_SUITES) if LOCAL_SUITES.is_dir() else []
        return local or find_suites(bundled_suites_dir())
    out: list[Path] = []
    for target in wanted:
        p = Path(target)
        if p.is_file():
            out.append(p)
            continue
        if p.is_dir():
            found = find_suites(p) or find_suites(p / "tests")
            if not found:
                raise SuiteError(
                    f"目录 {target} 中没有测试文件（*{SUFFIX}）",
                    f"no test files (*{SUFFIX}) in the directory {target}",
                    code="suite.none_found",
                    location=Location(target),
                )
            out += found
            continue
        if target.endswith((".yaml", ".yml")) or "/" in target or "\\" in target:
            raise SuiteError(
                f"找不到测试文件 {target}",
                f"no test file at {target}",
                code="suite.not_found",
                location=Location(target),
            )
        candidates = [d / f"{target}{SUFFIX}" for d in _suite_dirs()]
        hit = next((c for c in candidates if c.is_file()), None)
        if hit is None:
            raise SuiteError(
                f"配置“{target}”没有测试文件（应为 {candidates[0]}）",
                f"profile '{target}' has no test file (expected {candidates[0]})",
                code="suite.not_found",
                hint_zh="在 profiles/tests/ 下新建该配置的测试文件，写法见 docs/zh/testing.md。",
                hint_en="write one under profiles/tests/ (see docs/zh/testing.md).",
            )
        out.append(hit)
    return out


__all__ = [
    "SUFFIX",
    "CaseKind",
    "LoadedCase",
    "LoadedSuite",
    "SuiteError",
    "build_ticket",
    "find_suites",
    "is_suite_file",
    "load_suite",
    "profile_reference",
    "resolve_targets",
]

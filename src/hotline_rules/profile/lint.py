"""Lint a profile: what validates but is likely wrong.

Validation (``profile/loader.py``) refuses what cannot be read; lint points at
what reads fine and is still probably a mistake: a clock no ticket can
select, two rules of one clock that both apply with different limits, a
condition that can never be true, an extension of years, a rule that cites
nothing. Each finding is a :class:`Lint` with a stable dotted code, a
severity (``warning``: most likely wrong; ``info``: unusual, check it against
the text), the rule, ``file:line:column`` from the profile's provenance, and
what to do about it, in Chinese and English. Every check is a pure function
of the loaded profile.

How conditions are decided: by enumeration, exactly. A condition reads a few
facts, and only the values it names can make a difference, so each fact is
given a small domain that stands for all its values:

- words (``kind``, ``channel`` ...): every word the conditions name, one more
  word of the vocabulary that none of them names (when there is one), and
  "not given" (a ticket may leave the attribute empty);
- numbers (``returns``, ``repeat_count`` ...), the one kind of fact whose
  values are not finite: the comparisons only ever compare with the constants
  written in the conditions, so 0 and each constant ``c`` with ``c - 1`` and
  ``c + 1`` (never below 0: they are counts) stand for every region of the
  number line the conditions can tell apart;
- tag sets: every subset of the tags named;
- yes/no facts: both.

A fact the rule's section never sees is left out (it reads as "not given"):
clocks, extensions and returns are chosen from the ticket's own attributes
(``profile.facts.STATIC_FACTS``), before anything has happened to it. The facts that
follow from others (``overdue`` is "the completion clock is breached",
``in_time_limit`` its negation, ...) are computed from the ones they follow
from, as ``engine.facts.derive`` does, so ``overdue: true`` with ``in_time_limit:
true`` is seen to be impossible. When the combinations would exceed
:data:`MAX_COMBINATIONS` the question is left undecided and nothing is
reported: lint never guesses.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations, product
from pathlib import Path
from typing import Any, Final, NamedTuple

from hotline_rules.errors import Location
from hotline_rules.profile.conditions import Condition
from hotline_rules.profile.facts import FACTS, SHARED_VOCABULARIES, STATIC_FACTS, FactSpec, FactType
from hotline_rules.profile.fields import Rule
from hotline_rules.profile.loader import VERSION_SEP, LoadedProfile, Provenance
from hotline_rules.profile.schema import (
    RULE_SECTIONS,
    Circumstance,
    ClockRule,
    ExtensionRule,
    Profile,
    ReturnRule,
    VetoRule,
)
from hotline_rules.time.duration import Duration, Unit
from hotline_rules.yaml_source import PathKey, format_path

# ---- what a lint is -------------------------------------------------------------------------


class LintSeverity(StrEnum):
    """How sure lint is that something is wrong."""

    WARNING = "warning"
    """Most likely a mistake: fix it, or say in the rule's ``note`` why it is meant."""
    INFO = "info"
    """Unusual but possibly right: check it against the regulation's text."""


@dataclass(frozen=True, slots=True)
class Lint:
    """One thing lint noticed: code, severity, rule, where, what and how to fix it."""

    code: str
    severity: LintSeverity
    rule_id: str | None
    location: Location
    message_zh: str
    message_en: str
    hint_zh: str
    hint_en: str
    related: tuple[str, ...] = ()
    """Other rules involved (the one that shadows this one, the one it overlaps)."""

    def where(self) -> str:
        """``file:line:column`` (what is known of it), or the field path."""
        loc = self.location
        if not loc.file:
            return loc.path or ""
        out = loc.file
        if loc.line is not None:
            out += f":{loc.line}"
            if loc.column is not None:
                out += f":{loc.column}"
        return out

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON keys (the CLI's ``--format json``)."""
        loc = self.location
        return {
            "code": self.code,
            "severity": self.severity.value,
            "rule_id": self.rule_id,
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "path": loc.path,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "hint_zh": self.hint_zh,
            "hint_en": self.hint_en,
            "related": list(self.related),
        }


# ---- bounds (choices, documented in docs/zh/lint.md) ---------------------------------------

LONG_EXTENSION: Final = Duration(60, Unit.WORKING_DAYS)
"""An extension longer than this (about three months) is reported as ``info``: some
regulations allow it (90 working days for engineering works), most never do."""

TOO_LONG_EXTENSION: Final = Duration(250, Unit.WORKING_DAYS)
"""An extension longer than this (about a year of working days) is a ``warning``:
no hotline regulation gives a year more, so it is most likely a typo (``100`` for ``10``)."""

MAX_EXTENSION_FACTOR: Final = 3.0
"""``max_each_factor`` above this is a ``warning`` ("不超过规定时限的一倍" is 1)."""

MAX_COMBINATIONS: Final = 65_536
"""Beyond this many combinations of fact values a question is left undecided."""

TICKET_FACTS: Final = frozenset(STATIC_FACTS)
"""The facts a clock, extension or return rule can read: the ticket's own attributes."""

ALL_FACTS: Final = frozenset(FACTS)
"""The facts supervision, contact, closure, KPI and accountability rules can read."""

_OTHER = "\x00another word"  # stands for a vocabulary word that no condition names

# Facts that follow from others, as engine.facts.derive computes them (a test holds the two together).
_FOLLOWS: Final[Mapping[str, tuple[frozenset[str], frozenset[str]]]] = {
    # fact: (clock names it needs in ``breached``, tags it needs)
    "overdue": (frozenset({"completion"}), frozenset()),
    "in_time_limit": (frozenset({"completion"}), frozenset()),
    "first_contact_late": (frozenset({"first_contact"}), frozenset()),
    "sign_for_late": (frozenset({"sign_for"}), frozenset()),
    "overdue_unexcused": (frozenset({"completion"}), frozenset({"excused_delay"})),
}


def _complete(facts: dict[str, Any]) -> None:
    """Set the facts that follow from ``breached`` and ``tags`` (see ``engine.facts.derive``)."""
    breached = facts.get("breached") or frozenset()
    overdue = "completion" in breached
    facts["overdue"] = overdue
    facts["in_time_limit"] = not overdue
    facts["first_contact_late"] = "first_contact" in breached
    facts["sign_for_late"] = "sign_for" in breached
    facts["overdue_unexcused"] = overdue and "excused_delay" not in (facts.get("tags") or ())


# ---- deciding conditions --------------------------------------------------------------------


class Decided(NamedTuple):
    """Whether a condition holds for some ticket, and whether for every ticket."""

    sometimes: bool
    always: bool


class FactSpace:
    """Every combination of the fact values that can make a difference to some conditions."""

    def __init__(
        self, names: tuple[str, ...], domains: tuple[tuple[Any, ...], ...], follows: bool
    ) -> None:
        self.names = names
        self.domains = domains
        self.follows = follows
        self.size = math.prod(len(d) for d in domains)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for values in product(*self.domains):
            facts = dict(zip(self.names, values, strict=True))
            if self.follows:
                _complete(facts)
            yield facts

    @classmethod
    def of(
        cls,
        conditions: Iterable[Condition],
        known: frozenset[str],
        vocabularies: Mapping[str, frozenset[str]],
    ) -> FactSpace | None:
        """The space for ``conditions`` read where only ``known`` facts exist (None: too large)."""
        mentioned: dict[str, set[Any]] = {}
        used: set[str] = set()
        for c in conditions:
            _collect(c.source, mentioned)
            used |= c.facts_used
        used &= known
        follows = used & _FOLLOWS.keys()
        if follows:
            used -= follows
            used.add("breached")
            for fact in follows:
                clocks, tags = _FOLLOWS[fact]
                mentioned.setdefault("breached", set()).update(clocks)
                if tags:
                    used.add("tags")
                    mentioned.setdefault("tags", set()).update(tags)
        names = tuple(sorted(used))
        domains = tuple(_domain(FACTS[n], mentioned.get(n, set()), vocabularies) for n in names)
        if math.prod(len(d) for d in domains) > MAX_COMBINATIONS:
            return None
        return cls(names, domains, bool(follows))


def decide(
    condition: Condition,
    *,
    known: frozenset[str] = ALL_FACTS,
    vocabularies: Mapping[str, frozenset[str]] | None = None,
) -> Decided | None:
    """Whether ``condition`` can hold, and whether it always does (None: too many combinations).

    ``known`` are the facts that exist where the condition is read
    (:data:`TICKET_FACTS` for clocks, extensions and returns).
    """
    vocab = vocabularies if vocabularies is not None else _shared_vocabularies()
    space = FactSpace.of([condition], known, vocab)
    if space is None:
        return None
    sometimes, always = False, True
    for facts in space:
        if condition.test(facts):
            sometimes = True
        else:
            always = False
        if sometimes and not always:
            break
    return Decided(sometimes, always)


def _shared_vocabularies() -> dict[str, frozenset[str]]:
    return {name: frozenset(words) for name, words in SHARED_VOCABULARIES.items()}


def _collect(source: Any, out: dict[str, set[Any]]) -> None:
    """The values each fact is compared with, anywhere in the condition."""
    if not isinstance(source, Mapping):
        return
    for key, value in source.items():
        if key in ("any", "all"):
            for item in value:
                _collect(item, out)
        elif key == "not":
            _collect(value, out)
        else:
            _values(value, out.setdefault(str(key), set()))


def _values(value: Any, bucket: set[Any]) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, (str, int)):
        bucket.add(value)
    elif isinstance(value, list):
        for v in value:
            _values(v, bucket)
    elif isinstance(value, Mapping):
        for v in value.values():
            _values(v, bucket)


def _domain(
    spec: FactSpec, mentioned: set[Any], vocabularies: Mapping[str, frozenset[str]]
) -> tuple[Any, ...]:
    if spec.type is FactType.BOOL:
        return (False, True)
    if spec.type is FactType.INT:
        points = {0}
        for c in mentioned:
            if isinstance(c, int) and not isinstance(c, bool):
                points |= {c - 1, c, c + 1}
        return tuple(sorted(p for p in points if p >= 0))
    words = sorted(w for w in mentioned if isinstance(w, str))
    if spec.type is FactType.TAGS:
        return tuple(frozenset(c) for r in range(len(words) + 1) for c in combinations(words, r))
    vocab = vocabularies.get(spec.vocabulary or "", frozenset())
    other = (_OTHER,) if not vocab or vocab - set(words) else ()
    return (*words, *other, None)


# ---- the profile, walked once ------------------------------------------------------------------

_STATIC_SECTIONS = ("clocks", "extensions", "returns")
"""Sections whose conditions are read against the ticket's attributes only."""


@dataclass(frozen=True)
class _Site:
    """One condition of one rule: where it is and which facts exist when it is read."""

    rule: Rule
    path: PathKey
    condition: Condition
    known: frozenset[str]


class _Context:
    """What every check needs: the profile, where its rules are, words and their names."""

    def __init__(
        self, profile: Profile, provenance: Provenance | None, path: Path | None = None
    ) -> None:
        self.profile = profile
        self.provenance = provenance
        self.path = path
        self.names = profile.word_names()
        self.vocab: dict[str, frozenset[str]] = {
            name: frozenset(words) | frozenset(getattr(profile.vocabulary, name))
            for name, words in SHARED_VOCABULARIES.items()
        }
        self.paths: dict[str, PathKey] = {}
        for section in RULE_SECTIONS:
            for i, rule in enumerate(getattr(profile, section)):
                self.paths[rule.id] = (section, i)
        acc = profile.accountability
        for name in ("circumstances", "vetoes"):
            for i, rule in enumerate(getattr(acc, name)):
                self.paths[rule.id] = ("accountability", name, i)
        if profile.assessment is not None:
            self.paths[profile.assessment.id] = ("assessment",)
        self.order = {rule_id: n for n, rule_id in enumerate(self.paths)}

    def rules(self) -> Iterator[tuple[str, Rule]]:
        yield from self.profile.rules()

    def sites(self) -> Iterator[_Site]:
        p = self.profile
        for section in ("clocks", "extensions", "returns", "first_contact", "closure_report"):
            known = TICKET_FACTS if section in _STATIC_SECTIONS else ALL_FACTS
            for rule in getattr(p, section):
                yield _Site(rule, (*self.paths[rule.id], "when"), rule.when, known)
                if isinstance(rule, ReturnRule):
                    for j, case in enumerate(rule.forbidden):
                        path = (*self.paths[rule.id], "forbidden", j, "when")
                        yield _Site(rule, path, case.when, known)
        for trigger in p.supervision:
            yield _Site(trigger, (*self.paths[trigger.id], "when"), trigger.when, ALL_FACTS)
        for kpi in p.kpis:
            for part in ("numerator", "denominator"):
                yield _Site(kpi, (*self.paths[kpi.id], part), getattr(kpi, part), ALL_FACTS)
        counted: list[Circumstance | VetoRule] = [
            *p.accountability.circumstances,
            *p.accountability.vetoes,
        ]
        for c in counted:
            yield _Site(c, (*self.paths[c.id], "when"), c.when, ALL_FACTS)

    def lint(
        self,
        code: str,
        severity: LintSeverity,
        rule: Rule | None,
        path: PathKey,
        zh: str,
        en: str,
        hint_zh: str,
        hint_en: str,
        related: Iterable[str] = (),
    ) -> Lint:
        if self.provenance is not None:
            location, _ = self.provenance.locate(path)
        else:
            location = Location(path=format_path(path))
        return Lint(
            code,
            severity,
            rule.id if rule is not None else None,
            location,
            zh,
            en,
            hint_zh,
            hint_en,
            tuple(related),
        )

    def word(self, w: str) -> str:
        return self.names.get(w, w)

    def example(self, facts: Mapping[str, Any], shown: Iterable[str]) -> tuple[str, str]:
        """A combination of facts, in Chinese and English (``诉求类型=投诉``)."""
        zh: list[str] = []
        en: list[str] = []
        for name in sorted(set(shown) & set(facts), key=list(FACTS).index):
            value = facts[name]
            spec = FACTS[name]
            if value is None:
                zh.append(f"{spec.zh}未填")
                en.append(f"{name} unset")
            elif value == _OTHER:
                zh.append(f"{spec.zh}为其他")
                en.append(f"{name}=another word")
            elif isinstance(value, bool):
                zh.append(spec.zh if value else f"非{spec.zh}")
                en.append(f"{name}={str(value).lower()}")
            elif isinstance(value, frozenset):
                zh.append(
                    f"{spec.zh}含{'、'.join(self.word(w) for w in sorted(value))}"
                    if value
                    else f"无{spec.zh}"
                )
                en.append(f"{name}={{{', '.join(sorted(value))}}}")
            elif isinstance(value, int):
                zh.append(f"{spec.zh}={value}")
                en.append(f"{name}={value}")
            else:
                zh.append(f"{spec.zh}为{self.word(str(value))}")
                en.append(f"{name}={value}")
        return "，".join(zh) or "任何工单", ", ".join(en) or "any ticket"


# ---- the checks ---------------------------------------------------------------------------------

Check = Callable[[_Context], Iterator[Lint]]


def lint(loaded: LoadedProfile) -> list[Lint]:
    """Everything lint notices in a loaded profile, located in its files, in file order."""
    files = [str(f) for f in loaded.files]
    return lint_profile(loaded.profile, loaded.provenance, files=files, path=loaded.path)


def lint_profile(
    profile: Profile,
    provenance: Provenance | None = None,
    *,
    files: Sequence[str] = (),
    path: str | Path | None = None,
) -> list[Lint]:
    """Everything lint notices in ``profile`` (located when ``provenance`` is given).

    ``path`` is the profile's own file (its name is checked against ``meta.id``).
    Sorted by place: the base profile's ``files`` first, then line and column;
    without a place, in rule order.
    """
    ctx = _Context(profile, provenance, None if path is None else Path(path))
    found: list[Lint] = []
    for check in CHECKS:
        found.extend(check(ctx))
    rank = {f: n for n, f in enumerate(files)}

    def place(x: Lint) -> tuple[int, int, int, int, str, str]:
        loc = x.location
        return (
            rank.get(loc.file or "", len(rank)),
            loc.line or 0,
            loc.column or 0,
            ctx.order.get(x.rule_id or "", -1),
            loc.path or "",
            x.code,
        )

    return sorted(found, key=place)


def _unavailable(ctx: _Context) -> Iterator[Lint]:
    """A condition that reads a fact its section never has (it is then never true, or always)."""
    for site in ctx.sites():
        missing = site.condition.facts_used - site.known
        if not missing:
            continue
        shown = "、".join(f"“{FACTS[f].zh}”" for f in sorted(missing))
        shown_en = ", ".join(sorted(missing))
        yield ctx.lint(
            "lint.fact_not_available",
            LintSeverity.WARNING,
            site.rule,
            site.path,
            f"规则“{site.rule.id}”的条件读取了{shown}，但该类规则只按工单本身的属性（诉求类型、紧急程度、"
            "来源渠道、标记等）选用，此时这些事实尚不存在，条件按“不成立”处理",
            f"the condition of '{site.rule.id}' reads {shown_en}: facts that do not exist yet when "
            "a rule of this section is chosen (only the ticket's own attributes do); they read "
            "as false",
            "时限、延期、退单规则的条件只写工单属性；按办理情况（超时、退单次数等）的要求请写在督办、问责等章节。",
            "conditions of clocks, extensions and returns read the ticket's attributes only; "
            "put conditions on what happened (overdue, returns...) in supervision or accountability.",
        )


def _never_or_always(ctx: _Context) -> Iterator[Lint]:
    """A condition that can never be true, or that is written out and always true."""
    for site in ctx.sites():
        if site.condition.facts_used - site.known:
            continue  # reported by _unavailable, which says why
        decided = decide(site.condition, known=site.known, vocabularies=ctx.vocab)
        if decided is None:
            continue
        text = site.condition.describe(ctx.names)
        if not decided.sometimes and not isinstance(site.rule, ClockRule):
            yield ctx.lint(
                "lint.condition_never_true",
                LintSeverity.WARNING,
                site.rule,
                site.path,
                f"规则“{site.rule.id}”的条件（{text}）对任何工单都不可能成立，该规则永远不会适用",
                f"the condition of '{site.rule.id}' can never be true for any ticket; the rule never applies",
                "检查条件中相互矛盾之处：同一事实既要“属于”又要“不属于”、空列表、无法同时满足的数值范围。",
                "look for parts that contradict each other: in and not_in the same word, an empty "
                "list, numeric ranges that cannot meet.",
            )
        elif decided.always and site.condition.source:
            yield ctx.lint(
                "lint.condition_always_true",
                LintSeverity.INFO,
                site.rule,
                site.path,
                f"规则“{site.rule.id}”的条件（{text}）对所有工单都成立，等于没有条件",
                f"the condition of '{site.rule.id}' holds for every ticket; it restricts nothing",
                "适用于全部工单时请省略条件（或写 {}）；否则检查是否漏写了限定。",
                "leave the condition out (or write {}) when the rule applies to every ticket; "
                "otherwise look for the part that is missing.",
            )


def _limits(rule: ClockRule) -> dict[str, Any]:
    """What makes two rules of one clock give different due instants."""
    return rule.model_dump(exclude={"id", "cite", "note", "when", "priority", "warn_before"})


def _clock_selection(ctx: _Context) -> Iterator[Lint]:
    """Per clock name: rules no ticket selects, rules always outranked, ties that overlap."""
    groups: dict[str, list[ClockRule]] = {}
    for rule in ctx.profile.clocks:
        groups.setdefault(rule.clock, []).append(rule)
    for clock, rules in groups.items():
        space = FactSpace.of((r.when for r in rules), TICKET_FACTS, ctx.vocab)
        if space is None:
            continue
        holds: set[str] = set()
        wins: set[str] = set()
        outranked_by: dict[str, set[str]] = {r.id: set() for r in rules}
        ties: dict[tuple[int, int], dict[str, Any]] = {}
        for facts in space:
            matching = [(i, r) for i, r in enumerate(rules) if r.when.test(facts)]
            if not matching:
                continue
            top = max(r.priority for _, r in matching)
            winners = [(i, r) for i, r in matching if r.priority == top]
            for _, r in matching:
                holds.add(r.id)
                if r.priority == top:
                    wins.add(r.id)
                else:
                    outranked_by[r.id].update(w.id for _, w in winners)
            for (i, _), (j, _) in combinations(winners, 2):
                ties.setdefault((i, j), facts)
        clock_zh = ctx.word(clock)
        for r in rules:
            path = (*ctx.paths[r.id], "when")
            if r.id not in holds:
                if r.when.facts_used - TICKET_FACTS:
                    continue  # reported by _unavailable, which says why
                yield ctx.lint(
                    "lint.clock_unreachable",
                    LintSeverity.WARNING,
                    r,
                    path,
                    f"时限规则“{r.id}”的条件（{r.when.describe(ctx.names)}）对任何工单都不可能成立，"
                    "没有工单会适用这条时限",
                    f"no ticket can select clock rule '{r.id}': its condition can never be true",
                    "检查条件中相互矛盾之处：同一事实既要“属于”又要“不属于”、空列表、无法同时满足的数值范围。",
                    "look for parts that contradict each other: in and not_in the same word, an "
                    "empty list, numeric ranges that cannot meet.",
                )
            elif r.id not in wins:
                over = sorted(outranked_by[r.id], key=ctx.order.__getitem__)
                yield ctx.lint(
                    "lint.clock_shadowed",
                    LintSeverity.WARNING,
                    r,
                    path,
                    f"时限规则“{r.id}”适用的每张工单，都同时适用优先级更高的“{'、'.join(over)}”，"
                    f"因此“{clock_zh}”时限永远不会按“{r.id}”计算",
                    f"every ticket that clock rule '{r.id}' selects is also selected by the higher "
                    f"priority {', '.join(over)}, so the '{clock}' clock is never counted by '{r.id}'",
                    "如果两条规则针对不同的工单，请收窄优先级高的那条的条件；否则删去被覆盖的这条。",
                    "narrow the higher-priority rule's condition if the two are meant for different "
                    "tickets; otherwise remove this one.",
                    over,
                )
        for (i, j), facts in ties.items():
            a, b = rules[i], rules[j]
            ex_zh, ex_en = ctx.example(facts, a.when.facts_used | b.when.facts_used)
            same = _limits(a) == _limits(b)
            if same:
                yield ctx.lint(
                    "lint.clock_duplicate",
                    LintSeverity.INFO,
                    b,
                    (*ctx.paths[b.id], "when"),
                    f"时限规则“{b.id}”与“{a.id}”的时限相同，且有工单两条都适用（例如：{ex_zh}），"
                    f"这些工单会有两个相同的“{clock_zh}”时限，超时会记两次",
                    f"clock rules '{b.id}' and '{a.id}' set the same limit and both select some "
                    f"tickets (e.g. {ex_en}); those tickets get the '{clock}' clock twice, and a "
                    "breach counts twice",
                    "合并两条规则（cite 可写在 note 中说明另一处条文），或让两条的条件互斥。",
                    "merge the two rules (name the other article in the note), or make their "
                    "conditions exclusive.",
                    (a.id,),
                )
            else:
                yield ctx.lint(
                    "lint.clock_ambiguous",
                    LintSeverity.WARNING,
                    b,
                    (*ctx.paths[b.id], "when"),
                    f"时限规则“{b.id}”（{b.duration.zh}）与“{a.id}”（{a.duration.zh}）优先级相同、时限不同，"
                    f"且有工单两条都适用（例如：{ex_zh}），这些工单的“{clock_zh}”时限无法确定",
                    f"clock rules '{b.id}' ({b.duration}) and '{a.id}' ({a.duration}) have the same "
                    f"priority and different limits, and both select some tickets (e.g. {ex_en}); "
                    f"which '{clock}' limit applies to them is ambiguous",
                    "让两条规则的条件互斥，或用 priority 指明哪条优先（数值大的优先）。",
                    "make the conditions exclusive, or set priority on the one that wins "
                    "(higher wins).",
                    (a.id,),
                )


def _first_match(ctx: _Context) -> Iterator[Lint]:
    """Returns and extensions: the engine takes the first rule that applies; later ones may never."""
    p = ctx.profile
    groups: list[list[ReturnRule] | list[ExtensionRule]] = [list(p.returns)] if p.returns else []
    for clock in dict.fromkeys(c for x in p.extensions for c in x.clocks):
        groups.append([x for x in p.extensions if clock in x.clocks])
    used: dict[str, bool] = {}
    taken_by: dict[str, set[str]] = {}
    for rules in groups:
        space = FactSpace.of((r.when for r in rules), TICKET_FACTS, ctx.vocab)
        if space is None:
            for r in rules:
                used[r.id] = True
            continue
        for facts in space:
            first: Rule | None = None
            for r in rules:
                if r.when.test(facts):
                    if first is None:
                        first = r
                        used[r.id] = True
                    else:
                        used.setdefault(r.id, False)
                        taken_by.setdefault(r.id, set()).add(first.id)
    for rule in (*p.returns, *p.extensions):
        if used.get(rule.id) is False:
            over = sorted(taken_by[rule.id], key=ctx.order.__getitem__)
            section_zh = "退单" if isinstance(rule, ReturnRule) else "延期"
            yield ctx.lint(
                "lint.rule_shadowed",
                LintSeverity.WARNING,
                rule,
                (*ctx.paths[rule.id], "when"),
                f"{section_zh}规则按先后取第一条适用的；“{rule.id}”适用的每张工单，排在前面的"
                f"“{'、'.join(over)}”都已适用，因此“{rule.id}”永远不会被采用",
                f"the first {'return' if section_zh == '退单' else 'extension'} rule that applies "
                f"is used; every ticket '{rule.id}' applies to is already taken by {', '.join(over)} "
                f"listed before it, so '{rule.id}' is never used",
                "把条件更具体的规则排在前面，或收窄前面规则的条件。",
                "list the more specific rule first, or narrow the condition of the earlier one.",
                over,
            )


def _working_days(d: Duration) -> float:
    """A duration in working days, roughly (5 working days a week, 8 office hours a day)."""
    amount = float(d.amount)
    return {
        Unit.WORKING_DAYS: amount,
        Unit.DAYS: amount * 5 / 7,
        Unit.HOURS: amount / 24 * 5 / 7,
        Unit.MINUTES: amount / 1440 * 5 / 7,
        Unit.WORKING_HOURS: amount / 8,
        Unit.SAME_DAY: 5 / 7,
    }[d.unit]


def _not_shorter(a: Duration, b: Duration) -> bool:
    """True when ``a`` is at least as long as ``b`` (exact in one unit, rough across units)."""
    if a.unit is b.unit:
        return a.amount >= b.amount
    return _working_days(a) >= _working_days(b)


def _extensions(ctx: _Context) -> Iterator[Lint]:
    """Extensions longer than any sensible period, factors too large, clocks that do not exist."""
    defined = {c.clock for c in ctx.profile.clocks}
    for i, x in enumerate(ctx.profile.extensions):
        lengths: list[tuple[PathKey, Duration]] = []
        if x.max_each is not None:
            lengths.append((("extensions", i, "max_each"), x.max_each))
        if x.max_total is not None:
            lengths.append((("extensions", i, "max_total"), x.max_total))
        lengths += [(("extensions", i, "choices", k), d) for k, d in enumerate(x.choices)]
        for path, d in lengths:
            yield from _extension_length(ctx, x, path, d)
        if x.max_each_factor is not None and x.max_each_factor > MAX_EXTENSION_FACTOR:
            yield ctx.lint(
                "lint.extension_factor_too_large",
                LintSeverity.WARNING,
                x,
                ("extensions", i, "max_each_factor"),
                f"延期规则“{x.id}”允许每次延长原时限的 {x.max_each_factor:g} 倍，"
                f"超过 {MAX_EXTENSION_FACTOR:g} 倍",
                f"extension rule '{x.id}' allows {x.max_each_factor:g} times the original limit "
                f"each time, more than {MAX_EXTENSION_FACTOR:g}",
                "“不超过规定时限的一倍”写 1；请核对条文。",
                "'no more than once the time limit' is 1; check the text.",
            )
        for k, clock in enumerate(x.clocks):
            if clock not in defined:
                yield _undefined_clock(ctx, x, ("extensions", i, "clocks", k), clock, defined)
    for i, fc in enumerate(ctx.profile.first_contact):
        if fc.clock not in defined:
            yield _undefined_clock(ctx, fc, ("first_contact", i, "clock"), fc.clock, defined)


def _extension_length(
    ctx: _Context, x: ExtensionRule, path: PathKey, d: Duration
) -> Iterator[Lint]:
    if _working_days(d) > _working_days(TOO_LONG_EXTENSION):
        yield ctx.lint(
            "lint.extension_too_long",
            LintSeverity.WARNING,
            x,
            path,
            f"延期规则“{x.id}”允许延长{d.zh}，超过一年（约{TOO_LONG_EXTENSION.zh}）",
            f"extension rule '{x.id}' allows {d}, more than a year (about {TOO_LONG_EXTENSION})",
            "多半是笔误（如把 10 写成 100）；请核对条文。",
            "most likely a typo (100 for 10); check the text.",
        )
    elif _working_days(d) > _working_days(LONG_EXTENSION):
        yield ctx.lint(
            "lint.extension_long",
            LintSeverity.INFO,
            x,
            path,
            f"延期规则“{x.id}”允许延长{d.zh}，超过{LONG_EXTENSION.zh}（约三个月），较少见",
            f"extension rule '{x.id}' allows {d}, more than {LONG_EXTENSION} (about three "
            "months), which is unusual",
            "请核对条文确实如此。",
            "check that the text says so.",
        )


def _undefined_clock(
    ctx: _Context, rule: Rule, path: PathKey, clock: str, defined: set[str]
) -> Lint:
    known = "、".join(sorted(defined)) or "无"
    return ctx.lint(
        "lint.clock_not_defined",
        LintSeverity.WARNING,
        rule,
        path,
        f"规则“{rule.id}”所指的时限“{clock}”没有任何时限规则（clocks 中已有：{known}），该规则不会起作用",
        f"rule '{rule.id}' refers to the clock '{clock}', which no clock rule defines "
        f"(clocks: {', '.join(sorted(defined)) or 'none'}); it has no effect",
        "检查时限名称的拼写，或在 clocks 中补上该时限。",
        "check the clock's spelling, or add the clock under clocks.",
    )


def _clock_shape(ctx: _Context) -> Iterator[Lint]:
    """A warning as long as the limit itself; a clock no event can stop."""
    for i, r in enumerate(ctx.profile.clocks):
        for k, w in enumerate(r.warn_before):
            if _not_shorter(w, r.duration):
                yield ctx.lint(
                    "lint.warn_before_too_long",
                    LintSeverity.WARNING,
                    r,
                    ("clocks", i, "warn_before", k),
                    f"时限规则“{r.id}”在到期前{w.zh}预警，不短于时限本身（{r.duration.zh}），一开始就会预警",
                    f"clock rule '{r.id}' warns {w} before the due instant, no less than the limit "
                    f"itself ({r.duration}): it warns from the start",
                    "预警提前量应短于时限，例如时限 5个工作日、预警 1个工作日。",
                    "warn a shorter time ahead than the limit, e.g. 1 working day for 5.",
                )
        if r.starts_on in r.stops_on:
            yield ctx.lint(
                "lint.clock_stops_on_start",
                LintSeverity.WARNING,
                r,
                ("clocks", i, "stops_on"),
                f"时限规则“{r.id}”的起算事件“{ctx.word(r.starts_on)}”也是它的停止事件："
                "第二次发生时会停止第一次起算的时限",
                f"clock rule '{r.id}' starts and stops on '{r.starts_on}': its second occurrence "
                "stops the clock the first one started",
                "检查 starts_on 与 stops_on 是否写反或写错。",
                "check starts_on and stops_on for a mix-up.",
            )
        elif all(s == "received" for s in r.stops_on):
            yield ctx.lint(
                "lint.clock_cannot_stop",
                LintSeverity.WARNING,
                r,
                ("clocks", i, "stops_on"),
                f"时限规则“{r.id}”只在“受理”时停止，而受理是工单的第一个事件，"
                f"在“{ctx.word(r.starts_on)}”起算之后不会再发生：该时限永远不会按时完成",
                f"clock rule '{r.id}' stops only on 'received', the ticket's first event, which "
                f"cannot follow '{r.starts_on}': the clock can never be met",
                "检查 stops_on 是否写成了起算事件。",
                "check whether stops_on names the starting event by mistake.",
            )


def _redispatch(ctx: _Context) -> Iterator[Lint]:
    """``on_redispatch`` written on a clock that no re-dispatch restarts: it does nothing.

    The engine restarts only a unit's clock (one started by ``dispatched``, or by
    ``redispatched`` itself); a clock started by ``received`` runs on whoever handles the
    ticket, so ``restart`` would not happen and ``continue`` is what happens anyway.
    """
    for i, r in enumerate(ctx.profile.clocks):
        if "on_redispatch" not in r.model_fields_set or r.starts_on in _UNIT_STARTS:
            continue
        start = ctx.word(r.starts_on)
        if r.on_redispatch == "restart":
            zh = (
                f"时限规则“{r.id}”写了 on_redispatch: restart，但它自“{start}”起算，不是承办单位的时限："
                "重新派单时不会重新起算，这一项不起作用"
            )
            en = (
                f"clock rule '{r.id}' says on_redispatch: restart, but it starts on "
                f"'{r.starts_on}', not at a unit's dispatch: a re-dispatch does not restart it, "
                "so the setting has no effect"
            )
        else:
            zh = (
                f"时限规则“{r.id}”写了 on_redispatch: {r.on_redispatch}，但它自“{start}”起算，"
                "不是承办单位的时限，重新派单本来就不影响它：这一项不起作用"
            )
            en = (
                f"clock rule '{r.id}' says on_redispatch: {r.on_redispatch}, but it starts on "
                f"'{r.starts_on}', not at a unit's dispatch, so a re-dispatch never affects it: "
                "the setting has no effect"
            )
        yield ctx.lint(
            "lint.redispatch_no_effect",
            LintSeverity.INFO,
            r,
            ("clocks", i, "on_redispatch"),
            zh,
            en,
            "只有自派单（dispatched）起算的时限才按 on_redispatch 重新起算或接续；"
            "要让改派后重新起算，把 starts_on 改为 dispatched；否则可删去这一行（写与不写，结果相同）。",
            "only a clock started by dispatched restarts or continues as on_redispatch says; "
            "to restart it on re-dispatch, start it on dispatched; otherwise the line can go "
            "(the result is the same with or without it).",
        )


_UNIT_STARTS: Final = frozenset({"dispatched", "redispatched"})
"""Start events of the clocks a re-dispatch can restart (see ``rules/clocks.py``)."""


def _file_name(ctx: _Context) -> Iterator[Lint]:
    """``meta.id`` differs from the file's name: found by one, shown by the other."""
    if ctx.path is None:
        return
    name = ctx.path.stem.split(VERSION_SEP, 1)[0]  # NAME@DATE.yaml: the loader checks the id
    pid = ctx.profile.meta.id
    if pid == name:
        return
    yield ctx.lint(
        "lint.id_not_file_name",
        LintSeverity.WARNING,
        None,
        ("meta", "id"),
        f"meta.id 是“{pid}”，文件名却是 {ctx.path.name}：命令行、extends 和测试文件的 profile: "
        f"按名称找配置时用的是文件名（{name}），报表、测试结果和 diff 显示的却是 meta.id，两者不同容易找错配置",
        f"meta.id is '{pid}' but the file is {ctx.path.name}: the command line, extends and a "
        f"test file's profile: find a profile by its file name ({name}), while reports, test "
        "results and diff show meta.id; when they differ, the wrong profile is easily picked",
        f"把文件改名为 {pid}.yaml，或把 meta.id 改为 {name}。",
        f"rename the file to {pid}.yaml, or change meta.id to {name}.",
    )


def _kpis(ctx: _Context) -> Iterator[Lint]:
    """A KPI whose numerator never holds inside its denominator: always 0 %."""
    for kpi in ctx.profile.kpis:
        both = [kpi.numerator, kpi.denominator]
        space = FactSpace.of(both, ALL_FACTS, ctx.vocab)
        if space is None:
            continue
        some_den = some_both = False
        for facts in space:
            if kpi.denominator.test(facts):
                some_den = True
                if kpi.numerator.test(facts):
                    some_both = True
                    break
        if some_den and not some_both:
            yield ctx.lint(
                "lint.kpi_always_zero",
                LintSeverity.WARNING,
                kpi,
                (*ctx.paths[kpi.id], "numerator"),
                f"指标“{kpi.id}”（{kpi.name_zh}）的分子在分母范围内永远不成立，比率恒为 0",
                f"the numerator of KPI '{kpi.id}' ({kpi.name_en}) never holds inside its "
                "denominator: the rate is always 0",
                "分子应是分母中的一部分工单，检查两者的条件是否矛盾。",
                "the numerator counts some of the denominator's tickets; look for a "
                "contradiction between the two.",
            )


_PUNCTUATION = re.compile(r"[\s\W_]+")
_ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千]+")
_ARABIC = re.compile(r"\d+")


def _shape(article: str) -> str:
    """``第九条`` -> ``第〇条``, ``第9条`` -> ``第0条``, ``报道第14段`` -> ``报道第0段``."""
    return _ARABIC.sub("0", _ZH_NUMERAL.sub("〇", article.strip()))


def _citations(ctx: _Context) -> Iterator[Lint]:
    """Rules that cite nothing, and articles written unlike the rest of the document."""
    shapes: Counter[str] = Counter()
    first: dict[str, str] = {}
    own: list[tuple[Rule, str]] = []
    for _, rule in ctx.rules():
        path = ctx.paths[rule.id]
        cite = rule.cite
        empty = [
            part
            for part, text in (("article", cite.article), ("text", cite.text))
            if not _PUNCTUATION.sub("", text)
        ]
        if empty:
            what_zh = "、".join({"article": "条文编号", "text": "原文"}[p] for p in empty)
            yield ctx.lint(
                "lint.cite_missing",
                LintSeverity.WARNING,
                rule,
                (*path, "cite", empty[0]),
                f"规则“{rule.id}”没有写明依据的{what_zh}（cite.{'、cite.'.join(empty)} 为空）",
                f"rule '{rule.id}' does not say where it comes from: cite.{', cite.'.join(empty)} "
                "is empty",
                "在 cite 中写明条、款、项（article、item）并照录条文原话（text），"
                "以便回答“依据是什么”。",
                "give the article and item, and quote the regulation's words in text, so that "
                "'why' can be answered from the output.",
            )
        if cite.document is None and "article" not in empty:
            shape = _shape(cite.article)
            shapes[shape] += 1
            first.setdefault(shape, cite.article.strip())
            own.append((rule, shape))
    if len(own) < 3:
        return
    usual, count = shapes.most_common(1)[0]
    if count * 2 <= len(own):
        return  # no style most citations follow
    for rule, shape in own:
        if shape != usual:
            yield ctx.lint(
                "lint.cite_article_style",
                LintSeverity.WARNING,
                rule,
                (*ctx.paths[rule.id], "cite", "article"),
                f"规则“{rule.id}”的条文编号“{rule.cite.article}”与本配置其他引用的写法"
                f"（如“{first[usual]}”，共 {count} 处）不同",
                f"the article '{rule.cite.article}' of rule '{rule.id}' is written unlike the "
                f"profile's other citations (like '{first[usual]}', {count} of them)",
                "统一写法（如“第九条”，款、项写在 item 中；引用其他文件时写 document）。",
                "write it as the others are (items go under item; another document's "
                "article names its document).",
            )


CHECKS: Final[tuple[Check, ...]] = (
    _citations,
    _unavailable,
    _never_or_always,
    _clock_selection,
    _clock_shape,
    _first_match,
    _extensions,
    _kpis,
    _redispatch,
    _file_name,
)
"""Every check, in the order their findings are gathered (then sorted by rule)."""

CODES: Final = (
    "lint.cite_missing",
    "lint.cite_article_style",
    "lint.fact_not_available",
    "lint.condition_never_true",
    "lint.condition_always_true",
    "lint.clock_unreachable",
    "lint.clock_shadowed",
    "lint.clock_ambiguous",
    "lint.clock_duplicate",
    "lint.warn_before_too_long",
    "lint.clock_stops_on_start",
    "lint.clock_cannot_stop",
    "lint.rule_shadowed",
    "lint.extension_too_long",
    "lint.extension_long",
    "lint.extension_factor_too_large",
    "lint.clock_not_defined",
    "lint.kpi_always_zero",
    "lint.redispatch_no_effect",
    "lint.id_not_file_name",
)
"""Every code lint can report (stable; documented in docs/zh/lint.md)."""


def count(items: Sequence[Lint]) -> dict[str, int]:
    """How many warnings and infos: ``{"warning": 2, "info": 1}``."""
    c = Counter(x.severity.value for x in items)
    return {s.value: c.get(s.value, 0) for s in LintSeverity}


__all__ = [
    "ALL_FACTS",
    "CHECKS",
    "CODES",
    "LONG_EXTENSION",
    "MAX_COMBINATIONS",
    "MAX_EXTENSION_FACTOR",
    "TICKET_FACTS",
    "TOO_LONG_EXTENSION",
    "Decided",
    "FactSpace",
    "Lint",
    "LintSeverity",
    "count",
    "decide",
    "lint",
    "lint_profile",
]

"""The profile walked once: what every check reads, and how a check makes a located lint."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hotline_rules.errors import Location
from hotline_rules.profile.conditions import Condition
from hotline_rules.profile.facts import FACTS, FIXED_VOCABULARIES, SHARED_VOCABULARIES
from hotline_rules.profile.fields import Rule
from hotline_rules.profile.lint.enumeration import ALL_FACTS, OTHER, TICKET_FACTS, Budget, FactSpace
from hotline_rules.profile.lint.findings import Lint, LintSeverity
from hotline_rules.profile.loader import Provenance
from hotline_rules.profile.schema import RULE_SECTIONS, Circumstance, Profile, ReturnRule, VetoRule
from hotline_rules.yaml_source import PathKey, format_path

_STATIC_SECTIONS = ("clocks", "extensions", "returns")
"""Sections whose conditions are read against the ticket's attributes only."""


@dataclass(frozen=True)
class Site:
    """One condition of one rule: where it is and which facts exist when it is read."""

    rule: Rule
    path: PathKey
    condition: Condition
    known: frozenset[str]


class Context:
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
        self.vocab.update((n, frozenset(w)) for n, w in FIXED_VOCABULARIES.items())
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
        if profile.rework is not None:
            self.paths[profile.rework.id] = ("rework",)
        if profile.units is not None:
            self.paths[profile.units.id] = ("units",)
        self.order = {rule_id: n for n, rule_id in enumerate(self.paths)}
        self.budget = Budget()
        self.undecided: list[tuple[Rule, PathKey]] = []
        """The questions left undecided (too many combinations, or the budget spent)."""

    def space(
        self, conditions: Iterable[Condition], known: frozenset[str], rule: Rule, path: PathKey
    ) -> FactSpace | None:
        """The space to decide ``conditions`` in, each combination tested once per condition.

        None, the question noted as undecided (at ``rule``, ``path``), when the space is too
        large or the run's :class:`Budget` cannot pay for it.
        """
        conditions = list(conditions)
        space = FactSpace.of(conditions, known, self.vocab)
        if space is None or not self.budget.take(space.size * max(len(conditions), 1)):
            self.undecided.append((rule, path))
            return None
        return space

    def rules(self) -> Iterator[tuple[str, Rule]]:
        yield from self.profile.rules()

    def sites(self) -> Iterator[Site]:
        p = self.profile
        for section in ("clocks", "extensions", "returns", "first_contact", "closure_report"):
            known = TICKET_FACTS if section in _STATIC_SECTIONS else ALL_FACTS
            for rule in getattr(p, section):
                yield Site(rule, (*self.paths[rule.id], "when"), rule.when, known)
                if isinstance(rule, ReturnRule):
                    for j, case in enumerate(rule.forbidden):
                        path = (*self.paths[rule.id], "forbidden", j, "when")
                        yield Site(rule, path, case.when, known)
        for trigger in p.supervision:
            yield Site(trigger, (*self.paths[trigger.id], "when"), trigger.when, ALL_FACTS)
        for reason in p.screening:
            if reason.when is not None:
                yield Site(reason, (*self.paths[reason.id], "when"), reason.when, ALL_FACTS)
        for kpi in p.kpis:
            for part in ("numerator", "denominator"):
                yield Site(kpi, (*self.paths[kpi.id], part), getattr(kpi, part), ALL_FACTS)
        counted: list[Circumstance | VetoRule] = [
            *p.accountability.circumstances,
            *p.accountability.vetoes,
        ]
        for c in counted:
            yield Site(c, (*self.paths[c.id], "when"), c.when, ALL_FACTS)

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
            elif value == OTHER:
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


__all__ = ["Context", "Site"]

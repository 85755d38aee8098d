"""Rule coverage: which rules of a profile no passing case shows at work.

A rule is covered when an expectation of a passing, non-skipped case names it
(see ``runner.named_rules``); the engine merely touching it does not count.
Uncovered rules are listed with the file and line where the profile defines
them, so the officer can go straight to the rule that has no test.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hotline_rules.profile import LoadedProfile
from hotline_rules.profile.schema import SINGLE_RULE_SECTIONS
from hotline_rules.suites.runner import CaseResult
from hotline_rules.yaml_source import PathKey


@dataclass(frozen=True)
class RuleRef:
    """A rule of a profile and where it is defined."""

    rule_id: str
    section: str
    file: str | None
    line: int | None

    def where(self) -> str:
        if self.file is None:
            return "—"
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def to_dict(self) -> dict[str, object]:
        return {
            "rule_id": self.rule_id,
            "section": self.section,
            "file": self.file,
            "line": self.line,
        }


def rule_refs(loaded: LoadedProfile) -> list[RuleRef]:
    """Every rule of the profile, in file order, with its file and line (``extends`` included)."""
    out: list[RuleRef] = []
    index: dict[str, int] = {}
    for section, rule in loaded.profile.rules():
        path: PathKey
        if section in SINGLE_RULE_SECTIONS:
            path = (section, "id")
        else:
            i = index.get(section, 0)
            index[section] = i + 1
            path = (*section.split("."), i, "id")
        loc, _ = loaded.provenance.locate(path)
        out.append(RuleRef(rule.id, section, loc.file, loc.line))
    return out


@dataclass(frozen=True)
class Coverage:
    """Covered and uncovered rules of one profile."""

    profile_id: str
    rules: tuple[RuleRef, ...]
    covered: frozenset[str]

    @property
    def uncovered(self) -> list[RuleRef]:
        return [r for r in self.rules if r.rule_id not in self.covered]

    @property
    def percent(self) -> float:
        """Covered share in percent (100 for a profile without rules)."""
        if not self.rules:
            return 100.0
        return 100.0 * (len(self.rules) - len(self.uncovered)) / len(self.rules)

    def to_dict(self) -> dict[str, object]:
        return {
            "profile": self.profile_id,
            "rules": len(self.rules),
            "covered": len(self.rules) - len(self.uncovered),
            "percent": round(self.percent, 1),
            "uncovered": [r.to_dict() for r in self.uncovered],
        }


def coverage(loaded: LoadedProfile, results: Iterable[CaseResult]) -> Coverage:
    """Coverage of ``loaded`` by ``results`` (cases of any number of suites of that profile)."""
    refs = rule_refs(loaded)
    ids = {r.rule_id for r in refs}
    covered: set[str] = set()
    for r in results:
        covered |= r.covered & ids
    return Coverage(loaded.profile.meta.id, tuple(refs), frozenset(covered))


__all__ = ["Coverage", "RuleRef", "coverage", "rule_refs"]

"""What a lint is: a stable code, how sure, the rule, where, and what to do, in zh and en."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from hotline_rules.errors import Location


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


def count(items: Sequence[Lint]) -> dict[str, int]:
    """How many warnings and infos: ``{"warning": 2, "info": 1}``."""
    c = Counter(x.severity.value for x in items)
    return {s.value: c.get(s.value, 0) for s in LintSeverity}


__all__ = ["Lint", "LintSeverity", "count"]

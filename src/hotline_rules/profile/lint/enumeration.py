"""Decide conditions exactly: enumerate the fact values that can make a difference.

A condition reads a few facts, and only the values it names can make a difference, so each fact is
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
:data:`MAX_COMBINATIONS` the question is left undecided: lint never guesses,
and says so (``lint.not_decided``).

One lint run makes at most :data:`MAX_TESTS` condition tests in all (a
:class:`Budget`), so that its time grows with the profile's size and no
faster: a profile of thousands of rules that all compete for one clock
would otherwise take hours. A question that would overdraw the budget is
left undecided too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from itertools import combinations, product
from typing import Any, Final, NamedTuple

from hotline_rules.profile.conditions import Condition
from hotline_rules.profile.facts import FACTS, SHARED_VOCABULARIES, STATIC_FACTS, FactSpec, FactType

MAX_COMBINATIONS: Final = 65_536
"""Beyond this many combinations of fact values a question is left undecided."""

MAX_TESTS: Final = 2_000_000
"""Condition tests one lint run may make in all (a few seconds); the bundled profiles need
about 10,000 each. A question that would go beyond is left undecided."""

TICKET_FACTS: Final = frozenset(STATIC_FACTS)
"""The facts a clock, extension or return rule can read: the ticket's own attributes."""

ALL_FACTS: Final = frozenset(FACTS)
"""The facts supervision, contact, closure, KPI and accountability rules can read."""

OTHER: Final = "\x00another word"
"""Stands for a vocabulary word that no condition names."""

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


class Budget:
    """The condition tests a lint run may still make (:data:`MAX_TESTS` to start with)."""

    def __init__(self, tests: int = MAX_TESTS) -> None:
        self.left = tests

    def take(self, tests: int) -> bool:
        """Spend ``tests`` if that many are left (True), else spend nothing (False)."""
        if tests > self.left:
            return False
        self.left -= tests
        return True


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
    return decide_in(space, condition)


def decide_in(space: FactSpace, condition: Condition) -> Decided:
    """Whether ``condition`` can hold in ``space``, and whether it always does."""
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
        return (False, True, None) if spec.unknown_possible else (False, True)
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
    other = (OTHER,) if not vocab or vocab - set(words) else ()
    return (*words, *other, None)


__all__ = [
    "ALL_FACTS",
    "MAX_COMBINATIONS",
    "MAX_TESTS",
    "OTHER",
    "TICKET_FACTS",
    "Budget",
    "Decided",
    "FactSpace",
    "decide",
    "decide_in",
]

"""Conditions in profiles: structured, type-checked at load, never ``eval``.

Policy staff write a condition as a YAML mapping of facts (see ``facts.py``);
every entry must hold, ``any:`` holds when one of its conditions does, and
``not:`` inverts::

    when:
      kind: [complaint, report]          # one of these words
      urgency: emergency                 # exactly this word
      returns: {at_least: 2}             # comparisons for numbers
      tags: {has: leader_assigned}       # tests for tag sets
      any:
        - overdue_unexcused: true
        - tags: {has_any: [result_untrue, process_flawed]}

Why structured mappings and not an expression language such as CEL: staff
write them without learning a syntax, the JSON Schema completes every fact
and word in their editor, and each fault has a YAML line to point at. The
available CEL binding for Python checks no types before run time, which is
the one thing we need most.

A condition compiles once into a closure over plain values; evaluating it is a
few dictionary lookups and comparisons.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

from pydantic_core import PydanticCustomError

from hotline_rules.profile.facts import FACTS, FactSpec, FactType

Facts = Mapping[str, Any]
Test = Callable[[Facts], bool]

_INT_OPS: dict[str, Callable[[int, int], bool]] = {
    "at_least": lambda a, b: a >= b,
    "at_most": lambda a, b: a <= b,
    "more_than": lambda a, b: a > b,
    "less_than": lambda a, b: a < b,
    "is": lambda a, b: a == b,
    "is_not": lambda a, b: a != b,
}
_OP_ZH = {
    "at_least": "≥",
    "at_most": "≤",
    "more_than": ">",
    "less_than": "<",
    "is": "=",
    "is_not": "≠",
    "in": "属于",
    "not_in": "不属于",
    "has": "含",
    "has_any": "含任一",
    "has_all": "全含",
    "has_none": "不含",
}
_ENUM_OPS = ("is", "is_not", "in", "not_in")
_TAG_OPS = ("has", "has_any", "has_all", "has_none")


def needs_any_tag(source: Any) -> frozenset[str] | None:
    """A set of tags at least one of which must be present for ``source`` to hold, if any.

    Read off the top level only (every top-level entry must hold): ``tags: x``,
    ``tags: [x, y]``, ``tags: {has: x}``, ``tags: {has_any: [...]}``,
    ``tags: {has_all: [...]}``, or an ``any:`` whose every branch needs a tag.
    """
    if not isinstance(source, Mapping):
        return None
    value = source.get("tags")
    if isinstance(value, str):
        return frozenset((value,))
    if isinstance(value, list) and value:
        return frozenset(value)
    if isinstance(value, Mapping):
        if isinstance(value.get("has"), str):
            return frozenset((value["has"],))
        for op in ("has_any", "has_all"):
            if isinstance(value.get(op), list) and value[op]:
                return frozenset(value[op])
    branches = source.get("any")
    if isinstance(branches, list) and branches:
        needs = [needs_any_tag(b) for b in branches]
        if all(n is not None for n in needs):
            return frozenset().union(*(n for n in needs if n is not None))
    return None


class Condition:
    """A compiled condition: ``test(facts)`` and the source it came from."""

    __slots__ = ("facts_used", "needs_any_tag", "source", "test")

    def __init__(self, source: Mapping[str, Any], test: Test, facts_used: frozenset[str]) -> None:
        self.source = source
        self.test = test
        """The compiled test itself; calling it directly saves a call frame on hot paths."""
        self.facts_used = facts_used
        self.needs_any_tag = needs_any_tag(source)
        """Tags of which the ticket must carry one for this to hold, or None if there are none
        (a cheap pre-check: most tickets carry no tags, and most triggers need one)."""

    def __call__(self, facts: Facts) -> bool:
        """True when ``facts`` satisfy the condition; a missing fact counts as unknown (False)."""
        return self.test(facts)

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        """The condition in short Chinese, for tables (``诉求类型 属于 投诉、举报``)."""
        return describe(self.source, names)

    def __repr__(self) -> str:
        return f"Condition({dict(self.source)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Condition) and dict(self.source) == dict(other.source)

    def __hash__(self) -> int:
        return hash(repr(self.source))


ALWAYS = Condition({}, lambda _facts: True, frozenset())


def compile_condition(
    source: Any,
    vocabularies: Mapping[str, frozenset[str]] | None = None,
    aliases: Mapping[str, Mapping[str, str]] | None = None,
) -> Condition:
    """Check ``source`` against the facts and vocabularies; return it compiled.

    ``aliases`` (Chinese name -> word, per vocabulary) lets a value be written in Chinese
    (``kind: 咨询``): the condition is kept with the word itself (``consultation``).
    Raises ``PydanticCustomError`` (code ``condition.*``, with ``zh``, ``en``
    and ``at``, the path inside the condition) so a profile loader can point at
    the line.
    """
    if isinstance(source, Condition):
        return source
    if aliases:
        source = _canonical(source, vocabularies or {}, aliases)
    used: set[str] = set()
    test = _compile(source, (), vocabularies or {}, used)
    return Condition(source, test, frozenset(used))


def _canonical(
    source: Any, vocab: Mapping[str, frozenset[str]], aliases: Mapping[str, Mapping[str, str]]
) -> Any:
    """``source`` with every Chinese name of a word replaced by the word (same shape; anything
    it does not understand is left for :func:`_compile` to report)."""
    if not isinstance(source, Mapping):
        return source
    out: dict[Any, Any] = {}
    for key, value in source.items():
        if key in ("any", "all") and isinstance(value, list):
            out[key] = [_canonical(v, vocab, aliases) for v in value]
        elif key == "not":
            out[key] = _canonical(value, vocab, aliases)
        else:
            spec = FACTS.get(str(key))
            names = aliases.get(spec.vocabulary or "") if spec is not None else None
            words = (
                vocab.get(spec.vocabulary or "", frozenset()) if spec is not None else frozenset()
            )
            out[key] = _swap(value, names, words) if names else value
    return out


def _swap(value: Any, names: Mapping[str, str], words: frozenset[str]) -> Any:
    if isinstance(value, str):
        return names.get(value, value) if value not in words else value
    if isinstance(value, list):
        return [_swap(v, names, words) for v in value]
    if isinstance(value, Mapping):
        return {k: _swap(v, names, words) for k, v in value.items()}
    return value


def _error(code: str, zh: str, en: str, at: tuple[str | int, ...]) -> PydanticCustomError:
    return PydanticCustomError(code, "{en}", {"zh": zh, "en": en, "at": at})


def _compile(
    source: Any,
    at: tuple[str | int, ...],
    vocab: Mapping[str, frozenset[str]],
    used: set[str],
) -> Test:
    if not isinstance(source, Mapping):
        raise _error(
            "condition.not_a_mapping",
            "条件应写成“事实: 取值”的键值对",
            "a condition is a mapping of facts to values",
            at,
        )
    tests: list[Test] = []
    for key, value in source.items():
        where = (*at, key)
        if key == "any":
            tests.append(_any(value, where, vocab, used))
        elif key == "all":
            tests.append(_all(value, where, vocab, used))
        elif key == "not":
            tests.append(_negate(_compile(value, where, vocab, used)))
        else:
            spec = FACTS.get(str(key))
            if spec is None:
                raise _unknown_fact(str(key), where)
            used.add(spec.name)
            tests.append(_fact_test(spec, value, where, vocab))
    if not tests:
        return lambda _f: True
    if len(tests) == 1:
        return tests[0]
    return _all_of(tests)


def _any(
    value: Any, at: tuple[str | int, ...], vocab: Mapping[str, frozenset[str]], used: set[str]
) -> Test:
    parts = _list_of_conditions(value, at, vocab, used)
    return _any_of(parts)


def _all(
    value: Any, at: tuple[str | int, ...], vocab: Mapping[str, frozenset[str]], used: set[str]
) -> Test:
    parts = _list_of_conditions(value, at, vocab, used)
    return _all_of(parts)


def _list_of_conditions(
    value: Any, at: tuple[str | int, ...], vocab: Mapping[str, frozenset[str]], used: set[str]
) -> list[Test]:
    if not isinstance(value, list) or not value:
        raise _error(
            "condition.expected_list",
            "any/all 后面应是一个条件列表（每项以“- ”开头）",
            "any/all takes a non-empty list of conditions",
            at,
        )
    return [_compile(item, (*at, i), vocab, used) for i, item in enumerate(value)]


def _unknown_fact(key: str, at: tuple[str | int, ...]) -> PydanticCustomError:
    close = difflib.get_close_matches(key, list(FACTS), n=1)
    hint_zh = f"是不是“{close[0]}”？" if close else ""
    hint_en = f" Did you mean '{close[0]}'?" if close else ""
    return _error(
        "condition.unknown_fact",
        f"条件中不认识的事实“{key}”。{hint_zh}可用的事实：{'、'.join(FACTS)}",
        f"unknown fact '{key}' in a condition.{hint_en} Known facts: {', '.join(FACTS)}",
        at,
    )


def _fact_test(
    spec: FactSpec, value: Any, at: tuple[str | int, ...], vocab: Mapping[str, frozenset[str]]
) -> Test:
    name = spec.name
    if spec.type is FactType.BOOL:
        if not isinstance(value, bool):
            raise _type_error(spec, value, at, "true 或 false", "true or false")
        return lambda f: f.get(name) is value
    if spec.type is FactType.INT:
        return _int_test(spec, value, at)
    words = vocab.get(spec.vocabulary or "", frozenset())
    if spec.type is FactType.ENUM:
        return _enum_test(spec, value, at, words)
    return _tags_test(spec, value, at, words)


def _type_error(
    spec: FactSpec, value: Any, at: tuple[str | int, ...], zh: str, en: str
) -> PydanticCustomError:
    return _error(
        "condition.type_mismatch",
        f"事实“{spec.name}”（{spec.zh}）应为{zh}，实际为 {value!r}",
        f"fact '{spec.name}' ({spec.en}) takes {en}, got {value!r}",
        at,
    )


def _int_test(spec: FactSpec, value: Any, at: tuple[str | int, ...]) -> Test:
    name = spec.name
    if isinstance(value, int) and not isinstance(value, bool):
        return lambda f: f.get(name) == value
    if not isinstance(value, Mapping) or not value:
        raise _type_error(
            spec,
            value,
            at,
            "整数，或 {at_least: 2} 这样的比较",
            "an integer or a comparison like {at_least: 2}",
        )
    checks: list[tuple[Callable[[int, int], bool], int]] = []
    for op, operand in value.items():
        if op not in _INT_OPS:
            raise _error(
                "condition.unknown_operator",
                f"数值比较只能用 {'、'.join(_INT_OPS)}，不认识“{op}”",
                f"numbers compare with {', '.join(_INT_OPS)}; unknown '{op}'",
                (*at, op),
            )
        if not isinstance(operand, int) or isinstance(operand, bool):
            raise _type_error(spec, operand, (*at, op), "整数", "an integer")
        checks.append((_INT_OPS[op], operand))

    if len(checks) == 1:  # the usual case, {at_least: 2}: no generator per call
        ((fn, n),) = checks

        def test_one(f: Facts) -> bool:
            actual = f.get(name)
            return actual is not None and fn(actual, n)

        return test_one

    def test(f: Facts) -> bool:
        actual = f.get(name)
        return actual is not None and all(fn(actual, n) for fn, n in checks)

    return test


def _check_word(spec: FactSpec, word: Any, at: tuple[str | int, ...], words: frozenset[str]) -> str:
    if not isinstance(word, str):
        raise _type_error(spec, word, at, "一个词", "a word")
    if words and word not in words:
        close = difflib.get_close_matches(word, list(words), n=1)
        hint_zh = f"是不是“{close[0]}”？" if close else ""
        hint_en = f" Did you mean '{close[0]}'?" if close else ""
        raise _error(
            "condition.unknown_value",
            f"“{word}”不是“{spec.name}”（{spec.zh}）的取值。{hint_zh}可用：{'、'.join(sorted(words))}；"
            "新词请先在 vocabulary 中声明",
            f"'{word}' is not a value of '{spec.name}'.{hint_en} Known: {', '.join(sorted(words))}; "
            "declare new words under vocabulary",
            at,
        )
    return word


def _enum_test(
    spec: FactSpec, value: Any, at: tuple[str | int, ...], words: frozenset[str]
) -> Test:
    name = spec.name
    if isinstance(value, str):
        word = _check_word(spec, value, at, words)
        return lambda f: f.get(name) == word
    if isinstance(value, list):
        allowed = frozenset(_check_word(spec, w, (*at, i), words) for i, w in enumerate(value))
        return lambda f: f.get(name) in allowed
    if not isinstance(value, Mapping) or not value:
        raise _type_error(spec, value, at, "一个词或词的列表", "a word or a list of words")
    tests: list[Test] = []
    for op, operand in value.items():
        where = (*at, op)
        if op in ("is", "is_not"):
            word = _check_word(spec, operand, where, words)
            tests.append(_equals(name, word) if op == "is" else _negate(_equals(name, word)))
        elif op in ("in", "not_in"):
            if not isinstance(operand, list):
                raise _type_error(spec, operand, where, "词的列表", "a list of words")
            group = frozenset(
                _check_word(spec, w, (*where, i), words) for i, w in enumerate(operand)
            )
            tests.append(_member(name, group) if op == "in" else _negate(_member(name, group)))
        else:
            raise _error(
                "condition.unknown_operator",
                f"“{spec.name}”只能用 {'、'.join(_ENUM_OPS)}，不认识“{op}”",
                f"'{spec.name}' takes {', '.join(_ENUM_OPS)}; unknown '{op}'",
                where,
            )
    return _all_of(tests)


def _tags_test(
    spec: FactSpec, value: Any, at: tuple[str | int, ...], words: frozenset[str]
) -> Test:
    name = spec.name
    if isinstance(value, str):
        word = _check_word(spec, value, at, words)
        return lambda f: word in (f.get(name) or ())
    if isinstance(value, list):
        group = frozenset(_check_word(spec, w, (*at, i), words) for i, w in enumerate(value))
        return lambda f: not group.isdisjoint(f.get(name) or ())
    if not isinstance(value, Mapping) or not value:
        raise _type_error(
            spec,
            value,
            at,
            "一个标记、标记列表或 {has: ...}",
            "a tag, a list of tags or {has: ...}",
        )
    tests: list[Test] = []
    for op, operand in value.items():
        where = (*at, op)
        if op == "has":
            word = _check_word(spec, operand, where, words)
            tests.append(_has_any(name, frozenset((word,))))
            continue
        if op not in _TAG_OPS:
            raise _error(
                "condition.unknown_operator",
                f"标记只能用 {'、'.join(_TAG_OPS)}，不认识“{op}”",
                f"tags take {', '.join(_TAG_OPS)}; unknown '{op}'",
                where,
            )
        if not isinstance(operand, list):
            raise _type_error(spec, operand, where, "标记列表", "a list of tags")
        group = frozenset(_check_word(spec, w, (*where, i), words) for i, w in enumerate(operand))
        if op == "has_any":
            tests.append(_has_any(name, group))
        elif op == "has_all":
            tests.append(_has_all(name, group))
        else:
            tests.append(_negate(_has_any(name, group)))
    return _all_of(tests)


def _all_of(tests: list[Test]) -> Test:
    """Conjunction without a generator per call (conditions run many times per ticket)."""
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        a, b = tests
        return lambda f: a(f) and b(f)
    frozen = tuple(tests)

    def test(f: Facts) -> bool:
        for t in frozen:  # noqa: SIM110 - a plain loop, no generator per call: this is the hot path
            if not t(f):
                return False
        return True

    return test


def _any_of(tests: list[Test]) -> Test:
    """Disjunction without a generator per call."""
    if len(tests) == 1:
        return tests[0]
    frozen = tuple(tests)

    def test(f: Facts) -> bool:
        for t in frozen:  # noqa: SIM110 - a plain loop, no generator per call: this is the hot path
            if t(f):
                return True
        return False

    return test


def _negate(test: Test) -> Test:
    return lambda f: not test(f)


def _equals(name: str, word: str) -> Test:
    return lambda f: f.get(name) == word


def _member(name: str, group: frozenset[str]) -> Test:
    return lambda f: f.get(name) in group


def _has_any(name: str, group: frozenset[str]) -> Test:
    return lambda f: not group.isdisjoint(f.get(name) or ())


def _has_all(name: str, group: frozenset[str]) -> Test:
    return lambda f: group <= frozenset(f.get(name) or ())


def describe(source: Any, names: Mapping[str, str] | None = None) -> str:
    """Render a condition source in short Chinese; ``names`` gives words their Chinese names."""
    names = names or {}
    if not isinstance(source, Mapping) or not source:
        return "全部" if not source else str(source)
    parts: list[str] = []
    for key, value in source.items():
        if key == "any":
            parts.append("（" + " 或 ".join(describe(x, names) for x in value) + "）")
        elif key == "all":
            parts.append("（" + " 且 ".join(describe(x, names) for x in value) + "）")
        elif key == "not":
            parts.append(f"非（{describe(value, names)}）")
        else:
            spec = FACTS.get(str(key))
            label = spec.zh if spec else str(key)
            if isinstance(value, Mapping):
                parts.append(
                    " 且 ".join(
                        f"{label} {_OP_ZH.get(op, op)} {_words(x, names)}"
                        for op, x in value.items()
                    )
                )
            elif isinstance(value, list):
                parts.append(f"{label} 属于 {_words(value, names)}")
            elif isinstance(value, bool):
                parts.append(label if value else f"非{label}")
            elif spec is not None and spec.type is FactType.TAGS:
                parts.append(f"{label} 含 {_words(value, names)}")
            else:
                parts.append(f"{label}为{_words(value, names)}")
    return " 且 ".join(parts)


def _words(value: Any, names: Mapping[str, str]) -> str:
    items = value if isinstance(value, list) else [value]
    return "、".join(names.get(str(x), str(x)) if isinstance(x, str) else str(x) for x in items)


__all__ = ["ALWAYS", "Condition", "compile_condition", "describe"]

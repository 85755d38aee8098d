"""Conditions: type-checked at load, and evaluated exactly like a slow reference interpreter."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from hotline_rules.profile.conditions import compile_condition
from hotline_rules.profile.facts import FACTS, SHARED_VOCABULARIES, FactType

VOCAB = {name: frozenset(words) for name, words in SHARED_VOCABULARIES.items()}


# ---- a slow, obvious reference interpreter -------------------------------------------


def reference(cond: dict[str, Any], facts: dict[str, Any]) -> bool:
    results = []
    for key, value in cond.items():
        if key == "any":
            results.append(any(reference(c, facts) for c in value))
        elif key == "all":
            results.append(all(reference(c, facts) for c in value))
        elif key == "not":
            results.append(not reference(value, facts))
        else:
            results.append(reference_fact(FACTS[key].type, value, facts.get(key)))
    return all(results)


def reference_fact(kind: FactType, value: Any, actual: Any) -> bool:
    if kind is FactType.BOOL:
        return actual is value
    if kind is FactType.INT:
        if isinstance(value, int):
            return actual == value
        if actual is None:
            return False
        ok = True
        for op, n in value.items():
            ok = (
                ok
                and {
                    "at_least": actual >= n,
                    "at_most": actual <= n,
                    "more_than": actual > n,
                    "less_than": actual < n,
                    "is": actual == n,
                    "is_not": actual != n,
                }[op]
            )
        return ok
    if kind is FactType.ENUM:
        if isinstance(value, str):
            return actual == value
        if isinstance(value, list):
            return actual in value
        ok = True
        for op, x in value.items():
            ok = (
                ok
                and {
                    "is": actual == x,
                    "is_not": actual != x,
                    "in": actual in x if op == "in" else None,
                    "not_in": actual not in x if op == "not_in" else None,
                }[op]
            )
        return ok
    tags = set(actual or ())
    if isinstance(value, str):
        return value in tags
    if isinstance(value, list):
        return bool(tags & set(value))
    ok = True
    for op, x in value.items():
        if op == "has":
            ok = ok and x in tags
        elif op == "has_any":
            ok = ok and bool(tags & set(x))
        elif op == "has_all":
            ok = ok and set(x) <= tags
        else:
            ok = ok and not (tags & set(x))
    return ok


# ---- strategies --------------------------------------------------------------------

FACT_NAMES = ["kind", "urgency", "tags", "returns", "overdue", "channel"]


def words(fact: str) -> list[str]:
    # A few words per fact, so that conditions and facts overlap often enough to matter.
    return sorted(VOCAB[FACTS[fact].vocabulary or ""])[:4]


def fact_test(fact: str) -> st.SearchStrategy[Any]:
    kind = FACTS[fact].type
    if kind is FactType.BOOL:
        return st.booleans()
    if kind is FactType.INT:
        ops = st.sampled_from(["at_least", "at_most", "more_than", "less_than", "is", "is_not"])
        return st.integers(0, 5) | st.dictionaries(ops, st.integers(0, 5), min_size=1, max_size=2)
    w = st.sampled_from(words(fact))
    lists = st.lists(w, min_size=1, max_size=3)
    if kind is FactType.ENUM:
        return (
            w
            | lists
            | st.fixed_dictionaries({"is": w})
            | st.fixed_dictionaries({"not_in": lists})
            | st.fixed_dictionaries({"in": lists, "is_not": w})
        )
    return (
        w
        | lists
        | st.fixed_dictionaries({"has": w})
        | st.fixed_dictionaries({"has_all": lists})
        | st.fixed_dictionaries({"has_none": lists, "has_any": lists})
    )


leaf = st.sampled_from(FACT_NAMES).flatmap(lambda f: fact_test(f).map(lambda v: {f: v}))


def combine(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    group = st.lists(children, min_size=1, max_size=3)
    return (
        group.map(lambda cs: {"any": cs})
        | group.map(lambda cs: {"all": cs})
        | children.map(lambda c: {"not": c})
        | st.tuples(children, children).map(lambda ab: {**ab[1], **ab[0]})
    )


conditions = st.recursive(leaf, combine, max_leaves=6)

facts_strategy = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.sampled_from(words("kind")),
        "urgency": st.sampled_from(words("urgency")),
        "channel": st.sampled_from(words("channel")),
        "tags": st.frozensets(st.sampled_from(words("tags")), max_size=4),
        "returns": st.integers(0, 6),
        "overdue": st.booleans(),
    },
)


@settings(max_examples=400, deadline=None)
@given(conditions, facts_strategy)
def test_compiled_condition_agrees_with_the_reference(
    cond: dict[str, Any], facts: dict[str, Any]
) -> None:
    compiled = compile_condition(cond, VOCAB)
    assert compiled(facts) is reference(cond, facts)


# ---- load-time checks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "code", "at"),
    [
        ({"knd": "complaint"}, "condition.unknown_fact", ("knd",)),
        ({"kind": "complain"}, "condition.unknown_value", ("kind",)),
        ({"kind": ["complaint", 3]}, "condition.type_mismatch", ("kind", 1)),
        ({"returns": "2"}, "condition.type_mismatch", ("returns",)),
        ({"returns": {"atleast": 2}}, "condition.unknown_operator", ("returns", "atleast")),
        ({"overdue": "yes"}, "condition.type_mismatch", ("overdue",)),
        ({"tags": {"has": "nosuchtag"}}, "condition.unknown_value", ("tags", "has")),
        ({"any": []}, "condition.expected_list", ("any",)),
        (
            {"any": [{"kind": "help"}, {"urgncy": "urgent"}]},
            "condition.unknown_fact",
            ("any", 1, "urgncy"),
        ),
        (
            {"not": {"tags": {"contains": "x"}}},
            "condition.unknown_operator",
            ("not", "tags", "contains"),
        ),
        ("kind == complaint", "condition.not_a_mapping", ()),
    ],
)
def test_mistakes_are_refused_at_load_with_their_path(
    source: Any, code: str, at: tuple[Any, ...]
) -> None:
    with pytest.raises(PydanticCustomError) as info:
        compile_condition(source, VOCAB)
    assert info.value.type == code
    ctx = info.value.context or {}
    assert ctx["at"] == at
    assert ctx["zh"] and ctx["en"]


def test_profile_words_extend_the_vocabulary() -> None:
    vocab = {**VOCAB, "kinds": VOCAB["kinds"] | {"emergency_help"}}
    cond = compile_condition({"kind": "emergency_help"}, vocab)
    assert cond({"kind": "emergency_help"}) is True
    with pytest.raises(PydanticCustomError):
        compile_condition({"kind": "emergency_help"}, VOCAB)


def test_missing_facts_are_unknown_not_true() -> None:
    assert compile_condition({"returns": {"at_least": 0}}, VOCAB)({}) is False
    assert compile_condition({"overdue": False}, VOCAB)({}) is False
    assert compile_condition({}, VOCAB)({}) is True


def test_describe_in_chinese() -> None:
    cond = compile_condition({"kind": ["complaint", "report"], "returns": {"at_least": 2}}, VOCAB)
    names = {"complaint": "投诉", "report": "举报"}
    assert cond.describe(names) == "诉求类型 属于 投诉、举报 且 已退单次数 ≥ 2"


@settings(max_examples=300, deadline=None)
@given(conditions, facts_strategy)
def test_tag_precheck_never_rejects_a_condition_that_holds(
    cond: dict[str, Any], facts: dict[str, Any]
) -> None:
    compiled = compile_condition(cond, VOCAB)
    needs = compiled.needs_any_tag
    if needs is not None and needs.isdisjoint(facts.get("tags") or ()):
        assert compiled(facts) is False

"""Merge audit results: chunks of one export, worker processes, Spark partitions, saved parts.

An :class:`~hotline_rules.audit.auditor.AuditResult` holds only sums (counts, numerators and
denominators, never rates), samples that keep the smallest ids, and rejected rows kept by
source and line; so merging adds, and is associative and commutative: the parts may come in
any grouping and any order. What fires is judged again from the summed counts, never OR-ed
from the parts (a threshold of 3 a month is met by 2 + 1).

Only results of the same audit merge: the same profile (id and sha256 of every version's
files), the same calendar data, as-of instant, period and ``exclude_estimated``; anything else
is a :class:`~hotline_rules.errors.InputError` (``merge.incompatible``) naming what differs.

The merge cannot see a ticket id repeated in two parts (each part rejects its own
duplicates): parts must hold different tickets (chunks of one export, different months or
districts). ``audit --workers`` checks ids across its chunks itself.
"""

from __future__ import annotations

import copy
import heapq
from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from typing import Any

from hotline_rules.audit.auditor import (
    _IDENTITY,
    REJECTED_EXAMPLES,
    AuditResult,
    Matches,
    rejected_order,
)
from hotline_rules.errors import InputError

_WHAT = {
    "profile_id": ("配置", "profile"),
    "profile_sha256": ("配置文件内容（sha256）", "profile files (sha256)"),
    "calendar": ("日历数据（节假日通知与本地调整）", "calendar data (notices and local days)"),
    "as_of": ("评估时刻", "as-of instant"),
    "period": ("统计期间", "period"),
    "exclude_estimated": ("是否排除推定结果", "exclude_estimated"),
    "grains": ("考核周期", "assessment periods"),
    "combine": ("季度、年度指标的合成方式", "how months combine"),
}


def merge(results: Iterable[AuditResult]) -> AuditResult:
    """One result of many: counts added, samples and rejected rows kept as one audit would.

    The inputs are left as they were. Raises ``InputError`` (``merge.nothing``) for none,
    ``merge.incompatible`` for results of different audits.
    """
    parts = iter(results)
    first = next(parts, None)
    if first is None:
        raise InputError(
            "没有可合并的审计结果",
            "no audit results to merge",
            code="merge.nothing",
        )
    out = copy.deepcopy(first)
    for other in parts:
        merge_into(out, copy.deepcopy(other))
    return out.judge()


def merge_two(a: AuditResult, b: AuditResult) -> AuditResult:
    """``a`` and ``b`` merged into a new result (neither is changed); judged again."""
    return merge((a, b))


def merge_into(into: AuditResult, part: AuditResult) -> None:
    """Add ``part`` to ``into``, in place; ``part``'s values may be taken over, not copied (give
    a result nobody else holds, one just read or sent from a worker). Call :meth:`judge` after.
    """
    check_compatible(into, part)
    for f in fields(AuditResult):
        name = f.name
        if name in _IDENTITY or name in ("grains", "combine", "fired"):
            continue  # the same in both (checked); what fires is judged after the merge
        x, y = getattr(into, name), getattr(part, name)
        if name == "rejected":
            setattr(into, name, heapq.nsmallest(REJECTED_EXAMPLES, [*x, *y], key=rejected_order))
        else:
            setattr(into, name, combine(x, y, name))


def check_compatible(a: AuditResult, b: AuditResult) -> None:
    """Raise ``merge.incompatible`` unless ``a`` and ``b`` come from the same kind of audit."""
    for name in (*_IDENTITY, "grains", "combine"):
        x, y = getattr(a, name), getattr(b, name)
        if x != y:
            zh, en = _WHAT[name]
            shown_x, shown_y = _shown(x), _shown(y)
            raise InputError(
                f"不能合并不同审计的结果：{zh}不同（{shown_x} 与 {shown_y}）；"
                "只有同一配置、同一日历数据、同一评估时刻和期间的审计结果才能合并",
                f"cannot merge results of different audits: the {en} differs ({shown_x} and"
                f" {shown_y}); only audits with the same profile, calendar data, as-of and"
                " period merge",
                code="merge.incompatible",
            )


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):
        text = ", ".join(f"{k}={v}" for k, v in sorted(value.items()) if not isinstance(v, list))
        return text[:120] or "…"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text[:80]


_FIELDS: dict[type, tuple[str, ...] | None] = {}
"""Per type: the fields of a mutable dataclass (added field by field), or None."""


def _mutable_fields(kind: type) -> tuple[str, ...] | None:
    found = _FIELDS.get(kind, ())
    if found == ():
        params = getattr(kind, "__dataclass_params__", None)
        mutable = is_dataclass(kind) and not getattr(params, "frozen", True)
        found = _FIELDS[kind] = tuple(f.name for f in fields(kind)) if mutable else None
    return found


def combine(x: Any, y: Any, name: str = "") -> Any:
    """Two values of one counter added, by their type, so a new counter needs no code here.

    ``bool``: either; ``int`` and ``float``: the sum; ``dict``: key by key; :class:`Matches`:
    counts added, smallest ids kept; a mutable dataclass (``Tally``, ``UnitPeriod``): field by
    field; equal values (a frozen dataclass, a text) stay; two different texts (an export's
    encoding) become both, sorted (``gb18030, utf-8``); ``None`` gives way to a value.
    Dicts and dataclasses of ``x`` are added to in place, and values of ``y`` taken over.
    """
    kind = type(x)
    if kind is int and type(y) is int:  # the common case first: a merge is mostly counts
        return x + y
    if kind is dict and type(y) is dict:
        for k, v in y.items():
            x[k] = combine(x[k], v, name) if k in x else v
        return x
    if kind is bool and type(y) is bool:
        return x or y
    if isinstance(x, int | float) and isinstance(y, int | float) and not isinstance(x, bool):
        return x + y
    if kind is Matches and type(y) is Matches:
        return x.merged(y)
    names = _mutable_fields(kind) if type(y) is kind else None
    if names is not None:
        for field_name in names:
            setattr(
                x, field_name, combine(getattr(x, field_name), getattr(y, field_name), field_name)
            )
        return x
    if x == y:
        return x
    if x is None or y is None:
        return y if x is None else x
    if isinstance(x, str) and isinstance(y, str):
        return ", ".join(sorted({*x.split(", "), *y.split(", ")}))
    raise InputError(
        f"无法合并“{name}”：两部分的取值不同（{_shown(x)} 与 {_shown(y)}）",
        f"cannot merge '{name}': the parts differ ({_shown(x)} and {_shown(y)})",
        code="merge.incompatible",
    )


__all__ = ["check_compatible", "combine", "merge", "merge_into", "merge_two"]

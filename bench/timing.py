"""The timing harness shared by bench/calendar.py and bench/engine.py.

A measurement (``Case``) is a batch: one pass over a sample, calling the function once per item.
``time_interleaved`` times several cases round by round, one untimed warm-up batch each, with
the garbage collector off, and returns per-call ``Timing``s (median, p90, min over batches).
Also here: the no-op and loops that make batches, the CPU model for the header, display-width
padding, target verdicts and progress messages. Standard library only.

Imported by the two scripts with bench/ appended to the end of ``sys.path`` (see there why).
"""

from __future__ import annotations

import gc
import platform
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass
class Timing:
    """Per-call times (ns) of repeated batches: each batch is one pass over the whole sample."""

    per_call_ns: list[float]
    calls_per_batch: int

    @property
    def median(self) -> float:
        return statistics.median(self.per_call_ns)

    @property
    def p90(self) -> float:
        return percentile(self.per_call_ns, 0.90)

    @property
    def min(self) -> float:
        return min(self.per_call_ns)

    def to_dict(self, ndigits: int = 2) -> dict[str, Any]:
        """The figures for JSON, times rounded to ``ndigits`` decimals of a nanosecond."""
        return {
            "median_ns": round(self.median, ndigits),
            "p90_ns": round(self.p90, ndigits),
            "min_ns": round(self.min, ndigits),
            "batches": len(self.per_call_ns),
            "calls_per_batch": self.calls_per_batch,
        }


def percentile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (q in [0, 1])."""
    s = sorted(values)
    if len(s) == 1:
        return s[0]
    pos = q * (len(s) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


@dataclass(frozen=True)
class Case:
    """One measurement: ``batch`` makes ``calls`` calls; ``setup`` runs untimed before each."""

    batch: Callable[[], object]
    calls: int
    setup: Callable[[], object] | None = None


def time_interleaved(
    cases: dict[str, Case], budget_s: float, *, min_batches: int, max_batches: int
) -> dict[str, Timing]:
    """Time every case in rounds (one batch of each per round) until ``budget_s`` is spent.

    At least ``min_batches`` and at most ``max_batches`` rounds. Interleaving spreads drift
    (CPU frequency, other load) over all cases alike, so their ratios stay fair. Each round
    starts at a different case. One untimed warm-up batch of each case first (lets the 3.11+
    adaptive interpreter specialise). gc is off while timing (a case may turn it on inside
    its own batch).
    """
    keys = list(cases)
    for c in cases.values():
        if c.setup is not None:
            c.setup()
        c.batch()
    clock = time.perf_counter_ns
    out: dict[str, list[float]] = {k: [] for k in keys}
    gc_was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        deadline = clock() + int(budget_s * 1e9)
        rounds = 0
        while rounds < max_batches and (rounds < min_batches or clock() < deadline):
            for j in range(len(keys)):
                key = keys[(rounds + j) % len(keys)]
                c = cases[key]
                if c.setup is not None:
                    c.setup()
                t0 = clock()
                c.batch()
                out[key].append((clock() - t0) / c.calls)
            rounds += 1
    finally:
        if gc_was_enabled:
            gc.enable()
    return {k: Timing(v, cases[k].calls) for k, v in out.items()}


def noop(a: object, b: object) -> None:
    return None


def loop2(
    fn: Callable[[Any, Any], object], items: Sequence[Any], arg: object
) -> Callable[[], None]:
    """A batch: ``fn(item, arg)`` for every item; the loop itself is the harness overhead."""

    def run() -> None:
        for x in items:
            fn(x, arg)

    return run


def loop_pairs(
    fn: Callable[[Any, Any], object], pairs: Sequence[tuple[Any, Any]]
) -> Callable[[], None]:
    """A batch: ``fn(a, b)`` for every pair; the loop itself is the harness overhead."""

    def run() -> None:
        for a, b in pairs:
            fn(a, b)

    return run


def cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def ljust(text: str, width: int) -> str:
    """Pad to a display width: CJK characters take two columns in a terminal."""
    cols = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - cols, 0)


def target(
    name: str, value: float, op: str, threshold: float, unit: str, *, ndigits: int = 4
) -> dict[str, Any]:
    """A target's verdict for the report: ``value op threshold`` (op: <, <= or >=)."""
    met = {"<": value < threshold, "<=": value <= threshold, ">=": value >= threshold}[op]
    return {
        "name": name,
        "value": round(value, ndigits),
        "op": op,
        "threshold": threshold,
        "unit": unit,
        "met": met,
    }


def progress(msg: str) -> None:
    """A progress message on stderr, only when it is a terminal."""
    if sys.stderr.isatty():
        print(f"  ... {msg}", file=sys.stderr, flush=True)

# ruff: noqa: E402  (the sys.path fix below must run before any other import)
"""Benchmark of Engine.evaluate() against json.loads() on the same work orders, in the same run.

Run from the repository root:  python bench/engine.py [--quick] [--tickets N] [--json]

1. Generates N varied work orders per bundled profile (fixed seed): kinds, urgencies,
   channels, handlings, tags, contacts, returns, re-dispatches, extensions, supervision,
   completions, replies and revisits, received across 2025-2026; each one a JSON line.
2. Checks before any timing that every line parses and every ticket evaluates without an
   exception, and that the timed paths agree (parsed ticket vs. parse-then-evaluate).
3. Times, one pass over a profile's tickets per batch, interleaved: evaluation only
   (``engine.evaluate(ticket, as_of)`` on parsed tickets), parse + evaluate
   (``parse_ticket_json(line)`` then evaluate), and the baseline ``json.loads(line)``.
4. Prints tickets/second on one core per profile and overall, and the ratios
   evaluate / json.loads and (parse + evaluate) / json.loads. When a target is missed
   (or with ``--cprofile``) it profiles one evaluation pass with cProfile and prints which
   functions of src/ cost what.

See bench/README.md for what each figure means and the targets. Standard library only,
plus the project's own dependencies.
"""

from __future__ import annotations

import os
import sys

# `python bench/engine.py` puts bench/ first on sys.path, where bench/calendar.py would
# shadow the standard library's `calendar` module (which `holidays` imports). Drop it.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse
import cProfile
import dataclasses
import gc
import json
import platform
import pstats
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from importlib.metadata import version as package_version
from typing import Any

_T0 = time.perf_counter()
import hotline_rules
from hotline_rules.audit.demo import FIRST, LAST, LENGTHS, make_ticket
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.ticket import Ticket, parse_ticket, parse_ticket_json
from hotline_rules.profile import default_registry

IMPORT_S = time.perf_counter() - _T0

# The timing harness shared with bench/calendar.py is bench/timing.py. bench/ goes back on the
# path only now, and at its END: the standard library's directories come first, so
# bench/calendar.py can never be found as `calendar` (by `holidays` above, or by any later import).
sys.path.append(_HERE)
from timing import Case, cpu_model, loop_pairs, noop, progress, target, time_interleaved

PROFILES = ("gaoling", "qingpu_water", "haikou", "hebi", "moushi")
DEFAULT_SEED = 20250101
DEFAULT_TICKETS = 3000
QUICK_TICKETS = 600
CST = timezone(timedelta(hours=8))
CHECK_SAMPLE = 300  # per profile: tickets whose two timed paths are compared in full

# Targets (see bench/README.md).
TARGET_TICKETS_PER_S = 20_000.0  # evaluation only, overall, one core, at least
TARGET_RATIO = 10.0  # evaluation / json.loads, overall, at most


@dataclass(frozen=True)
class Budget:
    """Seconds of timing per profile, and batches per measurement."""

    per_profile_s: float
    min_batches: int
    max_batches: int


DEFAULT_BUDGET = Budget(per_profile_s=5.0, min_batches=5, max_batches=1000)
QUICK_BUDGET = Budget(per_profile_s=0.8, min_batches=3, max_batches=200)


# ---- batches (the timing harness is in bench/timing.py) ---------------------------------------


def loop_first(fn: Callable[[Any], object], pairs: Sequence[tuple[Any, Any]]) -> Callable[[], None]:
    """A batch: ``fn(a)`` for every pair (same loop shape as ``loop_pairs``)."""

    def run() -> None:
        for a, _b in pairs:
            fn(a)

    return run


def loop_parse_eval(
    evaluate: Callable[[Ticket, datetime], object], pairs: Sequence[tuple[str, datetime]]
) -> Callable[[], None]:
    parse = parse_ticket_json

    def run() -> None:
        for line, as_of in pairs:
            evaluate(parse(line), as_of)

    return run


def with_gc(batch: Callable[[], None]) -> Callable[[], None]:
    """The same batch with the garbage collector on, as in a long-running service."""

    def run() -> None:
        gc.enable()
        try:
            batch()
        finally:
            gc.disable()

    return run


# ---- the work orders --------------------------------------------------------------------------


@dataclass
class Sample:
    """One profile's work orders: JSON lines, their parsed tickets, and when to look at them."""

    profile: str
    engine: Engine
    lines: list[str]
    tickets: list[Ticket]
    as_of: list[datetime]


def generate(name: str, k: int, seed: int) -> tuple[Engine, list[str], list[datetime]]:
    eng = Engine(name)
    rng = random.Random(f"{seed}/{name}")
    lines: list[str] = []
    as_of: list[datetime] = []
    for n in range(k):
        data, at = make_ticket(rng, eng.profile, n)
        lines.append(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        as_of.append(at)
    return eng, lines, as_of


# ---- correctness checks (before any timing) ----------------------------------------------------


def check(
    name: str, eng: Engine, lines: list[str], as_of: list[datetime]
) -> tuple[Sample | None, dict[str, Any]]:
    """Parse and evaluate every ticket; list every failure; compare the timed paths."""
    failures: list[dict[str, Any]] = []
    tickets: list[Ticket] = []
    states: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    events = clocks = 0
    mismatches: list[str] = []
    for i, (line, at) in enumerate(zip(lines, as_of, strict=True)):
        tid = json.loads(line)["id"]
        try:
            t = parse_ticket_json(line)
        except Exception as exc:
            failures.append({"ticket": tid, "stage": "parse", "error": _err(exc)})
            continue
        try:
            ev = eng.evaluate(t, at)
        except Exception as exc:
            failures.append({"ticket": tid, "stage": "evaluate", "error": _err(exc)})
            continue
        tickets.append(t)
        events += len(t.events)
        clocks += len(ev.clocks)
        states.update(c.state.value for c in ev.clocks)
        findings.update(f.code for f in ev.findings)
        if i < CHECK_SAMPLE:
            via_dict = eng.evaluate(parse_ticket(json.loads(line)), at).to_dict()
            via_line = eng.evaluate(parse_ticket_json(line), at).to_dict()
            if not (ev.to_dict() == via_dict == via_line):
                mismatches.append(tid)
    n = len(tickets)
    summary = {
        "tickets": len(lines),
        "evaluated": n,
        "failures": failures,
        "path_mismatches": mismatches,
        "compared_in_full": min(CHECK_SAMPLE, len(lines)),
        "events_per_ticket": round(events / n, 2) if n else 0,
        "clocks_per_ticket": round(clocks / n, 2) if n else 0,
        "clock_states": dict(states.most_common()),
        "findings_per_ticket": round(sum(findings.values()) / n, 2) if n else 0,
        "finding_codes": dict(findings.most_common()),
        "bytes_per_line": round(sum(len(x.encode()) for x in lines) / len(lines), 1),
    }
    if failures or mismatches:
        return None, summary
    return Sample(name, eng, lines, tickets, as_of), summary


def _err(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


# ---- cProfile -------------------------------------------------------------------------------------


def cprofile_pass(samples: Sequence[Sample], top: int = 25) -> dict[str, Any]:
    """One evaluation pass over every ticket under cProfile: where the time goes."""
    prof = cProfile.Profile()
    pairs = [
        (s.engine.evaluate, t, a) for s in samples for t, a in zip(s.tickets, s.as_of, strict=True)
    ]
    gc.collect()
    prof.enable()
    for evaluate, t, a in pairs:
        evaluate(t, a)
    prof.disable()
    stats = pstats.Stats(prof)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = max(  # own times add up to the whole, give or take the profiler's rounding
        sum(tt for (_cc, _nc, tt, _ct, _callers) in raw.values()),
        max((ct for (_cc, _nc, _tt, ct, _callers) in raw.values()), default=0.0),
    )
    src = os.sep + "hotline_rules" + os.sep
    rows = []
    modules: Counter[str] = Counter()
    for (file, line, func), (_cc, nc, tt, ct, _callers) in raw.items():
        in_src = src in file
        where = file.split(src, 1)[1] + f":{line}({func})" if in_src else _short(file, line, func)
        rows.append(
            {
                "function": where,
                "in_src": in_src,
                "calls": nc,
                "tottime_s": tt,
                "cumtime_s": ct,
                "share": tt / total if total else 0.0,
            }
        )
        modules["src/hotline_rules/" + file.split(src, 1)[1] if in_src else "(outside src)"] += tt
    rows.sort(key=lambda r: -r["tottime_s"])
    by_cum = sorted((r for r in rows if r["in_src"]), key=lambda r: -r["cumtime_s"])
    return {
        "tickets": len(pairs),
        "total_s": total,
        "top_tottime": rows[:top],
        "top_cumtime_src": by_cum[:15],
        "modules": [
            {"module": m, "tottime_s": s, "share": s / total if total else 0.0}
            for m, s in modules.most_common()
        ],
    }


def _short(file: str, line: int, func: str) -> str:
    if file == "~":
        return func
    parts = file.split(os.sep)
    keep = parts.index("site-packages") + 1 if "site-packages" in parts else -2
    return "/".join(parts[keep:]) + f":{line}({func})"


# ---- facts about the machine -------------------------------------------------------------------


def _usable_cpus() -> int | None:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None


def machine_facts(usable: int | None, pinned: int | None) -> dict[str, Any]:
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu_model": cpu_model(),
        "cpu_count": os.cpu_count(),
        "cpu_usable": usable,
        "pinned_cpu": pinned,
        "perf_counter_resolution_ns": time.get_clock_info("perf_counter").resolution * 1e9,
        "hotline_rules": hotline_rules.__version__,
        "pydantic": package_version("pydantic"),
        "holidays": package_version("holidays"),
        "import_s": round(IMPORT_S, 4),
    }


def _pin() -> int | None:
    """Run on one CPU (the first one allowed): one core, and no migration between cores."""
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return cpu
    except (AttributeError, OSError):
        return None


# ---- report ----------------------------------------------------------------------------------------


def _us(ns: float) -> str:
    return f"{ns / 1000:.2f}"


def _rate(ns: float) -> str:
    return f"{1e9 / ns:,.0f}"


def render(r: dict[str, Any]) -> str:
    m, s = r["machine"], r["settings"]
    out: list[str] = []
    w = out.append
    w("hotline_rules engine benchmark")
    w("=" * 78)
    w(f"Python            {m['python']} ({m['implementation']}), {m['platform']}")
    w(
        f"CPU               {m['cpu_count']} logical CPUs ({m['cpu_usable']} usable"
        + (f", pinned to CPU {m['pinned_cpu']}" if m["pinned_cpu"] is not None else "")
        + ")"
        + (f", {m['cpu_model']}" if m["cpu_model"] else "")
    )
    w(
        f"versions          hotline_rules {m['hotline_rules']}, pydantic {m['pydantic']}, "
        f"holidays {m['holidays']}"
    )
    w(
        f"settings          {s['tickets']} tickets per profile, seed {s['seed']}, received "
        f"{s['span'][0]}..{s['span'][1]}, {'quick' if s['quick'] else 'default'} budget"
    )
    w(
        "timer             perf_counter_ns; a batch = one pass over a profile's tickets; "
        "median (p90)"
    )
    w("                  over batches of the per-ticket mean; gc off unless said; one thread")
    w("")
    w("1. Work orders and correctness (before any timing)")
    w("-" * 78)
    w(
        f"{'profile':<13} {'tickets':>7} {'ok':>6} {'events':>6} {'clocks':>6} "
        f"{'findings':>8} {'bytes':>6}  clock states"
    )
    for p in r["profiles"]:
        c = p["check"]
        states = ", ".join(f"{k} {n}" for k, n in c["clock_states"].items())
        w(
            f"{p['profile']:<13} {c['tickets']:>7} {c['evaluated']:>6} "
            f"{c['events_per_ticket']:>6.1f} {c['clocks_per_ticket']:>6.2f} "
            f"{c['findings_per_ticket']:>8.2f} {c['bytes_per_line']:>6.0f}  {states}"
        )
    w("(events, clocks, findings: per ticket; bytes: per JSON line)")
    codes: Counter[str] = Counter()
    for p in r["profiles"]:
        codes.update(p["check"]["finding_codes"])
    w("finding codes     " + ", ".join(f"{k} {n}" for k, n in codes.most_common()))
    bad = [p for p in r["profiles"] if p["check"]["failures"] or p["check"]["path_mismatches"]]
    for p in bad:
        c = p["check"]
        w(f"FAILURES in {p['profile']}: {len(c['failures'])} (every one listed)")
        for f in c["failures"]:
            w(f"  {f['ticket']} {f['stage']}: {f['error']}")
        if c["path_mismatches"]:
            w(f"  timed paths disagree on: {', '.join(c['path_mismatches'])}")
    if bad:
        w("not timed: some tickets fail (pass --allow-failures to time the rest anyway)")
        if not s["allow_failures"]:
            return "\n".join(out)
    else:
        w(
            "every ticket parsed and evaluated without an exception; the timed paths agree "
            f"(first {r['profiles'][0]['check']['compared_in_full']} of each profile compared "
            "in full: parsed ticket, parse_ticket(json.loads(line)), parse_ticket_json(line))"
        )
    w("")
    w("2. Per ticket, one core: evaluate vs json.loads on the same lines")
    w("-" * 78)
    w(
        f"{'profile':<13} | {'json.loads':>10} | {'evaluate µs':>17} | {'parse+eval µs':>17} | "
        f"{'eval/':>5} | {'(p+e)/':>6}"
    )
    w(
        f"{'':<13} | {'µs':>10} | {'median (p90)':>17} | {'median (p90)':>17} | {'json':>5} | {'json':>6}"
    )
    w("-" * 14 + "+" + "-" * 12 + "+" + "-" * 19 + "+" + "-" * 19 + "+" + "-" * 7 + "+" + "-" * 7)
    for p in r["profiles"]:
        t = p["timing"]
        j, e, pe = t["json_loads"], t["evaluate"], t["parse_evaluate"]
        w(
            f"{p['profile']:<13} | {_us(j['median_ns']):>10} | "
            f"{_us(e['median_ns']):>7} ({_us(e['p90_ns']):>7}) | "
            f"{_us(pe['median_ns']):>7} ({_us(pe['p90_ns']):>7}) | "
            f"{p['ratio_evaluate']:>4.1f}x | {p['ratio_parse_evaluate']:>5.1f}x"
        )
    o = r["overall"]
    w(
        f"{'overall':<13} | {_us(o['json_loads_ns']):>10} | {_us(o['evaluate_ns']):>7} {'':>9} | "
        f"{_us(o['parse_evaluate_ns']):>7} {'':>9} | {o['ratio_evaluate']:>4.1f}x | "
        f"{o['ratio_parse_evaluate']:>5.1f}x"
    )
    w("")
    w(
        f"{'tickets/s':<13} | {'json.loads':>10} | {'evaluate':>16} | {'parse+eval':>16} | "
        f"{'eval, gc on':>13}"
    )
    w("-" * 14 + "+" + "-" * 12 + "+" + "-" * 18 + "+" + "-" * 18 + "+" + "-" * 14)
    for p in r["profiles"]:
        t = p["timing"]
        w(
            f"{p['profile']:<13} | {_rate(t['json_loads']['median_ns']):>10} | "
            f"{_rate(t['evaluate']['median_ns']):>16} | "
            f"{_rate(t['parse_evaluate']['median_ns']):>16} | "
            f"{_rate(t['evaluate_gc_on']['median_ns']):>13}"
        )
    w(
        f"{'overall':<13} | {_rate(o['json_loads_ns']):>10} | {_rate(o['evaluate_ns']):>16} | "
        f"{_rate(o['parse_evaluate_ns']):>16} | {_rate(o['evaluate_gc_on_ns']):>13}"
    )
    w(
        "overall = all tickets of all profiles over the sum of their median times; "
        f"harness loop {o['overhead_ns']:.0f} ns/ticket (included)"
    )
    w("")
    w("Targets")
    w("-" * 78)
    for t in r["targets"]:
        verdict = "met" if t["met"] else "MISSED"
        val = f"{t['value']:,.0f}" if t["unit"] == "tickets/s" else f"{t['value']:.2f}x"
        thr = f"{t['threshold']:,.0f}" if t["unit"] == "tickets/s" else f"{t['threshold']:g}x"
        unit = " tickets/s" if t["unit"] == "tickets/s" else ""
        w(f"  [{verdict:>6}] {t['name']}: {val}{unit} (target {t['op']} {thr}{unit})")
    if r.get("cprofile"):
        out.extend(render_cprofile(r["cprofile"]))
    w(f"total run time    {r['run_s']:.1f} s")
    return "\n".join(out)


def render_cprofile(c: dict[str, Any]) -> list[str]:
    out = ["", "3. cProfile of one evaluation pass (all profiles' tickets)", "-" * 78]
    w = out.append
    w(
        f"{c['tickets']} evaluations, {c['total_s']:.3f} s under the profiler "
        f"({c['total_s'] / c['tickets'] * 1e6:.1f} µs each; the profiler itself slows calls, "
        "compare shares, not times)"
    )
    w("")
    w("time spent in each module's own code (tottime):")
    for mod in c["modules"][:14]:
        w(f"  {mod['share'] * 100:5.1f}%  {mod['tottime_s'] * 1000:8.1f} ms  {mod['module']}")
    w("")
    w(f"{'own time':>8} {'share':>6} {'calls':>9} {'per call':>9}  function (* = outside src/)")
    for row in c["top_tottime"]:
        per = row["tottime_s"] / row["calls"] * 1e9 if row["calls"] else 0
        w(
            f"{row['tottime_s'] * 1000:6.1f}ms {row['share'] * 100:5.1f}% {row['calls']:>9} "
            f"{per:7.0f}ns  {'' if row['in_src'] else '* '}{row['function']}"
        )
    w("")
    w("src/ functions by cumulative time (own time plus everything they call):")
    for row in c["top_cumtime_src"]:
        w(
            f"  {row['cumtime_s'] * 1000:8.1f} ms {row['cumtime_s'] / c['total_s'] * 100:5.1f}% "
            f"{row['calls']:>8} calls  {row['function']}"
        )
    return out


# ---- main -------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument(
        "--tickets",
        type=int,
        default=None,
        help=f"tickets per profile; default {DEFAULT_TICKETS}, {QUICK_TICKETS} with --quick",
    )
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    p.add_argument("--quick", action="store_true", help="short run (~15 s) for a smoke test")
    p.add_argument("--json", action="store_true", help="print one JSON document instead")
    p.add_argument(
        "--profiles",
        default=",".join(PROFILES),
        help="comma-separated bundled profiles (default: all five)",
    )
    p.add_argument(
        "--cprofile",
        action="store_true",
        help="always add the cProfile section (it is added anyway when a target is missed)",
    )
    p.add_argument("--no-cprofile", action="store_true", help="never add the cProfile section")
    p.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    p.add_argument(
        "--allow-failures",
        action="store_true",
        help="time the tickets that evaluate even when some fail (they are still listed)",
    )
    p.add_argument("--check", action="store_true", help="exit 3 when a target is missed (for CI)")
    args = p.parse_args(argv)
    k = (
        args.tickets
        if args.tickets is not None
        else (QUICK_TICKETS if args.quick else DEFAULT_TICKETS)
    )
    if k < 1:
        p.error("--tickets must be at least 1")
    names = [x.strip() for x in args.profiles.split(",") if x.strip()]
    known = set(default_registry().names())
    unknown = [x for x in names if x not in known]
    if unknown:
        p.error(f"unknown profiles: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    budget = QUICK_BUDGET if args.quick else DEFAULT_BUDGET
    t_run = time.perf_counter()
    usable = _usable_cpus()
    pinned = None if args.no_pin else _pin()

    report: dict[str, Any] = {
        "machine": machine_facts(usable, pinned),
        "settings": {
            "tickets": k,
            "seed": args.seed,
            "quick": args.quick,
            "profiles": names,
            "span": [FIRST.date().isoformat(), LAST.date().isoformat()],
            "lengths": list(LENGTHS),
            "allow_failures": args.allow_failures,
            "budget": dataclasses.asdict(budget),
        },
        "profiles": [],
    }

    # ---- 1. generate and check ----
    samples: list[Sample] = []
    failed = False
    for name in names:
        progress(f"{name}: generating {k} tickets and checking each one")
        t0 = time.perf_counter()
        eng, lines, as_of = generate(name, k, args.seed)
        sample, summary = check(name, eng, lines, as_of)
        summary["generate_and_check_s"] = round(time.perf_counter() - t0, 2)
        report["profiles"].append({"profile": name, "check": summary})
        if sample is None:
            failed = True
            if args.allow_failures:  # time the tickets that do evaluate
                ok_ids = {t.id for t in _evaluable(eng, lines, as_of)}
                keep = [i for i, line in enumerate(lines) if json.loads(line)["id"] in ok_ids]
                sample = Sample(
                    name,
                    eng,
                    [lines[i] for i in keep],
                    [parse_ticket_json(lines[i]) for i in keep],
                    [as_of[i] for i in keep],
                )
        if sample is not None:
            samples.append(sample)
    if failed and not args.allow_failures:
        report["timed"] = False
        report["targets"] = []
        report["run_s"] = time.perf_counter() - t_run
        print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else render(report))
        return 1
    report["timed"] = True

    # ---- 2. time ----
    for s, entry in zip(samples, report["profiles"], strict=True):
        progress(f"{s.profile}: timing evaluate, parse+evaluate and json.loads")
        pairs = list(zip(s.tickets, s.as_of, strict=True))
        line_pairs = list(zip(s.lines, s.as_of, strict=True))
        n = len(pairs)
        timings = time_interleaved(
            {
                "overhead": Case(loop_pairs(noop, pairs), n),
                "json_loads": Case(loop_first(json.loads, line_pairs), n),
                "evaluate": Case(loop_pairs(s.engine.evaluate, pairs), n),
                "parse_evaluate": Case(loop_parse_eval(s.engine.evaluate, line_pairs), n),
                "evaluate_gc_on": Case(with_gc(loop_pairs(s.engine.evaluate, pairs)), n),
            },
            budget.per_profile_s,
            min_batches=budget.min_batches,
            max_batches=budget.max_batches,
        )
        entry["timed_tickets"] = n
        entry["timing"] = {key: t.to_dict(ndigits=1) for key, t in timings.items()}
        j = timings["json_loads"].median
        entry["ratio_evaluate"] = timings["evaluate"].median / j
        entry["ratio_parse_evaluate"] = timings["parse_evaluate"].median / j
        entry["evaluate_tickets_per_s"] = 1e9 / timings["evaluate"].median
        entry["parse_evaluate_tickets_per_s"] = 1e9 / timings["parse_evaluate"].median

    def total(key: str) -> float:
        """Mean ns per ticket over all profiles: sum of n × median over sum of n."""
        timed = [e for e in report["profiles"] if "timing" in e]
        weight = sum(e["timed_tickets"] for e in timed)
        return sum(e["timed_tickets"] * e["timing"][key]["median_ns"] for e in timed) / weight

    overall = {
        key + "_ns": total(key)
        for key in ("overhead", "json_loads", "evaluate", "parse_evaluate", "evaluate_gc_on")
    }
    overall["ratio_evaluate"] = overall["evaluate_ns"] / overall["json_loads_ns"]
    overall["ratio_parse_evaluate"] = overall["parse_evaluate_ns"] / overall["json_loads_ns"]
    overall["evaluate_tickets_per_s"] = 1e9 / overall["evaluate_ns"]
    overall["parse_evaluate_tickets_per_s"] = 1e9 / overall["parse_evaluate_ns"]
    report["overall"] = overall
    report["targets"] = [
        target(
            "evaluation, overall, one core",
            overall["evaluate_tickets_per_s"],
            ">=",
            TARGET_TICKETS_PER_S,
            "tickets/s",
            ndigits=3,
        ),
        target(
            "evaluate / json.loads, overall",
            overall["ratio_evaluate"],
            "<=",
            TARGET_RATIO,
            "x",
            ndigits=3,
        ),
    ]
    missed = not all(t["met"] for t in report["targets"])

    # ---- 3. where the time goes ----
    if args.cprofile or (missed and not args.no_cprofile):
        progress("cProfile of one evaluation pass")
        report["cprofile"] = cprofile_pass(samples)

    report["run_s"] = time.perf_counter() - t_run
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else render(report))
    if args.check and missed:
        return 3
    return 0


def _evaluable(eng: Engine, lines: list[str], as_of: list[datetime]) -> list[Ticket]:
    out = []
    for line, at in zip(lines, as_of, strict=True):
        try:
            t = parse_ticket_json(line)
            eng.evaluate(t, at)
        except Exception:
            continue
        out.append(t)
    return out


if __name__ == "__main__":
    sys.exit(main())

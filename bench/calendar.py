# ruff: noqa: E402  (the sys.path fix below must run before any other import)
"""Benchmark of working-day arithmetic and due() against baselines measured in the same run.

Run from the repository root:  python bench/calendar.py [--quick] [--dates N] [--json]

1. ``WorkCalendar.default().add_working_days(d, n)`` against the ``holidays`` package's
   ``China(...).get_nth_working_day(d, n)`` for n = 1, 5, 15, 90 on the same random dates,
   after checking that both give the same date for every sampled (date, n).
2. ``DeadlineCalculator().due(start, 1 working day)`` from aware datetimes (Asia/Shanghai,
   as a parsed string, from UTC), against a bare ``datetime.astimezone(zone)``, after checking
   every due instant against one derived independently from ``holidays``.

See bench/README.md for what each figure means and the targets. Standard library only,
plus the project's own dependencies.
"""

from __future__ import annotations

import os
import sys

# This file is called calendar.py and `python bench/calendar.py` puts bench/ first on
# sys.path, where it would shadow the standard library's `calendar` module (which
# `holidays`, `dateutil` and others import). Drop bench/ from the path before importing.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse
import dataclasses
import json
import platform
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from importlib.metadata import version as package_version
from typing import Any
from zoneinfo import ZoneInfo

_T0 = time.perf_counter()
from holidays.constants import PUBLIC
from holidays.countries.china import China

import hotline_rules
from hotline_rules import DeadlineCalculator, Duration, Unit, WorkCalendar

IMPORT_S = time.perf_counter() - _T0

# The timing harness shared with bench/engine.py is bench/timing.py. bench/ goes back on the
# path only now, and at its END: the standard library's directories come first, so this file
# can still never be found as `calendar` (by `holidays` above, or by any later import).
sys.path.append(_HERE)
from timing import Case, cpu_model, ljust, loop2, noop, progress, target, time_interleaved

SPAN_FIRST = date(2004, 1, 1)
SPAN_LAST = date(2025, 6, 30)
HOLIDAYS_YEARS = range(2003, 2027)
NS = (1, 5, 15, 90)
ZONE_NAME = "Asia/Shanghai"
DEFAULT_SEED = 20040101
DEFAULT_DATES = 3000
QUICK_DATES = 1000

# Targets (see bench/README.md).
TARGET_FLAT = 1.5  # ours(N=90) / ours(N=1) at most this
TARGET_SPEEDUP_N15 = 20.0  # holidays / ours at N=15 at least this
TARGET_DUE_US = 5.0  # due() median per call below this, in µs


@dataclass(frozen=True)
class Budget:
    """Seconds of timing per group of interleaved measurements, and batches per measurement."""

    ours_s: float  # part 1, ours (4 N) + harness overhead
    holidays_s: float  # part 1, holidays (4 N); one N=90 batch takes ~1 s on 3000 dates
    due_s: float  # part 2, due() variants + baselines
    min_batches: int
    max_batches: int


DEFAULT_BUDGET = Budget(ours_s=5.0, holidays_s=4.0, due_s=14.0, min_batches=5, max_batches=5000)
QUICK_BUDGET = Budget(ours_s=0.8, holidays_s=0.6, due_s=1.6, min_batches=3, max_batches=1000)


# ---- timing (the harness is in bench/timing.py) --------------------------------------------


def loop_astimezone(items: Sequence[datetime], zone: Any) -> Callable[[], None]:
    def run() -> None:
        for x in items:
            x.astimezone(zone)

    return run


# ---- samples -------------------------------------------------------------------------------


def sample_dates(rng: random.Random, k: int) -> list[date]:
    lo, hi = SPAN_FIRST.toordinal(), SPAN_LAST.toordinal()
    return [date.fromordinal(rng.randint(lo, hi)) for _ in range(k)]


def sample_instants(rng: random.Random, k: int, zone: ZoneInfo) -> list[datetime]:
    """Random instants, uniform in time, from SPAN_FIRST 00:00 to SPAN_LAST 24:00 local time."""
    lo = int(datetime.combine(SPAN_FIRST, dtime(0), tzinfo=zone).timestamp())
    hi = int(datetime.combine(SPAN_LAST + timedelta(days=1), dtime(0), tzinfo=zone).timestamp()) - 1
    return [
        datetime.fromtimestamp(rng.randint(lo, hi), zone).replace(microsecond=rng.randrange(10**6))
        for _ in range(k)
    ]


# ---- facts -----------------------------------------------------------------------------------


def machine_facts(cal: WorkCalendar, cal_build_s: float, hol_build_s: float) -> dict[str, Any]:
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = None
    res = time.get_clock_info("perf_counter").resolution
    return {
        "python": sys.version.split()[0],
        "python_full": sys.version.replace("\n", " "),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu_model": cpu_model(),
        "cpu_count": os.cpu_count(),
        "cpu_usable": usable,
        "perf_counter_resolution_ns": res * 1e9,
        "holidays": package_version("holidays"),
        "hotline_rules": hotline_rules.__version__,
        "calendar_version": str(cal.version),
        "calendar_version_detail": cal.version.to_dict(),
        "calendar_range": [cal.first_date.isoformat(), cal.last_date.isoformat()],
        "import_s": round(IMPORT_S, 4),
        "calendar_build_s": round(cal_build_s, 4),
        "holidays_build_s": round(hol_build_s, 4),
    }


# ---- correctness checks (before any timing) ----------------------------------------------------


def check_working_days(
    cal: WorkCalendar, hol: Any, dates: Sequence[date]
) -> tuple[dict[int, int], list[dict[str, Any]]]:
    """Both implementations on every (date, n); returns agreement counts and every mismatch."""
    agree: dict[int, int] = {}
    mismatches: list[dict[str, Any]] = []
    for n in NS:
        ok = 0
        for d in dates:
            ours = cal.add_working_days(d, n)
            theirs = hol.get_nth_working_day(d, n)
            if ours == theirs:
                ok += 1
            else:
                mismatches.append(
                    {
                        "date": d.isoformat(),
                        "n": n,
                        "ours": ours.isoformat(),
                        "holidays": theirs.isoformat(),
                    }
                )
        agree[n] = ok
    return agree, mismatches


def check_due(
    calc: DeadlineCalculator,
    hol: Any,
    zone: ZoneInfo,
    starts: Sequence[datetime],
    starts_utc: Sequence[datetime],
    dur: Duration,
    text: str,
) -> tuple[int, list[dict[str, Any]]]:
    """Every due() variant against 24:00 of holidays' next working day after the local date."""
    ok = 0
    bad: list[dict[str, Any]] = []
    for s, su in zip(starts, starts_utc, strict=True):
        last = hol.get_nth_working_day(s.date(), 1)
        expected = datetime.combine(last + timedelta(days=1), dtime(0), tzinfo=zone).isoformat()
        got = {
            "duration": calc.due(s, dur),
            "string": calc.due(s, text),
            "utc_start": calc.due(su, dur),
        }
        wrong = {
            k: r.due.isoformat()
            for k, r in got.items()
            if r.due.isoformat() != expected or r.estimated
        }
        if wrong:
            bad.append({"start": s.isoformat(), "expected": expected, "got": wrong})
        else:
            ok += 1
    return ok, bad


# ---- report --------------------------------------------------------------------------------------


def _ns(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def _us(x_ns: float) -> str:
    return f"{x_ns / 1000:.3f}"


def render(r: dict[str, Any]) -> str:
    m = r["machine"]
    s = r["settings"]
    wd = r["working_days"]
    du = r["due"]
    out: list[str] = []
    w = out.append
    w("hotline_rules calendar benchmark")
    w("=" * 78)
    w(f"Python            {m['python']} ({m['implementation']}), {m['platform']}")
    w(
        f"CPU               {m['cpu_count']} logical CPUs ({m['cpu_usable']} usable)"
        + (f", {m['cpu_model']}" if m["cpu_model"] else "")
    )
    w(f"holidays          {m['holidays']}")
    w(f"hotline_rules     {m['hotline_rules']}")
    w(f"calendar data     {m['calendar_version']}")
    w(f"calendar range    {m['calendar_range'][0]}..{m['calendar_range'][1]}")
    w(
        f"build (one-off)   WorkCalendar.default() {m['calendar_build_s'] * 1000:.0f} ms; "
        f"holidays.China(years=2003..2026) {m['holidays_build_s'] * 1000:.0f} ms"
    )
    w(
        f"settings          {s['dates']} dates, {s['instants']} instants, seed {s['seed']}, "
        f"span {s['span'][0]}..{s['span'][1]}, {'quick' if s['quick'] else 'default'} budget"
    )
    w(
        f"timer             perf_counter_ns (resolution {m['perf_counter_resolution_ns']:g} ns); "
        "a batch = one pass over the sample;"
    )
    w("                  figures = median (p90) over batches of the per-call mean; gc off")
    w("")

    w(
        "1. N working days after a date: add_working_days(d, N)"
        " vs holidays get_nth_working_day(d, N)"
    )
    w("-" * 78)
    total = s["dates"] * len(NS)
    agree_all = sum(wd["agreement"].values())
    w(
        f"agreement         {agree_all}/{total} identical dates "
        + "("
        + ", ".join(f"N={n}: {wd['agreement'][str(n)]}" for n in NS)
        + ")"
    )
    if wd["mismatches"]:
        w(f"MISMATCHES        {len(wd['mismatches'])} (every one listed):")
        for mm in wd["mismatches"]:
            w(f"  {mm['date']} N={mm['n']:<3} ours {mm['ours']}  holidays {mm['holidays']}")
        if not s["allow_mismatch"]:
            w("not timed: results differ (pass --allow-mismatch to time anyway)")
            return "\n".join(out)
    w(
        f"harness overhead  {_ns(wd['overhead']['median_ns'])} ns/call "
        "(the same loop calling a no-op; included in every figure)"
    )
    w("")
    w(f"{'N':>4} | {'ours ns/call':>20} | {'holidays ns/call':>24} | {'holidays/ours':>13}")
    w(f"{'':>4} | {'median (p90)':>20} | {'median (p90)':>24} | {'(median)':>13}")
    w("-" * 5 + "+" + "-" * 22 + "+" + "-" * 26 + "+" + "-" * 15)
    for row in wd["rows"]:
        o, h = row["ours"], row["holidays"]
        w(
            f"{row['n']:>4} | {_ns(o['median_ns']):>9} ({_ns(o['p90_ns']):>8}) | "
            f"{_ns(h['median_ns']):>11} ({_ns(h['p90_ns']):>10}) | {row['ratio']:>12.1f}x"
        )
    w("")
    w(
        f"ours N=90 / ours N=1   {wd['flatness']:.3f}x   "
        f"(target <= {TARGET_FLAT}x: {'met' if wd['flatness'] <= TARGET_FLAT else 'MISSED'})"
    )
    sp = wd["speedup_n15"]
    w(
        f"holidays/ours at N=15  {sp:.1f}x   "
        f"(target >= {TARGET_SPEEDUP_N15:.0f}x: {'met' if sp >= TARGET_SPEEDUP_N15 else 'MISSED'})"
    )
    w("")

    w("2. DeadlineCalculator().due(start, 1 working day), start aware, zone Asia/Shanghai")
    w("-" * 78)
    w(
        f"correctness       {du['agreement']}/{s['instants']} instants: all three variants equal "
        "24:00 of holidays' next working day"
    )
    if du["mismatches"]:
        w(f"MISMATCHES        {len(du['mismatches'])} (every one listed):")
        for mm in du["mismatches"]:
            w(f"  start {mm['start']} expected {mm['expected']} got {mm['got']}")
        if not s["allow_mismatch"]:
            w("not timed: results differ (pass --allow-mismatch to time anyway)")
            return "\n".join(out)
    w("")
    w(f"{'call':<52} | {'median µs':>9} | {'p90 µs':>7} | {'vs base':>8}")
    w("-" * 53 + "+" + "-" * 11 + "+" + "-" * 9 + "+" + "-" * 9)
    for row in du["rows"]:
        t = row["timing"]
        ratio = f"{row['ratio']:.1f}x" if row.get("ratio") is not None else ""
        w(
            f"{ljust(row['label'], 52)} | {_us(t['median_ns']):>9} | {_us(t['p90_ns']):>7} | "
            f"{ratio:>8}"
        )
    w("")
    w("vs base: due() / the bare astimezone() baseline for the same start (same zone or UTC).")
    w(
        f"UTC-start conversion cost (due UTC start - due Shanghai start): "
        f"{du['utc_extra_ns'] / 1000:+.3f} µs; string parsing cost: "
        f"{du['string_extra_ns'] / 1000:+.3f} µs"
    )
    med = du["median_us"]
    w(
        f"due() median  {med:.3f} µs   "
        f"(target < {TARGET_DUE_US:.0f} µs: {'met' if med < TARGET_DUE_US else 'MISSED'})"
    )
    w("")
    w("Targets")
    w("-" * 78)
    if wd["mismatches"] or du["mismatches"]:
        w("  WARNING: timed with --allow-mismatch although the results above differ")
    for t in r["targets"]:
        verdict = "met" if t["met"] else "MISSED"
        unit = "x" if t["unit"] == "x" else " µs"
        w(
            f"  [{verdict:>6}] {t['name']}: {t['value']:.3f}{unit} "
            f"(target {t['op']} {t['threshold']:g}{unit})"
        )
    w(f"total run time    {r['run_s']:.1f} s")
    return "\n".join(out)


# ---- main ----------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument(
        "--dates",
        type=int,
        default=None,
        help=f"sample size: dates (and due() start instants); default {DEFAULT_DATES}, "
        f"{QUICK_DATES} with --quick",
    )
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    p.add_argument("--quick", action="store_true", help="short run (~5 s) for a smoke test")
    p.add_argument(
        "--json", action="store_true", help="print one JSON document instead of the table"
    )
    p.add_argument(
        "--allow-mismatch",
        action="store_true",
        help="time even when ours and holidays disagree (they are still listed)",
    )
    p.add_argument("--check", action="store_true", help="exit 3 when a target is missed (for CI)")
    args = p.parse_args(argv)
    dates_n = args.dates
    if dates_n is None:
        dates_n = QUICK_DATES if args.quick else DEFAULT_DATES
    if dates_n < 1:
        p.error("--dates must be at least 1")
    budget = QUICK_BUDGET if args.quick else DEFAULT_BUDGET
    t_run = time.perf_counter()

    # Build both, pre-populated (holidays populates years lazily otherwise).
    t0 = time.perf_counter()
    cal = WorkCalendar.default()
    cal_build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    hol = China(years=HOLIDAYS_YEARS, categories=PUBLIC)  # type: ignore[no-untyped-call]
    hol_build_s = time.perf_counter() - t0
    years_before = frozenset(hol.years)

    rng = random.Random(args.seed)
    zone = ZoneInfo(ZONE_NAME)
    dates = sample_dates(rng, dates_n)
    starts = sample_instants(rng, dates_n, zone)
    starts_utc = [s.astimezone(UTC) for s in starts]
    dur = Duration(1, Unit.WORKING_DAYS)
    text = "1个工作日"
    calc = DeadlineCalculator()

    report: dict[str, Any] = {
        "machine": machine_facts(cal, cal_build_s, hol_build_s),
        "settings": {
            "dates": dates_n,
            "instants": dates_n,
            "seed": args.seed,
            "quick": args.quick,
            "span": [SPAN_FIRST.isoformat(), SPAN_LAST.isoformat()],
            "holidays_years": [HOLIDAYS_YEARS.start, HOLIDAYS_YEARS.stop - 1],
            "ns": list(NS),
            "zone": ZONE_NAME,
            "allow_mismatch": args.allow_mismatch,
            "budget": dataclasses.asdict(budget),
        },
    }

    # ---- 1. correctness, then timing of N working days ----
    progress("checking add_working_days against holidays on every sampled date")
    agree, mismatches = check_working_days(cal, hol, dates)
    wd: dict[str, Any] = {"agreement": {str(n): agree[n] for n in NS}, "mismatches": mismatches}
    report["working_days"] = wd
    progress("checking due() variants")
    due_ok, due_bad = check_due(calc, hol, zone, starts, starts_utc, dur, text)
    du: dict[str, Any] = {"agreement": due_ok, "mismatches": due_bad}
    report["due"] = du
    if frozenset(hol.years) != years_before:
        extra = sorted(hol.years - years_before)
        raise SystemExit(f"holidays populated years lazily during the check: {extra}")

    if (mismatches or due_bad) and not args.allow_mismatch:
        report["run_s"] = time.perf_counter() - t_run
        report["targets"] = []
        report["timed"] = False
        print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else render(report))
        return 1
    report["timed"] = True

    add = cal.add_working_days
    nth = hol.get_nth_working_day
    k = len(dates)
    progress("timing add_working_days (and the harness overhead)")
    ours_t = time_interleaved(
        {"overhead": Case(loop2(noop, dates, 1), k)}
        | {f"ours{n}": Case(loop2(add, dates, n), k) for n in NS},
        budget.ours_s,
        min_batches=budget.min_batches,
        max_batches=budget.max_batches,
    )
    progress("timing holidays get_nth_working_day")
    hol_t = time_interleaved(
        {f"hol{n}": Case(loop2(nth, dates, n), k) for n in NS},
        budget.holidays_s,
        min_batches=budget.min_batches,
        max_batches=budget.max_batches,
    )
    wd["overhead"] = ours_t["overhead"].to_dict()
    rows: list[dict[str, Any]] = []
    for n in NS:
        ours, theirs = ours_t[f"ours{n}"], hol_t[f"hol{n}"]
        rows.append(
            {
                "n": n,
                "ours": ours.to_dict(),
                "holidays": theirs.to_dict(),
                "ratio": theirs.median / ours.median,
            }
        )
    wd["rows"] = rows
    by_n = {row["n"]: row for row in rows}
    wd["flatness"] = ours_t["ours90"].median / ours_t["ours1"].median
    wd["speedup_n15"] = by_n[15]["ratio"]

    # ---- 2. due() ----
    due = calc.due
    # Cold: a fresh calculator per batch, so its memo of midnight instants starts empty
    # (built outside the timed region; the shared WorkCalendar stays the same).
    fresh: list[Any] = [calc.due]
    progress("timing due() and its baselines")
    timings = time_interleaved(
        {
            "overhead": Case(loop2(noop, starts, dur), k),
            "base_same": Case(loop_astimezone(starts, zone), k),
            "base_utc": Case(loop_astimezone(starts_utc, zone), k),
            "dur": Case(loop2(due, starts, dur), k),
            "str": Case(loop2(due, starts, text), k),
            "utc": Case(loop2(due, starts_utc, dur), k),
            "cold": Case(
                lambda: loop2(fresh[0], starts, dur)(),
                k,
                setup=lambda: fresh.__setitem__(0, DeadlineCalculator(cal).due),
            ),
        },
        budget.due_s,
        min_batches=budget.min_batches,
        max_batches=budget.max_batches,
    )
    overhead, base_same, base_utc = (timings[x] for x in ("overhead", "base_same", "base_utc"))
    t_dur, t_str, t_utc, t_cold = (timings[x] for x in ("dur", "str", "utc", "cold"))
    du["rows"] = [
        {
            "key": "harness_overhead",
            "label": "harness: same loop calling a no-op",
            "timing": overhead.to_dict(),
        },
        {
            "key": "astimezone_same_zone",
            "label": "baseline: start.astimezone(zone), start in zone",
            "timing": base_same.to_dict(),
        },
        {
            "key": "astimezone_from_utc",
            "label": "baseline: start.astimezone(zone), start in UTC",
            "timing": base_utc.to_dict(),
        },
        {
            "key": "due_duration",
            "label": "due(start, Duration(1, WORKING_DAYS))",
            "timing": t_dur.to_dict(),
            "ratio": t_dur.median / base_same.median,
        },
        {
            "key": "due_string",
            "label": 'due(start, "1个工作日")',
            "timing": t_str.to_dict(),
            "ratio": t_str.median / base_same.median,
        },
        {
            "key": "due_utc_start",
            "label": "due(start in UTC, Duration(1, WORKING_DAYS))",
            "timing": t_utc.to_dict(),
            "ratio": t_utc.median / base_utc.median,
        },
        {
            "key": "due_cold",
            "label": "due(start, Duration), fresh DeadlineCalculator/batch",
            "timing": t_cold.to_dict(),
            "ratio": t_cold.median / base_same.median,
        },
    ]
    du["median_us"] = t_dur.median / 1000
    du["p90_us"] = t_dur.p90 / 1000
    du["utc_extra_ns"] = t_utc.median - t_dur.median
    du["string_extra_ns"] = t_str.median - t_dur.median

    report["targets"] = [
        target("ours N=90 / ours N=1", wd["flatness"], "<=", TARGET_FLAT, "x"),
        target("holidays / ours at N=15", wd["speedup_n15"], ">=", TARGET_SPEEDUP_N15, "x"),
        target("due() median, Duration, Shanghai start", du["median_us"], "<", TARGET_DUE_US, "us"),
    ]
    report["run_s"] = time.perf_counter() - t_run
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else render(report))
    if args.check and not all(t["met"] for t in report["targets"]):
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Cold start of the CLI, as a ratio to importing its own dependencies, measured in the same run.

A person at a terminal, a CI job that calls the CLI hundreds of times and an integrator that
shells out once per work order all wait for the interpreter to start and the package to load.
The floor is what the dependencies cost: ``import pydantic, yaml, dateutil,
holidays.countries.china`` and building the China holidays of 2020-2026 (what the calendar needs
from ``holidays``). Each command is run as a fresh process, the baseline and the commands
alternating round by round so that a drift of the machine's speed touches all alike; the best of
``--repeat`` runs of each is compared.

    python bench/startup.py [--repeat 7] [--json]

Targets (issue "A house whose rooms name its layers"): ``deadline`` <= 1.5x the baseline;
``check`` and ``validate`` <= 2x. The disk cache of the holidays data (``time/holiday_cache.py``)
is warm after the first run, as it is for a user; ``--cold-cache`` runs with it turned off.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CLI = str(BIN / "hotline-rules")

BASELINE = (
    "import pydantic, yaml, dateutil, holidays.countries.china\n"
    "holidays.countries.china.China(years=range(2020, 2027))\n"
)

COMMANDS: dict[str, list[str]] = {
    "baseline (dependencies)": [sys.executable, "-c", BASELINE],
    "python -c pass": [sys.executable, "-c", "pass"],
    "import hotline_rules": [sys.executable, "-c", "import hotline_rules"],
    "deadline": [CLI, "deadline", "--start", "2026-09-30T16:00:00+08:00", "--add", "1个工作日"],
    "check": [
        CLI,
        "check",
        str(ROOT / "examples/tickets/gaoling.json"),
        "--profile",
        "gaoling",
        "--as-of",
        "2026-12-31T00:00:00+08:00",
    ],
    "check --format json": [
        CLI,
        "check",
        str(ROOT / "examples/tickets/gaoling.json"),
        "--profile",
        "gaoling",
        "--as-of",
        "2026-12-31T00:00:00+08:00",
        "--format",
        "json",
    ],
    "validate": [CLI, "validate"],
}

TARGETS = {"deadline": 1.5, "check": 2.0, "check --format json": 2.0, "validate": 2.0}


def run_once(argv: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t
    if done.returncode not in (0, 5):  # 5: the example ticket has violations, as it should
        raise SystemExit(f"{argv!r} exited {done.returncode}:\n{done.stderr.decode()}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7, help="runs of each command (best is kept)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--cold-cache", action="store_true", help="turn the holidays disk cache off")
    args = ap.parse_args()
    env = dict(os.environ)
    # `pip install` compiles every module to bytecode; a shell with PYTHONDONTWRITEBYTECODE set
    # (some containers set it) would make each run compile our 20,000 lines from source while
    # the dependencies, installed with their .pyc, would not: the warm-up run writes them here.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as cache:
        env["HOTLINE_RULES_CACHE_DIR"] = "off" if args.cold_cache else cache
        for argv in COMMANDS.values():  # warm the OS file cache, .pyc files and the disk cache
            run_once(argv, env)
        best = dict.fromkeys(COMMANDS, float("inf"))
        for i in range(args.repeat):
            for name, argv in COMMANDS.items():
                best[name] = min(best[name], run_once(argv, env))
            print(f"  round {i + 1}/{args.repeat}", file=sys.stderr, end="\r")
    base = best["baseline (dependencies)"]
    if args.json:
        print(json.dumps({"best_s": best, "ratio": {k: v / base for k, v in best.items()}}))
        return
    print(
        f"hotline_rules cold start — best of {args.repeat} alternating runs, Python "
        f"{sys.version.split()[0]}, holidays cache {'off' if args.cold_cache else 'warm'}"
    )
    print("-" * 64)
    print(f"{'command':<28}{'best s':>10}{'÷ baseline':>14}{'target':>10}")
    for name, seconds in best.items():
        target = TARGETS.get(name)
        print(
            f"{name:<28}{seconds:>10.3f}{seconds / base:>13.2f}x"
            + (f"{'<= ' + format(target, '.1f') + 'x':>10}" if target else "")
        )
    print("-" * 64)
    for name, target in TARGETS.items():
        ratio = best[name] / base
        verdict = "met" if ratio <= target else "NOT met"
        print(
            f"  [{verdict:>7}] {name}: {ratio:.2f}x the dependencies' import (target <= {target}x)"
        )


if __name__ == "__main__":
    main()

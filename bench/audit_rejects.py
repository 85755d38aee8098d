"""Peak memory of an audit whose export is half bad lines, against the same audit all good.

Run from the repository root:  python bench/audit_rejects.py [--lines 1000000] [--quick]

Issue 12: memory grew with every rejected row (1.13 GB for 1M half-bad lines), because every
``Rejected`` was kept. Now the first ``REJECTED_EXAMPLES`` are kept and the rest counted. In one
run this writes two JSON Lines exports of the same number of lines:

- **all good**: demo tickets (``hotline_rules.audit.demo``, the 海口 profile by default), each
  with its own id;
- **half bad**: the same file with every other line replaced by a bad one, cycling through the
  usual kinds (not JSON, a time without an offset, no id, ``"events": null``, a year out of
  range, an id already seen), so that half the lines are rejected with their reasons;

then audits each in a fresh child process pinned to one core, as ``hotline-rules audit`` does
(``open_export`` when the readers have it, ``Auditor.feed`` with each record's line), and prints
the peak resident memory (``ru_maxrss``) of each and their ratio (target: half bad <= 1.2x all
good). ``--unbounded`` adds a third run that keeps every rejected row in a list, as before, to
show what the cap saves. Standard library only, plus the project.
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

_CHILD = r"""
import json, resource, sys, time
from datetime import datetime
from pathlib import Path
path, profile, unbounded = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
from hotline_rules.audit import exports
from hotline_rules.audit.auditor import Auditor, LineTracker
from hotline_rules.engine.engine import Engine
engine = Engine(profile)
kept = []
auditor = Auditor(
    engine,
    as_of=datetime.fromisoformat("2026-12-31T00:00:00+08:00"),
    on_reject=kept.append if unbounded else None,
)
opener = getattr(exports, "open_export", None)
reader = opener(Path(path)) if opener is not None else exports.read_export(Path(path))
lines = LineTracker()
t0 = time.perf_counter()
for item in reader:
    known = getattr(reader, "line", None)
    auditor.feed(item, lines.line_of(item, known if isinstance(known, int) else None))
result = auditor.finish()
elapsed = time.perf_counter() - t0
assert result.balanced, result.accounting
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "rows": result.rows_read,
    "evaluated": result.tickets_evaluated,
    "rejected": result.rows_rejected,
    "kept": len(result.rejected) + len(kept),
    "by_code": result.rejected_by_code,
    "seconds": elapsed,
    "peak_mib": peak_kib / 1024,
}))
"""

_BAD = (
    lambda d: "{not json: " + d["id"],
    lambda d: json.dumps(
        {**d, "events": [{**e, "at": e["at"][:19]} for e in d["events"]]}, ensure_ascii=False
    ),  # every time without its offset
    lambda d: json.dumps({k: v for k, v in d.items() if k != "id"}, ensure_ascii=False),
    lambda d: json.dumps({**d, "events": None}, ensure_ascii=False),
    lambda d: json.dumps(
        {**d, "events": [{**e, "at": "9999" + e["at"][4:]} for e in d["events"]]},
        ensure_ascii=False,
    ),  # a year out of the calendar's range
    None,  # a duplicate: the previous good line's id again
)
"""The kinds of bad line, in turn; ``None`` repeats the id of the good line before it."""


def write_exports(folder: Path, profile: str, lines: int, pool: int) -> tuple[Path, Path, float]:
    """Write the all-good and the half-bad export (``lines`` lines each); return the seconds."""
    from hotline_rules.audit.demo import demo_tickets
    from hotline_rules.profile import load_profile

    t0 = time.perf_counter()
    p = load_profile(profile).profile
    tickets = [data for data, _ in demo_tickets(p, min(pool, lines), seed=20250101)]
    good_path, bad_path = folder / "all-good.jsonl", folder / "half-bad.jsonl"
    previous_id = ""
    with good_path.open("w", encoding="utf-8") as good, bad_path.open("w", encoding="utf-8") as bad:
        for n in range(lines):
            data = dict(tickets[n % len(tickets)])
            data["id"] = f"{data['id']}-{n // len(tickets)}"  # every line its own id
            line = json.dumps(data, ensure_ascii=False)
            good.write(line + "\n")
            if n % 2 == 0:
                bad.write(line + "\n")
                previous_id = data["id"]
                continue
            make = _BAD[(n // 2) % len(_BAD)]
            if make is None:
                bad.write(json.dumps({**data, "id": previous_id}, ensure_ascii=False) + "\n")
            else:
                bad.write(make(data) + "\n")
    return good_path, bad_path, time.perf_counter() - t0


def _spawn(args: list[str]) -> str:
    """Run ``python ARGS`` pinned to one core with the checkout's src/ first; its stdout.

    Linux carries a process's peak memory (``ru_maxrss``) across ``exec``: a child started from
    a parent holding 200 MB reports at least 200 MB. So the parent holds nothing: the exports
    are written by a child of their own, and each audit runs in a fresh one.
    """
    env = dict(os.environ)
    here = Path(__file__).resolve().parent
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (env.get("PYTHONPATH"), str(here.parent / "src")) if p
    )
    cmd = [sys.executable, *args]
    if sys.platform.startswith("linux") and _has("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout


def child(path: Path, profile: str, *, unbounded: bool = False) -> dict[str, object]:
    out = _spawn(["-c", _CHILD, str(path), profile, "1" if unbounded else "0"])
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def _has(program: str) -> bool:
    return any((Path(d) / program).exists() for d in os.environ.get("PATH", "").split(os.pathsep))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--profile", default="haikou")
    parser.add_argument("--lines", type=int, default=1_000_000, help="lines of each export")
    parser.add_argument("--pool", type=int, default=50_000, help="distinct demo tickets, reused")
    parser.add_argument("--quick", action="store_true", help="100,000 lines")
    parser.add_argument(
        "--unbounded", action="store_true", help="also run keeping every rejected row, as before"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--write-to", help=argparse.SUPPRESS)  # the writer child's folder
    args = parser.parse_args(argv)
    lines = 100_000 if args.quick else args.lines
    if args.write_to is not None:  # the writer child: keeps the parent small (see _spawn)
        *_, gen_s = write_exports(Path(args.write_to), args.profile, lines, args.pool)
        print(json.dumps({"seconds": gen_s}))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        writer = [__file__, "--write-to", tmp, "--profile", args.profile]
        writer += ["--lines", str(lines), "--pool", str(args.pool)]
        gen_s = float(json.loads(_spawn(writer).strip().splitlines()[-1])["seconds"])
        good_path, bad_path = Path(tmp) / "all-good.jsonl", Path(tmp) / "half-bad.jsonl"
        sizes = {"all_good_mib": good_path.stat().st_size / 2**20}
        sizes["half_bad_mib"] = bad_path.stat().st_size / 2**20
        good = child(good_path, args.profile)
        bad = child(bad_path, args.profile)
        before = child(bad_path, args.profile, unbounded=True) if args.unbounded else None
    ratio = float(bad["peak_mib"]) / float(good["peak_mib"])  # type: ignore[arg-type]
    if args.json:
        out = {"profile": args.profile, "lines": lines, "all_good": good, "half_bad": bad}
        if before is not None:
            out["half_bad_unbounded"] = before
        print(json.dumps({**out, **sizes, "ratio": ratio}, indent=2, ensure_ascii=False))
        return 0
    print(
        f"hotline_rules audit, rejected rows in bounded memory — profile {args.profile}, "
        f"{lines:,} lines per export, one core, Python {sys.version.split()[0]}"
    )
    print(
        f"(exports written in {gen_s:.0f} s: all good {sizes['all_good_mib']:.0f} MiB, "
        f"half bad {sizes['half_bad_mib']:.0f} MiB)"
    )
    print("-" * 96)
    print(
        f"{'export':<28} {'evaluated':>10} {'rejected':>10} {'kept':>6} {'seconds':>8} {'peak MiB':>9}"
    )
    runs = [("all good", good), ("half bad", bad)]
    if before is not None:
        runs.append(("half bad, every row kept", before))
    for name, r in runs:
        print(
            f"{name:<28} {r['evaluated']:>10,} {r['rejected']:>10,} {r['kept']:>6,}"
            f" {r['seconds']:>8.1f} {r['peak_mib']:>9.1f}"
        )
    print("-" * 96)
    print(
        "rejected by code (half bad): "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(bad["by_code"].items()))
    )  # type: ignore[attr-defined]
    ok = ratio <= 1.2
    print(
        f"  [{'   met' if ok else 'MISSED'}] peak memory, half bad / all good: {ratio:.2f}x"
        " (target <= 1.2x)"
    )
    return 0


if __name__ == "__main__":
    # `python bench/audit_rejects.py` puts bench/ first on sys.path, where bench/calendar.py would
    # shadow the standard library's calendar module: drop it (the children get src/ explicitly).
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    sys.exit(main())

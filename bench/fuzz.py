# ruff: noqa: E402  (the sys.path fix below must run before any other import)
"""Long fuzz runs: the generators of the CI fuzz suite, thousands of inputs, each one watched.

Run from the repository root::

    python bench/fuzz.py --surface all --count 10000 --seed 1 --timeout-s 5
    python bench/fuzz.py --surface exports --count 1000 --minimise     # also shrink each crash
    python bench/fuzz.py --replay bench/fuzz-out/exports-1a2b3c4d5e.pickle   # run one saved input

The inputs come from ``tests/fuzz/strategies.py`` (hypothesis, seeded: the same seed and code give
the same inputs) and are checked by ``tests/fuzz/harness.py``, the properties of the CI suite.
Each input runs in-process in a worker process (forked once, reused). Each step of an input (a
load, a lint, a CLI run, the judging of a ticket) may spend ``--timeout-s`` of CPU time
(``SIGPROF``, so a hang is located by its step and innermost module; CPU time, so a busy machine
does not make hangs); a worker that does not answer within ten times that by the wall clock (plus
5 s) is killed (a hang no signal ends: a wait, or a loop in C). The worker's peak resident memory (``getrusage``)
is read after every input; a worker past ``--max-rss-mb`` counts a memory blowup and is replaced,
and ``--max-as-mb`` caps its address space (an allocation past it is a ``MemoryError``). Outcomes:

- ``ok``: the input was accepted (a profile loaded, a ticket judged, an export audited);
- ``clean``: refused with a ``HotlineRulesError`` (counted by code) or, for an audit, exit 2;
- ``traceback``: an exception nobody meant (CLI exit 1), a violated property, a dead worker;
- ``hang``, ``memory``: over the time limit, over the memory limit.

Each distinct crash (signature: exception type and innermost ``hotline_rules`` frame, or the
property broken) keeps its first input in ``--out`` (``bench/fuzz-out/``, not committed): the
input itself (``.yaml``/``.json``/``.jsonl``), a ``.pickle`` to ``--replay`` and a ``.txt`` with
the traceback. ``--minimise`` shrinks each one (lines, keys, list items) while the signature stays
the same and saves it as ``*-min.*``. Exit status: 0 when nothing crashed, 1 otherwise.
"""

from __future__ import annotations

import os
import sys

# `python bench/fuzz.py` puts bench/ first on sys.path, where bench/calendar.py would shadow the
# standard library's calendar module (which hypothesis and holidays import): drop it first.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse
import contextlib
import hashlib
import json
import multiprocessing
import pickle
import resource
import shutil
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))

import harness
import strategies
from hypothesis import HealthCheck, Phase, given, seed, settings

SURFACES = ("profiles", "tickets", "exports", "csv")
OUT = ROOT / "bench" / "fuzz-out"
KINDS = ("ok", "clean", "traceback", "hang", "memory")
HARD_STEPS = 10
"""A worker still busy after this many step limits (plus 5 s) is killed: a hang no signal ends."""


# ---- one input, in a worker -------------------------------------------------------------------


def run_input(surface: str, inp: Any, workdir: Path) -> harness.Outcome:
    if surface == "profiles":
        return harness.run_profile(inp, workdir)
    if surface == "tickets":
        return harness.run_ticket(inp, workdir, cli_profile=_cli_profile(inp))
    return harness.run_export(inp, workdir)


def _cli_profile(inp: Any) -> str:
    """The profile whose ``check``/``explain`` CLI a ticket goes through (one per input)."""
    digest = hashlib.sha1(repr(inp.mutations).encode()).digest()
    return strategies.PROFILE_NAMES[digest[0] % len(strategies.PROFILE_NAMES)]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _worker(conn: Connection, surface: str, timeout_s: float, max_as_mb: int) -> None:
    harness.STEP_LIMIT_S = timeout_s  # each step of an input (a load, a CLI run...) is timed
    if max_as_mb:
        limit = max_as_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        index, inp = msg
        workdir = Path(tempfile.mkdtemp(prefix="hotline-fuzz-"))
        started = time.perf_counter()
        detail = ""
        try:
            outcome = run_input(surface, inp, workdir)
            kind, sig = ("ok", "") if outcome.kind == "ok" else ("clean", outcome.code or "")
        except harness.FuzzTimeout as exc:
            kind, sig, detail = "hang", harness.signature(exc), _format(exc)
        except MemoryError as exc:
            kind, sig, detail = "memory", harness.signature(exc), _format(exc)
        except BaseException as exc:
            kind, sig, detail = "traceback", harness.signature(exc), _format(exc)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        conn.send((index, kind, sig, detail, time.perf_counter() - started, _peak_mb()))


def _format(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


@dataclass
class Result:
    index: int
    kind: str
    signature: str
    detail: str
    seconds: float
    peak_mb: float


class Pool:
    """Workers forked from this process; one input each at a time, watched for time and memory."""

    def __init__(
        self, surface: str, workers: int, timeout_s: float, max_rss_mb: int, max_as_mb: int
    ) -> None:
        self.surface = surface
        self.timeout_s = timeout_s
        self.max_rss_mb = max_rss_mb
        self.max_as_mb = max_as_mb
        self.ctx = multiprocessing.get_context("fork")
        self.slots: list[dict[str, Any]] = [self._start() for _ in range(workers)]

    def _start(self) -> dict[str, Any]:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(
            target=_worker, args=(child, self.surface, self.timeout_s, self.max_as_mb), daemon=True
        )
        proc.start()
        child.close()
        return {"proc": proc, "conn": parent, "job": None, "since": 0.0}

    def _restart(self, slot: dict[str, Any]) -> None:
        slot["proc"].kill()
        slot["proc"].join()
        slot["conn"].close()
        slot.update(self._start())

    def submit(self, index: int, inp: Any) -> Iterator[Result]:
        """Hand ``inp`` to a free worker, yielding the results that came in while waiting."""
        while True:
            for slot in self.slots:
                if slot["job"] is None:
                    slot["conn"].send((index, inp))
                    slot["job"] = index
                    slot["since"] = time.perf_counter()
                    return
            yield from self._collect()

    def drain(self) -> Iterator[Result]:
        while any(s["job"] is not None for s in self.slots):
            yield from self._collect()

    def _collect(self) -> Iterator[Result]:
        busy = [s for s in self.slots if s["job"] is not None]
        hard = self.timeout_s * HARD_STEPS + 5
        ready = wait([s["conn"] for s in busy], timeout=1.0)
        now = time.perf_counter()
        for slot in busy:
            if slot["conn"] in ready:
                try:
                    index, kind, sig, detail, seconds, peak = slot["conn"].recv()
                except (EOFError, OSError):
                    index = slot["job"]
                    slot["proc"].join(5)
                    code = slot["proc"].exitcode
                    yield Result(
                        index,
                        "traceback",
                        f"worker died (exit code {code})",
                        "",
                        now - slot["since"],
                        0.0,
                    )
                    slot["job"] = None
                    self._restart(slot)
                    continue
                slot["job"] = None
                if kind in ("ok", "clean") and self.max_rss_mb and peak > self.max_rss_mb:
                    kind, sig, detail = (
                        "memory",
                        f"peak RSS over {self.max_rss_mb} MB",
                        f"{peak:.0f} MB",
                    )
                yield Result(index, kind, sig, detail, seconds, peak)
                if peak > self.max_rss_mb or kind == "memory":
                    self._restart(slot)  # the next input starts from a fresh peak
            elif now - slot["since"] > hard:
                index = slot["job"]
                slot["job"] = None
                self._restart(slot)
                yield Result(
                    index,
                    "hang",
                    "hard hang (killed: no Python frame answered)",
                    "",
                    now - slot["since"],
                    0.0,
                )

    def run_one(self, inp: Any) -> Result:
        """Run a single input to its end (used to minimise)."""
        out = [*self.submit(-1, inp), *self.drain()]
        return next(r for r in out if r.index == -1)

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(OSError):
                slot["conn"].send(None)
            slot["proc"].join(2)
            if slot["proc"].is_alive():
                slot["proc"].kill()


# ---- a surface, long --------------------------------------------------------------------------


STRATEGIES: dict[str, Callable[[], Any]] = {
    "profiles": strategies.profiles,
    "tickets": strategies.tickets,
    "exports": strategies.exports,
    "csv": strategies.csv_exports,
}
SUFFIX = {"profiles": ".yaml", "tickets": ".json", "exports": ".jsonl", "csv": ".csv"}


@dataclass
class Report:
    surface: str
    inputs: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    clean_codes: Counter[str] = field(default_factory=Counter)
    crashes: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0
    peak_mb: float = 0.0
    slowest_s: float = 0.0
    generator_error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "surface": self.surface,
            "inputs": self.inputs,
            **{k: self.kinds.get(k, 0) for k in KINDS},
            "clean_by_code": dict(self.clean_codes.most_common()),
            "crashes": self.crashes,
            "seconds": round(self.seconds, 1),
            "inputs_per_s": round(self.inputs / self.seconds, 1) if self.seconds else None,
            "slowest_input_s": round(self.slowest_s, 2),
            "peak_rss_mb": round(self.peak_mb),
            "generator_error": self.generator_error,
        }


def _artifact(surface: str, inp: Any) -> bytes:
    if surface == "profiles":
        return bytes(inp.data)
    if surface in ("exports", "csv"):
        return bytes(inp.content())
    return json.dumps(
        {"as_of": inp.as_of.isoformat(), "data": inp.data},
        ensure_ascii=True,
        indent=2,
        default=repr,
    ).encode()


def save(out: Path, surface: str, inp: Any, result: Result, suffix: str = "") -> Path:
    """Keep a crash's input: the file itself, a pickle to replay, a note with the traceback."""
    out.mkdir(parents=True, exist_ok=True)
    slug = hashlib.sha1(f"{surface} {result.signature}".encode()).hexdigest()[:10]
    stem = out / f"{surface}-{slug}{suffix}"
    stem.with_suffix(SUFFIX[surface]).write_bytes(_artifact(surface, inp))
    stem.with_suffix(".pickle").write_bytes(pickle.dumps((surface, inp)))
    note = [
        f"surface:   {surface}",
        f"kind:      {result.kind}",
        f"signature: {result.signature}",
        f"input:     {stem.with_suffix(SUFFIX[surface]).name}",
        f"mutations: {list(getattr(inp, 'mutations', ()))}",
    ]
    if surface == "exports":
        note += [
            f"profile:   {inp.profile}",
            f"good lines: {list(inp.good)}",
            f"period:    {inp.period}",
        ]
    if surface == "profiles":
        note += [f"file name: {inp.filename} (seed {inp.seed})"]
    if surface == "tickets":
        note += [f"as_of:     {inp.as_of.isoformat()}", f"cli profile: {_cli_profile(inp)}"]
    note += [
        f"replay:    .venv/bin/python bench/fuzz.py --replay {stem.with_suffix('.pickle').relative_to(ROOT) if stem.is_relative_to(ROOT) else stem.with_suffix('.pickle')}",
        "",
        result.detail,
    ]
    stem.with_suffix(".txt").write_text("\n".join(note), encoding="utf-8")
    return stem.with_suffix(SUFFIX[surface])


def fuzz(surface: str, args: argparse.Namespace, log: Callable[[str], None]) -> Report:
    report = Report(surface)
    pool = Pool(surface, args.workers, args.timeout_s, args.max_rss_mb, args.max_as_mb)
    kept: dict[int, Any] = {}
    first_input: dict[str, Any] = {}
    started = time.perf_counter()

    def take(results: Iterator[Result]) -> None:
        for r in results:
            inp = kept.pop(r.index)
            report.inputs += 1
            report.kinds[r.kind] += 1
            report.slowest_s = max(report.slowest_s, r.seconds)
            report.peak_mb = max(report.peak_mb, r.peak_mb)
            if r.kind == "clean":
                report.clean_codes[r.signature] += 1
            elif r.kind != "ok":
                crash = report.crashes.get(r.signature)
                if crash is None:
                    path = save(args.out, surface, inp, r)
                    first_input[r.signature] = inp
                    report.crashes[r.signature] = crash = {
                        "kind": r.kind,
                        "count": 0,
                        "first": str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path),
                        "detail": r.detail.strip().splitlines()[-1] if r.detail.strip() else "",
                    }
                    log(f"  new {r.kind}: {r.signature}  ({crash['first']})")
                crash["count"] += 1
            if report.inputs % args.progress == 0:
                rate = report.inputs / (time.perf_counter() - started)
                log(f"  {surface}: {report.inputs}/{args.count} ({rate:.1f}/s) " + _counts(report))

    counter = iter(range(10**12))

    @seed(args.seed)
    @settings(
        max_examples=args.count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(STRATEGIES[surface]())
    def generate(inp: Any) -> None:
        index = next(counter)
        kept[index] = inp
        take(pool.submit(index, inp))

    try:
        try:
            generate()
        except Exception as exc:  # a generator's own bug: keep what ran, say so, go on
            report.generator_error = f"{type(exc).__name__}: {exc}"
            log(f"  the generator failed after {report.inputs} inputs: {report.generator_error}")
        take(pool.drain())
        if args.minimise and surface != "csv":  # a CSV is one encoded file: shrink it by hand
            for sig, inp in first_input.items():
                log(f"  minimising: {sig}")
                small = minimise(pool, surface, inp, sig, log)
                r = pool.run_one(small)
                path = save(args.out, surface, small, r, suffix="-min")
                report.crashes[sig]["minimised"] = str(
                    path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                )
    finally:
        pool.close()
    report.seconds = time.perf_counter() - started
    return report


def _counts(report: Report) -> str:
    return " ".join(f"{k} {report.kinds.get(k, 0)}" for k in KINDS)


# ---- minimising -------------------------------------------------------------------------------


def _ddmin(items: list[Any], fails: Callable[[list[Any]], bool], budget: list[int]) -> list[Any]:
    """Delta debugging: a smaller list of ``items`` that still ``fails``."""
    n = 2
    while len(items) >= 2 and budget[0] > 0:
        chunk = max(1, len(items) // n)
        reduced = False
        for start in range(0, len(items), chunk):
            candidate = items[:start] + items[start + chunk :]
            if candidate and fails(candidate):
                items, n, reduced = candidate, max(n - 1, 2), True
                break
        if not reduced:
            if chunk == 1:
                break
            n = min(len(items), n * 2)
    return items


def _shrink_json(value: Any, fails: Callable[[Any], bool], budget: list[int]) -> Any:
    """Greedy: drop keys and items, replace containers by a child or by a simpler value."""
    changed = True
    while changed and budget[0] > 0:
        changed = False
        for candidate in _json_candidates(value):
            if budget[0] <= 0:
                break
            if fails(candidate):
                value, changed = candidate, True
                break
    return value


def _json_candidates(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for k in list(value):
            yield {kk: vv for kk, vv in value.items() if kk != k}
        for k, v in value.items():
            for sub in _json_candidates(v):
                yield {**value, k: sub}
    elif isinstance(value, list):
        for i in range(len(value)):
            yield value[:i] + value[i + 1 :]
        for i, v in enumerate(value):
            for sub in _json_candidates(v):
                yield [*value[:i], sub, *value[i + 1 :]]
    elif isinstance(value, str) and len(value) > 1:
        yield value[: len(value) // 2]


def minimise(
    pool: Pool, surface: str, inp: Any, sig: str, log: Callable[[str], None], tries: int = 200
) -> Any:
    budget = [tries]

    def same(candidate: Any) -> bool:
        budget[0] -= 1
        r = pool.run_one(candidate)
        return r.kind not in ("ok", "clean") and r.signature == sig

    if surface == "exports":
        numbered = list(enumerate(inp.lines, 1))

        def build(kept: list[tuple[int, bytes]], base: Any = inp) -> Any:
            good = tuple(i for i, (n, _) in enumerate(kept, 1) if n in set(base.good))
            return replace(base, lines=tuple(raw for _, raw in kept), good=good)

        kept = _ddmin(numbered, lambda c: same(build(c)), budget)
        small = build(kept)
        for change in (
            {"bom": False},
            {"newline": b"\n"},
            {"final_newline": True},
            {"period": None},
        ):
            candidate = replace(small, **change)
            if candidate != small and same(candidate):
                small = candidate
        return replace(small, mutations=(*small.mutations, "minimised"))
    if surface == "profiles":
        lines = inp.data.split(b"\n")
        kept = _ddmin(lines, lambda c: same(replace(inp, data=b"\n".join(c))), budget)
        return replace(inp, data=b"\n".join(kept), mutations=(*inp.mutations, "minimised"))
    data = _shrink_json(inp.data, lambda d: same(replace(inp, data=d)), budget)
    log(f"    {tries - budget[0]} runs")
    return replace(inp, data=data, mutations=(*inp.mutations, "minimised"))


# ---- output -----------------------------------------------------------------------------------


def table(reports: list[Report]) -> str:
    head = f"{'surface':<10}{'inputs':>8}{'ok':>8}{'clean':>8}{'traceback':>11}{'hang':>6}{'memory':>8}{'inputs/s':>10}{'slowest s':>11}{'peak MB':>9}"
    rows = [head, "-" * len(head)]
    for r in reports:
        d = r.to_dict()
        rows.append(
            f"{r.surface:<10}{r.inputs:>8}{d['ok']:>8}{d['clean']:>8}{d['traceback']:>11}{d['hang']:>6}"
            f"{d['memory']:>8}{d['inputs_per_s'] or 0:>10}{d['slowest_input_s']:>11}{d['peak_rss_mb']:>9}"
        )
    for r in reports:
        rows.append("")
        rows.append(f"{r.surface}: clean errors by code ({sum(r.clean_codes.values())})")
        for code, n in r.clean_codes.most_common(15):
            rows.append(f"  {n:>6}  {code}")
        if len(r.clean_codes) > 15:
            rows.append(f"  ... {len(r.clean_codes) - 15} more codes")
        if r.generator_error:
            rows.append(f"{r.surface}: the generator failed: {r.generator_error}")
        rows.append(f"{r.surface}: crashes ({len(r.crashes)} distinct)")
        if not r.crashes:
            rows.append("  none")
        for sig, c in sorted(r.crashes.items(), key=lambda kv: -kv[1]["count"]):
            rows.append(f"  {c['count']:>6}  [{c['kind']}] {sig}")
            rows.append(f"          {c['detail'][:150]}")
            rows.append(
                f"          first input: {c['first']}"
                + (f"  minimised: {c['minimised']}" if "minimised" in c else "")
            )
    return "\n".join(rows)


def replay(path: Path, timeout_s: float) -> int:
    surface, inp = pickle.loads(path.read_bytes())
    workdir = Path(tempfile.mkdtemp(prefix="hotline-fuzz-"))
    print(f"{surface}: mutations {list(getattr(inp, 'mutations', ()))}")
    harness.STEP_LIMIT_S = timeout_s
    try:
        outcome = run_input(surface, inp, workdir)
    except BaseException as exc:
        traceback.print_exception(type(exc), exc, exc.__traceback__)
        print(f"signature: {harness.signature(exc)}")
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"no crash: {outcome}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--surface", choices=[*SURFACES, "all"], default="all")
    parser.add_argument("--count", type=int, default=1000, help="inputs per surface (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed (default 0)")
    parser.add_argument(
        "--timeout-s", type=float, default=5.0, help="time limit per input (default 5)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=max(1, (os.cpu_count() or 2)),
        help="worker processes (default: CPUs)",
    )
    parser.add_argument(
        "--max-rss-mb",
        type=int,
        default=1024,
        help="peak RSS of a worker counted as a memory blowup (default 1024)",
    )
    parser.add_argument(
        "--max-as-mb",
        type=int,
        default=4096,
        help="address-space limit of a worker, 0 for none (default 4096)",
    )
    parser.add_argument(
        "--out", type=Path, default=OUT, help="where crash inputs are kept (default bench/fuzz-out)"
    )
    parser.add_argument("--minimise", action="store_true", help="shrink each crash's first input")
    parser.add_argument(
        "--progress", type=int, default=500, help="print progress every N inputs (stderr)"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--json-out", type=Path, help="also write the JSON report to this file")
    parser.add_argument(
        "--replay", type=Path, help="run one saved .pickle input in-process and show its traceback"
    )
    args = parser.parse_args(argv)
    if args.replay:
        return replay(args.replay, args.timeout_s)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    surfaces = SURFACES if args.surface == "all" else (args.surface,)
    reports = []
    for surface in surfaces:
        log(
            f"{surface}: {args.count} inputs, seed {args.seed}, {args.workers} worker(s), {args.timeout_s:g} s each"
        )
        reports.append(fuzz(surface, args, log))
        document = {
            "seed": args.seed,
            "count": args.count,
            "timeout_s": args.timeout_s,
            "surfaces": [r.to_dict() for r in reports],
        }
        if args.json_out:  # after each surface: a long run stopped later keeps what it found
            args.json_out.write_text(
                json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8"
            )
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(table(reports))
    return 1 if any(r.crashes or r.generator_error for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())

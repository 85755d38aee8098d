# ruff: noqa: E402  (the sys.path fix below must run before any other import)
"""Benchmark of the HTTP service against in-process Engine.evaluate(), in the same run.

Run from the repository root, with the [server] extra installed:
    python bench/service.py [--quick] [--tickets N] [--profile NAME] [--json] [--check]

1. Generates N work orders of one bundled profile (fixed seed, audit/demo.py), all judged at
   one ``as_of`` (a batch shares one).
2. Starts ``hotline-rules serve`` in its own process on a free port (client and server do not
   share a GIL) and checks, before any timing, that the batch endpoint's verdicts equal the
   in-process ones (``service.answers.checked``) for every ticket.
3. Times, in alternating rounds (best of the rounds, so a busy machine hurts each figure alike):
   - the baseline: ``engine.evaluate(ticket, as_of)`` on parsed tickets, one core;
   - the same work the endpoint does, in-process: read the ticket from JSON data, evaluate,
     ``to_dict()``, write JSON (what is left is HTTP, the threads and the client);
   - ``POST /v1/check`` batches of ``--batch-size`` tickets, one after another: tickets/s;
   - single ``POST /v1/check`` at 1, 8 and 32 concurrent clients: requests/s, p50 and p99.
4. Prints every figure with its ratio to the baseline, and the server's CPU seconds (from
   /proc, on Linux) per 1,000 tickets, which a busy machine moves less than wall time.

Targets, in tickets per CPU-second (the server's against this process's):
- issue 17 as written: batch (verdict view) >= 0.5x ``Engine.evaluate`` on tickets parsed
  beforehand. The row "read the batch body" shows why it is missed: reading a ticket from JSON
  into the model, which no HTTP caller can skip, costs more than judging it;
- the cost of HTTP: batch >= 0.5x in-process work on the same JSON tickets (the verdict view
  against parse + evaluate; the full view against parse + evaluate + to_dict + JSON).
Standard library, httpx (the batch requests) and the project only.
"""

from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse
import asyncio
import gc
import json
import platform
import random
import statistics
import subprocess
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx

from hotline_rules.audit.demo import LAST, make_ticket
from hotline_rules.engine.engine import Engine
from hotline_rules.engine.ticket import parse_ticket, parse_ticket_json
from hotline_rules.service.answers import checked
from hotline_rules.service.check_body import read_check_body

sys.path.append(_HERE)
from timing import cpu_model, percentile, progress, target

TARGET_BATCH_RATIO = 0.5
CONCURRENCY = (1, 8, 32)
AS_OF = LAST + timedelta(days=30)


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str

    def cpu_s(self) -> float | None:
        """The server's CPU time so far (user + system), from /proc; None elsewhere."""
        try:
            with open(f"/proc/{self.process.pid}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(max_batch: int) -> Server:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "hotline_rules", "serve", "--port", str(port)]
    cmd += ["--max-batch", str(max_batch), "--max-body-bytes", str(256 << 20), "--timeout", "600"]
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return Server(process, url)
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise SystemExit("the service did not start")
        time.sleep(0.2)


@dataclass
class Run:
    """One timed pass: how many tickets, wall seconds, CPU seconds of the process doing the work."""

    items: int
    wall_s: float
    cpu_s: float | None

    @property
    def per_s(self) -> float:
        return self.items / self.wall_s

    @property
    def per_cpu_s(self) -> float | None:
        return self.items / self.cpu_s if self.cpu_s else None


def best(runs: list[Run]) -> Run:
    """The fastest run by wall time (best of alternating rounds: load drift hurts each alike)."""
    return max(runs, key=lambda r: r.per_s)


def in_process(fn: Any, items: int) -> Run:
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return Run(items, time.perf_counter() - w0, time.process_time() - c0)


def time_batches(client: httpx.Client, server: Server, bodies: list[bytes], items: int) -> Run:
    """Every batch body, one request after another; CPU is the server's."""
    cpu0 = server.cpu_s()
    t0 = time.perf_counter()
    for body in bodies:
        r = client.post("/v1/check", content=body, headers={"content-type": "application/json"})
        r.raise_for_status()
    elapsed = time.perf_counter() - t0
    cpu1 = server.cpu_s()
    return Run(items, elapsed, (cpu1 - cpu0) if cpu0 is not None and cpu1 is not None else None)


async def time_singles(
    url: str, profile: str, data: list[dict[str, Any]], clients: int, seconds: float
) -> tuple[int, float, list[float]]:
    """``clients`` loops sending one ticket each, for ``seconds``: (requests, s, latencies).

    Each loop is one keep-alive connection driven by :func:`post`, a few lines of asyncio, not
    httpx: at 32 connections httpx's own pool costs more CPU than the server (measured: 128
    req/s through httpx where ``ab -k -c 32`` got 860 from the same server), and on a 2-core
    machine the client then measures itself.
    """
    host, port = url.removeprefix("http://").split(":")
    requests = [
        request_bytes(
            host,
            json.dumps({"profile": profile, "ticket": d, "as_of": AS_OF.isoformat()}).encode(),
        )
        for d in data
    ]
    latencies: list[float] = []
    stop = time.perf_counter() + seconds

    async def loop(k: int) -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        i = k
        try:
            while time.perf_counter() < stop:
                t = time.perf_counter()
                await post(reader, writer, requests[i % len(requests)])
                latencies.append(time.perf_counter() - t)
                i += clients
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(loop(k) for k in range(clients)))
    return len(latencies), time.perf_counter() - t0, latencies


def request_bytes(host: str, body: bytes) -> bytes:
    """One ``POST /v1/check`` as HTTP/1.1 bytes, kept alive."""
    head = (
        f"POST /v1/check HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("ascii") + body


async def post(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> None:
    """Send ``request`` and read its answer whole; anything but 200 stops the bench."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = head.split(b" ", 2)[1]
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    await reader.readexactly(length)
    if status != b"200":
        raise SystemExit(f"single check answered {status.decode()}")


def verify(client: httpx.Client, engine: Engine, profile: str, data: list[dict[str, Any]]) -> int:
    """Compare the batch endpoint with in-process evaluation on every ticket; return mismatches."""
    r = client.post(
        "/v1/check", json={"profile": profile, "tickets": data, "as_of": AS_OF.isoformat()}
    )
    r.raise_for_status()
    wrong = 0
    for item, d in zip(r.json()["results"], data, strict=True):
        t = parse_ticket(d)
        expected = json.loads(json.dumps(checked(engine, engine.evaluate(t, AS_OF), t)))
        if item.get("result") != expected:
            wrong += 1
            if wrong <= 5:
                print(f"MISMATCH {d['id']}", file=sys.stderr)
    return wrong


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tickets", type=int, default=None)
    ap.add_argument("--profile", default="moushi")
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--seconds", type=float, default=None, help="per concurrency level")
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--seed", type=int, default=20250101)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--check", action="store_true", help="exit 3 when the target is missed")
    args = ap.parse_args()
    n = args.tickets or (1000 if args.quick else 4000)
    seconds = args.seconds or (1.5 if args.quick else 5.0)
    rounds = args.rounds or (2 if args.quick else 3)

    engine = Engine(args.profile)
    rng = random.Random(f"{args.seed}/{args.profile}")
    data = [make_ticket(rng, engine.profile, i)[0] for i in range(n)]
    lines = [json.dumps(d, ensure_ascii=False).encode() for d in data]
    tickets = [parse_ticket(d) for d in data]
    as_of = AS_OF.isoformat()

    def evaluate() -> None:
        for t in tickets:
            engine.evaluate(t, AS_OF)

    def parse_evaluate() -> None:  # bench/engine.py's "parse + evaluate"
        for line in lines:
            engine.evaluate(parse_ticket_json(line), AS_OF)

    body = json.dumps(
        {"profile": args.profile, "tickets": data, "as_of": as_of, "view": "verdict"},
        ensure_ascii=False,
    ).encode()

    def read_body() -> None:  # what the server does before judging: the JSON into tickets
        read_check_body(body, surrogate_free=True)

    def same_work() -> None:  # what the endpoint does for the full view, without HTTP
        out = []
        for d in data:
            t = parse_ticket(d)
            out.append(checked(engine, engine.evaluate(t, AS_OF), t))
        json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode()

    def bodies(view: str) -> list[bytes]:
        return [
            json.dumps(
                {"profile": args.profile, "tickets": data[i : i + args.batch_size],
                 "as_of": as_of, "view": view},
                ensure_ascii=False,
            ).encode()
            for i in range(0, n, args.batch_size)
        ]  # fmt: skip

    full_bodies, verdict_bodies = bodies("full"), bodies("verdict")
    # as the server freezes what it holds for good (service/heap.py), so does this process: the
    # tickets and bodies built above, else every in-process row pays for walking them
    gc.collect()
    gc.freeze()
    server = start_server(max_batch=max(n, args.batch_size))
    runs: dict[str, list[Run]] = {
        k: [] for k in ("evaluate", "read", "parse", "work", "full", "verdict")
    }
    try:
        with httpx.Client(base_url=server.url, timeout=600) as client:
            progress("verifying the service against in-process evaluation")
            wrong = verify(client, engine, args.profile, data)
            if wrong:
                print(f"{wrong} of {n} verdicts differ; nothing timed", file=sys.stderr)
                return 1
            for r in range(rounds):  # alternate, so load drift hits each alike
                progress(f"round {r + 1}/{rounds}")
                runs["evaluate"].append(in_process(evaluate, n))
                runs["read"].append(in_process(read_body, n))
                runs["parse"].append(in_process(parse_evaluate, n))
                runs["work"].append(in_process(same_work, n))
                runs["full"].append(time_batches(client, server, full_bodies, n))
                runs["verdict"].append(time_batches(client, server, verdict_bodies, n))
        singles = []
        for c in CONCURRENCY:
            progress(f"single checks, {c} clients")
            count, s, lat = asyncio.run(time_singles(server.url, args.profile, data, c, seconds))
            singles.append((c, count, s, lat))
    finally:
        server.process.terminate()
        server.process.wait(timeout=60)

    top = {k: best(v) for k, v in runs.items()}
    base = top["evaluate"]

    def figure(run: Run) -> dict[str, Any]:
        cpu = run.per_cpu_s
        base_cpu = base.per_cpu_s
        return {
            "tickets_per_s": round(run.per_s),
            "ratio": round(run.per_s / base.per_s, 3),
            "tickets_per_cpu_s": round(cpu) if cpu else None,
            "cpu_ratio": round(cpu / base_cpu, 3) if cpu and base_cpu else None,
        }

    report: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "load_avg_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        },
        "profile": args.profile,
        "tickets": n,
        "batch_size": args.batch_size,
        "rounds": rounds,
        "in_process": {
            "evaluate": figure(base),
            "read_batch_body": figure(top["read"]),
            "parse_evaluate": figure(top["parse"]),
            "parse_evaluate_to_dict_json": figure(top["work"]),
        },
        "batch": {"full": figure(top["full"]), "verdict": figure(top["verdict"])},
        "single": [
            {
                "clients": c,
                "requests_per_s": round(count / s, 1),
                "ratio": round(count / s / base.per_s, 4),
                "p50_ms": round(1000 * statistics.median(lat), 2),
                "p99_ms": round(1000 * percentile(lat, 0.99), 2),
            }
            for c, count, s, lat in singles
        ],
    }

    def ratio(a: Run, b: Run) -> float:
        """CPU throughput ratio when both CPU times are known (a busy machine moves wall time
        most), else wall."""
        if a.per_cpu_s and b.per_cpu_s:
            return a.per_cpu_s / b.per_cpu_s
        return a.per_s / b.per_s

    report["targets"] = [
        target(
            "issue 17: batch (verdict view) / in-process Engine.evaluate, per CPU-second",
            ratio(top["verdict"], top["evaluate"]),
            ">=",
            TARGET_BATCH_RATIO,
            "x",
            ndigits=3,
        ),
        target(
            "batch (verdict view) / in-process parse + evaluate, per CPU-second",
            ratio(top["verdict"], top["parse"]),
            ">=",
            TARGET_BATCH_RATIO,
            "x",
            ndigits=3,
        ),
        target(
            "batch (full view) / in-process parse + evaluate + to_dict + JSON, per CPU-second",
            ratio(top["full"], top["work"]),
            ">=",
            TARGET_BATCH_RATIO,
            "x",
            ndigits=3,
        ),
    ]
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    missed = [t for t in report["targets"] if not t["met"]]
    return 3 if args.check and missed else 0


def print_report(report: dict[str, Any]) -> None:
    m = report["machine"]
    print(
        f"hotline_rules service bench: {report['profile']}, {report['tickets']} tickets, "
        f"batches of {report['batch_size']}, best of {report['rounds']} alternating rounds"
    )
    print(f"python {m['python']}, {m['cpu']}, {m['cores']} cores, load {m['load_avg_1m']}")
    print("                                            tickets/s   ratio  tickets/CPU-s   ratio")

    def row(name: str, f: dict[str, Any]) -> None:
        cpu = f"{f['tickets_per_cpu_s']:>14,}  {f['cpu_ratio']:6.3f}x" if f["cpu_ratio"] else ""
        print(f"{name:<42}{f['tickets_per_s']:>11,} {f['ratio']:6.3f}x {cpu}")

    p = report["in_process"]
    row("in-process Engine.evaluate (baseline)", p["evaluate"])
    row("in-process read batch body, no judging", p["read_batch_body"])
    row("in-process parse + evaluate", p["parse_evaluate"])
    row("in-process parse+evaluate+to_dict+JSON", p["parse_evaluate_to_dict_json"])
    row("POST /v1/check batch, view=full", report["batch"]["full"])
    row("POST /v1/check batch, view=verdict", report["batch"]["verdict"])
    print("(CPU: the bench process's for in-process rows, the server's for HTTP rows)")
    for s in report["single"]:
        print(
            f"single POST /v1/check, {s['clients']:>2} clients    {s['requests_per_s']:>9,.1f} "
            f"req/s {s['ratio']:.4f}x  p50 {s['p50_ms']:.2f} ms  p99 {s['p99_ms']:.2f} ms"
        )
    for t in report["targets"]:
        verdict = "met" if t["met"] else "MISSED"
        print(f"target: {t['name']} {t['op']} {t['threshold']}{t['unit']}: {t['value']} {verdict}")


if __name__ == "__main__":
    sys.exit(main())

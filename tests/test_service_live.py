"""The HTTP service on a real uvicorn: concurrency, schemathesis, signals, workers, Java.

Each test bounds its own time: the 800 concurrent checks and schemathesis (a small, derandomized
budget) take a few seconds each; the subprocess tests wait at most a minute for a server.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks as openapi_checks

from hotline_rules.service.app import create_app
from hotline_rules.service.settings import Settings
from service_support import AS_OF, ROOT, free_port, live_server, read_json, wait_ready

MOUSHI = ROOT / "examples" / "tickets" / "moushi.json"


def test_800_concurrent_single_checks() -> None:
    ticket = read_json(MOUSHI)
    body = {"profile": "moushi", "ticket": ticket, "as_of": AS_OF}

    async def run(url: str) -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=800, max_keepalive_connections=800)
        async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as client:
            return await asyncio.gather(*(client.post("/v1/check", json=body) for _ in range(800)))

    began = time.monotonic()
    with live_server() as url:
        responses = asyncio.run(run(url))
    assert time.monotonic() - began < 120
    assert [r.status_code for r in responses] == [200] * 800
    answers = [r.json() for r in responses]
    assert len({a["decision_id"] for a in answers}) == 800
    assert all(a["result"] == answers[0]["result"] for a in answers)


# ---- schemathesis: no 5xx, and every answer fits the document --------------------------------

schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(Settings(admin_token="not-known-to-schemathesis"))
)

CHECKS = [
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.response_headers_conformance,
]
"""Beside ``not_a_server_error`` (always on). Left out: ``positive_data_acceptance`` (a request
the schema allows may still name an unknown profile, 404, or hold a naive time, 400) and
``negative_data_rejection`` (a batch item that is not a ticket is one rejected record, 200)."""


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_schemathesis_finds_no_server_error(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)


# ---- the command: SIGHUP reload, SIGTERM, workers ------------------------------------------


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "profiles" / "moushi.yaml", tmp_path / "moushi.yaml")
    return tmp_path


def _serve(*args: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "hotline_rules", "serve", "--port", str(port), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url)
    except RuntimeError:
        process.kill()
        raise RuntimeError(process.communicate()[1].decode()) from None
    return process, url


@pytest.fixture
def stop() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def _sha(url: str) -> str:
    return str(httpx.get(f"{url}/v1/profiles/moushi").json()["sha256"])


def _sha_or_none(url: str) -> str | None:
    """:func:`_sha`, or None when a worker being replaced closed the connection first (a client
    retries then: docs/en/service.md, Reloading profiles)."""
    try:
        return _sha(url)
    except httpx.TransportError:
        return None


def _until(predicate: object, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.2)


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGHUP is POSIX")
def test_sighup_reloads_and_an_invalid_profile_keeps_the_old(
    profile_dir: Path, stop: list[subprocess.Popen[bytes]]
) -> None:
    process, url = _serve("--profiles", str(profile_dir))
    stop.append(process)
    first = _sha(url)
    profile = profile_dir / "moushi.yaml"
    original = profile.read_text(encoding="utf-8")

    profile.write_text(original.replace("clocks:", "clocks: [", 1), encoding="utf-8")
    process.send_signal(signal.SIGHUP)
    _until(lambda: httpx.get(f"{url}/readyz").json()["last_reload_error"] is not None)
    assert httpx.get(f"{url}/readyz").json()["generation"] == 1
    assert _sha(url) == first

    profile.write_text(original + "\n# edited\n", encoding="utf-8")
    process.send_signal(signal.SIGHUP)
    _until(lambda: httpx.get(f"{url}/readyz").json()["generation"] == 2)
    assert _sha(url) != first

    process.send_signal(signal.SIGTERM)
    # uvicorn shuts down gracefully, then re-raises the signal it caught: -SIGTERM
    assert process.wait(timeout=60) in (0, -signal.SIGTERM)
    log = process.stderr.read().decode() if process.stderr else ""
    assert "Application shutdown complete" in log
    lines = [json.loads(x) for x in log.splitlines() if x.startswith("{")]
    assert any(x.get("event") == "reload_refused" for x in lines)
    assert any(x.get("route") == "/v1/profiles/{profile_id}" for x in lines)


def test_an_invalid_profile_stops_the_start(profile_dir: Path) -> None:
    profile = profile_dir / "moushi.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("clocks:", "clocks: [", 1))
    result = subprocess.run(
        [sys.executable, "-m", "hotline_rules", "serve", "--port", str(free_port()),
         "--profiles", str(profile_dir)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode in (2, 3), result.stderr
    assert "moushi.yaml" in result.stderr and "错误" in result.stderr and "error" in result.stderr


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGHUP is POSIX")
def test_workers_serve_and_reload_through_the_endpoint(
    profile_dir: Path, tmp_path_factory: pytest.TempPathFactory, stop: list[subprocess.Popen[bytes]]
) -> None:
    token = tmp_path_factory.mktemp("token") / "token"
    token.write_text("s3cret\n", encoding="utf-8")
    process, url = _serve(
        "--workers", "2", "--profiles", str(profile_dir), "--admin-token-file", str(token)
    )
    stop.append(process)
    first = _sha(url)
    auth = {"Authorization": "Bearer s3cret"}
    profile = profile_dir / "moushi.yaml"
    original = profile.read_text(encoding="utf-8")
    profile.write_text(original.replace("clocks:", "clocks: [", 1), encoding="utf-8")
    r = httpx.post(f"{url}/v1/reload", headers=auth, timeout=60)
    assert r.status_code == 422 and r.json()["error"]["file"].endswith("moushi.yaml")
    assert _sha(url) == first
    profile.write_text(original + "\n# edited\n", encoding="utf-8")
    r = httpx.post(f"{url}/v1/reload", headers=auth, timeout=60)
    assert r.status_code == 200 and r.json()["rolling"] is True
    _until(lambda: all(_sha_or_none(url) not in (first, None) for _ in range(4)), timeout=90)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) in (0, -signal.SIGTERM)


# ---- the Java example ------------------------------------------------------------------------


@pytest.mark.skipif(
    shutil.which("javac") is None or shutil.which("java") is None, reason="no JDK on this machine"
)
def test_the_java_example_checks_a_ticket(tmp_path: Path) -> None:
    out = tmp_path / "classes"
    subprocess.run(
        ["javac", "-d", str(out), str(ROOT / "examples" / "java" / "CheckTicket.java")],
        check=True,
        timeout=120,
    )
    with live_server() as url:
        expected = httpx.post(
            f"{url}/v1/check",
            json={"profile": "moushi", "ticket": read_json(MOUSHI), "as_of": AS_OF},
        ).json()
        run = subprocess.run(
            ["java", "-cp", str(out), "CheckTicket", url, "moushi", str(MOUSHI), AS_OF],
            capture_output=True, text=True, timeout=120, env={**os.environ, "LC_ALL": "C.UTF-8"},
        )  # fmt: skip
        refused = subprocess.run(
            ["java", "-cp", str(out), "CheckTicket", url, "nowhere", str(MOUSHI)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert run.returncode == 0, run.stderr
    printed = dict(line.split("=", 1) for line in run.stdout.splitlines())
    result = expected["result"]
    assert printed["profile"] == "moushi"
    assert printed["profile_sha256"] == expected["profile_sha256"]
    assert len(printed["decision_id"]) == 36
    assert int(printed["breached"]) == sum(c["state"] == "breached" for c in result["clocks"])
    assert int(printed["violations"]) == sum(
        f["severity"] == "violation" for f in result["findings"]
    )
    assert refused.returncode == 1 and "profile.not_found" in refused.stderr


@pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="POSIX signals")
def _cpu_s(pid: int) -> float | None:
    """The process's CPU time so far (user + system), from /proc; None where there is none."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_sigterm_finishes_the_request_in_flight(stop: list[subprocess.Popen[bytes]]) -> None:
    import random
    import threading

    from hotline_rules.audit.demo import make_ticket
    from hotline_rules.profile import load_profile

    rng = random.Random(3)
    profile = load_profile("moushi").profile
    tickets = [make_ticket(rng, profile, n)[0] for n in range(4000)]
    process, url = _serve("--max-batch", "4000")
    stop.append(process)
    answer: list[httpx.Response] = []
    body = {"profile": "moushi", "tickets": tickets, "as_of": AS_OF, "view": "verdict"}
    sender = threading.Thread(
        target=lambda: answer.append(httpx.post(f"{url}/v1/check", json=body, timeout=120))
    )
    before = _cpu_s(process.pid)
    sender.start()
    # in flight once the server works on it: its CPU time moves (an idle server's does not);
    # a fixed sleep was too short on a busy machine (SIGTERM before the request had arrived)
    deadline = time.monotonic() + 60
    while before is not None and time.monotonic() < deadline:
        now = _cpu_s(process.pid)
        if now is None or now - before >= 0.1:
            break
        time.sleep(0.01)
    else:
        time.sleep(0.5)  # no /proc: the old guess
    process.send_signal(signal.SIGTERM)
    sender.join(timeout=120)
    assert process.wait(timeout=60) in (0, -signal.SIGTERM)
    assert answer and answer[0].status_code == 200
    assert answer[0].json()["counts"]["tickets"] == 4000


def test_an_offer_to_upgrade_to_http2_keeps_the_body() -> None:
    """The JDK's HttpClient offers h2c on every http:// request; the body must still arrive
    (uvicorn's httptools parser drops it, Kludex/uvicorn#2722: the service runs h11)."""
    import socket
    from urllib.parse import urlsplit

    body = json.dumps({"start": "2026-09-30T16:00:00+08:00", "add": "2个工作日"}).encode()
    with live_server() as url:
        where = urlsplit(url)
        request = (
            b"POST /v1/deadline HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
            b"Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
        ) + body
        with socket.create_connection((where.hostname, where.port), timeout=30) as s:
            s.sendall(request)
            answer = s.recv(65536)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:300]

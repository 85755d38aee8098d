"""What the service tests share: the application in-process, a live uvicorn on a free port."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from hotline_rules.service.app import create_app
from hotline_rules.service.server import UVICORN_OPTIONS
from hotline_rules.service.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_TICKETS = ROOT / "examples" / "tickets"
AS_OF = "2026-10-20T00:00:00+08:00"


def example_tickets() -> list[tuple[str, Path]]:
    """(profile, file) for every example ticket: the profile is the file name's first word."""
    return [
        (path.stem.split("-")[0], path)
        for path in sorted(EXAMPLE_TICKETS.glob("*.json"))
        if not path.name.endswith(".expected.json")
    ]


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def live_server(settings: Settings | None = None) -> Iterator[str]:
    """uvicorn serving the application in a thread on a free port; yields its base URL."""
    import uvicorn

    port = free_port()
    options = {**UVICORN_OPTIONS, "log_level": "warning", "timeout_graceful_shutdown": 5}
    config = uvicorn.Config(
        create_app(settings or Settings()), host="127.0.0.1", port=port, **options
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def wait_ready(url: str, timeout: float = 60.0) -> None:
    """Wait until ``url``/readyz answers 200 (a server started in another process)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} never became ready")
        time.sleep(0.2)

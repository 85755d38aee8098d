"""Running the service on uvicorn: one process, or ``workers`` processes behind one socket.

One process: the application object is built here (profiles loaded once) and SIGHUP reloads
them in place (``Holder.reload``: all or nothing). Several workers: uvicorn starts each from
:func:`app_from_environment` with the settings passed in the environment, and SIGHUP to the
parent makes uvicorn replace the workers one by one, each new one loading the edited profiles;
a new worker that fails to start (an invalid profile) leaves the old ones serving. ``POST
/v1/reload`` checks the edited profiles first, then reloads in place (one process) or asks the
parent for that rolling restart (workers). SIGTERM and SIGINT stop accepting connections and
finish the requests in flight (uvicorn's graceful shutdown, bounded by the request timeout).
"""

from __future__ import annotations

import copy
import inspect
import json
import os
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from hotline_rules.service import heap
from hotline_rules.service.settings import Settings

ENVIRONMENT = "HOTLINE_RULES_SERVICE"
"""The variable that carries the settings (JSON, no token: the token file's path) to workers."""


UVICORN_OPTIONS: dict[str, Any] = {
    # h11, never httptools: with httptools, uvicorn drops the body of a request that offers an
    # upgrade to HTTP/2 (Kludex/uvicorn#2722), and the JDK's HttpClient offers one on every
    # request to an http:// URL by default: every stock Java client would get 422 "body missing"
    "http": "h11",
    "access_log": False,  # ours (guard.py) has the decision id and no query string
    "server_header": False,
    "proxy_headers": False,
}
"""What every server of this package passes to uvicorn (the tests' too)."""


def settings_to_environment(settings: Settings, token_file: Path | None) -> str:
    data = asdict(replace(settings, admin_token=None))
    data["profile_dirs"] = [str(p) for p in settings.profile_dirs]
    data["cors_origins"] = list(settings.cors_origins)
    data["admin_token_file"] = str(token_file) if token_file else None
    return json.dumps(data)


def settings_from_environment(text: str) -> Settings:
    from hotline_rules.service.app import read_token

    data: dict[str, Any] = json.loads(text)
    token_file = data.pop("admin_token_file", None)
    data["profile_dirs"] = tuple(Path(p) for p in data["profile_dirs"])
    data["cors_origins"] = tuple(data["cors_origins"])
    data["admin_token"] = read_token(Path(token_file)) if token_file else None
    return Settings(**data)


def app_from_environment() -> Any:
    """The application of one worker (uvicorn's ``factory``), from :data:`ENVIRONMENT`."""
    from hotline_rules.service.app import create_app

    settings = settings_from_environment(os.environ[ENVIRONMENT])
    app = create_app(settings, rolling_reload=True)
    heap.settle()
    return app


def log_config() -> dict[str, Any]:
    """uvicorn's logging, plus the access log as bare JSON lines on stderr."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["json_lines"] = {"format": "%(message)s"}
    config["handlers"]["json_lines"] = {
        "class": "logging.StreamHandler",
        "formatter": "json_lines",
        "stream": "ext://sys.stderr",
    }
    for name in ("hotline_rules.service.access", "hotline_rules.service"):
        config["loggers"][name] = {
            "handlers": ["json_lines"],
            "level": "INFO",
            "propagate": False,
        }
    return config


def print_openapi() -> None:
    """Print the OpenAPI document (``docs/en/openapi.json`` is this output, committed)."""
    import sys

    from hotline_rules.service.app import create_app

    document = create_app().state.openapi_document
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def serve(
    settings: Settings,
    *,
    host: str = "127.0.0.1",
    port: int = 8345,
    workers: int = 1,
    token_file: Path | None = None,
) -> None:
    """Load the profiles (raising their error if any is invalid), then serve until stopped."""
    import uvicorn

    from hotline_rules.service.app import create_app
    from hotline_rules.service.profiles import ProfileSet

    profiles = ProfileSet.load(settings.profile_dirs)  # fail here, before binding, when invalid
    common: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_config": log_config(),
        "timeout_graceful_shutdown": int(settings.timeout_s) + 1,
        **UVICORN_OPTIONS,
    }
    if "timeout_worker_healthcheck" in inspect.signature(uvicorn.Config).parameters:
        # a new worker loads and compiles every profile before it is ready: on a busy machine
        # that takes longer than uvicorn's 5 s, and a rolling reload would give up
        common["timeout_worker_healthcheck"] = 120
    if workers <= 1:
        app = create_app(settings, profiles)
        heap.settle()
        uvicorn.run(app, **common)
        return
    os.environ[ENVIRONMENT] = settings_to_environment(settings, token_file)
    uvicorn.run(
        "hotline_rules.service.server:app_from_environment",
        factory=True,
        workers=workers,
        **common,
    )


__all__ = [
    "ENVIRONMENT",
    "UVICORN_OPTIONS",
    "app_from_environment",
    "log_config",
    "print_openapi",
    "serve",
]

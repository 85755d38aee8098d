"""Service: the HTTP API, so that a hotline platform in any language gets verdicts in one call.

Holds the profiles a server answers with and their atomic reload (``profiles``), the request and
answer models that make the OpenAPI document (``models``), the limits checked before a body is
parsed and the access log (``guard``), the FastAPI application (``app``), the OpenAPI 3.0.3 form
Java generators read (``openapi``) and the uvicorn runner with SIGHUP reload (``server``).

May import: ``suites``, ``audit``, ``engine``, ``profile``, ``time`` and the foundation modules;
FastAPI, starlette and uvicorn (the ``[server]`` extra). Never ``cli``. Nothing below this package
imports FastAPI, starlette or uvicorn, so the library runs without the extra.
"""

from __future__ import annotations

from hotline_rules.service.app import create_app
from hotline_rules.service.profiles import ProfileSet, ServedProfile
from hotline_rules.service.settings import Settings

__all__ = ["ProfileSet", "ServedProfile", "Settings", "create_app"]

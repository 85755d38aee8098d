"""What every request passes before a handler sees it, and the access log line it leaves.

A plain ASGI middleware (no per-request framework objects): it gives the request its decision id,
reads the body up to ``max_body_bytes`` (refusing more from ``Content-Length`` alone, or as soon
as the bytes read pass it), refuses a body nested deeper than ``max_depth`` before any JSON
parser sees it, bounds the whole request by ``timeout_s``, and writes one JSON line per request.
The line holds no personal data: method, route, status, sizes, time and decision id, never a
body, a query string or a client address.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio
import pydantic_core

from hotline_rules.errors import HotlineRulesError, InputError
from hotline_rules.service.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ACCESS_LOG = logging.getLogger("hotline_rules.service.access")
"""One JSON object per request (``INFO``); the server sends it to stderr."""

_BRACKETS = bytes.maketrans(b"[{]}", b"(())")
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
"""A JSON escape of a UTF-16 surrogate: the only way JSON text can hold a lone one."""


def json_depth(body: bytes, limit: int = 1 << 30) -> int:
    """The deepest nesting of arrays and objects in ``body`` (JSON text), without parsing it.

    Strings are cut out first (a bracket inside one does not count), the rest is reduced to its
    brackets, and each pass removes the innermost pairs: the passes needed are the depth. Every
    step is a C loop over bytes, and it stops past ``limit``. Brackets left unclosed (not JSON)
    count as levels, so ``[[[[...`` is refused as deep before a parser recurses into it.
    """
    # Drop escaped backslashes, then escaped quotes: every quote left opens or closes a string.
    # Keep only quotes and brackets, and drop each pair of adjacent quotes (an empty string, or
    # two strings with nothing but separators between them: either way what lies inside and
    # outside stays so). What lies between the few quotes left, every other piece, is in a string.
    unescaped = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    kept = unescaped.translate(_BRACKETS, _NOT_STRUCTURE).replace(b'""', b"")
    brackets = b"".join(kept.split(b'"')[::2]) if b'"' in kept else kept
    depth = 0
    while b"()" in brackets and depth <= limit:
        brackets = brackets.replace(b"()", b"")
        depth += 1
    return depth + brackets.count(b"(")


class RequestRefused(Exception):
    """A request the guard refuses, with the status and the error to send."""

    def __init__(self, status: int, error: HotlineRulesError) -> None:
        super().__init__(error.message_en)
        self.status = status
        self.error = error


def too_large(limit: int) -> RequestRefused:
    return RequestRefused(
        413,
        InputError(
            f"请求体超过 {limit} 字节",
            f"the request body is larger than {limit} bytes",
            code="request.too_large",
            hint_zh="把一批工单分成几次提交。",
            hint_en="send the batch in several requests.",
        ),
    )


def too_deep(limit: int) -> RequestRefused:
    return RequestRefused(
        400,
        InputError(
            f"请求体的 JSON 嵌套超过 {limit} 层",
            f"the request body's JSON is nested deeper than {limit} levels",
            code="request.too_deep",
        ),
    )


def timed_out(seconds: float) -> RequestRefused:
    return RequestRefused(
        503,
        InputError(
            f"请求未能在 {seconds:g} 秒内完成",
            f"the request did not finish within {seconds:g} seconds",
            code="request.timeout",
            hint_zh="减少一批工单的数量后重试。",
            hint_en="retry with fewer tickets per batch.",
        ),
    )


def error_body(decision_id: str, error: HotlineRulesError) -> bytes:
    """The JSON of an error answer: the CLI's ``{"error": ...}`` and the decision id."""
    return dumps({"decision_id": decision_id, "error": error.to_dict()})


def dumps(data: Any) -> bytes:
    """``data`` as UTF-8 JSON, Chinese readable; a lone surrogate (from a ``\\udc00`` escape in
    the request) is written back as the same escape, never a ``UnicodeEncodeError``.

    Written by pydantic-core (a few times faster than ``json.dumps``, the most of a large
    batch's answer); the same bytes as ``json.dumps(data, ensure_ascii=False)`` but for the
    exponent of a tiny float (``2.5e-7``, the same number). Text it cannot encode, a lone
    surrogate, goes the ``json.dumps`` way.
    """
    try:
        return pydantic_core.to_json(data)
    except pydantic_core.PydanticSerializationError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8", "backslashreplace"
        )


class Guard:
    """The ASGI middleware; see the module docstring."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        decision_id = str(uuid.uuid4())
        scope.setdefault("state", {})["decision_id"] = decision_id
        status = 0
        bytes_in = 0
        header = (b"x-decision-id", decision_id.encode())

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        async def refuse(refused: RequestRefused) -> None:
            body = error_body(decision_id, refused.error)
            await send_with_id(
                {
                    "type": "http.response.start",
                    "status": refused.status,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send_with_id({"type": "http.response.body", "body": body})

        try:
            with anyio.fail_after(self.settings.timeout_s):
                try:
                    body = await self._read_body(scope, receive)
                except RequestRefused as refused:
                    await refuse(refused)
                    return
                bytes_in = len(body)
                await self.app(scope, _replay(body, receive), send_with_id)
        except TimeoutError:
            if status == 0:
                await refuse(timed_out(self.settings.timeout_s))
        finally:
            _log(scope, status, bytes_in, began, decision_id)

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes:
        limit = self.settings.max_body_bytes
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > limit:
                    raise too_large(limit)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise too_large(limit)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body and json_depth(body, self.settings.max_depth) > self.settings.max_depth:
            raise too_deep(self.settings.max_depth)
        # a body without a surrogate escape holds no lone surrogate: readers may skip that search
        scope["state"]["surrogate_free"] = _SURROGATE_ESCAPE.search(body) is None
        scope["state"]["body_bytes"] = len(body)
        return body


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the body already read, then waits on the real one (disconnects)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _log(scope: Scope, status: int, bytes_in: int, began: float, decision_id: str) -> None:
    if not ACCESS_LOG.isEnabledFor(logging.INFO):
        return
    route = scope.get("route")
    ACCESS_LOG.info(
        json.dumps(
            {
                "ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "decision_id": decision_id,
                "method": scope.get("method"),
                # the route's template (/v1/profiles/{id}), not the path a client wrote
                "route": getattr(route, "path", None) or "(unmatched)",
                "status": status,
                "bytes_in": bytes_in,
                "ms": round((time.perf_counter() - began) * 1000, 2),
            },
            separators=(",", ":"),
        )
    )

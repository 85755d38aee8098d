"""Reading the body of ``POST /v1/check``: a clean batch in one pass, anything else as before.

FastAPI reads a body with ``json.loads`` and hands the handler Python data, which the ticket
model then validates item by item: two passes over every ticket, together costing about twice
what judging it does. A batch is read here instead by pydantic straight from the JSON bytes, every item as a
:class:`Ticket` when it is one (``Ticket | Any``, tried left to right, so an item the model
refuses stays as data, to be read again by the batch's reader and rejected alone with the CLI's
code and message).

Only the usual body takes this way: a batch whose JSON holds no surrogate escape (pydantic's
parser refuses a lone one, where ``json.loads`` keeps it for the reader to reject) and that the
request model accepts. Any other body, or any error, and the body is read as FastAPI reads it,
so its answer, good or bad, stays what it was. ``tests/test_service_check_body.py`` checks that
both ways give the same answer for any batch.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Annotated, Any

import anyio
from fastapi import Request
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import Field, TypeAdapter, ValidationError

from hotline_rules.engine.ticket import Ticket
from hotline_rules.service.models import CheckRequest

TicketOrData = Annotated[Ticket | Any, Field(union_mode="left_to_right")]
"""An item of a batch: a ticket when the model reads it, else the item as JSON data."""


class _BatchBody(CheckRequest):
    """The check request, its batch read into tickets (the schema stays ``CheckRequest``'s)."""

    tickets: list[TicketOrData] | None = None


_BATCH: TypeAdapter[_BatchBody] = TypeAdapter(_BatchBody)


def read_check_body(body: bytes, *, surrogate_free: bool) -> Any:
    """The body as the data FastAPI validates ``CheckRequest`` from.

    A batch: its members, the items of ``tickets`` already :class:`Ticket` where they can be.
    Anything else: ``json.loads(body)``, raising what it raises (FastAPI answers that as always).
    ``surrogate_free``: the body holds no ``\\ud800``-style escape (the guard's finding).
    """
    if surrogate_free and b'"tickets"' in body:
        try:
            read = _BATCH.validate_json(body)
        except ValidationError:
            pass  # the usual reading finds the same fault and says it as it always has
        else:
            if read.tickets is not None:
                return {name: getattr(read, name) for name in read.model_fields_set}
    return json.loads(body)


ON_LOOP_BYTES = 64 << 10
"""A body up to this size is read on the event loop (well under a millisecond); a larger one in
a worker thread, so that reading a batch of thousands (tens of milliseconds per thousand
tickets) never stalls the other requests, and the guard's timeout can still answer."""


class CheckBodyRequest(Request):
    """A request whose ``json()`` is :func:`read_check_body`."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            read = partial(
                read_check_body,
                body,
                surrogate_free=bool(self.scope.get("state", {}).get("surrogate_free", False)),
            )
            if len(body) <= ON_LOOP_BYTES:
                self._json = read()
            else:
                self._json = await anyio.to_thread.run_sync(read, abandon_on_cancel=True)
        return self._json


class CheckRoute(APIRoute):
    """The route of ``POST /v1/check``: its handler is given a :class:`CheckBodyRequest`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handler(request: Request) -> Response:
            return await handle(CheckBodyRequest(request.scope, request.receive))

        return handler


__all__ = ["ON_LOOP_BYTES", "CheckBodyRequest", "CheckRoute", "read_check_body"]

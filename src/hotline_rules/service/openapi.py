"""The OpenAPI document in version 3.0.3, the version Java client generators read well.

FastAPI writes 3.1 (JSON Schema 2020-12). Setting ``openapi_version`` is not enough: 3.1 writes
an optional value as ``anyOf: [X, {type: null}]``, which 3.0 has no word for, and generators
given 3.1 turn such unions into ``Object``. :func:`to_303` rewrites the schemas into 3.0's terms
(``nullable: true``, ``example``, ``enum`` for ``const``, no ``propertyNames``); the tests check
the result with openapi-spec-validator's 3.0 validator.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from hotline_rules.engine.ticket import Ticket
from hotline_rules.service.models import TICKET_MARK, TICKET_REF

if TYPE_CHECKING:
    from fastapi import FastAPI

_DROP = frozenset({"propertyNames", "$schema", "contentMediaType", "contentEncoding"})
_NULL = {"type": "null"}


def to_303(node: Any) -> Any:
    """A copy of a 3.1 schema (or any part of the document) in 3.0.3's terms."""
    if isinstance(node, list):
        return [to_303(x) for x in node]
    if not isinstance(node, dict):
        return node
    if node.get(TICKET_MARK):
        return {"$ref": TICKET_REF}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROP:
            continue
        if key == "examples" and isinstance(value, list) and _is_schema(node):
            if value:
                out["example"] = to_303(value[0])
            continue
        if key == "const":
            out["enum"] = [value]
            continue
        out[key] = to_303(value)
    for union in ("anyOf", "oneOf"):
        options = node.get(union)
        if isinstance(options, list) and _NULL in options:
            rest = [to_303(o) for o in options if o != _NULL]
            del out[union]
            out["nullable"] = True
            if len(rest) == 1:
                only = rest[0]
                if "$ref" in only:  # a sibling of $ref is ignored in 3.0: wrap it
                    out["allOf"] = [only]
                else:
                    out.update(only)
                    out["nullable"] = True
            elif rest:
                out[union] = rest
    if out.get("type") == "null":
        del out["type"]
        out["nullable"] = True
    return out


def _is_schema(node: dict[str, Any]) -> bool:
    """Whether ``node`` is a schema (its ``examples`` a list), not a media type or parameter
    (whose ``examples`` is a map of named examples in both versions)."""
    return "type" in node or "anyOf" in node or "$ref" in node or "items" in node


def ticket_schemas() -> dict[str, Any]:
    """``Ticket`` and ``Event`` as components, from the engine's own model."""
    schema = Ticket.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = schema.pop("$defs", {})
    name = TICKET_REF.rsplit("/", 1)[1]
    return {name: schema, **defs}


def openapi_303(app: FastAPI) -> dict[str, Any]:
    """The application's document in OpenAPI 3.0.3, with the ticket's schema in its components."""
    from fastapi.openapi.utils import get_openapi

    document = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        servers=[{"url": "http://127.0.0.1:8345"}],
    )
    document = copy.deepcopy(document)
    document.setdefault("components", {}).setdefault("schemas", {}).update(ticket_schemas())
    converted: dict[str, Any] = to_303(document)
    converted["openapi"] = "3.0.3"
    return converted


__all__ = ["openapi_303", "ticket_schemas", "to_303"]

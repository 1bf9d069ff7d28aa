"""Every route of the app, read from its router, and a minimal request body for each JSON
route built from the OpenAPI schema (required fields only, each its schema's first or
smallest allowed value), so the hardening tests reach the route's service rather than
stopping at validation."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

PARAM = re.compile(r"\{([a-z_]+)(?::[a-z]+)?\}")


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    route: APIRoute

    @property
    def params(self) -> list[str]:
        return PARAM.findall(self.path)

    def url(self, values: Mapping[str, object]) -> str:
        return PARAM.sub(lambda m: str(values[m.group(1)]), self.path)


def _walk(routes: Sequence[BaseRoute]) -> Iterator[APIRoute]:
    for r in routes:
        included = getattr(r, "original_router", None)  # FastAPI's included router
        if included is not None:
            yield from _walk(included.routes)
        elif isinstance(r, APIRoute):
            yield r


def endpoints(app: FastAPI) -> list[Endpoint]:
    found = {
        (m, r.path): Endpoint(m, r.path, r)
        for r in _walk(app.router.routes)
        for m in sorted(r.methods or ())
        if m != "HEAD"
    }
    return sorted(found.values(), key=lambda e: (e.path, e.method))


def required_query(endpoint: Endpoint) -> list[str]:
    return [p.name for p in endpoint.route.dependant.query_params if p.field_info.is_required()]


def json_body(openapi: dict[str, Any], endpoint: Endpoint) -> Any:
    op = openapi["paths"].get(endpoint.path, {}).get(endpoint.method.lower(), {})
    content = op.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    return None if schema is None else minimal(openapi, schema)


def minimal(openapi: dict[str, Any], schema: dict[str, Any]) -> Any:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return minimal(openapi, openapi["components"]["schemas"][name])
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return minimal(openapi, options[0]) if options else None
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: minimal(openapi, props[k]) for k in schema.get("required", [])}
    if kind == "array":
        item = minimal(openapi, schema.get("items", {}))
        return [item] * max(1, schema.get("minItems", 1))
    if kind == "integer":
        return int(schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1))
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return False
    formats = {"date": "2026-03-01", "date-time": "2026-03-01T09:00:00Z", "email": "a@b.test"}
    return formats.get(schema.get("format", ""), "x" * max(1, schema.get("minLength", 1)))
